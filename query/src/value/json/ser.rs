//! `Serialize` for [`AttributeValue`], written by hand so that numbers and binary go straight
//! into the output without an intermediate `String`.

use base64::display::Base64Display;
use base64::engine::general_purpose::STANDARD;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::value::{AttributeValue, Number};

impl Serialize for AttributeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        let key = self.type_name();
        match self {
            AttributeValue::S(s) => map.serialize_entry(key, s)?,
            AttributeValue::N(n) => map.serialize_entry(key, &NumberText(n))?,
            AttributeValue::B(b) => map.serialize_entry(key, &Base64(b))?,
            AttributeValue::Bool(b) => map.serialize_entry(key, b)?,
            AttributeValue::Null => map.serialize_entry(key, &true)?,
            AttributeValue::M(m) => map.serialize_entry(key, m)?,
            AttributeValue::L(l) => map.serialize_entry(key, l)?,
            AttributeValue::Ss(set) => map.serialize_entry(key, set)?,
            AttributeValue::Ns(set) => map.serialize_entry(key, &Each(set, NumberText))?,
            AttributeValue::Bs(set) => map.serialize_entry(key, &Each(set, Base64))?,
        }
        map.end()
    }
}

/// A number as its canonical text, in a JSON string.
struct NumberText<'a>(&'a Number);

impl Serialize for NumberText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Bytes as standard padded base64, in a JSON string.
struct Base64<'a>(&'a Vec<u8>);

impl Serialize for Base64<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&Base64Display::new(self.0, &STANDARD))
    }
}

/// A set as a JSON list, each member through a wrapper.
struct Each<'a, T, F>(&'a std::collections::BTreeSet<T>, F);

impl<'a, T, F, W> Serialize for Each<'a, T, F>
where
    F: Fn(&'a T) -> W,
    W: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for member in self.0 {
            seq.serialize_element(&(self.1)(member))?;
        }
        seq.end()
    }
}
