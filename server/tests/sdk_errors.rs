//! One error path per operation, as the SDK surfaces it: error code and DynamoDB's message.

mod common;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{AttributeValue as AV, BillingMode, KeysAndAttributes, Tag};
use common::{create_table, TestServer};

fn expect<T, E: ProvideErrorMetadata + std::fmt::Debug>(
    result: Result<T, E>,
    code: &str,
    message: &str,
) {
    let err = match result {
        Ok(_) => panic!("expected {code}"),
        Err(e) => e,
    };
    assert_eq!(err.code(), Some(code), "{err:?}");
    assert_eq!(err.message(), Some(message), "{err:?}");
}

#[tokio::test]
async fn every_operation_reports_dynamodb_errors() {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "present", false).await;
    let not_found = "Requested resource not found";
    expect(
        c.get_item()
            .table_name("absent")
            .key("pk", AV::S("a".into()))
            .send()
            .await,
        "ResourceNotFoundException",
        not_found,
    );
    expect(
        c.put_item()
            .table_name("absent")
            .item("pk", AV::S("a".into()))
            .send()
            .await,
        "ResourceNotFoundException",
        not_found,
    );
    expect(
        c.scan().table_name("absent").send().await,
        "ResourceNotFoundException",
        not_found,
    );
    expect(
        c.update_table()
            .table_name("absent")
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await,
        "ResourceNotFoundException",
        "Requested resource not found: Table: absent not found",
    );
    expect(
        c.query().table_name("present").send().await,
        "ValidationException",
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    );
    expect(
        c.delete_item()
            .table_name("present")
            .key("pk", AV::S("a".into()))
            .condition_expression("attribute_exists(pk)")
            .send()
            .await,
        "ConditionalCheckFailedException",
        "The conditional request failed",
    );
    expect(
        c.get_item()
            .table_name("present")
            .key("other", AV::S("a".into()))
            .send()
            .await,
        "ValidationException",
        "The provided key element does not match the schema",
    );
    let mut keys = KeysAndAttributes::builder();
    for i in 0..101 {
        keys = keys.keys(std::collections::HashMap::from([(
            "pk".to_string(),
            AV::S(format!("k{i}")),
        )]));
    }
    let err = c
        .batch_get_item()
        .request_items("present", keys.build().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ValidationException"));
    let err = c
        .tag_resource()
        .resource_arn("arn:aws:dynamodb:us-east-1:000000000000:table/absent")
        .tags(Tag::builder().key("k").value("v").build().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("AccessDeniedException"));
}
