//! Compaction at scale: tens of thousands of random puts and deletes over a key space large
//! enough to fill several levels, with background and explicit compactions, checked against a
//! `BTreeMap` model -- including a snapshot held from the middle of the run, whose versions
//! compaction must keep, and a final reopen.

mod common;

use common::{fail, scan_all, Rng, TestResult};
use dynakv_storage::{Db, Keyspace, Options, Snapshot, WriteBatch};
use std::collections::BTreeMap;
use std::time::Duration;

const CHECKPOINTS: u64 = 6;
const PER_CHECKPOINT: u64 = 25_000;
const KEYS: u64 = 60_000;
const BATCH: u64 = 50;

type Model = BTreeMap<Vec<u8>, Vec<u8>>;

fn options() -> Options {
    Options {
        memtable_size: 64 << 10,
        memtable_budget: 256 << 10,
        block_size: 1024,
        sync_interval: Duration::from_millis(50),
        ..Options::default()
    }
}

/// Keys are spread so that consecutive writes land all over the key space.
fn key(i: u64) -> Vec<u8> {
    format!("user{:08}", i.wrapping_mul(2_654_435_761) % 100_000_000).into_bytes()
}

fn value(rng: &mut Rng, op: u64) -> Vec<u8> {
    let mut v = op.to_be_bytes().to_vec();
    v.resize(8 + rng.below(200) as usize, b'v');
    v
}

fn check(snap: &Snapshot, ks: &Keyspace, model: &Model, what: &str) -> TestResult {
    let got = scan_all(snap, ks)?;
    if got.len() != model.len()
        || got
            .iter()
            .zip(model)
            .any(|((k, v), (mk, mv))| k != mk || v != mv)
    {
        return fail(format!(
            "{what}: scan of {} keys differs from the model's {}",
            got.len(),
            model.len()
        ));
    }
    let mut reversed = common::scan(
        snap,
        ks,
        std::ops::Bound::Unbounded,
        std::ops::Bound::Unbounded,
        true,
    )?;
    reversed.reverse();
    if reversed != got {
        return fail(format!(
            "{what}: the reverse scan differs from the forward scan"
        ));
    }
    Ok(())
}

/// Applies `CHECKPOINTS` rounds of `PER_CHECKPOINT` random operations in batches, checking the
/// whole keyspace after each; returns a snapshot taken half way with the model at that point.
fn run_workload(
    db: &Db,
    ks: &Keyspace,
    rng: &mut Rng,
    model: &mut Model,
) -> TestResult<(Snapshot, Model)> {
    let mut middle = None;
    for checkpoint in 0..CHECKPOINTS {
        let first = checkpoint * PER_CHECKPOINT;
        for start in (first..first + PER_CHECKPOINT).step_by(BATCH as usize) {
            write_batch(db, ks, rng, model, start)?;
        }
        let what = format!("after {} operations", first + PER_CHECKPOINT);
        check(&db.snapshot(), ks, model, &what)?;
        if checkpoint == CHECKPOINTS / 2 {
            middle = Some((db.snapshot(), model.clone()));
        }
    }
    Ok(middle.ok_or("no middle snapshot")?)
}

/// Operations `start..start + BATCH`: 80% puts, 20% deletes of random keys.
fn write_batch(db: &Db, ks: &Keyspace, rng: &mut Rng, model: &mut Model, start: u64) -> TestResult {
    let mut batch = WriteBatch::new();
    for op in start..start + BATCH {
        let k = key(rng.below(KEYS));
        if rng.chance(20) {
            batch.delete(ks, &k);
            model.remove(&k);
        } else {
            let v = value(rng, op);
            batch.put(ks, &k, &v);
            model.insert(k, v);
        }
    }
    db.write(batch)?;
    Ok(())
}

#[test]
fn large_dataset_matches_model_through_compaction_and_reopen() -> TestResult {
    let mut rng = Rng::from_env("large_dataset_matches_model_through_compaction_and_reopen");
    let dir = tempfile::tempdir()?;
    let mut model = Model::new();
    {
        let db = Db::open(dir.path(), options())?;
        let ks = db.create_keyspace("big")?;
        let (middle, middle_model) = run_workload(&db, &ks, &mut rng, &mut model)?;
        db.flush()?;
        db.compact()?;
        check(
            &middle,
            &ks,
            &middle_model,
            "the middle snapshot after compaction",
        )?;
        check(&db.snapshot(), &ks, &model, "after compaction")?;
        drop(middle);
        db.compact()?;
        check(
            &db.snapshot(),
            &ks,
            &model,
            "after compaction without snapshots",
        )?;
    }
    let db = Db::open(dir.path(), options())?;
    let ks = db.keyspace("big").ok_or("keyspace lost")?;
    check(&db.snapshot(), &ks, &model, "after reopen")?;
    for k in model.keys().step_by(97) {
        if db.get(&ks, k)?.as_deref() != model.get(k).map(Vec::as_slice) {
            return fail(format!("get {k:?} after reopen"));
        }
    }
    Ok(())
}
