//! Helpers shared by the black-box tests of the storage engine. Each file in `tests/` is its own
//! crate and uses a different subset of these, hence the `dead_code` allowance below.
#![allow(dead_code)]

use dynakv_storage::{Bytes, Db, Durability, Keyspace, Options, Snapshot};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// The result every test returns: engine, I/O and property-test errors all convert into it.
pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// An owned key-value pair as read back from the engine.
pub type Pair = (Vec<u8>, Vec<u8>);

/// Fails the test with `msg` (a `Result`-returning alternative to `panic!`).
pub fn fail<T>(msg: impl Into<String>) -> TestResult<T> {
    Err(msg.into().into())
}

/// Options with tiny memtables and blocks, so that flushes, multi-block tables and compactions
/// happen after a few kilobytes of writes.
pub fn small_options() -> Options {
    Options {
        durability: Durability::Buffered,
        sync_interval: Duration::from_millis(20),
        memtable_size: 4 << 10,
        memtable_budget: 32 << 10,
        block_size: 256,
    }
}

/// Creates each named keyspace, or fetches it if it already exists (after a reopen).
pub fn keyspaces(db: &Db, names: &[&str]) -> TestResult<Vec<Keyspace>> {
    names
        .iter()
        .map(|name| match db.keyspace(name) {
            Some(ks) => Ok(ks),
            None => Ok(db.create_keyspace(name)?),
        })
        .collect()
}

/// Reads a whole range into memory; the first error ends the scan and is returned.
pub fn scan(
    snap: &Snapshot,
    ks: &Keyspace,
    lower: Bound<&[u8]>,
    upper: Bound<&[u8]>,
    reverse: bool,
) -> TestResult<Vec<Pair>> {
    let mut out = Vec::new();
    for item in snap.range(ks, lower, upper, reverse) {
        let (k, v) = item?;
        out.push((k.to_vec(), v.to_vec()));
    }
    Ok(out)
}

/// Every pair of a keyspace, ascending.
pub fn scan_all(snap: &Snapshot, ks: &Keyspace) -> TestResult<Vec<Pair>> {
    scan(snap, ks, Bound::Unbounded, Bound::Unbounded, false)
}

/// `Bytes` to an owned vector, for comparisons with a model.
pub fn owned(v: Option<Bytes>) -> Option<Vec<u8>> {
    v.map(|b| b.to_vec())
}

/// Runs `f` on its own thread and fails if it does not finish within `limit`, so that a
/// deadlocked engine (e.g. a writer stalled forever on the memtable budget) fails the test
/// instead of hanging CI. The stuck thread is left behind; the test process ends anyway.
pub fn with_timeout<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> TestResult<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(result) => Ok(result?),
        Err(mpsc::RecvTimeoutError::Timeout) => fail(format!("did not finish within {limit:?}")),
        Err(mpsc::RecvTimeoutError::Disconnected) => fail("the worker thread panicked"),
    }
}

/// Every regular file under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> TestResult<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies the directory tree `from` into `to` (which must exist). The tree may belong to an
/// open database whose background work deletes files it no longer needs: the manifest is
/// copied first (every file it names outlives its mention there), and a copy during which a
/// listed file vanished is taken again, so the copy is always a state a crash could leave.
pub fn copy_tree(from: &Path, to: &Path) -> TestResult {
    const ATTEMPTS: usize = 20;
    for _ in 0..ATTEMPTS {
        let mut files = files_under(from)?;
        files.sort_by_key(|f| {
            !f.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("MANIFEST"))
        });
        match copy_files(from, to, &files) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::remove_dir_all(to)?;
                std::fs::create_dir_all(to)?;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return Ok(other?),
        }
    }
    Err(format!("{}: files kept vanishing while copying", from.display()).into())
}

fn copy_files(from: &Path, to: &Path, files: &[PathBuf]) -> std::io::Result<()> {
    for file in files {
        let target = to.join(file.strip_prefix(from).map_err(std::io::Error::other)?);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(file, &target)?;
    }
    Ok(())
}

/// A small deterministic generator (SplitMix64) for the randomised tests that are not driven
/// by proptest. Its seed is printed so that a failure can be replayed with `DYNAKV_TEST_SEED`.
pub struct Rng(u64);

impl Rng {
    /// Seeded from `DYNAKV_TEST_SEED` if set, else from the clock.
    pub fn from_env(test: &str) -> Rng {
        let seed = match std::env::var("DYNAKV_TEST_SEED") {
            Ok(s) => s.parse().unwrap_or(0),
            Err(_) => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0),
        };
        eprintln!("{test}: DYNAKV_TEST_SEED={seed}");
        Rng(seed)
    }

    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`); the modulo bias is irrelevant for tests.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Records panics on any thread (including the engine's background threads, whose panics a
/// test would otherwise never see). Install once per test binary, check at the end.
pub mod panics {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Once;

    static COUNT: AtomicUsize = AtomicUsize::new(0);
    static INSTALL: Once = Once::new();

    /// Installs the counting hook (idempotent); the default hook still prints the panic.
    pub fn watch() {
        INSTALL.call_once(|| {
            let default = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                COUNT.fetch_add(1, Ordering::SeqCst);
                default(info);
            }));
        });
    }

    /// Panics seen so far in this process.
    pub fn count() -> usize {
        COUNT.load(Ordering::SeqCst)
    }
}
