//! The JSON GetItem (plain request reader, response written from the stored bytes) answers
//! exactly as the serde path does: typed run, response serialized with serde.

use proptest::prelude::*;

use crate::api::{GetItemRequest, PutItemRequest};
use crate::value::{arbitrary, AttributeValue, Item};
use crate::{Database, Result};

use super::super::{dispatch, Request};
use super::request::PlainRequest;

fn serde_path(db: &Database, body: &[u8]) -> Result<Vec<u8>> {
    let req = Request {
        op: "GetItem",
        body,
    };
    req.run(|r: GetItemRequest| super::run(db.inner(), r))
}

fn assert_same(db: &Database, body: &str) {
    let fast = dispatch(db.inner(), "GetItem", body.as_bytes());
    let slow = serde_path(db, body.as_bytes());
    assert_eq!(fast, slow, "{body}");
}

fn database() -> Database {
    let db = Database::in_memory().unwrap();
    let create = r#"{"TableName":"tbl","BillingMode":"PAY_PER_REQUEST",
        "AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},
                                {"AttributeName":"sk","AttributeType":"N"}],
        "KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},
                     {"AttributeName":"sk","KeyType":"RANGE"}]}"#;
    db.handle_json("CreateTable", create.as_bytes()).unwrap();
    let put = r#"{"TableName":"tbl","Item":{"pk":{"S":"a"},"sk":{"N":"1"},
        "v":{"S":"x\"y\n\u00e9"},"n":{"NS":["2","-1.5"]},"b":{"B":"AAE="},
        "m":{"M":{"l":{"L":[{"NULL":true},{"BOOL":false}]}}}}}"#;
    db.handle_json("PutItem", put.as_bytes()).unwrap();
    db
}

#[test]
fn every_request_shape_answers_as_serde_does() {
    let db = database();
    let key = r#""Key":{"pk":{"S":"a"},"sk":{"N":"1"}}"#;
    let requests = [
        format!(r#"{{"TableName":"tbl",{key}}}"#),
        format!(r#"{{"TableName":"tbl",{key},"ReturnConsumedCapacity":"TOTAL"}}"#),
        format!(r#"{{"TableName":"tbl",{key},"ReturnConsumedCapacity":"INDEXES"}}"#),
        format!(r#"{{"TableName":"tbl",{key},"ReturnConsumedCapacity":"NONE"}}"#),
        format!(r#"{{"TableName":"tbl",{key},"ReturnConsumedCapacity":"ALL"}}"#),
        format!(
            r#"{{"TableName":"tbl",{key},"ConsistentRead":true,"ReturnConsumedCapacity":"TOTAL"}}"#
        ),
        format!(r#"{{"TableName":"tbl",{key},"ConsistentRead":null}}"#),
        format!(
            r##"{{"TableName":"tbl",{key},"ProjectionExpression":"v, m.l[1], #n","ExpressionAttributeNames":{{"#n":"n"}}}}"##
        ),
        format!(r##"{{"TableName":"tbl",{key},"ProjectionExpression":"#x"}}"##),
        format!(r##"{{"TableName":"tbl",{key},"ExpressionAttributeNames":{{"#n":"n"}}}}"##),
        format!(r#"{{"TableName":"tbl",{key},"AttributesToGet":["v","b"]}}"#),
        format!(r#"{{"TableName":"tbl",{key},"AttributesToGet":[]}}"#),
        format!(r#"{{"TableName":"tbl",{key},"Unknown":1}}"#),
        format!(r#"{{"TableName":"tbl",{key},"TableName":"tbl"}}"#),
        format!(" \n{{ \"TableName\" : \"tbl\" , {key} }} \t"),
        format!(r#"{{"TableName":"tbl",{key}}} x"#),
        format!(r#"{{"TableName":"nope",{key}}}"#),
        format!(r#"{{"TableName":"a b",{key}}}"#),
        format!(r#"{{"TableName":"\u0074",{key}}}"#),
        format!(r#"{{"TableName":5,{key}}}"#),
        format!(r#"{{{key}}}"#),
        r#"{"TableName":"tbl"}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"2"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1.0e0"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"sk":{"N":"1"},"pk":{"S":"a"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1"},"x":{"S":"a"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"},"pk":{"S":"a"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":""},"sk":{"N":"1"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"N":"1"},"sk":{"N":"1"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"x"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"S":"1"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"B":"AAE="},"sk":{"N":"1"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a","N":"1"},"sk":{"N":"1"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":{"pk":{},"sk":{"N":"1"}}}"#.to_owned(),
        r#"{"TableName":"tbl","Key":[]}"#.to_owned(),
        "{\"TableName\":\"tbl\",\"Key\":{\"p\u{e9}\":{\"S\":\"a\"},\"sk\":{\"N\":\"1\"}}}"
            .to_owned(),
        "{}".to_owned(),
        String::new(),
        "{".to_owned(),
        "null".to_owned(),
    ];
    for body in &requests {
        assert_same(&db, body);
    }
}

#[test]
fn plain_requests_skip_serde() {
    let plain = [
        r#"{"TableName":"tbl","Key":{"pk":{"S":"a"},"sk":{"N":"1"}},"ReturnConsumedCapacity":"TOTAL"}"#,
        r#" { "Key" : { "pk" : { "B" : "AAE=" } } , "ConsistentRead" : false } "#,
        r##"{"ProjectionExpression":"#a","ExpressionAttributeNames":{"#a":"é"}}"##,
    ];
    for body in plain {
        assert!(PlainRequest::read(body.as_bytes()).is_some(), "{body}");
    }
    let not_plain = [
        r#"{"TableName":"tbl","AttributesToGet":["a"]}"#,
        r#"{"TableName":"t\u0062l"}"#,
        r#"{"TableName":"tbl","TableName":"tbl"}"#,
        r#"{"Key":{"pk":{"S":"a"},"sk":{"N":"1"},"x":{"N":"1"}}}"#,
        r#"{"ConsistentRead":null}"#,
    ];
    for body in not_plain {
        assert!(PlainRequest::read(body.as_bytes()).is_none(), "{body}");
    }
}

fn keyed(mut item: Item, pk: &str) -> Item {
    item.insert("pk".into(), AttributeValue::S(pk.into()));
    item.insert("sk".into(), AttributeValue::N(7.into()));
    item
}

proptest! {
    #[test]
    fn any_stored_item_reads_back_as_serde_writes_it(item in arbitrary::item(), consistent: bool) {
        let db = database();
        let item = keyed(item, "p");
        db.put_item(PutItemRequest {
            table_name: Some("tbl".into()),
            item: Some(item),
            ..Default::default()
        })
        .unwrap();
        let body = format!(
            r#"{{"TableName":"tbl","Key":{{"pk":{{"S":"p"}},"sk":{{"N":"7"}}}},"ConsistentRead":{consistent},"ReturnConsumedCapacity":"TOTAL"}}"#
        );
        let fast = dispatch(db.inner(), "GetItem", body.as_bytes()).unwrap();
        prop_assert_eq!(fast, serde_path(&db, body.as_bytes()).unwrap());
    }
}
