//! dynakv's library vs dynoxide-rs's embedded `Database`, both in memory, on the same PutItem
//! and GetItem workload: `cargo run --release -p dynakv-benches --bin embedded-vs-dynoxide`.
//!
//! Two ways in, both measured:
//! - typed: each library's own request structs, built before the clock starts, passed to
//!   `Database::put_item` / `get_item`;
//! - JSON: the request as DynamoDB JSON in, the response as JSON out, what an embedding server
//!   pays: dynakv through `Database::handle_json`, dynoxide through its serde request types,
//!   typed call and serde response.
//!
//! Every GetItem must find its item.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use dynakv_benches::args::Args;
use dynakv_benches::keys::Rng;
use dynakv_benches::loadgen::requests;
use dynoxide::actions::{create_table::CreateTableRequest, get_item, put_item};
use serde::de::DeserializeOwned;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const TABLE: &str = "bench";

/// One embedded engine, driven by DynamoDB JSON.
trait Embedded {
    fn call(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>, BoxError>;
}

struct Dynakv(dynakv::Database);

impl Embedded for Dynakv {
    fn call(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>, BoxError> {
        Ok(self.0.handle_json(operation, body)?)
    }
}

struct Dynoxide(dynoxide::Database);

impl Embedded for Dynoxide {
    fn call(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>, BoxError> {
        Ok(match operation {
            "CreateTable" => {
                let req: CreateTableRequest = serde_json::from_slice(body)?;
                serde_json::to_vec(&self.0.create_table(req)?)?
            }
            "PutItem" => {
                let req: put_item::PutItemRequest = serde_json::from_slice(body)?;
                serde_json::to_vec(&self.0.put_item(req)?)?
            }
            "GetItem" => {
                let req: get_item::GetItemRequest = serde_json::from_slice(body)?;
                serde_json::to_vec(&self.0.get_item(req)?)?
            }
            other => return Err(format!("operation {other} not driven here").into()),
        })
    }
}

/// Throughput of each operation on one engine.
struct Figures {
    put: f64,
    get: f64,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("embedded-vs-dynoxide: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), BoxError> {
    let args = Args::parse(std::env::args().skip(1), &["json"])?;
    let items: u64 = args.get("items", 100_000u64)?.max(1);
    let gets: u64 = args.get("gets", items)?;
    let value_size: usize = args.get("value-size", 100)?;
    let puts: Vec<Vec<u8>> = (0..items)
        .map(|i| requests::put_item(TABLE, i, 1, value_size))
        .collect();
    let mut rng = Rng::new(5);
    let gets: Vec<Vec<u8>> = (0..gets)
        .map(|_| requests::get_item(TABLE, rng.below(items)))
        .collect();

    let typed_ours = typed_dynakv(&puts, &gets)?;
    let typed_theirs = typed_dynoxide(&puts, &gets)?;
    let json_ours = measure(&Dynakv(dynakv::Database::in_memory()?), &puts, &gets)?;
    let json_theirs = measure(&Dynoxide(dynoxide::Database::memory()?), &puts, &gets)?;
    let rows = [
        ("PutItem typed", typed_ours.put, typed_theirs.put),
        ("GetItem typed", typed_ours.get, typed_theirs.get),
        ("PutItem JSON", json_ours.put, json_theirs.put),
        ("GetItem JSON", json_ours.get, json_theirs.get),
    ];
    if args.flag("json") {
        let v: serde_json::Map<String, serde_json::Value> = rows
            .iter()
            .map(|(name, a, b)| {
                let fig =
                    serde_json::json!({ "dynakv_ops_s": a, "dynoxide_ops_s": b, "ratio": a / b });
                (name.to_string(), fig)
            })
            .collect();
        println!("{}", serde_json::json!({ "items": items, "results": v }));
    } else {
        println!("embedded, in memory, {items} items of {value_size}-byte payload, 1 thread");
        println!(
            "{:<14} {:>14} {:>14} {:>14}",
            "ops/s", "dynakv", "dynoxide", "ours/dynoxide"
        );
        for (name, a, b) in rows {
            println!("{name:<14} {a:>14.0} {b:>14.0} {:>13.2}x", a / b);
        }
    }
    Ok(())
}

fn typed_dynakv(puts: &[Vec<u8>], gets: &[Vec<u8>]) -> Result<Figures, BoxError> {
    let db = dynakv::Database::in_memory()?;
    db.handle_json("CreateTable", &requests::create_table(TABLE))?;
    typed(
        puts,
        gets,
        |r: dynakv::api::PutItemRequest| Ok(db.put_item(r).map(drop)?),
        |r: dynakv::api::GetItemRequest| Ok(db.get_item(r)?.item.is_some()),
    )
}

fn typed_dynoxide(puts: &[Vec<u8>], gets: &[Vec<u8>]) -> Result<Figures, BoxError> {
    let db = Dynoxide(dynoxide::Database::memory()?);
    db.call("CreateTable", &requests::create_table(TABLE))?;
    typed(
        puts,
        gets,
        |r: put_item::PutItemRequest| Ok(db.0.put_item(r).map(drop)?),
        |r: get_item::GetItemRequest| Ok(db.0.get_item(r)?.item.is_some()),
    )
}

/// Decodes every request first, then times only the calls.
fn typed<P: DeserializeOwned, G: DeserializeOwned>(
    puts: &[Vec<u8>],
    gets: &[Vec<u8>],
    put: impl Fn(P) -> Result<(), BoxError>,
    get: impl Fn(G) -> Result<bool, BoxError>,
) -> Result<Figures, BoxError> {
    let put_reqs: Vec<P> = puts
        .iter()
        .map(|b| serde_json::from_slice(b))
        .collect::<Result<_, _>>()?;
    let get_reqs: Vec<G> = gets
        .iter()
        .map(|b| serde_json::from_slice(b))
        .collect::<Result<_, _>>()?;
    let put_time = timed(|| put_reqs.into_iter().try_for_each(&put))?;
    let get_time = timed(|| {
        get_reqs.into_iter().try_for_each(|r| match get(r)? {
            true => Ok(()),
            false => Err("GetItem found nothing".into()),
        })
    })?;
    Ok(Figures {
        put: rate(puts.len(), put_time),
        get: rate(gets.len(), get_time),
    })
}

fn measure(db: &dyn Embedded, puts: &[Vec<u8>], gets: &[Vec<u8>]) -> Result<Figures, BoxError> {
    db.call("CreateTable", &requests::create_table(TABLE))?;
    let put = rate(
        puts.len(),
        timed(|| {
            puts.iter()
                .try_for_each(|b| db.call("PutItem", b).map(drop))
        })?,
    );
    let get = rate(
        gets.len(),
        timed(|| {
            gets.iter().try_for_each(|b| {
                let resp = db.call("GetItem", b)?;
                if !contains(&resp, b"\"Item\"") {
                    return Err(format!(
                        "GetItem found nothing: {}",
                        String::from_utf8_lossy(&resp)
                    )
                    .into());
                }
                Ok(())
            })
        })?,
    );
    Ok(Figures { put, get })
}

fn timed(f: impl FnOnce() -> Result<(), BoxError>) -> Result<Duration, BoxError> {
    let start = Instant::now();
    f()?;
    Ok(start.elapsed())
}

fn rate(ops: usize, took: Duration) -> f64 {
    ops as f64 / took.as_secs_f64().max(1e-9)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
