//! The async client for plain `http://` endpoints: many connections per thread on a tokio
//! runtime. A thread per blocking connection costs the load driver a context switch per
//! request, which on a 2-core box takes CPU from the server being measured; an event loop
//! serves every connection that is ready in one wakeup.

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::wire::{self, Encoder, ReadBuf};
use super::{Credentials, Endpoint, Response};

/// One async keep-alive connection that signs and sends DynamoDB requests.
pub struct AsyncClient {
    endpoint: Endpoint,
    encoder: Encoder,
    conn: Option<(TcpStream, ReadBuf)>,
    out: Vec<u8>,
}

impl AsyncClient {
    /// A client for `endpoint`, which must be plain `http://`.
    pub fn new(endpoint: Endpoint, creds: Credentials, region: &str) -> io::Result<AsyncClient> {
        if endpoint.tls {
            return Err(io::Error::new(
                io::ErrorKind::Unsupported,
                "the async client speaks plain http only",
            ));
        }
        Ok(AsyncClient {
            encoder: Encoder::new(&endpoint, creds, region),
            endpoint,
            conn: None,
            out: Vec::new(),
        })
    }

    /// POSTs `body` with `X-Amz-Target: <target>`; a failure on a reused connection is retried
    /// once on a fresh one, as the blocking client does.
    pub async fn post(&mut self, target: &str, body: &[u8]) -> io::Result<Response> {
        self.out.clear();
        self.encoder.encode(target, body, &mut self.out);
        let reused = self.conn.is_some();
        match self.round_trip().await {
            Err(_) if reused => {
                self.conn = None;
                self.round_trip().await
            }
            r => r,
        }
    }

    async fn round_trip(&mut self) -> io::Result<Response> {
        if self.conn.is_none() {
            let tcp = TcpStream::connect((self.endpoint.host.as_str(), self.endpoint.port)).await?;
            tcp.set_nodelay(true)?;
            self.conn = Some((tcp, ReadBuf::default()));
        }
        let (stream, buf) = self.conn.as_mut().expect("connected above");
        let result = exchange(stream, buf, &self.out).await;
        super::settle(&mut self.conn, result)
    }
}

/// Writes `request` and reads until one whole response is in `buf`.
async fn exchange(
    stream: &mut TcpStream,
    buf: &mut ReadBuf,
    request: &[u8],
) -> io::Result<wire::Parsed> {
    stream.write_all(request).await?;
    loop {
        if let Some(parsed) = wire::parse_response(buf.filled(), false)? {
            return Ok(parsed);
        }
        let n = stream.read(buf.spare()).await?;
        if n == 0 {
            return wire::parse_response(buf.filled(), true)?
                .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof));
        }
        buf.advance(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read as _, Write as _};
    use std::net::TcpListener;

    /// A one-connection server that answers each request with a canned response and closes
    /// after `answers` of them.
    fn serve(answers: Vec<&'static [u8]>) -> (Endpoint, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let handle = std::thread::spawn(move || {
            let (conn, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(conn.try_clone().unwrap());
            let mut writer = conn;
            let mut targets = Vec::new();
            for answer in answers {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    let line = line.trim_end().to_string();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("content-length: ") {
                        length = v.parse().unwrap();
                    }
                    if let Some(v) = line.strip_prefix("x-amz-target: ") {
                        targets.push(v.to_string());
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                writer.write_all(answer).unwrap();
            }
            targets
        });
        let endpoint = Endpoint::parse(&format!("http://127.0.0.1:{port}")).unwrap();
        (endpoint, handle)
    }

    #[test]
    fn sends_requests_over_one_connection_and_reads_answers() {
        let (endpoint, server) = serve(vec![
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
            b"HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
        ]);
        let creds = Credentials::from_env_or_dummy();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (a, b) = rt.block_on(async {
            let mut client = AsyncClient::new(endpoint, creds, "us-east-1").unwrap();
            let a = client
                .post("DynamoDB_20120810.GetItem", b"{}")
                .await
                .unwrap();
            let b = client
                .post("DynamoDB_20120810.PutItem", b"{}")
                .await
                .unwrap();
            (a, b)
        });
        assert_eq!((a.status, a.body.as_slice()), (200, &b"{}"[..]));
        assert_eq!((b.status, b.body.as_slice()), (400, &b"x"[..]));
        assert_eq!(
            server.join().unwrap(),
            ["DynamoDB_20120810.GetItem", "DynamoDB_20120810.PutItem"]
        );
    }

    #[test]
    fn refuses_https() {
        let endpoint = Endpoint {
            host: "h".into(),
            port: 443,
            tls: true,
        };
        assert!(AsyncClient::new(endpoint, Credentials::from_env_or_dummy(), "r").is_err());
    }
}
