//! Items as stored: the storage key of an item and its encoded value, read and written through
//! the model's key and item codecs.

use std::cell::Cell;

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

/// Largest buffer [`with_encoded`] keeps for the next write; a bigger one (an item near 400 KB)
/// is freed rather than held by the thread.
const SCRATCH_KEPT: usize = 64 << 10;

thread_local! {
    /// The buffer items are encoded into when the encoding is only copied (into a write batch).
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Calls `f` with the stored form of `item` and its size (`item_size(item)`, measured while
/// encoding), encoded into a per-thread buffer instead of a fresh allocation. Re-entrant: a
/// nested call finds the slot empty and works in a buffer of its own.
pub fn with_encoded<T>(item: &Item, f: impl FnOnce(&[u8], usize) -> T) -> T {
    SCRATCH.with(|slot| {
        let mut buffer = slot.take();
        buffer.clear();
        let size = codec::encode_into(item, &mut buffer);
        let result = f(&buffer, size);
        if buffer.capacity() <= SCRATCH_KEPT {
            slot.set(buffer);
        }
        result
    })
}

/// An item read back from storage.
pub fn decode(bytes: &[u8]) -> Result<Item> {
    Ok(codec::decode(bytes)?)
}

/// An item read back from storage, with its size.
pub fn decode_sized(bytes: &[u8]) -> Result<(Item, usize)> {
    Ok(codec::decode_sized(bytes)?)
}

/// The item stored under a request's `key` (exactly the key attributes), with its size; the
/// key's values move into the item (see [`codec::decode_keyed`]).
pub fn decode_keyed(bytes: &[u8], key: Item) -> Result<(Item, usize)> {
    Ok(codec::decode_keyed(bytes, key)?)
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
