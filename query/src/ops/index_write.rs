//! Keeping secondary indexes in step with the table: each index holds one entry per item that has
//! the index's key attributes (indexes are sparse), keyed
//! `hash(index pk) | index pk | index sk | table pk | table sk` and holding the projected item.
//! Entries change in the same storage batch as the item.

use dynakv_storage::WriteBatch;

use crate::capacity::write_units;
use crate::catalog::{IndexMeta, IndexProjection, KeyAttr, Table, TableMeta};
use crate::keys::KeyBuilder;
use crate::value::{AttributeValue, Item};
use crate::{Error, Result};

use super::stored;

/// Checks the index key attributes a new item carries: declared type and non-empty, checked
/// index by index in name order as DynamoDB does.
pub fn check_index_keys(meta: &TableMeta, item: &Item) -> Result<()> {
    for index in &meta.indexes {
        for attr in index.key_attrs() {
            let Some(value) = item.get(&attr.name) else {
                continue;
            };
            if !attr.ty.matches(value) {
                return Err(Error::validation(format!(
                    "One or more parameter values were invalid: Type mismatch for Index Key {} \
                     Expected: {} Actual: {} IndexName: {}",
                    attr.name,
                    attr.ty.as_str(),
                    value.type_name(),
                    index.name
                )));
            }
            let kind = match value {
                AttributeValue::S(s) if s.is_empty() => "string",
                AttributeValue::B(b) if b.is_empty() => "binary",
                _ => continue,
            };
            return Err(Error::validation(format!(
                "One or more parameter values are not valid. A value specified for a secondary \
                 index key is not supported. The AttributeValue for a key attribute cannot contain \
                 an empty {kind} value. IndexName: {}, IndexKey: {}",
                index.name, attr.name
            )));
        }
    }
    Ok(())
}

/// The change of one index's entry: sizes before and after (statistics) and write units.
pub struct EntryDelta {
    before: Option<usize>,
    after: Option<usize>,
    pub units: f64,
}

/// Adds to `batch` the index changes of replacing `old` by `new` (None: absent) and returns each
/// index's entry change. An entry whose key moves costs a delete and a put.
pub fn stage(
    table: &Table,
    old: Option<&Item>,
    new: Option<&Item>,
    batch: &mut WriteBatch,
) -> Result<Vec<EntryDelta>> {
    let mut deltas = Vec::with_capacity(table.indexes.len());
    for (index, live) in table.meta.indexes.iter().zip(&table.indexes) {
        let before = old
            .map(|i| entry(&table.meta, index, i))
            .transpose()?
            .flatten();
        let after = new
            .map(|i| entry(&table.meta, index, i))
            .transpose()?
            .flatten();
        if let Some((old_key, _)) = &before {
            if after.as_ref().is_none_or(|(k, _)| k != old_key) {
                batch.delete(&live.keyspace, old_key);
            }
        }
        if let Some((key, value)) = &after {
            batch.put(&live.keyspace, key, &stored::encode(value));
        }
        let size = |e: &Option<(Vec<u8>, Item)>| e.as_ref().map(|(_, v)| stored::item_size(v));
        let (old_size, new_size) = (size(&before), size(&after));
        let moved = matches!((&before, &after), (Some((a, _)), Some((b, _))) if a != b);
        // An index is charged only when what it stores changes (DynamoDB charges an identical
        // overwrite, or a change to an attribute the index does not project, nothing there).
        let unchanged = before.is_some() && before == after;
        let units = match (old_size, new_size) {
            (None, None) => 0.0,
            _ if unchanged => 0.0,
            (Some(o), Some(n)) if moved => write_units(o as u64) + write_units(n as u64),
            (o, n) => write_units(o.max(n).unwrap_or(0) as u64),
        };
        deltas.push(EntryDelta {
            before: old_size,
            after: new_size,
            units,
        });
    }
    Ok(deltas)
}

/// Records the statistics of a staged, committed change.
pub fn record(table: &Table, deltas: &[EntryDelta]) {
    for (live, delta) in table.indexes.iter().zip(deltas) {
        live.stats.record(delta.before, delta.after);
    }
}

/// The entry of `item` in `index`: its key and projected value; None when the item lacks the
/// index key (or carries it with another type, which writes refuse).
pub fn entry(meta: &TableMeta, index: &IndexMeta, item: &Item) -> Result<Option<(Vec<u8>, Item)>> {
    let value_of = |attr: &KeyAttr| item.get(&attr.name).filter(|v| attr.ty.matches(v));
    let Some(hash) = value_of(&index.hash_key) else {
        return Ok(None);
    };
    let range = match &index.range_key {
        Some(attr) => match value_of(attr) {
            Some(v) => Some(v),
            None => return Ok(None),
        },
        None => None,
    };
    let table_range = meta.range_key.as_ref().and_then(|r| item.get(&r.name));
    let Some(table_hash) = item.get(&meta.hash_key.name) else {
        return Ok(None);
    };
    let key = KeyBuilder::partition(hash)?
        .push_opt(range)?
        .push(table_hash)?
        .push_opt(table_range)?
        .finish();
    Ok(Some((key, project(meta, index, item))))
}

/// The attributes an index entry keeps.
fn project(meta: &TableMeta, index: &IndexMeta, item: &Item) -> Item {
    let extra: &[String] = match &index.projection {
        IndexProjection::All => return item.clone(),
        IndexProjection::KeysOnly => &[],
        IndexProjection::Include(attrs) => attrs,
    };
    let keys = meta.key_attrs().chain(index.key_attrs()).map(|k| &k.name);
    keys.chain(extra)
        .filter_map(|name| Some((name.clone(), item.get(name)?.clone())))
        .collect()
}
