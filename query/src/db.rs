//! The database handle applications embed. (Being implemented by the operations work item.)
//!
//! CONTRACT used by the server: `Database::open(dir)`, `Database::in_memory()`, and
//! `handle_json(operation, body)` where `operation` is the X-Amz-Target suffix after
//! `DynamoDB_20120810.` (e.g. "PutItem") and `body` the request JSON; it returns the response
//! JSON bytes, or the DynamoDB error to send.

use std::path::Path;

use crate::Result;

/// An open dynakv database: cheap to clone, Send + Sync.
#[derive(Clone)]
pub struct Database {}

impl Database {
    pub fn open(dir: impl AsRef<Path>) -> Result<Database> {
        let _ = dir.as_ref();
        unimplemented!()
    }
    pub fn in_memory() -> Result<Database> {
        unimplemented!()
    }
    pub fn handle_json(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>> {
        let _ = (operation, body);
        unimplemented!()
    }
}
