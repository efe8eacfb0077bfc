//! Reading a request's expressions, and applying a ConditionExpression to the current item.

use std::collections::BTreeMap;

use crate::api::{AttributeValueUpdate, ExpectedAttributeValue};
use crate::expr::{evaluate, legacy, Condition, ExpressionParams, Projection, Update};
use crate::value::Item;
use crate::{Error, Result};

use super::context::enveloped;
use crate::expr::legacy::ParamUse;

/// The projection of a read: its ProjectionExpression, or else its AttributesToGet.
pub fn projection(
    parsed: Option<Projection>,
    attributes_to_get: Option<&Vec<String>>,
) -> Result<Option<Projection>> {
    match (parsed, attributes_to_get) {
        (Some(p), _) => Ok(Some(p)),
        (None, Some(names)) => Ok(Some(legacy::attributes_to_get(names)?)),
        (None, None) => Ok(None),
    }
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
    /// UpdateItem: its UpdateExpression is among the expression parameters.
    pub is_update: bool,
}

impl WriteParams<'_> {
    /// Whether no expression or legacy parameter is given.
    fn is_empty(&self) -> bool {
        self.condition_expression.is_none()
            && self.update_expression.is_none()
            && self.names.is_none()
            && self.values.is_none()
            && self.expected.is_none()
            && self.conditional_operator.is_none()
            && self.attribute_updates.is_none()
    }
}

/// A write's condition and update, from expressions or from the legacy parameters.
pub struct WriteExpressions {
    pub condition: Option<Condition>,
    pub update: Option<Update>,
}

/// Reads a write's expressions (or legacy parameters, never both). Every error is a
/// ValidationException inside the request-validation envelope.
pub fn write_expressions(p: WriteParams) -> Result<WriteExpressions> {
    // The common write gives none of them: nothing can conflict, nothing to parse.
    if p.is_empty() {
        return Ok(WriteExpressions {
            condition: None,
            update: None,
        });
    }
    read_write_expressions(p).map_err(enveloped)
}

fn read_write_expressions(p: WriteParams) -> Result<WriteExpressions> {
    let expressions: &[(&str, bool)] = if p.is_update {
        &[
            ("UpdateExpression", p.update_expression.is_some()),
            ("ConditionExpression", p.condition_expression.is_some()),
        ]
    } else {
        &[("ConditionExpression", p.condition_expression.is_some())]
    };
    legacy::check_params(&ParamUse {
        expressions,
        legacy: &[
            ("AttributeUpdates", p.attribute_updates.is_some()),
            ("Expected", p.expected.is_some()),
            ("ConditionalOperator", p.conditional_operator.is_some()),
        ],
        names: p.names.is_some(),
        values: p.values.is_some(),
        name_absent_expressions: false,
    })?;
    legacy::check_conditional_operator(p.conditional_operator, p.expected.map(BTreeMap::len))?;
    let parsed = (ExpressionParams {
        condition: p.condition_expression,
        update: p.update_expression,
        names: p.names,
        values: p.values,
        ..ExpressionParams::default()
    })
    .parse()?;
    let condition = match (parsed.condition, p.expected) {
        (Some(c), _) => Some(c),
        (None, Some(expected)) => legacy::expected(expected, p.conditional_operator)?,
        (None, None) => None,
    };
    let update = match (parsed.update, p.attribute_updates) {
        (Some(u), _) => Some(u),
        (None, Some(map)) => Some(legacy::attribute_updates(map)?),
        (None, None) => None,
    };
    Ok(WriteExpressions { condition, update })
}
