//! Concurrency test: writer threads commit batches that keep invariants while reader threads
//! check them in every snapshot, and a maintenance thread flushes and compacts underneath.
//!
//! Invariants: each writer owns `COUNTERS` counters in keyspace `acct` whose sum stays
//! `COUNTERS * START`; each writer's pair `n` is written to both keyspaces in one batch and
//! deleted from both `WINDOW` batches later, so a snapshot sees the same contiguous window of
//! pairs in both keyspaces.

mod common;

use common::{scan, small_options, TestResult};
use dynakv_storage::{Db, Durability, Keyspace, Snapshot, WriteBatch};
use std::ops::Bound;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const WRITERS: u64 = 3;
const READERS: usize = 2;
const COUNTERS: u64 = 8;
const START: i64 = 1000;
const WINDOW: u64 = 5;
const RUN_FOR: Duration = Duration::from_secs(3);
/// Batches per writer at most: bounds the data that flushes and compactions must work through
/// after the run, which a loaded 2-core machine otherwise needs a minute for.
const MAX_BATCHES: u64 = 10_000;

type ThreadResult = Result<(), String>;

fn counter_key(w: u64, c: u64) -> Vec<u8> {
    format!("acct/{w}/{c:02}").into_bytes()
}

fn pair_key(w: u64, n: u64) -> Vec<u8> {
    format!("pair/{w}/{n:010}").into_bytes()
}

/// Padded so that a few dozen batches fill the small memtables.
fn pair_value(w: u64, n: u64) -> Vec<u8> {
    format!("{w}:{n}:{}", "p".repeat(40)).into_bytes()
}

fn decode_counter(v: &[u8]) -> Result<i64, String> {
    Ok(i64::from_be_bytes(
        v.try_into()
            .map_err(|_| format!("counter of {} bytes", v.len()))?,
    ))
}

struct Shared {
    db: Db,
    acct: Keyspace,
    mirror: Keyspace,
    stop: AtomicBool,
    /// Snapshots checked by all readers together.
    checked: AtomicU64,
}

fn writer(s: &Shared, w: u64, seed: u64) -> ThreadResult {
    let mut rng = common::Rng::new(seed);
    let mut counters = vec![START; COUNTERS as usize];
    let mut n = 0;
    while !s.stop.load(Ordering::Relaxed) && n < MAX_BATCHES {
        let (a, b) = (rng.below(COUNTERS), rng.below(COUNTERS));
        let amount = rng.below(100) as i64 - 50;
        counters[a as usize] -= amount;
        counters[b as usize] += amount;
        let mut batch = WriteBatch::new();
        batch.put(
            &s.acct,
            &counter_key(w, a),
            &counters[a as usize].to_be_bytes(),
        );
        batch.put(
            &s.acct,
            &counter_key(w, b),
            &counters[b as usize].to_be_bytes(),
        );
        for ks in [&s.acct, &s.mirror] {
            batch.put(ks, &pair_key(w, n), &pair_value(w, n));
            if n >= WINDOW {
                batch.delete(ks, &pair_key(w, n - WINDOW));
            }
        }
        let durability = if rng.chance(5) {
            Durability::Sync
        } else {
            Durability::Buffered
        };
        s.db.write_with(batch, durability)
            .map_err(|e| format!("writer {w}: {e}"))?;
        n += 1;
    }
    check_final_counters(s, w, &counters)
}

fn check_final_counters(s: &Shared, w: u64, counters: &[i64]) -> ThreadResult {
    for (c, want) in counters.iter().enumerate() {
        let got =
            s.db.get(&s.acct, &counter_key(w, c as u64))
                .map_err(|e| e.to_string())?;
        let got = decode_counter(&got.ok_or("counter lost")?)?;
        if got != *want {
            return Err(format!("writer {w} counter {c}: {got}, want {want}"));
        }
    }
    Ok(())
}

fn reader(s: &Shared, seed: u64) -> ThreadResult {
    let mut rng = common::Rng::new(seed);
    let mut last_seqno = 0;
    while !s.stop.load(Ordering::Relaxed) {
        let snap = s.db.snapshot();
        if snap.seqno() < last_seqno {
            return Err(format!(
                "snapshot seqno went back from {last_seqno} to {}",
                snap.seqno()
            ));
        }
        last_seqno = snap.seqno();
        check_counter_gets(s, &snap)?;
        let reverse = rng.chance(50);
        let first = check_snapshot_scans(s, &snap, reverse)?;
        // The same snapshot reads the same again while writes, flushes and compactions go on.
        std::thread::sleep(Duration::from_millis(rng.below(5)));
        if check_snapshot_scans(s, &snap, reverse)? != first {
            return Err(format!(
                "snapshot {} changed between two scans",
                snap.seqno()
            ));
        }
        s.checked.fetch_add(1, Ordering::Relaxed);
    }
    Ok(())
}

/// Point reads of every counter add up per writer.
fn check_counter_gets(s: &Shared, snap: &Snapshot) -> ThreadResult {
    for w in 0..WRITERS {
        let mut sum = 0;
        for c in 0..COUNTERS {
            let v = snap
                .get(&s.acct, &counter_key(w, c))
                .map_err(|e| e.to_string())?;
            sum += decode_counter(&v.ok_or(format!("counter {w}/{c} missing"))?)?;
        }
        if sum != START * COUNTERS as i64 {
            return Err(format!(
                "snapshot {}: writer {w}'s counters sum to {sum}",
                snap.seqno()
            ));
        }
    }
    Ok(())
}

fn prefix_scan(
    snap: &Snapshot,
    ks: &Keyspace,
    prefix: &str,
    reverse: bool,
) -> Result<Vec<common::Pair>, String> {
    let lower = prefix.as_bytes().to_vec();
    let mut upper = lower.clone();
    *upper.last_mut().ok_or("empty prefix")? += 1;
    scan(
        snap,
        ks,
        Bound::Included(&lower),
        Bound::Excluded(&upper),
        reverse,
    )
    .map_err(|e| e.to_string())
}

/// Scans the counters and both pair windows; returns everything read, for the repeat check.
fn check_snapshot_scans(
    s: &Shared,
    snap: &Snapshot,
    reverse: bool,
) -> Result<Vec<common::Pair>, String> {
    let counters = prefix_scan(snap, &s.acct, "acct/", reverse)?;
    if counters.len() as u64 != WRITERS * COUNTERS {
        return Err(format!("scan found {} counters", counters.len()));
    }
    let mut sums = [0i64; WRITERS as usize];
    for (k, v) in &counters {
        let w = usize::from(k[5] - b'0');
        *sums.get_mut(w).ok_or("bad counter key")? += decode_counter(v)?;
    }
    if sums.iter().any(|&sum| sum != START * COUNTERS as i64) {
        return Err(format!(
            "snapshot {}: scanned counter sums {sums:?}",
            snap.seqno()
        ));
    }
    let pairs = prefix_scan(snap, &s.acct, "pair/", reverse)?;
    if prefix_scan(snap, &s.mirror, "pair/", reverse)? != pairs {
        return Err(format!(
            "snapshot {}: the pair keyspaces differ",
            snap.seqno()
        ));
    }
    for w in 0..WRITERS {
        check_window(&pairs, w, snap.seqno())?;
    }
    Ok([counters, pairs].concat())
}

/// Writer `w`'s pairs are consecutive, at most `WINDOW` of them, each with its value.
fn check_window(pairs: &[common::Pair], w: u64, seqno: u64) -> ThreadResult {
    let prefix = format!("pair/{w}/");
    let mut ns: Vec<u64> = Vec::new();
    for (k, v) in pairs
        .iter()
        .filter(|(k, _)| k.starts_with(prefix.as_bytes()))
    {
        let n = std::str::from_utf8(&k[prefix.len()..])
            .ok()
            .and_then(|t| t.parse().ok());
        let n = n.ok_or("bad pair key")?;
        if *v != pair_value(w, n) {
            return Err(format!("pair {w}/{n} has a wrong value"));
        }
        ns.push(n);
    }
    ns.sort_unstable();
    let contiguous = ns.windows(2).all(|p| p[1] == p[0] + 1);
    let full = ns.len() as u64 == WINDOW || ns.first().is_none_or(|&first| first == 0);
    if !contiguous || ns.len() as u64 > WINDOW || !full {
        return Err(format!(
            "snapshot {seqno}: writer {w}'s pair window is {ns:?}"
        ));
    }
    Ok(())
}

fn maintenance(s: &Shared) -> ThreadResult {
    while !s.stop.load(Ordering::Relaxed) {
        s.db.flush().map_err(|e| format!("flush: {e}"))?;
        std::thread::sleep(Duration::from_millis(50));
        s.db.compact().map_err(|e| format!("compact: {e}"))?;
    }
    Ok(())
}

fn setup(db: Db) -> Result<Shared, String> {
    let acct = db.create_keyspace("acct").map_err(|e| e.to_string())?;
    let mirror = db.create_keyspace("mirror").map_err(|e| e.to_string())?;
    let mut batch = WriteBatch::new();
    for w in 0..WRITERS {
        for c in 0..COUNTERS {
            batch.put(&acct, &counter_key(w, c), &START.to_be_bytes());
        }
    }
    db.write(batch).map_err(|e| e.to_string())?;
    Ok(Shared {
        db,
        acct,
        mirror,
        stop: AtomicBool::new(false),
        checked: AtomicU64::new(0),
    })
}

/// Runs all threads for `RUN_FOR` and returns the first failure of any of them.
fn run(db: Db, seed: u64) -> ThreadResult {
    let shared = setup(db)?;
    let s = &shared;
    let results: Vec<ThreadResult> = std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for w in 0..WRITERS {
            handles.push(scope.spawn(move || writer(s, w, seed ^ w)));
        }
        for r in 0..READERS {
            handles.push(scope.spawn(move || reader(s, seed ^ (100 + r as u64))));
        }
        handles.push(scope.spawn(move || maintenance(s)));
        let started = Instant::now();
        while started.elapsed() < RUN_FOR && handles.iter().all(|h| !h.is_finished()) {
            std::thread::sleep(Duration::from_millis(10));
        }
        s.stop.store(true, Ordering::Relaxed);
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("thread panicked".into())))
            .collect()
    });
    results.into_iter().collect::<ThreadResult>()?;
    match shared.checked.load(Ordering::Relaxed) {
        0 => Err("no snapshot was checked".into()),
        n => {
            eprintln!("{n} snapshots checked");
            Ok(())
        }
    }
}

#[test]
fn invariants_hold_on_disk() -> TestResult {
    let mut rng = common::Rng::from_env("invariants_hold_on_disk");
    let seed = rng.next_u64();
    let dir = tempfile::tempdir()?;
    let path = dir.path().to_path_buf();
    common::with_timeout(RUN_FOR * 40, move || {
        run(
            Db::open(path, small_options()).map_err(|e| e.to_string())?,
            seed,
        )
    })
}

#[test]
fn invariants_hold_in_memory() -> TestResult {
    let mut rng = common::Rng::from_env("invariants_hold_in_memory");
    let seed = rng.next_u64();
    common::with_timeout(RUN_FOR * 40, move || {
        run(
            Db::in_memory(small_options()).map_err(|e| e.to_string())?,
            seed,
        )
    })
}
