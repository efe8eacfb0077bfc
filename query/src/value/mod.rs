//! DynamoDB attribute values. (Being implemented: see the model work item.)
//!
//! CONTRACT used by the other modules:
//! - `AttributeValue` variants below (sets are ordered sets, so duplicates cannot exist).
//! - `Number`: exact decimal, `Number::parse(&str) -> Result<Number>` (DynamoDB's validation),
//!   `Display` = canonical text as DynamoDB returns it, `Ord`/`Eq` numeric,
//!   `checked_add`/`checked_sub(&self, &Number) -> Result<Number>`, `From<i64>`.
//! - serde `Serialize`/`Deserialize` in DynamoDB's JSON form (`{"S":"x"}`, ...).

use std::collections::{BTreeMap, BTreeSet};

mod number;
pub use number::Number;

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
