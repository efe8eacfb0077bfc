//! The cost of a read per call, for instruction counting: loads `items` items (ten per
//! partition), then runs `reads` reads of existing items: GetItem typed (`Database::get_item`)
//! or as JSON (`handle_json`), the way benches/src/bin/embedded_vs_dynoxide.rs does, or a JSON
//! Query of a whole partition.
//!
//! ```text
//! cargo build --release -p dynakv --example read_cost
//! valgrind --tool=callgrind --toggle-collect='read_cost::run_*' \
//!     target/release/examples/read_cost typed 20000 20000
//! ```
//!
//! With `--toggle-collect`, callgrind counts only the read loop (the calls and dropping the
//! responses; typed requests are built before it): divide the total by `reads`.

use std::hint::black_box;

use dynakv::api::GetItemRequest;
use dynakv::Database;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "typed".into());
    let items: u64 = args.next().map_or(Ok(20_000), |a| a.parse())?.max(1);
    let reads: u64 = args.next().map_or(Ok(items), |a| a.parse())?;
    let db = Database::in_memory()?;
    db.handle_json("CreateTable", CREATE.as_bytes())?;
    for i in 0..items {
        db.handle_json("PutItem", put(i).as_bytes())?;
    }
    // A fixed stride through the keys: every get finds an item, none is cached twice in a row.
    let keys: Vec<u64> = (0..reads).map(|g| g * 7919 % items).collect();
    let bodies = |body: fn(u64) -> String| keys.iter().map(|&i| body(i).into_bytes()).collect();
    let found = match mode.as_str() {
        "typed" => {
            let reqs = keys
                .iter()
                .map(|&i| serde_json::from_str(&get(i)))
                .collect::<Result<Vec<GetItemRequest>, _>>()?;
            run_typed(&db, reqs)?
        }
        "json" => run_json(&db, "GetItem", bodies(get))?,
        "query" => run_json(&db, "Query", bodies(query))?,
        other => return Err(format!("mode is typed, json or query, not {other}").into()),
    };
    if found != reads {
        return Err(format!("found {found} of {reads} items").into());
    }
    Ok(())
}

#[inline(never)]
fn run_typed(db: &Database, reqs: Vec<GetItemRequest>) -> dynakv::Result<u64> {
    let mut found = 0;
    for req in reqs {
        found += u64::from(black_box(db.get_item(req)?).item.is_some());
    }
    Ok(found)
}

/// Counts the responses holding items.
#[inline(never)]
fn run_json(db: &Database, operation: &str, bodies: Vec<Vec<u8>>) -> dynakv::Result<u64> {
    let mut found = 0;
    for body in &bodies {
        let resp = black_box(db.handle_json(operation, body)?);
        found += u64::from(resp.starts_with(b"{\"Item") && !resp.starts_with(b"{\"Items\":[]"));
    }
    Ok(found)
}

const CREATE: &str = r#"{"TableName":"bench","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},{"AttributeName":"sk","AttributeType":"N"}],"KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},{"AttributeName":"sk","KeyType":"RANGE"}],"BillingMode":"PAY_PER_REQUEST"}"#;

/// The key attributes of item `i`, as the bench's load generator lays them out.
fn key(i: u64) -> String {
    format!(
        r#""pk":{{"S":"user#{:010}"}},"sk":{{"N":"{}"}}"#,
        i / 10,
        i % 10
    )
}

fn put(i: u64) -> String {
    let payload: String = format!("{i:x}.1.").chars().cycle().take(100).collect();
    format!(
        r#"{{"TableName":"bench","Item":{{{},"v":{{"S":"{payload}"}}}},"ReturnConsumedCapacity":"TOTAL"}}"#,
        key(i)
    )
}

/// A Query of the partition holding item `i`.
fn query(i: u64) -> String {
    format!(
        r#"{{"TableName":"bench","KeyConditionExpression":"pk = :p","ExpressionAttributeValues":{{":p":{{"S":"user#{:010}"}}}},"ReturnConsumedCapacity":"TOTAL"}}"#,
        i / 10
    )
}

fn get(i: u64) -> String {
    format!(
        r#"{{"TableName":"bench","Key":{{{}}},"ReturnConsumedCapacity":"TOTAL"}}"#,
        key(i)
    )
}
