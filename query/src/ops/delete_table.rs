//! DeleteTable: removes the definition and drops the table's keyspace (no data rewrite).

use crate::api::{TableDescriptionResponse, TableNameRequest};
use crate::Result;

use super::{table_name, Inner};

pub fn run(db: &Inner, req: TableNameRequest) -> Result<TableDescriptionResponse> {
    let name = table_name(req.table_name.as_deref(), 3)?;
    let table = db.catalog.delete(name)?;
    Ok(TableDescriptionResponse {
        table_description: table.describe(&db.region, "DELETING"),
    })
}
