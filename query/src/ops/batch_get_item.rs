//! BatchGetItem: up to 100 keys over any tables, each read separately and rounded separately for
//! capacity; keys beyond the 16 MB response limit come back in UnprocessedKeys.

use std::collections::BTreeMap;

use crate::api::{BatchGetItemRequest, BatchGetItemResponse, KeysAndAttributes};
use crate::capacity::{read_units, Report, REPORT_VALUES};
use crate::expr::{project, ExpressionParams, Projection};
use crate::value::Item;
use crate::{Error, Result};

use super::context::{check_params, table, valid_table_name, MAP_KEYS_CONSTRAINT};
use super::expressions::projection;
use super::item_key::key_from_request;
use super::shape::{quote, Shape};
use super::stored::{self, item_size, storage_key};
use super::Inner;

/// Most keys one request may name.
const MAX_KEYS: usize = 100;
/// Most bytes of items one response carries.
const MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(db: &Inner, req: BatchGetItemRequest) -> Result<BatchGetItemResponse> {
    let requests = match req.request_items {
        None => {
            return Err(Error::validation(
                "The requestItems parameter is required for BatchGetItem",
            ))
        }
        // Every region but one now words an empty map with the generic constraint (2026-09).
        Some(map) if map.is_empty() => {
            let mut s = Shape::new();
            s.push(
                "",
                "RequestItems",
                "Member must have length greater than or equal to 1",
            );
            s.finish()?;
            map
        }
        Some(map) => map,
    };
    check_shape(&requests, req.return_consumed_capacity.as_deref())?;
    let report = Report::parse(req.return_consumed_capacity.as_deref());
    let projections = requests
        .iter()
        .map(|(name, ka)| Ok((name.as_str(), table_projection(ka)?)))
        .collect::<Result<Vec<_>>>()?;
    let mut out = BatchGetItemResponse::default();
    let mut consumed = Vec::new();
    let mut bytes = 0u64;
    let mut full = false;
    for ((name, ka), (_, projection)) in requests.iter().zip(&projections) {
        let table = table(db, name)?;
        let consistent = ka.consistent_read.unwrap_or(false);
        let keys = checked_keys(&table.meta, requested_keys(ka))?;
        let mut units = 0.0;
        let mut found = Vec::new();
        for (key_item, key) in keys {
            // Once an item would take the response past 16 MB, it and every key after it are
            // left for the caller to retry; no response carries more than 16 MB.
            let item = if full {
                None
            } else {
                stored::read(&db.storage, &table.keyspace, &key)?
            };
            let size = item.as_ref().map_or(0, item_size) as u64;
            full = full || bytes + size > MAX_RESPONSE_BYTES;
            if full {
                let pending =
                    out.unprocessed_keys
                        .entry(name.clone())
                        .or_insert_with(|| KeysAndAttributes {
                            keys: Some(Vec::new()),
                            ..ka.clone()
                        });
                pending.keys.get_or_insert_default().push(key_item.clone());
                continue;
            }
            units += read_units(size, consistent);
            bytes += size;
            if let Some(item) = item {
                found.push(match projection {
                    Some(p) => project(&item, p),
                    None => item,
                });
            }
        }
        out.responses.insert(name.clone(), found);
        consumed.extend(report.consumed(name, units));
    }
    out.consumed_capacity = (report != Report::None).then_some(consumed);
    Ok(out)
}

fn check_shape(requests: &BTreeMap<String, KeysAndAttributes>, rcc: Option<&str>) -> Result<()> {
    let mut s = Shape::new();
    // A malformed table name breaks a constraint on the RequestItems map's keys, reported with
    // the map echoed as JSON and together with the other members' errors (recorded in eu-west-2
    // and us-east-1, 2026-10).
    if !requests.keys().all(|name| valid_table_name(name)) {
        let echo = serde_json::to_string(requests).map_err(|e| Error::Internal(e.to_string()))?;
        s.push(&quote(&echo), "requestItems", MAP_KEYS_CONSTRAINT);
    }
    s.one_of(rcc, "returnConsumedCapacity", REPORT_VALUES);
    for (name, ka) in requests {
        let member = format!("RequestItems.{name}.member.Keys");
        match &ka.keys {
            Some(keys) => s.length(keys.len(), "", &member, 1, MAX_KEYS),
            None => s.not_null(&ka.keys, &member),
        }
    }
    s.finish()?;
    let total: usize = requests.values().map(|ka| requested_keys(ka).len()).sum();
    if total > MAX_KEYS {
        return Err(Error::validation(
            "Too many items requested for the BatchGetItem call",
        ));
    }
    let uses = |f: fn(&KeysAndAttributes) -> bool| requests.values().any(f);
    check_params(
        &[(
            "ProjectionExpression",
            uses(|ka| ka.projection_expression.is_some()),
        )],
        &[("AttributesToGet", uses(|ka| ka.attributes_to_get.is_some()))],
        uses(|ka| ka.expression_attribute_names.is_some()),
        false,
    )
}

/// The keys asked of one table (none when the member is absent, which `check_shape` refuses).
fn requested_keys(ka: &KeysAndAttributes) -> &[Item] {
    ka.keys.as_deref().unwrap_or_default()
}

/// The projection of one table's keys.
fn table_projection(ka: &KeysAndAttributes) -> Result<Option<Projection>> {
    let parsed = ExpressionParams {
        projection: ka.projection_expression.as_deref(),
        names: ka.expression_attribute_names.as_ref(),
        ..ExpressionParams::default()
    }
    .parse()?;
    projection(parsed.projection, ka.attributes_to_get.as_ref())
}

/// Each key checked against the schema, with its storage key; duplicates refused.
fn checked_keys<'k>(
    meta: &crate::catalog::TableMeta,
    keys: &'k [Item],
) -> Result<Vec<(&'k Item, Vec<u8>)>> {
    let mut out: Vec<(&Item, Vec<u8>)> = Vec::with_capacity(keys.len());
    for k in keys {
        let storage = storage_key(&key_from_request(meta, k)?)?.into_vec();
        if out.iter().any(|(_, seen)| *seen == storage) {
            return Err(Error::validation(
                "Provided list of item keys contains duplicates",
            ));
        }
        out.push((k, storage));
    }
    Ok(out)
}
