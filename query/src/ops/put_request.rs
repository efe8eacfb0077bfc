//! Reading a plain PutItem request without serde: the members SDKs send for a put, each at most
//! once, strings without escapes, an item of scalars, booleans, nulls, maps and lists. Anything
//! else (sets, ExpressionAttributeValues, legacy parameters, escapes, a value serde would
//! refuse) is left to the serde read, so a request read here is exactly the request serde
//! would have read, and serde words every error (see [`crate::value::json::cursor`]).

use crate::api::PutItemRequest;
use crate::value::json::cursor::{set_once, Cursor};

/// The request in `body`, if it is plain enough.
pub fn read(body: &[u8]) -> Option<PutItemRequest> {
    let mut req = PutItemRequest::default();
    let mut c = Cursor::new(body);
    c.object(|c, member| {
        let text = |c: &mut Cursor<'_>| c.string().map(str::to_owned);
        match member {
            b"TableName" => set_once(&mut req.table_name, text(c)?),
            b"Item" => set_once(&mut req.item, c.item(1)?),
            b"ConditionExpression" => set_once(&mut req.condition_expression, text(c)?),
            b"ExpressionAttributeNames" => {
                set_once(&mut req.expression_attribute_names, c.names()?)
            }
            b"ReturnValues" => set_once(&mut req.return_values, text(c)?),
            b"ReturnConsumedCapacity" => set_once(&mut req.return_consumed_capacity, text(c)?),
            b"ReturnItemCollectionMetrics" => {
                set_once(&mut req.return_item_collection_metrics, text(c)?)
            }
            b"ReturnValuesOnConditionCheckFailure" => {
                set_once(&mut req.return_values_on_condition_check_failure, text(c)?)
            }
            _ => None,
        }
    })?;
    c.end()?;
    Some(req)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::arbitrary;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the plain reader takes of any item as an SDK writes it, it reads exactly as
        /// serde does (items with sets, escapes or non-ASCII names go to serde whole).
        #[test]
        fn any_item_reads_as_serde_reads_it(item in arbitrary::item(), ascii_only: bool) {
            let item: crate::value::Item = if ascii_only {
                item.into_iter().filter(|(n, _)| n.is_ascii()).collect()
            } else {
                item
            };
            let item = serde_json::to_string(&item).unwrap();
            let json = format!(r#"{{"TableName":"t","Item":{item},"ReturnConsumedCapacity":"TOTAL"}}"#);
            let json = json.as_bytes();
            let serde: PutItemRequest = serde_json::from_slice(json).unwrap();
            if let Some(plain) = read(json) {
                prop_assert_eq!(
                    serde_json::to_value(plain).unwrap(),
                    serde_json::to_value(serde).unwrap()
                );
            }
        }
    }

    /// Every request the plain reader takes reads exactly as serde reads it.
    #[test]
    fn reads_plain_requests_as_serde_does() {
        for json in [
            r#"{"TableName":"t","Item":{"pk":{"S":"a"},"n":{"N":"-1.50"},"b":{"B":"AAE="}}}"#,
            r#"{"TableName":"t","Item":{"f":{"BOOL":false},"z":{"NULL":true}},"ReturnValues":"ALL_OLD"}"#,
            r#" { "Item" : { "m" : { "M" : { "x" : { "L" : [ {"S":""}, {"M":{}} ] } } } } } "#,
            r##"{"Item":{"l":{"L":[]}},"ConditionExpression":"attribute_not_exists(#p)","ExpressionAttributeNames":{"#p":"pk"}}"##,
            r#"{"ReturnConsumedCapacity":"TOTAL","ReturnItemCollectionMetrics":"SIZE","ReturnValuesOnConditionCheckFailure":"NONE"}"#,
            r#"{"Item":{"e":{"S":"é"}}}"#,
        ] {
            let serde: PutItemRequest = serde_json::from_str(json).unwrap();
            let plain = read(json.as_bytes());
            assert_eq!(
                serde_json::to_value(plain).unwrap(),
                serde_json::to_value(Some(serde)).unwrap(),
                "{json}"
            );
        }
    }

    /// What only serde reads right (or words an error for) is left to it.
    #[test]
    fn leaves_everything_else_to_serde() {
        let deep = format!(
            r#"{{"Item":{{"d":{}{{"S":"x"}}{}}}}}"#,
            r#"{"L":["#.repeat(32),
            "]}".repeat(32)
        );
        for json in [
            r#"{"Item":{"s":{"SS":["a"]}}}"#,
            r#"{"Item":{"a":{"S":"x"},"a":{"S":"y"}}}"#,
            r#"{"Item":{"a":{"NULL":false}}}"#,
            r#"{"Item":{"a":{"BOOL":"yes"}}}"#,
            r#"{"Item":{"a":{"S":"x","BOOL":true}}}"#,
            r#"{"Item":{"a":{"N":"1e200"}}}"#,
            r#"{"Item":{"a\"b":{"S":"x"}}}"#,
            r#"{"Item":{"é":{"S":"x"}}}"#,
            r#"{"Item":{"a":{"L":[{"S":"x"},]}}}"#,
            r#"{"TableName":"t","TableName":"u"}"#,
            r#"{"ExpressionAttributeValues":{":v":{"S":"x"}}}"#,
            r#"{"Expected":{}}"#,
            r#"{"TableName":null}"#,
            r#"{"TableName":"t"} {}"#,
            "",
            &deep,
        ] {
            assert!(read(json.as_bytes()).is_none(), "{json}");
        }
    }
}
