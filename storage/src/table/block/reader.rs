//! Reads blocks in place; see the module documentation for the layout.

use super::{bucket_of, EMPTY_BUCKET, HASH_INDEX_FLAG};
use crate::codec::Reader;
use crate::key::{cmp_internal, mismatch, Bounds, Entry, MAX_SEQ};
use crate::SeqNo;
use bytes::Bytes;
use std::cmp::Ordering;
use std::ops::{Bound, Range};

/// A parsed block, read in place from its table's buffer: a point read touches no reference
/// count, and values are handed out as shares of that buffer.
pub struct Block<'a> {
    file: &'a Bytes,
    /// Offset of the block in `file`.
    base: usize,
    /// The block: `file[base..base + len]`.
    data: &'a [u8],
    /// Offset of the restart array; entries occupy `data[..restarts_at]`.
    restarts_at: usize,
    n_restarts: usize,
    /// The hash index's buckets; empty if the block has none.
    buckets: &'a [u8],
}

/// One entry as stored: its key is `shared` bytes of the previous key, then `suffix`.
struct Raw<'a> {
    shared: usize,
    suffix: &'a [u8],
    seq: SeqNo,
    /// Value range in the block, or `None` for a tombstone.
    value: Option<(usize, usize)>,
    /// Offset of the next entry.
    next: usize,
}

impl<'a> Block<'a> {
    /// The block at `range` of `file` (whose checksum the caller has verified).
    pub fn parse(file: &'a Bytes, range: Range<usize>) -> Result<Block<'a>, &'static str> {
        let base = range.start;
        let data = file.get(range).ok_or("block out of bounds")?;
        let (rest, word) = data.split_last_chunk::<4>().ok_or("block too short")?;
        let word = u32::from_le_bytes(*word);
        let (rest, buckets) = if word & HASH_INDEX_FLAG != 0 {
            split_hash_index(rest)?
        } else {
            (rest, &[][..])
        };
        let n_restarts = (word & !HASH_INDEX_FLAG) as usize;
        let restarts_at = n_restarts
            .checked_mul(4)
            .and_then(|b| rest.len().checked_sub(b))
            .ok_or("restart array out of bounds")?;
        Ok(Block {
            file,
            base,
            data,
            restarts_at,
            n_restarts,
            buckets,
        })
    }

    /// Offset of restart point `i < n_restarts`, checked to lie among the entries.
    fn restart(&self, i: usize) -> Result<usize, &'static str> {
        let at = self.restarts_at + 4 * i;
        let b = &self.data[at..at + 4];
        let offset = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        if offset >= self.restarts_at {
            return Err("restart point out of bounds");
        }
        Ok(offset)
    }

    /// Decodes the entry at `pos`, rebuilding its key in `key` from the previous one.
    fn decode_at(&self, pos: usize, key: &mut Vec<u8>) -> Result<Raw<'a>, &'static str> {
        let raw = self.raw_at(pos)?;
        if raw.shared > key.len() {
            return Err("shared prefix longer than previous key");
        }
        key.truncate(raw.shared);
        key.extend_from_slice(raw.suffix);
        Ok(raw)
    }

    /// The whole key and sequence number of restart point `i`, read in place.
    fn restart_key(&self, i: usize) -> Result<(&'a [u8], SeqNo), &'static str> {
        let raw = self.raw_at(self.restart(i)?)?;
        if raw.shared != 0 {
            return Err("shared prefix longer than previous key");
        }
        Ok((raw.suffix, raw.seq))
    }

    /// The entry at `pos < restarts_at`.
    fn raw_at(&self, pos: usize) -> Result<Raw<'a>, &'static str> {
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
            seq,
            value,
            next: pos + r.pos(),
        })
    }

    /// The newest version of `user` with a sequence number `<= snap`, if this block holds it;
    /// `hash` is `xxh3_64(user)`.
    pub fn get(
        &self,
        user: &[u8],
        snap: SeqNo,
        hash: u64,
    ) -> Result<Option<(SeqNo, Option<Bytes>)>, &'static str> {
        let first = if self.buckets.is_empty() {
            let pos = self.seek_restart(user, snap)?;
            if pos >= self.restarts_at {
                return Ok(None);
            }
            self.raw_at(pos)?
        } else {
            match self.find_hashed(user, hash)? {
                Some(raw) => raw,
                None => return Ok(None),
            }
        };
        self.scan(first, user, snap)
    }

    /// Scans forward from `raw`, a restart point at or before the first entry of `user`, to
    /// the first version of `user` with a sequence number `<= snap`.
    fn scan(
        &self,
        mut raw: Raw<'a>,
        user: &[u8],
        snap: SeqNo,
    ) -> Result<Option<(SeqNo, Option<Bytes>)>, &'static str> {
        let mut probe = Probe::new(user);
        loop {
            match probe.order(&raw)? {
                Ordering::Less => {}
                Ordering::Equal if raw.seq > snap => {}
                Ordering::Equal => return Ok(Some((raw.seq, self.value(raw.value)))),
                Ordering::Greater => return Ok(None),
            }
            if raw.next >= self.restarts_at {
                return Ok(None);
            }
            raw = self.raw_at(raw.next)?;
        }
    }

    /// The first entry of `user` in the block, found through the hash index (linear probing
    /// from its bucket to the first empty one); `None` if the block does not hold `user`.
    fn find_hashed(&self, user: &[u8], hash: u64) -> Result<Option<Raw<'a>>, &'static str> {
        let n = self.buckets.len();
        let mut b = bucket_of(hash, n);
        // Every bucket is visited at most once, even in a block whose buckets are all full.
        for _ in 0..n {
            let r = usize::from(self.buckets[b]);
            if r == usize::from(EMPTY_BUCKET) {
                return Ok(None);
            }
            if r >= self.n_restarts {
                return Err("hash bucket names no restart point");
            }
            let raw = self.raw_at(self.restart(r)?)?;
            if raw.shared != 0 {
                return Err("shared prefix longer than previous key");
            }
            if raw.suffix == user {
                return Ok(Some(raw));
            }
            b = if b + 1 == n { 0 } else { b + 1 };
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
        if lo == 0 {
            Ok(0)
        } else {
            self.restart(lo - 1)
        }
    }

    fn value(&self, range: Option<(usize, usize)>) -> Option<Bytes> {
        range.map(|(a, b)| self.file.slice(self.base + a..self.base + b))
    }

    /// Appends every entry, in order, to `out`. The keys of the block are rebuilt into one
    /// buffer that they share (one allocation per block, not per key).
    pub fn entries(&self, out: &mut Vec<Entry>) -> Result<(), &'static str> {
        self.entries_in(&Bounds::all(), out).map(drop)
    }

    /// Appends the entries inside `bounds`, in order, to `out`, like [`Block::entries`]:
    /// decoding starts at the last restart point before the lower bound and stops at the first
    /// key above the upper one, so a scan reads only what it returns (a Query of one partition
    /// touches a few entries of each table, not whole blocks). Returns which ends of the block
    /// lie outside the (non-empty) bounds: `(below_lower, above_upper)`, each true when the
    /// block holds a key beyond that bound.
    pub fn entries_in(
        &self,
        bounds: &Bounds,
        out: &mut Vec<Entry>,
    ) -> Result<(bool, bool), &'static str> {
        let first = out.len();
        let mut pos = match &bounds.lower {
            Bound::Included(l) | Bound::Excluded(l) => self.seek_restart(l, MAX_SEQ)?,
            Bound::Unbounded => 0,
        };
        let (mut below, mut above) = (pos > 0, false);
        let mut key = Vec::new();
        let mut keys = Vec::new();
        let mut ends = Vec::new();
        while pos < self.restarts_at {
            let at = pos;
            let d = self.decode_at(pos, &mut key)?;
            pos = d.next;
            if bounds.below_lower(&key) {
                below = true;
                continue;
            }
            if bounds.above_upper(&key) {
                above = true;
                break;
            }
            if keys.is_empty() {
                // Sized once, at the rest of the block's entry bytes, as the whole-block decode
                // of compactions always was, rather than grown key by key; a scan that
                // returns nothing allocates nothing.
                keys.reserve(self.restarts_at - at);
            }
            keys.extend_from_slice(&key);
            ends.push(keys.len());
            out.push(Entry {
                key: Bytes::new(),
                seq: d.seq,
                value: self.value(d.value),
            });
        }
        let keys = Bytes::from(keys);
        let mut start = 0;
        for (e, end) in out[first..].iter_mut().zip(ends) {
            e.key = keys.slice(start..end);
            start = end;
        }
        Ok((below, above))
    }
}

/// Splits the hash index (`bucket u8 * b | b u16 LE`) off the end of `rest`.
fn split_hash_index(rest: &[u8]) -> Result<(&[u8], &[u8]), &'static str> {
    let (rest, n) = rest
        .split_last_chunk::<2>()
        .ok_or("hash index out of bounds")?;
    let n = usize::from(u16::from_le_bytes(*n));
    let at = rest
        .len()
        .checked_sub(n)
        .ok_or("hash index out of bounds")?;
    if n == 0 {
        return Err("hash index without buckets");
    }
    Ok(rest.split_at(at))
}

/// Orders a run of a block's entries against one target key without rebuilding their keys.
/// An entry's key is `shared` bytes of the previous key, then its suffix; while `shared` does
/// not reach the first byte where the previous key left the target, the entry agrees with the
/// target up to `shared` and only its suffix needs comparing; past it, the entry differs from
/// the target at the same byte, in the same direction, as the previous key did.
struct Probe<'k> {
    target: &'k [u8],
    /// Length of the previous key (0 before the first entry, which must be a restart point).
    prev_len: usize,
    /// Length of the common prefix of the previous key and the target.
    common: usize,
    /// The previous key's order against the target.
    order: Ordering,
}

impl<'k> Probe<'k> {
    fn new(target: &'k [u8]) -> Probe<'k> {
        Probe {
            target,
            prev_len: 0,
            common: 0,
            order: Ordering::Less,
        }
    }

    /// The user-key order of `raw` against the target; entries must come in block order.
    fn order(&mut self, raw: &Raw<'_>) -> Result<Ordering, &'static str> {
        if raw.shared > self.prev_len {
            return Err("shared prefix longer than previous key");
        }
        self.prev_len = raw.shared + raw.suffix.len();
        if raw.shared <= self.common {
            // `common <= target.len()`, so the slice is in bounds.
            let rest = &self.target[raw.shared..];
            let m = mismatch(raw.suffix, rest);
            self.common = raw.shared + m;
            self.order = match (raw.suffix.get(m), rest.get(m)) {
                (Some(a), Some(b)) => a.cmp(b),
                _ => raw.suffix.len().cmp(&rest.len()),
            };
        }
        Ok(self.order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::block::BlockBuilder;
    use crate::table::key_hash;

    /// The block of `entries`, with a hash index if `hashed`, at `offset` in its buffer.
    fn build<K: AsRef<[u8]>>(
        entries: &[(K, SeqNo, Option<Vec<u8>>)],
        hashed: bool,
        offset: usize,
    ) -> Bytes {
        let mut b = BlockBuilder::default();
        for (k, seq, v) in entries {
            let k = k.as_ref();
            if hashed {
                b.add_hashed(k, key_hash(k), *seq, v.as_deref());
            } else {
                b.add(k, *seq, v.as_deref());
            }
        }
        let mut out = vec![7u8; offset];
        b.finish_into(&mut out);
        Bytes::from(out)
    }

    fn get(block: &Block<'_>, user: &[u8], snap: SeqNo) -> Option<(SeqNo, Option<Bytes>)> {
        block.get(user, snap, key_hash(user)).unwrap()
    }

    /// A bounded decode returns exactly the entries in bounds, whichever restart point the
    /// lower bound falls after, and tells whether keys lie beyond either bound.
    #[test]
    fn entries_in_bounds_are_exactly_those_of_a_full_decode() {
        let entries: Vec<(String, SeqNo, Option<Vec<u8>>)> = (0..60)
            .flat_map(|i| [9, 4].map(|seq| (format!("k{i:02}"), seq, Some(vec![i as u8]))))
            .collect();
        let data = build(&entries, true, 3);
        let block = Block::parse(&data, 3..data.len()).unwrap();
        let mut all = Vec::new();
        block.entries(&mut all).unwrap();
        let key = |i: i32| format!("k{i:02}").into_bytes();
        for lo in -1..62 {
            for hi in [lo - 1, lo, lo + 1, lo + 17, 61] {
                for (lower, upper) in [
                    (Bound::Included(key(lo)), Bound::Included(key(hi))),
                    (Bound::Excluded(key(lo)), Bound::Excluded(key(hi))),
                    (Bound::Unbounded, Bound::Excluded(key(hi))),
                    (Bound::Included(key(lo)), Bound::Unbounded),
                ] {
                    let bounds = Bounds::new(
                        lower.as_ref().map(|k| &k[..]),
                        upper.as_ref().map(|k| &k[..]),
                    );
                    if bounds.is_empty() {
                        continue; // scans of an empty range never start
                    }
                    let mut got = Vec::new();
                    let (below, above) = block.entries_in(&bounds, &mut got).unwrap();
                    let want: Vec<&Entry> = all
                        .iter()
                        .filter(|e| !bounds.below_lower(&e.key) && !bounds.above_upper(&e.key))
                        .collect();
                    assert_eq!(got.iter().collect::<Vec<_>>(), want, "{lo}..{hi}");
                    assert_eq!(below, all.iter().any(|e| bounds.below_lower(&e.key)));
                    assert_eq!(above, all.iter().any(|e| bounds.above_upper(&e.key)));
                }
            }
        }
    }

    #[test]
    fn round_trip_and_get() {
        let value = |s: &str| Some(s.as_bytes().to_vec());
        let mut entries = Vec::new();
        for i in 0..100 {
            let k = format!("key{i:03}");
            entries.push((k.clone(), 10, value("new")));
            entries.push((k, 5, if i % 2 == 0 { None } else { value("old") }));
        }
        for hashed in [false, true] {
            let data = build(&entries, hashed, 0);
            let block = Block::parse(&data, 0..data.len()).unwrap();
            assert_eq!(block.buckets.is_empty(), !hashed);
            let mut all = Vec::new();
            block.entries(&mut all).unwrap();
            assert_eq!(all.len(), 200);
            assert_eq!(&all[3].key[..], b"key001");
            let new = Some((10, Some(Bytes::from_static(b"new"))));
            assert_eq!(get(&block, b"key050", 20), new);
            assert_eq!(get(&block, b"key050", 7), Some((5, None)));
            let old = Some((5, Some(Bytes::from_static(b"old"))));
            assert_eq!(get(&block, b"key051", 7), old);
            assert_eq!(get(&block, b"key050", 4), None);
            assert_eq!(get(&block, b"key0505", 20), None);
            assert_eq!(get(&block, b"a", 20), None);
            assert_eq!(get(&block, b"z", 20), None);
        }
    }

    proptest::proptest! {
        /// `get` agrees with a linear search, on keys that are prefixes of one another (the
        /// cases the in-place comparison must get right), with and without a hash index, in a
        /// block that does not start its buffer.
        #[test]
        fn get_matches_a_linear_search(
            keys in proptest::collection::btree_set(proptest::collection::vec(0u8..3, 0..6), 1..40),
            probes in proptest::collection::vec((proptest::collection::vec(0u8..3, 0..7), 0u64..5), 1..30),
            hashed: bool,
        ) {
            let mut entries = Vec::new();
            for (i, k) in keys.iter().enumerate() {
                for seq in (1..=(i % 3 + 1) as u64).rev() {
                    let value = (seq % 2 == 1).then(|| vec![i as u8; i % 4]);
                    entries.push((k.clone(), seq, value));
                }
            }
            let data = build(&entries, hashed, 5);
            let block = Block::parse(&data, 5..data.len()).unwrap();
            for (user, snap) in probes {
                let want = entries
                    .iter()
                    .find(|(k, seq, _)| cmp_internal(k, *seq, &user, snap) != Ordering::Less)
                    .filter(|(k, _, _)| *k == user)
                    .map(|(_, seq, v)| (*seq, v.clone().map(Bytes::from)));
                proptest::prop_assert_eq!(get(&block, &user, snap), want);
            }
        }
    }

    #[test]
    fn corrupt_blocks_fail_cleanly() {
        let value = |s: &str| Some(s.as_bytes().to_vec());
        let entries = [("a", 1, value("x")), ("ab", 2, None), ("b", 3, value("yy"))];
        for hashed in [false, true] {
            let data = build(&entries, hashed, 0);
            for cut in 0..data.len() {
                if let Ok(b) = Block::parse(&data, 0..cut) {
                    let _ = b.entries(&mut Vec::new());
                    let _ = b.get(b"ab", 9, key_hash(b"ab"));
                }
            }
            for i in 0..data.len() {
                let mut bad = data.to_vec();
                bad[i] ^= 0xa5;
                let bad = Bytes::from(bad);
                if let Ok(b) = Block::parse(&bad, 0..bad.len()) {
                    let _ = b.entries(&mut Vec::new());
                    let _ = b.get(b"b", 9, key_hash(b"b"));
                }
            }
        }
    }
}
