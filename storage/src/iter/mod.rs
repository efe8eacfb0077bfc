//! Iteration: sources that yield runs of entries (memtables, tables, levels), a merge over
//! them in internal order (or its reverse), and the visible view a snapshot reads.

mod merge;
mod visible;

pub use merge::MergeIter;
pub use visible::VisibleIter;

use crate::key::{Bounds, Entry, InternalKey};
use crate::memtable::Memtable;
use crate::{Result, SeqNo};
use std::collections::VecDeque;
use std::sync::Arc;

/// A source of entries in iteration order, produced in runs so that no lock or borrow is held
/// between calls.
pub trait Chunks: Send {
    /// Appends the next run of entries to `out` (possibly none); false once exhausted.
    fn next_chunk(&mut self, out: &mut VecDeque<Entry>) -> Result<bool>;
}

/// Entries read from a memtable per chunk.
const MEM_CHUNK: usize = 256;

/// A bounded scan of a memtable.
pub struct MemChunks {
    mem: Arc<Memtable>,
    bounds: Arc<Bounds>,
    reverse: bool,
    snap: SeqNo,
    /// Last key read; the next chunk starts after it. `None` before the first chunk.
    resume: Option<InternalKey>,
    done: bool,
}

impl MemChunks {
    pub fn new(mem: Arc<Memtable>, bounds: Arc<Bounds>, reverse: bool, snap: SeqNo) -> Self {
        MemChunks {
            mem,
            bounds,
            reverse,
            snap,
            resume: None,
            done: false,
        }
    }
}

impl Chunks for MemChunks {
    fn next_chunk(&mut self, out: &mut VecDeque<Entry>) -> Result<bool> {
        if self.done {
            return Ok(false);
        }
        let last = self.mem.chunk(
            &self.bounds,
            self.resume.as_ref(),
            self.reverse,
            self.snap,
            MEM_CHUNK,
            out,
        );
        self.done = last.is_none();
        self.resume = last;
        Ok(!self.done)
    }
}

/// A source with a buffer, so the merge can look at its next entry.
pub struct Peekable {
    src: Box<dyn Chunks>,
    buf: VecDeque<Entry>,
    done: bool,
}

impl Peekable {
    pub fn new(src: Box<dyn Chunks>) -> Self {
        Peekable {
            src,
            buf: VecDeque::new(),
            done: false,
        }
    }

    /// The next entry, refilling the buffer as needed.
    pub fn peek(&mut self) -> Result<Option<&Entry>> {
        while self.buf.is_empty() && !self.done {
            self.done = !self.src.next_chunk(&mut self.buf)?;
        }
        Ok(self.buf.front())
    }

    pub fn pop(&mut self) -> Option<Entry> {
        self.buf.pop_front()
    }
}
