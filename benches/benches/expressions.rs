//! Expression costs: reading (parse + check) each kind of expression, and running what was
//! read on an item (condition evaluation, update application, projection).

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use dynakv::expr::{
    apply_update, evaluate, project, ExpressionKind, ExpressionParams, Placeholders,
};
use dynakv::{AttributeValue, Item, Number};

const CONDITION: &str =
    "attribute_exists(#id) AND (#price BETWEEN :lo AND :hi OR contains(#tags, :tag)) \
                         AND size(#title) > :len AND NOT begins_with(#title, :prefix)";
const UPDATE: &str = "SET #price = #price + :inc, #title = if_not_exists(#title, :prefix), \
                      #list = list_append(#list, :more) REMOVE #old ADD #tags :newtags";
const PROJECTION: &str = "#id, #title, #list[0], #map.nested.deep";

fn names() -> BTreeMap<String, String> {
    [
        ("#id", "Id"),
        ("#price", "Price"),
        ("#tags", "Tags"),
        ("#title", "Title"),
        ("#list", "List"),
        ("#old", "Old"),
        ("#map", "Map"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn values() -> Item {
    let n = |i: i64| AttributeValue::N(Number::from(i));
    let s = |t: &str| AttributeValue::S(t.to_string());
    [
        (":lo", n(10)),
        (":hi", n(1000)),
        (":tag", s("red")),
        (":len", n(3)),
        (":prefix", s("zz")),
        (":inc", n(1)),
        (":more", AttributeValue::L(vec![s("x")])),
        (
            ":newtags",
            AttributeValue::Ss(["blue".to_string()].into_iter().collect()),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn item() -> Item {
    let n = |i: i64| AttributeValue::N(Number::from(i));
    let s = |t: &str| AttributeValue::S(t.to_string());
    let deep: Item = [("deep".to_string(), s("value"))].into_iter().collect();
    let nested: Item = [("nested".to_string(), AttributeValue::M(deep))]
        .into_iter()
        .collect();
    [
        ("Id", n(42)),
        ("Price", n(650)),
        (
            "Tags",
            AttributeValue::Ss(
                ["red".to_string(), "green".to_string()]
                    .into_iter()
                    .collect(),
            ),
        ),
        ("Title", s("Bicycle 42")),
        ("List", AttributeValue::L((0..10).map(n).collect())),
        ("Old", s("gone")),
        ("Map", AttributeValue::M(nested)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn parse(c: &mut Criterion) {
    let (names, values) = (names(), values());
    let mut group = c.benchmark_group("expr/parse");
    group.bench_function("condition", |b| {
        b.iter(|| {
            let mut ph = Placeholders::new(Some(&names), Some(&values)).unwrap();
            black_box(
                ph.condition(ExpressionKind::Condition, black_box(CONDITION))
                    .unwrap(),
            )
        })
    });
    group.bench_function("update", |b| {
        b.iter(|| {
            let mut ph = Placeholders::new(Some(&names), Some(&values)).unwrap();
            black_box(ph.update(black_box(UPDATE)).unwrap())
        })
    });
    group.bench_function("projection", |b| {
        b.iter(|| {
            let mut ph = Placeholders::new(Some(&names), None).unwrap();
            black_box(ph.projection(black_box(PROJECTION)).unwrap())
        })
    });
    group.finish();
}

fn run(c: &mut Criterion) {
    let (names, values) = (names(), values());
    let parsed = ExpressionParams {
        condition: Some(CONDITION),
        update: Some(UPDATE),
        projection: Some(PROJECTION),
        names: Some(&names),
        values: Some(&values),
        ..Default::default()
    }
    .parse()
    .unwrap();
    let (cond, update, paths) = (
        parsed.condition.unwrap(),
        parsed.update.unwrap(),
        parsed.projection.unwrap(),
    );
    let item = item();
    assert!(evaluate(&cond, &item));
    let mut group = c.benchmark_group("expr/run");
    group.bench_function("evaluate", |b| {
        b.iter(|| black_box(evaluate(&cond, black_box(&item))))
    });
    group.bench_function("apply_update", |b| {
        b.iter(|| black_box(apply_update(&update, black_box(&item)).unwrap()))
    });
    group.bench_function("project", |b| {
        b.iter(|| black_box(project(black_box(&item), &paths)))
    });
    group.finish();
}

criterion_group!(benches, parse, run);
criterion_main!(benches);
