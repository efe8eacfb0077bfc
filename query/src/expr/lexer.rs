//! Tokens of DynamoDB's expression language, with their byte spans in the source text.
//!
//! The token classes follow DynamoDB's grammar: a name starts with an ASCII letter and goes on
//! with letters, digits and `_`; `#name` and `:value` placeholders; list indexes (`0` alone or
//! digits without a leading zero); the keywords of every expression kind (case-insensitive);
//! operators and punctuation. Any other character becomes a `Bad` token, so the lexer never
//! fails: the parser reports a syntax error at the first token it cannot use.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    Name,
    Value,
    Int,
    And,
    Or,
    Not,
    Between,
    In,
    Set,
    Remove,
    Add,
    Delete,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Plus,
    Minus,
    Bad,
    Eof,
}

/// One token: its kind and where it sits in the source (`start..end`, byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    /// The token's text as DynamoDB quotes it in syntax errors (`<EOF>` at the end).
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        if self.kind == Kind::Eof {
            "<EOF>"
        } else {
            &src[self.start..self.end]
        }
    }
}

/// Splits `src` into tokens; the last token is always `Eof`.
pub(crate) fn tokenize(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
            continue;
        }
        let (kind, end) = scan(src, i);
        out.push(Token {
            kind,
            start: i,
            end,
        });
        i = end;
    }
    out.push(Token {
        kind: Kind::Eof,
        start: src.len(),
        end: src.len(),
    });
    out
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Scans the token starting at byte `i` (not whitespace); returns its kind and end.
fn scan(src: &str, i: usize) -> (Kind, usize) {
    let bytes = src.as_bytes();
    let c = bytes[i];
    let word_end = |from: usize| {
        let mut j = from;
        while j < bytes.len() && is_word(bytes[j]) {
            j += 1;
        }
        j
    };
    match c {
        b'a'..=b'z' | b'A'..=b'Z' => {
            let end = word_end(i + 1);
            (keyword(&src[i..end]).unwrap_or(Kind::Ident), end)
        }
        b'#' | b':' => {
            let end = word_end(i + 1);
            let kind = match (end == i + 1, c) {
                (true, _) => Kind::Bad,
                (false, b'#') => Kind::Name,
                (false, _) => Kind::Value,
            };
            (kind, end)
        }
        b'0' => (Kind::Int, i + 1),
        b'1'..=b'9' => {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            (Kind::Int, j)
        }
        _ => punctuation(src, i),
    }
}

fn punctuation(src: &str, i: usize) -> (Kind, usize) {
    let bytes = src.as_bytes();
    let next = bytes.get(i + 1).copied();
    let two = match (bytes[i], next) {
        (b'<', Some(b'>')) => Some(Kind::Ne),
        (b'<', Some(b'=')) => Some(Kind::Le),
        (b'>', Some(b'=')) => Some(Kind::Ge),
        _ => None,
    };
    if let Some(kind) = two {
        return (kind, i + 2);
    }
    let kind = match bytes[i] {
        b'=' => Kind::Eq,
        b'<' => Kind::Lt,
        b'>' => Kind::Gt,
        b'(' => Kind::LParen,
        b')' => Kind::RParen,
        b'[' => Kind::LBracket,
        b']' => Kind::RBracket,
        b',' => Kind::Comma,
        b'.' => Kind::Dot,
        b'+' => Kind::Plus,
        b'-' => Kind::Minus,
        _ => Kind::Bad,
    };
    // A bad token spans one whole character, so spans stay on UTF-8 boundaries.
    let len = src[i..].chars().next().map_or(1, char::len_utf8);
    (kind, i + len)
}

fn keyword(word: &str) -> Option<Kind> {
    const KEYWORDS: [(&str, Kind); 9] = [
        ("AND", Kind::And),
        ("OR", Kind::Or),
        ("NOT", Kind::Not),
        ("BETWEEN", Kind::Between),
        ("IN", Kind::In),
        ("SET", Kind::Set),
        ("REMOVE", Kind::Remove),
        ("ADD", Kind::Add),
        ("DELETE", Kind::Delete),
    ];
    KEYWORDS
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(word))
        .map(|&(_, kind)| kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Kind> {
        tokenize(src).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn tokens_of_each_class() {
        use Kind::*;
        assert_eq!(
            kinds("a.#b[10] <> :v AND not(x>=0)"),
            vec![
                Ident, Dot, Name, LBracket, Int, RBracket, Ne, Value, And, Not, LParen, Ident, Ge,
                Int, RParen, Eof
            ]
        );
        assert_eq!(kinds("007"), vec![Int, Int, Int, Eof]);
        assert_eq!(kinds("# : ~ é"), vec![Bad, Bad, Bad, Bad, Eof]);
        assert_eq!(
            kinds("set Remove aDd DELETE between In"),
            vec![Set, Remove, Add, Delete, Between, In, Eof]
        );
    }

    #[test]
    fn spans_cover_the_text() {
        let src = "a_1 = :v_2";
        let toks = tokenize(src);
        assert_eq!(toks[0].text(src), "a_1");
        assert_eq!(toks[2].text(src), ":v_2");
        assert_eq!(toks[3].text(src), "<EOF>");
    }
}
