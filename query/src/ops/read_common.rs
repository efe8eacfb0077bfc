//! Pieces Query and Scan share: the Limit check, ExclusiveStartKey, key types.

use crate::catalog::{ScalarType, TableMeta};
use crate::expr;
use crate::value::Item;
use crate::{Error, Result};

use super::item_key::key_from_request;
use super::shape::Shape;
use super::stored::storage_key;

/// `Limit` must be at least 1 (DynamoDB names it `Limit` here and echoes no value).
pub fn check_limit(s: &mut Shape, limit: Option<i64>) {
    if limit.is_some_and(|l| l < 1) {
        s.push(
            "",
            "Limit",
            "Member must have value greater than or equal to 1",
        );
    }
}

/// The storage key an ExclusiveStartKey designates.
pub fn start_key(meta: &TableMeta, esk: &Item) -> Result<Vec<u8>> {
    let key = key_from_request(meta, esk).map_err(|e| {
        Error::validation(format!(
            "The provided starting key is invalid: {}",
            e.message()
        ))
    })?;
    storage_key(&key)
}

/// The expression layer's type of a key attribute.
pub fn expr_type(ty: ScalarType) -> expr::ScalarType {
    match ty {
        ScalarType::S => expr::ScalarType::S,
        ScalarType::N => expr::ScalarType::N,
        ScalarType::B => expr::ScalarType::B,
    }
}
