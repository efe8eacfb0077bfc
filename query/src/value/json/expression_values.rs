//! `ExpressionAttributeValues`: a map of placeholders to attribute values whose invalid values
//! DynamoDB reports as `ExpressionAttributeValues contains invalid value: <text> for key <name>`,
//! e.g. `... invalid value: One or more parameter values were invalid: An string set  may not be
//! empty for key :v`. Serialization errors inside a value pass through unchanged.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

use super::error::rewrap_validation;
use crate::value::AttributeValue;

/// The prefix of DynamoDB's message for an invalid expression attribute value.
pub const INVALID_EXPRESSION_VALUE: &str = "ExpressionAttributeValues contains invalid value: ";

/// `deserialize_with` for an optional `ExpressionAttributeValues` field (absent or `null` is
/// `None`).
pub fn expression_values<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<BTreeMap<String, AttributeValue>>, D::Error> {
    Ok(Option::<Values>::deserialize(deserializer)?.map(|v| v.0))
}

struct Values(BTreeMap<String, AttributeValue>);

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ValuesVisitor)
    }
}

struct ValuesVisitor;

impl<'de> Visitor<'de> for ValuesVisitor {
    type Value = Values;

    // The same words as a plain map's, so a non-map gets the same SerializationException.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Values, A::Error> {
        let mut values = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map
                .next_value::<AttributeValue>()
                .map_err(|e| rewrap_validation(&e, |text| invalid_value(text, &key)))?;
            values.insert(key, value);
        }
        Ok(Values(values))
    }
}

fn invalid_value(text: &str, key: &str) -> String {
    format!("{INVALID_EXPRESSION_VALUE}{text} for key {key}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::json::error_from_json;
    use crate::Error;

    #[derive(serde::Deserialize, Debug)]
    struct Req {
        #[serde(default, deserialize_with = "expression_values")]
        v: Option<BTreeMap<String, AttributeValue>>,
    }

    fn parse(json: &str) -> Result<Req, Error> {
        serde_json::from_str(json).map_err(error_from_json)
    }

    #[test]
    fn valid_maps_absent_and_null_read_as_before() {
        let req = parse(r#"{"v": {":a": {"S": "x"}}}"#).unwrap();
        assert_eq!(req.v.unwrap()[":a"], AttributeValue::S("x".into()));
        assert!(parse("{}").unwrap().v.is_none());
        assert!(parse(r#"{"v": null}"#).unwrap().v.is_none());
    }

    #[test]
    fn invalid_values_name_their_key() {
        let cases = [
            (r#"{":b": {}}"#, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes for key :b"),
            (r#"{":a": {"S": "x"}, ":b": {"SS": []}}"#, "One or more parameter values were invalid: An string set  may not be empty for key :b"),
            (r#"{":b": {"N": "x"}}"#, "The parameter cannot be converted to a numeric value: x for key :b"),
            (r#"{":b": {"L": [{"S": "a", "N": "1"}]}}"#, "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes for key :b"),
        ];
        for (values, text) in cases {
            let e = parse(&format!(r#"{{"v": {values}}}"#)).unwrap_err();
            assert_eq!(
                e,
                Error::Validation(format!("{INVALID_EXPRESSION_VALUE}{text}")),
                "{values}"
            );
        }
    }

    #[test]
    fn serialization_errors_pass_through() {
        let e = parse(r#"{"v": {":b": {"S": 5}}}"#).unwrap_err();
        assert_eq!(e.type_name(), "SerializationException");
        let plain: Result<BTreeMap<String, BTreeMap<String, AttributeValue>>, _> =
            serde_json::from_str(r#"{"v": 5}"#);
        let e2 = parse(r#"{"v": 5}"#).unwrap_err();
        assert_eq!(e2, error_from_json(plain.unwrap_err()));
    }
}
