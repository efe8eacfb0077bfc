//! dynakv: DynamoDB's data model, expressions and operations over the dynakv-storage engine, as a
//! library to embed. The HTTP server (`dynakv-server`) is a thin layer over it.

pub mod codec;
mod db;
pub mod error;
pub mod expr;
pub mod keys;
pub mod size;
pub mod value;

pub use error::{Error, Result};
pub use value::{AttributeValue, Item, Number};
pub use db::Database;
