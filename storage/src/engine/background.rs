//! Background threads: flusher, compactor and the interval fsync of buffered writes.

use super::{Shared, Signals};
use std::sync::Arc;
use std::thread::JoinHandle;

impl Shared {
    /// Starts the background threads; they stop once `Signals::shutdown` is set.
    pub fn spawn_background(self: &Arc<Self>) -> std::io::Result<Vec<JoinHandle<()>>> {
        let flusher = self.clone();
        let compactor = self.clone();
        let syncer = self.clone();
        Ok(vec![
            spawn("dynakv-flush", move || flusher.flush_loop())?,
            spawn("dynakv-compact", move || compactor.compact_loop())?,
            spawn("dynakv-sync", move || syncer.sync_loop())?,
        ])
    }

    /// Waits until `flag` is raised (and clears it); false on shutdown.
    fn wait_for_work(&self, flag: fn(&mut Signals) -> &mut bool) -> bool {
        let mut signals = self.signals.lock();
        loop {
            if signals.shutdown {
                return false;
            }
            let raised = flag(&mut signals);
            if *raised {
                *raised = false;
                return true;
            }
            self.work_cv.wait(&mut signals);
        }
    }

    fn flush_loop(&self) {
        while self.wait_for_work(|s| &mut s.flush) {
            loop {
                match self.flush_one() {
                    Ok(true) => continue,
                    Ok(false) => break,
                    // The data is still in the journal; refusing writes keeps memory bounded
                    // and makes the failure visible to every writer.
                    Err(e) => {
                        self.poison(e);
                        break;
                    }
                }
            }
        }
    }

    fn compact_loop(&self) {
        while self.wait_for_work(|s| &mut s.compact) {
            if let Err(e) = self.compact_all() {
                self.poison(e);
            }
        }
    }

    fn sync_loop(&self) {
        let mut signals = self.signals.lock();
        while !signals.shutdown {
            self.work_cv
                .wait_for(&mut signals, self.options.sync_interval);
            drop(signals);
            let dirty = self.writer.lock().journal.is_dirty();
            if dirty && self.check_poisoned().is_ok() {
                // `sync` poisons the engine itself on failure.
                let _ = self.sync();
            }
            signals = self.signals.lock();
        }
    }

    /// Stops the background threads (the caller joins them).
    pub fn shutdown(&self) {
        self.signal(|s| s.shutdown = true);
        self.progress_cv.notify_all();
    }
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new().name(name.to_string()).spawn(f)
}
