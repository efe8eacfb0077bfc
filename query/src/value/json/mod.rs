//! DynamoDB's JSON form of attribute values: `{"S":"x"}`, `{"N":"1.5"}`, `{"B":"<base64>"}`,
//! `{"BOOL":true}`, `{"NULL":true}`, `{"M":{..}}`, `{"L":[..]}`, `{"SS":[..]}`, `{"NS":[..]}`,
//! `{"BS":[..]}`.
//!
//! Serialization is hand-written and allocation-free per value (numbers and base64 are written
//! straight into the output): it is the server's hot path.
//!
//! Deserialization validates as DynamoDB does and fails on the first problem in document order:
//! - `SerializationException` for a JSON value of the wrong kind, with the texts of DynamoDB's
//!   current JSON reader (`{"S":5}` -> "NUMBER_VALUE cannot be converted to String",
//!   `{"L":{}}` -> "Start of structure or map found where not expected", `{"L":["x"]}` ->
//!   "Unexpected value type in payload", bad base64, ...). An AttributeValue is assumed to sit
//!   where DynamoDB's model has a map value or list element (Item, Key, ExpressionAttributeValues,
//!   L, M), which is everywhere but the legacy `Expected.*.Value`/`AttributeUpdates.*.Value`
//!   fields, where DynamoDB says "Unexpected field type" instead of "Unexpected value type in
//!   payload";
//! - `ValidationException` for an empty value (`{}`, or only unknown keys: DynamoDB ignores
//!   members it does not know), several type keys, a malformed or out-of-range number, an empty
//!   set, duplicate set members, `{"NULL":false}`, and values nested deeper than 32 levels (the
//!   attribute itself is level 1).
//!
//! DynamoDB words some validation failures in two ways depending on the operation (see
//! [`Wording`]); the deserializer records both, and [`error_from_json_in`] picks one. Those texts
//! are bare: PutItem, UpdateItem and DeleteItem wrap them as
//! `1 validation error detected: <text>`, which is the operation's business. Inside
//! ExpressionAttributeValues ([`expression_values`]) they read
//! `ExpressionAttributeValues contains invalid value: <text> for key <name>` instead.
//!
//! Errors travel through serde as `serde::de::Error::custom` strings with a one-character tag,
//! so any request struct holding `AttributeValue`/`Item` fields can derive `Deserialize` and
//! hand the resulting `serde_json::Error` to [`error_from_json`]. To validate request-level
//! fields before attribute values, deserialize those fields as `serde_json::Value` (or
//! `Box<RawValue>`) and parse them later with `AttributeValue::deserialize(value)`: the errors are
//! the same `serde_json::Error`s.

pub(crate) mod cursor;
mod de;
mod error;
pub(crate) mod escape;
mod expression_values;
mod ser;
mod sets;
mod shape;

pub use error::{error_from_json, error_from_json_in, Wording};
pub use expression_values::{expression_values, INVALID_EXPRESSION_VALUE};

/// Deepest nesting DynamoDB accepts; the top-level attribute value is level 1.
pub const MAX_NESTING_DEPTH: usize = 32;

#[cfg(test)]
mod tests;
