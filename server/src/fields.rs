//! The request header fields the service reads on every request, found in one pass over the
//! head instead of one scan per field.

use crate::http::Headers;

/// Each field's first occurrence (as a header map's `get` would give), except
/// `Accept-Encoding`, whose every occurrence counts.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fields<'a> {
    pub authorization: Option<&'a [u8]>,
    pub amz_date: Option<&'a [u8]>,
    pub date: Option<&'a [u8]>,
    pub security_token: Option<&'a [u8]>,
    pub target: Option<&'a [u8]>,
    pub content_type: Option<&'a [u8]>,
    pub content_encoding: Option<&'a [u8]>,
    pub origin: Option<&'a [u8]>,
    /// Some `Accept-Encoding` field accepts gzip.
    pub accepts_gzip: bool,
}

impl<'a> Fields<'a> {
    pub fn of(headers: Headers<'a>) -> Fields<'a> {
        let mut fields = Fields::default();
        for (name, value) in headers.iter() {
            let is = |known: &[u8]| name.eq_ignore_ascii_case(known);
            // The length picks the candidate; one comparison settles it.
            let slot = match name.len() {
                4 if is(b"date") => &mut fields.date,
                6 if is(b"origin") => &mut fields.origin,
                10 if is(b"x-amz-date") => &mut fields.amz_date,
                12 if is(b"x-amz-target") => &mut fields.target,
                12 if is(b"content-type") => &mut fields.content_type,
                13 if is(b"authorization") => &mut fields.authorization,
                15 if is(b"accept-encoding") => {
                    fields.accepts_gzip |= accepts_gzip(value);
                    continue;
                }
                16 if is(b"content-encoding") => &mut fields.content_encoding,
                20 if is(b"x-amz-security-token") => &mut fields.security_token,
                _ => continue,
            };
            slot.get_or_insert(value);
        }
        fields
    }
}

/// An `Accept-Encoding` value lists gzip without refusing it (`q=0`).
fn accepts_gzip(value: &[u8]) -> bool {
    value.split(|&b| b == b',').any(|coding| {
        let mut params = coding.split(|&b| b == b';');
        let name = params.next().unwrap_or_default().trim_ascii();
        let refused =
            params.any(|p| matches!(p.trim_ascii(), b"q=0" | b"q=0.0" | b"q=0.00" | b"q=0.000"));
        name.eq_ignore_ascii_case(b"gzip") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::testing::Parsed;

    fn fields_of(p: &Parsed) -> Fields<'_> {
        Fields::of(p.head().headers)
    }

    #[test]
    fn finds_each_field_once() {
        let p = Parsed::new(
            "POST",
            "/",
            &[
                ("Host", "h"),
                ("X-Amz-Target", "t1"),
                ("x-amz-target", "t2"),
                ("Content-Type", "ct"),
                ("AUTHORIZATION", "a"),
                ("X-Amz-Date", "d"),
                ("Date", "dd"),
                ("X-Amz-Security-Token", "s"),
                ("Content-Encoding", "gzip"),
                ("Origin", "o"),
            ],
        );
        let f = fields_of(&p);
        assert_eq!(f.target, Some(&b"t1"[..]));
        assert_eq!(f.content_type, Some(&b"ct"[..]));
        assert_eq!(f.authorization, Some(&b"a"[..]));
        assert_eq!((f.amz_date, f.date), (Some(&b"d"[..]), Some(&b"dd"[..])));
        assert_eq!(f.security_token, Some(&b"s"[..]));
        assert_eq!(f.content_encoding, Some(&b"gzip"[..]));
        assert_eq!(f.origin, Some(&b"o"[..]));
        assert!(!f.accepts_gzip);
    }

    #[test]
    fn gzip_acceptance() {
        let accepts =
            |v: &str| fields_of(&Parsed::new("GET", "/", &[("accept-encoding", v)])).accepts_gzip;
        assert!(accepts("deflate, gzip;q=0.5"));
        assert!(accepts("GZIP"));
        assert!(!accepts("gzip;q=0"));
        assert!(!accepts("identity"));
        let two = Parsed::new(
            "GET",
            "/",
            &[("accept-encoding", "br"), ("accept-encoding", "gzip")],
        );
        assert!(fields_of(&two).accepts_gzip);
    }
}
