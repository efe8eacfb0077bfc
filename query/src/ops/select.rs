//! The `Select` member of Query and Scan and its rules with ProjectionExpression/AttributesToGet.

use crate::{Error, Result};

use super::shape::Shape;

/// Values `Select` accepts, in DynamoDB's order.
pub const SELECT_VALUES: &[&str] = &[
    "SPECIFIC_ATTRIBUTES",
    "COUNT",
    "ALL_ATTRIBUTES",
    "ALL_PROJECTED_ATTRIBUTES",
];

/// Records a bad `Select` value.
pub fn check_shape(s: &mut Shape, select: Option<&str>) {
    s.one_of(select, "select", SELECT_VALUES);
}

/// Checks Select against the projection; returns whether only a count is wanted.
/// `projection_member` names what the request used (ProjectionExpression or AttributesToGet).
pub fn count_only(
    select: Option<&str>,
    projection_member: Option<&str>,
    index: bool,
) -> Result<bool> {
    match (select, projection_member) {
        (Some("ALL_PROJECTED_ATTRIBUTES"), _) if !index => Err(Error::validation(
            "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
        )),
        (Some("SPECIFIC_ATTRIBUTES"), None) => Err(Error::validation(
            "Select type SPECIFIC_ATTRIBUTES requires a ProjectionExpression or AttributesToGet",
        )),
        (Some(mode @ ("ALL_ATTRIBUTES" | "ALL_PROJECTED_ATTRIBUTES" | "COUNT")), Some(member)) => {
            Err(Error::validation(format!(
                "Cannot specify the {member} when choosing to get {mode}"
            )))
        }
        (Some("COUNT"), None) => Ok(true),
        _ => Ok(false),
    }
}
