#![no_main]
//! Expression parser, checker and evaluators on arbitrary text: reading an expression and
//! running what it accepts must never panic. The first byte picks the grammar.

use std::collections::BTreeMap;

use dynakv::expr::{apply_update, evaluate, project, ExpressionKind, Placeholders};
use dynakv::{AttributeValue, Item, Number};

fn placeholders() -> (BTreeMap<String, String>, Item) {
    let names = [("#a", "a"), ("#b", "b.c"), ("#l", "list"), ("#m", "map")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let values = [
        (":s", AttributeValue::S("ab".into())),
        (":n", AttributeValue::N(Number::from(7i64))),
        (
            ":z",
            AttributeValue::N(
                Number::parse("9.9999999999999999999999999999999999999E+125").unwrap(),
            ),
        ),
        (":l", AttributeValue::L(vec![AttributeValue::Null])),
        (
            ":ss",
            AttributeValue::Ss(["x".to_string()].into_iter().collect()),
        ),
        (
            ":ns",
            AttributeValue::Ns([Number::from(1i64)].into_iter().collect()),
        ),
        (":b", AttributeValue::B(vec![0, 1])),
        (":t", AttributeValue::S("SS".into())),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    (names, values)
}

fn item() -> Item {
    let list = AttributeValue::L(vec![
        AttributeValue::S("e".into()),
        AttributeValue::N(Number::from(2i64)),
    ]);
    let map: Item = [("k".to_string(), list.clone())].into_iter().collect();
    [
        ("a".to_string(), AttributeValue::N(Number::from(5i64))),
        ("list".to_string(), list),
        ("map".to_string(), AttributeValue::M(map)),
        (
            "set".to_string(),
            AttributeValue::Ss(["x".to_string(), "y".to_string()].into_iter().collect()),
        ),
    ]
    .into_iter()
    .collect()
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (names, values) = placeholders();
    let Ok(mut ph) = Placeholders::new(Some(&names), Some(&values)) else {
        return;
    };
    let item = item();
    match selector % 4 {
        0 => {
            if let Ok(cond) = ph.condition(ExpressionKind::Condition, &text) {
                evaluate(&cond, &item);
            }
        }
        1 => {
            if let Ok(cond) = ph.condition(ExpressionKind::KeyCondition, &text) {
                evaluate(&cond, &item);
            }
        }
        2 => {
            if let Ok(update) = ph.update(&text) {
                if let Ok(after) = apply_update(&update, &item) {
                    project(&after, update.target_paths());
                }
            }
        }
        _ => {
            if let Ok(paths) = ph.projection(&text) {
                project(&item, &paths);
            }
        }
    }
    let _ = ph.finish();
});
