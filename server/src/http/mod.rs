//! The HTTP/1.1 server: our own connection loop over httparse, shaped for DynamoDB's traffic
//! (small request/response pairs on keep-alive connections): one reusable read buffer per
//! connection that the parsed head and a Content-Length body are borrowed from, and one
//! reusable output buffer written with one call per response.
//!
//! Covers what DynamoDB's clients send: Content-Length and chunked bodies, `Expect:
//! 100-continue`, HTTP/1.0 and `Connection: close`, pipelining (answered in order), HEAD. A head
//! that cannot be parsed is answered 400 (431 when too large) and the connection closed.

mod chunked;
mod conn;
mod drain;
mod head;
mod write;

pub use conn::serve;
pub use drain::{Drain, Watcher};
pub use head::{Head, Headers};
pub use write::Response;

/// A request whose head and body are complete.
pub struct Request<'a> {
    pub head: Head<'a>,
    pub body: Body<'a>,
}

#[derive(Clone, Copy)]
pub enum Body<'a> {
    /// The body, chunked encoding undone.
    Complete(&'a [u8]),
    /// Over the configured cap: read and dropped.
    TooLarge,
}

#[cfg(test)]
pub mod testing {
    use super::head::HeadIndex;
    use super::Head;

    /// A request head parsed from text, for tests of code that reads heads.
    pub struct Parsed {
        raw: Vec<u8>,
        index: HeadIndex,
    }

    impl Parsed {
        pub fn new(method: &str, target: &str, headers: &[(&str, &str)]) -> Parsed {
            let mut raw = format!("{method} {target} HTTP/1.1\r\n");
            for (name, value) in headers {
                raw.push_str(&format!("{name}: {value}\r\n"));
            }
            raw.push_str("\r\n");
            let mut index = HeadIndex::default();
            assert_eq!(index.parse(raw.as_bytes()), Ok(true), "{raw}");
            Parsed {
                raw: raw.into_bytes(),
                index,
            }
        }

        pub fn head(&self) -> Head<'_> {
            self.index.view(&self.raw)
        }
    }
}
