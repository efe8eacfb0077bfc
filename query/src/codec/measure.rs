//! The DynamoDB size of an encoded item, read straight from its bytes: a write that only needs
//! the size of the item it replaces (statistics, write units) skips building it.

use super::read::Reader;
use super::{tag, CorruptItem, MAX_DEPTH, VERSION};
use crate::size::number_size;

/// `size::item_size(&decode(bytes)?)`, without decoding. Corrupt input is an error, as in
/// [`super::decode`]; names and strings are measured, not checked as UTF-8 (decoding does).
pub fn encoded_item_size(bytes: &[u8]) -> Result<usize, CorruptItem> {
    let mut reader = Reader { bytes, pos: 0 };
    if reader.byte()? != VERSION {
        return Err(reader.fail("unknown format version"));
    }
    let size = reader.entries_size(0, 0)?;
    if reader.pos != bytes.len() {
        return Err(reader.fail("trailing bytes"));
    }
    Ok(size)
}

impl Reader<'_> {
    /// The entries of an item or map: each name's bytes plus its value's size, plus
    /// `per_entry` (1 inside a map, 0 at the top level).
    fn entries_size(&mut self, depth: usize, per_entry: usize) -> Result<usize, CorruptItem> {
        let mut size = 0;
        for _ in 0..self.count()? {
            size += per_entry + self.slice()?.len() + self.value_size(depth + 1)?;
        }
        Ok(size)
    }

    fn value_size(&mut self, depth: usize) -> Result<usize, CorruptItem> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        Ok(match self.byte()? {
            tag::S | tag::B => self.slice()?.len(),
            tag::N => number_size(&self.number()?),
            tag::FALSE | tag::TRUE | tag::NULL => 1,
            tag::M => 3 + self.entries_size(depth, 1)?,
            tag::L => {
                let mut size = 3;
                for _ in 0..self.count()? {
                    size += 1 + self.value_size(depth + 1)?;
                }
                size
            }
            tag::SS | tag::BS => self.members_size(|r| Ok(r.slice()?.len()))?,
            tag::NS => self.members_size(|r| Ok(number_size(&r.number()?)))?,
            _ => {
                return Err(CorruptItem {
                    offset: self.pos - 1,
                    reason: "unknown value tag",
                })
            }
        })
    }

    /// A set: the sum of its members' sizes.
    fn members_size(
        &mut self,
        mut member: impl FnMut(&mut Self) -> Result<usize, CorruptItem>,
    ) -> Result<usize, CorruptItem> {
        let count = self.count()?;
        if count == 0 {
            return Err(self.fail("empty set"));
        }
        (0..count).map(|_| member(self)).sum()
    }
}
