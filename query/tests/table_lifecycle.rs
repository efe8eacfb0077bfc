mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::json;

#[test]
fn create_describe_list_delete() -> TestResult {
    let db = Database::in_memory()?;
    let created = call(
        &db,
        "CreateTable",
        json!({
            "TableName": "orders",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"}
            ],
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}
            ],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 3},
            "Tags": [{"Key": "env", "Value": "test"}]
        }),
    )?;
    let d = &created["TableDescription"];
    assert_eq!(d["TableStatus"], "ACTIVE");
    assert_eq!(
        d["TableArn"],
        "arn:aws:dynamodb:us-east-1:000000000000:table/orders"
    );
    assert_eq!(d["ProvisionedThroughput"]["ReadCapacityUnits"], 5);
    assert_eq!(d["ProvisionedThroughput"]["NumberOfDecreasesToday"], 0);
    // A table created PROVISIONED and never on demand has no BillingModeSummary.
    assert!(d.get("BillingModeSummary").is_none());
    assert_eq!(d["ItemCount"], 0);
    assert_eq!(d["DeletionProtectionEnabled"], false);
    assert!(d["TableId"].as_str().is_some_and(|id| id.len() == 36));
    assert!(d["CreationDateTime"].is_number());

    call(
        &db,
        "PutItem",
        json!({"TableName": "orders", "Item": {"pk": {"S": "a"}, "sk": {"N": "1"}}}),
    )?;
    let described = call(&db, "DescribeTable", json!({"TableName": "orders"}))?;
    assert_eq!(described["Table"]["ItemCount"], 1);
    assert!(described["Table"]["TableSizeBytes"].as_u64().unwrap() > 0);
    assert_eq!(described["Table"]["TableId"], d["TableId"]);

    let tags = call(
        &db,
        "ListTagsOfResource",
        json!({"ResourceArn": d["TableArn"]}),
    )?;
    assert_eq!(tags["Tags"], json!([{"Key": "env", "Value": "test"}]));

    let again = fails(
        &db,
        "CreateTable",
        json!({
            "TableName": "orders",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    assert_eq!(again.type_name(), "ResourceInUseException");

    let deleted = call(&db, "DeleteTable", json!({"TableName": "orders"}))?;
    assert_eq!(deleted["TableDescription"]["TableStatus"], "DELETING");
    let gone = fails(&db, "DescribeTable", json!({"TableName": "orders"}));
    assert_eq!(
        gone.message(),
        "Requested resource not found: Table: orders not found"
    );
    // A re-created table starts empty.
    create_table(&db, "orders", None);
    let scan = call(&db, "Scan", json!({"TableName": "orders"}))?;
    assert_eq!(scan["Count"], 0);
    Ok(())
}

#[test]
fn create_table_validation_messages() -> TestResult {
    let db = Database::in_memory()?;
    let base = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut req = json!({
            "TableName": "valid_name",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        });
        f(&mut req);
        fails(&db, "CreateTable", req).message().to_string()
    };
    assert_eq!(
        base(&|r| r["TableName"] = json!("ab")),
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"
    );
    assert_eq!(
        base(&|r| {
            r.as_object_mut().unwrap().remove("TableName");
        }),
        "The parameter 'TableName' is required but was not present in the request"
    );
    assert_eq!(
        base(
            &|r| r["KeySchema"] = json!([{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "pk", "KeyType": "RANGE"}])
        ),
        "Invalid KeySchema: Some index key attribute have no definition"
    );
    assert_eq!(
        base(&|r| r["KeySchema"][0]["KeyType"] = json!("INVALID")),
        "1 validation error detected: Value 'INVALID' at 'keySchema.1.member.keyType' failed to satisfy constraint: Member must satisfy enum value set: [HASH, RANGE]"
    );
    assert_eq!(
        base(&|r| r["AttributeDefinitions"][0]["AttributeType"] = json!("INVALID")),
        "1 validation error detected: Value 'INVALID' at 'attributeDefinitions.1.member.attributeType' failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"
    );
    assert_eq!(
        base(&|r| {
            r["AttributeDefinitions"] = json!([
                {"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}, {"AttributeName": "x", "AttributeType": "S"}
            ]);
            r["KeySchema"] = json!([
                {"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}, {"AttributeName": "x", "KeyType": "RANGE"}
            ]);
        }),
        "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement(attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=x, keyType=RANGE)]' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2"
    );
    assert_eq!(
        base(&|r| { r.as_object_mut().unwrap().remove("ProvisionedThroughput"); }),
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED"
    );
    assert_eq!(
        base(&|r| r["BillingMode"] = json!("PAY_PER_REQUEST")),
        "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST"
    );
    assert!(base(&|r| r["BillingMode"] = json!("INVALID_MODE"))
        .contains("[PROVISIONED, PAY_PER_REQUEST]"));
    assert_eq!(
        base(&|r| r["AttributeDefinitions"] = json!([{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "x", "AttributeType": "S"}])),
        "One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions"
    );
    Ok(())
}

#[test]
fn list_tables_pages() -> TestResult {
    let db = Database::in_memory()?;
    for name in ["t_c", "t_a", "t_b"] {
        create_table(&db, name, None);
    }
    let page = call(&db, "ListTables", json!({"Limit": 2}))?;
    assert_eq!(
        page,
        json!({"TableNames": ["t_a", "t_b"], "LastEvaluatedTableName": "t_b"})
    );
    let rest = call(&db, "ListTables", json!({"ExclusiveStartTableName": "t_b"}))?;
    assert_eq!(rest, json!({"TableNames": ["t_c"]}));
    let e = fails(&db, "ListTables", json!({"Limit": 101}));
    assert!(e
        .message()
        .contains("Member must have value less than or equal to 100"));
    Ok(())
}

#[test]
fn update_table_billing_and_throughput() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "bill", None);
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "bill", "BillingMode": "PROVISIONED"}),
    );
    assert!(e
        .message()
        .contains("ProvisionedThroughput must be specified when BillingMode is PROVISIONED"));
    let r = call(
        &db,
        "UpdateTable",
        json!({
            "TableName": "bill", "BillingMode": "PROVISIONED",
            "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 10}
        }),
    )?;
    assert_eq!(
        r["TableDescription"]["BillingModeSummary"]["BillingMode"],
        "PROVISIONED"
    );
    let r = call(
        &db,
        "UpdateTable",
        json!({
            "TableName": "bill", "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 10}
        }),
    )?;
    assert_eq!(
        r["TableDescription"]["ProvisionedThroughput"]["NumberOfDecreasesToday"],
        1
    );
    let e = fails(
        &db,
        "UpdateTable",
        json!({
            "TableName": "bill", "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 10}
        }),
    );
    assert!(e
        .message()
        .starts_with("The provisioned throughput for the table will not change."));
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "nope", "BillingMode": "PAY_PER_REQUEST"}),
    );
    assert_eq!(e.type_name(), "ResourceNotFoundException");
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "bill", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "x"}}]}),
    );
    assert_eq!(e.type_name(), "ResourceNotFoundException");
    call(
        &db,
        "UpdateTable",
        json!({"TableName": "bill", "DeletionProtectionEnabled": true}),
    )?;
    let e = fails(&db, "DeleteTable", json!({"TableName": "bill"}));
    assert_eq!(e.type_name(), "ValidationException");
    Ok(())
}

#[test]
fn tags_endpoints_limits_and_unknown_operations() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "tagged", None);
    let arn = "arn:aws:dynamodb:us-east-1:000000000000:table/tagged";
    call(
        &db,
        "TagResource",
        json!({"ResourceArn": arn, "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]}),
    )?;
    call(
        &db,
        "TagResource",
        json!({"ResourceArn": arn, "Tags": [{"Key": "a", "Value": "3"}]}),
    )?;
    call(
        &db,
        "UntagResource",
        json!({"ResourceArn": arn, "TagKeys": ["b"]}),
    )?;
    let tags = call(&db, "ListTagsOfResource", json!({"ResourceArn": arn}))?;
    assert_eq!(tags["Tags"], json!([{"Key": "a", "Value": "3"}]));
    let e = fails(
        &db,
        "ListTagsOfResource",
        json!({"ResourceArn": "arn:aws:dynamodb:us-east-1:000000000000:table/none"}),
    );
    assert_eq!(e.type_name(), "AccessDeniedException");
    let endpoints = call(&db, "DescribeEndpoints", json!({}))?;
    assert_eq!(endpoints["Endpoints"][0]["CachePeriodInMinutes"], 1440);
    let limits = call(&db, "DescribeLimits", json!({}))?;
    assert_eq!(limits["TableMaxReadCapacityUnits"], 40000);
    let e = fails(&db, "NoSuchThing", json!({}));
    assert_eq!(e.type_name(), "UnknownOperationException");
    let e = db.handle_json("PutItem", b"{not json").unwrap_err();
    assert_eq!(e.type_name(), "SerializationException");
    Ok(())
}
