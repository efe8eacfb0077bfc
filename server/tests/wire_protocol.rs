//! The wire details real DynamoDB shows (as recorded by dynalite's tests against it): status
//! codes, bodies, x-amz-crc32, request ids, content types, gzip, CORS, the order of checks.

mod common;

use common::{call, connect, raw, send, TestServer, ANY_AUTH};

const SERIALIZATION: &str = r#"{"__type":"com.amazon.coral.service#SerializationException"}"#;
const UNKNOWN_OP: &str = r#"{"__type":"com.amazon.coral.service#UnknownOperationException"}"#;

fn assert_request_id(r: &common::Raw) {
    let id = r.header("x-amzn-requestid").expect("request id");
    assert_eq!(id.len(), 52);
    assert!(id
        .bytes()
        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()));
}

fn assert_crc(r: &common::Raw) {
    let crc: u32 = r
        .header("x-amz-crc32")
        .expect("crc header")
        .parse()
        .expect("decimal crc");
    assert_eq!(crc, crc32fast::hash(&r.body));
}

#[tokio::test]
async fn health_check_answers_get() {
    let s = TestServer::in_memory().await;
    let r = raw(s.addr, "GET", "/", &[], "").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "healthy: dynamodb.us-east-1.amazonaws.com ");
    assert_eq!(r.header("x-amz-crc32"), Some("3128867991"));
    assert_eq!(r.header("content-length"), Some("42"));
    assert_eq!(r.header("server"), Some("Server"));
    assert_request_id(&r);
}

#[tokio::test]
async fn non_dynamodb_requests_get_404() {
    let s = TestServer::in_memory().await;
    for (method, ct) in [
        ("PUT", None),
        ("DELETE", None),
        ("OPTIONS", None),
        ("POST", Some("whatever")),
        ("POST", Some("application/x-amz-json-1.1")),
        ("POST", Some("application/jsonasdf")),
    ] {
        let headers: Vec<(&str, &str)> = ct.map(|c| ("content-type", c)).into_iter().collect();
        let r = raw(s.addr, method, "/", &headers, "hi").await;
        assert_eq!(r.status, 404, "{method} {ct:?}");
        assert_eq!(r.text(), "<UnknownOperationException/>\n");
        assert_eq!(r.header("x-amz-crc32"), Some("3552371480"));
        assert_request_id(&r);
    }
    // Body without any content type.
    let r = raw(s.addr, "POST", "/", &[], "hi").await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn malformed_json_is_a_serialization_exception_before_anything_else() {
    let s = TestServer::in_memory().await;
    for ct in [
        "application/json",
        "application/json;",
        "  application/json  ;   asfd",
        "application/x-amz-json-1.0;blah",
    ] {
        let r = raw(s.addr, "POST", "/", &[("content-type", ct)], "hi").await;
        assert_eq!(r.status, 400);
        assert_eq!(r.text(), SERIALIZATION);
        assert_eq!(r.header("x-amz-crc32"), Some("3948637019"));
        let expected_ct = if ct.contains("amz-json") {
            "application/x-amz-json-1.0"
        } else {
            "application/json"
        };
        assert_eq!(r.header("content-type"), Some(expected_ct));
        assert_request_id(&r);
    }
}

#[tokio::test]
async fn unknown_targets_are_unknown_operations() {
    let s = TestServer::in_memory().await;
    let r = raw(s.addr, "POST", "/", &[], "").await;
    assert_eq!((r.status, r.text()), (400, UNKNOWN_OP.to_string()));
    assert_eq!(r.header("x-amz-crc32"), Some("1368724161"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    for target in [
        "whatever",
        "DynamoDB_20120810.ListTable",
        "DynamoDB_20111205.ListTables",
    ] {
        let r = raw(
            s.addr,
            "POST",
            "/",
            &[
                ("x-amz-target", target),
                ("content-type", "application/json"),
            ],
            "{}",
        )
        .await;
        assert_eq!(
            (r.status, r.text()),
            (400, UNKNOWN_OP.to_string()),
            "{target}"
        );
    }
    // Streams are not served yet: a signed streams call gets the same answer.
    let r = raw(
        s.addr,
        "POST",
        "/",
        &[
            ("x-amz-target", "DynamoDBStreams_20120810.ListStreams"),
            ("content-type", "application/x-amz-json-1.0"),
            ("authorization", ANY_AUTH),
            ("x-amz-date", "20240101T000000Z"),
        ],
        "{}",
    )
    .await;
    assert_eq!((r.status, r.text()), (400, UNKNOWN_OP.to_string()));
}

#[tokio::test]
async fn missing_authentication() {
    let s = TestServer::in_memory().await;
    for auth in [None, Some("AWS4"), Some("Basic abc")] {
        let mut headers = vec![("x-amz-target", "DynamoDB_20120810.ListTables")];
        headers.extend(auth.map(|a| ("authorization", a)));
        let r = raw(s.addr, "POST", "/", &headers, "").await;
        assert_eq!(r.status, 400);
        assert_eq!(
            r.text(),
            r#"{"__type":"com.amazon.coral.service#MissingAuthenticationTokenException","message":"Request is missing Authentication Token"}"#
        );
        assert_eq!(r.header("x-amz-crc32"), Some("2088342776"));
    }
    let r = raw(
        s.addr,
        "POST",
        "/",
        &[
            ("x-amz-target", "DynamoDB_20120810.ListTables"),
            ("authorization", "AWS4-"),
        ],
        "",
    )
    .await;
    assert_eq!(
        r.json()["__type"],
        "com.amazon.coral.service#IncompleteSignatureException"
    );
    assert_eq!(r.header("x-amz-crc32"), Some("1828866742"));
}

#[tokio::test]
async fn signed_malformed_json_is_a_serialization_exception_not_the_library_error() {
    let s = TestServer::in_memory().await;
    for body in ["{\"TableName\":", "{}x", "[1,]"] {
        let r = call(s.addr, "GetItem", body).await;
        assert_eq!(
            (r.status, r.text()),
            (400, SERIALIZATION.to_string()),
            "{body}"
        );
    }
    // Well-formed JSON of the wrong shape is the operation's own error.
    let r = call(s.addr, "GetItem", "[]").await;
    assert_eq!(r.status, 400);
    assert_ne!(r.text(), SERIALIZATION);
}

#[tokio::test]
async fn signed_request_without_body_is_a_serialization_exception() {
    let s = TestServer::in_memory().await;
    let r = call(s.addr, "ListTables", "").await;
    assert_eq!((r.status, r.text()), (400, SERIALIZATION.to_string()));
}

#[tokio::test]
async fn success_carries_crc_request_id_and_content_type() {
    let s = TestServer::in_memory().await;
    let r = call(s.addr, "ListTables", "{}").await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json(), serde_json::json!({"TableNames": []}));
    assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.0"));
    assert_crc(&r);
    assert_request_id(&r);
    let shape = call(s.addr, "ListTables", r#"{"Limit": 0}"#).await;
    assert_eq!(shape.status, 400);
    assert_eq!(
        shape.json()["__type"],
        "com.amazon.coral.validate#ValidationException"
    );
    let missing = call(s.addr, "DescribeTable", r#"{"TableName": "nothere"}"#).await;
    assert_eq!(
        missing.json()["__type"],
        "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    );
    assert_crc(&missing);
}

#[tokio::test]
async fn keep_alive_serves_many_requests_on_one_connection() {
    let s = TestServer::in_memory().await;
    let mut conn = connect(s.addr).await;
    for _ in 0..20 {
        let r = send(
            &mut conn,
            "POST",
            "/",
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "DynamoDB_20120810.ListTables"),
                ("authorization", ANY_AUTH),
                ("x-amz-date", "20240101T000000Z"),
            ],
            "{}",
        )
        .await;
        assert_eq!(r.status, 200);
    }
    // Errors keep the connection open too.
    let r = send(
        &mut conn,
        "POST",
        "/",
        &[("content-type", "application/json")],
        "{",
    )
    .await;
    assert_eq!(r.status, 400);
    let r = send(&mut conn, "GET", "/", &[], "").await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn gzip_in_both_directions() {
    use std::io::Write;
    let s = TestServer::in_memory().await;
    let c = s.client();
    for i in 0..40 {
        common::create_table(&c, &format!("table-with-a-long-name-{i:03}"), false).await;
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(b"{}").unwrap();
    let gz = enc.finish().unwrap();
    let headers = [
        ("content-type", "application/x-amz-json-1.0"),
        ("x-amz-target", "DynamoDB_20120810.ListTables"),
        ("authorization", ANY_AUTH),
        ("x-amz-date", "20240101T000000Z"),
        ("content-encoding", "gzip"),
        ("accept-encoding", "gzip"),
    ];
    let r = raw(s.addr, "POST", "/", &headers, gz).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    // The checksum covers the bytes on the wire, i.e. the compressed ones.
    assert_crc(&r);
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&r.body[..]), &mut plain).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(v["TableNames"].as_array().map(Vec::len), Some(40));
    // Small answers and clients that don't ask stay uncompressed.
    let r = raw(s.addr, "POST", "/", &headers[..4], "{\"Limit\":1}").await;
    assert_eq!(r.header("content-encoding"), None);
    // A body that claims gzip but isn't.
    let r = raw(s.addr, "POST", "/", &headers, "{}").await;
    assert_eq!((r.status, r.text()), (400, SERIALIZATION.to_string()));
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let s = TestServer::in_memory().await;
    let r = raw(
        s.addr,
        "OPTIONS",
        "/",
        &[
            ("origin", "whatever"),
            ("access-control-request-headers", "a, b, c"),
            ("access-control-request-method", "d"),
        ],
        "",
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.header("access-control-allow-headers"), Some("a, b, c"));
    assert_eq!(r.header("access-control-allow-methods"), Some("d"));
    assert_eq!(r.header("access-control-max-age"), Some("172800"));
    assert_eq!(r.header("content-length"), Some("0"));
    assert_request_id(&r);
    let r = raw(s.addr, "POST", "/", &[("origin", "whatever")], "").await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    assert_eq!(r.text(), UNKNOWN_OP);

    let only = TestServer::start(dynakv_server::Config {
        storage: dynakv_server::Storage::InMemory,
        cors: dynakv_server::Cors::Only(vec!["http://ok".into()]),
        ..Default::default()
    })
    .await;
    let r = raw(only.addr, "OPTIONS", "/", &[("origin", "http://ok")], "").await;
    assert_eq!(
        (r.status, r.header("access-control-allow-origin")),
        (200, Some("http://ok"))
    );
    let r = raw(only.addr, "OPTIONS", "/", &[("origin", "http://evil")], "").await;
    assert_eq!(
        (r.status, r.header("access-control-allow-origin")),
        (404, None)
    );
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let s = TestServer::start(dynakv_server::Config {
        storage: dynakv_server::Storage::InMemory,
        max_body_bytes: 1000,
        ..Default::default()
    })
    .await;
    let big = format!("{{\"TableName\":\"{}\"}}", "a".repeat(2000));
    let r = call(s.addr, "DescribeTable", &big).await;
    assert_eq!((r.status, r.body.len()), (413, 0));
    let r = call(s.addr, "DescribeTable", r#"{"TableName":"abc"}"#).await;
    assert_eq!(r.status, 400, "under the cap is served");
}

#[tokio::test]
async fn odd_bodies_never_get_a_500() {
    let s = TestServer::in_memory().await;
    common::create_table(&s.client(), "odd", false).await;
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let bodies = [
        "[]",
        "\"x\"",
        "1",
        "null",
        "{}",
        r#"{"TableName": {}}"#,
        r#"{"TableName": "odd", "Item": []}"#,
        r#"{"TableName": "odd", "Key": {"pk": {"S": "a", "N": "1"}}}"#,
        r#"{"TableName": "odd", "Item": {"pk": {"N": "1e999"}}}"#,
        r#"{"TableName": "odd", "Limit": -1}"#,
        r#"{"TableName": "odd", "Key": {"pk": {"B": "not base64!"}}}"#,
        deep.as_str(),
    ];
    for op in [
        "PutItem",
        "GetItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "CreateTable",
        "DescribeTable",
        "ListTables",
        "UpdateTable",
        "DeleteTable",
    ] {
        for body in bodies {
            let r = call(s.addr, op, body).await;
            assert_ne!(r.status, 500, "{op} {body:.60}: {}", r.text());
            assert!(
                r.json()["__type"].is_string() || r.status == 200,
                "{op} {body:.60}: {}",
                r.text()
            );
        }
    }
}
