//! UpdateTable's GlobalSecondaryIndexUpdates on a provisioned table: DynamoDB's texts for a
//! throughput that does not change, for updating or deleting a local index, and for throughput
//! given where the billing mode forbids it.

mod common;

use common::{call, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

const INVALID: &str = "One or more parameter values were invalid: ";

fn units(read: i64, write: i64) -> Value {
    json!({"ReadCapacityUnits": read, "WriteCapacityUnits": write})
}

fn provisioned_table(db: &Database) -> TestResult {
    call(
        db,
        "CreateTable",
        json!({
            "TableName": "prov",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
                {"AttributeName": "g", "AttributeType": "S"},
                {"AttributeName": "l", "AttributeType": "S"}
            ],
            "KeySchema": [
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"}
            ],
            "ProvisionedThroughput": units(5, 5),
            "GlobalSecondaryIndexes": [{
                "IndexName": "byg",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": units(5, 5)
            }],
            "LocalSecondaryIndexes": [{
                "IndexName": "byl",
                "KeySchema": [
                    {"AttributeName": "pk", "KeyType": "HASH"},
                    {"AttributeName": "l", "KeyType": "RANGE"}
                ],
                "Projection": {"ProjectionType": "KEYS_ONLY"}
            }]
        }),
    )?;
    Ok(())
}

fn updates(list: Value) -> Value {
    json!({"TableName": "prov", "GlobalSecondaryIndexUpdates": list})
}

#[test]
fn an_unchanged_index_throughput_is_refused() -> TestResult {
    let db = Database::in_memory()?;
    provisioned_table(&db)?;
    let same = json!([{"Update": {"IndexName": "byg", "ProvisionedThroughput": units(5, 5)}}]);
    let e = fails(&db, "UpdateTable", updates(same));
    assert!(e
        .message()
        .starts_with("The provisioned throughput for the index byg will not change."));
    let more = json!([{"Update": {"IndexName": "byg", "ProvisionedThroughput": units(6, 5)}}]);
    let table = call(&db, "UpdateTable", updates(more))?;
    let gsi = &table["TableDescription"]["GlobalSecondaryIndexes"][0];
    assert_eq!(gsi["ProvisionedThroughput"]["ReadCapacityUnits"], 6);
    Ok(())
}

#[test]
fn local_indexes_cannot_be_updated_or_deleted() -> TestResult {
    let db = Database::in_memory()?;
    provisioned_table(&db)?;
    let e = fails(
        &db,
        "UpdateTable",
        updates(json!([{"Delete": {"IndexName": "byl"}}])),
    );
    assert_eq!(
        e.message(),
        "Cannot delete an index that is not a GlobalSecondaryIndex: byl"
    );
    let e = fails(
        &db,
        "UpdateTable",
        updates(json!([{"Update": {"IndexName": "byl", "ProvisionedThroughput": units(1, 1)}}])),
    );
    assert_eq!(
        e.message(),
        "Cannot update an index that is not a GlobalSecondaryIndex: byl"
    );
    Ok(())
}

#[test]
fn throughput_where_the_billing_mode_forbids_it() -> TestResult {
    let db = Database::in_memory()?;
    call(
        &db,
        "CreateTable",
        json!({
            "TableName": "ondemand",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    )?;
    let e = fails(
        &db,
        "UpdateTable",
        json!({
            "TableName": "ondemand",
            "AttributeDefinitions": [{"AttributeName": "g", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": [{"Create": {
                "IndexName": "byg",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
                "ProvisionedThroughput": units(1, 1)
            }}]
        }),
    );
    assert_eq!(
        e.message(),
        format!(
            "{INVALID}Neither ReadCapacityUnits nor WriteCapacityUnits can be specified for \
             index: byg when BillingMode is PAY_PER_REQUEST"
        )
    );
    let e = fails(
        &db,
        "UpdateTable",
        json!({"TableName": "ondemand", "BillingMode": "PROVISIONED"}),
    );
    assert_eq!(
        e.message(),
        format!("{INVALID}ProvisionedThroughput must be specified when BillingMode is PROVISIONED")
    );
    Ok(())
}
