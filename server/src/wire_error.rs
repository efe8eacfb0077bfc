//! Errors as DynamoDB puts them on the wire: a status code and a JSON body
//! `{"__type": "<namespace>#<Type>", "message": "..."}`.
//!
//! The namespaces follow what real DynamoDB sends (recorded by dynalite's tests against it):
//! protocol-level errors come from the `com.amazon.coral.service` framework, request-shape
//! validation ("N validation error(s) detected: ...") from `com.amazon.coral.validate`, and
//! everything the database itself decides from `com.amazonaws.dynamodb.v20120810`.

use serde_json::{Map, Value};

const DYNAMODB: &str = "com.amazonaws.dynamodb.v20120810";
const CORAL_SERVICE: &str = "com.amazon.coral.service";
const CORAL_VALIDATE: &str = "com.amazon.coral.validate";
const CORAL_AVAILABILITY: &str = "com.amazon.coral.availability";

/// Error types raised by the request framework rather than by DynamoDB's own code.
const CORAL_SERVICE_TYPES: &[&str] = &[
    "SerializationException",
    "UnknownOperationException",
    "MissingAuthenticationTokenException",
    "IncompleteSignatureException",
    "InvalidSignatureException",
    "UnrecognizedClientException",
    "AccessDeniedException",
    "RequestExpired",
];

/// An error response, ready to serialize.
#[derive(Debug, Clone, PartialEq)]
pub struct WireError {
    pub status: u16,
    /// `<namespace>#<Type>`.
    pub type_: String,
    /// Absent for the framework errors that DynamoDB sends without a message.
    pub message: Option<String>,
    /// `Message` instead of `message`: DynamoDB's type-conversion SerializationExceptions
    /// capitalise the key.
    pub capital_message_key: bool,
    /// Further members, e.g. `Item` of a ConditionalCheckFailedException.
    pub extra: Map<String, Value>,
}

impl WireError {
    /// An error of the given bare type name, namespaced as DynamoDB does.
    pub fn new(type_name: &str, message: Option<String>) -> Self {
        let namespace = namespace_of(type_name, message.as_deref().unwrap_or(""));
        WireError {
            status: status_of(type_name),
            type_: format!("{namespace}#{type_name}"),
            message,
            capital_message_key: false,
            extra: Map::new(),
        }
    }

    /// The body DynamoDB sends for malformed JSON and for an empty body: no message at all.
    pub fn serialization() -> Self {
        WireError::new("SerializationException", None)
    }

    pub fn unknown_operation() -> Self {
        WireError::new("UnknownOperationException", None)
    }

    pub fn missing_authentication_token() -> Self {
        WireError::new(
            "MissingAuthenticationTokenException",
            Some("Request is missing Authentication Token".to_string()),
        )
    }

    pub fn incomplete_signature(message: String) -> Self {
        WireError::new("IncompleteSignatureException", Some(message))
    }

    pub fn invalid_signature(message: String) -> Self {
        WireError::new("InvalidSignatureException", Some(message))
    }

    pub fn unrecognized_client(message: &str) -> Self {
        WireError::new("UnrecognizedClientException", Some(message.to_string()))
    }

    /// A fault inside the server (e.g. a panicking database call): DynamoDB's 500.
    pub fn internal(message: String) -> Self {
        WireError::new("InternalServerError", Some(message))
    }

    /// The JSON body, `__type` first as DynamoDB writes it.
    pub fn body(&self) -> Vec<u8> {
        let string = |s: &str| Value::String(s.to_string()).to_string();
        let mut out = format!("{{\"__type\":{}", string(&self.type_));
        if let Some(m) = &self.message {
            let key = if self.capital_message_key {
                "Message"
            } else {
                "message"
            };
            out.push_str(&format!(",\"{key}\":{}", string(m)));
        }
        for (k, v) in &self.extra {
            out.push_str(&format!(",{}:{v}", string(k)));
        }
        out.push('}');
        out.into_bytes()
    }
}

impl From<&dynakv::Error> for WireError {
    fn from(e: &dynakv::Error) -> Self {
        let type_name = e.type_name();
        let message = e.message();
        // SerializationExceptions from type conversion carry `Message`; one without text (bad
        // JSON) carries none, and neither does UnknownOperationException.
        let message = Some(message.to_string())
            .filter(|m| !m.is_empty() && type_name != "UnknownOperationException");
        let mut wire = WireError::new(type_name, message);
        wire.capital_message_key = type_name == "SerializationException";
        wire.extra = e.body_members();
        wire
    }
}

fn namespace_of(type_name: &str, message: &str) -> &'static str {
    if CORAL_SERVICE_TYPES.contains(&type_name) {
        CORAL_SERVICE
    } else if type_name == "ThrottlingException" {
        CORAL_AVAILABILITY
    } else if type_name == "ValidationException" && is_shape_validation(message) {
        CORAL_VALIDATE
    } else {
        DYNAMODB
    }
}

/// "1 validation error detected: ..." / "3 validation errors detected: ...".
fn is_shape_validation(message: &str) -> bool {
    let rest = message.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.len() < message.len()
        && (rest.starts_with(" validation error detected")
            || rest.starts_with(" validation errors detected"))
}

fn status_of(type_name: &str) -> u16 {
    match type_name {
        "InternalServerError" | "InternalFailure" => 500,
        "ServiceUnavailable" => 503,
        _ => 400,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_json(e: &WireError) -> Value {
        serde_json::from_slice(&e.body()).unwrap()
    }

    #[test]
    fn framework_errors_use_coral_namespaces() {
        assert_eq!(
            body_json(&WireError::serialization()),
            serde_json::json!({"__type": "com.amazon.coral.service#SerializationException"})
        );
        let missing = WireError::missing_authentication_token();
        assert_eq!(missing.status, 400);
        assert_eq!(
            body_json(&missing),
            serde_json::json!({
                "__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
                "message": "Request is missing Authentication Token"
            })
        );
    }

    #[test]
    fn validation_namespace_depends_on_the_message() {
        let shape = WireError::from(&dynakv::Error::validation(
            "1 validation error detected: Value 'x' at 'tableName' failed to satisfy constraint: y",
        ));
        assert_eq!(shape.type_, "com.amazon.coral.validate#ValidationException");
        let semantic = WireError::from(&dynakv::Error::validation(
            "The provided key element does not match the schema",
        ));
        assert_eq!(
            semantic.type_,
            "com.amazonaws.dynamodb.v20120810#ValidationException"
        );
        assert!(!is_shape_validation("validation errors detected"));
    }

    #[test]
    fn library_errors_map_type_status_and_fields() {
        let internal = WireError::from(&dynakv::Error::Internal("disk".into()));
        assert_eq!(internal.status, 500);
        assert_eq!(
            internal.type_,
            "com.amazonaws.dynamodb.v20120810#InternalServerError"
        );
        let ser = WireError::from(&dynakv::Error::Serialization(
            "NUMBER_VALUE cannot be converted to String".into(),
        ));
        assert_eq!(
            body_json(&ser)["Message"],
            "NUMBER_VALUE cannot be converted to String"
        );
        let unknown = WireError::from(&dynakv::Error::UnknownOperation("Frobnicate".into()));
        assert_eq!(
            unknown.body(),
            br#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#
        );
        let mut item = dynakv::Item::new();
        item.insert("pk".into(), dynakv::AttributeValue::S("a".into()));
        let ccf = WireError::from(&dynakv::Error::ConditionalCheckFailed { item: Some(item) });
        assert_eq!(
            String::from_utf8(ccf.body()).unwrap(),
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed","Item":{"pk":{"S":"a"}}}"#
        );
    }
}
