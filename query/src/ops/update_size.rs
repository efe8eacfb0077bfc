//! UpdateItem's 400 KB gate. Unlike every other write surface (PutItem, BatchWriteItem, a
//! transaction's Put or Update), which refuse a finished item over [`MAX_ITEM_SIZE`], a standalone
//! UpdateItem measures two figures and refuses when either is over the limit:
//!
//! - the finished item's size, as everywhere else;
//! - what the statement writes (every top-level attribute a SET, ADD or DELETE, or a REMOVE
//!   inside a document, lands in, sized as it is in the finished item) plus a fixed cost per
//!   action: 3 bytes for the update, 19 per SET or ADD (20 when the SET targets a list
//!   element), 2 per REMOVE or DELETE.
//!
//! So the key and the attributes the update leaves alone are outside the second figure, and a
//! short key puts the ceiling a little under 400 KB: at a 1-byte key value named `pk`, a single
//! `SET b = :v` is refused once the finished item passes 409,581 bytes (3 key bytes against a
//! 22-byte action cost). The dynamodb-conformance suite measured these figures against DynamoDB
//! to the byte (tests/tier3/limits/itemSizeBySurface); the guide documents none of them.

use crate::expr::{Path, PathElem, Update};
use crate::size::{attribute_size, item_size, MAX_ITEM_SIZE, UPDATED_ITEM_TOO_LARGE};
use crate::value::Item;
use crate::{Error, Result};

const UPDATE_COST: usize = 3;
const SET_COST: usize = 19;
const SET_LIST_ELEMENT_COST: usize = 20;
const ADD_COST: usize = 19;
const REMOVE_COST: usize = 2;
const DELETE_COST: usize = 2;

/// Fails with DynamoDB's UpdateItem error when `new`, the item `update` produced, is over the
/// gate described above.
pub fn check_updated_item_size(update: &Update, new: &Item) -> Result<()> {
    if item_size(new).max(written_size(update, new) + action_cost(update)) > MAX_ITEM_SIZE {
        return Err(Error::validation(UPDATED_ITEM_TOO_LARGE));
    }
    Ok(())
}

/// The size, in the finished item, of every top-level attribute the update writes into. A
/// top-level REMOVE writes nothing; a REMOVE inside a document rewrites the attribute holding it.
fn written_size(update: &Update, new: &Item) -> usize {
    let set = update.set.iter().map(|(p, _)| p);
    let add = update.add.iter().map(|(p, _)| p);
    let delete = update.delete.iter().map(|(p, _)| p);
    let nested_remove = update.remove.iter().filter(|p| !p.is_top_level());
    let heads: std::collections::BTreeSet<&str> = set
        .chain(add)
        .chain(delete)
        .chain(nested_remove)
        .map(Path::head)
        .collect();
    heads
        .into_iter()
        .filter_map(|name| new.get(name).map(|value| attribute_size(name, value)))
        .sum()
}

fn action_cost(update: &Update) -> usize {
    let set: usize = update
        .set
        .iter()
        .map(|(path, _)| match path.elems().last() {
            Some(PathElem::Index(_)) => SET_LIST_ELEMENT_COST,
            _ => SET_COST,
        })
        .sum();
    UPDATE_COST
        + set
        + ADD_COST * update.add.len()
        + REMOVE_COST * update.remove.len()
        + DELETE_COST * update.delete.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::SetValue;
    use crate::value::AttributeValue;

    fn s(text: &str) -> AttributeValue {
        AttributeValue::S(text.into())
    }

    /// An item of `total` bytes: key `pk` = "K" (3 bytes), `extra`, and `b` padded to fit.
    fn item(total: usize, extra: &[(&str, AttributeValue)]) -> Item {
        let mut item = Item::from([("pk".to_owned(), s("K"))]);
        for (name, value) in extra {
            item.insert((*name).to_owned(), value.clone());
        }
        let pad = total - item_size(&item) - 1;
        item.insert("b".into(), AttributeValue::S("x".repeat(pad)));
        assert_eq!(item_size(&item), total);
        item
    }

    fn set(path: Vec<PathElem>) -> (Path, SetValue) {
        let value = SetValue::Operand(crate::expr::SetOperand::Value(s("v")));
        (Path::new(path).unwrap(), value)
    }

    fn attr(name: &str) -> PathElem {
        PathElem::Attr(name.into())
    }

    /// The largest finished item `update` may produce, `extra` riding along.
    fn ceiling(update: &Update, extra: &[(&str, AttributeValue)]) -> usize {
        let mut total = MAX_ITEM_SIZE - 200;
        while check_updated_item_size(update, &item(total + 1, extra)).is_ok() {
            total += 1;
        }
        total
    }

    #[test]
    fn one_set_at_a_one_byte_key_stops_19_bytes_short() {
        let update = Update {
            set: vec![set(vec![attr("b")])],
            ..Update::default()
        };
        assert_eq!(ceiling(&update, &[]), MAX_ITEM_SIZE - 19);
        assert_eq!(
            check_updated_item_size(&update, &item(MAX_ITEM_SIZE - 18, &[])),
            Err(Error::validation(UPDATED_ITEM_TOO_LARGE))
        );
    }

    #[test]
    fn each_action_has_its_cost() {
        let one_set = Update {
            set: vec![set(vec![attr("b")])],
            ..Update::default()
        };
        let base = ceiling(&one_set, &[]);
        let two_sets = Update {
            set: vec![set(vec![attr("b")]), set(vec![attr("c")])],
            ..Update::default()
        };
        assert_eq!(base - ceiling(&two_sets, &[("c", s("y"))]), 19);
        let with_remove = Update {
            remove: vec![Path::attr("r")],
            ..one_set.clone()
        };
        assert_eq!(base - ceiling(&with_remove, &[]), 2);
        let list_element = Update {
            set: vec![set(vec![attr("b"), PathElem::Index(0)])],
            ..Update::default()
        };
        assert_eq!(base - ceiling(&list_element, &[]), 1);
    }

    #[test]
    fn untouched_attributes_buy_back_their_bytes() {
        let update = Update {
            set: vec![set(vec![attr("b")])],
            ..Update::default()
        };
        let untouched = [("u", s(&"y".repeat(10)))];
        assert_eq!(ceiling(&update, &untouched) - ceiling(&update, &[]), 11);
    }

    #[test]
    fn the_finished_item_never_passes_400_kb() {
        // Nothing written: only the finished item's own size counts.
        let update = Update::default();
        assert!(check_updated_item_size(&update, &item(MAX_ITEM_SIZE, &[])).is_ok());
        assert!(check_updated_item_size(&update, &item(MAX_ITEM_SIZE + 1, &[])).is_err());
    }
}
