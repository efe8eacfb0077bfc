//! PutItem, UpdateItem and DeleteItem report their request-validation errors inside the
//! `1 validation error detected: ` envelope, and DynamoDB's current value layer reports a bad
//! number or a duplicate set member in ExpressionAttributeValues without the
//! `ExpressionAttributeValues contains invalid value` wrapper (recorded against DynamoDB in
//! eu-west-2 and us-east-1, 2026-10; paritysuite/dynamodb-conformance).

mod common;

use common::{call, create_table, validation_message as message, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

const ONE: &str = "1 validation error detected: ";
const INVALID: &str = "One or more parameter values were invalid: ";

/// `base` with the members of `extra` added.
fn with(base: &Value, extra: Value) -> Value {
    let mut body = base.clone();
    for (k, v) in extra.as_object().expect("an object") {
        body[k] = v.clone();
    }
    body
}

#[test]
fn delete_item_request_errors_are_enveloped() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "env", None);
    let base = json!({"TableName": "env", "Key": {"pk": {"S": "k"}}});
    let cases = [
        (
            json!({"ExpressionAttributeValues": {":v": {"S": "x"}}}),
            "ExpressionAttributeValues can only be specified when using expressions".to_string(),
        ),
        (
            json!({"Expected": {"a": {"Exists": false}}, "ExpressionAttributeNames": {"#a": "a"}}),
            "ExpressionAttributeNames can only be specified when using expressions".to_string(),
        ),
        (
            json!({"ConditionExpression": "attribute_exists(a)", "ExpressionAttributeValues": {}}),
            "ExpressionAttributeValues must not be empty".to_string(),
        ),
        (
            json!({"ConditionExpression": ""}),
            "Invalid ConditionExpression: The expression can not be empty;".to_string(),
        ),
        (
            json!({"ReturnValues": "UPDATED_NEW"}),
            "ReturnValues can only be ALL_OLD or NONE".to_string(),
        ),
        (
            json!({"Expected": {"a": {"Exists": false, "Value": {"S": "x"}}}}),
            format!("{INVALID}Value cannot be used when Exists is false for Attribute: a"),
        ),
        (
            json!({"Expected": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "x"}]}}}),
            format!("{INVALID}Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
        ),
    ];
    for (extra, want) in cases {
        let got = message(&db, "DeleteItem", with(&base, extra));
        assert_eq!(got, format!("{ONE}{want}"));
    }
    Ok(())
}

#[test]
fn put_and_update_request_errors_are_enveloped_key_errors_are_not() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "env", None);
    let put = json!({"TableName": "env", "Item": {"pk": {"S": "k"}}});
    assert_eq!(
        message(
            &db,
            "PutItem",
            with(&put, json!({"ExpressionAttributeNames": {"#a": "a"}}))
        ),
        format!("{ONE}ExpressionAttributeNames can only be specified when using expressions")
    );
    assert_eq!(
        message(
            &db,
            "PutItem",
            with(
                &put,
                json!({"ConditionExpression": "((attribute_not_exists(pk)))"})
            )
        ),
        format!("{ONE}Invalid ConditionExpression: The expression has redundant parentheses;")
    );
    let update = json!({"TableName": "env", "Key": {"pk": {"S": "k"}}});
    assert_eq!(
        message(
            &db,
            "UpdateItem",
            with(
                &update,
                json!({
                    "UpdateExpression": "SET b = :w",
                    "ConditionExpression": "a = :v",
                    "ExpressionAttributeValues": {":w": {"S": "x"}}
                })
            )
        ),
        format!("{ONE}Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v")
    );
    // Errors that need the table's key schema stay bare.
    assert_eq!(
        message(
            &db,
            "UpdateItem",
            with(
                &update,
                json!({"UpdateExpression": "SET pk = :v", "ExpressionAttributeValues": {":v": {"S": "x"}}})
            )
        ),
        format!("{INVALID}Cannot update attribute pk. This attribute is part of the key")
    );
    // Other operations keep the older wording.
    assert_eq!(
        message(
            &db,
            "Scan",
            json!({"TableName": "env", "ExpressionAttributeValues": {":v": {"S": "x"}}})
        ),
        "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null"
    );
    Ok(())
}

#[test]
fn bad_numbers_and_duplicates_in_expression_values_by_layer() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "vals", None);
    call(
        &db,
        "PutItem",
        json!({"TableName": "vals", "Item": {"pk": {"S": "k"}}}),
    )?;
    let not_numeric = "The parameter cannot be converted to a numeric value: abc";
    let overflow =
        "Number overflow. Attempting to store a number with magnitude larger than supported range";
    let dupes = format!("{INVALID}Input collection [\"a\", \"b\", \"b\"] contains duplicates.");
    let cases = [
        (json!({"N": "abc"}), not_numeric.to_string()),
        (json!({"N": "1e126"}), overflow.to_string()),
        (json!({"SS": ["b", "a", "b"]}), dupes),
    ];
    for (value, bare) in cases {
        let values = json!({":v": value});
        let delete = json!({
            "TableName": "vals", "Key": {"pk": {"S": "k"}},
            "ConditionExpression": "n = :v", "ExpressionAttributeValues": values
        });
        assert_eq!(message(&db, "DeleteItem", delete), format!("{ONE}{bare}"));
        let update = json!({
            "TableName": "vals", "Key": {"pk": {"S": "k"}},
            "UpdateExpression": "SET n = :v", "ExpressionAttributeValues": values
        });
        assert_eq!(message(&db, "UpdateItem", update), format!("{ONE}{bare}"));
        let query = json!({
            "TableName": "vals", "KeyConditionExpression": "pk = :p", "FilterExpression": "n = :v",
            "ExpressionAttributeValues": {":p": {"S": "k"}, ":v": values[":v"]}
        });
        assert_eq!(message(&db, "Query", query), bare);
    }
    // Scan runs the older layer: the value is named inside the wrapper.
    let scan = json!({
        "TableName": "vals", "FilterExpression": "n = :v",
        "ExpressionAttributeValues": {":v": {"N": "abc"}}
    });
    assert_eq!(
        message(&db, "Scan", scan),
        format!("ExpressionAttributeValues contains invalid value: {not_numeric} for key :v")
    );
    Ok(())
}

#[test]
fn null_false_is_refused() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "nulls", None);
    let null_false = format!("{INVALID}Null attribute value types must have the value of true");
    let put = json!({"TableName": "nulls", "Item": {"pk": {"S": "k"}, "a": {"NULL": false}}});
    assert_eq!(message(&db, "PutItem", put), format!("{ONE}{null_false}"));
    let get = call(
        &db,
        "GetItem",
        json!({"TableName": "nulls", "Key": {"pk": {"S": "k"}}}),
    )?;
    assert!(get.get("Item").is_none(), "nothing was written: {get}");
    let update = json!({
        "TableName": "nulls", "Key": {"pk": {"S": "k"}},
        "UpdateExpression": "SET a = :n", "ExpressionAttributeValues": {":n": {"NULL": false}}
    });
    assert_eq!(
        message(&db, "UpdateItem", update),
        format!("{ONE}{null_false}")
    );
    let scan = json!({
        "TableName": "nulls", "FilterExpression": "a = :n",
        "ExpressionAttributeValues": {":n": {"NULL": false}}
    });
    assert_eq!(
        message(&db, "Scan", scan),
        format!("ExpressionAttributeValues contains invalid value: {null_false} for key :n")
    );
    Ok(())
}

#[test]
fn put_item_words_an_empty_table_name_generically() -> TestResult {
    let db = Database::in_memory()?;
    let body = json!({"TableName": "", "Item": {"pk": {"S": "k"}}, "ReturnValues": "INVALID"});
    assert_eq!(
        message(&db, "PutItem", body),
        "1 validation error detected: Value at 'TableName' failed to satisfy constraint: Member must have length greater than or equal to 1"
    );
    let body = json!({"Item": {"pk": {"S": "k"}}});
    assert_eq!(
        message(&db, "PutItem", body),
        "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null"
    );
    Ok(())
}
