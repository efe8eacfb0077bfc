//! Regression: `flush()` waited until no keyspace had a frozen memtable at all, so while
//! writers kept filling and rotating memtables it did not return until they stopped (seen in
//! the concurrency test: a flush taking the whole 3 s run, longer under load). A flush must
//! wait for the memtables that were full or active when it was called, not for quiet.

mod common;

use common::{fail, small_options, TestResult};
use dynakv_storage::{Db, Error, WriteBatch};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Writers stop on their own after this long, so a starved flush cannot hang the test.
const WRITERS_RUN_FOR: Duration = Duration::from_secs(10);
/// More than enough for flushing a few 4 KiB memtables, even on a loaded machine.
const FLUSH_LIMIT: Duration = Duration::from_secs(5);

fn write_until(db: &Db, stop: &AtomicBool, t: u8) -> dynakv_storage::Result<()> {
    let ks = db
        .keyspace(&format!("w{t}"))
        .ok_or_else(|| Error::NoSuchKeyspace(format!("w{t}")))?;
    let started = Instant::now();
    let mut i = 0u64;
    while !stop.load(Ordering::Relaxed) && started.elapsed() < WRITERS_RUN_FOR {
        let mut batch = WriteBatch::new();
        batch.put(&ks, &i.to_be_bytes(), &[t; 200]);
        db.write(batch)?;
        i += 1;
    }
    Ok(())
}

#[test]
fn flush_returns_while_writers_keep_writing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = Db::open(dir.path(), small_options())?;
    common::keyspaces(&db, &["w0", "w1"])?;
    let stop = AtomicBool::new(false);
    let (took, writers) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..2u8)
            .map(|t| {
                scope.spawn({
                    let (db, stop) = (&db, &stop);
                    move || write_until(db, stop, t)
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        let started = Instant::now();
        let flushed = db.flush();
        let took = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        let writers: Vec<_> = handles.into_iter().map(|h| h.join()).collect();
        (flushed.map(|()| took), writers)
    });
    for w in writers {
        w.map_err(|_| "writer panicked")?
            .map_err(|e| e.to_string())?;
    }
    let took = took?;
    if took > FLUSH_LIMIT {
        return fail(format!("flush took {took:?} while writers were writing"));
    }
    Ok(())
}
