//! Finding a request's signature: the `Authorization` header or the presigned query string,
//! taken apart into its fields with DynamoDB's messages for what is missing. Runs on every
//! request, so the header form is read in place, borrowing from the request head.

use std::borrow::Cow;

use super::{sigv4, Caller};
use crate::http::Headers;
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
        headers: Headers<'a>,
        query: &[(String, String)],
    ) -> Result<Signed<'a>, WireError> {
        let header = headers.get("authorization");
        let query_auth = query.iter().any(|(k, _)| k == "X-Amz-Algorithm");
        match header {
            Some(_) if query_auth => Err(WireError::invalid_signature(
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.".into(),
            )),
            Some(h) if h.trim_ascii_start().starts_with(b"AWS4-") => {
                match std::str::from_utf8(h) {
                    Ok(h) => header_signature(h, headers),
                    // Rare: parse a lossy copy, and own what is kept of it.
                    Err(_) => header_signature(&String::from_utf8_lossy(h), headers)
                        .map(Signed::into_owned),
                }
            }
            None if query_auth => query_signature(query, headers),
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

fn header_signature<'a, 'h>(auth: &'a str, headers: Headers<'h>) -> Result<Signed<'a>, WireError>
where
    'h: 'a,
{
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

/// A presigned request's signature. Owned: the decoded query does not outlive the check.
fn query_signature(
    query: &[(String, String)],
    headers: Headers<'_>,
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
            .or_else(|| header_str(headers, "x-amz-security-token").map(own)),
    })
}

/// `keyid/date/region/service/terminator`; trailing slashes are ignored.
pub fn credential_scope(credential: &str) -> Result<[&str; 5], WireError> {
    let trimmed = credential.trim_end_matches('/');
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

pub fn header_str<'a>(headers: Headers<'a>, name: &str) -> Option<Cow<'a, str>> {
    headers.get(name).map(String::from_utf8_lossy)
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
