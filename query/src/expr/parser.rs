//! Recursive-descent parsers for the three grammars (conditions, updates, projections).
//!
//! Errors are DynamoDB's: a syntax error names the token where reading stopped and the text
//! from the token before it to the token after it; two parentheses straight around the same
//! thing are refused as soon as the outer one closes (conditions only, not key conditions).

use super::lexer::{tokenize, Kind, Token};
use super::syntax::{Action, Call, Clause, Cond, Operand, Part, RawPath};

/// Deepest nesting of parentheses and NOTs accepted. Bounds the parser's and evaluator's
/// recursion (a 4 KB expression could otherwise nest 2000 deep) so that the deepest input
/// fits a 2 MB (tokio worker) stack even unoptimised; deeper input is a syntax error
/// at the token where the limit is crossed.
const MAX_NESTING: usize = 100;

/// Why parsing stopped: the message DynamoDB gives, without the `Invalid X:` prefix.
pub(crate) type ParseError = String;

pub(crate) struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Whether `((x))` is refused (it is in conditions and filters, not in key conditions).
    refuse_double_parens: bool,
}

/// A parenthesised group holds either a condition or, in `(a) = :v`, an operand.
enum Group {
    Cond(Cond),
    Operand(Operand),
}

impl<'a> Parser<'a> {
    pub fn new(src: &'a str) -> Parser<'a> {
        Parser {
            src,
            toks: tokenize(src),
            pos: 0,
            depth: 0,
            refuse_double_parens: true,
        }
    }

    /// Accept `((x))`, as KeyConditionExpression does.
    pub fn allow_double_parens(mut self) -> Self {
        self.refuse_double_parens = false;
        self
    }

    fn peek(&self) -> Kind {
        self.toks[self.pos].kind
    }

    fn peek_at(&self, ahead: usize) -> Kind {
        self.toks[(self.pos + ahead).min(self.toks.len() - 1)].kind
    }

    fn next(&mut self) -> Token {
        let tok = self.toks[self.pos];
        if tok.kind != Kind::Eof {
            self.pos += 1;
        }
        tok
    }

    /// DynamoDB's syntax error at the current token.
    fn fail<T>(&self) -> Result<T, ParseError> {
        let tok = self.toks[self.pos];
        let from = if self.pos > 0 {
            self.toks[self.pos - 1].start
        } else {
            tok.start
        };
        let to = self.toks.get(self.pos + 1).map_or(tok.end, |t| t.end);
        Err(format!(
            "Syntax error; token: \"{}\", near: \"{}\"",
            tok.text(self.src),
            &self.src[from..to]
        ))
    }

    fn expect(&mut self, kind: Kind) -> Result<Token, ParseError> {
        if self.peek() == kind {
            Ok(self.next())
        } else {
            self.fail()
        }
    }

    fn end(&self) -> Result<(), ParseError> {
        if self.peek() == Kind::Eof {
            Ok(())
        } else {
            self.fail()
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.fail();
        }
        Ok(())
    }

    fn redundant<T>(&self) -> Result<T, ParseError> {
        Err("The expression has redundant parentheses;".to_string())
    }

    // ---- conditions ----

    /// A whole condition expression.
    pub fn condition(mut self) -> Result<Cond, ParseError> {
        let group = self.or_expr(false)?;
        let cond = self.as_cond(group)?;
        self.end()?;
        Ok(cond)
    }

    /// `and_expr (OR and_expr)*`. With `bare`, a lone operand is returned as such (it may be
    /// the `(a)` of `(a) = :v`).
    fn or_expr(&mut self, bare: bool) -> Result<Group, ParseError> {
        let first = self.and_expr(bare)?;
        if self.peek() != Kind::Or {
            return Ok(first);
        }
        let mut list = vec![self.as_cond(first)?];
        while self.peek() == Kind::Or {
            self.next();
            let next = self.and_expr(false)?;
            list.push(self.as_cond(next)?);
        }
        Ok(Group::Cond(Cond::Or(list)))
    }

    fn and_expr(&mut self, bare: bool) -> Result<Group, ParseError> {
        let first = self.not_expr(bare)?;
        if self.peek() != Kind::And {
            return Ok(first);
        }
        let mut list = vec![self.as_cond(first)?];
        while self.peek() == Kind::And {
            self.next();
            let next = self.not_expr(false)?;
            list.push(self.as_cond(next)?);
        }
        Ok(Group::Cond(Cond::And(list)))
    }

    fn not_expr(&mut self, bare: bool) -> Result<Group, ParseError> {
        if self.peek() != Kind::Not {
            return self.primary(bare);
        }
        self.next();
        self.enter()?;
        let inner = self.not_expr(false)?;
        let inner = self.as_cond(inner)?;
        self.depth -= 1;
        Ok(Group::Cond(Cond::Not(Box::new(inner))))
    }

    fn primary(&mut self, bare: bool) -> Result<Group, ParseError> {
        if self.peek() != Kind::LParen {
            let operand = self.plain_operand()?;
            return self.comparison(operand, bare);
        }
        self.next();
        self.enter()?;
        let inner = self.or_expr(true)?;
        self.expect(Kind::RParen)?;
        self.depth -= 1;
        match inner {
            Group::Cond(cond) => {
                if self.refuse_double_parens && matches!(cond, Cond::Paren(_)) {
                    return self.redundant();
                }
                Ok(Group::Cond(Cond::Paren(Box::new(cond))))
            }
            Group::Operand(op) => {
                let op = self.paren_operand(op)?;
                self.comparison(op, bare)
            }
        }
    }

    /// What follows an operand: a comparator, BETWEEN or IN; or nothing, for a function
    /// used as a condition (or, with `bare`, an operand in parentheses).
    fn comparison(&mut self, left: Operand, bare: bool) -> Result<Group, ParseError> {
        match self.peek() {
            Kind::Eq | Kind::Ne | Kind::Lt | Kind::Le | Kind::Gt | Kind::Ge => {
                let op = self.next();
                let right = self.operand()?;
                Ok(Group::Cond(Cond::Compare(left, op, right)))
            }
            Kind::Between => {
                self.next();
                let lo = self.operand()?;
                self.expect(Kind::And)?;
                let hi = self.operand()?;
                Ok(Group::Cond(Cond::Between(left, lo, hi)))
            }
            Kind::In => {
                self.next();
                self.expect(Kind::LParen)?;
                let list = self.operand_list()?;
                self.expect(Kind::RParen)?;
                Ok(Group::Cond(Cond::In(left, list)))
            }
            _ if bare => Ok(Group::Operand(left)),
            _ => self.as_cond(Group::Operand(left)).map(Group::Cond),
        }
    }

    /// A group used where a condition must be: an operand there must be a function call.
    fn as_cond(&self, group: Group) -> Result<Cond, ParseError> {
        match group {
            Group::Cond(cond) => Ok(cond),
            Group::Operand(op) if matches!(op.unwrap(), Operand::Call(_)) => Ok(Cond::Call(op)),
            Group::Operand(_) => self.fail(),
        }
    }

    // ---- operands ----

    /// A value, path, function call or parenthesised operand.
    fn operand(&mut self) -> Result<Operand, ParseError> {
        if self.peek() != Kind::LParen {
            return self.plain_operand();
        }
        self.next();
        self.enter()?;
        let inner = self.operand()?;
        self.expect(Kind::RParen)?;
        self.depth -= 1;
        self.paren_operand(inner)
    }

    fn paren_operand(&self, inner: Operand) -> Result<Operand, ParseError> {
        if self.refuse_double_parens && matches!(inner, Operand::Paren(_)) {
            return self.redundant();
        }
        Ok(Operand::Paren(Box::new(inner)))
    }

    /// An operand that does not start with a parenthesis.
    fn plain_operand(&mut self) -> Result<Operand, ParseError> {
        match self.peek() {
            Kind::Value => Ok(Operand::Value(self.next())),
            Kind::Ident if self.peek_at(1) == Kind::LParen => self.call(),
            Kind::Ident | Kind::Name => Ok(Operand::Path(self.path()?)),
            _ => self.fail(),
        }
    }

    fn call(&mut self) -> Result<Operand, ParseError> {
        let name = self.next();
        self.expect(Kind::LParen)?;
        self.enter()?;
        let args = self.operand_list()?;
        self.expect(Kind::RParen)?;
        self.depth -= 1;
        Ok(Operand::Call(Call { name, args }))
    }

    fn operand_list(&mut self) -> Result<Vec<Operand>, ParseError> {
        let mut list = vec![self.operand()?];
        while self.peek() == Kind::Comma {
            self.next();
            list.push(self.operand()?);
        }
        Ok(list)
    }

    /// A document path: a name, then `.name` and `[index]` steps.
    fn path(&mut self) -> Result<RawPath, ParseError> {
        let mut parts = vec![self.path_name()?];
        loop {
            match self.peek() {
                Kind::Dot => {
                    self.next();
                    parts.push(self.path_name()?);
                }
                Kind::LBracket => {
                    self.next();
                    let index = self.expect(Kind::Int)?;
                    self.expect(Kind::RBracket)?;
                    parts.push(Part::Index(index));
                }
                _ => return Ok(RawPath { parts }),
            }
        }
    }

    fn path_name(&mut self) -> Result<Part, ParseError> {
        match self.peek() {
            Kind::Ident => Ok(Part::Ident(self.next())),
            Kind::Name => Ok(Part::Name(self.next())),
            _ => self.fail(),
        }
    }

    // ---- updates ----

    /// A whole update expression: one or more clauses.
    pub fn update(mut self) -> Result<Vec<Clause>, ParseError> {
        let mut clauses = Vec::new();
        loop {
            clauses.push(self.clause()?);
            if self.peek() == Kind::Eof {
                return Ok(clauses);
            }
        }
    }

    fn clause(&mut self) -> Result<Clause, ParseError> {
        let keyword = match self.peek() {
            Kind::Set | Kind::Remove | Kind::Add | Kind::Delete => self.next(),
            _ => return self.fail(),
        };
        let mut actions = vec![self.action(keyword.kind)?];
        while self.peek() == Kind::Comma {
            self.next();
            actions.push(self.action(keyword.kind)?);
        }
        Ok(Clause { keyword, actions })
    }

    fn action(&mut self, kind: Kind) -> Result<Action, ParseError> {
        let path = self.path()?;
        let value = match kind {
            Kind::Set => {
                self.expect(Kind::Eq)?;
                Some(self.set_value()?)
            }
            Kind::Remove => None,
            _ => Some(Operand::Value(self.expect(Kind::Value)?)),
        };
        Ok(Action { path, value })
    }

    /// `a`, `a + b` or `a - b`, each side an operand; the whole may sit in parentheses,
    /// as in `SET c = (c - :v)`, but arithmetic does not nest.
    fn set_value(&mut self) -> Result<Operand, ParseError> {
        let left = self.set_side()?;
        if !matches!(self.peek(), Kind::Plus | Kind::Minus) {
            return Ok(left);
        }
        if matches!(left.unwrap(), Operand::Arith(..)) {
            return self.fail();
        }
        let op = self.next();
        let right = self.operand()?;
        Ok(Operand::Arith(Box::new(left), op, Box::new(right)))
    }

    fn set_side(&mut self) -> Result<Operand, ParseError> {
        if self.peek() != Kind::LParen {
            return self.operand();
        }
        self.next();
        self.enter()?;
        let inner = self.set_value()?;
        self.expect(Kind::RParen)?;
        self.depth -= 1;
        self.paren_operand(inner)
    }

    // ---- projections ----

    /// A whole projection expression: paths separated by commas.
    pub fn projection(mut self) -> Result<Vec<RawPath>, ParseError> {
        let mut paths = vec![self.path()?];
        while self.peek() == Kind::Comma {
            self.next();
            paths.push(self.path()?);
        }
        self.end()?;
        Ok(paths)
    }
}
