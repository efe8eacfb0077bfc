//! Graceful shutdown: the server tells every connection to stop, and waits until all are gone.
//! A connection waiting for its next request closes at once; one in the middle of a request
//! finishes it and closes after the answer.
//!
//! Waiting for a request must not cost a registration per request: a connection registers its
//! task's waker once (a task's waker wakes the same task for the task's whole life), and each
//! wait only checks a flag.

use std::collections::HashMap;
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Poll, Waker};
use std::time::Duration;

use tokio::sync::mpsc;

/// The server's side.
pub struct Drain {
    shared: Arc<Shared>,
    alive: mpsc::Sender<()>,
    all_gone: mpsc::Receiver<()>,
}

/// A connection's side; dropping it says the connection is gone.
pub struct Watcher {
    shared: Arc<Shared>,
    id: u64,
    /// The waker registered under `id`, if any.
    registered: Option<Waker>,
    _alive: mpsc::Sender<()>,
}

struct Shared {
    stopping: AtomicBool,
    next_id: AtomicU64,
    /// Wakers of connections that have waited for a request, to wake at shutdown.
    wakers: Mutex<HashMap<u64, Waker>>,
}

impl Shared {
    fn wakers(&self) -> MutexGuard<'_, HashMap<u64, Waker>> {
        self.wakers
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Drain {
    pub fn new() -> Drain {
        let (alive, all_gone) = mpsc::channel(1);
        Drain {
            shared: Arc::new(Shared {
                stopping: AtomicBool::new(false),
                next_id: AtomicU64::new(0),
                wakers: Mutex::new(HashMap::new()),
            }),
            alive,
            all_gone,
        }
    }

    pub fn watcher(&self) -> Watcher {
        Watcher {
            shared: self.shared.clone(),
            id: self.shared.next_id.fetch_add(1, Ordering::Relaxed),
            registered: None,
            _alive: self.alive.clone(),
        }
    }

    /// Stops every connection as soon as it is between requests, and waits until all are
    /// gone, or `limit` has passed.
    pub async fn drain(self, limit: Duration) {
        let Drain {
            shared,
            alive,
            mut all_gone,
        } = self;
        // Set before waking: a connection that registers after the wake-ups below sees it.
        shared.stopping.store(true, Ordering::SeqCst);
        for waker in shared.wakers().drain().map(|(_, waker)| waker) {
            waker.wake();
        }
        drop(alive);
        // None once every Watcher (each holding a sender) has been dropped.
        let _ = tokio::time::timeout(limit, all_gone.recv()).await;
    }
}

impl Watcher {
    pub fn is_stopped(&self) -> bool {
        self.shared.stopping.load(Ordering::SeqCst)
    }

    /// `wait`'s output, or None if shutdown begins before it is ready.
    pub async fn unless_stopped<F: Future>(&mut self, wait: F) -> Option<F::Output> {
        let mut wait = pin!(wait);
        poll_fn(|cx| {
            if let Poll::Ready(out) = wait.as_mut().poll(cx) {
                return Poll::Ready(Some(out));
            }
            if !self
                .registered
                .as_ref()
                .is_some_and(|w| w.will_wake(cx.waker()))
            {
                self.shared.wakers().insert(self.id, cx.waker().clone());
                self.registered = Some(cx.waker().clone());
            }
            // Checked after registering, so a shutdown cannot slip between check and sleep.
            if self.is_stopped() {
                return Poll::Ready(None);
            }
            Poll::Pending
        })
        .await
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if self.registered.is_some() {
            self.shared.wakers().remove(&self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_waiting_connection_stops_and_drain_returns_when_all_are_gone() {
        let drain = Drain::new();
        let mut watcher = drain.watcher();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let waiting = tokio::spawn(async move {
            let out = watcher.unless_stopped(rx).await;
            (out.is_none(), watcher.is_stopped())
        });
        tokio::task::yield_now().await;
        let started = std::time::Instant::now();
        drain.drain(Duration::from_secs(10)).await;
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(waiting.await.unwrap(), (true, true));
        drop(tx);
    }

    #[tokio::test]
    async fn ready_work_wins_and_drain_waits_for_busy_connections() {
        let drain = Drain::new();
        let mut watcher = drain.watcher();
        assert_eq!(watcher.unless_stopped(async { 7 }).await, Some(7));
        let started = std::time::Instant::now();
        drain.drain(Duration::from_millis(200)).await;
        assert!(
            started.elapsed() >= Duration::from_millis(200),
            "waited for the busy one"
        );
        assert!(watcher.is_stopped());
        assert_eq!(
            watcher.unless_stopped(std::future::pending::<()>()).await,
            None
        );
    }
}
