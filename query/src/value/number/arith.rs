//! Exact addition and subtraction, as UpdateExpression's `+` and `-` need them.
//!
//! DynamoDB computes the exact result and refuses it when it does not fit: a result that needs
//! more than 38 significant digits (e.g. 1E+50 - 1) is reported as "Number overflow", as real
//! DynamoDB does, not rounded.

use std::cmp::Ordering;

use super::{Number, NumberError, MAX_DIGITS};

/// Operands whose last digits are further apart than this cannot sum to 38 digits: with the
/// larger one's last digit at 10^(d) relative to the smaller's, the exact result is at least
/// 10^(d-1) and its last non-zero digit sits at 10^0, so it has at least d digits.
const MAX_SHIFT: u32 = MAX_DIGITS + 2;

/// Digits of an aligned operand: 38 digits shifted by up to MAX_SHIFT, plus a carry.
const WIDTH: usize = (MAX_DIGITS + MAX_SHIFT + 1) as usize;

/// A non-negative integer as little-endian decimal digits.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Wide([u8; WIDTH]);

impl Number {
    /// `self + other`, exactly, or DynamoDB's overflow/underflow error.
    pub fn checked_add(&self, other: &Number) -> crate::Result<Number> {
        add(self, other).map_err(|e| crate::Error::Validation(e.message()))
    }

    /// `self - other`, exactly, or DynamoDB's overflow/underflow error.
    pub fn checked_sub(&self, other: &Number) -> crate::Result<Number> {
        self.checked_add(&other.negated())
    }
}

fn add(a: &Number, b: &Number) -> Result<Number, NumberError> {
    if a.is_zero() {
        return Ok(*b);
    }
    if b.is_zero() {
        return Ok(*a);
    }
    let base = a.exponent.min(b.exponent);
    let shift_a = (a.exponent - base) as u32;
    let shift_b = (b.exponent - base) as u32;
    if shift_a.max(shift_b) > MAX_SHIFT {
        return Err(NumberError::Overflow);
    }
    let (x, y) = (
        Wide::new(a.coefficient, shift_a),
        Wide::new(b.coefficient, shift_b),
    );
    let (negative, magnitude) = if a.negative == b.negative {
        (a.negative, x.plus(&y))
    } else {
        match x.cmp(&y) {
            Ordering::Equal => return Ok(Number::ZERO),
            Ordering::Greater => (a.negative, x.minus(&y)),
            Ordering::Less => (b.negative, y.minus(&x)),
        }
    };
    let (coefficient, trailing_zeros) = magnitude.into_coefficient()?;
    Number::from_parts(negative, coefficient, i64::from(base) + trailing_zeros).map_err(|e| match e
    {
        NumberError::TooManyDigits => NumberError::Overflow,
        other => other,
    })
}

impl Wide {
    /// `value * 10^shift`; `value` has at most 38 digits and `shift <= MAX_SHIFT`.
    fn new(mut value: u128, shift: u32) -> Wide {
        let mut digits = [0u8; WIDTH];
        let mut i = shift as usize;
        while value > 0 {
            digits[i] = (value % 10) as u8;
            value /= 10;
            i += 1;
        }
        Wide(digits)
    }

    fn plus(&self, other: &Wide) -> Wide {
        let mut out = [0u8; WIDTH];
        let mut carry = 0;
        for (i, slot) in out.iter_mut().enumerate() {
            let sum = self.0[i] + other.0[i] + carry;
            *slot = sum % 10;
            carry = sum / 10;
        }
        Wide(out)
    }

    /// `self - other`, requires `self >= other`.
    fn minus(&self, other: &Wide) -> Wide {
        let mut out = [0u8; WIDTH];
        let mut borrow = 0;
        for (i, slot) in out.iter_mut().enumerate() {
            let (digit, subtrahend) = (self.0[i], other.0[i] + borrow);
            borrow = u8::from(digit < subtrahend);
            *slot = digit + 10 * borrow - subtrahend;
        }
        Wide(out)
    }

    /// The non-zero value as (digits without trailing zeros, count of trailing zeros), or
    /// Overflow when more than 38 significant digits remain.
    fn into_coefficient(self) -> Result<(u128, i64), NumberError> {
        let low = self.0.iter().position(|&d| d != 0).unwrap_or(0);
        let high = self.0.iter().rposition(|&d| d != 0).unwrap_or(0);
        if high - low + 1 > MAX_DIGITS as usize {
            return Err(NumberError::Overflow);
        }
        let coefficient = self.0[low..=high]
            .iter()
            .rev()
            .fold(0u128, |acc, &d| acc * 10 + u128::from(d));
        Ok((coefficient, low as i64))
    }
}

impl Ord for Wide {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl PartialOrd for Wide {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
