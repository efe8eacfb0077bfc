//! Reading one page of a Query or Scan: items in key order from a snapshot, stopping at `Limit`
//! items or 1 MB read, whichever comes first, and only THEN applying the filter. So a page can be
//! empty yet carry LastEvaluatedKey, and ScannedCount counts what was read.

use crate::api::ReadResponse;
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

/// Reads one page as `plan` says.
pub fn read_page(db: &Inner, plan: PagePlan) -> Result<ReadResponse> {
    let table = plan.target.table;
    let snapshot = db.storage.snapshot();
    let (lower, upper) = plan.range.as_bounds();
    let mut items = Vec::new();
    let (mut count, mut scanned, mut bytes) = (0u64, 0u64, 0u64);
    let mut last_key = None;
    for entry in snapshot.range(plan.target.keyspace(), lower, upper, plan.reverse) {
        let (_, value) = entry.map_err(storage_error)?;
        let (item, size) = match plan.fetch_base {
            true => base_item(&snapshot, table, stored::decode(&value)?)?,
            false => stored::decode_sized(&value)?,
        };
        scanned += 1;
        bytes += size as u64;
        let full = plan.limit.is_some_and(|l| scanned as usize >= l) || bytes >= PAGE_BYTES;
        if full {
            last_key = Some(key_of(&plan.target.key_names(), &item));
        }
        if plan.filter.is_none_or(|f| evaluate(f, &item)) {
            count += 1;
            if !plan.count_only {
                items.push(match plan.projection {
                    Some(p) => project(&item, p),
                    None => item,
                });
            }
        }
        if full {
            break;
        }
    }
    let units = read_units(bytes, plan.consistent);
    let cost = plan.target.cost(units);
    Ok(ReadResponse {
        items: (!plan.count_only).then_some(items),
        count,
        scanned_count: scanned,
        last_evaluated_key: last_key,
        consumed_capacity: plan.report.consumed_cost(&table.meta, &cost),
    })
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
