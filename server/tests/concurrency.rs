//! Many clients hammering the same items: ADD counters lose no increment and conditional
//! updates serialize (each success is exactly one step of the counter).

mod common;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use aws_sdk_dynamodb::types::AttributeValue as AV;
use common::{create_table, TestResult, TestServer};

const CLIENTS: usize = 8;
const OPS: usize = 40;
/// More connection threads than cores: clients on different threads contend for the same items.
const WORKERS: usize = 3;

fn pk(v: &str) -> AV {
    AV::S(v.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn add_counters_lose_nothing() -> TestResult {
    let srv = TestServer::in_memory_with_workers(WORKERS).await;
    create_table(&srv.client(), "counters", false).await;
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let c = srv.client();
        tasks.push(tokio::spawn(async move {
            for _ in 0..OPS {
                c.update_item()
                    .table_name("counters")
                    .key("pk", pk("hot"))
                    .update_expression("ADD hits :one")
                    .expression_attribute_values(":one", AV::N("1".into()))
                    .send()
                    .await
                    .expect("add");
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let item = srv
        .client()
        .get_item()
        .table_name("counters")
        .key("pk", pk("hot"))
        .consistent_read(true)
        .send()
        .await?;
    assert_eq!(
        item.item().and_then(|i| i.get("hits")),
        Some(&AV::N((CLIENTS * OPS).to_string()))
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn conditional_updates_serialize() -> TestResult {
    let srv = TestServer::in_memory_with_workers(WORKERS).await;
    let c = srv.client();
    create_table(&c, "cas", false).await;
    c.put_item()
        .table_name("cas")
        .item("pk", pk("x"))
        .item("v", AV::N("0".into()))
        .send()
        .await?;
    let mut tasks = Vec::new();
    for _ in 0..CLIENTS {
        let c = srv.client();
        tasks.push(tokio::spawn(async move {
            let mut wins = 0u64;
            for _ in 0..OPS {
                let current = c
                    .get_item()
                    .table_name("cas")
                    .key("pk", pk("x"))
                    .consistent_read(true)
                    .send()
                    .await
                    .expect("get");
                let v: u64 = match current.item().and_then(|i| i.get("v")) {
                    Some(AV::N(n)) => n.parse().expect("number"),
                    other => panic!("unexpected {other:?}"),
                };
                let result = c
                    .update_item()
                    .table_name("cas")
                    .key("pk", pk("x"))
                    .update_expression("SET v = :new")
                    .condition_expression("v = :old")
                    .expression_attribute_values(":old", AV::N(v.to_string()))
                    .expression_attribute_values(":new", AV::N((v + 1).to_string()))
                    .send()
                    .await;
                match result {
                    Ok(_) => wins += 1,
                    Err(e) => assert_eq!(e.code(), Some("ConditionalCheckFailedException")),
                }
            }
            wins
        }));
    }
    let mut wins = 0;
    for t in tasks {
        wins += t.await?;
    }
    let item = c
        .get_item()
        .table_name("cas")
        .key("pk", pk("x"))
        .consistent_read(true)
        .send()
        .await?;
    assert_eq!(
        item.item().and_then(|i| i.get("v")),
        Some(&AV::N(wins.to_string()))
    );
    assert!(
        wins >= OPS as u64,
        "at least one client wins each round: {wins}"
    );
    Ok(())
}
