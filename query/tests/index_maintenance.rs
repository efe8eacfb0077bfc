mod common;

use common::{call, fails, TestResult};
use dynakv::Database;
use serde_json::{json, Value};

fn composite(db: &Database) {
    call(db, "CreateTable", json!({
        "TableName": "comp",
        "AttributeDefinitions": [
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
            {"AttributeName": "lsi1sk", "AttributeType": "S"},
            {"AttributeName": "gpk", "AttributeType": "S"},
            {"AttributeName": "gsk", "AttributeType": "N"}
        ],
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "LocalSecondaryIndexes": [{
            "IndexName": "lsi1",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsi1sk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"}
        }],
        "GlobalSecondaryIndexes": [{
            "IndexName": "gsi1",
            "KeySchema": [{"AttributeName": "gpk", "KeyType": "HASH"}, {"AttributeName": "gsk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["data"]}
        }],
        "BillingMode": "PAY_PER_REQUEST"
    })).unwrap();
}

fn put(db: &Database, item: Value) {
    call(db, "PutItem", json!({"TableName": "comp", "Item": item})).unwrap();
}

#[test]
fn describe_lists_indexes() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    let d = call(&db, "DescribeTable", json!({"TableName": "comp"}))?;
    let gsi = &d["Table"]["GlobalSecondaryIndexes"][0];
    assert_eq!(gsi["IndexName"], "gsi1");
    assert_eq!(gsi["IndexStatus"], "ACTIVE");
    assert_eq!(
        gsi["Projection"],
        json!({"ProjectionType": "INCLUDE", "NonKeyAttributes": ["data"]})
    );
    assert_eq!(
        gsi["IndexArn"],
        "arn:aws:dynamodb:us-east-1:000000000000:table/comp/index/gsi1"
    );
    assert_eq!(d["Table"]["LocalSecondaryIndexes"][0]["IndexName"], "lsi1");
    Ok(())
}

#[test]
fn gsi_query_follows_updates_and_deletes() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    for i in 0..5 {
        put(
            &db,
            json!({
                "pk": {"S": format!("p{i}")}, "sk": {"S": "x"},
                "gpk": {"S": "g"}, "gsk": {"N": i.to_string()}, "data": {"S": "d"}, "extra": {"S": "e"}
            }),
        );
    }
    put(&db, json!({"pk": {"S": "sparse"}, "sk": {"S": "x"}}));
    let q = |db: &Database| {
        call(
            db,
            "Query",
            json!({
                "TableName": "comp", "IndexName": "gsi1",
                "KeyConditionExpression": "gpk = :g AND gsk >= :lo",
                "ExpressionAttributeValues": {":g": {"S": "g"}, ":lo": {"N": "1"}}
            }),
        )
        .unwrap()
    };
    let r = q(&db);
    assert_eq!(r["Count"], 4);
    let first = &r["Items"][0];
    assert_eq!(first["gsk"], json!({"N": "1"}));
    assert!(
        first.get("extra").is_none(),
        "INCLUDE projects only the listed attributes"
    );
    assert_eq!(first["data"], json!({"S": "d"}));
    // Moving an item's index key moves its entry; deleting removes it.
    call(
        &db,
        "UpdateItem",
        json!({
            "TableName": "comp", "Key": {"pk": {"S": "p1"}, "sk": {"S": "x"}},
            "UpdateExpression": "SET gsk = :v", "ExpressionAttributeValues": {":v": {"N": "-1"}}
        }),
    )?;
    call(
        &db,
        "DeleteItem",
        json!({"TableName": "comp", "Key": {"pk": {"S": "p2"}, "sk": {"S": "x"}}}),
    )?;
    call(
        &db,
        "UpdateItem",
        json!({
            "TableName": "comp", "Key": {"pk": {"S": "p3"}, "sk": {"S": "x"}},
            "UpdateExpression": "REMOVE gpk"
        }),
    )?;
    let r = q(&db);
    let gsks: Vec<_> = r["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["gsk"]["N"].clone())
        .collect();
    assert_eq!(gsks, vec![json!("4")]);
    let d = call(&db, "DescribeTable", json!({"TableName": "comp"}))?;
    assert_eq!(d["Table"]["GlobalSecondaryIndexes"][0]["ItemCount"], 3);
    Ok(())
}

#[test]
fn index_pagination_carries_index_and_table_keys() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    for i in 0..6 {
        put(
            &db,
            json!({"pk": {"S": "p"}, "sk": {"S": format!("s{i}")}, "lsi1sk": {"S": format!("l{}", 5 - i)}}),
        );
    }
    let mut start: Option<Value> = None;
    let mut seen = Vec::new();
    loop {
        let mut req = json!({
            "TableName": "comp", "IndexName": "lsi1", "Limit": 4,
            "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}
        });
        if let Some(s) = &start {
            req["ExclusiveStartKey"] = s.clone();
        }
        let page = call(&db, "Query", req)?;
        for item in page["Items"].as_array().unwrap() {
            seen.push(item["lsi1sk"]["S"].as_str().unwrap().to_string());
        }
        match page.get("LastEvaluatedKey") {
            Some(k) => {
                assert_eq!(
                    k.as_object().unwrap().len(),
                    3,
                    "table keys plus the index sort key"
                );
                start = Some(k.clone());
            }
            None => break,
        }
    }
    assert_eq!(seen, vec!["l0", "l1", "l2", "l3", "l4", "l5"]);
    // ALL_ATTRIBUTES on a KEYS_ONLY local index reads the table.
    put(
        &db,
        json!({"pk": {"S": "q"}, "sk": {"S": "a"}, "lsi1sk": {"S": "z"}, "more": {"N": "1"}}),
    );
    let all = call(
        &db,
        "Query",
        json!({
            "TableName": "comp", "IndexName": "lsi1", "Select": "ALL_ATTRIBUTES",
            "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "q"}}
        }),
    )?;
    assert_eq!(all["Items"][0]["more"], json!({"N": "1"}));
    Ok(())
}

#[test]
fn index_key_validation_and_errors() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    let e = fails(
        &db,
        "PutItem",
        json!({"TableName": "comp", "Item": {"pk": {"S": "a"}, "sk": {"S": "b"}, "lsi1sk": {"N": "5"}}}),
    );
    assert_eq!(e.message(), "One or more parameter values were invalid: Type mismatch for Index Key lsi1sk Expected: S Actual: N IndexName: lsi1");
    // UpdateItem's SET of an index key to a type read from the item has its own wording; a
    // value or arithmetic gets PutItem's.
    put(
        &db,
        json!({"pk": {"S": "a"}, "sk": {"S": "b"}, "e": {"N": "1"}}),
    );
    let key = json!({"pk": {"S": "a"}, "sk": {"S": "b"}});
    let e = fails(
        &db,
        "UpdateItem",
        json!({
            "TableName": "comp", "Key": key, "UpdateExpression": "SET gpk = e + :n",
            "ExpressionAttributeValues": {":n": {"N": "1"}}
        }),
    );
    assert_eq!(e.message(), "One or more parameter values were invalid: Type mismatch for Index Key gpk Expected: S Actual: N IndexName: gsi1");
    for expression in ["SET lsi1sk = e", "SET gpk = if_not_exists(gpk, e)"] {
        let e = fails(
            &db,
            "UpdateItem",
            json!({"TableName": "comp", "Key": key, "UpdateExpression": expression}),
        );
        assert_eq!(
            e.message(),
            "The update expression attempted to update the secondary index key to unsupported type"
        );
    }
    let e = fails(
        &db,
        "BatchWriteItem",
        json!({"RequestItems": {"comp": [
            {"PutRequest": {"Item": {"pk": {"S": "a"}, "sk": {"S": "b"}, "gpk": {"S": ""}}}}
        ]}}),
    );
    assert_eq!(e.message(), "One or more parameter values are not valid. A value specified for a secondary index key is not supported. The AttributeValue for a key attribute cannot contain an empty string value. IndexName: gsi1, IndexKey: gpk");
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "comp", "IndexName": "gsi1", "ConsistentRead": true,
            "KeyConditionExpression": "gpk = :g", "ExpressionAttributeValues": {":g": {"S": "g"}}
        }),
    );
    assert_eq!(
        e.message(),
        "Consistent reads are not supported on global secondary indexes"
    );
    let e = fails(
        &db,
        "Scan",
        json!({"TableName": "comp", "IndexName": "nope"}),
    );
    assert_eq!(
        e.message(),
        "The table does not have the specified index: nope"
    );
    let e = fails(
        &db,
        "CreateTable",
        json!({
            "TableName": "lsi_no_range",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "x", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "LocalSecondaryIndexes": [{
                "IndexName": "lsi1",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "x", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"}
            }],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    assert_eq!(e.message(), "One or more parameter values were invalid: Table KeySchema does not have a range key, which is required when specifying a LocalSecondaryIndex");
    let gsi = |name: &str, key: &str| {
        json!({
            "IndexName": name, "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "ALL"}
        })
    };
    let e = fails(
        &db,
        "CreateTable",
        json!({
            "TableName": "dup_idx",
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "a", "AttributeType": "S"}, {"AttributeName": "b", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "GlobalSecondaryIndexes": [gsi("same", "a"), gsi("same", "b")],
            "BillingMode": "PAY_PER_REQUEST"
        }),
    );
    assert_eq!(
        e.message(),
        "One or more parameter values were invalid: Duplicate index name: same"
    );
    Ok(())
}

#[test]
fn scan_on_gsi_skips_items_without_index_keys() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    put(
        &db,
        json!({"pk": {"S": "a"}, "sk": {"S": "1"}, "gpk": {"S": "g"}, "gsk": {"N": "1"}}),
    );
    put(&db, json!({"pk": {"S": "b"}, "sk": {"S": "1"}}));
    let r = call(
        &db,
        "Scan",
        json!({"TableName": "comp", "IndexName": "gsi1"}),
    )?;
    assert_eq!(r["Count"], 1);
    Ok(())
}

#[test]
fn index_writes_and_reads_are_charged_to_their_index() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    let item = json!({"pk": {"S": "a"}, "sk": {"S": "1"}, "lsi1sk": {"S": "l"}, "gpk": {"S": "g"}, "gsk": {"N": "1"}});
    let r = call(
        &db,
        "PutItem",
        json!({"TableName": "comp", "Item": item, "ReturnConsumedCapacity": "INDEXES"}),
    )?;
    assert_eq!(
        r["ConsumedCapacity"],
        json!({
            "TableName": "comp", "CapacityUnits": 3.0, "Table": {"CapacityUnits": 1.0},
            "GlobalSecondaryIndexes": {"gsi1": {"CapacityUnits": 1.0}},
            "LocalSecondaryIndexes": {"lsi1": {"CapacityUnits": 1.0}}
        })
    );
    // Moving the GSI key costs a delete and a put on the index; the KEYS_ONLY LSI does not
    // store gsk, so it is not charged.
    let r = call(
        &db,
        "UpdateItem",
        json!({
            "TableName": "comp", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}},
            "UpdateExpression": "SET gsk = :v", "ExpressionAttributeValues": {":v": {"N": "2"}},
            "ReturnConsumedCapacity": "TOTAL"
        }),
    )?;
    assert_eq!(r["ConsumedCapacity"]["CapacityUnits"], json!(3.0));
    let r = call(
        &db,
        "Query",
        json!({
            "TableName": "comp", "IndexName": "gsi1", "ReturnConsumedCapacity": "INDEXES",
            "KeyConditionExpression": "gpk = :g", "ExpressionAttributeValues": {":g": {"S": "g"}}
        }),
    )?;
    assert_eq!(
        r["ConsumedCapacity"],
        json!({
            "TableName": "comp", "CapacityUnits": 0.5, "Table": {"CapacityUnits": 0.0},
            "GlobalSecondaryIndexes": {"gsi1": {"CapacityUnits": 0.5}}
        })
    );
    Ok(())
}

#[test]
fn update_table_creates_backfilled_gsi_and_deletes_it() -> TestResult {
    let db = Database::in_memory()?;
    common::create_table(&db, "late", None);
    for i in 0..30 {
        let mut item = json!({"pk": {"S": format!("p{i}")}});
        if i % 3 == 0 {
            item["email"] = json!({"S": format!("u{}@x", i % 2)});
        }
        call(&db, "PutItem", json!({"TableName": "late", "Item": item}))?;
    }
    let r = call(
        &db,
        "UpdateTable",
        json!({
            "TableName": "late",
            "AttributeDefinitions": [{"AttributeName": "email", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": [{"Create": {
                "IndexName": "by_email",
                "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}
            }}]
        }),
    )?;
    let gsi = &r["TableDescription"]["GlobalSecondaryIndexes"][0];
    assert_eq!(
        (gsi["IndexName"].as_str(), gsi["IndexStatus"].as_str()),
        (Some("by_email"), Some("ACTIVE"))
    );
    assert_eq!(gsi["ItemCount"], 10);
    call(
        &db,
        "PutItem",
        json!({"TableName": "late", "Item": {"pk": {"S": "new"}, "email": {"S": "u0@x"}}}),
    )?;
    let q = call(
        &db,
        "Query",
        json!({
            "TableName": "late", "IndexName": "by_email",
            "KeyConditionExpression": "email = :e", "ExpressionAttributeValues": {":e": {"S": "u0@x"}}
        }),
    )?;
    assert_eq!(
        q["Count"], 6,
        "five backfilled entries and one written after"
    );
    let e = fails(
        &db,
        "UpdateTable",
        json!({
            "TableName": "late",
            "AttributeDefinitions": [{"AttributeName": "email", "AttributeType": "S"}],
            "GlobalSecondaryIndexUpdates": [{"Create": {
                "IndexName": "by_email",
                "KeySchema": [{"AttributeName": "email", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}
            }}]
        }),
    );
    assert_eq!(e.type_name(), "ValidationException");
    call(
        &db,
        "UpdateTable",
        json!({
            "TableName": "late", "GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": "by_email"}}]
        }),
    )?;
    let d = call(&db, "DescribeTable", json!({"TableName": "late"}))?;
    assert!(d["Table"].get("GlobalSecondaryIndexes").is_none());
    assert_eq!(
        d["Table"]["AttributeDefinitions"].as_array().unwrap().len(),
        1
    );
    let e = fails(
        &db,
        "Query",
        json!({
            "TableName": "late", "IndexName": "by_email",
            "KeyConditionExpression": "email = :e", "ExpressionAttributeValues": {":e": {"S": "u0@x"}}
        }),
    );
    assert_eq!(
        e.message(),
        "The table does not have the specified index: by_email"
    );
    Ok(())
}

#[test]
fn malformed_index_creation_is_a_validation_error() -> TestResult {
    let db = Database::in_memory()?;
    common::create_table(&db, "bad_gsi", None);
    for schema in [json!([]), json!([{"KeyType": "HASH"}])] {
        let e = fails(
            &db,
            "UpdateTable",
            json!({
                "TableName": "bad_gsi",
                "GlobalSecondaryIndexUpdates": [{"Create": {
                    "IndexName": "g1x", "KeySchema": schema, "Projection": {"ProjectionType": "ALL"}
                }}]
            }),
        );
        assert_eq!(e.type_name(), "ValidationException");
    }
    Ok(())
}

#[test]
fn item_collection_metrics_on_tables_with_local_indexes() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    let r = call(
        &db,
        "PutItem",
        json!({
            "TableName": "comp", "Item": {"pk": {"S": "icm"}, "sk": {"S": "a"}},
            "ReturnItemCollectionMetrics": "SIZE"
        }),
    )?;
    assert_eq!(
        r["ItemCollectionMetrics"],
        json!({"ItemCollectionKey": {"pk": {"S": "icm"}}, "SizeEstimateRangeGB": [0.0, 1.0]})
    );
    let r = call(
        &db,
        "DeleteItem",
        json!({
            "TableName": "comp", "Key": {"pk": {"S": "icm"}, "sk": {"S": "a"}},
            "ReturnItemCollectionMetrics": "NONE"
        }),
    )?;
    assert!(r.get("ItemCollectionMetrics").is_none());
    common::create_table(&db, "plain", None);
    let r = call(
        &db,
        "PutItem",
        json!({
            "TableName": "plain", "Item": {"pk": {"S": "x"}}, "ReturnItemCollectionMetrics": "SIZE"
        }),
    )?;
    assert!(r.get("ItemCollectionMetrics").is_none());
    Ok(())
}

#[test]
fn update_item_checks_index_keys_before_reading_the_item() -> TestResult {
    let db = Database::in_memory()?;
    composite(&db);
    let update = |expression: &str| {
        json!({
            "TableName": "comp",
            "Key": {"pk": {"S": "new"}, "sk": {"S": "item"}},
            "UpdateExpression": expression,
            "ExpressionAttributeValues": {":n": {"N": "1"}}
        })
    };
    let mismatch = "One or more parameter values were invalid: Type mismatch for Index Key gpk Expected: S Actual: N IndexName: gsi1";
    // The type mismatch comes first, even after a path into an index key.
    for expression in [
        "SET e = gpk[1], gpk = pk + :n",
        "SET lsi1sk.a = pk ADD gpk :n",
    ] {
        assert_eq!(
            fails(&db, "UpdateItem", update(expression)).message(),
            mismatch,
            "{expression}"
        );
    }
    let scalar = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: IndexKey: gsk";
    for expression in [
        "ADD gsk.b :n",
        "SET gsk[1] = :n",
        "SET e = list_append(pk, sk), f = gsk[1], g = :n",
    ] {
        assert_eq!(
            fails(&db, "UpdateItem", update(expression)).message(),
            scalar,
            "{expression}"
        );
    }
    // Updating a table key is reported before either.
    let e = fails(&db, "UpdateItem", update("SET gsk[1] = :n ADD sk.b :n"));
    assert_eq!(
        e.message(),
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key"
    );
    Ok(())
}
