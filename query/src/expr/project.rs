//! Projecting an item by a ProjectionExpression: only the requested paths are kept, nested
//! maps keep their requested keys, and lists keep their requested elements in index order.

use std::collections::BTreeMap;

use super::ast::{Path, PathElem};
use crate::value::{AttributeValue, Item};

/// The requested paths merged into a tree.
enum Node {
    /// Keep the whole value here.
    Whole,
    Branch(BTreeMap<PathElem, Node>),
}

/// `item` reduced to `paths`.
pub fn project<'p>(item: &Item, paths: impl IntoIterator<Item = &'p Path>) -> Item {
    let mut root = BTreeMap::new();
    for path in paths {
        insert(&mut root, path.elems());
    }
    let mut out = Item::new();
    for (elem, node) in &root {
        let PathElem::Attr(name) = elem else { continue };
        if let Some(kept) = item.get(name).and_then(|v| copy(v, node)) {
            out.insert(name.clone(), kept);
        }
    }
    out
}

fn insert(tree: &mut BTreeMap<PathElem, Node>, elems: &[PathElem]) {
    let Some((first, rest)) = elems.split_first() else {
        return;
    };
    if rest.is_empty() {
        tree.insert(first.clone(), Node::Whole);
        return;
    }
    let node = tree
        .entry(first.clone())
        .or_insert_with(|| Node::Branch(BTreeMap::new()));
    // A shorter path already keeps the whole value.
    if let Node::Branch(children) = node {
        insert(children, rest);
    }
}

fn copy(value: &AttributeValue, node: &Node) -> Option<AttributeValue> {
    let Node::Branch(children) = node else {
        return Some(value.clone());
    };
    match value {
        AttributeValue::M(map) => {
            let kept: Item = children
                .iter()
                .filter_map(|(elem, child)| match elem {
                    PathElem::Attr(k) => Some((k.clone(), copy(map.get(k)?, child)?)),
                    PathElem::Index(_) => None,
                })
                .collect();
            (!kept.is_empty()).then_some(AttributeValue::M(kept))
        }
        AttributeValue::L(list) => {
            let kept: Vec<_> = children
                .iter()
                .filter_map(|(elem, child)| match elem {
                    PathElem::Index(i) => copy(list.get(*i)?, child),
                    PathElem::Attr(_) => None,
                })
                .collect();
            (!kept.is_empty()).then_some(AttributeValue::L(kept))
        }
        _ => None,
    }
}
