//! ItemCollectionMetrics: on a table with a local secondary index, the size of the item
//! collection (all items sharing a partition key) a write touched, as DynamoDB's range in GB.

use std::ops::Bound;

use crate::api::ItemCollectionMetrics;
use crate::catalog::Table;
use crate::keys::{KeyBuilder, KeyRange};
use crate::value::AttributeValue;
use crate::Result;

use super::stored::{self, storage_error};
use super::Inner;

const GB: f64 = (1u64 << 30) as f64;

/// The metrics the request asked for: only with ReturnItemCollectionMetrics=SIZE on a table
/// with a local secondary index.
pub fn metrics(
    db: &Inner,
    table: &Table,
    requested: Option<&str>,
    hash: &AttributeValue,
) -> Result<Option<ItemCollectionMetrics>> {
    let has_lsi = table.meta.indexes.iter().any(|i| !i.global);
    if requested != Some("SIZE") || !has_lsi {
        return Ok(None);
    }
    let range = KeyRange::prefixed(KeyBuilder::partition(hash)?.finish());
    let (lower, upper): (Bound<&[u8]>, Bound<&[u8]>) = range.as_bounds();
    let mut bytes = 0usize;
    for entry in db
        .storage
        .snapshot()
        .range(&table.keyspace, lower, upper, false)
    {
        let (_, value) = entry.map_err(storage_error)?;
        bytes += stored::item_size(&stored::decode(&value)?);
    }
    let low = (bytes as f64 / GB).floor();
    Ok(Some(ItemCollectionMetrics {
        item_collection_key: [(table.meta.hash_key.name.clone(), hash.clone())].into(),
        size_estimate_range_gb: vec![low, low + 1.0],
    }))
}
