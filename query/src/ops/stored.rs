//! Items as stored: the storage key of an item and its encoded value, read and written through
//! the model's key and item codecs.

use dynakv_storage::{Bytes, Db, Keyspace, Snapshot};

use crate::keys;
use crate::value::Item;
use crate::{codec, size, Error, Result};

use super::item_key::PrimaryKey;

/// The storage key of an item.
pub fn storage_key(key: &PrimaryKey) -> Result<Vec<u8>> {
    keys::table_key(key.hash, key.range)
}

/// An item's size by DynamoDB's rules.
pub fn item_size(item: &Item) -> usize {
    size::item_size(item)
}

/// The stored form of an item.
pub fn encode(item: &Item) -> Vec<u8> {
    codec::encode(item)
}

/// An item read back from storage.
pub fn decode(bytes: &[u8]) -> Result<Item> {
    Ok(codec::decode(bytes)?)
}

/// An item read back from storage, with its size.
pub fn decode_sized(bytes: &[u8]) -> Result<(Item, usize)> {
    Ok(codec::decode_sized(bytes)?)
}

/// Reads and decodes the latest item stored under `key`, if any.
pub fn read(db: &Db, ks: &Keyspace, key: &[u8]) -> Result<Option<Item>> {
    decoded(read_encoded(db, ks, key)?)
}

/// The encoded form of the latest item stored under `key`, if any.
pub fn read_encoded(db: &Db, ks: &Keyspace, key: &[u8]) -> Result<Option<Bytes>> {
    db.get(ks, key).map_err(storage_error)
}

/// Reads and decodes the item stored under `key` in a snapshot, if any.
pub fn read_at(snapshot: &Snapshot, ks: &Keyspace, key: &[u8]) -> Result<Option<Item>> {
    decoded(read_encoded_at(snapshot, ks, key)?)
}

/// The encoded form of the item stored under `key` in a snapshot, if any.
pub fn read_encoded_at(snapshot: &Snapshot, ks: &Keyspace, key: &[u8]) -> Result<Option<Bytes>> {
    snapshot.get(ks, key).map_err(storage_error)
}

fn decoded(bytes: Option<Bytes>) -> Result<Option<Item>> {
    bytes.map(|b| decode(&b)).transpose()
}

/// Maps the engine's "keyspace gone" (the table was deleted meanwhile) to DynamoDB's error.
pub fn storage_error(e: dynakv_storage::Error) -> Error {
    match e {
        dynakv_storage::Error::NoSuchKeyspace(_) => {
            Error::ResourceNotFound("Requested resource not found".to_string())
        }
        other => other.into(),
    }
}
