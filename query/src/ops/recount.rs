//! Recomputing ItemCount and TableSizeBytes when a database opens: one scan per table. Writes
//! keep them current afterwards (see `catalog::TableStats`).

use dynakv_storage::Bytes;
use std::ops::Bound;

use crate::Result;

use super::stored::{self, storage_error};
use super::Inner;

/// Sets every table's statistics from its stored items.
pub fn recount(db: &Inner) -> Result<()> {
    let snapshot = db.storage.snapshot();
    for table in db.catalog.tables() {
        let mut sizes = Vec::new();
        for entry in snapshot.range(&table.keyspace, Bound::Unbounded, Bound::Unbounded, false) {
            let (_, value): (Bytes, Bytes) = entry.map_err(storage_error)?;
            sizes.push(stored::item_size(&stored::decode(&value)?));
        }
        for size in sizes {
            table.stats.record(None, Some(size));
        }
    }
    Ok(())
}
