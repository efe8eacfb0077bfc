//! Prints resolved ASTs back to expression text, with fresh placeholders for every name and
//! value, for the parse -> print -> parse round trip. Prints the fewest parentheses that keep
//! the tree's shape (never two around one thing, which DynamoDB refuses).

use std::collections::BTreeMap;

use super::*;

#[derive(Default)]
pub(super) struct Printer {
    pub names: BTreeMap<String, String>,
    pub values: Item,
}

impl Printer {
    fn name(&mut self, attr: &str) -> String {
        let key = format!("#n{}", self.names.len());
        self.names.insert(key.clone(), attr.to_string());
        key
    }

    fn value(&mut self, v: &AttributeValue) -> String {
        let key = format!(":v{}", self.values.len());
        self.values.insert(key.clone(), v.clone());
        key
    }

    pub fn path(&mut self, path: &Path) -> String {
        let mut out = String::new();
        for (i, elem) in path.elems().iter().enumerate() {
            match elem {
                PathElem::Attr(a) => {
                    if i > 0 {
                        out.push('.');
                    }
                    out += &self.name(a);
                }
                PathElem::Index(ix) => out += &format!("[{ix}]"),
            }
        }
        out
    }

    fn operand(&mut self, op: &Operand) -> String {
        match op {
            Operand::Path(p) => self.path(p),
            Operand::Value(v) => self.value(v),
            Operand::Size(inner) => format!("size({})", self.operand(inner)),
        }
    }

    /// `min`: the loosest operator allowed here without parentheses (1 OR, 2 AND, 3 NOT).
    pub fn condition(&mut self, cond: &Condition, min: u8) -> String {
        let (text, level) = match cond {
            Condition::Or(list) => (self.joined(list, " OR ", 2), 1),
            Condition::And(list) => (self.joined(list, " AND ", 3), 2),
            Condition::Not(a) => (format!("NOT {}", self.condition(a, 3)), 3),
            leaf => (self.leaf(leaf), 4),
        };
        if level < min {
            format!("({text})")
        } else {
            text
        }
    }

    /// A chain's members; a nested chain of the same operator gets parentheses, so it reads
    /// back as the same tree.
    fn joined(&mut self, list: &[Condition], op: &str, min: u8) -> String {
        let parts: Vec<String> = list.iter().map(|c| self.condition(c, min)).collect();
        parts.join(op)
    }

    fn leaf(&mut self, cond: &Condition) -> String {
        match cond {
            Condition::Compare(a, cmp, b) => {
                format!("{} {} {}", self.operand(a), cmp.symbol(), self.operand(b))
            }
            Condition::Between(a, lo, hi) => {
                format!(
                    "{} BETWEEN {} AND {}",
                    self.operand(a),
                    self.operand(lo),
                    self.operand(hi)
                )
            }
            Condition::In(a, list) => {
                let a = self.operand(a);
                let list: Vec<String> = list.iter().map(|o| self.operand(o)).collect();
                format!("{a} IN ({})", list.join(", "))
            }
            Condition::AttributeExists(p) => format!("attribute_exists({})", self.path(p)),
            Condition::AttributeNotExists(p) => format!("attribute_not_exists({})", self.path(p)),
            Condition::AttributeType(p, t) => {
                format!("attribute_type({}, {})", self.path(p), self.operand(t))
            }
            Condition::BeginsWith(a, b) => {
                format!("begins_with({}, {})", self.operand(a), self.operand(b))
            }
            Condition::Contains(a, b) => {
                format!("contains({}, {})", self.operand(a), self.operand(b))
            }
            Condition::And(..) | Condition::Or(..) | Condition::Not(..) => self.condition(cond, 4),
        }
    }

    fn set_operand(&mut self, op: &SetOperand) -> String {
        match op {
            SetOperand::Path(p) => self.path(p),
            SetOperand::Value(v) => self.value(v),
            SetOperand::IfNotExists(p, f) => {
                format!("if_not_exists({}, {})", self.path(p), self.set_operand(f))
            }
            SetOperand::ListAppend(a, b) => format!(
                "list_append({}, {})",
                self.set_operand(a),
                self.set_operand(b)
            ),
        }
    }

    pub fn update(&mut self, update: &Update) -> String {
        let mut clauses = Vec::new();
        let set: Vec<String> = update
            .set
            .iter()
            .map(|(p, v)| {
                let target = self.path(p);
                let value = match v {
                    SetValue::Operand(o) => self.set_operand(o),
                    SetValue::Plus(a, b) => {
                        format!("{} + {}", self.set_operand(a), self.set_operand(b))
                    }
                    SetValue::Minus(a, b) => {
                        format!("{} - {}", self.set_operand(a), self.set_operand(b))
                    }
                };
                format!("{target} = {value}")
            })
            .collect();
        let remove: Vec<String> = update.remove.iter().map(|p| self.path(p)).collect();
        let mut with_value = |actions: &[(Path, AttributeValue)]| -> Vec<String> {
            actions
                .iter()
                .map(|(p, v)| format!("{} {}", self.path(p), self.value(v)))
                .collect()
        };
        let add = with_value(&update.add);
        let delete = with_value(&update.delete);
        for (keyword, actions) in [
            ("SET", set),
            ("REMOVE", remove),
            ("ADD", add),
            ("DELETE", delete),
        ] {
            if !actions.is_empty() {
                clauses.push(format!("{keyword} {}", actions.join(", ")));
            }
        }
        clauses.join(" ")
    }
}
