//! The public handles: [`Db`] and [`Keyspace`].

use crate::batch::WriteBatch;
use crate::engine::{self, Shared};
use crate::fs::{DirLock, DiskFs, FileSystem, MemFs};
use crate::options::{Durability, Options};
use crate::snapshot::Snapshot;
use crate::{Error, Result, SeqNo};
use bytes::Bytes;
use parking_lot::Mutex;
use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;

/// A handle to a keyspace: cheap to clone.
#[derive(Clone, Debug)]
pub struct Keyspace {
    inner: Arc<KeyspaceId>,
}

#[derive(Debug)]
struct KeyspaceId {
    id: u32,
    name: String,
}

impl Keyspace {
    fn new(id: u32, name: &str) -> Keyspace {
        Keyspace {
            inner: Arc::new(KeyspaceId {
                id,
                name: name.to_string(),
            }),
        }
    }

    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The id under which the journal and manifest record this keyspace (never reused).
    pub(crate) fn id(&self) -> u32 {
        self.inner.id
    }
}

/// The database: cheap to clone (shared inner state), Send + Sync.
#[derive(Clone)]
pub struct Db {
    handle: Arc<Handle>,
}

/// Owns the background threads; dropping the last `Db` stops them and syncs the journal.
struct Handle {
    shared: Arc<Shared>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    /// Released last, once the threads are stopped and the journal synced.
    _lock: Box<dyn DirLock>,
}

impl Drop for Handle {
    fn drop(&mut self) {
        self.shared.shutdown();
        for t in self.threads.lock().drain(..) {
            let _ = t.join();
        }
        // Buffered writes become durable on close; an error here has nobody to report to, and
        // the writes stay in the journal file for the OS to write back.
        let _ = self.shared.sync();
    }
}

impl Db {
    /// Opens (creating if needed) the database in `dir`, recovering from manifest + journal.
    pub fn open(dir: impl AsRef<Path>, options: Options) -> Result<Db> {
        Db::open_with_fs(Arc::new(DiskFs), dir.as_ref(), options)
    }

    /// A database over memory-backed files: the same code path, no disk I/O. Nothing can
    /// reopen its private files, so it keeps no journal: writes go to the memtables only
    /// (a journal would cost a copy of every write, in memory, for no recovery).
    pub fn in_memory(options: Options) -> Result<Db> {
        Db::open_journaled(Arc::new(MemFs::new()), Path::new("/dynakv"), options, false)
    }

    /// Opens the database in `dir` of the given file system (e.g. a shared [`MemFs`] to
    /// simulate crashes and reopen).
    pub fn open_with_fs(fs: Arc<dyn FileSystem>, dir: &Path, options: Options) -> Result<Db> {
        Db::open_journaled(fs, dir, options, true)
    }

    fn open_journaled(
        fs: Arc<dyn FileSystem>,
        dir: &Path,
        options: Options,
        journaled: bool,
    ) -> Result<Db> {
        fs.create_dir_all(dir)?;
        let lock = fs.lock_dir(dir)?;
        let shared = Shared::open(fs, dir, options, journaled)?;
        let threads = shared.spawn_background()?;
        shared.after_open()?;
        Ok(Db {
            handle: Arc::new(Handle {
                shared,
                threads: Mutex::new(threads),
                _lock: lock,
            }),
        })
    }

    fn shared(&self) -> &Arc<Shared> {
        &self.handle.shared
    }

    /// Creates a keyspace durably. Error::KeyspaceExists if it exists.
    pub fn create_keyspace(&self, name: &str) -> Result<Keyspace> {
        let id = self.shared().create_keyspace(name)?;
        Ok(Keyspace::new(id, name))
    }

    /// An existing keyspace by name.
    pub fn keyspace(&self, name: &str) -> Option<Keyspace> {
        let state = self.shared().current();
        state.names.get(name).map(|&id| Keyspace::new(id, name))
    }

    /// Drops a keyspace durably and cheaply (no data rewrite); its files are deleted once no
    /// reader holds them.
    pub fn drop_keyspace(&self, name: &str) -> Result<()> {
        self.shared().drop_keyspace(name)
    }

    /// Names of all keyspaces, sorted.
    pub fn list_keyspaces(&self) -> Vec<String> {
        self.shared().current().names.keys().cloned().collect()
    }

    /// Commits a batch atomically with the default durability.
    pub fn write(&self, batch: WriteBatch) -> Result<SeqNo> {
        self.write_with(batch, self.shared().options.durability)
    }

    /// Commits a batch atomically with the given durability.
    pub fn write_with(&self, batch: WriteBatch, durability: Durability) -> Result<SeqNo> {
        self.shared().write(batch, durability)
    }

    /// Latest committed value.
    pub fn get(&self, ks: &Keyspace, key: &[u8]) -> Result<Option<Bytes>> {
        let shared = self.shared();
        // `visible` first: the state read after it holds every write up to it.
        let seq = shared.visible();
        let state = shared.current();
        let ks_state = state
            .by_id
            .get(&ks.id())
            .ok_or_else(|| Error::NoSuchKeyspace(ks.name().to_string()))?;
        engine::get(ks_state, key, seq)
    }

    /// A consistent view at the current sequence number; readers never block writers.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot::new(self.shared().clone())
    }

    /// Flushes all memtables to SSTs and waits (tests, shutdown).
    pub fn flush(&self) -> Result<()> {
        self.shared().flush_all()
    }

    /// Runs compaction until no level needs it, and waits (tests, benches).
    pub fn compact(&self) -> Result<()> {
        self.shared().compact_all()
    }

    /// fsyncs the journal (also done on close and on drop of the last handle).
    pub fn sync(&self) -> Result<()> {
        self.shared().sync()
    }
}
