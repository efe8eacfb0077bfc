//! dynakv: DynamoDB's data model, expressions and operations over the dynakv-storage engine, as a
//! library to embed. The HTTP server (`dynakv-server`) is a thin layer over it.

pub mod api;
pub mod capacity;
mod catalog;
pub mod codec;
mod db;
pub mod error;
pub mod expr;
pub mod keys;
mod ops;
pub mod size;
pub mod value;

pub use db::{Config, Database};
pub use error::{Error, Result};
pub use value::{AttributeValue, Item, Number};
