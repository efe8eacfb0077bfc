//! Engine tests through the public handles, over memory-backed files.

use crate::fs::MemFs;
use crate::{Db, Durability, Error, Keyspace, Options, WriteBatch};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;

fn small() -> Options {
    Options {
        memtable_size: 4 << 10,
        memtable_budget: 64 << 10,
        block_size: 256,
        ..Options::default()
    }
}

fn open(fs: &MemFs, options: Options) -> Db {
    Db::open_with_fs(Arc::new(fs.clone()), Path::new("/db"), options).unwrap()
}

fn put(db: &Db, ks: &Keyspace, k: &[u8], v: &[u8]) -> u64 {
    let mut b = WriteBatch::new();
    b.put(ks, k, v);
    db.write(b).unwrap()
}

fn scan(
    db: &Db,
    ks: &Keyspace,
    lo: Bound<&[u8]>,
    hi: Bound<&[u8]>,
    rev: bool,
) -> Vec<(Vec<u8>, Vec<u8>)> {
    db.snapshot()
        .range(ks, lo, hi, rev)
        .map(|r| r.map(|(k, v)| (k.to_vec(), v.to_vec())))
        .collect::<Result<_, _>>()
        .unwrap()
}

/// A deterministic pseudo-random sequence (xorshift), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn model_check(db: &Db, ks: &Keyspace, model: &BTreeMap<Vec<u8>, Vec<u8>>, rng: &mut Rng) {
    for _ in 0..20 {
        let k = format!("k{:03}", rng.next() % 300).into_bytes();
        assert_eq!(
            db.get(ks, &k).unwrap().map(|v| v.to_vec()),
            model.get(&k).cloned()
        );
    }
    let lo = format!("k{:03}", rng.next() % 300).into_bytes();
    let hi = format!("k{:03}", rng.next() % 300).into_bytes();
    for rev in [false, true] {
        let got = scan(db, ks, Bound::Included(&lo), Bound::Excluded(&hi), rev);
        let mut want: Vec<_> = if lo < hi {
            model
                .range(lo.clone()..hi.clone())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        } else {
            Vec::new()
        };
        if rev {
            want.reverse();
        }
        assert_eq!(got, want);
    }
}

#[test]
fn model_with_flushes_compactions_and_reopens() {
    let fs = MemFs::new();
    let mut db = open(&fs, small());
    let mut ks = db.create_keyspace("t").unwrap();
    let mut model = BTreeMap::new();
    let mut rng = Rng(0x9e3779b97f4a7c15);
    for round in 0..30 {
        for _ in 0..200 {
            let k = format!("k{:03}", rng.next() % 300).into_bytes();
            let mut b = WriteBatch::new();
            if rng.next().is_multiple_of(4) {
                b.delete(&ks, &k);
                model.remove(&k);
            } else {
                let v = format!("v{}-{}", round, rng.next() % 1000).into_bytes();
                b.put(&ks, &k, &v);
                model.insert(k, v);
            }
            db.write(b).unwrap();
        }
        model_check(&db, &ks, &model, &mut rng);
        match round % 5 {
            0 => db.flush().unwrap(),
            1 => db.compact().unwrap(),
            2 => {
                db.sync().unwrap();
                drop(db);
                db = open(&fs, small());
                ks = db.keyspace("t").unwrap();
            }
            _ => {}
        }
        model_check(&db, &ks, &model, &mut rng);
    }
    let full = scan(&db, &ks, Bound::Unbounded, Bound::Unbounded, false);
    assert_eq!(full, model.into_iter().collect::<Vec<_>>());
}

#[test]
fn snapshots_see_a_fixed_point_across_flush_and_compaction() {
    let db = Db::in_memory(small()).unwrap();
    let ks = db.create_keyspace("t").unwrap();
    for i in 0..500u32 {
        put(&db, &ks, format!("{i:04}").as_bytes(), b"old");
    }
    let snap = db.snapshot();
    for i in 0..500u32 {
        let mut b = WriteBatch::new();
        if i % 2 == 0 {
            b.delete(&ks, format!("{i:04}").as_bytes());
        } else {
            b.put(&ks, format!("{i:04}").as_bytes(), b"new");
        }
        db.write(b).unwrap();
    }
    db.flush().unwrap();
    for _ in 0..3 {
        db.compact().unwrap();
    }
    let old: Vec<_> = snap
        .range(&ks, Bound::Unbounded, Bound::Unbounded, true)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(old.len(), 500);
    assert!(old.iter().all(|(_, v)| &v[..] == b"old"));
    assert_eq!(
        snap.get(&ks, b"0002").unwrap().as_deref(),
        Some(&b"old"[..])
    );
    assert_eq!(db.get(&ks, b"0002").unwrap(), None);
    assert_eq!(
        scan(&db, &ks, Bound::Unbounded, Bound::Unbounded, false).len(),
        250
    );
}

#[test]
fn crash_keeps_synced_writes_only() {
    let fs = MemFs::new();
    let db = open(&fs, small());
    let ks = db.create_keyspace("t").unwrap();
    let mut b = WriteBatch::new();
    b.put(&ks, b"durable", b"1");
    db.write_with(b, Durability::Sync).unwrap();
    let mut b = WriteBatch::new();
    b.put(&ks, b"buffered", b"2");
    db.write_with(b, Durability::Buffered).unwrap();
    // Power loss: everything not fsynced is gone (the buffered write may or may not have been
    // synced by the interval thread already).
    fs.crash();
    drop(db);
    let db = open(&fs, small());
    let ks = db.keyspace("t").unwrap();
    assert_eq!(db.get(&ks, b"durable").unwrap().as_deref(), Some(&b"1"[..]));
}

#[test]
fn keyspaces_are_durable_and_ids_not_reused() {
    let fs = MemFs::new();
    let db = open(&fs, small());
    let a = db.create_keyspace("a").unwrap();
    assert!(matches!(
        db.create_keyspace("a"),
        Err(Error::KeyspaceExists(_))
    ));
    put(&db, &a, b"k", b"from-old-a");
    db.drop_keyspace("a").unwrap();
    assert!(matches!(db.get(&a, b"k"), Err(Error::NoSuchKeyspace(_))));
    let mut b = WriteBatch::new();
    b.put(&a, b"x", b"y");
    assert!(matches!(db.write(b), Err(Error::NoSuchKeyspace(_))));
    db.create_keyspace("b").unwrap();
    let a2 = db.create_keyspace("a").unwrap();
    assert_eq!(db.get(&a2, b"k").unwrap(), None);
    drop(db);
    let db = open(&fs, small());
    assert_eq!(db.list_keyspaces(), vec!["a".to_string(), "b".to_string()]);
    let a = db.keyspace("a").unwrap();
    assert_eq!(db.get(&a, b"k").unwrap(), None);
    assert!(db.drop_keyspace("zzz").is_err());
}

#[test]
fn failed_fsync_poisons() {
    let fs = MemFs::new();
    let db = open(&fs, small());
    let ks = db.create_keyspace("t").unwrap();
    fs.fail_syncs(true);
    let mut b = WriteBatch::new();
    b.put(&ks, b"k", b"v");
    assert!(matches!(
        db.write_with(b, Durability::Sync),
        Err(Error::Io(_))
    ));
    let mut b = WriteBatch::new();
    b.put(&ks, b"k", b"v");
    assert!(matches!(db.write(b), Err(Error::Poisoned)));
    assert_eq!(db.get(&ks, b"k").unwrap(), None);
    fs.fail_syncs(false);
}

#[test]
fn corrupt_table_is_reported_not_misread() {
    let fs = MemFs::new();
    let db = open(&fs, small());
    let ks = db.create_keyspace("t").unwrap();
    for i in 0..300u32 {
        put(&db, &ks, format!("{i:04}").as_bytes(), &[7u8; 40]);
    }
    db.flush().unwrap();
    drop(db);
    let tables = fs_files(&fs, "/db/tables");
    assert!(!tables.is_empty());
    // Flip one byte in the first data block of every table.
    for name in &tables {
        let path = Path::new("/db/tables").join(name);
        flip(&fs, &path, 10);
    }
    let db = open(&fs, small());
    let ks = db.keyspace("t").unwrap();
    let err = db.get(&ks, b"0000").unwrap_err();
    assert!(matches!(err, Error::Corruption { .. }), "{err}");
    let scanned: Vec<_> = db
        .snapshot()
        .range(&ks, Bound::Unbounded, Bound::Unbounded, false)
        .collect();
    assert!(matches!(
        scanned.last(),
        Some(Err(Error::Corruption { .. }))
    ));
}

#[test]
fn group_commit_under_concurrency() {
    let db = Db::in_memory(small()).unwrap();
    let ks = db.create_keyspace("t").unwrap();
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let (db, ks) = (db.clone(), ks.clone());
            std::thread::spawn(move || {
                for i in 0..300 {
                    let mut b = WriteBatch::new();
                    b.put(&ks, format!("{t}-{i:04}").as_bytes(), b"v");
                    db.write_with(b, Durability::Sync).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert_eq!(
        scan(&db, &ks, Bound::Unbounded, Bound::Unbounded, false).len(),
        2400
    );
}

fn fs_files(fs: &MemFs, dir: &str) -> Vec<String> {
    use crate::fs::FileSystem;
    fs.list(Path::new(dir)).unwrap()
}

fn flip(fs: &MemFs, path: &Path, at: usize) {
    use crate::fs::FileSystem;
    let mut data = fs.read(path).unwrap().to_vec();
    data[at] ^= 0xff;
    let mut f = fs.create(path).unwrap();
    f.append(&data).unwrap();
    f.sync().unwrap();
}

#[test]
fn handles_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Db>();
    send_sync::<Keyspace>();
    send_sync::<crate::Snapshot>();
    send_sync::<WriteBatch>();
    send::<crate::RangeIter>();
}

#[test]
fn writers_stall_on_memory_and_resume() {
    let options = Options {
        memtable_size: 1 << 20,
        memtable_budget: 64 << 10,
        ..small()
    };
    let db = Db::in_memory(options).unwrap();
    let spaces: Vec<_> = (0..4)
        .map(|i| db.create_keyspace(&format!("t{i}")).unwrap())
        .collect();
    for i in 0..2000u32 {
        let ks = &spaces[i as usize % spaces.len()];
        put(&db, ks, format!("{i:05}").as_bytes(), &[1u8; 100]);
    }
    for ks in &spaces {
        assert_eq!(
            scan(&db, ks, Bound::Unbounded, Bound::Unbounded, false).len(),
            500
        );
    }
}
