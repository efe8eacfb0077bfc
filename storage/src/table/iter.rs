//! Scans over one table, and over the non-overlapping tables of one level, in chunks of one
//! data block.

use super::Table;
use crate::iter::Chunks;
use crate::key::{Bounds, Entry};
use crate::{Result, SeqNo};
use std::collections::VecDeque;
use std::sync::Arc;

/// A bounded scan of one table, forward or reverse, yielding versions visible at `snap`.
pub struct TableChunks {
    table: Arc<Table>,
    bounds: Arc<Bounds>,
    reverse: bool,
    snap: SeqNo,
    /// Next block to read; `None` before the first read; `Some(None)` when exhausted.
    next: Option<Option<usize>>,
    scratch: Vec<Entry>,
}

impl TableChunks {
    pub fn new(table: Arc<Table>, bounds: Arc<Bounds>, reverse: bool, snap: SeqNo) -> Self {
        TableChunks {
            table,
            bounds,
            reverse,
            snap,
            next: None,
            scratch: Vec::new(),
        }
    }

    /// The first block that can hold an entry in bounds, in iteration order.
    fn first_block(&self) -> Option<usize> {
        let index = &self.table.reader.index;
        if self.reverse {
            // The first block whose last key is above the upper bound may still start with
            // keys inside it; every later block is entirely above it.
            let i = index.partition_point(|e| !self.bounds.above_upper(&e.key));
            (!index.is_empty()).then(|| i.min(index.len() - 1))
        } else {
            let i = index.partition_point(|e| self.bounds.below_lower(&e.key));
            (i < index.len()).then_some(i)
        }
    }

    /// The block after `i` in iteration order.
    fn after(&self, i: usize) -> Option<usize> {
        if self.reverse {
            i.checked_sub(1)
        } else {
            Some(i + 1).filter(|&n| n < self.table.reader.index.len())
        }
    }
}

impl Chunks for TableChunks {
    fn next_chunk(&mut self, out: &mut VecDeque<Entry>) -> Result<bool> {
        let current = match self.next {
            None => self.first_block(),
            Some(next) => next,
        };
        let Some(i) = current else {
            self.next = Some(None);
            return Ok(false);
        };
        self.scratch.clear();
        let (below, above) =
            self.table
                .reader
                .block_entries_in(i, &self.bounds, &mut self.scratch)?;
        // A block holding keys past the far bound (in iteration order) is the last one.
        let past_end = if self.reverse { below } else { above };
        let next = if past_end { None } else { self.after(i) };
        if self.reverse {
            self.scratch.reverse();
        }
        out.extend(self.scratch.drain(..).filter(|e| e.seq <= self.snap));
        self.next = Some(next);
        Ok(true)
    }
}

/// A scan over the sorted, non-overlapping tables of one level.
pub struct LevelChunks {
    /// Tables overlapping the bounds, in iteration order, not yet started.
    tables: VecDeque<Arc<Table>>,
    current: Option<TableChunks>,
    bounds: Arc<Bounds>,
    reverse: bool,
    snap: SeqNo,
}

impl LevelChunks {
    pub fn new(tables: &[Arc<Table>], bounds: Arc<Bounds>, reverse: bool, snap: SeqNo) -> Self {
        let mut tables: VecDeque<Arc<Table>> = tables
            .iter()
            .filter(|t| bounds.overlaps(&t.meta.smallest, &t.meta.largest))
            .cloned()
            .collect();
        if reverse {
            tables.make_contiguous().reverse();
        }
        LevelChunks {
            tables,
            current: None,
            bounds,
            reverse,
            snap,
        }
    }
}

impl Chunks for LevelChunks {
    fn next_chunk(&mut self, out: &mut VecDeque<Entry>) -> Result<bool> {
        loop {
            if let Some(cur) = &mut self.current {
                if cur.next_chunk(out)? {
                    return Ok(true);
                }
            }
            let Some(table) = self.tables.pop_front() else {
                return Ok(false);
            };
            self.current = Some(TableChunks::new(
                table,
                self.bounds.clone(),
                self.reverse,
                self.snap,
            ));
        }
    }
}
