//! Compact binary encoding of items, as stored in the engine (not JSON).
//!
//! Format, version 1 (varints are unsigned LEB128; `zigzag` maps signed to unsigned):
//!
//! ```text
//! item    := 0x01 (version) | count:varint | entry*          entries in ascending name order
//! entry   := name:bytes | value
//! bytes   := len:varint | len bytes                            (names and S are UTF-8)
//! value   := tag:u8 | payload
//!   0x01 S     bytes
//!   0x02 N     number
//!   0x03 B     bytes
//!   0x04 BOOL false       0x05 BOOL true       0x06 NULL          (no payload)
//!   0x07 M     count:varint | entry*                           ascending names
//!   0x08 L     count:varint | value*
//!   0x09 SS    count:varint | bytes*                           ascending, distinct
//!   0x0A NS    count:varint | number*                          ascending, distinct
//!   0x0B BS    count:varint | bytes*                           ascending, distinct
//! number  := (coefficient << 1 | negative):varint(u128) | zigzag(exponent):varint
//! ```
//!
//! Decoding accepts exactly what encoding produces: canonical numbers, strictly ascending map
//! names and set members, nesting no deeper than [`MAX_DEPTH`], no trailing bytes. Anything else
//! is a [`CorruptItem`] error, never a panic, and lengths are checked against the input before
//! anything is allocated.
//!
//! ```
//! use dynakv::{codec, AttributeValue, Item};
//!
//! let item = Item::from([("pk".to_owned(), AttributeValue::S("a".into()))]);
//! let bytes = codec::encode(&item);
//! assert_eq!(codec::decode(&bytes).unwrap(), item);
//! ```

mod read;
mod walk;
mod write;

pub use read::{decode, decode_keyed, decode_sized};
pub use walk::{encoded_item_size, write_json};
pub use write::{encode, encode_into};

/// Format version written in the first byte.
const VERSION: u8 = 1;
/// Deepest nesting decoded. Valid items nest at most 32 levels; the margin only guards the
/// decoder's recursion against corrupt input.
pub const MAX_DEPTH: usize = 64;

mod tag {
    pub const S: u8 = 0x01;
    pub const N: u8 = 0x02;
    pub const B: u8 = 0x03;
    pub const FALSE: u8 = 0x04;
    pub const TRUE: u8 = 0x05;
    pub const NULL: u8 = 0x06;
    pub const M: u8 = 0x07;
    pub const L: u8 = 0x08;
    pub const SS: u8 = 0x09;
    pub const NS: u8 = 0x0A;
    pub const BS: u8 = 0x0B;
}

/// Bytes that are not an encoded item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorruptItem {
    /// Where in the input the problem was found.
    pub offset: usize,
    pub reason: &'static str,
}

impl std::fmt::Display for CorruptItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "corrupt item at byte {}: {}", self.offset, self.reason)
    }
}

impl std::error::Error for CorruptItem {}

impl From<CorruptItem> for crate::Error {
    fn from(e: CorruptItem) -> Self {
        crate::Error::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests;
