//! Query's key condition and ExclusiveStartKey bounds, with DynamoDB's messages: at most two key
//! conditions, and a start key inside the range the key condition selects.

mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

fn seeded() -> Result<Database, Box<dyn std::error::Error>> {
    let db = Database::in_memory()?;
    create_table(&db, "events", Some("N"));
    for pk in ["a", "b"] {
        for sk in 1..=5 {
            let item = json!({"pk": {"S": pk}, "sk": {"N": sk.to_string()}, "x": {"S": "y"}});
            call(&db, "PutItem", json!({"TableName": "events", "Item": item}))?;
        }
    }
    Ok(db)
}

fn query(condition: &str, values: Value, start: Option<Value>) -> Value {
    let mut req = json!({
        "TableName": "events",
        "KeyConditionExpression": condition,
        "ExpressionAttributeValues": values
    });
    if let Some(start) = start {
        req["ExclusiveStartKey"] = start;
    }
    req
}

const OUTSIDE: &str =
    "The provided starting key is outside query boundaries based on provided conditions";

#[test]
fn more_than_two_key_conditions_are_refused() -> TestResult {
    let db = seeded()?;
    let req = query(
        "pk = :p AND sk = :s AND x = :x",
        json!({":p": {"S": "a"}, ":s": {"N": "1"}, ":x": {"S": "y"}}),
        None,
    );
    let e = fails(&db, "Query", req);
    // Recorded in eu-west-2, 2026-10 (paritysuite); older emulators say "Conditions can be of
    // length 1 or 2 only", which DynamoDB keeps for legacy KeyConditions.
    assert_eq!(
        e.message(),
        "The number of query conditions (3) exceeds the number of key attributes defined in the schema (2)"
    );
    Ok(())
}

#[test]
fn start_key_of_another_partition_is_outside_the_query() -> TestResult {
    let db = seeded()?;
    let req = query(
        "pk = :p",
        json!({":p": {"S": "a"}}),
        Some(json!({"pk": {"S": "b"}, "sk": {"N": "1"}})),
    );
    assert_eq!(fails(&db, "Query", req).message(), OUTSIDE);
    Ok(())
}

#[test]
fn start_key_outside_the_sort_key_range_is_outside_the_query() -> TestResult {
    let db = seeded()?;
    let req = query(
        "pk = :p AND sk > :s",
        json!({":p": {"S": "a"}, ":s": {"N": "3"}}),
        Some(json!({"pk": {"S": "a"}, "sk": {"N": "2"}})),
    );
    assert_eq!(fails(&db, "Query", req).message(), OUTSIDE);
    Ok(())
}

#[test]
fn start_key_inside_the_range_resumes_after_it() -> TestResult {
    let db = seeded()?;
    // 2.0 is the same number as the stored 2: the bound compares numbers, not their text.
    let req = query(
        "pk = :p AND sk >= :s",
        json!({":p": {"S": "a"}, ":s": {"N": "2.0"}}),
        Some(json!({"pk": {"S": "a"}, "sk": {"N": "2"}})),
    );
    let page = call(&db, "Query", req)?;
    assert_eq!(page["Count"], 3);
    assert_eq!(page["Items"][0]["sk"]["N"], "3");
    Ok(())
}

#[test]
fn a_schema_mismatch_is_reported_before_the_bounds() -> TestResult {
    let db = seeded()?;
    let req = query(
        "pk = :p",
        json!({":p": {"S": "a"}}),
        Some(json!({"pk": {"S": "b"}})),
    );
    assert_eq!(
        fails(&db, "Query", req).message(),
        "The provided starting key is invalid: The provided key element does not match the schema"
    );
    Ok(())
}
