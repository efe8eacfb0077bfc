//! Pieces every item operation shares: the data-plane table-name check, the enum members
//! (ReturnValues, ReturnConsumedCapacity, ...) and the expression/legacy-parameter conflict.

use std::sync::Arc;

use crate::capacity::{Report, REPORT_VALUES};
use crate::catalog::Table;
use crate::expr::legacy::{self, ParamUse};
use crate::{Error, Result};

use super::shape::{quote, Shape, NAME_PATTERN};
use super::Inner;

/// Every ReturnValues value, in DynamoDB's order.
pub const RETURN_VALUES: &[&str] = &["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"];

/// Checks a data-plane table name; DynamoDB stops at a bad name without checking other members.
pub fn check_table_name(name: Option<&str>) -> Result<&str> {
    let mut s = Shape::new();
    table_name_shape(&mut s, name, "tableName");
    s.finish()?;
    Ok(name.unwrap_or_default())
}

/// The constraint on a batch's RequestItems keys, as DynamoDB words it whichever part fails.
pub const MAP_KEYS_CONSTRAINT: &str =
    "Map keys must satisfy constraint: [Member must have length less \
     than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy \
     regular expression pattern: [a-zA-Z0-9_.-]+]";

/// Whether `name` can name a table: 3 to 255 of `[a-zA-Z0-9_.-]`.
pub fn valid_table_name(name: &str) -> bool {
    (3..=255).contains(&name.len()) && name.bytes().all(name_byte)
}

/// Whether `b` may appear in a table name: `[a-zA-Z0-9_.-]`.
fn name_byte(b: u8) -> bool {
    matches!(b, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'.' | b'-')
}

/// The constraints of a data-plane table name, reported under `member` (`tableName`, or the
/// path of a transaction action's table name).
pub fn table_name_shape(s: &mut Shape, name: Option<&str>, member: &str) {
    match name {
        None => s.push("null", member, "Member must not be null"),
        Some("") => s.length(0, "''", member, 1, 255),
        Some(n) => {
            let valid = n.bytes().all(name_byte);
            if !valid {
                let c = format!("Member must satisfy regular expression pattern: {NAME_PATTERN}");
                s.push(&quote(n), member, &c);
            }
            // A valid name is ASCII: one character per byte.
            let len = if valid { n.len() } else { n.chars().count() };
            // Quoting allocates: only for a name that breaks the length bounds.
            if len > 255 {
                s.length(len, &quote(n), member, 1, 255);
            }
        }
    }
}

/// The table a data-plane request names (ResourceNotFoundException if absent).
pub fn table(db: &Inner, name: &str) -> Result<Arc<Table>> {
    db.catalog.require(name)
}

/// The enum members shared by the write operations.
pub struct WriteEnums<'a> {
    pub return_values: Option<&'a str>,
    pub return_consumed_capacity: Option<&'a str>,
    pub return_item_collection_metrics: Option<&'a str>,
    pub return_values_on_condition_check_failure: Option<&'a str>,
}

impl WriteEnums<'_> {
    /// Records every bad enum value.
    pub fn check(&self, s: &mut Shape) {
        s.one_of(
            self.return_consumed_capacity,
            "returnConsumedCapacity",
            REPORT_VALUES,
        );
        s.one_of(
            self.return_item_collection_metrics,
            "returnItemCollectionMetrics",
            &["SIZE", "NONE"],
        );
        s.one_of(self.return_values, "returnValues", RETURN_VALUES);
        s.one_of(
            self.return_values_on_condition_check_failure,
            "returnValuesOnConditionCheckFailure",
            &["ALL_OLD", "NONE"],
        );
    }

    pub fn report(&self) -> Report {
        Report::parse(self.return_consumed_capacity)
    }

    /// Whether a failed condition should carry the old item.
    pub fn old_on_failure(&self) -> bool {
        self.return_values_on_condition_check_failure == Some("ALL_OLD")
    }
}

/// PutItem and DeleteItem accept only NONE and ALL_OLD.
pub fn only_all_old(return_values: Option<&str>) -> Result<()> {
    match return_values {
        None | Some("NONE") | Some("ALL_OLD") => Ok(()),
        Some(_) => Err(enveloped(Error::validation(
            "ReturnValues can only be ALL_OLD or NONE",
        ))),
    }
}

/// DynamoDB's envelope for request-validation errors: `1 validation error detected: <message>`.
const ENVELOPE: &str = "1 validation error detected: ";

/// `e` inside the request-validation envelope, as the single-item writes (PutItem, UpdateItem,
/// DeleteItem) report their request's errors since DynamoDB's 2026 request layer; a message
/// already counting its errors (`N validation error(s) detected: `) and other errors unchanged.
pub fn enveloped(e: Error) -> Error {
    match e {
        Error::Validation(m) if !counts_errors(&m) => Error::Validation(format!("{ENVELOPE}{m}")),
        other => other,
    }
}

/// Whether `message` opens with `N validation error(s) detected: `.
fn counts_errors(message: &str) -> bool {
    message.split_once(' ').is_some_and(|(count, rest)| {
        !count.is_empty()
            && count.bytes().all(|b| b.is_ascii_digit())
            && rest.starts_with("validation error")
    })
}

/// DynamoDB's rules on combining parameters: `expressions` and `legacy` list the members of each
/// kind in DynamoDB's order with whether they are present; `names`/`values` say whether
/// ExpressionAttributeNames/Values are.
pub fn check_params(
    expressions: &[(&str, bool)],
    legacy: &[(&str, bool)],
    names: bool,
    values: bool,
) -> Result<()> {
    legacy::check_params(&ParamUse {
        expressions,
        legacy,
        names,
        values,
        name_absent_expressions: true,
    })
}
