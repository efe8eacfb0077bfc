//! Who is calling: SigV4 from the `Authorization` header or the query string, checked in
//! DynamoDB's order with DynamoDB's messages.
//!
//! Without configured keys every signature is accepted (as DynamoDB Local does) but the request
//! must still carry a well-formed one: the access key and region of its credential scope pick the
//! caller's database. With keys (`--auth`), the date, scope, key, signature and session token are
//! all verified.

mod signed;
mod sigv4;

use std::borrow::Cow;

use crate::config::Credential;
use crate::fields::Fields;
use crate::http::Head;
use crate::time;
use crate::wire_error::WireError;
use signed::{credential_scope, lossy, parse_query, Signed};

/// The authenticated caller, borrowed from the request head where possible.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Caller<'a> {
    pub access_key: Cow<'a, str>,
    pub region: Cow<'a, str>,
}

impl Caller<'_> {
    pub fn into_owned(self) -> Caller<'static> {
        Caller {
            access_key: Cow::Owned(self.access_key.into_owned()),
            region: Cow::Owned(self.region.into_owned()),
        }
    }

    /// The same caller, whoever owns the text.
    pub fn same(&self, other: &Caller<'_>) -> bool {
        self.access_key == other.access_key && self.region == other.region
    }
}

/// How far a signature may be from the server's clock.
const MAX_SKEW_SECS: i64 = 15 * 60;

/// Authenticates a request (`fields`: its head's). `keys` empty means accept any well-formed
/// signature.
pub fn authenticate<'a>(
    head: &Head<'a>,
    fields: &Fields<'a>,
    body: &[u8],
    keys: &[Credential],
    now_unix: i64,
) -> Result<Caller<'a>, WireError> {
    let query = parse_query(head.query);
    let signed = Signed::of_request(fields, &query)?;
    if keys.is_empty() {
        check_algorithm(&signed)?;
        return signed.caller();
    }
    let amz_date = check_date(&signed, now_unix)?;
    check_host_signed(&signed)?;
    check_algorithm(&signed)?;
    let scope = credential_scope(&signed.credential)?;
    check_scope(&scope, &amz_date, &signed.date)?;
    let key = keys
        .iter()
        .find(|k| k.access_key == scope[0])
        .ok_or_else(|| {
            WireError::unrecognized_client("The security token included in the request is invalid.")
        })?;
    check_signature(head, body, &query, &signed, &scope, &amz_date, key)?;
    if signed.session_token.as_deref() != key.session_token.as_deref() {
        return Err(WireError::unrecognized_client(
            "The security token included in the request is invalid",
        ));
    }
    signed.caller()
}

/// The request time in basic format, checked for format and clock skew.
fn check_date(signed: &Signed, now: i64) -> Result<String, WireError> {
    let t = time::parse_basic(&signed.date)
        .or_else(|| time::parse_rfc1123(&signed.date))
        .ok_or_else(|| {
            WireError::incomplete_signature(format!(
                "Date must be in ISO-8601 'basic format'. Got '{}'. See http://en.wikipedia.org/wiki/ISO_8601",
                signed.date
            ))
        })?;
    let (when, now_s) = (time::format_basic(t), time::format_basic(now));
    if t < now - MAX_SKEW_SECS {
        let limit = time::format_basic(now - MAX_SKEW_SECS);
        return Err(WireError::invalid_signature(format!(
            "Signature expired: {when} is now earlier than {limit} ({now_s} - 15 min.)"
        )));
    }
    if t > now + MAX_SKEW_SECS {
        let limit = time::format_basic(now + MAX_SKEW_SECS);
        return Err(WireError::invalid_signature(format!(
            "Signature not yet current: {when} is still later than {limit} ({now_s} + 15 min.)"
        )));
    }
    Ok(when)
}

fn check_host_signed(signed: &Signed) -> Result<(), WireError> {
    if signed
        .signed_headers
        .split(';')
        .any(|h| h.eq_ignore_ascii_case("host"))
    {
        Ok(())
    } else {
        Err(WireError::invalid_signature(
            "'Host' must be a 'SignedHeader' in the AWS Authorization.".into(),
        ))
    }
}

fn check_algorithm(signed: &Signed) -> Result<(), WireError> {
    if signed.algorithm == sigv4::ALGORITHM {
        Ok(())
    } else {
        Err(WireError::incomplete_signature(format!(
            "Unsupported AWS 'algorithm': '{}' (only AWS4-HMAC-SHA256 for now). ",
            signed.algorithm
        )))
    }
}

/// `keyid/date/region/service/terminator`; trailing slashes are ignored.
fn check_scope(scope: &[&str], amz_date: &str, raw_date: &str) -> Result<(), WireError> {
    let mut problems = Vec::new();
    if scope[2].is_empty() {
        problems.push(format!(
            "Credential should be scoped to a valid region, not '{}'.",
            scope[2]
        ));
    }
    if scope[3] != "dynamodb" {
        problems.push("Credential should be scoped to correct service: 'dynamodb'.".to_string());
    }
    if scope[4] != "aws4_request" {
        problems.push(format!(
            "Credential should be scoped with a valid terminator: 'aws4_request', not '{}'.",
            scope[4]
        ));
    }
    if scope[1] != &amz_date[..8] {
        problems.push(format!(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{raw_date}'.",
            scope[1],
            &amz_date[..8]
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(WireError::invalid_signature(problems.join(" ")))
    }
}

fn check_signature(
    head: &Head<'_>,
    body: &[u8],
    query: &[(String, String)],
    signed: &Signed,
    scope: &[&str],
    amz_date: &str,
    key: &Credential,
) -> Result<(), WireError> {
    let headers = signed
        .signed_headers
        .split(';')
        .map(|name| {
            let name = name.to_ascii_lowercase();
            let values = head
                .headers
                .get_all(&name)
                .map(|v| String::from_utf8_lossy(v).into_owned())
                .collect();
            (name, values)
        })
        .collect();
    let payload_sha256 = lossy(head.headers.get("x-amz-content-sha256"))
        .map_or_else(|| sigv4::sha256_hex(body), Cow::into_owned);
    let query = query
        .iter()
        .filter(|(k, _)| !(signed.from_query && k == "X-Amz-Signature"))
        .cloned()
        .collect();
    let path = String::from_utf8_lossy(head.path);
    let input = sigv4::CanonicalInput {
        // httparse admits only token characters (ASCII) in a method.
        method: std::str::from_utf8(head.method).unwrap_or_default(),
        path: &path,
        query,
        headers,
        payload_sha256,
    };
    let canonical = sigv4::canonical_request(&input);
    // The credential scope without the key id.
    let scope_str = scope[1..].join("/");
    let sts = sigv4::string_to_sign(amz_date, &scope_str, &canonical);
    let expected = sigv4::signature(
        &key.secret_key,
        [scope[1], scope[2], scope[3], scope[4]],
        &sts,
    );
    if sigv4::constant_time_eq(&expected, &signed.signature) {
        return Ok(());
    }
    Err(WireError::invalid_signature(format!(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'{canonical}'\n\nThe String-to-Sign should have been\n'{sts}'\n"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::testing::Parsed;

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parsed {
        Parsed::new("POST", uri, headers)
    }

    fn authenticate<'a>(
        p: &'a Parsed,
        body: &[u8],
        keys: &[Credential],
        now: i64,
    ) -> Result<Caller<'a>, WireError> {
        let head = p.head();
        super::authenticate(&head, &Fields::of(head.headers), body, keys, now)
    }

    fn message(r: Result<Caller, WireError>) -> (String, String) {
        let e = r.unwrap_err();
        (e.type_, e.message.unwrap_or_default())
    }

    const SIGNED: &str = "AWS4-HMAC-SHA256 Credential=AKID/20130609/us-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc";

    #[test]
    fn any_credentials_pick_key_and_region() {
        let p = parts(
            "/",
            &[
                ("authorization", SIGNED),
                ("x-amz-date", "20130609T095204Z"),
            ],
        );
        let caller = authenticate(&p, b"{}", &[], 0).unwrap();
        assert_eq!(
            caller,
            Caller {
                access_key: "AKID".into(),
                region: "us-west-2".into()
            }
        );
    }

    #[test]
    fn missing_and_incomplete_in_dynamodb_words() {
        let (t, m) = message(authenticate(&parts("/", &[]), b"", &[], 0));
        assert_eq!(
            (t.as_str(), m.as_str()),
            (
                "com.amazon.coral.service#MissingAuthenticationTokenException",
                "Request is missing Authentication Token"
            )
        );
        let (_, m) = message(authenticate(
            &parts("/", &[("authorization", "AWS4")]),
            b"",
            &[],
            0,
        ));
        assert_eq!(m, "Request is missing Authentication Token");
        let (t, m) = message(authenticate(
            &parts("/", &[("authorization", "AWS4-")]),
            b"",
            &[],
            0,
        ));
        assert_eq!(t, "com.amazon.coral.service#IncompleteSignatureException");
        assert_eq!(m, "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-");
        let (_, m) = message(authenticate(
            &parts(
                "/",
                &[
                    ("authorization", "AWS4- Signature=b, Credential=a"),
                    ("date", "a"),
                ],
            ),
            b"",
            &[],
            0,
        ));
        assert_eq!(m, "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b, Credential=a");
        let (t, m) = message(authenticate(
            &parts("/?X-Amz-Algorithm", &[("authorization", "X")]),
            b"",
            &[],
            0,
        ));
        assert_eq!(t, "com.amazon.coral.service#InvalidSignatureException");
        assert_eq!(m, "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
        let (_, m) = message(authenticate(
            &parts(
                "/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d",
                &[],
            ),
            b"",
            &[],
            0,
        ));
        assert_eq!(m, "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.");
    }

    #[test]
    fn structure_checks_in_order() {
        let bad_alg = SIGNED.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA25");
        let (_, m) = message(authenticate(
            &parts("/", &[("authorization", &bad_alg), ("x-amz-date", "x")]),
            b"",
            &[],
            0,
        ));
        assert_eq!(
            m,
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). "
        );
        let short = SIGNED.replace("AKID/20130609/us-west-2/dynamodb/aws4_request", "a/b/c/d//");
        let (_, m) = message(authenticate(
            &parts("/", &[("authorization", &short), ("x-amz-date", "x")]),
            b"",
            &[],
            0,
        ));
        assert_eq!(m, "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'");
    }

    fn keys() -> Vec<Credential> {
        vec![Credential {
            access_key: "AKID".into(),
            secret_key: "secret".into(),
            session_token: None,
        }]
    }

    #[test]
    fn verified_dates_and_scopes() {
        let now = time::parse_basic("20130609T100015Z").unwrap();
        let old = parts(
            "/",
            &[
                ("authorization", SIGNED),
                ("x-amz-date", "20130301T000000Z"),
            ],
        );
        let (t, m) = message(authenticate(&old, b"", &keys(), now));
        assert_eq!(t, "com.amazon.coral.service#InvalidSignatureException");
        assert_eq!(m, "Signature expired: 20130301T000000Z is now earlier than 20130609T094515Z (20130609T100015Z - 15 min.)");
        let (t, m) = message(authenticate(
            &parts("/", &[("authorization", SIGNED), ("x-amz-date", "201")]),
            b"",
            &keys(),
            now,
        ));
        assert_eq!(t, "com.amazon.coral.service#IncompleteSignatureException");
        assert_eq!(m, "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601");
        let no_host = SIGNED.replace("host;", "");
        let (_, m) = message(authenticate(
            &parts(
                "/",
                &[
                    ("authorization", &no_host),
                    ("x-amz-date", "20130609T100015Z"),
                ],
            ),
            b"",
            &keys(),
            now,
        ));
        assert_eq!(
            m,
            "'Host' must be a 'SignedHeader' in the AWS Authorization."
        );
        let scope = SIGNED.replace(
            "AKID/20130609/us-west-2/dynamodb/aws4_request",
            "AKID/b/c/s3/e",
        );
        let (_, m) = message(authenticate(
            &parts(
                "/",
                &[
                    ("authorization", &scope),
                    ("x-amz-date", "20130609T095204Z"),
                ],
            ),
            b"",
            &keys(),
            now,
        ));
        assert_eq!(m, "Credential should be scoped to correct service: 'dynamodb'. Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20130609', from '20130609T095204Z'.");
        let other_key = SIGNED.replace("AKID", "OTHER");
        let (t, m) = message(authenticate(
            &parts(
                "/",
                &[
                    ("authorization", &other_key),
                    ("x-amz-date", "20130609T100015Z"),
                ],
            ),
            b"",
            &keys(),
            now,
        ));
        assert_eq!(t, "com.amazon.coral.service#UnrecognizedClientException");
        assert_eq!(m, "The security token included in the request is invalid.");
        let (_, m) = message(authenticate(
            &parts(
                "/",
                &[
                    ("authorization", SIGNED),
                    ("x-amz-date", "20130609T100015Z"),
                ],
            ),
            b"",
            &keys(),
            now,
        ));
        assert!(
            m.starts_with(
                "The request signature we calculated does not match the signature you provided."
            ),
            "{m}"
        );
    }
}
