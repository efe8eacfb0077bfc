//! Time to Live: UpdateTimeToLive / DescribeTimeToLive with DynamoDB's errors, the background
//! sweeper (index entries and ItemCount follow its deletes), and persistence of the setting.

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{call, create_table, fails, TestResult};
use dynakv::{Config, Database};
use serde_json::{json, Value};

fn enable(
    db: &Database,
    table: &str,
    attribute: &str,
    enabled: bool,
) -> Result<Value, dynakv::Error> {
    call(
        db,
        "UpdateTimeToLive",
        json!({"TableName": table,
               "TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": attribute}}),
    )
}

fn describe(db: &Database, table: &str) -> Value {
    call(db, "DescribeTimeToLive", json!({"TableName": table})).expect("described")
}

fn validation(db: &Database, op: &str, body: Value) -> String {
    let e = fails(db, op, body);
    assert_eq!(e.type_name(), "ValidationException", "{e:?}");
    e.message().to_string()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn fast_sweeping() -> Database {
    Database::in_memory_with(Config {
        ttl_sweep_interval: Duration::from_millis(20),
        ..Config::default()
    })
    .unwrap()
}

#[test]
fn enable_describe_disable() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "tab1", None);
    assert_eq!(
        describe(&db, "tab1"),
        json!({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}})
    );
    assert_eq!(
        enable(&db, "tab1", "expiresAt", true)?,
        json!({"TimeToLiveSpecification": {"Enabled": true, "AttributeName": "expiresAt"}})
    );
    assert_eq!(
        describe(&db, "tab1"),
        json!({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "expiresAt"}})
    );
    assert_eq!(
        enable(&db, "tab1", "expiresAt", false)?,
        json!({"TimeToLiveSpecification": {"Enabled": false, "AttributeName": "expiresAt"}})
    );
    assert_eq!(
        describe(&db, "tab1"),
        json!({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}})
    );
    // Once disabled, another attribute may be enabled; the typed API sees the same state.
    enable(&db, "tab1", "ttl", true)?;
    let typed = db.describe_time_to_live("tab1")?;
    assert_eq!(
        typed.time_to_live_description.attribute_name.as_deref(),
        Some("ttl")
    );
    Ok(())
}

#[test]
fn state_errors_match_dynamodb() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "tab1", None);
    let disable = json!({"TableName": "tab1",
                         "TimeToLiveSpecification": {"Enabled": false, "AttributeName": "ttl"}});
    assert_eq!(
        validation(&db, "UpdateTimeToLive", disable),
        "TimeToLive is already disabled"
    );
    enable(&db, "tab1", "ttl", true)?;
    let again = json!({"TableName": "tab1",
                       "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}});
    assert_eq!(
        validation(&db, "UpdateTimeToLive", again),
        "TimeToLive is already enabled"
    );
    let other = "TimeToLive is active on a different AttributeName: current AttributeName is ttl";
    for enabled in [true, false] {
        let body = json!({"TableName": "tab1",
                          "TimeToLiveSpecification": {"Enabled": enabled, "AttributeName": "exp"}});
        assert_eq!(validation(&db, "UpdateTimeToLive", body), other);
    }
    assert_eq!(
        describe(&db, "tab1")["TimeToLiveDescription"]["AttributeName"],
        "ttl"
    );
    Ok(())
}

#[test]
fn missing_tables_are_not_found() {
    let db = Database::in_memory().unwrap();
    let update = json!({"TableName": "nope",
                        "TimeToLiveSpecification": {"Enabled": true, "AttributeName": "ttl"}});
    for (op, body) in [
        ("UpdateTimeToLive", update),
        ("DescribeTimeToLive", json!({"TableName": "nope"})),
    ] {
        let e = fails(&db, op, body);
        assert_eq!(e.type_name(), "ResourceNotFoundException");
        assert_eq!(
            e.message(),
            "Requested resource not found: Table: nope not found"
        );
    }
}

#[test]
fn request_shapes_are_validated_before_the_table() {
    let db = Database::in_memory().unwrap();
    let null = |m: &str| {
        format!("Value null at '{m}' failed to satisfy constraint: Member must not be null")
    };
    assert_eq!(
        validation(&db, "UpdateTimeToLive", json!({})),
        format!(
            "2 validation errors detected: {}; {}",
            null("tableName"),
            null("timeToLiveSpecification")
        )
    );
    assert_eq!(
        validation(
            &db,
            "UpdateTimeToLive",
            json!({"TableName": "abc", "TimeToLiveSpecification": {}})
        ),
        format!(
            "2 validation errors detected: {}; {}",
            null("timeToLiveSpecification.enabled"),
            null("timeToLiveSpecification.attributeName")
        )
    );
    assert_eq!(
        validation(
            &db,
            "UpdateTimeToLive",
            json!({"TableName": "abc", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": ""}})
        ),
        "1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' failed to \
         satisfy constraint: Member must have length greater than or equal to 1"
    );
    let long = "a".repeat(256);
    let msg = validation(
        &db,
        "UpdateTimeToLive",
        json!({"TableName": "abc", "TimeToLiveSpecification": {"Enabled": true, "AttributeName": long}}),
    );
    assert!(
        msg.ends_with("Member must have length less than or equal to 255"),
        "{msg}"
    );
    assert_eq!(
        validation(&db, "DescribeTimeToLive", json!({"TableName": "ab"})),
        "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: \
         Member must have length greater than or equal to 3"
    );
    let e = fails(
        &db,
        "UpdateTimeToLive",
        json!({"TableName": "abc", "TimeToLiveSpecification": {"Enabled": "yes", "AttributeName": "a"}}),
    );
    assert_eq!(e.type_name(), "SerializationException");
}

/// Creates `sessions` (sort key `sk`, a GSI on `g`) holding items 0..=6 whose `exp` makes 0 and 5
/// expired and every other one never-expiring.
fn fill(db: &Database) -> TestResult {
    call(
        db,
        "CreateTable",
        json!({
            "TableName": "sessions", "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "g", "AttributeType": "S"}],
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                          {"AttributeName": "sk", "KeyType": "RANGE"}],
            "GlobalSecondaryIndexes": [{
                "IndexName": "by_g",
                "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"}}]
        }),
    )?;
    let past = (now() - 60).to_string();
    let future = (now() + 3600).to_string();
    let exps = [
        json!({"N": past}),                // 0: expired
        json!({"N": future}),              // 1: lives
        json!({"S": past}),                // 2: not a number: never expires
        json!({"N": "1000"}),              // 3: more than five years ago: ignored
        json!({"NS": [past]}),             // 4: a set is not a number
        json!({"N": format!("{past}.5")}), // 5: expired
    ];
    for (i, exp) in exps.iter().enumerate() {
        call(
            db,
            "PutItem",
            json!({"TableName": "sessions",
                   "Item": {"pk": {"S": "p"}, "sk": {"N": i.to_string()}, "g": {"S": "all"}, "exp": exp}}),
        )?;
    }
    call(
        db,
        "PutItem",
        json!({"TableName": "sessions",
               "Item": {"pk": {"S": "p"}, "sk": {"N": "6"}, "g": {"S": "all"}}}),
    )?;
    Ok(())
}

fn sort_keys(resp: &Value) -> Vec<String> {
    let mut keys: Vec<String> = resp["Items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sk"]["N"].as_str().unwrap().to_string())
        .collect();
    keys.sort();
    keys
}

fn item_count(db: &Database) -> (i64, i64) {
    let d = call(db, "DescribeTable", json!({"TableName": "sessions"})).unwrap();
    let table = d["Table"]["ItemCount"].as_i64().unwrap();
    let index = d["Table"]["GlobalSecondaryIndexes"][0]["ItemCount"]
        .as_i64()
        .unwrap();
    (table, index)
}

fn scan_keys(db: &Database, index: Option<&str>) -> Vec<String> {
    let mut body = json!({"TableName": "sessions"});
    if let Some(i) = index {
        body["IndexName"] = json!(i);
    }
    sort_keys(&call(db, "Scan", body).unwrap())
}

#[test]
fn sweeper_deletes_expired_items_and_their_index_entries() -> TestResult {
    let db = fast_sweeping();
    fill(&db)?;
    // TTL disabled: expired items stay (several sweep intervals pass).
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(scan_keys(&db, None).len(), 7);
    assert_eq!(item_count(&db), (7, 7));

    enable(&db, "sessions", "exp", true)?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while scan_keys(&db, None).len() > 5 {
        assert!(Instant::now() < deadline, "expired items were not swept");
        std::thread::sleep(Duration::from_millis(20));
    }
    let live = ["1", "2", "3", "4", "6"];
    assert_eq!(scan_keys(&db, None), live);
    assert_eq!(scan_keys(&db, Some("by_g")), live);
    let q = call(
        &db,
        "Query",
        json!({"TableName": "sessions", "IndexName": "by_g",
               "KeyConditionExpression": "g = :g", "ExpressionAttributeValues": {":g": {"S": "all"}}}),
    )?;
    assert_eq!(sort_keys(&q), live);
    assert_eq!(item_count(&db), (5, 5));

    // Items written later expire too; a TTL moved into the future keeps the item.
    let past = (now() - 5).to_string();
    for sk in ["7", "8"] {
        call(
            &db,
            "PutItem",
            json!({"TableName": "sessions",
                   "Item": {"pk": {"S": "p"}, "sk": {"N": sk}, "g": {"S": "all"}, "exp": {"N": past}}}),
        )?;
    }
    call(
        &db,
        "UpdateItem",
        json!({"TableName": "sessions", "Key": {"pk": {"S": "p"}, "sk": {"N": "8"}},
               "UpdateExpression": "SET exp = :f",
               "ExpressionAttributeValues": {":f": {"N": (now() + 3600).to_string()}}}),
    )?;
    while scan_keys(&db, None).contains(&"7".to_string()) {
        assert!(Instant::now() < deadline, "late item was not swept");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(scan_keys(&db, None).contains(&"8".to_string()));
    Ok(())
}

#[test]
fn disabling_ttl_stops_expiry() -> TestResult {
    let db = fast_sweeping();
    create_table(&db, "tab1", None);
    enable(&db, "tab1", "exp", true)?;
    enable(&db, "tab1", "exp", false)?;
    let past = (now() - 60).to_string();
    call(
        &db,
        "PutItem",
        json!({"TableName": "tab1", "Item": {"pk": {"S": "a"}, "exp": {"N": past}}}),
    )?;
    std::thread::sleep(Duration::from_millis(200));
    let got = call(
        &db,
        "GetItem",
        json!({"TableName": "tab1", "Key": {"pk": {"S": "a"}}}),
    )?;
    assert_eq!(got["Item"]["pk"]["S"], "a");
    Ok(())
}

#[test]
fn setting_survives_reopen_and_dies_with_the_table() -> TestResult {
    let dir = tempfile::tempdir()?;
    {
        let db = Database::open(dir.path())?;
        create_table(&db, "kept", None);
        create_table(&db, "dropped", None);
        enable(&db, "kept", "exp", true)?;
        enable(&db, "dropped", "exp", true)?;
        call(&db, "DeleteTable", json!({"TableName": "dropped"}))?;
    }
    let db = Database::open(dir.path())?;
    assert_eq!(
        describe(&db, "kept"),
        json!({"TimeToLiveDescription": {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}})
    );
    create_table(&db, "dropped", None);
    assert_eq!(
        describe(&db, "dropped"),
        json!({"TimeToLiveDescription": {"TimeToLiveStatus": "DISABLED"}})
    );
    Ok(())
}

#[test]
fn dropping_the_database_stops_the_sweeper_at_once() {
    let db = Database::in_memory_with(Config {
        ttl_sweep_interval: Duration::from_secs(3600),
        ..Config::default()
    })
    .unwrap();
    let clone = db.clone();
    drop(db);
    let started = Instant::now();
    drop(clone);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_write_that_extends_the_ttl_wins_over_the_sweeper() -> TestResult {
    let db = Database::in_memory_with(Config {
        ttl_sweep_interval: Duration::from_millis(1),
        ..Config::default()
    })?;
    create_table(&db, "race", None);
    let past = (now() - 60).to_string();
    let n = 300;
    for i in 0..n {
        call(
            &db,
            "PutItem",
            json!({"TableName": "race",
                   "Item": {"pk": {"S": i.to_string()}, "exp": {"N": past}, "data": {"S": "x"}}}),
        )?;
    }
    enable(&db, "race", "exp", true)?;
    let future = (now() + 3600).to_string();
    let mut rescued = Vec::new();
    for i in 0..n {
        // Succeeds only if the sweeper has not deleted the item yet; then the item must survive.
        let extended = call(
            &db,
            "UpdateItem",
            json!({"TableName": "race", "Key": {"pk": {"S": i.to_string()}},
                   "UpdateExpression": "SET exp = :f", "ConditionExpression": "attribute_exists(pk)",
                   "ExpressionAttributeValues": {":f": {"N": future}}}),
        );
        match extended {
            Ok(_) => rescued.push(i),
            Err(e) => assert_eq!(e.type_name(), "ConditionalCheckFailedException"),
        }
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let count = call(&db, "Scan", json!({"TableName": "race", "Select": "COUNT"}))?["Count"]
            .as_u64()
            .unwrap();
        if count as usize == rescued.len() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{count} left, {} rescued",
            rescued.len()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    for i in rescued {
        let got = call(
            &db,
            "GetItem",
            json!({"TableName": "race", "Key": {"pk": {"S": i.to_string()}}}),
        )?;
        assert_eq!(
            got["Item"]["data"]["S"], "x",
            "item {i} was deleted and recreated"
        );
        assert_eq!(got["Item"]["exp"]["N"], future.as_str());
    }
    let d = call(&db, "DescribeTable", json!({"TableName": "race"}))?;
    let scanned = call(&db, "Scan", json!({"TableName": "race", "Select": "COUNT"}))?;
    assert_eq!(d["Table"]["ItemCount"], scanned["Count"]);
    Ok(())
}
