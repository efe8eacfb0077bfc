//! Crash test: a child process (this test binary, re-executed with `CHILD_DIR_ENV` set) commits
//! batches and prints an acknowledgement after each; the parent SIGKILLs it at random moments,
//! reopens the directory and checks that every acknowledged batch is present and that no batch
//! is half-applied. A SIGKILL keeps the OS page cache, so this checks that an acknowledged batch
//! has reached the OS and that recovery replays exactly the written batches; it cannot check
//! the fsync itself. That holds for `Buffered` writes too: they are written to the journal
//! before they are acknowledged, only their fsync is deferred.

mod common;

use common::{fail, scan, Rng, TestResult};
use dynakv_storage::{Db, Durability, Keyspace, Options, WriteBatch};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::ops::Bound;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_DIR_ENV: &str = "DYNAKV_CRASH_CHILD_DIR";
const CHILD_START_ENV: &str = "DYNAKV_CRASH_CHILD_START";
/// The child's [`Mode`], by name.
const CHILD_MODE_ENV: &str = "DYNAKV_CRASH_CHILD_MODE";
/// Batches a `BufferedThenIdle` child writes before it goes idle.
const IDLE_AFTER: u64 = 40;

/// What the child process does.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    /// `Sync` batches until killed.
    Sync,
    /// `Buffered` batches until killed.
    Buffered,
    /// `IDLE_AFTER` `Buffered` batches, then nothing until killed.
    BufferedThenIdle,
}

impl Mode {
    const ALL: [Mode; 3] = [Mode::Sync, Mode::Buffered, Mode::BufferedThenIdle];

    fn name(self) -> String {
        format!("{self:?}")
    }

    fn durability(self) -> Durability {
        if self == Mode::Sync {
            Durability::Sync
        } else {
            Durability::Buffered
        }
    }
}
const KEYSPACES: [&str; 3] = ["a", "b", "c"];
/// Keys written by each batch, spread round-robin over the keyspaces.
const PARTS: u64 = 6;
/// Longest wait for the first acknowledgements of a round (recovery + one fsync).
const ROUND_LIMIT: Duration = Duration::from_secs(30);

/// Small memtables so that rotations and background flushes race with the kill.
fn options() -> Options {
    Options {
        memtable_size: 16 << 10,
        memtable_budget: 64 << 10,
        ..Options::default()
    }
}

fn part_key(id: u64, part: u64) -> Vec<u8> {
    format!("batch/{id:010}/{part}").into_bytes()
}

/// Padded so that a few dozen batches fill a memtable.
fn part_value(id: u64, part: u64) -> Vec<u8> {
    format!("{id}:{part}:{}", "x".repeat(150)).into_bytes()
}

fn pending_key(id: u64) -> Vec<u8> {
    format!("pending/{id:010}").into_bytes()
}

/// One batch: its parts, `latest = id` in every keyspace, and the move of the single
/// `pending/` marker from the previous batch to this one (a delete and a put).
fn batch(ks: &[Keyspace], id: u64) -> WriteBatch {
    let mut b = WriteBatch::new();
    for part in 0..PARTS {
        b.put(
            &ks[(part % 3) as usize],
            &part_key(id, part),
            &part_value(id, part),
        );
    }
    for k in ks {
        b.put(k, b"latest", &id.to_be_bytes());
    }
    if id > 0 {
        b.delete(&ks[2], &pending_key(id - 1));
    }
    b.put(&ks[2], &pending_key(id), b"");
    b
}

/// The child's body: write batches from `start` on until killed, acknowledging each on stdout,
/// with explicit flushes and compactions now and then so that kills also hit those.
fn child_main(dir: &str, start: u64, mode: Mode) -> TestResult {
    let db = open_when_unlocked(dir)?;
    let ks = common::keyspaces(&db, &KEYSPACES)?;
    let mut out = std::io::stdout().lock();
    // The test harness has printed `test child_writer ... ` without a line end: acks start on
    // a line of their own.
    writeln!(out)?;
    for id in start.. {
        if mode == Mode::BufferedThenIdle && id == start + IDLE_AFTER {
            loop {
                std::thread::sleep(Duration::from_secs(1));
            }
        }
        db.write_with(batch(&ks, id), mode.durability())?;
        writeln!(out, "ack {id}")?;
        out.flush()?;
        if id % 50 == 49 {
            db.flush()?;
        }
        if id % 200 == 199 {
            db.compact()?;
        }
    }
    Ok(())
}

/// Entry point of the child process; does nothing in a normal test run.
#[test]
fn child_writer() -> TestResult {
    let Ok(dir) = std::env::var(CHILD_DIR_ENV) else {
        return Ok(());
    };
    let start = std::env::var(CHILD_START_ENV)?.parse()?;
    let name = std::env::var(CHILD_MODE_ENV)?;
    let mode = Mode::ALL
        .into_iter()
        .find(|m| m.name() == name)
        .ok_or("unknown mode")?;
    child_main(&dir, start, mode)
}

/// Opens the database, waiting while its lock is held. Every holder has released it (the
/// parent drops its handle before spawning a child, and kills and reaps the child before
/// reopening), but a process that another test thread forks at that moment shares the
/// releasing process's lock until it executes its program.
fn open_when_unlocked(dir: impl AsRef<Path>) -> TestResult<Db> {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match Db::open(dir.as_ref(), options()) {
            Err(dynakv_storage::Error::Io(e))
                if e.kind() == std::io::ErrorKind::WouldBlock && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return Ok(other?),
        }
    }
}

/// What one round of the child printed: acknowledged ids and, for diagnostics, anything else.
struct ChildOutput {
    acks: mpsc::Receiver<u64>,
    other: std::thread::JoinHandle<Vec<String>>,
}

fn spawn_child(
    dir: &Path,
    start: u64,
    mode: Mode,
) -> TestResult<(std::process::Child, ChildOutput)> {
    let mut child = Command::new(std::env::current_exe()?)
        .args(["--exact", "child_writer", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR_ENV, dir)
        .env(CHILD_START_ENV, start.to_string())
        .env(CHILD_MODE_ENV, mode.name())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().ok_or("child without stdout")?;
    let (tx, acks) = mpsc::channel();
    let other = std::thread::spawn(move || {
        let mut other = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            match line.strip_prefix("ack ").and_then(|n| n.parse().ok()) {
                Some(id) => drop(tx.send(id)),
                None => other.push(line),
            }
        }
        other
    });
    Ok((child, ChildOutput { acks, other }))
}

/// Up to `n` acknowledgements, fewer if the child exits; fails if it makes no progress.
fn collect_acks(acks: &mpsc::Receiver<u64>, n: usize) -> TestResult<Vec<u64>> {
    let mut seen = Vec::new();
    let deadline = Instant::now() + ROUND_LIMIT;
    while seen.len() < n {
        let left = deadline.saturating_duration_since(Instant::now());
        match acks.recv_timeout(left) {
            Ok(id) => seen.push(id),
            Err(mpsc::RecvTimeoutError::Timeout) => return fail("child made no progress"),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    Ok(seen)
}

/// Lets the child run until a random moment: either a few milliseconds after the start (often
/// during recovery) or after a random number of acknowledgements. Returns the acks seen so far.
fn wait_random_moment(rng: &mut Rng, acks: &mpsc::Receiver<u64>) -> TestResult<Vec<u64>> {
    if rng.chance(25) {
        std::thread::sleep(Duration::from_millis(rng.below(30)));
        return Ok(Vec::new());
    }
    let seen = collect_acks(acks, 1 + rng.below(150) as usize)?;
    std::thread::sleep(Duration::from_micros(rng.below(3000)));
    Ok(seen)
}

/// Waits for all `IDLE_AFTER` acknowledgements, then for several sync intervals.
fn wait_until_synced(acks: &mpsc::Receiver<u64>) -> TestResult<Vec<u64>> {
    let seen = collect_acks(acks, IDLE_AFTER as usize)?;
    if seen.len() != IDLE_AFTER as usize {
        return fail(format!(
            "the child stopped after {} acknowledgements",
            seen.len()
        ));
    }
    std::thread::sleep(options().sync_interval * 5);
    Ok(seen)
}

/// Runs one child until a random moment, kills it, and returns every id it acknowledged.
fn crash_round(rng: &mut Rng, dir: &Path, start: u64, mode: Mode) -> TestResult<Vec<u64>> {
    let (mut child, output) = spawn_child(dir, start, mode)?;
    let mut acked = match mode {
        Mode::BufferedThenIdle => wait_until_synced(&output.acks)?,
        Mode::Sync | Mode::Buffered => wait_random_moment(rng, &output.acks)?,
    };
    if let Some(status) = child.try_wait()? {
        let other = output.other.join().map_err(|_| "reader panicked")?;
        return fail(format!(
            "child exited by itself ({status}): {}",
            other.join("\n")
        ));
    }
    child.kill()?;
    child.wait()?;
    drop(output.other.join());
    acked.extend(output.acks.try_iter());
    Ok(acked)
}

/// Checks the recovered state and returns the id of the last batch present (`None` if none).
fn verify(dir: &Path) -> TestResult<Option<u64>> {
    let db = open_when_unlocked(dir)?;
    let ks = common::keyspaces(&db, &KEYSPACES)?;
    let snap = db.snapshot();
    let mut parts_seen: BTreeMap<u64, u64> = BTreeMap::new();
    for k in &ks {
        let lower = Bound::Included(b"batch/".as_slice());
        let upper = Bound::Excluded(b"batch0".as_slice());
        for (key, value) in scan(&snap, k, lower, upper, false)? {
            let (id, part) = parse_part_key(&key)?;
            if value != part_value(id, part) {
                return fail(format!("wrong value for {}", String::from_utf8_lossy(&key)));
            }
            *parts_seen.entry(id).or_default() += 1;
        }
    }
    let last = parts_seen.keys().next_back().copied();
    for (index, (id, parts)) in parts_seen.iter().enumerate() {
        if *parts != PARTS {
            return fail(format!(
                "batch {id} is half-applied: {parts} of {PARTS} parts"
            ));
        }
        if *id != index as u64 {
            return fail(format!(
                "batch {index} is missing but batch {id} is present"
            ));
        }
    }
    check_markers(&db, &ks, last)?;
    Ok(last)
}

fn parse_part_key(key: &[u8]) -> TestResult<(u64, u64)> {
    let text = std::str::from_utf8(key)?;
    let mut fields = text.strip_prefix("batch/").ok_or("bad key")?.split('/');
    let id = fields.next().ok_or("no id")?.parse()?;
    let part = fields.next().ok_or("no part")?.parse()?;
    Ok((id, part))
}

/// `latest` in every keyspace and the single `pending/` marker name the last batch.
fn check_markers(db: &Db, ks: &[Keyspace], last: Option<u64>) -> TestResult {
    let want_latest = last.map(|id| id.to_be_bytes().to_vec());
    for k in ks {
        let latest = common::owned(db.get(k, b"latest")?);
        if latest != want_latest {
            return fail(format!(
                "latest in {} is {latest:?}, want {want_latest:?}",
                k.name()
            ));
        }
    }
    let snap = db.snapshot();
    let lower = Bound::Included(b"pending/".as_slice());
    let upper = Bound::Excluded(b"pending0".as_slice());
    let markers: Vec<Vec<u8>> = scan(&snap, &ks[2], lower, upper, false)?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let want: Vec<Vec<u8>> = last.map(pending_key).into_iter().collect();
    if markers != want {
        return fail(format!("pending markers {markers:?}, want {want:?}"));
    }
    Ok(())
}

/// Up to `rounds` crash rounds, none started after `budget`.
fn crash_rounds(test: &str, mode: Mode, rounds: usize, budget: Duration) -> TestResult {
    let mut rng = Rng::from_env(test);
    let dir = tempfile::tempdir()?;
    let started = Instant::now();
    let (mut next, mut max_acked, mut round) = (0u64, None, 0);
    while round < rounds && started.elapsed() < budget {
        let acked = crash_round(&mut rng, dir.path(), next, mode)?;
        max_acked = acked.iter().copied().max().max(max_acked);
        let last = verify(dir.path()).map_err(|e| format!("after round {round}: {e}"))?;
        if last < max_acked {
            return fail(format!(
                "round {round}: batch {max_acked:?} was acknowledged, last present {last:?}"
            ));
        }
        next = last.map_or(0, |id| id + 1);
        round += 1;
    }
    eprintln!("{test}: {round} crash rounds, {next} batches committed");
    if max_acked.is_none() {
        return fail("no batch was ever acknowledged");
    }
    Ok(())
}

#[test]
fn acknowledged_sync_batches_survive_sigkill() -> TestResult {
    let test = "acknowledged_sync_batches_survive_sigkill";
    crash_rounds(test, Mode::Sync, 40, Duration::from_secs(20))
}

#[test]
fn acknowledged_buffered_batches_survive_sigkill() -> TestResult {
    let test = "acknowledged_buffered_batches_survive_sigkill";
    crash_rounds(test, Mode::Buffered, 20, Duration::from_secs(10))
}

/// Whatever `Buffered` holds back, the interval sync writes it: batches acknowledged more than a
/// few sync intervals before a crash survive it.
#[test]
fn buffered_batches_survive_sigkill_after_the_sync_interval() -> TestResult {
    let test = "buffered_batches_survive_sigkill_after_the_sync_interval";
    crash_rounds(test, Mode::BufferedThenIdle, 5, Duration::from_secs(10))
}
