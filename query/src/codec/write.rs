//! Encoding items (see the format in the module above). Encoding measures the item in the same
//! pass: every function returns the DynamoDB size (see [`crate::size`]) of what it wrote.

use super::{tag, VERSION};
use crate::size::number_size;
use crate::value::{AttributeValue, Item, Number};

/// Encodes an item.
pub fn encode(item: &Item) -> Vec<u8> {
    let mut out = Vec::with_capacity(crate::size::item_size(item) + 4 * item.len() + 8);
    encode_into(item, &mut out);
    out
}

/// Appends an item's encoding to `out`; returns `size::item_size(item)`.
pub fn encode_into(item: &Item, out: &mut Vec<u8>) -> usize {
    out.push(VERSION);
    entries(item, 0, out)
}

/// A map's entries; their size counts `per_entry` (1 inside a map, 0 at the top level) for each.
fn entries(map: &Item, per_entry: usize, out: &mut Vec<u8>) -> usize {
    varint(map.len() as u128, out);
    let mut size = 0;
    for (name, value) in map {
        bytes(name.as_bytes(), out);
        size += per_entry + name.len() + self::value(value, out);
    }
    size
}

fn value(value: &AttributeValue, out: &mut Vec<u8>) -> usize {
    match value {
        AttributeValue::S(s) => tagged(tag::S, out, |out| bytes(s.as_bytes(), out)),
        AttributeValue::N(n) => tagged(tag::N, out, |out| number(n, out)),
        AttributeValue::B(b) => tagged(tag::B, out, |out| bytes(b, out)),
        AttributeValue::Bool(false) => tagged(tag::FALSE, out, |_| 1),
        AttributeValue::Bool(true) => tagged(tag::TRUE, out, |_| 1),
        AttributeValue::Null => tagged(tag::NULL, out, |_| 1),
        AttributeValue::M(map) => tagged(tag::M, out, |out| 3 + entries(map, 1, out)),
        AttributeValue::L(list) => tagged(tag::L, out, |out| {
            varint(list.len() as u128, out);
            3 + list.iter().map(|v| 1 + self::value(v, out)).sum::<usize>()
        }),
        AttributeValue::Ss(set) => tagged(tag::SS, out, |out| {
            varint(set.len() as u128, out);
            set.iter().map(|s| bytes(s.as_bytes(), out)).sum()
        }),
        AttributeValue::Ns(set) => tagged(tag::NS, out, |out| {
            varint(set.len() as u128, out);
            set.iter().map(|n| number(n, out)).sum()
        }),
        AttributeValue::Bs(set) => tagged(tag::BS, out, |out| {
            varint(set.len() as u128, out);
            set.iter().map(|b| bytes(b, out)).sum()
        }),
    }
}

fn tagged(tag: u8, out: &mut Vec<u8>, payload: impl FnOnce(&mut Vec<u8>) -> usize) -> usize {
    out.push(tag);
    payload(out)
}

/// S, B, names and set members: the size is the length.
fn bytes(data: &[u8], out: &mut Vec<u8>) -> usize {
    varint(data.len() as u128, out);
    out.extend_from_slice(data);
    data.len()
}

fn number(n: &Number, out: &mut Vec<u8>) -> usize {
    let (signed, zigzag) = number_parts(n);
    varint(signed, out);
    varint(zigzag, out);
    number_size(n)
}

/// The two varints of a number: `coefficient << 1 | negative` and the zigzagged exponent.
pub(super) fn number_parts(n: &Number) -> (u128, u128) {
    // The coefficient is below 10^38 < 2^127, so the shift cannot overflow.
    let signed = n.coefficient() << 1 | u128::from(n.is_negative());
    let exponent = i32::from(n.exponent());
    (signed, ((exponent << 1) ^ (exponent >> 31)) as u32 as u128)
}

fn varint(mut value: u128, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}
