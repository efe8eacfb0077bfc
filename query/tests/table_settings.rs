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
fn on_demand_maxima_merge_member_by_member_and_minus_one_clears() -> TestResult {
    let db = Database::in_memory()?;
    create_with(
        &db,
        "odt",
        json!({"OnDemandThroughput": {"MaxReadRequestUnits": 7}}),
    )?;
    assert_eq!(
        describe(&db, "odt")?["OnDemandThroughput"],
        json!({"MaxReadRequestUnits": 7})
    );
    let update = |odt: Value| {
        call(
            &db,
            "UpdateTable",
            json!({"TableName": "odt", "OnDemandThroughput": odt}),
        )
    };
    update(json!({"MaxWriteRequestUnits": 9}))?;
    assert_eq!(
        describe(&db, "odt")?["OnDemandThroughput"],
        json!({"MaxReadRequestUnits": 7, "MaxWriteRequestUnits": 9})
    );
    update(json!({"MaxReadRequestUnits": -1}))?;
    assert_eq!(
        describe(&db, "odt")?["OnDemandThroughput"],
        json!({"MaxWriteRequestUnits": 9})
    );
    update(json!({"MaxWriteRequestUnits": -1}))?;
    assert!(describe(&db, "odt")?.get("OnDemandThroughput").is_none());
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

const INVALID: &str = "One or more parameter values were invalid: ";

#[test]
fn some_changes_must_be_alone_in_their_request() -> TestResult {
    let db = Database::in_memory()?;
    table_with_gsi(&db)?;
    let with_create = |extra: Value| {
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
        let e = fails(&db, "UpdateTable", with_create(extra));
        assert_eq!(e.message(), format!("{INVALID}{message}"));
    }
    // Encryption is named first when it comes with deletion protection.
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "withgsi", "SSESpecification": {"Enabled": true},
               "DeletionProtectionEnabled": true}),
    );
    assert_eq!(
        e.message(),
        format!("{INVALID}Server-Side Encryption modification must be the only operation in the request")
    );
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "withgsi", "TableClass": "STANDARD_INFREQUENT_ACCESS",
               "OnDemandThroughput": {"MaxReadRequestUnits": 5}}),
    );
    assert_eq!(
        e.message(),
        format!("{INVALID}TableClass modification must be the only operation in the request")
    );
    // A billing mode switch may come along with a GSI creation.
    call(
        &db,
        "UpdateTable",
        with_create(json!({"BillingMode": "PAY_PER_REQUEST"})),
    )?;
    let gsis = describe(&db, "withgsi")?["GlobalSecondaryIndexes"].clone();
    assert_eq!(gsis.as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn on_demand_maxima_need_an_on_demand_table_and_a_valid_range() -> TestResult {
    let db = Database::in_memory()?;
    let provisioned = json!({"BillingMode": "PROVISIONED",
        "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}});
    let mut req = provisioned.clone();
    req["OnDemandThroughput"] = json!({"MaxWriteRequestUnits": 5});
    let e = match create_with(&db, "prov", req) {
        Ok(v) => panic!("CreateTable should fail, got {v}"),
        Err(e) => e,
    };
    assert_eq!(
        e.message(),
        format!("{INVALID}MaxWriteRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED")
    );
    create_with(&db, "prov", provisioned)?;
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "prov", "OnDemandThroughput": {"MaxReadRequestUnits": 5}}),
    );
    assert_eq!(
        e.message(),
        format!("{INVALID}MaxReadRequestUnits for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED")
    );
    // Switching to on-demand in the same request makes the maxima acceptable.
    call(
        &db,
        "UpdateTable",
        json!({"TableName": "prov", "BillingMode": "PAY_PER_REQUEST",
               "OnDemandThroughput": {"MaxReadRequestUnits": 5}}),
    )?;
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "prov", "OnDemandThroughput": {"MaxReadRequestUnits": 0}}),
    );
    assert_eq!(
        e.message(),
        format!("{INVALID}Requested MaxReadRequestUnits for OnDemandThroughput for table is outside of valid range")
    );
    // -1 clears a maximum on UpdateTable.
    call(
        &db,
        "UpdateTable",
        json!({"TableName": "prov", "OnDemandThroughput": {"MaxReadRequestUnits": -1}}),
    )?;
    Ok(())
}

#[test]
fn sse_member_combinations_and_no_op_changes_are_refused() -> TestResult {
    let db = Database::in_memory()?;
    for (sse, message) in [
        (
            json!({"Enabled": false, "SSEType": "KMS"}),
            "SSEType can not be specified if Enabled is false",
        ),
        (
            json!({"KMSMasterKeyId": "k"}),
            "KMSMasterKeyId can not be specified if Enabled is false",
        ),
        (
            json!({"Enabled": true, "KMSMasterKeyId": "k"}),
            "SSEType KMS is required if KMSMasterKeyId is specified",
        ),
        (
            json!({"Enabled": true, "SSEType": "AES256"}),
            "SSEType AES256 is not supported",
        ),
    ] {
        let e = match create_with(&db, "sse", json!({"SSESpecification": sse})) {
            Ok(v) => panic!("CreateTable should fail, got {v}"),
            Err(e) => e,
        };
        assert_eq!(e.message(), format!("{INVALID}{message}"));
    }
    create_table(&db, "plain", None);
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "plain", "SSESpecification": {"Enabled": false}}),
    );
    assert_eq!(
        e.message(),
        format!("{INVALID}Table is already encrypted by default")
    );
    Ok(())
}

#[test]
fn create_table_checks_attribute_names_throughput_and_table_class() -> TestResult {
    let db = Database::in_memory()?;
    let refused = |extra: Value| match create_with(&db, "bad", extra) {
        Ok(v) => panic!("CreateTable should fail, got {v}"),
        Err(e) => e.message().to_string(),
    };
    assert_eq!(
        refused(json!({"AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "pk", "AttributeType": "N"}
        ]})),
        "Attribute Name is duplicated: pk"
    );
    assert_eq!(
        refused(json!({"TableClass": "COLD"})),
        "Invalid table-class parameter provided. Please try again with a valid table-class \
         value: [STANDARD, STANDARD_INFREQUENT_ACCESS]."
    );
    let gsi = |projection: Value| {
        json!({
            "BillingMode": "PROVISIONED",
            "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": "S"}
            ],
            "GlobalSecondaryIndexes": [{
                "IndexName": "byg",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": projection
            }]
        })
    };
    assert_eq!(
        refused(gsi(json!({"ProjectionType": "ALL"}))),
        format!("{INVALID}ProvisionedThroughput is not specified for index: byg")
    );
    assert_eq!(
        refused(gsi(
            json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": []})
        )),
        "1 validation error detected: Value '[]' at \
         'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy \
         constraint: Member must have length greater than or equal to 1"
    );
    let mut duplicated = gsi(json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": ["x", "x"]}));
    duplicated["GlobalSecondaryIndexes"][0]["ProvisionedThroughput"] =
        json!({"ReadCapacityUnits": 1, "WriteCapacityUnits": 1});
    assert_eq!(
        refused(duplicated),
        format!("{INVALID}Duplicate element in NonKeyAttributes: x")
    );
    Ok(())
}

#[test]
fn gsi_update_lists_are_checked_before_anything_changes() -> TestResult {
    let db = Database::in_memory()?;
    table_with_gsi(&db)?;
    let update = |updates: Value| {
        json!({
            "TableName": "withgsi",
            "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": updates
        })
    };
    for (updates, message) in [
        (json!([{}]), "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null"),
        (json!([{"Delete": {"IndexName": "byg"}, "Update": {"IndexName": "byg"}}]),
         "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object"),
        (json!([{"Delete": {"IndexName": "byg"}}, create_gsi("byg", "g")]),
         "Only one global secondary index update per index is allowed simultaneously. Index: byg"),
    ] {
        let e = fails(&db, "UpdateTable", update(updates));
        assert_eq!(e.message(), format!("{INVALID}{message}"));
    }
    assert_eq!(
        fails(&db, "UpdateTable", update(json!([create_gsi("byg", "g")]))).message(),
        "Attempting to create an index which already exists"
    );
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "withgsi", "GlobalSecondaryIndexUpdates": [create_gsi("byh", "h")]}),
    );
    assert_eq!(
        e.message(),
        format!("{INVALID}AttributeDefinitions is not specified for index: byh")
    );
    assert!(describe(&db, "withgsi")?["GlobalSecondaryIndexes"][0]["IndexName"] == "byg");
    Ok(())
}

#[test]
fn billing_mode_summary_only_for_tables_that_were_on_demand() -> TestResult {
    let db = Database::in_memory()?;
    let created = create_with(&db, "ondemand", json!({}))?;
    let summary = &created["TableDescription"]["BillingModeSummary"];
    assert_eq!(summary, &json!({"BillingMode": "PAY_PER_REQUEST"}));
    let described = describe(&db, "ondemand")?;
    assert!(described["BillingModeSummary"]["LastUpdateToPayPerRequestDateTime"].is_number());
    call(
        &db,
        "UpdateTable",
        json!({"TableName": "ondemand", "BillingMode": "PROVISIONED",
               "ProvisionedThroughput": {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}}),
    )?;
    let summary = &describe(&db, "ondemand")?["BillingModeSummary"];
    assert_eq!(summary["BillingMode"], "PROVISIONED");
    assert!(summary["LastUpdateToPayPerRequestDateTime"].is_number());
    Ok(())
}

#[test]
fn warm_throughput_is_described_but_not_in_create_table_answers() -> TestResult {
    let db = Database::in_memory()?;
    let created = create_with(&db, "ondemand", json!({}))?;
    assert!(created["TableDescription"].get("WarmThroughput").is_none());
    assert_eq!(
        describe(&db, "ondemand")?["WarmThroughput"],
        json!({"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"})
    );
    let units = |r: i64, w: i64| json!({"ReadCapacityUnits": r, "WriteCapacityUnits": w});
    create_with(
        &db,
        "prov",
        json!({"BillingMode": "PROVISIONED", "ProvisionedThroughput": units(3, 2)}),
    )?;
    let update = |r: i64, w: i64| {
        call(
            &db,
            "UpdateTable",
            json!({"TableName": "prov", "ProvisionedThroughput": units(r, w)}),
        )
    };
    update(5, 1)?;
    update(1, 1)?;
    // The highest units ever provisioned, per dimension.
    let warm = &describe(&db, "prov")?["WarmThroughput"];
    assert_eq!(warm["ReadUnitsPerSecond"], 5);
    assert_eq!(warm["WriteUnitsPerSecond"], 2);
    Ok(())
}
