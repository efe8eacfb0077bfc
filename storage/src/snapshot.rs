//! Snapshots: a read view at a fixed sequence number.

use crate::db::Keyspace;
use crate::engine::{self, Shared};
use crate::iter::VisibleIter;
use crate::key::Bounds;
use crate::state::State;
use crate::{Error, Result, SeqNo};
use bytes::Bytes;
use std::ops::Bound;
use std::sync::Arc;

/// A read view at a fixed sequence number. Holding it keeps the versions it can see.
#[derive(Clone)]
pub struct Snapshot {
    inner: Arc<Registered>,
}

/// A registered snapshot; unregistered when the last clone (or iterator) drops.
struct Registered {
    shared: Arc<Shared>,
    /// The state at registration: it holds every table and memtable the view reads.
    state: Arc<State>,
    seq: SeqNo,
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.shared.release_snapshot(self.seq);
    }
}

impl Snapshot {
    pub(crate) fn new(shared: Arc<Shared>) -> Snapshot {
        let seq = shared.register_snapshot();
        let state = shared.current();
        Snapshot {
            inner: Arc::new(Registered { shared, state, seq }),
        }
    }

    pub fn seqno(&self) -> SeqNo {
        self.inner.seq
    }

    pub fn get(&self, ks: &Keyspace, key: &[u8]) -> Result<Option<Bytes>> {
        let state = self
            .inner
            .state
            .by_id
            .get(&ks.id())
            .ok_or_else(|| Error::NoSuchKeyspace(ks.name().to_string()))?;
        engine::get(state, key, self.inner.seq)
    }

    /// Keys in `[lower, upper]` (per the bounds), ascending, or descending when `reverse`.
    pub fn range(
        &self,
        ks: &Keyspace,
        lower: Bound<&[u8]>,
        upper: Bound<&[u8]>,
        reverse: bool,
    ) -> RangeIter {
        let iter = match self.inner.state.by_id.get(&ks.id()) {
            Some(state) => {
                let bounds = Bounds::new(lower, upper);
                Ok(engine::range(state, bounds, reverse, self.inner.seq))
            }
            None => Err(Error::NoSuchKeyspace(ks.name().to_string())),
        };
        RangeIter {
            iter: Some(iter),
            _snapshot: self.clone(),
        }
    }
}

/// Iterator over `(key, value)` pairs of a snapshot; an error ends the iteration.
pub struct RangeIter {
    /// `None` once finished or after an error was returned.
    iter: Option<Result<VisibleIter>>,
    _snapshot: Snapshot,
}

impl Iterator for RangeIter {
    type Item = Result<(Bytes, Bytes)>;

    fn next(&mut self) -> Option<Self::Item> {
        let result = match self.iter.as_mut()? {
            Ok(iter) => iter.next_pair().transpose(),
            Err(_) => self.iter.take().and_then(|r| r.err()).map(Err),
        };
        if !matches!(result, Some(Ok(_))) {
            self.iter = None;
        }
        result
    }
}
