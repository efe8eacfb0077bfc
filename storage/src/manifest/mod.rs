//! The manifest: a log of version edits describing keyspaces and their tables. On open it is
//! replayed, then rewritten as one compact record (written to a temporary file and renamed over
//! the old one, so a crash leaves either the old or the new manifest).

mod edit;

pub use edit::{Edit, TableMeta};

use crate::codec::{put_frame, read_log};
use crate::fs::{FileSystem, WritableFile};
use crate::{Error, Result, SeqNo};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Number of levels (L0 ..= L6).
pub const LEVELS: usize = 7;

/// Durable description of one keyspace.
#[derive(Clone, Debug)]
pub struct KeyspaceMeta {
    pub name: String,
    pub flushed: SeqNo,
    /// Tables per level; L0 newest first, other levels sorted by smallest key.
    pub levels: Vec<Vec<TableMeta>>,
}

/// The state the manifest describes.
#[derive(Clone, Debug, Default)]
pub struct ManifestState {
    pub keyspaces: BTreeMap<u32, KeyspaceMeta>,
    pub last_seq: SeqNo,
    pub next_keyspace: u32,
    /// Oldest journal segment that must exist.
    pub journal_from: u64,
}

impl ManifestState {
    /// Applies one edit; fails on an edit that contradicts the state.
    pub fn apply(&mut self, edit: Edit) -> Result<(), &'static str> {
        match edit {
            Edit::CreateKeyspace { id, name } => {
                self.next_keyspace = self.next_keyspace.max(id.saturating_add(1));
                let meta = KeyspaceMeta {
                    name,
                    flushed: 0,
                    levels: vec![Vec::new(); LEVELS],
                };
                if self.keyspaces.insert(id, meta).is_some() {
                    return Err("keyspace created twice");
                }
            }
            Edit::DropKeyspace { id } => {
                self.keyspaces
                    .remove(&id)
                    .ok_or("drop of unknown keyspace")?;
            }
            Edit::AddTable {
                keyspace,
                level,
                meta,
            } => {
                let tables = self.level(keyspace, level)?;
                add_table(level, tables, meta);
            }
            Edit::RemoveTable {
                keyspace,
                level,
                table,
            } => {
                let level = self.level(keyspace, level)?;
                let i = level
                    .iter()
                    .position(|t| t.id == table)
                    .ok_or("removal of unknown table")?;
                level.remove(i);
            }
            Edit::Flushed { keyspace, seq } => {
                let ks = self
                    .keyspaces
                    .get_mut(&keyspace)
                    .ok_or("unknown keyspace")?;
                ks.flushed = ks.flushed.max(seq);
            }
            Edit::LastSeq(seq) => self.last_seq = self.last_seq.max(seq),
            Edit::NextKeyspace(id) => self.next_keyspace = self.next_keyspace.max(id),
            Edit::JournalFrom(id) => self.journal_from = self.journal_from.max(id),
        }
        Ok(())
    }

    fn level(&mut self, keyspace: u32, level: u8) -> Result<&mut Vec<TableMeta>, &'static str> {
        let ks = self
            .keyspaces
            .get_mut(&keyspace)
            .ok_or("unknown keyspace")?;
        ks.levels
            .get_mut(level as usize)
            .ok_or("level out of range")
    }

    /// Edits that recreate this state from nothing.
    pub fn snapshot(&self) -> Vec<Edit> {
        let mut edits = vec![
            Edit::LastSeq(self.last_seq),
            Edit::NextKeyspace(self.next_keyspace),
            Edit::JournalFrom(self.journal_from),
        ];
        for (&id, ks) in &self.keyspaces {
            edits.push(Edit::CreateKeyspace {
                id,
                name: ks.name.clone(),
            });
            edits.push(Edit::Flushed {
                keyspace: id,
                seq: ks.flushed,
            });
            for (level, tables) in ks.levels.iter().enumerate() {
                // L0 is kept newest first and `add_table` prepends, so re-add oldest first.
                for meta in tables.iter().rev() {
                    edits.push(Edit::AddTable {
                        keyspace: id,
                        level: level as u8,
                        meta: meta.clone(),
                    });
                }
            }
        }
        edits
    }
}

/// L0 tables are kept newest first (every table added to L0 is a new flush); deeper levels
/// sorted by smallest key.
fn add_table(level_no: u8, level: &mut Vec<TableMeta>, meta: TableMeta) {
    let at = if level_no == 0 {
        0
    } else {
        level.partition_point(|t| t.smallest < meta.smallest)
    };
    level.insert(at, meta);
}

/// The manifest log being appended to.
pub struct Manifest {
    file: Box<dyn WritableFile>,
}

const NAME: &str = "MANIFEST";
const TMP_NAME: &str = "MANIFEST.tmp";

impl Manifest {
    /// Reads the state recorded in `dir`. `has_data` says whether journal or table files
    /// exist: they are only ever created after the first manifest, so finding them without a
    /// manifest, or with a manifest that lacks its first (whole-state) record, is corruption
    /// rather than a new database.
    pub fn recover(fs: &dyn FileSystem, dir: &Path, has_data: bool) -> Result<ManifestState> {
        let path = dir.join(NAME);
        let name = path.display().to_string();
        let mut state = ManifestState::default();
        if !fs.exists(&path) {
            if has_data {
                return Err(Error::corrupt(&name, 0, "manifest missing"));
            }
            return Ok(state);
        }
        let data = fs.read(&path)?;
        let log = read_log(&data).map_err(|(off, why)| Error::corrupt(&name, off, why))?;
        if log.frames.is_empty() {
            return Err(Error::corrupt(&name, 0, "manifest has no complete record"));
        }
        let mut offset = 0u64;
        for record in log.frames {
            let edits =
                Edit::decode_all(record).map_err(|why| Error::corrupt(&name, offset, why))?;
            for edit in edits {
                state
                    .apply(edit)
                    .map_err(|why| Error::corrupt(&name, offset, why))?;
            }
            offset += (record.len() + crate::codec::FRAME_HEADER) as u64;
        }
        Ok(state)
    }

    /// Replaces the manifest in `dir` with one record describing `state`.
    pub fn rewrite(
        fs: Arc<dyn FileSystem>,
        dir: &Path,
        state: &ManifestState,
    ) -> io::Result<Manifest> {
        let tmp: PathBuf = dir.join(TMP_NAME);
        let mut file = fs.create(&tmp)?;
        let mut frame = Vec::new();
        put_frame(&mut frame, &edit::encode_record(&state.snapshot()));
        file.append(&frame)?;
        file.sync()?;
        fs.rename(&tmp, &dir.join(NAME))?;
        fs.sync_dir(dir)?;
        Ok(Manifest { file })
    }

    /// Appends one atomic record of edits and makes it durable.
    pub fn append(&mut self, edits: &[Edit]) -> io::Result<()> {
        let mut frame = Vec::new();
        put_frame(&mut frame, &edit::encode_record(edits));
        self.file.append(&frame)?;
        self.file.sync()
    }
}
