//! UpdateExpression application. Examples follow the developer guide's "Using update
//! expressions" chapter (ProductCatalog item 789).

use super::*;

fn bicycle() -> Item {
    item(vec![
        ("Id", n("789")),
        ("ProductCategory", s("Home Improvement")),
        ("Price", n("52")),
        ("InStock", AttributeValue::Bool(true)),
        ("Brand", s("Acme")),
        ("Color", ss(&["Red", "Blue", "Green"])),
        ("RelatedItems", l(vec![s("Hammer"), s("Nails"), s("Saw")])),
        (
            "ProductReviews",
            m(vec![("FiveStar", l(vec![s("Great!")]))]),
        ),
    ])
}

fn apply(
    text: &'static str,
    values: Vec<(&str, AttributeValue)>,
    before: &Item,
) -> crate::Result<Item> {
    let req = Req::update(text);
    let req = if values.is_empty() {
        req
    } else {
        req.values(values)
    };
    let update = req
        .parse()
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .update
        .unwrap();
    apply_update(&update, before)
}

fn after(text: &'static str, values: Vec<(&str, AttributeValue)>) -> Item {
    apply(text, values, &bicycle()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn set_writes_values_and_arithmetic() {
    let out = after(
        "SET ProductCategory = :c, Price = :p",
        vec![(":c", s("Hardware")), (":p", n("60"))],
    );
    assert_eq!(out["ProductCategory"], s("Hardware"));
    assert_eq!(out["Price"], n("60"));
    assert_eq!(
        after("SET Price = Price - :p", vec![(":p", n("15"))])["Price"],
        n("37")
    );
    assert_eq!(
        after("SET Price = :p + Price", vec![(":p", n("0.5"))])["Price"],
        n("52.5")
    );
    // Every action reads the item as it was: the swap sees the old values.
    let out = after(
        "SET Brand = ProductCategory, ProductCategory = Brand",
        vec![],
    );
    assert_eq!(
        (out["Brand"].clone(), out["ProductCategory"].clone()),
        (s("Home Improvement"), s("Acme"))
    );
}

#[test]
fn set_nested_paths_and_list_elements() {
    let out = after(
        "SET ProductReviews.OneStar = :r",
        vec![(":r", l(vec![s("Bad")]))],
    );
    assert_eq!(
        out["ProductReviews"],
        m(vec![
            ("FiveStar", l(vec![s("Great!")])),
            ("OneStar", l(vec![s("Bad")]))
        ])
    );
    let out = after("SET RelatedItems[1] = :ri", vec![(":ri", s("Screws"))]);
    assert_eq!(
        out["RelatedItems"],
        l(vec![s("Hammer"), s("Screws"), s("Saw")])
    );
    // Past the end appends, in index order.
    let out = after(
        "SET RelatedItems[9] = :a, RelatedItems[5] = :b",
        vec![(":a", s("A")), (":b", s("B"))],
    );
    assert_eq!(
        out["RelatedItems"],
        l(vec![s("Hammer"), s("Nails"), s("Saw"), s("B"), s("A")])
    );
    let out = after(
        "SET ProductReviews.FiveStar[0] = :r",
        vec![(":r", s("Wow"))],
    );
    assert_eq!(
        out["ProductReviews"],
        m(vec![("FiveStar", l(vec![s("Wow")]))])
    );
}

#[test]
fn functions_in_set() {
    let out = after(
        "SET RelatedItems = list_append(RelatedItems, :vals)",
        vec![(":vals", l(vec![s("Drill")]))],
    );
    assert_eq!(
        out["RelatedItems"],
        l(vec![s("Hammer"), s("Nails"), s("Saw"), s("Drill")])
    );
    let out = after(
        "SET RelatedItems = list_append(:vals, RelatedItems)",
        vec![(":vals", l(vec![s("Chisel")]))],
    );
    assert_eq!(
        out["RelatedItems"],
        l(vec![s("Chisel"), s("Hammer"), s("Nails"), s("Saw")])
    );
    assert_eq!(
        after(
            "SET Price = if_not_exists(Price, :p)",
            vec![(":p", n("100"))]
        )["Price"],
        n("52")
    );
    assert_eq!(
        after("SET Cost = if_not_exists(Cost, :p)", vec![(":p", n("100"))])["Cost"],
        n("100")
    );
    let out = after(
        "SET Tally = if_not_exists(Tally, :zero) + :one",
        vec![(":zero", n("0")), (":one", n("1"))],
    );
    assert_eq!(out["Tally"], n("1"));
}

#[test]
fn remove_attributes_and_list_elements() {
    let out = after("REMOVE Brand, InStock, QuantityOnHand", vec![]);
    assert!(!out.contains_key("Brand") && !out.contains_key("InStock"));
    // Removals use the original positions; the list closes up.
    let out = after("REMOVE RelatedItems[1], RelatedItems[2]", vec![]);
    assert_eq!(out["RelatedItems"], l(vec![s("Hammer")]));
    assert_eq!(
        after("REMOVE RelatedItems[7]", vec![])["RelatedItems"],
        bicycle()["RelatedItems"]
    );
    let out = after("REMOVE ProductReviews.FiveStar", vec![]);
    assert_eq!(out["ProductReviews"], m(vec![]));
    let out = after(
        "SET RelatedItems[2] = :x REMOVE RelatedItems[0]",
        vec![(":x", s("X"))],
    );
    assert_eq!(out["RelatedItems"], l(vec![s("Nails"), s("X")]));
}

#[test]
fn add_and_delete() {
    assert_eq!(
        after("ADD QuantityOnHand :q", vec![(":q", n("5"))])["QuantityOnHand"],
        n("5")
    );
    assert_eq!(
        after("ADD Price :q", vec![(":q", n("-2"))])["Price"],
        n("50")
    );
    assert_eq!(
        after("ADD Color :c", vec![(":c", ss(&["Orange", "Red"]))])["Color"],
        ss(&["Blue", "Green", "Orange", "Red"])
    );
    assert_eq!(
        after("ADD Sizes :c", vec![(":c", ns(&["1"]))])["Sizes"],
        ns(&["1"])
    );
    assert_eq!(
        after("DELETE Color :p", vec![(":p", ss(&["Yellow", "Red"]))])["Color"],
        ss(&["Blue", "Green"])
    );
    // An emptied set is removed; DELETE from a missing attribute does nothing.
    assert!(!after(
        "DELETE Color :p",
        vec![(":p", ss(&["Red", "Blue", "Green"]))]
    )
    .contains_key("Color"));
    assert_eq!(
        after("DELETE Nothing :p", vec![(":p", ss(&["x"]))]),
        bicycle()
    );
}

#[test]
fn runtime_errors() {
    let type_error = "An operand in the update expression has an incorrect data type";
    let missing = "The provided expression refers to an attribute that does not exist in the item";
    let bad_path = "The document path provided in the update expression is invalid for update";
    let cases: Vec<(&'static str, Values, &str)> = vec![
        ("SET Brand = Brand + :n", vec![(":n", n("1"))], type_error),
        ("SET Price = Absent + :n", vec![(":n", n("1"))], missing),
        ("SET X = Absent", vec![], missing),
        (
            "SET RelatedItems = list_append(RelatedItems, Brand)",
            vec![],
            type_error,
        ),
        ("ADD Brand :n", vec![(":n", n("1"))], type_error),
        ("ADD Color :n", vec![(":n", ns(&["1"]))], type_error),
        ("ADD Price :s", vec![(":s", ss(&["x"]))], type_error),
        ("DELETE Color :n", vec![(":n", ns(&["1"]))], type_error),
        ("SET Absent.Nested = :n", vec![(":n", n("1"))], bad_path),
        ("SET Brand.Nested = :n", vec![(":n", n("1"))], bad_path),
        ("SET Brand[0] = :n", vec![(":n", n("1"))], bad_path),
        ("SET RelatedItems.x = :n", vec![(":n", n("1"))], bad_path),
        ("REMOVE Absent.Nested", vec![], bad_path),
        ("ADD Absent.Tally :n", vec![(":n", n("1"))], bad_path),
        // A parent of the wrong kind comes first; then a wrong type anywhere, before a path
        // that cannot be written or an attribute that is missing.
        (
            "SET Brand.x = :n, Price = Brand + :n",
            vec![(":n", n("1"))],
            bad_path,
        ),
        (
            "SET Absent.x = :n, Brand = Brand + :n",
            vec![(":n", n("1"))],
            type_error,
        ),
        (
            "SET a = Absent, Brand = Brand + :n",
            vec![(":n", n("1"))],
            type_error,
        ),
        ("SET a = Absent, b.c = :n", vec![(":n", n("1"))], bad_path),
    ];
    for (text, values, message) in cases {
        let err = apply(text, values, &bicycle()).unwrap_err();
        assert_eq!(err.message(), message, "{text}");
    }
}

#[test]
fn arithmetic_stays_in_range() {
    let big = "9.9999999999999999999999999999999999999E+125";
    let before = item(vec![("Big", n(big))]);
    for text in ["ADD Big :n", "SET Big = Big + :n"] {
        let err = apply(text, vec![(":n", n(big))], &before).unwrap_err();
        assert!(
            err.message().starts_with("Number overflow"),
            "{text}: {err}"
        );
    }
}

#[test]
fn updated_attributes_and_values() {
    let update = Req::update("SET Price = :p, ProductReviews.OneStar = :r REMOVE Brand")
        .values(vec![(":p", n("1")), (":r", s("x"))])
        .parse()
        .unwrap()
        .update
        .unwrap();
    let names: Vec<&str> = update.updated_attributes().into_iter().collect();
    assert_eq!(names, ["Brand", "Price", "ProductReviews"]);
    let new = apply_update(&update, &bicycle()).unwrap();
    // ReturnValues UPDATED_NEW: only the updated paths of the new item.
    let returned = project(&new, update.target_paths());
    assert_eq!(
        returned,
        item(vec![
            ("Price", n("1")),
            ("ProductReviews", m(vec![("OneStar", s("x"))]))
        ])
    );
    let old = project(&bicycle(), update.target_paths());
    assert_eq!(old, item(vec![("Price", n("52")), ("Brand", s("Acme"))]));
}
