//! Striped item locks: every read-check-write of an item holds the stripe of its key, so
//! conditional writes and ADD counters on one item are serialized without a lock per item.

use parking_lot::{Mutex, MutexGuard};

/// Number of stripes; a power of two well above the number of concurrent writers.
const STRIPES: usize = 4096;

/// A fixed array of mutexes indexed by a hash of (table, key).
pub struct KeyLocks {
    stripes: Box<[Mutex<()>]>,
}

impl Default for KeyLocks {
    fn default() -> Self {
        KeyLocks {
            stripes: (0..STRIPES).map(|_| Mutex::new(())).collect(),
        }
    }
}

impl KeyLocks {
    /// The stripe of `key` in the table with id `table_id`.
    pub fn stripe(table_id: &str, key: &[u8]) -> usize {
        let table = xxhash_rust::xxh3::xxh3_64(table_id.as_bytes());
        let key = xxhash_rust::xxh3::xxh3_64_with_seed(key, table);
        (key as usize) & (STRIPES - 1)
    }

    /// Locks one item.
    pub fn lock(&self, table_id: &str, key: &[u8]) -> MutexGuard<'_, ()> {
        self.stripes[Self::stripe(table_id, key)].lock()
    }

    /// Locks every stripe: no item write runs until the guards drop (index backfill).
    pub fn lock_all(&self) -> Vec<MutexGuard<'_, ()>> {
        self.stripes.iter().map(|m| m.lock()).collect()
    }

    /// Locks several stripes in ascending order (so two multi-item writers cannot deadlock).
    pub fn lock_stripes(&self, mut stripes: Vec<usize>) -> Vec<MutexGuard<'_, ()>> {
        stripes.sort_unstable();
        stripes.dedup();
        stripes
            .into_iter()
            .map(|i| self.stripes[i].lock())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stripes_are_stable_and_table_scoped() {
        assert_eq!(KeyLocks::stripe("t1", b"k"), KeyLocks::stripe("t1", b"k"));
        let differs =
            (0..64u8).any(|i| KeyLocks::stripe("t1", &[i]) != KeyLocks::stripe("t2", &[i]));
        assert!(differs);
    }

    #[test]
    fn many_stripes_lock_in_order_without_deadlock() {
        let locks = KeyLocks::default();
        let guards = locks.lock_stripes(vec![5, 1, 5, 3]);
        assert_eq!(guards.len(), 3);
    }
}
