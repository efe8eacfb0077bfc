//! UpdateTable: billing mode, provisioned throughput, deletion protection, table class,
//! on-demand maxima, server-side encryption and global secondary indexes, with DynamoDB's rules
//! on which changes may share a request. Stream and replica changes are refused with a
//! ValidationException until they are implemented.

use crate::api::{GlobalSecondaryIndexUpdate, TableDescriptionResponse, UpdateTableRequest};
use crate::catalog::{now_epoch_seconds, TableMeta};
use crate::{Error, Result};

use super::create_table::{check_throughput_shape, provisioned_units};
use super::index_update;
use super::shape::Shape;
use super::table_settings;
use super::Inner;

pub fn run(db: &Inner, req: UpdateTableRequest) -> Result<TableDescriptionResponse> {
    check_shape(&req)?;
    let name = req.table_name.clone().unwrap_or_default();
    reject_unsupported(&req)?;
    let index_updates = req
        .global_secondary_index_updates
        .as_deref()
        .unwrap_or_default();
    let table_changes = table_changes(&req);
    if table_changes.is_empty() && index_updates.is_empty() {
        return Err(Error::validation(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, \
             GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates, \
             MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency, \
             DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is \
             required",
        ));
    }
    table_settings::check_table_class(req.table_class.as_deref())?;
    if let Some(sse) = &req.sse_specification {
        table_settings::check_sse(sse)?;
    }
    check_exclusive(&table_changes, !index_updates.is_empty())?;
    index_update::check_updates(index_updates)?;
    check_index_combination(&req, index_updates)?;
    let current = db.catalog.require_named(&name)?;
    check_against(&current.meta, &req, &db.region)?;
    if !table_changes.is_empty() {
        db.catalog
            .update(&name, |meta| apply(meta, &req, &db.region))?;
    }
    let defs = req.attribute_definitions.as_deref().unwrap_or_default();
    index_update::apply(db, &name, defs, index_updates)?;
    let table = db.catalog.require_named(&name)?;
    Ok(TableDescriptionResponse {
        table_description: table.describe(&db.region, "ACTIVE"),
    })
}

/// One table-level change an UpdateTable request asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    BillingMode,
    Throughput,
    DeletionProtection,
    TableClass,
    OnDemand,
    Encryption,
}

fn table_changes(req: &UpdateTableRequest) -> Vec<Change> {
    [
        (req.billing_mode.is_some(), Change::BillingMode),
        (req.provisioned_throughput.is_some(), Change::Throughput),
        (
            req.deletion_protection_enabled.is_some(),
            Change::DeletionProtection,
        ),
        (req.table_class.is_some(), Change::TableClass),
        (req.on_demand_throughput.is_some(), Change::OnDemand),
        (req.sse_specification.is_some(), Change::Encryption),
    ]
    .into_iter()
    .filter_map(|(present, change)| present.then_some(change))
    .collect()
}

/// Encryption, table class and deletion protection change alone; on-demand maxima only with a
/// billing mode switch (checked in this order, as DynamoDB does).
fn check_exclusive(changes: &[Change], index_updates: bool) -> Result<()> {
    let others = |c: Change| changes.iter().any(|o| *o != c) || index_updates;
    let alone = [
        (Change::Encryption, "Server-Side Encryption modification"),
        (Change::TableClass, "TableClass modification"),
        (
            Change::DeletionProtection,
            "DeletionProtection modification",
        ),
    ];
    for (change, what) in alone {
        if changes.contains(&change) && others(change) {
            return Err(invalid(&format!(
                "{what} must be the only operation in the request"
            )));
        }
    }
    let beside_billing = changes
        .iter()
        .any(|c| !matches!(c, Change::OnDemand | Change::BillingMode));
    if changes.contains(&Change::OnDemand) && (beside_billing || index_updates) {
        return Err(invalid(
            "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request",
        ));
    }
    Ok(())
}

/// The checks that need the table: on-demand maxima on the billing mode the table will have, and
/// an encryption change that changes nothing.
fn check_against(meta: &TableMeta, req: &UpdateTableRequest, region: &str) -> Result<()> {
    if let Some(o) = &req.on_demand_throughput {
        let provisioned = match req.billing_mode.as_deref() {
            Some(mode) => mode == "PROVISIONED",
            None => !meta.billing.pay_per_request,
        };
        table_settings::check_on_demand(o, provisioned, true)?;
    }
    let Some(sse) = &req.sse_specification else {
        return Ok(());
    };
    let wanted = table_settings::kms_key_arn(region, sse);
    match (&meta.kms_key_arn, wanted) {
        (None, None) => Err(invalid("Table is already encrypted by default")),
        (Some(current), Some(wanted)) if sse.kms_master_key_id.is_some() && *current == wanted => {
            Err(invalid(
                "Table is already encrypted with given KMSMasterKeyId. Use KMSMasterKeyId \
                 parameter if you want to change Master Key",
            ))
        }
        _ => Ok(()),
    }
}

fn invalid(message: &str) -> Error {
    Error::validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

fn check_shape(req: &UpdateTableRequest) -> Result<()> {
    let mut s = Shape::new();
    s.name(req.table_name.as_deref(), "tableName", 3, true);
    s.one_of(
        req.billing_mode.as_deref(),
        "billingMode",
        &["PROVISIONED", "PAY_PER_REQUEST"],
    );
    if let Some(t) = &req.provisioned_throughput {
        check_throughput_shape(&mut s, t, "provisionedThroughput");
    }
    table_settings::check_sse_shape(&mut s, req.sse_specification.as_ref());
    s.finish()
}

/// DynamoDB creates or deletes one GSI at a time, and not while the table's throughput changes
/// (a billing mode switch or GSI throughput updates may come along).
fn check_index_combination(
    req: &UpdateTableRequest,
    updates: &[GlobalSecondaryIndexUpdate],
) -> Result<()> {
    let online = updates
        .iter()
        .filter(|u| u.create.is_some() || u.delete.is_some())
        .count();
    if online > 1 {
        return Err(Error::LimitExceeded(
            "Subscriber limit exceeded: Only 1 online index can be created or deleted \
             simultaneously per table"
                .to_string(),
        ));
    }
    if online == 1 && req.provisioned_throughput.is_some() {
        return Err(invalid(
            "You cannot create or delete index while updating table IOPS",
        ));
    }
    Ok(())
}

fn reject_unsupported(req: &UpdateTableRequest) -> Result<()> {
    if req.stream_specification.is_some() {
        return Err(Error::validation(
            "One or more parameter values were invalid: StreamSpecification updates are not supported yet",
        ));
    }
    if req.replica_updates.as_ref().is_some_and(|v| !v.is_empty()) {
        return Err(Error::validation(
            "One or more parameter values were invalid: ReplicaUpdates are not supported",
        ));
    }
    Ok(())
}

/// The table's new definition.
fn apply(meta: &TableMeta, req: &UpdateTableRequest, region: &str) -> Result<TableMeta> {
    let mut next = meta.clone();
    let to_on_demand = match req.billing_mode.as_deref() {
        Some("PAY_PER_REQUEST") => true,
        Some(_) => false,
        None => meta.billing.pay_per_request,
    };
    if to_on_demand {
        if req.provisioned_throughput.is_some() {
            return Err(Error::validation(
                "One or more parameter values were invalid: Neither ReadCapacityUnits nor \
                 WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST",
            ));
        }
        if !meta.billing.pay_per_request {
            next.billing.pay_per_request = true;
            next.billing.read_units = 0;
            next.billing.write_units = 0;
            next.billing.last_switch_to_pay_per_request = Some(now_epoch_seconds());
        }
    } else if meta.billing.pay_per_request {
        if req.provisioned_throughput.is_none() {
            return Err(invalid(
                "ProvisionedThroughput must be specified when BillingMode is PROVISIONED",
            ));
        }
        let (read, write) = provisioned_units(req.provisioned_throughput.as_ref())?;
        next.billing.pay_per_request = false;
        next.billing.read_units = read;
        next.billing.write_units = write;
    } else if let Some(t) = &req.provisioned_throughput {
        let (read, write) = provisioned_units(Some(t))?;
        change_throughput(meta, &mut next, read, write)?;
    }
    if let Some(p) = req.deletion_protection_enabled {
        next.deletion_protection = p;
    }
    if let Some(c) = &req.table_class {
        next.table_class = Some(c.clone());
    }
    if let Some(o) = &req.on_demand_throughput {
        next.on_demand = table_settings::merge_on_demand(meta.on_demand, o);
    }
    next.billing.peak_units = next.billing.warm_units();
    if let Some(sse) = &req.sse_specification {
        next.kms_key_arn = table_settings::kms_key_arn(region, sse);
    }
    Ok(next)
}

/// A throughput change on a provisioned table, with DynamoDB's bookkeeping of increases and
/// decreases.
fn change_throughput(meta: &TableMeta, next: &mut TableMeta, read: i64, write: i64) -> Result<()> {
    let (old_read, old_write) = (meta.billing.read_units, meta.billing.write_units);
    if (read, write) == (old_read, old_write) {
        return Err(Error::validation(format!(
            "The provisioned throughput for the table will not change. The requested value equals \
             the current value. Current ReadCapacityUnits provisioned for the table: {old_read}. \
             Requested ReadCapacityUnits: {read}. Current WriteCapacityUnits provisioned for the \
             table: {old_write}. Requested WriteCapacityUnits: {write}. Refer to the Amazon \
             DynamoDB Developer Guide for current limits and how to request higher limits."
        )));
    }
    let now = now_epoch_seconds();
    if read > old_read || write > old_write {
        next.billing.last_increase = Some(now);
    }
    if read < old_read || write < old_write {
        next.billing.last_decrease = Some(now);
        next.billing.decreases_today += 1;
    }
    next.billing.read_units = read;
    next.billing.write_units = write;
    Ok(())
}
