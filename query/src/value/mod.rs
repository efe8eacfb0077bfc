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
//! - serde `Serialize`/`Deserialize` in DynamoDB's JSON form (`{"S":"x"}`, ...).

use std::collections::{BTreeMap, BTreeSet};

pub mod number;
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
