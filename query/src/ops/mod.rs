//! One module per DynamoDB operation, each with the same three steps: validate the request, run
//! it, build the response. `dispatch` routes a JSON request by operation name.

mod batch_get_item;
mod batch_write_item;
mod collection;
mod context;
mod create_table;
mod delete_item;
mod delete_table;
mod describe_endpoints;
mod describe_limits;
mod describe_table;
mod echo;
mod expressions;
mod get_item;
mod index_def;
mod index_update;
mod index_write;
mod item_key;
mod list_tables;
mod locks;
mod page;
mod put_item;
mod put_request;
mod query;
mod read_common;
mod recount;
mod scan;
mod scratch;
mod select;
pub(crate) mod shape;
mod stored;
mod table_settings;
mod tags;
mod target;
mod time_to_live;
mod tokens;
mod transact_common;
mod transact_get;
mod transact_write;
mod ttl_sweep;
mod update_index_keys;
mod update_item;
mod update_size;
mod update_table;
mod write;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::value::json::INVALID_EXPRESSION_VALUE;
use crate::value::{error_from_json_in, Wording};
use crate::{Error, Result};

/// Shared state of an open database, handed to every operation.
pub struct Inner {
    pub storage: dynakv_storage::Db,
    pub catalog: Catalog,
    /// Region named in ARNs and endpoints.
    pub region: String,
    /// Item locks of the read-check-write path.
    pub locks: locks::KeyLocks,
    /// ClientRequestTokens of recent transactions.
    pub tokens: tokens::Tokens,
}

/// Runs operation `op` on a JSON request body and returns the JSON response body.
pub fn dispatch(db: &Inner, op: &str, body: &[u8]) -> Result<Vec<u8>> {
    let req = Request { op, body };
    match op {
        "CreateTable" => req.run(|r| create_table::run(db, r)),
        "DescribeTable" => req.run(|r| describe_table::run(db, r)),
        "DeleteTable" => req.run(|r| delete_table::run(db, r)),
        "ListTables" => req.run(|r| list_tables::run(db, r)),
        "UpdateTable" => req.run(|r| update_table::run(db, r)),
        "TagResource" => req.run(|r| tags::tag(db, r)),
        "UntagResource" => req.run(|r| tags::untag(db, r)),
        "ListTagsOfResource" => req.run(|r| tags::list(db, r)),
        "DescribeEndpoints" => req.run(|r| describe_endpoints::run(db, r)),
        "DescribeLimits" => req.run(|r| describe_limits::run(db, r)),
        "PutItem" => match put_request::read(body) {
            Some(r) => respond(put_item::run(db, r)?),
            None => req.run(|r| put_item::run(db, r)),
        },
        "GetItem" => get_item::run_json(db, body, || req.parse()),
        "UpdateItem" => req.run(|r| update_item::run(db, r)),
        "DeleteItem" => req.run(|r| delete_item::run(db, r)),
        "Query" => query::run_json(db, req.parse()?),
        "Scan" => scan::run_json(db, req.parse()?),
        "BatchGetItem" => req.run(|r| batch_get_item::run(db, r)),
        "BatchWriteItem" => req.run(|r| batch_write_item::run(db, r)),
        "TransactWriteItems" => req.run(|r| transact_write::run(db, r)),
        "TransactGetItems" => req.run(|r| transact_get::run(db, r)),
        "UpdateTimeToLive" => req.run(|r| time_to_live::update(db, r)),
        "DescribeTimeToLive" => req.run(|r| time_to_live::describe(db, r)),
        _ => Err(Error::UnknownOperation(op.to_string())),
    }
}

/// Whether operation `op` only reads: it never writes to storage.
pub fn is_read_only(op: &str) -> bool {
    matches!(
        op,
        "DescribeTable"
            | "ListTables"
            | "ListTagsOfResource"
            | "DescribeEndpoints"
            | "DescribeLimits"
            | "GetItem"
            | "Query"
            | "Scan"
            | "BatchGetItem"
            | "TransactGetItems"
            | "DescribeTimeToLive"
    )
}

/// The JSON body of a response.
fn respond(resp: impl Serialize) -> Result<Vec<u8>> {
    serde_json::to_vec(&resp).map_err(serialize_error)
}

/// One JSON request on its way to an operation.
struct Request<'a> {
    op: &'a str,
    body: &'a [u8],
}

impl Request<'_> {
    /// Parses the request, runs `f`, serializes the response.
    fn run<Req, Resp>(&self, f: impl FnOnce(Req) -> Result<Resp>) -> Result<Vec<u8>>
    where
        Req: DeserializeOwned,
        Resp: Serialize,
    {
        respond(f(self.parse()?)?)
    }

    /// The request, read with serde; an empty body reads as `{}`.
    fn parse<Req: DeserializeOwned>(&self) -> Result<Req> {
        let body = if self.body.is_empty() {
            b"{}".as_slice()
        } else {
            self.body
        };
        serde_json::from_slice(body).map_err(|e| self.parse_error(e))
    }

    /// DynamoDB's error for a body that does not parse, worded as this operation words it.
    fn parse_error(&self, e: serde_json::Error) -> Error {
        let wording = match self.op {
            "BatchWriteItem" | "Scan" | "TransactWriteItems" | "TransactGetItems" => {
                Wording::Legacy
            }
            _ => Wording::Current,
        };
        let e = match error_from_json_in(e, wording) {
            Error::Validation(m) if wording == Wording::Current => {
                Error::Validation(unwrapped_expression_value(m))
            }
            other => other,
        };
        match e {
            // An invalid expression attribute value keeps its own wording.
            Error::Validation(m) if m.starts_with(INVALID_EXPRESSION_VALUE) => Error::Validation(m),
            e if matches!(self.op, "PutItem" | "UpdateItem" | "DeleteItem") => {
                context::enveloped(e)
            }
            other => other,
        }
    }
}

/// A response that would not serialize (not expected: responses hold only strings, numbers
/// and maps with string keys).
fn serialize_error(e: serde_json::Error) -> Error {
    Error::Internal(e.to_string())
}

/// The checks DynamoDB's current request layer runs on every value where it sits, expression
/// attribute values included: a malformed or out-of-range number, a duplicate set member and
/// `{"NULL": false}`.
/// Its message for one of these in ExpressionAttributeValues is the bare one, without the
/// `ExpressionAttributeValues contains invalid value: ... for key :v` wrapper the older layer
/// (and the current one, for other faults such as an empty set) puts around it.
const VALUE_LAYER_CHECKS: &[&str] = &[
    "The parameter cannot be converted to a numeric value",
    "Number overflow.",
    "Number underflow.",
    "Attempting to store more than 38 significant digits",
    "One or more parameter values were invalid: Input collection",
    "One or more parameter values were invalid: Null attribute value types",
];

/// `message` without the expression-value wrapper when the fault is one of VALUE_LAYER_CHECKS.
fn unwrapped_expression_value(message: String) -> String {
    let inner = message
        .strip_prefix(INVALID_EXPRESSION_VALUE)
        .and_then(|rest| rest.rsplit_once(" for key "))
        .map(|(inner, _key)| inner)
        .filter(|inner| VALUE_LAYER_CHECKS.iter().any(|c| inner.starts_with(c)));
    match inner {
        Some(inner) => inner.to_string(),
        None => message,
    }
}

/// A table name from a request, checked as DynamoDB checks it (`min` is 3 on the control plane).
pub fn table_name(name: Option<&str>, min: usize) -> Result<&str> {
    let mut s = shape::Shape::new();
    s.name(name, "tableName", min, true);
    s.finish()?;
    Ok(name.unwrap_or_default())
}

pub use recount::recount;
pub use ttl_sweep::sweep as sweep_expired;

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
    pub use super::time_to_live::describe as describe_time_to_live;
    pub use super::time_to_live::update as update_time_to_live;
    pub use super::transact_get::run as transact_get_items;
    pub use super::transact_write::run as transact_write_items;
    pub use super::update_item::run as update_item;
    pub use super::update_table::run as update_table;
}
