//! Group commit: concurrent writers queue their batches; whoever finds no leader at work
//! becomes the leader, takes every queued batch, commits them together (one journal write, one
//! fsync) and hands each writer its own result.
//!
//! Invariants: at most one leader runs at a time; every submitted item is taken by exactly one
//! leader, in submission order; a writer returns only its own result. A writer whose item was
//! taken by another leader sleeps until that leader publishes the results of its group.

#[cfg(loom)]
use loom::sync::{Condvar, Mutex, MutexGuard};
#[cfg(not(loom))]
use std::sync::{Condvar, Mutex, MutexGuard};

use std::sync::PoisonError;

struct QueueState<T, R> {
    next_ticket: u64,
    /// Items waiting for a leader, with their tickets, in submission order.
    pending: Vec<(u64, T)>,
    /// Results published by a leader and not yet collected by their writers.
    done: Vec<(u64, R)>,
    leader_active: bool,
    /// Writers asleep on `wake`: a leader skips the wake-up (a futex syscall even with nobody
    /// asleep) when there are none, as a lone writer never sleeps.
    sleepers: usize,
}

/// A queue handing batches of `T` to one leader at a time, which answers each with an `R`.
pub struct CommitQueue<T, R> {
    state: Mutex<QueueState<T, R>>,
    wake: Condvar,
}

impl<T, R> Default for CommitQueue<T, R> {
    fn default() -> Self {
        CommitQueue {
            state: Mutex::new(QueueState {
                next_ticket: 0,
                pending: Vec::new(),
                done: Vec::new(),
                leader_active: false,
                sleepers: 0,
            }),
            wake: Condvar::new(),
        }
    }
}

impl<T, R> CommitQueue<T, R> {
    /// Queues `item` and returns its result. If this call becomes the leader it runs `lead`
    /// on the whole group; `lead` must return exactly one result per item, in order.
    pub fn submit(&self, item: T, lead: impl FnOnce(Vec<T>) -> Vec<R>) -> R {
        let mut state = self.lock();
        let ticket = state.next_ticket;
        state.next_ticket += 1;
        state.pending.push((ticket, item));
        let mut lead = Some(lead);
        loop {
            if let Some(i) = state.done.iter().position(|(t, _)| *t == ticket) {
                return state.done.swap_remove(i).1;
            }
            if !state.leader_active {
                if let Some(lead) = lead.take() {
                    state = self.run_group(state, lead);
                    continue;
                }
            }
            state.sleepers += 1;
            state = self
                .wake
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
            state.sleepers -= 1;
        }
    }

    /// Takes all pending items, runs `lead` without holding the lock, publishes the results
    /// and wakes every waiter (the finished writers and the next leader).
    fn run_group<'a>(
        &'a self,
        mut state: MutexGuard<'a, QueueState<T, R>>,
        lead: impl FnOnce(Vec<T>) -> Vec<R>,
    ) -> MutexGuard<'a, QueueState<T, R>> {
        state.leader_active = true;
        let group = std::mem::take(&mut state.pending);
        drop(state);
        // Sized collects: unzip would grow both vectors push by push.
        let tickets: Vec<u64> = group.iter().map(|(t, _)| *t).collect();
        let items: Vec<T> = group.into_iter().map(|(_, item)| item).collect();
        let results = lead(items);
        let mut state = self.lock();
        state.done.extend(tickets.into_iter().zip(results));
        state.leader_active = false;
        if state.sleepers > 0 {
            self.wake.notify_all();
        }
        state
    }

    fn lock(&self) -> MutexGuard<'_, QueueState<T, R>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn every_writer_gets_its_own_result() {
        let queue = Arc::new(CommitQueue::<u64, u64>::default());
        let log = Arc::new(std::sync::Mutex::new(Vec::new()));
        let threads: Vec<_> = (0..8u64)
            .map(|t| {
                let (queue, log) = (queue.clone(), log.clone());
                std::thread::spawn(move || {
                    for i in 0..200 {
                        let item = t * 1000 + i;
                        let got = queue.submit(item, |group| {
                            log.lock().unwrap().extend(group.iter().copied());
                            group.iter().map(|x| x * 2).collect()
                        });
                        assert_eq!(got, item * 2);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(log.lock().unwrap().len(), 1600);
    }
}

/// Model check of the leader handoff: run with
/// `RUSTFLAGS="--cfg loom" cargo test -p dynakv-storage --release --lib loom`.
#[cfg(all(test, loom))]
mod loom_tests {
    use super::*;
    use loom::sync::Arc;

    #[test]
    fn loom_group_commit_handoff() {
        loom::model(|| {
            let queue = Arc::new(CommitQueue::<u32, u32>::default());
            let committed = Arc::new(loom::sync::Mutex::new(Vec::new()));
            let writer = |item: u32| {
                let (queue, committed) = (queue.clone(), committed.clone());
                move || {
                    let got = queue.submit(item, |group| {
                        let mut log = committed.lock().unwrap();
                        group
                            .iter()
                            .map(|x| {
                                log.push(*x);
                                x + 100
                            })
                            .collect()
                    });
                    assert_eq!(got, item + 100);
                }
            };
            let a = loom::thread::spawn(writer(1));
            let b = loom::thread::spawn(writer(2));
            writer(3)();
            a.join().unwrap();
            b.join().unwrap();
            let mut log = committed.lock().unwrap().clone();
            log.sort_unstable();
            assert_eq!(log, vec![1, 2, 3], "each item committed exactly once");
        });
    }
}
