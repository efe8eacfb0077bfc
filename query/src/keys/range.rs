//! Key ranges for Query (one partition, optionally narrowed by a sort-key condition) and for
//! parallel-scan segments (contiguous ranges of partition hashes).

use std::ops::Bound;

use super::{scalar, KeyBuilder};
use crate::value::AttributeValue;
use crate::{Error, Result};

/// A KeyConditionExpression's condition on the sort key.
#[derive(Debug, Clone, PartialEq)]
pub enum SortCondition {
    Eq(AttributeValue),
    Lt(AttributeValue),
    Le(AttributeValue),
    Gt(AttributeValue),
    Ge(AttributeValue),
    /// Both bounds included.
    Between(AttributeValue, AttributeValue),
    /// S or B only.
    BeginsWith(AttributeValue),
}

/// A range of storage keys: `lower` and `upper` as the storage engine's `range` takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyRange {
    pub lower: Bound<Vec<u8>>,
    pub upper: Bound<Vec<u8>>,
}

impl KeyRange {
    /// Every key that starts with `prefix`.
    pub fn prefixed(prefix: Vec<u8>) -> KeyRange {
        KeyRange {
            upper: successor_bound(&prefix),
            lower: Bound::Included(prefix),
        }
    }

    /// The keys of one partition (or, for an index, of one index partition), narrowed by a
    /// sort-key condition. `partition` is `KeyBuilder::partition(pk)`: its bytes are the prefix
    /// shared by the partition's keys, and the condition applies to the component after it.
    pub fn query(partition: &KeyBuilder, condition: Option<&SortCondition>) -> Result<KeyRange> {
        let prefix = partition.as_bytes();
        let with = |value: &AttributeValue| partition.clone().push(value).map(KeyBuilder::finish);
        let all = KeyRange::prefixed(prefix.to_vec());
        Ok(match condition {
            None => all,
            Some(SortCondition::Eq(v)) => KeyRange::prefixed(with(v)?),
            Some(SortCondition::Lt(v)) => KeyRange {
                upper: Bound::Excluded(with(v)?),
                ..all
            },
            Some(SortCondition::Le(v)) => KeyRange {
                upper: successor_bound(&with(v)?),
                ..all
            },
            Some(SortCondition::Gt(v)) => match successor_bound(&with(v)?) {
                Bound::Excluded(next) => KeyRange {
                    lower: Bound::Included(next),
                    ..all
                },
                // Only for an all-0xFF key, which no encoding produces: nothing follows it.
                _ => KeyRange {
                    lower: Bound::Excluded(prefix.to_vec()),
                    upper: Bound::Excluded(prefix.to_vec()),
                },
            },
            Some(SortCondition::Ge(v)) => KeyRange {
                lower: Bound::Included(with(v)?),
                ..all
            },
            Some(SortCondition::Between(low, high)) => KeyRange {
                lower: Bound::Included(with(low)?),
                upper: successor_bound(&with(high)?),
            },
            Some(SortCondition::BeginsWith(v)) => {
                let mut bytes = prefix.to_vec();
                match v {
                    AttributeValue::S(s) => scalar::encode_prefix(s.as_bytes(), &mut bytes),
                    AttributeValue::B(b) => scalar::encode_prefix(b, &mut bytes),
                    other => {
                        let message = format!("begins_with on a {} sort key", other.type_name());
                        return Err(Error::Internal(message));
                    }
                }
                KeyRange::prefixed(bytes)
            }
        })
    }

    /// Narrows the range to the keys after `last` in the direction of reading: how a page that
    /// ended at `last` (LastEvaluatedKey) resumes.
    pub fn resume_after(&mut self, last: &[u8], reverse: bool) {
        if reverse {
            if bound_allows_below(&self.upper, last) {
                self.upper = Bound::Excluded(last.to_vec());
            }
        } else if bound_allows_above(&self.lower, last) {
            self.lower = Bound::Excluded(last.to_vec());
        }
    }

    /// The bounds as borrowed slices, as the storage engine's `range` takes them.
    pub fn as_bounds(&self) -> (Bound<&[u8]>, Bound<&[u8]>) {
        (as_slice(&self.lower), as_slice(&self.upper))
    }

    /// True when `key` lies in the range.
    pub fn contains(&self, key: &[u8]) -> bool {
        let above = match &self.lower {
            Bound::Included(l) => key >= l.as_slice(),
            Bound::Excluded(l) => key > l.as_slice(),
            Bound::Unbounded => true,
        };
        let below = match &self.upper {
            Bound::Included(u) => key <= u.as_slice(),
            Bound::Excluded(u) => key < u.as_slice(),
            Bound::Unbounded => true,
        };
        above && below
    }
}

/// Segment `segment` of `total` in a parallel scan: partition hashes in
/// `[segment * 2^64 / total, (segment + 1) * 2^64 / total)`. Segments tile the key space.
/// `total` must be at least 1 and `segment` below it (DynamoDB's request validation).
pub fn scan_segment(segment: u32, total: u32) -> Result<KeyRange> {
    if total == 0 || segment >= total {
        return Err(Error::Internal(format!(
            "scan segment {segment} of {total}"
        )));
    }
    let start = |i: u32| ((u128::from(i) << 64) / u128::from(total)) as u64;
    let lower = match segment {
        0 => Bound::Unbounded,
        i => Bound::Included(start(i).to_be_bytes().to_vec()),
    };
    let upper = match segment + 1 {
        end if end == total => Bound::Unbounded,
        end => Bound::Excluded(start(end).to_be_bytes().to_vec()),
    };
    Ok(KeyRange { lower, upper })
}

/// The smallest key greater than every key starting with `prefix`: the prefix with trailing
/// 0xFF bytes dropped and the last byte incremented; unbounded if it is all 0xFF.
fn successor_bound(prefix: &[u8]) -> Bound<Vec<u8>> {
    let Some(last) = prefix.iter().rposition(|&b| b != 0xFF) else {
        return Bound::Unbounded;
    };
    let mut next = prefix[..=last].to_vec();
    next[last] += 1;
    Bound::Excluded(next)
}

fn bound_allows_above(lower: &Bound<Vec<u8>>, key: &[u8]) -> bool {
    match lower {
        Bound::Included(l) | Bound::Excluded(l) => key >= l.as_slice(),
        Bound::Unbounded => true,
    }
}

fn bound_allows_below(upper: &Bound<Vec<u8>>, key: &[u8]) -> bool {
    match upper {
        Bound::Included(u) | Bound::Excluded(u) => key <= u.as_slice(),
        Bound::Unbounded => true,
    }
}

fn as_slice(bound: &Bound<Vec<u8>>) -> Bound<&[u8]> {
    match bound {
        Bound::Included(b) => Bound::Included(b.as_slice()),
        Bound::Excluded(b) => Bound::Excluded(b.as_slice()),
        Bound::Unbounded => Bound::Unbounded,
    }
}
