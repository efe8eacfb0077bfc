//! Keyspace changes racing with writers: a keyspace dropped (and re-created) while a writer
//! commits batches spanning it and another keyspace; several threads creating the same name.

mod common;

use common::{fail, scan_all, small_options, TestResult};
use dynakv_storage::{Db, Error, Keyspace, WriteBatch};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Barrier;

/// Writes batch `i` = `t/i` + `keep/i` until stopped; returns, per batch, whether it committed.
fn write_until_stopped(
    db: &Db,
    (t, keep): (&Keyspace, &Keyspace),
    (stop, progress): (&AtomicBool, &AtomicU64),
) -> Result<Vec<bool>, String> {
    let mut outcomes = Vec::new();
    while !stop.load(Ordering::Relaxed) {
        let key = (outcomes.len() as u64).to_be_bytes();
        let mut batch = WriteBatch::new();
        batch.put(t, &key, b"t");
        batch.put(keep, &key, b"keep");
        match db.write(batch) {
            Ok(_) => outcomes.push(true),
            Err(Error::NoSuchKeyspace(_)) => outcomes.push(false),
            Err(e) => return Err(e.to_string()),
        }
        progress.fetch_add(1, Ordering::Release);
    }
    Ok(outcomes)
}

/// Waits until the writer has attempted `n` more batches (or has died).
fn let_writer_run(progress: &AtomicU64, n: u64, writer_done: impl Fn() -> bool) {
    let target = progress.load(Ordering::Acquire) + n;
    while progress.load(Ordering::Acquire) < target && !writer_done() {
        std::thread::yield_now();
    }
}

/// Runs the writer while `t` is dropped and re-created; returns the outcomes.
fn race(db: &Db) -> TestResult<Vec<bool>> {
    let ks = common::keyspaces(db, &["t", "keep"])?;
    let (stop, progress) = (AtomicBool::new(false), AtomicU64::new(0));
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_until_stopped(db, (&ks[0], &ks[1]), (&stop, &progress)));
        let done = || writer.is_finished();
        let_writer_run(&progress, 50, done);
        let dropped = db.drop_keyspace("t");
        let_writer_run(&progress, 20, done);
        let created = db.create_keyspace("t");
        let_writer_run(&progress, 20, done);
        stop.store(true, Ordering::Relaxed);
        let outcomes = writer.join().map_err(|_| "writer panicked")??;
        dropped?;
        created?;
        Ok(outcomes)
    })
}

/// `keep` holds exactly the committed batches, which come before all refused ones, and the
/// re-created `t` is empty.
fn check(db: &Db, outcomes: &[bool]) -> TestResult {
    let committed = outcomes.iter().take_while(|&&ok| ok).count();
    if outcomes[committed..].contains(&true) || committed == outcomes.len() || committed == 0 {
        return fail(format!(
            "{committed} commits then refusals expected in {} batches",
            outcomes.len()
        ));
    }
    let keep = scan_all(&db.snapshot(), &db.keyspace("keep").ok_or("keep lost")?)?;
    let want: Vec<Vec<u8>> = (0..committed as u64)
        .map(|i| i.to_be_bytes().to_vec())
        .collect();
    if keep.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>() != want {
        return fail(format!(
            "keep holds {} batches, {committed} committed",
            keep.len()
        ));
    }
    let t = scan_all(&db.snapshot(), &db.keyspace("t").ok_or("t lost")?)?;
    if !t.is_empty() {
        return fail(format!("the re-created keyspace holds {} keys", t.len()));
    }
    Ok(())
}

#[test]
fn drop_during_writes_is_atomic_on_disk() -> TestResult {
    let dir = tempfile::tempdir()?;
    let outcomes = race(&Db::open(dir.path(), small_options())?)?;
    let db = Db::open(dir.path(), small_options())?;
    check(&db, &outcomes)
}

#[test]
fn drop_during_writes_is_atomic_in_memory() -> TestResult {
    let db = Db::in_memory(small_options())?;
    let outcomes = race(&db)?;
    check(&db, &outcomes)
}

/// Of several threads creating one name at once, exactly one succeeds.
#[test]
fn concurrent_creates_of_one_name() -> TestResult {
    let db = Db::in_memory(small_options())?;
    for round in 0..20 {
        let name = format!("ks{round}");
        let barrier = Barrier::new(4);
        let results: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        barrier.wait();
                        db.create_keyspace(&name)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join()).collect()
        });
        let mut created = 0;
        for result in results {
            match result.map_err(|_| "creator panicked")? {
                Ok(_) => created += 1,
                Err(Error::KeyspaceExists(n)) if n == name => {}
                Err(e) => return fail(format!("create: {e}")),
            }
        }
        if created != 1 {
            return fail(format!("{name} was created {created} times"));
        }
    }
    if db.list_keyspaces().len() != 20 {
        return fail(format!("{} keyspaces listed", db.list_keyspaces().len()));
    }
    Ok(())
}
