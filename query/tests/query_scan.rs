mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

fn seeded() -> Database {
    let db = Database::in_memory().unwrap();
    create_table(&db, "events", Some("N"));
    for pk in ["a", "b", "c"] {
        for sk in 1..=10 {
            let item = json!({
                "pk": {"S": pk}, "sk": {"N": sk.to_string()},
                "even": {"BOOL": sk % 2 == 0}, "label": {"S": format!("{pk}-{sk}")}
            });
            call(&db, "PutItem", json!({"TableName": "events", "Item": item})).unwrap();
        }
    }
    db
}

fn sks(resp: &Value) -> Vec<i64> {
    resp["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sk"]["N"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn query_sort_conditions_and_direction() -> TestResult {
    let db = seeded();
    let q = |cond: &str, values: Value, forward: bool| {
        let mut values = values;
        values[":p"] = json!({"S": "b"});
        call(
            &db,
            "Query",
            json!({
                "TableName": "events",
                "KeyConditionExpression": cond,
                "ExpressionAttributeValues": values,
                "ScanIndexForward": forward
            }),
        )
    };
    assert_eq!(
        sks(&q("pk = :p", json!({}), true)?),
        (1..=10).collect::<Vec<_>>()
    );
    assert_eq!(
        sks(&q("pk = :p", json!({}), false)?),
        (1..=10).rev().collect::<Vec<_>>()
    );
    assert_eq!(
        sks(&q("pk = :p AND sk > :v", json!({":v": {"N": "7"}}), true)?),
        vec![8, 9, 10]
    );
    assert_eq!(
        sks(&q("pk = :p AND sk <= :v", json!({":v": {"N": "2"}}), true)?),
        vec![1, 2]
    );
    assert_eq!(
        sks(&q(
            "pk = :p AND sk BETWEEN :lo AND :hi",
            json!({":lo": {"N": "4"}, ":hi": {"N": "6"}}),
            false
        )?),
        vec![6, 5, 4]
    );
    assert_eq!(
        sks(&q("pk = :p AND sk = :v", json!({":v": {"N": "3"}}), true)?),
        vec![3]
    );
    Ok(())
}

#[test]
fn query_pages_with_limit_and_filter_before_after() -> TestResult {
    let db = seeded();
    let mut start: Option<Value> = None;
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let mut req = json!({
            "TableName": "events",
            "KeyConditionExpression": "pk = :p",
            "FilterExpression": "even = :t",
            "ExpressionAttributeValues": {":p": {"S": "a"}, ":t": {"BOOL": true}},
            "Limit": 3
        });
        if let Some(s) = &start {
            req["ExclusiveStartKey"] = s.clone();
        }
        let page = call(&db, "Query", req)?;
        pages += 1;
        assert!(page["ScannedCount"].as_u64().unwrap() <= 3);
        seen.extend(sks(&page));
        match page.get("LastEvaluatedKey") {
            Some(k) => start = Some(k.clone()),
            None => break,
        }
    }
    assert_eq!(seen, vec![2, 4, 6, 8, 10]);
    assert_eq!(pages, 4, "the limit applies before the filter");
    let count = call(
        &db,
        "Query",
        json!({
            "TableName": "events", "KeyConditionExpression": "pk = :p",
            "FilterExpression": "even = :t",
            "ExpressionAttributeValues": {":p": {"S": "c"}, ":t": {"BOOL": true}},
            "Select": "COUNT"
        }),
    )?;
    assert_eq!(
        (count["Count"].as_u64(), count["ScannedCount"].as_u64()),
        (Some(5), Some(10))
    );
    assert!(count.get("Items").is_none());
    Ok(())
}

#[test]
fn query_validation_messages() -> TestResult {
    let db = seeded();
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "events", "KeyConditionExpression": "sk = :v",
            "ExpressionAttributeValues": {":v": {"N": "1"}}
        }),
    );
    assert_eq!(e.message(), "Query condition missed key schema element: pk");
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "events", "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": {":v": {"S": "a"}}, "Select": "INVALID_VALUE"
        }),
    );
    assert_eq!(e.message(), "1 validation error detected: Value 'INVALID_VALUE' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]");
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "events", "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": {":v": {"S": "a"}}, "Limit": 0
        }),
    );
    assert_eq!(e.message(), "1 validation error detected: Value at 'Limit' failed to satisfy constraint: Member must have value greater than or equal to 1");
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "events", "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": {":v": {"S": "a"}}, "Select": "ALL_ATTRIBUTES", "ProjectionExpression": "sk"
        }),
    );
    assert_eq!(
        e.message(),
        "Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"
    );
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "events", "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": {":v": {"S": "a"}}, "Select": "ALL_PROJECTED_ATTRIBUTES"
        }),
    );
    assert_eq!(
        e.message(),
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"
    );
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "events", "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": {":v": {"S": "a"}}, "ExpressionAttributeNames": {"#unused": "x"}
        }),
    );
    assert_eq!(
        e.message(),
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"
    );
    Ok(())
}

#[test]
fn legacy_key_conditions_and_query_filter() -> TestResult {
    let db = seeded();
    let r = call(
        &db,
        "Query",
        json!({
            "TableName": "events",
            "KeyConditions": {
                "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "b"}]},
                "sk": {"ComparisonOperator": "GE", "AttributeValueList": [{"N": "8"}]}
            },
            "QueryFilter": {"even": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": true}]}},
            "AttributesToGet": ["sk"]
        }),
    )?;
    assert_eq!(r["Items"], json!([{"sk": {"N": "8"}}, {"sk": {"N": "10"}}]));
    Ok(())
}

#[test]
fn scan_segments_cover_the_table_once() -> TestResult {
    let db = seeded();
    let all = call(
        &db,
        "Scan",
        json!({"TableName": "events", "ReturnConsumedCapacity": "TOTAL"}),
    )?;
    assert_eq!(all["Count"], 30);
    assert!(all["ConsumedCapacity"]["CapacityUnits"].as_f64().unwrap() > 0.0);
    let mut labels = Vec::new();
    for segment in 0..4 {
        let part = call(
            &db,
            "Scan",
            json!({"TableName": "events", "Segment": segment, "TotalSegments": 4}),
        )?;
        for item in part["Items"].as_array().unwrap() {
            labels.push(item["label"]["S"].as_str().unwrap().to_string());
        }
    }
    labels.sort();
    labels.dedup();
    assert_eq!(labels.len(), 30);
    let e = fails(
        &db,
        "Scan",
        json!({"TableName": "events", "Segment": 4, "TotalSegments": 4}),
    );
    assert_eq!(e.message(), "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4");
    let e = fails(&db, "Scan", json!({"TableName": "events", "Segment": 1}));
    assert!(e
        .message()
        .starts_with("The TotalSegments parameter is required"));
    Ok(())
}

#[test]
fn scan_pages_with_filter_and_legacy_scan_filter() -> TestResult {
    let db = seeded();
    let mut start: Option<Value> = None;
    let mut total = 0;
    loop {
        let mut req = json!({"TableName": "events", "Limit": 7, "ScanFilter": {
            "even": {"ComparisonOperator": "EQ", "AttributeValueList": [{"BOOL": false}]}
        }});
        if let Some(s) = &start {
            req["ExclusiveStartKey"] = s.clone();
        }
        let page = call(&db, "Scan", req)?;
        total += page["Count"].as_u64().unwrap();
        match page.get("LastEvaluatedKey") {
            Some(k) => start = Some(k.clone()),
            None => break,
        }
    }
    assert_eq!(total, 15);
    Ok(())
}

#[test]
fn pages_stop_at_one_megabyte() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "large", None);
    let blob = "x".repeat(100 * 1024);
    for i in 0..15 {
        call(
            &db,
            "PutItem",
            json!({"TableName": "large", "Item": {"pk": {"S": format!("k{i}")}, "b": {"S": blob}}}),
        )?;
    }
    let first = call(
        &db,
        "Scan",
        json!({"TableName": "large", "Select": "COUNT"}),
    )?;
    let n = first["ScannedCount"].as_u64().unwrap();
    assert!(
        (10..15).contains(&n),
        "a page reads about 1 MB, got {n} items"
    );
    let rest = call(
        &db,
        "Scan",
        json!({
            "TableName": "large", "Select": "COUNT", "ExclusiveStartKey": first["LastEvaluatedKey"]
        }),
    )?;
    assert_eq!(n + rest["ScannedCount"].as_u64().unwrap(), 15);
    assert!(rest.get("LastEvaluatedKey").is_none());
    Ok(())
}

/// A bad table name is one of the request's member errors, reported with the others.
#[test]
fn table_name_errors_come_with_the_other_member_errors() -> TestResult {
    let db = seeded();
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "abc!", "KeyConditionExpression": "pk = :v",
            "ExpressionAttributeValues": {":v": {"S": "a"}}, "Select": "INVALID"
        }),
    );
    assert!(e.message().starts_with("2 validation errors detected: "));
    assert!(e.message().contains("at 'tableName'") && e.message().contains("at 'select'"));
    let e = fails(&db, "Scan", json!({"TableName": "abc!", "Limit": 0}));
    assert!(e.message().starts_with("2 validation errors detected: "));
    Ok(())
}
