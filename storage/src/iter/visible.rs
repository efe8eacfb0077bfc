//! The view of a snapshot: for each user key, its newest version at or below the snapshot's
//! sequence number, skipping keys whose newest visible version is a tombstone.

use super::MergeIter;
use crate::key::Entry;
use crate::{Result, SeqNo};
use bytes::Bytes;

/// Visible `(key, value)` pairs of a merged stream whose sources already dropped versions
/// newer than `snap`.
pub struct VisibleIter {
    merge: MergeIter,
    reverse: bool,
    snap: SeqNo,
    /// Forward: the last user key handled (its older versions are skipped).
    /// Reverse: the first entry of the next user key, already pulled.
    carry: Option<Entry>,
}

impl VisibleIter {
    pub fn new(merge: MergeIter, reverse: bool, snap: SeqNo) -> VisibleIter {
        VisibleIter {
            merge,
            reverse,
            snap,
            carry: None,
        }
    }

    pub fn next_pair(&mut self) -> Result<Option<(Bytes, Bytes)>> {
        if self.reverse {
            self.next_reverse()
        } else {
            self.next_forward()
        }
    }

    /// Forward order gives each key's versions newest first: the first visible one decides.
    fn next_forward(&mut self) -> Result<Option<(Bytes, Bytes)>> {
        while let Some(e) = self.merge.next_entry()? {
            if e.seq > self.snap || self.carry.as_ref().is_some_and(|c| c.key == e.key) {
                continue;
            }
            let value = e.value.clone();
            let key = e.key.clone();
            self.carry = Some(e);
            if let Some(v) = value {
                return Ok(Some((key, v)));
            }
        }
        Ok(None)
    }

    /// Reverse order gives each key's versions oldest first: the last visible one decides, so
    /// a key is emitted only once the next key (or the end) shows up.
    fn next_reverse(&mut self) -> Result<Option<(Bytes, Bytes)>> {
        loop {
            let first = match self.carry.take() {
                Some(e) => e,
                None => match self.merge.next_entry()? {
                    Some(e) => e,
                    None => return Ok(None),
                },
            };
            let key = first.key.clone();
            let mut newest = (first.seq <= self.snap).then_some(first);
            while let Some(e) = self.merge.next_entry()? {
                if e.key != key {
                    self.carry = Some(e);
                    break;
                }
                if e.seq <= self.snap {
                    newest = Some(e);
                }
            }
            if let Some(Entry {
                key,
                value: Some(v),
                ..
            }) = newest
            {
                return Ok(Some((key, v)));
            }
        }
    }
}
