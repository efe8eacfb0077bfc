//! Sorted string tables: immutable files of sorted entries. `writer` builds them, `reader`
//! reads them, `iter` scans them. See docs/format.md for the layout.

mod block;
mod filter;
mod iter;
mod reader;
mod writer;

pub use block::Block;
pub use filter::key_hash;
pub use iter::{LevelChunks, TableChunks};
pub use reader::TableReader;
pub use writer::TableBuilder;

use crate::fs::FileSystem;
use crate::manifest::TableMeta;
use crate::Result;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// `FOOTER_LEN` bytes end every table; see docs/format.md.
pub const FOOTER_LEN: usize = 48;
/// Version written. Version 2 added the data blocks' hash index, version 3 the blocked filter;
/// tables of versions 1 and 2 still read.
pub const FORMAT_VERSION: u32 = 3;
/// Oldest version read.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
pub const MAGIC: u64 = u64::from_le_bytes(*b"dynakvT1");

pub fn table_path(dir: &Path, id: u64) -> PathBuf {
    dir.join(format!("{id:020}.sst"))
}

/// Parses a table file name back into its id.
pub fn table_id(name: &str) -> Option<u64> {
    name.strip_suffix(".sst")?.parse().ok()
}

/// An open table shared by versions and readers. Once a compaction or a keyspace drop makes it
/// obsolete, its file is deleted when the last holder lets go.
pub struct Table {
    pub meta: TableMeta,
    pub reader: TableReader,
    path: PathBuf,
    fs: Arc<dyn FileSystem>,
    obsolete: AtomicBool,
}

impl Table {
    pub fn open(fs: Arc<dyn FileSystem>, dir: &Path, meta: TableMeta) -> Result<Table> {
        let path = table_path(dir, meta.id);
        let data = fs.read(&path)?;
        let reader = TableReader::open(path.display().to_string(), data)?;
        Ok(Table {
            meta,
            reader,
            path,
            fs,
            obsolete: AtomicBool::new(false),
        })
    }

    /// Schedules the file for deletion once no version or reader holds this table.
    pub fn mark_obsolete(&self) {
        self.obsolete.store(true, Ordering::Release);
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        if self.obsolete.load(Ordering::Acquire) {
            // A file that cannot be removed now is an orphan; the next open deletes it.
            let _ = self.fs.remove(&self.path);
        }
    }
}
