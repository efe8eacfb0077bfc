//! Storage keys for items and index entries.
//!
//! Layout of a table key (all big-endian):
//!
//! ```text
//! xxh3_64(encoded pk) : u64 | encoded pk | encoded sk (tables with a sort key)
//! ```
//!
//! The hash prefix spreads partitions over the key space, so a Scan visits items in hash order,
//! as DynamoDB does, and a parallel-scan segment is a contiguous hash range. All items of one
//! partition share the prefix `hash | encoded pk` and sit together in sort-key order, so a
//! Query is one contiguous range, read forward or backward. Encodings are order-preserving and
//! self-delimiting (see [`scalar`]), so more components compose the same way: an index entry is
//! `hash(index pk) | index pk | index sk | table pk | table sk`, built with [`KeyBuilder`] and
//! read back with [`KeyReader`].
//!
//! ```
//! use dynakv::keys::{self, KeyType};
//! use dynakv::AttributeValue;
//!
//! let pk = AttributeValue::S("user#1".into());
//! let sk = AttributeValue::N(dynakv::Number::from(7));
//! let key = keys::table_key(&pk, Some(&sk)).unwrap();
//! let (read_pk, read_sk) = keys::decode_table_key(&key, KeyType::S, Some(KeyType::N)).unwrap();
//! assert_eq!((read_pk, read_sk), (pk, Some(sk)));
//! ```

mod range;
mod scalar;

pub use range::{scan_segment, KeyRange, SortCondition};
pub use scalar::KeyType;

use xxhash_rust::xxh3::xxh3_64;

use crate::value::AttributeValue;
use crate::{Error, Result};

/// Bytes of the partition hash at the front of every key.
pub const HASH_LEN: usize = 8;

/// Builds a key from a partition value and further components.
#[derive(Debug, Clone)]
pub struct KeyBuilder {
    bytes: Vec<u8>,
}

impl KeyBuilder {
    /// Starts a key with `hash(pk) | pk`.
    pub fn partition(pk: &AttributeValue) -> Result<KeyBuilder> {
        KeyBuilder::partition_in(Vec::new(), pk)
    }

    /// [`KeyBuilder::partition`] in `bytes` (cleared first), reusing its allocation.
    pub fn partition_in(mut bytes: Vec<u8>, pk: &AttributeValue) -> Result<KeyBuilder> {
        // At most one allocation for a typical key (none when `bytes` has room); the pk is
        // encoded after room for its hash, which is filled in last.
        bytes.clear();
        bytes.reserve(HASH_LEN + 64);
        bytes.extend_from_slice(&[0; HASH_LEN]);
        scalar::encode(pk, &mut bytes)?;
        let hash = xxh3_64(&bytes[HASH_LEN..]);
        bytes[..HASH_LEN].copy_from_slice(&hash.to_be_bytes());
        Ok(KeyBuilder { bytes })
    }

    /// Appends one more component.
    pub fn push(mut self, value: &AttributeValue) -> Result<KeyBuilder> {
        scalar::encode(value, &mut self.bytes)?;
        Ok(self)
    }

    /// Appends a component when there is one.
    pub fn push_opt(self, value: Option<&AttributeValue>) -> Result<KeyBuilder> {
        match value {
            Some(value) => self.push(value),
            None => Ok(self),
        }
    }

    /// The key bytes built so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The key.
    pub fn finish(self) -> Vec<u8> {
        self.bytes
    }
}

/// Reads the components of a key back, given their types.
#[derive(Debug, Clone)]
pub struct KeyReader<'a> {
    rest: &'a [u8],
}

impl<'a> KeyReader<'a> {
    /// Skips the partition hash.
    pub fn new(key: &'a [u8]) -> Result<KeyReader<'a>> {
        let rest = key
            .get(HASH_LEN..)
            .ok_or_else(|| Error::Internal("corrupt key: too short".into()))?;
        Ok(KeyReader { rest })
    }

    /// The next component, which must be of type `ty`.
    pub fn read(&mut self, ty: KeyType) -> Result<AttributeValue> {
        let (value, used) = scalar::decode(self.rest, ty)?;
        self.rest = &self.rest[used..];
        Ok(value)
    }

    /// Fails unless every byte was read.
    pub fn finish(self) -> Result<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Error::Internal("corrupt key: trailing bytes".into()))
        }
    }
}

/// The storage key of an item.
pub fn table_key(pk: &AttributeValue, sk: Option<&AttributeValue>) -> Result<Vec<u8>> {
    table_key_in(Vec::new(), pk, sk)
}

/// [`table_key`] in `bytes` (cleared first), reusing its allocation.
pub fn table_key_in(
    bytes: Vec<u8>,
    pk: &AttributeValue,
    sk: Option<&AttributeValue>,
) -> Result<Vec<u8>> {
    Ok(KeyBuilder::partition_in(bytes, pk)?.push_opt(sk)?.finish())
}

/// The key values of an item's storage key.
pub fn decode_table_key(
    key: &[u8],
    pk: KeyType,
    sk: Option<KeyType>,
) -> Result<(AttributeValue, Option<AttributeValue>)> {
    let mut reader = KeyReader::new(key)?;
    let pk = reader.read(pk)?;
    let sk = sk.map(|ty| reader.read(ty)).transpose()?;
    reader.finish()?;
    Ok((pk, sk))
}

/// The partition hash of a key (its first 8 bytes).
pub fn partition_hash(key: &[u8]) -> Option<u64> {
    let bytes: [u8; HASH_LEN] = key.get(..HASH_LEN)?.try_into().ok()?;
    Some(u64::from_be_bytes(bytes))
}

#[cfg(test)]
mod tests;
