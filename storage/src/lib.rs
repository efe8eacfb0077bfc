//! dynakv-storage: an ordered, durable key-value engine (LSM) with named keyspaces that share one
//! journal. It knows nothing of DynamoDB.
//!
//! ```
//! use dynakv_storage::{Db, Options, WriteBatch};
//! use std::ops::Bound;
//!
//! let db = Db::in_memory(Options::default())?;
//! let users = db.create_keyspace("users")?;
//! let mut batch = WriteBatch::new();
//! batch.put(&users, b"alice", b"1");
//! batch.put(&users, b"bob", b"2");
//! db.write(batch)?;
//! assert_eq!(db.get(&users, b"alice")?.as_deref(), Some(&b"1"[..]));
//! let snap = db.snapshot();
//! let keys: Vec<_> = snap
//!     .range(&users, Bound::Unbounded, Bound::Unbounded, true)
//!     .map(|r| r.map(|(k, _)| k))
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(keys, [&b"bob"[..], &b"alice"[..]]);
//! # Ok::<(), dynakv_storage::Error>(())
//! ```
//!
//! Layout: `journal/` (write-ahead log and group commit), `memtable`, `table/` (SST builder,
//! reader, iterators), `manifest/` (version edits), `version` and `state` (what readers see),
//! `iter/` (merge and snapshot views), `engine/` (commit, flush, compaction, recovery),
//! `fs/` (real or in-memory files). The on-disk format is in docs/format.md.
//!
//! Durability: every commit group is written to the journal (one `write` for the group)
//! before its writers return, so a process crash loses no acknowledged write.
//! `Durability::Sync` groups are also fsynced first (one fsync per group);
//! `Durability::Buffered` ones are fsynced every `Options::sync_interval`, on `Db::sync` and
//! on close, so a machine crash may lose the last interval.
//!
//! Testing: [`Db::open_with_fs`] over a shared [`fs::MemFs`] simulates power loss
//! ([`fs::MemFs::crash`]) and failing fsyncs ([`fs::MemFs::fail_syncs`]).

mod batch;
mod bloom;
mod codec;
mod commit_queue;
mod db;
mod engine;
mod error;
pub mod fs;
#[doc(hidden)]
pub mod fuzzing;
mod iter;
mod journal;
mod key;
mod manifest;
mod memtable;
mod options;
mod snapshot;
mod state;
mod table;
mod version;

pub use batch::WriteBatch;
pub use bytes::Bytes;
pub use db::{Db, Keyspace};
pub use error::{Error, Result};
pub use options::{Durability, Options};
pub use snapshot::{RangeIter, Snapshot};

/// Sequence number of a committed batch.
pub type SeqNo = u64;
