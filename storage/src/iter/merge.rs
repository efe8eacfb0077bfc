//! Merging sources into one stream in internal order (forward) or its exact reverse.

use super::Peekable;
use crate::key::Entry;
use crate::Result;
use std::cmp::Ordering;

/// A merge of sources. Sources are few (memtables, L0 tables, one per deeper level), so the
/// next entry is found by a linear scan of their heads.
pub struct MergeIter {
    sources: Vec<Peekable>,
    reverse: bool,
}

impl MergeIter {
    pub fn new(sources: Vec<Peekable>, reverse: bool) -> MergeIter {
        MergeIter { sources, reverse }
    }

    /// The next entry of the merged stream.
    pub fn next_entry(&mut self) -> Result<Option<Entry>> {
        let mut best: Option<(usize, &Entry)> = None;
        // Peek every source first (refills need `&mut`), then compare the heads.
        for s in &mut self.sources {
            s.peek()?;
        }
        for (i, s) in self.sources.iter().enumerate() {
            let Some(head) = s.buf.front() else { continue };
            let better = match best {
                None => true,
                Some((_, b)) => {
                    let ord = head.cmp_internal(b);
                    if self.reverse {
                        ord == Ordering::Greater
                    } else {
                        ord == Ordering::Less
                    }
                }
            };
            if better {
                best = Some((i, head));
            }
        }
        Ok(best.map(|(i, _)| i).and_then(|i| self.sources[i].pop()))
    }
}
