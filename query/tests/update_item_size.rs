//! UpdateItem's 400 KB gate measures what the statement writes plus a cost per action, so at a
//! short key it refuses finished items that PutItem accepts (figures measured against DynamoDB
//! by the dynamodb-conformance suite, tests/tier3/limits/itemSizeBySurface).

mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

const MAX: usize = 400 * 1024;
const UPDATE_WORDING: &str = "Item size to update has exceeded the maximum allowed size";

/// `SET b = :pad` on key `pk` = `key`, sized so the finished item is `total` bytes.
fn set_b(key: &str, total: usize) -> Value {
    let pad = total - (2 + key.len()) - 1;
    json!({
        "TableName": "sized",
        "Key": {"pk": {"S": key}},
        "UpdateExpression": "SET b = :pad",
        "ExpressionAttributeValues": {":pad": {"S": "x".repeat(pad)}}
    })
}

#[test]
fn update_item_does_not_charge_for_the_key() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "sized", None);
    // 3 bytes of key against a 22-byte single SET: the ceiling is 19 bytes under 400 KB.
    call(&db, "UpdateItem", set_b("K", MAX - 19))?;
    let e = fails(&db, "UpdateItem", set_b("L", MAX - 18));
    assert_eq!(e.type_name(), "ValidationException");
    assert_eq!(e.message(), UPDATE_WORDING);
    // PutItem measures the same finished item flat and stores it.
    let mut item = set_b("L", MAX - 18);
    let pad = item["ExpressionAttributeValues"][":pad"].take();
    call(
        &db,
        "PutItem",
        json!({"TableName": "sized", "Item": {"pk": {"S": "L"}, "b": pad}}),
    )?;
    Ok(())
}

#[test]
fn update_item_caps_at_400_kb_with_a_long_key() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "sized", None);
    let long = "k".repeat(100);
    call(&db, "UpdateItem", set_b(&long, MAX))?;
    let other = "j".repeat(100);
    let e = fails(&db, "UpdateItem", set_b(&other, MAX + 1));
    assert_eq!(e.message(), UPDATE_WORDING);
    Ok(())
}

#[test]
fn update_item_charges_each_clause() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "sized", None);
    // A second SET costs 19 bytes whatever it writes: `c` = "y" (2 bytes) rides in the item.
    let with_c = |key: &str, total: usize| {
        let mut req = set_b(key, total - 2);
        req["UpdateExpression"] = json!("SET b = :pad, c = :c");
        req["ExpressionAttributeValues"][":c"] = json!({"S": "y"});
        req
    };
    call(&db, "UpdateItem", with_c("A", MAX - 38))?;
    assert_eq!(
        fails(&db, "UpdateItem", with_c("B", MAX - 37)).message(),
        UPDATE_WORDING
    );
    Ok(())
}
