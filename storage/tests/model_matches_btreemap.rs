//! Model-based test: random sequences of batches, point reads, range scans, snapshots, flushes,
//! compactions, reopens and keyspace drop + re-create, checked after every step against one
//! `BTreeMap` per keyspace. Old snapshots are checked against the model as it was when they
//! were taken, through the keyspace handles of that moment.

mod common;

use common::{owned, scan, small_options, TestResult};
use dynakv_storage::{Db, Durability, Keyspace, Snapshot, WriteBatch};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;
use std::ops::Bound;
use tempfile::TempDir;

const KEYSPACES: [&str; 3] = ["alpha", "beta", "gamma"];
/// Snapshots held at once; taking one more releases the oldest.
const MAX_SNAPSHOTS: usize = 6;

type Key = Vec<u8>;
type Model = Vec<BTreeMap<Key, Vec<u8>>>;

#[derive(Clone, Debug)]
struct Mutation {
    ks: usize,
    key: Key,
    /// `None` is a delete.
    value: Option<Vec<u8>>,
}

#[derive(Clone, Debug)]
enum Op {
    Write {
        batch: Vec<Mutation>,
        sync: bool,
    },
    Get {
        ks: usize,
        key: Key,
    },
    Range {
        ks: usize,
        lower: Bound<Key>,
        upper: Bound<Key>,
        reverse: bool,
    },
    TakeSnapshot,
    CheckSnapshot {
        index: usize,
    },
    ReleaseSnapshot {
        index: usize,
    },
    Flush,
    Compact,
    /// Closes and reopens the database (on disk); in memory, releases every snapshot instead.
    Reopen,
    /// Drops a keyspace and creates it again under the same name: it starts empty, while held
    /// snapshots keep reading the dropped one through their handles.
    Recreate {
        ks: usize,
    },
}

/// Keys over a five-letter alphabet including 0x00 and 0xff, so that batches collide on keys,
/// keys are prefixes of each other and bounds fall on and between keys. Some start with a long
/// shared prefix, so that keys differ first at, before and after byte 8 and 16 (word-wise
/// comparisons) and share long prefixes (prefix-compressed blocks).
fn key() -> impl Strategy<Value = Key> {
    let letters = prop::collection::vec(prop::sample::select(vec![0u8, 1, b'a', b'b', 0xff]), 1..4);
    let prefix = prop::sample::select(vec![
        b"".as_slice(),
        b"abcdefg",
        b"abcdefgh",
        b"abcdefgh\xff\x00\x01abcde",
        b"abcdefgh\xff\x00\x01abcdef",
    ]);
    (prefix, letters).prop_map(|(prefix, letters)| [prefix, letters.as_slice()].concat())
}

/// Mostly small values (including empty ones), sometimes large enough to fill a memtable.
fn value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        8 => prop::collection::vec(any::<u8>(), 0..24),
        1 => prop::collection::vec(any::<u8>(), 600..3000),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (
        0..KEYSPACES.len(),
        key(),
        prop::option::weighted(0.75, value()),
    )
        .prop_map(|(ks, key, value)| Mutation { ks, key, value })
}

fn bound() -> impl Strategy<Value = Bound<Key>> {
    prop_oneof![
        1 => Just(Bound::Unbounded),
        2 => key().prop_map(Bound::Included),
        2 => key().prop_map(Bound::Excluded),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    let ks = 0..KEYSPACES.len();
    prop_oneof![
        12 => (prop::collection::vec(mutation(), 1..8), prop::bool::weighted(0.1))
            .prop_map(|(batch, sync)| Op::Write { batch, sync }),
        4 => (ks.clone(), key()).prop_map(|(ks, key)| Op::Get { ks, key }),
        4 => (ks, bound(), bound(), any::<bool>())
            .prop_map(|(ks, lower, upper, reverse)| Op::Range { ks, lower, upper, reverse }),
        2 => Just(Op::TakeSnapshot),
        2 => any::<usize>().prop_map(|index| Op::CheckSnapshot { index }),
        1 => any::<usize>().prop_map(|index| Op::ReleaseSnapshot { index }),
        1 => Just(Op::Flush),
        1 => Just(Op::Compact),
        1 => Just(Op::Reopen),
        1 => (0..KEYSPACES.len()).prop_map(|ks| Op::Recreate { ks }),
    ]
}

/// A snapshot with the keyspace handles and the model of the moment it was taken.
struct Held {
    snap: Snapshot,
    ks: Vec<Keyspace>,
    model: Model,
}

/// The engine under test next to the model it must agree with.
struct Harness {
    /// The directory of an on-disk database; `None` in memory.
    dir: Option<TempDir>,
    /// `None` only while reopening, between closing the old instance and opening the new one.
    db: Option<Db>,
    ks: Vec<Keyspace>,
    model: Model,
    /// Held snapshots, oldest first.
    snapshots: Vec<Held>,
}

impl Harness {
    fn new(on_disk: bool) -> TestResult<Harness> {
        let (dir, db) = if on_disk {
            let dir = tempfile::tempdir()?;
            let db = Db::open(dir.path(), small_options())?;
            (Some(dir), db)
        } else {
            (None, Db::in_memory(small_options())?)
        };
        let ks = common::keyspaces(&db, &KEYSPACES)?;
        let model = vec![BTreeMap::new(); KEYSPACES.len()];
        Ok(Harness {
            dir,
            db: Some(db),
            ks,
            model,
            snapshots: Vec::new(),
        })
    }

    fn db(&self) -> &Db {
        self.db
            .as_ref()
            .expect("the database is open outside reopen()")
    }

    fn apply(&mut self, op: &Op) -> TestResult {
        match op {
            Op::Write { batch, sync } => self.write(batch, *sync),
            Op::Get { ks, key } => {
                let got = owned(self.db().get(&self.ks[*ks], key)?);
                expect_eq(&got, &self.model[*ks].get(key).cloned(), "latest get")
            }
            Op::Range {
                ks,
                lower,
                upper,
                reverse,
            } => {
                let snap = self.db().snapshot();
                check_range(
                    &snap,
                    &self.ks[*ks],
                    &self.model[*ks],
                    (lower, upper),
                    *reverse,
                )
            }
            Op::TakeSnapshot => {
                if self.snapshots.len() == MAX_SNAPSHOTS {
                    self.snapshots.remove(0);
                }
                let snap = self.db().snapshot();
                let (ks, model) = (self.ks.clone(), self.model.clone());
                self.snapshots.push(Held { snap, ks, model });
                Ok(())
            }
            Op::CheckSnapshot { index } => match self.snapshots.len() {
                0 => Ok(()),
                n => {
                    let held = &self.snapshots[index % n];
                    check_view(&held.snap, &held.ks, &held.model)
                }
            },
            Op::ReleaseSnapshot { index } => {
                if !self.snapshots.is_empty() {
                    self.snapshots.remove(index % self.snapshots.len());
                }
                Ok(())
            }
            Op::Flush => {
                self.db().flush()?;
                self.check_everything()
            }
            Op::Compact => {
                self.db().compact()?;
                self.check_everything()
            }
            Op::Reopen => self.reopen(),
            Op::Recreate { ks } => {
                self.db().drop_keyspace(KEYSPACES[*ks])?;
                self.ks[*ks] = self.db().create_keyspace(KEYSPACES[*ks])?;
                self.model[*ks].clear();
                self.check_everything()
            }
        }
    }

    fn write(&mut self, mutations: &[Mutation], sync: bool) -> TestResult {
        let mut batch = WriteBatch::new();
        for m in mutations {
            let map = &mut self.model[m.ks];
            // Within one batch a later operation on the same key wins.
            match &m.value {
                Some(v) => {
                    batch.put(&self.ks[m.ks], &m.key, v);
                    map.insert(m.key.clone(), v.clone());
                }
                None => {
                    batch.delete(&self.ks[m.ks], &m.key);
                    map.remove(&m.key);
                }
            }
        }
        let durability = if sync {
            Durability::Sync
        } else {
            Durability::Buffered
        };
        let before = self.db().snapshot().seqno();
        let seqno = self.db().write_with(batch, durability)?;
        let after = self.db().snapshot().seqno();
        if seqno <= before || after < seqno {
            return common::fail(format!(
                "seqno {seqno}: snapshots before {before}, after {after}"
            ));
        }
        Ok(())
    }

    fn reopen(&mut self) -> TestResult {
        self.snapshots.clear();
        let Some(dir) = &self.dir else {
            return self.check_everything();
        };
        // Every handle of the old instance is dropped before the directory is opened again.
        self.ks.clear();
        self.db = None;
        let db = Db::open(dir.path(), small_options())?;
        if db.list_keyspaces() != sorted_names() {
            return common::fail(format!("keyspaces after reopen: {:?}", db.list_keyspaces()));
        }
        self.ks = common::keyspaces(&db, &KEYSPACES)?;
        self.db = Some(db);
        self.check_everything()
    }

    /// The latest state and every held snapshot agree with their models.
    fn check_everything(&self) -> TestResult {
        check_view(&self.db().snapshot(), &self.ks, &self.model)?;
        for held in &self.snapshots {
            check_view(&held.snap, &held.ks, &held.model)?;
        }
        Ok(())
    }
}

fn sorted_names() -> Vec<String> {
    let mut names: Vec<String> = KEYSPACES.iter().map(|s| s.to_string()).collect();
    names.sort();
    names
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(got: &T, want: &T, what: &str) -> TestResult {
    if got == want {
        Ok(())
    } else {
        common::fail(format!(
            "{what}: engine returned {got:?}, model says {want:?}"
        ))
    }
}

/// Full scans in both directions and a point read of every model key agree with `model`.
fn check_view(snap: &Snapshot, ks: &[Keyspace], model: &Model) -> TestResult {
    let all = (&Bound::Unbounded, &Bound::Unbounded);
    for (handle, map) in ks.iter().zip(model) {
        check_range(snap, handle, map, all, false)?;
        check_range(snap, handle, map, all, true)?;
        for (k, v) in map {
            expect_eq(
                &owned(snap.get(handle, k)?),
                &Some(v.clone()),
                "snapshot get",
            )?;
        }
    }
    Ok(())
}

fn check_range(
    snap: &Snapshot,
    ks: &Keyspace,
    map: &BTreeMap<Key, Vec<u8>>,
    (lower, upper): (&Bound<Key>, &Bound<Key>),
    reverse: bool,
) -> TestResult {
    let got = scan(snap, ks, as_ref(lower), as_ref(upper), reverse)?;
    let mut want: Vec<(Key, Vec<u8>)> = map
        .iter()
        .filter(|(k, _)| above(k, lower) && below(k, upper))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if reverse {
        want.reverse();
    }
    let what = format!("range {lower:?}..{upper:?} reverse={reverse}");
    expect_eq(&got, &want, &what)
}

fn as_ref(b: &Bound<Key>) -> Bound<&[u8]> {
    b.as_ref().map(|k| k.as_slice())
}

/// Whether `k` satisfies a lower bound. (`BTreeMap::range` panics on inverted bounds, which the
/// engine must instead answer with an empty scan, so the model filters by hand.)
fn above(k: &Key, lower: &Bound<Key>) -> bool {
    match lower {
        Bound::Included(b) => k >= b,
        Bound::Excluded(b) => k > b,
        Bound::Unbounded => true,
    }
}

fn below(k: &Key, upper: &Bound<Key>) -> bool {
    match upper {
        Bound::Included(b) => k <= b,
        Bound::Excluded(b) => k < b,
        Bound::Unbounded => true,
    }
}

fn run_model(ops: &[Op], on_disk: bool) -> TestResult {
    let mut harness = Harness::new(on_disk)?;
    for (i, op) in ops.iter().enumerate() {
        harness
            .apply(op)
            .map_err(|e| format!("step {i} ({op:?}): {e}"))?;
    }
    harness.check_everything()
}

/// Cases per run: `PROPTEST_CASES` if set, else `default`.
fn config(default: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok());
    Config {
        cases: cases.unwrap_or(default),
        source_file: Some(file!()),
        max_shrink_time: 120_000,
        ..Config::default()
    }
}

fn run(on_disk: bool, cases: u32) -> TestResult {
    let mut runner = TestRunner::new(config(cases));
    let ops = prop::collection::vec(op(), 1..150);
    runner.run(&ops, |ops| {
        run_model(&ops, on_disk).map_err(|e| TestCaseError::fail(e.to_string()))
    })?;
    Ok(())
}

#[test]
fn model_on_disk() -> TestResult {
    run(true, 48)
}

#[test]
fn model_in_memory() -> TestResult {
    run(false, 96)
}
