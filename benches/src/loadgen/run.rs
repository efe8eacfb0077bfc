//! Table setup, preload and the measured phase.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::report::{ClientStats, Report};
use super::requests;
use super::{CallError, Config, OpKind, Stop, Target, Workload};
use crate::keys::Rng;

/// Items per BatchWriteItem: DynamoDB's maximum.
const BATCH: usize = 25;
/// How long a new table may take to become ACTIVE (real DynamoDB takes seconds).
const ACTIVE_TIMEOUT: Duration = Duration::from_secs(120);

/// Runs the whole load: setup, preload, measured phase, optional cleanup.
pub fn run(cfg: &Config) -> Result<Report, CallError> {
    let mut admin = cfg.connector.connect();
    create_table(admin.as_mut(), &cfg.table)?;
    let preload = if cfg.preload {
        Some(preload(cfg)?)
    } else {
        None
    };
    let (elapsed, stats) = measure(cfg);
    if cfg.delete_table {
        admin.call("DeleteTable", &requests::table_only(&cfg.table))?;
    }
    Ok(Report::new(cfg, preload, elapsed, stats))
}

/// Creates the table (an existing one is reused) and waits until it is ACTIVE.
fn create_table(t: &mut dyn Target, table: &str) -> Result<(), CallError> {
    match t.call("CreateTable", &requests::create_table(table)) {
        Err(e) if e.kind != "ResourceInUseException" => return Err(e),
        _ => {}
    }
    let start = Instant::now();
    loop {
        let resp = t.call("DescribeTable", &requests::table_only(table))?;
        let v: serde_json::Value = serde_json::from_slice(&resp).unwrap_or_default();
        if v["Table"]["TableStatus"] == "ACTIVE" {
            return Ok(());
        }
        if start.elapsed() > ACTIVE_TIMEOUT {
            return Err(CallError {
                kind: "Timeout".into(),
                message: format!("table {table} did not become ACTIVE"),
            });
        }
        thread::sleep(Duration::from_millis(50));
    }
}

/// Writes every item of the key space with BatchWriteItem from all clients; returns the time
/// it took.
fn preload(cfg: &Config) -> Result<Duration, CallError> {
    let next = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..cfg.clients)
        .map(|_| {
            let (cfg, next) = (cfg.clone(), next.clone());
            thread::spawn(move || preload_worker(&cfg, &next))
        })
        .collect();
    for w in workers {
        w.join().expect("preload worker panicked")?;
    }
    Ok(start.elapsed())
}

fn preload_worker(cfg: &Config, next: &AtomicU64) -> Result<(), CallError> {
    let mut t = cfg.connector.connect();
    loop {
        let first = next.fetch_add(BATCH as u64, Ordering::Relaxed);
        if first >= cfg.keys {
            return Ok(());
        }
        let last = (first + BATCH as u64).min(cfg.keys);
        let mut pending: Vec<_> = (first..last)
            .map(|i| requests::put_request(i, cfg.value_size))
            .collect();
        let mut backoff = Duration::from_millis(5);
        while !pending.is_empty() {
            let resp = t.call(
                "BatchWriteItem",
                &requests::batch_write(&cfg.table, &pending),
            )?;
            pending = requests::unprocessed(&resp, &cfg.table);
            if !pending.is_empty() {
                thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(1));
            }
        }
    }
}

/// The measured phase: every client runs until the deadline or until the shared operation
/// budget is spent.
fn measure(cfg: &Config) -> (Duration, Vec<ClientStats>) {
    let budget = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let clients: Vec<_> = (0..cfg.clients)
        .map(|n| {
            let (cfg, budget) = (cfg.clone(), budget.clone());
            thread::spawn(move || client(&cfg, n as u64, &budget, start))
        })
        .collect();
    let stats = clients
        .into_iter()
        .map(|c| c.join().expect("client panicked"))
        .collect();
    (start.elapsed(), stats)
}

fn client(cfg: &Config, n: u64, budget: &AtomicU64, start: Instant) -> ClientStats {
    let mut t = cfg.connector.connect();
    let mut rng = Rng::new(cfg.seed ^ (n + 1).wrapping_mul(0x9E37_79B9));
    let mut stats = ClientStats::default();
    let mut version = 0;
    loop {
        let more = match cfg.stop {
            Stop::After(d) => start.elapsed() < d,
            Stop::Ops(total) => budget.fetch_add(1, Ordering::Relaxed) < total,
        };
        if !more || cfg.keys == 0 {
            return stats;
        }
        let i = rng.below(cfg.keys);
        let kind = pick(cfg, &mut rng);
        version += 1;
        let body = match kind {
            OpKind::Get => requests::get_item(&cfg.table, i),
            OpKind::Put => requests::put_item(&cfg.table, i, version, cfg.value_size),
            OpKind::Query => requests::query(&cfg.table, i),
        };
        let began = Instant::now();
        let result = t.call(kind.operation(), &body);
        stats.record(kind, began.elapsed(), result);
    }
}

fn pick(cfg: &Config, rng: &mut Rng) -> OpKind {
    match cfg.workload {
        Workload::Get => OpKind::Get,
        Workload::Put => OpKind::Put,
        Workload::Query => OpKind::Query,
        Workload::Mixed => {
            // 53 random bits make a uniform f64 in [0, 1).
            let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            if x < cfg.read_ratio {
                OpKind::Get
            } else {
                OpKind::Put
            }
        }
    }
}
