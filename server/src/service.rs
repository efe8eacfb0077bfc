//! One request, in DynamoDB's order of checks: body size, CORS preflight, health check, method
//! and content type, JSON syntax, target, authentication, empty body; then the library call.

use std::convert::Infallible;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response};

use crate::auth::{self, Caller};
use crate::body::{self, BodyError};
use crate::config::{Config, Cors};
use crate::databases::Databases;
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

/// The hyper service function.
pub async fn handle(
    state: Arc<State>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, incoming) = req.into_parts();
    let request_id = request_id::next();
    let allow_origin = allowed_origin(&state.config.cors, &parts.headers);
    let gzip_ok = accepts_gzip(&parts.headers);
    let reply = match body::read(incoming, state.config.max_body_bytes).await {
        Ok(raw) => route(&state, &parts, raw, allow_origin.is_some()).await,
        Err(BodyError::TooLarge) => Reply::too_large(),
        Err(BodyError::Malformed) => Reply::error(JSON, &WireError::serialization()),
    };
    Ok(reply.finish(&request_id, allow_origin, gzip_ok))
}

async fn route(state: &Arc<State>, parts: &Parts, raw: Bytes, cors_allowed: bool) -> Reply {
    if parts.method == Method::OPTIONS && cors_allowed {
        return preflight(&parts.headers);
    }
    if parts.method == Method::GET {
        return Reply::health(&state.config.region);
    }
    let content_type = media_type(&parts.headers);
    if parts.method != Method::POST || (!raw.is_empty() && content_type.is_none()) {
        return Reply::not_found();
    }
    let content_type = content_type.unwrap_or(JSON);
    let body = match decode(&parts.headers, raw, state.config.max_body_bytes) {
        Ok(body) => body,
        Err(BodyError::TooLarge) => return Reply::too_large(),
        Err(BodyError::Malformed) => {
            return Reply::error(content_type, &WireError::serialization())
        }
    };
    match dynamodb_request(state, parts, body).await {
        Ok(json) => Reply::json(content_type, json),
        Err(e) => Reply::error(content_type, &e),
    }
}

async fn dynamodb_request(
    state: &Arc<State>,
    parts: &Parts,
    body: RequestBody,
) -> Result<Vec<u8>, WireError> {
    let json = &body.decoded;
    let target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let op = target::operation(target)
        .ok_or_else(|| unless_malformed(json, WireError::unknown_operation()))?;
    let caller = auth::authenticate(parts, &body.signed, &state.config.credentials, unix_now())
        .map_err(|e| unless_malformed(json, e))?;
    if json.is_empty() {
        return Err(WireError::serialization());
    }
    call_database(state, caller, op, body.decoded.clone())
        .await
        .map_err(|e| unless_malformed(&body.decoded, e))
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

/// The body as signed (possibly compressed) and as JSON.
struct RequestBody {
    signed: Bytes,
    decoded: Bytes,
}

/// Undoes `Content-Encoding: gzip`, within the body cap.
fn decode(headers: &HeaderMap, raw: Bytes, max: usize) -> Result<RequestBody, BodyError> {
    let gzipped = headers
        .get("content-encoding")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("gzip"));
    if !gzipped {
        return Ok(RequestBody {
            signed: raw.clone(),
            decoded: raw,
        });
    }
    let decoded = body::gunzip(&raw, max)?;
    Ok(RequestBody {
        signed: raw,
        decoded: Bytes::from(decoded),
    })
}

/// Runs the library call: inline on the async worker when it can neither wait on I/O nor run
/// long (reads, and anything but UpdateTable on an in-memory database), else on the blocking
/// pool (a write may wait for an fsync; an index backfill reads the whole table), as is the
/// first open of a caller's database.
async fn call_database(
    state: &Arc<State>,
    caller: Caller,
    op: &'static str,
    body: Bytes,
) -> Result<Vec<u8>, WireError> {
    let db = match state.databases.get_open(&caller) {
        Some(db) => db,
        None => {
            let state = state.clone();
            blocking(move || state.databases.get(&caller)).await?
        }
    };
    if db.may_block(op) {
        blocking(move || db.handle_json(op, &body)).await
    } else {
        // A panic in the library is a fault of ours, never a dropped connection.
        match panic::catch_unwind(AssertUnwindSafe(|| db.handle_json(op, &body))) {
            Ok(result) => result.map_err(|e| WireError::from(&e)),
            Err(_) => Err(internal_error()),
        }
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
fn media_type(headers: &HeaderMap) -> Option<&'static str> {
    let ct = headers.get("content-type")?.to_str().ok()?;
    match ct.split(';').next().unwrap_or("").trim() {
        JSON_1_0 => Some(JSON_1_0),
        JSON => Some(JSON),
        _ => None,
    }
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all("accept-encoding")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| {
            v.split(',').any(|coding| {
                let mut fields = coding.split(';');
                let name = fields.next().unwrap_or("").trim();
                let refused =
                    fields.any(|f| matches!(f.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
                name.eq_ignore_ascii_case("gzip") && !refused
            })
        })
}

/// The `Access-Control-Allow-Origin` value for this request's Origin, if it may be served.
fn allowed_origin(cors: &Cors, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get("origin")?;
    match cors {
        Cors::Any => Some(HeaderValue::from_static("*")),
        Cors::Only(list) => list
            .iter()
            .any(|o| o.as_bytes() == origin.as_bytes())
            .then(|| origin.clone()),
    }
}

/// A CORS preflight answer: echo what the browser asks to send, cache it for two days.
fn preflight(headers: &HeaderMap) -> Reply {
    let mut reply = Reply::empty();
    for (asked, allowed) in [
        (
            "access-control-request-headers",
            "access-control-allow-headers",
        ),
        (
            "access-control-request-method",
            "access-control-allow-methods",
        ),
    ] {
        if let Some(v) = headers.get(asked) {
            reply
                .headers
                .push((HeaderName::from_static(allowed), v.clone()));
        }
    }
    reply.headers.push((
        HeaderName::from_static("access-control-max-age"),
        HeaderValue::from_static("172800"),
    ));
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

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn media_types() {
        assert_eq!(
            media_type(&headers(&[(
                "content-type",
                "  application/json  ;   asfd"
            )])),
            Some(JSON)
        );
        assert_eq!(
            media_type(&headers(&[(
                "content-type",
                "application/x-amz-json-1.0;x"
            )])),
            Some(JSON_1_0)
        );
        assert_eq!(
            media_type(&headers(&[("content-type", "application/x-amz-json-1.1")])),
            None
        );
        assert_eq!(
            media_type(&headers(&[("content-type", "application/jsonasdf")])),
            None
        );
        assert_eq!(media_type(&headers(&[])), None);
    }

    #[test]
    fn gzip_acceptance() {
        assert!(accepts_gzip(&headers(&[(
            "accept-encoding",
            "deflate, gzip;q=0.5"
        )])));
        assert!(!accepts_gzip(&headers(&[("accept-encoding", "gzip;q=0")])));
        assert!(!accepts_gzip(&headers(&[("accept-encoding", "identity")])));
    }

    #[test]
    fn cors_origins() {
        let h = headers(&[("origin", "http://a")]);
        assert_eq!(
            allowed_origin(&Cors::Any, &h),
            Some(HeaderValue::from_static("*"))
        );
        assert_eq!(
            allowed_origin(&Cors::Only(vec!["http://a".into()]), &h),
            Some(HeaderValue::from_static("http://a"))
        );
        assert_eq!(
            allowed_origin(&Cors::Only(vec!["http://b".into()]), &h),
            None
        );
        assert_eq!(allowed_origin(&Cors::Any, &headers(&[])), None);
    }
}
