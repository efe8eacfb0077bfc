//! TransactGetItems parity with real DynamoDB (reported by the public dynamodb-conformance suite
//! and its issue threads): empty projections and wrongly typed keys.

mod common;

use common::{call, create_table};
use dynakv::Database;
use serde_json::json;

/// A ProjectionExpression that keeps nothing of an existing item answers with no `Item`.
#[test]
fn projection_matching_nothing_omits_the_item() {
    let db = Database::in_memory().unwrap();
    create_table(&db, "tbl", None);
    for pk in ["a", "b"] {
        let item = json!({"pk": {"S": pk}, "x": {"S": "1"}});
        call(&db, "PutItem", json!({"TableName": "tbl", "Item": item})).unwrap();
    }
    let get = |pk: &str, projection: &str| {
        json!({"Get": {
            "TableName": "tbl", "Key": {"pk": {"S": pk}}, "ProjectionExpression": projection
        }})
    };
    let resp = call(
        &db,
        "TransactGetItems",
        json!({"TransactItems": [get("a", "absent"), get("b", "x")]}),
    )
    .unwrap();
    assert_eq!(resp["Responses"], json!([{}, {"Item": {"x": {"S": "1"}}}]));
}

/// A Get whose key has the wrong type cancels the transaction with a positional ValidationError
/// reason, as TransactWriteItems does (real DynamoDB, reported by the conformance suite).
#[test]
fn wrong_key_type_cancels_with_a_validation_error_reason() {
    let db = Database::in_memory().unwrap();
    create_table(&db, "tbl", None);
    let get = |key: serde_json::Value| json!({"Get": {"TableName": "tbl", "Key": key}});
    let e = common::fails(
        &db,
        "TransactGetItems",
        json!({"TransactItems": [get(json!({"pk": {"S": "a"}})), get(json!({"pk": {"N": "1"}}))]}),
    );
    let dynakv::Error::TransactionCanceled { reasons, message } = e else {
        panic!("expected a cancellation, got {e:?}");
    };
    let codes: Vec<&str> = reasons.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["None", "ValidationError"]);
    assert!(message.ends_with("[None, ValidationError]"));
}
