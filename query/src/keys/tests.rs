use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::value::number::tests::any_number;
use crate::value::Number;

fn s(text: &str) -> AttributeValue {
    AttributeValue::S(text.into())
}

fn n(text: &str) -> AttributeValue {
    AttributeValue::N(Number::parse(text).unwrap())
}

fn encoded(value: &AttributeValue) -> Vec<u8> {
    let mut out = Vec::new();
    scalar::encode(value, &mut out).unwrap();
    out
}

#[test]
fn documented_encodings() {
    assert_eq!(encoded(&s("a")), [0x61, 0x00, 0x01]);
    assert_eq!(encoded(&s("a\0")), [0x61, 0x00, 0xFF, 0x00, 0x01]);
    assert_eq!(encoded(&n("1.5")), [0x03, 0x82, 0x10, 0x00]);
    assert_eq!(encoded(&n("15")), [0x03, 0x83, 0x10, 0x00]);
    assert_eq!(encoded(&n("-1.5")), [0x01, 0x7D, 0x55, 0xFF]);
    assert_eq!(encoded(&n("0")), [0x02]);
}

#[test]
fn numbers_sort_numerically() {
    let ascending = [
        "-1e125", "-100", "-99.5", "-10", "-1.01", "-1", "-0.5", "-1e-130", "0", "1e-130", "0.001",
        "0.5", "1", "1.01", "1.1", "10", "99.5", "100", "1e125",
    ];
    for pair in ascending.windows(2) {
        assert!(
            encoded(&n(pair[0])) < encoded(&n(pair[1])),
            "{} < {}",
            pair[0],
            pair[1]
        );
    }
}

#[test]
fn non_key_values_are_refused() {
    assert!(table_key(&AttributeValue::Bool(true), None).is_err());
    assert!(table_key(&s("a"), Some(&AttributeValue::Null)).is_err());
}

#[test]
fn corrupt_keys_are_errors() {
    let good = table_key(&s("a"), Some(&n("12.5"))).unwrap();
    for cut in 0..good.len() {
        assert!(
            decode_table_key(&good[..cut], KeyType::S, Some(KeyType::N)).is_err(),
            "cut {cut}"
        );
    }
    let mut trailing = good.clone();
    trailing.push(0);
    assert!(decode_table_key(&trailing, KeyType::S, Some(KeyType::N)).is_err());
    assert!(decode_table_key(&good, KeyType::N, Some(KeyType::N)).is_err());
    let bad_utf8 = [&[0u8; 8][..], &[0xC3, 0x00, 0x01]].concat();
    assert!(decode_table_key(&bad_utf8, KeyType::S, None).is_err());
    let bad_escape = [&[0u8; 8][..], &[0x61, 0x00, 0x02]].concat();
    assert!(decode_table_key(&bad_escape, KeyType::B, None).is_err());
    let leading_zero_digits = [&[0u8; 8][..], &[0x03, 0x82, 0x01, 0x00]].concat();
    assert!(decode_table_key(&leading_zero_digits, KeyType::N, None).is_err());
    let too_many_digits = [&[0u8; 8][..], &[0x03, 0x82], &[0x0C; 20], &[0x00]].concat();
    assert!(decode_table_key(&too_many_digits, KeyType::N, None).is_err());
}

#[test]
fn segments_tile_the_hash_space() {
    for total in [1u32, 2, 3, 7, 1000] {
        let ranges: Vec<KeyRange> = (0..total)
            .map(|i| scan_segment(i, total).unwrap())
            .collect();
        assert_eq!(ranges[0].lower, std::ops::Bound::Unbounded);
        assert_eq!(ranges[total as usize - 1].upper, std::ops::Bound::Unbounded);
        for pair in ranges.windows(2) {
            let std::ops::Bound::Excluded(end) = &pair[0].upper else {
                panic!()
            };
            assert_eq!(pair[1].lower, std::ops::Bound::Included(end.clone()));
        }
    }
    assert!(scan_segment(3, 3).is_err());
    assert!(scan_segment(0, 0).is_err());
}

fn key_value() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        "[a-c\u{0}\u{e9}]{1,4}".prop_map(AttributeValue::S),
        proptest::collection::vec(
            prop_oneof![Just(0u8), Just(1), Just(0xFF), any::<u8>()],
            1..5
        )
        .prop_map(AttributeValue::B),
        any_number().prop_map(AttributeValue::N),
    ]
}

/// The order DynamoDB gives key values of one type.
fn value_cmp(a: &AttributeValue, b: &AttributeValue) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (AttributeValue::S(x), AttributeValue::S(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (AttributeValue::B(x), AttributeValue::B(y)) => Some(x.cmp(y)),
        (AttributeValue::N(x), AttributeValue::N(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn sort_value(ty: KeyType) -> BoxedStrategy<AttributeValue> {
    match ty {
        KeyType::S => "[ab\u{0}]{1,3}".prop_map(AttributeValue::S).boxed(),
        KeyType::B => proptest::collection::vec(prop_oneof![Just(0u8), Just(0xFF), Just(7)], 1..4)
            .prop_map(AttributeValue::B)
            .boxed(),
        KeyType::N => (-30i64..30)
            .prop_map(|i| AttributeValue::N(Number::from(i)))
            .boxed(),
    }
}

fn condition(ty: KeyType) -> impl Strategy<Value = SortCondition> {
    let v = sort_value(ty);
    let mut options = vec![
        v.clone().prop_map(SortCondition::Eq).boxed(),
        v.clone().prop_map(SortCondition::Lt).boxed(),
        v.clone().prop_map(SortCondition::Le).boxed(),
        v.clone().prop_map(SortCondition::Gt).boxed(),
        v.clone().prop_map(SortCondition::Ge).boxed(),
        (v.clone(), v.clone())
            .prop_map(|(a, b)| SortCondition::Between(a, b))
            .boxed(),
    ];
    if ty != KeyType::N {
        options.push(v.prop_map(SortCondition::BeginsWith).boxed());
    }
    proptest::strategy::Union::new(options)
}

/// What the condition means on values, stated directly.
fn matches(condition: &SortCondition, value: &AttributeValue) -> bool {
    use std::cmp::Ordering::*;
    let cmp = |bound: &AttributeValue| value_cmp(value, bound).unwrap();
    match condition {
        SortCondition::Eq(b) => cmp(b) == Equal,
        SortCondition::Lt(b) => cmp(b) == Less,
        SortCondition::Le(b) => cmp(b) != Greater,
        SortCondition::Gt(b) => cmp(b) == Greater,
        SortCondition::Ge(b) => cmp(b) != Less,
        SortCondition::Between(lo, hi) => cmp(lo) != Less && cmp(hi) != Greater,
        SortCondition::BeginsWith(AttributeValue::S(p)) => {
            matches!(value, AttributeValue::S(v) if v.as_bytes().starts_with(p.as_bytes()))
        }
        SortCondition::BeginsWith(AttributeValue::B(p)) => {
            matches!(value, AttributeValue::B(v) if v.starts_with(p))
        }
        SortCondition::BeginsWith(_) => false,
    }
}

fn key_type() -> impl Strategy<Value = KeyType> {
    prop_oneof![Just(KeyType::S), Just(KeyType::N), Just(KeyType::B)]
}

fn typed_case() -> impl Strategy<Value = (KeyType, Vec<AttributeValue>, SortCondition)> {
    key_type().prop_flat_map(|ty| {
        (
            Just(ty),
            proptest::collection::vec(sort_value(ty), 0..12),
            condition(ty),
        )
    })
}

proptest! {
    #[test]
    fn encoding_order_is_value_order(a in key_value(), b in key_value()) {
        if let Some(order) = value_cmp(&a, &b) {
            prop_assert_eq!(encoded(&a).cmp(&encoded(&b)), order);
        }
    }

    #[test]
    fn composite_order_is_component_order(a in key_value(), b in key_value(), c in key_value(), d in key_value()) {
        if let (Some(first), Some(second)) = (value_cmp(&a, &b), value_cmp(&c, &d)) {
            let left = [encoded(&a), encoded(&c)].concat();
            let right = [encoded(&b), encoded(&d)].concat();
            prop_assert_eq!(left.cmp(&right), first.then(second));
        }
    }

    #[test]
    fn keys_round_trip(pk in key_value(), sk in proptest::option::of(key_value())) {
        let key = table_key(&pk, sk.as_ref()).unwrap();
        let pk_type = KeyType::of(&pk).unwrap();
        let sk_type = sk.as_ref().map(|v| KeyType::of(v).unwrap());
        prop_assert_eq!(decode_table_key(&key, pk_type, sk_type).unwrap(), (pk.clone(), sk));
        prop_assert_eq!(partition_hash(&key).unwrap(), xxhash_rust::xxh3::xxh3_64(&encoded(&pk)));
    }

    #[test]
    fn query_range_selects_exactly_the_matching_keys((ty, sort_keys, condition) in typed_case(), pk in key_value(), other in key_value()) {
        let partition = KeyBuilder::partition(&pk).unwrap();
        let range = KeyRange::query(&partition, Some(&condition)).unwrap();
        let sort_keys: BTreeSet<Vec<u8>> = sort_keys.iter().map(encoded).collect();
        for sk_bytes in &sort_keys {
            let (value, _) = scalar::decode(sk_bytes, ty).unwrap();
            let key = table_key(&pk, Some(&value)).unwrap();
            prop_assert_eq!(range.contains(&key), matches(&condition, &value), "{:?} {:?}", value, condition);
            // An index entry continues after the sort key; the range treats it the same way.
            let entry = KeyBuilder::partition(&pk).unwrap().push(&value).unwrap().push(&other).unwrap().finish();
            prop_assert_eq!(range.contains(&entry), matches(&condition, &value));
        }
        if encoded(&other) != encoded(&pk) {
            let foreign = table_key(&other, Some(&sort_value_for(ty))).unwrap();
            prop_assert!(!KeyRange::query(&partition, None).unwrap().contains(&foreign));
        }
    }

    #[test]
    fn resume_after_continues_past_the_last_key(pk in key_value(), values in proptest::collection::btree_set(-20i64..20, 1..10), reverse in any::<bool>()) {
        let partition = KeyBuilder::partition(&pk).unwrap();
        let keys: Vec<Vec<u8>> = values.iter().map(|&i| table_key(&pk, Some(&AttributeValue::N(Number::from(i)))).unwrap()).collect();
        let last = if reverse { &keys[keys.len() / 2] } else { &keys[0] };
        let mut range = KeyRange::query(&partition, None).unwrap();
        range.resume_after(last, reverse);
        for key in &keys {
            let expected = if reverse { key < last } else { key > last };
            prop_assert_eq!(range.contains(key), expected);
        }
    }

    #[test]
    fn a_key_is_in_the_segment_of_its_hash(pk in key_value(), total in 1u32..5000) {
        let key = table_key(&pk, None).unwrap();
        let hash = partition_hash(&key).unwrap();
        let containing: Vec<u32> = (0..total.min(64)).chain([total - 1]).filter(|&i| i < total)
            .filter(|&i| scan_segment(i, total).unwrap().contains(&key)).collect();
        let expected = ((u128::from(hash) * u128::from(total)) >> 64) as u32;
        prop_assert!(containing.iter().all(|&i| i == expected));
        prop_assert!(scan_segment(expected, total).unwrap().contains(&key));
    }
}

fn sort_value_for(ty: KeyType) -> AttributeValue {
    match ty {
        KeyType::S => s("a"),
        KeyType::N => n("1"),
        KeyType::B => AttributeValue::B(vec![1]),
    }
}
