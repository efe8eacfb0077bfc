#![no_main]
//! Journal replay: arbitrary bytes as the newest journal segment of a database that has a
//! keyspace, recovered through the public API over in-memory files. Recovery must either fail
//! with an error or open a database whose keyspace can be read, never panic.
use dynakv_storage::fs::{FileSystem, MemFs};
use dynakv_storage::{Db, Options};
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let fs = MemFs::new();
    let dir = Path::new("/fuzz");
    let Ok(db) = Db::open_with_fs(Arc::new(fs.clone()), dir, Options::default()) else {
        return;
    };
    if db.create_keyspace("ks").is_err() {
        return;
    }
    drop(db);
    let segment = dir.join("journal").join(format!("{:020}.log", u32::MAX));
    let Ok(mut file) = fs.create(&segment) else {
        return;
    };
    if file.append(data).and_then(|_| file.sync()).is_err() {
        return;
    }
    let Ok(db) = Db::open_with_fs(Arc::new(fs), dir, Options::default()) else {
        return;
    };
    if let Some(ks) = db.keyspace("ks") {
        let snap = db.snapshot();
        for kv in snap.range(&ks, Bound::Unbounded, Bound::Unbounded, false).take(1000) {
            if kv.is_err() {
                break;
            }
        }
        let _ = db.get(&ks, b"k");
    }
});
