//! GetItem's cost per call, for instruction counting: loads `items` items, then runs `gets`
//! GetItems of existing items, typed (`Database::get_item`) or as JSON (`handle_json`), the way
//! benches/src/bin/embedded_vs_dynoxide.rs does.
//!
//! ```text
//! cargo build --release -p dynakv --example get_cost
//! valgrind --tool=callgrind --toggle-collect='get_cost::gets_*' \
//!     target/release/examples/get_cost typed 20000 20000
//! ```
//!
//! With `--toggle-collect`, callgrind counts only the GetItem loop (request building, the calls
//! and dropping the responses): divide the total by `gets`.

use std::hint::black_box;

use dynakv::api::GetItemRequest;
use dynakv::Database;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "typed".into());
    let items: u64 = args.next().map_or(Ok(20_000), |a| a.parse())?.max(1);
    let gets: u64 = args.next().map_or(Ok(items), |a| a.parse())?;
    let db = Database::in_memory()?;
    db.handle_json("CreateTable", CREATE.as_bytes())?;
    for i in 0..items {
        db.handle_json("PutItem", put(i).as_bytes())?;
    }
    // A fixed stride through the keys: every get finds an item, none is cached twice in a row.
    let keys: Vec<u64> = (0..gets).map(|g| g * 7919 % items).collect();
    let found = match mode.as_str() {
        "typed" => {
            let reqs = keys
                .iter()
                .map(|&i| serde_json::from_str(&get(i)))
                .collect::<Result<Vec<GetItemRequest>, _>>()?;
            gets_typed(&db, reqs)?
        }
        "json" => gets_json(&db, keys.iter().map(|&i| get(i).into_bytes()).collect())?,
        other => return Err(format!("mode is typed or json, not {other}").into()),
    };
    if found != gets {
        return Err(format!("found {found} of {gets} items").into());
    }
    Ok(())
}

#[inline(never)]
fn gets_typed(db: &Database, reqs: Vec<GetItemRequest>) -> dynakv::Result<u64> {
    let mut found = 0;
    for req in reqs {
        found += u64::from(black_box(db.get_item(req)?).item.is_some());
    }
    Ok(found)
}

#[inline(never)]
fn gets_json(db: &Database, bodies: Vec<Vec<u8>>) -> dynakv::Result<u64> {
    let mut found = 0;
    for body in &bodies {
        let resp = black_box(db.handle_json("GetItem", body)?);
        found += u64::from(resp.starts_with(b"{\"Item\""));
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

fn get(i: u64) -> String {
    format!(
        r#"{{"TableName":"bench","Key":{{{}}},"ReturnConsumedCapacity":"TOTAL"}}"#,
        key(i)
    )
}
