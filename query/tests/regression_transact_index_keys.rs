//! TransactWriteItems Update actions that set a secondary index key to an empty value are refused
//! up front with DynamoDB's update wording, while a wrongly typed index key value still cancels
//! the transaction with a ValidationError reason (real DynamoDB, recorded by the public
//! dynamodb-conformance suite). UpdateItem refuses an empty index key in the same words.

mod common;

use common::{call, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

fn table_with_index(db: &Database, key_type: &str) -> TestResult {
    call(
        db,
        "CreateTable",
        json!({
            "TableName": "tbl",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": key_type}
            ],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [{
                "IndexName": "byg",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}
            }]
        }),
    )?;
    Ok(())
}

fn set_g(value: Value, condition: Option<&str>) -> Value {
    let mut update = json!({
        "TableName": "tbl",
        "Key": {"pk": {"S": "a"}},
        "UpdateExpression": "SET g = :v",
        "ExpressionAttributeValues": {":v": value}
    });
    if let Some(c) = condition {
        update["ConditionExpression"] = json!(c);
    }
    json!({"TransactItems": [{"Update": update}]})
}

fn update_wording(kind: &str) -> String {
    format!(
        "One or more parameter values are not valid. The update expression attempted to update a \
         secondary index key to a value that is not supported. The AttributeValue for a key \
         attribute cannot contain an empty {kind} value."
    )
}

#[test]
fn empty_string_index_key_is_a_top_level_validation_error() -> TestResult {
    let db = Database::in_memory()?;
    table_with_index(&db, "S")?;
    // Refused before the condition is read: the failing condition does not cancel first.
    let e = fails(
        &db,
        "TransactWriteItems",
        set_g(json!({"S": ""}), Some("attribute_exists(pk)")),
    );
    assert_eq!(e.type_name(), "ValidationException");
    assert_eq!(e.message(), update_wording("string"));
    Ok(())
}

#[test]
fn empty_binary_index_key_is_a_top_level_validation_error() -> TestResult {
    let db = Database::in_memory()?;
    table_with_index(&db, "B")?;
    let e = fails(&db, "TransactWriteItems", set_g(json!({"B": ""}), None));
    assert_eq!(e.type_name(), "ValidationException");
    assert_eq!(e.message(), update_wording("binary"));
    Ok(())
}

#[test]
fn wrongly_typed_index_key_cancels_with_a_reason() -> TestResult {
    let db = Database::in_memory()?;
    table_with_index(&db, "S")?;
    let e = fails(&db, "TransactWriteItems", set_g(json!({"N": "5"}), None));
    assert_eq!(e.type_name(), "TransactionCanceledException");
    let reasons = e.body_members()["CancellationReasons"].clone();
    assert_eq!(reasons[0]["Code"], "ValidationError");
    assert_eq!(
        reasons[0]["Message"],
        "One or more parameter values were invalid: Type mismatch for Index Key g Expected: S \
         Actual: N IndexName: byg"
    );
    Ok(())
}

#[test]
fn update_item_refuses_an_empty_index_key_in_the_same_wording() -> TestResult {
    let db = Database::in_memory()?;
    table_with_index(&db, "S")?;
    let request = set_g(json!({"S": ""}), Some("attribute_exists(pk)"));
    let e = fails(
        &db,
        "UpdateItem",
        request["TransactItems"][0]["Update"].clone(),
    );
    assert_eq!(e.type_name(), "ValidationException");
    assert_eq!(e.message(), update_wording("string"));
    Ok(())
}
