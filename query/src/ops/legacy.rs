//! DynamoDB's legacy parameters translated into the expression AST, so one evaluator serves
//! both: Expected, QueryFilter/ScanFilter, KeyConditions (conditions), AttributeUpdates
//! (an update), AttributesToGet (a projection).

use std::collections::BTreeMap;

use crate::api::{AttributeValueUpdate, Condition as LegacyCondition, ExpectedAttributeValue};
use crate::expr::{Comparator, Condition, Operand, Path, Projection, SetOperand, SetValue, Update};
use crate::value::AttributeValue;
use crate::{Error, Result};

fn invalid(message: String) -> Error {
    Error::validation(format!(
        "One or more parameter values were invalid: {message}"
    ))
}

/// The condition of an `Expected` map, joined by ConditionalOperator (AND by default).
pub fn expected(
    map: Option<&BTreeMap<String, ExpectedAttributeValue>>,
    operator: Option<&str>,
) -> Result<Option<Condition>> {
    let Some(map) = map else { return Ok(None) };
    let parts = map
        .iter()
        .map(|(name, e)| expected_one(name, e))
        .collect::<Result<Vec<_>>>()?;
    join(parts, operator)
}

fn expected_one(name: &str, e: &ExpectedAttributeValue) -> Result<Condition> {
    if let Some(op) = &e.comparison_operator {
        if e.value.is_some() {
            return Err(invalid(
                "Value and ComparisonOperator cannot be used together for Attribute: ".to_string()
                    + name,
            ));
        }
        return comparison(
            name,
            op,
            e.attribute_value_list.as_deref().unwrap_or_default(),
        );
    }
    match (e.exists, &e.value) {
        (Some(false), Some(_)) => Err(invalid(format!(
            "Value cannot be used when Exists is false for Attribute: {name}"
        ))),
        (Some(false), None) => Ok(Condition::AttributeNotExists(Path::attr(name))),
        (_, Some(v)) => Ok(compare(name, Comparator::Eq, v)),
        (_, None) => Err(invalid(format!(
            "Value must be provided when Exists is true for Attribute: {name}"
        ))),
    }
}

/// The condition of a QueryFilter, ScanFilter or KeyConditions map.
pub fn conditions(
    map: Option<&BTreeMap<String, LegacyCondition>>,
    operator: Option<&str>,
) -> Result<Option<Condition>> {
    let Some(map) = map else { return Ok(None) };
    let parts = map
        .iter()
        .map(|(name, c)| {
            comparison(
                name,
                &c.comparison_operator,
                c.attribute_value_list.as_deref().unwrap_or_default(),
            )
        })
        .collect::<Result<Vec<_>>>()?;
    join(parts, operator)
}

fn join(parts: Vec<Condition>, operator: Option<&str>) -> Result<Option<Condition>> {
    let or = match operator {
        None | Some("AND") => false,
        Some("OR") => true,
        Some(other) => {
            return Err(Error::validation(format!(
                "1 validation error detected: Value '{other}' at 'conditionalOperator' failed to \
                 satisfy constraint: Member must satisfy enum value set: [AND, OR]"
            )))
        }
    };
    Ok(parts.into_iter().reduce(|a, b| {
        if or {
            Condition::Or(Box::new(a), Box::new(b))
        } else {
            Condition::And(Box::new(a), Box::new(b))
        }
    }))
}

fn compare(name: &str, cmp: Comparator, v: &AttributeValue) -> Condition {
    Condition::Compare(
        Operand::Path(Path::attr(name)),
        cmp,
        Operand::Value(v.clone()),
    )
}

/// One `ComparisonOperator` with its `AttributeValueList`.
fn comparison(name: &str, op: &str, args: &[AttributeValue]) -> Result<Condition> {
    let arity = |n: usize| -> Result<()> {
        if args.len() == n {
            Ok(())
        } else {
            Err(invalid(format!(
                "Invalid number of argument(s) for the {op} ComparisonOperator"
            )))
        }
    };
    let path = || Operand::Path(Path::attr(name));
    let value = |i: usize| Operand::Value(args[i].clone());
    let cmp = |c: Comparator| -> Result<Condition> {
        arity(1)?;
        Ok(compare(name, c, &args[0]))
    };
    match op {
        "EQ" => cmp(Comparator::Eq),
        "NE" => cmp(Comparator::Ne),
        "LT" => cmp(Comparator::Lt),
        "LE" => cmp(Comparator::Le),
        "GT" => cmp(Comparator::Gt),
        "GE" => cmp(Comparator::Ge),
        "NULL" => arity(0).map(|_| Condition::AttributeNotExists(Path::attr(name))),
        "NOT_NULL" => arity(0).map(|_| Condition::AttributeExists(Path::attr(name))),
        "CONTAINS" => arity(1).map(|_| Condition::Contains(path(), value(0))),
        "NOT_CONTAINS" => {
            arity(1).map(|_| Condition::Not(Box::new(Condition::Contains(path(), value(0)))))
        }
        "BEGINS_WITH" => arity(1).map(|_| Condition::BeginsWith(path(), value(0))),
        "BETWEEN" => arity(2).map(|_| Condition::Between(path(), value(0), value(1))),
        "IN" if !args.is_empty() => Ok(Condition::In(path(), (0..args.len()).map(value).collect())),
        "IN" => Err(invalid(format!(
            "Invalid number of argument(s) for the {op} ComparisonOperator"
        ))),
        other => Err(Error::validation(format!(
            "1 validation error detected: Value '{other}' at 'comparisonOperator' failed to \
             satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, \
             NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]"
        ))),
    }
}

/// The update an `AttributeUpdates` map describes.
pub fn attribute_updates(map: &BTreeMap<String, AttributeValueUpdate>) -> Result<Update> {
    let mut update = Update::default();
    for (name, u) in map {
        let path = Path::attr(name);
        match (u.action.as_deref().unwrap_or("PUT"), &u.value) {
            ("PUT", Some(v)) => update
                .set
                .push((path, SetValue::Operand(SetOperand::Value(v.clone())))),
            ("PUT", None) => {
                return Err(invalid(format!(
                    "Only DELETE action is allowed when no attribute value is specified: {name}"
                )))
            }
            ("DELETE", None) => update.remove.push(path),
            ("DELETE", Some(v)) => update.delete.push((path, v.clone())),
            ("ADD", Some(v)) => update.add.push((path, v.clone())),
            ("ADD", None) => {
                return Err(invalid(format!(
                    "Only DELETE action is allowed when no attribute value is specified: {name}"
                )))
            }
            (other, _) => {
                return Err(Error::validation(format!(
                    "1 validation error detected: Value '{other}' at \
                     'attributeUpdates.{name}.member.action' failed to satisfy constraint: \
                     Member must satisfy enum value set: [ADD, PUT, DELETE]"
                )))
            }
        }
    }
    Ok(update)
}

/// The projection `AttributesToGet` describes (duplicates refused as DynamoDB does).
pub fn attributes_to_get(names: &[String]) -> Result<Projection> {
    for (i, n) in names.iter().enumerate() {
        if names[..i].contains(n) {
            return Err(invalid(format!("Duplicate value in attribute name: {n}")));
        }
    }
    Ok(names.iter().map(Path::attr).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> AttributeValue {
        AttributeValue::S(v.to_string())
    }

    #[test]
    fn expected_exists_false_is_not_exists() {
        let map = BTreeMap::from([(
            "a".to_string(),
            ExpectedAttributeValue {
                exists: Some(false),
                ..Default::default()
            },
        )]);
        let c = expected(Some(&map), None).unwrap().unwrap();
        assert_eq!(c, Condition::AttributeNotExists(Path::attr("a")));
    }

    #[test]
    fn wrong_arity_is_refused() {
        let err = comparison("a", "BETWEEN", &[s("x")]).unwrap_err();
        assert!(err
            .message()
            .contains("Invalid number of argument(s) for the BETWEEN"));
    }

    #[test]
    fn or_joins_conditions() {
        let map = BTreeMap::from([
            (
                "a".to_string(),
                LegacyCondition {
                    comparison_operator: "NULL".into(),
                    attribute_value_list: None,
                },
            ),
            (
                "b".to_string(),
                LegacyCondition {
                    comparison_operator: "EQ".into(),
                    attribute_value_list: Some(vec![s("x")]),
                },
            ),
        ]);
        let c = conditions(Some(&map), Some("OR")).unwrap().unwrap();
        assert!(matches!(c, Condition::Or(_, _)));
    }

    #[test]
    fn attribute_updates_translate() {
        let map = BTreeMap::from([
            (
                "a".to_string(),
                AttributeValueUpdate {
                    value: Some(s("x")),
                    action: None,
                },
            ),
            (
                "b".to_string(),
                AttributeValueUpdate {
                    value: None,
                    action: Some("DELETE".into()),
                },
            ),
        ]);
        let u = attribute_updates(&map).unwrap();
        assert_eq!((u.set.len(), u.remove.len()), (1, 1));
    }
}
