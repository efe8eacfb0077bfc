//! DynamoDB attribute values.
//!
//! CONTRACT used by the other modules:
//! - `AttributeValue` variants below (sets are ordered sets, so duplicates cannot exist).
//! - `Number`: exact decimal, `Number::parse(&str) -> Result<Number>` (DynamoDB's validation),
//!   `Display` = canonical text as DynamoDB returns it, `Ord`/`Eq` numeric,
//!   `checked_add`/`checked_sub(&self, &Number) -> Result<Number>`, `From<i64>`.
//!   Also `Copy`, `Number::ZERO`, `is_zero`, `is_negative`, `negated`, `to_i64`,
//!   `significant_digits`, and `parse_detailed` (keeps the `NumberError` kind, whose `message()` /
//!   `legacy_message()` give the two wordings DynamoDB uses in different operations).
//! - serde `Serialize`/`Deserialize` in DynamoDB's JSON form (`{"S":"x"}`, ...); see [`json`]
//!   for the validation done while deserializing and for [`json::error_from_json`], which turns a
//!   `serde_json::Error` from a request containing attribute values into DynamoDB's error.

use std::collections::{BTreeMap, BTreeSet};

#[cfg(test)]
pub(crate) mod arbitrary;
pub mod json;
pub mod number;
pub use json::{error_from_json, error_from_json_in, Wording};
pub use number::{Number, NumberError};

/// An item or a map value: attribute name -> value.
pub type Item = BTreeMap<String, AttributeValue>;

/// One DynamoDB value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttributeValue {
    S(String),
    N(Number),
    B(Vec<u8>),
    Bool(bool),
    Null,
    M(Item),
    L(Vec<AttributeValue>),
    Ss(BTreeSet<String>),
    Ns(BTreeSet<Number>),
    Bs(BTreeSet<Vec<u8>>),
}

impl AttributeValue {
    /// The type descriptor DynamoDB uses for this value: `S`, `N`, `B`, `BOOL`, `NULL`, `M`, `L`,
    /// `SS`, `NS` or `BS`.
    pub fn type_name(&self) -> &'static str {
        match self {
            AttributeValue::S(_) => "S",
            AttributeValue::N(_) => "N",
            AttributeValue::B(_) => "B",
            AttributeValue::Bool(_) => "BOOL",
            AttributeValue::Null => "NULL",
            AttributeValue::M(_) => "M",
            AttributeValue::L(_) => "L",
            AttributeValue::Ss(_) => "SS",
            AttributeValue::Ns(_) => "NS",
            AttributeValue::Bs(_) => "BS",
        }
    }
}

impl From<Number> for AttributeValue {
    fn from(n: Number) -> Self {
        AttributeValue::N(n)
    }
}

impl From<&str> for AttributeValue {
    fn from(s: &str) -> Self {
        AttributeValue::S(s.to_owned())
    }
}

impl From<String> for AttributeValue {
    fn from(s: String) -> Self {
        AttributeValue::S(s)
    }
}
