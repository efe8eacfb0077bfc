//! Order-preserving, self-delimiting byte encodings of S, N and B key values.
//!
//! Comparing encodings as unsigned bytes gives the value order, and no encoding is a prefix of
//! another, so encodings concatenate into composite keys that sort component by component.
//!
//! - S and B: the bytes with each 0x00 written as `00 FF`, then the terminator `00 01`. After a
//!   0x00 comes FF (escaped zero) or 01 (end), whatever the next component starts with.
//!   Worked example: `"a"` < `"a\0"` < `"ab"` encode as `61 00 01` < `61 00 FF 00 01` < `61 62 00 01`.
//! - N: a class byte (01 negative, 02 zero, 03 positive); zero ends there. Then the adjusted
//!   exponent plus 130 (0..=255), then the significant digits in pairs, one byte each (1 + the
//!   pair's value, an odd last digit padded with 0), then terminator 00. Negative numbers invert
//!   the exponent byte and the pairs (100 - value) and end with FF, so larger magnitudes sort
//!   first. Example: 1.5 = `03 82 10 00`, 15 = `03 83 10 00`, -1.5 = `01 7D 55 FF`.

use crate::value::{number, AttributeValue, Number};
use crate::{Error, Result};

/// The scalar types a key attribute may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyType {
    S,
    N,
    B,
}

impl KeyType {
    /// The key type of a value, if it is a scalar S, N or B.
    pub fn of(value: &AttributeValue) -> Option<KeyType> {
        match value {
            AttributeValue::S(_) => Some(KeyType::S),
            AttributeValue::N(_) => Some(KeyType::N),
            AttributeValue::B(_) => Some(KeyType::B),
            _ => None,
        }
    }

    /// `S`, `N` or `B`, as in AttributeDefinitions.
    pub fn name(self) -> &'static str {
        match self {
            KeyType::S => "S",
            KeyType::N => "N",
            KeyType::B => "B",
        }
    }
}

const NEGATIVE: u8 = 0x01;
const ZERO: u8 = 0x02;
const POSITIVE: u8 = 0x03;
/// Offset making the adjusted exponent (-130..=125) one unsigned byte.
const EXPONENT_BIAS: i16 = 130;

/// Appends `value`'s encoding. Only S, N and B are key types: the caller validates key values
/// against the schema first, so anything else is an internal error.
pub(super) fn encode(value: &AttributeValue, out: &mut Vec<u8>) -> Result<()> {
    match value {
        AttributeValue::S(s) => encode_bytes(s.as_bytes(), out),
        AttributeValue::B(b) => encode_bytes(b, out),
        AttributeValue::N(n) => encode_number(n, out),
        other => {
            return Err(Error::Internal(format!(
                "a {} value is not a key value",
                other.type_name()
            )))
        }
    }
    Ok(())
}

/// Appends the escaped bytes without their terminator: the encodings of all values starting
/// with `prefix` start with this.
pub(super) fn encode_prefix(prefix: &[u8], out: &mut Vec<u8>) {
    // Most values hold no zero byte: copied whole.
    if !prefix.contains(&0) {
        out.extend_from_slice(prefix);
        return;
    }
    for &byte in prefix {
        out.push(byte);
        if byte == 0 {
            out.push(0xFF);
        }
    }
}

fn encode_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    encode_prefix(bytes, out);
    out.extend_from_slice(&[0x00, 0x01]);
}

fn encode_number(n: &Number, out: &mut Vec<u8>) {
    if n.is_zero() {
        out.push(ZERO);
        return;
    }
    let negative = n.is_negative();
    let exponent = (n.adjusted_exponent() + EXPONENT_BIAS) as u8;
    out.push(if negative { NEGATIVE } else { POSITIVE });
    out.push(if negative { !exponent } else { exponent });
    let mut buffer = [0u8; number::MAX_DIGITS as usize + 1];
    let digits = number::decimal_digits(n.coefficient(), &mut buffer);
    for pair in digits.as_bytes().chunks(2) {
        let high = pair[0] - b'0';
        let low = pair.get(1).map_or(0, |d| d - b'0');
        let value = high * 10 + low;
        out.push(if negative { 100 - value } else { 1 + value });
    }
    out.push(if negative { 0xFF } else { 0x00 });
}

/// Decodes one value of type `ty` from the front of `bytes`; returns it and the bytes consumed.
pub(super) fn decode(bytes: &[u8], ty: KeyType) -> Result<(AttributeValue, usize)> {
    match ty {
        KeyType::S => {
            let (raw, used) = decode_bytes(bytes)?;
            let text = String::from_utf8(raw).map_err(|_| corrupt("string key is not UTF-8"))?;
            Ok((AttributeValue::S(text), used))
        }
        KeyType::B => decode_bytes(bytes).map(|(raw, used)| (AttributeValue::B(raw), used)),
        KeyType::N => decode_number(bytes).map(|(n, used)| (AttributeValue::N(n), used)),
    }
}

fn decode_bytes(bytes: &[u8]) -> Result<(Vec<u8>, usize)> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(0x00), Some(0x01)) => return Ok((out, i + 2)),
            (Some(0x00), Some(0xFF)) => {
                out.push(0);
                i += 2;
            }
            (Some(0x00), _) => return Err(corrupt("bad escape in key bytes")),
            (Some(&byte), _) => {
                out.push(byte);
                i += 1;
            }
            (None, _) => return Err(corrupt("unterminated key bytes")),
        }
    }
}

fn decode_number(bytes: &[u8]) -> Result<(Number, usize)> {
    let (negative, terminator) = match bytes.first() {
        Some(&ZERO) => return Ok((Number::ZERO, 1)),
        Some(&NEGATIVE) => (true, 0xFF),
        Some(&POSITIVE) => (false, 0x00),
        _ => return Err(corrupt("bad number class")),
    };
    let exponent_byte = *bytes.get(1).ok_or_else(|| corrupt("truncated number"))?;
    let exponent_byte = if negative {
        !exponent_byte
    } else {
        exponent_byte
    };
    let adjusted = i64::from(exponent_byte) - i64::from(EXPONENT_BIAS);
    let mut coefficient: u128 = 0;
    let mut digits: u32 = 0;
    let mut i = 2;
    let mut last_low = 1;
    loop {
        let byte = *bytes.get(i).ok_or_else(|| corrupt("unterminated number"))?;
        i += 1;
        if byte == terminator {
            break;
        }
        let value = if negative {
            100u8.checked_sub(byte)
        } else {
            byte.checked_sub(1)
        };
        let value = value
            .filter(|v| *v < 100)
            .ok_or_else(|| corrupt("bad number digits"))?;
        if digits >= number::MAX_DIGITS {
            return Err(corrupt("too many number digits"));
        }
        coefficient = coefficient * 100 + u128::from(value);
        digits += 2;
        last_low = value % 10;
    }
    if digits == 0 {
        return Err(corrupt("number without digits"));
    }
    if last_low == 0 {
        // An odd digit count: the last pair was padded.
        coefficient /= 10;
        digits -= 1;
    }
    let exponent = adjusted - i64::from(digits) + 1;
    let n = Number::from_parts(negative, coefficient, exponent)
        .map_err(|_| corrupt("number out of range"))?;
    if n.significant_digits() != digits {
        return Err(corrupt("non-canonical number digits"));
    }
    Ok((n, i))
}

fn corrupt(reason: &str) -> Error {
    Error::Internal(format!("corrupt key: {reason}"))
}
