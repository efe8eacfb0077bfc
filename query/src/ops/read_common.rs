//! Pieces Query and Scan share: the Limit check, ExclusiveStartKey, key types.

use std::collections::BTreeMap;

use crate::api::{AttributeNames, AttributeValues, Condition as LegacyCondition};
use crate::catalog::{ScalarType, TableMeta};
use crate::expr::{self, legacy, Condition, ExpressionParams, Projection};
use crate::value::Item;
use crate::{Error, Result};

use super::context::check_params;
use super::expressions::projection;
use super::item_key::key_from_request;
use super::select;
use super::shape::Shape;
use super::stored::storage_key;

/// Query's `Limit` must be at least 1 (DynamoDB names it `Limit` here and echoes no value;
/// Scan's message differs).
pub fn check_limit(s: &mut Shape, limit: Option<i64>) {
    if limit.is_some_and(|l| l < 1) {
        s.push(
            "",
            "Limit",
            "Member must have value greater than or equal to 1",
        );
    }
}

/// The storage key an ExclusiveStartKey designates.
pub fn start_key(meta: &TableMeta, esk: &Item) -> Result<Vec<u8>> {
    let key = key_from_request(meta, esk).map_err(|e| {
        Error::validation(format!(
            "The provided starting key is invalid: {}",
            e.message()
        ))
    })?;
    Ok(storage_key(&key)?.into_vec())
}

/// The expression layer's type of a key attribute.
pub fn expr_type(ty: ScalarType) -> expr::ScalarType {
    match ty {
        ScalarType::S => expr::ScalarType::S,
        ScalarType::N => expr::ScalarType::N,
        ScalarType::B => expr::ScalarType::B,
    }
}

/// Legacy conditions by attribute name (KeyConditions, QueryFilter, ScanFilter).
pub type LegacyConditions = BTreeMap<String, LegacyCondition>;

/// A Query's KeyConditionExpression and KeyConditions.
#[derive(Clone, Copy, Default)]
pub struct QueryKey<'a> {
    pub expression: Option<&'a str>,
    pub conditions: Option<&'a LegacyConditions>,
}

/// The expression-related members of a Query or Scan.
pub struct ReadParams<'a> {
    /// Query only: its key condition members.
    pub query: Option<QueryKey<'a>>,
    pub filter_expression: Option<&'a str>,
    pub projection_expression: Option<&'a str>,
    pub names: Option<&'a AttributeNames>,
    pub values: Option<&'a AttributeValues>,
    pub attributes_to_get: Option<&'a Vec<String>>,
    /// QueryFilter or ScanFilter.
    pub legacy_filter: Option<&'a LegacyConditions>,
    pub conditional_operator: Option<&'a str>,
    pub select: Option<&'a str>,
    pub on_index: bool,
}

/// A read's parsed expressions (or legacy parameters).
pub struct ReadExpressions {
    /// Query only; still to be checked against the key schema.
    pub key_condition: Option<Condition>,
    pub filter: Option<Condition>,
    pub projection: Option<Projection>,
    pub count_only: bool,
}

/// Checks the parameter combination, parses the expressions, applies the Select rules.
pub fn read_expressions(p: ReadParams) -> Result<ReadExpressions> {
    let (filter_param, filter_field) = match p.query {
        Some(_) => ("QueryFilter", "queryFilter"),
        None => ("ScanFilter", "scanFilter"),
    };
    let QueryKey {
        expression: key_expression,
        conditions: key_conditions,
    } = p.query.unwrap_or_default();
    let mut expressions = vec![
        ("ProjectionExpression", p.projection_expression.is_some()),
        ("FilterExpression", p.filter_expression.is_some()),
    ];
    let mut legacy_params = vec![
        ("AttributesToGet", p.attributes_to_get.is_some()),
        (filter_param, p.legacy_filter.is_some()),
        ("ConditionalOperator", p.conditional_operator.is_some()),
    ];
    if p.query.is_some() {
        expressions.push(("KeyConditionExpression", key_expression.is_some()));
        legacy_params.push(("KeyConditions", key_conditions.is_some()));
    }
    check_params(
        &expressions,
        &legacy_params,
        p.names.is_some(),
        p.values.is_some(),
    )?;
    legacy::check_conditional_operator(p.conditional_operator, p.legacy_filter.map(BTreeMap::len))?;
    if p.query.is_some() && key_expression.is_none() && key_conditions.is_none() {
        return Err(Error::validation(
            "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
        ));
    }
    let parsed = ExpressionParams {
        key_condition: key_expression,
        filter: p.filter_expression,
        projection: p.projection_expression,
        names: p.names,
        values: p.values,
        ..ExpressionParams::default()
    }
    .parse()?;
    let projection_member = match (p.projection_expression, p.attributes_to_get) {
        (Some(_), _) => Some("ProjectionExpression"),
        (None, Some(_)) => Some("AttributesToGet"),
        (None, None) => None,
    };
    let count_only = select::count_only(p.select, projection_member, p.on_index)?;
    let filter = match (parsed.filter, p.legacy_filter) {
        (Some(f), _) => Some(f),
        (None, Some(map)) => legacy::filter(filter_field, map, p.conditional_operator)?,
        (None, None) => None,
    };
    let key_condition = match (parsed.key_condition, key_conditions) {
        (Some(k), _) => Some(k),
        (None, Some(map)) => Some(legacy::key_conditions(map)?),
        (None, None) => None,
    };
    Ok(ReadExpressions {
        key_condition,
        filter,
        projection: projection(parsed.projection, p.attributes_to_get)?,
        count_only,
    })
}
