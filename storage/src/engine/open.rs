//! Opening: manifest, tables, journal replay, then a fresh manifest and journal segment.

use super::{Shared, Signals, Writer};
use crate::batch;
use crate::commit_queue::CommitQueue;
use crate::fs::FileSystem;
use crate::journal::{self, Journal};
use crate::manifest::{KeyspaceMeta, Manifest, ManifestState};
use crate::memtable::Memtable;
use crate::options::Options;
use crate::state::{KsState, State};
use crate::table::{table_id, table_path, Table};
use crate::version::Version;
use crate::{Error, Result, SeqNo};
use bytes::Bytes;
use parking_lot::{Condvar, Mutex, RwLock};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize};
use std::sync::Arc;

impl Shared {
    /// Recovers the engine stored in `dir` (creating it if empty).
    /// Opens the engine in `dir`; without `journaled`, commits skip the journal (see
    /// [`Writer::journaled`]).
    pub fn open(
        fs: Arc<dyn FileSystem>,
        dir: &Path,
        options: Options,
        journaled: bool,
    ) -> Result<Arc<Shared>> {
        let journal_dir = dir.join("journal");
        let tables_dir = dir.join("tables");
        for d in [dir, &journal_dir, &tables_dir] {
            fs.create_dir_all(d)?;
        }
        let has_data = !fs.list(&journal_dir)?.is_empty() || !fs.list(&tables_dir)?.is_empty();
        let mut manifest = Manifest::recover(&*fs, dir, has_data)?;
        // Open the listed tables before deleting unlisted ones: if the manifest is damaged,
        // opening fails and no file is lost.
        let state = open_tables(&fs, &tables_dir, &manifest, options.memtable_size)?;
        let next_table = remove_orphans(&*fs, &tables_dir, &manifest)?;
        let flushed: BTreeMap<u32, SeqNo> = manifest
            .keyspaces
            .iter()
            .map(|(&id, k)| (id, k.flushed))
            .collect();
        let replayed =
            journal::replay(&*fs, &journal_dir, manifest.journal_from, |seq, payload| {
                replay_batch(&state, &flushed, seq, payload)
            })?;
        manifest.last_seq = manifest.last_seq.max(replayed.max_seq);
        manifest.journal_from = replayed.segments.first().map_or(replayed.next_id, |s| s.id);
        let last_seq = manifest.last_seq;
        let manifest = Manifest::rewrite(fs.clone(), dir, manifest)?;
        let journal = Journal::create(
            fs.clone(),
            journal_dir,
            replayed.next_id,
            replayed.segments,
            last_seq,
        )?;
        let mem_total = state.mem_size();
        Ok(Arc::new(Shared {
            fs,
            tables_dir,
            options,
            state: RwLock::new(Arc::new(state)),
            visible: AtomicU64::new(last_seq),
            writer: Mutex::new(Writer {
                journal,
                journaled,
                last_seq,
                frames: Vec::new(),
            }),
            queue: CommitQueue::default(),
            manifest: Mutex::new(manifest),
            snapshots: Mutex::new(BTreeMap::new()),
            poisoned: AtomicBool::new(false),
            mem_total: AtomicUsize::new(mem_total),
            next_table: AtomicU64::new(next_table),
            signals: Mutex::new(Signals::default()),
            work_cv: Condvar::new(),
            progress_cv: Condvar::new(),
            compaction: Mutex::new(()),
        }))
    }

    /// Work after recovery: freezes memtables that replay filled past their size, so they get
    /// flushed, and deletes journal segments that hold nothing unflushed (e.g. only writes to
    /// dropped keyspaces).
    pub fn after_open(&self) -> Result<()> {
        self.rotate_full_memtables();
        self.release_journal()
    }

    fn rotate_full_memtables(&self) {
        let mut w = self.writer.lock();
        let full: Vec<u32> = self
            .current()
            .by_id
            .values()
            .filter(|k| k.active.size() >= self.options.memtable_size)
            .map(|k| k.id)
            .collect();
        for id in full {
            self.rotate(&mut w, id);
        }
    }
}

/// Deletes table files the manifest does not list (left by a crash between writing a table and
/// recording it, or by a drop); returns the next free table id.
fn remove_orphans(fs: &dyn FileSystem, dir: &Path, manifest: &ManifestState) -> Result<u64> {
    let live: HashSet<u64> = manifest
        .keyspaces
        .values()
        .flat_map(|k| k.levels.iter().flatten())
        .map(|t| t.id)
        .collect();
    let mut next = live.iter().max().map_or(1, |m| m.saturating_add(1));
    for id in fs.list(dir)?.iter().filter_map(|n| table_id(n)) {
        next = next.max(id.saturating_add(1));
        if !live.contains(&id) {
            fs.remove(&table_path(dir, id))?;
        }
    }
    Ok(next)
}

/// The state described by the manifest, with empty memtables rotated at `memtable_size`.
fn open_tables(
    fs: &Arc<dyn FileSystem>,
    dir: &Path,
    manifest: &ManifestState,
    memtable_size: usize,
) -> Result<State> {
    let mut state = State::default();
    for (&id, meta) in &manifest.keyspaces {
        state.names.insert(meta.name.clone(), id);
        let ks = KsState {
            id,
            active: Arc::new(Memtable::new(memtable_size)),
            frozen: Vec::new(),
            version: Arc::new(open_version(fs, dir, meta)?),
        };
        state.by_id.insert(id, Arc::new(ks));
    }
    Ok(state)
}

fn open_version(fs: &Arc<dyn FileSystem>, dir: &Path, meta: &KeyspaceMeta) -> Result<Version> {
    let mut version = Version::default();
    for (level, tables) in meta.levels.iter().enumerate() {
        for t in tables {
            let table = Table::open(fs.clone(), dir, t.clone()).map_err(|e| match e {
                Error::Io(io) if io.kind() == std::io::ErrorKind::NotFound => Error::corrupt(
                    &table_path(dir, t.id).display().to_string(),
                    0,
                    "table listed in the manifest is missing",
                ),
                e => e,
            })?;
            version.levels[level].push(Arc::new(table));
        }
    }
    Ok(version)
}

/// Re-inserts one journal batch, skipping keyspaces that no longer exist and writes already
/// in tables.
fn replay_batch(
    state: &State,
    flushed: &BTreeMap<u32, SeqNo>,
    seq: SeqNo,
    payload: &Bytes,
) -> Result<(), &'static str> {
    let (_, ops) = batch::decode(payload)?;
    for op in ops {
        let op = op?;
        let Some(ks) = state.by_id.get(&op.keyspace) else {
            continue;
        };
        if flushed.get(&op.keyspace).is_some_and(|&f| seq <= f) {
            continue;
        }
        ks.active.insert(op.key, seq, op.value);
    }
    Ok(())
}
