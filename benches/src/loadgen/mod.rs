//! The load driver: N concurrent clients over a fixed key space against any DynamoDB-compatible
//! endpoint or the embedded library. It creates the table, preloads it, runs the workload for a
//! duration or an operation count, and reports throughput, latency percentiles and consumed
//! capacity.

pub mod report;
pub mod requests;
mod run;
pub mod startup;
pub mod target;

use std::str::FromStr;
use std::time::Duration;

pub use report::Report;
pub use run::run;
pub use target::{CallError, Connector, Target};

/// What the clients do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Workload {
    /// PutItem of random keys.
    Put,
    /// GetItem of random keys.
    Get,
    /// GetItem with probability `read_ratio`, else PutItem.
    Mixed,
    /// Query of one random partition.
    Query,
}

impl FromStr for Workload {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "put" => Ok(Workload::Put),
            "get" => Ok(Workload::Get),
            "mixed" => Ok(Workload::Mixed),
            "query" => Ok(Workload::Query),
            _ => Err(format!("unknown workload {s} (put, get, mixed, query)")),
        }
    }
}

impl Workload {
    pub fn name(self) -> &'static str {
        match self {
            Workload::Put => "put",
            Workload::Get => "get",
            Workload::Mixed => "mixed",
            Workload::Query => "query",
        }
    }
}

/// The operations measured, each with its own latency figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum OpKind {
    Get = 0,
    Put = 1,
    Query = 2,
}

impl OpKind {
    pub const ALL: [OpKind; 3] = [OpKind::Get, OpKind::Put, OpKind::Query];

    pub fn operation(self) -> &'static str {
        match self {
            OpKind::Get => "GetItem",
            OpKind::Put => "PutItem",
            OpKind::Query => "Query",
        }
    }

    /// The `X-Amz-Target` header value.
    pub fn target(self) -> &'static str {
        match self {
            OpKind::Get => "DynamoDB_20120810.GetItem",
            OpKind::Put => "DynamoDB_20120810.PutItem",
            OpKind::Query => "DynamoDB_20120810.Query",
        }
    }
}

/// When the measured phase ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Stop {
    After(Duration),
    Ops(u64),
}

/// A load run.
#[derive(Clone)]
pub struct Config {
    pub connector: Connector,
    pub table: String,
    pub clients: usize,
    /// Threads that drive the clients of a plain-http endpoint, each an event loop over its
    /// share of the connections (other targets get a thread per client).
    pub threads: usize,
    /// Items in the key space (all preloaded).
    pub keys: u64,
    pub value_size: usize,
    pub workload: Workload,
    /// Share of GetItem in the mixed workload.
    pub read_ratio: f64,
    pub stop: Stop,
    pub preload: bool,
    /// Delete the table afterwards.
    pub delete_table: bool,
    pub seed: u64,
}
