//! Who is calling: SigV4 from the `Authorization` header or the query string, checked in
//! DynamoDB's order with DynamoDB's messages.
//!
//! Without configured keys every signature is accepted (as DynamoDB Local does) but the request
//! must still carry a well-formed one: the access key and region of its credential scope pick the
//! caller's database. With keys (`--auth`), the date, scope, key, signature and session token are
//! all verified.

mod sigv4;
mod time;

use std::borrow::Cow;

use hyper::header::{HeaderMap, AUTHORIZATION};
use hyper::http::request::Parts;

use crate::config::Credential;
use crate::wire_error::WireError;

/// The authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Caller {
    pub access_key: String,
    pub region: String,
}

/// How far a signature may be from the server's clock.
const MAX_SKEW_SECS: i64 = 15 * 60;

/// The parts of a signature, from the header or the query string, borrowed from the request
/// where possible (this runs on every request).
struct Signed<'a> {
    algorithm: Cow<'a, str>,
    credential: Cow<'a, str>,
    signed_headers: Cow<'a, str>,
    signature: Cow<'a, str>,
    /// The raw date the client sent (X-Amz-Date, else Date).
    date: Cow<'a, str>,
    /// Presigned: the query carries the signature and is canonicalised without it.
    from_query: bool,
    session_token: Option<Cow<'a, str>>,
}

impl Signed<'_> {
    fn into_owned(self) -> Signed<'static> {
        let own = |c: Cow<'_, str>| Cow::Owned(c.into_owned());
        Signed {
            algorithm: own(self.algorithm),
            credential: own(self.credential),
            signed_headers: own(self.signed_headers),
            signature: own(self.signature),
            date: own(self.date),
            from_query: self.from_query,
            session_token: self.session_token.map(own),
        }
    }
}

/// Authenticates a request. `keys` empty means accept any well-formed signature.
pub fn authenticate(
    parts: &Parts,
    body: &[u8],
    keys: &[Credential],
    now_unix: i64,
) -> Result<Caller, WireError> {
    let query = parse_query(parts.uri.query().unwrap_or(""));
    let signed = signature_parts(&parts.headers, &query)?;
    if keys.is_empty() {
        check_algorithm(&signed)?;
        let scope = credential_scope(&signed)?;
        return Ok(Caller {
            access_key: scope[0].to_string(),
            region: scope[2].to_string(),
        });
    }
    let amz_date = check_date(&signed, now_unix)?;
    check_host_signed(&signed)?;
    check_algorithm(&signed)?;
    let scope = credential_scope(&signed)?;
    check_scope(&scope, &amz_date, &signed.date)?;
    let key = keys
        .iter()
        .find(|k| k.access_key == scope[0])
        .ok_or_else(|| {
            WireError::unrecognized_client("The security token included in the request is invalid.")
        })?;
    check_signature(parts, body, &query, &signed, &scope, &amz_date, key)?;
    if signed.session_token.as_deref() != key.session_token.as_deref() {
        return Err(WireError::unrecognized_client(
            "The security token included in the request is invalid",
        ));
    }
    Ok(Caller {
        access_key: scope[0].to_string(),
        region: scope[2].to_string(),
    })
}

fn signature_parts<'a>(
    headers: &'a HeaderMap,
    query: &'a [(String, String)],
) -> Result<Signed<'a>, WireError> {
    let header = headers.get(AUTHORIZATION).map(|v| v.as_bytes());
    let query_auth = query.iter().any(|(k, _)| k == "X-Amz-Algorithm");
    match header {
        Some(_) if query_auth => Err(WireError::invalid_signature(
            "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.".into(),
        )),
        Some(h) if h.trim_ascii_start().starts_with(b"AWS4-") => match std::str::from_utf8(h) {
            Ok(h) => header_signature(h, headers),
            // Rare: parse a lossy copy, and own what is kept of it.
            Err(_) => header_signature(&String::from_utf8_lossy(h), headers)
                .map(Signed::into_owned),
        },
        None if query_auth => query_signature(query, headers),
        _ => Err(WireError::missing_authentication_token()),
    }
}

fn header_signature<'a>(auth: &'a str, headers: &'a HeaderMap) -> Result<Signed<'a>, WireError> {
    let trimmed = auth.trim();
    let mut tokens = ascii_split(trimmed, |b| b == b',' || b == b' ').filter(|t| !t.is_empty());
    let algorithm = tokens.next().unwrap_or_default();
    // One pass over `name=value` tokens: each name's first token counts, and an empty value is
    // as good as none.
    let (mut credential, mut signature, mut signed_headers) = (None, None, None);
    for token in tokens {
        let (name, value) = token.split_once('=').unwrap_or((token, ""));
        let slot = match name {
            "Credential" => &mut credential,
            "Signature" => &mut signature,
            "SignedHeaders" => &mut signed_headers,
            _ => continue,
        };
        slot.get_or_insert(Some(value).filter(|v| !v.is_empty()));
    }
    let (credential, signature, signed_headers) = (
        credential.flatten(),
        signature.flatten(),
        signed_headers.flatten(),
    );
    let date = header_str(headers, "x-amz-date").or_else(|| header_str(headers, "date"));
    let mut msg = String::new();
    for (name, value) in [
        ("Credential", credential),
        ("Signature", signature),
        ("SignedHeaders", signed_headers),
    ] {
        if value.is_none() {
            msg.push_str(&format!(
                "Authorization header requires '{name}' parameter. "
            ));
        }
    }
    if date.is_none() {
        msg.push_str(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ",
        );
    }
    if !msg.is_empty() {
        return Err(WireError::incomplete_signature(format!(
            "{msg}Authorization={auth}"
        )));
    }
    Ok(Signed {
        algorithm: Cow::Borrowed(algorithm),
        credential: Cow::Borrowed(credential.unwrap_or_default()),
        signed_headers: Cow::Borrowed(signed_headers.unwrap_or_default()),
        signature: Cow::Borrowed(signature.unwrap_or_default()),
        date: date.unwrap_or_default(),
        from_query: false,
        session_token: header_str(headers, "x-amz-security-token"),
    })
}

fn query_signature<'a>(
    query: &'a [(String, String)],
    headers: &'a HeaderMap,
) -> Result<Signed<'a>, WireError> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Cow::Borrowed(v.as_str()))
            .filter(|v| !v.is_empty())
    };
    let names = [
        "X-Amz-Algorithm",
        "X-Amz-Credential",
        "X-Amz-Signature",
        "X-Amz-SignedHeaders",
        "X-Amz-Date",
    ];
    let missing: String = names
        .iter()
        .filter(|n| param(n).is_none())
        .map(|n| format!("AWS query-string parameters must include '{n}'. "))
        .collect();
    if !missing.is_empty() {
        return Err(WireError::incomplete_signature(format!(
            "{missing}Re-examine the query-string parameters."
        )));
    }
    Ok(Signed {
        algorithm: param("X-Amz-Algorithm").unwrap_or_default(),
        credential: param("X-Amz-Credential").unwrap_or_default(),
        signed_headers: param("X-Amz-SignedHeaders").unwrap_or_default(),
        signature: param("X-Amz-Signature").unwrap_or_default(),
        date: param("X-Amz-Date").unwrap_or_default(),
        from_query: true,
        session_token: param("X-Amz-Security-Token")
            .or_else(|| header_str(headers, "x-amz-security-token")),
    })
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
fn credential_scope<'a>(signed: &'a Signed) -> Result<[&'a str; 5], WireError> {
    let trimmed = signed.credential.trim_end_matches('/');
    let mut parts = [""; 5];
    let mut count = 0;
    for part in ascii_split(trimmed, |b| b == b'/') {
        if let Some(slot) = parts.get_mut(count) {
            *slot = part;
        }
        count += 1;
    }
    if count == 5 {
        Ok(parts)
    } else {
        Err(WireError::incomplete_signature(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{trimmed}'"
        )))
    }
}

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
    parts: &Parts,
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
            let values = parts
                .headers
                .get_all(name.as_str())
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect();
            (name, values)
        })
        .collect();
    let payload_sha256 = header_str(&parts.headers, "x-amz-content-sha256")
        .map_or_else(|| sigv4::sha256_hex(body), Cow::into_owned);
    let query = query
        .iter()
        .filter(|(k, _)| !(signed.from_query && k == "X-Amz-Signature"))
        .cloned()
        .collect();
    let input = sigv4::CanonicalInput {
        method: parts.method.as_str(),
        path: parts.uri.path(),
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

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<Cow<'a, str>> {
    headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
}

/// `s` split at every byte `is_separator` accepts, like `str::split`. Runs on bytes rather
/// than chars (the Authorization header is split on every request); the separators are ASCII,
/// so every piece boundary is a char boundary.
fn ascii_split(s: &str, is_separator: impl Fn(u8) -> bool) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.bytes().position(&is_separator) {
            Some(i) => {
                rest = Some(&current[i + 1..]);
                Some(&current[..i])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (sigv4::uri_decode(k), sigv4::uri_decode(v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_split_matches_str_split() {
        for s in [
            "",
            "a",
            ",a,,b c,",
            "é,ü x",
            "/a/b/",
            "AWS4-HMAC-SHA256 Credential=k/d",
        ] {
            let sep = |c: char| c == ',' || c == ' ' || c == '/';
            let ours: Vec<&str> = ascii_split(s, |b| sep(b as char)).collect();
            assert_eq!(ours, s.split(sep).collect::<Vec<_>>(), "{s:?}");
        }
    }

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut req = hyper::Request::post(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(()).unwrap().into_parts().0
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
