//! Condition and filter evaluation. Examples follow the developer guide's "Comparison operator
//! and function reference" and its ProductCatalog items.

use super::*;

/// The guide's ProductCatalog item 456 (with a few extra attributes to compare).
fn product() -> Item {
    item(vec![
        ("Id", n("456")),
        ("ProductCategory", s("Sporting Goods")),
        ("Price", n("650")),
        ("Title", s("18-Bicycle 456")),
        ("Color", ss(&["Red", "Black"])),
        ("Scores", ns(&["1", "2.5"])),
        ("Blob1", b(b"\x01\x02\x03")),
        ("InStock", AttributeValue::Bool(true)),
        ("Discontinued", AttributeValue::Null),
        (
            "Pictures",
            m(vec![
                ("FrontView", s("http://example.com/front.jpg")),
                ("SideView", s("s")),
            ]),
        ),
        ("RelatedItems", l(vec![n("341"), n("472"), s("x")])),
        (
            "ProductReviews",
            m(vec![(
                "FiveStar",
                l(vec![s(
                    "Excellent! Can't recommend it highly enough! Buy it!",
                )]),
            )]),
        ),
    ])
}

fn holds(text: &'static str, values: Vec<(&str, AttributeValue)>) -> bool {
    let used: Vec<_> = values
        .into_iter()
        .filter(|(k, _)| text.contains(k))
        .collect();
    let req = Req::condition(text);
    let req = if used.is_empty() {
        req
    } else {
        req.values(used)
    };
    let parsed = req.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    evaluate(parsed.condition.as_ref().unwrap(), &product())
}

#[test]
fn comparisons() {
    let cases: Vec<(&'static str, Values, bool)> = vec![
        ("Price > :p", vec![(":p", n("500"))], true),
        ("Price <= :p", vec![(":p", n("650.0"))], true),
        ("Price < :p", vec![(":p", n("1e2"))], false),
        ("Price = :p", vec![(":p", n("6.5E2"))], true),
        ("Price <> :p", vec![(":p", n("650"))], false),
        // Different types: never equal, never ordered, no error.
        ("Price = :p", vec![(":p", s("650"))], false),
        ("Price <> :p", vec![(":p", s("650"))], true),
        ("Price > :p", vec![(":p", s("1"))], false),
        // A missing attribute equals nothing and orders with nothing.
        ("Absent = :p", vec![(":p", s("x"))], false),
        ("Absent <> :p", vec![(":p", s("x"))], true),
        ("Absent < :p", vec![(":p", s("x"))], false),
        // Strings order by UTF-8 bytes: "¿" (C2 BF) sorts after "z".
        ("Title < :t", vec![(":t", s("¿"))], true),
        ("Title >= :t", vec![(":t", s("18-Bicycle 456"))], true),
        ("Blob1 > :d", vec![(":d", b(b"\x01\x02"))], true),
        ("Blob1 < :d", vec![(":d", b(b"\x80"))], true),
        ("Color = :c", vec![(":c", ss(&["Black", "Red"]))], true),
        ("Scores = :c", vec![(":c", ns(&["2.50", "1.0"]))], true),
        ("Pictures.SideView = :v", vec![(":v", s("s"))], true),
        ("RelatedItems[1] = :v", vec![(":v", n("472"))], true),
        ("RelatedItems[3] = :v", vec![(":v", n("472"))], false),
        (
            "ProductReviews.FiveStar[0] <> :v",
            vec![(":v", s(""))],
            true,
        ),
        (
            "InStock = :t",
            vec![(":t", AttributeValue::Bool(true))],
            true,
        ),
        (
            "Discontinued = :n",
            vec![(":n", AttributeValue::Null)],
            true,
        ),
        (
            "Pictures = :m",
            vec![(
                ":m",
                m(vec![
                    ("SideView", s("s")),
                    ("FrontView", s("http://example.com/front.jpg")),
                ]),
            )],
            true,
        ),
        (
            "RelatedItems = :l",
            vec![(":l", l(vec![n("341"), n("472"), s("x")]))],
            true,
        ),
        (
            "RelatedItems = :l",
            vec![(":l", l(vec![n("472"), n("341"), s("x")]))],
            false,
        ),
    ];
    for (text, values, want) in cases {
        assert_eq!(holds(text, values), want, "{text}");
    }
}

#[test]
fn between_and_in() {
    let cases: Vec<(&'static str, Values, bool)> = vec![
        (
            "Price BETWEEN :lo AND :hi",
            vec![(":lo", n("500")), (":hi", n("650"))],
            true,
        ),
        (
            "Price BETWEEN :lo AND :hi",
            vec![(":lo", n("650")), (":hi", n("650"))],
            true,
        ),
        (
            "Price BETWEEN :lo AND :hi",
            vec![(":lo", n("651")), (":hi", n("700"))],
            false,
        ),
        (
            "Price BETWEEN :lo AND :hi",
            vec![(":lo", s("a")), (":hi", s("z"))],
            false,
        ),
        (
            "Title BETWEEN :lo AND :hi",
            vec![(":lo", s("1")), (":hi", s("2"))],
            true,
        ),
        (
            "Absent BETWEEN :lo AND :hi",
            vec![(":lo", n("1")), (":hi", n("2"))],
            false,
        ),
        (
            "Price IN (:a, :b)",
            vec![(":a", n("1")), (":b", n("650"))],
            true,
        ),
        (
            "Price IN (:a, :b)",
            vec![(":a", n("1")), (":b", s("650"))],
            false,
        ),
        (
            "ProductCategory IN (:a)",
            vec![(":a", s("Sporting Goods"))],
            true,
        ),
        ("Absent IN (:a)", vec![(":a", s("x"))], false),
        ("Color IN (:a)", vec![(":a", ss(&["Black", "Red"]))], true),
    ];
    for (text, values, want) in cases {
        assert_eq!(holds(text, values), want, "{text}");
    }
}

#[test]
fn functions() {
    let cases: Vec<(&'static str, Values, bool)> = vec![
        ("attribute_exists(Pictures.SideView)", vec![], true),
        ("attribute_exists(Pictures.RearView)", vec![], false),
        ("attribute_not_exists(Manufacturer)", vec![], true),
        ("attribute_exists(RelatedItems[2])", vec![], true),
        ("attribute_exists(RelatedItems[3])", vec![], false),
        ("attribute_exists(Price.Amount)", vec![], false),
        (
            "attribute_type(ProductReviews.FiveStar, :t)",
            vec![(":t", s("L"))],
            true,
        ),
        ("attribute_type(Color, :t)", vec![(":t", s("SS"))], true),
        ("attribute_type(Price, :t)", vec![(":t", s("S"))], false),
        (
            "attribute_type(Discontinued, :t)",
            vec![(":t", s("NULL"))],
            true,
        ),
        ("attribute_type(InStock, :t)", vec![(":t", s("BOOL"))], true),
        ("attribute_type(Absent, :t)", vec![(":t", s("NULL"))], false),
        (
            "begins_with(Pictures.FrontView, :v)",
            vec![(":v", s("http://"))],
            true,
        ),
        ("begins_with(Title, :v)", vec![(":v", s("19"))], false),
        ("begins_with(Blob1, :v)", vec![(":v", b(b"\x01\x02"))], true),
        ("begins_with(Blob1, :v)", vec![(":v", s("\u{1}"))], false),
        ("begins_with(Price, :v)", vec![(":v", s("6"))], false),
        ("contains(Title, :v)", vec![(":v", s("Bicycle"))], true),
        ("contains(Color, :v)", vec![(":v", s("Red"))], true),
        ("contains(Color, :v)", vec![(":v", s("Blue"))], false),
        ("contains(Scores, :v)", vec![(":v", n("2.50"))], true),
        ("contains(RelatedItems, :v)", vec![(":v", n("472"))], true),
        ("contains(RelatedItems, :v)", vec![(":v", s("341"))], false),
        ("contains(Blob1, :v)", vec![(":v", b(b"\x02\x03"))], true),
        ("contains(Price, :v)", vec![(":v", n("6"))], false),
        ("contains(Title, Color)", vec![], false),
        ("size(Title) = :n", vec![(":n", n("14"))], true),
        ("size(Color) = :n", vec![(":n", n("2"))], true),
        ("size(Blob1) = :n", vec![(":n", n("3"))], true),
        ("size(Pictures) = :n", vec![(":n", n("2"))], true),
        ("size(RelatedItems) > :n", vec![(":n", n("2"))], true),
        ("size(Price) = :n", vec![(":n", n("3"))], false),
        ("size(Absent) < :n", vec![(":n", n("3"))], false),
        ("size(Title) > size(Color)", vec![], true),
    ];
    for (text, values, want) in cases {
        assert_eq!(holds(text, values), want, "{text}");
    }
}

#[test]
fn logic_and_precedence() {
    // NOT binds tighter than AND, AND tighter than OR.
    let t = || vec![(":yes", s("Sporting Goods")), (":no", s("Books"))];
    let cases: Vec<(&'static str, bool)> = vec![
        (
            "ProductCategory = :no OR ProductCategory = :yes AND ProductCategory = :no",
            false,
        ),
        (
            "(ProductCategory = :no OR ProductCategory = :yes) AND ProductCategory = :no",
            false,
        ),
        (
            "ProductCategory = :yes OR ProductCategory = :no AND ProductCategory = :no",
            true,
        ),
        ("NOT ProductCategory = :no AND ProductCategory = :yes", true),
        (
            "NOT (ProductCategory = :no OR ProductCategory = :yes)",
            false,
        ),
        ("NOT NOT ProductCategory = :yes", true),
        ("not ProductCategory = :yes or ProductCategory = :no", false),
    ];
    for (text, want) in cases {
        assert_eq!(holds(text, t()), want, "{text}");
    }
}

#[test]
fn a_missing_item_is_an_empty_one() {
    let cond = Req::condition("attribute_not_exists(Id)")
        .parse()
        .unwrap()
        .condition
        .unwrap();
    assert!(evaluate(&cond, &Item::new()));
}
