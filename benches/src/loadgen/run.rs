//! Table setup, preload and the measured phase.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::report::{ClientStats, Report};
use super::requests;
use super::target::outcome;
use super::{CallError, Config, Connector, OpKind, Stop, Target, Workload};
use crate::http::nonblocking::AsyncClient;
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
/// budget is spent. Clients of a plain-http endpoint share a few event-loop threads; the
/// others (https, the embedded library) each get a thread.
fn measure(cfg: &Config) -> (Duration, Vec<ClientStats>) {
    let budget = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let stats = match &cfg.connector {
        Connector::Http { endpoint, .. } if !endpoint.tls => {
            let threads = cfg.threads.clamp(1, cfg.clients);
            let drivers: Vec<_> = (0..threads)
                .map(|t| {
                    let (cfg, budget) = (cfg.clone(), budget.clone());
                    let mine: Vec<u64> = (t..cfg.clients)
                        .step_by(threads)
                        .map(|n| n as u64)
                        .collect();
                    thread::spawn(move || event_loop(&cfg, mine, &budget, start))
                })
                .collect();
            drivers
                .into_iter()
                .flat_map(|d| d.join().expect("driver thread panicked"))
                .collect()
        }
        _ => {
            let clients: Vec<_> = (0..cfg.clients)
                .map(|n| {
                    let (cfg, budget) = (cfg.clone(), budget.clone());
                    thread::spawn(move || client(&cfg, n as u64, &budget, start))
                })
                .collect();
            clients
                .into_iter()
                .map(|c| c.join().expect("client panicked"))
                .collect()
        }
    };
    (start.elapsed(), stats)
}

/// A blocking client on its own thread.
fn client(cfg: &Config, n: u64, budget: &AtomicU64, start: Instant) -> ClientStats {
    let mut t = cfg.connector.connect();
    let mut plan = Plan::new(cfg, n, budget, start);
    let mut stats = ClientStats::default();
    while let Some((kind, body)) = plan.next_op() {
        let began = Instant::now();
        let result = t.call(kind.operation(), &body);
        stats.record(kind, began.elapsed(), result);
    }
    stats
}

/// Clients `mine` as tasks of one single-threaded runtime.
fn event_loop(
    cfg: &Config,
    mine: Vec<u64>,
    budget: &Arc<AtomicU64>,
    start: Instant,
) -> Vec<ClientStats> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a single-threaded tokio runtime");
    runtime.block_on(async {
        let tasks: Vec<_> = mine
            .into_iter()
            .map(|n| {
                let (cfg, budget) = (cfg.clone(), budget.clone());
                tokio::spawn(async move { async_client(&cfg, n, &budget, start).await })
            })
            .collect();
        let mut stats = Vec::new();
        for task in tasks {
            stats.push(task.await.expect("client task panicked"));
        }
        stats
    })
}

/// An async client of a plain-http endpoint.
async fn async_client(cfg: &Config, n: u64, budget: &AtomicU64, start: Instant) -> ClientStats {
    let mut stats = ClientStats::default();
    let Connector::Http {
        endpoint,
        creds,
        region,
    } = &cfg.connector
    else {
        unreachable!("event loops drive http endpoints only");
    };
    let mut client = match AsyncClient::new(endpoint.clone(), creds.clone(), region) {
        Ok(c) => c,
        Err(e) => {
            stats.record(OpKind::Get, Duration::ZERO, outcome(Err(e)));
            return stats;
        }
    };
    let mut plan = Plan::new(cfg, n, budget, start);
    while let Some((kind, body)) = plan.next_op() {
        let began = Instant::now();
        let result = outcome(client.post(kind.target(), &body).await);
        stats.record(kind, began.elapsed(), result);
    }
    stats
}

/// What one client sends: random keys and operations, until the deadline or the shared
/// budget says stop.
struct Plan<'a> {
    cfg: &'a Config,
    budget: &'a AtomicU64,
    start: Instant,
    rng: Rng,
    /// Each PutItem writes a new version of its item.
    version: u64,
}

impl<'a> Plan<'a> {
    fn new(cfg: &'a Config, n: u64, budget: &'a AtomicU64, start: Instant) -> Self {
        Plan {
            cfg,
            budget,
            start,
            rng: Rng::new(cfg.seed ^ (n + 1).wrapping_mul(0x9E37_79B9)),
            version: 0,
        }
    }

    /// The next operation and its body, or `None` when the run is over.
    fn next_op(&mut self) -> Option<(OpKind, Vec<u8>)> {
        let cfg = self.cfg;
        let more = match cfg.stop {
            Stop::After(d) => self.start.elapsed() < d,
            Stop::Ops(total) => self.budget.fetch_add(1, Ordering::Relaxed) < total,
        };
        if !more || cfg.keys == 0 {
            return None;
        }
        let i = self.rng.below(cfg.keys);
        let kind = pick(cfg, &mut self.rng);
        self.version += 1;
        let body = match kind {
            OpKind::Get => requests::get_item(&cfg.table, i),
            OpKind::Put => requests::put_item(&cfg.table, i, self.version, cfg.value_size),
            OpKind::Query => requests::query(&cfg.table, i),
        };
        Some((kind, body))
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
