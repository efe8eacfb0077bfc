//! The TTL sweeper thread of a Database: wakes every `interval` and deletes expired items.
//!
//! Invariants: the thread holds only a `Weak` reference to the database state, upgraded for the
//! length of one sweep, so it never keeps a database alive. Dropping the `Sweeper` (with the last
//! `Database` clone) disconnects its channel, which wakes the thread at once and ends it at the
//! next item; the drop then joins it, so the state is released on the dropping thread and the
//! sweeper never delays process exit by more than one item delete. Idle cost: one wake-up per
//! interval that reads the table list; no buffers.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::Weak;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::ops::{self, Inner};

/// A sweep may use at most 1/SWEEP_SHARE of the time: after a sweep that took `d`, the thread
/// waits at least `SWEEP_SHARE * d` before the next one (large tables, scanned whole).
const SWEEP_SHARE: u32 = 10;

/// Handle of the running sweeper thread; dropping it stops and joins the thread.
pub struct Sweeper {
    /// Never sent on: dropping it is the stop signal.
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Sweeper {
    /// Starts sweeping the database behind `state` every `interval`.
    pub fn start(state: Weak<Inner>, interval: Duration) -> std::io::Result<Sweeper> {
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("dynakv-ttl".to_string())
            .spawn(move || run(&state, interval, &stopped))?;
        Ok(Sweeper {
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for Sweeper {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            // A panicking sweep has nothing left to clean up; the database is closing anyway.
            let _ = thread.join();
        }
    }
}

fn run(state: &Weak<Inner>, interval: Duration, stopped: &Receiver<()>) {
    let mut wait = interval;
    loop {
        match stopped.recv_timeout(wait) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
        let Some(db) = state.upgrade() else { return };
        let started = Instant::now();
        let keep_going = || matches!(stopped.try_recv(), Err(TryRecvError::Empty));
        // A failed sweep (an I/O error) is retried at the next interval: expiry is best-effort
        // and eventual in DynamoDB too, and the failing write already reported to no client.
        let _ = ops::sweep_expired(&db, now_epoch_seconds(), &keep_going);
        drop(db);
        wait = interval.max(started.elapsed() * SWEEP_SHARE);
    }
}

/// Whole seconds since the epoch (TTL values are compared against these).
fn now_epoch_seconds() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
