//! CreateTable refuses a disabled stream that names a view type, with real DynamoDB's message
//! (captured against AWS by the public dynamodb-conformance suite).

mod common;

use common::{call, fails};
use dynakv::Database;
use serde_json::json;

fn request(stream: serde_json::Value) -> serde_json::Value {
    json!({
        "TableName": "streamed", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "StreamSpecification": stream
    })
}

#[test]
fn disabled_stream_with_view_type_is_refused() {
    let db = Database::in_memory().unwrap();
    let e = fails(
        &db,
        "CreateTable",
        request(json!({"StreamEnabled": false, "StreamViewType": "NEW_IMAGE"})),
    );
    assert_eq!(e.type_name(), "ValidationException");
    assert_eq!(
        e.message(),
        "One or more parameter values were invalid: Table is being created with a stream \
         disabled, UpdateViewType should not be specified"
    );
}

#[test]
fn disabled_stream_without_view_type_is_accepted() {
    let db = Database::in_memory().unwrap();
    call(&db, "CreateTable", request(json!({"StreamEnabled": false}))).unwrap();
}
