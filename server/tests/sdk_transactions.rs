//! TransactWriteItems and TransactGetItems through the real aws-sdk-dynamodb client, including
//! the CancellationReasons a TransactionCanceledException carries on the wire.

mod common;

use std::collections::HashMap;

use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeValue as AV, ConditionCheck, Get, Put, ReturnValuesOnConditionCheckFailure,
    TransactGetItem, TransactWriteItem, Update,
};
use common::{create_table, TestResult, TestServer};

fn s(v: &str) -> AV {
    AV::S(v.to_string())
}

fn key(pk: &str) -> HashMap<String, AV> {
    HashMap::from([("pk".to_string(), s(pk))])
}

fn put(pk: &str, v: &str) -> TransactWriteItem {
    TransactWriteItem::builder()
        .put(
            Put::builder()
                .table_name("txn")
                .item("pk", s(pk))
                .item("v", s(v))
                .build()
                .unwrap(),
        )
        .build()
}

#[tokio::test]
async fn write_commits_all_actions_and_get_reads_them() -> TestResult {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "txn", false).await;
    let bump = Update::builder()
        .table_name("txn")
        .set_key(Some(key("counter")))
        .update_expression("ADD n :one")
        .expression_attribute_values(":one", AV::N("1".into()))
        .build()
        .unwrap();
    c.transact_write_items()
        .transact_items(put("a", "1"))
        .transact_items(put("b", "2"))
        .transact_items(TransactWriteItem::builder().update(bump).build())
        .send()
        .await?;
    let got = c
        .transact_get_items()
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("txn")
                        .set_key(Some(key("a")))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .transact_items(
            TransactGetItem::builder()
                .get(
                    Get::builder()
                        .table_name("txn")
                        .set_key(Some(key("counter")))
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await?;
    let responses = got.responses();
    assert_eq!(responses.len(), 2);
    assert_eq!(responses[0].item().unwrap()["v"], s("1"));
    assert_eq!(responses[1].item().unwrap()["n"], AV::N("1".into()));
    Ok(())
}

#[tokio::test]
async fn failed_condition_cancels_everything_with_reasons_in_request_order() -> TestResult {
    let srv = TestServer::in_memory().await;
    let c = srv.client();
    create_table(&c, "txn", false).await;
    c.put_item()
        .table_name("txn")
        .item("pk", s("guard"))
        .item("state", s("locked"))
        .send()
        .await?;
    let check = ConditionCheck::builder()
        .table_name("txn")
        .set_key(Some(key("guard")))
        .condition_expression("#s = :open")
        .expression_attribute_names("#s", "state")
        .expression_attribute_values(":open", s("open"))
        .return_values_on_condition_check_failure(ReturnValuesOnConditionCheckFailure::AllOld)
        .build()
        .unwrap();
    let err = c
        .transact_write_items()
        .transact_items(put("new", "x"))
        .transact_items(TransactWriteItem::builder().condition_check(check).build())
        .send()
        .await
        .expect_err("the condition fails");
    let TransactWriteItemsError::TransactionCanceledException(e) = err.into_service_error() else {
        panic!("expected TransactionCanceledException");
    };
    assert_eq!(
        e.message(),
        Some(
            "Transaction cancelled, please refer cancellation reasons for specific reasons \
             [None, ConditionalCheckFailed]"
        )
    );
    let reasons = e.cancellation_reasons();
    assert_eq!(reasons.len(), 2);
    assert_eq!(reasons[0].code(), Some("None"));
    assert_eq!(reasons[1].code(), Some("ConditionalCheckFailed"));
    assert_eq!(reasons[1].item().unwrap()["state"], s("locked"));
    // Nothing of the cancelled transaction was written.
    let got = c
        .get_item()
        .table_name("txn")
        .set_key(Some(key("new")))
        .send()
        .await?;
    assert!(got.item().is_none());
    Ok(())
}
