//! Checks and resolution of ConditionExpression, FilterExpression and KeyConditionExpression.

use super::{arity_check, distinct, type_problem, Check, Checker, Place};
use crate::expr::ast::{Comparator, Condition, Operand, Path};
use crate::expr::eval::order;
use crate::expr::lexer::Kind;
use crate::expr::placeholders::Placeholders;
use crate::expr::syntax::{self, Call, Cond};
use crate::expr::types::{self, TYPE_NAMES};
use crate::value::AttributeValue;

/// Most candidates `IN` takes.
const MAX_IN_OPERANDS: usize = 100;

/// Every type DynamoDB might hold at a path, as it lists them when `attribute_type` is given a
/// path instead of a type name.
const ANY_TYPE: &str =
    "{SS,M,DECIMAL,DOUBLESET,HDS,N,B,DICT,INTSET,BOOL,HD,BS,INT,DECIMALSET,NULL,FLOAT,FS,S,L,NS,DOUBLE}";

/// Checks a parsed condition and resolves its placeholders.
pub(crate) fn condition(src: &str, raw: &Cond, ph: &mut Placeholders) -> Check<Condition> {
    let mut checker = Checker { src, ph };
    checker.scan_cond(raw)?;
    checker.cond(raw)
}

impl Checker<'_, '_> {
    fn scan_cond(&self, raw: &Cond) -> Check<()> {
        match raw {
            Cond::Or(list) | Cond::And(list) => list.iter().try_for_each(|c| self.scan_cond(c)),
            Cond::Not(a) | Cond::Paren(a) => self.scan_cond(a),
            Cond::Compare(a, _, b) => self.scan_operands([a, b]),
            Cond::Between(a, lo, hi) => self.scan_operands([a, lo, hi]),
            Cond::In(a, list) => self.scan_operands(std::iter::once(a).chain(list)),
            Cond::Call(op) => self.scan_condition_operand(op, Place::Condition),
        }
    }

    fn scan_operands<'o>(&self, ops: impl IntoIterator<Item = &'o syntax::Operand>) -> Check<()> {
        ops.into_iter()
            .try_for_each(|op| self.scan_condition_operand(op, Place::Operand))
    }

    fn cond(&mut self, raw: &Cond) -> Check<Condition> {
        Ok(match raw {
            Cond::Or(list) => Condition::Or(self.conds(list)?),
            Cond::And(list) => Condition::And(self.conds(list)?),
            Cond::Not(a) => Condition::Not(Box::new(self.cond(a)?)),
            Cond::Paren(a) => self.cond(a)?,
            Cond::Compare(a, tok, b) => self.compare(a, tok.kind, b)?,
            Cond::Between(a, lo, hi) => self.between(a, lo, hi)?,
            Cond::In(a, list) => self.in_list(a, list)?,
            Cond::Call(op) => match op.unwrap() {
                syntax::Operand::Call(call) => self.function(call)?,
                _ => return Err("The expression is not a condition".to_string()),
            },
        })
    }

    fn conds(&mut self, list: &[Cond]) -> Check<Vec<Condition>> {
        list.iter().map(|c| self.cond(c)).collect()
    }

    fn compare(
        &mut self,
        a: &syntax::Operand,
        kind: Kind,
        b: &syntax::Operand,
    ) -> Check<Condition> {
        let cmp = comparator(kind);
        let a = self.operand(a)?;
        let b = self.operand(b)?;
        distinct(cmp.symbol(), path_of(&a), [path_of(&b)])?;
        if !matches!(cmp, Comparator::Eq | Comparator::Ne) {
            orderable(cmp.symbol(), [&a, &b])?;
        }
        Ok(Condition::Compare(a, cmp, b))
    }

    fn between(
        &mut self,
        a: &syntax::Operand,
        lo: &syntax::Operand,
        hi: &syntax::Operand,
    ) -> Check<Condition> {
        let a = self.operand(a)?;
        let lo = self.operand(lo)?;
        let hi = self.operand(hi)?;
        distinct("BETWEEN", path_of(&a), [path_of(&lo), path_of(&hi)])?;
        orderable("BETWEEN", [&a, &lo, &hi])?;
        if let (Operand::Value(x), Operand::Value(y)) = (&lo, &hi) {
            check_bounds(x, y)?;
        }
        Ok(Condition::Between(a, lo, hi))
    }

    fn in_list(&mut self, a: &syntax::Operand, list: &[syntax::Operand]) -> Check<Condition> {
        let a = self.operand(a)?;
        let list = list
            .iter()
            .map(|op| self.operand(op))
            .collect::<Check<Vec<_>>>()?;
        if list.len() > MAX_IN_OPERANDS {
            return Err(format!(
                "The IN operator is provided with too many operands; number of operands: {}",
                list.len()
            ));
        }
        distinct("IN", path_of(&a), list.iter().map(path_of))?;
        Ok(Condition::In(a, list))
    }

    /// A function used as a condition (pass one made sure it is one, with the right arity).
    fn function(&mut self, call: &Call) -> Check<Condition> {
        let name = self.text(&call.name).to_string();
        let args = call
            .args
            .iter()
            .map(|a| self.operand(a))
            .collect::<Check<Vec<_>>>()?;
        let needs_path = matches!(
            name.as_str(),
            "attribute_exists" | "attribute_not_exists" | "attribute_type"
        );
        if needs_path && path_of(&args[0]).is_none() {
            return Err(format!(
                "Operator or function requires a document path; operator or function: {name}"
            ));
        }
        distinct(&name, path_of(&args[0]), args[1..].iter().map(path_of))?;
        Ok(match (name.as_str(), args.as_slice()) {
            ("attribute_exists", [Operand::Path(p)]) => Condition::AttributeExists(p.clone()),
            ("attribute_not_exists", [Operand::Path(p)]) => {
                Condition::AttributeNotExists(p.clone())
            }
            ("attribute_type", [Operand::Path(p), t]) => {
                check_type_name(t)?;
                Condition::AttributeType(p.clone(), t.clone())
            }
            ("begins_with", [a, b]) => {
                for op in [a, b] {
                    match static_type(op) {
                        Some(t) if t != "S" && t != "B" => return Err(type_problem(&name, t)),
                        _ => {}
                    }
                }
                Condition::BeginsWith(a.clone(), b.clone())
            }
            ("contains", [a, b]) => Condition::Contains(a.clone(), b.clone()),
            _ => return Err(format!("Invalid function name; function: {name}")),
        })
    }

    /// A condition operand: a path, a value, or `size(...)` (pass one allows no other call).
    fn operand(&mut self, raw: &syntax::Operand) -> Check<Operand> {
        match raw {
            syntax::Operand::Path(path) => Ok(Operand::Path(self.path(path)?)),
            syntax::Operand::Value(tok) => Ok(Operand::Value(self.value(tok)?)),
            syntax::Operand::Paren(inner) => self.operand(inner),
            syntax::Operand::Call(call) => {
                arity_check("size", 1, call.args.len())?;
                let arg = self.operand(&call.args[0])?;
                match static_type(&arg) {
                    Some(t @ ("N" | "BOOL" | "NULL")) => Err(type_problem("size", t)),
                    _ => Ok(Operand::Size(Box::new(arg))),
                }
            }
            syntax::Operand::Arith(..) => Err("The expression is not a condition".to_string()),
        }
    }
}

fn comparator(kind: Kind) -> Comparator {
    match kind {
        Kind::Ne => Comparator::Ne,
        Kind::Lt => Comparator::Lt,
        Kind::Le => Comparator::Le,
        Kind::Gt => Comparator::Gt,
        Kind::Ge => Comparator::Ge,
        _ => Comparator::Eq,
    }
}

fn path_of(op: &Operand) -> Option<&Path> {
    match op {
        Operand::Path(path) => Some(path),
        _ => None,
    }
}

/// The type an operand has whatever the item: a value's, or N for `size`.
fn static_type(op: &Operand) -> Option<&'static str> {
    match op {
        Operand::Value(v) => Some(types::short(v)),
        Operand::Size(_) => Some("N"),
        Operand::Path(_) => None,
    }
}

/// Operands of `<`, `<=`, `>`, `>=` and BETWEEN must be S, N or B where their type is known.
fn orderable<'o>(op: &str, operands: impl IntoIterator<Item = &'o Operand>) -> Check<()> {
    for operand in operands {
        match static_type(operand) {
            Some(t) if !matches!(t, "S" | "N" | "B") => return Err(type_problem(op, t)),
            _ => {}
        }
    }
    Ok(())
}

/// BETWEEN's bounds, when both are values: the same type, lower not above upper.
fn check_bounds(lo: &AttributeValue, hi: &AttributeValue) -> Check<()> {
    let problem = match order(lo, hi) {
        None => "The BETWEEN operator requires same data type for lower and upper bounds",
        Some(std::cmp::Ordering::Greater) => {
            "The BETWEEN operator requires upper bound to be greater than or equal to lower bound"
        }
        Some(_) => return Ok(()),
    };
    Err(format!(
        "{problem}; lower bound operand: AttributeValue: {}, upper bound operand: AttributeValue: {}",
        bound_text(lo),
        bound_text(hi)
    ))
}

/// A bound as DynamoDB prints it (its Java `toString`).
fn bound_text(value: &AttributeValue) -> String {
    match value {
        AttributeValue::S(s) => format!("{{S:{s}}}"),
        AttributeValue::N(n) => format!("{{N:{n}}}"),
        AttributeValue::B(b) => {
            format!(
                "{{B:java.nio.HeapByteBuffer[pos=0 lim={0} cap={0}]}}",
                b.len()
            )
        }
        other => format!("{{{}}}", types::short(other)),
    }
}

/// `attribute_type`'s second operand must be a value naming a type.
fn check_type_name(op: &Operand) -> Check<()> {
    let value = match op {
        Operand::Value(v) => v,
        Operand::Size(_) => return Err(type_problem("attribute_type", "N")),
        Operand::Path(_) => return Err(type_problem("attribute_type", ANY_TYPE)),
    };
    match value {
        AttributeValue::S(name) if TYPE_NAMES.contains(&name.as_str()) => Ok(()),
        AttributeValue::S(name) => Err(format!(
            "Invalid attribute type name found; type: {name}, valid types: {{{}}}",
            TYPE_NAMES.join(",")
        )),
        other => Err(type_problem("attribute_type", types::short(other))),
    }
}
