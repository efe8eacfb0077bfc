//! Property: any valid AST printed as expression text (with placeholders) parses back to the
//! same AST.

use proptest::collection::vec;
use proptest::prelude::*;

use super::print::Printer;
use super::*;

fn attr_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("a".to_string()),
        Just("status".to_string()),
        Just("with space".to_string()),
        "[a-z][a-z0-9_]{0,6}",
    ]
}

fn path_under(head: BoxedStrategy<String>) -> impl Strategy<Value = Path> {
    let step = prop_oneof![
        attr_name().prop_map(PathElem::Attr),
        (0usize..5).prop_map(PathElem::Index)
    ];
    (head, vec(step, 0..3)).prop_map(|(h, rest)| {
        let mut elems = vec![PathElem::Attr(h)];
        elems.extend(rest);
        Path::new(elems).expect("starts with a name")
    })
}

fn path() -> impl Strategy<Value = Path> {
    path_under(attr_name().boxed())
}

fn scalar() -> impl Strategy<Value = AttributeValue> {
    prop_oneof![
        "[ -~]{0,8}".prop_map(AttributeValue::S),
        (-1000i64..1000).prop_map(|i| AttributeValue::N(i.into())),
    ]
}

fn comparator() -> impl Strategy<Value = Comparator> {
    prop_oneof![
        Just(Comparator::Eq),
        Just(Comparator::Ne),
        Just(Comparator::Lt),
        Just(Comparator::Le),
        Just(Comparator::Gt),
        Just(Comparator::Ge),
    ]
}

fn leaf() -> impl Strategy<Value = Condition> {
    let value = || scalar().prop_map(Operand::Value);
    let type_name = prop_oneof![Just("S"), Just("N"), Just("SS"), Just("NULL"), Just("M")]
        .prop_map(|t| Operand::Value(AttributeValue::S(t.to_string())));
    prop_oneof![
        (path(), comparator(), value()).prop_map(|(p, c, v)| Condition::Compare(
            Operand::Path(p),
            c,
            v
        )),
        (path(), comparator(), 0i64..50).prop_map(|(p, c, n)| {
            let size = Operand::Size(Box::new(Operand::Path(p)));
            Condition::Compare(size, c, Operand::Value(AttributeValue::N(n.into())))
        }),
        (path(), -50i64..50, 0i64..50).prop_map(|(p, lo, span)| {
            let bound = |n: i64| Operand::Value(AttributeValue::N(n.into()));
            Condition::Between(Operand::Path(p), bound(lo), bound(lo + span))
        }),
        (path(), vec(value(), 1..5)).prop_map(|(p, list)| Condition::In(Operand::Path(p), list)),
        path().prop_map(Condition::AttributeExists),
        path().prop_map(Condition::AttributeNotExists),
        (path(), type_name).prop_map(|(p, t)| Condition::AttributeType(p, t)),
        (path(), "[a-z]{0,3}").prop_map(|(p, s)| Condition::BeginsWith(
            Operand::Path(p),
            Operand::Value(AttributeValue::S(s))
        )),
        (path(), scalar())
            .prop_map(|(p, v)| Condition::Contains(Operand::Path(p), Operand::Value(v))),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    leaf().prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            vec(inner.clone(), 2..4).prop_map(Condition::And),
            vec(inner.clone(), 2..4).prop_map(Condition::Or),
            inner.prop_map(|a| Condition::Not(Box::new(a))),
        ]
    })
}

/// Updates whose actions each write under their own top-level attribute, so no paths clash.
fn update() -> impl Strategy<Value = Update> {
    let number = || (-100i64..100).prop_map(|n| AttributeValue::N(n.into()));
    let set_value = prop_oneof![
        scalar().prop_map(|v| SetValue::Operand(SetOperand::Value(v))),
        (path(), number())
            .prop_map(|(p, v)| SetValue::Plus(SetOperand::Path(p), SetOperand::Value(v))),
        (number(), path())
            .prop_map(|(v, p)| SetValue::Minus(SetOperand::Value(v), SetOperand::Path(p))),
        (path(), scalar()).prop_map(|(p, v)| {
            SetValue::Operand(SetOperand::IfNotExists(p, Box::new(SetOperand::Value(v))))
        }),
        (path(), vec(scalar(), 0..3)).prop_map(|(p, l)| {
            let list = SetOperand::Value(AttributeValue::L(l));
            SetValue::Operand(SetOperand::ListAppend(
                Box::new(SetOperand::Path(p)),
                Box::new(list),
            ))
        }),
    ];
    let head = |tag: &'static str| (0..1000u32).prop_map(move |i| format!("{tag}{i}")).boxed();
    let sets = vec(set_value, 0..3);
    let removes = 0usize..3;
    let adds = vec(
        prop_oneof![
            number(),
            vec(-5i64..5, 1..3)
                .prop_map(|v| AttributeValue::Ns(v.into_iter().map(Into::into).collect()))
        ],
        0..3,
    );
    let deletes = vec(
        vec("[a-z]{1,3}", 1..3).prop_map(|v| AttributeValue::Ss(v.into_iter().collect())),
        0..3,
    );
    (sets, removes, adds, deletes, vec(path_under(head("t")), 12))
        .prop_map(|(sets, removes, adds, deletes, targets)| {
            // Give every action a distinct head: t<k>_<position>.
            let mut targets = targets.into_iter().enumerate().map(|(i, p)| {
                let mut elems = p.elems().to_vec();
                elems[0] = PathElem::Attr(format!("{}_{i}", p.head()));
                Path::new(elems).expect("starts with a name")
            });
            let mut next = || targets.next().expect("enough targets");
            Update {
                set: sets.into_iter().map(|v| (next(), v)).collect(),
                remove: (0..removes).map(|_| next()).collect(),
                add: adds.into_iter().map(|v| (next(), v)).collect(),
                delete: deletes.into_iter().map(|v| (next(), v)).collect(),
            }
        })
        .prop_filter("an update has an action", |u| {
            u.target_paths().next().is_some()
        })
}

fn reparse(printer: &Printer) -> crate::Result<Placeholders<'_>> {
    let names = (!printer.names.is_empty()).then_some(&printer.names);
    let values = (!printer.values.is_empty()).then_some(&printer.values);
    Placeholders::new(names, values)
}

proptest! {
    #[test]
    fn conditions_round_trip(cond in condition()) {
        let mut printer = Printer::default();
        let text = printer.condition(&cond, 1);
        let mut ph = reparse(&printer).unwrap();
        let parsed = ph.condition(ExpressionKind::Condition, &text);
        prop_assert_eq!(parsed.as_ref(), Ok(&cond), "{}", text);
        prop_assert!(ph.finish().is_ok());
    }

    #[test]
    fn updates_round_trip(update in update()) {
        let mut printer = Printer::default();
        let text = printer.update(&update);
        let mut ph = reparse(&printer).unwrap();
        let parsed = ph.update(&text);
        prop_assert_eq!(parsed.as_ref(), Ok(&update), "{}", text);
        prop_assert!(ph.finish().is_ok());
    }

    #[test]
    fn projections_round_trip(paths in vec(path_under((0..1000u32).prop_map(|i| format!("p{i}")).boxed()), 1..5)) {
        let paths: Vec<Path> = paths.into_iter().enumerate().map(|(i, p)| {
            let mut elems = p.elems().to_vec();
            elems[0] = PathElem::Attr(format!("{}_{i}", p.head()));
            Path::new(elems).expect("starts with a name")
        }).collect();
        let mut printer = Printer::default();
        let text: Vec<String> = paths.iter().map(|p| printer.path(p)).collect();
        let text = text.join(", ");
        let mut ph = reparse(&printer).unwrap();
        let parsed = ph.projection(&text);
        prop_assert_eq!(parsed.as_ref(), Ok(&paths), "{}", text);
    }

    /// Whatever the text, reading it never panics.
    #[test]
    fn arbitrary_text_never_panics(text in "[ -~]{0,60}") {
        let values = item(vec![(":v", s("x"))]);
        let names = names(&[("#n", "n")]);
        let mut ph = Placeholders::new(Some(&names), Some(&values)).unwrap();
        let _ = ph.condition(ExpressionKind::Filter, &text);
        let _ = ph.update(&text);
        let _ = ph.projection(&text);
    }
}
