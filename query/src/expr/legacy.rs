//! The legacy (pre-expression) parameters translated into the expression AST, with DynamoDB's
//! validation messages for them: Expected, AttributeUpdates, KeyConditions, QueryFilter,
//! ScanFilter, AttributesToGet, ConditionalOperator, and the rule against mixing them with
//! expression parameters.

use std::collections::{BTreeMap, BTreeSet};

use super::ast::{Comparator, Condition, Operand, Path, Projection, SetOperand, SetValue, Update};
use super::eval::order;
use super::types;
use crate::api::{AttributeValueUpdate, Condition as LegacyCondition, ExpectedAttributeValue};
use crate::error::{Error, Result};
use crate::value::AttributeValue;

fn invalid(message: impl AsRef<str>) -> Error {
    Error::validation(format!(
        "One or more parameter values were invalid: {}",
        message.as_ref()
    ))
}

/// DynamoDB's message for a value outside an enum, at `field` of the request.
fn not_in_enum(value: &str, field: &str, allowed: &str) -> Error {
    Error::validation(format!(
        "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy enum value set: [{allowed}]"
    ))
}

const OPERATORS: &str =
    "IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS";

// ---- which parameters a request uses ----

/// The parameters an operation was given: its expression parameters (in DynamoDB's order) and
/// legacy parameters, each with whether it is present.
pub struct ParamUse<'a> {
    pub expressions: &'a [(&'a str, bool)],
    pub legacy: &'a [(&'a str, bool)],
    pub names: bool,
    pub values: bool,
    /// ExpressionAttributeValues without an expression to use them names the absent ones
    /// (`...: ConditionExpression is null`); the single-item writes' newer layer does not.
    pub name_absent_expressions: bool,
}

/// DynamoDB's rules on combining parameters: no legacy parameter next to an expression one
/// (KeyConditions may go with the other expressions when KeyConditionExpression is absent),
/// and placeholder maps only with expressions that can use them.
pub fn check_params(params: &ParamUse) -> Result<()> {
    // The common request gives none of them: nothing can conflict (and nothing to allocate).
    let any = |list: &[(&str, bool)]| list.iter().any(|(_, present)| *present);
    if !any(params.expressions) && !any(params.legacy) && !params.names && !params.values {
        return Ok(());
    }
    let given = |list: &[(&str, bool)]| -> Vec<String> {
        list.iter()
            .filter(|(_, present)| *present)
            .map(|(name, _)| name.to_string())
            .collect()
    };
    let expressions = given(params.expressions);
    let key_expression = expressions.iter().any(|e| e == "KeyConditionExpression");
    let legacy: Vec<String> = given(params.legacy)
        .into_iter()
        .filter(|p| p != "KeyConditions" || key_expression)
        .collect();
    if !expressions.is_empty() && !legacy.is_empty() {
        return Err(Error::validation(format!(
            "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {{{}}} Expression parameters: {{{}}}",
            legacy.join(", "),
            expressions.join(", ")
        )));
    }
    if params.names && expressions.is_empty() {
        return Err(Error::validation(
            "ExpressionAttributeNames can only be specified when using expressions",
        ));
    }
    let valued: Vec<&str> = params
        .expressions
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| *n != "ProjectionExpression")
        .collect();
    let valued_given = params
        .expressions
        .iter()
        .any(|(n, p)| *p && *n != "ProjectionExpression");
    if params.values && !valued.is_empty() && !valued_given {
        const MESSAGE: &str =
            "ExpressionAttributeValues can only be specified when using expressions";
        if !params.name_absent_expressions {
            return Err(Error::validation(MESSAGE));
        }
        let verb = if valued.len() > 1 { "are" } else { "is" };
        return Err(Error::validation(format!(
            "{MESSAGE}: {} {verb} null",
            valued.join(" and ")
        )));
    }
    Ok(())
}

/// ConditionalOperator only joins two or more conditions of a legacy Filter or Expected;
/// `conditions` is how many that member holds (`None` when absent).
pub fn check_conditional_operator(op: Option<&str>, conditions: Option<usize>) -> Result<()> {
    if op.is_none() {
        return Ok(());
    }
    match conditions.unwrap_or(0) {
        0 => Err(Error::validation(
            "ConditionalOperator cannot be used without Filter or Expected",
        )),
        1 => Err(Error::validation(
            "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        )),
        _ => Ok(()),
    }
}

// ---- conditions ----

/// Reads ConditionalOperator (AND when absent).
fn conditional_operator(op: Option<&str>) -> Result<bool> {
    match op {
        None | Some("AND") => Ok(true),
        Some("OR") => Ok(false),
        Some(other) => Err(not_in_enum(other, "conditionalOperator", "OR, AND")),
    }
}

/// Joins conditions with AND (or OR), in the map's order.
fn join(mut conditions: Vec<Condition>, and: bool) -> Option<Condition> {
    match conditions.len() {
        0 | 1 => conditions.pop(),
        _ if and => Some(Condition::And(conditions)),
        _ => Some(Condition::Or(conditions)),
    }
}

/// `Expected` with `ConditionalOperator`, as a ConditionExpression would say it.
pub fn expected(
    expected: &BTreeMap<String, ExpectedAttributeValue>,
    conditional_op: Option<&str>,
) -> Result<Option<Condition>> {
    let and = conditional_operator(conditional_op)?;
    let mut out = Vec::new();
    for (name, cond) in expected {
        out.push(expected_one(name, cond)?);
    }
    Ok(join(out, and))
}

fn expected_one(name: &str, cond: &ExpectedAttributeValue) -> Result<Condition> {
    if cond.value.is_some() && cond.attribute_value_list.is_some() {
        return Err(invalid(format!(
            "Value and AttributeValueList cannot be used together for Attribute: {name}"
        )));
    }
    if let Some(op) = &cond.comparison_operator {
        if cond.exists.is_some() {
            return Err(invalid(format!(
                "Exists and ComparisonOperator cannot be used together for Attribute: {name}"
            )));
        }
        let field = format!("expected.{name}.member.comparisonOperator");
        let values: Vec<AttributeValue> = match (&cond.value, &cond.attribute_value_list) {
            (Some(v), _) => vec![v.clone()],
            (None, Some(list)) => list.clone(),
            (None, None) if op != "NULL" && op != "NOT_NULL" => {
                return Err(invalid(format!(
                    "Value or AttributeValueList must be used with ComparisonOperator: {op} for Attribute: {name}"
                )));
            }
            (None, None) => Vec::new(),
        };
        return comparison(name, op, &values, &field);
    }
    if cond.attribute_value_list.is_some() {
        return Err(invalid(format!(
            "AttributeValueList can only be used with a ComparisonOperator for Attribute: {name}"
        )));
    }
    match (cond.exists, &cond.value) {
        (Some(false), None) => Ok(Condition::AttributeNotExists(Path::attr(name))),
        (Some(false), Some(_)) => Err(invalid(format!(
            "Value cannot be used when Exists is false for Attribute: {name}"
        ))),
        (exists, None) => Err(invalid(format!(
            "Value must be provided when Exists is {} for Attribute: {name}",
            exists.map_or("null", |_| "true")
        ))),
        (_, Some(v)) => Ok(compare(name, Comparator::Eq, v)),
    }
}

/// `QueryFilter` or `ScanFilter` (`param` names it in messages: "queryFilter", "scanFilter")
/// with `ConditionalOperator`.
pub fn filter(
    param: &str,
    conditions: &BTreeMap<String, LegacyCondition>,
    conditional_op: Option<&str>,
) -> Result<Option<Condition>> {
    let and = conditional_operator(conditional_op)?;
    let mut out = Vec::new();
    for (name, cond) in conditions {
        let field = format!("{param}.{name}.member.comparisonOperator");
        let values = cond.attribute_value_list.as_deref().unwrap_or_default();
        out.push(comparison(name, &cond.comparison_operator, values, &field)?);
    }
    Ok(join(out, and))
}

/// `KeyConditions` as a KeyConditionExpression would say it; check it with `key_condition`.
pub fn key_conditions(conditions: &BTreeMap<String, LegacyCondition>) -> Result<Condition> {
    let mut out = Vec::new();
    for (name, cond) in conditions {
        let field = format!("keyConditions.{name}.member.comparisonOperator");
        let values = cond.attribute_value_list.as_deref().unwrap_or_default();
        let leaf = comparison(name, &cond.comparison_operator, values, &field)?;
        if !matches!(
            cond.comparison_operator.as_str(),
            "EQ" | "LE" | "LT" | "GE" | "GT" | "BEGINS_WITH" | "BETWEEN"
        ) {
            return Err(Error::validation(
                "Attempted conditional constraint is not an indexable operation",
            ));
        }
        out.push(leaf);
    }
    if out.is_empty() || out.len() > 2 {
        return Err(Error::validation("Conditions can be of length 1 or 2 only"));
    }
    join(out, true).ok_or_else(|| Error::validation("Conditions can be of length 1 or 2 only"))
}

fn compare(name: &str, cmp: Comparator, value: &AttributeValue) -> Condition {
    Condition::Compare(
        Operand::Path(Path::attr(name)),
        cmp,
        Operand::Value(value.clone()),
    )
}

/// One legacy comparison on attribute `name`, checked as DynamoDB checks it.
fn comparison(name: &str, op: &str, values: &[AttributeValue], field: &str) -> Result<Condition> {
    let (count_ok, allowed): (fn(usize) -> bool, &[&str]) = match op {
        "EQ" | "NE" => (|n| n == 1, &[]),
        "LE" | "LT" | "GE" | "GT" | "CONTAINS" | "NOT_CONTAINS" => (|n| n == 1, &["S", "N", "B"]),
        "BEGINS_WITH" => (|n| n == 1, &["S", "B"]),
        "NULL" | "NOT_NULL" => (|n| n == 0, &[]),
        "IN" => (|n| n >= 1, &["S", "N", "B"]),
        "BETWEEN" => (|n| n == 2, &["S", "N", "B"]),
        other => return Err(not_in_enum(other, field, OPERATORS)),
    };
    if !count_ok(values.len()) {
        return Err(invalid(format!(
            "Invalid number of argument(s) for the {op} ComparisonOperator"
        )));
    }
    if values
        .windows(2)
        .any(|w| types::short(&w[0]) != types::short(&w[1]))
    {
        return Err(invalid(
            "AttributeValues inside AttributeValueList must be of same type",
        ));
    }
    if let Some(bad) = values
        .iter()
        .find(|v| !allowed.is_empty() && !allowed.contains(&types::short(v)))
    {
        return Err(invalid(format!(
            "ComparisonOperator {op} is not valid for {} AttributeValue type",
            types::short(bad)
        )));
    }
    let path = || Path::attr(name);
    let value = |i: usize| Operand::Value(values[i].clone());
    Ok(match op {
        "EQ" => compare(name, Comparator::Eq, &values[0]),
        "NE" => compare(name, Comparator::Ne, &values[0]),
        "LE" => compare(name, Comparator::Le, &values[0]),
        "LT" => compare(name, Comparator::Lt, &values[0]),
        "GE" => compare(name, Comparator::Ge, &values[0]),
        "GT" => compare(name, Comparator::Gt, &values[0]),
        "NULL" => Condition::AttributeNotExists(path()),
        "NOT_NULL" => Condition::AttributeExists(path()),
        "CONTAINS" => Condition::Contains(Operand::Path(path()), value(0)),
        "NOT_CONTAINS" => Condition::Not(Box::new(Condition::Contains(
            Operand::Path(path()),
            value(0),
        ))),
        "BEGINS_WITH" => Condition::BeginsWith(Operand::Path(path()), value(0)),
        "IN" => Condition::In(
            Operand::Path(path()),
            (0..values.len()).map(value).collect(),
        ),
        _ => {
            if order(&values[0], &values[1]).is_some_and(|o| o.is_gt()) {
                return Err(Error::validation(
                    "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
                ));
            }
            Condition::Between(Operand::Path(path()), value(0), value(1))
        }
    })
}

// ---- updates and projections ----

/// `AttributeUpdates` as an UpdateExpression would say it. PUT writes the value; ADD adds a
/// number, unites a set or appends to a list; DELETE removes the attribute, or elements of a
/// set.
pub fn attribute_updates(updates: &BTreeMap<String, AttributeValueUpdate>) -> Result<Update> {
    let mut out = Update::default();
    for (name, update) in updates {
        let action = update.action.as_deref().unwrap_or("PUT");
        let path = Path::attr(name.as_str());
        let kind = update.value.as_ref().map(types::short);
        match (action, &update.value) {
            ("PUT" | "ADD", None) => {
                return Err(invalid(
                    "Only DELETE action is allowed when no attribute value is specified",
                ))
            }
            ("PUT", Some(v)) => out
                .set
                .push((path, SetValue::Operand(SetOperand::Value(v.clone())))),
            ("ADD", Some(AttributeValue::L(list))) => {
                let current = SetOperand::IfNotExists(
                    path.clone(),
                    Box::new(SetOperand::Value(AttributeValue::L(Vec::new()))),
                );
                let appended = SetOperand::ListAppend(
                    Box::new(current),
                    Box::new(SetOperand::Value(AttributeValue::L(list.clone()))),
                );
                out.set.push((path, SetValue::Operand(appended)));
            }
            ("ADD", Some(v)) if matches!(kind, Some("N" | "SS" | "NS" | "BS")) => {
                out.add.push((path, v.clone()))
            }
            ("ADD", Some(_)) => {
                return Err(invalid(format!(
                    "ADD action is not supported for the type {}",
                    kind.unwrap_or("")
                )))
            }
            ("DELETE", None) => out.remove.push(path),
            ("DELETE", Some(v)) if matches!(kind, Some("SS" | "NS" | "BS")) => {
                out.delete.push((path, v.clone()))
            }
            ("DELETE", Some(_)) => {
                return Err(invalid(format!(
                    "DELETE action with value is not supported for the type {}",
                    kind.unwrap_or("")
                )))
            }
            (other, _) => {
                return Err(not_in_enum(
                    other,
                    &format!("attributeUpdates.{name}.member.action"),
                    "ADD, PUT, DELETE",
                ))
            }
        }
    }
    Ok(out)
}

/// `AttributesToGet` as a ProjectionExpression would say it.
pub fn attributes_to_get(names: &[String]) -> Result<Projection> {
    let mut seen = BTreeSet::new();
    for name in names {
        if !seen.insert(name.as_str()) {
            return Err(invalid(format!(
                "Duplicate value in attribute name: {name}"
            )));
        }
    }
    Ok(names.iter().map(|n| Path::attr(n.as_str())).collect())
}
