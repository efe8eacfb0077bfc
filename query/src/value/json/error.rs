//! Carrying DynamoDB's error kinds through serde's string-only custom errors, and turning a
//! `serde_json::Error` back into a [`crate::Error`].

use serde::de;

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

/// Coral's text for serde's "invalid type: <found>, expected <wanted>" on plain request fields
/// (derived structs), where the kinds are recognisable.
fn coral_type_message(message: &str) -> Option<String> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, wanted) = rest.split_once(", expected ")?;
    let found = if found.starts_with("boolean") {
        "class java.lang.Boolean"
    } else if found.starts_with("integer") || found.starts_with("floating point") {
        "class com.amazon.coral.value.json.numbers.TruncatingBigNumber"
    } else if found.starts_with("sequence") {
        return Some("Start of list found where not expected".to_owned());
    } else if found.starts_with("map") {
        return Some("Start of structure or map found where not expected.".to_owned());
    } else if found.starts_with("string") {
        "class java.lang.String"
    } else {
        return None;
    };
    let target = if wanted.contains("string") {
        "an String"
    } else if wanted.contains("bool") {
        "an Boolean"
    } else if wanted.starts_with('i') || wanted.starts_with('u') || wanted.contains("integer") {
        "an Integer"
    } else if wanted.contains("sequence") {
        return Some("Expected list or null".to_owned());
    } else if wanted.starts_with("struct") {
        return Some("Expected null".to_owned());
    } else if wanted.contains("map") {
        return Some("Expected map or null".to_owned());
    } else {
        return None;
    };
    Some(format!("{found} can not be converted to {target}"))
}
