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
mod head;
mod write;

use std::time::Duration;

use tokio::sync::{mpsc, watch};

pub use conn::serve;
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

/// The server's side of graceful shutdown: tells connections to stop and waits for them.
pub struct Drain {
    stop: watch::Sender<bool>,
    alive: mpsc::Sender<()>,
    all_gone: mpsc::Receiver<()>,
}

/// A connection's side: whether to stop, and (by being dropped) that the connection is gone.
pub struct Watcher {
    stop: watch::Receiver<bool>,
    _alive: mpsc::Sender<()>,
}

impl Drain {
    pub fn new() -> Drain {
        let (stop, _) = watch::channel(false);
        let (alive, all_gone) = mpsc::channel(1);
        Drain {
            stop,
            alive,
            all_gone,
        }
    }

    pub fn watcher(&self) -> Watcher {
        Watcher {
            stop: self.stop.subscribe(),
            _alive: self.alive.clone(),
        }
    }

    /// Idle connections close now; busy ones after their request in flight. Waits until every
    /// connection is gone, or `limit` has passed.
    pub async fn drain(self, limit: Duration) {
        let Drain {
            stop,
            alive,
            mut all_gone,
        } = self;
        stop.send_replace(true);
        drop(alive);
        // None once every Watcher (each holding a sender) has been dropped.
        let _ = tokio::time::timeout(limit, all_gone.recv()).await;
    }
}

impl Watcher {
    fn is_stopped(&self) -> bool {
        *self.stop.borrow()
    }

    /// Resolves once shutdown has begun (or the server is gone).
    async fn stopped(&mut self) {
        let _ = self.stop.wait_for(|&stop| stop).await;
    }
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
