//! GetItem: one item by key, projected; no `Item` member when it does not exist.
//!
//! The typed call and the JSON call share [`find`] (validation, key, read); they differ only in
//! how the answer is built: the typed call decodes the item, the JSON call writes the stored
//! bytes straight out as JSON ([`json`]).

mod json;
mod request;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use dynakv_storage::Bytes;

use crate::api::{AttributeNames, GetItemRequest, GetItemResponse};
use crate::capacity::{read_units, Report, REPORT_VALUES};
use crate::catalog::Table;
use crate::expr::{project, ExpressionParams, Projection};
use crate::value::Item;
use crate::Result;

use super::context::{check_params, check_table_name, table};
use super::expressions::projection;
use super::item_key::{key_from_request, schema_mismatch, KeyAttrs};
use super::shape::Shape;
use super::stored::{self, storage_key};
use super::Inner;

pub use json::run_json;

/// A GetItem request's members, borrowed from a typed request or read straight from JSON.
pub(super) struct Params<'a, K: ?Sized> {
    pub table_name: Option<&'a str>,
    pub key: Option<&'a K>,
    pub consistent_read: Option<bool>,
    pub projection_expression: Option<&'a str>,
    pub expression_attribute_names: Option<&'a AttributeNames>,
    pub attributes_to_get: Option<&'a Vec<String>>,
    pub return_consumed_capacity: Option<&'a str>,
}

impl<'a> Params<'a, Item> {
    fn of(req: &'a GetItemRequest) -> Self {
        Params {
            table_name: req.table_name.as_deref(),
            key: req.key.as_ref(),
            consistent_read: req.consistent_read,
            projection_expression: req.projection_expression.as_deref(),
            expression_attribute_names: req.expression_attribute_names.as_ref(),
            attributes_to_get: req.attributes_to_get.as_ref(),
            return_consumed_capacity: req.return_consumed_capacity.as_deref(),
        }
    }
}

/// A validated request (its table name checked) and what it found.
struct Found {
    /// The table read: its key schema names the item's key attributes.
    table: Arc<Table>,
    /// The stored item, encoded.
    item: Option<Bytes>,
    projection: Option<Projection>,
    consistent: bool,
    report: Report,
}

impl Found {
    /// The units of reading an item of `size` bytes (0: none found).
    fn units(&self, size: usize) -> f64 {
        read_units(size as u64, self.consistent)
    }
}

pub fn run(db: &Inner, req: GetItemRequest) -> Result<GetItemResponse> {
    let found = find(db, &Params::of(&req))?;
    // `find` checked the key: exactly the key attributes, which the item holds as they are.
    let (item, size) = match found.item.as_deref() {
        Some(bytes) => {
            let key = req.key.unwrap_or_default();
            let (item, size) = stored::decode_keyed(bytes, key, &found.table.meta)?;
            (Some(item), size)
        }
        None => (None, 0),
    };
    let item = match (item, &found.projection) {
        (Some(i), Some(p)) => Some(project(&i, p)),
        (i, _) => i,
    };
    // The request's own TableName moves into the response.
    let consumed_capacity = found
        .report
        .consumed(req.table_name.unwrap_or_default(), found.units(size));
    Ok(GetItemResponse {
        item,
        consumed_capacity,
    })
}

/// Checks the request as DynamoDB does, in DynamoDB's order, and reads the item.
fn find<K: KeyAttrs + ?Sized>(db: &Inner, req: &Params<'_, K>) -> Result<Found> {
    let name = check_table_name(req.table_name)?;
    let mut s = Shape::new();
    s.not_null(&req.key, "key");
    s.one_of(
        req.return_consumed_capacity,
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    if let Some(a) = req.attributes_to_get {
        s.length(a.len(), "", "attributesToGet", 1, usize::MAX);
    }
    s.finish()?;
    check_params(
        &[("ProjectionExpression", req.projection_expression.is_some())],
        &[("AttributesToGet", req.attributes_to_get.is_some())],
        req.expression_attribute_names.is_some(),
        false,
    )?;
    let parsed = ExpressionParams {
        projection: req.projection_expression,
        names: req.expression_attribute_names,
        ..ExpressionParams::default()
    }
    .parse()?;
    let projection = projection(parsed.projection, req.attributes_to_get)?;
    let table = table(db, name)?;
    // Present: `not_null` above stops a request without a key.
    let key_attrs = req.key.ok_or_else(schema_mismatch)?;
    let key = storage_key(&key_from_request(&table.meta, key_attrs)?)?;
    Ok(Found {
        item: stored::read_encoded(&db.storage, &table.keyspace, &key)?,
        table,
        projection,
        consistent: req.consistent_read.unwrap_or(false),
        report: Report::parse(req.return_consumed_capacity),
    })
}
