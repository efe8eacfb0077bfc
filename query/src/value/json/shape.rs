//! Reading one JSON value of an expected kind, with DynamoDB's SerializationException text for
//! every other kind. Each target implements [`Shape`] for the kinds it accepts; the rest fall
//! through to the defaults, which fail.
//!
//! The texts are those of DynamoDB's current JSON reader, as dynalite's test suite records them
//! (e.g. `NUMBER_VALUE cannot be converted to String`, `Unexpected value type in payload`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::error::serialization;

/// The kind a position in the request holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Wanted {
    String,
    Blob,
    Boolean,
    List,
    /// A map of attribute values (M).
    Map,
    /// An AttributeValue object, as a map value or list element.
    Structure,
}

/// The kind of JSON value actually found.
pub(super) enum Found {
    Scalar(Scalar),
    List,
    Object,
}

/// A JSON scalar, as the parser's token names it.
#[derive(Clone, Copy)]
pub(super) enum Scalar {
    Boolean(bool),
    Integer,
    Decimal,
    String,
}

impl Scalar {
    pub(super) fn token(self) -> &'static str {
        match self {
            Scalar::Boolean(true) => "TRUE_VALUE",
            Scalar::Boolean(false) => "FALSE_VALUE",
            Scalar::Integer => "NUMBER_VALUE",
            Scalar::Decimal => "DECIMAL_VALUE",
            Scalar::String => "STRING_VALUE",
        }
    }
}

const ATTRIBUTE_VALUE_CLASS: &str = "com.amazonaws.dynamodb.v20120810.AttributeValue";

/// DynamoDB's message for `found` where `wanted` belongs.
fn mismatch<E: de::Error>(wanted: Wanted, found: Found) -> E {
    let message = match found {
        Found::Object => "Start of structure or map found where not expected".to_owned(),
        Found::List => format!("Unrecognized collection type {}", collection_class(wanted)),
        Found::Scalar(scalar) => scalar_mismatch(wanted, scalar),
    };
    serialization(&message)
}

fn scalar_mismatch(wanted: Wanted, scalar: Scalar) -> String {
    match (wanted, scalar) {
        (Wanted::List | Wanted::Map, _) => "Unexpected field type".to_owned(),
        (Wanted::Structure, _) => "Unexpected value type in payload".to_owned(),
        (Wanted::Blob, _) => "only base-64-encoded strings are convertible to bytes".to_owned(),
        (Wanted::Boolean, _) => format!("{} cannot be converted to Boolean", scalar.token()),
        (Wanted::String, _) => format!("{} cannot be converted to String", scalar.token()),
    }
}

/// The class the reader names when it meets a JSON list where `wanted` belongs.
fn collection_class(wanted: Wanted) -> String {
    match wanted {
        Wanted::String => "class java.lang.String".to_owned(),
        Wanted::Blob => "class java.nio.ByteBuffer".to_owned(),
        Wanted::Boolean => "class java.lang.Boolean".to_owned(),
        Wanted::Map => format!("java.util.Map<java.lang.String, {ATTRIBUTE_VALUE_CLASS}>"),
        Wanted::Structure | Wanted::List => format!("class {ATTRIBUTE_VALUE_CLASS}"),
    }
}

/// A target that accepts some JSON kinds. JSON `null` means "absent" and yields `Ok(None)` from
/// [`read`], as Coral drops null members.
pub(super) trait Shape<'de>: Sized {
    type Value;
    const WANTED: Wanted;

    fn string<E: de::Error>(self, _text: String) -> Result<Self::Value, E> {
        Err(mismatch(Self::WANTED, Found::Scalar(Scalar::String)))
    }

    fn boolean<E: de::Error>(self, value: bool) -> Result<Self::Value, E> {
        Err(mismatch(
            Self::WANTED,
            Found::Scalar(Scalar::Boolean(value)),
        ))
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
        Err(mismatch(S::WANTED, Found::Scalar(Scalar::Integer)))
    }

    fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Self::Value, E> {
        Err(mismatch(S::WANTED, Found::Scalar(Scalar::Integer)))
    }

    fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Self::Value, E> {
        Err(mismatch(S::WANTED, Found::Scalar(Scalar::Decimal)))
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
