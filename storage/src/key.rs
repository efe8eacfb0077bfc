//! Internal keys, entries and user-key bounds.
//!
//! Internal order is user key ascending, then sequence number DESCENDING, so the newest version
//! of a key comes first. Example: `(b"a",7) < (b"a",3) < (b"b",9)`. A reader at snapshot 5 seeks
//! to `(key,5)` and the first entry at or after it with the same user key is the newest version
//! it may see (here `(b"a",3)`).

use crate::SeqNo;
use bytes::Bytes;
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::ops::Bound;

/// Sequence number larger than any assigned one: `(key, MAX_SEQ)` sorts before every version.
pub const MAX_SEQ: SeqNo = u64::MAX;

/// A versioned key as stored in memtables.
#[derive(Clone, Debug)]
pub struct InternalKey {
    pub user: Bytes,
    pub seq: SeqNo,
    /// `key_prefix(&user)`, kept beside the key so that a memtable search compares words in
    /// the map's own nodes instead of reading each key's bytes (a cache miss per comparison
    /// in a large memtable).
    prefix: u64,
}

impl InternalKey {
    pub fn new(user: Bytes, seq: SeqNo) -> InternalKey {
        InternalKey {
            prefix: key_prefix(&user),
            user,
            seq,
        }
    }
}

/// A borrowed view of an internal key, so maps keyed by [`InternalKey`] can be searched with
/// a borrowed `(&[u8], SeqNo)` without allocating. One virtual call per side of a comparison
/// yields every part the comparison may need.
pub trait KeyView {
    fn view(&self) -> LookupKey<'_>;
}

/// A borrowed internal key used for lookups, with its `key_prefix` computed once rather than
/// at every comparison of a search.
#[derive(Clone, Copy)]
pub struct LookupKey<'a> {
    pub user: &'a [u8],
    pub seq: SeqNo,
    prefix: u64,
}

impl<'a> LookupKey<'a> {
    pub fn new(user: &'a [u8], seq: SeqNo) -> LookupKey<'a> {
        LookupKey {
            user,
            seq,
            prefix: key_prefix(user),
        }
    }

    /// The internal order: prefix words first, the bytes only on a tie.
    #[inline]
    fn cmp(&self, other: &LookupKey<'_>) -> Ordering {
        self.prefix
            .cmp(&other.prefix)
            .then_with(|| cmp_internal(self.user, self.seq, other.user, other.seq))
    }
}

impl KeyView for InternalKey {
    #[inline]
    fn view(&self) -> LookupKey<'_> {
        LookupKey {
            user: &self.user,
            seq: self.seq,
            prefix: self.prefix,
        }
    }
}

impl KeyView for LookupKey<'_> {
    #[inline]
    fn view(&self) -> LookupKey<'_> {
        *self
    }
}

/// The first 8 bytes of a key as a big-endian word, zero-padded. Monotone:
/// `key_prefix(a) < key_prefix(b)` implies `a < b` (a shorter key's padding zeros sort at or
/// below any byte), so equal words are the only case that needs the bytes.
#[inline]
pub fn key_prefix(user: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    match user.first_chunk::<8>() {
        Some(first) => word = *first,
        None => word[..user.len()].copy_from_slice(user),
    }
    u64::from_be_bytes(word)
}

/// The internal order of two keys.
#[inline]
pub fn cmp_internal(a_user: &[u8], a_seq: SeqNo, b_user: &[u8], b_seq: SeqNo) -> Ordering {
    cmp_bytes(a_user, b_user).then(b_seq.cmp(&a_seq))
}

/// Lexicographic byte order, as `<[u8]>::cmp`, comparing 8 bytes at a time as big-endian words:
/// keys are short, and this avoids a libc `memcmp` call per comparison on the memtable's hot
/// path.
#[inline]
pub fn cmp_bytes(a: &[u8], b: &[u8]) -> Ordering {
    let mut ac = a.chunks_exact(8);
    let mut bc = b.chunks_exact(8);
    for (x, y) in (&mut ac).zip(&mut bc) {
        let x = u64::from_be_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]);
        let y = u64::from_be_bytes([y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]]);
        if x != y {
            return x.cmp(&y);
        }
    }
    let done = a.len().min(b.len()) / 8 * 8;
    a[done..].cmp(&b[done..])
}

/// Length of the common prefix of `a` and `b`, comparing 8 bytes at a time.
#[inline]
pub fn mismatch(a: &[u8], b: &[u8]) -> usize {
    let mut ac = a.chunks_exact(8);
    let mut bc = b.chunks_exact(8);
    let mut done = 0;
    for (x, y) in (&mut ac).zip(&mut bc) {
        let x = u64::from_le_bytes([x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]]);
        let y = u64::from_le_bytes([y[0], y[1], y[2], y[3], y[4], y[5], y[6], y[7]]);
        if x != y {
            // Little-endian words: the lowest differing bit is in the first differing byte.
            return done + (x ^ y).trailing_zeros() as usize / 8;
        }
        done += 8;
    }
    done + a[done..]
        .iter()
        .zip(&b[done..])
        .take_while(|(x, y)| x == y)
        .count()
}

impl<'a> Borrow<dyn KeyView + 'a> for InternalKey {
    fn borrow(&self) -> &(dyn KeyView + 'a) {
        self
    }
}

impl Ord for dyn KeyView + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.view().cmp(&other.view())
    }
}
impl PartialOrd for dyn KeyView + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for dyn KeyView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for dyn KeyView + '_ {}

impl Ord for InternalKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.view().cmp(&other.view())
    }
}
impl PartialOrd for InternalKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl PartialEq for InternalKey {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for InternalKey {}

/// One version of a key: a value, or a tombstone (`value == None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: Bytes,
    pub seq: SeqNo,
    pub value: Option<Bytes>,
}

impl Entry {
    /// The internal order of two entries.
    pub fn cmp_internal(&self, other: &Entry) -> Ordering {
        cmp_internal(&self.key, self.seq, &other.key, other.seq)
    }
}

/// A user-key range.
#[derive(Clone, Debug)]
pub struct Bounds {
    pub lower: Bound<Bytes>,
    pub upper: Bound<Bytes>,
}

impl Bounds {
    /// Every key.
    pub fn all() -> Bounds {
        Bounds {
            lower: Bound::Unbounded,
            upper: Bound::Unbounded,
        }
    }

    /// Owned copies of borrowed bounds.
    pub fn new(lower: Bound<&[u8]>, upper: Bound<&[u8]>) -> Bounds {
        let own = |b: Bound<&[u8]>| b.map(Bytes::copy_from_slice);
        Bounds {
            lower: own(lower),
            upper: own(upper),
        }
    }

    /// Whether `key` sorts before the lower bound.
    pub fn below_lower(&self, key: &[u8]) -> bool {
        match &self.lower {
            Bound::Included(l) => key < &l[..],
            Bound::Excluded(l) => key <= &l[..],
            Bound::Unbounded => false,
        }
    }

    /// Whether `key` sorts after the upper bound.
    pub fn above_upper(&self, key: &[u8]) -> bool {
        match &self.upper {
            Bound::Included(u) => key > &u[..],
            Bound::Excluded(u) => key >= &u[..],
            Bound::Unbounded => false,
        }
    }

    /// Whether no key can be in the range.
    pub fn is_empty(&self) -> bool {
        match (&self.lower, &self.upper) {
            (Bound::Included(l), Bound::Included(u)) => l > u,
            (Bound::Included(l), Bound::Excluded(u))
            | (Bound::Excluded(l), Bound::Included(u))
            | (Bound::Excluded(l), Bound::Excluded(u)) => l >= u,
            _ => false,
        }
    }

    /// Whether the user-key interval `[smallest, largest]` intersects the range.
    pub fn overlaps(&self, smallest: &[u8], largest: &[u8]) -> bool {
        !self.below_lower(largest) && !self.above_upper(smallest)
    }

    /// The lower bound as an internal-key bound (all versions of an included key, none of an
    /// excluded one).
    pub fn lower_internal(&self) -> Bound<LookupKey<'_>> {
        match &self.lower {
            Bound::Included(l) => Bound::Included(LookupKey::new(l, MAX_SEQ)),
            Bound::Excluded(l) => Bound::Excluded(LookupKey::new(l, 0)),
            Bound::Unbounded => Bound::Unbounded,
        }
    }

    /// The upper bound as an internal-key bound.
    pub fn upper_internal(&self) -> Bound<LookupKey<'_>> {
        match &self.upper {
            Bound::Included(u) => Bound::Included(LookupKey::new(u, 0)),
            Bound::Excluded(u) => Bound::Excluded(LookupKey::new(u, MAX_SEQ)),
            Bound::Unbounded => Bound::Unbounded,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn internal_order_newest_first() {
        let k = |u: &'static [u8], s| InternalKey::new(Bytes::from_static(u), s);
        assert!(k(b"a", 7) < k(b"a", 3));
        assert!(k(b"a", 3) < k(b"b", 9));
        let mut map = BTreeMap::new();
        for (u, s) in [(&b"a"[..], 7), (b"a", 3), (b"b", 9)] {
            map.insert(k(u, s), ());
        }
        let probe = LookupKey::new(b"a", 5);
        let found = map
            .range::<dyn KeyView, _>((Bound::Included(&probe as &dyn KeyView), Bound::Unbounded))
            .next()
            .unwrap();
        assert_eq!(found.0.seq, 3);
    }

    #[test]
    fn cmp_bytes_matches_slice_order() {
        let samples: Vec<&[u8]> = vec![
            b"",
            b"a",
            b"ab",
            b"abcdefgh",
            b"abcdefgh\0",
            b"abcdefgi",
            b"abcdefghabcdefgh",
            b"abcdefghabcdefgg",
            b"\xff",
            b"abcdefg",
            b"abcdefghZ",
            b"a\0",
            b"a\0\0\0\0\0\0\0\0",
            b"\0",
        ];
        for a in &samples {
            for b in &samples {
                assert_eq!(cmp_bytes(a, b), a.cmp(b), "{a:?} vs {b:?}");
                if key_prefix(a) != key_prefix(b) {
                    assert_eq!(
                        key_prefix(a).cmp(&key_prefix(b)),
                        a.cmp(b),
                        "{a:?} vs {b:?}"
                    );
                }
                let (ka, kb) = (
                    InternalKey::new(Bytes::copy_from_slice(a), 1),
                    InternalKey::new(Bytes::copy_from_slice(b), 1),
                );
                assert_eq!(ka.cmp(&kb), a.cmp(b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn bounds() {
        let b = Bounds::new(Bound::Excluded(b"b"), Bound::Included(b"d"));
        assert!(b.below_lower(b"b") && !b.below_lower(b"c"));
        assert!(!b.above_upper(b"d") && b.above_upper(b"e"));
        assert!(Bounds::new(Bound::Excluded(b"b"), Bound::Excluded(b"b")).is_empty());
        assert!(!Bounds::all().is_empty());
    }
}
