//! The database handle applications embed.
//!
//! CONTRACT used by the server: `Database::open(dir)`, `Database::in_memory()`, and
//! `handle_json(operation, body)` where `operation` is the X-Amz-Target suffix after
//! `DynamoDB_20120810.` (e.g. "PutItem") and `body` the request JSON; it returns the response
//! JSON bytes, or the DynamoDB error to send (`Error::UnknownOperation` for an unknown name).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use dynakv_storage::{Db, Options};

use crate::api::{
    BatchGetItemRequest, BatchGetItemResponse, BatchWriteItemRequest, BatchWriteItemResponse,
    CreateTableRequest, DeleteItemRequest, DescribeTableResponse, GetItemRequest, GetItemResponse,
    ListTablesRequest, ListTablesResponse, PutItemRequest, QueryRequest, ReadResponse, ScanRequest,
    TableDescriptionResponse, TableNameRequest, TransactGetItemsRequest, TransactGetItemsResponse,
    TransactWriteItemsRequest, TransactWriteItemsResponse, UpdateItemRequest, UpdateTableRequest,
    WriteItemResponse,
};
use crate::api::{DescribeTimeToLiveResponse, UpdateTimeToLiveRequest, UpdateTimeToLiveResponse};
use crate::catalog::Catalog;
use crate::ops::{self, typed, Inner};
use crate::sweeper::Sweeper;
use crate::Result;

/// Settings of a database.
#[derive(Clone, Debug)]
pub struct Config {
    /// Region named in table ARNs and DescribeEndpoints.
    pub region: String,
    /// Storage engine options.
    pub storage: Options,
    /// How often the Time to Live sweeper looks for expired items.
    pub ttl_sweep_interval: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            region: "us-east-1".to_string(),
            storage: Options::default(),
            ttl_sweep_interval: Duration::from_secs(1),
        }
    }
}

/// An open dynakv database: cheap to clone, Send + Sync.
#[derive(Clone)]
pub struct Database {
    /// Declared first so that it drops first: the last clone stops and joins the sweeper before
    /// the state is released.
    _sweeper: Arc<Sweeper>,
    inner: Arc<Inner>,
    /// Held on disk: writes wait for the journal (and an fsync under `Durability::Sync`).
    on_disk: bool,
}

/// Memtable size that suits an in-memory database. In memory, recent writes sit in the
/// memtable in a form larger than the tables it flushes to, so small memtables keep the
/// footprint close to the data's size (100k items of ~150 bytes: ~45 MiB resident with 4 MiB,
/// ~75 MiB with the 16 MiB default), and point reads cost slightly less (a typed GetItem over
/// 100k items: ~8,970 instructions against ~9,420 with 16 MiB).
pub const IN_MEMORY_MEMTABLE_BYTES: usize = 4 << 20;

impl Database {
    /// Opens (creating if needed) the database stored in `dir`.
    pub fn open(dir: impl AsRef<Path>) -> Result<Database> {
        Self::open_with(dir, Config::default())
    }

    /// Opens the database in `dir` with explicit settings.
    pub fn open_with(dir: impl AsRef<Path>, config: Config) -> Result<Database> {
        let storage = Db::open(dir, config.storage.clone())?;
        Self::start(storage, config, true)
    }

    /// A database held in memory, with memtables of [`IN_MEMORY_MEMTABLE_BYTES`].
    pub fn in_memory() -> Result<Database> {
        let mut config = Config::default();
        config.storage.memtable_size = IN_MEMORY_MEMTABLE_BYTES;
        Self::in_memory_with(config)
    }

    /// A database held in memory, with explicit settings.
    pub fn in_memory_with(config: Config) -> Result<Database> {
        let storage = Db::in_memory(config.storage.clone())?;
        Self::start(storage, config, false)
    }

    fn start(storage: Db, config: Config, on_disk: bool) -> Result<Database> {
        let catalog = Catalog::open(storage.clone())?;
        let inner = Inner {
            storage,
            catalog,
            region: config.region,
            locks: Default::default(),
            tokens: Default::default(),
        };
        ops::recount(&inner)?;
        let inner = Arc::new(inner);
        let sweeper = Sweeper::start(Arc::downgrade(&inner), config.ttl_sweep_interval)
            .map_err(|e| crate::Error::Internal(format!("cannot start the TTL sweeper: {e}")))?;
        Ok(Database {
            _sweeper: Arc::new(sweeper),
            inner,
            on_disk,
        })
    }

    /// Whether `handle_json(operation, ..)` may wait on disk I/O or run long, so that an async
    /// caller should run it on a blocking thread. Reads never wait (they find their data in
    /// memory or the page cache); writes wait only on a database held on disk. UpdateTable
    /// always may: creating a global index backfills it from the whole table before it returns.
    pub fn may_block(&self, operation: &str) -> bool {
        operation == "UpdateTable" || (self.on_disk && !ops::is_read_only(operation))
    }

    /// Runs DynamoDB operation `operation` on a JSON request body; returns the JSON response.
    pub fn handle_json(&self, operation: &str, body: &[u8]) -> Result<Vec<u8>> {
        ops::dispatch(&self.inner, operation, body)
    }

    pub fn create_table(&self, req: CreateTableRequest) -> Result<TableDescriptionResponse> {
        typed::create_table(&self.inner, req)
    }

    pub fn describe_table(&self, name: &str) -> Result<DescribeTableResponse> {
        typed::describe_table(&self.inner, name_request(name))
    }

    pub fn delete_table(&self, name: &str) -> Result<TableDescriptionResponse> {
        typed::delete_table(&self.inner, name_request(name))
    }

    pub fn list_tables(&self, req: ListTablesRequest) -> Result<ListTablesResponse> {
        typed::list_tables(&self.inner, req)
    }

    pub fn update_table(&self, req: UpdateTableRequest) -> Result<TableDescriptionResponse> {
        typed::update_table(&self.inner, req)
    }

    pub fn put_item(&self, req: PutItemRequest) -> Result<WriteItemResponse> {
        typed::put_item(&self.inner, req)
    }

    pub fn get_item(&self, req: GetItemRequest) -> Result<GetItemResponse> {
        typed::get_item(&self.inner, req)
    }

    pub fn update_item(&self, req: UpdateItemRequest) -> Result<WriteItemResponse> {
        typed::update_item(&self.inner, req)
    }

    pub fn delete_item(&self, req: DeleteItemRequest) -> Result<WriteItemResponse> {
        typed::delete_item(&self.inner, req)
    }

    pub fn query(&self, req: QueryRequest) -> Result<ReadResponse> {
        typed::query(&self.inner, req)
    }

    pub fn scan(&self, req: ScanRequest) -> Result<ReadResponse> {
        typed::scan(&self.inner, req)
    }

    pub fn batch_get_item(&self, req: BatchGetItemRequest) -> Result<BatchGetItemResponse> {
        typed::batch_get_item(&self.inner, req)
    }

    pub fn batch_write_item(&self, req: BatchWriteItemRequest) -> Result<BatchWriteItemResponse> {
        typed::batch_write_item(&self.inner, req)
    }

    pub fn transact_write_items(
        &self,
        req: TransactWriteItemsRequest,
    ) -> Result<TransactWriteItemsResponse> {
        typed::transact_write_items(&self.inner, req)
    }

    pub fn transact_get_items(
        &self,
        req: TransactGetItemsRequest,
    ) -> Result<TransactGetItemsResponse> {
        typed::transact_get_items(&self.inner, req)
    }

    pub fn update_time_to_live(
        &self,
        req: UpdateTimeToLiveRequest,
    ) -> Result<UpdateTimeToLiveResponse> {
        typed::update_time_to_live(&self.inner, req)
    }

    pub fn describe_time_to_live(&self, name: &str) -> Result<DescribeTimeToLiveResponse> {
        typed::describe_time_to_live(&self.inner, name_request(name))
    }

    /// The shared state, for the crate's tests.
    #[cfg(test)]
    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// Makes every acknowledged write durable (fsync).
    pub fn sync(&self) -> Result<()> {
        Ok(self.inner.storage.sync()?)
    }
}

fn name_request(name: &str) -> TableNameRequest {
    TableNameRequest {
        table_name: Some(name.to_string()),
    }
}
