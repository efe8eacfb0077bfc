//! TransactGetItems: a ProjectionExpression that keeps nothing of an existing item answers with
//! no `Item`, as real DynamoDB does (reported by the public dynamodb-conformance suite).

mod common;

use common::{call, create_table};
use dynakv::Database;
use serde_json::json;

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
