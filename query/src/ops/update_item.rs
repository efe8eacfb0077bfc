//! UpdateItem: validate, check the condition on the current item, apply the update (creating the
//! item from its key when absent), store it, and return the values ReturnValues asks for.

use crate::api::{UpdateItemRequest, WriteItemResponse};
use crate::capacity::REPORT_VALUES;
use crate::expr::{apply_update, project, Update, TYPE_ERROR};
use crate::value::Item;
use crate::{Error, Result};

use super::collection::metrics;
use super::context::{check_table_name, table, table_name_shape, WriteEnums, RETURN_VALUES};
use super::expressions::{check_condition, write_expressions, WriteParams};
use super::item_key::key_from_request;
use super::shape::Shape;
use super::stored::storage_key;
use super::update_index_keys::{
    check_empty_index_keys, check_index_keys_set_from_item, check_index_keys_statically,
};
use super::update_size::check_updated_item_size;
use super::write::{write_item, Change, Old, Written};
use super::Inner;

/// ReturnValues as DynamoDB's older validation layer lists them.
const RETURN_VALUES_OLDER: &[&str] = &["ALL_NEW", "UPDATED_OLD", "ALL_OLD", "NONE", "UPDATED_NEW"];

pub fn run(db: &Inner, req: UpdateItemRequest) -> Result<WriteItemResponse> {
    if req.key.is_none() {
        check_without_key(&req)?;
    }
    let name = check_table_name(req.table_name.as_deref())?;
    let enums = WriteEnums {
        return_values: req.return_values.as_deref(),
        return_consumed_capacity: req.return_consumed_capacity.as_deref(),
        return_item_collection_metrics: req.return_item_collection_metrics.as_deref(),
        return_values_on_condition_check_failure: req
            .return_values_on_condition_check_failure
            .as_deref(),
    };
    // UpdateItem reports only the first bad member, ReturnValues before the others.
    let mut s = Shape::new();
    s.one_of(enums.return_values, "returnValues", RETURN_VALUES);
    enums.check(&mut s);
    s.finish_first()?;
    let parsed = write_expressions(WriteParams {
        condition_expression: req.condition_expression.as_deref(),
        update_expression: req.update_expression.as_deref(),
        names: req.expression_attribute_names.as_ref(),
        values: req.expression_attribute_values.as_ref(),
        expected: req.expected.as_ref(),
        conditional_operator: req.conditional_operator.as_deref(),
        attribute_updates: req.attribute_updates.as_ref(),
        is_update: true,
    })?;
    let table = table(db, name)?;
    let key_item = req.key.unwrap_or_default();
    let key = key_from_request(&table.meta, &key_item)?;
    let storage = storage_key(&key)?;
    let update = parsed.update.unwrap_or_default();
    let legacy = req.attribute_updates.is_some();
    update.check_key_attributes(table.meta.key_attrs().map(|k| k.name.as_str()))?;
    check_index_keys_statically(&table.meta, &update)?;
    check_empty_index_keys(&table.meta, &update)?;
    let written = write_item(db, &table, &storage, Old::Item, |old| {
        check_condition(parsed.condition.as_ref(), old, enums.old_on_failure())?;
        let base = old.unwrap_or(&key_item);
        let new = apply_update(&update, base).map_err(|e| worded(e, legacy))?;
        check_index_keys_set_from_item(&table.meta, &update, &new)?;
        check_updated_item_size(&update, &new)?;
        Ok(Change::Put(new))
    })?;
    Ok(WriteItemResponse {
        attributes: returned(enums.return_values, &update, written_ref(&written)),
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

/// Checks a request without a Key (which fails at least for that): DynamoDB reports every member error together,
/// member by member, in its older per-value wording (recorded in eu-west-2 and us-east-1,
/// 2026-10), where a request with a Key reports only the first.
fn check_without_key(req: &UpdateItemRequest) -> Result<()> {
    let mut s = Shape::new();
    s.one_of(
        req.return_consumed_capacity.as_deref(),
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    table_name_shape(&mut s, req.table_name.as_deref(), "tableName");
    s.one_of(
        req.return_values.as_deref(),
        "returnValues",
        RETURN_VALUES_OLDER,
    );
    s.one_of(
        req.return_item_collection_metrics.as_deref(),
        "returnItemCollectionMetrics",
        &["SIZE", "NONE"],
    );
    s.one_of(
        req.return_values_on_condition_check_failure.as_deref(),
        "returnValuesOnConditionCheckFailure",
        &["ALL_OLD", "NONE"],
    );
    s.one_of(
        req.conditional_operator.as_deref(),
        "conditionalOperator",
        &["OR", "AND"],
    );
    s.not_null(&req.key, "key");
    s.finish()
}

/// AttributeUpdates word an ADD or DELETE that meets the wrong type as DynamoDB's legacy API does.
fn worded(e: Error, legacy: bool) -> Error {
    match e {
        Error::Validation(m) if legacy && m == TYPE_ERROR => {
            Error::validation("Type mismatch for attribute to update")
        }
        other => other,
    }
}

fn written_ref(w: &Written) -> (Option<&Item>, Option<&Item>) {
    (w.old.as_ref(), w.new.as_ref())
}

/// The `Attributes` of the response for a ReturnValues mode; absent when empty.
fn returned(
    mode: Option<&str>,
    update: &Update,
    (old, new): (Option<&Item>, Option<&Item>),
) -> Option<Item> {
    let attributes = match mode {
        Some("ALL_OLD") => old.cloned(),
        Some("ALL_NEW") => new.cloned(),
        Some("UPDATED_OLD") => old.map(|o| project(o, update.target_paths())),
        Some("UPDATED_NEW") => new.map(|n| project(n, update.target_paths())),
        _ => None,
    };
    attributes.filter(|a| !a.is_empty())
}
