//! KeyConditionExpression: the rules of the developer guide's "Key condition expressions for
//! Query" and DynamoDB's messages for what it refuses.

use super::*;

const COMPOSITE: KeySchema<'static> = KeySchema {
    partition: KeyAttribute {
        name: "pk",
        kind: ScalarType::S,
    },
    sort: Some(KeyAttribute {
        name: "sk",
        kind: ScalarType::N,
    }),
};
const HASH_ONLY: KeySchema<'static> = KeySchema {
    partition: KeyAttribute {
        name: "pk",
        kind: ScalarType::S,
    },
    sort: None,
};

fn key(text: &'static str, schema: &KeySchema) -> crate::Result<KeyCondition> {
    let values = vec![
        (":p", s("p1")),
        (":n", n("5")),
        (":m", n("9")),
        (":s", s("x")),
        (":e", s("")),
    ];
    let values: Vec<_> = values
        .into_iter()
        .filter(|(k, _)| text.contains(k))
        .collect();
    let placeholders: Vec<_> = [("#pk", "pk"), ("#sk", "sk")]
        .into_iter()
        .filter(|(k, _)| text.contains(k))
        .collect();
    let mut req = Req::key(text);
    if !values.is_empty() {
        req = req.values(values);
    }
    if !placeholders.is_empty() {
        req = req.names(&placeholders);
    }
    let cond = req.parse()?.key_condition.expect("parsed key condition");
    key_condition(&cond, schema)
}

#[test]
fn accepted_forms() {
    let cases = [
        ("pk = :p", None),
        ("#pk = :p AND #sk = :n", Some(SortCondition::Eq(n("5")))),
        ("pk = :p AND sk < :n", Some(SortCondition::Lt(n("5")))),
        ("pk = :p AND sk <= :n", Some(SortCondition::Le(n("5")))),
        ("sk > :n AND pk = :p", Some(SortCondition::Gt(n("5")))),
        ("pk = :p AND sk >= :n", Some(SortCondition::Ge(n("5")))),
        (":p = pk AND :n <= sk", Some(SortCondition::Ge(n("5")))),
        (
            "pk = :p AND sk BETWEEN :n AND :m",
            Some(SortCondition::Between(n("5"), n("9"))),
        ),
        ("(#pk = :p) AND (#sk = :n)", Some(SortCondition::Eq(n("5")))),
        ("(#pk = :p AND #sk = :n)", Some(SortCondition::Eq(n("5")))),
    ];
    for (text, sort) in cases {
        let kc = key(text, &COMPOSITE).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            kc,
            KeyCondition {
                partition: s("p1"),
                sort
            },
            "{text}"
        );
    }
    let schema = KeySchema {
        sort: Some(KeyAttribute {
            name: "sk",
            kind: ScalarType::S,
        }),
        ..COMPOSITE
    };
    let kc = key("pk = :p AND begins_with(sk, :s)", &schema).unwrap();
    assert_eq!(kc.sort, Some(SortCondition::BeginsWith(s("x"))));
}

#[test]
fn refused_forms() {
    let cases = [
        ("sk = :n", "Query condition missed key schema element: pk"),
        ("attr1 = :s", "Query condition missed key schema element: pk"),
        ("pk = :p AND attr1 = :s", "Query condition missed key schema element: sk"),
        ("pk = :p OR sk = :n", "Invalid operator used in KeyConditionExpression: OR"),
        ("NOT pk = :p", "Invalid operator used in KeyConditionExpression: NOT"),
        ("pk IN (:p)", "Invalid operator used in KeyConditionExpression: IN"),
        ("pk <> :p", "Invalid operator used in KeyConditionExpression: <>"),
        ("pk = :p AND attribute_exists(sk)", "Invalid operator used in KeyConditionExpression: attribute_exists"),
        ("pk = :p AND contains(sk, :n)", "Invalid operator used in KeyConditionExpression: contains"),
        ("pk = :p AND size(sk) > :n", "KeyConditionExpressions cannot contain nested operations"),
        ("#pk = :p AND #sk.foo = :n", "KeyConditionExpressions cannot have conditions on nested attributes"),
        ("pk = :p AND pk = :p", "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key"),
        ("pk = :p AND sk = pk", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"),
        ("pk = :p AND :n = :m", "Invalid condition in KeyConditionExpression: No key attribute specified"),
        ("pk = :p AND :n BETWEEN sk AND :m", "Invalid condition in KeyConditionExpression: BETWEEN operator must have the key attribute as its first operand"),
        ("pk > :p", "Query key condition not supported"),
        ("begins_with(pk, :p)", "Query key condition not supported"),
        ("pk = :n", "One or more parameter values were invalid: Condition parameter type does not match schema type"),
        ("pk = :p AND sk = :s", "One or more parameter values were invalid: Condition parameter type does not match schema type"),
        ("pk = :e", "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
    ];
    for (text, message) in cases {
        let err = key(text, &COMPOSITE).unwrap_err();
        assert_eq!(err.message(), message, "{text}");
    }
    assert_eq!(
        key("pk = :p AND x = :s", &HASH_ONLY).unwrap_err().message(),
        "Query condition missed key schema element: x"
    );
    assert_eq!(
        key("pk = :p AND begins_with(sk, :n)", &COMPOSITE).unwrap_err().message(),
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"
    );
}

#[test]
fn sort_conditions_match_keys() {
    assert!(SortCondition::Between(n("1"), n("3")).matches(&n("3")));
    assert!(!SortCondition::Between(n("1"), n("3")).matches(&n("3.1")));
    assert!(SortCondition::BeginsWith(s("ab")).matches(&s("abc")));
    assert!(!SortCondition::BeginsWith(s("ab")).matches(&n("1")));
    assert!(SortCondition::Lt(s("b")).matches(&s("a")));
    assert!(!SortCondition::Gt(n("1")).matches(&s("2")));
}

#[test]
fn query_filters_cannot_use_key_attributes() {
    let filter = |text: &'static str| {
        let req = Req::filter(text);
        let req = if text.contains(":v") {
            req.values(vec![(":v", s("x"))])
        } else {
            req
        };
        req.parse().unwrap().filter.unwrap()
    };
    check_filter_keys(&filter("a = :v AND size(b) > :v"), &COMPOSITE).unwrap();
    assert_eq!(
        check_filter_keys(&filter("a = :v OR contains(sk, :v)"), &COMPOSITE)
            .unwrap_err()
            .message(),
        "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk"
    );
    assert!(check_filter_keys(&filter("attribute_exists(pk.x)"), &HASH_ONLY).is_err());
}
