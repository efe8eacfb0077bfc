//! Building SS, NS and BS values from the members as sent, with DynamoDB's messages for empty
//! sets and duplicates.
//!
//! Duplicate messages differ by wording (captured from DynamoDB by the dynamodb-conformance
//! suite, sending SS [b, a, b], BS [/w==, AA==, AA==], NS [2, 1, 2]):
//! - current: the members quoted, those before the repeat in sorted order, then the repeat, then
//!   the rest as sent: `Input collection ["a", "b", "b"] contains duplicates.`; binary sets use
//!   base64 with no space after commas and `]of type BS`; number sets name no members.
//! - legacy: the members as sent, unquoted, `, `-separated; the number-set text loses its prefix
//!   and full stop.

use std::collections::BTreeSet;

use base64::display::Base64Display;
use base64::engine::general_purpose::STANDARD;
use serde::de;

use super::de::parse_number;
use super::error::{validation, validation_worded};
use crate::value::Number;

const INVALID: &str = "One or more parameter values were invalid: ";
/// A JSON null where a set member belongs. DynamoDB's text for this case is not documented.
const NULL_MEMBER: &str = "One or more parameter values were invalid: Set members may not be null";

/// An SS value.
pub(super) fn strings<E: de::Error>(members: Vec<Option<String>>) -> Result<BTreeSet<String>, E> {
    let members = present(members, "An string set  may not be empty")?;
    unique(&members).map_err(|(seen, repeat)| {
        let quoted = |s: &String| format!("\"{s}\"");
        let current = rendered(&seen, repeat, &members, quoted, ", ");
        let legacy = members.join(", ");
        validation_worded(
            &format!("{INVALID}Input collection [{current}] contains duplicates."),
            &format!("{INVALID}Input collection [{legacy}] contains duplicates."),
        )
    })
}

/// A BS value.
pub(super) fn binaries<E: de::Error>(
    members: Vec<Option<Vec<u8>>>,
) -> Result<BTreeSet<Vec<u8>>, E> {
    let members = present(members, "Binary sets should not be empty")?;
    unique(&members).map_err(|(seen, repeat)| {
        let quoted = |b: &Vec<u8>| format!("\"{}\"", Base64Display::new(b, &STANDARD));
        let current = rendered(&seen, repeat, &members, quoted, ",");
        let legacy: Vec<String> = members
            .iter()
            .map(|b| Base64Display::new(b, &STANDARD).to_string())
            .collect();
        validation_worded(
            &format!("{INVALID}Input collection [{current}]of type BS contains duplicates."),
            &format!(
                "{INVALID}Input collection [{}]of type BS contains duplicates.",
                legacy.join(", ")
            ),
        )
    })
}

/// An NS value: every member is parsed (and its error reported) before duplicates are looked for.
pub(super) fn numbers<E: de::Error>(members: Vec<Option<String>>) -> Result<BTreeSet<Number>, E> {
    if members.is_empty() {
        return Err(validation(&format!(
            "{INVALID}An number set  may not be empty"
        )));
    }
    let parsed = members
        .iter()
        .map(|m| parse_number(m.as_deref().unwrap_or("")))
        .collect::<Result<Vec<Number>, E>>()?;
    unique(&parsed).map_err(|_| {
        validation_worded(
            &format!("{INVALID}Input collection contains duplicates."),
            "Input collection contains duplicates",
        )
    })
}

/// The members, or DynamoDB's error for an empty set or a null member.
fn present<T, E: de::Error>(members: Vec<Option<T>>, empty: &str) -> Result<Vec<T>, E> {
    if members.is_empty() {
        return Err(validation(&format!("{INVALID}{empty}")));
    }
    members
        .into_iter()
        .map(|m| m.ok_or_else(|| validation(NULL_MEMBER)))
        .collect()
}

/// The members as a set, or the members seen before the first repeat and the repeat's index.
fn unique<T: Ord + Clone>(members: &[T]) -> Result<BTreeSet<T>, (BTreeSet<T>, usize)> {
    let mut set = BTreeSet::new();
    for (index, member) in members.iter().enumerate() {
        if !set.insert(member.clone()) {
            return Err((set, index));
        }
    }
    Ok(set)
}

/// The current wording's list: the sorted members seen, the repeat, then the rest as sent.
fn rendered<T: Ord>(
    seen: &BTreeSet<T>,
    repeat: usize,
    members: &[T],
    quote: impl Fn(&T) -> String,
    separator: &str,
) -> String {
    let ordered = seen.iter().chain(&members[repeat..]);
    ordered.map(quote).collect::<Vec<_>>().join(separator)
}
