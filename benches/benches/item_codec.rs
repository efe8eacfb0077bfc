//! The item codec and DynamoDB JSON on two typical items: a small one (a user record) and a
//! larger one (an order with a list of line maps and sets).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dynakv::{codec, size, AttributeValue, Item};

fn small_item_json() -> String {
    r#"{"pk":{"S":"user#000123"},"sk":{"S":"profile"},"name":{"S":"Ada Lovelace"},
        "email":{"S":"ada@example.com"},"age":{"N":"36"},"score":{"N":"1234.5678"},
        "active":{"BOOL":true},"avatar":{"B":"iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"},
        "tags":{"SS":["admin","math","poet"]},"deleted":{"NULL":true}}"#
        .to_owned()
}

fn large_item_json() -> String {
    let line = |i: usize| {
        format!(
            r#"{{"M":{{"sku":{{"S":"SKU-{i:05}"}},"qty":{{"N":"{}"}},"price":{{"N":"{}.99"}},"notes":{{"S":"{}"}}}}}}"#,
            i % 7 + 1,
            i * 3 + 1,
            "gift wrap please ".repeat(i % 3 + 1)
        )
    };
    let lines: Vec<String> = (0..40).map(line).collect();
    format!(
        r#"{{"pk":{{"S":"order#98765"}},"sk":{{"N":"1700000000123"}},"lines":{{"L":[{}]}},
            "totals":{{"NS":["1.5","20","399.99","-3"]}},"status":{{"S":"SHIPPED"}},
            "address":{{"M":{{"street":{{"S":"1 Main St"}},"city":{{"S":"Springfield"}},"zip":{{"S":"12345"}}}}}}}}"#,
        lines.join(",")
    )
}

fn bench_item(c: &mut Criterion, name: &str, json: &str) {
    let item: Item = serde_json::from_str(json).expect("fixture parses");
    let encoded = codec::encode(&item);
    let response_json = serde_json::to_vec(&item).expect("serializes");
    let mut group = c.benchmark_group(format!("item_codec/{name}"));
    group.throughput(Throughput::Bytes(size::item_size(&item) as u64));
    group.bench_function("codec_encode", |b| {
        b.iter(|| codec::encode(black_box(&item)))
    });
    group.bench_function("codec_decode", |b| {
        b.iter(|| codec::decode(black_box(&encoded)).unwrap())
    });
    group.bench_function("json_serialize", |b| {
        b.iter(|| serde_json::to_vec(black_box(&item)).unwrap())
    });
    group.bench_function("json_deserialize", |b| {
        b.iter(|| serde_json::from_slice::<Item>(black_box(&response_json)).unwrap())
    });
    group.bench_function("item_size", |b| {
        b.iter(|| size::item_size(black_box(&item)))
    });
    group.finish();
}

fn number_text(c: &mut Criterion) {
    let n = dynakv::Number::parse("-12345678901234567890.123456789").unwrap();
    c.bench_function("number/parse", |b| {
        b.iter(|| dynakv::Number::parse(black_box("-12345678901234567890.123456789")))
    });
    c.bench_function("number/display", |b| b.iter(|| black_box(&n).to_string()));
    let value = AttributeValue::N(n);
    c.bench_function("number/json", |b| {
        b.iter(|| serde_json::to_vec(black_box(&value)).unwrap())
    });
}

fn items(c: &mut Criterion) {
    bench_item(c, "small", &small_item_json());
    bench_item(c, "large", &large_item_json());
}

criterion_group!(benches, items, number_text);
criterion_main!(benches);
