//! The few date conversions the server needs: ISO-8601 basic format (`20130609T095204Z`) and the
//! RFC 1123 `Date` header (SigV4 dates, the response's `Date`), to and from Unix seconds, without
//! a calendar dependency.

/// Unix seconds of an ISO-8601 basic-format UTC timestamp, `YYYYMMDD'T'HHMMSS'Z'`.
pub fn parse_basic(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    to_unix(
        num(0..4)?,
        num(4..6)?,
        num(6..8)?,
        num(9..11)?,
        num(11..13)?,
        num(13..15)?,
    )
}

/// Unix seconds of an RFC 1123 date, `Sun, 09 Jun 2013 10:07:59 GMT`.
pub fn parse_rfc1123(s: &str) -> Option<i64> {
    let mut parts = s.split_whitespace().skip(1);
    let day = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
    let year = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, sec) = (hms.next()??, hms.next()??, hms.next()??);
    (parts.next()? == "GMT").then_some(())?;
    to_unix(year, month, day, h, m, sec)
}

/// The ISO-8601 basic form of Unix seconds.
pub fn format_basic(unix: i64) -> String {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// The IMF-fixdate form (RFC 9110) of Unix seconds: `Sun, 09 Jun 2013 10:07:59 GMT`.
pub fn format_http_date(unix: i64) -> [u8; 29] {
    let (days, secs) = (unix.div_euclid(86_400), unix.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    let mut out = *b"Thu, 01 Jan 1970 00:00:00 GMT";
    out[..3].copy_from_slice(weekday.as_bytes());
    two_digits(&mut out[5..7], d);
    out[8..11].copy_from_slice(MONTHS[(m - 1) as usize].as_bytes());
    two_digits(&mut out[12..14], y.rem_euclid(10_000) / 100);
    two_digits(&mut out[14..16], y.rem_euclid(100));
    two_digits(&mut out[17..19], secs / 3600);
    two_digits(&mut out[20..22], secs / 60 % 60);
    two_digits(&mut out[23..25], secs % 60);
    out
}

fn two_digits(out: &mut [u8], n: i64) {
    out[0] = b'0' + (n / 10 % 10) as u8;
    out[1] = b'0' + (n % 10) as u8;
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn to_unix(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    let valid = (1..=12).contains(&mo) && (1..=31).contains(&d) && h < 24 && mi < 60 && s < 61;
    valid.then(|| days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of `days_from_civil`.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_format_round_trips() {
        let t = parse_basic("20130609T095204Z").unwrap();
        assert_eq!(t, 1_370_771_524);
        assert_eq!(format_basic(t), "20130609T095204Z");
        assert_eq!(format_basic(0), "19700101T000000Z");
        assert_eq!(format_basic(951_782_400), "20000229T000000Z");
    }

    #[test]
    fn rfc1123_matches_basic() {
        assert_eq!(
            parse_rfc1123("Sun, 09 Jun 2013 09:52:04 GMT"),
            parse_basic("20130609T095204Z")
        );
    }

    #[test]
    fn http_dates() {
        assert_eq!(&format_http_date(0), b"Thu, 01 Jan 1970 00:00:00 GMT");
        let t = parse_basic("20130609T100759Z").unwrap();
        assert_eq!(&format_http_date(t), b"Sun, 09 Jun 2013 10:07:59 GMT");
        assert_eq!(
            &format_http_date(951_782_400 + 86_399),
            b"Tue, 29 Feb 2000 23:59:59 GMT"
        );
        let back = String::from_utf8(format_http_date(t).to_vec()).unwrap();
        assert_eq!(parse_rfc1123(&back), Some(t));
    }

    #[test]
    fn garbage_is_rejected() {
        for bad in [
            "",
            "201",
            "20130609T095204",
            "2013060xT095204Z",
            "20131309T095204Z",
            "20130609T255204Z",
        ] {
            assert_eq!(parse_basic(bad), None, "{bad}");
        }
        assert_eq!(parse_rfc1123("Sun, 09 Jux 2013 09:52:04 GMT"), None);
        assert_eq!(parse_rfc1123("a"), None);
    }
}
