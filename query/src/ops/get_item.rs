//! GetItem: one item by key, projected; no `Item` member when it does not exist.

use crate::api::{GetItemRequest, GetItemResponse};
use crate::capacity::{read_units, Report, REPORT_VALUES};
use crate::expr::{project, ExpressionParams};
use crate::Result;

use super::context::{check_params, check_table_name, table};
use super::expressions::projection;
use super::item_key::key_from_request;
use super::shape::Shape;
use super::stored::{self, item_size, storage_key};
use super::Inner;

pub fn run(db: &Inner, req: GetItemRequest) -> Result<GetItemResponse> {
    let name = check_table_name(req.table_name.as_deref())?;
    let mut s = Shape::new();
    s.not_null(&req.key, "key");
    s.one_of(
        req.return_consumed_capacity.as_deref(),
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    if let Some(a) = &req.attributes_to_get {
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
        projection: req.projection_expression.as_deref(),
        names: req.expression_attribute_names.as_ref(),
        ..ExpressionParams::default()
    }
    .parse()?;
    let projection = projection(parsed.projection, req.attributes_to_get.as_ref())?;
    let table = table(db, name)?;
    let key_item = req.key.unwrap_or_default();
    let key = storage_key(&key_from_request(&table.meta, &key_item)?)?;
    let item = stored::read(&db.storage, &table.keyspace, &key)?;
    let consistent = req.consistent_read.unwrap_or(false);
    let units = read_units(item.as_ref().map_or(0, item_size) as u64, consistent);
    let item = match (item, &projection) {
        (Some(i), Some(p)) => Some(project(&i, p)),
        (i, _) => i,
    };
    Ok(GetItemResponse {
        item,
        consumed_capacity: Report::parse(req.return_consumed_capacity.as_deref())
            .consumed(name, units),
    })
}
