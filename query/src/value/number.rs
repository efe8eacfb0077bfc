//! Exact decimal numbers with DynamoDB's precision and range.
//!
//! A `Number` is `(-1)^negative * coefficient * 10^exponent`, kept canonical so that equal values
//! have equal fields (derived `Eq`/`Hash` are numeric):
//! - zero is `{ negative: false, coefficient: 0, exponent: 0 }`;
//! - otherwise `coefficient` has no trailing decimal zero and at most 38 digits, and the
//!   adjusted exponent (the power of ten of the leading digit) lies in -130..=125.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

mod arith;
mod parse;

pub use parse::NumberError;

/// Most significant digits a DynamoDB number may hold.
pub const MAX_DIGITS: u32 = 38;
/// Largest adjusted exponent (9.99..9E+125).
pub const MAX_EXPONENT: i64 = 125;
/// Smallest adjusted exponent (1E-130).
pub const MIN_EXPONENT: i64 = -130;

/// A DynamoDB number: up to 38 significant digits, magnitude 1E-130 ..= 9.99..9E+125, or zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Number {
    negative: bool,
    coefficient: u128,
    exponent: i16,
}

impl Number {
    /// Zero.
    pub const ZERO: Number = Number {
        negative: false,
        coefficient: 0,
        exponent: 0,
    };

    /// Parses DynamoDB's number syntax, with DynamoDB's ValidationException messages (the wording
    /// of PutItem, UpdateItem, GetItem and Query; see [`NumberError`] for the other wording).
    pub fn parse(text: &str) -> crate::Result<Number> {
        Self::parse_detailed(text).map_err(|e| crate::Error::Validation(e.message()))
    }

    /// Parses DynamoDB's number syntax, keeping the kind of failure.
    pub fn parse_detailed(text: &str) -> Result<Number, NumberError> {
        parse::parse(text)
    }

    /// DynamoDB's message for a text that [`Self::parse_detailed`] refused with `error`, in the
    /// wording of BatchWriteItem, TransactWriteItems, TransactGetItems and Scan, whose layer reads
    /// extreme exponents differently (`1e2147483647` is an underflow there, `1e99999999999` not a
    /// number).
    pub fn legacy_message(text: &str, error: &NumberError) -> String {
        parse::legacy_error(text)
            .as_ref()
            .unwrap_or(error)
            .legacy_message()
    }

    /// Builds a canonical number from parts, or the range/precision error DynamoDB reports.
    /// `coefficient` may carry trailing zeros; they are folded into the exponent.
    pub(crate) fn from_parts(
        negative: bool,
        mut coefficient: u128,
        mut exponent: i64,
    ) -> Result<Number, NumberError> {
        if coefficient == 0 {
            return Ok(Number::ZERO);
        }
        // Trailing zeros are stripped in u64 where possible: u128 division is a slow call.
        while coefficient > u128::from(u64::MAX) && coefficient.is_multiple_of(10) {
            coefficient /= 10;
            exponent += 1;
        }
        if let Ok(mut small) = u64::try_from(coefficient) {
            while small.is_multiple_of(10) {
                small /= 10;
                exponent += 1;
            }
            coefficient = u128::from(small);
        }
        let digits = digit_count(coefficient);
        if digits > MAX_DIGITS {
            return Err(NumberError::TooManyDigits);
        }
        check_range(exponent + i64::from(digits) - 1)?;
        let exponent = i16::try_from(exponent).map_err(|_| NumberError::Overflow)?;
        Ok(Number {
            negative,
            coefficient,
            exponent,
        })
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.coefficient == 0
    }

    /// True for values below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// The significant digits as an integer (no trailing zeros; 0 for zero).
    pub fn coefficient(&self) -> u128 {
        self.coefficient
    }

    /// The power of ten applied to [`Self::coefficient`].
    pub fn exponent(&self) -> i16 {
        self.exponent
    }

    /// Number of significant digits (0 for zero).
    pub fn significant_digits(&self) -> u32 {
        if self.is_zero() {
            0
        } else {
            digit_count(self.coefficient)
        }
    }

    /// Power of ten of the leading digit (scientific exponent); 0 for zero.
    pub fn adjusted_exponent(&self) -> i16 {
        if self.is_zero() {
            0
        } else {
            self.exponent + self.significant_digits() as i16 - 1
        }
    }

    /// The value negated.
    pub fn negated(&self) -> Number {
        Number {
            negative: !self.negative && !self.is_zero(),
            ..*self
        }
    }

    /// The absolute value.
    pub fn abs(&self) -> Number {
        Number {
            negative: false,
            ..*self
        }
    }

    /// The value as an i64 when it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        if self.exponent < 0 {
            return None;
        }
        let scale = 10u128.checked_pow(u32::try_from(self.exponent).ok()?)?;
        let magnitude = self.coefficient.checked_mul(scale)?;
        if self.negative {
            0i128
                .checked_sub_unsigned(magnitude)
                .and_then(|v| i64::try_from(v).ok())
        } else {
            i64::try_from(magnitude).ok()
        }
    }

    /// Compares absolute values.
    fn cmp_magnitude(&self, other: &Number) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        self.adjusted_exponent()
            .cmp(&other.adjusted_exponent())
            .then_with(|| self.aligned_coefficient().cmp(&other.aligned_coefficient()))
    }

    /// The coefficient scaled to exactly 38 digits, so that numbers with equal adjusted exponents
    /// compare by it. Fits u128: below 10^38.
    fn aligned_coefficient(&self) -> u128 {
        self.coefficient * 10u128.pow(MAX_DIGITS - self.significant_digits())
    }
}

/// Fails with DynamoDB's error when an adjusted exponent is out of range.
fn check_range(adjusted_exponent: i64) -> Result<(), NumberError> {
    if adjusted_exponent > MAX_EXPONENT {
        Err(NumberError::Overflow)
    } else if adjusted_exponent < MIN_EXPONENT {
        Err(NumberError::Underflow)
    } else {
        Ok(())
    }
}

/// Decimal digits of a non-zero integer.
fn digit_count(value: u128) -> u32 {
    // Most coefficients fit 64 bits, whose logarithm is several times cheaper.
    match u64::try_from(value) {
        Ok(small) => small.ilog10() + 1,
        Err(_) => value.ilog10() + 1,
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        let sign = |n: &Number| match (n.negative, n.is_zero()) {
            (true, _) => -1,
            (false, true) => 0,
            (false, false) => 1,
        };
        match sign(self).cmp(&sign(other)) {
            Ordering::Equal if self.negative => other.cmp_magnitude(self),
            Ordering::Equal => self.cmp_magnitude(other),
            unequal => unequal,
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// DynamoDB's canonical text: plain notation, no exponent, no leading or trailing zeros
/// (`1E+3` -> `1000`, `0.50` -> `0.5`, `-0` -> `0`).
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut result = Ok(());
        self.text_pieces(|piece| {
            if result.is_ok() {
                result = f.write_str(piece);
            }
        });
        result
    }
}

impl Number {
    /// Hands the canonical text (the `Display` form) to `piece`, in order. No allocation and no
    /// formatting machinery: this runs for every number in every response.
    pub(crate) fn text_pieces(&self, mut piece: impl FnMut(&str)) {
        if self.negative {
            piece("-");
        }
        let mut buffer = [0u8; MAX_DIGITS as usize + 1];
        let digits = decimal_digits(self.coefficient, &mut buffer);
        let exponent = i64::from(self.exponent);
        if exponent >= 0 {
            piece(digits);
            return zeros(exponent as usize, piece);
        }
        let fraction_len = (-exponent) as usize;
        if digits.len() > fraction_len {
            let (int, frac) = digits.split_at(digits.len() - fraction_len);
            piece(int);
            piece(".");
            piece(frac);
        } else {
            piece("0.");
            zeros(fraction_len - digits.len(), &mut piece);
            piece(digits);
        }
    }
}

/// Writes `value`'s decimal digits at the end of `buffer` and returns them (no allocation: this
/// runs for every number in every response). u128 division is a slow library call, so the
/// digits are produced from at most three u64 limbs of 19 digits.
pub(crate) fn decimal_digits(value: u128, buffer: &mut [u8; MAX_DIGITS as usize + 1]) -> &str {
    const LIMB: u128 = 10_000_000_000_000_000_000; // 10^19
    let mut end = buffer.len();
    let mut rest = value;
    while rest > u128::from(u64::MAX) {
        let limb = (rest % LIMB) as u64;
        rest /= LIMB;
        end = write_u64(limb, &mut buffer[..end], Some(19));
    }
    let start = write_u64(rest as u64, &mut buffer[..end], None);
    std::str::from_utf8(&buffer[start..]).expect("ASCII digits")
}

/// Writes `value` right-aligned at the end of `buffer`, zero-padded to `width` digits when given;
/// returns where the digits start.
fn write_u64(mut value: u64, buffer: &mut [u8], width: Option<usize>) -> usize {
    let mut start = buffer.len();
    let stop = width.map_or(0, |w| buffer.len() - w);
    loop {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if start == stop || (value == 0 && width.is_none()) {
            return start;
        }
    }
}

fn zeros(count: usize, mut piece: impl FnMut(&str)) {
    const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
    let mut left = count;
    while left > 0 {
        let n = left.min(ZEROS.len());
        piece(&ZEROS[..n]);
        left -= n;
    }
}

impl From<i64> for Number {
    fn from(value: i64) -> Self {
        let magnitude = u128::from(value.unsigned_abs());
        Number::from_parts(value < 0, magnitude, 0).expect("an i64 has at most 19 digits")
    }
}

impl From<i32> for Number {
    fn from(value: i32) -> Self {
        Number::from(i64::from(value))
    }
}

impl From<u64> for Number {
    fn from(value: u64) -> Self {
        Number::from_parts(false, u128::from(value), 0).expect("a u64 has at most 20 digits")
    }
}

impl FromStr for Number {
    type Err = crate::Error;

    fn from_str(text: &str) -> crate::Result<Number> {
        Number::parse(text)
    }
}

#[cfg(test)]
pub(crate) mod tests;
