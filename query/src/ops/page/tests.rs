//! Query and Scan over JSON (items written from their stored bytes where they can be) answer
//! exactly as the serde path does: typed run, response serialized with serde.

use proptest::prelude::*;

use crate::api::{PutItemRequest, QueryRequest, ScanRequest};
use crate::value::{arbitrary, AttributeValue, Item};
use crate::{Database, Result};

use super::super::{dispatch, query, scan, Request};

fn serde_path(db: &Database, op: &str, body: &[u8]) -> Result<Vec<u8>> {
    let req = Request { op, body };
    match op {
        "Query" => req.run(|r: QueryRequest| query::run(db.inner(), r)),
        _ => req.run(|r: ScanRequest| scan::run(db.inner(), r)),
    }
}

fn assert_same(db: &Database, op: &str, body: &str) {
    let fast = dispatch(db.inner(), op, body.as_bytes());
    assert_eq!(fast, serde_path(db, op, body.as_bytes()), "{op} {body}");
}

/// A table with a local and a global index, and `items` items in two partitions.
fn database(items: &[Item]) -> Database {
    let db = Database::in_memory().unwrap();
    let create = r#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
            {"AttributeName":"sk","AttributeType":"N"},{"AttributeName":"g","AttributeType":"S"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],
        "LocalSecondaryIndexes":[{"IndexName":"lsi","KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
            {"AttributeName":"g","KeyType":"RANGE"}],"Projection":{"ProjectionType":"KEYS_ONLY"}}],
        "GlobalSecondaryIndexes":[{"IndexName":"gsi","KeySchema":[{"AttributeName":"g","KeyType":"HASH"}],
            "Projection":{"ProjectionType":"ALL"}}]}"#;
    db.handle_json("CreateTable", create.as_bytes()).unwrap();
    for (i, item) in items.iter().enumerate() {
        let mut item = item.clone();
        let pk = if i % 2 == 0 { "a" } else { "b" };
        item.insert("pk".into(), AttributeValue::S(pk.into()));
        item.insert("sk".into(), AttributeValue::N((i as i64).into()));
        item.insert("g".into(), AttributeValue::S(format!("g{}", i % 3)));
        db.put_item(PutItemRequest {
            table_name: Some("tbl".into()),
            item: Some(item),
            ..Default::default()
        })
        .unwrap();
    }
    db
}

fn sample_items() -> Vec<Item> {
    (0..7)
        .map(|i| {
            Item::from([
                ("v".to_owned(), AttributeValue::S(format!("x\"{i}\u{e9}"))),
                ("n".to_owned(), AttributeValue::N((i * 10).into())),
            ])
        })
        .collect()
}

#[test]
fn every_read_shape_answers_as_serde_does() {
    let db = database(&sample_items());
    let part = r#""KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}}"#;
    let queries = [
        format!(r#"{{"TableName":"tbl",{part}}}"#),
        format!(r#"{{"TableName":"tbl",{part},"ReturnConsumedCapacity":"INDEXES"}}"#),
        format!(r#"{{"TableName":"tbl",{part},"Limit":2}}"#),
        format!(r#"{{"TableName":"tbl",{part},"Limit":2,"ScanIndexForward":false}}"#),
        format!(r#"{{"TableName":"tbl",{part},"Select":"COUNT"}}"#),
        format!(r#"{{"TableName":"tbl",{part},"ProjectionExpression":"v"}}"#),
        format!(r#"{{"TableName":"tbl",{part},"ExclusiveStartKey":{{"pk":{{"S":"a"}},"sk":{{"N":"2"}}}}}}"#),
        r#"{"TableName":"tbl","KeyConditionExpression":"pk = :p","FilterExpression":"n > :n","ExpressionAttributeValues":{":p":{"S":"a"},":n":{"N":"20"}}}"#.to_owned(),
        r#"{"TableName":"tbl","IndexName":"lsi","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"b"}},"Select":"ALL_ATTRIBUTES"}"#.to_owned(),
        r#"{"TableName":"tbl","IndexName":"lsi","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"b"}}}"#.to_owned(),
        r#"{"TableName":"tbl","IndexName":"gsi","KeyConditionExpression":"g = :g","ExpressionAttributeValues":{":g":{"S":"g1"}},"Limit":1}"#.to_owned(),
        r#"{"TableName":"tbl","KeyConditionExpression":"pk = :p"}"#.to_owned(),
        r#"{"TableName":"nope","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}}}"#.to_owned(),
        String::new(),
    ];
    for body in &queries {
        assert_same(&db, "Query", body);
    }
    let scans = [
        r#"{"TableName":"tbl"}"#,
        r#"{"TableName":"tbl","Limit":3,"ReturnConsumedCapacity":"TOTAL"}"#,
        r#"{"TableName":"tbl","Select":"COUNT"}"#,
        r#"{"TableName":"tbl","Segment":1,"TotalSegments":2}"#,
        r#"{"TableName":"tbl","IndexName":"gsi","ConsistentRead":false}"#,
        r#"{"TableName":"tbl","AttributesToGet":["n"]}"#,
        r#"{"TableName":"tbl","Limit":0}"#,
    ];
    for body in scans {
        assert_same(&db, "Scan", body);
    }
}

proptest! {
    #[test]
    fn any_stored_items_scan_and_query_as_serde_writes_them(
        items in proptest::collection::vec(arbitrary::item(), 0..6),
        limit in 1..8u32,
    ) {
        let db = database(&items);
        let scan = format!(r#"{{"TableName":"tbl","Limit":{limit},"ReturnConsumedCapacity":"TOTAL"}}"#);
        let fast = dispatch(db.inner(), "Scan", scan.as_bytes()).unwrap();
        prop_assert_eq!(fast, serde_path(&db, "Scan", scan.as_bytes()).unwrap());
        let query = r#"{"TableName":"tbl","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{":p":{"S":"a"}}}"#;
        let fast = dispatch(db.inner(), "Query", query.as_bytes()).unwrap();
        prop_assert_eq!(fast, serde_path(&db, "Query", query.as_bytes()).unwrap());
    }
}
