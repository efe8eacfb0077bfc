//! The journal (write-ahead log): numbered segment files of crc32-framed batch records shared by
//! all keyspaces. See docs/format.md.

mod replay;

pub use replay::replay;

use crate::fs::{FileSystem, WritableFile};
use crate::SeqNo;
use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A finished segment and the last sequence number it holds.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub id: u64,
    pub last_seq: SeqNo,
    pub len: u64,
}

pub fn segment_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(format!("{id:020}.log"))
}

/// Parses a segment file name back into its id.
pub fn segment_id(name: &str) -> Option<u64> {
    name.strip_suffix(".log")?.parse().ok()
}

/// Appended bytes are handed to the OS once this many have accumulated (or at the next sync).
const WRITE_BUFFER: usize = 64 << 10;

/// The journal being appended to. Only the commit leader (holding the writer lock) uses it.
///
/// Appends collect in a user-space buffer that is written out when it fills and before every
/// fsync, so a buffered write costs no system call; `Sync` writes are written and fsynced
/// before they are acknowledged, and buffered ones at the next interval sync or close.
pub struct Journal {
    fs: Arc<dyn FileSystem>,
    dir: PathBuf,
    file: Box<dyn WritableFile>,
    current: Segment,
    /// Finished segments still needed for recovery, oldest first.
    closed: VecDeque<Segment>,
    /// Appended frames not yet written to the file.
    buffer: Vec<u8>,
    /// Appended data not yet fsynced.
    dirty: bool,
}

impl Journal {
    /// Starts a new segment `next_id` after the recovered `closed` ones.
    pub fn create(
        fs: Arc<dyn FileSystem>,
        dir: PathBuf,
        next_id: u64,
        closed: Vec<Segment>,
        last_seq: SeqNo,
    ) -> io::Result<Journal> {
        let file = fs.create(&segment_path(&dir, next_id))?;
        fs.sync_dir(&dir)?;
        Ok(Journal {
            fs,
            dir,
            file,
            current: Segment {
                id: next_id,
                last_seq,
                len: 0,
            },
            closed: closed.into(),
            buffer: Vec::with_capacity(WRITE_BUFFER),
            dirty: false,
        })
    }

    /// Appends already framed records whose highest sequence number is `last_seq`.
    pub fn append(&mut self, frames: &[u8], last_seq: SeqNo) -> io::Result<()> {
        self.buffer.extend_from_slice(frames);
        self.current.len += frames.len() as u64;
        self.current.last_seq = last_seq;
        self.dirty = true;
        if self.buffer.len() >= WRITE_BUFFER {
            self.write_out()?;
        }
        Ok(())
    }

    /// Hands the buffered frames to the OS.
    fn write_out(&mut self) -> io::Result<()> {
        if !self.buffer.is_empty() {
            self.file.append(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// Writes out and fsyncs everything appended.
    pub fn sync(&mut self) -> io::Result<()> {
        if self.dirty {
            self.write_out()?;
            self.file.sync()?;
            self.dirty = false;
        }
        Ok(())
    }

    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn current_len(&self) -> u64 {
        self.current.len
    }

    /// Finishes the current segment (synced, so only the newest segment can have a torn tail)
    /// and starts the next one.
    pub fn rotate(&mut self) -> io::Result<()> {
        self.dirty = true;
        self.sync()?;
        let next = Segment {
            id: self.current.id.saturating_add(1),
            last_seq: self.current.last_seq,
            len: 0,
        };
        self.file = self.fs.create(&segment_path(&self.dir, next.id))?;
        self.fs.sync_dir(&self.dir)?;
        self.closed.push_back(self.current);
        self.current = next;
        Ok(())
    }

    /// Total size of finished segments still kept.
    pub fn closed_len(&self) -> u64 {
        self.closed.iter().map(|s| s.len).sum()
    }

    /// Last sequence number of the oldest kept finished segment.
    pub fn oldest_closed_seq(&self) -> Option<SeqNo> {
        self.closed.front().map(|s| s.last_seq)
    }

    /// Id of the oldest segment kept.
    pub fn oldest_id(&self) -> u64 {
        self.closed.front().map_or(self.current.id, |s| s.id)
    }

    /// Id of the oldest segment still needed once every record `<= seq` is in tables.
    pub fn first_needed(&self, seq: SeqNo) -> u64 {
        self.closed
            .iter()
            .find(|s| s.last_seq > seq)
            .map_or(self.current.id, |s| s.id)
    }

    /// Deletes the finished segments older than segment `id`.
    pub fn remove_before(&mut self, id: u64) -> io::Result<()> {
        while let Some(seg) = self.closed.front().copied() {
            if seg.id >= id {
                break;
            }
            self.fs.remove(&segment_path(&self.dir, seg.id))?;
            self.closed.pop_front();
        }
        Ok(())
    }
}
