//! Where the load goes: a DynamoDB-compatible HTTP endpoint, or the embedded library.

use crate::http::{Client, Credentials, Endpoint, Response};

/// A failed call: DynamoDB's error type (`ValidationException`, ...) or `io` for transport
/// failures, and the message.
#[derive(Clone, Debug, PartialEq)]
pub struct CallError {
    pub kind: String,
    pub message: String,
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)
    }
}

impl std::error::Error for CallError {}

/// One client's connection: calls an operation (`PutItem`, ...) with a JSON body and returns
/// the response JSON.
pub trait Target: Send {
    fn call(&mut self, operation: &str, body: &[u8]) -> Result<Vec<u8>, CallError>;
}

/// How clients connect; each client thread gets its own connection.
#[derive(Clone)]
pub enum Connector {
    Http {
        endpoint: Endpoint,
        creds: Credentials,
        region: String,
    },
    Embedded(dynakv::Database),
}

impl Connector {
    pub fn connect(&self) -> Box<dyn Target> {
        match self {
            Connector::Http {
                endpoint,
                creds,
                region,
            } => Box::new(HttpTarget(Client::new(
                endpoint.clone(),
                creds.clone(),
                region,
            ))),
            Connector::Embedded(db) => Box::new(EmbeddedTarget(db.clone())),
        }
    }
}

struct HttpTarget(Client);

impl Target for HttpTarget {
    fn call(&mut self, operation: &str, body: &[u8]) -> Result<Vec<u8>, CallError> {
        let target = format!("DynamoDB_20120810.{operation}");
        outcome(self.0.post(&target, body))
    }
}

/// A response's body, or the error it (or the transport) reported.
pub(super) fn outcome(resp: std::io::Result<Response>) -> Result<Vec<u8>, CallError> {
    let resp = resp.map_err(|e| CallError {
        kind: "io".into(),
        message: e.to_string(),
    })?;
    if resp.status == 200 {
        Ok(resp.body)
    } else {
        Err(wire_error(resp.status, &resp.body))
    }
}

/// Decodes DynamoDB's error body `{"__type": "com.amazonaws...#Type", "message": "..."}`.
fn wire_error(status: u16, body: &[u8]) -> CallError {
    let v: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let kind = v["__type"]
        .as_str()
        .map(|t| t.rsplit('#').next().unwrap_or(t).to_string());
    let message = v["message"].as_str().or_else(|| v["Message"].as_str());
    CallError {
        kind: kind.unwrap_or_else(|| format!("HTTP {status}")),
        message: message.map_or_else(
            || String::from_utf8_lossy(body).into_owned(),
            str::to_string,
        ),
    }
}

struct EmbeddedTarget(dynakv::Database);

impl Target for EmbeddedTarget {
    fn call(&mut self, operation: &str, body: &[u8]) -> Result<Vec<u8>, CallError> {
        self.0.handle_json(operation, body).map_err(|e| CallError {
            kind: e.type_name().to_string(),
            message: e.message().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_wire_errors() {
        let body = br#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                        "message":"Requested resource not found"}"#;
        let e = wire_error(400, body);
        assert_eq!(e.kind, "ResourceNotFoundException");
        assert_eq!(e.message, "Requested resource not found");
        let e = wire_error(502, b"bad gateway");
        assert_eq!(
            (e.kind.as_str(), e.message.as_str()),
            ("HTTP 502", "bad gateway")
        );
    }
}
