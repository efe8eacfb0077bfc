//! Item operations, Query, Scan and batches through the real aws-sdk-dynamodb client.

mod common;

use std::collections::HashMap;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::types::{
    AttributeValue as AV, DeleteRequest, KeysAndAttributes, PutRequest, ReturnValue,
    ReturnValuesOnConditionCheckFailure, Select, WriteRequest,
};
use common::{create_table, TestResult, TestServer};

fn s(v: &str) -> AV {
    AV::S(v.to_string())
}

fn n(v: &str) -> AV {
    AV::N(v.to_string())
}

fn key(pk: &str, sk: &str) -> HashMap<String, AV> {
    HashMap::from([("pk".to_string(), s(pk)), ("sk".to_string(), s(sk))])
}

#[tokio::test]
async fn put_get_update_delete() -> TestResult {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "items", true).await;
    c.put_item()
        .table_name("items")
        .item("pk", s("a"))
        .item("sk", s("1"))
        .item("n", n("10"))
        .item("tags", AV::Ss(vec!["x".into(), "y".into()]))
        .item(
            "nested",
            AV::M(HashMap::from([(
                "l".to_string(),
                AV::L(vec![AV::Bool(true), AV::Null(true)]),
            )])),
        )
        .item("bin", AV::B(vec![0u8, 1, 2].into()))
        .send()
        .await?;
    let got = c
        .get_item()
        .table_name("items")
        .set_key(Some(key("a", "1")))
        .consistent_read(true)
        .send()
        .await?;
    let item = got.item().expect("item");
    assert_eq!(item["n"], n("10"));
    assert_eq!(item["bin"], AV::B(vec![0u8, 1, 2].into()));
    assert_eq!(
        item["nested"],
        AV::M(HashMap::from([(
            "l".to_string(),
            AV::L(vec![AV::Bool(true), AV::Null(true)])
        )]))
    );
    let projected = c
        .get_item()
        .table_name("items")
        .set_key(Some(key("a", "1")))
        .projection_expression("#n, tags")
        .expression_attribute_names("#n", "n")
        .send()
        .await?;
    assert_eq!(projected.item().map(HashMap::len), Some(2));

    let updated = c
        .update_item()
        .table_name("items")
        .set_key(Some(key("a", "1")))
        .update_expression("SET n = n + :one, added = :v REMOVE tags")
        .condition_expression("n = :ten")
        .expression_attribute_values(":one", n("1"))
        .expression_attribute_values(":ten", n("10"))
        .expression_attribute_values(":v", s("new"))
        .return_values(ReturnValue::UpdatedNew)
        .send()
        .await?;
    let attrs = updated.attributes().expect("attributes");
    assert_eq!(
        (attrs.get("n"), attrs.get("added")),
        (Some(&n("11")), Some(&s("new")))
    );

    let deleted = c
        .delete_item()
        .table_name("items")
        .set_key(Some(key("a", "1")))
        .return_values(ReturnValue::AllOld)
        .send()
        .await?;
    assert_eq!(
        deleted.attributes().and_then(|a| a.get("n")),
        Some(&n("11"))
    );
    let gone = c
        .get_item()
        .table_name("items")
        .set_key(Some(key("a", "1")))
        .send()
        .await?;
    assert!(gone.item().is_none(), "a missing item has no Item member");
    Ok(())
}

#[tokio::test]
async fn condition_failures_carry_the_old_item() -> TestResult {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "cond", true).await;
    c.put_item()
        .table_name("cond")
        .set_item(Some(key("a", "1")))
        .item("v", n("1"))
        .send()
        .await?;
    let err = c
        .put_item()
        .table_name("cond")
        .set_item(Some(key("a", "1")))
        .condition_expression("attribute_not_exists(pk)")
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ConditionalCheckFailedException"));
    assert_eq!(err.message(), Some("The conditional request failed"));
    match err.into_service_error() {
        PutItemError::ConditionalCheckFailedException(e) => {
            assert_eq!(e.item().and_then(|i| i.get("v")), Some(&n("1")));
        }
        other => panic!("expected ConditionalCheckFailedException, got {other:?}"),
    }
    Ok(())
}

#[tokio::test]
async fn item_validation_errors() {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "val", true).await;
    let missing_table = c
        .put_item()
        .table_name("nope")
        .set_item(Some(key("a", "1")))
        .send()
        .await
        .unwrap_err();
    assert_eq!(missing_table.code(), Some("ResourceNotFoundException"));
    let wrong_type = c
        .put_item()
        .table_name("val")
        .item("pk", n("1"))
        .item("sk", s("1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(wrong_type.code(), Some("ValidationException"));
    assert!(
        wrong_type
            .message()
            .unwrap_or_default()
            .contains("Type mismatch for key"),
        "{:?}",
        wrong_type.message()
    );
    let bad_expr = c
        .update_item()
        .table_name("val")
        .set_key(Some(key("a", "1")))
        .update_expression("SET")
        .send()
        .await
        .unwrap_err();
    assert_eq!(bad_expr.code(), Some("ValidationException"));
    let unused = c
        .put_item()
        .table_name("val")
        .set_item(Some(key("a", "1")))
        .expression_attribute_values(":unused", n("1"))
        .condition_expression("attribute_exists(pk)")
        .send()
        .await
        .unwrap_err();
    assert_eq!(unused.code(), Some("ValidationException"));
}

#[tokio::test]
async fn query_and_scan_with_pages_and_filters() -> TestResult {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "rows", true).await;
    for i in 0..25 {
        c.put_item()
            .table_name("rows")
            .set_item(Some(key(
                if i % 2 == 0 { "even" } else { "odd" },
                &format!("{i:02}"),
            )))
            .item("i", n(&i.to_string()))
            .send()
            .await?;
    }
    let q = c
        .query()
        .table_name("rows")
        .key_condition_expression("pk = :p AND sk BETWEEN :a AND :b")
        .expression_attribute_values(":p", s("even"))
        .expression_attribute_values(":a", s("04"))
        .expression_attribute_values(":b", s("10"))
        .scan_index_forward(false)
        .send()
        .await?;
    let sks: Vec<&AV> = q.items().iter().map(|i| &i["sk"]).collect();
    assert_eq!(sks, [&s("10"), &s("08"), &s("06"), &s("04")]);

    let mut seen = 0;
    let mut start = None;
    loop {
        let page = c
            .query()
            .table_name("rows")
            .key_condition_expression("pk = :p")
            .expression_attribute_values(":p", s("odd"))
            .limit(5)
            .set_exclusive_start_key(start)
            .send()
            .await?;
        seen += page.count();
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    assert_eq!(seen, 12);

    let filtered = c
        .scan()
        .table_name("rows")
        .filter_expression("i >= :min")
        .expression_attribute_values(":min", n("20"))
        .send()
        .await?;
    assert_eq!((filtered.count(), filtered.scanned_count()), (5, 25));
    let counted = c
        .scan()
        .table_name("rows")
        .select(Select::Count)
        .send()
        .await?;
    assert_eq!(counted.count(), 25);
    assert!(counted.items().is_empty());
    let mut total = 0;
    for segment in 0..3 {
        total += c
            .scan()
            .table_name("rows")
            .segment(segment)
            .total_segments(3)
            .send()
            .await?
            .count();
    }
    assert_eq!(total, 25);
    Ok(())
}

#[tokio::test]
async fn batches() -> TestResult {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "batch", true).await;
    let puts: Vec<WriteRequest> = (0..25)
        .map(|i| {
            let put = PutRequest::builder()
                .set_item(Some(key("b", &format!("{i:02}"))))
                .build()
                .unwrap();
            WriteRequest::builder().put_request(put).build()
        })
        .collect();
    let out = c
        .batch_write_item()
        .request_items("batch", puts)
        .send()
        .await?;
    assert!(out.unprocessed_items().is_none_or(|u| u.is_empty()));
    let keys = KeysAndAttributes::builder()
        .keys(key("b", "00"))
        .keys(key("b", "24"))
        .keys(key("b", "99"))
        .build()?;
    let got = c
        .batch_get_item()
        .request_items("batch", keys)
        .send()
        .await?;
    assert_eq!(
        got.responses().and_then(|r| r.get("batch")).map(Vec::len),
        Some(2)
    );

    let delete = WriteRequest::builder()
        .delete_request(
            DeleteRequest::builder()
                .set_key(Some(key("b", "00")))
                .build()?,
        )
        .build();
    c.batch_write_item()
        .request_items("batch", vec![delete])
        .send()
        .await?;
    assert_eq!(c.scan().table_name("batch").send().await?.count(), 24);

    let dup = WriteRequest::builder()
        .delete_request(
            DeleteRequest::builder()
                .set_key(Some(key("b", "01")))
                .build()?,
        )
        .build();
    let err = c
        .batch_write_item()
        .request_items("batch", vec![dup.clone(), dup])
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(
        err.message(),
        Some("Provided list of item keys contains duplicates")
    );
    Ok(())
}

#[tokio::test]
async fn legacy_parameters() -> TestResult {
    use aws_sdk_dynamodb::types::{ComparisonOperator, Condition, ExpectedAttributeValue};
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "legacy", true).await;
    c.put_item()
        .table_name("legacy")
        .set_item(Some(key("a", "1")))
        .item("v", n("1"))
        .item("w", n("2"))
        .send()
        .await?;
    let got = c
        .get_item()
        .table_name("legacy")
        .set_key(Some(key("a", "1")))
        .attributes_to_get("v")
        .send()
        .await?;
    assert_eq!(
        got.item().map(|i| i.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["v".to_string()])
    );
    let expected = ExpectedAttributeValue::builder().value(n("2")).build();
    let err = c
        .put_item()
        .table_name("legacy")
        .set_item(Some(key("a", "1")))
        .expected("v", expected)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ConditionalCheckFailedException"));
    let cond = Condition::builder()
        .comparison_operator(ComparisonOperator::Eq)
        .attribute_value_list(s("a"))
        .build()?;
    let q = c
        .query()
        .table_name("legacy")
        .key_conditions("pk", cond)
        .send()
        .await?;
    assert_eq!(q.count(), 1);
    Ok(())
}
