//! Helpers shared by the integration tests: JSON calls through `Database::handle_json`, as the
//! server makes them.
#![allow(dead_code)]

use dynakv::{Database, Error};
use serde_json::{json, Value};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Runs one operation on a JSON request.
pub fn call(db: &Database, op: &str, body: Value) -> Result<Value, Error> {
    let bytes = db.handle_json(op, body.to_string().as_bytes())?;
    Ok(serde_json::from_slice(&bytes).expect("responses are JSON"))
}

/// The error an operation must fail with.
pub fn fails(db: &Database, op: &str, body: Value) -> Error {
    match call(db, op, body) {
        Ok(v) => panic!("{op} should fail, got {v}"),
        Err(e) => e,
    }
}

/// The message of the ValidationException that `op` must fail with.
pub fn validation_message(db: &Database, op: &str, body: Value) -> String {
    let e = fails(db, op, body);
    assert_eq!(
        e.type_name(),
        "ValidationException",
        "{op}: {}",
        e.message()
    );
    e.message().to_string()
}

/// Creates a PAY_PER_REQUEST table with a string hash key `pk` and optionally a sort key `sk`
/// of type `sk_type`.
pub fn create_table(db: &Database, name: &str, sk_type: Option<&str>) {
    let mut defs = vec![json!({"AttributeName": "pk", "AttributeType": "S"})];
    let mut schema = vec![json!({"AttributeName": "pk", "KeyType": "HASH"})];
    if let Some(t) = sk_type {
        defs.push(json!({"AttributeName": "sk", "AttributeType": t}));
        schema.push(json!({"AttributeName": "sk", "KeyType": "RANGE"}));
    }
    call(
        db,
        "CreateTable",
        json!({
            "TableName": name,
            "AttributeDefinitions": defs,
            "KeySchema": schema,
            "BillingMode": "PAY_PER_REQUEST"
        }),
    )
    .expect("table created");
}
