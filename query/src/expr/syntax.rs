//! The parse tree: expressions as written, placeholders still unresolved, with the tokens the
//! checks need to quote. `check` turns it into the resolved `ast`.

use super::lexer::{Kind, Token};

/// One step of a path as written.
#[derive(Debug, Clone)]
pub(crate) enum Part {
    /// A plain attribute name.
    Ident(Token),
    /// A `#name` placeholder.
    Name(Token),
    /// A list index (the token holds its digits).
    Index(Token),
}

#[derive(Debug, Clone)]
pub(crate) struct RawPath {
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub name: Token,
    pub args: Vec<Operand>,
}

#[derive(Debug, Clone)]
pub(crate) enum Operand {
    Path(RawPath),
    Value(Token),
    Call(Call),
    Paren(Box<Operand>),
    /// `a + b` or `a - b`; only at the top of a SET action's value.
    Arith(Box<Operand>, Token, Box<Operand>),
}

impl Operand {
    /// The operand with its parentheses taken off.
    pub fn unwrap(&self) -> &Operand {
        let mut op = self;
        while let Operand::Paren(inner) = op {
            op = inner;
        }
        op
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Cond {
    /// Two or more conditions joined by OR.
    Or(Vec<Cond>),
    /// Two or more conditions joined by AND.
    And(Vec<Cond>),
    Not(Box<Cond>),
    Paren(Box<Cond>),
    /// `a <op> b`; the token is the comparator.
    Compare(Operand, Token, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    /// A function used as a condition (`attribute_exists(a)`), possibly in parentheses.
    Call(Operand),
}

/// One clause of an update as written: its keyword and its actions.
#[derive(Debug, Clone)]
pub(crate) struct Clause {
    pub keyword: Token,
    pub actions: Vec<Action>,
}

/// One action: the path it writes and, except for REMOVE, its value.
#[derive(Debug, Clone)]
pub(crate) struct Action {
    pub path: RawPath,
    pub value: Option<Operand>,
}

impl Clause {
    pub fn kind(&self) -> Kind {
        self.keyword.kind
    }
}
