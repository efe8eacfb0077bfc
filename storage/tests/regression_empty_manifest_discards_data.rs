//! Regression: a database whose `MANIFEST` is empty or missing while its tables and journal are
//! there opened as a new, empty database, and the open then deleted every table as an orphan:
//! silent loss of all data. The manifest is replaced by an atomic rename, so no crash leaves it
//! empty or absent once tables exist; opening must fail with `Error::Corruption` and leave the
//! files alone so that the data can still be recovered. Fixed in storage@1b08be0.

mod common;

use common::{fail, files_under, small_options, TestResult};
use dynakv_storage::{Db, Error, WriteBatch};
use std::path::Path;

/// A closed database with a keyspace whose data lives in tables (its journal is retired by
/// the reopen and flush).
fn database_with_tables(dir: &Path) -> TestResult {
    for round in 0..2u8 {
        let db = Db::open(dir, small_options())?;
        let ks = common::keyspaces(&db, &["t"])?.remove(0);
        let mut batch = WriteBatch::new();
        for i in 0..100u32 {
            batch.put(&ks, &i.to_be_bytes(), &[round; 64]);
        }
        db.write(batch)?;
        db.flush()?;
    }
    Ok(())
}

fn check_refused(dir: &Path, damage: impl FnOnce(&Path) -> std::io::Result<()>) -> TestResult {
    database_with_tables(dir)?;
    let before = files_under(dir)?;
    damage(&dir.join("MANIFEST"))?;
    match Db::open(dir, small_options()) {
        Err(Error::Corruption { .. }) => {}
        Err(e) => return fail(format!("expected Corruption, got {e}")),
        Ok(db) => {
            let found = db.list_keyspaces();
            return fail(format!("opened with keyspaces {found:?}; the data is lost"));
        }
    }
    let lost: Vec<_> = before
        .iter()
        .filter(|f| !f.exists() && !f.ends_with("MANIFEST"))
        .collect();
    if !lost.is_empty() {
        return fail(format!("the refused open deleted {lost:?}"));
    }
    Ok(())
}

#[test]
fn empty_manifest_is_corruption() -> TestResult {
    let dir = tempfile::tempdir()?;
    check_refused(dir.path(), |m| std::fs::write(m, b""))
}

#[test]
fn missing_manifest_is_corruption() -> TestResult {
    let dir = tempfile::tempdir()?;
    check_refused(dir.path(), |m| std::fs::remove_file(m))
}
