//! TransactGetItems: up to 100 items read in one consistent snapshot, answered in request order.

use std::sync::Arc;

use crate::api::{ItemResponse, TransactGetItemsRequest, TransactGetItemsResponse};
use crate::capacity::{read_units, Cost, Report, REPORT_VALUES};
use crate::catalog::Table;
use crate::expr::{project, ExpressionParams, Projection};
use crate::{Error, Result};

use super::context::{check_params, table, table_name_shape};
use super::item_key::key_from_request;
use super::shape::Shape;
use super::stored::{self, storage_key};
use super::transact_common::{cancelled, check_list_shape, fault_or_error, transaction_capacity};
use super::transact_write::validation_reason;
use super::Inner;

/// One Get, resolved.
struct Read {
    table: Arc<Table>,
    key: Vec<u8>,
    projection: Option<Projection>,
}

pub fn run(db: &Inner, req: TransactGetItemsRequest) -> Result<TransactGetItemsResponse> {
    let mut s = Shape::new();
    check_list_shape(
        &mut s,
        req.transact_items.as_ref().map(Vec::len),
        "TransactGetItem",
    );
    for (i, item) in req.transact_items.iter().flatten().enumerate() {
        get_shape(&mut s, item.get.as_ref(), i);
    }
    s.one_of(
        req.return_consumed_capacity.as_deref(),
        "returnConsumedCapacity",
        REPORT_VALUES,
    );
    s.finish()?;
    let items = req.transact_items.as_deref().unwrap_or_default();
    let mut reads: Vec<Read> = Vec::with_capacity(items.len());
    let mut faults = Vec::with_capacity(items.len());
    for item in items {
        let read = match prepare(db, item.get.as_ref())? {
            Ok(read) => read,
            Err(fault) => {
                faults.push(Some(fault));
                continue;
            }
        };
        faults.push(None);
        if reads
            .iter()
            .any(|r| r.table.meta.id == read.table.meta.id && r.key == read.key)
        {
            return Err(Error::validation(
                "Transaction request cannot include multiple operations on one item",
            ));
        }
        reads.push(read);
    }
    // A key of the wrong shape cancels the transaction with a ValidationError reason, as in
    // TransactWriteItems.
    if faults.iter().any(Option::is_some) {
        return Err(cancelled(
            faults
                .into_iter()
                .map(|f| f.map(validation_reason))
                .collect(),
        ));
    }
    let snapshot = db.storage.snapshot();
    let mut responses = Vec::with_capacity(reads.len());
    let mut costs = Vec::with_capacity(reads.len());
    for r in reads {
        let item = stored::read_at(&snapshot, &r.table.keyspace, &r.key)?;
        let size = item.as_ref().map_or(0, stored::item_size) as u64;
        costs.push((r.table.clone(), Cost::table(read_units(size, true))));
        // A projection that keeps nothing of the item answers like a missing item: no `Item`.
        let item = match (item, &r.projection) {
            (Some(i), Some(p)) => Some(project(&i, p)).filter(|i| !i.is_empty()),
            (i, _) => i,
        };
        responses.push(ItemResponse { item });
    }
    let report = Report::parse(req.return_consumed_capacity.as_deref());
    Ok(TransactGetItemsResponse {
        responses,
        consumed_capacity: transaction_capacity(report, &costs, true),
    })
}

/// The member constraints of Get `i`.
fn get_shape(s: &mut Shape, get: Option<&crate::api::TransactAction>, i: usize) {
    let member = format!("transactItems.{}.member.get", i + 1);
    let Some(get) = get else {
        s.push("null", &member, "Member must not be null");
        return;
    };
    s.not_null(&get.key, &format!("{member}.key"));
    table_name_shape(s, get.table_name.as_deref(), &format!("{member}.tableName"));
}

/// Resolves one Get: Ok(Err(fault)) when its key cancels the transaction.
fn prepare(db: &Inner, get: Option<&crate::api::TransactAction>) -> Result<Result<Read, String>> {
    let Some(get) = get else {
        return Err(Error::Internal("Get checked by get_shape".into()));
    };
    let name = get.table_name.as_deref().unwrap_or_default();
    let names = get.expression_attribute_names.as_ref();
    check_params(
        &[("ProjectionExpression", get.projection_expression.is_some())],
        &[],
        names.is_some(),
        false,
    )?;
    let parsed = ExpressionParams {
        projection: get.projection_expression.as_deref(),
        names,
        ..ExpressionParams::default()
    }
    .parse()?;
    let table = table(db, name)?;
    let key = match key_from_request(&table.meta, get.key.as_ref().unwrap_or(&Default::default())) {
        Ok(key) => storage_key(&key)?.into_vec(),
        Err(e) => return fault_or_error(e),
    };
    Ok(Ok(Read {
        table,
        key,
        projection: parsed.projection,
    }))
}
