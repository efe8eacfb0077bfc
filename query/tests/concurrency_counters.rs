mod common;

use std::thread;

use common::{call, create_table, TestResult};
use dynakv::Database;
use serde_json::json;

/// Many threads increment shared counters with ADD and with conditional SET (optimistic
/// read-modify-write retried on ConditionalCheckFailed): no increment may be lost.
#[test]
fn concurrent_add_and_conditional_updates_lose_nothing() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "ctr", None);
    const THREADS: usize = 8;
    const ROUNDS: usize = 200;
    thread::scope(|s| {
        for t in 0..THREADS {
            let db = db.clone();
            s.spawn(move || {
                for i in 0..ROUNDS {
                    let key = format!("c{}", i % 4);
                    call(
                        &db,
                        "UpdateItem",
                        json!({
                            "TableName": "ctr", "Key": {"pk": {"S": key}},
                            "UpdateExpression": "ADD n :one",
                            "ExpressionAttributeValues": {":one": {"N": "1"}}
                        }),
                    )
                    .unwrap();
                    cas_increment(&db, &format!("v{}", (i + t) % 2));
                }
            });
        }
    });
    let mut add_total = 0;
    for c in 0..4 {
        let got = call(
            &db,
            "GetItem",
            json!({"TableName": "ctr", "Key": {"pk": {"S": format!("c{c}")}}}),
        )?;
        add_total += got["Item"]["n"]["N"].as_str().unwrap().parse::<usize>()?;
    }
    assert_eq!(add_total, THREADS * ROUNDS);
    let mut cas_total = 0;
    for v in 0..2 {
        let got = call(
            &db,
            "GetItem",
            json!({"TableName": "ctr", "Key": {"pk": {"S": format!("v{v}")}}}),
        )?;
        cas_total += got["Item"]["n"]["N"].as_str().unwrap().parse::<usize>()?;
    }
    assert_eq!(cas_total, THREADS * ROUNDS);
    Ok(())
}

/// Reads the counter, then writes counter+1 only if it is unchanged; retries on conflict.
fn cas_increment(db: &Database, key: &str) {
    loop {
        let got = call(
            db,
            "GetItem",
            json!({"TableName": "ctr", "Key": {"pk": {"S": key}}, "ConsistentRead": true}),
        )
        .unwrap();
        let current: u64 = got["Item"]["n"]["N"]
            .as_str()
            .map_or(0, |n| n.parse().unwrap());
        let (cond, values) = if got.get("Item").is_some() {
            (
                "n = :old",
                json!({":old": {"N": current.to_string()}, ":new": {"N": (current + 1).to_string()}}),
            )
        } else {
            ("attribute_not_exists(pk)", json!({":new": {"N": "1"}}))
        };
        let r = call(
            db,
            "UpdateItem",
            json!({
                "TableName": "ctr", "Key": {"pk": {"S": key}},
                "UpdateExpression": "SET n = :new", "ConditionExpression": cond,
                "ExpressionAttributeValues": values
            }),
        );
        match r {
            Ok(_) => return,
            Err(dynakv::Error::ConditionalCheckFailed { .. }) => continue,
            Err(e) => panic!("{e}"),
        }
    }
}
