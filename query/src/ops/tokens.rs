//! ClientRequestToken idempotency of TransactWriteItems: for ten minutes a token answers its
//! first request's response again, and refuses a different request.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use crate::api::TransactWriteItemsResponse;
use crate::{Error, Result};

/// How long a token is remembered.
const TOKEN_LIFETIME: Duration = Duration::from_secs(600);

struct Seen {
    fingerprint: u64,
    at: Instant,
    response: TransactWriteItemsResponse,
}

/// Tokens of recent transactions.
#[derive(Default)]
pub struct Tokens {
    seen: Mutex<HashMap<String, Seen>>,
}

impl Tokens {
    /// The response to replay for `token`, if it was used within the lifetime by the same
    /// request (`fingerprint`); IdempotentParameterMismatchException if by another one.
    pub fn replay(
        &self,
        token: &str,
        fingerprint: u64,
    ) -> Result<Option<TransactWriteItemsResponse>> {
        let mut seen = self.seen.lock();
        seen.retain(|_, s| s.at.elapsed() < TOKEN_LIFETIME);
        match seen.get(token) {
            None => Ok(None),
            Some(s) if s.fingerprint == fingerprint => Ok(Some(s.response.clone())),
            Some(_) => Err(Error::IdempotentParameterMismatch(
                "The request uses the same client token as a previous, but non-identical request."
                    .to_string(),
            )),
        }
    }

    /// Remembers the response of a committed transaction.
    pub fn remember(&self, token: &str, fingerprint: u64, response: &TransactWriteItemsResponse) {
        let entry = Seen {
            fingerprint,
            at: Instant::now(),
            response: response.clone(),
        };
        self.seen.lock().insert(token.to_string(), entry);
    }
}
