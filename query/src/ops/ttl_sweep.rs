//! Deleting expired items, as DynamoDB's TTL process does: an item expires once its TTL
//! attribute is a Number of epoch seconds below the current time. Other types, a missing
//! attribute, and times more than five years in the past (DynamoDB ignores those) never expire.
//!
//! Deletes go through the ordinary write path (item locks, index entries, statistics), a batch of
//! items per storage write, each conditional on the item still being expired under its lock, so
//! a concurrent write that extends or removes the TTL wins. TTL deletes consume no capacity.

use std::ops::Bound;

use dynakv_storage::{Bytes, WriteBatch};

use crate::catalog::Table;
use crate::value::{AttributeValue, Item, Number};
use crate::{Error, Result};

use super::locks::KeyLocks;
use super::stored::{self, storage_error};
use super::write::stage;
use super::Inner;

/// Expired items deleted per storage batch (and item locks held at once).
const BATCH: usize = 128;

/// How far in the past a TTL may be and still expire the item: five years of 365 days plus the
/// leap day they hold, in seconds.
const MAX_AGE_SECONDS: i64 = 5 * 365 * 24 * 60 * 60 + 24 * 60 * 60;

/// Deletes the expired items of every table with TTL enabled, as of `now` (epoch seconds).
/// Stops early once `keep_going` answers false. Returns how many items it deleted.
pub fn sweep(db: &Inner, now: i64, keep_going: &dyn Fn() -> bool) -> Result<usize> {
    let mut deleted = 0;
    for table in db.catalog.tables() {
        let Some(attribute) = table.meta.time_to_live.as_deref() else {
            continue;
        };
        match sweep_table(db, &table, attribute, now, keep_going) {
            Ok(n) => deleted += n,
            // The table was deleted meanwhile: nothing left to expire.
            Err(Error::ResourceNotFound(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(deleted)
}

fn sweep_table(
    db: &Inner,
    table: &Table,
    attribute: &str,
    now: i64,
    keep_going: &dyn Fn() -> bool,
) -> Result<usize> {
    let window = Expiry::new(now);
    let snapshot = db.storage.snapshot();
    let mut expired = Vec::new();
    let mut deleted = 0;
    for entry in snapshot.range(&table.keyspace, Bound::Unbounded, Bound::Unbounded, false) {
        if !keep_going() {
            break;
        }
        let (key, value) = entry.map_err(storage_error)?;
        if window.expired(&stored::decode(&value)?, attribute) {
            expired.push(key);
        }
        if expired.len() == BATCH {
            deleted += delete_expired(db, table, attribute, &window, &mut expired)?;
        }
    }
    deleted += delete_expired(db, table, attribute, &window, &mut expired)?;
    Ok(deleted)
}

/// Deletes the items under `keys` (emptied) that are still expired, under their item locks, in
/// one storage batch; an item rewritten since the scan is left alone. Returns how many it deleted.
fn delete_expired(
    db: &Inner,
    table: &Table,
    attribute: &str,
    window: &Expiry,
    keys: &mut Vec<Bytes>,
) -> Result<usize> {
    if keys.is_empty() || !still_enabled(db, table, attribute) {
        keys.clear();
        return Ok(0);
    }
    let stripes = keys
        .iter()
        .map(|k| KeyLocks::stripe(&table.meta.id, k))
        .collect();
    let _guards = db.locks.lock_stripes(stripes);
    // Index changes take every item lock: under ours, the current definition is stable.
    let table = &*db.catalog.current(table)?;
    let mut batch = WriteBatch::new();
    let mut staged = Vec::with_capacity(keys.len());
    for key in keys.drain(..) {
        match stored::read(&db.storage, &table.keyspace, &key)? {
            Some(item) if window.expired(&item, attribute) => {
                staged.push(stage(table, &key, Some(&item), None, &mut batch)?);
            }
            _ => {}
        }
    }
    if !staged.is_empty() {
        db.storage.write(batch).map_err(storage_error)?;
        for s in &staged {
            s.commit(table);
        }
    }
    Ok(staged.len())
}

/// Whether TTL is still enabled on `attribute` for this table (it may be disabled mid-sweep).
fn still_enabled(db: &Inner, table: &Table, attribute: &str) -> bool {
    db.catalog.get(&table.meta.name).is_some_and(|t| {
        t.meta.id == table.meta.id && t.meta.time_to_live.as_deref() == Some(attribute)
    })
}

/// The TTL values that count as expired at one instant: `[oldest, now)`.
struct Expiry {
    oldest: Number,
    now: Number,
}

impl Expiry {
    fn new(now: i64) -> Expiry {
        Expiry {
            oldest: Number::from(now.saturating_sub(MAX_AGE_SECONDS)),
            now: Number::from(now),
        }
    }

    /// Whether `item` has expired by its TTL attribute `attribute`.
    fn expired(&self, item: &Item, attribute: &str) -> bool {
        match item.get(attribute) {
            Some(AttributeValue::N(ttl)) => *ttl < self.now && *ttl >= self.oldest,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(ttl: AttributeValue) -> Item {
        Item::from([("exp".to_string(), ttl)])
    }

    fn n(text: &str) -> AttributeValue {
        AttributeValue::N(Number::parse(text).unwrap())
    }

    #[test]
    fn only_recent_past_numbers_expire() {
        let now = 1_700_000_000;
        let w = Expiry::new(now);
        assert!(w.expired(&item(n("1699999999")), "exp"));
        assert!(w.expired(&item(n("1699999999.5")), "exp"));
        assert!(!w.expired(&item(n("1700000000")), "exp"));
        assert!(!w.expired(&item(n("1800000000")), "exp"));
        assert!(!w.expired(&item(n("1000")), "exp"), "more than 5 years old");
        assert!(w.expired(&item(n(&(now - MAX_AGE_SECONDS).to_string())), "exp"));
        assert!(!w.expired(&item(AttributeValue::S("1".into())), "exp"));
        assert!(!w.expired(&item(n("1")), "other"), "attribute missing");
    }
}
