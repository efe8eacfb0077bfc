//! A memtable's bloom filter: a point read skips a memtable that cannot hold its key without
//! taking the map's lock or searching it (a miss in a large `BTreeMap` chases a pointer per
//! comparison). Sized once from the memtable's rotation size, at 1/128 of it: about ten bits
//! per key for entries of 170 bytes; smaller entries only raise the false-positive rate.
//!
//! Concurrency: one writer at a time inserts (the commit leader under the engine's writer
//! lock, or recovery before the engine is shared), so a word is updated by a load and a store,
//! not a read-modify-write. Readers load words with `Relaxed`: a reader needs only the bits of
//! versions visible at its snapshot, which were stored before the engine published that
//! sequence number with `Release` (read with `Acquire` when the snapshot was taken).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::bloom::{Probe, BLOCK_BYTES, BLOCK_WORDS};

pub struct Filter {
    words: Box<[AtomicU64]>,
    blocks: usize,
}

impl Filter {
    /// A filter for a memtable rotated at `memtable_size` bytes.
    pub fn new(memtable_size: usize) -> Filter {
        let blocks = (memtable_size / 128).div_ceil(BLOCK_BYTES).max(1);
        Filter {
            words: (0..blocks * BLOCK_WORDS)
                .map(|_| AtomicU64::new(0))
                .collect(),
            blocks,
        }
    }

    /// Records a key by its hash. Only the single writer calls this (see the module notes).
    pub fn insert(&self, hash: u64) {
        let probe = Probe::new(hash, self.blocks);
        for (i, &mask) in probe.masks.iter().enumerate() {
            let word = &self.words[probe.block * BLOCK_WORDS + i];
            let old = word.load(Ordering::Relaxed);
            if old & mask != mask {
                word.store(old | mask, Ordering::Relaxed);
            }
        }
    }

    /// False only if no key with this hash was inserted.
    pub fn may_contain(&self, hash: u64) -> bool {
        Probe::new(hash, self.blocks).all_set(|w| self.words[w].load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::key_hash;

    #[test]
    fn finds_every_inserted_key() {
        let f = Filter::new(64 << 10);
        let keys: Vec<u64> = (0..600u32).map(|i| key_hash(&i.to_le_bytes())).collect();
        assert!(keys.iter().all(|&h| !f.may_contain(h)));
        keys.iter().for_each(|&h| f.insert(h));
        assert!(keys.iter().all(|&h| f.may_contain(h)));
    }

    #[test]
    fn a_tiny_memtable_still_gets_a_block() {
        let f = Filter::new(0);
        f.insert(key_hash(b"k"));
        assert!(f.may_contain(key_hash(b"k")));
    }
}
