//! From parse tree to resolved AST: placeholders substituted and every rule DynamoDB checks
//! before running an expression, in DynamoDB's order. Each expression is walked twice, as
//! DynamoDB does: pass one (in the order written) looks at reserved words, list indexes,
//! function names and where functions are used; pass two resolves placeholders and checks
//! operands, their types and their number. The first problem found is the error.

mod condition;
mod update;

pub(crate) use condition::condition;
pub(crate) use update::{projection, update};

use super::ast::{Path, PathElem};
use super::lexer::Token;
use super::placeholders::Placeholders;
use super::reserved::is_reserved;
use super::syntax::{Operand, Part, RawPath};
use crate::value::AttributeValue;

/// A check's failure: DynamoDB's message without the `Invalid X:` prefix.
pub(crate) type Check<T> = Result<T, String>;

/// Deepest document path DynamoDB accepts.
const MAX_PATH_DEPTH: usize = 32;

/// Where a function call appears: as a condition of its own, or as an operand.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Condition,
    Operand,
}

/// The functions of each grammar and their number of operands.
const CONDITION_FUNCTIONS: [(&str, usize); 5] = [
    ("attribute_exists", 1),
    ("attribute_not_exists", 1),
    ("attribute_type", 2),
    ("begins_with", 2),
    ("contains", 2),
];
const OPERAND_FUNCTIONS: [(&str, usize); 1] = [("size", 1)];
const UPDATE_FUNCTIONS: [(&str, usize); 2] = [("if_not_exists", 2), ("list_append", 2)];

fn lookup(table: &[(&str, usize)], name: &str) -> Option<usize> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|&(_, arity)| arity)
}

/// The state of checking one expression.
pub(crate) struct Checker<'a, 'p> {
    pub src: &'a str,
    pub ph: &'a mut Placeholders<'p>,
}

impl Checker<'_, '_> {
    fn text(&self, tok: &Token) -> &str {
        &self.src[tok.start..tok.end]
    }

    // ---- pass one ----

    /// Reserved words and list index ranges in a path.
    pub fn scan_path(&self, path: &RawPath) -> Check<()> {
        for part in &path.parts {
            match part {
                Part::Ident(tok) if is_reserved(self.text(tok)) => {
                    return Err(format!(
                        "Attribute name is a reserved keyword; reserved keyword: {}",
                        self.text(tok)
                    ));
                }
                Part::Index(tok) if parse_index(self.text(tok)).is_none() => {
                    return Err(format!(
                        "List index is not within the allowable range; index: [{}]",
                        self.text(tok)
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Pass one over an operand of a condition, filter or key condition.
    pub fn scan_condition_operand(&self, op: &Operand, place: Place) -> Check<()> {
        match op {
            Operand::Path(path) => self.scan_path(path),
            Operand::Value(_) => Ok(()),
            Operand::Paren(inner) => self.scan_condition_operand(inner, place),
            Operand::Call(call) => {
                let name = self.text(&call.name);
                let condition = lookup(&CONDITION_FUNCTIONS, name);
                let arity = condition.or_else(|| lookup(&OPERAND_FUNCTIONS, name));
                let Some(arity) = arity else {
                    return Err(self.unknown_or_misplaced(name, "a condition", &UPDATE_FUNCTIONS));
                };
                if (place == Place::Condition) != condition.is_some() {
                    return Err(format!(
                        "The function is not allowed to be used this way in an expression; function: {name}"
                    ));
                }
                arity_check(name, arity, call.args.len())?;
                call.args
                    .iter()
                    .try_for_each(|a| self.scan_condition_operand(a, Place::Operand))
            }
            Operand::Arith(a, _, b) => {
                self.scan_condition_operand(a, place)?;
                self.scan_condition_operand(b, place)
            }
        }
    }

    /// Pass one over an operand of an update (arity is checked in pass two there).
    pub fn scan_update_operand(&self, op: &Operand) -> Check<()> {
        match op {
            Operand::Path(path) => self.scan_path(path),
            Operand::Value(_) => Ok(()),
            Operand::Paren(inner) => self.scan_update_operand(inner),
            Operand::Call(call) => {
                let name = self.text(&call.name);
                if lookup(&UPDATE_FUNCTIONS, name).is_none() {
                    let others = [CONDITION_FUNCTIONS.as_slice(), &OPERAND_FUNCTIONS].concat();
                    return Err(self.unknown_or_misplaced(name, "an update", &others));
                }
                call.args
                    .iter()
                    .try_for_each(|a| self.scan_update_operand(a))
            }
            Operand::Arith(a, _, b) => {
                self.scan_update_operand(a)?;
                self.scan_update_operand(b)
            }
        }
    }

    /// The error for a function this grammar does not have: known elsewhere or not at all.
    fn unknown_or_misplaced(
        &self,
        name: &str,
        grammar: &str,
        elsewhere: &[(&str, usize)],
    ) -> String {
        if lookup(elsewhere, name).is_some() {
            format!("The function is not allowed in {grammar} expression; function: {name}")
        } else {
            format!("Invalid function name; function: {name}")
        }
    }

    // ---- pass two ----

    /// Resolves a path's placeholders; checks its depth.
    pub fn path(&mut self, raw: &RawPath) -> Check<Path> {
        let mut elems = Vec::with_capacity(raw.parts.len());
        for part in &raw.parts {
            elems.push(match part {
                Part::Ident(tok) => PathElem::Attr(self.text(tok).to_string()),
                Part::Name(tok) => PathElem::Attr(self.ph.name(&self.src[tok.start..tok.end])?),
                Part::Index(tok) => PathElem::Index(parse_index(self.text(tok)).unwrap_or(0)),
            });
        }
        if elems.len() > MAX_PATH_DEPTH {
            return Err(format!(
                "The document path has too many nesting levels; nesting levels: {}",
                elems.len()
            ));
        }
        Path::new(elems).ok_or_else(|| "Invalid document path".to_string())
    }

    /// The first undefined `#name` of a path, as DynamoDB's error (no use is recorded).
    pub fn path_names_defined(&self, raw: &RawPath) -> Check<()> {
        for part in &raw.parts {
            if let Part::Name(tok) = part {
                let placeholder = self.text(tok);
                if !self.ph.has_name(placeholder) {
                    return Err(format!(
                        "An expression attribute name used in the document path is not defined; attribute name: {placeholder}"
                    ));
                }
            }
        }
        Ok(())
    }

    /// The path a raw path names, for messages, without recording a use.
    pub fn peek_path(&self, raw: &RawPath) -> Option<Path> {
        let elems = raw.parts.iter().map(|part| match part {
            Part::Ident(tok) => PathElem::Attr(self.text(tok).to_string()),
            Part::Name(tok) => PathElem::Attr(self.ph.peek_name(self.text(tok)).to_string()),
            Part::Index(tok) => PathElem::Index(parse_index(self.text(tok)).unwrap_or(0)),
        });
        Path::new(elems.collect())
    }

    pub fn value(&mut self, tok: &Token) -> Check<AttributeValue> {
        self.ph.value(&self.src[tok.start..tok.end])
    }
}

/// A list index DynamoDB accepts: at most 10 digits and within a Java `int`.
fn parse_index(digits: &str) -> Option<usize> {
    if digits.len() > 10 {
        return None;
    }
    digits
        .parse::<u64>()
        .ok()
        .filter(|&n| n <= i32::MAX as u64)
        .map(|n| n as usize)
}

pub(crate) fn arity_check(name: &str, arity: usize, given: usize) -> Check<()> {
    if arity == given {
        return Ok(());
    }
    Err(format!(
        "Incorrect number of operands for operator or function; operator or function: {name}, number of operands: {given}"
    ))
}

pub(crate) fn type_problem(op: &str, type_name: &str) -> String {
    format!("Incorrect operand type for operator or function; operator or function: {op}, operand type: {type_name}")
}

/// `first` must not be the same path as any of `rest`.
pub(crate) fn distinct<'p>(
    op: &str,
    first: Option<&Path>,
    rest: impl IntoIterator<Item = Option<&'p Path>>,
) -> Check<()> {
    let Some(first) = first else { return Ok(()) };
    if rest.into_iter().flatten().any(|p| p == first) {
        return Err(format!(
            "The first operand must be distinct from the remaining operands for this operator or function; operator: {op}, first operand: {first}"
        ));
    }
    Ok(())
}

/// Two paths written by one update, or kept by one projection, may not be the same, one inside
/// the other, or use one attribute both as a map and as a list. DynamoDB reports the first
/// overlap if there is one, and only then the first conflict; the earlier path is "path one".
/// E.g. `SET d[1] = a, d.b = a, c[1].a = a, c = a` reports `[c, [1], a]` against `[c]`.
pub(crate) fn check_overlaps(paths: &[Path]) -> Check<()> {
    let mut conflict = None;
    for (j, later) in paths.iter().enumerate() {
        for earlier in &paths[..j] {
            match clash(earlier, later) {
                Some(Clash::Overlap) => return Err(clash_message("overlap", earlier, later)),
                Some(Clash::Conflict) if conflict.is_none() => conflict = Some((earlier, later)),
                _ => {}
            }
        }
    }
    match conflict {
        Some((earlier, later)) => Err(clash_message("conflict", earlier, later)),
        None => Ok(()),
    }
}

fn clash_message(what: &str, earlier: &Path, later: &Path) -> String {
    format!(
        "Two document paths {what} with each other; must remove or rewrite one of these paths; path one: {earlier}, path two: {later}"
    )
}

/// How two paths clash: one is the other or inside it, or they use an attribute as different
/// kinds of document.
enum Clash {
    Overlap,
    Conflict,
}

fn clash(a: &Path, b: &Path) -> Option<Clash> {
    for (x, y) in a.elems().iter().zip(b.elems()) {
        match (x, y) {
            (PathElem::Attr(_), PathElem::Index(_)) | (PathElem::Index(_), PathElem::Attr(_)) => {
                return Some(Clash::Conflict)
            }
            _ if x != y => return None,
            _ => {}
        }
    }
    Some(Clash::Overlap)
}
