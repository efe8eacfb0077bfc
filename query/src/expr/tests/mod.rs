//! Table-driven tests of the expression language against DynamoDB's documented behaviour and
//! messages. Cases cite the developer guide's examples where they reproduce one.

mod errors;
mod evaluation;
mod key_conditions;
mod legacy;
mod print;
mod projections;
mod round_trip;
mod updates;

use std::collections::BTreeMap;

use super::*;
use crate::value::{AttributeValue, Item, Number};

/// Placeholder values of a table row.
pub(super) type Values = Vec<(&'static str, AttributeValue)>;

pub(super) fn s(text: &str) -> AttributeValue {
    AttributeValue::S(text.to_string())
}

pub(super) fn n(text: &str) -> AttributeValue {
    AttributeValue::N(Number::parse(text).expect("test number"))
}

pub(super) fn b(bytes: &[u8]) -> AttributeValue {
    AttributeValue::B(bytes.to_vec())
}

pub(super) fn ss(items: &[&str]) -> AttributeValue {
    AttributeValue::Ss(items.iter().map(|x| x.to_string()).collect())
}

pub(super) fn ns(items: &[&str]) -> AttributeValue {
    AttributeValue::Ns(
        items
            .iter()
            .map(|x| Number::parse(x).expect("test number"))
            .collect(),
    )
}

pub(super) fn l(items: Vec<AttributeValue>) -> AttributeValue {
    AttributeValue::L(items)
}

pub(super) fn m(pairs: Vec<(&str, AttributeValue)>) -> AttributeValue {
    AttributeValue::M(item(pairs))
}

pub(super) fn item(pairs: Vec<(&str, AttributeValue)>) -> Item {
    pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

pub(super) fn names(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// One request's expressions and placeholders, for the tables.
#[derive(Default, Clone)]
pub(super) struct Req {
    pub key_condition: Option<&'static str>,
    pub filter: Option<&'static str>,
    pub condition: Option<&'static str>,
    pub update: Option<&'static str>,
    pub projection: Option<&'static str>,
    pub names: Option<BTreeMap<String, String>>,
    pub values: Option<Item>,
}

impl Req {
    pub fn condition(text: &'static str) -> Req {
        Req {
            condition: Some(text),
            ..Req::default()
        }
    }
    pub fn filter(text: &'static str) -> Req {
        Req {
            filter: Some(text),
            ..Req::default()
        }
    }
    pub fn key(text: &'static str) -> Req {
        Req {
            key_condition: Some(text),
            ..Req::default()
        }
    }
    pub fn update(text: &'static str) -> Req {
        Req {
            update: Some(text),
            ..Req::default()
        }
    }
    pub fn projection(text: &'static str) -> Req {
        Req {
            projection: Some(text),
            ..Req::default()
        }
    }
    pub fn names(mut self, pairs: &[(&str, &str)]) -> Req {
        self.names = Some(names(pairs));
        self
    }
    pub fn values(mut self, pairs: Vec<(&str, AttributeValue)>) -> Req {
        self.values = Some(item(pairs));
        self
    }

    pub fn parse(&self) -> crate::Result<Expressions> {
        ExpressionParams {
            key_condition: self.key_condition,
            filter: self.filter,
            condition: self.condition,
            update: self.update,
            projection: self.projection,
            names: self.names.as_ref(),
            values: self.values.as_ref(),
        }
        .parse()
    }

    /// The ValidationException message, failing the test if the request is accepted.
    pub fn error(&self) -> String {
        match self.parse() {
            Ok(parsed) => panic!("accepted: {parsed:?}"),
            Err(e) => {
                assert_eq!(e.type_name(), "ValidationException");
                e.message().to_string()
            }
        }
    }
}
