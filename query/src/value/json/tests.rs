//! Messages are DynamoDB's, as captured by the dynamodb-conformance suite (2026) and reproduced
//! by dynalite's validation tests.

use serde::Deserialize;

use super::*;
use crate::value::{AttributeValue, Item, Number};
use crate::Error;

fn parse(json: &str) -> Result<AttributeValue, Error> {
    serde_json::from_str(json).map_err(error_from_json)
}

fn parse_legacy(json: &str) -> Result<AttributeValue, Error> {
    serde_json::from_str(json).map_err(|e| error_from_json_in(e, Wording::Legacy))
}

fn n(text: &str) -> Number {
    Number::parse(text).unwrap()
}

#[test]
fn round_trips_every_type() {
    let cases = [
        r#"{"S":"x"}"#,
        r#"{"S":""}"#,
        r#"{"N":"1.5"}"#,
        r#"{"B":"AAEC/w=="}"#,
        r#"{"B":""}"#,
        r#"{"BOOL":true}"#,
        r#"{"BOOL":false}"#,
        r#"{"NULL":true}"#,
        r#"{"M":{"a":{"S":"x"},"b":{"L":[{"N":"1"},{"NULL":true}]}}}"#,
        r#"{"M":{}}"#,
        r#"{"L":[]}"#,
        r#"{"SS":["","a","b"]}"#,
        r#"{"NS":["-1","0.5","2"]}"#,
        r#"{"BS":["","AA==","/w=="]}"#,
    ];
    for json in cases {
        let value = parse(json).unwrap();
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }
}

#[test]
fn normalises_as_dynamodb_does() {
    let cases = [
        (r#"{"N":"0042.1200"}"#, r#"{"N":"42.12"}"#),
        (r#"{"N":"1E+3"}"#, r#"{"N":"1000"}"#),
        (r#"{"NULL":"yes"}"#, r#"{"NULL":true}"#),
        (r#"{"BOOL":"TRUE"}"#, r#"{"BOOL":true}"#),
        (r#"{"BOOL":"0"}"#, r#"{"BOOL":false}"#),
        (r#"{"NS":["2","1","10"]}"#, r#"{"NS":["1","2","10"]}"#),
        (r#"{"SS":["b","a"]}"#, r#"{"SS":["a","b"]}"#),
        (r#"{"BS":["/w==","AA=="]}"#, r#"{"BS":["AA==","/w=="]}"#),
        (r#"{"S":"x","X":"ignored"}"#, r#"{"S":"x"}"#),
        (r#"{"S":"x","N":null}"#, r#"{"S":"x"}"#),
        (r#"{"S":"é\"\n"}"#, r#"{"S":"é\"\n"}"#),
    ];
    for (input, output) in cases {
        assert_eq!(
            serde_json::to_string(&parse(input).unwrap()).unwrap(),
            output,
            "{input}"
        );
    }
}

#[test]
fn validation_errors() {
    let invalid = "One or more parameter values were invalid: ";
    let empty =
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes";
    let several = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes";
    let cases: Vec<(&str, String)> = vec![
        ("{}", empty.into()),
        (r#"{"a":""}"#, empty.into()),
        (r#"{"S":null}"#, empty.into()),
        (r#"{"M":{"a":{}}}"#, empty.into()),
        (r#"{"L":[{}]}"#, empty.into()),
        (r#"{"L":[{"a":{}}]}"#, empty.into()),
        (r#"{"S":"a","N":"1"}"#, several.into()),
        (r#"{"S":"","N":""}"#, "The parameter cannot be converted to a numeric value: ".into()),
        (r#"{"S":"a","N":"b"}"#, "The parameter cannot be converted to a numeric value: b".into()),
        (r#"{"N":"1e126"}"#, "Number overflow. Attempting to store a number with magnitude larger than supported range".into()),
        (r#"{"SS":[]}"#, format!("{invalid}An string set  may not be empty")),
        (r#"{"NS":[]}"#, format!("{invalid}An number set  may not be empty")),
        (r#"{"BS":[]}"#, format!("{invalid}Binary sets should not be empty")),
        (r#"{"M":{"x":{"L":[{"SS":[]}]}}}"#, format!("{invalid}An string set  may not be empty")),
        (r#"{"NS":["1",""]}"#, "The parameter cannot be converted to a numeric value: ".into()),
        (r#"{"NS":["1","b"]}"#, "The parameter cannot be converted to a numeric value: b".into()),
        (r#"{"SS":["b","a","b"]}"#, format!(r#"{invalid}Input collection ["a", "b", "b"] contains duplicates."#)),
        (r#"{"SS":["a","a"]}"#, format!(r#"{invalid}Input collection ["a", "a"] contains duplicates."#)),
        (r#"{"SS":["c","b","c","a"]}"#, format!(r#"{invalid}Input collection ["b", "c", "c", "a"] contains duplicates."#)),
        (r#"{"BS":["/w==","AA==","AA=="]}"#, format!(r#"{invalid}Input collection ["AA==","/w==","AA=="]of type BS contains duplicates."#)),
        (r#"{"NS":["2","1","2"]}"#, format!("{invalid}Input collection contains duplicates.")),
        (r#"{"NS":["1","1.0"]}"#, format!("{invalid}Input collection contains duplicates.")),
    ];
    for (json, message) in cases {
        assert_eq!(
            parse(json).unwrap_err(),
            Error::Validation(message),
            "{json}"
        );
    }
}

#[test]
fn legacy_wording() {
    let invalid = "One or more parameter values were invalid: ";
    let cases = [
        (
            r#"{"SS":["b","a","b"]}"#,
            format!("{invalid}Input collection [b, a, b] contains duplicates."),
        ),
        (
            r#"{"BS":["/w==","AA==","AA=="]}"#,
            format!("{invalid}Input collection [/w==, AA==, AA==]of type BS contains duplicates."),
        ),
        (
            r#"{"NS":["2","1","2"]}"#,
            "Input collection contains duplicates".to_owned(),
        ),
        (
            r#"{"N":""}"#,
            "The parameter cannot be converted to a numeric value".to_owned(),
        ),
        (
            r#"{"N":"abc"}"#,
            "The parameter cannot be converted to a numeric value: abc".to_owned(),
        ),
    ];
    for (json, message) in cases {
        assert_eq!(
            parse_legacy(json).unwrap_err(),
            Error::Validation(message),
            "{json}"
        );
    }
}

#[test]
fn serialization_errors() {
    // DynamoDB's current JSON reader, as dynalite's suite records it for every member of an
    // AttributeValue (S/N String, B Blob, BOOL/NULL Boolean, SS/NS/BS/L List, M Map, L and M
    // members ValueStruct).
    let object = "Start of structure or map found where not expected";
    let av_class = "com.amazonaws.dynamodb.v20120810.AttributeValue";
    let cases: Vec<(&str, String)> = vec![
        (
            r#"{"S":true}"#,
            "TRUE_VALUE cannot be converted to String".into(),
        ),
        (
            r#"{"S":false}"#,
            "FALSE_VALUE cannot be converted to String".into(),
        ),
        (
            r#"{"S":23}"#,
            "NUMBER_VALUE cannot be converted to String".into(),
        ),
        (
            r#"{"S":-2147483648}"#,
            "NUMBER_VALUE cannot be converted to String".into(),
        ),
        (
            r#"{"N":34.56}"#,
            "DECIMAL_VALUE cannot be converted to String".into(),
        ),
        (
            r#"{"S":[]}"#,
            "Unrecognized collection type class java.lang.String".into(),
        ),
        (r#"{"N":{}}"#, object.into()),
        (
            r#"{"B":true}"#,
            "only base-64-encoded strings are convertible to bytes".into(),
        ),
        (
            r#"{"B":23}"#,
            "only base-64-encoded strings are convertible to bytes".into(),
        ),
        (
            r#"{"B":[]}"#,
            "Unrecognized collection type class java.nio.ByteBuffer".into(),
        ),
        (r#"{"B":{}}"#, object.into()),
        (
            r#"{"B":"23456"}"#,
            "Base64 encoded length is expected a multiple of 4 bytes but found: 5".into(),
        ),
        (
            r#"{"B":"=+/="}"#,
            "Invalid last non-pad Base64 character dectected".into(),
        ),
        (
            r#"{"B":"+/+="}"#,
            "Invalid last non-pad Base64 character dectected".into(),
        ),
        (r#"{"B":"ab!d"}"#, "Invalid Base64 character: '!'".into()),
        (
            r#"{"BOOL":"23"}"#,
            "Unexpected token received from parser".into(),
        ),
        (
            r#"{"BOOL":23}"#,
            "NUMBER_VALUE cannot be converted to Boolean".into(),
        ),
        (
            r#"{"NULL":34.56}"#,
            "DECIMAL_VALUE cannot be converted to Boolean".into(),
        ),
        (
            r#"{"NULL":[]}"#,
            "Unrecognized collection type class java.lang.Boolean".into(),
        ),
        (r#"{"BOOL":{}}"#, object.into()),
        (r#"{"SS":"23"}"#, "Unexpected field type".into()),
        (r#"{"NS":true}"#, "Unexpected field type".into()),
        (r#"{"L":23}"#, "Unexpected field type".into()),
        (r#"{"BS":{}}"#, object.into()),
        (
            r#"{"SS":[23]}"#,
            "NUMBER_VALUE cannot be converted to String".into(),
        ),
        (
            r#"{"BS":["Yg==","a"]}"#,
            "Base64 encoded length is expected a multiple of 4 bytes but found: 1".into(),
        ),
        (r#"{"L":["23"]}"#, "Unexpected value type in payload".into()),
        (
            r#"{"L":[[]]}"#,
            format!("Unrecognized collection type class {av_class}"),
        ),
        (r#"{"M":"23"}"#, "Unexpected field type".into()),
        (
            r#"{"M":[]}"#,
            format!("Unrecognized collection type java.util.Map<java.lang.String, {av_class}>"),
        ),
        (
            r#"{"M":{"a":34.56}}"#,
            "Unexpected value type in payload".into(),
        ),
        (
            r#"{"M":{"a":{"BS":[true]}}}"#,
            "only base-64-encoded strings are convertible to bytes".into(),
        ),
        ("5", "Unexpected value type in payload".into()),
    ];
    for (json, message) in cases {
        assert_eq!(
            parse(json).unwrap_err(),
            Error::Serialization(message),
            "{json}"
        );
    }
}

/// `depth` single-member maps around a string leaf (the conformance suite's `deepMap`).
fn deep_map(depth: usize, leaf: &str) -> String {
    format!(
        "{}{leaf}{}",
        r#"{"M":{"n":"#.repeat(depth),
        "}}".repeat(depth)
    )
}

#[test]
fn nesting_limit() {
    let too_deep = "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels beyond supported limit";
    // Leaf at level 32 is accepted, at level 33 refused, whatever the leaf holds.
    assert!(parse(&deep_map(31, r#"{"S":"leaf"}"#)).is_ok());
    assert!(parse(&format!(
        "{}{}{}",
        r#"{"L":["#.repeat(31),
        r#"{"S":"x"}"#,
        "]}".repeat(31)
    ))
    .is_ok());
    for leaf in [r#"{"S":"leaf"}"#, r#"{"N":"abc"}"#, r#"{"M":{}}"#] {
        assert_eq!(
            parse(&deep_map(32, leaf)).unwrap_err(),
            Error::Validation(too_deep.into())
        );
    }
    assert_eq!(
        parse(&deep_map(100, r#"{"S":"x"}"#)).unwrap_err(),
        Error::Validation(too_deep.into())
    );
    // The first problem in document order wins.
    let bad_first = format!(
        r#"{{"M":{{"bad":{{"N":"abc"}},"d":{}}}}}"#,
        deep_map(40, r#"{"S":"x"}"#)
    );
    assert_eq!(
        parse(&bad_first).unwrap_err().message(),
        "The parameter cannot be converted to a numeric value: abc"
    );
}

#[test]
fn items_and_request_fields() {
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Request {
        #[serde(rename = "TableName")]
        table_name: String,
        #[serde(rename = "Item")]
        item: Item,
    }
    let ok: Request =
        serde_json::from_str(r#"{"TableName":"t","Item":{"a":{"N":"1"},"b":{"S":"x"}}}"#).unwrap();
    assert_eq!(ok.item["a"], AttributeValue::N(n("1")));
    let err = |json: &str| {
        serde_json::from_str::<Request>(json)
            .map_err(error_from_json)
            .unwrap_err()
    };
    assert_eq!(
        err(r#"{"TableName":"t","Item":{"a":{"N":"x"}}}"#),
        Error::Validation("The parameter cannot be converted to a numeric value: x".into())
    );
    let serialization = |m: &str| Error::Serialization(m.to_owned());
    let cases = [
        (
            r#"{"TableName":5,"Item":{}}"#,
            "NUMBER_VALUE cannot be converted to String",
        ),
        (
            r#"{"TableName":true,"Item":{}}"#,
            "TRUE_VALUE cannot be converted to String",
        ),
        (
            r#"{"TableName":[],"Item":{}}"#,
            "Unrecognized collection type class java.lang.String",
        ),
        (
            r#"{"TableName":{},"Item":{}}"#,
            "Start of structure or map found where not expected",
        ),
        (r#"{"TableName":"t","Item":"23"}"#, "Unexpected field type"),
        (
            r#"{"TableName":"t","Item":{"a":"x"}}"#,
            "Unexpected value type in payload",
        ),
    ];
    for (json, message) in cases {
        assert_eq!(err(json), serialization(message), "{json}");
    }
    assert!(matches!(err("{"), Error::Serialization(_)));
    // Parsing from an already-read serde_json::Value gives the same errors.
    let value: serde_json::Value = serde_json::from_str(r#"{"SS":["a","a"]}"#).unwrap();
    let from_value = AttributeValue::deserialize(value)
        .map_err(error_from_json)
        .unwrap_err();
    assert_eq!(
        from_value.message(),
        r#"One or more parameter values were invalid: Input collection ["a", "a"] contains duplicates."#
    );
}

proptest::proptest! {
    #[test]
    fn any_item_round_trips_through_json(item in crate::value::arbitrary::item()) {
        let json = serde_json::to_string(&item).unwrap();
        let back: Item = serde_json::from_str(&json).map_err(error_from_json).unwrap();
        proptest::prop_assert_eq!(back, item);
    }
}
