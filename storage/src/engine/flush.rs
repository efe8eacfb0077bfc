//! Flushing frozen memtables to L0 tables, writing tables, and releasing journal segments.

use super::Shared;
use crate::key::Entry;
use crate::manifest::{Edit, TableMeta};
use crate::state::{Frozen, KsState};
use crate::table::{table_path, Table, TableBuilder};
use crate::{Error, Result, SeqNo};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Decides which versions a flush or compaction keeps: every version newer than the oldest
/// snapshot, plus the newest version at or below it (which every reader sees instead of the
/// older ones). At the bottom level a tombstone in that position shadows nothing and goes too.
///
/// Example, oldest snapshot 5, versions of `k` arriving as 9, 6, 4, 2: 9 and 6 are kept for
/// newer readers, 4 is kept for readers at 5..6, and 2 is dropped.
pub struct Retention {
    oldest: SeqNo,
    bottom: bool,
    key: Option<bytes::Bytes>,
    kept_old: bool,
}

impl Retention {
    pub fn new(oldest: SeqNo, bottom: bool) -> Retention {
        Retention {
            oldest,
            bottom,
            key: None,
            kept_old: false,
        }
    }

    /// Entries must come in internal order.
    pub fn keep(&mut self, e: &Entry) -> bool {
        if self.key.as_ref() != Some(&e.key) {
            self.key = Some(e.key.clone());
            self.kept_old = false;
        }
        if e.seq > self.oldest {
            return true;
        }
        if self.kept_old {
            return false;
        }
        self.kept_old = true;
        !(self.bottom && e.value.is_none())
    }
}

/// Writes tables from sorted entries, starting a new table past `limit` bytes (only between
/// two user keys, so tables of a level never share a key).
pub struct TableSink<'a> {
    shared: &'a Shared,
    limit: u64,
    builder: Option<TableBuilder>,
    last_key: Option<bytes::Bytes>,
    done: Vec<Arc<Table>>,
}

impl<'a> TableSink<'a> {
    pub fn new(shared: &'a Shared, limit: u64) -> Self {
        TableSink {
            shared,
            limit,
            builder: None,
            last_key: None,
            done: Vec::new(),
        }
    }

    pub fn add(&mut self, e: Entry) -> Result<()> {
        let new_key = self.last_key.as_ref() != Some(&e.key);
        if new_key
            && self
                .builder
                .as_ref()
                .is_some_and(|b| b.size() as u64 >= self.limit)
        {
            self.cut()?;
        }
        let builder = self.builder.get_or_insert_with(|| {
            let id = self.shared.next_table.fetch_add(1, Ordering::Relaxed);
            TableBuilder::new(id, self.shared.options.block_size)
        });
        builder.add(&e);
        self.last_key = Some(e.key);
        Ok(())
    }

    fn cut(&mut self) -> Result<()> {
        if let Some(b) = self.builder.take().filter(|b| !b.is_empty()) {
            let (data, meta) = b.finish();
            self.done.push(self.shared.write_table(&data, meta)?);
        }
        Ok(())
    }

    /// The tables written, in key order, durable (directory entry included).
    pub fn finish(mut self) -> Result<Vec<Arc<Table>>> {
        self.cut()?;
        if !self.done.is_empty() {
            self.shared.fs.sync_dir(&self.shared.tables_dir)?;
        }
        Ok(self.done)
    }
}

impl Shared {
    /// Writes and fsyncs one table file, then opens it.
    fn write_table(&self, data: &[u8], meta: TableMeta) -> Result<Arc<Table>> {
        let path = table_path(&self.tables_dir, meta.id);
        let mut file = self.fs.create(&path)?;
        file.append(data)?;
        file.sync()?;
        Ok(Arc::new(Table::open(
            self.fs.clone(),
            &self.tables_dir,
            meta,
        )?))
    }

    /// Flushes the oldest frozen memtable of some keyspace; false if there is none.
    pub(super) fn flush_one(&self) -> Result<bool> {
        let state = self.current();
        let Some((ks, frozen)) = state
            .by_id
            .values()
            .find_map(|k| k.frozen.first().map(|f| (k.clone(), f.clone())))
        else {
            return Ok(false);
        };
        let mut retention = Retention::new(self.oldest_snapshot(), false);
        let mut sink = TableSink::new(self, u64::MAX);
        for e in frozen.mem.entries() {
            if retention.keep(&e) {
                sink.add(e)?;
            }
        }
        let tables = sink.finish()?;
        self.install_flush(&ks, &frozen, tables.into_iter().next())?;
        self.recount_memory();
        self.progress_cv.notify_all();
        self.signal(|s| s.compact = true);
        self.release_journal()?;
        Ok(true)
    }

    /// Records the flushed table and the keyspace's new flush point, then swaps the state.
    fn install_flush(
        &self,
        ks: &KsState,
        frozen: &Frozen,
        table: Option<Arc<Table>>,
    ) -> Result<()> {
        let mut manifest = self.manifest.lock();
        let state = self.current();
        if !state.by_id.contains_key(&ks.id) {
            table.inspect(|t| t.mark_obsolete());
            return Ok(());
        }
        let mut edits = Vec::with_capacity(3);
        if let Some(t) = &table {
            edits.push(Edit::AddTable {
                keyspace: ks.id,
                level: 0,
                meta: t.meta.clone(),
            });
        }
        edits.push(Edit::Flushed {
            keyspace: ks.id,
            seq: frozen.upto,
        });
        edits.push(Edit::LastSeq(frozen.upto));
        manifest
            .append(&edits)
            .map_err(|e| self.poison(Error::from(e)))?;
        let next = state.with_keyspace(ks.id, |k| {
            k.frozen.retain(|f| !Arc::ptr_eq(&f.mem, &frozen.mem));
            if let Some(t) = table {
                let mut version = (*k.version).clone();
                version.levels[0].insert(0, t);
                k.version = Arc::new(version);
            }
        });
        self.install(next);
        Ok(())
    }

    /// Re-derives the memtable total from the state (the running count drifts when a
    /// keyspace is dropped while being written).
    pub(super) fn recount_memory(&self) {
        let total = self.current().mem_size();
        self.mem_total.store(total, Ordering::Relaxed);
    }

    /// Deletes journal segments whose every record is in tables. Under the writer lock no
    /// commit is half-applied, so memtables hold everything journaled and not flushed. Lock
    /// order: writer, then manifest.
    pub(super) fn release_journal(&self) -> Result<()> {
        let mut w = self.writer.lock();
        let state = self.current();
        let safe = state
            .by_id
            .values()
            .filter_map(|k| k.oldest_unflushed())
            .min()
            .map_or(w.last_seq, |s| s - 1);
        let keep = w.journal.first_needed(safe);
        if keep == w.journal.oldest_id() {
            return Ok(());
        }
        // Recorded first, so recovery can tell deleted segments from missing ones.
        self.manifest
            .lock()
            .append(&[Edit::JournalFrom(keep)])
            .map_err(|e| self.poison(e.into()))?;
        w.journal.remove_before(keep)?;
        Ok(())
    }

    /// Freezes every non-empty memtable and waits until those are flushed (memtables frozen
    /// later by concurrent writers are not waited for). The journal moves to
    /// a new segment too, so the flushed writes' segments can be deleted.
    pub fn flush_all(&self) -> Result<()> {
        self.check_poisoned()?;
        // Everything committed up to `target` is frozen once the rotations below are done; wait
        // only for those memtables, not for ones frozen later by writers that keep writing.
        let target = {
            let mut w = self.writer.lock();
            let ids: Vec<u32> = self.current().by_id.keys().copied().collect();
            for id in ids {
                self.rotate(&mut w, id);
            }
            if w.journal.current_len() > 0 {
                w.journal.rotate().map_err(|e| self.poison(e.into()))?;
            }
            w.last_seq
        };
        let mut signals = self.signals.lock();
        loop {
            self.check_poisoned()?;
            let state = self.current();
            if state
                .by_id
                .values()
                .all(|k| k.frozen.iter().all(|f| f.upto > target))
            {
                drop(signals);
                return self.release_journal();
            }
            self.progress_cv
                .wait_for(&mut signals, std::time::Duration::from_millis(20));
        }
    }
}
