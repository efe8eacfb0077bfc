//! KeyConditionExpression's narrower rules, and the structured result a Query runs on:
//! equality on the partition key, AND at most one condition on the sort key.

use std::cmp::Ordering;

use super::ast::{Comparator, Condition, Operand, Path};
use super::eval::order;
use crate::error::{Error, Result};
use crate::value::AttributeValue;

/// The scalar types a key attribute can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    S,
    N,
    B,
}

/// One key attribute of the table or index queried.
#[derive(Debug, Clone, Copy)]
pub struct KeyAttribute<'a> {
    pub name: &'a str,
    pub kind: ScalarType,
}

/// The key schema of the table or index queried.
#[derive(Debug, Clone, Copy)]
pub struct KeySchema<'a> {
    pub partition: KeyAttribute<'a>,
    pub sort: Option<KeyAttribute<'a>>,
}

/// The condition on the sort key.
#[derive(Debug, Clone, PartialEq)]
pub enum SortCondition {
    Eq(AttributeValue),
    Lt(AttributeValue),
    Le(AttributeValue),
    Gt(AttributeValue),
    Ge(AttributeValue),
    Between(AttributeValue, AttributeValue),
    BeginsWith(AttributeValue),
}

impl SortCondition {
    /// Whether a sort key value satisfies the condition.
    pub fn matches(&self, key: &AttributeValue) -> bool {
        let is = |bound: &AttributeValue, want: fn(Ordering) -> bool| {
            order(key, bound).is_some_and(want)
        };
        match self {
            SortCondition::Eq(v) => is(v, Ordering::is_eq),
            SortCondition::Lt(v) => is(v, Ordering::is_lt),
            SortCondition::Le(v) => is(v, Ordering::is_le),
            SortCondition::Gt(v) => is(v, Ordering::is_gt),
            SortCondition::Ge(v) => is(v, Ordering::is_ge),
            SortCondition::Between(lo, hi) => is(lo, Ordering::is_ge) && is(hi, Ordering::is_le),
            SortCondition::BeginsWith(prefix) => match (key, prefix) {
                (AttributeValue::S(k), AttributeValue::S(p)) => k.starts_with(p.as_str()),
                (AttributeValue::B(k), AttributeValue::B(p)) => k.starts_with(p),
                _ => false,
            },
        }
    }
}

/// What a Query reads: one partition, optionally narrowed by the sort key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCondition {
    pub partition: AttributeValue,
    pub sort: Option<SortCondition>,
}

/// One condition of the key condition: an attribute, an operator and its values.
struct Part<'c> {
    path: &'c Path,
    op: &'static str,
    values: Vec<&'c AttributeValue>,
}

fn invalid(message: impl Into<String>) -> Error {
    Error::validation(message)
}

/// Checks a parsed KeyConditionExpression against the key schema (after the request's
/// placeholders are all checked) and extracts what the Query reads.
pub fn key_condition(cond: &Condition, schema: &KeySchema) -> Result<KeyCondition> {
    let mut leaves = Vec::new();
    flatten(cond, &mut leaves)?;
    let parts = leaves.into_iter().map(part).collect::<Result<Vec<_>>>()?;
    for (i, p) in parts.iter().enumerate() {
        if !p.path.is_top_level() {
            return Err(invalid(
                "KeyConditionExpressions cannot have conditions on nested attributes",
            ));
        }
        if parts[..i].iter().any(|q| q.path.head() == p.path.head()) {
            return Err(invalid(
                "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
            ));
        }
    }
    if parts.len() > 2 {
        let key_attributes = 1 + usize::from(schema.sort.is_some());
        return Err(invalid(format!(
            "The number of query conditions ({}) exceeds the number of key attributes defined in the schema ({key_attributes})",
            parts.len()
        )));
    }
    let pk = schema.partition;
    let missed = |name: &str| invalid(format!("Query condition missed key schema element: {name}"));
    let partition = parts
        .iter()
        .find(|p| p.path.head() == pk.name)
        .ok_or_else(|| missed(pk.name))?;
    let sort_name = schema.sort.map(|s| s.name);
    if let Some(other) = parts
        .iter()
        .find(|p| p.path.head() != pk.name && Some(p.path.head()) != sort_name)
    {
        return Err(match sort_name {
            Some(name) => missed(name),
            None => missed(other.path.head()),
        });
    }
    if partition.op != "=" {
        return Err(invalid("Query key condition not supported"));
    }
    check_values(partition, pk)?;
    let sort = match (
        parts.iter().find(|p| Some(p.path.head()) == sort_name),
        schema.sort,
    ) {
        (Some(part), Some(attr)) => {
            check_values(part, attr)?;
            Some(sort_condition(part))
        }
        _ => None,
    };
    Ok(KeyCondition {
        partition: partition.values[0].clone(),
        sort,
    })
}

/// A Query's FilterExpression may not use the key attributes (the key condition does that).
pub fn check_filter_keys(filter: &Condition, schema: &KeySchema) -> Result<()> {
    let sort = schema.sort.map(|s| s.name);
    match filter.paths().into_iter().find(|p| p.head() == schema.partition.name || Some(p.head()) == sort) {
        Some(path) => Err(invalid(format!(
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: {}",
            path.head()
        ))),
        None => Ok(()),
    }
}

/// The conditions joined by AND, refusing every other operator.
fn flatten<'c>(cond: &'c Condition, out: &mut Vec<&'c Condition>) -> Result<()> {
    let bad = |op: &str| {
        Err(invalid(format!(
            "Invalid operator used in KeyConditionExpression: {op}"
        )))
    };
    match cond {
        Condition::And(list) => list.iter().try_for_each(|c| flatten(c, out)),
        Condition::Or(..) => bad("OR"),
        Condition::Not(_) => bad("NOT"),
        Condition::In(..) => bad("IN"),
        Condition::Compare(_, Comparator::Ne, _) => bad("<>"),
        Condition::AttributeExists(_) => bad("attribute_exists"),
        Condition::AttributeNotExists(_) => bad("attribute_not_exists"),
        Condition::AttributeType(..) => bad("attribute_type"),
        Condition::Contains(..) => bad("contains"),
        leaf => {
            out.push(leaf);
            Ok(())
        }
    }
}

fn part(cond: &Condition) -> Result<Part<'_>> {
    let (operands, op): (Vec<&Operand>, &'static str) = match cond {
        Condition::Compare(a, cmp, b) => (vec![a, b], cmp.symbol()),
        Condition::Between(a, lo, hi) => (vec![a, lo, hi], "BETWEEN"),
        Condition::BeginsWith(a, b) => (vec![a, b], "begins_with"),
        _ => return Err(invalid("Query key condition not supported")),
    };
    if operands.iter().any(|o| matches!(o, Operand::Size(_))) {
        return Err(invalid(
            "KeyConditionExpressions cannot contain nested operations",
        ));
    }
    let paths: Vec<(usize, &Path)> = operands
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            Operand::Path(p) => Some((i, p)),
            _ => None,
        })
        .collect();
    let (i, path) = match paths.as_slice() {
        [] => return Err(invalid("Invalid condition in KeyConditionExpression: No key attribute specified")),
        [one] => *one,
        _ => {
            return Err(invalid(
                "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition",
            ))
        }
    };
    let op = match cond {
        Condition::Compare(_, cmp, _) if i == 1 => cmp.flipped().symbol(),
        Condition::Compare(..) => op,
        _ if i != 0 => {
            return Err(invalid(format!(
                "Invalid condition in KeyConditionExpression: {op} operator must have the key attribute as its first operand"
            )))
        }
        _ => op,
    };
    let values = operands.iter().filter_map(|o| match o {
        Operand::Value(v) => Some(v),
        _ => None,
    });
    Ok(Part {
        path,
        op,
        values: values.collect(),
    })
}

/// Key values must have the key's type and may not be empty.
fn check_values(part: &Part, attr: KeyAttribute) -> Result<()> {
    for value in &part.values {
        let kind = match value {
            AttributeValue::S(s) if s.is_empty() => Some("string"),
            AttributeValue::B(b) if b.is_empty() => Some("binary"),
            _ => None,
        };
        let matches_type = matches!(
            (value, attr.kind),
            (AttributeValue::S(_), ScalarType::S)
                | (AttributeValue::N(_), ScalarType::N)
                | (AttributeValue::B(_), ScalarType::B)
        );
        if !matches_type {
            return Err(invalid(
                "One or more parameter values were invalid: Condition parameter type does not match schema type",
            ));
        }
        if let Some(kind) = kind {
            return Err(invalid(format!(
                "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {kind} value. Key: {}",
                attr.name
            )));
        }
    }
    Ok(())
}

fn sort_condition(part: &Part) -> SortCondition {
    let v = |i: usize| part.values[i].clone();
    match part.op {
        "<" => SortCondition::Lt(v(0)),
        "<=" => SortCondition::Le(v(0)),
        ">" => SortCondition::Gt(v(0)),
        ">=" => SortCondition::Ge(v(0)),
        "BETWEEN" => SortCondition::Between(v(0), v(1)),
        "begins_with" => SortCondition::BeginsWith(v(0)),
        _ => SortCondition::Eq(v(0)),
    }
}
