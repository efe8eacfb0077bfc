//! dynakv-storage vs fjall on identical workloads, in one run:
//! `cargo run --release -p dynakv-benches --bin engine-vs-fjall [-- --keys N]`.
//!
//! 16-byte keys, 100-byte values, buffered durability unless stated. Every answer is checked
//! (hits found, misses absent, scans full), so a fast wrong engine cannot win.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use dynakv_benches::args::Args;
use dynakv_benches::engine::{DynakvEngine, FjallEngine, KvEngine};
use dynakv_benches::keys::{key, missing_key, shuffled, value, Rng};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Opener = fn(&Path) -> Result<Box<dyn KvEngine>, BoxError>;

const VALUE_LEN: usize = 100;

/// Workload sizes.
#[derive(Clone, Copy)]
struct Sizes {
    keys: u64,
    reads: u64,
    scans: u64,
    scan_len: usize,
    sync_ops: u64,
    writers: u64,
}

/// One measured phase: name, operations, wall time.
struct Phase {
    name: &'static str,
    ops: u64,
    took: Duration,
}

/// All phases of one engine, and the time its flush + compaction took after the random fill.
struct Run {
    phases: Vec<Phase>,
    settle: Duration,
}

impl Phase {
    fn rate(&self) -> f64 {
        self.ops as f64 / self.took.as_secs_f64().max(1e-9)
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("engine-vs-fjall: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), BoxError> {
    let args = Args::parse(std::env::args().skip(1), &["json"])?;
    let keys = args.get("keys", 1_000_000u64)?.max(1);
    let sizes = Sizes {
        keys,
        reads: args.get("reads", keys)?,
        scans: args.get("scans", 10_000)?,
        scan_len: args.get("scan-len", 100)?,
        sync_ops: args.get("sync-ops", 2_000)?,
        writers: args.get("writers", 16)?.max(1),
    };
    let base =
        std::path::PathBuf::from(args.get("dir", std::env::temp_dir().display().to_string())?);
    let ours_open: Opener = |p| Ok(Box::new(DynakvEngine::open(p)?));
    let fjall_open: Opener = |p| Ok(Box::new(FjallEngine::open(p)?));
    let ours = run_engine("dynakv", ours_open, &base, sizes)?;
    let theirs = run_engine("fjall", fjall_open, &base, sizes)?;
    if args.flag("json") {
        println!("{}", to_json(&ours, &theirs, sizes));
    } else {
        print_table(&ours, &theirs, sizes);
    }
    Ok(())
}

/// Runs every phase on one engine; fills start from empty directories.
fn run_engine(name: &str, open: Opener, base: &Path, s: Sizes) -> Result<Run, BoxError> {
    eprintln!("== {name}");
    let mut phases = Vec::new();
    {
        let dir = tempfile::tempdir_in(base)?;
        let engine = open(dir.path())?;
        phases.push(fill("fill sequential", engine.as_ref(), 0..s.keys)?);
    }
    let dir = tempfile::tempdir_in(base)?;
    let engine: Arc<dyn KvEngine> = Arc::from(open(dir.path())?);
    phases.push(fill("fill random", engine.as_ref(), shuffled(s.keys, 7))?);
    let settle = Instant::now();
    engine.settle()?;
    let settle = settle.elapsed();
    phases.push(point_reads(engine.as_ref(), s, true)?);
    phases.push(point_reads(engine.as_ref(), s, false)?);
    phases.push(scans(engine.as_ref(), s)?);
    phases.push(sync_writes(
        "sync put, 1 writer",
        &engine,
        s.keys,
        s.sync_ops,
        1,
    )?);
    let first = s.keys + s.sync_ops;
    phases.push(sync_writes(
        "sync put, N writers",
        &engine,
        first,
        s.sync_ops,
        s.writers,
    )?);
    for p in &phases {
        eprintln!("  {:<22} {:>12.0} ops/s", p.name, p.rate());
    }
    eprintln!("  flush + compact        {:>12.2} s", settle.as_secs_f64());
    Ok(Run { phases, settle })
}

fn fill(
    name: &'static str,
    engine: &dyn KvEngine,
    order: impl IntoIterator<Item = u64>,
) -> Result<Phase, BoxError> {
    let v = value(1, VALUE_LEN);
    let start = Instant::now();
    let mut ops = 0;
    for i in order {
        engine.put(&key(i), &v, false)?;
        ops += 1;
    }
    Ok(Phase {
        name,
        ops,
        took: start.elapsed(),
    })
}

fn point_reads(engine: &dyn KvEngine, s: Sizes, hits: bool) -> Result<Phase, BoxError> {
    let mut rng = Rng::new(if hits { 11 } else { 13 });
    let start = Instant::now();
    for _ in 0..s.reads {
        let i = rng.below(s.keys);
        let found = if hits {
            engine.get(&key(i))?
        } else {
            engine.get(&missing_key(i))?
        };
        if found.is_some() != hits {
            return Err(format!("{}: wrong answer for key {i} (hit={hits})", engine.name()).into());
        }
    }
    let name = if hits {
        "get hit (random)"
    } else {
        "get miss (random)"
    };
    Ok(Phase {
        name,
        ops: s.reads,
        took: start.elapsed(),
    })
}

fn scans(engine: &dyn KvEngine, s: Sizes) -> Result<Phase, BoxError> {
    let mut rng = Rng::new(17);
    let start = Instant::now();
    for _ in 0..s.scans {
        let i = rng.below(s.keys);
        let expected = (s.keys - i).min(s.scan_len as u64) as usize;
        let got = engine.scan(&key(i), s.scan_len)?;
        if got < expected {
            return Err(format!("{}: scan from {i} read {got} < {expected}", engine.name()).into());
        }
    }
    Ok(Phase {
        name: "scan 100 keys",
        ops: s.scans,
        took: start.elapsed(),
    })
}

/// `total` fsynced puts of fresh keys from `first` on, spread over `writers` threads.
fn sync_writes(
    name: &'static str,
    engine: &Arc<dyn KvEngine>,
    first: u64,
    total: u64,
    writers: u64,
) -> Result<Phase, BoxError> {
    let per = total / writers;
    // Earlier phases leave dirty pages (fills, compaction output) that the first fsyncs would
    // otherwise have to write out; start every sync phase from a clean page cache.
    std::process::Command::new("sync").status()?;
    let start = Instant::now();
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let engine = engine.clone();
            thread::spawn(move || -> Result<(), BoxError> {
                let v = value(w, VALUE_LEN);
                for i in 0..per {
                    engine.put(&key(first + w * per + i), &v, true)?;
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join().map_err(|_| "writer thread panicked")??;
    }
    Ok(Phase {
        name,
        ops: per * writers,
        took: start.elapsed(),
    })
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        f64::NAN
    }
}

/// N-writer over 1-writer sync throughput (the last two phases).
fn sync_ratio(phases: &[Phase]) -> f64 {
    let n = phases.len();
    ratio(phases[n - 1].rate(), phases[n - 2].rate())
}

fn print_table(ours: &Run, theirs: &Run, s: Sizes) {
    println!(
        "engine-vs-fjall: {} keys, 16-byte keys, {VALUE_LEN}-byte values, {} reads, {} scans, \
         {} sync puts, N = {} writers",
        s.keys, s.reads, s.scans, s.sync_ops, s.writers
    );
    println!(
        "{:<22} {:>14} {:>14} {:>12}",
        "phase (ops/s)", "dynakv", "fjall", "ours/fjall"
    );
    for (a, b) in ours.phases.iter().zip(&theirs.phases) {
        let r = ratio(a.rate(), b.rate());
        println!(
            "{:<22} {:>14.0} {:>14.0} {:>11.2}x",
            a.name,
            a.rate(),
            b.rate(),
            r
        );
    }
    let (a, b) = (ours.settle.as_secs_f64(), theirs.settle.as_secs_f64());
    println!(
        "{:<22} {:>13.2}s {:>13.2}s {:>11.2}x",
        "flush + compact (time)",
        a,
        b,
        ratio(a, b)
    );
    println!(
        "sync N-writer/1-writer: dynakv {:.2}x, fjall {:.2}x",
        sync_ratio(&ours.phases),
        sync_ratio(&theirs.phases)
    );
}

fn to_json(ours: &Run, theirs: &Run, s: Sizes) -> serde_json::Value {
    let phases: Vec<_> = ours
        .phases
        .iter()
        .zip(&theirs.phases)
        .map(|(a, b)| {
            serde_json::json!({
                "phase": a.name,
                "dynakv_ops_s": a.rate(),
                "fjall_ops_s": b.rate(),
                "ratio": ratio(a.rate(), b.rate()),
            })
        })
        .collect();
    serde_json::json!({
        "keys": s.keys,
        "writers": s.writers,
        "phases": phases,
        "flush_compact_s": { "dynakv": ours.settle.as_secs_f64(), "fjall": theirs.settle.as_secs_f64() },
        "sync_writer_scaling": {
            "dynakv": sync_ratio(&ours.phases),
            "fjall": sync_ratio(&theirs.phases),
        },
    })
}
