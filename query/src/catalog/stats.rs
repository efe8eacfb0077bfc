//! ItemCount and TableSizeBytes, kept current by every write instead of scanning on DescribeTable.
//! They are held in memory: `Database::open` recomputes them with one scan per table.

use std::sync::atomic::{AtomicI64, Ordering};

/// Running item count and total item size of one table.
#[derive(Debug, Default)]
pub struct TableStats {
    items: AtomicI64,
    bytes: AtomicI64,
}

impl TableStats {
    /// Records a write that replaced an item of `old` bytes (None: absent) by `new`.
    pub fn record(&self, old: Option<usize>, new: Option<usize>) {
        let count = i64::from(new.is_some()) - i64::from(old.is_some());
        let size = new.unwrap_or(0) as i64 - old.unwrap_or(0) as i64;
        if count != 0 {
            self.items.fetch_add(count, Ordering::Relaxed);
        }
        if size != 0 {
            self.bytes.fetch_add(size, Ordering::Relaxed);
        }
    }

    pub fn item_count(&self) -> u64 {
        self.items.load(Ordering::Relaxed).max(0) as u64
    }

    pub fn size_bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed).max(0) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_replace_delete() {
        let s = TableStats::default();
        s.record(None, Some(10));
        s.record(Some(10), Some(25));
        assert_eq!((s.item_count(), s.size_bytes()), (1, 25));
        s.record(Some(25), None);
        assert_eq!((s.item_count(), s.size_bytes()), (0, 0));
    }
}
