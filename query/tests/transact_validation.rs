//! Request validation of the transaction calls: every action's required members are checked
//! with the request, named by their full path, before any table is looked up; an Update whose
//! result outgrows 400 KB cancels the transaction.

mod common;

use common::{create_table, fails, TestResult};
use dynakv::Database;
use serde_json::json;

#[test]
fn missing_members_are_named_by_their_path_before_tables_are_looked_up() -> TestResult {
    let db = Database::in_memory()?;
    let e = fails(
        &db,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Put": {"TableName": "absent", "Item": {"pk": {"S": "a"}}}},
            {"ConditionCheck": {}}
        ]}),
    );
    assert_eq!(
        e.message(),
        "3 validation errors detected: \
         Value null at 'transactItems.2.member.conditionCheck.key' failed to satisfy constraint: \
         Member must not be null; \
         Value null at 'transactItems.2.member.conditionCheck.tableName' failed to satisfy \
         constraint: Member must not be null; \
         Value null at 'transactItems.2.member.conditionCheck.conditionExpression' failed to \
         satisfy constraint: Member must not be null"
    );
    let e = fails(
        &db,
        "TransactGetItems",
        json!({"TransactItems": [{"Get": {"TableName": "x!", "Key": {}}}]}),
    );
    assert_eq!(
        e.message(),
        "1 validation error detected: Value 'x!' at 'transactItems.1.member.get.tableName' \
         failed to satisfy constraint: Member must satisfy regular expression pattern: \
         [a-zA-Z0-9_.-]+"
    );
    Ok(())
}

#[test]
fn update_beyond_the_item_size_limit_cancels() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "tbl", None);
    let big = "a".repeat(400 * 1024);
    let e = fails(
        &db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Update": {
            "TableName": "tbl",
            "Key": {"pk": {"S": "k"}},
            "UpdateExpression": "SET b = :b",
            "ExpressionAttributeValues": {":b": {"S": big}}
        }}]}),
    );
    assert_eq!(e.type_name(), "TransactionCanceledException");
    let reasons = e.body_members()["CancellationReasons"].clone();
    assert_eq!(
        reasons,
        json!([{"Code": "ValidationError",
                "Message": "Item size to update has exceeded the maximum allowed size"}])
    );
    Ok(())
}
