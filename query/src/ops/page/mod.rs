//! Reading one page of a Query or Scan: items in key order from a snapshot, stopping at `Limit`
//! items or 1 MB read, whichever comes first, and only THEN applying the filter. So a page can be
//! empty yet carry LastEvaluatedKey, and ScannedCount counts what was read.
//!
//! The returned items go to a [`PageItems`]: decoded items for the typed API, or JSON written
//! straight from the stored bytes for `handle_json` ([`json`]) when nothing (filter,
//! projection, a base-table fetch) needs them decoded.

mod json;
#[cfg(test)]
mod tests;

pub use json::JsonItems;

use crate::api::{ConsumedCapacity, ReadResponse};
use crate::capacity::{read_units, Report};
use crate::catalog::Table;
use crate::expr::{evaluate, project, Condition, Projection};
use crate::keys::KeyRange;
use crate::value::Item;
use crate::Result;
use dynakv_storage::Snapshot;

use super::item_key::stored_key;
use super::stored::{self, storage_error};
use super::target::Target;
use super::Inner;

/// Most bytes of items one page reads.
pub const PAGE_BYTES: u64 = 1024 * 1024;

/// What one page reads and returns.
pub struct PagePlan<'a> {
    pub target: &'a Target<'a>,
    /// Read each item from the table (a local index that does not project what is wanted).
    pub fetch_base: bool,
    pub range: KeyRange,
    pub reverse: bool,
    pub limit: Option<usize>,
    pub filter: Option<&'a Condition>,
    pub projection: Option<&'a Projection>,
    pub count_only: bool,
    pub consistent: bool,
    pub report: Report,
}

/// Where a page puts the items it returns.
pub trait PageItems: Default {
    /// Adds an item.
    fn push(&mut self, item: Item) -> Result<()>;
    /// Adds the item stored as `bytes`, as it is, and returns its size; `None` when these
    /// items must be decoded.
    fn push_stored(&mut self, bytes: &[u8]) -> Option<Result<usize>>;
}

impl PageItems for Vec<Item> {
    fn push(&mut self, item: Item) -> Result<()> {
        Vec::push(self, item);
        Ok(())
    }

    fn push_stored(&mut self, _: &[u8]) -> Option<Result<usize>> {
        None
    }
}

/// One page read.
pub struct Page<T> {
    /// Absent under Select=COUNT.
    pub items: Option<T>,
    pub count: u64,
    pub scanned_count: u64,
    pub last_evaluated_key: Option<Item>,
    pub consumed_capacity: Option<ConsumedCapacity>,
}

impl Page<Vec<Item>> {
    pub fn into_response(self) -> ReadResponse {
        ReadResponse {
            items: self.items,
            count: self.count,
            scanned_count: self.scanned_count,
            last_evaluated_key: self.last_evaluated_key,
            consumed_capacity: self.consumed_capacity,
        }
    }
}

/// Reads one page as `plan` says.
pub fn read_page<T: PageItems>(db: &Inner, plan: PagePlan) -> Result<Page<T>> {
    let table = plan.target.table;
    let snapshot = db.storage.snapshot();
    let (lower, upper) = plan.range.as_bounds();
    // Items returned exactly as stored can skip decoding.
    let as_stored = !plan.fetch_base && plan.filter.is_none() && plan.projection.is_none();
    let mut items = T::default();
    let (mut count, mut scanned, mut bytes) = (0u64, 0u64, 0u64);
    let mut last_key = None;
    for entry in snapshot.range(plan.target.keyspace(), lower, upper, plan.reverse) {
        let (_, value) = entry.map_err(storage_error)?;
        scanned += 1;
        let stored = match as_stored && !plan.count_only {
            true => items.push_stored(&value).transpose()?,
            false => None,
        };
        let item = match stored {
            Some(size) => {
                count += 1;
                bytes += size as u64;
                None
            }
            None => {
                let (item, size) = match plan.fetch_base {
                    true => base_item(&snapshot, table, stored::decode(&value)?)?,
                    false => stored::decode_sized(&value)?,
                };
                bytes += size as u64;
                Some(item)
            }
        };
        let full = plan.limit.is_some_and(|l| scanned as usize >= l) || bytes >= PAGE_BYTES;
        if full {
            let item = match &item {
                Some(item) => item,
                None => &stored::decode(&value)?,
            };
            last_key = Some(key_of(&plan.target.key_names(), item));
        }
        if let Some(item) = item {
            count += u64::from(keep(&plan, item, &mut items)?);
        }
        if full {
            break;
        }
    }
    let units = read_units(bytes, plan.consistent);
    let cost = plan.target.cost(units);
    Ok(Page {
        items: (!plan.count_only).then_some(items),
        count,
        scanned_count: scanned,
        last_evaluated_key: last_key,
        consumed_capacity: plan
            .report
            .consumed_cost(&table.meta.name, &table.meta, &cost),
    })
}

/// Applies the filter and projection to a decoded item; returns whether it counts.
fn keep(plan: &PagePlan, item: Item, items: &mut impl PageItems) -> Result<bool> {
    if !plan.filter.is_none_or(|f| evaluate(f, &item)) {
        return Ok(false);
    }
    if !plan.count_only {
        items.push(match plan.projection {
            Some(p) => project(&item, p),
            None => item,
        })?;
    }
    Ok(true)
}

/// The item an index entry points to, read from the table in the same snapshot, with its size.
fn base_item(snapshot: &Snapshot, table: &Table, entry: Item) -> Result<(Item, usize)> {
    let key = stored_key(&table.meta, &entry)
        .ok_or_else(|| crate::Error::Internal("index entry without table key".into()))?;
    let storage = stored::storage_key(&key)?;
    match stored::read_encoded_at(snapshot, &table.keyspace, &storage)? {
        Some(bytes) => stored::decode_sized(&bytes),
        None => {
            let size = stored::item_size(&entry);
            Ok((entry, size))
        }
    }
}

/// The LastEvaluatedKey of `item`: its `names` attributes.
fn key_of(names: &[&str], item: &Item) -> Item {
    names
        .iter()
        .filter_map(|n| Some((n.to_string(), item.get(*n)?.clone())))
        .collect()
}
