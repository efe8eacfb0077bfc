//! A reader for the plainest JSON requests, for the hot operations: strings without escapes,
//! booleans, objects, and scalar attribute values. Anything else, and anything a serde read
//! would refuse (bad syntax, trailing bytes), makes it return `None`, and the caller reads the
//! request with serde instead, which also produces DynamoDB's error for a bad one. So what the
//! cursor accepts, it reads exactly as serde would, and it never has to word an error.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

use super::escape::plain_run;
use super::MAX_NESTING_DEPTH;
use crate::api::AttributeNames;
use crate::value::{AttributeValue, Item, Number};

/// Fills a request member read for the first time (serde refuses a duplicate member).
pub fn set_once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.replace(value).is_none().then_some(())
}

/// A position in a JSON text.
pub struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(bytes: &'a [u8]) -> Cursor<'a> {
        Cursor { bytes, pos: 0 }
    }

    /// Reads an object, handing each member's name to `member`, which reads the value. Names
    /// are ASCII (the members of DynamoDB's requests are; others go to serde).
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, &'a [u8]) -> Option<()>,
    ) -> Option<()> {
        self.expect(b'{')?;
        if self.accept(b'}') {
            return Some(());
        }
        loop {
            let (name, ascii) = self.raw_string()?;
            if !ascii {
                return None;
            }
            self.expect(b':')?;
            member(self, name)?;
            if !self.accept(b',') {
                return self.expect(b'}');
            }
        }
    }

    /// A string without escapes or control characters.
    pub fn string(&mut self) -> Option<&'a str> {
        let (bytes, _) = self.raw_string()?;
        std::str::from_utf8(bytes).ok()
    }

    /// The bytes of a string without escapes or control characters, and whether all are ASCII.
    fn raw_string(&mut self) -> Option<(&'a [u8], bool)> {
        self.expect(b'"')?;
        let rest = &self.bytes[self.pos..];
        let mut len = 0;
        let mut ascii = true;
        loop {
            len += plain_run(&rest[len..]);
            match *rest.get(len)? {
                b'"' => break,
                byte if byte >= 0x80 => {
                    ascii = false;
                    len += 1;
                }
                _ => return None,
            }
        }
        self.pos += len + 1;
        Some((&rest[..len], ascii))
    }

    pub fn boolean(&mut self) -> Option<bool> {
        self.skip_space();
        let rest = &self.bytes[self.pos..];
        let (value, len) = if rest.starts_with(b"true") {
            (true, 4)
        } else if rest.starts_with(b"false") {
            (false, 5)
        } else {
            return None;
        };
        self.pos += len;
        Some(value)
    }

    /// A valid S, N or B value with its one type member: `{"S":"x"}`, `{"N":"1"}`, `{"B":".."}`.
    pub fn scalar_value(&mut self) -> Option<AttributeValue> {
        self.value_of(1, true)
    }

    /// A valid value at nesting `level` (1: an item's attribute) with its one type member: a
    /// scalar, `{"BOOL":b}`, `{"NULL":true}`, or an M or L of such values. Sets go to serde,
    /// which checks their members.
    pub fn value(&mut self, level: usize) -> Option<AttributeValue> {
        self.value_of(level, false)
    }

    fn value_of(&mut self, level: usize, scalar_only: bool) -> Option<AttributeValue> {
        if level > MAX_NESTING_DEPTH {
            return None;
        }
        let mut value = None;
        self.object(|c, kind| {
            let read = match kind {
                b"S" => AttributeValue::S(c.string()?.to_owned()),
                b"N" => AttributeValue::N(Number::parse_detailed(c.string()?).ok()?),
                b"B" => AttributeValue::B(STANDARD.decode(c.string()?).ok()?),
                _ if scalar_only => return None,
                b"BOOL" => AttributeValue::Bool(c.boolean()?),
                b"NULL" => c.boolean()?.then_some(AttributeValue::Null)?,
                b"M" => AttributeValue::M(c.item(level + 1)?),
                b"L" => AttributeValue::L(c.list(level + 1)?),
                _ => return None,
            };
            value.replace(read).is_none().then_some(())
        })?;
        value
    }

    /// An object of attributes (an Item, or an M's members) whose values sit at `level`, each
    /// name once (serde keeps the last of repeated names; the plain read leaves them to it).
    pub fn item(&mut self, level: usize) -> Option<Item> {
        let mut item = Item::new();
        self.object(|c, name| {
            // ASCII, as `object` reads member names.
            let name = std::str::from_utf8(name).ok()?.to_owned();
            let value = c.value(level)?;
            item.insert(name, value).is_none().then_some(())
        })?;
        Some(item)
    }

    /// The elements of an L value, each at `level`.
    fn list(&mut self, level: usize) -> Option<Vec<AttributeValue>> {
        let mut list = Vec::new();
        self.expect(b'[')?;
        if self.accept(b']') {
            return Some(list);
        }
        loop {
            list.push(self.value(level)?);
            if !self.accept(b',') {
                self.expect(b']')?;
                return Some(list);
            }
        }
    }

    /// `ExpressionAttributeNames`: placeholder -> name, each placeholder once.
    pub fn names(&mut self) -> Option<AttributeNames> {
        let mut names = AttributeNames::new();
        self.object(|c, placeholder| {
            let name = c.string()?.to_owned();
            // ASCII, as `object` reads member names.
            let placeholder = String::from_utf8(placeholder.to_vec()).ok()?;
            names.insert(placeholder, name).is_none().then_some(())
        })?;
        Some(names)
    }

    /// Succeeds when only whitespace is left.
    pub fn end(mut self) -> Option<()> {
        self.skip_space();
        (self.pos == self.bytes.len()).then_some(())
    }

    fn skip_space(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t'))
        {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.accept(byte).then_some(())
    }

    fn accept(&mut self, byte: u8) -> bool {
        self.skip_space();
        let found = self.bytes.get(self.pos) == Some(&byte);
        self.pos += usize::from(found);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(json: &str) -> Option<AttributeValue> {
        let mut c = Cursor::new(json.as_bytes());
        let value = c.scalar_value()?;
        c.end()?;
        Some(value)
    }

    #[test]
    fn reads_plain_scalars_as_serde_does() {
        for json in [
            r#"{"S":"x y"}"#,
            r#" { "N" : "-1.50e3" } "#,
            r#"{"B":"AAEC/w=="}"#,
            r#"{"S":"é"}"#,
            r#"{"S":""}"#,
        ] {
            let expected: AttributeValue = serde_json::from_str(json).unwrap();
            assert_eq!(scalar(json), Some(expected), "{json}");
        }
    }

    #[test]
    fn leaves_everything_else_to_serde() {
        for json in [
            r#"{"S":"a\"b"}"#,
            "{\"S\":\"a\u{1}\"}",
            r#"{"S":"x","S":"y"}"#,
            r#"{"S":"x","N":"1"}"#,
            r#"{"S":"x","X":"y"}"#,
            r#"{"S":null}"#,
            r#"{"N":"x"}"#,
            r#"{"N":"1e999"}"#,
            r#"{"B":"AA="}"#,
            r#"{"B":"AB=="}"#,
            r#"{"BOOL":true}"#,
            r#"{"M":{}}"#,
            r#"{}"#,
            r#"{"S":"x"} x"#,
            r#"{"S":"x",}"#,
            r#"{"S":"x""#,
            r#"{"S":"x"#,
            "",
        ] {
            assert_eq!(scalar(json), None, "{json}");
        }
    }

    #[test]
    fn reads_booleans_and_nothing_like_them() {
        for (json, expected) in [("true", Some(true)), (" false", Some(false)), ("tru", None)] {
            assert_eq!(Cursor::new(json.as_bytes()).boolean(), expected);
        }
        assert_eq!(Cursor::new(b"nul").boolean(), None);
    }
}
