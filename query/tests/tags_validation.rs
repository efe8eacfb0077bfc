//! TagResource, UntagResource and ListTagsOfResource refuse malformed ARNs and tags with the
//! texts DynamoDB sends today.

mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

const TABLE_ARN: &str = "arn:aws:dynamodb:us-east-1:000000000000:table/tagged";
const INVALID: &str = "One or more parameter values were invalid: ";

fn tag(tags: Value) -> Value {
    json!({"ResourceArn": TABLE_ARN, "Tags": tags})
}

#[test]
fn arns_that_name_no_table_are_refused() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "tagged", None);
    let list = |arn: &str| fails(&db, "ListTagsOfResource", json!({"ResourceArn": arn}));
    assert_eq!(
        list("not-a-valid-arn").message(),
        format!("{INVALID}ARNs must start with 'arn:': not-a-valid-arn")
    );
    assert_eq!(
        list("arn:aws:s3:::bucket").message(),
        format!("{INVALID}Provided Arn is not a DynamoDB resource arn: arn:aws:s3:::bucket")
    );
    let index = format!("{TABLE_ARN}/index/byg");
    assert_eq!(
        list(&index).message(),
        format!(
            "{INVALID}Invalid resource arn provided, only table or stream is accepted. Provided \
             resource arn: {index}"
        )
    );
    let elsewhere = "arn:aws:dynamodb:eu-west-1:000000000000:table/tagged";
    assert_eq!(
        list(elsewhere).message(),
        format!("Invalid TableArn: Invalid ResourceArn provided as input {elsewhere}")
    );
    Ok(())
}

#[test]
fn tags_are_checked_before_they_are_stored() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "tagged", None);
    let refused = |tags: Value| fails(&db, "TagResource", tag(tags)).message().to_string();
    assert_eq!(
        refused(json!([])),
        "Atleast one Tag needs to be provided as Input."
    );
    assert_eq!(
        refused(json!([{"Key": "aws:owner", "Value": "v"}])),
        "Tag Key cannot be prefixed with aws:, Key: aws:owner"
    );
    assert_eq!(
        refused(json!([{"Key": "bad!", "Value": "v"}])),
        "The Tag Key provided is invalid, Key: bad!"
    );
    assert_eq!(
        refused(json!([{"Key": "k", "Value": "a"}, {"Key": "k", "Value": "b"}])),
        "Duplicate Tag Keys provided as input: Duplicate Tag Key found k"
    );
    let many: Vec<Value> = (0..51)
        .map(|i| json!({"Key": format!("k{i}"), "Value": "v"}))
        .collect();
    assert_eq!(
        refused(Value::Array(many)),
        "Number of Tags exceed the current limit for the provided ResourceArn"
    );
    let e = fails(
        &db,
        "UntagResource",
        json!({"ResourceArn": TABLE_ARN, "TagKeys": []}),
    );
    assert_eq!(
        e.message(),
        "Atleast one Tag Key needs to be provided as Input."
    );
    call(
        &db,
        "TagResource",
        tag(json!([{"Key": "team name", "Value": "a.b/c=d+e-f@g:h_i"}])),
    )?;
    let listed = call(&db, "ListTagsOfResource", json!({"ResourceArn": TABLE_ARN}))?;
    assert_eq!(listed["Tags"][0]["Value"], "a.b/c=d+e-f@g:h_i");
    Ok(())
}

#[test]
fn create_table_checks_its_tags_too() -> TestResult {
    let db = Database::in_memory()?;
    let e = fails(
        &db,
        "CreateTable",
        json!({
            "TableName": "tagged",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "BillingMode": "PAY_PER_REQUEST",
            "Tags": [{"Key": "aws:x", "Value": "v"}]
        }),
    );
    assert_eq!(
        e.message(),
        "Tag Key cannot be prefixed with aws:, Key: aws:x"
    );
    Ok(())
}
