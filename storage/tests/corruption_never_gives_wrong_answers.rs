//! Corruption test. A crash image of a database (a copy of its directory taken while it is open,
//! after `Sync` writes) holds tables, a manifest and a journal. Bytes of every file are flipped
//! or cut off; reopening the image must then either fail with `Error::Corruption` or succeed, and
//! every later read must give the right value, a legitimately lost journal tail, or
//! `Error::Corruption` -- never a wrong value, a resurrected key, a half batch or a panic.

mod common;

use common::{copy_tree, fail, files_under, panics, Rng, TestResult};
use dynakv_storage::{Db, Durability, Error, Keyspace, Options, Snapshot, WriteBatch};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

const KEYSPACES: [&str; 2] = ["p", "q"];
/// Keys of the flushed (table) phase.
const TABLE_KEYS: u64 = 400;
/// `Sync` batches of the journal phase, each with `PARTS` keys over both keyspaces.
const JOURNAL_BATCHES: u64 = 30;
const PARTS: u64 = 3;
/// Truncation points tried within the journal phase's records (each costs a copy and an open).
const JOURNAL_CUTS: u64 = 120;
/// Random bit flips per file, besides those at its start, middle and end.
const RANDOM_FLIPS: usize = 16;
const CASE_LIMIT: Duration = Duration::from_secs(30);

/// Memtables large enough that the journal phase stays in the journal; small blocks so that
/// tables have many blocks to corrupt.
fn options() -> Options {
    Options {
        block_size: 256,
        ..Options::default()
    }
}

/// What a crash image must contain.
struct Image {
    dir: TempDir,
    /// The final value of each table-phase key, per keyspace; `None` = deleted.
    tables: Vec<Expected>,
    /// The journal: the file that grew most during the journal phase, with the byte range
    /// those writes occupy.
    journal: (PathBuf, std::ops::Range<u64>),
}

fn table_key(i: u64) -> Vec<u8> {
    format!("k{i:05}").into_bytes()
}

fn part_key(id: u64, part: u64) -> Vec<u8> {
    format!("j{id:04}/{part}").into_bytes()
}

fn part_value(id: u64, part: u64) -> Vec<u8> {
    format!("j-{id}-{part}").into_bytes()
}

/// Rewrites the table-phase keys `i` with `i % every == 0`, as a put of `gen` or a delete, and
/// flushes: several generations of the same keys in several tables and levels.
fn table_generation(
    db: &Db,
    ks: &[Keyspace],
    model: &mut [Expected],
    (every, gen, delete): (u64, u32, bool),
) -> TestResult {
    let mut batch = WriteBatch::new();
    for i in (0..TABLE_KEYS).filter(|i| i % every == 0) {
        let (side, key) = ((i % 2) as usize, table_key(i));
        let value = (!delete).then(|| format!("v{gen}-{i}-{}", "y".repeat((i % 50) as usize)));
        match &value {
            Some(v) => batch.put(&ks[side], &key, v.as_bytes()),
            None => batch.delete(&ks[side], &key),
        }
        model[side].insert(key, value.map(String::into_bytes));
    }
    db.write(batch)?;
    db.flush()?;
    Ok(())
}

fn sizes(dir: &Path) -> TestResult<BTreeMap<PathBuf, u64>> {
    files_under(dir)?
        .into_iter()
        .map(|f| Ok((f.clone(), std::fs::metadata(&f)?.len())))
        .collect()
}

/// Writes generations of the table phase in two sessions, so that the journal of the first
/// one is retired and the tables alone hold its data.
fn table_phase(dir: &Path) -> TestResult<Vec<Expected>> {
    let mut tables = vec![BTreeMap::new(); KEYSPACES.len()];
    let sessions: [&[(u64, u32, bool)]; 2] = [&[(1, 1, false), (3, 2, false), (5, 0, true)], &[]];
    for steps in sessions {
        let db = Db::open(dir, options())?;
        let ks = common::keyspaces(&db, &KEYSPACES)?;
        for &step in steps {
            table_generation(&db, &ks, &mut tables, step)?;
        }
        db.compact()?;
    }
    Ok(tables)
}

/// Builds the database, then copies its directory while it is still open.
fn build_image() -> TestResult<Image> {
    let live = tempfile::tempdir()?;
    let mut tables = table_phase(live.path())?;
    let db = Db::open(live.path(), options())?;
    let ks = common::keyspaces(&db, &KEYSPACES)?;
    for step in [(7, 3, false), (11, 0, true)] {
        table_generation(&db, &ks, &mut tables, step)?;
    }
    let before = sizes(live.path())?;
    for id in 0..JOURNAL_BATCHES {
        let mut batch = WriteBatch::new();
        for part in 0..PARTS {
            batch.put(
                &ks[(part % 2) as usize],
                &part_key(id, part),
                &part_value(id, part),
            );
        }
        db.write_with(batch, Durability::Sync)?;
    }
    let after = sizes(live.path())?;
    let dir = tempfile::tempdir()?;
    // The copy is taken while `db` is open: a crash image. `db` closes when this returns.
    copy_tree(live.path(), dir.path())?;
    let grown = after
        .iter()
        .map(|(f, &len)| (f, before.get(f).copied().unwrap_or(0)..len))
        .max_by_key(|(_, range)| range.end.saturating_sub(range.start));
    let journal = match grown {
        Some((f, range)) if !range.is_empty() => {
            (dir.path().join(f.strip_prefix(live.path())?), range)
        }
        _ => return fail("no file grew during Sync writes: where is the journal?"),
    };
    Ok(Image {
        dir,
        tables,
        journal,
    })
}

/// A read outcome that is allowed to be an error only if the error is `Corruption`.
fn tolerate<T>(r: dynakv_storage::Result<T>) -> TestResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(Error::Corruption { .. }) => Ok(None),
        Err(e) => fail(format!("expected Corruption, got {e}")),
    }
}

/// Checks a reopened (possibly damaged) image. Returns how many journal batches survived in
/// full before the first lost one; batches whose reads failed with Corruption count as unknown.
fn check_reopened(db: &Db, image: &Image) -> TestResult<u64> {
    let ks: Vec<Keyspace> = match KEYSPACES.iter().map(|n| db.keyspace(n)).collect() {
        Some(ks) => ks,
        None => return fail(format!("keyspaces lost: {:?}", db.list_keyspaces())),
    };
    let snap = db.snapshot();
    let mut readable = vec![BTreeMap::new(); KEYSPACES.len()];
    for (side, model) in image.tables.iter().enumerate() {
        for (key, want) in model {
            if let Some(got) = tolerate(snap.get(&ks[side], key))? {
                if got.as_deref() != want.as_deref() {
                    return fail(format!("{key:?}: read {got:?}, want {want:?}"));
                }
                readable[side].insert(key.clone(), got.map(|b| b.to_vec()));
            }
        }
    }
    let survivors = check_journal_batches(&snap, &ks, &mut readable)?;
    let known = known_keys(image);
    for (side, handle) in ks.iter().enumerate() {
        check_scan(&snap, handle, (&known[side], &readable[side]), false)?;
        check_scan(&snap, handle, (&known[side], &readable[side]), true)?;
    }
    Ok(survivors)
}

/// Every journal batch is whole, absent, or unreadable (Corruption); the whole ones form a
/// prefix. Records what each readable part key holds into `readable`.
fn check_journal_batches(
    snap: &Snapshot,
    ks: &[Keyspace],
    readable: &mut [Expected],
) -> TestResult<u64> {
    let (mut prefix, mut lost) = (0, None);
    for id in 0..JOURNAL_BATCHES {
        let mut states = Vec::new();
        for part in 0..PARTS {
            let side = (part % 2) as usize;
            let Some(got) = tolerate(snap.get(&ks[side], &part_key(id, part)))? else {
                continue;
            };
            let got = got.map(|b| b.to_vec());
            if got.as_ref().is_some_and(|v| *v != part_value(id, part)) {
                return fail(format!("batch {id} part {part}: wrong value {got:?}"));
            }
            states.push(got.is_some());
            readable[side].insert(part_key(id, part), got);
        }
        if states.contains(&true) && states.contains(&false) {
            return fail(format!("batch {id} is half-applied"));
        }
        match (states.first(), lost) {
            (Some(true), Some(gone)) => return fail(format!("batch {id} present, {gone} lost")),
            (Some(true), None) if prefix == id => prefix += 1,
            (Some(false), None) => lost = Some(id),
            _ => {}
        }
    }
    Ok(prefix)
}

/// What each key of one keyspace may hold: `None` = deleted or never written.
type Expected = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// Every key the image ever held, per keyspace, with its right value (journal batches whole).
fn known_keys(image: &Image) -> Vec<Expected> {
    let mut known = image.tables.clone();
    for id in 0..JOURNAL_BATCHES {
        for part in 0..PARTS {
            known[(part % 2) as usize].insert(part_key(id, part), Some(part_value(id, part)));
        }
    }
    known
}

/// A scan yields keys in strict order, only right values of keys that point reads did not
/// find absent, and, if it completes, every key that point reads found.
fn check_scan(
    snap: &Snapshot,
    ks: &Keyspace,
    (known, readable): (&Expected, &Expected),
    reverse: bool,
) -> TestResult {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    for item in snap.range(ks, Bound::Unbounded, Bound::Unbounded, reverse) {
        let Some((k, v)) = tolerate(item)? else {
            return Ok(());
        };
        if let Some(prev) = seen.last() {
            let ordered = if reverse {
                prev[..] > k[..]
            } else {
                prev[..] < k[..]
            };
            if !ordered {
                return fail(format!("scan order broken at {k:?} (reverse={reverse})"));
            }
        }
        if known.get(&k[..]) != Some(&Some(v.to_vec())) {
            return fail(format!(
                "scan yields {k:?} = {v:?}, which was never written"
            ));
        }
        if readable.get(&k[..]) == Some(&None) {
            return fail(format!("scan yields {k:?}, which point reads find absent"));
        }
        seen.push(k.to_vec());
    }
    let expected = readable.values().filter(|v| v.is_some()).count();
    let confirmed = seen.iter().filter(|k| readable.contains_key(*k)).count();
    if confirmed != expected {
        return fail(format!(
            "scan found {confirmed} of {expected} readable keys"
        ));
    }
    Ok(())
}

/// A damaged copy of the image.
enum Damage {
    Truncate(u64),
    FlipBit(u64, u8),
}

/// Copies the image, damages `file` in the copy, reopens it and checks it. Returns how many
/// journal batches survived, or `None` if the open failed with Corruption.
fn run_case(image: &Image, file: &Path, damage: &Damage) -> TestResult<Option<u64>> {
    let copy = tempfile::tempdir()?;
    copy_tree(image.dir.path(), copy.path())?;
    let target = copy.path().join(file.strip_prefix(image.dir.path())?);
    let mut bytes = std::fs::read(&target)?;
    match *damage {
        Damage::Truncate(len) => bytes.truncate(len as usize),
        Damage::FlipBit(at, bit) => bytes[at as usize] ^= 1 << bit,
    }
    std::fs::write(&target, bytes)?;
    let db = match tolerate(Db::open(copy.path(), options()))? {
        Some(db) => db,
        None => return Ok(None),
    };
    Ok(Some(check_reopened(&db, image)?))
}

/// `run_case` under a time limit, with the damage named in any failure.
fn run_case_limited(
    image: &std::sync::Arc<Image>,
    file: &Path,
    damage: Damage,
) -> TestResult<Option<u64>> {
    let what = match damage {
        Damage::Truncate(len) => format!("{} truncated to {len} bytes", file.display()),
        Damage::FlipBit(at, bit) => format!("{} bit {bit} of byte {at} flipped", file.display()),
    };
    let (image, file) = (image.clone(), file.to_path_buf());
    common::with_timeout(CASE_LIMIT, move || {
        run_case(&image, &file, &damage).map_err(|e| e.to_string())
    })
    .map_err(|e| format!("{what}: {e}").into())
}

/// Damages each file of the image chosen by `pick` in several ways; collects every failure.
fn damage_files(test: &str, pick: impl Fn(&Path) -> bool) -> TestResult {
    panics::watch();
    let mut rng = Rng::from_env(test);
    let image = std::sync::Arc::new(build_image()?);
    let files: Vec<PathBuf> = files_under(image.dir.path())?
        .into_iter()
        .filter(|f| pick(f))
        .collect();
    let (mut cases, mut failures) = (0, Vec::new());
    for file in &files {
        for damage in damages(&mut rng, std::fs::metadata(file)?.len()) {
            if let Err(e) = run_case_limited(&image, file, damage) {
                failures.push(e.to_string());
            }
            cases += 1;
        }
    }
    eprintln!("{test}: {cases} damaged copies of {files:?}");
    if cases == 0 {
        return fail("no file to damage");
    }
    if panics::count() != 0 {
        failures.push("the engine panicked on damaged files".into());
    }
    if !failures.is_empty() {
        return fail(format!(
            "{} of {cases} cases failed:\n{}",
            failures.len(),
            failures.join("\n")
        ));
    }
    Ok(())
}

/// The manifest is the file named `MANIFEST` at the top of the database directory.
fn is_manifest(file: &Path) -> bool {
    file.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("MANIFEST"))
}

#[test]
fn damaged_tables_and_journal_never_give_wrong_answers() -> TestResult {
    damage_files("damaged_tables_and_journal_never_give_wrong_answers", |f| {
        !is_manifest(f)
    })
}

#[test]
fn damaged_manifest_never_gives_wrong_answers() -> TestResult {
    damage_files("damaged_manifest_never_gives_wrong_answers", is_manifest)
}

/// Cuts at the start, middle, end and a random point; bit flips in the first, middle and last
/// byte and at random places. Nothing for an empty file.
fn damages(rng: &mut Rng, len: u64) -> Vec<Damage> {
    if len == 0 {
        return Vec::new();
    }
    let mut out: Vec<Damage> = [0, len / 2, len - 1, rng.below(len)]
        .map(Damage::Truncate)
        .into();
    for at in [0, len / 2, len - 1] {
        out.push(Damage::FlipBit(at, rng.below(8) as u8));
    }
    for _ in 0..RANDOM_FLIPS {
        out.push(Damage::FlipBit(rng.below(len), rng.below(8) as u8));
    }
    out
}

/// Cut points: sparse over the older part of the journal, dense over the journal phase's
/// records, and the uncut length. An odd step lands at varied offsets within records.
fn journal_cuts(range: &std::ops::Range<u64>) -> Vec<u64> {
    let sparse = (range.start / 20).max(1) as usize;
    let dense = (((range.end - range.start) / JOURNAL_CUTS) | 1) as usize;
    let mut cuts: Vec<u64> = (0..range.start).step_by(sparse).collect();
    cuts.extend((range.start..range.end).step_by(dense));
    cuts.push(range.end);
    cuts
}

/// Cutting the journal anywhere is what a crash can do: reopening must always succeed and keep
/// a prefix of the batches, longer the later the cut, all of them without a cut.
#[test]
fn journal_truncation_keeps_a_prefix() -> TestResult {
    panics::watch();
    let image = std::sync::Arc::new(build_image()?);
    let (journal, range) = image.journal.clone();
    let mut previous = 0;
    for cut in journal_cuts(&range) {
        let kept = run_case_limited(&image, &journal, Damage::Truncate(cut))?.ok_or(format!(
            "journal cut at {cut} of {range:?}: reopening failed"
        ))?;
        if kept < previous {
            return fail(format!(
                "cut at {cut} keeps {kept} batches, an earlier cut kept {previous}"
            ));
        }
        previous = kept;
    }
    if previous != JOURNAL_BATCHES {
        return fail(format!(
            "the whole journal keeps {previous} of {JOURNAL_BATCHES} batches"
        ));
    }
    if panics::count() != 0 {
        return fail("the engine panicked on a cut journal");
    }
    Ok(())
}
