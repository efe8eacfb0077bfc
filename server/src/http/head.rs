//! Request heads: parsed once with httparse into spans of the connection's read buffer, so that
//! the buffer may grow while the body is read and the head is then viewed again, uncopied.

use std::mem::MaybeUninit;

/// Most header fields a request may carry (hyper's default too).
const MAX_HEADERS: usize = 100;
/// Largest request head accepted: request line and header fields.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Why a head cannot be served; the connection is answered and closed.
#[derive(Debug, PartialEq, Eq)]
pub enum HeadError {
    /// Not HTTP/1.x, or framing that cannot be trusted: 400.
    Malformed,
    /// Over [`MAX_HEAD_BYTES`] or [`MAX_HEADERS`]: 431.
    TooLarge,
}

/// How the body is delimited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Length(u64),
    Chunked,
}

/// A byte range of the read buffer. u32 suffices: a head is at most [`MAX_HEAD_BYTES`].
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// `part`'s position in `buf`; `part` must be a subslice of `buf` (httparse only returns
    /// subslices of what it parses).
    fn of(buf: &[u8], part: &[u8]) -> Span {
        let start = part.as_ptr() as usize - buf.as_ptr() as usize;
        Span {
            start: start as u32,
            end: (start + part.len()) as u32,
        }
    }

    fn get(self, buf: &[u8]) -> &[u8] {
        &buf[self.start as usize..self.end as usize]
    }

    fn len(self) -> usize {
        (self.end - self.start) as usize
    }
}

/// A parsed head: where its parts lie in the read buffer, and what the connection loop needs.
/// Reused from request to request of a connection (its header list keeps its allocation).
#[derive(Debug, Default)]
pub struct HeadIndex {
    /// Bytes of the head, blank line included: the body starts here.
    pub len: usize,
    method: Span,
    target: Span,
    headers: Vec<(Span, Span)>,
    pub framing: Option<Framing>,
    /// The connection stays open after the answer (HTTP/1.1 unless `Connection: close`,
    /// HTTP/1.0 only with `Connection: keep-alive`).
    pub keep_alive: bool,
    pub http10: bool,
    /// `Expect: 100-continue` (honoured for HTTP/1.1 only, as RFC 9110 says).
    pub expect_continue: bool,
}

impl HeadIndex {
    /// Parses the head at the start of `buf`. Ok(false): incomplete, read more.
    pub fn parse(&mut self, buf: &[u8]) -> Result<bool, HeadError> {
        let mut headers = [const { MaybeUninit::<httparse::Header>::uninit() }; MAX_HEADERS];
        let mut req = httparse::Request::new(&mut []);
        let len = match req.parse_with_uninit_headers(buf, &mut headers) {
            Ok(httparse::Status::Complete(len)) => len,
            Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD_BYTES => {
                return Err(HeadError::TooLarge)
            }
            Ok(httparse::Status::Partial) => return Ok(false),
            Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
            Err(_) => return Err(HeadError::Malformed),
        };
        if len > MAX_HEAD_BYTES {
            return Err(HeadError::TooLarge);
        }
        // Complete requests always carry all three.
        let (Some(method), Some(target), Some(version)) = (req.method, req.path, req.version)
        else {
            return Err(HeadError::Malformed);
        };
        self.len = len;
        self.method = Span::of(buf, method.as_bytes());
        self.target = Span::of(buf, target.as_bytes());
        self.http10 = version == 0;
        self.headers.clear();
        let mut framing = FramingFields::default();
        for h in req.headers.iter() {
            self.headers
                .push((Span::of(buf, h.name.as_bytes()), Span::of(buf, h.value)));
            framing.see(h.name.as_bytes(), h.value)?;
        }
        framing.settle(self)?;
        Ok(true)
    }

    /// The head as slices of `buf`, the buffer it was parsed from (possibly grown since).
    pub fn view<'a>(&'a self, buf: &'a [u8]) -> Head<'a> {
        let target = self.target.get(buf);
        let (path, query) = match target.iter().position(|&b| b == b'?') {
            Some(i) => (&target[..i], &target[i + 1..]),
            None => (target, &b""[..]),
        };
        Head {
            method: self.method.get(buf),
            path: origin_path(path),
            query,
            headers: Headers {
                buf,
                spans: &self.headers,
            },
        }
    }
}

/// Content-Length, Transfer-Encoding, Connection and Expect, gathered while the head's fields
/// are indexed.
#[derive(Default)]
struct FramingFields {
    length: Option<u64>,
    /// Whether the last Transfer-Encoding ends in chunked.
    chunked: Option<bool>,
    close: bool,
    keep_alive: bool,
    expect_continue: bool,
}

impl FramingFields {
    fn see(&mut self, name: &[u8], value: &[u8]) -> Result<(), HeadError> {
        match name.len() {
            14 if name.eq_ignore_ascii_case(b"content-length") => {
                let n = parse_length(value).ok_or(HeadError::Malformed)?;
                // Repeats must agree, or the body's end is anyone's guess.
                if self.length.is_some_and(|m| m != n) {
                    return Err(HeadError::Malformed);
                }
                self.length = Some(n);
            }
            17 if name.eq_ignore_ascii_case(b"transfer-encoding") => {
                // Only the last coding of the last header delimits the body.
                self.chunked = Some(last_token(value).eq_ignore_ascii_case(b"chunked"));
            }
            10 if name.eq_ignore_ascii_case(b"connection") => {
                for token in value.split(|&b| b == b',').map(<[u8]>::trim_ascii) {
                    self.close |= token.eq_ignore_ascii_case(b"close");
                    self.keep_alive |= token.eq_ignore_ascii_case(b"keep-alive");
                }
            }
            6 if name.eq_ignore_ascii_case(b"expect") => {
                self.expect_continue = value.trim_ascii().eq_ignore_ascii_case(b"100-continue");
            }
            _ => {}
        }
        Ok(())
    }

    /// Sets `head`'s framing and connection handling (its version known).
    fn settle(self, head: &mut HeadIndex) -> Result<(), HeadError> {
        head.framing = match (self.chunked, self.length) {
            // A body whose length cannot be known, or one delimited two ways (a request
            // smuggling vector): RFC 9112 section 6.3 says reject it.
            (Some(false), _) | (Some(true), Some(_)) => return Err(HeadError::Malformed),
            (Some(true), None) => Some(Framing::Chunked),
            (None, Some(n)) => Some(Framing::Length(n)),
            (None, None) => None,
        };
        head.keep_alive = !self.close && (!head.http10 || self.keep_alive);
        head.expect_continue = self.expect_continue && !head.http10;
        Ok(())
    }
}

/// A request head, borrowed from the read buffer.
#[derive(Clone, Copy)]
pub struct Head<'a> {
    pub method: &'a [u8],
    /// The path of the target (`/` for an absolute-form target without one).
    pub path: &'a [u8],
    /// After `?`, percent-encoded as received; empty without one.
    pub query: &'a [u8],
    pub headers: Headers<'a>,
}

/// Header fields in the order received. Lookups are linear: a request has a dozen.
#[derive(Clone, Copy)]
pub struct Headers<'a> {
    buf: &'a [u8],
    spans: &'a [(Span, Span)],
}

impl<'a> Headers<'a> {
    pub fn iter(&self) -> impl Iterator<Item = (&'a [u8], &'a [u8])> + 'a {
        let buf = self.buf;
        self.spans
            .iter()
            .map(move |(n, v)| (n.get(buf), v.get(buf)))
    }

    /// The values of every field named `name` (ASCII case-insensitive), in order.
    pub fn get_all<'n>(&self, name: &'n str) -> impl Iterator<Item = &'a [u8]> + 'n
    where
        'a: 'n,
    {
        let (buf, name) = (self.buf, name.as_bytes());
        // Lengths first: most fields are told apart without touching their bytes.
        self.spans
            .iter()
            .filter(move |(n, _)| n.len() == name.len() && n.get(buf).eq_ignore_ascii_case(name))
            .map(move |(_, v)| v.get(buf))
    }

    /// The first field named `name`.
    pub fn get(&self, name: &str) -> Option<&'a [u8]> {
        self.get_all(name).next()
    }
}

/// Content-Length: decimal digits only, no sign, no overflow.
fn parse_length(value: &[u8]) -> Option<u64> {
    let value = value.trim_ascii();
    if value.is_empty() {
        return None;
    }
    value.iter().try_fold(0u64, |n, &b| {
        let digit = (b as char).to_digit(10)?;
        n.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

fn last_token(value: &[u8]) -> &[u8] {
    value
        .rsplit(|&b| b == b',')
        .next()
        .unwrap_or_default()
        .trim_ascii()
}

/// The path of an origin-form target as is; of an absolute-form one (`http://host/p`), the part
/// from the first slash after the authority.
fn origin_path(path: &[u8]) -> &[u8] {
    let Some(scheme_end) = path.windows(3).position(|w| w == b"://") else {
        return path;
    };
    if path.starts_with(b"/") {
        return path;
    }
    let authority = &path[scheme_end + 3..];
    match authority.iter().position(|&b| b == b'/') {
        Some(i) => &authority[i..],
        None => b"/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<HeadIndex, HeadError> {
        let mut head = HeadIndex::default();
        assert!(head.parse(raw.as_bytes())?, "complete: {raw:?}");
        Ok(head)
    }

    #[test]
    fn views_borrow_the_parts() {
        let raw = "POST /a/b?x=1&y HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a:  2 \r\nContent-Length: 3\r\n\r\nabc";
        let head = parse(raw).unwrap();
        assert_eq!(head.len, raw.len() - 3);
        assert_eq!(head.framing, Some(Framing::Length(3)));
        assert!(head.keep_alive && !head.http10 && !head.expect_continue);
        let view = head.view(raw.as_bytes());
        assert_eq!(view.method, b"POST");
        assert_eq!(view.path, b"/a/b");
        assert_eq!(view.query, b"x=1&y");
        assert_eq!(view.headers.get("host"), Some(&b"h"[..]));
        let all: Vec<&[u8]> = view.headers.get_all("X-a").collect();
        assert_eq!(all, [&b"1"[..], &b"2"[..]]);
        assert_eq!(view.headers.get("nope"), None);
    }

    #[test]
    fn incomplete_heads_ask_for_more() {
        let mut head = HeadIndex::default();
        assert_eq!(head.parse(b"POST / HTTP/1.1\r\nHost: a\r\n"), Ok(false));
        assert_eq!(head.parse(b""), Ok(false));
        let long = format!("GET / HTTP/1.1\r\nX: {}", "a".repeat(MAX_HEAD_BYTES));
        assert_eq!(head.parse(long.as_bytes()), Err(HeadError::TooLarge));
    }

    #[test]
    fn keep_alive_by_version_and_connection() {
        assert!(!parse("GET / HTTP/1.0\r\n\r\n").unwrap().keep_alive);
        let kept = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").unwrap();
        assert!(kept.keep_alive && kept.http10);
        assert!(
            !parse("GET / HTTP/1.1\r\nConnection: foo, close\r\n\r\n")
                .unwrap()
                .keep_alive
        );
        let expect = "POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n";
        assert!(parse(expect).unwrap().expect_continue);
        let old = "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n";
        assert!(!parse(old).unwrap().expect_continue);
    }

    #[test]
    fn framing_rules() {
        let chunked = parse("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n");
        assert_eq!(chunked.unwrap().framing, Some(Framing::Chunked));
        assert_eq!(parse("GET / HTTP/1.1\r\n\r\n").unwrap().framing, None);
        let same = parse("POST / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n");
        assert_eq!(same.unwrap().framing, Some(Framing::Length(5)));
        for bad in [
            "POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 1,1\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
            "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n",
            "POST / HTTP/2.0\r\n\r\n",
            "POST\r\n\r\n",
            "\x01\x02\r\n\r\n",
        ] {
            assert_eq!(parse(bad).err(), Some(HeadError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn too_many_headers() {
        let raw = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert_eq!(parse(&raw).err(), Some(HeadError::TooLarge));
    }

    #[test]
    fn absolute_form_targets() {
        assert_eq!(origin_path(b"http://h:1/x/y"), b"/x/y");
        assert_eq!(origin_path(b"https://h"), b"/");
        assert_eq!(origin_path(b"/a://b"), b"/a://b");
        assert_eq!(origin_path(b"*"), b"*");
    }
}
