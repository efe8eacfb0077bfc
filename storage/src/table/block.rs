//! Data and index blocks: prefix-compressed entries with restart points.
//!
//! Entry: `shared varint | unshared varint | vtag varint | key[unshared] | seq u64 LE | value`,
//! where `shared` bytes of the key are taken from the previous entry's key and `vtag` is 0 for
//! a tombstone or `value_len + 1`. Every `RESTART_INTERVAL`th entry stores its whole key
//! (`shared = 0`) and its offset is listed in the trailer: `restart u32 LE * n | n u32 LE`.

use crate::codec::{put_varint, Reader};
use crate::key::{cmp_internal, Entry};
use crate::SeqNo;
use bytes::Bytes;
use std::cmp::Ordering;

/// Entries per restart point. A point read decodes up to this many entries after its binary
/// search over restarts; table keys start with a hash, so longer runs would share almost no
/// prefix anyway and 4 costs about one byte per entry.
const RESTART_INTERVAL: usize = 4;

/// Accumulates one block.
#[derive(Default)]
pub struct BlockBuilder {
    buf: Vec<u8>,
    restarts: Vec<u32>,
    last_key: Vec<u8>,
    count: usize,
}

impl BlockBuilder {
    /// Adds an entry; entries must come in internal order.
    pub fn add(&mut self, key: &[u8], seq: SeqNo, value: Option<&[u8]>) {
        let shared = if self.count.is_multiple_of(RESTART_INTERVAL) {
            self.restarts.push(self.buf.len() as u32);
            0
        } else {
            common_prefix(&self.last_key, key)
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

    /// Encoded size so far.
    pub fn size(&self) -> usize {
        self.buf.len() + 4 * self.restarts.len() + 4
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Appends the finished block to `out` and resets the builder.
    pub fn finish_into(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.buf);
        for r in &self.restarts {
            out.extend_from_slice(&r.to_le_bytes());
        }
        out.extend_from_slice(&(self.restarts.len() as u32).to_le_bytes());
        self.buf.clear();
        self.restarts.clear();
        self.last_key.clear();
        self.count = 0;
    }
}

fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

/// A parsed, checksum-verified block.
pub struct Block {
    data: Bytes,
    /// Offset of the restart array; entries occupy `data[..restarts_at]`.
    restarts_at: usize,
    n_restarts: usize,
}

/// One decoded entry position: the key is in the caller's buffer.
struct Decoded {
    seq: SeqNo,
    /// Value range in `data`, or `None` for a tombstone.
    value: Option<(usize, usize)>,
    next: usize,
}

/// One entry as stored: its key is `shared` bytes of the previous key, then `suffix`.
struct Raw<'a> {
    shared: usize,
    suffix: &'a [u8],
    entry: Decoded,
}

impl Block {
    pub fn parse(data: Bytes) -> Result<Block, &'static str> {
        let len = data.len();
        if len < 4 {
            return Err("block too short");
        }
        let n = u32::from_le_bytes([data[len - 4], data[len - 3], data[len - 2], data[len - 1]]);
        let n_restarts = n as usize;
        let restarts_at = n_restarts
            .checked_mul(4)
            .and_then(|b| (len - 4).checked_sub(b))
            .ok_or("restart array out of bounds")?;
        let block = Block {
            data,
            restarts_at,
            n_restarts,
        };
        for i in 0..n_restarts {
            if block.restart(i) >= restarts_at {
                return Err("restart point out of bounds");
            }
        }
        Ok(block)
    }

    fn restart(&self, i: usize) -> usize {
        let at = self.restarts_at + 4 * i;
        let b = &self.data[at..at + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
    }

    /// Decodes the entry at `pos`, rebuilding its key in `key` from the previous one.
    fn decode_at(&self, pos: usize, key: &mut Vec<u8>) -> Result<Decoded, &'static str> {
        let raw = self.raw_at(pos)?;
        if raw.shared > key.len() {
            return Err("shared prefix longer than previous key");
        }
        key.truncate(raw.shared);
        key.extend_from_slice(raw.suffix);
        Ok(raw.entry)
    }

    /// The whole key and sequence number of restart point `i`, read in place.
    fn restart_key(&self, i: usize) -> Result<(&[u8], SeqNo), &'static str> {
        let raw = self.raw_at(self.restart(i))?;
        if raw.shared != 0 {
            return Err("shared prefix longer than previous key");
        }
        Ok((raw.suffix, raw.entry.seq))
    }

    fn raw_at(&self, pos: usize) -> Result<Raw<'_>, &'static str> {
        let mut r = Reader::new(&self.data[pos..self.restarts_at]);
        let shared = r.len()?;
        let unshared = r.len()?;
        let vtag = r.len()?;
        let suffix = r.bytes(unshared)?;
        let seq = r.u64()?;
        let value = match vtag {
            0 => None,
            n => {
                let start = pos + r.pos();
                r.bytes(n - 1)?;
                Some((start, pos + r.pos()))
            }
        };
        Ok(Raw {
            shared,
            suffix,
            entry: Decoded {
                seq,
                value,
                next: pos + r.pos(),
            },
        })
    }

    /// The newest version of `user` with a sequence number `<= snap`, if this block holds it.
    pub fn get(
        &self,
        user: &[u8],
        snap: SeqNo,
    ) -> Result<Option<(SeqNo, Option<Bytes>)>, &'static str> {
        let mut pos = self.seek_restart(user, snap)?;
        let mut key = Vec::with_capacity(user.len() + 16);
        while pos < self.restarts_at {
            let d = self.decode_at(pos, &mut key)?;
            match cmp_internal(&key, d.seq, user, snap) {
                Ordering::Less => pos = d.next,
                _ if key == user => return Ok(Some((d.seq, self.value(d.value)))),
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    /// Offset of the last restart point whose key sorts before `(user, snap)`, or 0.
    fn seek_restart(&self, user: &[u8], snap: SeqNo) -> Result<usize, &'static str> {
        let (mut lo, mut hi) = (0, self.n_restarts);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (key, seq) = self.restart_key(mid)?;
            if cmp_internal(key, seq, user, snap) == Ordering::Less {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        Ok(if lo == 0 { 0 } else { self.restart(lo - 1) })
    }

    fn value(&self, range: Option<(usize, usize)>) -> Option<Bytes> {
        range.map(|(a, b)| self.data.slice(a..b))
    }

    /// Appends every entry, in order, to `out`. The keys of the block are rebuilt into one
    /// buffer that they share (one allocation per block, not per key).
    pub fn entries(&self, out: &mut Vec<Entry>) -> Result<(), &'static str> {
        let first = out.len();
        let mut key = Vec::new();
        let mut keys = Vec::with_capacity(self.restarts_at);
        let mut ends = Vec::new();
        let mut pos = 0;
        while pos < self.restarts_at {
            let d = self.decode_at(pos, &mut key)?;
            keys.extend_from_slice(&key);
            ends.push(keys.len());
            out.push(Entry {
                key: Bytes::new(),
                seq: d.seq,
                value: self.value(d.value),
            });
            pos = d.next;
        }
        let keys = Bytes::from(keys);
        let mut start = 0;
        for (e, end) in out[first..].iter_mut().zip(ends) {
            e.key = keys.slice(start..end);
            start = end;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(entries: &[(&str, SeqNo, Option<&str>)]) -> Bytes {
        let mut b = BlockBuilder::default();
        for (k, s, v) in entries {
            b.add(k.as_bytes(), *s, v.map(str::as_bytes));
        }
        let mut out = Vec::new();
        b.finish_into(&mut out);
        Bytes::from(out)
    }

    #[test]
    fn round_trip_and_get() {
        let keys: Vec<String> = (0..100).map(|i| format!("key{i:03}")).collect();
        let mut entries: Vec<(&str, SeqNo, Option<&str>)> = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            entries.push((k, 10, Some("new")));
            entries.push((k, 5, if i % 2 == 0 { None } else { Some("old") }));
        }
        let block = Block::parse(build(&entries)).unwrap();
        let mut all = Vec::new();
        block.entries(&mut all).unwrap();
        assert_eq!(all.len(), 200);
        assert_eq!(&all[3].key[..], b"key001");
        let get = |k: &str, s| block.get(k.as_bytes(), s).unwrap();
        assert_eq!(
            get("key050", 20),
            Some((10, Some(Bytes::from_static(b"new"))))
        );
        assert_eq!(get("key050", 7), Some((5, None)));
        assert_eq!(
            get("key051", 7),
            Some((5, Some(Bytes::from_static(b"old"))))
        );
        assert_eq!(get("key050", 4), None);
        assert_eq!(get("key0505", 20), None);
        assert_eq!(get("a", 20), None);
        assert_eq!(get("z", 20), None);
    }

    #[test]
    fn corrupt_blocks_fail_cleanly() {
        let data = build(&[("a", 1, Some("x")), ("ab", 2, None), ("b", 3, Some("yy"))]);
        for cut in 0..data.len() {
            if let Ok(b) = Block::parse(data.slice(..cut)) {
                let _ = b.entries(&mut Vec::new());
                let _ = b.get(b"ab", 9);
            }
        }
        for i in 0..data.len() {
            let mut bad = data.to_vec();
            bad[i] ^= 0xa5;
            if let Ok(b) = Block::parse(Bytes::from(bad)) {
                let _ = b.entries(&mut Vec::new());
                let _ = b.get(b"b", 9);
            }
        }
    }
}
