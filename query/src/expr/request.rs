//! All the expressions of one request, read in DynamoDB's order, sharing the request's
//! placeholders (an entry used by any of them counts as used).

use std::collections::BTreeMap;

use super::ast::{Condition, Projection, Update};
use super::parse::ExpressionKind;
use super::placeholders::Placeholders;
use crate::error::Result;
use crate::value::Item;

/// The expression parameters of a request, as given.
#[derive(Debug, Default, Clone, Copy)]
pub struct ExpressionParams<'a> {
    pub key_condition: Option<&'a str>,
    pub filter: Option<&'a str>,
    pub condition: Option<&'a str>,
    pub update: Option<&'a str>,
    pub projection: Option<&'a str>,
    pub names: Option<&'a BTreeMap<String, String>>,
    pub values: Option<&'a Item>,
}

/// The request's expressions, parsed and checked.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Expressions {
    /// Still to be checked against the key schema with `key_condition`.
    pub key_condition: Option<Condition>,
    pub filter: Option<Condition>,
    pub condition: Option<Condition>,
    pub update: Option<Update>,
    pub projection: Option<Projection>,
}

impl ExpressionParams<'_> {
    /// Reads every expression (update, condition, filter, projection, key condition), then
    /// refuses placeholders no expression used.
    pub fn parse(&self) -> Result<Expressions> {
        let given = [
            self.update,
            self.condition,
            self.filter,
            self.projection,
            self.key_condition,
        ];
        // No expression and no placeholder map: nothing to read or to check.
        if given.iter().all(Option::is_none) && self.names.is_none() && self.values.is_none() {
            return Ok(Expressions::default());
        }
        let mut ph = Placeholders::new(self.names, self.values)?;
        let mut out = Expressions::default();
        if let Some(text) = self.update {
            out.update = Some(ph.update(text)?);
        }
        if let Some(text) = self.condition {
            out.condition = Some(ph.condition(ExpressionKind::Condition, text)?);
        }
        if let Some(text) = self.filter {
            out.filter = Some(ph.condition(ExpressionKind::Filter, text)?);
        }
        if let Some(text) = self.projection {
            out.projection = Some(ph.projection(text)?);
        }
        if let Some(text) = self.key_condition {
            out.key_condition = Some(ph.condition(ExpressionKind::KeyCondition, text)?);
        }
        ph.finish()?;
        Ok(out)
    }
}
