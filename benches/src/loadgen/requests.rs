//! The request bodies of the load driver's workloads.
//!
//! Item `i` of the key space lives in partition `i / ITEMS_PER_PARTITION` (attribute `pk`, a
//! string) at sort key `i % ITEMS_PER_PARTITION` (attribute `sk`, a number), with a string
//! attribute `v` of the configured size. A Query reads one whole partition.

use serde_json::{json, Value};

pub const ITEMS_PER_PARTITION: u64 = 10;

fn key_attrs(i: u64) -> (Value, Value) {
    let pk = json!({ "S": format!("user#{:010}", i / ITEMS_PER_PARTITION) });
    let sk = json!({ "N": (i % ITEMS_PER_PARTITION).to_string() });
    (pk, sk)
}

/// A printable payload of `len` bytes that changes with `version`, so overwrites really change.
fn payload(i: u64, version: u64, len: usize) -> String {
    let seed = format!("{i:x}.{version:x}.");
    seed.chars().cycle().take(len).collect()
}

pub fn item(i: u64, version: u64, value_size: usize) -> Value {
    let (pk, sk) = key_attrs(i);
    json!({ "pk": pk, "sk": sk, "v": { "S": payload(i, version, value_size) } })
}

pub fn create_table(table: &str) -> Vec<u8> {
    json!({
        "TableName": table,
        "AttributeDefinitions": [
            { "AttributeName": "pk", "AttributeType": "S" },
            { "AttributeName": "sk", "AttributeType": "N" }
        ],
        "KeySchema": [
            { "AttributeName": "pk", "KeyType": "HASH" },
            { "AttributeName": "sk", "KeyType": "RANGE" }
        ],
        "BillingMode": "PAY_PER_REQUEST"
    })
    .to_string()
    .into_bytes()
}

pub fn table_only(table: &str) -> Vec<u8> {
    json!({ "TableName": table }).to_string().into_bytes()
}

pub fn put_item(table: &str, i: u64, version: u64, value_size: usize) -> Vec<u8> {
    json!({
        "TableName": table,
        "Item": item(i, version, value_size),
        "ReturnConsumedCapacity": "TOTAL"
    })
    .to_string()
    .into_bytes()
}

pub fn get_item(table: &str, i: u64) -> Vec<u8> {
    let (pk, sk) = key_attrs(i);
    json!({
        "TableName": table,
        "Key": { "pk": pk, "sk": sk },
        "ReturnConsumedCapacity": "TOTAL"
    })
    .to_string()
    .into_bytes()
}

/// A Query of the partition holding item `i`.
pub fn query(table: &str, i: u64) -> Vec<u8> {
    let (pk, _) = key_attrs(i);
    json!({
        "TableName": table,
        "KeyConditionExpression": "pk = :p",
        "ExpressionAttributeValues": { ":p": pk },
        "ReturnConsumedCapacity": "TOTAL"
    })
    .to_string()
    .into_bytes()
}

/// BatchWriteItem of `requests` (each `{"PutRequest": {...}}`).
pub fn batch_write(table: &str, requests: &[Value]) -> Vec<u8> {
    json!({ "RequestItems": { table: requests }, "ReturnConsumedCapacity": "TOTAL" })
        .to_string()
        .into_bytes()
}

pub fn put_request(i: u64, value_size: usize) -> Value {
    json!({ "PutRequest": { "Item": item(i, 0, value_size) } })
}

/// Consumed capacity units in a response, summed over its `ConsumedCapacity` entries. A cheap
/// scan for `"CapacityUnits":` instead of a full parse: the workload's items have no attribute
/// of that name, so every match belongs to ConsumedCapacity (`ReadCapacityUnits` and friends
/// are excluded by the leading quote).
pub fn consumed_capacity(response: &[u8]) -> f64 {
    const NEEDLE: &[u8] = b"\"CapacityUnits\":";
    let mut total = 0.0;
    let mut rest = response;
    while let Some(pos) = rest.windows(NEEDLE.len()).position(|w| w == NEEDLE) {
        rest = &rest[pos + NEEDLE.len()..];
        let num: Vec<u8> = rest
            .iter()
            .copied()
            .skip_while(|c| c.is_ascii_whitespace())
            .take_while(|c| c.is_ascii_digit() || b".eE+-".contains(c))
            .collect();
        total += std::str::from_utf8(&num)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0.0);
    }
    total
}

/// The `UnprocessedItems` of a BatchWriteItem response for `table`, to send again.
pub fn unprocessed(response: &[u8], table: &str) -> Vec<Value> {
    let v: Value = serde_json::from_slice(response).unwrap_or_default();
    v["UnprocessedItems"][table]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_keyed_by_partition_and_sort_key() {
        let it = item(23, 1, 100);
        assert_eq!(it["pk"]["S"], "user#0000000002");
        assert_eq!(it["sk"]["N"], "3");
        assert_eq!(it["v"]["S"].as_str().unwrap().len(), 100);
        assert_ne!(item(23, 1, 100), item(23, 2, 100));
    }

    #[test]
    fn sums_consumed_capacity() {
        let one = br#"{"Item":{},"ConsumedCapacity":{"TableName":"t","CapacityUnits":0.5}}"#;
        assert_eq!(consumed_capacity(one), 0.5);
        let many = br#"{"ConsumedCapacity":[{"CapacityUnits": 25.0,"WriteCapacityUnits":9},
                                          {"CapacityUnits":1e1}]}"#;
        assert_eq!(consumed_capacity(many), 35.0);
        assert_eq!(consumed_capacity(b"{}"), 0.0);
    }

    #[test]
    fn finds_unprocessed_items() {
        let r = br#"{"UnprocessedItems":{"t":[{"PutRequest":{"Item":{}}}]}}"#;
        assert_eq!(unprocessed(r, "t").len(), 1);
        assert!(unprocessed(br#"{"UnprocessedItems":{}}"#, "t").is_empty());
    }
}
