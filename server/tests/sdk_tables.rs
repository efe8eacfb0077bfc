//! The control plane through the real aws-sdk-dynamodb client: success and error paths as the
//! SDK surfaces them.

mod common;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{BillingMode, ProvisionedThroughput, TableStatus, Tag};
use common::{create_table, TestResult, TestServer};

#[tokio::test]
async fn create_describe_list_delete() -> TestResult {
    let s = TestServer::in_memory().await;
    let c = s.client();
    create_table(&c, "alpha", true).await;
    create_table(&c, "beta", false).await;
    let d = c.describe_table().table_name("alpha").send().await?;
    let t = d.table().expect("table");
    assert_eq!(t.table_name(), Some("alpha"));
    assert_eq!(t.table_status(), Some(&TableStatus::Active));
    assert_eq!(t.key_schema().len(), 2);
    assert_eq!(t.item_count(), Some(0));
    assert!(
        t.table_arn().unwrap_or_default().ends_with(":table/alpha"),
        "{:?}",
        t.table_arn()
    );
    assert_eq!(
        t.billing_mode_summary().and_then(|b| b.billing_mode()),
        Some(&BillingMode::PayPerRequest)
    );
    let page = c.list_tables().limit(1).send().await?;
    assert_eq!(page.table_names(), ["alpha"]);
    assert_eq!(page.last_evaluated_table_name(), Some("alpha"));
    let rest = c
        .list_tables()
        .exclusive_start_table_name("alpha")
        .send()
        .await?;
    assert_eq!(rest.table_names(), ["beta"]);
    c.delete_table().table_name("beta").send().await?;
    assert_eq!(c.list_tables().send().await?.table_names(), ["alpha"]);
    Ok(())
}

#[tokio::test]
async fn table_errors() {
    let s = TestServer::in_memory().await;
    let c = s.client();
    create_table(&c, "dup", false).await;
    let err = c
        .create_table()
        .table_name("dup")
        .billing_mode(BillingMode::PayPerRequest)
        .key_schema(
            aws_sdk_dynamodb::types::KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(aws_sdk_dynamodb::types::KeyType::Hash)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            aws_sdk_dynamodb::types::AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(aws_sdk_dynamodb::types::ScalarAttributeType::S)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceInUseException"));
    let err = c
        .describe_table()
        .table_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    assert!(err
        .as_service_error()
        .is_some_and(|e| e.is_resource_not_found_exception()));
    let err = c
        .delete_table()
        .table_name("missing")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    let err = c
        .describe_table()
        .table_name("ab")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ValidationException"));
    assert!(
        err.message()
            .unwrap_or_default()
            .starts_with("1 validation error detected"),
        "{:?}",
        err.message()
    );
}

#[tokio::test]
async fn update_table_billing_and_throughput() -> TestResult {
    let s = TestServer::in_memory().await;
    let c = s.client();
    create_table(&c, "upd", false).await;
    let throughput = ProvisionedThroughput::builder()
        .read_capacity_units(5)
        .write_capacity_units(7)
        .build()?;
    let out = c
        .update_table()
        .table_name("upd")
        .billing_mode(BillingMode::Provisioned)
        .provisioned_throughput(throughput)
        .send()
        .await?;
    let pt = out
        .table_description()
        .and_then(|t| t.provisioned_throughput())
        .expect("throughput");
    assert_eq!(
        (pt.read_capacity_units(), pt.write_capacity_units()),
        (Some(5), Some(7))
    );
    Ok(())
}

#[tokio::test]
async fn tags_endpoints_and_limits() -> TestResult {
    let s = TestServer::in_memory().await;
    let c = s.client();
    create_table(&c, "tagged", false).await;
    let arn = c
        .describe_table()
        .table_name("tagged")
        .send()
        .await?
        .table()
        .and_then(|t| t.table_arn())
        .unwrap_or_default()
        .to_string();
    c.tag_resource()
        .resource_arn(&arn)
        .tags(Tag::builder().key("team").value("db").build()?)
        .send()
        .await?;
    let tags = c.list_tags_of_resource().resource_arn(&arn).send().await?;
    assert_eq!(tags.tags().len(), 1);
    assert_eq!(tags.tags()[0].key(), "team");
    c.untag_resource()
        .resource_arn(&arn)
        .tag_keys("team")
        .send()
        .await?;
    assert!(c
        .list_tags_of_resource()
        .resource_arn(&arn)
        .send()
        .await?
        .tags()
        .is_empty());
    assert!(!c.describe_endpoints().send().await?.endpoints().is_empty());
    assert!(c
        .describe_limits()
        .send()
        .await?
        .table_max_read_capacity_units()
        .is_some());
    Ok(())
}

#[tokio::test]
async fn each_access_key_and_region_has_its_own_database() -> TestResult {
    let s = TestServer::in_memory().await;
    let a = s.client_as("KEYA", "x", None, "us-east-1");
    let a_west = s.client_as("KEYA", "y", None, "us-west-2");
    let b = s.client_as("KEYB", "x", None, "us-east-1");
    create_table(&a, "mine", false).await;
    assert!(b.list_tables().send().await?.table_names().is_empty());
    assert!(a_west.list_tables().send().await?.table_names().is_empty());
    assert_eq!(
        s.client_as("KEYA", "other-secret", None, "us-east-1")
            .list_tables()
            .send()
            .await?
            .table_names(),
        ["mine"]
    );
    // ARNs name the caller's region.
    create_table(&a_west, "west", false).await;
    let arn = a_west
        .describe_table()
        .table_name("west")
        .send()
        .await?
        .table()
        .and_then(|t| t.table_arn())
        .unwrap_or_default()
        .to_string();
    assert!(arn.starts_with("arn:aws:dynamodb:us-west-2:"), "{arn}");

    let shared = TestServer::start(dynakv_server::Config {
        storage: dynakv_server::Storage::InMemory,
        shared_db: true,
        ..Default::default()
    })
    .await;
    create_table(
        &shared.client_as("KEYA", "x", None, "us-east-1"),
        "common",
        false,
    )
    .await;
    let other = shared.client_as("KEYB", "x", None, "eu-west-1");
    assert_eq!(other.list_tables().send().await?.table_names(), ["common"]);
    Ok(())
}
