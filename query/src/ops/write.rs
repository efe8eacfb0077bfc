//! The single-item write path: lock the item's key, read the old item, let the operation decide
//! (check its condition, compute the new item), then commit ONE storage batch and update the
//! table's statistics. The lock makes read-check-write atomic per item.

use dynakv_storage::WriteBatch;

use crate::capacity::write_units;
use crate::catalog::Table;
use crate::value::Item;
use crate::Result;

use super::locks::KeyLocks;
use super::stored::{self, storage_error};
use super::Inner;

/// What a write does to the item.
pub enum Change {
    /// Store this item (insert or replace).
    Put(Item),
    /// Remove the item.
    Delete,
}

/// The outcome of a write: the item before and after, and the write units it consumed.
pub struct Written {
    pub old: Option<Item>,
    pub new: Option<Item>,
    pub units: f64,
}

/// Runs `decide` on the current item under the item's lock and applies its change.
/// `decide` returns an error (e.g. ConditionalCheckFailed) to abort without writing.
pub fn write_item(
    db: &Inner,
    table: &Table,
    key: &[u8],
    decide: impl FnOnce(Option<&Item>) -> Result<Change>,
) -> Result<Written> {
    let _guard = db.locks.lock(&table.meta.id, key);
    let old = stored::read(None, &db.storage, &table.keyspace, key)?;
    let change = decide(old.as_ref())?;
    let old_size = old.as_ref().map(stored::item_size);
    let (new, new_size) = match change {
        Change::Put(item) => {
            let encoded = stored::encode(&item);
            let mut batch = WriteBatch::new();
            batch.put(&table.keyspace, key, &encoded);
            db.storage.write(batch).map_err(storage_error)?;
            let size = stored::item_size(&item);
            (Some(item), Some(size))
        }
        Change::Delete if old.is_some() => {
            let mut batch = WriteBatch::new();
            batch.delete(&table.keyspace, key);
            db.storage.write(batch).map_err(storage_error)?;
            (None, None)
        }
        Change::Delete => (None, None),
    };
    table.stats.record(old_size, new_size);
    let units = write_units(old_size.max(new_size).unwrap_or(0) as u64);
    Ok(Written { old, new, units })
}

/// One unconditional write of a batch: the table, the item's storage key, and the new item
/// (`None` deletes).
pub struct BatchWrite<'t> {
    pub table: &'t Table,
    pub key: Vec<u8>,
    pub item: Option<Item>,
}

/// Applies unconditional writes (BatchWriteItem) as ONE storage batch, holding every item's lock
/// so statistics see each old item exactly once. Returns the write units of each write.
pub fn write_many(db: &Inner, writes: Vec<BatchWrite>) -> Result<Vec<f64>> {
    let stripes = writes
        .iter()
        .map(|w| KeyLocks::stripe(&w.table.meta.id, &w.key))
        .collect();
    let _guards = db.locks.lock_stripes(stripes);
    let mut batch = WriteBatch::new();
    let mut sizes = Vec::with_capacity(writes.len());
    for w in &writes {
        let old = stored::read(None, &db.storage, &w.table.keyspace, &w.key)?;
        let old_size = old.as_ref().map(stored::item_size);
        let new_size = w.item.as_ref().map(stored::item_size);
        match &w.item {
            Some(item) => batch.put(&w.table.keyspace, &w.key, &stored::encode(item)),
            None => batch.delete(&w.table.keyspace, &w.key),
        }
        sizes.push((old_size, new_size));
    }
    db.storage.write(batch).map_err(storage_error)?;
    let mut units = Vec::with_capacity(writes.len());
    for (w, (old_size, new_size)) in writes.iter().zip(sizes) {
        w.table.stats.record(old_size, new_size);
        units.push(write_units(old_size.max(new_size).unwrap_or(0) as u64));
    }
    Ok(units)
}
