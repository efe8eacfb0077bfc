//! Reading one page of a Query or Scan: items in key order from a snapshot, stopping at `Limit`
//! items or 1 MB read, whichever comes first, and only THEN applying the filter. So a page can be
//! empty yet carry LastEvaluatedKey, and ScannedCount counts what was read.

use crate::api::ReadResponse;
use crate::capacity::{read_units, Report};
use crate::catalog::Table;
use crate::expr::{evaluate, project, Condition, Projection};
use crate::keys::KeyRange;
use crate::Result;

use super::item_key::stored_key;
use super::stored::{self, storage_error};
use super::Inner;

/// Most bytes of items one page reads.
pub const PAGE_BYTES: u64 = 1024 * 1024;

/// What one page reads and returns.
pub struct PagePlan<'a> {
    pub range: KeyRange,
    pub reverse: bool,
    pub limit: Option<usize>,
    pub filter: Option<&'a Condition>,
    pub projection: Option<&'a Projection>,
    pub count_only: bool,
    pub consistent: bool,
    pub report: Report,
}

/// Reads one page of `table` as `plan` says.
pub fn read_page(db: &Inner, table: &Table, plan: PagePlan) -> Result<ReadResponse> {
    let snapshot = db.storage.snapshot();
    let (lower, upper) = plan.range.as_bounds();
    let mut items = Vec::new();
    let (mut count, mut scanned, mut bytes) = (0u64, 0u64, 0u64);
    let mut last_key = None;
    for entry in snapshot.range(&table.keyspace, lower, upper, plan.reverse) {
        let (_, value) = entry.map_err(storage_error)?;
        let item = stored::decode(&value)?;
        scanned += 1;
        bytes += stored::item_size(&item) as u64;
        if plan.filter.is_none_or(|f| evaluate(f, &item)) {
            count += 1;
            if !plan.count_only {
                items.push(match plan.projection {
                    Some(p) => project(&item, p),
                    None => item.clone(),
                });
            }
        }
        let full = plan.limit.is_some_and(|l| scanned as usize >= l) || bytes >= PAGE_BYTES;
        if full {
            last_key = stored_key(&table.meta, &item).map(|k| k.to_item(&table.meta));
            break;
        }
    }
    let units = read_units(bytes, plan.consistent);
    Ok(ReadResponse {
        items: (!plan.count_only).then_some(items),
        count,
        scanned_count: scanned,
        last_evaluated_key: last_key,
        consumed_capacity: plan.report.consumed(&table.meta.name, units),
    })
}
