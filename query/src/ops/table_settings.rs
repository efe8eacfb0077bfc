//! Table settings CreateTable and UpdateTable share: table class, on-demand maxima and
//! server-side encryption, with DynamoDB's checks and texts.

use crate::api::{OnDemandThroughput, SseSpecification};
use crate::{Error, Result};

use super::shape::Shape;

/// The SSE types DynamoDB's model accepts.
const SSE_TYPES: &[&str] = &["AES256", "KMS"];
const TABLE_CLASSES: &[&str] = &["STANDARD", "STANDARD_INFREQUENT_ACCESS"];

fn invalid(message: impl std::fmt::Display) -> Error {
    Error::validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// A TableClass outside the two DynamoDB offers (checked by the service, not the shape layer).
pub fn check_table_class(class: Option<&str>) -> Result<()> {
    match class {
        Some(c) if !TABLE_CLASSES.contains(&c) => Err(Error::validation(
            "Invalid table-class parameter provided. Please try again with a valid table-class \
             value: [STANDARD, STANDARD_INFREQUENT_ACCESS].",
        )),
        _ => Ok(()),
    }
}

/// OnDemandThroughput is for PAY_PER_REQUEST tables only, and each maximum given is at least 1
/// (-1, "no maximum", is accepted where `clear_allowed`: UpdateTable).
pub fn check_on_demand(
    spec: &OnDemandThroughput,
    provisioned: bool,
    clear_allowed: bool,
) -> Result<()> {
    let given = [
        ("MaxReadRequestUnits", spec.max_read_request_units),
        ("MaxWriteRequestUnits", spec.max_write_request_units),
    ];
    let given = given.iter().filter_map(|(n, v)| Some((*n, (*v)?)));
    for (name, value) in given {
        if provisioned {
            return Err(invalid(format!(
                "{name} for OnDemandThroughput cannot be specified when the table BillingMode is \
                 PROVISIONED"
            )));
        }
        if value < 1 && !(clear_allowed && value == -1) {
            return Err(invalid(format!(
                "Requested {name} for OnDemandThroughput for table is outside of valid range"
            )));
        }
    }
    Ok(())
}

/// The combinations of SSESpecification members DynamoDB refuses.
pub fn check_sse(sse: &SseSpecification) -> Result<()> {
    let enabled = sse.enabled == Some(true);
    if !enabled && sse.sse_type.is_some() {
        return Err(invalid("SSEType can not be specified if Enabled is false"));
    }
    if !enabled && sse.kms_master_key_id.is_some() {
        return Err(invalid(
            "KMSMasterKeyId can not be specified if Enabled is false",
        ));
    }
    if sse.kms_master_key_id.is_some() && sse.sse_type.as_deref() != Some("KMS") {
        return Err(invalid(
            "SSEType KMS is required if KMSMasterKeyId is specified",
        ));
    }
    if sse.sse_type.as_deref() == Some("AES256") {
        return Err(invalid("SSEType AES256 is not supported"));
    }
    Ok(())
}

/// Id of the account's AWS managed key (`alias/aws/dynamodb`), which encrypts a table whose
/// SSESpecification enables SSE without naming a key.
const AWS_MANAGED_KEY_ID: &str = "7b3c2f0e-5d1a-4c8e-9f6b-2a4d8e1c0b57";

/// Member constraints of an SSESpecification.
pub fn check_sse_shape(s: &mut Shape, sse: Option<&SseSpecification>) {
    if let Some(sse) = sse {
        s.one_of(
            sse.sse_type.as_deref(),
            "sSESpecification.sSEType",
            SSE_TYPES,
        );
    }
}

/// The maxima after applying `spec` to `current`, member by member: a member left out keeps its
/// value, -1 removes it.
pub fn merge_on_demand(
    current: (Option<i64>, Option<i64>),
    spec: &OnDemandThroughput,
) -> (Option<i64>, Option<i64>) {
    let merge = |old: Option<i64>, new: Option<i64>| match new {
        Some(-1) => None,
        Some(v) => Some(v),
        None => old,
    };
    (
        merge(current.0, spec.max_read_request_units),
        merge(current.1, spec.max_write_request_units),
    )
}

/// The ARN of the KMS key an SSESpecification selects, or None when it leaves the table on the
/// default AWS-owned key (SSE not enabled).
pub fn kms_key_arn(region: &str, sse: &SseSpecification) -> Option<String> {
    if sse.enabled != Some(true) {
        return None;
    }
    let prefix = format!("arn:aws:kms:{region}:000000000000");
    Some(match sse.kms_master_key_id.as_deref() {
        Some(arn) if arn.starts_with("arn:") => arn.to_string(),
        Some(alias) if alias.starts_with("alias/") => format!("{prefix}:{alias}"),
        Some(id) => format!("{prefix}:key/{id}"),
        None => format!("{prefix}:key/{AWS_MANAGED_KEY_ID}"),
    })
}
