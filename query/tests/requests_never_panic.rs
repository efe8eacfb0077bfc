//! Arbitrary request bodies, built from DynamoDB's member names and value shapes, must get an
//! answer or a DynamoDB error from every operation, never a panic.

mod common;

use common::{call, create_table};
use dynakv::Database;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const MEMBERS: &[&str] = &[
    "TableName",
    "Item",
    "Key",
    "KeySchema",
    "AttributeDefinitions",
    "AttributeName",
    "AttributeType",
    "KeyType",
    "BillingMode",
    "ProvisionedThroughput",
    "ReadCapacityUnits",
    "WriteCapacityUnits",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "GlobalSecondaryIndexUpdates",
    "Create",
    "Delete",
    "Update",
    "IndexName",
    "Projection",
    "ProjectionType",
    "NonKeyAttributes",
    "ConditionExpression",
    "UpdateExpression",
    "KeyConditionExpression",
    "FilterExpression",
    "ProjectionExpression",
    "ExpressionAttributeNames",
    "ExpressionAttributeValues",
    "ReturnValues",
    "ReturnConsumedCapacity",
    "Select",
    "Limit",
    "ExclusiveStartKey",
    "Segment",
    "TotalSegments",
    "RequestItems",
    "Keys",
    "PutRequest",
    "DeleteRequest",
    "Expected",
    "AttributeUpdates",
    "KeyConditions",
    "QueryFilter",
    "ScanFilter",
    "AttributesToGet",
    "ComparisonOperator",
    "AttributeValueList",
    "Value",
    "Exists",
    "Action",
    "Tags",
    "ResourceArn",
    "TagKeys",
    "TransactItems",
    "Put",
    "Get",
    "ConditionCheck",
    "ClientRequestToken",
    "TimeToLiveSpecification",
    "Enabled",
    "pk",
    "sk",
    "S",
    "N",
    "B",
    "SS",
    "L",
    "M",
    "BOOL",
    "NULL",
];

const OPERATIONS: &[&str] = &[
    "CreateTable",
    "DescribeTable",
    "UpdateTable",
    "DeleteTable",
    "ListTables",
    "PutItem",
    "GetItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TagResource",
    "UntagResource",
    "ListTagsOfResource",
    "TransactWriteItems",
    "TransactGetItems",
    "UpdateTimeToLive",
    "DescribeTimeToLive",
];

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..30).prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "",
            "tb1",
            "tb2",
            "pk",
            "sk",
            "HASH",
            "RANGE",
            "S",
            "N",
            "B",
            "ALL",
            "KEYS_ONLY",
            "PAY_PER_REQUEST",
            "PROVISIONED",
            "ALL_OLD",
            "ALL_NEW",
            "UPDATED_NEW",
            "TOTAL",
            "INDEXES",
            "COUNT",
            "EQ",
            "BETWEEN",
            "pk = :v",
            "SET a = :v",
            "#n = :v",
            ":v",
            "#n",
            "1",
            "abc",
            "g1",
            "attribute_exists(pk)",
            "ADD c :v",
        ])
        .prop_map(|s| json!(s)),
    ]
}

fn body() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(MEMBERS), inner), 0..6).prop_map(|kv| {
                let map: Map<String, Value> =
                    kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
                Value::Object(map)
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn every_operation_answers_without_panicking(
        op in prop::sample::select(OPERATIONS),
        mut req in body(),
        table in prop::sample::select(vec!["tb1", "tb2"]),
    ) {
        let db = Database::in_memory().unwrap();
        create_table(&db, "tb1", None);
        create_table(&db, "tb2", Some("N"));
        call(&db, "PutItem", json!({"TableName": "tb1", "Item": {"pk": {"S": "1"}}})).unwrap();
        if let Value::Object(map) = &mut req {
            map.entry("TableName").or_insert_with(|| json!(table));
        }
        let _ = db.handle_json(op, req.to_string().as_bytes());
    }
}
