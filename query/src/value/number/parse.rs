//! DynamoDB's number syntax: `[+-]digits[.digits][(e|E)[+-]digits]`, where either side of the
//! point may be empty but not both (`.5`, `5.`, `+3`, `0001.23`, `1e+5`, `0e1000` are accepted;
//! `NaN`, `Infinity`, `0x10`, `1e`, spaces are not).

use super::{check_range, Number, MAX_DIGITS, MAX_EXPONENT, MIN_EXPONENT};

/// Why a text is not a DynamoDB number. Checked in DynamoDB's order: syntax, then magnitude, then
/// precision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all; carries the text as sent.
    NotNumeric(String),
    /// Magnitude above 9.99..9E+125 (also any arithmetic result that cannot be held exactly).
    Overflow,
    /// Non-zero magnitude below 1E-130.
    Underflow,
    /// More than 38 significant digits.
    TooManyDigits,
}

impl NumberError {
    /// DynamoDB's message in the wording of PutItem, UpdateItem, DeleteItem, GetItem, BatchGetItem
    /// and Query (the "current" validation layer).
    pub fn message(&self) -> String {
        match self {
            NumberError::NotNumeric(text) => {
                format!("The parameter cannot be converted to a numeric value: {text}")
            }
            other => other.range_message().to_owned(),
        }
    }

    /// DynamoDB's message in the wording of BatchWriteItem, TransactWriteItems, TransactGetItems
    /// and Scan (the "older" layer): an empty text gets no colon.
    pub fn legacy_message(&self) -> String {
        match self {
            NumberError::NotNumeric(text) if text.is_empty() => {
                "The parameter cannot be converted to a numeric value".to_owned()
            }
            other => other.message(),
        }
    }

    fn range_message(&self) -> &'static str {
        match self {
            NumberError::Overflow => {
                "Number overflow. Attempting to store a number with magnitude larger than supported range"
            }
            NumberError::Underflow => {
                "Number underflow. Attempting to store a number with magnitude smaller than supported range"
            }
            NumberError::TooManyDigits => {
                "Attempting to store more than 38 significant digits in a Number"
            }
            NumberError::NotNumeric(_) => "The parameter cannot be converted to a numeric value",
        }
    }
}

impl std::fmt::Display for NumberError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for NumberError {}

/// Exponents are clamped to this magnitude while parsing: far outside the representable range,
/// yet small enough that adding digit counts to it cannot overflow an i64.
const EXPONENT_CLAMP: i64 = 1 << 40;

pub(super) fn parse(text: &str) -> Result<Number, NumberError> {
    let not_numeric = || NumberError::NotNumeric(text.to_owned());
    let bytes = text.as_bytes();
    let (negative, rest) = split_sign(bytes);
    let mantissa_len = rest
        .iter()
        .position(|b| matches!(b, b'e' | b'E'))
        .unwrap_or(rest.len());
    let (mantissa, exponent_part) = rest.split_at(mantissa_len);
    let mantissa = Mantissa::scan(mantissa).ok_or_else(not_numeric)?;
    let written_exponent = match exponent_part {
        [] => 0,
        [_, exponent @ ..] => parse_exponent(exponent).ok_or_else(not_numeric)?,
    };
    if mantissa.significant == 0 {
        // Zero is range-checked by the exponent it is written with: 0e126 overflows.
        check_range(written_exponent)?;
        return Ok(Number::ZERO);
    }
    // Value = significant digits * 10^(exponent of their last digit).
    let last_digit_exponent = written_exponent + mantissa.last_digit_position;
    check_range(last_digit_exponent + mantissa.significant as i64 - 1)?;
    if mantissa.significant > u64::from(MAX_DIGITS) {
        return Err(NumberError::TooManyDigits);
    }
    Number::from_parts(negative, mantissa.coefficient, last_digit_exponent)
}

fn split_sign(bytes: &[u8]) -> (bool, &[u8]) {
    match bytes {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, bytes),
    }
}

/// The digits of `int[.frac]` with leading and trailing zeros removed.
struct Mantissa {
    /// Count of digits from the first to the last non-zero digit (0 when the value is zero).
    significant: u64,
    /// Those digits as an integer, when there are at most 38 of them.
    coefficient: u128,
    /// Power of ten of the last non-zero digit, before the written exponent.
    last_digit_position: i64,
}

impl Mantissa {
    fn scan(bytes: &[u8]) -> Option<Mantissa> {
        let point = bytes.iter().position(|&b| b == b'.');
        let (int, frac) = match point {
            Some(p) => (&bytes[..p], &bytes[p + 1..]),
            None => (bytes, &[][..]),
        };
        let all_digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
        if int.is_empty() && frac.is_empty() || !all_digits(int) || !all_digits(frac) {
            return None;
        }
        let digits = || int.iter().chain(frac.iter());
        let total = int.len() + frac.len();
        let Some(first) = digits().position(|&b| b != b'0') else {
            return Some(Mantissa {
                significant: 0,
                coefficient: 0,
                last_digit_position: 0,
            });
        };
        let last = total - 1 - digits().rev().position(|&b| b != b'0')?;
        let significant = (last - first + 1) as u64;
        let coefficient = if significant <= u64::from(MAX_DIGITS) {
            digits()
                .skip(first)
                .take(last - first + 1)
                .fold(0u128, |acc, &b| acc * 10 + u128::from(b - b'0'))
        } else {
            0
        };
        let last_digit_position = clamp(int.len() as i64 - 1 - last as i64);
        Some(Mantissa {
            significant,
            coefficient,
            last_digit_position,
        })
    }
}

/// `[+-]digits`, clamped to ±EXPONENT_CLAMP (DynamoDB range-checks even exponents past an i32);
/// `None` for an exponent past an i64, which DynamoDB cannot convert at all.
fn parse_exponent(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = split_sign(bytes);
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits.iter().try_fold(0i64, |acc, &b| {
        acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
    })?;
    let magnitude = magnitude.min(EXPONENT_CLAMP);
    Some(if negative { -magnitude } else { magnitude })
}

fn clamp(value: i64) -> i64 {
    value.clamp(-EXPONENT_CLAMP, EXPONENT_CLAMP)
}

/// How DynamoDB's older validation layer (BatchWriteItem, transactions, Scan), which reads numbers
/// as Java's `BigDecimal` does, fails differently from [`parse`]: an exponent or scale outside an
/// i32 is not a number at all, and its magnitude check works on `precision - scale` in wrapping
/// i32 arithmetic, so `1e2147483647` "underflows". `None` when it fails the same way.
pub(super) fn legacy_error(text: &str) -> Option<NumberError> {
    let (_, rest) = split_sign(text.as_bytes());
    let mantissa_len = rest
        .iter()
        .position(|b| matches!(b, b'e' | b'E'))
        .unwrap_or(rest.len());
    let (mantissa, exponent_part) = rest.split_at(mantissa_len);
    Mantissa::scan(mantissa)?;
    let exponent = match exponent_part {
        [] => 0,
        [_, exponent @ ..] => parse_exponent(exponent)?,
    };
    let fraction_len = mantissa
        .iter()
        .position(|&b| b == b'.')
        .map_or(0, |p| mantissa.len() - p - 1);
    let scale = fraction_len as i64 - exponent;
    let not_numeric = Some(NumberError::NotNumeric(text.to_owned()));
    if i32::try_from(exponent).is_err() || i32::try_from(scale).is_err() {
        return not_numeric;
    }
    let digits: Vec<u8> = mantissa
        .iter()
        .copied()
        .filter(u8::is_ascii_digit)
        .collect();
    let first = digits.iter().position(|&d| d != b'0')?;
    let precision = (digits.len() - first) as i32;
    let magnitude = precision.wrapping_sub(scale as i32);
    if magnitude > MAX_EXPONENT as i32 + 1 {
        Some(NumberError::Overflow)
    } else if magnitude < MIN_EXPONENT as i32 + 1 {
        Some(NumberError::Underflow)
    } else {
        None
    }
}
