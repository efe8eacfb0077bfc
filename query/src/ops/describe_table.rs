//! DescribeTable.

use crate::api::{DescribeTableResponse, TableNameRequest};
use crate::Result;

use super::{table_name, Inner};

pub fn run(db: &Inner, req: TableNameRequest) -> Result<DescribeTableResponse> {
    let name = table_name(req.table_name.as_deref(), 3)?;
    let table = db.catalog.require_named(name)?;
    Ok(DescribeTableResponse {
        table: table.describe(&db.region, "ACTIVE"),
    })
}
