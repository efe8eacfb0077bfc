//! Read views outlive what created them: an iterator outlives its snapshot, a snapshot or an
//! iterator outlives every `Db` handle, and keeps reading its point in time through overwrites,
//! flushes and compactions. The last of them to go closes the database durably.

mod common;

use common::{fail, scan_all, small_options, TestResult};
use dynakv_storage::{Db, Keyspace, RangeIter, WriteBatch};
use std::ops::Bound;

const KEYS: u32 = 300;

fn write_generation(db: &Db, ks: &Keyspace, gen: u8) -> TestResult {
    let mut batch = WriteBatch::new();
    for i in 0..KEYS {
        batch.put(ks, &i.to_be_bytes(), &[gen; 40]);
    }
    db.write(batch)?;
    Ok(())
}

/// Every key once, in order, all of generation `gen`.
fn expect_generation(iter: RangeIter, gen: u8) -> TestResult {
    let mut count: u32 = 0;
    for item in iter {
        let (k, v) = item?;
        if k[..] != count.to_be_bytes() || v[..] != [gen; 40] {
            return fail(format!(
                "entry {count}: {k:?} = {v:?}, want generation {gen}"
            ));
        }
        count += 1;
    }
    if count != KEYS {
        return fail(format!("{count} of {KEYS} entries"));
    }
    Ok(())
}

fn all(snap: &dynakv_storage::Snapshot, ks: &Keyspace) -> RangeIter {
    snap.range(ks, Bound::Unbounded, Bound::Unbounded, false)
}

#[test]
fn iterator_outlives_its_snapshot_through_compaction() -> TestResult {
    let db = Db::in_memory(small_options())?;
    let ks = db.create_keyspace("t")?;
    write_generation(&db, &ks, 1)?;
    db.flush()?;
    // The snapshot is a temporary: only the iterator holds the view.
    let iter = all(&db.snapshot(), &ks);
    for gen in 2..5 {
        write_generation(&db, &ks, gen)?;
        db.flush()?;
    }
    db.compact()?;
    expect_generation(iter, 1)?;
    expect_generation(all(&db.snapshot(), &ks), 4)
}

#[test]
fn snapshot_outlives_the_database_handle() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (snap, ks) = {
        let db = Db::open(dir.path(), small_options())?;
        let ks = db.create_keyspace("t")?;
        write_generation(&db, &ks, 1)?;
        (db.snapshot(), ks)
    };
    expect_generation(all(&snap, &ks), 1)?;
    if scan_all(&snap, &ks)?.len() != KEYS as usize {
        return fail("the snapshot lost keys once the Db handle was gone");
    }
    Ok(())
}

/// Buffered writes are made durable when the last handle goes, even if that last handle is a
/// snapshot or an iterator rather than a `Db`.
#[test]
fn last_view_to_go_closes_durably() -> TestResult {
    let dir = tempfile::tempdir()?;
    for gen in 1..3u8 {
        let iter = {
            let db = Db::open(dir.path(), small_options())?;
            let ks = common::keyspaces(&db, &["t"])?.remove(0);
            write_generation(&db, &ks, gen)?;
            let snap = db.snapshot();
            all(&snap, &ks)
        };
        expect_generation(iter, gen)?;
    }
    let db = Db::open(dir.path(), small_options())?;
    let ks = db.keyspace("t").ok_or("keyspace lost")?;
    expect_generation(all(&db.snapshot(), &ks), 2)
}
