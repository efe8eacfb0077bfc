//! A lean blocking HTTP/1.1 keep-alive client for DynamoDB's JSON protocol: one TCP connection
//! per client thread, requests signed with SigV4. Blocking I/O on plain threads keeps the load
//! driver's own CPU use low on a small box (no runtime, no per-request allocation beyond the
//! request and response buffers). `https://` endpoints need the `tls` feature.

pub mod sigv4;
#[cfg(feature = "tls")]
mod tls;

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, SystemTime};

pub use sigv4::Credentials;

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

/// One keep-alive connection that signs and sends DynamoDB requests.
pub struct Client {
    endpoint: Endpoint,
    host_header: String,
    creds: Credentials,
    region: String,
    conn: Option<BufReader<Stream>>,
}

impl Client {
    pub fn new(endpoint: Endpoint, creds: Credentials, region: &str) -> Client {
        let host_header = endpoint.host_header();
        Client {
            endpoint,
            host_header,
            creds,
            region: region.to_string(),
            conn: None,
        }
    }

    /// POSTs `body` with `X-Amz-Target: <target>`. A request that fails on a reused connection
    /// (the server may have closed it while idle) is sent once more on a fresh one.
    pub fn post(&mut self, target: &str, body: &[u8]) -> io::Result<Response> {
        let head = self.request_head(target, body);
        let reused = self.conn.is_some();
        match self.round_trip(&head, body) {
            Err(_) if reused => {
                self.conn = None;
                self.round_trip(&head, body)
            }
            r => r,
        }
    }

    fn request_head(&self, target: &str, body: &[u8]) -> String {
        let date = sigv4::amz_date(SystemTime::now());
        let content_type = "application/x-amz-json-1.0";
        let mut headers = vec![
            ("content-type", content_type),
            ("host", self.host_header.as_str()),
            ("x-amz-date", date.as_str()),
            ("x-amz-target", target),
        ];
        if let Some(token) = &self.creds.session_token {
            headers.push(("x-amz-security-token", token.as_str()));
        }
        let req = sigv4::Request {
            method: "POST",
            path: "/",
            headers: &headers,
            body,
        };
        let scope = sigv4::Scope {
            region: &self.region,
            service: "dynamodb",
        };
        let auth = sigv4::authorization(&self.creds, &scope, &date, &req);
        let mut head = String::with_capacity(512);
        head.push_str("POST / HTTP/1.1\r\n");
        for (name, value) in &headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "authorization: {auth}\r\ncontent-length: {}\r\n\r\n",
            body.len()
        ));
        head
    }

    fn round_trip(&mut self, head: &str, body: &[u8]) -> io::Result<Response> {
        let conn = match &mut self.conn {
            Some(c) => c,
            None => self.conn.insert(connect(&self.endpoint)?),
        };
        let mut out = Vec::with_capacity(head.len() + body.len());
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(body);
        let result = conn
            .get_mut()
            .write_all(&out)
            .and_then(|_| read_response(conn));
        match result {
            Ok((resp, keep_alive)) => {
                if !keep_alive {
                    self.conn = None;
                }
                Ok(resp)
            }
            Err(e) => {
                self.conn = None;
                Err(e)
            }
        }
    }
}

fn connect(endpoint: &Endpoint) -> io::Result<BufReader<Stream>> {
    let tcp = TcpStream::connect((endpoint.host.as_str(), endpoint.port))?;
    tcp.set_nodelay(true)?;
    tcp.set_read_timeout(Some(Duration::from_secs(60)))?;
    let stream = if endpoint.tls {
        tls_stream(&endpoint.host, tcp)?
    } else {
        Stream::Plain(tcp)
    };
    Ok(BufReader::with_capacity(16 * 1024, stream))
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

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

/// Reads one response; also says whether the connection may be reused.
pub fn read_response(r: &mut impl BufRead) -> io::Result<(Response, bool)> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let mut parts = line.split_whitespace();
    let version = parts.next().unwrap_or_default().to_string();
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad(line.trim()))?;
    let mut length = None;
    let mut chunked = false;
    let mut keep_alive = version == "HTTP/1.1";
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(bad("connection closed inside the headers"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = Some(value.parse().map_err(|_| bad(header))?),
            "transfer-encoding" => chunked = value.eq_ignore_ascii_case("chunked"),
            "connection" => keep_alive = value.eq_ignore_ascii_case("keep-alive"),
            _ => {}
        }
    }
    let body = match (chunked, length) {
        (true, _) => read_chunked(r)?,
        (false, Some(n)) => {
            let mut body = vec![0; n];
            r.read_exact(&mut body)?;
            body
        }
        (false, None) => {
            keep_alive = false;
            let mut body = Vec::new();
            r.read_to_end(&mut body)?;
            body
        }
    };
    Ok((Response { status, body }, keep_alive))
}

fn read_chunked(r: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let size_text = line.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| bad("bad chunk size"))?;
        if size == 0 {
            // Trailers, if any, end with an empty line.
            loop {
                line.clear();
                if r.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        line.clear();
        r.read_line(&mut line)?;
    }
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

    #[test]
    fn reads_length_and_chunked_responses() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
        let (resp, keep) = read_response(&mut &raw[..]).unwrap();
        assert_eq!(
            (resp.status, resp.body.as_slice(), keep),
            (200, &b"{}"[..], true)
        );

        let raw = b"HTTP/1.1 400 Bad\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
                    3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        let (resp, keep) = read_response(&mut &raw[..]).unwrap();
        assert_eq!(
            (resp.status, resp.body.as_slice(), keep),
            (400, &b"abcde"[..], false)
        );

        assert!(read_response(&mut &b""[..]).is_err());
        assert!(read_response(&mut &b"HTTP/1.1 abc\r\n\r\n"[..]).is_err());
        assert!(
            read_response(&mut &b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}"[..]).is_err()
        );
    }
}
