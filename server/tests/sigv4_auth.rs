//! `--auth`: real SigV4 verification. The AWS SDK signs; the server must accept exactly the
//! configured keys and answer the rest with DynamoDB's errors.

mod common;

use aws_sdk_dynamodb::error::ProvideErrorMetadata;
use common::{raw, TestResult, TestServer};
use dynakv_server::{Config, Credential, Storage};

async fn verifying_server() -> TestServer {
    TestServer::start(Config {
        storage: Storage::InMemory,
        credentials: vec![
            Credential {
                access_key: "AKIDGOOD".into(),
                secret_key: "good-secret".into(),
                session_token: None,
            },
            Credential {
                access_key: "ASIATEMP".into(),
                secret_key: "temp-secret".into(),
                session_token: Some("session-token-1".into()),
            },
        ],
        ..Config::default()
    })
    .await
}

#[tokio::test]
async fn correctly_signed_requests_are_served() -> TestResult {
    let s = verifying_server().await;
    let c = s.client_as("AKIDGOOD", "good-secret", None, "us-east-1");
    common::create_table(&c, "signed", false).await;
    assert_eq!(c.list_tables().send().await?.table_names(), ["signed"]);
    let temp = s.client_as(
        "ASIATEMP",
        "temp-secret",
        Some("session-token-1"),
        "us-east-1",
    );
    assert!(
        temp.list_tables().send().await?.table_names().is_empty(),
        "other key, other database"
    );
    Ok(())
}

#[tokio::test]
async fn wrong_secret_is_an_invalid_signature() {
    let s = verifying_server().await;
    let c = s.client_as("AKIDGOOD", "bad-secret", None, "us-east-1");
    let err = c.list_tables().send().await.unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"));
    assert!(err.message().unwrap_or_default().starts_with(
        "The request signature we calculated does not match the signature you provided."
    ));
}

#[tokio::test]
async fn unknown_key_is_an_unrecognized_client() {
    let s = verifying_server().await;
    let c = s.client_as("AKIDOTHER", "whatever", None, "us-east-1");
    let err = c.list_tables().send().await.unwrap_err();
    assert_eq!(err.code(), Some("UnrecognizedClientException"));
    assert_eq!(
        err.message(),
        Some("The security token included in the request is invalid.")
    );
}

#[tokio::test]
async fn session_tokens_must_match() {
    let s = verifying_server().await;
    for token in [None, Some("session-token-2")] {
        let c = s.client_as("ASIATEMP", "temp-secret", token, "us-east-1");
        let err = c.list_tables().send().await.unwrap_err();
        assert_eq!(err.code(), Some("UnrecognizedClientException"), "{token:?}");
    }
    let c = s.client_as("AKIDGOOD", "good-secret", Some("unexpected"), "us-east-1");
    assert_eq!(
        c.list_tables().send().await.unwrap_err().code(),
        Some("UnrecognizedClientException")
    );
}

#[tokio::test]
async fn stale_signatures_are_rejected_with_dynamodbs_text() {
    let s = verifying_server().await;
    let auth = "AWS4-HMAC-SHA256 Credential=AKIDGOOD/20130301/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0";
    let r = raw(
        s.addr,
        "POST",
        "/",
        &[
            ("x-amz-target", "DynamoDB_20120810.ListTables"),
            ("content-type", "application/x-amz-json-1.0"),
            ("authorization", auth),
            ("x-amz-date", "20130301T000000Z"),
        ],
        "{}",
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.json()["__type"],
        "com.amazon.coral.service#InvalidSignatureException"
    );
    let msg = r.json()["message"].as_str().unwrap_or_default().to_string();
    assert!(
        msg.starts_with("Signature expired: 20130301T000000Z is now earlier than "),
        "{msg}"
    );
    assert!(msg.ends_with(" - 15 min.)"), "{msg}");
}

#[tokio::test]
async fn any_credentials_mode_accepts_every_signature() -> TestResult {
    let s = TestServer::in_memory().await;
    let c = s.client_as("anything", "at-all", Some("tok"), "eu-west-1");
    c.list_tables().send().await?;
    Ok(())
}
