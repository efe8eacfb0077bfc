use proptest::prelude::*;

use super::*;
use crate::value::{arbitrary, AttributeValue, Item, Number};

fn sample() -> Item {
    let n = |t: &str| Number::parse(t).unwrap();
    Item::from([
        ("pk".to_owned(), AttributeValue::S("user#1".into())),
        ("n".to_owned(), AttributeValue::N(n("-12.50"))),
        ("b".to_owned(), AttributeValue::B(vec![0, 1, 255])),
        ("t".to_owned(), AttributeValue::Bool(true)),
        ("f".to_owned(), AttributeValue::Bool(false)),
        ("z".to_owned(), AttributeValue::Null),
        (
            "l".to_owned(),
            AttributeValue::L(vec![
                AttributeValue::N(n("0")),
                AttributeValue::M(Item::new()),
            ]),
        ),
        (
            "ss".to_owned(),
            AttributeValue::Ss(["".to_owned(), "a".to_owned()].into()),
        ),
        (
            "ns".to_owned(),
            AttributeValue::Ns([n("1e125"), n("-1e-130")].into()),
        ),
        (
            "bs".to_owned(),
            AttributeValue::Bs([vec![], vec![7]].into()),
        ),
    ])
}

#[test]
fn round_trips_every_type() {
    let item = sample();
    assert_eq!(decode(&encode(&item)).unwrap(), item);
    assert_eq!(decode(&encode(&Item::new())).unwrap(), Item::new());
}

#[test]
fn keyed_decoding_keeps_the_key_and_checks_it() {
    let bytes = encode(&sample());
    let sized = decode_sized(&bytes).unwrap();
    let key = |pairs: &[(&str, AttributeValue)]| -> Item {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect()
    };
    let pk = AttributeValue::S("user#1".into());
    let n = AttributeValue::N(Number::parse("-12.5").unwrap());
    let both = key(&[("n", n), ("pk", pk.clone())]);
    assert_eq!(
        decode_keyed(&bytes, key(&[("pk", pk.clone())]), "pk", None),
        Ok(sized.clone())
    );
    assert_eq!(
        decode_keyed(&bytes, both.clone(), "pk", Some("n")),
        Ok(sized.clone())
    );
    assert_eq!(
        decode_keyed(&bytes, both, "n", Some("pk")),
        Ok(sized.clone())
    );
    // A named attribute the key does not hold is decoded as usual.
    assert_eq!(
        decode_keyed(&bytes, Item::new(), "pk", Some("n")),
        Ok(sized)
    );
    let reason = |k: Item, hash: &str| decode_keyed(&bytes, k, hash, None).unwrap_err().reason;
    let other = AttributeValue::S("user#2".into());
    assert_eq!(
        reason(key(&[("pk", other)]), "pk"),
        "key value differs from the key"
    );
    let typed = AttributeValue::B(b"user#1".to_vec());
    assert_eq!(
        reason(key(&[("pk", typed)]), "pk"),
        "key value differs from the key"
    );
    assert_eq!(reason(key(&[("a", pk)]), "a"), "key attribute missing");
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = encode(&sample());
    for cut in 0..bytes.len() {
        assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}

#[test]
fn structural_violations_are_errors() {
    let cases: [(&[u8], &str); 12] = [
        (&[0x02, 0x00], "unknown format version"),
        (&[0x01, 0x00, 0x00], "trailing bytes"),
        (&[0x01, 0x05], "count exceeds input"),
        (&[0x01, 0x01, 0x01, b'a', 0x0F], "unknown value tag"),
        (&[0x01, 0x01, 0x01, 0xFF, 0x06], "invalid UTF-8"),
        (
            &[0x01, 0x02, 0x01, b'b', 0x06, 0x01, b'a', 0x06],
            "names out of order",
        ),
        (
            &[0x01, 0x02, 0x01, b'a', 0x06, 0x01, b'a', 0x06],
            "names out of order",
        ),
        (&[0x01, 0x01, 0x01, b'a', 0x09, 0x00], "empty set"),
        (
            &[0x01, 0x01, 0x01, b'a', 0x09, 0x02, 0x01, b'b', 0x01, b'a'],
            "set members out of order",
        ),
        // 10 as coefficient 10, exponent 0: must be written as 1e1.
        (
            &[0x01, 0x01, 0x01, b'a', 0x02, 0x14, 0x00],
            "non-canonical number",
        ),
        (
            &[0x01, 0x01, 0x01, b'a', 0x02, 0x01, 0x00],
            "non-canonical number",
        ),
        (
            &[0x01, 0x01, 0x01, b'a', 0x02, 0x02, 0x80, 0x00],
            "overlong varint",
        ),
    ];
    for (bytes, reason) in cases {
        assert_eq!(decode(bytes).unwrap_err().reason, reason, "{bytes:?}");
        assert_eq!(
            write_json(bytes, &mut Vec::new()),
            Err(decode(bytes).unwrap_err())
        );
    }
}

#[test]
fn deep_nesting_is_bounded() {
    let mut bytes = vec![0x01, 0x01, 0x01, b'a'];
    bytes.extend(std::iter::repeat_n([0x08, 0x01], 10_000).flatten());
    bytes.push(0x06);
    assert_eq!(decode(&bytes).unwrap_err().reason, "nested too deeply");
    assert_eq!(encoded_item_size(&bytes), Err(decode(&bytes).unwrap_err()));
}

#[test]
fn json_written_from_bytes_is_serdes() {
    for item in [sample(), Item::new()] {
        let mut out = b"prefix".to_vec();
        let size = write_json(&encode(&item), &mut out).unwrap();
        assert_eq!(out[6..], serde_json::to_vec(&item).unwrap());
        assert_eq!(size, crate::size::item_size(&item));
    }
}

#[test]
fn huge_counts_do_not_allocate() {
    let mut bytes = vec![0x01, 0x01, 0x01, b'a', 0x08];
    bytes.extend_from_slice(&[0xFF; 18]);
    bytes.push(0x01);
    assert!(decode(&bytes).is_err());
}

proptest! {
    #[test]
    fn items_round_trip(item in arbitrary::item()) {
        let bytes = encode(&item);
        let size = crate::size::item_size(&item);
        prop_assert_eq!(decode_sized(&bytes).unwrap(), (item, size));
    }

    #[test]
    fn encoding_measures_the_item(item in arbitrary::item()) {
        let mut out = vec![0xAA];
        let size = encode_into(&item, &mut out);
        prop_assert_eq!(&out[1..], &encode(&item)[..]);
        prop_assert_eq!(size, crate::size::item_size(&item));
    }

    #[test]
    fn sizes_read_from_bytes_match_decoded_items(item in arbitrary::item()) {
        let bytes = encode(&item);
        prop_assert_eq!(encoded_item_size(&bytes).unwrap(), crate::size::item_size(&item));
    }

    #[test]
    fn json_from_bytes_is_serdes(item in arbitrary::item()) {
        let mut out = Vec::new();
        let size = write_json(&encode(&item), &mut out).unwrap();
        prop_assert_eq!(String::from_utf8(out).unwrap(), serde_json::to_string(&item).unwrap());
        prop_assert_eq!(size, crate::size::item_size(&item));
    }

    #[test]
    fn corrupt_bytes_never_panic(item in arbitrary::item(), flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..4)) {
        let mut bytes = encode(&item);
        for (at, byte) in flips {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        // Either an error or some valid item, which then re-encodes to the same bytes.
        // Measuring never panics either.
        // Writing JSON fails exactly where decoding does.
        let _ = encoded_item_size(&bytes);
        let mut out = Vec::new();
        match decode(&bytes) {
            Ok(decoded) => {
                prop_assert_eq!(write_json(&bytes, &mut out), Ok(crate::size::item_size(&decoded)));
                prop_assert_eq!(encode(&decoded), bytes);
            }
            Err(e) => prop_assert_eq!(write_json(&bytes, &mut out), Err(e)),
        }
    }
}
