//! Per-thread byte buffers reused across requests for bytes that live only during one call (an
//! item's encoding on its way into a write batch, an item's storage key), so that a point read
//! or write does not allocate them every time.

use std::cell::Cell;
use std::thread::LocalKey;

/// Largest buffer kept for the next use; a bigger one (an item near 400 KB) is freed rather than
/// held by the thread.
const KEPT: usize = 64 << 10;

/// Where a thread keeps one reusable buffer.
pub type Slot = LocalKey<Cell<Vec<u8>>>;

thread_local! {
    /// Encoded items.
    pub static ITEMS: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
    /// Storage keys.
    pub static KEYS: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// The slot's buffer, emptied. Re-entrant: while one user holds it (or when the thread is
/// exiting) the slot is empty and the caller gets a new buffer of its own.
pub fn take(slot: &'static Slot) -> Vec<u8> {
    let mut buffer = slot.try_with(Cell::take).unwrap_or_default();
    buffer.clear();
    buffer
}

/// Gives `buffer` back to the slot for the next use.
pub fn give_back(slot: &'static Slot, buffer: Vec<u8>) {
    if (1..=KEPT).contains(&buffer.capacity()) {
        // Only fails while the thread exits: the buffer is then simply freed.
        let _ = slot.try_with(|cell| cell.set(buffer));
    }
}
