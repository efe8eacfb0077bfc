//! One module per DynamoDB operation, each with the same three steps: validate the request, run
//! it, build the response. `dispatch` routes a JSON request by operation name.

mod batch_get_item;
mod batch_write_item;
mod context;
mod create_table;
mod delete_item;
mod delete_table;
mod describe_endpoints;
mod describe_limits;
mod describe_table;
mod expressions;
mod get_item;
mod item_key;
mod legacy;
mod list_tables;
mod locks;
mod page;
mod put_item;
mod query;
mod read_common;
mod recount;
mod scan;
mod select;
pub(crate) mod shape;
mod stored;
mod tags;
mod update_item;
mod update_table;
mod write;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::{Error, Result};

/// Shared state of an open database, handed to every operation.
pub struct Inner {
    pub storage: dynakv_storage::Db,
    pub catalog: Catalog,
    /// Region named in ARNs and endpoints.
    pub region: String,
    /// Item locks of the read-check-write path.
    pub locks: locks::KeyLocks,
}

/// Runs operation `op` on a JSON request body and returns the JSON response body.
pub fn dispatch(db: &Inner, op: &str, body: &[u8]) -> Result<Vec<u8>> {
    match op {
        "CreateTable" => call(body, |r| create_table::run(db, r)),
        "DescribeTable" => call(body, |r| describe_table::run(db, r)),
        "DeleteTable" => call(body, |r| delete_table::run(db, r)),
        "ListTables" => call(body, |r| list_tables::run(db, r)),
        "UpdateTable" => call(body, |r| update_table::run(db, r)),
        "TagResource" => call(body, |r| tags::tag(db, r)),
        "UntagResource" => call(body, |r| tags::untag(db, r)),
        "ListTagsOfResource" => call(body, |r| tags::list(db, r)),
        "DescribeEndpoints" => call(body, |r| describe_endpoints::run(db, r)),
        "DescribeLimits" => call(body, |r| describe_limits::run(db, r)),
        "PutItem" => call(body, |r| put_item::run(db, r)),
        "GetItem" => call(body, |r| get_item::run(db, r)),
        "UpdateItem" => call(body, |r| update_item::run(db, r)),
        "DeleteItem" => call(body, |r| delete_item::run(db, r)),
        "Query" => call(body, |r| query::run(db, r)),
        "Scan" => call(body, |r| scan::run(db, r)),
        "BatchGetItem" => call(body, |r| batch_get_item::run(db, r)),
        "BatchWriteItem" => call(body, |r| batch_write_item::run(db, r)),
        _ => Err(Error::UnknownOperation(op.to_string())),
    }
}

/// Parses the request, runs `f`, serializes the response.
fn call<Req, Resp>(body: &[u8], f: impl FnOnce(Req) -> Result<Resp>) -> Result<Vec<u8>>
where
    Req: DeserializeOwned,
    Resp: Serialize,
{
    let body = if body.is_empty() {
        b"{}".as_slice()
    } else {
        body
    };
    let req = serde_json::from_slice(body).map_err(|e| Error::Serialization(e.to_string()))?;
    let resp = f(req)?;
    serde_json::to_vec(&resp).map_err(|e| Error::Internal(e.to_string()))
}

/// A table name from a request, checked as DynamoDB checks it (`min` is 3 on the control plane).
pub fn table_name(name: Option<&str>, min: usize) -> Result<&str> {
    let mut s = shape::Shape::new();
    s.name(name, "tableName", min, true);
    s.finish()?;
    Ok(name.unwrap_or_default())
}

pub use recount::recount;

/// Entry points of the typed Rust API (`Database::create_table`, ...).
pub mod typed {
    pub use super::batch_get_item::run as batch_get_item;
    pub use super::batch_write_item::run as batch_write_item;
    pub use super::create_table::run as create_table;
    pub use super::delete_item::run as delete_item;
    pub use super::delete_table::run as delete_table;
    pub use super::describe_table::run as describe_table;
    pub use super::get_item::run as get_item;
    pub use super::list_tables::run as list_tables;
    pub use super::put_item::run as put_item;
    pub use super::query::run as query;
    pub use super::scan::run as scan;
    pub use super::update_item::run as update_item;
    pub use super::update_table::run as update_table;
}
