//! Writing a response straight into the connection's output buffer: status line, header fields,
//! `Date` (formatted once a second per thread), `Content-Length`, `Connection`, body.

use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::time;

/// What the `Connection` header says about the connection after this response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// HTTP/1.1 keep-alive: no header needed.
    KeepAlive,
    /// HTTP/1.0 keep-alive: `Connection: keep-alive`, as those clients need it said.
    KeepAlive10,
    /// `Connection: close`.
    Close,
}

/// One response being written into `out`. Call [`status`](Self::status), then
/// [`header`](Self::header) for each field, then [`finish`](Self::finish).
pub struct Response<'o> {
    out: &'o mut Vec<u8>,
    persistence: Persistence,
    /// A HEAD request: the body is announced by Content-Length but not sent.
    head_only: bool,
}

impl<'o> Response<'o> {
    pub fn new(out: &'o mut Vec<u8>, persistence: Persistence, head_only: bool) -> Self {
        Response {
            out,
            persistence,
            head_only,
        }
    }

    /// The status line and `Date`.
    pub fn status(&mut self, code: u16) {
        match status_line(code) {
            Some(line) => self.out.extend_from_slice(line.as_bytes()),
            None => {
                // The reason phrase may be empty (RFC 9112 section 4).
                self.out.extend_from_slice(b"HTTP/1.1 ");
                push_decimal(self.out, u64::from(code));
                self.out.extend_from_slice(b" \r\n");
            }
        }
        self.out.extend_from_slice(&date_line());
    }

    /// `value` must not hold CR or LF (the caller passes constants, numbers, or values that
    /// came in as header values, which httparse has checked).
    pub fn header(&mut self, name: &str, value: &[u8]) {
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b": ");
        self.out.extend_from_slice(value);
        self.out.extend_from_slice(b"\r\n");
    }

    pub fn header_decimal(&mut self, name: &str, value: u64) {
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b": ");
        push_decimal(self.out, value);
        self.out.extend_from_slice(b"\r\n");
    }

    /// `Content-Length`, `Connection`, the blank line and the body.
    pub fn finish(mut self, body: &[u8]) {
        self.header_decimal("Content-Length", body.len() as u64);
        match self.persistence {
            Persistence::KeepAlive => {}
            Persistence::KeepAlive10 => self.header("Connection", b"keep-alive"),
            Persistence::Close => self.header("Connection", b"close"),
        }
        self.out.extend_from_slice(b"\r\n");
        if !self.head_only {
            self.out.extend_from_slice(body);
        }
    }
}

/// The interim answer to `Expect: 100-continue`.
pub const CONTINUE: &[u8] = b"HTTP/1.1 100 Continue\r\n\r\n";

/// An empty answer to a request that could not be parsed, ending the connection.
pub fn bare(out: &mut Vec<u8>, code: u16) {
    let mut response = Response::new(out, Persistence::Close, false);
    response.status(code);
    response.finish(b"");
}

/// The status lines the server sends, whole.
fn status_line(code: u16) -> Option<&'static str> {
    Some(match code {
        200 => "HTTP/1.1 200 OK\r\n",
        400 => "HTTP/1.1 400 Bad Request\r\n",
        404 => "HTTP/1.1 404 Not Found\r\n",
        413 => "HTTP/1.1 413 Payload Too Large\r\n",
        431 => "HTTP/1.1 431 Request Header Fields Too Large\r\n",
        500 => "HTTP/1.1 500 Internal Server Error\r\n",
        503 => "HTTP/1.1 503 Service Unavailable\r\n",
        _ => return None,
    })
}

/// Appends `n` in decimal, without the formatting machinery.
fn push_decimal(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// `Date: <now>\r\n`, formatted at most once a second per thread.
fn date_line() -> [u8; 37] {
    thread_local! {
        static CACHED: Cell<(u64, [u8; 37])> = const { Cell::new((u64::MAX, [0; 37])) };
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    CACHED.with(|cached| {
        let (second, line) = cached.get();
        if second == now {
            return line;
        }
        let mut line = *b"Date: Thu, 01 Jan 1970 00:00:00 GMT\r\n";
        line[6..35].copy_from_slice(&time::format_http_date(now as i64));
        cached.set((now, line));
        line
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(persistence: Persistence, head_only: bool) -> String {
        let mut out = Vec::new();
        let mut r = Response::new(&mut out, persistence, head_only);
        r.status(200);
        r.header("x-amz-crc32", b"123");
        r.finish(b"body");
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn response_layout() {
        let text = written(Persistence::KeepAlive, false);
        let line = String::from_utf8(date_line().to_vec()).unwrap();
        assert_eq!(
            text,
            format!("HTTP/1.1 200 OK\r\n{line}x-amz-crc32: 123\r\nContent-Length: 4\r\n\r\nbody")
        );
        let date = line
            .strip_prefix("Date: ")
            .unwrap()
            .strip_suffix("\r\n")
            .unwrap();
        assert!(time::parse_rfc1123(date).is_some());
        assert!(written(Persistence::Close, false).contains("\r\nConnection: close\r\n\r\nbody"));
        assert!(written(Persistence::KeepAlive10, true)
            .ends_with("Content-Length: 4\r\nConnection: keep-alive\r\n\r\n"));
    }

    #[test]
    fn decimals() {
        for n in [0, 7, 10, 4_294_967_295, u64::MAX] {
            let mut out = Vec::new();
            push_decimal(&mut out, n);
            assert_eq!(out, n.to_string().as_bytes());
        }
    }

    #[test]
    fn unlisted_codes_get_an_empty_reason() {
        let mut out = Vec::new();
        Response::new(&mut out, Persistence::KeepAlive, false).status(418);
        assert!(out.starts_with(b"HTTP/1.1 418 \r\nDate: "));
    }

    #[test]
    fn bare_answers_close() {
        let mut out = Vec::new();
        bare(&mut out, 431);
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 431 Request Header Fields Too Large\r\nDate: "));
        assert!(text.ends_with("Content-Length: 0\r\nConnection: close\r\n\r\n"));
    }
}
