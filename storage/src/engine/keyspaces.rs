//! Creating and dropping keyspaces: a manifest record, then a state swap.

use super::Shared;
use crate::manifest::Edit;
use crate::memtable::Memtable;
use crate::state::KsState;
use crate::{Error, Result};
use std::sync::Arc;

impl Shared {
    /// Creates keyspace `name` durably; returns its id.
    pub fn create_keyspace(&self, name: &str) -> Result<u32> {
        self.check_poisoned()?;
        let mut manifest = self.manifest.lock();
        let state = self.current();
        if state.names.contains_key(name) {
            return Err(Error::KeyspaceExists(name.to_string()));
        }
        let id = manifest.next_keyspace();
        let edits = [Edit::CreateKeyspace {
            id,
            name: name.to_string(),
        }];
        manifest.append(&edits).map_err(|e| self.poison(e.into()))?;
        let mut next = (*state).clone();
        next.names.insert(name.to_string(), id);
        next.by_id.insert(
            id,
            Arc::new(KsState {
                id,
                active: Arc::new(Memtable::new(self.options.memtable_size)),
                frozen: Vec::new(),
                version: Arc::default(),
            }),
        );
        self.install(next);
        Ok(id)
    }

    /// Drops keyspace `name` durably. Its tables are deleted once no snapshot holds them, and
    /// its journal records are ignored by recovery.
    pub fn drop_keyspace(&self, name: &str) -> Result<()> {
        self.check_poisoned()?;
        self.remove_keyspace(name)?;
        self.recount_memory();
        self.progress_cv.notify_all();
        // Its unflushed writes no longer pin journal segments.
        self.release_journal()
    }

    fn remove_keyspace(&self, name: &str) -> Result<()> {
        let manifest = &mut *self.manifest.lock();
        let state = self.current();
        let Some(ks) = state.by_name(name).cloned() else {
            return Err(Error::NoSuchKeyspace(name.to_string()));
        };
        manifest
            .append(&[Edit::DropKeyspace { id: ks.id }])
            .map_err(|e| self.poison(e.into()))?;
        let mut next = (*state).clone();
        next.names.remove(name);
        next.by_id.remove(&ks.id);
        self.install(next);
        ks.version.tables().for_each(|t| t.mark_obsolete());
        Ok(())
    }
}
