//! dynakv-server: DynamoDB's JSON wire protocol over HTTP/1.1 in front of the `dynakv` library,
//! so AWS SDKs and the AWS CLI work against it unchanged. Thin: parse, authenticate, call
//! `Database::handle_json`, serialize; no DynamoDB semantics live here.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let config = dynakv_server::Config { port: 0, storage: dynakv_server::Storage::InMemory, ..Default::default() };
//! let server = dynakv_server::Server::bind(config).await?;
//! println!("listening on {}", server.local_addr()?);
//! server.run(async { let _ = tokio::signal::ctrl_c().await; }).await
//! # }
//! ```

mod auth;
mod body;
pub mod config;
mod databases;
mod fields;
mod http;
mod request_id;
mod response;
mod server;
mod service;
mod target;
mod time;
mod wire_error;
mod workers;

pub use config::{Config, Cors, Credential, Storage};
pub use server::Server;
