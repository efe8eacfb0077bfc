//! Scan's parameter-validation messages, as real DynamoDB words them (captured by the public
//! dynamodb-conformance suite's tier3 error-message tests).

mod common;

use common::{create_table, fails};
use dynakv::Database;
use serde_json::json;

fn table() -> Database {
    let db = Database::in_memory().unwrap();
    create_table(&db, "tbl", None);
    db
}

#[test]
fn segment_not_below_total_segments() {
    let e = fails(
        &table(),
        "Scan",
        json!({"TableName": "tbl", "Segment": 5, "TotalSegments": 5}),
    );
    assert_eq!(e.type_name(), "ValidationException");
    assert_eq!(
        e.message(),
        "The Segment parameter is zero-based and must be less than parameter TotalSegments: \
         Segment: 5 is not less than TotalSegments: 5"
    );
}

#[test]
fn limit_zero_echoes_the_value() {
    let e = fails(&table(), "Scan", json!({"TableName": "tbl", "Limit": 0}));
    assert_eq!(
        e.message(),
        "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: \
         Member must have value greater than or equal to 1"
    );
}
