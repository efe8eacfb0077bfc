//! proptest strategies for values and items (tests only).

use proptest::collection::{btree_map, btree_set, vec};
use proptest::prelude::*;

use super::number::tests::any_number;
use super::{AttributeValue, Item};

/// Any scalar value.
pub(crate) fn scalar() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        ".{0,8}".prop_map(AttributeValue::S),
        any_number().prop_map(AttributeValue::N),
        vec(any::<u8>(), 0..8).prop_map(AttributeValue::B),
        any::<bool>().prop_map(AttributeValue::Bool),
        Just(AttributeValue::Null),
        btree_set(".{0,4}", 1..4).prop_map(AttributeValue::Ss),
        btree_set(any_number(), 1..4).prop_map(AttributeValue::Ns),
        btree_set(vec(any::<u8>(), 0..4), 1..4).prop_map(AttributeValue::Bs),
    ]
}

/// Any value, nested a few levels.
pub(crate) fn value() -> impl Strategy<Value = AttributeValue> {
    scalar().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..4).prop_map(AttributeValue::L),
            btree_map(".{0,6}", inner, 0..4).prop_map(AttributeValue::M),
        ]
    })
}

/// Any item.
pub(crate) fn item() -> impl Strategy<Value = Item> {
    btree_map(".{1,8}", value(), 0..6)
}
