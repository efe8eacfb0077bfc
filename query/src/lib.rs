//! dynakv: DynamoDB's data model, expressions and operations over the dynakv-storage engine, as a
//! library to embed. The HTTP server (`dynakv-server`) is a thin layer over it.
//!
//! Requests are DynamoDB's own JSON (through [`Database::handle_json`]) or the same shapes as
//! Rust structs (the `api` module and the typed methods of [`Database`]):
//!
//! ```
//! use dynakv::api::{GetItemRequest, PutItemRequest};
//! use dynakv::{AttributeValue, Database, Item};
//!
//! let db = Database::in_memory().unwrap();
//! db.handle_json(
//!     "CreateTable",
//!     br#"{"TableName": "users", "BillingMode": "PAY_PER_REQUEST",
//!          "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
//!          "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}"#,
//! )
//! .unwrap();
//! let item = Item::from([
//!     ("id".to_string(), AttributeValue::from("u1")),
//!     ("name".to_string(), AttributeValue::from("Ada")),
//! ]);
//! db.put_item(PutItemRequest {
//!     table_name: Some("users".into()),
//!     item: Some(item.clone()),
//!     ..Default::default()
//! })
//! .unwrap();
//! let got = db
//!     .get_item(GetItemRequest {
//!         table_name: Some("users".into()),
//!         key: Some(Item::from([("id".to_string(), AttributeValue::from("u1"))])),
//!         ..Default::default()
//!     })
//!     .unwrap();
//! assert_eq!(got.item, Some(item));
//! ```

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
mod sweeper;
pub mod value;

pub use db::{Config, Database, IN_MEMORY_MEMTABLE_BYTES};
pub use error::{Error, Result};
pub use value::{AttributeValue, Item, Number};
