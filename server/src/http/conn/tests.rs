//! The connection loop driven over real TCP sockets against a real in-memory server, with bytes
//! written by hand: framing, 100-continue, pipelining, HTTP/1.0, bad and abandoned requests.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;

use crate::config::{Config, Storage};
use crate::server::Server;

const AUTH: &str = "Authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0\r\nX-Amz-Date: 20240101T000000Z\r\n";
const LIST_TABLES: &str =
    "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Type: application/x-amz-json-1.0\r\n";
const EMPTY_LIST: &str = r#"{"TableNames":[]}"#;

struct Running {
    addr: SocketAddr,
    stop: oneshot::Sender<()>,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
}

async fn start(max_body_bytes: usize) -> Running {
    let config = Config {
        port: 0,
        storage: Storage::InMemory,
        max_body_bytes,
        workers: 1,
        ..Config::default()
    };
    let server = Server::bind(config).await.unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let done = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    Running { addr, stop, done }
}

/// A ListTables call with a Content-Length body.
fn list_tables(extra_headers: &str) -> String {
    format!("POST / HTTP/1.1\r\nHost: x\r\n{AUTH}{LIST_TABLES}{extra_headers}Content-Length: 2\r\n\r\n{{}}")
}

#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// A hand-driven client connection.
struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    async fn connect(addr: SocketAddr) -> Client {
        Client {
            stream: TcpStream::connect(addr).await.unwrap(),
            buf: Vec::new(),
        }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.unwrap();
    }

    /// The next answer, or None if the server closed first. `head_only`: a HEAD request's.
    async fn answer(&mut self, head_only: bool) -> Option<Answer> {
        loop {
            if let Some(answer) = self.parse(head_only) {
                return Some(answer);
            }
            let read =
                tokio::time::timeout(Duration::from_secs(10), self.stream.read_buf(&mut self.buf));
            match read.await.expect("server answers in time") {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    }

    fn parse(&mut self, head_only: bool) -> Option<Answer> {
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut response = httparse::Response::new(&mut headers);
        let httparse::Status::Complete(len) = response.parse(&self.buf).unwrap() else {
            return None;
        };
        let headers: Vec<(String, String)> = response
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_string(),
                    String::from_utf8_lossy(h.value).into_owned(),
                )
            })
            .collect();
        let status = response.code.unwrap();
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse().unwrap());
        let body_len = if head_only || status == 100 {
            0
        } else {
            length
        };
        if self.buf.len() < len + body_len {
            return None;
        }
        let body = self.buf[len..len + body_len].to_vec();
        self.buf.drain(..len + body_len);
        Some(Answer {
            status,
            headers,
            body,
        })
    }

    /// True once the server has closed the connection (after any answers still unread).
    async fn closed(&mut self) -> bool {
        self.answer(false).await.is_none() && self.buf.is_empty()
    }
}

#[tokio::test]
async fn pipelined_requests_are_answered_in_order() {
    let s = start(1 << 20).await;
    let mut c = Client::connect(s.addr).await;
    let batch = format!(
        "GET / HTTP/1.1\r\n\r\n{}HEAD / HTTP/1.1\r\n\r\n{}",
        list_tables(""),
        list_tables("")
    );
    c.send(batch.as_bytes()).await;
    let health = c.answer(false).await.unwrap();
    assert_eq!(
        (health.status, health.text()),
        (200, "healthy: dynamodb.us-east-1.amazonaws.com ")
    );
    assert!(health.header("date").is_some());
    assert_eq!(c.answer(false).await.unwrap().text(), EMPTY_LIST);
    let head = c.answer(true).await.unwrap();
    assert_eq!(
        (head.status, head.header("content-length")),
        (200, Some("42"))
    );
    assert_eq!(c.answer(false).await.unwrap().text(), EMPTY_LIST);
}

#[tokio::test]
async fn a_request_trickling_in_byte_by_byte_is_served() {
    let s = start(1 << 20).await;
    let mut c = Client::connect(s.addr).await;
    for b in list_tables("").bytes() {
        c.send(&[b]).await;
    }
    assert_eq!(c.answer(false).await.unwrap().text(), EMPTY_LIST);
}

#[tokio::test]
async fn chunked_bodies_are_decoded_and_capped_after_decoding() {
    let s = start(40).await;
    let mut c = Client::connect(s.addr).await;
    let head = format!("POST / HTTP/1.1\r\n{AUTH}{LIST_TABLES}Transfer-Encoding: chunked\r\n\r\n");
    c.send(head.as_bytes()).await;
    c.send(b"1;name=value\r\n{\r\n").await;
    c.send(b"1\r\n}\r\n0\r\nX-Checksum: abc\r\n\r\n").await;
    assert_eq!(c.answer(false).await.unwrap().text(), EMPTY_LIST);
    // 20 + 21 decoded bytes: over the cap of 40, though each chunk is under it.
    let body = format!(
        "14\r\n{{{}\r\n15\r\n{}}}\r\n0\r\n\r\n",
        " ".repeat(19),
        " ".repeat(20)
    );
    c.send(format!("{head}{body}").as_bytes()).await;
    let answer = c.answer(false).await.unwrap();
    assert_eq!((answer.status, answer.body.len()), (413, 0));
    // The connection survives both.
    c.send(list_tables("").as_bytes()).await;
    assert_eq!(c.answer(false).await.unwrap().status, 200);
    // Broken chunk framing ends it.
    c.send(format!("{head}zz\r\n").as_bytes()).await;
    assert_eq!(c.answer(false).await.unwrap().status, 400);
    assert!(c.closed().await);
}

#[tokio::test]
async fn an_oversized_body_gets_413_and_the_connection_goes_on() {
    let s = start(100).await;
    let mut c = Client::connect(s.addr).await;
    let big = format!("{{\"TableName\":\"{}\"}}", "a".repeat(200));
    let request = format!(
        "POST / HTTP/1.1\r\n{AUTH}{LIST_TABLES}Content-Length: {}\r\n\r\n{big}",
        big.len()
    );
    c.send(request.as_bytes()).await;
    let answer = c.answer(false).await.unwrap();
    assert_eq!((answer.status, answer.body.len()), (413, 0));
    assert!(answer.header("x-amzn-requestid").is_some());
    c.send(list_tables("").as_bytes()).await;
    assert_eq!(c.answer(false).await.unwrap().text(), EMPTY_LIST);
}

#[tokio::test]
async fn expect_continue_is_answered_before_the_body() {
    let s = start(100).await;
    let mut c = Client::connect(s.addr).await;
    let request = list_tables("Expect: 100-continue\r\n");
    let (head, body) = request.split_at(request.len() - 2);
    c.send(head.as_bytes()).await;
    let go_ahead = c.answer(false).await.unwrap();
    assert_eq!(go_ahead.status, 100);
    c.send(body.as_bytes()).await;
    assert_eq!(c.answer(false).await.unwrap().text(), EMPTY_LIST);
    // A client that sends the body without waiting gets no 100.
    c.send(request.as_bytes()).await;
    assert_eq!(c.answer(false).await.unwrap().status, 200);
    // Known to be too large: 413 at once, no invitation, and the connection closes.
    let too_big = format!(
        "POST / HTTP/1.1\r\n{AUTH}{LIST_TABLES}Expect: 100-continue\r\nContent-Length: 101\r\n\r\n"
    );
    c.send(too_big.as_bytes()).await;
    let answer = c.answer(false).await.unwrap();
    assert_eq!(
        (answer.status, answer.header("connection")),
        (413, Some("close"))
    );
    assert!(
        answer.header("x-amzn-requestid").is_some(),
        "answered by the service"
    );
    assert!(c.closed().await);
}

#[tokio::test]
async fn http_1_0_closes_unless_asked_to_keep_alive() {
    let s = start(100).await;
    let mut c = Client::connect(s.addr).await;
    c.send(b"GET / HTTP/1.0\r\n\r\n").await;
    let answer = c.answer(false).await.unwrap();
    assert_eq!(
        (answer.status, answer.header("connection")),
        (200, Some("close"))
    );
    assert!(c.closed().await);

    let mut c = Client::connect(s.addr).await;
    for _ in 0..2 {
        c.send(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            .await;
        let answer = c.answer(false).await.unwrap();
        assert_eq!(answer.header("connection"), Some("keep-alive"));
    }
}

#[tokio::test]
async fn connection_close_is_honoured() {
    let s = start(100).await;
    let mut c = Client::connect(s.addr).await;
    c.send(list_tables("Connection: close\r\n").as_bytes())
        .await;
    let answer = c.answer(false).await.unwrap();
    assert_eq!(
        (answer.text(), answer.header("connection")),
        (EMPTY_LIST, Some("close"))
    );
    assert!(c.closed().await);
}

#[tokio::test]
async fn bad_heads_get_400_or_431_and_a_close() {
    let s = start(100).await;
    let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(70_000));
    let many = format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(101));
    for (request, status) in [
        ("GET / HTTP/1.1\r\nBad Header\r\n\r\n".to_string(), 400),
        (
            "\x16\x03\x01\x02\x00\x01\x00\x01\x7f\x03\x03".to_string(),
            400,
        ),
        (
            "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n".to_string(),
            400,
        ),
        (
            "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n".to_string(),
            400,
        ),
        (long, 431),
        (many, 431),
    ] {
        let mut c = Client::connect(s.addr).await;
        c.send(request.as_bytes()).await;
        let answer = c.answer(false).await.unwrap();
        assert_eq!(
            (answer.status, answer.header("connection")),
            (status, Some("close")),
            "{request:.40?}"
        );
        assert!(c.closed().await);
    }
}

#[tokio::test]
async fn clients_that_leave_mid_request_are_dropped_quietly() {
    let s = start(1 << 20).await;
    for partial in [
        "POST / HTTP/1.1\r\nContent-Le".to_string(),
        format!("POST / HTTP/1.1\r\n{AUTH}{LIST_TABLES}Content-Length: 100\r\n\r\n{{\"a\""),
        format!(
            "POST / HTTP/1.1\r\n{AUTH}{LIST_TABLES}Transfer-Encoding: chunked\r\n\r\n5\r\n{{\"a\""
        ),
    ] {
        let mut c = Client::connect(s.addr).await;
        c.send(partial.as_bytes()).await;
        drop(c);
    }
    let mut c = Client::connect(s.addr).await;
    c.send(list_tables("").as_bytes()).await;
    assert_eq!(c.answer(false).await.unwrap().text(), EMPTY_LIST);
}

#[tokio::test]
async fn shutdown_closes_idle_connections_and_finishes() {
    let s = start(100).await;
    let mut idle = Client::connect(s.addr).await;
    idle.send(list_tables("").as_bytes()).await;
    assert_eq!(idle.answer(false).await.unwrap().status, 200);
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Still open after a pause.
    idle.send(list_tables("").as_bytes()).await;
    assert_eq!(idle.answer(false).await.unwrap().status, 200);
    let started = std::time::Instant::now();
    s.stop.send(()).unwrap();
    assert!(idle.closed().await);
    s.done.await.unwrap().unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "no wait for the drain timeout"
    );
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish() {
    let s = start(100).await;
    let mut c = Client::connect(s.addr).await;
    let request = list_tables("");
    let (head, body) = request.split_at(request.len() - 2);
    c.send(head.as_bytes()).await;
    // The server has the head and waits for the body when shutdown begins.
    tokio::time::sleep(Duration::from_millis(50)).await;
    s.stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    c.send(body.as_bytes()).await;
    let answer = c.answer(false).await.unwrap();
    assert_eq!(
        (answer.text(), answer.header("connection")),
        (EMPTY_LIST, Some("close"))
    );
    assert!(c.closed().await);
    s.done.await.unwrap().unwrap();
}
