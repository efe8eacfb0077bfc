//! Decoding items: every read is bounds-checked and every structural rule of the format is
//! verified, so corrupt input is an error and decode(encode(item)) == item.

use std::array;
use std::collections::BTreeSet;
use std::iter::{Flatten, Peekable};

use super::{tag, write, CorruptItem, MAX_DEPTH, VERSION};
use crate::size::number_size;
use crate::value::{AttributeValue, Item, Number};

/// Decodes an item.
pub fn decode(bytes: &[u8]) -> Result<Item, CorruptItem> {
    decode_sized(bytes).map(|(item, _)| item)
}

/// Decodes an item and measures it in the same pass: `(item, size::item_size(&item))`.
pub fn decode_sized(bytes: &[u8]) -> Result<(Item, usize), CorruptItem> {
    decode_into(bytes, Item::new(), None)
}

/// [`decode_sized`] for the item stored under a key given as `key`, which holds the key
/// attributes named `hash` and `range`: the item is built in `key`, whose attributes stay as they
/// are instead of being built again. Each is still read and compared with the stored value (no
/// allocation): a stored item that lacks one or holds another value is corrupt.
pub fn decode_keyed(
    bytes: &[u8],
    key: Item,
    hash: &str,
    range: Option<&str>,
) -> Result<(Item, usize), CorruptItem> {
    // In ascending order, as the entries come.
    let names = match range {
        Some(range) if range < hash => [Some(range), Some(hash)],
        _ => [Some(hash), range],
    };
    let mut known = names.into_iter().flatten().peekable();
    let decoded = decode_into(bytes, key, Some(&mut known))?;
    if known.next().is_some() {
        return Err(CorruptItem {
            offset: bytes.len(),
            reason: "key attribute missing",
        });
    }
    Ok(decoded)
}

/// The item in `bytes`, its entries added to `item` (see [`Reader::entries`]), and its size.
fn decode_into(
    bytes: &[u8],
    item: Item,
    known: Option<&mut Known>,
) -> Result<(Item, usize), CorruptItem> {
    let mut reader = Reader { bytes, pos: 0 };
    if reader.byte()? != VERSION {
        return Err(reader.fail("unknown format version"));
    }
    let decoded = reader.entries(0, 0, known, item)?;
    if reader.pos != bytes.len() {
        return Err(reader.fail("trailing bytes"));
    }
    Ok(decoded)
}

/// Names of attributes the item may hold already, in ascending order.
type Known<'k> = Peekable<Flatten<array::IntoIter<Option<&'k str>, 2>>>;

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn fail(&self, reason: &'static str) -> CorruptItem {
        CorruptItem {
            offset: self.pos,
            reason,
        }
    }

    pub(super) fn byte(&mut self) -> Result<u8, CorruptItem> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or_else(|| self.fail("truncated"))?;
        self.pos += 1;
        Ok(byte)
    }

    fn varint(&mut self) -> Result<u128, CorruptItem> {
        let mut value = 0u128;
        for shift in (0..128).step_by(7) {
            let byte = self.byte()?;
            let bits = u128::from(byte & 0x7F);
            if shift == 126 && bits > 0b11 {
                return Err(self.fail("varint overflows"));
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                // The encoder never writes a zero final byte after the first.
                if byte == 0 && shift > 0 {
                    return Err(self.fail("overlong varint"));
                }
                return Ok(value);
            }
        }
        Err(self.fail("varint too long"))
    }

    /// A count of items that each take at least one byte: never more than the bytes left, so a
    /// corrupt count cannot trigger a huge allocation.
    pub(super) fn count(&mut self) -> Result<usize, CorruptItem> {
        let count = self.varint()?;
        let left = self.bytes.len() - self.pos;
        usize::try_from(count)
            .ok()
            .filter(|&c| c <= left)
            .ok_or_else(|| self.fail("count exceeds input"))
    }

    pub(super) fn slice(&mut self) -> Result<&'a [u8], CorruptItem> {
        let len = self.count()?;
        let start = self.pos;
        self.pos += len;
        Ok(&self.bytes[start..self.pos])
    }

    /// A name or string, with its bytes.
    fn text(&mut self) -> Result<(String, &'a [u8]), CorruptItem> {
        let start = self.pos;
        let bytes = self.slice()?;
        Ok((utf8(bytes, start)?, bytes))
    }

    /// A number's two varints, as [`write::number_parts`] gives them.
    fn number_parts(&mut self) -> Result<(u128, u128), CorruptItem> {
        Ok((self.varint()?, self.varint()?))
    }

    pub(super) fn number(&mut self) -> Result<Number, CorruptItem> {
        let start = self.pos;
        let (signed, zigzag) = self.number_parts()?;
        let zigzag = u32::try_from(zigzag).map_err(|_| self.fail("exponent out of range"))?;
        let exponent = (zigzag >> 1) as i32 ^ -((zigzag & 1) as i32);
        let (coefficient, negative) = (signed >> 1, signed & 1 == 1);
        let n = Number::from_parts(negative, coefficient, i64::from(exponent)).map_err(|_| {
            CorruptItem {
                offset: start,
                reason: "number out of range",
            }
        })?;
        let canonical = n.coefficient() == coefficient
            && n.is_negative() == negative
            && i32::from(n.exponent()) == exponent;
        if !canonical {
            return Err(CorruptItem {
                offset: start,
                reason: "non-canonical number",
            });
        }
        Ok(n)
    }

    /// The entries of an item or map, added to `item`, and their size: each name's bytes plus
    /// its value's size, plus `per_entry` (1 inside a map, 0 at the top level). An entry named
    /// as the next of `known` that `item` holds already is only checked against it (see
    /// [`decode_keyed`]).
    fn entries(
        &mut self,
        depth: usize,
        per_entry: usize,
        mut known: Option<&mut Known>,
        mut item: Item,
    ) -> Result<(Item, usize), CorruptItem> {
        let count = self.count()?;
        let mut size = 0;
        let mut last: Option<&[u8]> = None;
        for _ in 0..count {
            let start = self.pos;
            let bytes = self.slice()?;
            let held = known
                .as_mut()
                .and_then(|k| k.next_if(|name| name.as_bytes() == bytes))
                .and_then(|name| item.get(name));
            if let Some(value) = held {
                // Its name equals a String's: text already.
                self.in_order(&mut last, bytes)?;
                size += per_entry + bytes.len() + self.expect_value(value)?;
                continue;
            }
            let name = utf8(bytes, start)?;
            self.in_order(&mut last, bytes)?;
            let (value, value_size) = self.value(depth + 1)?;
            size += per_entry + bytes.len() + value_size;
            item.insert(name, value);
        }
        Ok((item, size))
    }

    /// Records `name` as the last one read, refusing it unless it follows the previous one.
    fn in_order(&self, last: &mut Option<&'a [u8]>, name: &'a [u8]) -> Result<(), CorruptItem> {
        if last.is_some_and(|last| last >= name) {
            return Err(self.fail("names out of order"));
        }
        *last = Some(name);
        Ok(())
    }

    /// The size of `given` (a key value: S, N or B), when the value at the reader's position is
    /// the same.
    fn expect_value(&mut self, given: &AttributeValue) -> Result<usize, CorruptItem> {
        let start = self.pos;
        // Varints have one encoding each (overlong ones are refused), so equal parts are the
        // canonical encoding of `n`, as `number` would have checked.
        let size = match (self.byte()?, given) {
            (tag::S, AttributeValue::S(s)) => (self.slice()? == s.as_bytes()).then_some(s.len()),
            (tag::B, AttributeValue::B(b)) => (self.slice()? == b.as_slice()).then_some(b.len()),
            (tag::N, AttributeValue::N(n)) => {
                (self.number_parts()? == write::number_parts(n)).then(|| number_size(n))
            }
            _ => None,
        };
        size.ok_or(CorruptItem {
            offset: start,
            reason: "key value differs from the key",
        })
    }

    /// A value and its size.
    fn value(&mut self, depth: usize) -> Result<(AttributeValue, usize), CorruptItem> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        Ok(match self.byte()? {
            tag::S => {
                let (text, bytes) = self.text()?;
                (AttributeValue::S(text), bytes.len())
            }
            tag::N => {
                let n = self.number()?;
                (AttributeValue::N(n), number_size(&n))
            }
            tag::B => {
                let bytes = self.slice()?;
                (AttributeValue::B(bytes.to_vec()), bytes.len())
            }
            tag::FALSE => (AttributeValue::Bool(false), 1),
            tag::TRUE => (AttributeValue::Bool(true), 1),
            tag::NULL => (AttributeValue::Null, 1),
            tag::M => {
                let (map, size) = self.entries(depth, 1, None, Item::new())?;
                (AttributeValue::M(map), 3 + size)
            }
            tag::L => {
                let count = self.count()?;
                // Bounded: a corrupt count must not reserve far more than the input holds.
                let mut list = Vec::with_capacity(count.min(1024));
                let mut size = 3;
                for _ in 0..count {
                    let (element, element_size) = self.value(depth + 1)?;
                    list.push(element);
                    size += 1 + element_size;
                }
                (AttributeValue::L(list), size)
            }
            tag::SS => {
                let (set, size) = self.set(|r| r.text().map(|(t, b)| (t, b.len())))?;
                (AttributeValue::Ss(set), size)
            }
            tag::NS => {
                let (set, size) = self.set(|r| r.number().map(|n| (n, number_size(&n))))?;
                (AttributeValue::Ns(set), size)
            }
            tag::BS => {
                let (set, size) = self.set(|r| r.slice().map(|b| (b.to_vec(), b.len())))?;
                (AttributeValue::Bs(set), size)
            }
            _ => {
                return Err(CorruptItem {
                    offset: self.pos - 1,
                    reason: "unknown value tag",
                })
            }
        })
    }

    /// A non-empty set whose members come in strictly ascending order, and the sum of their
    /// sizes.
    fn set<T: Ord>(
        &mut self,
        mut member: impl FnMut(&mut Self) -> Result<(T, usize), CorruptItem>,
    ) -> Result<(BTreeSet<T>, usize), CorruptItem> {
        let count = self.count()?;
        if count == 0 {
            return Err(self.fail("empty set"));
        }
        let mut set = BTreeSet::new();
        let mut size = 0;
        for _ in 0..count {
            let (next, member_size) = member(self)?;
            if set.last().is_some_and(|last| *last >= next) {
                return Err(self.fail("set members out of order"));
            }
            set.insert(next);
            size += member_size;
        }
        Ok((set, size))
    }
}

/// `bytes` (read at `offset`) as text.
fn utf8(bytes: &[u8], offset: usize) -> Result<String, CorruptItem> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => Err(CorruptItem {
            offset,
            reason: "invalid UTF-8",
        }),
    }
}
