//! Benchmark harnesses and the load driver for dynakv (see the README's benchmark section).
//!
//! - [`engine`]: one key-value interface over dynakv-storage and fjall, so both engines run the
//!   exact same workload code.
//! - [`loadgen`]: the DynamoDB load driver (HTTP endpoint or the embedded library).
//! - [`http`]: a lean blocking HTTP/1.1 keep-alive client with SigV4 signing.

pub mod args;
pub mod engine;
pub mod http;
pub mod keys;
pub mod latency;
pub mod loadgen;
