//! Blocked bloom filters: a key sets [`BITS`] bits inside one 64-byte block, so a probe reads
//! one cache line and divides by nothing. Shared by the memtable filter and the SST filter of
//! format 3, which store the blocks differently (atomic words, file bytes) but place bits by
//! the same [`Probe`].

/// Bits set per key; with about ten bits per key this keeps false positives near 1%.
pub const BITS: u32 = 6;

/// 64-bit words per block (one cache line).
pub const BLOCK_WORDS: usize = 8;

/// Bytes per block.
pub const BLOCK_BYTES: usize = BLOCK_WORDS * 8;

/// Where one key's bits lie: a block, and the mask of each of its words.
pub struct Probe {
    pub block: usize,
    pub masks: [u64; BLOCK_WORDS],
}

impl Probe {
    /// The bits of a key hashed to `hash` in a filter of `blocks` blocks (at least one). The
    /// block comes from the hash's high half (multiply-shift, no division); the bit positions
    /// from the hash remixed, nine bits each, so they do not repeat the block choice.
    pub fn new(hash: u64, blocks: usize) -> Probe {
        debug_assert!(blocks > 0 && blocks <= u32::MAX as usize);
        let block = (((hash >> 32) * blocks as u64) >> 32) as usize;
        let mixed = hash.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut masks = [0u64; BLOCK_WORDS];
        for i in 0..BITS {
            let bit = (mixed >> (64 - 9 * (i + 1))) & 511;
            masks[(bit >> 6) as usize] |= 1 << (bit & 63);
        }
        Probe { block, masks }
    }

    /// Whether every bit of this probe is set, reading the block's words through `word`.
    pub fn all_set(&self, mut word: impl FnMut(usize) -> u64) -> bool {
        self.masks
            .iter()
            .enumerate()
            .all(|(i, &m)| m == 0 || word(self.block * BLOCK_WORDS + i) & m == m)
    }
}

/// The number of blocks giving about `bits_per_key` bits to each of `keys` keys.
pub fn blocks_for(keys: usize, bits_per_key: usize) -> usize {
    (keys * bits_per_key).div_ceil(BLOCK_BYTES * 8).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(keys: impl Iterator<Item = u64>, blocks: usize) -> Vec<u64> {
        let mut words = vec![0u64; blocks * BLOCK_WORDS];
        for h in keys {
            let p = Probe::new(h, blocks);
            for (i, m) in p.masks.iter().enumerate() {
                words[p.block * BLOCK_WORDS + i] |= m;
            }
        }
        words
    }

    #[test]
    fn sets_six_bits_in_one_block() {
        for h in [0, 1, u64::MAX, 0x1234_5678_9abc_def0] {
            let p = Probe::new(h, 7);
            assert!(p.block < 7);
            let ones: u32 = p.masks.iter().map(|m| m.count_ones()).sum();
            assert!((1..=BITS).contains(&ones));
        }
    }

    #[test]
    fn no_false_negatives_and_about_one_percent_false_positives() {
        let hash = |i: u32| xxhash_rust::xxh3::xxh3_64(&i.to_be_bytes());
        let blocks = blocks_for(10_000, 10);
        let words = filter((0..10_000).map(hash), blocks);
        let contains = |h| Probe::new(h, blocks).all_set(|w| words[w]);
        assert!((0..10_000).map(hash).all(contains));
        let fp = (10_000..110_000).map(hash).filter(|&h| contains(h)).count();
        assert!(fp < 2_500, "false positives: {fp} of 100000");
    }
}
