//! Leveled compaction: L0 by table count, L1+ by size with a 10x fanout.

use super::flush::{Retention, TableSink};
use super::Shared;
use crate::iter::{MergeIter, Peekable};
use crate::key::{Bounds, MAX_SEQ};
use crate::manifest::{Edit, LEVELS};
use crate::state::State;
use crate::table::Table;
use crate::table::TableChunks;
use crate::version::Version;
use crate::{Error, Result};
use bytes::Bytes;
use std::sync::Arc;

/// L0 is compacted into L1 once it holds this many tables.
const L0_TRIGGER: usize = 4;

/// One compaction: `inputs` of `level` merged with the `overlaps` of `level + 1` into new
/// tables of `level + 1`.
struct Job {
    keyspace: u32,
    level: usize,
    inputs: Vec<Arc<Table>>,
    overlaps: Vec<Arc<Table>>,
    /// No deeper level holds any key of the job's range, so tombstones can go.
    bottom: bool,
}

impl Shared {
    /// Runs compactions until no level of any keyspace needs one.
    pub fn compact_all(&self) -> Result<()> {
        let _running = self.compaction.lock();
        while let Some(job) = self.pick(&self.current()) {
            self.check_poisoned()?;
            self.run(job)?;
        }
        Ok(())
    }

    fn pick(&self, state: &State) -> Option<Job> {
        let mut ids: Vec<u32> = state.by_id.keys().copied().collect();
        ids.sort_unstable();
        ids.into_iter().find_map(|id| {
            let version = &state.by_id[&id].version;
            self.pick_level(version).map(|(level, inputs)| {
                let (lo, hi) = key_range(&inputs);
                let overlaps = overlapping(&version.levels[level + 1], &lo, &hi);
                let (lo, hi) = key_range(inputs.iter().chain(&overlaps));
                let bottom = version.levels[level + 2..]
                    .iter()
                    .all(|l| overlapping(l, &lo, &hi).is_empty());
                Job {
                    keyspace: id,
                    level,
                    inputs,
                    overlaps,
                    bottom,
                }
            })
        })
    }

    /// The level to compact and its input tables.
    fn pick_level(&self, version: &Version) -> Option<(usize, Vec<Arc<Table>>)> {
        if version.levels[0].len() >= L0_TRIGGER {
            return Some((0, version.levels[0].clone()));
        }
        (1..LEVELS - 1).find_map(|level| {
            if version.level_size(level) <= self.options.level_limit(level) {
                return None;
            }
            // The table holding the oldest data moves down first.
            let oldest = version.levels[level]
                .iter()
                .min_by_key(|t| t.meta.max_seq)?;
            Some((level, vec![oldest.clone()]))
        })
    }

    fn run(&self, job: Job) -> Result<()> {
        let bounds = Arc::new(Bounds::all());
        let sources = job
            .inputs
            .iter()
            .chain(&job.overlaps)
            .map(|t| {
                let chunks = TableChunks::new(t.clone(), bounds.clone(), false, MAX_SEQ);
                Peekable::new(Box::new(chunks))
            })
            .collect();
        let mut merge = MergeIter::new(sources, false);
        let mut retention = Retention::new(self.oldest_snapshot(), job.bottom);
        let mut sink = TableSink::new(self, self.options.table_size());
        while let Some(e) = merge.next_entry()? {
            if retention.keep(&e) {
                sink.add(e)?;
            }
        }
        let outputs = sink.finish()?;
        self.install_compaction(&job, outputs)
    }

    fn install_compaction(&self, job: &Job, outputs: Vec<Arc<Table>>) -> Result<()> {
        let mut manifest = self.manifest.lock();
        let state = self.current();
        if !state.by_id.contains_key(&job.keyspace) {
            outputs.iter().for_each(|t| t.mark_obsolete());
            return Ok(());
        }
        let out_level = job.level + 1;
        let removed = job
            .inputs
            .iter()
            .map(|t| (job.level, t))
            .chain(job.overlaps.iter().map(|t| (out_level, t)));
        let mut edits: Vec<Edit> = removed
            .map(|(level, t)| Edit::RemoveTable {
                keyspace: job.keyspace,
                level: level as u8,
                table: t.meta.id,
            })
            .collect();
        edits.extend(outputs.iter().map(|t| Edit::AddTable {
            keyspace: job.keyspace,
            level: out_level as u8,
            meta: t.meta.clone(),
        }));
        manifest
            .append(&edits)
            .map_err(|e| self.poison(Error::from(e)))?;
        let next = state.with_keyspace(job.keyspace, |ks| {
            let mut version = (*ks.version).clone();
            let gone = |t: &Arc<Table>| {
                job.inputs
                    .iter()
                    .chain(&job.overlaps)
                    .any(|x| Arc::ptr_eq(x, t))
            };
            version.levels[job.level].retain(|t| !gone(t));
            let level = &mut version.levels[out_level];
            level.retain(|t| !gone(t));
            level.extend(outputs);
            level.sort_by(|a, b| a.meta.smallest.cmp(&b.meta.smallest));
            ks.version = Arc::new(version);
        });
        self.install(next);
        job.inputs
            .iter()
            .chain(&job.overlaps)
            .for_each(|t| t.mark_obsolete());
        Ok(())
    }
}

/// Smallest and largest user keys of some tables.
fn key_range<'a>(tables: impl IntoIterator<Item = &'a Arc<Table>>) -> (Bytes, Bytes) {
    let mut range: Option<(Bytes, Bytes)> = None;
    for t in tables {
        let (s, l) = (&t.meta.smallest, &t.meta.largest);
        range = Some(match range {
            None => (s.clone(), l.clone()),
            Some((lo, hi)) => (lo.min(s.clone()), hi.max(l.clone())),
        });
    }
    range.unwrap_or_default()
}

/// The tables of a sorted level that intersect `[lo, hi]`.
fn overlapping(level: &[Arc<Table>], lo: &Bytes, hi: &Bytes) -> Vec<Arc<Table>> {
    level
        .iter()
        .filter(|t| t.meta.smallest <= *hi && *lo <= t.meta.largest)
        .cloned()
        .collect()
}
