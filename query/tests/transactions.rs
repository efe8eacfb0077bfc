mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::{Database, Error};
use serde_json::json;

fn reasons(e: &Error) -> Vec<String> {
    match e {
        Error::TransactionCanceled { reasons, .. } => {
            reasons.iter().map(|r| r.code.clone()).collect()
        }
        other => panic!("expected a cancellation, got {other:?}"),
    }
}

#[test]
fn all_or_nothing_with_positional_reasons() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "txa", None);
    create_table(&db, "txb", Some("N"));
    call(
        &db,
        "PutItem",
        json!({"TableName": "txa", "Item": {"pk": {"S": "taken"}, "n": {"N": "1"}}}),
    )?;
    let e = fails(
        &db,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Put": {"TableName": "txa", "Item": {"pk": {"S": "fresh"}}, "ConditionExpression": "attribute_not_exists(pk)"}},
            {"Put": {"TableName": "txa", "Item": {"pk": {"S": "taken"}}, "ConditionExpression": "attribute_not_exists(pk)",
                     "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}
        ]}),
    );
    assert_eq!(e.message(), "Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
    assert_eq!(reasons(&e), vec!["None", "ConditionalCheckFailed"]);
    if let Error::TransactionCanceled { reasons, .. } = &e {
        assert_eq!(reasons[1].item.as_ref().map(|i| i.len()), Some(2));
    }
    let fresh = call(
        &db,
        "GetItem",
        json!({"TableName": "txa", "Key": {"pk": {"S": "fresh"}}}),
    )?;
    assert_eq!(
        fresh,
        json!({}),
        "nothing of a cancelled transaction is written"
    );

    let r = call(
        &db,
        "TransactWriteItems",
        json!({
            "TransactItems": [
                {"ConditionCheck": {"TableName": "txa", "Key": {"pk": {"S": "taken"}}, "ConditionExpression": "n = :one",
                                    "ExpressionAttributeValues": {":one": {"N": "1"}}}},
                {"Put": {"TableName": "txb", "Item": {"pk": {"S": "p"}, "sk": {"N": "1"}}}},
                {"Update": {"TableName": "txa", "Key": {"pk": {"S": "counter"}}, "UpdateExpression": "ADD c :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}}}},
                {"Delete": {"TableName": "txa", "Key": {"pk": {"S": "nothing"}}}}
            ],
            "ReturnConsumedCapacity": "TOTAL"
        }),
    )?;
    let caps = r["ConsumedCapacity"].as_array().unwrap();
    let txa = caps.iter().find(|c| c["TableName"] == "txa").unwrap();
    assert_eq!(txa["CapacityUnits"], json!(6.0));
    assert_eq!(txa["WriteCapacityUnits"], json!(6.0));
    let got = call(
        &db,
        "TransactGetItems",
        json!({"TransactItems": [
        {"Get": {"TableName": "txa", "Key": {"pk": {"S": "counter"}}}},
        {"Get": {"TableName": "txb", "Key": {"pk": {"S": "p"}, "sk": {"N": "1"}}, "ProjectionExpression": "sk"}},
        {"Get": {"TableName": "txa", "Key": {"pk": {"S": "missing"}}}}
    ], "ReturnConsumedCapacity": "TOTAL"}),
    )?;
    assert_eq!(
        got["Responses"],
        json!([
            {"Item": {"pk": {"S": "counter"}, "c": {"N": "1"}}},
            {"Item": {"sk": {"N": "1"}}},
            {}
        ])
    );
    let txa = got["ConsumedCapacity"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["TableName"] == "txa")
        .unwrap()
        .clone();
    assert_eq!(txa["ReadCapacityUnits"], json!(4.0));
    Ok(())
}

#[test]
fn validation_faults_cancel_and_malformed_input_is_refused() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "txv", None);
    let e = fails(
        &db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "txv", "Item": {"pk": {"N": "5"}}}}]}),
    );
    assert_eq!(reasons(&e), vec!["ValidationError"]);
    if let Error::TransactionCanceled { reasons, .. } = &e {
        assert_eq!(
            reasons[0].message.as_deref(),
            Some("One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N")
        );
    }
    let e = fails(
        &db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "txv", "Item": {"pk": {"S": ""}}}}]}),
    );
    assert_eq!(e.message(), "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk");
    let e = fails(&db, "TransactWriteItems", json!({"TransactItems": []}));
    assert_eq!(e.message(), "1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1");
    let e = fails(
        &db,
        "TransactWriteItems",
        json!({"TransactItems": [
            {"Put": {"TableName": "txv", "Item": {"pk": {"S": "d"}}}},
            {"Delete": {"TableName": "txv", "Key": {"pk": {"S": "d"}}}}
        ]}),
    );
    assert_eq!(
        e.message(),
        "Transaction request cannot include multiple operations on one item"
    );
    let e = fails(
        &db,
        "TransactWriteItems",
        json!({"TransactItems": [{"Put": {"TableName": "nope", "Item": {"pk": {"S": "x"}}}}]}),
    );
    assert_eq!(
        (e.type_name(), e.message()),
        ("ResourceNotFoundException", "Requested resource not found")
    );
    let many: Vec<_> = (0..101)
        .map(|i| json!({"Put": {"TableName": "txv", "Item": {"pk": {"S": format!("m{i}")}}}}))
        .collect();
    let e = fails(&db, "TransactWriteItems", json!({"TransactItems": many}));
    assert!(e.message().ends_with("at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100"));
    Ok(())
}

#[test]
fn client_request_token_is_idempotent() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "txi", None);
    let req = json!({
        "ClientRequestToken": "tok-1",
        "TransactItems": [{"Update": {"TableName": "txi", "Key": {"pk": {"S": "c"}},
            "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}]
    });
    call(&db, "TransactWriteItems", req.clone())?;
    call(&db, "TransactWriteItems", req.clone())?;
    let got = call(
        &db,
        "GetItem",
        json!({"TableName": "txi", "Key": {"pk": {"S": "c"}}}),
    )?;
    assert_eq!(
        got["Item"]["n"],
        json!({"N": "1"}),
        "a replayed token applies once"
    );
    let mut other = req;
    other["TransactItems"][0]["Update"]["Key"]["pk"] = json!({"S": "d"});
    let e = fails(&db, "TransactWriteItems", other);
    assert_eq!(e.type_name(), "IdempotentParameterMismatchException");
    Ok(())
}
