//! Keyspaces: create, list, drop; drops are durable; a dropped keyspace's data never reappears,
//! not through a re-created keyspace of the same name, a stale handle, a reopen or a compaction.

mod common;

use common::{fail, owned, scan_all, small_options, TestResult};
use dynakv_storage::{Db, Error, Keyspace, WriteBatch};
use std::path::Path;

fn put(db: &Db, ks: &Keyspace, pairs: &[(&str, &str)]) -> TestResult {
    let mut batch = WriteBatch::new();
    for (k, v) in pairs {
        batch.put(ks, k.as_bytes(), v.as_bytes());
    }
    db.write(batch)?;
    Ok(())
}

fn contents(db: &Db, ks: &Keyspace) -> TestResult<Vec<(String, String)>> {
    let pairs = scan_all(&db.snapshot(), ks)?;
    Ok(pairs
        .into_iter()
        .map(|(k, v)| {
            (
                String::from_utf8_lossy(&k).into(),
                String::from_utf8_lossy(&v).into(),
            )
        })
        .collect())
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn handle(db: &Db, name: &str) -> TestResult<Keyspace> {
    Ok(db
        .keyspace(name)
        .ok_or(format!("keyspace {name} missing"))?)
}

/// Create, list, look up and drop, with the errors for existing and missing names.
fn create_list_drop(db: &Db) -> TestResult {
    if !db.list_keyspaces().is_empty() {
        return fail(format!("a new database lists {:?}", db.list_keyspaces()));
    }
    for name in ["beta", "alpha", "gamma"] {
        if db.create_keyspace(name)?.name() != name {
            return fail("a keyspace handle has the wrong name");
        }
    }
    assert_eq!(db.list_keyspaces(), ["alpha", "beta", "gamma"]);
    assert!(matches!(db.create_keyspace("alpha"), Err(Error::KeyspaceExists(n)) if n == "alpha"));
    assert!(db.keyspace("delta").is_none());
    assert!(matches!(db.drop_keyspace("delta"), Err(Error::NoSuchKeyspace(n)) if n == "delta"));
    db.drop_keyspace("beta")?;
    assert_eq!(db.list_keyspaces(), ["alpha", "gamma"]);
    assert!(db.keyspace("beta").is_none());
    assert!(matches!(
        db.drop_keyspace("beta"),
        Err(Error::NoSuchKeyspace(_))
    ));
    Ok(())
}

#[test]
fn create_list_drop_on_disk() -> TestResult {
    let dir = tempfile::tempdir()?;
    create_list_drop(&Db::open(dir.path(), small_options())?)
}

#[test]
fn create_list_drop_in_memory() -> TestResult {
    create_list_drop(&Db::in_memory(small_options())?)
}

/// Drops `doomed` after writing to it (flushing before and/or after as told), reopens, and
/// checks that only the survivors and their data are there.
fn drop_then_reopen(flush_before: bool, flush_after: bool) -> TestResult {
    let dir = tempfile::tempdir()?;
    let (keep, doomed) = {
        let db = Db::open(dir.path(), small_options())?;
        let ks = common::keyspaces(&db, &["keep", "doomed", "other"])?;
        put(&db, &ks[0], &[("k1", "keep-1"), ("k2", "keep-2")])?;
        put(&db, &ks[1], &[("k1", "doomed-1"), ("k3", "doomed-3")])?;
        if flush_before {
            db.flush()?;
        }
        db.drop_keyspace("doomed")?;
        if flush_after {
            db.flush()?;
        }
        (contents(&db, &ks[0])?, contents(&db, &ks[1]))
    };
    // A read through a handle of the dropped keyspace finds nothing.
    match doomed {
        Ok(found) if !found.is_empty() => {
            return fail(format!("dropped keyspace still has {found:?}"))
        }
        Ok(_) | Err(_) => {}
    }
    let db = Db::open(dir.path(), small_options())?;
    if db.list_keyspaces() != ["keep", "other"] {
        return fail(format!("after reopen: {:?}", db.list_keyspaces()));
    }
    if contents(&db, &handle(&db, "keep")?)? != keep {
        return fail("the kept keyspace changed across reopen");
    }
    Ok(())
}

#[test]
fn drop_is_durable_across_reopen() -> TestResult {
    for (before, after) in [(false, false), (true, false), (false, true), (true, true)] {
        drop_then_reopen(before, after)
            .map_err(|e| format!("flush before={before} after={after}: {e}"))?;
    }
    Ok(())
}

/// Re-creating a dropped name starts empty, and the old data stays gone through flush,
/// compaction and (on disk) reopen.
fn recreate_starts_empty(dir: Option<&Path>, flush_old: bool) -> TestResult {
    let open = || -> TestResult<Db> {
        Ok(match dir {
            Some(d) => Db::open(d, small_options())?,
            None => Db::in_memory(small_options())?,
        })
    };
    let want = recreate(&open()?, flush_old)?;
    if dir.is_some() {
        let db = open()?;
        let got = contents(&db, &handle(&db, "t")?)?;
        if got != want {
            return fail(format!(
                "after reopen the re-created keyspace holds {got:?}"
            ));
        }
    }
    Ok(())
}

/// Writes, drops and re-creates keyspace `t`; returns what the new `t` must hold.
fn recreate(db: &Db, flush_old: bool) -> TestResult<Vec<(String, String)>> {
    let old = db.create_keyspace("t")?;
    put(db, &old, &[("a", "old-a"), ("b", "old-b"), ("c", "old-c")])?;
    if flush_old {
        db.flush()?;
    }
    db.drop_keyspace("t")?;
    let new = db.create_keyspace("t")?;
    if !contents(db, &new)?.is_empty() || db.get(&new, b"a")?.is_some() {
        return fail("a re-created keyspace is not empty");
    }
    put(db, &new, &[("b", "new-b"), ("d", "new-d")])?;
    let want = pairs(&[("b", "new-b"), ("d", "new-d")]);
    check_stale_handle(db, &old, &new)?;
    db.flush()?;
    db.compact()?;
    if contents(db, &new)? != want {
        return fail(format!("after compaction: {:?}", contents(db, &new)?));
    }
    Ok(want)
}

/// A handle of the dropped keyspace can neither write (not even into the re-created keyspace
/// of the same name) nor read the new keyspace's data; a batch using it is refused whole.
fn check_stale_handle(db: &Db, stale: &Keyspace, live: &Keyspace) -> TestResult {
    let mut batch = WriteBatch::new();
    batch.put(live, b"mixed", b"must not be written");
    batch.put(stale, b"b", b"stale-b");
    match db.write(batch) {
        Err(Error::NoSuchKeyspace(_)) => {}
        other => return fail(format!("a batch with a dropped keyspace gave {other:?}")),
    }
    if db.get(live, b"mixed")?.is_some() || owned(db.get(live, b"b")?) != Some(b"new-b".to_vec()) {
        return fail("a refused batch was partly applied");
    }
    match db.get(stale, b"b") {
        Ok(None) | Err(Error::NoSuchKeyspace(_)) => Ok(()),
        other => fail(format!("a stale handle read {other:?}")),
    }
}

#[test]
fn recreated_keyspace_starts_empty_on_disk() -> TestResult {
    for flush_old in [false, true] {
        let dir = tempfile::tempdir()?;
        recreate_starts_empty(Some(dir.path()), flush_old)
            .map_err(|e| format!("flush_old={flush_old}: {e}"))?;
    }
    Ok(())
}

#[test]
fn recreated_keyspace_starts_empty_in_memory() -> TestResult {
    for flush_old in [false, true] {
        recreate_starts_empty(None, flush_old)
            .map_err(|e| format!("flush_old={flush_old}: {e}"))?;
    }
    Ok(())
}

/// A snapshot taken before a drop keeps reading the dropped keyspace's data (in tables and in
/// the memtable), even after a flush and a compaction; new snapshots do not see it.
fn snapshot_outlives_drop(db: &Db) -> TestResult {
    let ks = db.create_keyspace("t")?;
    let data: Vec<(String, String)> = (0..200)
        .map(|i| (format!("k{i:04}"), "v".repeat(i % 40)))
        .collect();
    let refs: Vec<(&str, &str)> = data.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    put(db, &ks, &refs[..100])?;
    db.flush()?;
    put(db, &ks, &refs[100..])?;
    let snap = db.snapshot();
    db.drop_keyspace("t")?;
    db.flush()?;
    db.compact()?;
    let again = db.create_keyspace("t")?;
    put(db, &again, &[("k0001", "new")])?;
    let seen = scan_all(&snap, &ks)?;
    if seen.len() != data.len() || owned(snap.get(&ks, b"k0001")?) != Some(b"v".to_vec()) {
        return fail(format!(
            "the old snapshot sees {} of {} keys",
            seen.len(),
            data.len()
        ));
    }
    if contents(db, &again)? != pairs(&[("k0001", "new")]) {
        return fail("the old keyspace's data leaked into the new one");
    }
    Ok(())
}

#[test]
fn snapshot_taken_before_drop_still_reads_on_disk() -> TestResult {
    let dir = tempfile::tempdir()?;
    snapshot_outlives_drop(&Db::open(dir.path(), small_options())?)
}

#[test]
fn snapshot_taken_before_drop_still_reads_in_memory() -> TestResult {
    snapshot_outlives_drop(&Db::in_memory(small_options())?)
}

/// Bytes of the files under `dir`; a file that background compaction deletes between the
/// listing and its measurement counts as zero.
fn dir_size(dir: &Path) -> TestResult<u64> {
    common::files_under(dir)?
        .iter()
        .try_fold(0, |sum, f| match std::fs::metadata(f) {
            Ok(m) => Ok(sum + m.len()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(sum),
            Err(e) => Err(e.into()),
        })
}

/// Writes 1 MB to `big` and a little to `small`, flushes, measures the directory and drops
/// `big`; returns the measured size.
fn fill_then_drop(db: &Db, dir: &Path) -> TestResult<u64> {
    let ks = common::keyspaces(db, &["big", "small"])?;
    let value = vec![7u8; 1000];
    for chunk in 0..20 {
        let mut batch = WriteBatch::new();
        for i in 0..50 {
            batch.put(&ks[0], format!("{chunk:02}-{i:02}").as_bytes(), &value);
        }
        db.write(batch)?;
    }
    put(db, &ks[1], &[("only", "one")])?;
    db.flush()?;
    let full = dir_size(dir)?;
    db.drop_keyspace("big")?;
    Ok(full)
}

/// Dropping a keyspace frees its files (at the latest once the database has been reopened and
/// has flushed again) without losing the data of other keyspaces.
#[test]
fn drop_frees_disk_space() -> TestResult {
    let dir = tempfile::tempdir()?;
    // The database is closed at the end of each of these statements.
    let full = fill_then_drop(&Db::open(dir.path(), small_options())?, dir.path())?;
    write_and_flush_small(&Db::open(dir.path(), small_options())?)?;
    let after = dir_size(dir.path())?;
    if after * 4 > full {
        return fail(format!(
            "{full} bytes before dropping 1 MB of data, {after} after"
        ));
    }
    let db = Db::open(dir.path(), small_options())?;
    if contents(&db, &handle(&db, "small")?)? != pairs(&[("after", "reopen"), ("only", "one")]) {
        return fail("the other keyspace lost data");
    }
    Ok(())
}

/// The journal segment that still holds the dropped data is retired by a flush after the
/// reopen (the journal moved on at the reopen); `flush` returns once the tables are written,
/// so the size is measured after closing.
fn write_and_flush_small(db: &Db) -> TestResult {
    put(db, &handle(db, "small")?, &[("after", "reopen")])?;
    db.flush()?;
    Ok(())
}

/// Many keyspaces, with long and unusual names, survive a reopen with their data.
#[test]
fn many_keyspaces_survive_reopen() -> TestResult {
    let dir = tempfile::tempdir()?;
    let mut names: Vec<String> = (0..40).map(|i| format!("table-{i:02}")).collect();
    names.push("Table.Name_with-all:chars".into());
    names.push("x".repeat(600));
    names.sort();
    {
        let db = Db::open(dir.path(), small_options())?;
        for name in &names {
            let ks = db.create_keyspace(name)?;
            put(&db, &ks, &[("name", name.as_str())])?;
        }
    }
    let db = Db::open(dir.path(), small_options())?;
    if db.list_keyspaces() != names {
        return fail(format!("after reopen: {:?}", db.list_keyspaces()));
    }
    for name in &names {
        let got = owned(db.get(&handle(&db, name)?, b"name")?);
        if got.as_deref() != Some(name.as_bytes()) {
            return fail(format!("keyspace {name} holds {got:?}"));
        }
    }
    Ok(())
}
