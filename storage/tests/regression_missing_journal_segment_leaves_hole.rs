//! Regression: an emptied or deleted journal segment other than the newest was skipped
//! silently, so the database reopened with a hole in the middle of its history (seen: batches
//! 0..997 gone while later ones were there). Such a segment was complete and fsynced before the
//! journal moved on (docs/format.md), so a cut, emptied or missing older segment is corruption,
//! never a torn tail: reopening must fail with `Error::Corruption` or keep every batch. Cuts
//! inside an older segment were already reported; their test guards that. Since storage@1b08be0
//! a deleted segment is reported too, and since storage@e73aeed an emptied one.

mod common;

use common::{copy_tree, fail, files_under, TestResult};
use dynakv_storage::{Db, Durability, Error, Keyspace, Options, WriteBatch};
use std::path::{Path, PathBuf};
use tempfile::TempDir;

const BATCHES: u32 = 3000;

/// Segments are as large as a memtable (1 MiB at least); `pinned` gets a few bytes per batch
/// and never fills its memtable, so every segment stays needed and none is retired.
fn options() -> Options {
    Options {
        memtable_size: 1 << 20,
        ..Options::default()
    }
}

fn pinned_value(i: u32) -> Vec<u8> {
    format!("batch {i}").into_bytes()
}

/// Each batch writes a small value to `pinned` and 1 KB to `bulk`.
fn write_batches(db: &Db, ks: &[Keyspace]) -> TestResult {
    for i in 0..BATCHES {
        let mut batch = WriteBatch::new();
        batch.put(&ks[0], &i.to_be_bytes(), &pinned_value(i));
        batch.put(&ks[1], &i.to_be_bytes(), &[1u8; 1000]);
        let durability = if i + 1 == BATCHES {
            Durability::Sync
        } else {
            Durability::Buffered
        };
        db.write_with(batch, durability)?;
    }
    Ok(())
}

/// A crash image (copied while open) and its journal segments, oldest first.
fn build_image() -> TestResult<(TempDir, Vec<PathBuf>)> {
    let live = tempfile::tempdir()?;
    let db = Db::open(live.path(), options())?;
    write_batches(&db, &common::keyspaces(&db, &["pinned", "bulk"])?)?;
    let image = tempfile::tempdir()?;
    copy_tree(live.path(), image.path())?;
    let segments: Vec<PathBuf> = files_under(&image.path().join("journal"))?
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "log"))
        .collect();
    if segments.len() < 3 {
        return fail(format!(
            "expected several journal segments, found {segments:?}"
        ));
    }
    Ok((image, segments))
}

/// Every batch is in `pinned`, or a read fails with Corruption.
fn check_all_batches(db: &Db) -> TestResult {
    let ks = db.keyspace("pinned").ok_or("keyspace lost")?;
    for i in 0..BATCHES {
        match db.get(&ks, &i.to_be_bytes()) {
            Ok(Some(v)) if v[..] == pinned_value(i)[..] => {}
            Err(Error::Corruption { .. }) => {}
            other => return fail(format!("batch {i} of {BATCHES}: {other:?}")),
        }
    }
    Ok(())
}

/// Copies the image, damages `segment` in the copy with `damage`, reopens and checks.
fn case(image: &Path, segment: &Path, damage: &dyn Fn(&Path) -> std::io::Result<()>) -> TestResult {
    let copy = tempfile::tempdir()?;
    copy_tree(image, copy.path())?;
    damage(&copy.path().join(segment.strip_prefix(image)?))?;
    match Db::open(copy.path(), options()) {
        Err(Error::Corruption { .. }) => Ok(()),
        Err(e) => fail(format!("expected Corruption, got {e}")),
        Ok(db) => check_all_batches(&db),
    }
}

fn truncate_to(fraction: u64) -> impl Fn(&Path) -> std::io::Result<()> {
    move |path| {
        let file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.set_len(file.metadata()?.len() * fraction / 8)
    }
}

type Damage = Box<dyn Fn(&Path) -> std::io::Result<()>>;

/// Applies each damage to each older segment of a fresh image; collects every failure.
fn damage_older_segments(damages: &[(&str, Damage)]) -> TestResult {
    let (image, segments) = build_image()?;
    let mut failures = Vec::new();
    for segment in &segments[..segments.len() - 1] {
        for (what, damage) in damages {
            if let Err(e) = case(image.path(), segment, damage.as_ref()) {
                failures.push(format!("{} {what}: {e}", segment.display()));
            }
        }
    }
    if !failures.is_empty() {
        return fail(failures.join("\n"));
    }
    Ok(())
}

#[test]
fn cut_older_segments_are_corruption() -> TestResult {
    damage_older_segments(&[
        ("cut to 3/8", Box::new(truncate_to(3))),
        ("cut to 7/8", Box::new(truncate_to(7))),
    ])
}

#[test]
fn missing_older_segments_are_corruption() -> TestResult {
    damage_older_segments(&[("deleted", Box::new(|p: &Path| std::fs::remove_file(p)))])
}

#[test]
fn emptied_older_segments_are_corruption() -> TestResult {
    damage_older_segments(&[("emptied", Box::new(truncate_to(0)))])
}
