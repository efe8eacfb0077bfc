//! One error type whose variants are DynamoDB's error types, carrying DynamoDB's messages.

use crate::value::Item;

/// A DynamoDB error. `type_name()` is the error type as the wire protocol names it (after the `#`),
/// `message()` the text DynamoDB sends.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// `ValidationException` with DynamoDB's message text.
    Validation(String),
    /// `SerializationException`: the request JSON does not have the shape the API requires.
    Serialization(String),
    /// `ConditionalCheckFailedException`; `item` is set when the request asked for
    /// ReturnValuesOnConditionCheckFailure=ALL_OLD and the item existed.
    ConditionalCheckFailed { item: Option<Item> },
    /// `ResourceNotFoundException`.
    ResourceNotFound(String),
    /// `ResourceInUseException`.
    ResourceInUse(String),
    /// `LimitExceededException`.
    LimitExceeded(String),
    /// `ProvisionedThroughputExceededException`.
    ProvisionedThroughputExceeded(String),
    /// `InternalServerError`: a real fault inside the engine (I/O, corruption).
    Internal(String),
    /// `UnknownOperationException`: the named operation does not exist.
    UnknownOperation(String),
    /// `TransactionCanceledException`: `reasons` holds one entry per action, in request order
    /// (code `None` for the actions that would have succeeded); the server sends them as
    /// `CancellationReasons`.
    TransactionCanceled {
        message: String,
        reasons: Vec<CancellationReason>,
    },
    /// `IdempotentParameterMismatchException`: a ClientRequestToken reused with another request.
    IdempotentParameterMismatch(String),
    /// `AccessDeniedException`: the request names a resource of another account.
    AccessDenied(String),
}

/// Why one action of a transaction was cancelled (`Code` `None` when it was not at fault).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CancellationReason {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// The item, for a failed condition with ReturnValuesOnConditionCheckFailure=ALL_OLD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<Item>,
}

impl Error {
    /// DynamoDB's error type name, e.g. `ValidationException`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Error::Validation(_) => "ValidationException",
            Error::Serialization(_) => "SerializationException",
            Error::ConditionalCheckFailed { .. } => "ConditionalCheckFailedException",
            Error::ResourceNotFound(_) => "ResourceNotFoundException",
            Error::ResourceInUse(_) => "ResourceInUseException",
            Error::LimitExceeded(_) => "LimitExceededException",
            Error::ProvisionedThroughputExceeded(_) => "ProvisionedThroughputExceededException",
            Error::Internal(_) => "InternalServerError",
            Error::UnknownOperation(_) => "UnknownOperationException",
            Error::TransactionCanceled { .. } => "TransactionCanceledException",
            Error::IdempotentParameterMismatch(_) => "IdempotentParameterMismatchException",
            Error::AccessDenied(_) => "AccessDeniedException",
        }
    }

    /// The message DynamoDB sends with this error.
    pub fn message(&self) -> &str {
        match self {
            Error::Validation(m)
            | Error::Serialization(m)
            | Error::ResourceNotFound(m)
            | Error::ResourceInUse(m)
            | Error::LimitExceeded(m)
            | Error::ProvisionedThroughputExceeded(m)
            | Error::Internal(m)
            | Error::UnknownOperation(m)
            | Error::IdempotentParameterMismatch(m)
            | Error::AccessDenied(m)
            | Error::TransactionCanceled { message: m, .. } => m,
            Error::ConditionalCheckFailed { .. } => "The conditional request failed",
        }
    }

    /// Members DynamoDB sends in the error body beside `__type` and `message`: the `Item` of a
    /// ConditionalCheckFailedException (ReturnValuesOnConditionCheckFailure=ALL_OLD) and the
    /// `CancellationReasons` of a TransactionCanceledException.
    pub fn body_members(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut members = serde_json::Map::new();
        let member = match self {
            Error::ConditionalCheckFailed { item: Some(item) } => {
                Some(("Item", serde_json::to_value(item)))
            }
            Error::TransactionCanceled { reasons, .. } => {
                Some(("CancellationReasons", serde_json::to_value(reasons)))
            }
            _ => None,
        };
        if let Some((name, Ok(value))) = member {
            members.insert(name.to_string(), value);
        }
        members
    }

    /// Shorthand for a ValidationException.
    pub fn validation(message: impl Into<String>) -> Self {
        Error::Validation(message.into())
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.type_name(), self.message())
    }
}

impl std::error::Error for Error {}

impl From<dynakv_storage::Error> for Error {
    fn from(e: dynakv_storage::Error) -> Self {
        Error::Internal(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
