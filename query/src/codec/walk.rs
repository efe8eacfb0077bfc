//! Walking an encoded item without decoding it: its DynamoDB size and, on demand, its DynamoDB
//! JSON written straight from the bytes. A read that returns whole items (GetItem without a
//! projection) answers this way, and a write that only needs the size of the item it replaces
//! (statistics, write units) skips building it.
//!
//! The walk checks everything [`super::decode`] checks (version, bounds, canonical numbers,
//! ascending names and set members, non-empty sets, depth, no trailing bytes) and fails with the
//! same reason at the same offset, so the two agree on what is an item. UTF-8 is checked where
//! text is written: measuring alone does not look inside names and strings.

use std::fmt::{self, Write as _};

use base64::display::Base64Display;
use base64::engine::general_purpose::STANDARD;

use super::read::Reader;
use super::{tag, CorruptItem, MAX_DEPTH, VERSION};
use crate::size::number_size;
use crate::value::json::escape;
use crate::value::Number;

/// `size::item_size(&decode(bytes)?)`, without decoding.
pub fn encoded_item_size(bytes: &[u8]) -> Result<usize, CorruptItem> {
    walk(bytes, &mut Measure)
}

/// Appends the item's DynamoDB JSON (`{"name":{"S":"x"},...}`, byte for byte what serializing
/// the decoded item with serde writes) to `out`; returns the item's size.
pub fn write_json(bytes: &[u8], out: &mut Vec<u8>) -> Result<usize, CorruptItem> {
    out.reserve(bytes.len() * 2);
    walk(bytes, &mut Json(out))
}

/// Where a walk sends the item's JSON text.
trait Sink {
    /// Structural text (braces, type keys, separators), as is.
    fn raw(&mut self, text: &[u8]);
    /// A name or string as a quoted JSON string; `false` when it is not UTF-8.
    fn text(&mut self, bytes: &[u8]) -> bool;
    /// A number's canonical text, quoted.
    fn number(&mut self, n: &Number);
    /// Binary as quoted standard base64.
    fn binary(&mut self, bytes: &[u8]);
}

/// Measuring only: writes nothing.
struct Measure;

impl Sink for Measure {
    fn raw(&mut self, _: &[u8]) {}
    fn text(&mut self, _: &[u8]) -> bool {
        true
    }
    fn number(&mut self, _: &Number) {}
    fn binary(&mut self, _: &[u8]) {}
}

struct Json<'a>(&'a mut Vec<u8>);

impl Sink for Json<'_> {
    fn raw(&mut self, text: &[u8]) {
        self.0.extend_from_slice(text);
    }

    fn text(&mut self, bytes: &[u8]) -> bool {
        escape::write_utf8(self.0, bytes)
    }

    fn number(&mut self, n: &Number) {
        self.0.push(b'"');
        n.text_pieces(|piece| self.0.extend_from_slice(piece.as_bytes()));
        self.0.push(b'"');
    }

    fn binary(&mut self, bytes: &[u8]) {
        self.0.push(b'"');
        // Writing into a Vec cannot fail.
        let _ = write!(Text(self.0), "{}", Base64Display::new(bytes, &STANDARD));
        self.0.push(b'"');
    }
}

/// `fmt::Write` into a byte buffer.
struct Text<'a>(&'a mut Vec<u8>);

impl fmt::Write for Text<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend_from_slice(s.as_bytes());
        Ok(())
    }
}

fn walk(bytes: &[u8], sink: &mut impl Sink) -> Result<usize, CorruptItem> {
    let mut walker = Walker {
        reader: Reader { bytes, pos: 0 },
        sink,
    };
    if walker.reader.byte()? != VERSION {
        return Err(walker.reader.fail("unknown format version"));
    }
    let size = walker.entries(0, 0)?;
    if walker.reader.pos != bytes.len() {
        return Err(walker.reader.fail("trailing bytes"));
    }
    Ok(size)
}

struct Walker<'a, 's, S> {
    reader: Reader<'a>,
    sink: &'s mut S,
}

impl<'a, S: Sink> Walker<'a, '_, S> {
    /// The entries of an item or map as a JSON object: each name's bytes plus its value's size,
    /// plus `per_entry` (1 inside a map, 0 at the top level).
    fn entries(&mut self, depth: usize, per_entry: usize) -> Result<usize, CorruptItem> {
        let mut size = 0;
        let mut last: Option<&[u8]> = None;
        self.sink.raw(b"{");
        for i in 0..self.reader.count()? {
            if i > 0 {
                self.sink.raw(b",");
            }
            let name = self.text()?;
            if last.is_some_and(|last| last >= name) {
                return Err(self.reader.fail("names out of order"));
            }
            last = Some(name);
            self.sink.raw(b":");
            size += per_entry + name.len() + self.value(depth + 1)?;
        }
        self.sink.raw(b"}");
        Ok(size)
    }

    fn value(&mut self, depth: usize) -> Result<usize, CorruptItem> {
        if depth > MAX_DEPTH {
            return Err(self.reader.fail("nested too deeply"));
        }
        match self.reader.byte()? {
            tag::S => self.wrapped(b"{\"S\":", b"}", |w| Ok(w.text()?.len())),
            tag::N => self.wrapped(b"{\"N\":", b"}", |w| Ok(w.number()?.1)),
            tag::B => self.wrapped(b"{\"B\":", b"}", |w| Ok(w.binary()?.1)),
            tag::FALSE => self.constant(b"{\"BOOL\":false}"),
            tag::TRUE => self.constant(b"{\"BOOL\":true}"),
            tag::NULL => self.constant(b"{\"NULL\":true}"),
            tag::M => self.wrapped(b"{\"M\":", b"}", |w| Ok(3 + w.entries(depth, 1)?)),
            tag::L => self.wrapped(b"{\"L\":[", b"]}", |w| Ok(3 + w.elements(depth)?)),
            tag::SS => self.wrapped(b"{\"SS\":[", b"]}", |w| {
                w.members(|w| w.text().map(|t| (t, t.len())))
            }),
            tag::NS => self.wrapped(b"{\"NS\":[", b"]}", |w| w.members(Self::number)),
            tag::BS => self.wrapped(b"{\"BS\":[", b"]}", |w| w.members(Self::binary)),
            _ => Err(CorruptItem {
                offset: self.reader.pos - 1,
                reason: "unknown value tag",
            }),
        }
    }

    /// A value's JSON between `open` and `close`; its size is what `body` returns.
    fn wrapped(
        &mut self,
        open: &[u8],
        close: &[u8],
        body: impl FnOnce(&mut Self) -> Result<usize, CorruptItem>,
    ) -> Result<usize, CorruptItem> {
        self.sink.raw(open);
        let size = body(self)?;
        self.sink.raw(close);
        Ok(size)
    }

    /// BOOL and NULL: fixed text, one byte.
    fn constant(&mut self, text: &[u8]) -> Result<usize, CorruptItem> {
        self.sink.raw(text);
        Ok(1)
    }

    /// A name or string, written as JSON text.
    fn text(&mut self) -> Result<&'a [u8], CorruptItem> {
        let start = self.reader.pos;
        let bytes = self.reader.slice()?;
        if !self.sink.text(bytes) {
            return Err(CorruptItem {
                offset: start,
                reason: "invalid UTF-8",
            });
        }
        Ok(bytes)
    }

    /// A number, with its size.
    fn number(&mut self) -> Result<(Number, usize), CorruptItem> {
        let n = self.reader.number()?;
        self.sink.number(&n);
        Ok((n, number_size(&n)))
    }

    /// Binary, with its size.
    fn binary(&mut self) -> Result<(&'a [u8], usize), CorruptItem> {
        let bytes = self.reader.slice()?;
        self.sink.binary(bytes);
        Ok((bytes, bytes.len()))
    }

    /// The elements of a list, each one byte plus its size.
    fn elements(&mut self, depth: usize) -> Result<usize, CorruptItem> {
        let mut size = 0;
        for i in 0..self.reader.count()? {
            if i > 0 {
                self.sink.raw(b",");
            }
            size += 1 + self.value(depth + 1)?;
        }
        Ok(size)
    }

    /// A non-empty set whose members come in strictly ascending order: the sum of their sizes.
    fn members<T: Ord>(
        &mut self,
        mut member: impl FnMut(&mut Self) -> Result<(T, usize), CorruptItem>,
    ) -> Result<usize, CorruptItem> {
        let count = self.reader.count()?;
        if count == 0 {
            return Err(self.reader.fail("empty set"));
        }
        let mut size = 0;
        let mut last = None;
        for i in 0..count {
            if i > 0 {
                self.sink.raw(b",");
            }
            let (next, member_size) = member(self)?;
            if last.as_ref().is_some_and(|last| *last >= next) {
                return Err(self.reader.fail("set members out of order"));
            }
            last = Some(next);
            size += member_size;
        }
        Ok(size)
    }
}
