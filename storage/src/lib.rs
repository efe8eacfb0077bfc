//! dynakv-storage: an ordered, durable key-value engine (LSM) with named keyspaces that share one
//! journal. It knows nothing of DynamoDB.
//!
//! PUBLIC API CONTRACT (the query crate is written against exactly these signatures; the bodies
//! are being implemented, see docs/storage-api.md).

use std::ops::Bound;
use std::path::Path;
use std::time::Duration;

pub use bytes::Bytes;

/// Errors of the engine.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An I/O error from the OS.
    Io(std::io::Error),
    /// Stored data failed a checksum or structural check.
    Corruption { file: String, offset: u64, reason: String },
    /// A previous fsync failed; the engine refuses further writes.
    Poisoned,
    /// The named keyspace does not exist (or was dropped).
    NoSuchKeyspace(String),
    /// The keyspace already exists.
    KeyspaceExists(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Io(e) => write!(f, "I/O error: {e}"),
            Error::Corruption { file, offset, reason } => {
                write!(f, "corruption in {file} at offset {offset}: {reason}")
            }
            Error::Poisoned => write!(f, "an earlier fsync failed; writes are refused"),
            Error::NoSuchKeyspace(n) => write!(f, "no such keyspace: {n}"),
            Error::KeyspaceExists(n) => write!(f, "keyspace already exists: {n}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// When a write is acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// fsynced before the write call returns (group commit shares one fsync among writers).
    Sync,
    /// written to the journal; fsynced on an interval and on close.
    Buffered,
}

/// Engine options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Default durability of writes.
    pub durability: Durability,
    /// fsync interval for `Buffered` writes.
    pub sync_interval: Duration,
    /// Size at which a keyspace's memtable is rotated and flushed.
    pub memtable_size: usize,
    /// Total memtable budget across keyspaces (active + immutable); writers stall above it.
    pub memtable_budget: usize,
    /// Target SST data block size.
    pub block_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            durability: Durability::Buffered,
            sync_interval: Duration::from_millis(100),
            memtable_size: 16 << 20,
            memtable_budget: 64 << 20,
            block_size: 4096,
        }
    }
}

/// Sequence number of a committed batch.
pub type SeqNo = u64;

/// A handle to a keyspace: cheap to clone.
#[derive(Clone, Debug)]
pub struct Keyspace {
    // implementation-defined (id + name)
}

impl Keyspace {
    pub fn name(&self) -> &str {
        unimplemented!()
    }
}

/// Puts and deletes across any keyspaces, committed atomically.
#[derive(Default)]
pub struct WriteBatch {}

impl WriteBatch {
    pub fn new() -> Self {
        unimplemented!()
    }
    pub fn put(&mut self, ks: &Keyspace, key: &[u8], value: &[u8]) {
        let _ = (ks, key, value);
        unimplemented!()
    }
    pub fn delete(&mut self, ks: &Keyspace, key: &[u8]) {
        let _ = (ks, key);
        unimplemented!()
    }
    pub fn is_empty(&self) -> bool {
        unimplemented!()
    }
}

/// The database: cheap to clone (shared inner state), Send + Sync.
#[derive(Clone)]
pub struct Db {}

impl Db {
    /// Opens (creating if needed) the database in `dir`, recovering from manifest + journal.
    pub fn open(dir: impl AsRef<Path>, options: Options) -> Result<Db> {
        let _ = (dir.as_ref(), options);
        unimplemented!()
    }
    /// A database over memory-backed files: the same code path, no disk I/O.
    pub fn in_memory(options: Options) -> Result<Db> {
        let _ = options;
        unimplemented!()
    }
    /// Creates a keyspace durably. Error::KeyspaceExists if it exists.
    pub fn create_keyspace(&self, name: &str) -> Result<Keyspace> {
        let _ = name;
        unimplemented!()
    }
    /// An existing keyspace by name.
    pub fn keyspace(&self, name: &str) -> Option<Keyspace> {
        let _ = name;
        unimplemented!()
    }
    /// Drops a keyspace durably and cheaply (no data rewrite); its files are deleted once no
    /// reader holds them.
    pub fn drop_keyspace(&self, name: &str) -> Result<()> {
        let _ = name;
        unimplemented!()
    }
    /// Names of all keyspaces, sorted.
    pub fn list_keyspaces(&self) -> Vec<String> {
        unimplemented!()
    }
    /// Commits a batch atomically with the default durability.
    pub fn write(&self, batch: WriteBatch) -> Result<SeqNo> {
        let _ = batch;
        unimplemented!()
    }
    /// Commits a batch atomically with the given durability.
    pub fn write_with(&self, batch: WriteBatch, durability: Durability) -> Result<SeqNo> {
        let _ = (batch, durability);
        unimplemented!()
    }
    /// Latest committed value.
    pub fn get(&self, ks: &Keyspace, key: &[u8]) -> Result<Option<Bytes>> {
        let _ = (ks, key);
        unimplemented!()
    }
    /// A consistent view at the current sequence number; readers never block writers.
    pub fn snapshot(&self) -> Snapshot {
        unimplemented!()
    }
    /// Flushes all memtables to SSTs and waits (tests, shutdown).
    pub fn flush(&self) -> Result<()> {
        unimplemented!()
    }
    /// Runs compaction until no level needs it, and waits (tests, benches).
    pub fn compact(&self) -> Result<()> {
        unimplemented!()
    }
    /// fsyncs the journal (also done on close and on drop of the last handle).
    pub fn sync(&self) -> Result<()> {
        unimplemented!()
    }
}

/// A read view at a fixed sequence number. Holding it keeps the versions it can see.
#[derive(Clone)]
pub struct Snapshot {}

impl Snapshot {
    pub fn seqno(&self) -> SeqNo {
        unimplemented!()
    }
    pub fn get(&self, ks: &Keyspace, key: &[u8]) -> Result<Option<Bytes>> {
        let _ = (ks, key);
        unimplemented!()
    }
    /// Keys in `[lower, upper]` (per the bounds), ascending, or descending when `reverse`.
    pub fn range(
        &self,
        ks: &Keyspace,
        lower: Bound<&[u8]>,
        upper: Bound<&[u8]>,
        reverse: bool,
    ) -> RangeIter {
        let _ = (ks, lower, upper, reverse);
        unimplemented!()
    }
}

/// Iterator over `(key, value)` pairs of a snapshot; an error ends the iteration.
pub struct RangeIter {}

impl Iterator for RangeIter {
    type Item = Result<(Bytes, Bytes)>;
    fn next(&mut self) -> Option<Self::Item> {
        unimplemented!()
    }
}
