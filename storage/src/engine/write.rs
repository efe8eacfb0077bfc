//! The commit path: stall check, group commit through the journal, memtable inserts, and
//! memtable / journal rotation.

use super::{Pending, Shared, Writer};
use crate::batch::{self, WriteBatch};
use crate::codec::put_frame;
use crate::memtable::Memtable;
use crate::options::Durability;
use crate::state::{Frozen, State};
use crate::{Error, Result, SeqNo};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

impl Shared {
    /// Commits `batch` atomically; returns its sequence number.
    pub fn write(&self, batch: WriteBatch, durability: Durability) -> Result<SeqNo> {
        self.check_poisoned()?;
        if batch.is_empty() {
            return Ok(self.visible());
        }
        self.stall_for_memory()?;
        let pending = Pending { batch, durability };
        self.queue.submit(pending, |group| self.commit_group(group))
    }

    /// Blocks while memtables exceed their budget, making sure something is being flushed.
    fn stall_for_memory(&self) -> Result<()> {
        let budget = self.options.memtable_budget;
        while self.mem_total.load(Ordering::Relaxed) > budget {
            self.check_poisoned()?;
            let state = self.current();
            if state.by_id.values().all(|k| k.frozen.is_empty()) {
                let largest = state.by_id.values().max_by_key(|k| k.active.size());
                if let Some(ks) = largest {
                    let mut w = self.writer.lock();
                    self.rotate(&mut w, ks.id);
                }
            }
            let mut signals = self.signals.lock();
            self.progress_cv
                .wait_for(&mut signals, Duration::from_millis(10));
        }
        Ok(())
    }

    /// Run by the commit leader for its whole group.
    fn commit_group(&self, group: Vec<Pending>) -> Vec<Result<SeqNo>> {
        let mut w = self.writer.lock();
        if let Err(e) = self.check_poisoned() {
            return group.iter().map(|_| Err(e.duplicate())).collect();
        }
        let state = self.current();
        let mut results = Vec::with_capacity(group.len());
        let mut accepted = Vec::with_capacity(group.len());
        let mut seq = w.last_seq;
        let mut sync = false;
        w.frames.clear();
        for mut p in group {
            if let Some(missing) = p
                .batch
                .spaces
                .iter()
                .find(|k| !state.by_id.contains_key(&k.id()))
            {
                results.push(Err(Error::NoSuchKeyspace(missing.name().to_string())));
                continue;
            }
            seq += 1;
            let payload = p.batch.seal(seq);
            if w.journaled {
                put_frame(&mut w.frames, payload);
            }
            sync |= p.durability == Durability::Sync;
            results.push(Ok(seq));
            accepted.push((seq, p.batch));
        }
        if accepted.is_empty() {
            return results;
        }
        if let Err(e) = self.append_journal(&mut w, seq, sync) {
            return results
                .into_iter()
                .map(|r| r.and(Err(e.duplicate())))
                .collect();
        }
        w.last_seq = seq;
        let touched = self.apply(&state, accepted);
        self.visible.store(seq, Ordering::Release);
        self.maintain(&mut w, &state, &touched);
        results
    }

    fn append_journal(&self, w: &mut Writer, seq: SeqNo, sync: bool) -> Result<()> {
        let Writer {
            journal,
            journaled,
            frames,
            ..
        } = w;
        if !*journaled {
            return Ok(());
        }
        journal
            .append(frames, seq)
            .map_err(|e| self.poison(e.into()))?;
        if sync {
            journal.sync().map_err(|e| self.poison(e.into()))?;
        }
        Ok(())
    }

    /// Inserts committed batches into the memtables; returns the keyspaces touched.
    fn apply(&self, state: &State, accepted: Vec<(SeqNo, WriteBatch)>) -> Vec<u32> {
        let mut touched: Vec<u32> = Vec::new();
        let mut charged = 0;
        for (seq, batch) in accepted {
            for ks in &batch.spaces {
                if !touched.contains(&ks.id()) {
                    touched.push(ks.id());
                }
            }
            charged += insert_batch(state, seq, &batch.buf);
        }
        self.mem_total.fetch_add(charged, Ordering::Relaxed);
        touched
    }

    /// After a commit: rotates full memtables and the journal segment, and forces flushes of
    /// memtables that keep too much journal alive.
    fn maintain(&self, w: &mut Writer, state: &State, touched: &[u32]) {
        for id in touched {
            let full = state
                .by_id
                .get(id)
                .is_some_and(|k| k.active.size() >= self.options.memtable_size);
            if full {
                self.rotate(w, *id);
            }
        }
        if w.journal.current_len() >= self.options.segment_size() {
            if let Err(e) = w.journal.rotate() {
                self.poison(e.into());
                return;
            }
        }
        if w.journal.closed_len() > 2 * self.options.memtable_budget as u64 {
            let Some(oldest) = w.journal.oldest_closed_seq() else {
                return;
            };
            let pinning: Vec<u32> = state
                .by_id
                .values()
                .filter(|k| k.active.min_seq().is_some_and(|s| s <= oldest))
                .map(|k| k.id)
                .collect();
            for id in pinning {
                self.rotate(w, id);
            }
        }
    }

    /// Freezes keyspace `id`'s active memtable and queues it for flushing. Holding the writer
    /// lock guarantees no commit is half-applied, so the frozen memtable holds every write of
    /// the keyspace up to `last_seq` that is not in an older one.
    pub(super) fn rotate(&self, w: &mut Writer, id: u32) {
        let manifest = self.manifest.lock();
        let state = self.current();
        if state.by_id.get(&id).is_none_or(|k| k.active.is_empty()) {
            return;
        }
        let next = state.with_keyspace(id, |ks| {
            let old = std::mem::replace(
                &mut ks.active,
                Arc::new(Memtable::new(self.options.memtable_size)),
            );
            ks.frozen.push(Frozen {
                mem: old,
                upto: w.last_seq,
            });
        });
        self.install(next);
        drop(manifest);
        self.signal(|s| s.flush = true);
    }
}

/// Inserts one batch (our own encoding, already validated) into the memtables of `state`,
/// which copy its keys and values. Returns the bytes charged.
pub(super) fn insert_batch(state: &State, seq: SeqNo, payload: &[u8]) -> usize {
    let Ok((_, ops)) = batch::decode(payload) else {
        return 0;
    };
    let mut charged = 0;
    for op in ops.map_while(|op| op.ok()) {
        // A keyspace dropped since the batch was checked: the write happened before the drop.
        if let Some(ks) = state.by_id.get(&op.keyspace) {
            charged += ks.active.insert(op.key, seq, op.value);
        }
    }
    charged
}
