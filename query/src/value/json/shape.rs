//! Reading one JSON value of an expected kind, with Coral's SerializationException text for
//! every other kind. Each target implements [`Shape`] for the kinds it accepts; the rest fall
//! through to the defaults, which fail.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::error::serialization;

/// The kind a position in the request holds, as Coral names it in its errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Wanted {
    String,
    Blob,
    Boolean,
    List,
    Map,
    /// An AttributeValue object.
    Structure,
}

/// The kind of JSON value actually found.
enum Found<'a> {
    Boolean,
    Number,
    String(&'a str),
    List,
    Object,
}

/// Coral's message for `found` where `wanted` belongs.
fn mismatch<E: de::Error>(wanted: Wanted, found: Found<'_>) -> E {
    let message = match found {
        Found::Object if !matches!(wanted, Wanted::Map | Wanted::Structure) => {
            "Start of structure or map found where not expected.".to_owned()
        }
        Found::List if wanted != Wanted::List => {
            "Start of list found where not expected".to_owned()
        }
        found => scalar_mismatch(wanted, found),
    };
    serialization(&message)
}

/// Coral's message for a scalar (or, for containers, any other kind) in the wrong place.
fn scalar_mismatch(wanted: Wanted, found: Found<'_>) -> String {
    let class = match found {
        Found::Boolean => "class java.lang.Boolean",
        Found::Number => "class com.amazon.coral.value.json.numbers.TruncatingBigNumber",
        _ => "class java.lang.String",
    };
    match (wanted, found) {
        (Wanted::List, _) => "Expected list or null".to_owned(),
        (Wanted::Map, _) => "Expected map or null".to_owned(),
        (Wanted::Structure, _) => "Expected null".to_owned(),
        (Wanted::Boolean, Found::String(text)) => {
            format!(
                "'{}' can not be converted to an Boolean",
                text.to_uppercase()
            )
        }
        (Wanted::Boolean, _) => format!("{class} can not be converted to an Boolean"),
        (Wanted::String, _) => format!("{class} can not be converted to an String"),
        (Wanted::Blob, _) => format!("{class} can not be converted to a Blob"),
    }
}

/// A target that accepts some JSON kinds. JSON `null` means "absent" and yields `Ok(None)` from
/// [`read`], as Coral drops null members.
pub(super) trait Shape<'de>: Sized {
    type Value;
    const WANTED: Wanted;

    fn string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Err(mismatch(Self::WANTED, Found::String(&text)))
    }

    fn boolean<E: de::Error>(self, _value: bool) -> Result<Self::Value, E> {
        Err(mismatch(Self::WANTED, Found::Boolean))
    }

    fn list<A: SeqAccess<'de>>(self, _seq: A) -> Result<Self::Value, A::Error> {
        Err(mismatch(Self::WANTED, Found::List))
    }

    fn object<A: MapAccess<'de>>(self, _map: A) -> Result<Self::Value, A::Error> {
        Err(mismatch(Self::WANTED, Found::Object))
    }
}

/// Reads one value of `shape`'s kind; `None` for JSON null.
pub(super) fn read<'de, S: Shape<'de>, D: Deserializer<'de>>(
    shape: S,
    deserializer: D,
) -> Result<Option<S::Value>, D::Error> {
    deserializer.deserialize_any(ShapeVisitor(shape, PhantomData))
}

struct ShapeVisitor<'de, S>(S, PhantomData<&'de ()>);

impl<'de, S: Shape<'de>> Visitor<'de> for ShapeVisitor<'de, S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", S::WANTED)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.boolean(v).map(Some)
    }

    fn visit_i64<E: de::Error>(self, _v: i64) -> Result<Self::Value, E> {
        Err(mismatch(S::WANTED, Found::Number))
    }

    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Self::Value, E> {
        Err(mismatch(S::WANTED, Found::Number))
    }

    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Self::Value, E> {
        Err(mismatch(S::WANTED, Found::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.string(v.to_owned()).map(Some)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.string(v).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.list(seq).map(Some)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.object(map).map(Some)
    }
}
