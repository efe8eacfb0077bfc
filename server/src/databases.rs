//! The databases the server serves: one per access key + region (DynamoDB Local's default), or
//! one shared by everyone (`-sharedDb`). Opened lazily on a caller's first request.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use dynakv::Database;
use dynakv_storage::{Durability, Options};

use crate::auth::Caller;
use crate::config::Storage;

/// Name of the database every caller uses under `-sharedDb` (DynamoDB Local's file is
/// `shared-local-instance.db`).
const SHARED: &str = "shared-local-instance";

pub struct Databases {
    storage: Storage,
    shared: bool,
    /// Region of the shared database's ARNs; a per-caller database uses the caller's region.
    shared_region: String,
    /// The key of the shared database in `open`.
    shared_key: Caller<'static>,
    /// Open databases by caller (every caller under one key when shared). The lock is held
    /// while one opens, so a directory is never opened twice.
    open: Mutex<HashMap<Caller<'static>, Database>>,
}

impl Databases {
    pub fn new(storage: Storage, shared: bool, shared_region: String) -> Self {
        Databases {
            storage,
            shared,
            shared_region,
            shared_key: Caller {
                access_key: Cow::Borrowed(""),
                region: Cow::Borrowed(""),
            },
            open: Mutex::new(HashMap::new()),
        }
    }

    /// The caller's database if it is open already. Does not wait on I/O, unless another
    /// caller's database is being opened at that moment (the lock is held while it opens).
    pub fn get_open(&self, caller: &Caller<'static>) -> Option<Database> {
        self.lock().get(self.key(caller)).cloned()
    }

    /// The caller's database, opening it if needed. Blocking: call off the async runtime.
    pub fn get(&self, caller: &Caller<'static>) -> dynakv::Result<Database> {
        let key = self.key(caller);
        let mut open = self.lock();
        if let Some(db) = open.get(key) {
            return Ok(db.clone());
        }
        let (name, region) = self.name(caller);
        let db = match &self.storage {
            Storage::InMemory => {
                let mut config = db_config(region, Durability::Buffered);
                config.storage.memtable_size = dynakv::IN_MEMORY_MEMTABLE_BYTES;
                Database::in_memory_with(config)?
            }
            Storage::Dir(dir) => {
                let path = dir.join(&name);
                std::fs::create_dir_all(&path).map_err(|e| {
                    dynakv::Error::Internal(format!("cannot create {}: {e}", path.display()))
                })?;
                // A write is acknowledged only once it is on disk: a crash loses nothing the
                // client was told succeeded (group commit shares the fsync among writers).
                Database::open_with(&path, db_config(region, Durability::Sync))?
            }
        };
        open.insert(key.clone(), db.clone());
        Ok(db)
    }

    /// Syncs and closes every database. Returns the first sync failure.
    pub fn close_all(&self) -> dynakv::Result<()> {
        let mut open = self.lock();
        let synced = open.values().try_for_each(Database::sync);
        open.clear();
        synced
    }

    /// The caller's key in `open`.
    fn key<'a>(&'a self, caller: &'a Caller<'static>) -> &'a Caller<'static> {
        if self.shared {
            &self.shared_key
        } else {
            caller
        }
    }

    /// The directory name of the caller's database, and the region of its ARNs.
    fn name<'a>(&'a self, caller: &'a Caller<'static>) -> (String, &'a str) {
        if self.shared {
            (SHARED.to_string(), &self.shared_region)
        } else {
            (
                format!("{}_{}", escape(&caller.access_key), escape(&caller.region)),
                &caller.region,
            )
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Caller<'static>, Database>> {
        self.open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn db_config(region: &str, durability: Durability) -> dynakv::Config {
    dynakv::Config {
        region: region.to_string(),
        storage: Options {
            durability,
            ..Options::default()
        },
        ..dynakv::Config::default()
    }
}

/// A directory-name-safe, injective spelling of a credential component: `[A-Za-z0-9-]` stay,
/// every other byte becomes `~XX`, so `_` can separate key from region and no name can climb out
/// of the data directory.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("~{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escaping_is_safe_and_injective() {
        assert_eq!(escape("AKIDEXAMPLE"), "AKIDEXAMPLE");
        assert_eq!(escape("us-east-1"), "us-east-1");
        assert_eq!(escape("../x"), "~2E~2E~2Fx");
        assert_ne!(escape("a_b"), escape("a~5Fb"));
    }
}
