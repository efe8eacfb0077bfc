//! A point-read harness for instruction counts: loads a table in memory, waits for background
//! flushes, then runs `--gets` random hits. Run it under callgrind with two `--gets` values; the
//! difference of the totals divided by the difference of the counts is the cost of one get,
//! free of the load phase:
//!
//! ```text
//! valgrind --tool=callgrind target/release/read_cost --target engine --gets 20000
//! valgrind --tool=callgrind target/release/read_cost --target engine --gets 120000
//! ```
//!
//! `--target engine` reads a dynakv-storage `Db::in_memory` (16-byte keys, 100-byte values,
//! written in random order; `--settle` flushes and compacts first); `--target embedded` reads a
//! `dynakv::Database::in_memory()` through typed GetItem, loaded as embedded-vs-dynoxide does.
//! `--target embedded-put` measures the typed PutItem side of that comparison instead: `--puts`
//! inserts into an empty table, requests decoded before the first call (compare two `--puts`
//! values the same way). `--memtable-mib N` overrides the storage engine's memtable size.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Duration;

use dynakv_benches::args::Args;
use dynakv_benches::keys::{key, shuffled, value, Rng};
use dynakv_benches::loadgen::requests;
use dynakv_storage::{Db, Options, WriteBatch};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const TABLE: &str = "bench";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("read_cost: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), BoxError> {
    let args = Args::parse(std::env::args().skip(1), &["settle"])?;
    let items: u64 = args.get("items", 100_000u64)?.max(1);
    let gets: u64 = args.get("gets", 100_000u64)?;
    // Background flushes run on their own thread; waiting lets them finish, so every run reads
    // the same tree whatever the scheduling (callgrind runs one thread at a time).
    let wait = Duration::from_millis(args.get("wait-ms", 3_000u64)?);
    let mut options = Options::default();
    if let Some(mib) = args.str("memtable-mib") {
        options.memtable_size = mib.parse::<usize>()? << 20;
    }
    let found = match args.str("target").unwrap_or("engine") {
        "engine" => engine(options, items, gets, wait, args.flag("settle"))?,
        "embedded" => embedded(options, items, gets, wait)?,
        "embedded-put" => return embedded_put(options, args.get("puts", 100_000u64)?),
        other => {
            return Err(format!("unknown --target {other} (engine|embedded|embedded-put)").into())
        }
    };
    if found != gets {
        return Err(format!("{found} of {gets} gets found their key").into());
    }
    println!("{gets} gets over {items} items, all found");
    Ok(())
}

fn engine(
    options: Options,
    items: u64,
    gets: u64,
    wait: Duration,
    settle: bool,
) -> Result<u64, BoxError> {
    let db = Db::in_memory(options)?;
    let ks = db.create_keyspace("bench")?;
    for i in shuffled(items, 7) {
        let mut batch = WriteBatch::new();
        batch.put(&ks, &key(i), &value(i, 100));
        db.write(batch)?;
    }
    if settle {
        db.flush()?;
        db.compact()?;
    }
    std::thread::sleep(wait);
    let keys = random_indexes(items, gets);
    engine_gets(&db, &ks, &keys)
}

#[inline(never)]
fn engine_gets(db: &Db, ks: &dynakv_storage::Keyspace, keys: &[u64]) -> Result<u64, BoxError> {
    let mut found = 0;
    for &i in keys {
        found += u64::from(black_box(db.get(ks, &key(i))?).is_some());
    }
    Ok(found)
}

fn embedded(options: Options, items: u64, gets: u64, wait: Duration) -> Result<u64, BoxError> {
    let db = embedded_db(options)?;
    for i in 0..items {
        let req = serde_json::from_slice(&requests::put_item(TABLE, i, 1, 100))?;
        db.put_item(req)?;
    }
    std::thread::sleep(wait);
    let reqs: Vec<dynakv::api::GetItemRequest> = random_indexes(items, gets)
        .into_iter()
        .map(|i| serde_json::from_slice(&requests::get_item(TABLE, i)))
        .collect::<Result<_, _>>()?;
    embedded_gets(&db, reqs)
}

#[inline(never)]
fn embedded_gets(
    db: &dynakv::Database,
    reqs: Vec<dynakv::api::GetItemRequest>,
) -> Result<u64, BoxError> {
    let mut found = 0;
    for r in reqs {
        found += u64::from(black_box(db.get_item(r)?).item.is_some());
    }
    Ok(found)
}

fn embedded_put(options: Options, puts: u64) -> Result<(), BoxError> {
    let db = embedded_db(options)?;
    let reqs: Vec<dynakv::api::PutItemRequest> = (0..puts)
        .map(|i| serde_json::from_slice(&requests::put_item(TABLE, i, 1, 100)))
        .collect::<Result<_, _>>()?;
    embedded_puts(&db, reqs)?;
    println!("{puts} puts into an empty table");
    Ok(())
}

#[inline(never)]
fn embedded_puts(
    db: &dynakv::Database,
    reqs: Vec<dynakv::api::PutItemRequest>,
) -> Result<(), BoxError> {
    for r in reqs {
        black_box(db.put_item(r)?);
    }
    Ok(())
}

/// An in-memory database holding the benchmark's empty table.
fn embedded_db(options: Options) -> Result<dynakv::Database, BoxError> {
    let config = dynakv::Config {
        storage: options,
        ..dynakv::Config::default()
    };
    let db = dynakv::Database::in_memory_with(config)?;
    db.handle_json("CreateTable", &requests::create_table(TABLE))?;
    Ok(db)
}

fn random_indexes(items: u64, n: u64) -> Vec<u64> {
    let mut rng = Rng::new(5);
    (0..n).map(|_| rng.below(items)).collect()
}
