//! AWS Signature Version 4 for JSON POST requests (what DynamoDB's wire protocol uses).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::time::SystemTime;

type HmacSha256 = Hmac<Sha256>;

/// Credentials to sign with. Servers like dynakv and DynamoDB Local accept any; real DynamoDB
/// checks them.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
    pub session_token: Option<String>,
}

impl Credentials {
    /// From `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, falling back to
    /// dummy keys (which local servers accept).
    pub fn from_env_or_dummy() -> Credentials {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        Credentials {
            access_key: var("AWS_ACCESS_KEY_ID").unwrap_or_else(|| "dummy".into()),
            secret_key: var("AWS_SECRET_ACCESS_KEY").unwrap_or_else(|| "dummy".into()),
            session_token: var("AWS_SESSION_TOKEN"),
        }
    }
}

/// What is being signed: a request to `path` whose headers (name, value) are all signed.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

/// Signs requests for one set of credentials and one scope. The signing key depends only on
/// the day, so it is derived once per day instead of once per request (four HMACs saved), as
/// the AWS SDKs do.
pub struct Signer {
    creds: Credentials,
    region: String,
    service: String,
    /// The day (`YYYYMMDD`) the cached key was derived for, and the key.
    key: Option<(String, [u8; 32])>,
}

impl Signer {
    pub fn new(creds: Credentials, region: &str, service: &str) -> Signer {
        Signer {
            creds,
            region: region.to_string(),
            service: service.to_string(),
            key: None,
        }
    }

    pub fn session_token(&self) -> Option<&str> {
        self.creds.session_token.as_deref()
    }

    /// The `Authorization` header value for `req` signed at `amz_date`
    /// (`YYYYMMDD'T'HHMMSS'Z'`). The headers must include `host` and `x-amz-date` (and
    /// `x-amz-security-token` when the credentials carry one).
    pub fn authorization(&mut self, amz_date: &str, req: &Request) -> String {
        let mut headers: Vec<(String, String)> = req
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.to_ascii_lowercase(),
                    v.split_whitespace().collect::<Vec<_>>().join(" "),
                )
            })
            .collect();
        headers.sort();
        let signed: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
        let signed = signed.join(";");
        let canonical_headers: String = headers.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
        let canonical = format!(
            "{}\n{}\n\n{canonical_headers}\n{signed}\n{}",
            req.method,
            req.path,
            hex::encode(Sha256::digest(req.body))
        );
        let day = &amz_date[..8.min(amz_date.len())];
        let credential_scope = format!("{day}/{}/{}/aws4_request", self.region, self.service);
        let to_sign = format!(
            "AWS4-HMAC-SHA256\n{amz_date}\n{credential_scope}\n{}",
            hex::encode(Sha256::digest(canonical.as_bytes()))
        );
        let signature = hex::encode(hmac(self.signing_key(day), to_sign.as_bytes()));
        format!(
            "AWS4-HMAC-SHA256 Credential={}/{credential_scope}, SignedHeaders={signed}, Signature={signature}",
            self.creds.access_key
        )
    }

    /// The key for `day`: HMAC chain of the secret over day, region, service, `aws4_request`.
    fn signing_key(&mut self, day: &str) -> &[u8; 32] {
        if self.key.as_ref().is_none_or(|(d, _)| d != day) {
            let mut key = hmac(
                format!("AWS4{}", self.creds.secret_key).as_bytes(),
                day.as_bytes(),
            );
            for part in [self.region.as_str(), self.service.as_str(), "aws4_request"] {
                key = hmac(&key, part.as_bytes());
            }
            self.key = Some((day.to_string(), key));
        }
        &self.key.as_ref().expect("just set").1
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length, so `new_from_slice` cannot fail.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `time` as SigV4's `YYYYMMDD'T'HHMMSS'Z'` (UTC).
pub fn amz_date(time: SystemTime) -> String {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let s = secs % 86_400;
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Gregorian (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// `post-vanilla` from AWS's published SigV4 test suite.
    #[test]
    fn matches_the_aws_test_suite_post_vanilla() {
        let creds = Credentials {
            access_key: "AKIDEXAMPLE".into(),
            secret_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".into(),
            session_token: None,
        };
        let date = "20150830T123600Z";
        let req = Request {
            method: "POST",
            path: "/",
            headers: &[("Host", "example.amazonaws.com"), ("X-Amz-Date", date)],
            body: b"",
        };
        let mut signer = Signer::new(creds, "us-east-1", "service");
        for _ in 0..2 {
            // The second time with the cached signing key.
            assert_eq!(
                signer.authorization(date, &req),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
                 Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"
            );
        }
    }

    #[test]
    fn a_new_day_derives_a_new_signing_key() {
        let creds = Credentials {
            access_key: "AK".into(),
            secret_key: "SK".into(),
            session_token: None,
        };
        let req = |date: &'static str| Request {
            method: "POST",
            path: "/",
            headers: &[],
            body: date.as_bytes(),
        };
        let (day1, day2) = ("20150830T235959Z", "20150831T000000Z");
        let mut cached = Signer::new(creds.clone(), "r", "s");
        cached.authorization(day1, &req(day1));
        let fresh = Signer::new(creds, "r", "s").authorization(day2, &req(day2));
        assert_eq!(cached.authorization(day2, &req(day2)), fresh);
    }

    #[test]
    fn formats_utc_dates() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_440_938_160);
        assert_eq!(amz_date(t), "20150830T123600Z");
        assert_eq!(amz_date(SystemTime::UNIX_EPOCH), "19700101T000000Z");
        let leap = SystemTime::UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(amz_date(leap), "20000229T000000Z");
    }
}
