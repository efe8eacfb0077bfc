//! Point reads and range scans over one keyspace of a state.

use crate::iter::{Chunks, MemChunks, MergeIter, Peekable, VisibleIter};
use crate::key::Bounds;
use crate::state::KsState;
use crate::table::key_hash;
use crate::{Result, SeqNo};
use bytes::Bytes;
use std::sync::Arc;

/// The value of `key` at `snap`: memtables newest first, then tables level by level.
pub fn get(ks: &KsState, key: &[u8], snap: SeqNo) -> Result<Option<Bytes>> {
    let hash = key_hash(key);
    let mems = std::iter::once(&ks.active).chain(ks.frozen.iter().rev().map(|f| &f.mem));
    for mem in mems {
        if let Some(v) = mem.get(key, hash, snap) {
            return Ok(v);
        }
    }
    Ok(ks.version.get(key, snap, hash)?.flatten())
}

/// The visible pairs of `bounds` at `snap`, merged over memtables and tables.
pub fn range(ks: &KsState, bounds: Bounds, reverse: bool, snap: SeqNo) -> VisibleIter {
    let bounds = Arc::new(bounds);
    let mut sources: Vec<Box<dyn Chunks>> = Vec::new();
    if !bounds.is_empty() {
        let mems = std::iter::once(&ks.active).chain(ks.frozen.iter().rev().map(|f| &f.mem));
        for mem in mems {
            let chunks = MemChunks::new(mem.clone(), bounds.clone(), reverse, snap);
            sources.push(Box::new(chunks));
        }
        ks.version.sources(&bounds, reverse, snap, &mut sources);
    }
    let merge = MergeIter::new(sources.into_iter().map(Peekable::new).collect(), reverse);
    VisibleIter::new(merge, reverse, snap)
}
