//! The legacy parameters: translations and their messages (developer guide, "Legacy
//! conditional parameters"; messages as DynamoDB gives them).

use std::collections::BTreeMap;

use super::*;
use crate::api::{AttributeValueUpdate, Condition as LegacyCondition, ExpectedAttributeValue};
use crate::expr::legacy::{self, ParamUse};

fn exp(
    value: Option<AttributeValue>,
    exists: Option<bool>,
    op: Option<&str>,
    list: Option<Vec<AttributeValue>>,
) -> ExpectedAttributeValue {
    ExpectedAttributeValue {
        value,
        exists,
        comparison_operator: op.map(str::to_string),
        attribute_value_list: list,
    }
}

fn one<T>(name: &str, v: T) -> BTreeMap<String, T> {
    [(name.to_string(), v)].into_iter().collect()
}

fn cond(op: &str, list: Vec<AttributeValue>) -> LegacyCondition {
    LegacyCondition {
        comparison_operator: op.to_string(),
        attribute_value_list: Some(list),
    }
}

#[test]
fn expected_translates_to_conditions() {
    let doc = item(vec![("a", n("5")), ("tags", ss(&["x", "y"]))]);
    let holds = |e: BTreeMap<String, ExpectedAttributeValue>, op: Option<&str>| {
        evaluate(&legacy::expected(&e, op).unwrap().unwrap(), &doc)
    };
    assert!(holds(one("a", exp(Some(n("5")), None, None, None)), None));
    assert!(holds(
        one("a", exp(Some(n("5")), Some(true), None, None)),
        None
    ));
    assert!(holds(one("b", exp(None, Some(false), None, None)), None));
    assert!(!holds(one("a", exp(None, Some(false), None, None)), None));
    assert!(holds(
        one(
            "a",
            exp(None, None, Some("BETWEEN"), Some(vec![n("1"), n("9")]))
        ),
        None
    ));
    assert!(holds(
        one("a", exp(Some(n("4")), None, Some("GT"), None)),
        None
    ));
    assert!(holds(
        one(
            "tags",
            exp(None, None, Some("CONTAINS"), Some(vec![s("x")]))
        ),
        None
    ));
    assert!(holds(
        one(
            "tags",
            exp(None, None, Some("NOT_CONTAINS"), Some(vec![s("z")]))
        ),
        None
    ));
    assert!(holds(
        one("a", exp(None, None, Some("NOT_NULL"), None)),
        None
    ));
    assert!(holds(
        one("a", exp(None, None, Some("IN"), Some(vec![n("1"), n("5")]))),
        None
    ));
    let mut two = one("a", exp(Some(n("1")), None, None, None));
    two.insert("b".to_string(), exp(None, Some(false), None, None));
    assert!(!holds(two.clone(), Some("AND")));
    assert!(holds(two, Some("OR")));
}

#[test]
fn many_conditions_make_a_shallow_tree() {
    let many: BTreeMap<String, ExpectedAttributeValue> = (0..100_000)
        .map(|i| (format!("a{i}"), exp(None, Some(false), None, None)))
        .collect();
    let cond = legacy::expected(&many, None).unwrap().unwrap();
    assert!(evaluate(&cond, &Item::new()));
    assert!(!evaluate(&cond, &item(vec![("a99999", n("1"))])));
}

#[test]
fn expected_errors() {
    let p = "One or more parameter values were invalid: ";
    let cases = [
        (exp(Some(n("1")), None, Some("EQ"), Some(vec![n("1")])), format!("{p}Value and AttributeValueList cannot be used together for Attribute: a")),
        (exp(None, Some(true), Some("NULL"), None), format!("{p}Exists and ComparisonOperator cannot be used together for Attribute: a")),
        (exp(None, None, Some("EQ"), None), format!("{p}Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a")),
        (exp(None, None, None, Some(vec![n("1")])), format!("{p}AttributeValueList can only be used with a ComparisonOperator for Attribute: a")),
        (exp(None, Some(true), None, None), format!("{p}Value must be provided when Exists is true for Attribute: a")),
        (exp(None, None, None, None), format!("{p}Value must be provided when Exists is null for Attribute: a")),
        (exp(Some(n("1")), Some(false), None, None), format!("{p}Value cannot be used when Exists is false for Attribute: a")),
        (exp(None, None, Some("EQ"), Some(vec![n("1"), n("2")])), format!("{p}Invalid number of argument(s) for the EQ ComparisonOperator")),
        (exp(None, None, Some("IN"), Some(vec![n("1"), s("2")])), format!("{p}AttributeValues inside AttributeValueList must be of same type")),
        (exp(None, None, Some("LT"), Some(vec![ss(&["x"])])), format!("{p}ComparisonOperator LT is not valid for SS AttributeValue type")),
        (exp(None, None, Some("BETWEEN"), Some(vec![n("9"), n("1")])), "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound".to_string()),
        (exp(None, None, Some("LIKE"), Some(vec![n("9")])), "1 validation error detected: Value 'LIKE' at 'expected.a.member.comparisonOperator' failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]".to_string()),
    ];
    for (e, message) in cases {
        assert_eq!(
            legacy::expected(&one("a", e), None).unwrap_err().message(),
            message
        );
    }
    assert_eq!(
        legacy::expected(&one("a", exp(Some(n("1")), None, None, None)), Some("XOR")).unwrap_err().message(),
        "1 validation error detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]"
    );
}

#[test]
fn filters_and_key_conditions() {
    let doc = item(vec![("pk", s("p")), ("sk", n("3")), ("name", s("Ann"))]);
    let f = legacy::filter(
        "scanFilter",
        &one("name", cond("BEGINS_WITH", vec![s("A")])),
        None,
    )
    .unwrap()
    .unwrap();
    assert!(evaluate(&f, &doc));
    assert_eq!(
        legacy::filter("queryFilter", &one("name", cond("BEGINS_WITH", vec![n("1")])), None).unwrap_err().message(),
        "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type"
    );
    let mut kc = one("pk", cond("EQ", vec![s("p")]));
    kc.insert("sk".to_string(), cond("BETWEEN", vec![n("1"), n("5")]));
    let schema = KeySchema {
        partition: KeyAttribute {
            name: "pk",
            kind: ScalarType::S,
        },
        sort: Some(KeyAttribute {
            name: "sk",
            kind: ScalarType::N,
        }),
    };
    let parsed = key_condition(&legacy::key_conditions(&kc).unwrap(), &schema).unwrap();
    assert_eq!(
        parsed,
        KeyCondition {
            partition: s("p"),
            sort: Some(SortCondition::Between(n("1"), n("5")))
        }
    );
    assert_eq!(
        legacy::key_conditions(&one("pk", cond("NE", vec![s("p")])))
            .unwrap_err()
            .message(),
        "Attempted conditional constraint is not an indexable operation"
    );
    kc.insert("x".to_string(), cond("EQ", vec![s("p")]));
    assert_eq!(
        legacy::key_conditions(&kc).unwrap_err().message(),
        "Conditions can be of length 1 or 2 only"
    );
}

#[test]
fn attribute_updates_translate_to_updates() {
    let before = item(vec![
        ("n", n("1")),
        ("tags", ss(&["a", "b"])),
        ("list", l(vec![s("x")])),
        ("gone", s("x")),
    ]);
    let action = |value: Option<AttributeValue>, action: Option<&str>| AttributeValueUpdate {
        value,
        action: action.map(str::to_string),
    };
    let mut updates = BTreeMap::new();
    updates.insert("n".to_string(), action(Some(n("2")), Some("ADD")));
    updates.insert("tags".to_string(), action(Some(ss(&["a"])), Some("DELETE")));
    updates.insert(
        "list".to_string(),
        action(Some(l(vec![s("y")])), Some("ADD")),
    );
    updates.insert(
        "newlist".to_string(),
        action(Some(l(vec![s("z")])), Some("ADD")),
    );
    updates.insert("gone".to_string(), action(None, Some("DELETE")));
    updates.insert("put".to_string(), action(Some(s("v")), None));
    let after = apply_update(&legacy::attribute_updates(&updates).unwrap(), &before).unwrap();
    assert_eq!(
        after,
        item(vec![
            ("n", n("3")),
            ("tags", ss(&["b"])),
            ("list", l(vec![s("x"), s("y")])),
            ("newlist", l(vec![s("z")])),
            ("put", s("v")),
        ])
    );
    let p = "One or more parameter values were invalid: ";
    let cases = [
        (action(None, Some("PUT")), format!("{p}Only DELETE action is allowed when no attribute value is specified")),
        (action(Some(s("x")), Some("ADD")), format!("{p}ADD action is not supported for the type S")),
        (action(Some(n("1")), Some("DELETE")), format!("{p}DELETE action with value is not supported for the type N")),
        (action(Some(n("1")), Some("UPSERT")), "1 validation error detected: Value 'UPSERT' at 'attributeUpdates.a.member.action' failed to satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]".to_string()),
    ];
    for (update, message) in cases {
        assert_eq!(
            legacy::attribute_updates(&one("a", update))
                .unwrap_err()
                .message(),
            message
        );
    }
}

#[test]
fn attributes_to_get_and_parameter_mixing() {
    let paths = legacy::attributes_to_get(&["a".to_string(), "b".to_string()]).unwrap();
    assert_eq!(paths, vec![Path::attr("a"), Path::attr("b")]);
    assert_eq!(
        legacy::attributes_to_get(&["a".to_string(), "a".to_string()])
            .unwrap_err()
            .message(),
        "One or more parameter values were invalid: Duplicate value in attribute name: a"
    );
    let put = |condition: bool, expected: bool, names: bool, values: bool| {
        legacy::check_params(&ParamUse {
            expressions: &[("ConditionExpression", condition)],
            legacy: &[("Expected", expected)],
            names,
            values,
            name_absent_expressions: true,
        })
    };
    assert_eq!(
        put(true, true, false, false).unwrap_err().message(),
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"
    );
    assert_eq!(
        put(false, false, false, true).unwrap_err().message(),
        "ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null"
    );
    assert_eq!(
        put(false, false, true, false).unwrap_err().message(),
        "ExpressionAttributeNames can only be specified when using expressions"
    );
    put(true, false, true, true).unwrap();
    let update = legacy::check_params(&ParamUse {
        expressions: &[("UpdateExpression", true), ("ConditionExpression", false)],
        legacy: &[("AttributeUpdates", true), ("Expected", false)],
        names: false,
        values: false,
        name_absent_expressions: true,
    });
    assert_eq!(
        update.unwrap_err().message(),
        "Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {AttributeUpdates} Expression parameters: {UpdateExpression}"
    );
    let values_only = legacy::check_params(&ParamUse {
        expressions: &[("UpdateExpression", false), ("ConditionExpression", false)],
        legacy: &[],
        names: false,
        values: true,
        name_absent_expressions: true,
    });
    assert_eq!(
        values_only.unwrap_err().message(),
        "ExpressionAttributeValues can only be specified when using expressions: UpdateExpression and ConditionExpression are null"
    );
    let newer_layer = legacy::check_params(&ParamUse {
        expressions: &[("ConditionExpression", false)],
        legacy: &[],
        names: false,
        values: true,
        name_absent_expressions: false,
    });
    assert_eq!(
        newer_layer.unwrap_err().message(),
        "ExpressionAttributeValues can only be specified when using expressions"
    );
    // A Query may pair KeyConditions with FilterExpression.
    legacy::check_params(&ParamUse {
        expressions: &[
            ("FilterExpression", true),
            ("ProjectionExpression", false),
            ("KeyConditionExpression", false),
        ],
        legacy: &[("KeyConditions", true), ("QueryFilter", false)],
        names: false,
        values: true,
        name_absent_expressions: true,
    })
    .unwrap();
}
