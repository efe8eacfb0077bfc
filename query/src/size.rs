//! Item and key sizes by DynamoDB's rules, and the limits DynamoDB enforces on them.
//!
//! An item's size is the sum over its attributes of the name's UTF-8 bytes plus the value's size
//! ([developer guide, "Item sizes and formats"][guide]):
//! - S: UTF-8 bytes; B: raw bytes; BOOL and NULL: 1 byte;
//! - N: 1 byte, plus one per base-100 digit of the value aligned on the decimal point (pairs of
//!   decimal digits counted from the point, leading and trailing zero pairs dropped), plus 1 for
//!   a negative value; zero is 1 byte. The guide's "1 byte per two significant digits + 1" is an
//!   approximation: `3.14159` (digits 3|14|15|9) costs 5 and `123456` (12|34|56) costs 4, which
//!   is what DynamoDB charges (23 literals measured to the byte by the dynamodb-conformance
//!   suite, reproduced in the tests below; dynalite's rule is the same);
//! - L and M: 3 bytes, plus per element 1 byte and the element's size (and, in a map, its name);
//! - SS, NS, BS: the sum of the members' sizes.
//!
//! [guide]: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html

use crate::value::{AttributeValue, Item, Number};
use crate::{Error, Result};

/// Largest item DynamoDB stores: 400 KB, names included. An item of exactly this size is
/// accepted, one byte more is refused.
pub const MAX_ITEM_SIZE: usize = 400 * 1024;
/// Largest partition key value (S or B bytes).
pub const MAX_PARTITION_KEY_SIZE: usize = 2048;
/// Largest sort key value (S or B bytes).
pub const MAX_SORT_KEY_SIZE: usize = 1024;

/// PutItem, BatchWriteItem, TransactWriteItems Put: the item is over [`MAX_ITEM_SIZE`].
pub const ITEM_TOO_LARGE: &str = "Item size has exceeded the maximum allowed size";
/// UpdateItem and a transaction's Update: the updated item is over the limit.
pub const UPDATED_ITEM_TOO_LARGE: &str =
    "Item size to update has exceeded the maximum allowed size";

/// The size of a number.
pub fn number_size(n: &Number) -> usize {
    if n.is_zero() {
        return 1;
    }
    // Decimal positions of the leading and last significant digits; a base-100 digit covers
    // positions 2k and 2k+1.
    let leading = i32::from(n.adjusted_exponent());
    let last = i32::from(n.exponent());
    let pairs = (leading.div_euclid(2) - last.div_euclid(2) + 1) as usize;
    1 + pairs + usize::from(n.is_negative())
}

/// The size of a value, without a name.
pub fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::B(b) => b.len(),
        AttributeValue::N(n) => number_size(n),
        AttributeValue::Bool(_) | AttributeValue::Null => 1,
        AttributeValue::L(list) => 3 + list.iter().map(|v| 1 + value_size(v)).sum::<usize>(),
        AttributeValue::M(map) => {
            3 + map
                .iter()
                .map(|(k, v)| 1 + attribute_size(k, v))
                .sum::<usize>()
        }
        AttributeValue::Ss(set) => set.iter().map(String::len).sum(),
        AttributeValue::Ns(set) => set.iter().map(number_size).sum(),
        AttributeValue::Bs(set) => set.iter().map(Vec::len).sum(),
    }
}

/// The size of one attribute: its name's UTF-8 bytes plus its value's size.
pub fn attribute_size(name: &str, value: &AttributeValue) -> usize {
    name.len() + value_size(value)
}

/// The size of an item.
pub fn item_size(item: &Item) -> usize {
    item.iter()
        .map(|(name, value)| attribute_size(name, value))
        .sum()
}

/// Fails with DynamoDB's PutItem error when the item is over 400 KB.
pub fn check_item_size(item: &Item) -> Result<()> {
    if item_size(item) > MAX_ITEM_SIZE {
        return Err(Error::validation(ITEM_TOO_LARGE));
    }
    Ok(())
}

/// Which key attribute a value is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRole {
    Partition,
    Sort,
}

/// DynamoDB's checks on a key attribute's value, for writes and reads alike: no empty S or B,
/// and S/B no longer than 2048 bytes (partition) or 1024 bytes (sort). Numbers always fit.
pub fn check_key_value(name: &str, value: &AttributeValue, role: KeyRole) -> Result<()> {
    let (bytes, kind) = match value {
        AttributeValue::S(s) => (s.len(), "string"),
        AttributeValue::B(b) => (b.len(), "binary"),
        _ => return Ok(()),
    };
    if bytes == 0 {
        return Err(Error::validation(format!(
            "One or more parameter values are not valid. The AttributeValue for a key attribute \
             cannot contain an empty {kind} value. Key: {name}"
        )));
    }
    let too_large = match role {
        KeyRole::Partition if bytes > MAX_PARTITION_KEY_SIZE => {
            // DynamoDB's text has no space between "of" and "2048".
            "Size of hashkey has exceeded the maximum size limit of2048 bytes"
        }
        KeyRole::Sort if bytes > MAX_SORT_KEY_SIZE => {
            "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"
        }
        _ => return Ok(()),
    };
    Err(Error::validation(format!(
        "One or more parameter values were invalid: {too_large}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Number {
        Number::parse(text).unwrap()
    }

    #[test]
    fn number_sizes_measured_on_dynamodb() {
        // The dynamodb-conformance suite's 23 literals, each measured against the 400 KB gate.
        let cases = [
            ("0", 1),
            ("1", 2),
            ("12", 2),
            ("123", 3),
            ("1234", 3),
            ("12345678901234567890123456789012345678", 20),
            ("0042", 2),
            ("100", 2),
            ("1010", 3),
            ("0.0000001", 2),
            ("1E125", 2),
            ("1E-100", 2),
            ("1.5", 3),
            ("15", 2),
            ("1.2", 3),
            ("1.200", 3),
            ("1.234", 4),
            ("3.14159", 5),
            ("123456", 4),
            ("100.5", 4),
            ("0.15", 2),
            ("-42", 3),
            ("-0", 1),
        ];
        for (literal, bytes) in cases {
            assert_eq!(number_size(&n(literal)), bytes, "{literal}");
        }
    }

    #[test]
    fn value_sizes_follow_the_developer_guide() {
        let s = |t: &str| AttributeValue::S(t.into());
        let cases = [
            (s(""), 0),
            (s("é"), 2),
            (AttributeValue::B(vec![0; 5]), 5),
            (AttributeValue::Bool(true), 1),
            (AttributeValue::Null, 1),
            (AttributeValue::L(vec![]), 3),
            (AttributeValue::M(Item::new()), 3),
            (AttributeValue::L(vec![s("xy")]), 3 + 1 + 2),
            (
                AttributeValue::M(Item::from([("ab".to_owned(), s("xyz"))])),
                3 + 1 + 2 + 3,
            ),
            (
                AttributeValue::Ss(["a".to_owned(), "bc".to_owned()].into()),
                3,
            ),
            (AttributeValue::Ns([n("1"), n("-3.14159")].into()), 2 + 6),
            (AttributeValue::Bs([vec![1], vec![2, 3]].into()), 3),
        ];
        for (value, size) in cases {
            assert_eq!(value_size(&value), size, "{value:?}");
        }
    }

    #[test]
    fn item_limit_is_exactly_400_kb() {
        // An item of exactly 409,600 bytes is accepted and one byte more refused.
        let item = |total: usize| {
            let mut item = Item::from([("pk".to_owned(), AttributeValue::S("k".into()))]);
            item.insert("p".into(), AttributeValue::S("x".repeat(total - 3 - 1)));
            item
        };
        assert_eq!(item_size(&item(MAX_ITEM_SIZE)), MAX_ITEM_SIZE);
        assert!(check_item_size(&item(MAX_ITEM_SIZE)).is_ok());
        assert_eq!(
            check_item_size(&item(MAX_ITEM_SIZE + 1)),
            Err(Error::validation(
                "Item size has exceeded the maximum allowed size"
            ))
        );
    }

    #[test]
    fn key_value_checks() {
        let s = |t: String| AttributeValue::S(t);
        let ok = [
            (s("a".repeat(2048)), KeyRole::Partition),
            (s("a".repeat(1024)), KeyRole::Sort),
            (AttributeValue::N(n("1e125")), KeyRole::Sort),
        ];
        for (value, role) in ok {
            assert!(check_key_value("k", &value, role).is_ok());
        }
        let invalid = "One or more parameter values were invalid: ";
        let cases = [
            (s(String::new()), KeyRole::Partition, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk".to_owned()),
            (AttributeValue::B(vec![]), KeyRole::Sort, "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty binary value. Key: pk".to_owned()),
            (s("a".repeat(2049)), KeyRole::Partition, format!("{invalid}Size of hashkey has exceeded the maximum size limit of2048 bytes")),
            (AttributeValue::B(vec![1; 1025]), KeyRole::Sort, format!("{invalid}Aggregated size of all range keys has exceeded the size limit of 1024 bytes")),
            (s("é".repeat(513)), KeyRole::Sort, format!("{invalid}Aggregated size of all range keys has exceeded the size limit of 1024 bytes")),
        ];
        for (value, role, message) in cases {
            assert_eq!(
                check_key_value("pk", &value, role),
                Err(Error::Validation(message))
            );
        }
    }
}
