//! Checks and resolution of UpdateExpression and ProjectionExpression.

use super::{arity_check, check_overlaps, distinct, type_problem, Check, Checker};
use crate::expr::ast::{Path, Projection, SetOperand, SetValue, Update};
use crate::expr::lexer::Kind;
use crate::expr::placeholders::Placeholders;
use crate::expr::syntax::{Action, Clause, Operand, RawPath};
use crate::expr::types;
use crate::value::AttributeValue;

/// Checks a parsed update and resolves its placeholders.
pub(crate) fn update(src: &str, clauses: &[Clause], ph: &mut Placeholders) -> Check<Update> {
    let mut checker = Checker { src, ph };
    checker.scan_sections(clauses)?;
    let actions: Vec<(Kind, &Action)> = clauses
        .iter()
        .flat_map(|c| c.actions.iter().map(move |a| (c.kind(), a)))
        .collect();
    // The written paths must not clash; DynamoDB checks this before the values.
    for (_, action) in &actions {
        checker.path_names_defined(&action.path)?;
    }
    let targets: Vec<Path> = actions
        .iter()
        .filter_map(|(_, a)| checker.peek_path(&a.path))
        .collect();
    check_overlaps(&targets)?;
    // Pass two goes from the last action back to the first: every #name, then the rest.
    for (_, action) in actions.iter().rev() {
        checker.path_names_defined(&action.path)?;
        if let Some(value) = &action.value {
            checker.operand_names_defined(value)?;
        }
    }
    let mut resolved = Vec::with_capacity(actions.len());
    for (kind, action) in actions.iter().rev() {
        resolved.push(checker.action(*kind, action)?);
    }
    Ok(assemble(resolved.into_iter().rev()))
}

/// One resolved action before it is filed under its clause.
enum Resolved {
    Set(Path, SetValue),
    Remove(Path),
    Add(Path, AttributeValue),
    Delete(Path, AttributeValue),
}

fn assemble(actions: impl Iterator<Item = Resolved>) -> Update {
    let mut update = Update::default();
    for action in actions {
        match action {
            Resolved::Set(p, v) => update.set.push((p, v)),
            Resolved::Remove(p) => update.remove.push(p),
            Resolved::Add(p, v) => update.add.push((p, v)),
            Resolved::Delete(p, v) => update.delete.push((p, v)),
        }
    }
    update
}

/// Checks a parsed projection and resolves its placeholders.
pub(crate) fn projection(src: &str, paths: &[RawPath], ph: &mut Placeholders) -> Check<Projection> {
    let mut checker = Checker { src, ph };
    paths.iter().try_for_each(|p| checker.scan_path(p))?;
    let resolved = paths
        .iter()
        .map(|p| checker.path(p))
        .collect::<Check<Vec<_>>>()?;
    check_overlaps(&resolved)?;
    Ok(resolved)
}

fn keyword(kind: Kind) -> &'static str {
    match kind {
        Kind::Set => "SET",
        Kind::Remove => "REMOVE",
        Kind::Add => "ADD",
        _ => "DELETE",
    }
}

impl Checker<'_, '_> {
    /// Pass one, a section at a time in the order sections first appear; each of SET,
    /// REMOVE, ADD and DELETE may appear once.
    fn scan_sections(&self, clauses: &[Clause]) -> Check<()> {
        let mut seen: Vec<Kind> = Vec::new();
        for clause in clauses {
            if !seen.contains(&clause.kind()) {
                seen.push(clause.kind());
            }
        }
        for kind in seen {
            let mut count = 0;
            for clause in clauses.iter().filter(|c| c.kind() == kind) {
                count += 1;
                for action in &clause.actions {
                    self.scan_path(&action.path)?;
                    if let Some(value) = &action.value {
                        self.scan_update_operand(value)?;
                    }
                }
            }
            if count > 1 {
                return Err(format!(
                    "The \"{}\" section can only be used once in an update expression;",
                    keyword(kind)
                ));
            }
        }
        Ok(())
    }

    fn operand_names_defined(&self, op: &Operand) -> Check<()> {
        match op {
            Operand::Path(path) => self.path_names_defined(path),
            Operand::Value(_) => Ok(()),
            Operand::Paren(inner) => self.operand_names_defined(inner),
            Operand::Call(call) => call
                .args
                .iter()
                .try_for_each(|a| self.operand_names_defined(a)),
            Operand::Arith(a, _, b) => {
                self.operand_names_defined(a)?;
                self.operand_names_defined(b)
            }
        }
    }

    fn action(&mut self, kind: Kind, action: &Action) -> Check<Resolved> {
        let path = self.path(&action.path)?;
        let value = match (&action.value, kind) {
            (None, _) => return Ok(Resolved::Remove(path)),
            (Some(value), Kind::Set) => return Ok(Resolved::Set(path, self.set_value(value)?)),
            (Some(Operand::Value(tok)), _) => self.value(tok)?,
            (Some(_), _) => return Err("Syntax error; the operand must be a value".to_string()),
        };
        let allowed = match kind {
            Kind::Add => matches!(value, AttributeValue::N(_)) || is_set(&value),
            _ => is_set(&value),
        };
        if !allowed {
            return Err(format!(
                "Incorrect operand type for operator or function; operator: {0}, operand type: {1}, typeSet: ALLOWED_FOR_{0}_OPERAND",
                keyword(kind),
                types::long(&value)
            ));
        }
        Ok(match kind {
            Kind::Add => Resolved::Add(path, value),
            _ => Resolved::Delete(path, value),
        })
    }

    fn set_value(&mut self, raw: &Operand) -> Check<SetValue> {
        let Operand::Arith(a, tok, b) = raw.unwrap() else {
            return Ok(SetValue::Operand(self.set_operand(raw)?));
        };
        let symbol = if tok.kind == Kind::Plus { "+" } else { "-" };
        let a = self.set_operand(a)?;
        let b = self.set_operand(b)?;
        for op in [&a, &b] {
            match static_type(op) {
                Some(t) if t != "N" => return Err(type_problem(symbol, t)),
                _ => {}
            }
        }
        Ok(if tok.kind == Kind::Plus {
            SetValue::Plus(a, b)
        } else {
            SetValue::Minus(a, b)
        })
    }

    fn set_operand(&mut self, raw: &Operand) -> Check<SetOperand> {
        match raw {
            Operand::Path(path) => Ok(SetOperand::Path(self.path(path)?)),
            Operand::Value(tok) => Ok(SetOperand::Value(self.value(tok)?)),
            Operand::Paren(inner) => self.set_operand(inner),
            Operand::Call(call) => {
                let name = self.text(&call.name).to_string();
                arity_check(&name, 2, call.args.len())?;
                let a = self.set_operand(&call.args[0])?;
                let b = self.set_operand(&call.args[1])?;
                if name == "list_append" {
                    return list_append(a, b);
                }
                let SetOperand::Path(path) = a else {
                    return Err(format!(
                        "Operator or function requires a document path; operator or function: {name}"
                    ));
                };
                let other = match &b {
                    SetOperand::Path(p) => Some(p),
                    _ => None,
                };
                distinct(&name, Some(&path), [other])?;
                Ok(SetOperand::IfNotExists(path, Box::new(b)))
            }
            Operand::Arith(..) => Err("Syntax error; arithmetic may not be nested".to_string()),
        }
    }
}

fn list_append(a: SetOperand, b: SetOperand) -> Check<SetOperand> {
    for op in [&a, &b] {
        match static_type(op) {
            Some(t) if t != "L" => return Err(type_problem("list_append", t)),
            _ => {}
        }
    }
    Ok(SetOperand::ListAppend(Box::new(a), Box::new(b)))
}

fn static_type(op: &SetOperand) -> Option<&'static str> {
    match op {
        SetOperand::Value(v) => Some(types::short(v)),
        _ => None,
    }
}

fn is_set(value: &AttributeValue) -> bool {
    matches!(
        value,
        AttributeValue::Ss(_) | AttributeValue::Ns(_) | AttributeValue::Bs(_)
    )
}
