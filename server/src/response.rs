//! Building responses with the headers DynamoDB sends on every one of them.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderName, HeaderValue, CONTENT_ENCODING, CONTENT_TYPE, SERVER};
use hyper::{Response, StatusCode};

use crate::body;
use crate::wire_error::WireError;

/// The body DynamoDB answers to anything that is not a DynamoDB request (wrong method or
/// content type), with status 404.
const NOT_FOUND_BODY: &[u8] = b"<UnknownOperationException/>\n";

/// Bodies at least this long are compressed for clients that accept gzip; shorter ones gain
/// nothing from it.
const GZIP_MIN_BYTES: usize = 1024;

// HTTP/1 sends header names in lower case; parsed once here instead of per response.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");
const CRC32: HeaderName = HeaderName::from_static("x-amz-crc32");

/// DynamoDB names itself `Server` in this header.
const SERVER_NAME: &str = "Server";

/// A response before the common headers are added.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    /// Extra headers (CORS preflight answers).
    pub headers: Vec<(HeaderName, HeaderValue)>,
}

impl Reply {
    pub fn json(content_type: &'static str, body: Vec<u8>) -> Self {
        Reply {
            status: StatusCode::OK,
            content_type: Some(content_type),
            body,
            headers: Vec::new(),
        }
    }

    pub fn error(content_type: &'static str, e: &WireError) -> Self {
        let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
        Reply {
            status,
            content_type: Some(content_type),
            body: e.body(),
            headers: Vec::new(),
        }
    }

    pub fn not_found() -> Self {
        Reply {
            status: StatusCode::NOT_FOUND,
            content_type: None,
            body: NOT_FOUND_BODY.to_vec(),
            headers: Vec::new(),
        }
    }

    /// 413 with an empty body, as DynamoDB answers an oversized request.
    pub fn too_large() -> Self {
        Reply {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            content_type: None,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// The answer to `GET /`.
    pub fn health(region: &str) -> Self {
        let body = format!("healthy: dynamodb.{region}.amazonaws.com ").into_bytes();
        Reply {
            status: StatusCode::OK,
            content_type: Some("text/plain"),
            body,
            headers: Vec::new(),
        }
    }

    pub fn empty() -> Self {
        Reply {
            status: StatusCode::OK,
            content_type: None,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// Adds the common headers: request id, CRC32 of the bytes sent, content type, server, CORS
    /// origin; compresses when the client accepts gzip.
    pub fn finish(
        self,
        request_id: &str,
        allow_origin: Option<HeaderValue>,
        gzip_ok: bool,
    ) -> Response<Full<Bytes>> {
        let compress = gzip_ok && self.body.len() >= GZIP_MIN_BYTES;
        // Clients check x-amz-crc32 against the bytes on the wire, i.e. after compression.
        let body = if compress {
            body::gzip(&self.body)
        } else {
            self.body
        };
        let mut response = Response::new(Full::new(Bytes::new()));
        *response.status_mut() = self.status;
        let headers = response.headers_mut();
        let crc = crc32fast::hash(&body);
        headers.insert(REQUEST_ID, header_value(request_id));
        headers.insert(CRC32, HeaderValue::from(crc));
        if let Some(ct) = self.content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(ct));
        }
        if compress {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        headers.insert(SERVER, HeaderValue::from_static(SERVER_NAME));
        if let Some(origin) = allow_origin {
            headers.insert("access-control-allow-origin", origin);
            headers.insert(
                "access-control-expose-headers",
                HeaderValue::from_static("x-amzn-RequestId,x-amz-crc32"),
            );
        }
        for (name, value) in self.headers {
            headers.insert(name, value);
        }
        *response.body_mut() = Full::new(Bytes::from(body));
        response
    }
}

fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}
