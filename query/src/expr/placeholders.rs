//! ExpressionAttributeNames and ExpressionAttributeValues of one request, and which of them the
//! request's expressions used: every entry must be used by some expression of the request.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::value::{AttributeValue, Item};

/// The placeholders of one request (borrowed from the request) and their use so far.
#[derive(Debug)]
pub struct Placeholders<'a> {
    names: Option<&'a BTreeMap<String, String>>,
    values: Option<&'a Item>,
    used_names: BTreeSet<&'a str>,
    used_values: BTreeSet<&'a str>,
}

impl<'a> Placeholders<'a> {
    /// Checks the two maps as DynamoDB does before reading any expression: not empty, keys
    /// `#` or `:` followed by letters, digits and `_`, names not empty.
    pub fn new(
        names: Option<&'a BTreeMap<String, String>>,
        values: Option<&'a Item>,
    ) -> Result<Self> {
        if let Some(names) = names {
            check_keys("ExpressionAttributeNames", '#', names.keys())?;
            if let Some((key, _)) = names.iter().find(|(_, v)| v.is_empty()) {
                return Err(Error::validation(format!(
                    "ExpressionAttributeNames contains invalid value: Empty attribute name for key {key}"
                )));
            }
        }
        if let Some(values) = values {
            check_keys("ExpressionAttributeValues", ':', values.keys())?;
        }
        Ok(Placeholders {
            names,
            values,
            used_names: BTreeSet::new(),
            used_values: BTreeSet::new(),
        })
    }

    /// Whether `#name` is defined (does not count as a use).
    pub(crate) fn has_name(&self, placeholder: &str) -> bool {
        self.names.is_some_and(|m| m.contains_key(placeholder))
    }

    /// The attribute name `#name` stands for, marking it used.
    pub(crate) fn name(&mut self, placeholder: &str) -> Result<String, String> {
        match self.names.and_then(|m| m.get_key_value(placeholder)) {
            Some((key, name)) => {
                self.used_names.insert(key);
                Ok(name.clone())
            }
            None => Err(format!(
                "An expression attribute name used in the document path is not defined; attribute name: {placeholder}"
            )),
        }
    }

    /// The name `#name` stands for without marking it used, or the placeholder itself.
    pub(crate) fn peek_name<'p>(&'p self, placeholder: &'p str) -> &'p str {
        self.names
            .and_then(|m| m.get(placeholder))
            .map_or(placeholder, String::as_str)
    }

    /// The value `:value` stands for, marking it used.
    pub(crate) fn value(&mut self, placeholder: &str) -> Result<AttributeValue, String> {
        match self.values.and_then(|m| m.get_key_value(placeholder)) {
            Some((key, value)) => {
                self.used_values.insert(key);
                Ok(value.clone())
            }
            None => Err(format!(
                "An expression attribute value used in expression is not defined; attribute value: {placeholder}"
            )),
        }
    }

    /// After all the request's expressions are read: DynamoDB's error for unused entries.
    pub fn finish(&self) -> Result<()> {
        let unused = |what: &str, keys: Vec<&String>, total: usize| {
            if keys.is_empty() {
                return Ok(());
            }
            let ordered: Vec<&str> = java_hash_set_order(keys, total)
                .into_iter()
                .map(String::as_str)
                .collect();
            let listed = ordered.join(", ");
            Err(Error::validation(format!(
                "Value provided in {what} unused in expressions: keys: {{{listed}}}"
            )))
        };
        let names = self.names.map(|m| m.keys()).into_iter().flatten();
        let names: Vec<&String> = names
            .filter(|k| !self.used_names.contains(k.as_str()))
            .collect();
        unused(
            "ExpressionAttributeNames",
            names,
            self.names.map_or(0, BTreeMap::len),
        )?;
        let values = self.values.map(|m| m.keys()).into_iter().flatten();
        let values: Vec<&String> = values
            .filter(|k| !self.used_values.contains(k.as_str()))
            .collect();
        unused(
            "ExpressionAttributeValues",
            values,
            self.values.map_or(0, BTreeMap::len),
        )
    }
}

fn check_keys<'a>(what: &str, sigil: char, keys: impl Iterator<Item = &'a String>) -> Result<()> {
    let mut keys = keys.peekable();
    if keys.peek().is_none() {
        return Err(Error::validation(format!("{what} must not be empty")));
    }
    for key in keys {
        let rest = key.strip_prefix(sigil).unwrap_or("");
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(Error::validation(format!(
                "{what} contains invalid key: Syntax error; key: \"{key}\""
            )));
        }
    }
    Ok(())
}

/// DynamoDB lists unused keys in the iteration order of a Java `HashSet` built from the map's
/// keys; this reproduces it (String.hashCode, spread, table sized for `total` entries).
fn java_hash_set_order(mut keys: Vec<&String>, total: usize) -> Vec<&String> {
    let want = (total * 4 / 3 + 1).max(16);
    let capacity = want.next_power_of_two() as u32;
    let bucket = |key: &str| {
        let h = key
            .encode_utf16()
            .fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(unit as i32))
            as u32;
        (h ^ (h >> 16)) & (capacity - 1)
    };
    keys.sort_by_key(|k| bucket(k));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn map_keys_are_checked() {
        let cases: [(&[(&str, &str)], &str); 4] = [
            (&[], "ExpressionAttributeNames must not be empty"),
            (
                &[("s", "status")],
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"s\"",
            ),
            (
                &[("#a-b", "x")],
                "ExpressionAttributeNames contains invalid key: Syntax error; key: \"#a-b\"",
            ),
            (
                &[("#a", "")],
                "ExpressionAttributeNames contains invalid value: Empty attribute name for key #a",
            ),
        ];
        for (pairs, message) in cases {
            let err = Placeholders::new(Some(&names(pairs)), None).unwrap_err();
            assert_eq!(err, Error::validation(message));
        }
        let values: Item = [("v".to_string(), AttributeValue::Null)]
            .into_iter()
            .collect();
        let err = Placeholders::new(None, Some(&values)).unwrap_err();
        assert_eq!(
            err.message(),
            "ExpressionAttributeValues contains invalid key: Syntax error; key: \"v\""
        );
    }

    #[test]
    fn unused_entries_are_reported_in_java_order() {
        let map = names(&[("#unused", "x"), ("#a", "a"), ("#z", "z")]);
        let mut ph = Placeholders::new(Some(&map), None).unwrap();
        ph.name("#unused").unwrap();
        let err = ph.finish().unwrap_err();
        // "#a".hashCode() = 1182 (bucket 14 of 16), "#z" = 1207 (bucket 7).
        assert_eq!(
            err.message(),
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#z, #a}"
        );
        assert!(ph
            .name("#missing")
            .unwrap_err()
            .ends_with("attribute name: #missing"));
    }
}
