//! One request, in DynamoDB's order of checks: body size, CORS preflight, health check, method
//! and content type, JSON syntax, target, authentication, empty body; then the library call.

use std::borrow::Cow;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use dynakv::Database;

use crate::auth::{self, Caller};
use crate::body::{self, BodyError};
use crate::config::{Config, Cors};
use crate::databases::Databases;
use crate::fields::Fields;
use crate::http::{Body, Head, Headers, Request, Response};
use crate::request_id;
use crate::response::Reply;
use crate::target;
use crate::wire_error::WireError;

const JSON_1_0: &str = "application/x-amz-json-1.0";
const JSON: &str = "application/json";

/// What every request shares.
pub struct State {
    pub config: Config,
    pub databases: Databases,
}

/// What a connection keeps between its requests: the database of its last caller, so that a
/// client's requests after the first find theirs without the shared map's lock.
#[derive(Default)]
pub struct Session {
    last: Option<(Caller<'static>, Database)>,
}

/// Answers one request into `response`.
pub async fn handle(
    state: &Arc<State>,
    session: &mut Session,
    req: &Request<'_>,
    response: Response<'_>,
) {
    let request_id = request_id::next();
    let fields = Fields::of(req.head.headers);
    let allow_origin = allowed_origin(&state.config.cors, fields.origin);
    let reply = match req.body {
        Body::Complete(raw) => {
            let cors_allowed = allow_origin.is_some();
            route(state, session, &req.head, &fields, raw, cors_allowed).await
        }
        Body::TooLarge => Reply::too_large(),
    };
    reply.write(response, &request_id, allow_origin, fields.accepts_gzip);
}

async fn route<'a>(
    state: &Arc<State>,
    session: &mut Session,
    head: &Head<'a>,
    fields: &Fields<'a>,
    raw: &[u8],
    cors_allowed: bool,
) -> Reply<'a> {
    if head.method == b"OPTIONS" && cors_allowed {
        return preflight(head.headers);
    }
    // HEAD is GET without the body (the connection loop leaves it out).
    if head.method == b"GET" || head.method == b"HEAD" {
        return Reply::health(&state.config.region);
    }
    let content_type = media_type(fields.content_type);
    if head.method != b"POST" || (!raw.is_empty() && content_type.is_none()) {
        return Reply::not_found();
    }
    let content_type = content_type.unwrap_or(JSON);
    let json = match decode(fields.content_encoding, raw, state.config.max_body_bytes) {
        Ok(json) => json,
        Err(BodyError::TooLarge) => return Reply::too_large(),
        Err(BodyError::Malformed) => {
            return Reply::error(content_type, &WireError::serialization())
        }
    };
    match dynamodb_request(state, session, head, fields, raw, &json).await {
        Ok(json) => Reply::json(content_type, json),
        Err(e) => Reply::error(content_type, &e),
    }
}

/// `signed` is the body as received (what SigV4 signs), `json` the same decompressed.
async fn dynamodb_request(
    state: &Arc<State>,
    session: &mut Session,
    head: &Head<'_>,
    fields: &Fields<'_>,
    signed: &[u8],
    json: &[u8],
) -> Result<Vec<u8>, WireError> {
    let op = target::operation(fields.target.unwrap_or_default())
        .ok_or_else(|| unless_malformed(json, WireError::unknown_operation()))?;
    let keys = &state.config.credentials;
    let caller = auth::authenticate(head, fields, signed, keys, unix_now())
        .map_err(|e| unless_malformed(json, e))?;
    if json.is_empty() {
        return Err(WireError::serialization());
    }
    call_database(state, session, caller, op, json)
        .await
        .map_err(|e| unless_malformed(json, e))
}

/// `e`, unless the body is not JSON: DynamoDB checks the syntax before anything else. Checked
/// only on the way out with an error, so that a valid request is parsed once, by the library
/// (which fails on any body that is not JSON, so its successes need no check).
fn unless_malformed(json: &[u8], e: WireError) -> WireError {
    if json.is_empty() || serde_json::from_slice::<serde::de::IgnoredAny>(json).is_ok() {
        e
    } else {
        WireError::serialization()
    }
}

/// Undoes `Content-Encoding: gzip`, within the body cap.
fn decode<'b>(
    content_encoding: Option<&[u8]>,
    raw: &'b [u8],
    max: usize,
) -> Result<Cow<'b, [u8]>, BodyError> {
    let gzipped = content_encoding.is_some_and(|v| v.trim_ascii().eq_ignore_ascii_case(b"gzip"));
    if gzipped {
        body::gunzip(raw, max).map(Cow::Owned)
    } else {
        Ok(Cow::Borrowed(raw))
    }
}

/// Runs the library call: inline on the async worker when it can neither wait on I/O nor run
/// long (reads, and anything but UpdateTable on an in-memory database), else on the blocking
/// pool (a write may wait for an fsync; an index backfill reads the whole table), as is the
/// first open of a caller's database.
async fn call_database(
    state: &Arc<State>,
    session: &mut Session,
    caller: Caller<'_>,
    op: &'static str,
    body: &[u8],
) -> Result<Vec<u8>, WireError> {
    let db = session.database(state, caller).await?;
    if db.may_block(op) {
        let (db, body) = (db.clone(), body.to_vec());
        blocking(move || db.handle_json(op, &body)).await
    } else {
        // A panic in the library is a fault of ours, never a dropped connection.
        match panic::catch_unwind(AssertUnwindSafe(|| db.handle_json(op, body))) {
            Ok(result) => result.map_err(|e| WireError::from(&e)),
            Err(_) => Err(internal_error()),
        }
    }
}

impl Session {
    /// The caller's database: the last one if the caller is the same, else from the shared
    /// map (opened on the blocking pool if it is not open yet).
    async fn database(
        &mut self,
        state: &Arc<State>,
        caller: Caller<'_>,
    ) -> Result<&Database, WireError> {
        let last = match self.last.take() {
            Some((known, db)) if known.same(&caller) => (known, db),
            _ => {
                let caller = caller.into_owned();
                let db = match state.databases.get_open(&caller) {
                    Some(db) => db,
                    None => {
                        let (state, caller) = (state.clone(), caller.clone());
                        blocking(move || state.databases.get(&caller)).await?
                    }
                };
                (caller, db)
            }
        };
        Ok(&self.last.insert(last).1)
    }
}

/// Runs `f` on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> dynakv::Result<T> + Send + 'static,
) -> Result<T, WireError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result.map_err(|e| WireError::from(&e)),
        Err(_) => Err(internal_error()),
    }
}

fn internal_error() -> WireError {
    WireError::internal("Internal server error".to_string())
}

/// `application/json` or `application/x-amz-json-1.0` (parameters after `;` ignored), else None.
fn media_type(content_type: Option<&[u8]>) -> Option<&'static str> {
    let essence = content_type?
        .split(|&b| b == b';')
        .next()
        .unwrap_or_default();
    match essence.trim_ascii() {
        b"application/x-amz-json-1.0" => Some(JSON_1_0),
        b"application/json" => Some(JSON),
        _ => None,
    }
}

/// The `Access-Control-Allow-Origin` value for this request's Origin, if it may be served.
fn allowed_origin<'a>(cors: &Cors, origin: Option<&'a [u8]>) -> Option<&'a [u8]> {
    let origin = origin?;
    match cors {
        Cors::Any => Some(b"*"),
        Cors::Only(list) => list
            .iter()
            .any(|o| o.as_bytes() == origin)
            .then_some(origin),
    }
}

/// A CORS preflight answer: echo what the browser asks to send, cache it for two days.
fn preflight<'a>(headers: Headers<'a>) -> Reply<'a> {
    let mut reply = Reply::empty();
    for (asked, allowed) in [
        (
            "access-control-request-headers",
            "Access-Control-Allow-Headers",
        ),
        (
            "access-control-request-method",
            "Access-Control-Allow-Methods",
        ),
    ] {
        if let Some(v) = headers.get(asked) {
            reply.headers.push((allowed, v));
        }
    }
    reply.headers.push(("Access-Control-Max-Age", b"172800"));
    reply
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types() {
        let ct = |v: &str| media_type(Some(v.as_bytes()));
        assert_eq!(ct("  application/json  ;   asfd"), Some(JSON));
        assert_eq!(ct("application/x-amz-json-1.0;x"), Some(JSON_1_0));
        assert_eq!(ct("application/x-amz-json-1.1"), None);
        assert_eq!(ct("application/jsonasdf"), None);
        assert_eq!(media_type(None), None);
    }

    #[test]
    fn cors_origins() {
        let a = Some(&b"http://a"[..]);
        assert_eq!(allowed_origin(&Cors::Any, a), Some(&b"*"[..]));
        assert_eq!(
            allowed_origin(&Cors::Only(vec!["http://a".into()]), a),
            Some(&b"http://a"[..])
        );
        assert_eq!(
            allowed_origin(&Cors::Only(vec!["http://b".into()]), a),
            None
        );
        assert_eq!(allowed_origin(&Cors::Any, None), None);
    }
}
