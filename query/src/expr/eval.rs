//! Evaluating conditions on an item, with DynamoDB's semantics: a comparison between values
//! of different types, or with a missing attribute, is false rather than an error.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::ast::{Comparator, Condition, Operand, Path, PathElem};
use super::types;
use crate::value::{AttributeValue, Item, Number};

/// Whether `cond` holds for `item` (an empty item stands for a missing one).
pub fn evaluate(cond: &Condition, item: &Item) -> bool {
    match cond {
        Condition::And(list) => list.iter().all(|c| evaluate(c, item)),
        Condition::Or(list) => list.iter().any(|c| evaluate(c, item)),
        Condition::Not(a) => !evaluate(a, item),
        Condition::Compare(a, cmp, b) => {
            compare(value(a, item).as_deref(), *cmp, value(b, item).as_deref())
        }
        Condition::Between(a, lo, hi) => {
            let (a, lo, hi) = (value(a, item), value(lo, item), value(hi, item));
            match (a, lo, hi) {
                (Some(a), Some(lo), Some(hi)) => {
                    order(&lo, &a).is_some_and(Ordering::is_le)
                        && order(&a, &hi).is_some_and(Ordering::is_le)
                }
                _ => false,
            }
        }
        Condition::In(a, list) => match value(a, item) {
            Some(a) => list
                .iter()
                .any(|c| value(c, item).is_some_and(|c| *c == *a)),
            None => false,
        },
        Condition::AttributeExists(path) => resolve(item, path).is_some(),
        Condition::AttributeNotExists(path) => resolve(item, path).is_none(),
        Condition::AttributeType(path, ty) => {
            match (resolve(item, path), value(ty, item).as_deref()) {
                (Some(v), Some(AttributeValue::S(name))) => types::short(v) == name,
                _ => false,
            }
        }
        Condition::BeginsWith(a, b) => match (value(a, item).as_deref(), value(b, item).as_deref())
        {
            (Some(AttributeValue::S(a)), Some(AttributeValue::S(b))) => a.starts_with(b.as_str()),
            (Some(AttributeValue::B(a)), Some(AttributeValue::B(b))) => a.starts_with(b),
            _ => false,
        },
        Condition::Contains(a, b) => match (value(a, item), value(b, item)) {
            (Some(a), Some(b)) => contains(&a, &b),
            _ => false,
        },
    }
}

fn compare(a: Option<&AttributeValue>, cmp: Comparator, b: Option<&AttributeValue>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        // A missing operand is unequal to everything and orders with nothing.
        return cmp == Comparator::Ne;
    };
    match cmp {
        Comparator::Eq => a == b,
        Comparator::Ne => a != b,
        Comparator::Lt => order(a, b).is_some_and(Ordering::is_lt),
        Comparator::Le => order(a, b).is_some_and(Ordering::is_le),
        Comparator::Gt => order(a, b).is_some_and(Ordering::is_gt),
        Comparator::Ge => order(a, b).is_some_and(Ordering::is_ge),
    }
}

/// The order of two scalars of the same type (S by UTF-8 bytes, N by value, B by unsigned
/// bytes); `None` for any other pair.
pub(crate) fn order(a: &AttributeValue, b: &AttributeValue) -> Option<Ordering> {
    match (a, b) {
        (AttributeValue::S(x), AttributeValue::S(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (AttributeValue::N(x), AttributeValue::N(y)) => Some(x.cmp(y)),
        (AttributeValue::B(x), AttributeValue::B(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn contains(haystack: &AttributeValue, needle: &AttributeValue) -> bool {
    match (haystack, needle) {
        (AttributeValue::S(h), AttributeValue::S(n)) => h.contains(n.as_str()),
        (AttributeValue::B(h), AttributeValue::B(n)) => {
            n.is_empty() || h.windows(n.len()).any(|w| w == n.as_slice())
        }
        (AttributeValue::Ss(set), AttributeValue::S(n)) => set.contains(n),
        (AttributeValue::Ns(set), AttributeValue::N(n)) => set.contains(n),
        (AttributeValue::Bs(set), AttributeValue::B(n)) => set.contains(n),
        (AttributeValue::L(list), n) => list.contains(n),
        _ => false,
    }
}

/// An operand's value for `item`, if it has one (borrowed unless computed by `size`).
fn value<'a>(op: &'a Operand, item: &'a Item) -> Option<Cow<'a, AttributeValue>> {
    match op {
        Operand::Value(v) => Some(Cow::Borrowed(v)),
        Operand::Path(path) => resolve(item, path).map(Cow::Borrowed),
        Operand::Size(inner) => value(inner, item).and_then(|v| size(&v)).map(Cow::Owned),
    }
}

/// `size()`: characters of a string (as Java counts them, in UTF-16 units), bytes of a
/// binary, elements of a set, list or map; no size for numbers, booleans and nulls.
pub(crate) fn size(v: &AttributeValue) -> Option<AttributeValue> {
    let n = match v {
        AttributeValue::S(s) => s.encode_utf16().count(),
        AttributeValue::B(b) => b.len(),
        AttributeValue::Ss(s) => s.len(),
        AttributeValue::Ns(s) => s.len(),
        AttributeValue::Bs(s) => s.len(),
        AttributeValue::L(l) => l.len(),
        AttributeValue::M(m) => m.len(),
        AttributeValue::N(_) | AttributeValue::Bool(_) | AttributeValue::Null => return None,
    };
    Some(AttributeValue::N(Number::from(n as i64)))
}

/// The value at `path` in `item`, if there is one.
pub fn resolve<'a>(item: &'a Item, path: &Path) -> Option<&'a AttributeValue> {
    let mut cur = item.get(path.head())?;
    for elem in &path.elems()[1..] {
        cur = step(cur, elem)?;
    }
    Some(cur)
}

/// One step down from a map or list.
pub(crate) fn step<'a>(v: &'a AttributeValue, elem: &PathElem) -> Option<&'a AttributeValue> {
    match (v, elem) {
        (AttributeValue::M(m), PathElem::Attr(k)) => m.get(k),
        (AttributeValue::L(l), PathElem::Index(i)) => l.get(*i),
        _ => None,
    }
}
