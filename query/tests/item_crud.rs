mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::json;

#[test]
fn put_get_delete_round_trip() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "items", None);
    let item = json!({"pk": {"S": "a"}, "n": {"N": "1.50"}, "tags": {"SS": ["y", "x"]}});
    call(&db, "PutItem", json!({"TableName": "items", "Item": item}))?;
    let got = call(
        &db,
        "GetItem",
        json!({"TableName": "items", "Key": {"pk": {"S": "a"}}}),
    )?;
    assert_eq!(
        got,
        json!({"Item": {"pk": {"S": "a"}, "n": {"N": "1.5"}, "tags": {"SS": ["x", "y"]}}})
    );
    let deleted = call(
        &db,
        "DeleteItem",
        json!({"TableName": "items", "Key": {"pk": {"S": "a"}}, "ReturnValues": "ALL_OLD"}),
    )?;
    assert_eq!(deleted["Attributes"]["pk"], json!({"S": "a"}));
    let missing = call(
        &db,
        "GetItem",
        json!({"TableName": "items", "Key": {"pk": {"S": "a"}}}),
    )?;
    assert_eq!(missing, json!({}), "a missing item has no Item member");
    Ok(())
}

#[test]
fn key_validation_uses_dynamodb_messages() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "keys", Some("N"));
    let put =
        |item: serde_json::Value| fails(&db, "PutItem", json!({"TableName": "keys", "Item": item}));
    assert_eq!(
        put(json!({"pk": {"S": "a"}})).message(),
        "One or more parameter values were invalid: Missing the key sk in the item"
    );
    assert_eq!(
        put(json!({"pk": {"S": "a"}, "sk": {"S": "x"}})).message(),
        "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S"
    );
    assert_eq!(
        put(json!({"pk": {"S": ""}, "sk": {"N": "1"}})).message(),
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"
    );
    let get = fails(
        &db,
        "GetItem",
        json!({"TableName": "keys", "Key": {"pk": {"S": "a"}}}),
    );
    assert_eq!(
        get.message(),
        "The provided key element does not match the schema"
    );
    let extra = fails(
        &db,
        "GetItem",
        json!({"TableName": "keys", "Key": {"pk": {"S": "a"}, "sk": {"N": "1"}, "x": {"S": "y"}}}),
    );
    assert_eq!(
        extra.message(),
        "The provided key element does not match the schema"
    );
    Ok(())
}

#[test]
fn table_name_and_missing_table_errors() -> TestResult {
    let db = Database::in_memory()?;
    let e = fails(&db, "PutItem", json!({"Item": {"pk": {"S": "a"}}}));
    assert_eq!(
        e.message(),
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
    );
    let e = fails(
        &db,
        "PutItem",
        json!({"TableName": "bad table!@#", "Item": {"pk": {"S": "a"}}}),
    );
    assert_eq!(
        e.message(),
        "1 validation error detected: Value 'bad table!@#' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
    );
    let e = fails(&db, "PutItem", json!({"TableName": "", "Item": {}}));
    assert!(e.message().starts_with("1 validation error detected:"));
    let e = fails(
        &db,
        "GetItem",
        json!({"TableName": "nope", "Key": {"pk": {"S": "a"}}}),
    );
    assert_eq!(
        (e.type_name(), e.message()),
        ("ResourceNotFoundException", "Requested resource not found")
    );
    Ok(())
}

#[test]
fn conditions_and_return_values() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "cond", None);
    let put = json!({
        "TableName": "cond",
        "Item": {"pk": {"S": "a"}, "v": {"N": "1"}},
        "ConditionExpression": "attribute_not_exists(pk)"
    });
    call(&db, "PutItem", put.clone())?;
    let e = fails(&db, "PutItem", put);
    assert_eq!(e.type_name(), "ConditionalCheckFailedException");
    let e = fails(
        &db,
        "PutItem",
        json!({
            "TableName": "cond",
            "Item": {"pk": {"S": "a"}},
            "ConditionExpression": "v = :two",
            "ExpressionAttributeValues": {":two": {"N": "2"}},
            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"
        }),
    );
    match e {
        dynakv::Error::ConditionalCheckFailed { item: Some(old) } => {
            assert_eq!(old.len(), 2)
        }
        other => panic!("unexpected {other:?}"),
    }
    let e = fails(
        &db,
        "PutItem",
        json!({"TableName": "cond", "Item": {"pk": {"S": "a"}}, "ReturnValues": "ALL_NEW"}),
    );
    assert_eq!(
        e.message(),
        "1 validation error detected: ReturnValues can only be ALL_OLD or NONE"
    );
    let e = fails(
        &db,
        "PutItem",
        json!({
            "TableName": "cond", "Item": {"pk": {"S": "a"}},
            "Expected": {"pk": {"Exists": false}},
            "ConditionExpression": "attribute_not_exists(pk)"
        }),
    );
    assert_eq!(
        e.message(),
        "1 validation error detected: Can not use both expression and non-expression parameters in the same request: Non-expression parameters: {Expected} Expression parameters: {ConditionExpression}"
    );
    let e = fails(
        &db,
        "PutItem",
        json!({"TableName": "cond", "Item": {"pk": {"S": "a"}}, "ExpressionAttributeValues": {":v": {"S": "x"}}}),
    );
    assert_eq!(
        e.message(),
        "1 validation error detected: ExpressionAttributeValues can only be specified when using expressions"
    );
    Ok(())
}

#[test]
fn legacy_expected_guards_writes() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "legacy", None);
    let put = json!({
        "TableName": "legacy",
        "Item": {"pk": {"S": "a"}, "v": {"N": "1"}},
        "Expected": {"pk": {"Exists": false}}
    });
    call(&db, "PutItem", put.clone())?;
    assert_eq!(
        fails(&db, "PutItem", put).type_name(),
        "ConditionalCheckFailedException"
    );
    call(
        &db,
        "DeleteItem",
        json!({"TableName": "legacy", "Key": {"pk": {"S": "a"}}, "Expected": {"v": {"Value": {"N": "1"}}}}),
    )?;
    Ok(())
}

#[test]
fn update_item_modes() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "upd", None);
    let update = |expr: &str, values: serde_json::Value, rv: &str| {
        call(
            &db,
            "UpdateItem",
            json!({
                "TableName": "upd",
                "Key": {"pk": {"S": "a"}},
                "UpdateExpression": expr,
                "ExpressionAttributeValues": values,
                "ReturnValues": rv
            }),
        )
    };
    let r = update(
        "SET a = :a, b = :b",
        json!({":a": {"N": "1"}, ":b": {"S": "x"}}),
        "ALL_NEW",
    )?;
    assert_eq!(
        r["Attributes"],
        json!({"pk": {"S": "a"}, "a": {"N": "1"}, "b": {"S": "x"}})
    );
    let r = update("ADD a :one", json!({":one": {"N": "1"}}), "UPDATED_OLD")?;
    assert_eq!(r["Attributes"], json!({"a": {"N": "1"}}));
    let r = update("ADD a :one", json!({":one": {"N": "1"}}), "UPDATED_NEW")?;
    assert_eq!(r["Attributes"], json!({"a": {"N": "3"}}));
    let r = update("SET c = :c", json!({":c": {"BOOL": true}}), "NONE")?;
    assert!(r.get("Attributes").is_none());
    let e = fails(
        &db,
        "UpdateItem",
        json!({
            "TableName": "upd", "Key": {"pk": {"S": "a"}},
            "UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "z"}}
        }),
    );
    assert_eq!(
        e.message(),
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    );
    // Legacy AttributeUpdates.
    call(
        &db,
        "UpdateItem",
        json!({
            "TableName": "upd", "Key": {"pk": {"S": "b"}},
            "AttributeUpdates": {"n": {"Action": "ADD", "Value": {"N": "5"}}}
        }),
    )?;
    let got = call(
        &db,
        "GetItem",
        json!({"TableName": "upd", "Key": {"pk": {"S": "b"}}, "ConsistentRead": true}),
    )?;
    assert_eq!(got["Item"]["n"], json!({"N": "5"}));
    Ok(())
}

#[test]
fn projection_and_consumed_capacity() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "proj", None);
    let big = "x".repeat(5000);
    call(
        &db,
        "PutItem",
        json!({"TableName": "proj", "Item": {"pk": {"S": "a"}, "big": {"S": big}, "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}}}),
    )?;
    let got = call(
        &db,
        "GetItem",
        json!({
            "TableName": "proj", "Key": {"pk": {"S": "a"}},
            "ProjectionExpression": "m.x", "ReturnConsumedCapacity": "TOTAL", "ConsistentRead": true
        }),
    )?;
    assert_eq!(got["Item"], json!({"m": {"M": {"x": {"N": "1"}}}}));
    assert_eq!(
        got["ConsumedCapacity"],
        json!({"TableName": "proj", "CapacityUnits": 2.0})
    );
    let got = call(
        &db,
        "GetItem",
        json!({"TableName": "proj", "Key": {"pk": {"S": "zz"}}, "ReturnConsumedCapacity": "INDEXES"}),
    )?;
    assert_eq!(
        got["ConsumedCapacity"],
        json!({"TableName": "proj", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.5}})
    );
    let put = call(
        &db,
        "PutItem",
        json!({"TableName": "proj", "Item": {"pk": {"S": "a"}}, "ReturnConsumedCapacity": "TOTAL"}),
    )?;
    assert_eq!(
        put["ConsumedCapacity"]["CapacityUnits"],
        json!(5.0),
        "charges the larger old item"
    );
    Ok(())
}

#[test]
fn oversized_items_are_refused() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "big", None);
    let e = fails(
        &db,
        "PutItem",
        json!({"TableName": "big", "Item": {"pk": {"S": "a"}, "v": {"S": "x".repeat(400 * 1024)}}}),
    );
    assert_eq!(
        e.message(),
        "Item size has exceeded the maximum allowed size"
    );
    Ok(())
}

#[test]
fn invalid_expression_attribute_values_name_their_key() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "eav", None);
    let e = fails(
        &db,
        "UpdateItem",
        json!({
            "TableName": "eav",
            "Key": {"pk": {"S": "a"}},
            "UpdateExpression": "SET a = :v",
            "ExpressionAttributeValues": {":v": {"SS": []}}
        }),
    );
    assert_eq!(e.type_name(), "ValidationException");
    assert_eq!(
        e.message(),
        "ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: An string set  may not be empty for key :v"
    );
    let e = fails(
        &db,
        "PutItem",
        json!({
            "TableName": "eav",
            "Item": {"pk": {"S": "a"}},
            "ConditionExpression": "a = :w",
            "ExpressionAttributeValues": {":w": {}}
        }),
    );
    assert_eq!(
        e.message(),
        "ExpressionAttributeValues contains invalid value: Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :w"
    );
    Ok(())
}

#[test]
fn an_oversized_item_is_refused_before_the_table_is_looked_up() -> TestResult {
    let db = Database::in_memory()?;
    let big = json!({"pk": {"S": "a"}, "v": {"S": "x".repeat(400 * 1024)}});
    // Measured before the legacy condition is validated, too.
    let e = fails(
        &db,
        "PutItem",
        json!({"TableName": "missing", "Item": big, "Expected": {"a": {}}}),
    );
    assert_eq!(
        e.message(),
        "Item size has exceeded the maximum allowed size"
    );
    let e = fails(
        &db,
        "BatchWriteItem",
        json!({"RequestItems": {"missing": [{"PutRequest": {"Item": big}}]}}),
    );
    assert_eq!(
        e.message(),
        "Item size has exceeded the maximum allowed size"
    );
    Ok(())
}

#[test]
fn attribute_updates_of_the_wrong_type_are_a_legacy_type_mismatch() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "legacy", None);
    let key = json!({"pk": {"S": "a"}});
    call(
        &db,
        "PutItem",
        json!({"TableName": "legacy", "Item": {"pk": {"S": "a"}, "b": {"SS": ["1"]}, "c": {"N": "1"}, "d": {"NS": ["1"]}}}),
    )?;
    let updates = [
        json!({"b": {"Action": "DELETE", "Value": {"NS": ["1"]}}}),
        json!({"c": {"Action": "DELETE", "Value": {"NS": ["1"]}}}),
        json!({"b": {"Action": "ADD", "Value": {"NS": ["1"]}}}),
        json!({"d": {"Action": "ADD", "Value": {"N": "1"}}}),
    ];
    for update in updates {
        let e = fails(
            &db,
            "UpdateItem",
            json!({"TableName": "legacy", "Key": key, "AttributeUpdates": update}),
        );
        assert_eq!(
            e.message(),
            "Type mismatch for attribute to update",
            "{update}"
        );
    }
    // The same mismatch through an UpdateExpression keeps the expression wording.
    let e = fails(
        &db,
        "UpdateItem",
        json!({
            "TableName": "legacy", "Key": key, "UpdateExpression": "ADD d :n",
            "ExpressionAttributeValues": {":n": {"N": "1"}}
        }),
    );
    assert_eq!(
        e.message(),
        "An operand in the update expression has an incorrect data type"
    );
    Ok(())
}
