//! UpdateTimeToLive and DescribeTimeToLive: the TTL attribute lives in the table's definition;
//! the sweeper (`ttl_sweep`) deletes the items it marks as expired.
//!
//! DynamoDB reports ENABLING/DISABLING for a moment in theory, but answers the settled state
//! (ENABLED/DISABLED) on the first DescribeTimeToLive in practice; we report it at once.

use crate::api::{
    DescribeTimeToLiveResponse, TableNameRequest, TimeToLiveDescription, TimeToLiveSpecification,
    UpdateTimeToLiveRequest, UpdateTimeToLiveResponse,
};
use crate::{Error, Result};

use super::shape::{quote, Shape};
use super::{table_name, Inner};

/// Longest TTL attribute name.
const MAX_ATTRIBUTE_NAME: usize = 255;

pub fn update(db: &Inner, req: UpdateTimeToLiveRequest) -> Result<UpdateTimeToLiveResponse> {
    check_shape(&req)?;
    let name = req.table_name.as_deref().unwrap_or_default();
    let spec = req.time_to_live_specification.unwrap_or_default();
    let enabled = spec.enabled.unwrap_or_default();
    let attribute = spec.attribute_name.unwrap_or_default();
    db.catalog.update(name, |meta| {
        let current = meta.time_to_live.as_deref();
        check_transition(current, enabled, &attribute)?;
        let mut meta = meta.clone();
        meta.time_to_live = enabled.then(|| attribute.clone());
        Ok(meta)
    })?;
    Ok(UpdateTimeToLiveResponse {
        time_to_live_specification: TimeToLiveSpecification {
            enabled: Some(enabled),
            attribute_name: Some(attribute),
        },
    })
}

pub fn describe(db: &Inner, req: TableNameRequest) -> Result<DescribeTimeToLiveResponse> {
    let name = table_name(req.table_name.as_deref(), 3)?;
    let table = db.catalog.require_named(name)?;
    let attribute_name = table.meta.time_to_live.clone();
    let status = if attribute_name.is_some() {
        "ENABLED"
    } else {
        "DISABLED"
    };
    Ok(DescribeTimeToLiveResponse {
        time_to_live_description: TimeToLiveDescription {
            time_to_live_status: status.to_string(),
            attribute_name,
        },
    })
}

/// Member constraints, all reported together, before the table is looked up.
fn check_shape(req: &UpdateTimeToLiveRequest) -> Result<()> {
    let mut s = Shape::new();
    s.name(req.table_name.as_deref(), "tableName", 3, true);
    s.not_null(&req.time_to_live_specification, "timeToLiveSpecification");
    if let Some(spec) = &req.time_to_live_specification {
        s.not_null(&spec.enabled, "timeToLiveSpecification.enabled");
        let member = "timeToLiveSpecification.attributeName";
        match spec.attribute_name.as_deref() {
            None => s.push("null", member, "Member must not be null"),
            Some(a) => s.length(a.chars().count(), &quote(a), member, 1, MAX_ATTRIBUTE_NAME),
        }
    }
    s.finish()
}

/// Whether TTL may go from `current` (the enabled attribute, if any) to `enabled` on
/// `attribute`: DynamoDB refuses no-op changes and changes naming another attribute.
fn check_transition(current: Option<&str>, enabled: bool, attribute: &str) -> Result<()> {
    match current {
        Some(active) if active != attribute => Err(Error::validation(format!(
            "TimeToLive is active on a different AttributeName: current AttributeName is {active}"
        ))),
        Some(_) if enabled => Err(Error::validation("TimeToLive is already enabled")),
        None if !enabled => Err(Error::validation("TimeToLive is already disabled")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: Result<()>) -> String {
        r.unwrap_err().message().to_string()
    }

    #[test]
    fn transitions_follow_dynamodb() {
        assert!(check_transition(None, true, "ttl").is_ok());
        assert!(check_transition(Some("ttl"), false, "ttl").is_ok());
        assert_eq!(
            message(check_transition(None, false, "ttl")),
            "TimeToLive is already disabled"
        );
        assert_eq!(
            message(check_transition(Some("ttl"), true, "ttl")),
            "TimeToLive is already enabled"
        );
        let other =
            "TimeToLive is active on a different AttributeName: current AttributeName is ttl";
        assert_eq!(message(check_transition(Some("ttl"), true, "exp")), other);
        assert_eq!(message(check_transition(Some("ttl"), false, "exp")), other);
    }
}
