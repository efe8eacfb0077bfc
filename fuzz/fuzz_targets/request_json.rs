#![no_main]
//! Any bytes as the JSON body of any operation (the first byte picks it), against a database
//! holding a table with a sort key, a local and a global index and a few items: an answer or a
//! DynamoDB error, never a panic, and never an InternalServerError (that is for I/O faults).

use std::sync::OnceLock;

use dynakv::{Database, Error};

/// Every operation the library serves except DeleteTable, which would remove the fixture.
const OPERATIONS: &[&str] = &[
    "PutItem",
    "GetItem",
    "UpdateItem",
    "DeleteItem",
    "Query",
    "Scan",
    "BatchGetItem",
    "BatchWriteItem",
    "TransactWriteItems",
    "TransactGetItems",
    "CreateTable",
    "DescribeTable",
    "ListTables",
    "UpdateTable",
    "TagResource",
    "UntagResource",
    "ListTagsOfResource",
    "UpdateTimeToLive",
    "DescribeTimeToLive",
    "DescribeEndpoints",
    "DescribeLimits",
];

fn fixture() -> &'static Database {
    static DB: OnceLock<Database> = OnceLock::new();
    DB.get_or_init(|| {
        let db = Database::in_memory().expect("in-memory database");
        let create = br#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
            "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"},
                {"AttributeName":"l","AttributeType":"B"}],
            "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
            "LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
                {"AttributeName":"l","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],
            "GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
                "Projection":{"ProjectionType":"INCLUDE","NonKeyAttributes":["a"]}}]}"#;
        db.handle_json("CreateTable", create).expect("fixture table");
        for i in 0..8 {
            let put = format!(
                r#"{{"TableName":"tbl","Item":{{"pk":{{"S":"p{}"}},"sk":{{"N":"{i}"}},"g":{{"S":"g{}"}},
                "l":{{"B":"AQI="}},"a":{{"L":[{{"N":"1"}},{{"M":{{"x":{{"SS":["a","b"]}}}}}}]}}}}}}"#,
                i % 3,
                i % 2
            );
            db.handle_json("PutItem", put.as_bytes()).expect("fixture item");
        }
        db
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let operation = OPERATIONS[selector as usize % OPERATIONS.len()];
    if let Err(Error::Internal(message)) = fixture().handle_json(operation, body) {
        panic!("{operation}: internal error on client input: {message}");
    }
});
