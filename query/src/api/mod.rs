//! Request and response structs of DynamoDB's JSON API. Field names are DynamoDB's wire names
//! (PascalCase), so the server deserializes request bodies straight into them.
//!
//! Enumerations (KeyType, BillingMode, ReturnValues, ...) are kept as strings: DynamoDB answers a
//! bad enum value with a ValidationException naming the field, which the operations produce after
//! parsing, in DynamoDB's order. A JSON type error (a number where a string belongs) is a
//! SerializationException, raised by the deserializer.

mod batch;
mod common;
mod item;
mod legacy;
mod read;
mod table;
mod transact;
mod ttl;

pub use batch::*;
pub use common::*;
pub use item::*;
pub use legacy::*;
pub use read::*;
pub use table::*;
pub use transact::*;
pub use ttl::*;
