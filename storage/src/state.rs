//! The engine state readers see: one immutable snapshot, swapped atomically as a whole.

use crate::memtable::Memtable;
use crate::version::Version;
use crate::SeqNo;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A memtable no longer written to, waiting for its flush.
#[derive(Clone)]
pub struct Frozen {
    pub mem: Arc<Memtable>,
    /// Every write to the keyspace with a sequence number `<= upto` is in this memtable or
    /// older ones (it was rotated when `upto` was the last committed sequence number).
    pub upto: SeqNo,
}

/// One keyspace: its memtables and its tables.
#[derive(Clone)]
pub struct KsState {
    pub id: u32,
    /// The memtable receiving writes.
    pub active: Arc<Memtable>,
    /// Rotated memtables, oldest first.
    pub frozen: Vec<Frozen>,
    /// The live tables.
    pub version: Arc<Version>,
}

impl KsState {
    /// Smallest sequence number held only in memtables (not yet in tables), if any.
    pub fn oldest_unflushed(&self) -> Option<SeqNo> {
        self.frozen
            .iter()
            .map(|f| &f.mem)
            .chain(std::iter::once(&self.active))
            .filter_map(|m| m.min_seq())
            .min()
    }

    /// Memory held by this keyspace's memtables.
    pub fn mem_size(&self) -> usize {
        self.active.size() + self.frozen.iter().map(|f| f.mem.size()).sum::<usize>()
    }
}

/// Everything a reader needs, at one point in time.
#[derive(Clone, Default)]
pub struct State {
    /// Live keyspaces by id. A B-tree: every read and commit looks a keyspace up, and a few
    /// integer comparisons beat hashing with SipHash.
    pub by_id: BTreeMap<u32, Arc<KsState>>,
    /// Keyspace ids by name.
    pub names: BTreeMap<String, u32>,
}

impl State {
    pub fn by_name(&self, name: &str) -> Option<&Arc<KsState>> {
        self.names.get(name).and_then(|id| self.by_id.get(id))
    }

    /// A copy with keyspace `id` replaced by `f(old)`; unchanged if `id` is gone.
    pub fn with_keyspace(&self, id: u32, f: impl FnOnce(&mut KsState)) -> State {
        let mut next = self.clone();
        if let Some(ks) = next.by_id.get_mut(&id) {
            f(Arc::make_mut(ks));
        }
        next
    }

    /// Memory held by all memtables.
    pub fn mem_size(&self) -> usize {
        self.by_id.values().map(|k| k.mem_size()).sum()
    }
}
