//! Request ids shaped like DynamoDB's: 52 characters of `[0-9A-Z]`.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

pub const LEN: usize = 52;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";
/// Base-32 characters drawn from one u64.
const PER_WORD: usize = 12;

/// A fresh id: unique per process (a counter) and unpredictable across processes (a randomly
/// keyed SipHash of the counter, stretched by SplitMix64 steps, which are bijections: one
/// SipHash per id instead of one per lane). Each u64 yields 12 base-32 characters.
pub fn next() -> [u8; LEN] {
    static KEY: OnceLock<RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let key = KEY.get_or_init(RandomState::new);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut id = [0u8; LEN];
    let mut state = key.hash_one(n);
    for lane in id.chunks_mut(PER_WORD) {
        let mut bits = splitmix64(&mut state);
        for c in lane {
            *c = ALPHABET[(bits & 31) as usize];
            bits >>= 5;
        }
    }
    id
}

/// One step of SplitMix64 (Steele, Lea, Flood 2014).
fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_52_uppercase_alphanumerics_and_distinct() {
        let a = super::next();
        let b = super::next();
        assert!(a
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
