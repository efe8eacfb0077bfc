//! Request and response structs of DynamoDB's JSON API. Field names are DynamoDB's wire names
//! (PascalCase), so the server deserializes request bodies straight into them.
//!
//! Enumerations (KeyType, BillingMode, ReturnValues, ...) are kept as strings: DynamoDB answers a
//! bad enum value with a ValidationException naming the field, which the operations produce after
//! parsing, in DynamoDB's order. A JSON type error (a number where a string belongs) is a
//! SerializationException, raised by the deserializer.

mod common;
mod table;

pub use common::*;
pub use table::*;
