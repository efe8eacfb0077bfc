//! Which error wins, and how errors are joined, when a request breaks several rules (recorded
//! against DynamoDB in eu-west-2 and us-east-1, 2026-10; paritysuite/dynamodb-conformance
//! tier3/validation-ordering).

mod common;

use common::{call, create_table, validation_message as message, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

const RCC: &str = "Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]";
const NO_KEY: &str = "Value null at 'key' failed to satisfy constraint: Member must not be null";
const EMPTY_NAME: &str = "Value '' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 1";

#[test]
fn update_item_without_key_joins_every_member_error() -> TestResult {
    let db = Database::in_memory()?;
    let update =
        json!({"UpdateExpression": "SET a = :a", "ExpressionAttributeValues": {":a": {"S": "x"}}});
    let mut body = update.clone();
    body["TableName"] = json!("");
    assert_eq!(
        message(&db, "UpdateItem", body.clone()),
        format!("2 validation errors detected: {EMPTY_NAME}; {NO_KEY}")
    );
    body["ReturnConsumedCapacity"] = json!("BOGUS");
    body["ReturnValues"] = json!("INVALID");
    assert_eq!(
        message(&db, "UpdateItem", body),
        format!(
            "4 validation errors detected: {RCC}; {EMPTY_NAME}; Value 'INVALID' at 'returnValues' failed to satisfy constraint: Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; {NO_KEY}"
        )
    );
    let legacy = json!({
        "TableName": "absent_table",
        "AttributeUpdates": {"x": {"Action": "PUT", "Value": {"S": "1"}}},
        "Expected": {"a": {"Exists": false}, "b": {"Exists": false}},
        "ConditionalOperator": "XOR"
    });
    assert_eq!(
        message(&db, "UpdateItem", legacy),
        format!("2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum value set: [OR, AND]; {NO_KEY}")
    );
    // With a Key, only the first error is reported.
    let with_key = json!({"TableName": "", "Key": {"pk": {"S": "k"}}, "ReturnValues": "INVALID"});
    assert_eq!(
        message(&db, "UpdateItem", with_key),
        format!("1 validation error detected: {EMPTY_NAME}")
    );
    Ok(())
}

#[test]
fn query_reports_an_unknown_conditional_operator_first_and_alone() -> TestResult {
    let db = Database::in_memory()?;
    let body = json!({
        "TableName": "absent_table",
        "KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "a"}]}},
        "QueryFilter": {"b": {"ComparisonOperator": "NULL"}, "c": {"ComparisonOperator": "NULL"}},
        "ConditionalOperator": "XOR",
        "Select": "BOGUS"
    });
    assert_eq!(
        message(&db, "Query", body),
        "Failed to satisfy constraint: Member must satisfy enum value set: [ALL, OR]"
    );
    Ok(())
}

#[test]
fn batch_writes_report_an_unknown_enum_over_a_malformed_table_name() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "batch", None);
    let put = json!([{"PutRequest": {"Item": {"pk": {"S": "k"}}}}]);
    let body = json!({"RequestItems": {"bad!name": put}, "ReturnConsumedCapacity": "BOGUS"});
    assert_eq!(
        message(&db, "BatchWriteItem", body),
        format!("1 validation error detected: {RCC}")
    );
    let body = json!({"RequestItems": {"batch": put}, "ReturnConsumedCapacity": "BOGUS"});
    assert_eq!(
        message(&db, "BatchWriteItem", body),
        format!("1 validation error detected: {RCC}")
    );
    let get = call(
        &db,
        "GetItem",
        json!({"TableName": "batch", "Key": {"pk": {"S": "k"}}}),
    )?;
    assert!(get.get("Item").is_none(), "nothing was written: {get}");
    Ok(())
}

#[test]
fn batch_get_reports_a_malformed_table_name_on_the_request_items_map() -> TestResult {
    let db = Database::in_memory()?;
    let body = json!({
        "RequestItems": {"bad!name": {"Keys": [{"pk": {"S": "a"}}]}},
        "ReturnConsumedCapacity": "BOGUS"
    });
    assert_eq!(
        message(&db, "BatchGetItem", body),
        format!(
            "2 validation errors detected: Value '{{\"bad!name\":{{\"Keys\":[{{\"pk\":{{\"S\":\"a\"}}}}]}}}}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]; {RCC}"
        )
    );
    Ok(())
}

#[test]
fn transactions_read_every_expression_before_any_table() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "txn", None);
    let missing = json!({"Put": {"TableName": "absent_table", "Item": {"pk": {"S": "a"}}}});
    let malformed = json!({"ConditionCheck": {
        "TableName": "txn", "Key": {"pk": {"S": "c"}}, "ConditionExpression": "attribute_not_exists("
    }});
    assert_eq!(
        message(
            &db,
            "TransactWriteItems",
            json!({"TransactItems": [missing, malformed]})
        ),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\""
    );
    let unused = json!({"ConditionCheck": {
        "TableName": "txn", "Key": {"pk": {"S": "c"}},
        "ConditionExpression": "attribute_not_exists(pk)",
        "ExpressionAttributeValues": {":v": {"S": "x"}}
    }});
    assert_eq!(
        message(
            &db,
            "TransactWriteItems",
            json!({"TransactItems": [missing, unused]})
        ),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}"
    );
    Ok(())
}

#[test]
fn transaction_token_length_comes_before_the_enums() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "txn", None);
    let token = "x".repeat(37);
    let body = json!({
        "TransactItems": [{"Put": {"TableName": "txn", "Item": {"pk": {"S": "a"}}}}],
        "ClientRequestToken": token,
        "ReturnConsumedCapacity": "BOGUS"
    });
    assert_eq!(
        message(&db, "TransactWriteItems", body),
        format!("2 validation errors detected: Value '{token}' at 'clientRequestToken' failed to satisfy constraint: Member must have length less than or equal to 36; {RCC}")
    );
    Ok(())
}

#[test]
fn batch_write_key_and_table_name_messages() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "batch", None);
    let put = |item: Value| json!({"RequestItems": {"batch": [{"PutRequest": {"Item": item}}]}});
    assert_eq!(
        message(&db, "BatchWriteItem", put(json!({"other": {"S": "x"}}))),
        "The provided key element does not match the schema"
    );
    let bad_name =
        json!({"RequestItems": {"bad!name": [{"PutRequest": {"Item": {"pk": {"S": "x"}}}}]}});
    assert_eq!(
        message(&db, "BatchWriteItem", bad_name),
        "1 validation error detected: Value '{bad!name=[WriteRequest(putRequest=PutRequest(item={pk=AttributeValue(s=x, n=null, b=null, iNT=null, dECIMAL=null, dOUBLE=null, sS=null, nS=null, bS=null, iNTSET=null, dECIMALSET=null, dOUBLESET=null, m=null, l=null, nULL=null, bOOL=null)}, workloadProfileName=null), deleteRequest=null)]}' at 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 3, Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]"
    );
    Ok(())
}

#[test]
fn create_table_reports_global_index_errors_before_local_ones() -> TestResult {
    let db = Database::in_memory()?;
    let short = |name: &str, member: &str| {
        format!("Value '{name}' at '{member}.1.member.indexName' failed to satisfy constraint: Member must have length greater than or equal to 3")
    };
    let body = json!({
        "TableName": "index_names",
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"}
        ],
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"}
        ],
        "LocalSecondaryIndexes": [{
            "IndexName": "aa",
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "lr", "KeyType": "RANGE"}
            ],
            "Projection": {"ProjectionType": "ALL"}
        }],
        "GlobalSecondaryIndexes": [{
            "IndexName": "zz",
            "KeySchema": [{"AttributeName": "gh", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}
        }]
    });
    assert_eq!(
        message(&db, "CreateTable", body),
        format!(
            "2 validation errors detected: {}; {}",
            short("zz", "globalSecondaryIndexes"),
            short("aa", "localSecondaryIndexes")
        )
    );
    Ok(())
}

#[test]
fn conditional_operator_needs_two_legacy_conditions() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "condop", None);
    let cond = json!({"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]});
    let without = "ConditionalOperator cannot be used without Filter or Expected";
    let one =
        "ConditionalOperator can only be used when Filter or Expected has two or more elements";
    assert_eq!(
        message(
            &db,
            "Scan",
            json!({"TableName": "condop", "ConditionalOperator": "AND"})
        ),
        without
    );
    assert_eq!(
        message(
            &db,
            "Query",
            json!({"TableName": "condop", "ConditionalOperator": "OR"})
        ),
        without
    );
    let scan =
        json!({"TableName": "condop", "ConditionalOperator": "AND", "ScanFilter": {"a": cond}});
    assert_eq!(message(&db, "Scan", scan), one);
    let put = json!({
        "TableName": "condop", "Item": {"pk": {"S": "k"}},
        "ConditionalOperator": "AND", "Expected": {"a": cond}
    });
    assert_eq!(
        message(&db, "PutItem", put),
        format!("1 validation error detected: {one}")
    );
    let two = json!({
        "TableName": "condop", "ConditionalOperator": "OR",
        "ScanFilter": {"a": cond, "b": cond}
    });
    call(&db, "Scan", two)?;
    Ok(())
}
