//! The single-item write path: lock the item's key, read the old item, let the operation decide
//! (check its condition, compute the new item), then commit ONE storage batch and update the
//! table's statistics. The lock makes read-check-write atomic per item.

use dynakv_storage::WriteBatch;

use crate::capacity::{write_units, Cost};
use crate::catalog::Table;
use crate::value::Item;
use crate::{codec, Result};

use super::index_write::{self, check_index_keys, EntryDelta};
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
    pub cost: Cost,
}

/// How much of the item a write replaces its caller needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Old {
    /// The item itself: `decide` sees it and `Written::old` holds it.
    Item,
    /// Only its size (statistics, write units): `decide` sees `None` and `Written::old` is
    /// `None`. Saves decoding the stored item, unless the table's indexes need it.
    Size,
}

/// The item a write replaces, read under the item's lock.
struct Current {
    /// The item, when decoded.
    item: Option<Item>,
    /// Its size; `None` when there is no item.
    size: Option<usize>,
}

impl Current {
    fn read(db: &Inner, table: &Table, key: &[u8], want: Old) -> Result<Current> {
        let Some(bytes) = db
            .storage
            .get(&table.keyspace, key)
            .map_err(storage_error)?
        else {
            return Ok(Current {
                item: None,
                size: None,
            });
        };
        if want == Old::Size && table.meta.indexes.is_empty() {
            let size = codec::encoded_item_size(&bytes)?;
            return Ok(Current {
                item: None,
                size: Some(size),
            });
        }
        let item = stored::decode(&bytes)?;
        Ok(Current {
            size: Some(stored::item_size(&item)),
            item: Some(item),
        })
    }
}

/// Runs `decide` on the current item under the item's lock and applies its change.
/// `decide` returns an error (e.g. ConditionalCheckFailed) to abort without writing.
pub fn write_item(
    db: &Inner,
    table: &Table,
    key: &[u8],
    want: Old,
    decide: impl FnOnce(Option<&Item>) -> Result<Change>,
) -> Result<Written> {
    let _guard = db.locks.lock(&table.meta.id, key);
    // Index changes take every item lock: under ours, the current definition is stable.
    let table = &*db.catalog.current(table)?;
    let old = Current::read(db, table, key, want)?;
    let new = match decide(old.item.as_ref())? {
        Change::Put(item) => Some(item),
        Change::Delete => None,
    };
    if old.size.is_none() && new.is_none() {
        return Ok(Written {
            old: None,
            new,
            cost: Cost::table(write_units(0)),
        });
    }
    let mut batch = WriteBatch::new();
    let sizes = stage_sized(
        table,
        key,
        old.item.as_ref(),
        old.size,
        new.as_ref(),
        &mut batch,
    )?;
    db.storage.write(batch).map_err(storage_error)?;
    let cost = sizes.commit(table);
    Ok(Written {
        old: old.item,
        new,
        cost,
    })
}

/// The size changes of one staged item write, applied to statistics once committed.
pub struct Staged {
    old: Option<usize>,
    new: Option<usize>,
    entries: Vec<EntryDelta>,
}

impl Staged {
    /// Records the committed change in the statistics; returns its write units.
    pub fn commit(&self, table: &Table) -> Cost {
        table.stats.record(self.old, self.new);
        index_write::record(table, &self.entries);
        Cost {
            table: write_units(self.old.max(self.new).unwrap_or(0) as u64),
            indexes: self.entries.iter().map(|e| e.units).collect(),
        }
    }
}

/// Adds an item's replacement (and its index entries) to `batch`.
pub fn stage(
    table: &Table,
    key: &[u8],
    old: Option<&Item>,
    new: Option<&Item>,
    batch: &mut WriteBatch,
) -> Result<Staged> {
    stage_sized(table, key, old, old.map(stored::item_size), new, batch)
}

/// [`stage`] with the old item's size given: `old` may be `None` for an existing item only on a
/// table without indexes (see [`Current::read`]).
fn stage_sized(
    table: &Table,
    key: &[u8],
    old: Option<&Item>,
    old_size: Option<usize>,
    new: Option<&Item>,
    batch: &mut WriteBatch,
) -> Result<Staged> {
    let new_size = match new {
        Some(item) => {
            check_index_keys(&table.meta, item)?;
            Some(stored::with_encoded(item, |bytes, size| {
                batch.put(&table.keyspace, key, bytes);
                size
            }))
        }
        None => {
            batch.delete(&table.keyspace, key);
            None
        }
    };
    let entries = index_write::stage(table, old, new, batch)?;
    Ok(Staged {
        old: old_size,
        new: new_size,
        entries,
    })
}

/// One unconditional write of a batch: the table, the item's storage key, and the new item
/// (`None` deletes).
pub struct BatchWrite<'t> {
    pub table: &'t Table,
    pub key: Vec<u8>,
    pub item: Option<Item>,
}

/// Applies unconditional writes (BatchWriteItem) as ONE storage batch, holding every item's lock
/// so statistics see each old item exactly once. Returns the cost of each write.
pub fn write_many(db: &Inner, writes: Vec<BatchWrite>) -> Result<Vec<Cost>> {
    let stripes = writes
        .iter()
        .map(|w| KeyLocks::stripe(&w.table.meta.id, &w.key))
        .collect();
    let _guards = db.locks.lock_stripes(stripes);
    let mut batch = WriteBatch::new();
    let mut staged = Vec::with_capacity(writes.len());
    for w in &writes {
        let old = Current::read(db, w.table, &w.key, Old::Size)?;
        staged.push(stage_sized(
            w.table,
            &w.key,
            old.item.as_ref(),
            old.size,
            w.item.as_ref(),
            &mut batch,
        )?);
    }
    db.storage.write(batch).map_err(storage_error)?;
    Ok(writes
        .iter()
        .zip(&staged)
        .map(|(w, s)| s.commit(w.table))
        .collect())
}
