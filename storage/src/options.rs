//! Engine options.

use std::time::Duration;

/// When a write is acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// fsynced before the write call returns (group commit shares one fsync among writers).
    Sync,
    /// written to the journal; fsynced on an interval and on close.
    Buffered,
}

/// Engine options.
#[derive(Clone, Debug)]
pub struct Options {
    /// Default durability of writes.
    pub durability: Durability,
    /// fsync interval for `Buffered` writes.
    pub sync_interval: Duration,
    /// Size at which a keyspace's memtable is rotated and flushed.
    pub memtable_size: usize,
    /// Total memtable budget across keyspaces (active + immutable); writers stall above it.
    pub memtable_budget: usize,
    /// Target SST data block size.
    pub block_size: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            durability: Durability::Buffered,
            sync_interval: Duration::from_millis(100),
            memtable_size: 16 << 20,
            memtable_budget: 64 << 20,
            block_size: 4096,
        }
    }
}

impl Options {
    /// Size of a journal segment before a new one is started.
    pub(crate) fn segment_size(&self) -> u64 {
        self.memtable_size.max(1 << 20) as u64
    }

    /// Target size of one SST written by compaction.
    pub(crate) fn table_size(&self) -> u64 {
        self.memtable_size.max(1 << 20) as u64
    }

    /// Size limit of level `level` (>= 1): 4 memtables at L1, then 10x per level.
    pub(crate) fn level_limit(&self, level: usize) -> u64 {
        let base = (self.memtable_size as u64 * 4).max(4 << 20);
        base.saturating_mul(10u64.saturating_pow(level.saturating_sub(1) as u32))
    }
}
