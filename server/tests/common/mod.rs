//! Shared by the end-to-end tests: a real server on a free port, a raw HTTP/1.1 client for wire
//! details, and the real `aws-sdk-dynamodb` client.
#![allow(dead_code)] // each test file uses a different part of this module

use std::net::SocketAddr;

use aws_credential_types::Credentials;
use aws_sdk_dynamodb::config::{BehaviorVersion, Region};
use bytes::Bytes;
use dynakv_server::{Config, Server, Storage};
use http_body_util::{BodyExt, Full};
use hyper::header::HeaderMap;
use tokio::sync::oneshot;

pub type TestResult = Result<(), Box<dyn std::error::Error + Send + Sync>>;

/// A running server; dropping it without `stop` leaves the task to die with the test runtime.
pub struct TestServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    pub async fn start(config: Config) -> TestServer {
        let server = Server::bind(Config { port: 0, ..config })
            .await
            .expect("bind");
        let addr = server.local_addr().expect("local addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn in_memory() -> TestServer {
        Self::in_memory_with_workers(Config::default().workers).await
    }

    /// In memory, connections spread over `workers` threads.
    pub async fn in_memory_with_workers(workers: usize) -> TestServer {
        Self::start(Config {
            storage: Storage::InMemory,
            workers,
            ..Config::default()
        })
        .await
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Graceful shutdown: drains requests, syncs and closes the databases.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.task
            .take()
            .expect("running")
            .await
            .expect("server task")
    }

    pub fn client(&self) -> aws_sdk_dynamodb::Client {
        self.client_as("AKIDTEST", "secret", None, "us-east-1")
    }

    pub fn client_as(
        &self,
        key: &str,
        secret: &str,
        token: Option<&str>,
        region: &str,
    ) -> aws_sdk_dynamodb::Client {
        let config = aws_sdk_dynamodb::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(region.to_string()))
            .endpoint_url(self.url())
            .credentials_provider(Credentials::new(
                key,
                secret,
                token.map(str::to_string),
                None,
                "test",
            ))
            .build();
        aws_sdk_dynamodb::Client::from_conf(config)
    }
}

/// A raw response.
pub struct Raw {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A credential scope header any-credentials mode accepts.
pub const ANY_AUTH: &str =
    "AWS4-HMAC-SHA256 Credential=AKIDTEST/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0";

/// One request on a fresh connection.
pub async fn raw(
    addr: SocketAddr,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> Raw {
    let mut sender = connect(addr).await;
    send(&mut sender, method, uri, headers, body).await
}

pub type Sender = hyper::client::conn::http1::SendRequest<Full<Bytes>>;

/// A keep-alive connection.
pub async fn connect(addr: SocketAddr) -> Sender {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .expect("handshake");
    tokio::spawn(conn);
    sender
}

pub async fn send(
    sender: &mut Sender,
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: impl Into<Bytes>,
) -> Raw {
    let mut req = hyper::Request::builder()
        .method(method)
        .uri(uri)
        .header("host", "localhost");
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = sender
        .send_request(req.body(Full::new(body.into())).expect("request"))
        .await
        .expect("response");
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    Raw {
        status,
        headers,
        body,
    }
}

/// A DynamoDB call over raw HTTP with any-credentials auth.
pub async fn call(addr: SocketAddr, op: &str, body: &str) -> Raw {
    let target = format!("DynamoDB_20120810.{op}");
    raw(
        addr,
        "POST",
        "/",
        &[
            ("content-type", "application/x-amz-json-1.0"),
            ("x-amz-target", &target),
            ("authorization", ANY_AUTH),
            ("x-amz-date", "20240101T000000Z"),
        ],
        body.to_string(),
    )
    .await
}

/// Creates a PAY_PER_REQUEST table with a string hash key `pk` (and a string range key `sk`).
pub async fn create_table(client: &aws_sdk_dynamodb::Client, name: &str, range: bool) {
    use aws_sdk_dynamodb::types::*;
    let mut req = client
        .create_table()
        .table_name(name)
        .billing_mode(BillingMode::PayPerRequest)
        .key_schema(
            KeySchemaElement::builder()
                .attribute_name("pk")
                .key_type(KeyType::Hash)
                .build()
                .unwrap(),
        )
        .attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name("pk")
                .attribute_type(ScalarAttributeType::S)
                .build()
                .unwrap(),
        );
    if range {
        req = req
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("sk")
                    .key_type(KeyType::Range)
                    .build()
                    .unwrap(),
            )
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("sk")
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            );
    }
    req.send().await.expect("create table");
}
