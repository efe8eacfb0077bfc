//! A version: the immutable set of live tables of one keyspace, per level.

use crate::iter::Chunks;
use crate::key::Bounds;
use crate::manifest::LEVELS;
use crate::table::Table;
use crate::table::{LevelChunks, TableChunks};
use crate::{Result, SeqNo};
use bytes::Bytes;
use std::sync::Arc;

/// Tables per level. L0 is newest first and its tables may overlap; in L1+ tables are sorted
/// by smallest key and never overlap, and every level holds older data than the one above.
#[derive(Clone)]
pub struct Version {
    pub levels: Vec<Vec<Arc<Table>>>,
}

impl Default for Version {
    fn default() -> Self {
        Version {
            levels: vec![Vec::new(); LEVELS],
        }
    }
}

impl Version {
    /// The newest version of `key` visible at `snap` in the tables: `Some(None)` is a tombstone.
    pub fn get(&self, key: &[u8], snap: SeqNo, hash: u64) -> Result<Option<Option<Bytes>>> {
        for t in &self.levels[0] {
            if covers(t, key) {
                if let Some((_, v)) = t.reader.get(key, snap, hash)? {
                    return Ok(Some(v));
                }
            }
        }
        for level in &self.levels[1..] {
            let i = level.partition_point(|t| &t.meta.largest[..] < key);
            if let Some(t) = level.get(i).filter(|t| covers(t, key)) {
                if let Some((_, v)) = t.reader.get(key, snap, hash)? {
                    return Ok(Some(v));
                }
            }
        }
        Ok(None)
    }

    /// One scan source per L0 table and one per deeper non-empty level.
    pub fn sources(
        &self,
        bounds: &Arc<Bounds>,
        reverse: bool,
        snap: SeqNo,
        out: &mut Vec<Box<dyn Chunks>>,
    ) {
        for t in &self.levels[0] {
            if bounds.overlaps(&t.meta.smallest, &t.meta.largest) {
                out.push(Box::new(TableChunks::new(
                    t.clone(),
                    bounds.clone(),
                    reverse,
                    snap,
                )));
            }
        }
        for level in self.levels[1..].iter().filter(|l| !l.is_empty()) {
            out.push(Box::new(LevelChunks::new(
                level,
                bounds.clone(),
                reverse,
                snap,
            )));
        }
    }

    /// Total file size of a level.
    pub fn level_size(&self, level: usize) -> u64 {
        self.levels[level].iter().map(|t| t.meta.size).sum()
    }

    /// Every table of every level.
    pub fn tables(&self) -> impl Iterator<Item = &Arc<Table>> {
        self.levels.iter().flatten()
    }
}

fn covers(t: &Table, key: &[u8]) -> bool {
    &t.meta.smallest[..] <= key && key <= &t.meta.largest[..]
}
