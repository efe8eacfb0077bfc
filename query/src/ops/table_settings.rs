//! Table settings CreateTable and UpdateTable share: on-demand maxima and server-side encryption.

use crate::api::{OnDemandThroughput, SseSpecification};

use super::shape::Shape;

/// The SSE types DynamoDB's model accepts.
const SSE_TYPES: &[&str] = &["AES256", "KMS"];

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

/// OnDemandThroughput maxima (read, write); a maximum left out is -1, "no maximum".
pub fn on_demand(spec: &OnDemandThroughput) -> (i64, i64) {
    (
        spec.max_read_request_units.unwrap_or(-1),
        spec.max_write_request_units.unwrap_or(-1),
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
