//! Applying an UpdateExpression to an item. Every action reads the item as it was before the
//! update; the writes then land together. Errors follow DynamoDB's order: a parent of the wrong
//! kind anywhere, then wrong operand types anywhere, then (clause by clause from the last) a
//! path that cannot be written and an attribute a SET reads that is not there.

use std::collections::BTreeMap;

use super::ast::{Path, PathElem, SetOperand, SetValue, Update};
use super::eval::{resolve, step};
use crate::error::{Error, Result};
use crate::value::{AttributeValue, Item};

/// An ADD, DELETE or arithmetic operand of the wrong type for what it meets in the item.
pub const TYPE_ERROR: &str = "An operand in the update expression has an incorrect data type";
const MISSING_ERROR: &str =
    "The provided expression refers to an attribute that does not exist in the item";
const PATH_ERROR: &str =
    "The document path provided in the update expression is invalid for update";

/// Why an action cannot run.
enum Fault {
    Type,
    Missing,
    /// Arithmetic out of DynamoDB's number range.
    Number(Error),
}

impl From<Fault> for Error {
    fn from(fault: Fault) -> Error {
        match fault {
            Fault::Type => Error::validation(TYPE_ERROR),
            Fault::Missing => Error::validation(MISSING_ERROR),
            Fault::Number(e) => e,
        }
    }
}

/// What one action writes at its path.
enum Write {
    Put(AttributeValue),
    Remove,
}

/// The item after `update`; `item` is the current item (empty when there is none, with the
/// key attributes added by the caller).
pub fn apply_update(update: &Update, item: &Item) -> Result<Item> {
    for path in update.target_paths() {
        if parent(item, path).is_some_and(|p| !fits(p, last(path))) {
            return Err(Error::validation(PATH_ERROR));
        }
    }
    let set_values = compute_sets(update, item)?;
    check_set_operands(update, item)?;
    // Clause by clause from the last (taken as DELETE, ADD, REMOVE, SET), paths first.
    let deletes = update.delete.iter().map(|(p, _)| p);
    let adds = update.add.iter().map(|(p, _)| p);
    let sets = update.set.iter().map(|(p, _)| p);
    if deletes
        .chain(adds)
        .chain(&update.remove)
        .chain(sets)
        .any(|p| !writable(item, p))
    {
        return Err(Error::validation(PATH_ERROR));
    }
    let mut writes = Vec::new();
    for ((path, _), value) in update.set.iter().zip(set_values) {
        writes.push((path, Write::Put(value.map_err(Error::from)?)));
    }
    writes.extend(update.remove.iter().map(|p| (p, Write::Remove)));
    for (path, value) in &update.add {
        writes.push((path, Write::Put(add(resolve(item, path), value)?)));
    }
    for (path, value) in &update.delete {
        if let Some(write) = delete(resolve(item, path), value) {
            writes.push((path, write));
        }
    }
    Ok(write_all(item, writes))
}

/// The SET values; a wrong type fails at once, a missing attribute only once the paths are
/// known to be writable.
fn compute_sets(update: &Update, item: &Item) -> Result<Vec<Result<AttributeValue, Fault>>> {
    let mut out = Vec::with_capacity(update.set.len());
    for (_, value) in &update.set {
        match set_value(value, item) {
            Err(Fault::Type) => return Err(Fault::Type.into()),
            other => out.push(other),
        }
    }
    Ok(out)
}

/// ADD and DELETE need an operand of the type already stored; ADD's sum must be in range.
fn check_set_operands(update: &Update, item: &Item) -> Result<()> {
    for (path, value) in &update.add {
        if writable(item, path) {
            add(resolve(item, path), value)?;
        }
    }
    for (path, value) in &update.delete {
        match resolve(item, path).filter(|_| writable(item, path)) {
            Some(cur) if std::mem::discriminant(cur) != std::mem::discriminant(value) => {
                return Err(Fault::Type.into());
            }
            _ => {}
        }
    }
    Ok(())
}

fn set_value(value: &SetValue, item: &Item) -> Result<AttributeValue, Fault> {
    let (a, b, plus) = match value {
        SetValue::Operand(op) => return operand(op, item),
        SetValue::Plus(a, b) => (a, b, true),
        SetValue::Minus(a, b) => (a, b, false),
    };
    let AttributeValue::N(a) = operand(a, item)? else {
        return Err(Fault::Type);
    };
    let AttributeValue::N(b) = operand(b, item)? else {
        return Err(Fault::Type);
    };
    let sum = if plus {
        a.checked_add(&b)
    } else {
        a.checked_sub(&b)
    };
    sum.map(AttributeValue::N).map_err(Fault::Number)
}

fn operand(op: &SetOperand, item: &Item) -> Result<AttributeValue, Fault> {
    match op {
        SetOperand::Value(v) => Ok(v.clone()),
        SetOperand::Path(p) => resolve(item, p).cloned().ok_or(Fault::Missing),
        SetOperand::IfNotExists(p, fallback) => match resolve(item, p) {
            Some(v) => Ok(v.clone()),
            None => operand(fallback, item),
        },
        SetOperand::ListAppend(a, b) => {
            let AttributeValue::L(mut a) = operand(a, item)? else {
                return Err(Fault::Type);
            };
            let AttributeValue::L(b) = operand(b, item)? else {
                return Err(Fault::Type);
            };
            a.extend(b);
            Ok(AttributeValue::L(a))
        }
    }
}

/// ADD: a number added to the number stored, or a set united with the set stored.
fn add(cur: Option<&AttributeValue>, value: &AttributeValue) -> Result<AttributeValue> {
    use AttributeValue::*;
    Ok(match (cur, value) {
        (None, v) => v.clone(),
        (Some(N(c)), N(v)) => N(c.checked_add(v)?),
        (Some(Ss(c)), Ss(v)) => Ss(c.union(v).cloned().collect()),
        (Some(Ns(c)), Ns(v)) => Ns(c.union(v).cloned().collect()),
        (Some(Bs(c)), Bs(v)) => Bs(c.union(v).cloned().collect()),
        _ => return Err(Fault::Type.into()),
    })
}

/// DELETE: the stored set without the given elements; an emptied set is removed.
fn delete(cur: Option<&AttributeValue>, value: &AttributeValue) -> Option<Write> {
    use AttributeValue::*;
    let rest = match (cur?, value) {
        (Ss(c), Ss(v)) => Ss(c.difference(v).cloned().collect()),
        (Ns(c), Ns(v)) => Ns(c.difference(v).cloned().collect()),
        (Bs(c), Bs(v)) => Bs(c.difference(v).cloned().collect()),
        _ => return None,
    };
    let empty = match &rest {
        Ss(s) => s.is_empty(),
        Ns(s) => s.is_empty(),
        Bs(s) => s.is_empty(),
        _ => false,
    };
    Some(if empty {
        Write::Remove
    } else {
        Write::Put(rest)
    })
}

fn last(path: &Path) -> &PathElem {
    &path.elems()[path.elems().len() - 1]
}

/// The value holding the path's last step, when the path is nested and it exists.
fn parent<'a>(item: &'a Item, path: &Path) -> Option<&'a AttributeValue> {
    let elems = path.elems();
    if elems.len() < 2 {
        return None;
    }
    let mut cur = item.get(path.head())?;
    for elem in &elems[1..elems.len() - 1] {
        cur = step(cur, elem)?;
    }
    Some(cur)
}

fn fits(parent: &AttributeValue, elem: &PathElem) -> bool {
    matches!(
        (parent, elem),
        (AttributeValue::M(_), PathElem::Attr(_)) | (AttributeValue::L(_), PathElem::Index(_))
    )
}

/// A path can be written when it is top level or its parent exists and is of the right kind.
fn writable(item: &Item, path: &Path) -> bool {
    path.is_top_level() || parent(item, path).is_some_and(|p| fits(p, last(path)))
}

/// Lands the writes on a copy of the item. Writes into maps land first, while list positions
/// are still those of the original item; then each list's writes land together, deepest lists
/// first: removals by original position, replacements in place, and writes past the end
/// appended in index order.
fn write_all(item: &Item, writes: Vec<(&Path, Write)>) -> Item {
    let mut out = item.clone();
    let mut lists: BTreeMap<Vec<PathElem>, Vec<(usize, Write)>> = BTreeMap::new();
    for (path, write) in writes {
        let elems = path.elems();
        let (parent_elems, last) = elems.split_at(elems.len() - 1);
        match (&last[0], parent_elems.is_empty()) {
            (PathElem::Attr(name), true) => put_in_map(&mut out, name, write),
            (PathElem::Attr(name), false) => {
                if let Some(AttributeValue::M(map)) = resolve_mut(&mut out, parent_elems) {
                    put_in_map(map, name, write);
                }
            }
            (PathElem::Index(i), _) => lists
                .entry(parent_elems.to_vec())
                .or_default()
                .push((*i, write)),
        }
    }
    let mut groups: Vec<_> = lists.into_iter().collect();
    groups.sort_by_key(|(parent, _)| std::cmp::Reverse(parent.len()));
    for (parent, ops) in groups {
        if let Some(AttributeValue::L(list)) = resolve_mut(&mut out, &parent) {
            write_list(list, ops);
        }
    }
    out
}

fn put_in_map(map: &mut Item, name: &str, write: Write) {
    match write {
        Write::Put(v) => {
            map.insert(name.to_string(), v);
        }
        Write::Remove => {
            map.remove(name);
        }
    }
}

fn write_list(list: &mut Vec<AttributeValue>, ops: Vec<(usize, Write)>) {
    let len = list.len();
    let mut removed = vec![false; len];
    let mut appended = Vec::new();
    for (i, write) in ops {
        match write {
            Write::Remove if i < len => removed[i] = true,
            Write::Remove => {}
            Write::Put(v) if i < len => list[i] = v,
            Write::Put(v) => appended.push((i, v)),
        }
    }
    appended.sort_by_key(|(i, _)| *i);
    let mut i = 0;
    list.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
    list.extend(appended.into_iter().map(|(_, v)| v));
}

fn resolve_mut<'a>(item: &'a mut Item, elems: &[PathElem]) -> Option<&'a mut AttributeValue> {
    let (PathElem::Attr(head), rest) = elems.split_first()? else {
        return None;
    };
    let mut cur = item.get_mut(head)?;
    for elem in rest {
        cur = match (cur, elem) {
            (AttributeValue::M(m), PathElem::Attr(k)) => m.get_mut(k)?,
            (AttributeValue::L(l), PathElem::Index(i)) => l.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}
