//! One key-value interface over the engines being compared, so every workload runs the same
//! code against each of them.

use std::fmt;
use std::ops::Bound;
use std::path::Path;

use dynakv_storage::{Db, Durability, Keyspace, Options, WriteBatch};
use fjall::{KeyspaceCreateOptions, PersistMode};

/// Name of the single keyspace every engine benchmark writes to.
const KEYSPACE: &str = "bench";

/// An error from either engine.
#[derive(Debug)]
pub enum EngineError {
    Dynakv(dynakv_storage::Error),
    Fjall(fjall::Error),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Dynakv(e) => write!(f, "dynakv-storage: {e}"),
            EngineError::Fjall(e) => write!(f, "fjall: {e}"),
        }
    }
}

impl std::error::Error for EngineError {}

impl From<dynakv_storage::Error> for EngineError {
    fn from(e: dynakv_storage::Error) -> Self {
        EngineError::Dynakv(e)
    }
}

impl From<fjall::Error> for EngineError {
    fn from(e: fjall::Error) -> Self {
        EngineError::Fjall(e)
    }
}

pub type Result<T> = std::result::Result<T, EngineError>;

/// The operations the engine comparison measures. `sync` asks for the write to be fsynced before
/// the call returns; otherwise it is buffered (journaled, fsynced later).
pub trait KvEngine: Send + Sync {
    fn name(&self) -> &'static str;
    fn put(&self, key: &[u8], value: &[u8], sync: bool) -> Result<()>;
    /// The value's length if the key is present (the value itself is read, then dropped).
    fn get(&self, key: &[u8]) -> Result<Option<usize>>;
    /// Reads up to `n` entries from `start` upwards; returns how many were read.
    fn scan(&self, start: &[u8], n: usize) -> Result<usize>;
    /// Flushes memtables and compacts, waiting until done, so reads hit a settled tree.
    fn settle(&self) -> Result<()>;
}

/// dynakv-storage with its default options (buffered durability).
pub struct DynakvEngine {
    db: Db,
    ks: Keyspace,
}

impl DynakvEngine {
    pub fn open(dir: &Path) -> Result<DynakvEngine> {
        let db = Db::open(dir, Options::default())?;
        let ks = match db.keyspace(KEYSPACE) {
            Some(ks) => ks,
            None => db.create_keyspace(KEYSPACE)?,
        };
        Ok(DynakvEngine { db, ks })
    }
}

impl KvEngine for DynakvEngine {
    fn name(&self) -> &'static str {
        "dynakv"
    }

    fn put(&self, key: &[u8], value: &[u8], sync: bool) -> Result<()> {
        let mut batch = WriteBatch::new();
        batch.put(&self.ks, key, value);
        let durability = if sync {
            Durability::Sync
        } else {
            Durability::Buffered
        };
        self.db.write_with(batch, durability)?;
        Ok(())
    }

    fn get(&self, key: &[u8]) -> Result<Option<usize>> {
        Ok(self.db.get(&self.ks, key)?.map(|v| v.len()))
    }

    fn scan(&self, start: &[u8], n: usize) -> Result<usize> {
        let snap = self.db.snapshot();
        let mut count = 0;
        for kv in snap
            .range(&self.ks, Bound::Included(start), Bound::Unbounded, false)
            .take(n)
        {
            kv?;
            count += 1;
        }
        Ok(count)
    }

    fn settle(&self) -> Result<()> {
        self.db.flush()?;
        self.db.compact()?;
        Ok(())
    }
}

/// fjall as its README configures it (defaults: 32 MiB block cache, LZ4, background workers).
/// Sync writes go through a write batch with `PersistMode::SyncData` (fdatasync), which is how a
/// fjall user asks for a durable write.
pub struct FjallEngine {
    db: fjall::Database,
    ks: fjall::Keyspace,
}

impl FjallEngine {
    pub fn open(dir: &Path) -> Result<FjallEngine> {
        let db = fjall::Database::builder(dir).open()?;
        let ks = db.keyspace(KEYSPACE, KeyspaceCreateOptions::default)?;
        Ok(FjallEngine { db, ks })
    }
}

impl KvEngine for FjallEngine {
    fn name(&self) -> &'static str {
        "fjall"
    }

    fn put(&self, key: &[u8], value: &[u8], sync: bool) -> Result<()> {
        if sync {
            let mut batch = self.db.batch().durability(Some(PersistMode::SyncData));
            batch.insert(&self.ks, key, value);
            batch.commit()?;
        } else {
            self.ks.insert(key, value)?;
        }
        Ok(())
    }

    fn get(&self, key: &[u8]) -> Result<Option<usize>> {
        Ok(self.ks.get(key)?.map(|v| v.len()))
    }

    fn scan(&self, start: &[u8], n: usize) -> Result<usize> {
        let mut count = 0;
        for guard in self.ks.range(start..).take(n) {
            guard.into_inner()?;
            count += 1;
        }
        Ok(count)
    }

    fn settle(&self) -> Result<()> {
        self.ks.rotate_memtable_and_wait()?;
        // A full compaction leaves fjall one sorted run: the best case for its reads.
        self.ks.major_compact()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::key;

    /// The same small workload gives the same answers on both engines.
    fn exercise(engine: &dyn KvEngine) -> Result<()> {
        for i in 0..500u64 {
            engine.put(&key(i), &[i as u8; 100], i % 100 == 0)?;
        }
        engine.settle()?;
        assert_eq!(engine.get(&key(42))?, Some(100));
        assert_eq!(engine.get(&crate::keys::missing_key(42))?, None);
        assert_eq!(engine.scan(&key(450), 100)?, 50);
        Ok(())
    }

    #[test]
    fn fjall_answers_the_workload() -> Result<()> {
        let dir = tempfile::tempdir().map_err(fjall::Error::from)?;
        exercise(&FjallEngine::open(dir.path())?)
    }

    #[test]
    fn dynakv_answers_the_workload() -> Result<()> {
        let dir = tempfile::tempdir().map_err(dynakv_storage::Error::from)?;
        exercise(&DynakvEngine::open(dir.path())?)
    }
}
