//! dynakv's library vs dynoxide-rs's embedded `Database`, both in memory, on the same PutItem
//! and GetItem workload: `cargo run --release -p dynakv-benches --bin embedded-vs-dynoxide`.
//!
//! Both sides take the request as DynamoDB JSON and hand back the response as JSON, which is
//! what an embedding server or SDK shim pays: dynakv through `Database::handle_json`, dynoxide
//! through its serde request types, typed call and serde response. Request bodies are built
//! before the clock starts; every GetItem must find its item.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use dynakv_benches::args::Args;
use dynakv_benches::keys::Rng;
use dynakv_benches::loadgen::requests;
use dynoxide::actions::{create_table::CreateTableRequest, get_item, put_item};

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

    let ours = measure(&Dynakv(dynakv::Database::in_memory()?), &puts, &gets)?;
    let theirs = measure(&Dynoxide(dynoxide::Database::memory()?), &puts, &gets)?;
    let (put_ratio, get_ratio) = (ours.put / theirs.put, ours.get / theirs.get);
    if args.flag("json") {
        let v = serde_json::json!({
            "items": items,
            "PutItem": { "dynakv_ops_s": ours.put, "dynoxide_ops_s": theirs.put, "ratio": put_ratio },
            "GetItem": { "dynakv_ops_s": ours.get, "dynoxide_ops_s": theirs.get, "ratio": get_ratio },
        });
        println!("{v}");
    } else {
        println!("embedded, in memory, {items} items of {value_size}-byte payload, 1 thread");
        println!(
            "{:<10} {:>14} {:>14} {:>14}",
            "ops/s", "dynakv", "dynoxide", "ours/dynoxide"
        );
        println!(
            "{:<10} {:>14.0} {:>14.0} {:>13.2}x",
            "PutItem", ours.put, theirs.put, put_ratio
        );
        println!(
            "{:<10} {:>14.0} {:>14.0} {:>13.2}x",
            "GetItem", ours.get, theirs.get, get_ratio
        );
    }
    Ok(())
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
