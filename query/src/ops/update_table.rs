//! UpdateTable: billing mode, provisioned throughput, deletion protection, table class,
//! on-demand maxima, server-side encryption and global secondary indexes.
//! Index and stream changes are refused with a ValidationException until they are implemented.

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
    let table_changes = req.billing_mode.is_some()
        || req.provisioned_throughput.is_some()
        || req.deletion_protection_enabled.is_some()
        || req.table_class.is_some()
        || req.on_demand_throughput.is_some()
        || req.sse_specification.is_some();
    if !table_changes && index_updates.is_empty() {
        return Err(Error::validation(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled, \
             GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required",
        ));
    }
    db.catalog.require_named(&name)?;
    check_index_combination(&req, index_updates)?;
    if table_changes {
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
    s.one_of(
        req.table_class.as_deref(),
        "tableClass",
        &["STANDARD", "STANDARD_INFREQUENT_ACCESS"],
    );
    table_settings::check_sse_shape(&mut s, req.sse_specification.as_ref());
    s.finish()
}

/// DynamoDB creates or deletes one GSI at a time, and not together with a change of the table's
/// throughput, deletion protection, encryption or class (a billing mode switch or GSI throughput
/// updates may come along).
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
    if online == 0 {
        return Ok(());
    }
    let conflicts = [
        (
            req.provisioned_throughput.is_some(),
            "You cannot create or delete index while updating table IOPS",
        ),
        (
            req.deletion_protection_enabled.is_some(),
            "DeletionProtection modification must be the only operation in the request",
        ),
        (
            req.sse_specification.is_some(),
            "Server-Side Encryption modification must be the only operation in the request",
        ),
        (
            req.table_class.is_some(),
            "TableClass modification must be the only operation in the request",
        ),
    ];
    match conflicts.iter().find(|(present, _)| *present) {
        Some((_, message)) => Err(Error::validation(*message)),
        None => Ok(()),
    }
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
        next.on_demand = Some(table_settings::on_demand(o));
    }
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
