//! Every validation error, with DynamoDB's exact text. Sources: the developer guide's
//! expression chapters, and messages captured from DynamoDB by public conformance suites.

use super::*;

fn v() -> Vec<(&'static str, AttributeValue)> {
    vec![(":v", s("x"))]
}

#[test]
fn syntax_errors_name_the_token_and_its_neighbours() {
    let cases = [
        (
            Req::update("INVALID SYNTAX HERE"),
            "Invalid UpdateExpression: Syntax error; token: \"INVALID\", near: \"INVALID SYNTAX\"",
        ),
        (
            Req::condition("foo"),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"foo\"",
        ),
        (
            Req::update("SET a = :v,").values(v()),
            "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"",
        ),
        (
            Req::condition("attribute_not_exists("),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"(\"",
        ),
        (
            Req::filter("(((a = :v").values(v()),
            "Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \":v\"",
        ),
        (
            Req::projection("id age"),
            "Invalid ProjectionExpression: Syntax error; token: \"age\", near: \"id age\"",
        ),
        (
            Req::projection("id,"),
            "Invalid ProjectionExpression: Syntax error; token: \"<EOF>\", near: \",\"",
        ),
        (
            Req::projection("history[]"),
            "Invalid ProjectionExpression: Syntax error; token: \"]\", near: \"[]\"",
        ),
        (
            Req::condition("a = = :v").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"",
        ),
        (
            Req::condition("a ~ :v").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \"~\", near: \"a ~ :v\"",
        ),
        (
            Req::condition("a = :v)").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \")\", near: \":v)\"",
        ),
        (
            Req::condition("a IN ()").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \")\", near: \"()\"",
        ),
        (
            Req::condition("a BETWEEN :v OR :v").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \"OR\", near: \":v OR :v\"",
        ),
        (
            Req::condition("NOT a").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"a\"",
        ),
        (
            Req::condition("a.:v = :v").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \":v\", near: \".:v =\"",
        ),
        (
            Req::update("SET a = :v + :v + :v").values(v()),
            "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":v + :v\"",
        ),
        (
            Req::update("REMOVE a = :v").values(v()),
            "Invalid UpdateExpression: Syntax error; token: \"=\", near: \"a = :v\"",
        ),
        (
            Req::update("ADD a b").values(v()),
            "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"",
        ),
        (
            Req::key("pk = :v AND").values(v()),
            "Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"",
        ),
        (
            Req::condition("a[01] = :v").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \"1\", near: \"01]\"",
        ),
        (
            Req::condition("# = :v").values(v()),
            "Invalid ConditionExpression: Syntax error; token: \"#\", near: \"# =\"",
        ),
    ];
    for (req, message) in cases {
        assert_eq!(req.error(), message);
    }
}

#[test]
fn empty_and_oversized_expressions() {
    let cases = [
        (
            Req::update(""),
            "Invalid UpdateExpression: The expression can not be empty;",
        ),
        (
            Req::key(""),
            "Invalid KeyConditionExpression: The expression can not be empty;",
        ),
        (
            Req::filter(""),
            "Invalid FilterExpression: The expression can not be empty;",
        ),
        (
            Req::condition(""),
            "Invalid ConditionExpression: The expression can not be empty;",
        ),
        (
            Req::projection(""),
            "Invalid ProjectionExpression: The expression can not be empty;",
        ),
    ];
    for (req, message) in cases {
        assert_eq!(req.error(), message);
    }
    let long: &'static str = Box::leak(format!("a = :v{}", " ".repeat(4091)).into_boxed_str());
    assert_eq!(
        Req::condition(long).values(v()).error(),
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size; expression size: 4097"
    );
    let just_fits: &'static str = Box::leak(format!("a = :v{}", " ".repeat(4090)).into_boxed_str());
    Req::condition(just_fits).values(v()).parse().unwrap();
}

#[test]
fn redundant_parentheses() {
    let cases = [
        (
            Req::condition("((attribute_not_exists(pk)))"),
            "Invalid ConditionExpression: The expression has redundant parentheses;",
        ),
        (
            Req::condition("((#a = :v))")
                .names(&[("#a", "a")])
                .values(v()),
            "Invalid ConditionExpression: The expression has redundant parentheses;",
        ),
        (
            Req::filter("((a = :v))").values(v()),
            "Invalid FilterExpression: The expression has redundant parentheses;",
        ),
        (
            Req::condition("((a)) = :v").values(v()),
            "Invalid ConditionExpression: The expression has redundant parentheses;",
        ),
    ];
    for (req, message) in cases {
        assert_eq!(req.error(), message);
    }
    // Accepted forms (conformance captures against DynamoDB).
    let values = vec![(":v", s("x")), (":w", s("y"))];
    for text in [
        "(attribute_not_exists(pk)) AND (attribute_not_exists(#s))",
        "(attribute_not_exists(pk) AND attribute_not_exists(#s))",
        "(attribute_not_exists(pk) AND (attribute_not_exists(#s)))",
        "(#s = :v) AND ((#s = :v) OR (#s = :w))",
        "(#s = :v) AND (NOT (#s = :w))",
        "((#s = :v AND #s = :v) AND #s = :w)",
        "(#s) = :v AND (size(#s)) > :w AND (attribute_exists(#s))",
    ] {
        let req = Req::condition(text)
            .names(&[("#s", "status")])
            .values(values.clone());
        let req = if text.contains(":v") {
            req
        } else {
            Req {
                values: None,
                ..req
            }
        };
        req.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    // Cases checked against DynamoDB by moto (PR 9911) and dynamodb-toolbox (issue 1073).
    let names3 = [("#0", "a"), ("#1", "b"), ("#2", "c")];
    let values3 = vec![(":0", s("x")), (":1", s("y")), (":3", s("z"))];
    for text in [
        "#0 = :0 OR (#1 = :1 AND #2 = :3)",
        "(attribute_exists (#0)) AND (((#1 <> :0) AND (#1 <> :1)) AND (#2 = :3))",
        "((#0 = :0) OR (#1 = :1) AND (#2 = :3))",
    ] {
        let req = Req::condition(text).names(&names3).values(values3.clone());
        req.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    for text in ["((((#0 < :0))))", "(#0 = :0) AND ((#1 IN (:1, :3)))"] {
        let req = Req::filter(text)
            .names(&names3[..2])
            .values(values3.clone());
        assert_eq!(
            req.error(),
            "Invalid FilterExpression: The expression has redundant parentheses;"
        );
    }
    Req::key("((#pk = :v)) AND ((#sk = :v))")
        .names(&[("#pk", "pk"), ("#sk", "sk")])
        .values(v())
        .parse()
        .unwrap();
}

#[test]
fn names_values_and_reserved_words() {
    let cases = [
        (Req::condition("status = :v").values(v()), "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status"),
        (Req::update("SET status = :v").values(v()), "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status"),
        (Req::projection("pk, Status"), "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: Status"),
        (Req::condition("a.name = :v").values(v()), "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name"),
        // Reserved words come before undefined placeholders (pass one, then pass two).
        (Req::condition("#x = :v AND data = :v").values(v()), "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: data"),
        (Req::filter("#missing = :v").values(v()), "Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #missing"),
        (Req::update("SET attr1 = :v"), "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :v"),
        (Req::update("SET attr1 = :v").names(&[("#unused", "x")]).values(v()), "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"),
        (Req::update("SET attr1 = :v").values(vec![(":v", s("x")), (":unused", s("y"))]), "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}"),
        (Req::key("pk = :v").values(v()).names(&[("#unused", "someattr")]), "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}"),
    ];
    for (req, message) in cases {
        assert_eq!(req.error(), message);
    }
}

#[test]
fn placeholders_count_across_all_expressions_of_a_request() {
    let req = Req {
        update: Some("SET #a = :a"),
        condition: Some("#b = :b"),
        names: Some(names(&[("#a", "a"), ("#b", "b")])),
        values: Some(item(vec![(":a", s("1")), (":b", s("2")), (":c", s("3"))])),
        ..Req::default()
    };
    assert_eq!(
        req.error(),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:c}"
    );
    let req = Req {
        values: Some(item(vec![(":a", s("1")), (":b", s("2"))])),
        ..req
    };
    let parsed = req.parse().unwrap();
    assert!(parsed.update.is_some() && parsed.condition.is_some());
}

#[test]
fn functions_and_operands() {
    let t = |ty: &str| vec![(":t", s(ty))];
    let cases = [
        (Req::condition("contains(#a, #a)").names(&[("#a", "data")]), "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: contains, first operand: [data]"),
        (Req::condition("a.b[1] = a.b[1]"), "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a, b, [1]]"),
        (Req::condition("a IN (:v, a)").values(v()), "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: IN, first operand: [a]"),
        (Req::condition("foo(a)"), "Invalid ConditionExpression: Invalid function name; function: foo"),
        (Req::condition("Size(a) > :v").values(v()), "Invalid ConditionExpression: Invalid function name; function: Size"),
        (Req::condition("size(a)"), "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size"),
        (Req::condition("a = attribute_exists(b)"), "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists"),
        (Req::condition("if_not_exists(a, :v) = :v").values(v()), "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists"),
        (Req::update("SET a = size(b)"), "Invalid UpdateExpression: The function is not allowed in an update expression; function: size"),
        (Req::update("SET a = foo(b)"), "Invalid UpdateExpression: Invalid function name; function: foo"),
        (Req::condition("attribute_exists(a, b)"), "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: attribute_exists, number of operands: 2"),
        (Req::condition("size(a, b) > :v").values(v()), "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2"),
        (Req::update("SET a = if_not_exists(a)"), "Invalid UpdateExpression: Incorrect number of operands for operator or function; operator or function: if_not_exists, number of operands: 1"),
        (Req::condition("attribute_type(a, :t)").values(t("XX")), "Invalid ConditionExpression: Invalid attribute type name found; type: XX, valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}"),
        (Req::condition("attribute_type(a, :t)").values(vec![(":t", n("1"))]), "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: N"),
        (Req::condition("attribute_type(a, b)"), "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: attribute_type, operand type: {SS,M,DECIMAL,DOUBLESET,HDS,N,B,DICT,INTSET,BOOL,HD,BS,INT,DECIMALSET,NULL,FLOAT,FS,S,L,NS,DOUBLE}"),
        (Req::condition("attribute_exists(:v)").values(v()), "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists"),
        (Req::condition("begins_with(a, :n)").values(vec![(":n", n("1"))]), "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N"),
        (Req::condition("a < :b").values(vec![(":b", AttributeValue::Bool(true))]), "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL"),
        (Req::condition("a BETWEEN :v AND :l").values(vec![(":v", s("x")), (":l", l(vec![]))]), "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: BETWEEN, operand type: L"),
        (Req::condition("size(:n) > a").values(vec![(":n", n("1"))]), "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N"),
        (Req::condition("a BETWEEN :lo AND :hi").values(vec![(":lo", n("10")), (":hi", n("5"))]), "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10}, upper bound operand: AttributeValue: {N:5}"),
        (Req::condition("a BETWEEN :lo AND :hi").values(vec![(":lo", s("a")), (":hi", n("5"))]), "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {S:a}, upper bound operand: AttributeValue: {N:5}"),
        (Req::condition("a BETWEEN :lo AND :hi").values(vec![(":lo", b(b"zz")), (":hi", b(b"a"))]), "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=2 cap=2]}, upper bound operand: AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=1 cap=1]}"),
    ];
    for (req, message) in cases {
        assert_eq!(req.error(), message);
    }
}

#[test]
fn limits_on_operands_and_paths() {
    let list: String = (0..101)
        .map(|i| format!(":v{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let text: &'static str = Box::leak(format!("a IN ({list})").into_boxed_str());
    let values: Vec<(&str, AttributeValue)> = (0..101)
        .map(|i| {
            (
                &*Box::leak(format!(":v{i}").into_boxed_str()),
                n(&i.to_string()),
            )
        })
        .collect();
    assert_eq!(
        Req::condition(text).values(values.clone()).error(),
        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101"
    );
    let hundred: &'static str =
        Box::leak(format!("a IN ({})", &list[..list.rfind(',').unwrap()]).into_boxed_str());
    Req::condition(hundred)
        .values(values[..100].to_vec())
        .parse()
        .unwrap();

    let deep: &'static str = Box::leak(format!("a{}", ".b".repeat(32)).into_boxed_str());
    assert_eq!(
        Req::projection(deep).error(),
        "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33"
    );
    let deepest: &'static str = Box::leak(format!("a{}", ".b".repeat(31)).into_boxed_str());
    Req::projection(deepest).parse().unwrap();
    assert_eq!(
        Req::condition("a[2147483648] = :v").values(v()).error(),
        "Invalid ConditionExpression: List index is not within the allowable range; index: [2147483648]"
    );
    Req::condition("a[2147483647] = :v")
        .values(v())
        .parse()
        .unwrap();
    // Deep nesting is refused without exhausting the stack.
    let nested: &'static str =
        Box::leak(format!("{}a = :v{}", "NOT (".repeat(500), ")".repeat(500)).into_boxed_str());
    assert!(Req::condition(nested)
        .values(v())
        .error()
        .contains("Syntax error"));
}

#[test]
fn the_deepest_expressions_fit_a_worker_stack() {
    // 4 KB of ANDs (one flat chain), nested NOTs (90 levels), and key-condition parentheses
    // (which may double up; 99 levels), read and run on a 2 MB stack (a tokio worker's), unoptimised.
    let ands: &'static str = Box::leak(vec!["a = :v"; 370].join(" AND ").into_boxed_str());
    let nots: &'static str =
        Box::leak(format!("{}a = :v{}", "NOT (".repeat(45), ")".repeat(45)).into_boxed_str());
    let values = item(v());
    let run = move || {
        for text in [ands, nots] {
            assert!(text.len() <= MAX_EXPRESSION_SIZE);
            let cond = Req::condition(text)
                .values(v())
                .parse()
                .unwrap()
                .condition
                .unwrap();
            evaluate(&cond, &item(vec![("a", s("x"))]));
        }
        let parens = format!("{}a = :v{}", "(".repeat(99), ")".repeat(99));
        let mut ph = Placeholders::new(None, Some(&values)).unwrap();
        ph.condition(ExpressionKind::KeyCondition, &parens).unwrap();
        let too_deep = format!("(({parens}))");
        assert!(ph
            .condition(ExpressionKind::KeyCondition, &too_deep)
            .is_err());
    };
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(run)
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn update_clauses_and_paths() {
    let two = vec![(":v", s("x")), (":w", s("y"))];
    let cases = [
        (Req::update("SET a = :v SET b = :w").values(two.clone()), "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;"),
        (Req::update("REMOVE a ADD b :v REMOVE c").values(vec![(":v", n("1"))]), "Invalid UpdateExpression: The \"REMOVE\" section can only be used once in an update expression;"),
        (Req::update("SET a = :v, a.b = :w").values(two.clone()), "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]"),
        (Req::update("SET #v = :v, #v = :w").names(&[("#v", "val")]).values(two.clone()), "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [val], path two: [val]"),
        (Req::update("SET a.b = :v REMOVE a[0]").values(vec![(":v", s("x"))]), "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]"),
        // An overlap anywhere is reported before an earlier conflict.
        (Req::update("SET d[1] = :v, d.b = :v, c[1].a = :v, c = :v").values(v()), "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [c, [1], a], path two: [c]"),
        (Req::update("SET a = :v REMOVE #b").values(v()), "Invalid UpdateExpression: An expression attribute name used in the document path is not defined; attribute name: #b"),
        (Req::update("ADD a :v").values(v()), "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING, typeSet: ALLOWED_FOR_ADD_OPERAND"),
        (Req::update("DELETE a :v").values(vec![(":v", n("1"))]), "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER, typeSet: ALLOWED_FOR_DELETE_OPERAND"),
        (Req::update("SET a = :s + :n").values(vec![(":s", s("x")), (":n", n("1"))]), "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: +, operand type: S"),
        (Req::update("SET a = list_append(:s, a)").values(vec![(":s", s("x"))]), "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S"),
        (Req::update("SET a = if_not_exists(:v, a)").values(v()), "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists"),
        (Req::update("SET a = if_not_exists(b, b)"), "Invalid UpdateExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: if_not_exists, first operand: [b]"),
        // Pass two runs from the last action back: the later undefined value is reported.
        (Req::update("SET a = :x, b = :y"), "Invalid UpdateExpression: An expression attribute value used in expression is not defined; attribute value: :y"),
    ];
    for (req, message) in cases {
        assert_eq!(req.error(), message);
    }
    assert_eq!(
        Req::projection("a, b.c, a").error(),
        "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]"
    );
}

#[test]
fn key_attributes_cannot_be_updated() {
    let update = Req::update("SET pk = :v")
        .values(v())
        .parse()
        .unwrap()
        .update
        .unwrap();
    assert_eq!(
        update.check_key_attributes(["pk"]).unwrap_err().message(),
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"
    );
    update.check_key_attributes(["id", "sk"]).unwrap();
}
