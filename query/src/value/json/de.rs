//! `Deserialize` for [`AttributeValue`]: DynamoDB's JSON form, validated as DynamoDB validates
//! it, failing on the first problem in document order.

use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess,
};

use super::error::{serialization, validation, validation_worded};
use super::shape::{read, Shape, Wanted};
use super::{sets, MAX_NESTING_DEPTH};
use crate::value::{AttributeValue, Item, Number};

const EMPTY: &str =
    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
const SEVERAL: &str = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
const TOO_DEEP: &str = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";

impl<'de> Deserialize<'de> for AttributeValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ValueSeed { level: 1 }.deserialize(deserializer)
    }
}

/// An attribute value at nesting `level`: 1 for an item's attribute, 2 for a member of it, ...
#[derive(Clone, Copy)]
struct ValueSeed {
    level: usize,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = AttributeValue;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<AttributeValue, D::Error> {
        // Checked before reading, so a too deep value is reported even when its leaf is invalid.
        if self.level > MAX_NESTING_DEPTH {
            return Err(validation(TOO_DEEP));
        }
        read(self, deserializer)?.ok_or_else(|| validation(EMPTY))
    }
}

impl<'de> Shape<'de> for ValueSeed {
    type Value = AttributeValue;
    const WANTED: Wanted = Wanted::Structure;

    /// Reads every member, keeping the known non-null ones. Each member is validated as it is
    /// read; only then is the count of type keys checked, as DynamoDB does.
    fn object<A: MapAccess<'de>>(self, mut map: A) -> Result<AttributeValue, A::Error> {
        let mut value = None;
        let mut kinds = 0u16;
        while let Some(key) = map.next_key::<TypeKey>()? {
            if let Some(read) = map.next_value_seed(TypedSeed {
                key,
                level: self.level,
            })? {
                kinds |= 1 << key as u16;
                value = Some(read);
            }
        }
        match value {
            None => Err(validation(EMPTY)),
            Some(_) if kinds.count_ones() > 1 => Err(validation(SEVERAL)),
            Some(value) => Ok(value),
        }
    }
}

/// The member names of an AttributeValue object. DynamoDB ignores members it does not know.
#[derive(Clone, Copy, PartialEq, Eq)]
enum TypeKey {
    S,
    N,
    B,
    Bool,
    Null,
    M,
    L,
    Ss,
    Ns,
    Bs,
    Unknown,
}

impl<'de> Deserialize<'de> for TypeKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(TypeKeyVisitor)
    }
}

struct TypeKeyVisitor;

impl de::Visitor<'_> for TypeKeyVisitor {
    type Value = TypeKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an AttributeValue member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<TypeKey, E> {
        Ok(match name {
            "S" => TypeKey::S,
            "N" => TypeKey::N,
            "B" => TypeKey::B,
            "BOOL" => TypeKey::Bool,
            "NULL" => TypeKey::Null,
            "M" => TypeKey::M,
            "L" => TypeKey::L,
            "SS" => TypeKey::Ss,
            "NS" => TypeKey::Ns,
            "BS" => TypeKey::Bs,
            _ => TypeKey::Unknown,
        })
    }
}

/// The value of one type member; `None` when it is JSON null (treated as absent).
struct TypedSeed {
    key: TypeKey,
    level: usize,
}

impl<'de> DeserializeSeed<'de> for TypedSeed {
    type Value = Option<AttributeValue>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        let level = self.level;
        Ok(match self.key {
            TypeKey::S => read(Text, d)?.map(AttributeValue::S),
            TypeKey::N => read(Text, d)?
                .map(|t| parse_number(&t))
                .transpose()?
                .map(AttributeValue::N),
            TypeKey::B => read(Blob, d)?.map(AttributeValue::B),
            TypeKey::Bool => read(Flag, d)?.map(AttributeValue::Bool),
            // {"NULL": false} is refused: eu-west-2 accepted it for a while in 2026, but every
            // region refuses it again since (captures of 2026-07-21).
            TypeKey::Null => read(Flag, d)?.map(null).transpose()?,
            TypeKey::M => read(Members { level }, d)?.map(AttributeValue::M),
            TypeKey::L => read(Elements { level }, d)?.map(AttributeValue::L),
            TypeKey::Ss => read(ListOf(Text), d)?
                .map(sets::strings)
                .transpose()?
                .map(AttributeValue::Ss),
            TypeKey::Ns => read(ListOf(Text), d)?
                .map(sets::numbers)
                .transpose()?
                .map(AttributeValue::Ns),
            TypeKey::Bs => read(ListOf(Blob), d)?
                .map(sets::binaries)
                .transpose()?
                .map(AttributeValue::Bs),
            TypeKey::Unknown => {
                IgnoredAny::deserialize(d)?;
                None
            }
        })
    }
}

/// `{"NULL": flag}`: only `true` is a value.
fn null<E: de::Error>(flag: bool) -> Result<AttributeValue, E> {
    if flag {
        Ok(AttributeValue::Null)
    } else {
        Err(validation(
            "One or more parameter values were invalid: Null attribute value types must have the value of true",
        ))
    }
}

/// A number with DynamoDB's messages in both wordings.
pub(super) fn parse_number<E: de::Error>(text: &str) -> Result<Number, E> {
    Number::parse_detailed(text)
        .map_err(|e| validation_worded(&e.message(), &Number::legacy_message(text, &e)))
}

/// A JSON string.
#[derive(Clone, Copy)]
struct Text;

impl Shape<'_> for Text {
    type Value = String;
    const WANTED: Wanted = Wanted::String;

    fn string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }
}

/// A JSON boolean.
struct Flag;

impl Shape<'_> for Flag {
    type Value = bool;
    const WANTED: Wanted = Wanted::Boolean;

    fn boolean<E: de::Error>(self, value: bool) -> Result<bool, E> {
        Ok(value)
    }

    /// DynamoDB's reader also takes the words it knows for booleans (`{"NULL":"no"}` reaches
    /// validation, `{"BOOL":"23"}` does not).
    fn string<E: de::Error>(self, text: String) -> Result<bool, E> {
        match text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => Ok(true),
            "false" | "no" | "0" => Ok(false),
            _ => Err(serialization("Unexpected token received from parser")),
        }
    }
}

/// A base64 string, decoded.
#[derive(Clone, Copy)]
struct Blob;

impl Shape<'_> for Blob {
    type Value = Vec<u8>;
    const WANTED: Wanted = Wanted::Blob;

    fn string<E: de::Error>(self, text: String) -> Result<Vec<u8>, E> {
        decode_base64(&text)
    }
}

/// Decodes standard padded base64 with DynamoDB's messages: the length first, then the alphabet,
/// then padding and unused bits (a misplaced `=` or non-zero trailing bits).
fn decode_base64<E: de::Error>(text: &str) -> Result<Vec<u8>, E> {
    use base64::Engine;
    let length = text.encode_utf16().count();
    if !length.is_multiple_of(4) {
        return Err(serialization(&format!(
            "Base64 encoded length is expected a multiple of 4 bytes but found: {length}"
        )));
    }
    if let Some(c) = text
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
    {
        return Err(serialization(&format!("Invalid Base64 character: '{c}'")));
    }
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map_err(|_| serialization("Invalid last non-pad Base64 character dectected"))
}

/// The members of an M value, one level deeper.
struct Members {
    level: usize,
}

impl<'de> Shape<'de> for Members {
    type Value = Item;
    const WANTED: Wanted = Wanted::Map;

    fn object<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        let mut item = Item::new();
        while let Some(name) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed {
                level: self.level + 1,
            })?;
            item.insert(name, value);
        }
        Ok(item)
    }
}

/// The elements of an L value, one level deeper.
struct Elements {
    level: usize,
}

impl<'de> Shape<'de> for Elements {
    type Value = Vec<AttributeValue>;
    const WANTED: Wanted = Wanted::List;

    fn list<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut elements = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(element) = seq.next_element_seed(ValueSeed {
            level: self.level + 1,
        })? {
            elements.push(element);
        }
        Ok(elements)
    }
}

/// A JSON list of set members as sent (`None` for a JSON null member).
struct ListOf<S>(S);

impl<'de, S: Shape<'de> + Copy> Shape<'de> for ListOf<S> {
    type Value = Vec<Option<S::Value>>;
    const WANTED: Wanted = Wanted::List;

    fn list<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(member) = seq.next_element_seed(Member(self.0))? {
            members.push(member);
        }
        Ok(members)
    }
}

/// One set member.
struct Member<S>(S);

impl<'de, S: Shape<'de>> DeserializeSeed<'de> for Member<S> {
    type Value = Option<S::Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        read(self.0, d)
    }
}
