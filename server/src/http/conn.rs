//! One connection, request after request: read a head, read its body, call the service, write
//! the answer with one write, until the client closes, asks to close, or shutdown.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::chunked;
use super::head::{Framing, HeadError, HeadIndex};
use super::write::{self, Persistence, Response};
use super::{Body, Request, Watcher};
use crate::service::{self, Session, State};

/// Buffer capacity a connection starts with and returns to after a large request or answer.
const BUFFER_BYTES: usize = 8 * 1024;
/// Buffers grown past this are shrunk back after the request, so that idle connections stay
/// small.
const KEPT_BUFFER_BYTES: usize = 64 * 1024;
/// Least free space offered to a read.
const MIN_READ_BYTES: usize = 1024;
/// How long a connection closed on a bad request keeps reading (and dropping) what the client
/// still sends, so that the close does not reset the connection before the answer is read.
const LINGER: Duration = Duration::from_secs(2);

/// Serves one accepted connection until it ends.
pub async fn serve(stream: TcpStream, state: Arc<State>, mut watcher: Watcher) {
    let mut conn = Conn {
        stream,
        input: Vec::with_capacity(BUFFER_BYTES),
        output: Vec::with_capacity(BUFFER_BYTES),
        decoded: Vec::new(),
        head: HeadIndex::default(),
    };
    let mut session = Session::default();
    loop {
        match conn.read_head(&mut watcher).await {
            Ok(true) => {}
            Ok(false) => return,
            Err(code) => return conn.refuse(code).await,
        }
        match conn.serve_request(&state, &mut session, &watcher).await {
            Outcome::KeepAlive => conn.recycle(),
            Outcome::Close => return,
            Outcome::Linger => return conn.linger().await,
            Outcome::Refuse(code) => return conn.refuse(code).await,
        }
    }
}

enum Outcome {
    KeepAlive,
    /// Answered (or the client left): close.
    Close,
    /// Answered without reading the body: close, after reading what the client still sends.
    Linger,
    /// Answer with this bare status, then close as for `Linger`.
    Refuse(u16),
}

struct Conn {
    stream: TcpStream,
    /// Bytes received and not yet used: the current head, its body when framed by length, and
    /// any pipelined requests after it.
    input: Vec<u8>,
    /// The answer being written.
    output: Vec<u8>,
    /// A chunked body, decoded.
    decoded: Vec<u8>,
    /// The current request's head, as spans of `input`.
    head: HeadIndex,
}

impl Conn {
    /// Ok(true) once `input` starts with a complete head; Ok(false) if the connection ended
    /// first (closed by the client, or shutdown while no complete request was in); Err(status)
    /// for a head that cannot be served.
    async fn read_head(&mut self, watcher: &mut Watcher) -> Result<bool, u16> {
        loop {
            if !self.input.is_empty() {
                match self.head.parse(&self.input) {
                    Ok(true) => return Ok(true),
                    Ok(false) => {}
                    Err(HeadError::Malformed) => return Err(400),
                    Err(HeadError::TooLarge) => return Err(431),
                }
            }
            // Between requests, shutdown may end the connection.
            if watcher.unless_stopped(self.fill(0)).await != Some(true) {
                return Ok(false);
            }
        }
    }

    async fn serve_request(
        &mut self,
        state: &Arc<State>,
        session: &mut Session,
        watcher: &Watcher,
    ) -> Outcome {
        let max = state.config.max_body_bytes;
        let body_end = match self.read_body(max).await {
            Ok(end) => end,
            Err(outcome) => return outcome,
        };
        let unread = body_end == BodyEnd::TooLargeUnread;
        let persistence = if unread || !self.head.keep_alive || watcher.is_stopped() {
            Persistence::Close
        } else if self.head.http10 {
            Persistence::KeepAlive10
        } else {
            Persistence::KeepAlive
        };
        let head = self.head.view(&self.input);
        let body = match body_end {
            BodyEnd::InPlace(end) => Body::Complete(&self.input[self.head.len..end]),
            BodyEnd::Decoded => Body::Complete(&self.decoded),
            BodyEnd::TooLarge | BodyEnd::TooLargeUnread => Body::TooLarge,
        };
        let request = Request { head, body };
        self.output.clear();
        let response = Response::new(&mut self.output, persistence, head.method == b"HEAD");
        service::handle(state, session, &request, response).await;
        if self.stream.write_all(&self.output).await.is_err() {
            return Outcome::Close;
        }
        let used = match body_end {
            BodyEnd::InPlace(end) => end,
            _ => self.head.len,
        };
        self.input.drain(..used);
        match persistence {
            _ if unread => Outcome::Linger,
            Persistence::Close => Outcome::Close,
            Persistence::KeepAlive | Persistence::KeepAlive10 => Outcome::KeepAlive,
        }
    }

    /// Reads the current request's body, answering `Expect: 100-continue` first.
    async fn read_body(&mut self, max: usize) -> Result<BodyEnd, Outcome> {
        let framing = self.head.framing;
        let head_len = self.head.len;
        // The client waits for a go-ahead only if it has sent nothing of the body yet.
        let waiting = self.head.expect_continue && self.input.len() == head_len;
        match framing {
            None | Some(Framing::Length(0)) => Ok(BodyEnd::InPlace(head_len)),
            // The answer is known before the body: don't invite it (and close after the
            // answer, since the client may send it anyway).
            Some(Framing::Length(n)) if n > max as u64 && waiting => Ok(BodyEnd::TooLargeUnread),
            Some(Framing::Length(n)) if n > max as u64 => match self.discard(n).await {
                true => Ok(BodyEnd::TooLarge),
                false => Err(Outcome::Close),
            },
            Some(Framing::Length(n)) => {
                self.go_ahead(waiting).await?;
                let end = head_len + n as usize;
                while self.input.len() < end {
                    if !self.fill(end - self.input.len()).await {
                        return Err(Outcome::Close);
                    }
                }
                Ok(BodyEnd::InPlace(end))
            }
            Some(Framing::Chunked) => {
                self.go_ahead(waiting).await?;
                self.decode_chunked(max).await
            }
        }
    }

    /// Sends `100 Continue` if the client is waiting for it.
    async fn go_ahead(&mut self, waiting: bool) -> Result<(), Outcome> {
        if waiting && self.stream.write_all(write::CONTINUE).await.is_err() {
            return Err(Outcome::Close);
        }
        Ok(())
    }

    /// Reads and drops a body of `len` bytes that is over the cap. False if the client left.
    async fn discard(&mut self, mut len: u64) -> bool {
        let head_len = self.head.len;
        loop {
            let n = ((self.input.len() - head_len) as u64).min(len);
            self.input.drain(head_len..head_len + n as usize);
            len -= n;
            if len == 0 {
                return true;
            }
            if !self.fill(0).await {
                return false;
            }
        }
    }

    /// Decodes a chunked body into `decoded`, using up its bytes in `input`.
    async fn decode_chunked(&mut self, max: usize) -> Result<BodyEnd, Outcome> {
        let head_len = self.head.len;
        let mut decoder = chunked::Decoder::new(max);
        self.decoded.clear();
        loop {
            let used = decoder
                .decode(&self.input[head_len..], &mut self.decoded)
                .map_err(|chunked::Malformed| Outcome::Refuse(400))?;
            self.input.drain(head_len..head_len + used);
            if decoder.is_done() {
                return Ok(match decoder.too_large {
                    true => BodyEnd::TooLarge,
                    false => BodyEnd::Decoded,
                });
            }
            if !self.fill(0).await {
                return Err(Outcome::Close);
            }
        }
    }

    /// Reads more into `input`, offering room for at least `want` bytes (callers ask for no
    /// more than the body cap). False when the client has closed or the connection failed.
    async fn fill(&mut self, want: usize) -> bool {
        let room = want.max(MIN_READ_BYTES);
        if self.input.capacity() - self.input.len() < room {
            self.input.reserve(room);
        }
        matches!(self.stream.read_buf(&mut self.input).await, Ok(n) if n > 0)
    }

    /// Gives back the memory of a large request or answer before waiting for the next one.
    fn recycle(&mut self) {
        for buf in [&mut self.input, &mut self.output, &mut self.decoded] {
            if buf.capacity() > KEPT_BUFFER_BYTES {
                buf.shrink_to(BUFFER_BYTES.max(buf.len()));
            }
        }
    }

    /// Answers `code` with no body, then closes as [`linger`](Self::linger) does.
    async fn refuse(mut self, code: u16) {
        self.output.clear();
        write::bare(&mut self.output, code);
        if self.stream.write_all(&self.output).await.is_ok() {
            self.linger().await;
        }
    }

    /// Closes after an answer sent before the request was read to its end: shuts down the
    /// sending side, and reads for a while what the client still sends, so that closing with
    /// unread data does not reset the connection before the client has read the answer.
    async fn linger(mut self) {
        let _ = self.stream.shutdown().await;
        let drain = async {
            loop {
                self.input.clear();
                if !self.fill(0).await {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(LINGER, drain).await;
    }
}

/// Where the current request's body is once read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BodyEnd {
    /// In `input`, from the end of the head to this offset.
    InPlace(usize),
    /// In `decoded`.
    Decoded,
    /// Over the cap; read and dropped.
    TooLarge,
    /// Declared over the cap by a client waiting for `100 Continue`: not read.
    TooLargeUnread,
}

#[cfg(test)]
mod tests;
