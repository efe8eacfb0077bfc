//! The catalog: table definitions, stored as JSON in the engine's `catalog` keyspace and cached in
//! memory, so the item path never reads the catalog from storage.
//!
//! Invariants: a table's keyspace (`t.<id>`) exists whenever its definition is in the catalog.
//! CreateTable makes the keyspace before writing the definition and DeleteTable removes the
//! definition before dropping the keyspace, so a crash in between leaves at most an orphan
//! keyspace, which `open` drops.

mod describe;
mod meta;
mod stats;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use dynakv_storage::{Db, Keyspace, WriteBatch};
use parking_lot::{Mutex, RwLock};

use crate::{Error, Result};

pub use meta::{
    index_keyspace_name, Billing, IndexMeta, IndexProjection, KeyAttr, ScalarType, TableMeta,
    INDEX_KEYSPACE_PREFIX, TABLE_KEYSPACE_PREFIX,
};
pub use stats::TableStats;

/// Name of the keyspace holding table definitions.
const CATALOG_KEYSPACE: &str = "catalog";

/// A live table: its definition, its keyspace and its running statistics.
#[derive(Debug)]
pub struct Table {
    pub meta: TableMeta,
    pub keyspace: Keyspace,
    /// Shared by every version of the table's definition (UpdateTable keeps the counts).
    pub stats: Arc<TableStats>,
    /// The keyspaces and statistics of `meta.indexes`, in the same order.
    pub indexes: Vec<LiveIndex>,
}

/// Storage of one secondary index.
#[derive(Debug, Clone)]
pub struct LiveIndex {
    pub keyspace: Keyspace,
    pub stats: Arc<TableStats>,
}

impl Table {
    /// Opens the keyspaces of a stored definition.
    fn load(db: &Db, meta: TableMeta) -> Result<Table> {
        let missing = |name: &str| Error::Internal(format!("keyspace {name} is missing"));
        let names = meta.keyspace_names();
        let keyspace = db.keyspace(&names[0]).ok_or_else(|| missing(&names[0]))?;
        let indexes = names[1..]
            .iter()
            .map(|n| {
                let keyspace = db.keyspace(n).ok_or_else(|| missing(n))?;
                Ok(LiveIndex {
                    keyspace,
                    stats: Arc::default(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Table {
            meta,
            keyspace,
            stats: Arc::default(),
            indexes,
        })
    }
}

/// Table definitions, cached.
pub struct Catalog {
    db: Db,
    keyspace: Keyspace,
    /// By name: a lookup per data-plane call compares a few names instead of hashing one, and
    /// listing comes out sorted.
    tables: RwLock<BTreeMap<String, Arc<Table>>>,
    /// Serializes create/update/delete so each sees the definitions of the one before.
    ddl: Mutex<()>,
}

impl Catalog {
    /// Loads every table definition and drops orphan table keyspaces.
    pub fn open(db: Db) -> Result<Catalog> {
        let keyspace = match db.keyspace(CATALOG_KEYSPACE) {
            Some(ks) => ks,
            None => db.create_keyspace(CATALOG_KEYSPACE)?,
        };
        let mut tables = BTreeMap::new();
        for entry in db.snapshot().range(
            &keyspace,
            std::ops::Bound::Unbounded,
            std::ops::Bound::Unbounded,
            false,
        ) {
            let (_, value) = entry?;
            let meta: TableMeta = serde_json::from_slice(&value)
                .map_err(|e| Error::Internal(format!("corrupt catalog entry: {e}")))?;
            let table = Table::load(&db, meta)?;
            tables.insert(table.meta.name.clone(), Arc::new(table));
        }
        let live: Vec<String> = tables
            .values()
            .flat_map(|t| t.meta.keyspace_names())
            .collect();
        for name in db.list_keyspaces() {
            let ours =
                name.starts_with(TABLE_KEYSPACE_PREFIX) || name.starts_with(INDEX_KEYSPACE_PREFIX);
            if ours && !live.contains(&name) {
                db.drop_keyspace(&name)?;
            }
        }
        Ok(Catalog {
            db,
            keyspace,
            tables: RwLock::new(tables),
            ddl: Mutex::new(()),
        })
    }

    /// The table named `name`, if it exists.
    pub fn get(&self, name: &str) -> Option<Arc<Table>> {
        self.tables.read().get(name).cloned()
    }

    /// The table named `name`, or the data-plane ResourceNotFoundException.
    pub fn require(&self, name: &str) -> Result<Arc<Table>> {
        self.get(name)
            .ok_or_else(|| Error::ResourceNotFound("Requested resource not found".to_string()))
    }

    /// The table named `name`, or the control-plane ResourceNotFoundException.
    pub fn require_named(&self, name: &str) -> Result<Arc<Table>> {
        self.get(name).ok_or_else(|| not_found(name))
    }

    /// The current version of `table` (a write that waited on an item lock may hold an older
    /// one); ResourceNotFoundException if the table was deleted meanwhile.
    pub fn current(&self, table: &Table) -> Result<Arc<Table>> {
        self.get(&table.meta.name)
            .filter(|t| t.meta.id == table.meta.id)
            .ok_or_else(|| Error::ResourceNotFound("Requested resource not found".to_string()))
    }

    /// Every table, sorted by name.
    pub fn tables(&self) -> Vec<Arc<Table>> {
        self.tables.read().values().cloned().collect()
    }

    /// Creates a table, or ResourceInUseException if the name is taken.
    pub fn create(&self, meta: TableMeta) -> Result<Arc<Table>> {
        let _ddl = self.ddl.lock();
        if self.get(&meta.name).is_some() {
            return Err(Error::ResourceInUse(format!(
                "Table already exists: {}",
                meta.name
            )));
        }
        for name in meta.keyspace_names() {
            self.db.create_keyspace(&name)?;
        }
        self.persist(&meta)?;
        let table = Arc::new(Table::load(&self.db, meta)?);
        self.tables
            .write()
            .insert(table.meta.name.clone(), table.clone());
        Ok(table)
    }

    /// Replaces a table's definition with `change(current)`, keeping keyspace and statistics.
    /// Indexes the new definition adds get a fresh, empty keyspace (the caller backfills them);
    /// the keyspaces of indexes it removes are dropped.
    pub fn update(
        &self,
        name: &str,
        change: impl FnOnce(&TableMeta) -> Result<TableMeta>,
    ) -> Result<Arc<Table>> {
        let _ddl = self.ddl.lock();
        let current = self.require_named(name)?;
        let meta = change(&current.meta)?;
        let live = |index: &str| {
            let at = current.meta.indexes.iter().position(|i| i.name == index)?;
            Some(current.indexes[at].clone())
        };
        let mut indexes = Vec::with_capacity(meta.indexes.len());
        for index in &meta.indexes {
            indexes.push(match live(&index.name) {
                Some(kept) => kept,
                None => LiveIndex {
                    keyspace: self
                        .db
                        .create_keyspace(&index_keyspace_name(&meta.id, &index.name))?,
                    stats: Arc::default(),
                },
            });
        }
        self.persist(&meta)?;
        let removed: Vec<String> = current
            .meta
            .indexes
            .iter()
            .filter(|old| meta.indexes.iter().all(|i| i.name != old.name))
            .map(|old| index_keyspace_name(&meta.id, &old.name))
            .collect();
        let table = Arc::new(Table {
            meta,
            keyspace: current.keyspace.clone(),
            stats: current.stats.clone(),
            indexes,
        });
        self.tables.write().insert(name.to_string(), table.clone());
        for keyspace in removed {
            self.db.drop_keyspace(&keyspace)?;
        }
        Ok(table)
    }

    /// Deletes a table: its definition, then its keyspace (dropped cheaply by the engine).
    pub fn delete(&self, name: &str) -> Result<Arc<Table>> {
        let _ddl = self.ddl.lock();
        let table = self.require_named(name)?;
        if table.meta.deletion_protection {
            return Err(Error::validation(
                "Resource cannot be deleted as it is currently protected against deletion. \
                 Disable deletion protection first.",
            ));
        }
        let mut batch = WriteBatch::new();
        batch.delete(&self.keyspace, name.as_bytes());
        self.db.write(batch)?;
        self.tables.write().remove(name);
        for name in table.meta.keyspace_names() {
            self.db.drop_keyspace(&name)?;
        }
        Ok(table)
    }

    fn persist(&self, meta: &TableMeta) -> Result<()> {
        let json = serde_json::to_vec(meta).map_err(|e| Error::Internal(e.to_string()))?;
        let mut batch = WriteBatch::new();
        batch.put(&self.keyspace, meta.name.as_bytes(), &json);
        self.db
            .write_with(batch, dynakv_storage::Durability::Sync)?;
        Ok(())
    }
}

/// The control-plane ResourceNotFoundException (DescribeTable, DeleteTable, UpdateTable).
pub fn not_found(name: &str) -> Error {
    Error::ResourceNotFound(format!(
        "Requested resource not found: Table: {name} not found"
    ))
}

/// A fresh TableId in UUID text form: 128 bits hashed from the name, the clock and a counter.
pub fn new_table_id(name: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let seed = format!("{name}/{nanos}/{n}/{}", std::process::id());
    let h = xxhash_rust::xxh3::xxh3_128(seed.as_bytes()).to_be_bytes();
    let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Seconds since the epoch, with millisecond precision as DynamoDB reports timestamps.
pub fn now_epoch_seconds() -> f64 {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    ms as f64 / 1000.0
}
