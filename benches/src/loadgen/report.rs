//! What a load run measured, as text or JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use serde_json::{json, Value};

use super::requests::consumed_capacity;
use super::{CallError, Config, OpKind};
use crate::latency::Latencies;

/// One client's tally.
#[derive(Default)]
pub struct ClientStats {
    latency: [Latencies; 3],
    capacity: [f64; 3],
    errors: BTreeMap<String, u64>,
    first_error: Option<String>,
}

impl ClientStats {
    pub fn record(&mut self, kind: OpKind, took: Duration, result: Result<Vec<u8>, CallError>) {
        match result {
            Ok(body) => {
                self.latency[kind as usize].record(took);
                self.capacity[kind as usize] += consumed_capacity(&body);
            }
            Err(e) => {
                *self.errors.entry(e.kind.clone()).or_default() += 1;
                self.first_error
                    .get_or_insert_with(|| format!("{}: {e}", kind.operation()));
            }
        }
    }

    fn merge(&mut self, other: ClientStats) {
        for (i, l) in other.latency.into_iter().enumerate() {
            self.latency[i].merge(l);
            self.capacity[i] += other.capacity[i];
        }
        for (k, n) in other.errors {
            *self.errors.entry(k).or_default() += n;
        }
        if self.first_error.is_none() {
            self.first_error = other.first_error;
        }
    }
}

/// Latency and capacity of one operation kind.
#[derive(Clone, Debug)]
pub struct OpFigures {
    pub operation: &'static str,
    pub count: usize,
    pub p50: Duration,
    pub p99: Duration,
    pub p999: Duration,
    pub capacity_units: f64,
}

/// The outcome of a load run.
#[derive(Clone, Debug)]
pub struct Report {
    pub workload: &'static str,
    pub clients: usize,
    pub keys: u64,
    pub preload: Option<Duration>,
    pub elapsed: Duration,
    pub ok: usize,
    pub throughput: f64,
    pub ops: Vec<OpFigures>,
    /// All successful operations together.
    pub all: OpFigures,
    pub errors: BTreeMap<String, u64>,
    pub first_error: Option<String>,
}

fn figures(operation: &'static str, lat: &mut Latencies, capacity: f64) -> OpFigures {
    OpFigures {
        operation,
        count: lat.len(),
        p50: lat.quantile(0.5),
        p99: lat.quantile(0.99),
        p999: lat.quantile(0.999),
        capacity_units: capacity,
    }
}

impl Report {
    pub fn new(
        cfg: &Config,
        preload: Option<Duration>,
        elapsed: Duration,
        clients: Vec<ClientStats>,
    ) -> Report {
        let mut total = ClientStats::default();
        for c in clients {
            total.merge(c);
        }
        let mut all = Latencies::default();
        let mut ops = Vec::new();
        for kind in OpKind::ALL {
            let lat = &mut total.latency[kind as usize];
            if !lat.is_empty() {
                ops.push(figures(
                    kind.operation(),
                    lat,
                    total.capacity[kind as usize],
                ));
                all.merge(lat.clone());
            }
        }
        let ok = all.len();
        let all = figures("all", &mut all, total.capacity.iter().sum());
        let secs = elapsed.as_secs_f64();
        Report {
            workload: cfg.workload.name(),
            clients: cfg.clients,
            keys: cfg.keys,
            preload,
            elapsed,
            ok,
            throughput: if secs > 0.0 { ok as f64 / secs } else { 0.0 },
            ops,
            all,
            errors: total.errors,
            first_error: total.first_error,
        }
    }

    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "workload {} | {} clients | {} keys | {} ok ops in {:.2}s = {:.0} ops/s",
            self.workload,
            self.clients,
            self.keys,
            self.ok,
            self.elapsed.as_secs_f64(),
            self.throughput
        );
        if let Some(p) = self.preload {
            let _ = writeln!(s, "preload: {} items in {:.2}s", self.keys, p.as_secs_f64());
        }
        for f in self.ops.iter().chain([&self.all]) {
            let _ = writeln!(
                s,
                "{:<8} n={:<9} p50={:>9.1}us p99={:>9.1}us p99.9={:>9.1}us capacity={:.1} units",
                f.operation,
                f.count,
                micros(f.p50),
                micros(f.p99),
                micros(f.p999),
                f.capacity_units
            );
        }
        for (kind, n) in &self.errors {
            let _ = writeln!(s, "errors: {n} x {kind}");
        }
        if let Some(e) = &self.first_error {
            let _ = writeln!(s, "first error: {e}");
        }
        s
    }

    pub fn to_json(&self) -> Value {
        let op = |f: &OpFigures| {
            json!({
                "count": f.count,
                "p50_us": micros(f.p50),
                "p99_us": micros(f.p99),
                "p999_us": micros(f.p999),
                "consumed_capacity_units": f.capacity_units,
            })
        };
        let ops: serde_json::Map<String, Value> = self
            .ops
            .iter()
            .map(|f| (f.operation.to_string(), op(f)))
            .collect();
        json!({
            "workload": self.workload,
            "clients": self.clients,
            "keys": self.keys,
            "preload_s": self.preload.map(|p| p.as_secs_f64()),
            "elapsed_s": self.elapsed.as_secs_f64(),
            "ok_ops": self.ok,
            "throughput_ops_s": self.throughput,
            "all": op(&self.all),
            "operations": ops,
            "errors": self.errors,
            "first_error": self.first_error,
        })
    }
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
