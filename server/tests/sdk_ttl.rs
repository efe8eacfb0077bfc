//! Time to Live through the real aws-sdk-dynamodb client: UpdateTimeToLive/DescribeTimeToLive as
//! infrastructure tools call them, DynamoDB's errors, and expired items disappearing.

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::{AttributeValue, TimeToLiveSpecification, TimeToLiveStatus};
use common::{create_table, TestResult, TestServer};

fn spec(enabled: bool, attribute: &str) -> TimeToLiveSpecification {
    TimeToLiveSpecification::builder()
        .enabled(enabled)
        .attribute_name(attribute)
        .build()
        .expect("complete specification")
}

#[tokio::test]
async fn update_and_describe_time_to_live() -> TestResult {
    let s = TestServer::in_memory().await;
    let c = s.client();
    create_table(&c, "ttl_table", false).await;
    let d = c
        .describe_time_to_live()
        .table_name("ttl_table")
        .send()
        .await?;
    let desc = d.time_to_live_description().expect("description");
    assert_eq!(
        desc.time_to_live_status(),
        Some(&TimeToLiveStatus::Disabled)
    );
    assert_eq!(desc.attribute_name(), None);

    let u = c
        .update_time_to_live()
        .table_name("ttl_table")
        .time_to_live_specification(spec(true, "expiresAt"))
        .send()
        .await?;
    assert_eq!(
        u.time_to_live_specification(),
        Some(&spec(true, "expiresAt"))
    );
    let d = c
        .describe_time_to_live()
        .table_name("ttl_table")
        .send()
        .await?;
    let desc = d.time_to_live_description().expect("description");
    assert_eq!(desc.time_to_live_status(), Some(&TimeToLiveStatus::Enabled));
    assert_eq!(desc.attribute_name(), Some("expiresAt"));

    let err = c
        .update_time_to_live()
        .table_name("ttl_table")
        .time_to_live_specification(spec(true, "expiresAt"))
        .send()
        .await
        .expect_err("already enabled");
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(err.message(), Some("TimeToLive is already enabled"));

    c.update_time_to_live()
        .table_name("ttl_table")
        .time_to_live_specification(spec(false, "expiresAt"))
        .send()
        .await?;
    let err = c
        .update_time_to_live()
        .table_name("ttl_table")
        .time_to_live_specification(spec(false, "expiresAt"))
        .send()
        .await
        .expect_err("already disabled");
    assert_eq!(err.message(), Some("TimeToLive is already disabled"));

    let err = c
        .describe_time_to_live()
        .table_name("missing_table")
        .send()
        .await
        .expect_err("no such table");
    assert_eq!(err.code(), Some("ResourceNotFoundException"));
    s.stop().await?;
    Ok(())
}

#[tokio::test]
async fn expired_items_are_deleted() -> TestResult {
    let s = TestServer::in_memory().await;
    let c = s.client();
    create_table(&c, "sessions", false).await;
    c.update_time_to_live()
        .table_name("sessions")
        .time_to_live_specification(spec(true, "exp"))
        .send()
        .await?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    for (pk, exp) in [("old", now - 10), ("new", now + 3600)] {
        c.put_item()
            .table_name("sessions")
            .item("pk", AttributeValue::S(pk.into()))
            .item("exp", AttributeValue::N(exp.to_string()))
            .send()
            .await?;
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let scan = c.scan().table_name("sessions").send().await?;
        let left: Vec<_> = scan
            .items()
            .iter()
            .filter_map(|i| i.get("pk")?.as_s().ok().cloned())
            .collect();
        if left == ["new"] {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "expired item still there: {left:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    s.stop().await?;
    Ok(())
}
