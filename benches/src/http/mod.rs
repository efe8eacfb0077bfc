//! Lean HTTP/1.1 keep-alive clients for DynamoDB's JSON protocol, requests signed with SigV4:
//! a blocking one (any endpoint; `https://` needs the `tls` feature) and an async one for plain
//! `http://` endpoints ([`nonblocking`]), which lets one thread drive many connections. Both
//! share the wire code in [`wire`]: the load driver's own CPU use must stay small next to the
//! server's on a small box.

pub mod nonblocking;
pub mod sigv4;
#[cfg(feature = "tls")]
mod tls;
pub mod wire;

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub use sigv4::Credentials;
use wire::{Encoder, ReadBuf};

/// Where requests go: `http://host:port` or `https://host:port` (path ignored).
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub tls: bool,
}

impl Endpoint {
    pub fn parse(url: &str) -> Result<Endpoint, String> {
        let (rest, tls) = if let Some(r) = url.strip_prefix("http://") {
            (r, false)
        } else if let Some(r) = url.strip_prefix("https://") {
            if !cfg!(feature = "tls") {
                return Err(format!(
                    "{url}: https needs the `tls` feature \
                     (cargo build --release -p dynakv-benches --features tls)"
                ));
            }
            (r, true)
        } else {
            return Err(format!("{url}: expected an http:// or https:// URL"));
        };
        let authority = rest.split('/').next().unwrap_or_default();
        let default_port = if tls { 443 } else { 80 };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().map_err(|_| format!("{url}: bad port {p}"))?),
            None => (authority, default_port),
        };
        if host.is_empty() {
            return Err(format!("{url}: no host"));
        }
        let host = host.to_string();
        Ok(Endpoint { host, port, tls })
    }

    /// The `Host` header: the port is omitted when it is the scheme's default.
    fn host_header(&self) -> String {
        if self.port == if self.tls { 443 } else { 80 } {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// An HTTP response: status code and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

/// A connection's byte stream: plain TCP or TLS over TCP.
enum Stream {
    Plain(TcpStream),
    #[cfg(feature = "tls")]
    Tls(Box<tls::TlsStream>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            #[cfg(feature = "tls")]
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            #[cfg(feature = "tls")]
            Stream::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            #[cfg(feature = "tls")]
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// One blocking keep-alive connection that signs and sends DynamoDB requests.
pub struct Client {
    endpoint: Endpoint,
    encoder: Encoder,
    conn: Option<(Stream, ReadBuf)>,
    out: Vec<u8>,
}

impl Client {
    pub fn new(endpoint: Endpoint, creds: Credentials, region: &str) -> Client {
        Client {
            encoder: Encoder::new(&endpoint, creds, region),
            endpoint,
            conn: None,
            out: Vec::new(),
        }
    }

    /// POSTs `body` with `X-Amz-Target: <target>`. A request that fails on a reused connection
    /// (the server may have closed it while idle) is sent once more on a fresh one.
    pub fn post(&mut self, target: &str, body: &[u8]) -> io::Result<Response> {
        self.out.clear();
        self.encoder.encode(target, body, &mut self.out);
        let reused = self.conn.is_some();
        match self.round_trip() {
            Err(_) if reused => {
                self.conn = None;
                self.round_trip()
            }
            r => r,
        }
    }

    fn round_trip(&mut self) -> io::Result<Response> {
        let (stream, buf) = match &mut self.conn {
            Some(c) => c,
            None => self
                .conn
                .insert((connect(&self.endpoint)?, ReadBuf::default())),
        };
        let result = stream.write_all(&self.out).and_then(|_| loop {
            if let Some(parsed) = wire::parse_response(buf.filled(), false)? {
                break Ok(parsed);
            }
            let n = stream.read(buf.spare())?;
            if n == 0 {
                break wire::parse_response(buf.filled(), true)?
                    .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof));
            }
            buf.advance(n);
        });
        settle(&mut self.conn, result)
    }
}

/// Ends an exchange on `conn`: keeps the connection (and any bytes after the response) when
/// the response allows it, else drops it.
fn settle<S>(
    conn: &mut Option<(S, ReadBuf)>,
    result: io::Result<wire::Parsed>,
) -> io::Result<Response> {
    match (result, conn.as_mut()) {
        (Ok(parsed), Some((_, buf))) if parsed.keep_alive => {
            buf.consume(parsed.consumed);
            Ok(parsed.response)
        }
        (other, _) => {
            *conn = None;
            other.map(|p| p.response)
        }
    }
}

fn connect(endpoint: &Endpoint) -> io::Result<Stream> {
    let tcp = TcpStream::connect((endpoint.host.as_str(), endpoint.port))?;
    tcp.set_nodelay(true)?;
    tcp.set_read_timeout(Some(Duration::from_secs(60)))?;
    if endpoint.tls {
        tls_stream(&endpoint.host, tcp)
    } else {
        Ok(Stream::Plain(tcp))
    }
}

#[cfg(feature = "tls")]
fn tls_stream(host: &str, tcp: TcpStream) -> io::Result<Stream> {
    Ok(Stream::Tls(Box::new(tls::wrap(host, tcp)?)))
}

/// Unreachable: `Endpoint::parse` refuses https without the feature.
#[cfg(not(feature = "tls"))]
fn tls_stream(host: &str, _tcp: TcpStream) -> io::Result<Stream> {
    Err(io::Error::other(format!(
        "{host}: built without the tls feature"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_endpoints() {
        let e = Endpoint::parse("http://127.0.0.1:8000").unwrap();
        assert_eq!(
            e,
            Endpoint {
                host: "127.0.0.1".into(),
                port: 8000,
                tls: false,
            }
        );
        assert_eq!(e.host_header(), "127.0.0.1:8000");
        let e = Endpoint::parse("http://localhost/").unwrap();
        assert_eq!(e.port, 80);
        assert_eq!(e.host_header(), "localhost");
        assert!(Endpoint::parse("ftp://x").is_err());
        assert!(Endpoint::parse("http://:80").is_err());
        assert!(Endpoint::parse("http://h:x").is_err());
        let https = Endpoint::parse("https://dynamodb.us-east-1.amazonaws.com");
        if cfg!(feature = "tls") {
            let e = https.unwrap();
            assert_eq!((e.port, e.tls), (443, true));
            assert_eq!(e.host_header(), "dynamodb.us-east-1.amazonaws.com");
        } else {
            assert!(https.unwrap_err().contains("tls"));
        }
    }
}
