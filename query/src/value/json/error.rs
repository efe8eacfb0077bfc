//! Carrying DynamoDB's error kinds through serde's string-only custom errors, and turning a
//! `serde_json::Error` back into a [`crate::Error`].

use serde::de;

use super::shape::Scalar;
use crate::Error;

/// Which of DynamoDB's two validation layers words the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wording {
    /// PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem, Query: e.g. duplicate members
    /// quoted and partly sorted, `The parameter cannot be converted to a numeric value: ` with
    /// its colon even for an empty string.
    #[default]
    Current,
    /// BatchWriteItem, TransactWriteItems, TransactGetItems, Scan: members as sent, unquoted;
    /// no colon after the not-numeric text for an empty string.
    Legacy,
}

/// Marks a ValidationException; the text is `current` + SEPARATOR + `legacy`.
const VALIDATION: char = '\u{1}';
/// Marks a SerializationException.
const SERIALIZATION: char = '\u{2}';
const SEPARATOR: char = '\u{0}';

/// A ValidationException with the same text in both wordings.
pub(super) fn validation<E: de::Error>(message: &str) -> E {
    validation_worded(message, message)
}

/// A ValidationException worded per layer.
pub(super) fn validation_worded<E: de::Error>(current: &str, legacy: &str) -> E {
    E::custom(format_args!("{VALIDATION}{current}{SEPARATOR}{legacy}"))
}

/// `err`, raised while reading a nested value, raised again from an enclosing one: a
/// ValidationException with both wordings passed through `reword`, anything else unchanged.
/// serde_json's " at line L column C" is dropped; it is added again for the outer error.
pub(super) fn rewrap_validation<E: de::Error>(err: &E, reword: impl Fn(&str) -> String) -> E {
    let text = err.to_string();
    let text = without_position(&text);
    match text.strip_prefix(VALIDATION) {
        Some(both) => {
            let (current, legacy) = both.split_once(SEPARATOR).unwrap_or((both, both));
            validation_worded(&reword(current), &reword(legacy))
        }
        None => E::custom(text),
    }
}

/// `text` without a trailing " at line L column C".
fn without_position(text: &str) -> &str {
    let Some((head, tail)) = text.rsplit_once(" at line ") else {
        return text;
    };
    let position = tail.split_once(" column ");
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match position {
        Some((line, column)) if numeric(line) && numeric(column) => head,
        _ => text,
    }
}

/// A SerializationException.
pub(super) fn serialization<E: de::Error>(message: &str) -> E {
    E::custom(format_args!("{SERIALIZATION}{message}"))
}

/// The DynamoDB error for a failure to deserialize a request, in the current wording.
pub fn error_from_json(err: serde_json::Error) -> Error {
    error_from_json_in(err, Wording::Current)
}

/// The DynamoDB error for a failure to deserialize a request: the validation or serialization
/// error raised for an attribute value, or a SerializationException for anything else (syntax
/// errors, wrong JSON types in other fields, with Coral's texts where the type is recognisable).
pub fn error_from_json_in(err: serde_json::Error, wording: Wording) -> Error {
    let text = err.to_string();
    let message = strip_position(&text, &err);
    if let Some(both) = message.strip_prefix(VALIDATION) {
        let (current, legacy) = both.split_once(SEPARATOR).unwrap_or((both, both));
        let chosen = match wording {
            Wording::Current => current,
            Wording::Legacy => legacy,
        };
        return Error::Validation(chosen.to_owned());
    }
    if let Some(message) = message.strip_prefix(SERIALIZATION) {
        return Error::Serialization(message.to_owned());
    }
    Error::Serialization(coral_type_message(message).unwrap_or_else(|| message.to_owned()))
}

/// serde_json appends " at line L column C" to every error raised while reading input.
fn strip_position<'a>(text: &'a str, err: &serde_json::Error) -> &'a str {
    if err.line() == 0 {
        return text;
    }
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    text.strip_suffix(suffix.as_str()).unwrap_or(text)
}

/// DynamoDB's text for serde's "invalid type: <found>, expected <wanted>" on plain request
/// fields (derived structs), where both kinds are recognisable.
fn coral_type_message(message: &str) -> Option<String> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, wanted) = rest.split_once(", expected ")?;
    let java = java_type(wanted);
    let scalar = if found.starts_with("boolean") {
        Scalar::Boolean(found.contains("true"))
    } else if found.starts_with("integer") {
        Scalar::Integer
    } else if found.starts_with("floating point") {
        Scalar::Decimal
    } else if found.starts_with("string") {
        Scalar::String
    } else if found.starts_with("map") {
        return Some("Start of structure or map found where not expected".to_owned());
    } else if found.starts_with("sequence") {
        return java.map(|class| format!("Unrecognized collection type class java.lang.{class}"));
    } else {
        return None;
    };
    if wanted.contains("sequence") || wanted.contains("map") || wanted.starts_with("struct") {
        return Some("Unexpected field type".to_owned());
    }
    match (java?, scalar) {
        ("Boolean", Scalar::String) => Some("Unexpected token received from parser".to_owned()),
        (class, scalar) => Some(format!("{} cannot be converted to {class}", scalar.token())),
    }
}

/// The Java type DynamoDB's model uses for a serde primitive.
fn java_type(wanted: &str) -> Option<&'static str> {
    match wanted {
        w if w.contains("string") => Some("String"),
        w if w.contains("bool") => Some("Boolean"),
        "i64" | "u64" => Some("Long"),
        w if w.starts_with('i') || w.starts_with('u') => Some("Integer"),
        w if w.starts_with('f') => Some("Double"),
        _ => None,
    }
}
