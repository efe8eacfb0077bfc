//! Extracting and checking an item's primary key against the table's key schema, with DynamoDB's
//! messages for missing attributes, wrong types, empty values and oversized keys.

use crate::catalog::TableMeta;
use crate::size::{check_key_value, KeyRole};
use crate::value::{AttributeValue, Item};
use crate::{Error, Result};

/// The primary key values of one item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrimaryKey<'a> {
    pub hash: &'a AttributeValue,
    pub range: Option<&'a AttributeValue>,
}

/// How a missing or wrong-typed key attribute in a written item is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// PutItem: `Type mismatch for key pk expected: S actual: N`, `Missing the key pk in the
    /// item`.
    Detailed,
    /// BatchWriteItem: `The provided key element does not match the schema` for both.
    Schema,
}

/// The key of an item to write: every key attribute present, of its declared type, non-empty.
pub fn key_of_item<'a>(
    meta: &TableMeta,
    item: &'a Item,
    mismatch: Mismatch,
) -> Result<PrimaryKey<'a>> {
    let mut found = Found::default();
    for attr in meta.key_attrs() {
        let Some(value) = item.get(&attr.name) else {
            return Err(match mismatch {
                Mismatch::Detailed => Error::validation(format!(
                    "One or more parameter values were invalid: Missing the key {} in the item",
                    attr.name
                )),
                Mismatch::Schema => schema_mismatch(),
            });
        };
        if !attr.ty.matches(value) {
            return Err(match mismatch {
                Mismatch::Detailed => Error::validation(format!(
                    "One or more parameter values were invalid: Type mismatch for key {} expected: {} actual: {}",
                    attr.name,
                    attr.ty.as_str(),
                    value.type_name()
                )),
                Mismatch::Schema => schema_mismatch(),
            });
        }
        found.push(value);
    }
    checked(meta, found)
}

/// The attributes of a request's `Key`, however the request was read.
pub trait KeyAttrs {
    /// The value given for attribute `name`.
    fn attr(&self, name: &str) -> Option<&AttributeValue>;
    /// How many attributes were given.
    fn count(&self) -> usize;
}

impl KeyAttrs for Item {
    fn attr(&self, name: &str) -> Option<&AttributeValue> {
        self.get(name)
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// The key given as a request's `Key`: exactly the key attributes, of their declared types.
pub fn key_from_request<'a, K: KeyAttrs + ?Sized>(
    meta: &TableMeta,
    key: &'a K,
) -> Result<PrimaryKey<'a>> {
    let expected = 1 + usize::from(meta.range_key.is_some());
    let mut found = Found::default();
    for attr in meta.key_attrs() {
        match key.attr(&attr.name) {
            Some(v) if attr.ty.matches(v) => found.push(v),
            _ => return Err(schema_mismatch()),
        }
    }
    if key.count() != expected {
        return Err(schema_mismatch());
    }
    checked(meta, found)
}

/// The key attributes of an item known to be valid (read back from storage).
pub fn stored_key<'a>(meta: &TableMeta, item: &'a Item) -> Option<PrimaryKey<'a>> {
    let hash = item.get(&meta.hash_key.name)?;
    let range = match &meta.range_key {
        Some(attr) => Some(item.get(&attr.name)?),
        None => None,
    };
    Some(PrimaryKey { hash, range })
}

/// `The provided key element does not match the schema`.
pub fn schema_mismatch() -> Error {
    Error::validation("The provided key element does not match the schema")
}

/// The key values found so far, in key schema order (at most two: no allocation).
#[derive(Default)]
struct Found<'a> {
    values: [Option<&'a AttributeValue>; 2],
    len: usize,
}

impl<'a> Found<'a> {
    /// Records the next key value; a key schema has at most two attributes.
    fn push(&mut self, value: &'a AttributeValue) {
        if let Some(slot) = self.values.get_mut(self.len) {
            *slot = Some(value);
            self.len += 1;
        }
    }
}

/// Empty values and size limits, once the types are right.
fn checked<'a>(meta: &TableMeta, found: Found<'a>) -> Result<PrimaryKey<'a>> {
    let [hash, range] = found.values;
    for ((attr, value), role) in meta
        .key_attrs()
        .zip([hash, range].into_iter().flatten())
        .zip([KeyRole::Partition, KeyRole::Sort])
    {
        check_key_value(&attr.name, value, role)?;
    }
    let hash = hash.ok_or_else(schema_mismatch)?;
    Ok(PrimaryKey { hash, range })
}
