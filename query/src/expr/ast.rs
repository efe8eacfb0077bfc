//! The resolved abstract syntax of DynamoDB expressions: placeholders replaced by the names and
//! values they stand for. Parsers produce it; the legacy-parameter translations build it
//! directly; the evaluators consume it. Parentheses are not kept: the tree's shape is the
//! grouping.

use std::collections::BTreeSet;
use std::fmt;

use crate::error::{Error, Result};
use crate::value::AttributeValue;

/// One step of a document path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathElem {
    /// A map key (or, first in a path, a top-level attribute name).
    Attr(String),
    /// A list index.
    Index(usize),
}

/// A document path such as `a.b[2].c`. Invariant: not empty, and the first element is an
/// `Attr` (the top-level attribute).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path(Vec<PathElem>);

impl Path {
    /// A path from its elements; `None` unless it starts with an attribute name.
    pub fn new(elems: Vec<PathElem>) -> Option<Path> {
        match elems.first() {
            Some(PathElem::Attr(_)) => Some(Path(elems)),
            _ => None,
        }
    }

    /// A path naming one top-level attribute.
    pub fn attr(name: impl Into<String>) -> Path {
        Path(vec![PathElem::Attr(name.into())])
    }

    /// The top-level attribute the path starts at.
    pub fn head(&self) -> &str {
        match &self.0[0] {
            PathElem::Attr(name) => name,
            PathElem::Index(_) => unreachable!("a path starts with an attribute name"),
        }
    }

    pub fn elems(&self) -> &[PathElem] {
        &self.0
    }

    /// Whether this path is a single top-level attribute.
    pub fn is_top_level(&self) -> bool {
        self.0.len() == 1
    }
}

/// DynamoDB prints paths in messages as `[a, b, [2]]`.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, elem) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            match elem {
                PathElem::Attr(name) => f.write_str(name)?,
                PathElem::Index(ix) => write!(f, "[{ix}]")?,
            }
        }
        f.write_str("]")
    }
}

/// A value inside a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Path(Path),
    Value(AttributeValue),
    /// `size(operand)`: a number, or no value when the operand has no size.
    Size(Box<Operand>),
}

/// The six comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Comparator {
    /// The operator as written in expressions.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Eq => "=",
            Comparator::Ne => "<>",
            Comparator::Lt => "<",
            Comparator::Le => "<=",
            Comparator::Gt => ">",
            Comparator::Ge => ">=",
        }
    }

    /// The operator with its operands swapped: `a < b` is `b > a`.
    pub fn flipped(self) -> Comparator {
        match self {
            Comparator::Lt => Comparator::Gt,
            Comparator::Le => Comparator::Ge,
            Comparator::Gt => Comparator::Lt,
            Comparator::Ge => Comparator::Le,
            same => same,
        }
    }
}

/// A ConditionExpression, FilterExpression or KeyConditionExpression.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    Compare(Operand, Comparator, Operand),
    /// `a BETWEEN lo AND hi`.
    Between(Operand, Operand, Operand),
    /// `a IN (b, c, ...)`, 1 to 100 candidates.
    In(Operand, Vec<Operand>),
    /// Every condition holds. Invariant: two or more; a chain `a AND b AND c` is one `And`,
    /// so long chains cost no recursion depth.
    And(Vec<Condition>),
    /// Some condition holds. Invariant: two or more.
    Or(Vec<Condition>),
    Not(Box<Condition>),
    AttributeExists(Path),
    AttributeNotExists(Path),
    /// `attribute_type(path, type)`; the type operand holds a type name such as `"SS"`.
    AttributeType(Path, Operand),
    BeginsWith(Operand, Operand),
    Contains(Operand, Operand),
}

impl Operand {
    fn path(&self) -> Option<&Path> {
        match self {
            Operand::Path(p) => Some(p),
            Operand::Value(_) => None,
            Operand::Size(inner) => inner.path(),
        }
    }
}

impl Condition {
    /// Every document path the condition reads, in the order written.
    pub fn paths(&self) -> Vec<&Path> {
        let mut out = Vec::new();
        self.collect_paths(&mut out);
        out
    }

    fn collect_paths<'a>(&'a self, out: &mut Vec<&'a Path>) {
        let operands: Vec<&Operand> = match self {
            Condition::And(list) | Condition::Or(list) => {
                return list.iter().for_each(|c| c.collect_paths(out));
            }
            Condition::Not(a) => return a.collect_paths(out),
            Condition::AttributeExists(p) | Condition::AttributeNotExists(p) => return out.push(p),
            Condition::AttributeType(p, _) => return out.push(p),
            Condition::Compare(a, _, b)
            | Condition::BeginsWith(a, b)
            | Condition::Contains(a, b) => vec![a, b],
            Condition::Between(a, lo, hi) => vec![a, lo, hi],
            Condition::In(a, list) => std::iter::once(a).chain(list).collect(),
        };
        out.extend(operands.into_iter().filter_map(Operand::path));
    }
}

/// The value a SET action writes, or one operand of `+`/`-` in it.
#[derive(Debug, Clone, PartialEq)]
pub enum SetOperand {
    Path(Path),
    Value(AttributeValue),
    /// `if_not_exists(path, fallback)`.
    IfNotExists(Path, Box<SetOperand>),
    /// `list_append(a, b)`.
    ListAppend(Box<SetOperand>, Box<SetOperand>),
}

/// The right-hand side of a SET action.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    Operand(SetOperand),
    Plus(SetOperand, SetOperand),
    Minus(SetOperand, SetOperand),
}

/// An UpdateExpression: its actions, clause by clause. Every action reads the item as it was
/// before the update.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Update {
    pub set: Vec<(Path, SetValue)>,
    pub remove: Vec<Path>,
    /// ADD: a number to add, or a set to unite with.
    pub add: Vec<(Path, AttributeValue)>,
    /// DELETE: a set of elements to take out.
    pub delete: Vec<(Path, AttributeValue)>,
}

impl Update {
    /// Every path the update writes, in clause order SET, REMOVE, ADD, DELETE.
    pub fn target_paths(&self) -> impl Iterator<Item = &Path> {
        let set = self.set.iter().map(|(p, _)| p);
        let add = self.add.iter().map(|(p, _)| p);
        let delete = self.delete.iter().map(|(p, _)| p);
        set.chain(self.remove.iter()).chain(add).chain(delete)
    }

    /// The top-level attributes the update writes.
    pub fn updated_attributes(&self) -> BTreeSet<&str> {
        self.target_paths().map(Path::head).collect()
    }

    /// DynamoDB refuses updates that write a key attribute (or inside one).
    pub fn check_key_attributes<'k>(&self, keys: impl IntoIterator<Item = &'k str>) -> Result<()> {
        let updated = self.updated_attributes();
        match keys.into_iter().find(|k| updated.contains(k)) {
            Some(key) => Err(Error::validation(format!(
                "One or more parameter values were invalid: Cannot update attribute {key}. This attribute is part of the key"
            ))),
            None => Ok(()),
        }
    }
}

/// A ProjectionExpression: the paths to keep.
pub type Projection = Vec<Path>;
