//! The in-memory sorted table of recent writes of one keyspace.

mod arena;
mod filter;

use crate::key::{Bounds, Entry, InternalKey, KeyView, LookupKey, MAX_SEQ};
use crate::table::key_hash;
use crate::SeqNo;
use arena::Arena;
use bytes::Bytes;
use filter::Filter;
use parking_lot::RwLock;
use std::collections::{BTreeMap, VecDeque};
use std::ops::Bound;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Bytes charged per entry on top of key and value, for the map's own memory.
const ENTRY_OVERHEAD: usize = 48;

/// The versions, and the arena holding their bytes (written under the same lock).
#[derive(Default)]
struct Maps {
    sorted: BTreeMap<InternalKey, Option<Bytes>>,
    arena: Arena,
}

/// Versions of keys, newest first per key. Only the commit leader inserts; readers take the
/// read lock for one lookup or one chunk of a scan.
pub struct Memtable {
    map: RwLock<Maps>,
    /// Every user key inserted, for point reads to skip this memtable.
    filter: Filter,
    size: AtomicUsize,
    /// Smallest sequence number inserted (`MAX_SEQ` while empty).
    min_seq: AtomicU64,
}

impl Memtable {
    /// An empty memtable, to be rotated at about `rotate_at` bytes (sizes its filter).
    pub fn new(rotate_at: usize) -> Memtable {
        Memtable {
            map: RwLock::default(),
            filter: Filter::new(rotate_at),
            size: AtomicUsize::new(0),
            min_seq: AtomicU64::new(MAX_SEQ),
        }
    }

    /// Inserts one version (`None`: a tombstone), copying its bytes; returns the bytes charged.
    /// One writer at a time (see [`filter`]).
    pub fn insert(&self, key: &[u8], seq: SeqNo, value: Option<&[u8]>) -> usize {
        let charge = key.len() + value.map_or(0, <[u8]>::len) + ENTRY_OVERHEAD;
        // The filter first: a reader that finds the version in the map must find its bits.
        self.filter.insert(key_hash(key));
        let mut maps = self.map.write();
        let key = maps.arena.copy(key);
        let value = value.map(|v| maps.arena.copy(v));
        maps.sorted.insert(InternalKey::new(key, seq), value);
        self.size.fetch_add(charge, Ordering::Relaxed);
        self.min_seq.fetch_min(seq, Ordering::Relaxed);
        charge
    }

    /// Approximate memory used.
    pub fn size(&self) -> usize {
        self.size.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.map.read().sorted.is_empty()
    }

    /// Smallest sequence number inserted, if any.
    pub fn min_seq(&self) -> Option<SeqNo> {
        let s = self.min_seq.load(Ordering::Relaxed);
        (s != MAX_SEQ).then_some(s)
    }

    /// The newest version of `key` (hashed to `hash` by [`key_hash`]) visible at `snap`:
    /// `Some(None)` is a tombstone.
    pub fn get(&self, key: &[u8], hash: u64, snap: SeqNo) -> Option<Option<Bytes>> {
        if !self.filter.may_contain(hash) {
            return None;
        }
        // The probe is an owned key, so that the search compares statically typed keys
        // inline; through `dyn KeyView` every comparison made two virtual calls, which cost
        // more than copying the key once (skipped when the memtable is empty, as the active
        // one often is right after a flush).
        let map = self.map.read();
        if map.sorted.is_empty() {
            return None;
        }
        let probe = InternalKey::new(Bytes::copy_from_slice(key), snap);
        let (k, v) = map.sorted.range::<InternalKey, _>(&probe..).next()?;
        (k.user == key).then(|| v.clone())
    }

    /// Appends up to `limit` entries visible at `snap` to `out`, in internal order (or reverse),
    /// inside `bounds` and strictly after `resume` (in iteration direction). Returns the last
    /// key examined, or `None` when the range is exhausted.
    pub fn chunk(
        &self,
        bounds: &Bounds,
        resume: Option<&InternalKey>,
        reverse: bool,
        snap: SeqNo,
        limit: usize,
        out: &mut VecDeque<Entry>,
    ) -> Option<InternalKey> {
        let lower = bounds.lower_internal();
        let upper = bounds.upper_internal();
        let resume = resume.map(|k| k as &dyn KeyView);
        let (lo, hi): (Bound<&dyn KeyView>, Bound<&dyn KeyView>) = match (reverse, resume) {
            (false, Some(r)) => (Bound::Excluded(r), as_dyn(&upper)),
            (true, Some(r)) => (as_dyn(&lower), Bound::Excluded(r)),
            (_, None) => (as_dyn(&lower), as_dyn(&upper)),
        };
        if range_is_empty(lo, hi) {
            return None;
        }
        let map = self.map.read();
        let range = map.sorted.range::<dyn KeyView, _>((lo, hi));
        let iter: Box<dyn Iterator<Item = _>> = if reverse {
            Box::new(range.rev())
        } else {
            Box::new(range)
        };
        let mut last = None;
        for (k, v) in iter.take(limit) {
            if k.seq <= snap {
                out.push_back(Entry {
                    key: k.user.clone(),
                    seq: k.seq,
                    value: v.clone(),
                });
            }
            last = Some(k);
        }
        last.cloned()
    }

    /// All entries in internal order (for flushing an immutable memtable).
    pub fn entries(&self) -> Vec<Entry> {
        self.map
            .read()
            .sorted
            .iter()
            .map(|(k, v)| Entry {
                key: k.user.clone(),
                seq: k.seq,
                value: v.clone(),
            })
            .collect()
    }
}

fn as_dyn<'a>(b: &'a Bound<LookupKey<'a>>) -> Bound<&'a dyn KeyView> {
    match b {
        Bound::Included(k) => Bound::Included(k as &dyn KeyView),
        Bound::Excluded(k) => Bound::Excluded(k as &dyn KeyView),
        Bound::Unbounded => Bound::Unbounded,
    }
}

/// `BTreeMap::range` panics on inverted bounds; this detects them first.
fn range_is_empty(lo: Bound<&dyn KeyView>, hi: Bound<&dyn KeyView>) -> bool {
    match (lo, hi) {
        (Bound::Included(l), Bound::Included(h)) => l > h,
        (Bound::Included(l), Bound::Excluded(h))
        | (Bound::Excluded(l), Bound::Included(h))
        | (Bound::Excluded(l), Bound::Excluded(h)) => l >= h,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &'static str) -> Bytes {
        Bytes::from_static(s.as_bytes())
    }

    #[test]
    fn get_respects_snapshots() {
        let m = Memtable::new(1 << 20);
        m.insert(b"a", 1, Some(b"v1"));
        m.insert(b"a", 3, None);
        m.insert(b"ab", 2, Some(b"x"));
        let get = |k: &[u8], snap| m.get(k, key_hash(k), snap);
        assert_eq!(get(b"a", 2), Some(Some(b("v1"))));
        assert_eq!(get(b"a", 3), Some(None));
        assert_eq!(get(b"a", 0), None);
        assert_eq!(get(b"b", 9), None);
        assert_eq!(m.min_seq(), Some(1));
    }

    #[test]
    fn chunks_resume_both_directions() {
        let m = Memtable::new(1 << 20);
        for (i, k) in ["a", "b", "c", "d"].iter().enumerate() {
            m.insert(k.as_bytes(), i as u64 + 1, Some(b"v"));
        }
        let bounds = Bounds::new(Bound::Excluded(b"a"), Bound::Included(b"d"));
        for reverse in [false, true] {
            let mut out = VecDeque::new();
            let mut resume = None;
            while let Some(last) = m.chunk(&bounds, resume.as_ref(), reverse, 9, 2, &mut out) {
                resume = Some(last);
            }
            let keys: Vec<_> = out.iter().map(|e| e.key.clone()).collect();
            let mut want = vec![b("b"), b("c"), b("d")];
            if reverse {
                want.reverse();
            }
            assert_eq!(keys, want);
        }
        let inverted = Bounds::new(Bound::Included(b"d"), Bound::Excluded(b"a"));
        assert!(m
            .chunk(&inverted, None, false, 9, 2, &mut VecDeque::new())
            .is_none());
    }
}
