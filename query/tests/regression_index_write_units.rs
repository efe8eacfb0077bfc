//! Index write units: an index is charged only when what it stores of the item changes, as real
//! DynamoDB reports under ReturnConsumedCapacity=INDEXES (measured values from the public
//! dynamodb-conformance suite's indexConsumedCapacity tests).

mod common;

use common::call;
use dynakv::Database;
use serde_json::{json, Value};

/// A table `idx` (pk, sk) with GSI `gsi` on gsiPk projecting `proj`, and LSI `lsi` on lsiSk (ALL).
fn table() -> Database {
    let db = Database::in_memory().unwrap();
    let attr = |n: &str| json!({"AttributeName": n, "AttributeType": "S"});
    let key = |n: &str, t: &str| json!({"AttributeName": n, "KeyType": t});
    call(
        &db,
        "CreateTable",
        json!({
            "TableName": "idx", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [attr("pk"), attr("sk"), attr("gsiPk"), attr("lsiSk")],
            "KeySchema": [key("pk", "HASH"), key("sk", "RANGE")],
            "GlobalSecondaryIndexes": [{
                "IndexName": "gsi", "KeySchema": [key("gsiPk", "HASH")],
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["proj"]}
            }],
            "LocalSecondaryIndexes": [{
                "IndexName": "lsi", "KeySchema": [key("pk", "HASH"), key("lsiSk", "RANGE")],
                "Projection": {"ProjectionType": "ALL"}
            }]
        }),
    )
    .unwrap();
    let item = json!({
        "pk": {"S": "a"}, "sk": {"S": "1"}, "gsiPk": {"S": "g"}, "lsiSk": {"S": "l"},
        "proj": {"S": "p"}, "spare": {"S": "o"}
    });
    call(&db, "PutItem", json!({"TableName": "idx", "Item": item})).unwrap();
    db
}

/// (total, GSI units, LSI units) of a response's ConsumedCapacity; 0 for an absent arm.
fn units(resp: &Value) -> (f64, f64, f64) {
    let cc = &resp["ConsumedCapacity"];
    let arm = |kind: &str, name: &str| cc[kind][name]["CapacityUnits"].as_f64().unwrap_or(0.0);
    (
        cc["CapacityUnits"].as_f64().unwrap(),
        arm("GlobalSecondaryIndexes", "gsi"),
        arm("LocalSecondaryIndexes", "lsi"),
    )
}

fn update(db: &Database, expression: &str) -> Value {
    call(
        db,
        "UpdateItem",
        json!({
            "TableName": "idx", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}},
            "UpdateExpression": expression,
            "ExpressionAttributeValues": {":v": {"S": "new"}},
            "ReturnConsumedCapacity": "INDEXES"
        }),
    )
    .unwrap()
}

#[test]
fn identical_overwrite_charges_no_index() {
    let db = table();
    let item = json!({
        "pk": {"S": "a"}, "sk": {"S": "1"}, "gsiPk": {"S": "g"}, "lsiSk": {"S": "l"},
        "proj": {"S": "p"}, "spare": {"S": "o"}
    });
    let resp = call(
        &db,
        "PutItem",
        json!({"TableName": "idx", "Item": item, "ReturnConsumedCapacity": "INDEXES"}),
    )
    .unwrap();
    assert_eq!(units(&resp), (1.0, 0.0, 0.0));
    assert!(resp["ConsumedCapacity"]
        .get("GlobalSecondaryIndexes")
        .is_none());
    assert!(resp["ConsumedCapacity"]
        .get("LocalSecondaryIndexes")
        .is_none());
}

#[test]
fn change_outside_a_projection_charges_only_the_indexes_that_store_it() {
    let db = table();
    // `spare` is kept by the ALL-projected LSI only.
    assert_eq!(units(&update(&db, "SET spare = :v")), (2.0, 0.0, 1.0));
    // A moved LSI key costs the LSI a delete and a put; the GSI does not project lsiSk.
    assert_eq!(units(&update(&db, "SET lsiSk = :v")), (3.0, 0.0, 2.0));
    // `proj` is projected by both.
    assert_eq!(units(&update(&db, "SET proj = :v")), (3.0, 1.0, 1.0));
}
