//! Reading a request's expressions, and applying a ConditionExpression to the current item.

use std::collections::BTreeMap;

use crate::api::{AttributeValueUpdate, ExpectedAttributeValue};
use crate::expr::{evaluate, Condition, ExpressionParams, Expressions, Update};
use crate::value::Item;
use crate::{Error, Result};

use super::context::no_mixing;
use super::legacy;

/// Parses every expression of a request; placeholders without any expression are refused first.
pub fn parse(params: ExpressionParams) -> Result<Expressions> {
    let any = params.key_condition.is_some()
        || params.filter.is_some()
        || params.condition.is_some()
        || params.update.is_some()
        || params.projection.is_some();
    if !any {
        if params.names.is_some() {
            return Err(Error::validation(
                "ExpressionAttributeNames can only be specified when using expressions",
            ));
        }
        if params.values.is_some() {
            return Err(Error::validation(
                "ExpressionAttributeValues can only be specified when using expressions",
            ));
        }
    }
    params.parse()
}

/// Checks a write's condition against the current item (absent: an empty item).
/// On failure the error carries the old item when the request asked for ALL_OLD.
pub fn check_condition(
    cond: Option<&Condition>,
    old: Option<&Item>,
    old_on_failure: bool,
) -> Result<()> {
    let Some(cond) = cond else {
        return Ok(());
    };
    let empty = Item::new();
    if evaluate(cond, old.unwrap_or(&empty)) {
        return Ok(());
    }
    let item = if old_on_failure { old.cloned() } else { None };
    Err(Error::ConditionalCheckFailed { item })
}

/// The expression-related members of a write request.
#[derive(Default)]
pub struct WriteParams<'a> {
    pub condition_expression: Option<&'a str>,
    pub update_expression: Option<&'a str>,
    pub names: Option<&'a crate::api::AttributeNames>,
    pub values: Option<&'a crate::api::AttributeValues>,
    pub expected: Option<&'a BTreeMap<String, ExpectedAttributeValue>>,
    pub conditional_operator: Option<&'a str>,
    pub attribute_updates: Option<&'a BTreeMap<String, AttributeValueUpdate>>,
}

/// A write's condition and update, from expressions or from the legacy parameters.
pub struct WriteExpressions {
    pub condition: Option<Condition>,
    pub update: Option<Update>,
}

/// Reads a write's expressions (or legacy parameters, never both).
pub fn write_expressions(p: WriteParams) -> Result<WriteExpressions> {
    no_mixing(
        &[
            ("AttributeUpdates", p.attribute_updates.is_some()),
            ("Expected", p.expected.is_some()),
            ("ConditionalOperator", p.conditional_operator.is_some()),
        ],
        &[
            ("UpdateExpression", p.update_expression.is_some()),
            ("ConditionExpression", p.condition_expression.is_some()),
        ],
    )?;
    let parsed = parse(ExpressionParams {
        condition: p.condition_expression,
        update: p.update_expression,
        names: p.names,
        values: p.values,
        ..ExpressionParams::default()
    })?;
    let condition = match parsed.condition {
        Some(c) => Some(c),
        None => legacy::expected(p.expected, p.conditional_operator)?,
    };
    let update = match (parsed.update, p.attribute_updates) {
        (Some(u), _) => Some(u),
        (None, Some(map)) => Some(legacy::attribute_updates(map)?),
        (None, None) => None,
    };
    Ok(WriteExpressions { condition, update })
}
