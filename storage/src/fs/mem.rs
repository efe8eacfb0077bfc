//! Memory-backed files, with crash simulation and fsync fault injection for tests.

use super::{FileSystem, WritableFile};
use bytes::Bytes;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Default)]
struct MemFile {
    /// The content while it is being written.
    data: Vec<u8>,
    /// The content once read: `read` hands out shares of one buffer instead of copies, so a
    /// table is held in memory once. While set, `data` is empty.
    frozen: Option<Bytes>,
    /// Length made durable by the last `sync`; `crash` cuts the file back to it.
    synced: usize,
}

impl MemFile {
    fn bytes(&mut self) -> Bytes {
        if self.frozen.is_none() {
            self.frozen = Some(Bytes::from(std::mem::take(&mut self.data)));
        }
        self.frozen.clone().unwrap_or_default()
    }

    /// The content for modification (a copy only if the file was read and is written again,
    /// which the engine never does).
    fn data_mut(&mut self) -> &mut Vec<u8> {
        if let Some(b) = self.frozen.take() {
            self.data = b.to_vec();
        }
        &mut self.data
    }

    fn len(&self) -> usize {
        self.frozen.as_ref().map_or(self.data.len(), Bytes::len)
    }
}

type Shared = Arc<Mutex<MemFile>>;

/// A file system held in memory. Cloning shares the same files, so a test can "crash" a
/// database (drop it after [`MemFs::crash`]) and reopen it over the same files.
#[derive(Default, Clone)]
pub struct MemFs {
    files: Arc<Mutex<HashMap<PathBuf, Shared>>>,
    fail_sync: Arc<AtomicBool>,
    /// Incremented by `crash`: writers opened before it belong to the "dead" process and fail.
    epoch: Arc<AtomicU64>,
}

impl std::fmt::Debug for MemFs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemFs")
            .field("files", &self.files.lock().len())
            .finish()
    }
}

impl MemFs {
    /// An empty file system.
    pub fn new() -> MemFs {
        MemFs::default()
    }

    /// Simulates a power loss: every file loses what was appended after its last sync, and
    /// files opened for writing before the crash refuse further appends and syncs (the process
    /// that held them is gone), so a database dropped after this cannot add to its files.
    pub fn crash(&self) {
        self.epoch.fetch_add(1, Ordering::SeqCst);
        for file in self.files.lock().values() {
            let mut file = file.lock();
            let synced = file.synced;
            file.data_mut().truncate(synced);
        }
    }

    /// Makes every later `sync` fail (true) or succeed (false).
    pub fn fail_syncs(&self, fail: bool) {
        self.fail_sync.store(fail, Ordering::SeqCst);
    }

    fn file(&self, path: &Path) -> io::Result<Shared> {
        self.files
            .lock()
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.display().to_string()))
    }
}

struct MemWriter {
    file: Shared,
    fail_sync: Arc<AtomicBool>,
    epoch: Arc<AtomicU64>,
    /// The epoch this writer was opened in.
    opened: u64,
}

impl MemWriter {
    fn check_alive(&self) -> io::Result<()> {
        if self.epoch.load(Ordering::SeqCst) != self.opened {
            return Err(io::Error::other("file opened before a simulated crash"));
        }
        Ok(())
    }
}

impl WritableFile for MemWriter {
    fn append(&mut self, data: &[u8]) -> io::Result<()> {
        self.check_alive()?;
        self.file.lock().data_mut().extend_from_slice(data);
        Ok(())
    }

    fn sync(&mut self) -> io::Result<()> {
        self.check_alive()?;
        if self.fail_sync.load(Ordering::SeqCst) {
            return Err(io::Error::other("injected fsync failure"));
        }
        let mut file = self.file.lock();
        file.synced = file.len();
        Ok(())
    }
}

impl FileSystem for MemFs {
    fn create_dir_all(&self, _dir: &Path) -> io::Result<()> {
        Ok(())
    }

    fn create(&self, path: &Path) -> io::Result<Box<dyn WritableFile>> {
        let file = Shared::default();
        self.files.lock().insert(path.to_path_buf(), file.clone());
        Ok(Box::new(MemWriter {
            file,
            fail_sync: self.fail_sync.clone(),
            epoch: self.epoch.clone(),
            opened: self.epoch.load(Ordering::SeqCst),
        }))
    }

    fn read(&self, path: &Path) -> io::Result<Bytes> {
        Ok(self.file(path)?.lock().bytes())
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<String>> {
        let files = self.files.lock();
        let names = files
            .keys()
            .filter(|p| p.parent() == Some(dir))
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        Ok(names)
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        self.files
            .lock()
            .remove(path)
            .map(|_| ())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, path.display().to_string()))
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let mut files = self.files.lock();
        let file = files
            .remove(from)
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, from.display().to_string()))?;
        files.insert(to.to_path_buf(), file);
        Ok(())
    }

    fn truncate(&self, path: &Path, len: u64) -> io::Result<()> {
        let file = self.file(path)?;
        let mut file = file.lock();
        let len = usize::try_from(len).map_err(io::Error::other)?;
        file.data_mut().truncate(len);
        file.synced = file.synced.min(len);
        Ok(())
    }

    fn sync_dir(&self, _dir: &Path) -> io::Result<()> {
        Ok(())
    }

    fn exists(&self, path: &Path) -> bool {
        self.files.lock().contains_key(path)
    }
}
