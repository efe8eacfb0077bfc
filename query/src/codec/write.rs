//! Encoding items (see the format in the module above).

use super::{tag, VERSION};
use crate::value::{AttributeValue, Item, Number};

/// Encodes an item.
pub fn encode(item: &Item) -> Vec<u8> {
    let mut out = Vec::with_capacity(crate::size::item_size(item) + 4 * item.len() + 8);
    encode_into(item, &mut out);
    out
}

/// Appends an item's encoding to `out`.
pub fn encode_into(item: &Item, out: &mut Vec<u8>) {
    out.push(VERSION);
    entries(item, out);
}

fn entries(map: &Item, out: &mut Vec<u8>) {
    varint(map.len() as u128, out);
    for (name, value) in map {
        bytes(name.as_bytes(), out);
        self::value(value, out);
    }
}

fn value(value: &AttributeValue, out: &mut Vec<u8>) {
    match value {
        AttributeValue::S(s) => tagged(tag::S, out, |out| bytes(s.as_bytes(), out)),
        AttributeValue::N(n) => tagged(tag::N, out, |out| number(n, out)),
        AttributeValue::B(b) => tagged(tag::B, out, |out| bytes(b, out)),
        AttributeValue::Bool(false) => out.push(tag::FALSE),
        AttributeValue::Bool(true) => out.push(tag::TRUE),
        AttributeValue::Null => out.push(tag::NULL),
        AttributeValue::M(map) => tagged(tag::M, out, |out| entries(map, out)),
        AttributeValue::L(list) => tagged(tag::L, out, |out| {
            varint(list.len() as u128, out);
            list.iter().for_each(|v| self::value(v, out));
        }),
        AttributeValue::Ss(set) => tagged(tag::SS, out, |out| {
            varint(set.len() as u128, out);
            set.iter().for_each(|s| bytes(s.as_bytes(), out));
        }),
        AttributeValue::Ns(set) => tagged(tag::NS, out, |out| {
            varint(set.len() as u128, out);
            set.iter().for_each(|n| number(n, out));
        }),
        AttributeValue::Bs(set) => tagged(tag::BS, out, |out| {
            varint(set.len() as u128, out);
            set.iter().for_each(|b| bytes(b, out));
        }),
    }
}

fn tagged(tag: u8, out: &mut Vec<u8>, payload: impl FnOnce(&mut Vec<u8>)) {
    out.push(tag);
    payload(out);
}

fn bytes(data: &[u8], out: &mut Vec<u8>) {
    varint(data.len() as u128, out);
    out.extend_from_slice(data);
}

fn number(n: &Number, out: &mut Vec<u8>) {
    // The coefficient is below 10^38 < 2^127, so the shift cannot overflow.
    varint(n.coefficient() << 1 | u128::from(n.is_negative()), out);
    let exponent = i32::from(n.exponent());
    varint(((exponent << 1) ^ (exponent >> 31)) as u32 as u128, out);
}

fn varint(mut value: u128, out: &mut Vec<u8>) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7F) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}
