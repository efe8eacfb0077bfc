//! Writes an SST: data blocks, filter block, index block, footer. See docs/format.md.

use super::block::BlockBuilder;
use super::{filter, FOOTER_LEN, FORMAT_VERSION, MAGIC};
use crate::key::Entry;
use crate::manifest::TableMeta;
use bytes::Bytes;

/// Builds one table in memory from entries given in internal order.
pub struct TableBuilder {
    out: Vec<u8>,
    block: BlockBuilder,
    index: BlockBuilder,
    block_size: usize,
    hashes: Vec<u64>,
    /// Key and sequence number of the last entry added.
    last_key: Vec<u8>,
    last_seq: u64,
    meta: TableMeta,
    /// The format version written: `FORMAT_VERSION`, or an older one in tests
    /// that check old files still read.
    version: u32,
}

impl TableBuilder {
    pub fn new(id: u64, block_size: usize) -> TableBuilder {
        TableBuilder::with_version(id, block_size, FORMAT_VERSION)
    }

    fn with_version(id: u64, block_size: usize, version: u32) -> TableBuilder {
        TableBuilder {
            version,
            out: Vec::new(),
            block: BlockBuilder::default(),
            index: BlockBuilder::default(),
            block_size: block_size.max(256),
            hashes: Vec::new(),
            last_key: Vec::new(),
            last_seq: 0,
            meta: TableMeta {
                id,
                size: 0,
                entries: 0,
                min_seq: u64::MAX,
                max_seq: 0,
                smallest: Bytes::new(),
                largest: Bytes::new(),
            },
        }
    }

    pub fn add(&mut self, e: &Entry) {
        if self.meta.entries == 0 {
            self.meta.smallest = e.key.clone();
        }
        if self.meta.entries == 0 || self.last_key != e.key {
            self.hashes.push(filter::key_hash(&e.key));
        }
        // `hashes` ends with this entry's key hash.
        let hash = self.hashes.last().copied().unwrap_or_default();
        self.meta.entries += 1;
        self.meta.min_seq = self.meta.min_seq.min(e.seq);
        self.meta.max_seq = self.meta.max_seq.max(e.seq);
        if self.version >= 2 {
            self.block
                .add_hashed(&e.key, hash, e.seq, e.value.as_deref());
        } else {
            self.block.add(&e.key, e.seq, e.value.as_deref());
        }
        self.last_key.clear();
        self.last_key.extend_from_slice(&e.key);
        self.last_seq = e.seq;
        if self.block.size() >= self.block_size {
            self.finish_block();
        }
    }

    /// Bytes written so far (for splitting compaction output).
    pub fn size(&self) -> usize {
        self.out.len() + self.block.size()
    }

    pub fn is_empty(&self) -> bool {
        self.meta.entries == 0
    }

    /// Writes the pending data block and its index entry (`last key -> offset u64, len u32`).
    fn finish_block(&mut self) {
        if self.block.is_empty() {
            return;
        }
        let (offset, len) = write_checked(&mut self.out, |out| self.block.finish_into(out));
        let mut handle = [0u8; 12];
        handle[..8].copy_from_slice(&offset.to_le_bytes());
        handle[8..].copy_from_slice(&len.to_le_bytes());
        self.index.add(&self.last_key, self.last_seq, Some(&handle));
    }

    /// The finished file and its metadata.
    pub fn finish(mut self) -> (Vec<u8>, TableMeta) {
        self.finish_block();
        let hashes = std::mem::take(&mut self.hashes);
        let layout = filter::Layout::of_version(self.version);
        let filter = write_checked(&mut self.out, |out| filter::build(&hashes, layout, out));
        let index = write_checked(&mut self.out, |out| self.index.finish_into(out));
        let footer_at = self.out.len();
        for (offset, len) in [index, filter] {
            self.out.extend_from_slice(&offset.to_le_bytes());
            self.out.extend_from_slice(&len.to_le_bytes());
        }
        self.out.extend_from_slice(&self.meta.entries.to_le_bytes());
        self.out.extend_from_slice(&self.version.to_le_bytes());
        self.out.extend_from_slice(&MAGIC.to_le_bytes());
        let crc = crc32fast::hash(&self.out[footer_at..]);
        self.out.extend_from_slice(&crc.to_le_bytes());
        debug_assert_eq!(self.out.len() - footer_at, FOOTER_LEN);
        self.meta.largest = Bytes::copy_from_slice(&self.last_key);
        self.meta.size = self.out.len() as u64;
        (self.out, self.meta)
    }
}

/// Appends a block written by `write` followed by its crc32; returns its (offset, length).
fn write_checked(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) -> (u64, u32) {
    let start = out.len();
    write(out);
    let len = out.len() - start;
    let crc = crc32fast::hash(&out[start..]);
    out.extend_from_slice(&crc.to_le_bytes());
    (start as u64, len as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{key_hash, TableReader};

    fn entries(prefix: &str) -> Vec<Entry> {
        (0..2000u32)
            .flat_map(|i| {
                let key = format!("{prefix}{:08x}/{i}", i.wrapping_mul(2654435761));
                let key = Bytes::from(key);
                let value = (i % 5 != 0).then(|| Bytes::from(vec![i as u8; (i % 300) as usize]));
                [(9, value), (3, Some(Bytes::from_static(b"old")))].map(|(seq, value)| Entry {
                    key: key.clone(),
                    seq,
                    value,
                })
            })
            // A smallest key without the prefix: it lies in the first block, before every
            // index key.
            .chain(std::iter::once(Entry {
                key: Bytes::from_static(b"0 first"),
                seq: 9,
                value: None,
            }))
            .collect()
    }

    /// Every readable format (1: no hash indexes, 2: classic filter) reads back every entry, also
    /// when every key starts alike (the index search skips the common prefix).
    #[test]
    fn tables_of_every_readable_version_read_back() {
        for (prefix, version) in [
            ("", 1),
            ("", 2),
            ("", FORMAT_VERSION),
            ("a/long/prefix/", FORMAT_VERSION),
        ] {
            let mut entries = entries(prefix);
            entries.sort_by(Entry::cmp_internal);
            let mut builder = TableBuilder::with_version(1, 4096, version);
            entries.iter().for_each(|e| builder.add(e));
            let (data, _) = builder.finish();
            let table = TableReader::open(format!("v{version}"), Bytes::from(data)).unwrap();
            for e in &entries {
                let got = table.get(&e.key, e.seq, key_hash(&e.key)).unwrap();
                assert_eq!(got, Some((e.seq, e.value.clone())), "version {version}");
                let outside = [&e.key[..], b"~"].concat();
                for missing in [outside, e.key[1..].to_vec(), b"~".to_vec()] {
                    assert_eq!(table.get(&missing, 9, key_hash(&missing)).unwrap(), None);
                }
            }
        }
    }
}
