//! Numbers written with extreme exponents, and zero with an exponent (recorded in eu-west-2,
//! 2026-10; paritysuite tier3/limits/numberExponent).

mod common;

use common::{call, create_table, fails, TestResult};
use dynakv::Database;
use serde_json::json;

const ONE: &str = "1 validation error detected: ";
const OVERFLOW: &str =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const UNDERFLOW: &str =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

#[test]
fn exponents_are_read_in_full_and_zero_is_range_checked() -> TestResult {
    let db = Database::in_memory()?;
    create_table(&db, "nums", None);
    let put = |n: &str| json!({"TableName": "nums", "Item": {"pk": {"S": "k"}, "val": {"N": n}}});
    let refused = [
        (
            "1e9223372036854775808",
            "The parameter cannot be converted to a numeric value: 1e9223372036854775808"
                .to_string(),
        ),
        ("1e2147483648", OVERFLOW.to_string()),
        ("0e126", OVERFLOW.to_string()),
        ("0e-131", UNDERFLOW.to_string()),
    ];
    for (n, want) in refused {
        let e = fails(&db, "PutItem", put(n));
        assert_eq!(e.message(), format!("{ONE}{want}"), "{n}");
    }
    for n in ["0e125", "0e-130", "-0E+7"] {
        call(&db, "PutItem", put(n))?;
        let got = call(
            &db,
            "GetItem",
            json!({"TableName": "nums", "Key": {"pk": {"S": "k"}}}),
        )?;
        assert_eq!(got["Item"]["val"], json!({"N": "0"}), "{n}");
    }
    Ok(())
}
