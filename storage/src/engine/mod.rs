//! The engine shared by every handle: state, commit path, background work.
//!
//! Locks, in the order they may be nested: `writer` (commit leader, memtable rotation) ->
//! `manifest` (every change of `state`) -> `state` (held only to clone or swap the Arc).
//! `snapshots` and `signals` are leaves.

mod background;
mod compaction;
mod flush;
mod keyspaces;
mod open;
mod read;
mod write;

pub use read::{get, range};

use crate::batch::WriteBatch;
use crate::commit_queue::CommitQueue;
use crate::fs::FileSystem;
use crate::journal::Journal;
use crate::manifest::Manifest;
use crate::options::{Durability, Options};
use crate::state::State;
use crate::{Error, Result, SeqNo};
use parking_lot::{Condvar, Mutex, RwLock};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

/// What the commit leader owns.
pub struct Writer {
    pub journal: Journal,
    /// Whether commits are appended to the journal. Only a database whose files die with it
    /// (`Db::in_memory`) goes without: its journal stays empty, so nothing pins memtables,
    /// rotates segments or needs a sync.
    pub journaled: bool,
    /// Highest sequence number assigned (all of them are visible once the leader finishes).
    pub last_seq: SeqNo,
    /// Reused buffer for a group's journal frames.
    pub frames: Vec<u8>,
}

/// Flags the background threads wait on.
#[derive(Default)]
pub struct Signals {
    pub flush: bool,
    pub compact: bool,
    pub shutdown: bool,
}

/// A write waiting in the commit queue.
pub struct Pending {
    pub batch: WriteBatch,
    pub durability: Durability,
}

pub struct Shared {
    pub fs: Arc<dyn FileSystem>,
    pub tables_dir: PathBuf,
    pub options: Options,
    /// The current state; readers clone the Arc and never block writers.
    pub state: RwLock<Arc<State>>,
    /// Highest sequence number whose batch (and every earlier one) is in the memtables.
    pub visible: AtomicU64,
    pub writer: Mutex<Writer>,
    pub queue: CommitQueue<Pending, Result<SeqNo>>,
    /// Serialises every state change with its manifest record.
    pub manifest: Mutex<Manifest>,
    /// Live snapshots: sequence number -> count.
    pub snapshots: Mutex<BTreeMap<SeqNo, usize>>,
    /// Set after a failed write or fsync; writes then fail with `Error::Poisoned`.
    pub poisoned: AtomicBool,
    /// Approximate memory of all memtables.
    pub mem_total: AtomicUsize,
    pub next_table: AtomicU64,
    pub signals: Mutex<Signals>,
    /// Wakes background threads.
    pub work_cv: Condvar,
    /// Wakes writers stalled on memory and callers of `flush`.
    pub progress_cv: Condvar,
    /// Held by whoever runs a compaction, so two never pick the same tables.
    pub compaction: Mutex<()>,
}

impl Shared {
    pub fn current(&self) -> Arc<State> {
        self.state.read().clone()
    }

    /// Installs a new state. Callers hold the manifest lock.
    fn install(&self, state: State) {
        *self.state.write() = Arc::new(state);
    }

    pub fn visible(&self) -> SeqNo {
        self.visible.load(Ordering::Acquire)
    }

    /// Refuses writes from now on; returns the error to report for the failure at hand.
    fn poison(&self, e: Error) -> Error {
        self.poisoned.store(true, Ordering::SeqCst);
        self.progress_cv.notify_all();
        e
    }

    pub fn check_poisoned(&self) -> Result<()> {
        if self.poisoned.load(Ordering::SeqCst) {
            Err(Error::Poisoned)
        } else {
            Ok(())
        }
    }

    /// Registers a snapshot at the visible sequence number. Registration and the read of
    /// `visible` happen under one lock that compaction also takes, so a compaction either
    /// sees this snapshot or computed its horizon before it existed (and then at most at
    /// this sequence number).
    pub fn register_snapshot(&self) -> SeqNo {
        let mut snaps = self.snapshots.lock();
        let seq = self.visible();
        *snaps.entry(seq).or_insert(0) += 1;
        seq
    }

    pub fn release_snapshot(&self, seq: SeqNo) {
        let mut snaps = self.snapshots.lock();
        if let Some(n) = snaps.get_mut(&seq) {
            *n -= 1;
            if *n == 0 {
                snaps.remove(&seq);
            }
        }
    }

    /// The oldest sequence number a reader may still read at.
    fn oldest_snapshot(&self) -> SeqNo {
        let snaps = self.snapshots.lock();
        let visible = self.visible();
        snaps.keys().next().map_or(visible, |&s| s.min(visible))
    }

    fn signal(&self, f: impl FnOnce(&mut Signals)) {
        f(&mut self.signals.lock());
        self.work_cv.notify_all();
    }

    /// fsyncs the journal; a failure poisons the engine.
    pub fn sync(&self) -> Result<()> {
        self.check_poisoned()?;
        let mut w = self.writer.lock();
        w.journal.sync().map_err(|e| self.poison(e.into()))
    }
}

#[cfg(test)]
mod tests;
