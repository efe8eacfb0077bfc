//! Decoding items: every read is bounds-checked and every structural rule of the format is
//! verified, so corrupt input is an error and decode(encode(item)) == item.

use std::collections::BTreeSet;

use super::{tag, CorruptItem, MAX_DEPTH, VERSION};
use crate::value::{AttributeValue, Item, Number};

/// Decodes an item.
pub fn decode(bytes: &[u8]) -> Result<Item, CorruptItem> {
    let mut reader = Reader { bytes, pos: 0 };
    if reader.byte()? != VERSION {
        return Err(reader.fail("unknown format version"));
    }
    let item = reader.entries(0)?;
    if reader.pos != bytes.len() {
        return Err(reader.fail("trailing bytes"));
    }
    Ok(item)
}

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

    fn text(&mut self) -> Result<String, CorruptItem> {
        let start = self.pos;
        let bytes = self.slice()?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CorruptItem {
            offset: start,
            reason: "invalid UTF-8",
        })
    }

    pub(super) fn number(&mut self) -> Result<Number, CorruptItem> {
        let start = self.pos;
        let signed = self.varint()?;
        let zigzag =
            u32::try_from(self.varint()?).map_err(|_| self.fail("exponent out of range"))?;
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

    fn entries(&mut self, depth: usize) -> Result<Item, CorruptItem> {
        let count = self.count()?;
        let mut item = Item::new();
        for _ in 0..count {
            let name = self.text()?;
            if item.last_key_value().is_some_and(|(last, _)| *last >= name) {
                return Err(self.fail("names out of order"));
            }
            let value = self.value(depth + 1)?;
            item.insert(name, value);
        }
        Ok(item)
    }

    fn value(&mut self, depth: usize) -> Result<AttributeValue, CorruptItem> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        Ok(match self.byte()? {
            tag::S => AttributeValue::S(self.text()?),
            tag::N => AttributeValue::N(self.number()?),
            tag::B => AttributeValue::B(self.slice()?.to_vec()),
            tag::FALSE => AttributeValue::Bool(false),
            tag::TRUE => AttributeValue::Bool(true),
            tag::NULL => AttributeValue::Null,
            tag::M => AttributeValue::M(self.entries(depth)?),
            tag::L => {
                let count = self.count()?;
                let list = (0..count)
                    .map(|_| self.value(depth + 1))
                    .collect::<Result<_, _>>()?;
                AttributeValue::L(list)
            }
            tag::SS => AttributeValue::Ss(self.set(Self::text)?),
            tag::NS => AttributeValue::Ns(self.set(Self::number)?),
            tag::BS => AttributeValue::Bs(self.set(|r| r.slice().map(<[u8]>::to_vec))?),
            _ => {
                return Err(CorruptItem {
                    offset: self.pos - 1,
                    reason: "unknown value tag",
                })
            }
        })
    }

    /// A non-empty set whose members come in strictly ascending order.
    fn set<T: Ord>(
        &mut self,
        mut member: impl FnMut(&mut Self) -> Result<T, CorruptItem>,
    ) -> Result<BTreeSet<T>, CorruptItem> {
        let count = self.count()?;
        if count == 0 {
            return Err(self.fail("empty set"));
        }
        let mut set = BTreeSet::new();
        for _ in 0..count {
            let next = member(self)?;
            if set.last().is_some_and(|last| *last >= next) {
                return Err(self.fail("set members out of order"));
            }
            set.insert(next);
        }
        Ok(set)
    }
}
