//! Request ids shaped like DynamoDB's: 52 characters of `[0-9A-Z]`.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;

const LEN: usize = 52;
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";

/// A fresh id: unique per process (a counter) and unpredictable across processes (a randomly
/// keyed SipHash of the counter). Each u64 yields 12 base-32 characters.
pub fn next() -> String {
    static KEY: OnceLock<RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let key = KEY.get_or_init(RandomState::new);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut id = String::with_capacity(LEN + 12);
    for lane in 0..LEN.div_ceil(12) as u64 {
        let mut bits = key.hash_one((n, lane));
        for _ in 0..12 {
            id.push(ALPHABET[(bits & 31) as usize] as char);
            bits >>= 5;
        }
    }
    id.truncate(LEN);
    id
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_52_uppercase_alphanumerics_and_distinct() {
        let a = super::next();
        let b = super::next();
        assert_eq!(a.len(), 52);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
