//! Finding a request's signature: the `Authorization` header or the presigned query string,
//! taken apart into its fields with DynamoDB's messages for what is missing. Runs on every
//! request, so the header form is read in place, borrowing from the request head.

use std::borrow::Cow;

use super::{sigv4, Caller};
use crate::fields::Fields;
use crate::wire_error::WireError;

/// The parts of a signature, borrowed from the request where possible.
pub struct Signed<'a> {
    pub algorithm: Cow<'a, str>,
    pub credential: Cow<'a, str>,
    pub signed_headers: Cow<'a, str>,
    pub signature: Cow<'a, str>,
    /// The raw date the client sent (X-Amz-Date, else Date).
    pub date: Cow<'a, str>,
    /// Presigned: the query carries the signature and is canonicalised without it.
    pub from_query: bool,
    pub session_token: Option<Cow<'a, str>>,
}

impl<'a> Signed<'a> {
    /// The signature of a request: `query` is its decoded query string.
    pub fn of_request(
        fields: &Fields<'a>,
        query: &[(String, String)],
    ) -> Result<Signed<'a>, WireError> {
        let header = fields.authorization;
        let query_auth = query.iter().any(|(k, _)| k == "X-Amz-Algorithm");
        match header {
            Some(_) if query_auth => Err(WireError::invalid_signature(
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.".into(),
            )),
            Some(h) if h.trim_ascii_start().starts_with(b"AWS4-") => {
                match std::str::from_utf8(h) {
                    Ok(h) => header_signature(h, fields),
                    // Rare: parse a lossy copy, and own what is kept of it.
                    Err(_) => header_signature(&String::from_utf8_lossy(h), fields)
                        .map(Signed::into_owned),
                }
            }
            None if query_auth => query_signature(query, fields),
            _ => Err(WireError::missing_authentication_token()),
        }
    }

    /// The caller named by the credential scope, borrowed when the credential is.
    pub fn caller(&self) -> Result<Caller<'a>, WireError> {
        match &self.credential {
            Cow::Borrowed(credential) => {
                let scope = credential_scope(credential)?;
                Ok(Caller {
                    access_key: Cow::Borrowed(scope[0]),
                    region: Cow::Borrowed(scope[2]),
                })
            }
            Cow::Owned(credential) => {
                let scope = credential_scope(credential)?;
                Ok(Caller {
                    access_key: Cow::Owned(scope[0].to_string()),
                    region: Cow::Owned(scope[2].to_string()),
                })
            }
        }
    }

    fn into_owned(self) -> Signed<'static> {
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

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(c.into_owned())
}

fn header_signature<'a, 'h>(auth: &'a str, fields: &Fields<'h>) -> Result<Signed<'a>, WireError>
where
    'h: 'a,
{
    let parts = AuthFields::parse(auth);
    let date = lossy(fields.amz_date).or_else(|| lossy(fields.date));
    let mut msg = String::new();
    for (name, value) in [
        ("Credential", parts.credential),
        ("Signature", parts.signature),
        ("SignedHeaders", parts.signed_headers),
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
        algorithm: Cow::Borrowed(parts.algorithm),
        credential: Cow::Borrowed(parts.credential.unwrap_or_default()),
        signed_headers: Cow::Borrowed(parts.signed_headers.unwrap_or_default()),
        signature: Cow::Borrowed(parts.signature.unwrap_or_default()),
        date: date.unwrap_or_default(),
        from_query: false,
        session_token: lossy(fields.security_token),
    })
}

/// The fields of `AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..`: the
/// algorithm, then `name=value` tokens separated by commas and spaces. Each name's first token
/// counts, and an empty value is as good as none.
#[derive(Debug, Default, PartialEq)]
struct AuthFields<'a> {
    algorithm: &'a str,
    credential: Option<&'a str>,
    signed_headers: Option<&'a str>,
    signature: Option<&'a str>,
}

impl<'a> AuthFields<'a> {
    /// One pass over the bytes (this runs on every request). Every slice boundary is at an
    /// ASCII separator or an end, so always a char boundary.
    fn parse(auth: &'a str) -> AuthFields<'a> {
        let auth = auth.trim();
        let bytes = auth.as_bytes();
        let mut fields = AuthFields::default();
        let Some((start, _, mut at)) = next_token(bytes, 0) else {
            return fields;
        };
        fields.algorithm = &auth[start..at];
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        while let Some((start, eq, end)) = next_token(bytes, at) {
            at = end;
            let (name, value) = match eq {
                Some(eq) => (&auth[start..eq], &auth[eq + 1..end]),
                None => (&auth[start..end], ""),
            };
            let slot = match name {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => continue,
            };
            slot.get_or_insert(Some(value).filter(|v| !v.is_empty()));
        }
        fields.credential = credential.flatten();
        fields.signed_headers = signed_headers.flatten();
        fields.signature = signature.flatten();
        fields
    }
}

/// The next token at or after `at`, as (start, its first `=` if any, end).
fn next_token(bytes: &[u8], mut at: usize) -> Option<(usize, Option<usize>, usize)> {
    while bytes.get(at).copied().is_some_and(is_separator) {
        at += 1;
    }
    if at >= bytes.len() {
        return None;
    }
    let end = at + separator_at(&bytes[at..]);
    let eq = bytes[at..end].iter().position(|&b| b == b'=');
    Some((at, eq.map(|i| at + i), end))
}

fn is_separator(b: u8) -> bool {
    b == b',' || b == b' '
}

/// Offset of the first separator in `bytes`, else its length. Eight bytes a step: a header
/// carries a few hundred bytes of credential, header names and signature.
fn separator_at(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    // Marks each zero byte of `w` in its high bit. Borrows may mark bytes above a true zero
    // too, never below one, so the lowest mark is exact.
    let zeros = |w: u64| w.wrapping_sub(ONES) & !w & (ONES << 7);
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        let marks = zeros(word ^ (ONES * u64::from(b','))) | zeros(word ^ (ONES * u64::from(b' ')));
        if marks != 0 {
            return offset + (marks.trailing_zeros() / 8) as usize;
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    offset
        + rest
            .iter()
            .position(|&b| is_separator(b))
            .unwrap_or(rest.len())
}

/// A presigned request's signature. Owned: the decoded query does not outlive the check.
fn query_signature(
    query: &[(String, String)],
    fields: &Fields<'_>,
) -> Result<Signed<'static>, WireError> {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Cow::Owned(v.clone()))
            .filter(|v: &Cow<'static, str>| !v.is_empty())
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
            .or_else(|| lossy(fields.security_token).map(own)),
    })
}

/// `keyid/date/region/service/terminator`; trailing slashes are ignored.
pub fn credential_scope(credential: &str) -> Result<[&str; 5], WireError> {
    let trimmed = credential.trim_end_matches('/');
    let mut parts = [""; 5];
    let mut count = 0;
    let mut start = 0;
    // Slashes are ASCII, so every cut is at a char boundary.
    let cuts = trimmed.bytes().enumerate().filter(|&(_, b)| b == b'/');
    for end in cuts.map(|(i, _)| i).chain([trimmed.len()]) {
        if let Some(slot) = parts.get_mut(count) {
            *slot = &trimmed[start..end];
        }
        count += 1;
        start = end + 1;
    }
    if count == 5 {
        Ok(parts)
    } else {
        Err(WireError::incomplete_signature(format!(
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{trimmed}'"
        )))
    }
}

/// A header value as text (almost always borrowed: header values are ASCII in practice).
pub fn lossy(value: Option<&[u8]>) -> Option<Cow<'_, str>> {
    value.map(String::from_utf8_lossy)
}

/// `(name, value)` pairs of a query string, percent-decoded.
pub fn parse_query(q: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(q)
        .split('&')
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
    fn authorization_fields() {
        let f = AuthFields::parse(
            " AWS4-HMAC-SHA256 Credential=a/b, ,SignedHeaders=host;x=y,Signature=c Credential=z ",
        );
        assert_eq!(
            f,
            AuthFields {
                algorithm: "AWS4-HMAC-SHA256",
                credential: Some("a/b"),
                signed_headers: Some("host;x=y"),
                signature: Some("c"),
            }
        );
        // The first token of a name counts, even when empty.
        let f = AuthFields::parse("AWS4-X Credential Credential=a Signature= Extra=1");
        assert_eq!((f.credential, f.signature), (None, None));
        assert_eq!(AuthFields::parse(""), AuthFields::default());
        assert_eq!(AuthFields::parse("é,ü").algorithm, "é");
        assert_eq!(AuthFields::parse(", ,A B=1").algorithm, "A");
    }

    #[test]
    fn separators_found_word_by_word_as_byte_by_byte() {
        let text = "AWS4-HMAC-SHA256 Credential=é/20240101, ,SignedHeaders=a;b\u{ff}\u{2c}x";
        let bytes = text.as_bytes();
        for start in 0..bytes.len() {
            for end in start..=bytes.len() {
                let part = &bytes[start..end];
                let naive = part
                    .iter()
                    .position(|&b| is_separator(b))
                    .unwrap_or(part.len());
                assert_eq!(separator_at(part), naive, "{start}..{end}");
            }
        }
    }

    #[test]
    fn credential_scopes() {
        assert_eq!(
            credential_scope("k/d/r/s/t//").unwrap(),
            ["k", "d", "r", "s", "t"]
        );
        assert_eq!(
            credential_scope("é//r/s/t").unwrap(),
            ["é", "", "r", "s", "t"]
        );
        for bad in ["", "a/b/c/d", "a/b/c/d/e/f"] {
            assert!(credential_scope(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn query_strings_are_decoded() {
        assert_eq!(
            parse_query(b"a=1&&b&c=x%20y"),
            [
                ("a".to_string(), "1".to_string()),
                ("b".into(), "".into()),
                ("c".into(), "x y".into())
            ]
        );
        assert!(parse_query(b"").is_empty());
    }
}
