//! Criterion bench of dynakv-storage: put, get (hit and miss) and a 100-key scan over a settled
//! tree of 100k keys (16-byte keys, 100-byte values).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dynakv_benches::engine::{DynakvEngine, KvEngine};
use dynakv_benches::keys::{key, missing_key, value, Rng};

const KEYS: u64 = 100_000;

fn storage_engine(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = DynakvEngine::open(dir.path()).expect("open dynakv-storage");
    let v = value(1, 100);
    for i in 0..KEYS {
        engine.put(&key(i), &v, false).expect("preload");
    }
    engine.settle().expect("flush and compact");

    let mut g = c.benchmark_group("dynakv-storage");
    g.throughput(Throughput::Elements(1));
    let mut next = KEYS;
    g.bench_function("put buffered", |b| {
        b.iter(|| {
            next += 1;
            engine.put(&key(next), &v, false).expect("put")
        })
    });
    let mut rng = Rng::new(3);
    g.bench_function("get hit", |b| {
        b.iter(|| black_box(engine.get(&key(rng.below(KEYS))).expect("get")))
    });
    g.bench_function("get miss", |b| {
        b.iter(|| black_box(engine.get(&missing_key(rng.below(KEYS))).expect("get")))
    });
    g.throughput(Throughput::Elements(100));
    g.bench_function("scan 100", |b| {
        b.iter(|| black_box(engine.scan(&key(rng.below(KEYS - 100)), 100).expect("scan")))
    });
    g.finish();
}

criterion_group!(benches, storage_engine);
criterion_main!(benches);
