//! Pieces both transaction operations share: the TransactItems shape check, cancellation, and
//! transactional capacity (twice the units, reported with the read/write split).

use std::sync::Arc;

use crate::api::{Capacity, ConsumedCapacity};
use crate::capacity::{Cost, Report};
use crate::catalog::Table;
use crate::error::CancellationReason;
use crate::{Error, Result};

use super::shape::Shape;

/// Most actions one transaction may hold.
const MAX_ACTIONS: usize = 100;

/// `TransactItems` must be present with 1 to 100 entries; DynamoDB echoes the list.
pub fn check_list_shape(s: &mut Shape, len: Option<usize>, element: &str) {
    match len {
        None => s.push("null", "transactItems", "Member must not be null"),
        Some(n) => {
            let listed = vec![format!("{element}()"); n].join(", ");
            s.length(n, &format!("'[{listed}]'"), "transactItems", 1, MAX_ACTIONS);
        }
    }
}

/// TransactionCanceledException with one reason per action (`None` for the blameless).
pub fn cancelled(reasons: Vec<Option<CancellationReason>>) -> Error {
    let reasons: Vec<CancellationReason> = reasons
        .into_iter()
        .map(|r| {
            r.unwrap_or(CancellationReason {
                code: "None".into(),
                message: None,
                item: None,
            })
        })
        .collect();
    let codes: Vec<&str> = reasons.iter().map(|r| r.code.as_str()).collect();
    Error::TransactionCanceled {
        message: format!(
            "Transaction cancelled, please refer cancellation reasons for specific reasons [{}]",
            codes.join(", ")
        ),
        reasons,
    }
}

/// Sorts an action's key error: wrong types cancel the transaction (the message becomes the
/// action's ValidationError reason), empty or oversized values are refused outright.
pub fn fault_or_error<T>(e: Error) -> Result<Result<T, String>> {
    match e {
        Error::Validation(m) if !m.starts_with("One or more parameter values are not valid.") => {
            let size_limit = m.contains("exceeded the maximum size limit")
                || m.contains("exceeded the size limit");
            if size_limit {
                Err(Error::Validation(m))
            } else {
                Ok(Err(m))
            }
        }
        other => Err(other),
    }
}

/// ConsumedCapacity of a transaction: per table, twice the units, split into read or write.
pub fn transaction_capacity(
    report: Report,
    costs: &[(Arc<Table>, Cost)],
    read: bool,
) -> Option<Vec<ConsumedCapacity>> {
    if report == Report::None {
        return None;
    }
    let mut per_table: Vec<(&Arc<Table>, Cost)> = Vec::new();
    for (table, cost) in costs {
        match per_table
            .iter_mut()
            .find(|(t, _)| t.meta.id == table.meta.id)
        {
            Some((_, total)) => total.add(cost),
            None => per_table.push((table, cost.clone())),
        }
    }
    let consumed = per_table
        .into_iter()
        .filter_map(|(table, cost)| {
            let doubled = Cost {
                table: cost.table * 2.0,
                indexes: cost.indexes.iter().map(|u| u * 2.0).collect(),
            };
            let mut c = report.consumed_cost(&table.meta.name, &table.meta, &doubled)?;
            split(
                &mut c.capacity_units,
                &mut c.read_capacity_units,
                &mut c.write_capacity_units,
                read,
            );
            if let Some(t) = &mut c.table {
                split_part(t, read);
            }
            for part in c
                .global_secondary_indexes
                .iter_mut()
                .chain(&mut c.local_secondary_indexes)
            {
                part.values_mut().for_each(|p| split_part(p, read));
            }
            Some(c)
        })
        .collect();
    Some(consumed)
}

fn split_part(part: &mut Capacity, read: bool) {
    split(
        &mut part.capacity_units,
        &mut part.read_capacity_units,
        &mut part.write_capacity_units,
        read,
    );
}

fn split(total: &mut f64, reads: &mut Option<f64>, writes: &mut Option<f64>, read: bool) {
    if read {
        *reads = Some(*total);
    } else {
        *writes = Some(*total);
    }
}
