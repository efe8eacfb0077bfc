//! The bytes on the wire, without I/O: signed request encoding, a connection's read buffer, and
//! an incremental response parser. The blocking and the async client share them.

use std::io;
use std::time::SystemTime;

use super::sigv4::{self, Credentials, Signer};
use super::{Endpoint, Response};

/// Response headers beyond this many are refused (DynamoDB sends about eight).
const MAX_HEADERS: usize = 64;
/// How much a read asks for at least.
const READ_CHUNK: usize = 16 * 1024;

/// Builds signed DynamoDB JSON requests for one endpoint.
pub struct Encoder {
    host_header: String,
    signer: Signer,
}

impl Encoder {
    pub fn new(endpoint: &Endpoint, creds: Credentials, region: &str) -> Encoder {
        Encoder {
            host_header: endpoint.host_header(),
            signer: Signer::new(creds, region, "dynamodb"),
        }
    }

    /// Appends a whole request (head and body) that POSTs `body` with `X-Amz-Target: target`.
    pub fn encode(&mut self, target: &str, body: &[u8], out: &mut Vec<u8>) {
        let date = sigv4::amz_date(SystemTime::now());
        let mut headers = vec![
            ("content-type", "application/x-amz-json-1.0"),
            ("host", self.host_header.as_str()),
            ("x-amz-date", date.as_str()),
            ("x-amz-target", target),
        ];
        let token = self.signer.session_token().map(str::to_string);
        if let Some(token) = &token {
            headers.push(("x-amz-security-token", token.as_str()));
        }
        let req = sigv4::Request {
            method: "POST",
            path: "/",
            headers: &headers,
            body,
        };
        let auth = self.signer.authorization(&date, &req);
        out.extend_from_slice(b"POST / HTTP/1.1\r\n");
        for (name, value) in &headers {
            for part in [name.as_bytes(), b": ", value.as_bytes(), b"\r\n"] {
                out.extend_from_slice(part);
            }
        }
        for part in [b"authorization: ", auth.as_bytes(), b"\r\ncontent-length: "] {
            out.extend_from_slice(part);
        }
        out.extend_from_slice(body.len().to_string().as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
        out.extend_from_slice(body);
    }
}

/// A connection's received bytes not yet consumed by a response.
#[derive(Default)]
pub struct ReadBuf {
    data: Vec<u8>,
    filled: usize,
}

impl ReadBuf {
    pub fn filled(&self) -> &[u8] {
        &self.data[..self.filled]
    }

    /// Room to read into: at least [`READ_CHUNK`] bytes.
    pub fn spare(&mut self) -> &mut [u8] {
        if self.data.len() - self.filled < READ_CHUNK {
            self.data
                .resize(self.filled + READ_CHUNK.max(self.data.len()), 0);
        }
        &mut self.data[self.filled..]
    }

    /// `n` bytes were read into [`spare`](Self::spare).
    pub fn advance(&mut self, n: usize) {
        self.filled += n;
    }

    /// Drops the first `n` bytes (a parsed response), keeping any that follow.
    pub fn consume(&mut self, n: usize) {
        self.data.copy_within(n..self.filled, 0);
        self.filled -= n;
    }
}

/// One complete response at the start of a buffer.
#[derive(Debug)]
pub struct Parsed {
    pub response: Response,
    /// Bytes of the buffer it took.
    pub consumed: usize,
    /// Whether the connection may carry another request.
    pub keep_alive: bool,
}

/// Parses the response at the start of `buf`: `None` until it is complete. `eof` says the
/// peer has closed, which ends a body that has neither a length nor chunks.
pub fn parse_response(buf: &[u8], eof: bool) -> io::Result<Option<Parsed>> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut head = httparse::Response::new(&mut headers);
    let head_len = match head.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) if eof => return Err(closed()),
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(e) => return Err(bad(format!("malformed response head: {e}"))),
    };
    let status = head.code.unwrap_or_default();
    let mut keep_alive = head.version == Some(1);
    let mut length = None;
    let mut chunked = false;
    for h in head.headers.iter() {
        let value = std::str::from_utf8(h.value).unwrap_or_default().trim();
        if h.name.eq_ignore_ascii_case("content-length") {
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| bad("bad content-length"))?,
            );
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = value.eq_ignore_ascii_case("chunked");
        } else if h.name.eq_ignore_ascii_case("connection") {
            keep_alive = value.eq_ignore_ascii_case("keep-alive");
        }
    }
    let rest = &buf[head_len..];
    let (body, body_len) = match (chunked, length) {
        (true, _) => match dechunk(rest)? {
            Some(done) => done,
            None if eof => return Err(closed()),
            None => return Ok(None),
        },
        (false, Some(n)) if rest.len() >= n => (rest[..n].to_vec(), n),
        (false, Some(_)) if eof => return Err(closed()),
        (false, Some(_)) => return Ok(None),
        (false, None) if eof => {
            keep_alive = false;
            (rest.to_vec(), rest.len())
        }
        (false, None) => return Ok(None),
    };
    Ok(Some(Parsed {
        response: Response { status, body },
        consumed: head_len + body_len,
        keep_alive,
    }))
}

/// A chunked body at the start of `buf`: the decoded bytes and the length it took, or `None`
/// while incomplete. Chunk extensions and trailers are skipped.
fn dechunk(buf: &[u8]) -> io::Result<Option<(Vec<u8>, usize)>> {
    let mut body = Vec::new();
    let mut at = 0;
    loop {
        let Some(line) = line_at(buf, at) else {
            return Ok(None);
        };
        let size_text = std::str::from_utf8(&buf[at..line]).unwrap_or_default();
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| bad("bad chunk size"))?;
        at = line + 2;
        if size == 0 {
            // Trailer lines, if any, up to an empty one.
            loop {
                let Some(end) = line_at(buf, at) else {
                    return Ok(None);
                };
                let empty = end == at;
                at = end + 2;
                if empty {
                    return Ok(Some((body, at)));
                }
            }
        }
        if buf.len() < at + size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&buf[at..at + size]);
        at += size + 2;
    }
}

/// Where the CRLF ending the line that starts at `at` is.
fn line_at(buf: &[u8], at: usize) -> Option<usize> {
    buf.get(at..)?
        .windows(2)
        .position(|w| w == b"\r\n")
        .map(|p| at + p)
}

fn closed() -> io::Error {
    io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed")
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(raw: &[u8], eof: bool) -> io::Result<Option<Parsed>> {
        // Every proper prefix is incomplete (or, at EOF, an error), never a wrong answer.
        for cut in 0..raw.len() {
            match parse_response(&raw[..cut], false) {
                Ok(None) => {}
                other => panic!("prefix of {cut} bytes parsed: {other:?}"),
            }
        }
        parse_response(raw, eof)
    }

    #[test]
    fn parses_length_and_chunked_responses() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}HTTP/1.1";
        let p = parse_response(raw, false).unwrap().unwrap();
        assert_eq!(
            (p.response.status, p.response.body.as_slice(), p.keep_alive),
            (200, &b"{}"[..], true)
        );
        assert_eq!(p.consumed, raw.len() - b"HTTP/1.1".len());

        let raw = b"HTTP/1.1 400 Bad\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n\
                    3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nTrailer: t\r\n\r\n";
        let p = parse_all(raw, false).unwrap().unwrap();
        assert_eq!(
            (p.response.status, p.response.body.as_slice(), p.keep_alive),
            (400, &b"abcde"[..], false)
        );
        assert_eq!(p.consumed, raw.len());
    }

    #[test]
    fn a_body_without_length_ends_at_eof() {
        let raw = b"HTTP/1.0 200 OK\r\n\r\nabc";
        assert!(parse_response(raw, false).unwrap().is_none());
        let p = parse_response(raw, true).unwrap().unwrap();
        assert_eq!(
            (p.response.body.as_slice(), p.keep_alive),
            (&b"abc"[..], false)
        );
    }

    #[test]
    fn truncated_or_malformed_responses_are_errors() {
        assert!(parse_response(b"", true).is_err());
        assert!(parse_response(b"HTTP/1.1 abc\r\n\r\n", false).is_err());
        let short = b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n{}";
        assert!(parse_response(short, false).unwrap().is_none());
        assert!(parse_response(short, true).is_err());
        let chunk = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n";
        assert!(parse_response(chunk, false).is_err());
    }

    #[test]
    fn read_buffer_keeps_what_follows_a_response() {
        let mut buf = ReadBuf::default();
        let spare = buf.spare();
        assert!(spare.len() >= READ_CHUNK);
        spare[..5].copy_from_slice(b"abcde");
        buf.advance(5);
        buf.consume(2);
        assert_eq!(buf.filled(), b"cde");
    }

    #[test]
    fn encodes_a_signed_request() {
        let endpoint = Endpoint::parse("http://127.0.0.1:8000").unwrap();
        let creds = Credentials {
            access_key: "AK".into(),
            secret_key: "SK".into(),
            session_token: Some("TOKEN".into()),
        };
        let mut enc = Encoder::new(&endpoint, creds, "eu-west-1");
        let mut out = Vec::new();
        enc.encode("DynamoDB_20120810.GetItem", b"{}", &mut out);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("POST / HTTP/1.1\r\n"));
        assert!(text.contains("host: 127.0.0.1:8000\r\n"));
        assert!(text.contains("x-amz-security-token: TOKEN\r\n"));
        assert!(text.contains("Credential=AK/"));
        assert!(text.contains("/eu-west-1/dynamodb/aws4_request"));
        assert!(text.contains(
            "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
        ));
        assert!(text.ends_with("content-length: 2\r\n\r\n{}"));
    }
}
