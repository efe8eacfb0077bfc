//! Deterministic keys, values and random numbers shared by every workload.

/// Key length of the engine workloads, in bytes.
pub const KEY_LEN: usize = 16;

/// SplitMix64: tiny, fast and good enough to pick keys; deterministic per seed so both engines
/// of a comparison see the same sequence.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is negligible for benchmark key spaces.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// The 16-byte key of index `i`: big-endian so that key order equals index order
/// (sequential fills are sequential for the engine too). The upper 8 bytes are a fixed tag.
pub fn key(i: u64) -> [u8; KEY_LEN] {
    let mut k = [0u8; KEY_LEN];
    k[..8].copy_from_slice(b"dynakv:k");
    k[8..].copy_from_slice(&i.to_be_bytes());
    k
}

/// A key that sorts between `key(i)` and `key(i + 1)`, so it is never present (a miss) yet falls
/// inside the key range, where bloom filters are what saves the lookup.
pub fn missing_key(i: u64) -> [u8; KEY_LEN + 1] {
    let mut k = [0u8; KEY_LEN + 1];
    k[..KEY_LEN].copy_from_slice(&key(i));
    k[KEY_LEN] = 0xFF;
    k
}

/// A value of `len` bytes derived from `i` (not all zero, so compression cannot cheat much).
pub fn value(i: u64, len: usize) -> Vec<u8> {
    let mut rng = Rng::new(i);
    let mut v = Vec::with_capacity(len + 8);
    while v.len() < len {
        v.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    v.truncate(len);
    v
}

/// A random permutation of `0..n` (Fisher-Yates), for random fills that write every key once.
pub fn shuffled(n: u64, seed: u64) -> Vec<u64> {
    let mut rng = Rng::new(seed);
    let mut v: Vec<u64> = (0..n).collect();
    for i in (1..v.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        v.swap(i, j);
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_like_their_index_and_misses_fall_between() {
        assert!(key(1) < key(2));
        assert!(key(255) < key(256));
        assert!(key(7).as_slice() < missing_key(7).as_slice());
        assert!(missing_key(7).as_slice() < key(8).as_slice());
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut v = shuffled(1000, 3);
        assert_ne!(v, (0..1000).collect::<Vec<_>>());
        v.sort_unstable();
        assert_eq!(v, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn values_have_the_requested_length_and_differ() {
        assert_eq!(value(1, 100).len(), 100);
        assert_ne!(value(1, 100), value(2, 100));
    }
}
