//! A small file-system abstraction: real files ([`DiskFs`]) or memory-backed files ([`MemFs`]),
//! so the in-memory database runs exactly the code path of the on-disk one.

mod disk;
mod mem;

pub use disk::DiskFs;
pub use mem::MemFs;

use bytes::Bytes;
use std::io;
use std::path::Path;

/// The operations the engine needs from a file system. Files are written once, append-only,
/// and read back whole as immutable [`Bytes`] (memory-mapped on disk).
pub trait FileSystem: Send + Sync + 'static {
    /// Creates `dir` and its parents.
    fn create_dir_all(&self, dir: &Path) -> io::Result<()>;
    /// Creates (or truncates) a file for appending.
    fn create(&self, path: &Path) -> io::Result<Box<dyn WritableFile>>;
    /// The whole content of a file. The engine never modifies a file while it is being read.
    fn read(&self, path: &Path) -> io::Result<Bytes>;
    /// Names of the files directly inside `dir` (empty if `dir` does not exist).
    fn list(&self, dir: &Path) -> io::Result<Vec<String>>;
    /// Removes a file.
    fn remove(&self, path: &Path) -> io::Result<()>;
    /// Atomically renames `from` to `to`, replacing `to`.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Cuts a file to `len` bytes.
    fn truncate(&self, path: &Path, len: u64) -> io::Result<()>;
    /// Makes file creations, renames and removals inside `dir` durable.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Whether `path` exists.
    fn exists(&self, path: &Path) -> bool;
    /// Takes the exclusive lock on the database in `dir` (held until the guard drops), so two
    /// handles never write the same files. Fails with `WouldBlock` if it is held.
    fn lock_dir(&self, dir: &Path) -> io::Result<Box<dyn DirLock>>;
}

/// Proof of holding a directory lock; dropping it releases the lock.
pub trait DirLock: Send + Sync {}

fn locked_error(dir: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::WouldBlock,
        format!("database {} is already open", dir.display()),
    )
}

/// An append-only file being written.
pub trait WritableFile: Send {
    /// Appends all of `data`.
    fn append(&mut self, data: &[u8]) -> io::Result<()>;
    /// Makes everything appended so far durable.
    fn sync(&mut self) -> io::Result<()>;
}
