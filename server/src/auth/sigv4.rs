//! AWS Signature Version 4 computed on the server side: canonical request, string to sign,
//! signing key and signature, as the SDKs compute them (non-S3 rules: the path is encoded once
//! more, and the payload hash is that of the bytes sent, compressed or not).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// What the canonical request is built from.
pub struct CanonicalInput<'a> {
    pub method: &'a str,
    /// The path as received (already percent-encoded by the client).
    pub path: &'a str,
    /// `(name, value)` pairs, percent-decoded, without `X-Amz-Signature`.
    pub query: Vec<(String, String)>,
    /// `(lowercase name, header values)` for each signed header, in SignedHeaders order.
    pub headers: Vec<(String, Vec<String>)>,
    pub payload_sha256: String,
}

pub fn canonical_request(input: &CanonicalInput<'_>) -> String {
    let mut out = String::with_capacity(256);
    out.push_str(input.method);
    out.push('\n');
    out.push_str(&canonical_path(input.path));
    out.push('\n');
    out.push_str(&canonical_query(&input.query));
    out.push('\n');
    for (name, values) in &input.headers {
        let values: Vec<String> = values.iter().map(|v| collapse_spaces(v)).collect();
        out.push_str(name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out.push('\n');
    let names: Vec<&str> = input.headers.iter().map(|(n, _)| n.as_str()).collect();
    out.push_str(&names.join(";"));
    out.push('\n');
    out.push_str(&input.payload_sha256);
    out
}

pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// Hex HMAC of the string to sign under the key derived from the secret and the scope
/// `date/region/service/aws4_request`.
pub fn signature(secret: &str, scope: [&str; 4], string_to_sign: &str) -> String {
    let mut key = format!("AWS4{secret}").into_bytes();
    for part in scope {
        key = hmac(&key, part.as_bytes());
    }
    hex::encode(hmac(&key, string_to_sign.as_bytes()))
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Equality whose time does not depend on where the strings first differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn canonical_path(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    path.split('/')
        .map(uri_encode)
        .collect::<Vec<_>>()
        .join("/")
}

fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .iter()
        .map(|(k, v)| (uri_encode(k), uri_encode(v)))
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// RFC 3986 encoding as SigV4 wants it: everything but unreserved characters.
pub fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decoding of a query component (`+` stays a plus, as in SigV4).
pub fn uri_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex_pair = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (
            bytes[i],
            hex_pair.and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn collapse_spaces(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `get-vanilla` case of AWS's SigV4 test suite.
    #[test]
    fn aws_test_suite_get_vanilla() {
        let input = CanonicalInput {
            method: "GET",
            path: "/",
            query: vec![],
            headers: vec![
                ("host".into(), vec!["example.amazonaws.com".into()]),
                ("x-amz-date".into(), vec!["20150830T123600Z".into()]),
            ],
            payload_sha256: sha256_hex(b""),
        };
        let creq = canonical_request(&input);
        let scope = "20150830/us-east-1/service/aws4_request";
        let sts = string_to_sign("20150830T123600Z", scope, &creq);
        assert_eq!(
            sts.lines().last(),
            Some("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
        );
        let sig = signature(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            ["20150830", "us-east-1", "service", "aws4_request"],
            &sts,
        );
        assert_eq!(
            sig,
            "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        );
    }

    #[test]
    fn encoding_and_decoding() {
        assert_eq!(uri_encode("a b/c~"), "a%20b%2Fc~");
        assert_eq!(uri_decode("a%20b%2Fc%zz%"), "a b/c%zz%");
        assert_eq!(canonical_path("/a b/"), "/a%20b/");
        assert_eq!(
            canonical_query(&[("b".into(), "2".into()), ("a".into(), "x y".into())]),
            "a=x%20y&b=2"
        );
        assert!(constant_time_eq("abc", "abc"));
        assert!(!constant_time_eq("abc", "abd"));
        assert!(!constant_time_eq("abc", "ab"));
    }
}
