//! Entry points for the fuzz targets (fuzz/fuzz_targets): decoders of untrusted bytes, run the
//! way the engine runs them. Not part of the supported API.

use crate::key::Entry;
use crate::table::{Block, TableReader};
use bytes::Bytes;

/// Decodes `data` as one SST data block and as a whole table file, reading every entry and
/// probing a few keys. Must return (possibly with errors ignored), never panic.
pub fn sst(data: &[u8]) {
    let data = Bytes::copy_from_slice(data);
    if let Ok(block) = Block::parse(&data, 0..data.len()) {
        let mut entries: Vec<Entry> = Vec::new();
        let _ = block.entries(&mut entries);
        for e in entries.iter().take(8) {
            let _ = block.get(&e.key, e.seq, crate::table::key_hash(&e.key));
        }
        let _ = block.get(b"", u64::MAX, crate::table::key_hash(b""));
    }
    if let Ok(table) = TableReader::open("fuzz.sst".into(), data) {
        let mut entries = Vec::new();
        for i in 0..table.index.len() {
            let _ = table.block_entries(i, &mut entries);
        }
        for e in entries.iter().take(8) {
            let _ = table.get(&e.key, e.seq, crate::table::key_hash(&e.key));
        }
    }
}
