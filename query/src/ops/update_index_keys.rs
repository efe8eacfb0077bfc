//! UpdateItem's checks of the secondary index keys an update touches, worded as DynamoDB words
//! them. Before the item is read: a SET of a value or of arithmetic, an ADD or a DELETE whose
//! type differs from an index key's ("Type mismatch for Index Key"), then any document path
//! into an index key ("Key attributes must be scalars"). After the update is applied: a SET of
//! an index key from the item (a path or `if_not_exists`) that yields another type.

use crate::catalog::{IndexMeta, KeyAttr, TableMeta};
use crate::expr::{Path, SetOperand, SetValue, Update};
use crate::value::{AttributeValue, Item};
use crate::{Error, Result};

/// The checks that need only the table's schema, in DynamoDB's order.
pub fn check_index_keys_statically(meta: &TableMeta, update: &Update) -> Result<()> {
    let sets = update.set.iter().map(|(p, v)| (p, set_type(v)));
    let adds = update.add.iter().map(|(p, v)| (p, Some(v.type_name())));
    let deletes = update.delete.iter().map(|(p, v)| (p, Some(v.type_name())));
    for (path, ty) in sets.chain(adds).chain(deletes) {
        let (Some(ty), true) = (ty, path.is_top_level()) else {
            continue;
        };
        match index_key(meta, path.head()) {
            Some((index, attr)) if attr.ty.as_str() != ty => {
                return Err(Error::validation(format!(
                    "One or more parameter values were invalid: Type mismatch for Index Key {} \
                     Expected: {} Actual: {ty} IndexName: {}",
                    attr.name,
                    attr.ty.as_str(),
                    index.name
                )))
            }
            _ => {}
        }
    }
    match paths(update).find(|p| !p.is_top_level() && index_key(meta, p.head()).is_some()) {
        Some(path) => Err(Error::validation(format!(
            "Key attributes must be scalars; list random access '[]' and map lookup '.' are not \
             allowed: IndexKey: {}",
            path.head()
        ))),
        None => Ok(()),
    }
}

/// A SET of an index key whose type only the item tells (a path or `if_not_exists`), checked on
/// the updated item `new`.
pub fn check_index_keys_set_from_item(meta: &TableMeta, update: &Update, new: &Item) -> Result<()> {
    for (path, value) in &update.set {
        if !path.is_top_level() || set_type(value).is_some() {
            continue;
        }
        let name = path.head();
        let mismatch = index_key(meta, name)
            .zip(new.get(name))
            .is_some_and(|((_, attr), value)| !attr.ty.matches(value));
        if mismatch {
            return Err(Error::validation(
                "The update expression attempted to update the secondary index key to unsupported type",
            ));
        }
    }
    Ok(())
}

/// An UpdateExpression that SETs an index key attribute to an empty string or binary literal is
/// refused up front, before any condition is read, in DynamoDB's update wording (which names no
/// index). Other bad index key values are found by the checks above or, for a
/// transaction, on the updated item by `index_write::check_index_keys`.
pub fn check_empty_index_keys(meta: &TableMeta, update: &Update) -> Result<()> {
    for (path, value) in &update.set {
        let SetValue::Operand(SetOperand::Value(v)) = value else {
            continue;
        };
        let kind = match v {
            AttributeValue::S(s) if s.is_empty() => "string",
            AttributeValue::B(b) if b.is_empty() => "binary",
            _ => continue,
        };
        if path.is_top_level() && index_key(meta, path.head()).is_some() {
            return Err(Error::validation(format!(
                "One or more parameter values are not valid. The update expression attempted to \
                 update a secondary index key to a value that is not supported. The AttributeValue \
                 for a key attribute cannot contain an empty {kind} value."
            )));
        }
    }
    Ok(())
}

/// The type a SET writes when the request alone tells it.
fn set_type(value: &SetValue) -> Option<&'static str> {
    match value {
        SetValue::Plus(..) | SetValue::Minus(..) => Some("N"),
        SetValue::Operand(SetOperand::ListAppend(..)) => Some("L"),
        SetValue::Operand(SetOperand::Value(v)) => Some(v.type_name()),
        SetValue::Operand(SetOperand::Path(_) | SetOperand::IfNotExists(..)) => None,
    }
}

/// The first index keyed on attribute `name`, and that key.
fn index_key<'m>(meta: &'m TableMeta, name: &str) -> Option<(&'m IndexMeta, &'m KeyAttr)> {
    meta.indexes.iter().find_map(|index| {
        let attr = index.key_attrs().find(|attr| attr.name == name)?;
        Some((index, attr))
    })
}

/// Every path the update writes or reads.
fn paths(update: &Update) -> impl Iterator<Item = &Path> {
    let read = update.set.iter().flat_map(|(_, value)| {
        let (a, b) = match value {
            SetValue::Operand(a) => (a, None),
            SetValue::Plus(a, b) | SetValue::Minus(a, b) => (a, Some(b)),
        };
        let mut found = Vec::new();
        operand_paths(a, &mut found);
        if let Some(b) = b {
            operand_paths(b, &mut found);
        }
        found
    });
    update.target_paths().chain(read)
}

fn operand_paths<'u>(operand: &'u SetOperand, out: &mut Vec<&'u Path>) {
    match operand {
        SetOperand::Path(p) => out.push(p),
        SetOperand::Value(_) => {}
        SetOperand::IfNotExists(p, fallback) => {
            out.push(p);
            operand_paths(fallback, out);
        }
        SetOperand::ListAppend(a, b) => {
            operand_paths(a, out);
            operand_paths(b, out);
        }
    }
}
