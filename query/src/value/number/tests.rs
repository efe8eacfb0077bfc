use super::*;
use proptest::prelude::*;

fn n(text: &str) -> Number {
    Number::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

const OVERFLOW: &str =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const UNDERFLOW: &str =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
const DIGITS: &str = "Attempting to store more than 38 significant digits in a Number";

#[test]
fn canonical_text() {
    // Accepted syntax (ScyllaDB Alternator's test_invalid_numbers, run against DynamoDB) and
    // DynamoDB's normalised output: plain notation, no leading/trailing zeros.
    let cases = [
        ("3", "3"),
        ("-7.1234", "-7.1234"),
        ("-17e5", "-1700000"),
        ("-17.4E37", "-174000000000000000000000000000000000000"),
        ("+3", "3"),
        (".123", "0.123"),
        ("0001.23", "1.23"),
        ("1e+5", "100000"),
        ("0e125", "0"),
        ("-0", "0"),
        ("-0.000", "0"),
        ("5.", "5"),
        ("1.0", "1"),
        ("100", "100"),
        ("1.50", "1.5"),
        ("0.001", "0.001"),
        ("1E-3", "0.001"),
        ("1E+30", "1000000000000000000000000000000"),
        (
            "12345678901234567890123456789012345678",
            "12345678901234567890123456789012345678",
        ),
        (
            "3.1415926535897932384626433832795028841",
            "3.1415926535897932384626433832795028841",
        ),
        ("1e-130", &format!("0.{}1", "0".repeat(129))),
        (
            "9.9999999999999999999999999999999999999E+125",
            &format!("{}{}", "9".repeat(38), "0".repeat(88)),
        ),
        (
            "123456789012345678901234567890123456780000",
            "123456789012345678901234567890123456780000",
        ),
        (
            "0.0000000000000000000000000000000000000000012",
            "0.0000000000000000000000000000000000000000012",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(n(input).to_string(), want, "input {input}");
    }
}

#[test]
fn rejected_syntax() {
    // DynamoDB's answers, from the dynamodb-conformance suite's captures of real DynamoDB.
    for text in [
        "NaN",
        "Infinity",
        "-Infinity",
        "-NaN",
        "dog",
        "-dog",
        " 1",
        "1 ",
        "1.2.3",
        "0x10",
        "1e",
        "",
        ".",
        "-",
        "+",
        "e5",
        "1e+",
        "1e5.5",
        "--1",
        "+-1",
        "1,0",
        "١",
    ] {
        let err = Number::parse_detailed(text).unwrap_err();
        assert_eq!(
            err,
            NumberError::NotNumeric(text.to_owned()),
            "input {text:?}"
        );
        assert_eq!(
            err.message(),
            format!("The parameter cannot be converted to a numeric value: {text}")
        );
    }
    assert_eq!(
        NumberError::NotNumeric(String::new()).legacy_message(),
        "The parameter cannot be converted to a numeric value"
    );
}

#[test]
fn legacy_layer_reads_exponents_as_java_does() {
    // The dynamodb-conformance suite's captures of BatchWriteItem (the older layer).
    let cases = [
        (
            "abc",
            "The parameter cannot be converted to a numeric value: abc",
        ),
        ("", "The parameter cannot be converted to a numeric value"),
        ("1e126", OVERFLOW),
        ("1e2147483647", UNDERFLOW),
        (
            "1e99999999999",
            "The parameter cannot be converted to a numeric value: 1e99999999999",
        ),
        (
            "1e2147483648",
            "The parameter cannot be converted to a numeric value: 1e2147483648",
        ),
        (
            "1e-2147483648",
            "The parameter cannot be converted to a numeric value: 1e-2147483648",
        ),
        ("1e-131", UNDERFLOW),
        ("123456789012345678901234567890123456789", DIGITS),
    ];
    for (text, want) in cases {
        let err = Number::parse_detailed(text).unwrap_err();
        assert_eq!(Number::legacy_message(text, &err), want, "{text}");
    }
}

#[test]
fn range_and_precision_errors() {
    let cases = [
        ("1e126", OVERFLOW),
        ("-1e126", OVERFLOW),
        ("11e125", OVERFLOW),
        ("1e-131", UNDERFLOW),
        ("-1e-131", UNDERFLOW),
        ("0.9e-130", UNDERFLOW),
        ("1e99999999999", OVERFLOW),
        ("-1e99999999999", OVERFLOW),
        ("1e-99999999999", UNDERFLOW),
        ("1e2147483648", OVERFLOW),
        ("1e2147483647", OVERFLOW),
        ("1e-2147483648", UNDERFLOW),
        // Zero is range-checked by its written exponent, and an exponent past an i64 is not a
        // number at all (eu-west-2, 2026-10).
        ("0e1000", OVERFLOW),
        ("0e-131", UNDERFLOW),
        (
            "1e999999999999999999999999999999",
            "The parameter cannot be converted to a numeric value: 1e999999999999999999999999999999",
        ),
        ("123456789012345678901234567890123456789", DIGITS),
        ("-1.23456789012345678901234567890123456789", DIGITS),
        ("1234567890123456789012345678901234567890", DIGITS),
        ("3.14159265358979323846264338327950288419", DIGITS),
        // Magnitude is checked before precision.
        ("1234567890123456789012345678901234567890e125", OVERFLOW),
    ];
    for (input, want) in cases {
        let err = Number::parse(input).unwrap_err();
        assert_eq!(
            err,
            crate::Error::Validation(want.to_owned()),
            "input {input}"
        );
    }
}

#[test]
fn boundaries_accepted() {
    for text in [
        "1e125",
        "-1e125",
        "9.99999999e125",
        "1e-130",
        "-1e-130",
        "1e-100",
        "31415926535897932384626433832795028841e30",
        "314159265358979323846.26433832795028841",
    ] {
        let parsed = n(text);
        assert_eq!(n(&parsed.to_string()), parsed);
    }
}

#[test]
fn numeric_order_and_equality() {
    assert_eq!(n("1"), n("1.0"));
    assert_eq!(n("100"), n("1e2"));
    let ascending = [
        "-1e125", "-100", "-99.5", "-1", "-0.001", "-1e-130", "0", "1e-130", "0.001", "0.0011",
        "0.5", "1", "1.5", "2", "10", "99", "100", "1e125",
    ];
    for pair in ascending.windows(2) {
        assert!(n(pair[0]) < n(pair[1]), "{} < {}", pair[0], pair[1]);
    }
}

#[test]
fn add_and_subtract() {
    // Alternator's test_update_expression_plus_precision, run against DynamoDB.
    let cases = [
        ("1", "10000000000000000000000", "10000000000000000000001"),
        ("0.1", "0.2", "0.3"),
        ("-5", "5", "0"),
        ("-5", "3", "-2"),
        ("1.5", "-2.25", "-0.75"),
        ("9e125", "-9e125", "0"),
        ("99999999999999999999999999999999999999", "-99999999999999999999999999999999999998", "1"),
        ("1e100", "1e100", "20000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"),
    ];
    for (a, b, sum) in cases {
        assert_eq!(n(a).checked_add(&n(b)).unwrap(), n(sum), "{a} + {b}");
        assert_eq!(n(sum).checked_sub(&n(b)).unwrap(), n(a), "{sum} - {b}");
    }
    assert_eq!(
        n("10000000000000000000000").checked_sub(&n("1")).unwrap(),
        n("9999999999999999999999")
    );
}

#[test]
fn arithmetic_errors() {
    let cases = [
        ("9e125", "9e125", OVERFLOW),
        // An inexact result is reported as overflow, as DynamoDB does (Alternator's
        // test_update_expression_plus_imprecise).
        ("1e50", "1", OVERFLOW),
        ("1e125", "1e-130", OVERFLOW),
        ("99999999999999999999999999999999999999", "1", "ok"),
        ("1.5e-130", "-1e-130", UNDERFLOW),
    ];
    for (a, b, want) in cases {
        match n(a).checked_add(&n(b)) {
            Ok(_) => assert_eq!(want, "ok", "{a} + {b}"),
            Err(e) => assert_eq!(e.message(), want, "{a} + {b}"),
        }
    }
    assert_eq!(
        n("1e50").checked_sub(&n("1")).unwrap_err().message(),
        OVERFLOW
    );
}

#[test]
fn from_integers() {
    assert_eq!(Number::from(0i64), Number::ZERO);
    assert_eq!(Number::from(i64::MIN).to_string(), i64::MIN.to_string());
    assert_eq!(Number::from(i64::MAX).to_i64(), Some(i64::MAX));
    assert_eq!(Number::from(-1200i64).to_i64(), Some(-1200));
    assert_eq!(n("1.5").to_i64(), None);
    assert_eq!(n("1e30").to_i64(), None);
    assert_eq!(Number::from(u64::MAX).to_string(), u64::MAX.to_string());
}

/// Any canonical number, built from parts across the whole range.
pub(crate) fn any_number() -> impl Strategy<Value = Number> {
    (any::<bool>(), 0u128..10u128.pow(MAX_DIGITS), -167i64..=125).prop_filter_map(
        "in range",
        |(negative, coefficient, exponent)| {
            Number::from_parts(negative, coefficient, exponent).ok()
        },
    )
}

proptest! {
    #[test]
    fn display_round_trips(x in any_number()) {
        prop_assert_eq!(n(&x.to_string()), x);
    }

    #[test]
    fn order_is_consistent_with_subtraction(a in any_number(), b in any_number()) {
        if let Ok(diff) = a.checked_sub(&b) {
            prop_assert_eq!(a.cmp(&b), diff.cmp(&Number::ZERO));
        }
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
    }

    #[test]
    fn add_then_subtract(a in any_number(), b in any_number()) {
        if let Ok(sum) = a.checked_add(&b) {
            if let Ok(back) = sum.checked_sub(&b) {
                prop_assert_eq!(back, a);
            }
        }
    }

    #[test]
    fn small_integers_add_like_i64(a in -1_000_000_000i64..1_000_000_000, b in -1_000_000_000i64..1_000_000_000) {
        let sum = Number::from(a).checked_add(&Number::from(b)).unwrap();
        prop_assert_eq!(sum, Number::from(a + b));
        prop_assert_eq!(Number::from(a).cmp(&Number::from(b)), a.cmp(&b));
    }
}
