//! TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions on distinct
//! items, all or nothing. Every item is locked, every condition checked, and the writes commit
//! as ONE storage batch. Bad key types and failed conditions cancel the transaction with one
//! reason per action; malformed input (empty key values, bad expressions) is a plain
//! ValidationException.

use std::sync::Arc;

use dynakv_storage::WriteBatch;

use crate::api::{
    TransactAction, TransactWriteItem, TransactWriteItemsRequest, TransactWriteItemsResponse,
};
use crate::capacity::{write_units, Cost, Report, REPORT_VALUES};
use crate::catalog::Table;
use crate::error::CancellationReason;
use crate::expr::{apply_update, Condition, ExpressionParams, Expressions, Update};
use crate::size::{check_item_size, item_size, MAX_ITEM_SIZE, UPDATED_ITEM_TOO_LARGE};
use crate::value::Item;
use crate::{Error, Result};

use super::context::{check_params, table, table_name_shape};
use super::expressions::check_condition;
use super::index_write::check_index_keys;
use super::item_key::{key_from_request, key_of_item, stored_key, Mismatch, PrimaryKey};
use super::locks::KeyLocks;
use super::shape::Shape;
use super::stored::{self, storage_error, storage_key};
use super::transact_common::{cancelled, check_list_shape, fault_or_error, transaction_capacity};
use super::update_index_keys::check_empty_index_keys;
use super::write::stage;
use super::Inner;

/// Most bytes of items one transaction may write.
const MAX_TRANSACTION_BYTES: usize = 4 * 1024 * 1024;

/// What one action does.
enum Kind {
    Check,
    Put(Item),
    Delete,
    Update(Update),
}

/// One action, checked and resolved before any item is locked.
struct Prepared {
    table: Arc<Table>,
    kind: Kind,
    key_item: Item,
    key: Vec<u8>,
    condition: Option<Condition>,
    old_on_failure: bool,
}

pub fn run(db: &Inner, req: TransactWriteItemsRequest) -> Result<TransactWriteItemsResponse> {
    check_shape(&req)?;
    let fingerprint = serde_json::to_vec(&req)
        .map(|bytes| xxhash_rust::xxh3::xxh3_64(&bytes))
        .map_err(|e| Error::Internal(e.to_string()))?;
    if let Some(token) = &req.client_request_token {
        if let Some(response) = db.tokens.replay(token, fingerprint)? {
            return Ok(response);
        }
    }
    let items = req.transact_items.as_deref().unwrap_or_default();
    // Every action's expressions are read before any table is looked up: a malformed or unused
    // expression on a later action wins over a missing table on an earlier one.
    let parsed = items.iter().map(parse).collect::<Result<Vec<_>>>()?;
    let mut prepared = Vec::with_capacity(items.len());
    let mut faults = Vec::with_capacity(items.len());
    for action in parsed {
        match prepare(db, action)? {
            Ok(p) => {
                faults.push(None);
                prepared.push(p);
            }
            Err(fault) => faults.push(Some(fault)),
        }
    }
    check_duplicates(&prepared)?;
    check_total_size(&prepared)?;
    if faults.iter().any(Option::is_some) {
        return Err(cancelled(
            faults
                .into_iter()
                .map(|f| f.map(validation_reason))
                .collect(),
        ));
    }
    let costs = commit(db, prepared)?;
    let report = Report::parse(req.return_consumed_capacity.as_deref());
    let response = TransactWriteItemsResponse {
        consumed_capacity: transaction_capacity(report, &costs, false),
    };
    if let Some(token) = &req.client_request_token {
        db.tokens.remember(token, fingerprint, &response);
    }
    Ok(response)
}

fn check_shape(req: &TransactWriteItemsRequest) -> Result<()> {
    let mut s = Shape::new();
    check_list_shape(
        &mut s,
        req.transact_items.as_ref().map(Vec::len),
        "TransactWriteItem",
    );
    for (i, item) in req.transact_items.iter().flatten().enumerate() {
        action_shape(&mut s, item, i);
    }
    if let Some(token) = &req.client_request_token {
        let value = format!("'{token}'");
        s.length(token.chars().count(), &value, "clientRequestToken", 1, 36);
    }
    s.one_of(
        req.return_consumed_capacity.as_deref(),
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    s.one_of(
        req.return_item_collection_metrics.as_deref(),
        "returnItemCollectionMetrics",
        &["SIZE", "NONE"],
    );
    s.finish()
}

/// The action of one entry and its kind's name.
fn action(item: &TransactWriteItem) -> Result<(&TransactAction, &'static str)> {
    let given = [
        (&item.condition_check, "ConditionCheck"),
        (&item.put, "Put"),
        (&item.delete, "Delete"),
        (&item.update, "Update"),
    ];
    let mut present = given
        .iter()
        .filter_map(|(a, n)| a.as_ref().map(|a| (a, *n)));
    match (present.next(), present.next()) {
        (Some(one), None) => Ok(one),
        _ => Err(Error::validation(
            "TransactItems can only contain one of Check, Put, Update or Delete",
        )),
    }
}

/// An action's member name in validation paths (`conditionCheck`, `put`, ...).
fn member_name(kind_name: &str) -> &'static str {
    match kind_name {
        "ConditionCheck" => "conditionCheck",
        "Put" => "put",
        "Delete" => "delete",
        _ => "update",
    }
}

/// The member constraints of action `i`, required members in the order of DynamoDB's model of
/// each action; an item without exactly one action is refused later, by [`action`].
fn action_shape(s: &mut Shape, item: &TransactWriteItem, i: usize) {
    let Ok((a, kind_name)) = action(item) else {
        return;
    };
    let member = format!("transactItems.{}.member.{}", i + 1, member_name(kind_name));
    match kind_name {
        "Put" => s.not_null(&a.item, &format!("{member}.item")),
        _ => s.not_null(&a.key, &format!("{member}.key")),
    }
    if kind_name == "Update" {
        s.not_null(&a.update_expression, &format!("{member}.updateExpression"));
    }
    table_name_shape(s, a.table_name.as_deref(), &format!("{member}.tableName"));
    if kind_name == "ConditionCheck" {
        s.not_null(
            &a.condition_expression,
            &format!("{member}.conditionExpression"),
        );
    }
    s.one_of(
        a.return_values_on_condition_check_failure.as_deref(),
        &format!("{member}.returnValuesOnConditionCheckFailure"),
        &["ALL_OLD", "NONE"],
    );
}

/// One action with its expressions read.
struct Parsed<'a> {
    action: &'a TransactAction,
    kind_name: &'static str,
    expressions: Expressions,
}

/// Reads one action's expressions, checking how it combines its parameters.
fn parse(item: &TransactWriteItem) -> Result<Parsed<'_>> {
    let (a, kind_name) = action(item)?;
    let expressions: &[(&str, bool)] = match kind_name {
        "Update" => &[
            ("UpdateExpression", a.update_expression.is_some()),
            ("ConditionExpression", a.condition_expression.is_some()),
        ],
        _ => &[("ConditionExpression", a.condition_expression.is_some())],
    };
    let names = a.expression_attribute_names.as_ref();
    let values = a.expression_attribute_values.as_ref();
    check_params(expressions, &[], names.is_some(), values.is_some())?;
    let parsed = ExpressionParams {
        condition: a.condition_expression.as_deref(),
        update: a.update_expression.as_deref(),
        names,
        values,
        ..ExpressionParams::default()
    }
    .parse()?;
    Ok(Parsed {
        action: a,
        kind_name,
        expressions: parsed,
    })
}

/// Checks one action: Ok(Err(fault)) when it must cancel the transaction with a ValidationError
/// reason, Err for malformed input refused outright.
fn prepare(db: &Inner, action: Parsed) -> Result<Result<Prepared, String>> {
    let Parsed {
        action: a,
        kind_name,
        expressions: parsed,
    } = action;
    let table = table(db, a.table_name.as_deref().unwrap_or_default())?;
    let (key_item, kind) = match kind_name {
        "Put" => {
            let item = a.item.clone().unwrap_or_default();
            check_item_size(&item)?;
            let checked = key_of_item(&table.meta, &item, Mismatch::Detailed)
                .and_then(|_| check_index_keys(&table.meta, &item));
            if let Err(e) = checked {
                return fault_or_error(e);
            }
            (item.clone(), Kind::Put(item))
        }
        _ => {
            let key = a.key.clone().unwrap_or_default();
            if let Err(e) = key_from_request(&table.meta, &key) {
                return fault_or_error(e);
            }
            let kind = match kind_name {
                "Delete" => Kind::Delete,
                "Update" => {
                    let update = parsed.update.unwrap_or_default();
                    update.check_key_attributes(table.meta.key_attrs().map(|k| k.name.as_str()))?;
                    check_empty_index_keys(&table.meta, &update)?;
                    Kind::Update(update)
                }
                _ => Kind::Check,
            };
            (key, kind)
        }
    };
    let key = storage_key(&key_of_stored(&table, &key_item)?)?.into_vec();
    Ok(Ok(Prepared {
        table,
        kind,
        key_item,
        key,
        condition: parsed.condition,
        old_on_failure: a.return_values_on_condition_check_failure.as_deref() == Some("ALL_OLD"),
    }))
}

/// The primary key of an item or key already checked against the schema.
fn key_of_stored<'a>(table: &Table, item: &'a Item) -> Result<PrimaryKey<'a>> {
    stored_key(&table.meta, item)
        .ok_or_else(|| Error::Internal("checked key lost its attributes".into()))
}

fn check_duplicates(prepared: &[Prepared]) -> Result<()> {
    for (i, p) in prepared.iter().enumerate() {
        let same = |q: &Prepared| q.table.meta.id == p.table.meta.id && q.key == p.key;
        if prepared[..i].iter().any(same) {
            return Err(Error::validation(
                "Transaction request cannot include multiple operations on one item",
            ));
        }
    }
    Ok(())
}

/// The items a transaction writes may total at most 4 MB.
fn check_total_size(prepared: &[Prepared]) -> Result<()> {
    let total: usize = prepared
        .iter()
        .map(|p| match &p.kind {
            Kind::Put(item) => stored::item_size(item),
            _ => 0,
        })
        .sum();
    if total > MAX_TRANSACTION_BYTES {
        return Err(Error::validation(
            "Transaction request size exceeds the maximum allowed size of 4 MB",
        ));
    }
    Ok(())
}

pub(super) fn validation_reason(message: String) -> CancellationReason {
    CancellationReason {
        code: "ValidationError".into(),
        message: Some(message),
        item: None,
    }
}

/// Locks every item, checks every condition, computes every new item, commits one batch.
fn commit(db: &Inner, prepared: Vec<Prepared>) -> Result<Vec<(Arc<Table>, Cost)>> {
    let stripes = prepared
        .iter()
        .map(|p| KeyLocks::stripe(&p.table.meta.id, &p.key))
        .collect();
    let _guards = db.locks.lock_stripes(stripes);
    let mut outcomes = Vec::with_capacity(prepared.len());
    let mut failed = false;
    for p in &prepared {
        let table = db.catalog.current(&p.table)?;
        let old = stored::read(&db.storage, &table.keyspace, &p.key)?;
        let outcome = decide(p, &table, old.as_ref());
        failed |= outcome.is_err();
        outcomes.push((table, old, outcome));
    }
    if failed {
        let reasons = outcomes.into_iter().map(|(_, _, o)| o.err()).collect();
        return Err(cancelled(reasons));
    }
    let mut batch = WriteBatch::new();
    let mut staged = Vec::with_capacity(outcomes.len());
    for (p, (table, old, outcome)) in prepared.iter().zip(outcomes) {
        let write = match outcome {
            Ok(Some(new)) => Some(stage(
                &table,
                &p.key,
                old.as_ref(),
                new.as_ref(),
                &mut batch,
            )?),
            _ => None,
        };
        let old_size = old.as_ref().map_or(0, stored::item_size) as u64;
        staged.push((table, write, old_size));
    }
    db.storage.write(batch).map_err(storage_error)?;
    Ok(staged
        .into_iter()
        .map(|(table, write, old_size)| {
            let cost = match write {
                Some(s) => s.commit(&table),
                None => Cost::table(write_units(old_size)),
            };
            (table, cost)
        })
        .collect())
}

/// An action's new item (`Some(None)` deletes, `None` writes nothing), or why it cancels.
fn decide(
    p: &Prepared,
    table: &Table,
    old: Option<&Item>,
) -> Result<Option<Option<Item>>, CancellationReason> {
    if let Err(e) = check_condition(p.condition.as_ref(), old, p.old_on_failure) {
        let item = match e {
            Error::ConditionalCheckFailed { item } => item,
            _ => None,
        };
        return Err(CancellationReason {
            code: "ConditionalCheckFailed".into(),
            message: Some("The conditional request failed".into()),
            item,
        });
    }
    let new = match &p.kind {
        Kind::Check => return Ok(None),
        Kind::Delete => None,
        Kind::Put(item) => Some(item.clone()),
        Kind::Update(update) => {
            let base = old.unwrap_or(&p.key_item);
            let new = apply_update(update, base)
                .map_err(|e| validation_reason(e.message().to_string()))?;
            if item_size(&new) > MAX_ITEM_SIZE {
                return Err(validation_reason(UPDATED_ITEM_TOO_LARGE.to_string()));
            }
            check_index_keys(&table.meta, &new)
                .map_err(|e| validation_reason(e.message().to_string()))?;
            Some(new)
        }
    };
    Ok(Some(new))
}
