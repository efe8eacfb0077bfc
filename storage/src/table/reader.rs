//! Reads an SST from an immutable buffer (a memory map, or memory in in-memory mode).

use super::block::Block;
use super::filter::{Bloom, Layout};
use super::{FOOTER_LEN, FORMAT_VERSION, MAGIC, OLDEST_FORMAT_VERSION};
use crate::codec::Reader;
use crate::key::{cmp_internal, key_prefix, mismatch, Bounds, Entry};
use crate::{Error, Result, SeqNo};
use bytes::Bytes;
use std::cmp::Ordering as CmpOrdering;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// One index entry: the last key of a data block and where the block is.
pub struct IndexEntry {
    pub key: Bytes,
    pub seq: SeqNo,
    /// `key_prefix` of the key after the table's common prefix: the index search compares
    /// words held in this array and reads the key bytes only on a tie.
    prefix: u64,
    offset: u64,
    len: u32,
}

/// An open table. Every block is checksummed when read; damage is `Error::Corruption`.
pub struct TableReader {
    name: String,
    data: Bytes,
    pub index: Vec<IndexEntry>,
    /// The prefix shared by every index key. Index words are taken after it, so that they
    /// tell keys apart even in a table whose keys all start alike.
    common: Bytes,
    filter: Bloom,
    /// One bit per data block whose checksum already matched. The file is immutable, so a
    /// block is verified once rather than on every read.
    verified: Vec<AtomicU64>,
}

impl TableReader {
    pub fn open(name: String, data: Bytes) -> Result<TableReader> {
        let corrupt = |off: usize, why: &str| Error::corrupt(&name, off as u64, why);
        let footer_at = data
            .len()
            .checked_sub(FOOTER_LEN)
            .ok_or_else(|| corrupt(0, "file shorter than footer"))?;
        let footer = &data[footer_at..];
        let (body, crc) = footer.split_at(FOOTER_LEN - 4);
        if crc32fast::hash(body).to_le_bytes() != crc {
            return Err(corrupt(footer_at, "footer checksum mismatch"));
        }
        let mut r = Reader::new(body);
        let mut handle = || -> Result<(u64, u32), &'static str> { Ok((r.u64()?, r.u32()?)) };
        let index_h = handle().map_err(|w| corrupt(footer_at, w))?;
        let filter_h = handle().map_err(|w| corrupt(footer_at, w))?;
        let mut r = Reader::new(&body[24..]);
        let _entries = r.u64().map_err(|w| corrupt(footer_at, w))?;
        let version = r.u32().map_err(|w| corrupt(footer_at, w))?;
        let magic = r.u64().map_err(|w| corrupt(footer_at, w))?;
        if magic != MAGIC || !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(corrupt(
                footer_at,
                "not a table file (bad magic or version)",
            ));
        }
        let index = checked(&name, &data, index_h)
            .and_then(|range| {
                Block::parse(&data, range).map_err(|w| corrupt(index_h.0 as usize, w))
            })
            .and_then(|block| decode_index(&block).map_err(|w| corrupt(index_h.0 as usize, w)))?;
        let (index, common) = with_common_prefix(index);
        let filter_range = checked(&name, &data, filter_h)?;
        let filter = Bloom::parse(data.slice(filter_range), Layout::of_version(version))
            .map_err(|w| corrupt(filter_h.0 as usize, w))?;
        let verified = (0..index.len().div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect();
        Ok(TableReader {
            name,
            data,
            index,
            common,
            filter,
            verified,
        })
    }

    /// Data block `i`, checksum verified.
    fn block(&self, i: usize) -> Result<Block<'_>> {
        let e = &self.index[i];
        let (word, bit) = (&self.verified[i / 64], 1u64 << (i % 64));
        let range = if word.load(Ordering::Relaxed) & bit != 0 {
            // Verified before, so the extent is known to lie inside the file.
            let start = e.offset as usize;
            start..start + e.len as usize
        } else {
            let range = checked(&self.name, &self.data, (e.offset, e.len))?;
            word.fetch_or(bit, Ordering::Relaxed);
            range
        };
        Block::parse(&self.data, range).map_err(|w| Error::corrupt(&self.name, e.offset, w))
    }

    /// Decodes data block `i` into `out`.
    pub fn block_entries(&self, i: usize, out: &mut Vec<Entry>) -> Result<()> {
        self.block_entries_in(i, &Bounds::all(), out).map(drop)
    }

    /// Decodes the entries of data block `i` inside `bounds` into `out`; returns whether the
    /// block holds keys below the lower bound and above the upper one (see
    /// [`Block::entries_in`]).
    pub fn block_entries_in(
        &self,
        i: usize,
        bounds: &Bounds,
        out: &mut Vec<Entry>,
    ) -> Result<(bool, bool)> {
        let offset = self.index[i].offset;
        self.block(i)?
            .entries_in(bounds, out)
            .map_err(|w| Error::corrupt(&self.name, offset, w))
    }

    /// The newest version of `key` with sequence number `<= snap`; `hash` is its filter hash.
    pub fn get(
        &self,
        key: &[u8],
        snap: SeqNo,
        hash: u64,
    ) -> Result<Option<(SeqNo, Option<Bytes>)>> {
        if !self.filter.may_contain(hash) {
            return Ok(None);
        }
        let i = match key.strip_prefix(&self.common[..]) {
            Some(rest) => self.find_block(key, rest, snap),
            // Every index key starts with `common`, so a key that does not sorts before all
            // of them (its block is the first) or after all of them (no block holds it).
            None if key < &self.common[..] => 0,
            None => return Ok(None),
        };
        if i == self.index.len() {
            return Ok(None);
        }
        let offset = self.index[i].offset;
        self.block(i)?
            .get(key, snap, hash)
            .map_err(|w| Error::corrupt(&self.name, offset, w))
    }
}

impl TableReader {
    /// The first data block whose last entry sorts at or after `(key, snap)`; `rest` is `key`
    /// after the table's common prefix.
    fn find_block(&self, key: &[u8], rest: &[u8], snap: SeqNo) -> usize {
        let word = key_prefix(rest);
        let (mut lo, mut hi) = (0, self.index.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let e = &self.index[mid];
            let before = match e.prefix.cmp(&word) {
                CmpOrdering::Equal => cmp_internal(&e.key, e.seq, key, snap) == CmpOrdering::Less,
                order => order == CmpOrdering::Less,
            };
            if before {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// The index with its words taken after the prefix common to every index key, and that
/// prefix.
fn with_common_prefix(mut index: Vec<IndexEntry>) -> (Vec<IndexEntry>, Bytes) {
    let Some(first) = index.first().map(|e| e.key.clone()) else {
        return (index, Bytes::new());
    };
    let len = index
        .iter()
        .map(|e| mismatch(&first, &e.key))
        .min()
        .unwrap_or_default();
    for e in &mut index {
        e.prefix = key_prefix(&e.key[len..]);
    }
    (index, first.slice(..len))
}

/// The extent of block `(offset, len)` in `data`, after checking the crc32 that follows it.
fn checked(name: &str, data: &[u8], (offset, len): (u64, u32)) -> Result<Range<usize>> {
    let start = usize::try_from(offset).map_err(|_| Error::corrupt(name, offset, "bad offset"))?;
    let end = start
        .checked_add(len as usize)
        .filter(|&e| e.checked_add(4).is_some_and(|e4| e4 <= data.len()))
        .ok_or_else(|| Error::corrupt(name, offset, "block extends past end of file"))?;
    let crc = &data[end..end + 4];
    if crc32fast::hash(&data[start..end]).to_le_bytes() != crc {
        return Err(Error::corrupt(name, offset, "block checksum mismatch"));
    }
    Ok(start..end)
}

/// The index entries; their words are set by `with_common_prefix`.
fn decode_index(block: &Block) -> Result<Vec<IndexEntry>, &'static str> {
    let mut entries = Vec::new();
    block.entries(&mut entries)?;
    entries
        .into_iter()
        .map(|e| {
            let v = e.value.ok_or("index entry without handle")?;
            let mut r = Reader::new(&v);
            Ok(IndexEntry {
                prefix: 0,
                key: e.key,
                seq: e.seq,
                offset: r.u64()?,
                len: r.u32()?,
            })
        })
        .collect()
}
