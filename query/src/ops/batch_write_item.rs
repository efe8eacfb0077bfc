//! BatchWriteItem: up to 25 unconditional puts and deletes over any tables, validated up front
//! (no partial effects on bad input) and committed as one storage batch.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::api::{
    BatchWriteItemRequest, BatchWriteItemResponse, DeleteRequest, ItemCollectionMetrics,
    PutRequest, WriteRequest,
};
use crate::capacity::{Cost, Report, REPORT_VALUES};
use crate::catalog::Table;
use crate::size::check_item_size;
use crate::value::AttributeValue;
use crate::{Error, Result};

use super::collection::metrics;
use super::context::{table, valid_table_name, MAP_KEYS_CONSTRAINT};
use super::echo;
use super::item_key::{key_from_request, key_of_item, Mismatch};
use super::shape::{quote, Shape};
use super::stored::storage_key;
use super::write::{write_many, BatchWrite};
use super::Inner;

/// Most write requests one call may carry.
const MAX_WRITES: usize = 25;

pub fn run(db: &Inner, req: BatchWriteItemRequest) -> Result<BatchWriteItemResponse> {
    let BatchWriteItemRequest {
        request_items,
        return_consumed_capacity,
        return_item_collection_metrics,
    } = req;
    let requests = request_items.unwrap_or_default();
    if requests.is_empty() {
        return Err(Error::validation(
            "The requestItems parameter is required for BatchWriteItem",
        ));
    }
    check_shape(
        &requests,
        return_consumed_capacity.as_deref(),
        return_item_collection_metrics.as_deref(),
    )?;
    // DynamoDB measures every item before it looks any table up.
    let items = requests
        .values()
        .flatten()
        .filter_map(|w| w.put_request.as_ref());
    for item in items.filter_map(|put| put.item.as_ref()) {
        check_item_size(item)?;
    }
    let tables = requests
        .keys()
        .map(|name| table(db, name))
        .collect::<Result<Vec<Arc<Table>>>>()?;
    let mut writes = Vec::new();
    for ((_, list), table) in requests.iter().zip(&tables) {
        let first = writes.len();
        for w in list {
            let write = prepare(table, w)?;
            if writes[first..]
                .iter()
                .any(|seen: &BatchWrite| seen.key == write.key)
            {
                return Err(Error::validation(
                    "Provided list of item keys contains duplicates",
                ));
            }
            writes.push(write);
        }
    }
    let costs = write_many(db, writes)?;
    let report = Report::parse(return_consumed_capacity.as_deref());
    let mut consumed = Vec::new();
    let mut offset = 0;
    for (list, table) in requests.values().zip(&tables) {
        let mut cost = Cost::default();
        for c in &costs[offset..offset + list.len()] {
            cost.add(c);
        }
        offset += list.len();
        consumed.extend(report.consumed_cost(&table.meta.name, &table.meta, &cost));
    }
    Ok(BatchWriteItemResponse {
        unprocessed_items: BTreeMap::new(),
        consumed_capacity: (report != Report::None).then_some(consumed),
        item_collection_metrics: collection_metrics(
            db,
            &requests,
            &tables,
            return_item_collection_metrics.as_deref(),
        )?,
    })
}

/// ItemCollectionMetrics per table: one entry per partition key written, first write first;
/// absent unless SIZE was asked for and some table written has a local secondary index.
fn collection_metrics(
    db: &Inner,
    requests: &BTreeMap<String, Vec<WriteRequest>>,
    tables: &[Arc<Table>],
    requested: Option<&str>,
) -> Result<Option<BTreeMap<String, Vec<ItemCollectionMetrics>>>> {
    let mut out = BTreeMap::new();
    for ((name, list), table) in requests.iter().zip(tables) {
        let hash_name = &table.meta.hash_key.name;
        let mut seen: Vec<&AttributeValue> = Vec::new();
        let mut entries = Vec::new();
        for w in list {
            let written = match (&w.put_request, &w.delete_request) {
                (Some(put), _) => put.item.as_ref(),
                (None, Some(delete)) => delete.key.as_ref(),
                (None, None) => None,
            };
            let Some(hash) = written.and_then(|item| item.get(hash_name)) else {
                continue;
            };
            if seen.contains(&hash) {
                continue;
            }
            seen.push(hash);
            entries.extend(metrics(db, table, requested, hash)?);
        }
        if !entries.is_empty() {
            out.insert(name.clone(), entries);
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

fn check_shape(
    requests: &BTreeMap<String, Vec<WriteRequest>>,
    return_consumed_capacity: Option<&str>,
    return_item_collection_metrics: Option<&str>,
) -> Result<()> {
    let mut s = Shape::new();
    s.one_of(
        return_consumed_capacity,
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    s.one_of(
        return_item_collection_metrics,
        "returnItemCollectionMetrics",
        &["SIZE", "NONE"],
    );
    // A malformed table name breaks the RequestItems map-keys constraint; an unknown enum is
    // reported alone ahead of it.
    if s.is_clean() && !requests.keys().all(|name| valid_table_name(name)) {
        s.push(
            &quote(&echo::write_requests(requests)),
            "requestItems",
            MAP_KEYS_CONSTRAINT,
        );
        return s.finish();
    }
    if requests
        .values()
        .any(|l| l.is_empty() || l.len() > MAX_WRITES)
    {
        s.push(
            &quote(&echo::write_requests(requests)),
            "requestItems",
            "Map value must satisfy constraint: [Member must have length less than or equal to 25, \
             Member must have length greater than or equal to 1]",
        );
    }
    for (name, list) in requests {
        for (i, w) in list.iter().enumerate() {
            let member = format!("requestItems.{name}.member.{}.member", i + 1);
            if let Some(delete) = &w.delete_request {
                s.not_null(&delete.key, &format!("{member}.deleteRequest.key"));
            }
            if let Some(put) = &w.put_request {
                s.not_null(&put.item, &format!("{member}.putRequest.item"));
            }
        }
    }
    s.finish()?;
    if requests.values().map(Vec::len).sum::<usize>() > MAX_WRITES {
        return Err(Error::validation(
            "Too many items requested for the BatchWriteItem call",
        ));
    }
    Ok(())
}

/// Checks one write request and turns it into a storage write.
fn prepare<'t>(table: &'t Table, w: &WriteRequest) -> Result<BatchWrite<'t>> {
    match (&w.put_request, &w.delete_request) {
        (Some(PutRequest { item: Some(item) }), None) => {
            let key = storage_key(&key_of_item(&table.meta, item, Mismatch::Schema)?)?.into_vec();
            Ok(BatchWrite {
                table,
                key,
                item: Some(item.clone()),
            })
        }
        (None, Some(DeleteRequest { key: Some(key) })) => {
            let key = storage_key(&key_from_request(&table.meta, key)?)?.into_vec();
            Ok(BatchWrite {
                table,
                key,
                item: None,
            })
        }
        _ => Err(Error::validation(
            "Supplied WriteRequest must contain exactly one of PutRequest or DeleteRequest",
        )),
    }
}
