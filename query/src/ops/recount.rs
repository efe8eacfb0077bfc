//! Recomputing ItemCount and TableSizeBytes when a database opens: one scan per table. Writes
//! keep them current afterwards (see `catalog::TableStats`).

use dynakv_storage::{Bytes, Keyspace, Snapshot};
use std::ops::Bound;

use crate::catalog::TableStats;
use crate::Result;

use super::stored::{self, storage_error};
use super::Inner;

/// Sets every table's statistics from its stored items.
pub fn recount(db: &Inner) -> Result<()> {
    let snapshot = db.storage.snapshot();
    for table in db.catalog.tables() {
        count(&snapshot, &table.keyspace, &table.stats)?;
        for index in &table.indexes {
            count(&snapshot, &index.keyspace, &index.stats)?;
        }
    }
    Ok(())
}

fn count(snapshot: &Snapshot, keyspace: &Keyspace, stats: &TableStats) -> Result<()> {
    for entry in snapshot.range(keyspace, Bound::Unbounded, Bound::Unbounded, false) {
        let (_, value): (Bytes, Bytes) = entry.map_err(storage_error)?;
        stats.record(None, Some(stored::item_size(&stored::decode(&value)?)));
    }
    Ok(())
}
