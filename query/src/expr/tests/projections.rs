//! ProjectionExpression. Examples follow the developer guide's "Projection expressions".

use super::*;

fn product() -> Item {
    item(vec![
        ("Id", n("123")),
        ("Title", s("Bicycle 123")),
        ("Description", s("123 description")),
        ("RelatedItems", l(vec![n("341"), n("472"), n("649")])),
        (
            "ProductReviews",
            m(vec![
                (
                    "FiveStar",
                    l(vec![s("Excellent!"), s("Do yourself a favor and buy this")]),
                ),
                ("OneStar", l(vec![s("Terrible product!")])),
            ]),
        ),
        (
            "Pictures",
            m(vec![("FrontView", s("f")), ("RearView", s("r"))]),
        ),
    ])
}

fn projected(text: &'static str, names_: &[(&str, &str)]) -> Item {
    let req = Req::projection(text);
    let req = if names_.is_empty() {
        req
    } else {
        req.names(names_)
    };
    let paths = req
        .parse()
        .unwrap_or_else(|e| panic!("{text}: {e}"))
        .projection
        .unwrap();
    project(&product(), &paths)
}

#[test]
fn top_level_and_nested_paths() {
    assert_eq!(
        projected("Description, RelatedItems[0], ProductReviews.FiveStar", &[]),
        item(vec![
            ("Description", s("123 description")),
            ("RelatedItems", l(vec![n("341")])),
            (
                "ProductReviews",
                m(vec![(
                    "FiveStar",
                    l(vec![s("Excellent!"), s("Do yourself a favor and buy this")])
                )])
            ),
        ])
    );
    // List elements come back in index order, closed up; missing ones are left out.
    assert_eq!(
        projected("RelatedItems[2], RelatedItems[0], RelatedItems[9]", &[])["RelatedItems"],
        l(vec![n("341"), n("649")])
    );
    assert_eq!(
        projected(
            "#p.#f, Absent, Title[0], Pictures.Side",
            &[("#p", "Pictures"), ("#f", "FrontView")]
        ),
        item(vec![("Pictures", m(vec![("FrontView", s("f"))]))])
    );
    assert_eq!(
        projected("ProductReviews.OneStar[0]", &[])["ProductReviews"],
        m(vec![("OneStar", l(vec![s("Terrible product!")]))])
    );
    assert_eq!(projected("Absent", &[]), Item::new());
}
