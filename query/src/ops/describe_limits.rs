//! DescribeLimits: DynamoDB's default account and table quotas.

use crate::api::DescribeLimitsResponse;
use crate::Result;

use super::Inner;

pub fn run(_db: &Inner, _req: serde_json::Value) -> Result<DescribeLimitsResponse> {
    Ok(DescribeLimitsResponse {
        account_max_read_capacity_units: 80_000,
        account_max_write_capacity_units: 80_000,
        table_max_read_capacity_units: 40_000,
        table_max_write_capacity_units: 40_000,
    })
}
