//! Values and batches larger than a memtable, a data block or the whole memtable budget are
//! stored and read back intact, and writers stalled on the budget always make progress.

mod common;

use common::{fail, owned, Rng, TestResult};
use dynakv_storage::{Db, Options, WriteBatch};
use std::time::Duration;

/// Tiny memtables and budget: the values below exceed all of them.
fn options() -> Options {
    Options {
        memtable_size: 8 << 10,
        memtable_budget: 32 << 10,
        block_size: 512,
        ..Options::default()
    }
}

/// A value of `len` bytes that differs for every `seed`.
fn big_value(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

/// 400 KB values (DynamoDB's item limit) one per batch, then one batch of 2 MB, read back
/// before and after flush, compaction and reopen.
fn large_values(db_dir: &std::path::Path) -> Result<(), String> {
    let run = || -> TestResult {
        let sizes: Vec<usize> = vec![
            0,
            1,
            511,
            512,
            513,
            8 << 10,
            100 << 10,
            400 << 10,
            400 << 10,
        ];
        let expected: Vec<(Vec<u8>, Vec<u8>)> = sizes
            .iter()
            .enumerate()
            .map(|(i, &len)| (format!("item{i:02}").into_bytes(), big_value(len, i as u64)))
            .collect();
        {
            let db = Db::open(db_dir, options())?;
            let ks = db.create_keyspace("t")?;
            for (k, v) in &expected {
                let mut batch = WriteBatch::new();
                batch.put(&ks, k, v);
                db.write(batch)?;
            }
            let mut batch = WriteBatch::new();
            for i in 0..20u64 {
                batch.put(
                    &ks,
                    format!("batch{i:02}").as_bytes(),
                    &big_value(100 << 10, 100 + i),
                );
            }
            db.write(batch)?;
            check_values(&db, &expected)?;
            db.flush()?;
            db.compact()?;
            check_values(&db, &expected)?;
        }
        check_values(&Db::open(db_dir, options())?, &expected)
    };
    run().map_err(|e| e.to_string())
}

fn check_values(db: &Db, expected: &[(Vec<u8>, Vec<u8>)]) -> TestResult {
    let ks = db.keyspace("t").ok_or("keyspace lost")?;
    for (k, v) in expected {
        if owned(db.get(&ks, k)?).as_ref() != Some(v) {
            return fail(format!("{} bytes under {k:?} came back wrong", v.len()));
        }
    }
    for i in 0..20u64 {
        let got = owned(db.get(&ks, format!("batch{i:02}").as_bytes())?);
        if got != Some(big_value(100 << 10, 100 + i)) {
            return fail(format!("part {i} of the 2 MB batch came back wrong"));
        }
    }
    Ok(())
}

#[test]
fn values_larger_than_memtables_round_trip() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().to_path_buf();
    common::with_timeout(Duration::from_secs(120), move || large_values(&path))
}

/// Four threads write 2 MB each through a 32 KB budget; none may stall forever.
fn stalled_writers(db: Db) -> Result<(), String> {
    let ks = db.create_keyspace("t").map_err(|e| e.to_string())?;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4u64)
            .map(|t| {
                let (db, ks) = (&db, &ks);
                scope.spawn(move || -> Result<(), String> {
                    for i in 0..200u64 {
                        let mut batch = WriteBatch::new();
                        batch.put(
                            ks,
                            format!("{t}-{i:04}").as_bytes(),
                            &big_value(10 << 10, t * 1000 + i),
                        );
                        db.write(batch).map_err(|e| e.to_string())?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().map_err(|_| "writer panicked".to_string())?)
    })?;
    for t in 0..4u64 {
        for i in (0..200u64).step_by(13) {
            let got = db
                .get(&ks, format!("{t}-{i:04}").as_bytes())
                .map_err(|e| e.to_string())?;
            if owned(got) != Some(big_value(10 << 10, t * 1000 + i)) {
                return Err(format!("value {t}-{i} came back wrong"));
            }
        }
    }
    Ok(())
}

#[test]
fn writers_over_budget_make_progress_on_disk() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().to_path_buf();
    common::with_timeout(Duration::from_secs(120), move || {
        stalled_writers(Db::open(path, options()).map_err(|e| e.to_string())?)
    })
}

#[test]
fn writers_over_budget_make_progress_in_memory() -> TestResult {
    common::with_timeout(Duration::from_secs(120), || {
        stalled_writers(Db::in_memory(options()).map_err(|e| e.to_string())?)
    })
}
