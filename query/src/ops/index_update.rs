//! UpdateTable's GlobalSecondaryIndexUpdates: Create (backfilled from the table before the call
//! returns, so the index is ACTIVE at once), Update (throughput) and Delete.
//!
//! Create and Delete hold every item lock while the definition changes, and writers re-read the
//! definition under their item lock, so no write can miss a new index or touch a dropped one.

use std::ops::Bound;

use dynakv_storage::WriteBatch;

use crate::api::{AttributeDefinition, GlobalSecondaryIndexUpdate, SecondaryIndex};
use crate::catalog::{IndexMeta, KeyAttr, Table, TableMeta};
use crate::{Error, Result};

use super::create_table::check_key_schema_shape;
use super::index_def;
use super::index_write;
use super::shape::Shape;
use super::stored::{self, storage_error};
use super::Inner;

/// Index entries written per storage batch while backfilling.
const BACKFILL_BATCH: usize = 1000;
/// Most global indexes per table.
const MAX_GSIS: usize = 20;

fn invalid(message: String) -> Error {
    Error::validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// Checks the list before anything changes: one action per entry, one entry per index.
pub fn check_updates(updates: &[GlobalSecondaryIndexUpdate]) -> Result<()> {
    let mut seen: Vec<&str> = Vec::new();
    for update in updates {
        let actions = [&update.create, &update.update, &update.delete];
        let def =
            match actions
                .iter()
                .filter_map(|a| a.as_ref())
                .collect::<Vec<_>>()[..]
            {
                [] => return Err(invalid(
                    "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, \
                     GlobalSecondaryIndexUpdate.Delete must not be null"
                        .into(),
                )),
                [one] => one,
                _ => {
                    return Err(invalid(
                        "Only one global secondary index action is allowed per \
                     GlobalSecondaryIndexUpdate object"
                            .into(),
                    ))
                }
            };
        let name = def.index_name.as_deref().unwrap_or_default();
        if seen.contains(&name) {
            return Err(invalid(format!(
                "Only one global secondary index update per index is allowed simultaneously. \
                 Index: {name}"
            )));
        }
        seen.push(name);
    }
    Ok(())
}

/// Applies each update in order (already checked by [`check_updates`]).
pub fn apply(
    db: &Inner,
    name: &str,
    defs: &[AttributeDefinition],
    updates: &[GlobalSecondaryIndexUpdate],
) -> Result<()> {
    for update in updates {
        match (&update.create, &update.update, &update.delete) {
            (Some(create), None, None) => create_index(db, name, defs, create)?,
            (None, Some(change), None) => update_index(db, name, change)?,
            (None, None, Some(delete)) => delete_index(db, name, delete)?,
            _ => return check_updates(std::slice::from_ref(update)),
        }
    }
    Ok(())
}

fn create_index(
    db: &Inner,
    name: &str,
    defs: &[AttributeDefinition],
    def: &SecondaryIndex,
) -> Result<()> {
    let mut s = Shape::new();
    let member = "globalSecondaryIndexUpdates.1.member.create";
    s.name(
        def.index_name.as_deref(),
        &format!("{member}.indexName"),
        3,
        true,
    );
    check_key_schema_shape(
        &mut s,
        def.key_schema.as_deref(),
        &format!("{member}.keySchema"),
    );
    match &def.projection {
        None => s.push(
            "null",
            &format!("{member}.projection"),
            "Member must not be null",
        ),
        Some(p) => index_def::projection_shape(&mut s, p, &format!("{member}.projection")),
    }
    s.finish()?;
    if defs.is_empty() {
        return Err(invalid(format!(
            "AttributeDefinitions is not specified for index: {}",
            def.index_name.as_deref().unwrap_or_default()
        )));
    }
    let _all = db.locks.lock_all();
    let table = db.catalog.update(name, |meta| {
        let mut next = meta.clone();
        let merged = merged_definitions(meta, defs)?;
        let index = index_def::global_index(
            def,
            &merged,
            meta.billing.pay_per_request,
            index_def::Origin::UpdateTable,
        )?;
        if meta.indexes.iter().any(|i| i.name == index.name) {
            return Err(Error::validation(
                "Attempting to create an index which already exists",
            ));
        }
        if meta.indexes.iter().filter(|i| i.global).count() >= MAX_GSIS {
            return Err(invalid(
                "GlobalSecondaryIndex count exceeds the per-table limit of 20".into(),
            ));
        }
        for key in index.key_attrs() {
            if next.attributes.iter().all(|a| a.name != key.name) {
                next.attributes.push(key.clone());
            }
        }
        next.indexes.push(index);
        next.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(next)
    })?;
    let index_name = def.index_name.as_deref().unwrap_or_default();
    backfill(db, &table, index_name)
}

/// The table's key attributes plus the request's definitions (which must agree on types).
fn merged_definitions(
    meta: &TableMeta,
    defs: &[AttributeDefinition],
) -> Result<Vec<AttributeDefinition>> {
    let mut merged: Vec<AttributeDefinition> = meta
        .attributes
        .iter()
        .map(|a| AttributeDefinition {
            attribute_name: Some(a.name.clone()),
            attribute_type: Some(a.ty.as_str().to_string()),
        })
        .collect();
    for d in defs {
        match merged.iter().find(|m| m.attribute_name == d.attribute_name) {
            Some(existing) if existing.attribute_type != d.attribute_type => {
                return Err(invalid(format!(
                    "Cannot change the type of attribute {}",
                    d.attribute_name.as_deref().unwrap_or_default()
                )));
            }
            Some(_) => {}
            None => merged.push(d.clone()),
        }
    }
    Ok(merged)
}

/// Writes the entries of every existing item into the new index.
fn backfill(db: &Inner, table: &Table, index_name: &str) -> Result<()> {
    let at = table
        .meta
        .indexes
        .iter()
        .position(|i| i.name == index_name)
        .ok_or_else(|| Error::Internal("created index missing".into()))?;
    let (index, live) = (&table.meta.indexes[at], &table.indexes[at]);
    let snapshot = db.storage.snapshot();
    let mut batch = WriteBatch::new();
    let mut pending = 0;
    for entry in snapshot.range(&table.keyspace, Bound::Unbounded, Bound::Unbounded, false) {
        let (_, value) = entry.map_err(storage_error)?;
        let item = stored::decode(&value)?;
        if let Some((key, projected)) = index_write::entry(&table.meta, index, &item)? {
            batch.put(&live.keyspace, &key, &stored::encode(&projected));
            live.stats.record(None, Some(stored::item_size(&projected)));
            pending += 1;
        }
        if pending == BACKFILL_BATCH {
            db.storage
                .write(std::mem::take(&mut batch))
                .map_err(storage_error)?;
            pending = 0;
        }
    }
    if !batch.is_empty() {
        db.storage.write(batch).map_err(storage_error)?;
    }
    Ok(())
}

fn update_index(db: &Inner, name: &str, def: &SecondaryIndex) -> Result<()> {
    let index_name = def.index_name.clone().unwrap_or_default();
    db.catalog.update(name, |meta| {
        let mut next = meta.clone();
        let index = next
            .indexes
            .iter_mut()
            .find(|i| i.name == index_name)
            .ok_or_else(|| index_not_found(&index_name, name))?;
        if !index.global {
            return Err(Error::validation(format!(
                "Cannot update an index that is not a GlobalSecondaryIndex: {index_name}"
            )));
        }
        if meta.billing.pay_per_request {
            return Err(invalid(format!(
                "The only Updates for index: {index_name} when TableThroughputMode is \
                 PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput"
            )));
        }
        let t = def.provisioned_throughput.as_ref();
        let Some((read, write)) =
            t.and_then(|t| Some((t.read_capacity_units?, t.write_capacity_units?)))
        else {
            return Err(invalid(format!(
                "ProvisionedThroughput must be specified for index: {index_name}"
            )));
        };
        if let Some((old_read, old_write)) = index.throughput.filter(|&old| old == (read, write)) {
            return Err(Error::validation(format!(
                "The provisioned throughput for the index {index_name} will not change. The \
                 requested value equals the current value. Current ReadCapacityUnits provisioned \
                 for the index: {old_read}. Requested ReadCapacityUnits: {read}. Current \
                 WriteCapacityUnits provisioned for the index: {old_write}. Requested \
                 WriteCapacityUnits: {write}. Refer to the Amazon DynamoDB Developer Guide for \
                 current limits and how to request higher limits."
            )));
        }
        index.throughput = Some((read, write));
        Ok(next)
    })?;
    Ok(())
}

fn delete_index(db: &Inner, name: &str, def: &SecondaryIndex) -> Result<()> {
    let index_name = def.index_name.clone().unwrap_or_default();
    let _all = db.locks.lock_all();
    db.catalog.update(name, |meta| {
        let mut next = meta.clone();
        match next.indexes.iter().find(|i| i.name == index_name) {
            None => return Err(index_not_found(&index_name, name)),
            Some(i) if !i.global => {
                return Err(Error::validation(format!(
                    "Cannot delete an index that is not a GlobalSecondaryIndex: {index_name}"
                )))
            }
            Some(_) => next.indexes.retain(|i| i.name != index_name),
        }
        let kept = next
            .attributes
            .iter()
            .filter(|a| is_key(&next, a))
            .cloned()
            .collect();
        next.attributes = kept;
        Ok(next)
    })?;
    Ok(())
}

/// DynamoDB's error for an Update or Delete naming a GSI the table does not have.
fn index_not_found(index: &str, table: &str) -> Error {
    Error::ResourceNotFound(format!(
        "Requested resource not found: Index {index} for table {table}"
    ))
}

/// Whether an attribute is still a key of the table or of one of its indexes.
fn is_key(meta: &TableMeta, attr: &KeyAttr) -> bool {
    let mut keys = meta
        .key_attrs()
        .chain(meta.indexes.iter().flat_map(IndexMeta::key_attrs));
    keys.any(|k| k.name == attr.name && k.ty == attr.ty)
}
