//! DeleteItem: validate, check the condition on the current item, remove it.

use crate::api::{DeleteItemRequest, WriteItemResponse};
use crate::Result;

use super::collection::metrics;
use super::context::{check_table_name, only_all_old, table, WriteEnums};
use super::expressions::{check_condition, write_expressions, WriteParams};
use super::item_key::key_from_request;
use super::shape::Shape;
use super::stored::storage_key;
use super::write::{write_item, Change, Old};
use super::Inner;

pub fn run(db: &Inner, req: DeleteItemRequest) -> Result<WriteItemResponse> {
    let name = check_table_name(req.table_name.as_deref())?;
    let enums = WriteEnums {
        return_values: req.return_values.as_deref(),
        return_consumed_capacity: req.return_consumed_capacity.as_deref(),
        return_item_collection_metrics: req.return_item_collection_metrics.as_deref(),
        return_values_on_condition_check_failure: req
            .return_values_on_condition_check_failure
            .as_deref(),
    };
    let mut s = Shape::new();
    s.not_null(&req.key, "key");
    enums.check(&mut s);
    s.finish()?;
    only_all_old(enums.return_values)?;
    let condition = write_expressions(WriteParams {
        condition_expression: req.condition_expression.as_deref(),
        names: req.expression_attribute_names.as_ref(),
        values: req.expression_attribute_values.as_ref(),
        expected: req.expected.as_ref(),
        conditional_operator: req.conditional_operator.as_deref(),
        ..WriteParams::default()
    })?
    .condition;
    let table = table(db, name)?;
    let key_item = req.key.unwrap_or_default();
    let key = storage_key(&key_from_request(&table.meta, &key_item)?)?;
    // Only a condition or ALL_OLD looks at the old item; otherwise its size is enough.
    let want = if condition.is_some() || enums.return_values == Some("ALL_OLD") {
        Old::Item
    } else {
        Old::Size
    };
    let written = write_item(db, &table, &key, want, |old| {
        check_condition(condition.as_ref(), old, enums.old_on_failure())?;
        Ok(Change::Delete)
    })?;
    let attributes = if enums.return_values == Some("ALL_OLD") {
        written.old
    } else {
        None
    };
    Ok(WriteItemResponse {
        attributes,
        consumed_capacity: enums.report().consumed_cost(
            req.table_name.unwrap_or_default(),
            &table.meta,
            &written.cost,
        ),
        item_collection_metrics: metrics(
            db,
            &table,
            enums.return_item_collection_metrics,
            &key_item[&table.meta.hash_key.name],
        )?,
    })
}
