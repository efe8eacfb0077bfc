//! Table settings DynamoDB round-trips through CreateTable, UpdateTable and DescribeTable
//! (OnDemandThroughput, SSESpecification), and the errors of UpdateTable's index updates and of
//! the tagging calls, with DynamoDB's texts.

mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

fn describe(db: &Database, name: &str) -> Result<Value, dynakv::Error> {
    Ok(call(db, "DescribeTable", json!({"TableName": name}))?["Table"].clone())
}

fn create_with(db: &Database, name: &str, extra: Value) -> Result<Value, dynakv::Error> {
    let mut req = json!({
        "TableName": name,
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "BillingMode": "PAY_PER_REQUEST"
    });
    if let (Some(req), Some(extra)) = (req.as_object_mut(), extra.as_object()) {
        req.extend(extra.clone());
    }
    call(db, "CreateTable", req)
}

#[test]
fn on_demand_throughput_round_trips_and_updates() -> TestResult {
    let db = Database::in_memory()?;
    let created = create_with(
        &db,
        "odt",
        json!({"OnDemandThroughput": {"MaxReadRequestUnits": 10, "MaxWriteRequestUnits": 5}}),
    )?;
    let odt = &created["TableDescription"]["OnDemandThroughput"];
    assert_eq!(odt["MaxReadRequestUnits"], 10);
    assert_eq!(odt["MaxWriteRequestUnits"], 5);
    call(
        &db,
        "UpdateTable",
        json!({"TableName": "odt",
               "OnDemandThroughput": {"MaxReadRequestUnits": 20, "MaxWriteRequestUnits": 15}}),
    )?;
    let odt = &describe(&db, "odt")?["OnDemandThroughput"];
    assert_eq!(odt["MaxReadRequestUnits"], 20);
    assert_eq!(odt["MaxWriteRequestUnits"], 15);
    Ok(())
}

#[test]
fn on_demand_maximum_left_out_is_minus_one() -> TestResult {
    let db = Database::in_memory()?;
    create_with(
        &db,
        "odt",
        json!({"OnDemandThroughput": {"MaxReadRequestUnits": 7}}),
    )?;
    let odt = &describe(&db, "odt")?["OnDemandThroughput"];
    assert_eq!(odt["MaxReadRequestUnits"], 7);
    assert_eq!(odt["MaxWriteRequestUnits"], -1);
    Ok(())
}

#[test]
fn no_on_demand_throughput_or_sse_description_unless_asked() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "plain", None);
    let table = describe(&db, "plain")?;
    assert!(table.get("OnDemandThroughput").is_none());
    assert!(table.get("SSEDescription").is_none());
    Ok(())
}

#[test]
fn sse_with_the_aws_managed_key_is_described_and_can_be_disabled() -> TestResult {
    let db = Database::in_memory()?;
    create_with(&db, "sse", json!({"SSESpecification": {"Enabled": true}}))?;
    let sse = &describe(&db, "sse")?["SSEDescription"];
    assert_eq!(sse["Status"], "ENABLED");
    assert_eq!(sse["SSEType"], "KMS");
    let arn = sse["KMSMasterKeyArn"].as_str().unwrap_or_default();
    assert!(arn.starts_with("arn:aws:kms:us-east-1:000000000000:key/"));
    call(
        &db,
        "UpdateTable",
        json!({"TableName": "sse", "SSESpecification": {"Enabled": false}}),
    )?;
    assert!(describe(&db, "sse")?.get("SSEDescription").is_none());
    Ok(())
}

#[test]
fn sse_names_the_customer_key() -> TestResult {
    let db = Database::in_memory()?;
    let key = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    create_with(
        &db,
        "sse",
        json!({"SSESpecification": {"Enabled": true, "SSEType": "KMS", "KMSMasterKeyId": key}}),
    )?;
    assert_eq!(
        describe(&db, "sse")?["SSEDescription"]["KMSMasterKeyArn"],
        key
    );
    Ok(())
}

#[test]
fn sse_type_outside_the_enum_is_a_shape_error() -> TestResult {
    let db = Database::in_memory()?;
    let e = match create_with(
        &db,
        "sse",
        json!({"SSESpecification": {"Enabled": true, "SSEType": "XX"}}),
    ) {
        Ok(v) => panic!("CreateTable should fail, got {v}"),
        Err(e) => e,
    };
    assert_eq!(
        e.message(),
        "1 validation error detected: Value 'XX' at 'sSESpecification.sSEType' failed to satisfy \
         constraint: Member must satisfy enum value set: [AES256, KMS]"
    );
    Ok(())
}

fn table_with_gsi(db: &Database) -> Result<Value, dynakv::Error> {
    create_with(
        db,
        "withgsi",
        json!({
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": "S"}
            ],
            "GlobalSecondaryIndexes": [{
                "IndexName": "byg",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}
            }]
        }),
    )
}

#[test]
fn deleting_or_updating_a_missing_gsi_names_index_and_table() -> TestResult {
    let db = Database::in_memory()?;
    table_with_gsi(&db)?;
    for update in [
        json!({"Delete": {"IndexName": "ghost"}}),
        json!({"Update": {"IndexName": "ghost",
                          "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}}),
    ] {
        let e = fails(
            &db,
            "UpdateTable",
            json!({"TableName": "withgsi", "GlobalSecondaryIndexUpdates": [update]}),
        );
        assert_eq!(e.type_name(), "ResourceNotFoundException");
        assert_eq!(
            e.message(),
            "Requested resource not found: Index ghost for table withgsi"
        );
    }
    Ok(())
}

#[test]
fn updating_a_gsi_of_an_on_demand_table_is_refused() -> TestResult {
    let db = Database::in_memory()?;
    table_with_gsi(&db)?;
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "withgsi",
               "GlobalSecondaryIndexUpdates": [{"Update": {"IndexName": "byg"}}]}),
    );
    assert_eq!(
        e.message(),
        "One or more parameter values were invalid: The only Updates for index: byg when \
         TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput, WarmThroughput"
    );
    Ok(())
}

#[test]
fn tagging_another_accounts_table_or_no_table_is_access_denied() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "mine", None);
    for arn in [
        "arn:aws:dynamodb:us-east-1:123456789012:table/mine",
        "arn:aws:dynamodb:us-east-1:000000000000:table/nonexistent_table_xyz",
    ] {
        let e = fails(&db, "ListTagsOfResource", json!({"ResourceArn": arn}));
        assert_eq!(e.type_name(), "AccessDeniedException");
        assert_eq!(
            e.message(),
            format!(
                "User: arn:aws:iam::000000000000:root is not authorized to perform: \
                 dynamodb:ListTagsOfResource on resource: {arn}"
            )
        );
        let e = fails(
            &db,
            "TagResource",
            json!({"ResourceArn": arn, "Tags": [{"Key": "k", "Value": "v"}]}),
        );
        assert_eq!(e.type_name(), "AccessDeniedException");
    }
    let e = fails(
        &db,
        "TagResource",
        json!({"ResourceArn": "not-a-valid-arn", "Tags": [{"Key": "k", "Value": "v"}]}),
    );
    assert_eq!(e.type_name(), "ValidationException");
    Ok(())
}

fn create_gsi(name: &str, attr: &str) -> Value {
    json!({"Create": {
        "IndexName": name,
        "KeySchema": [{"AttributeName": attr, "KeyType": "HASH"}],
        "Projection": {"ProjectionType": "ALL"}
    }})
}

#[test]
fn one_gsi_created_or_deleted_at_a_time() -> TestResult {
    let db = Database::in_memory()?;
    table_with_gsi(&db)?;
    let e = fails(
        &db,
        "UpdateTable",
        json!({
            "TableName": "withgsi",
            "AttributeDefinitions": [{"AttributeName": "h", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": [create_gsi("byh", "h"), {"Delete": {"IndexName": "byg"}}]
        }),
    );
    assert_eq!(e.type_name(), "LimitExceededException");
    assert_eq!(
        e.message(),
        "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously \
         per table"
    );
    assert_eq!(
        describe(&db, "withgsi")?["GlobalSecondaryIndexes"][0]["IndexName"],
        "byg"
    );
    Ok(())
}

#[test]
fn gsi_creation_does_not_share_a_request_with_other_table_changes() -> TestResult {
    let db = Database::in_memory()?;
    table_with_gsi(&db)?;
    let with = |extra: Value| {
        let mut req = json!({
            "TableName": "withgsi",
            "AttributeDefinitions": [{"AttributeName": "h", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": [create_gsi("byh", "h")]
        });
        if let (Some(req), Some(extra)) = (req.as_object_mut(), extra.as_object()) {
            req.extend(extra.clone());
        }
        req
    };
    for (extra, message) in [
        (
            json!({"DeletionProtectionEnabled": true}),
            "DeletionProtection modification must be the only operation in the request",
        ),
        (
            json!({"TableClass": "STANDARD_INFREQUENT_ACCESS"}),
            "TableClass modification must be the only operation in the request",
        ),
        (
            json!({"SSESpecification": {"Enabled": true}}),
            "Server-Side Encryption modification must be the only operation in the request",
        ),
    ] {
        assert_eq!(fails(&db, "UpdateTable", with(extra)).message(), message);
    }
    // A billing mode switch may come along.
    call(
        &db,
        "UpdateTable",
        with(json!({"BillingMode": "PAY_PER_REQUEST"})),
    )?;
    let gsis = describe(&db, "withgsi")?["GlobalSecondaryIndexes"].clone();
    assert_eq!(gsis.as_array().map(Vec::len), Some(2));
    Ok(())
}
