//! Writes one block; see the module documentation for the layout.

use super::{bucket_of, BUCKETS_PER_KEY, EMPTY_BUCKET, HASH_INDEX_FLAG, RESTART_INTERVAL};
use crate::codec::put_varint;
use crate::key::mismatch;
use crate::SeqNo;

// The hash index names the restart point where each key's first entry starts, so every entry
// must be one.
const _: () = assert!(RESTART_INTERVAL == 1);

/// Accumulates one block.
#[derive(Default)]
pub struct BlockBuilder {
    buf: Vec<u8>,
    restarts: Vec<u32>,
    last_key: Vec<u8>,
    count: usize,
    /// For the hash index: each distinct user key's hash and the restart point (index) of
    /// its first entry in the block. Empty in index blocks.
    hashed: Vec<(u64, usize)>,
}

impl BlockBuilder {
    /// Adds an entry; entries must come in internal order.
    pub fn add(&mut self, key: &[u8], seq: SeqNo, value: Option<&[u8]>) {
        let shared = if self.count.is_multiple_of(RESTART_INTERVAL) {
            self.restarts.push(self.buf.len() as u32);
            0
        } else {
            mismatch(&self.last_key, key)
        };
        put_varint(&mut self.buf, shared as u64);
        put_varint(&mut self.buf, (key.len() - shared) as u64);
        put_varint(&mut self.buf, value.map_or(0, |v| v.len() as u64 + 1));
        self.buf.extend_from_slice(&key[shared..]);
        self.buf.extend_from_slice(&seq.to_le_bytes());
        if let Some(v) = value {
            self.buf.extend_from_slice(v);
        }
        self.last_key.clear();
        self.last_key.extend_from_slice(key);
        self.count += 1;
    }

    /// Adds an entry of a data block, indexed for point reads under `hash = xxh3_64(key)`.
    pub fn add_hashed(&mut self, key: &[u8], hash: u64, seq: SeqNo, value: Option<&[u8]>) {
        let new_key = self.count == 0 || self.last_key != key;
        self.add(key, seq, value);
        if new_key {
            self.hashed.push((hash, self.restarts.len() - 1));
        }
    }

    /// Encoded size so far.
    pub fn size(&self) -> usize {
        self.buf.len() + 4 * self.restarts.len() + 4 + self.hash_index_len()
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Hash-index buckets the block will have (more than its keys): none in index blocks and
    /// in blocks with more restart points than a bucket can name.
    fn buckets(&self) -> usize {
        if self.restarts.len() > usize::from(EMPTY_BUCKET) {
            return 0;
        }
        self.hashed.len() * BUCKETS_PER_KEY
    }

    fn hash_index_len(&self) -> usize {
        match self.buckets() {
            0 => 0,
            n => n + 2,
        }
    }

    /// Appends the finished block to `out` and resets the builder.
    pub fn finish_into(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf);
        for r in &self.restarts {
            out.extend_from_slice(&r.to_le_bytes());
        }
        let mut word = self.restarts.len() as u32;
        let buckets = self.buckets();
        if buckets > 0 {
            self.write_hash_index(buckets, out);
            word |= HASH_INDEX_FLAG;
        }
        out.extend_from_slice(&word.to_le_bytes());
        self.buf.clear();
        self.restarts.clear();
        self.last_key.clear();
        self.hashed.clear();
        self.count = 0;
    }

    fn write_hash_index(&self, n: usize, out: &mut Vec<u8>) {
        let mut buckets = vec![EMPTY_BUCKET; n];
        for &(hash, restart) in &self.hashed {
            // `n` exceeds the number of keys, so a free bucket is always found.
            let mut b = bucket_of(hash, n);
            while buckets[b] != EMPTY_BUCKET {
                b = if b + 1 == n { 0 } else { b + 1 };
            }
            buckets[b] = restart as u8;
        }
        out.extend_from_slice(&buckets);
        out.extend_from_slice(&(n as u16).to_le_bytes());
    }
}
