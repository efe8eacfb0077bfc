//! Items as stored: the storage key of an item and its encoded value, read and written through
//! the model's key and item codecs.

use std::ops::Deref;

use dynakv_storage::{Bytes, Db, Keyspace, Snapshot};

use crate::catalog::TableMeta;
use crate::keys;
use crate::value::Item;
use crate::{codec, size, Error, Result};

use super::item_key::PrimaryKey;
use super::scratch;

/// An item's storage key, built in the thread's key buffer (see [`scratch`]), which goes back
/// for the next key when this is dropped.
pub struct StorageKey(Vec<u8>);

impl StorageKey {
    /// The key as an owned vector (the buffer goes with it).
    pub fn into_vec(mut self) -> Vec<u8> {
        std::mem::take(&mut self.0)
    }
}

impl Deref for StorageKey {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for StorageKey {
    fn drop(&mut self) {
        scratch::give_back(&scratch::KEYS, std::mem::take(&mut self.0));
    }
}

/// The storage key of an item.
pub fn storage_key(key: &PrimaryKey) -> Result<StorageKey> {
    let buffer = scratch::take(&scratch::KEYS);
    Ok(StorageKey(keys::table_key_in(buffer, key.hash, key.range)?))
}

/// An item's size by DynamoDB's rules.
pub fn item_size(item: &Item) -> usize {
    size::item_size(item)
}

/// The stored form of an item.
pub fn encode(item: &Item) -> Vec<u8> {
    codec::encode(item)
}

/// Calls `f` with the stored form of `item` and its size (`item_size(item)`, measured while
/// encoding), encoded into the thread's item buffer (see [`scratch`]).
pub fn with_encoded<T>(item: &Item, f: impl FnOnce(&[u8], usize) -> T) -> T {
    let mut buffer = scratch::take(&scratch::ITEMS);
    let size = codec::encode_into(item, &mut buffer);
    let result = f(&buffer, size);
    scratch::give_back(&scratch::ITEMS, buffer);
    result
}

/// An item read back from storage.
pub fn decode(bytes: &[u8]) -> Result<Item> {
    Ok(codec::decode(bytes)?)
}

/// An item read back from storage, with its size.
pub fn decode_sized(bytes: &[u8]) -> Result<(Item, usize)> {
    Ok(codec::decode_sized(bytes)?)
}

/// The item stored under a request's `key` (exactly the key attributes of `meta`), with its
/// size; the item is built in `key` (see [`codec::decode_keyed`]).
pub fn decode_keyed(bytes: &[u8], key: Item, meta: &TableMeta) -> Result<(Item, usize)> {
    let range = meta.range_key.as_ref().map(|attr| attr.name.as_str());
    Ok(codec::decode_keyed(bytes, key, &meta.hash_key.name, range)?)
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
