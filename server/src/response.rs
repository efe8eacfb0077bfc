//! DynamoDB's answers, with the headers DynamoDB sends on every one of them.

use crate::body;
use crate::http::Response;
use crate::request_id;
use crate::wire_error::WireError;

/// The body DynamoDB answers to anything that is not a DynamoDB request (wrong method or
/// content type), with status 404.
const NOT_FOUND_BODY: &[u8] = b"<UnknownOperationException/>\n";

/// Bodies at least this long are compressed for clients that accept gzip; shorter ones gain
/// nothing from it.
const GZIP_MIN_BYTES: usize = 1024;

/// DynamoDB names itself `Server` in this header.
const SERVER_NAME: &[u8] = b"Server";

/// An answer before the common headers are added. `'a`: header values echoed from the request.
pub struct Reply<'a> {
    pub status: u16,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    /// Extra headers (CORS preflight answers).
    pub headers: Vec<(&'static str, &'a [u8])>,
}

impl<'a> Reply<'a> {
    fn new(status: u16, content_type: Option<&'static str>, body: Vec<u8>) -> Self {
        Reply {
            status,
            content_type,
            body,
            headers: Vec::new(),
        }
    }

    pub fn json(content_type: &'static str, body: Vec<u8>) -> Self {
        Reply::new(200, Some(content_type), body)
    }

    pub fn error(content_type: &'static str, e: &WireError) -> Self {
        Reply::new(e.status, Some(content_type), e.body())
    }

    pub fn not_found() -> Self {
        Reply::new(404, None, NOT_FOUND_BODY.to_vec())
    }

    /// 413 with an empty body, as DynamoDB answers an oversized request.
    pub fn too_large() -> Self {
        Reply::new(413, None, Vec::new())
    }

    /// The answer to `GET /`.
    pub fn health(region: &str) -> Self {
        let body = format!("healthy: dynamodb.{region}.amazonaws.com ").into_bytes();
        Reply::new(200, Some("text/plain"), body)
    }

    pub fn empty() -> Self {
        Reply::new(200, None, Vec::new())
    }

    /// Writes the answer with the common headers: request id, CRC32 of the bytes sent, content
    /// type, server, CORS origin; compresses when the client accepts gzip.
    pub fn write(
        self,
        mut response: Response<'_>,
        request_id: &[u8; request_id::LEN],
        allow_origin: Option<&[u8]>,
        gzip_ok: bool,
    ) {
        let compress = gzip_ok && self.body.len() >= GZIP_MIN_BYTES;
        // Clients check x-amz-crc32 against the bytes on the wire, i.e. after compression.
        let body = if compress {
            body::gzip(&self.body)
        } else {
            self.body
        };
        response.status(self.status);
        response.header("x-amzn-RequestId", request_id);
        response.header_decimal("x-amz-crc32", u64::from(crc32fast::hash(&body)));
        if let Some(ct) = self.content_type {
            response.header("Content-Type", ct.as_bytes());
        }
        if compress {
            response.header("Content-Encoding", b"gzip");
        }
        response.header("Server", SERVER_NAME);
        if let Some(origin) = allow_origin {
            response.header("Access-Control-Allow-Origin", origin);
            response.header(
                "Access-Control-Expose-Headers",
                b"x-amzn-RequestId,x-amz-crc32",
            );
        }
        for (name, value) in self.headers {
            response.header(name, value);
        }
        response.finish(&body);
    }
}
