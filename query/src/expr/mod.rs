//! DynamoDB's expression language: ConditionExpression, FilterExpression,
//! KeyConditionExpression, ProjectionExpression and UpdateExpression.
//!
//! Stages: `lexer` -> `parser` (parse tree, syntax errors) -> `check` (placeholders resolved,
//! DynamoDB's validation in DynamoDB's order) -> the resolved AST in `ast`, which the pure
//! functions `evaluate`, `apply_update` and `project` run on an item.
//!
//! # API for the operations layer
//! - Read all expressions of a request at once with [`ExpressionParams::parse`] (it also refuses
//!   unused ExpressionAttributeNames/Values), or one at a time with [`Placeholders`]
//!   (`new`, then `condition`/`update`/`projection`, then `finish`).
//! - Query: `key_condition(&cond, &schema)` gives the partition key value and the sort-key
//!   condition ([`KeyCondition`]); call it after `parse` succeeded, then `check_filter_keys`
//!   on the FilterExpression.
//! - GetItem takes no ExpressionAttributeValues (DynamoDB ignores them): pass `values: None`.
//! - Parameter combinations (legacy next to expressions, placeholder maps without
//!   expressions): `legacy::check_params`, before parsing.
//! - `evaluate(&cond, &item)`: ConditionExpression (use an empty item when there is none) and
//!   FilterExpression.
//! - `apply_update(&update, &item)`: the new item; `Update::target_paths` with `project` gives
//!   ReturnValues UPDATED_OLD/UPDATED_NEW (`project(&old, update.target_paths())`), and
//!   `Update::updated_attributes` the top-level attributes it touches.
//!   `Update::check_key_attributes` refuses updates of key attributes.
//! - `project(&item, &paths)`: ProjectionExpression (and AttributesToGet via `legacy`).
//! - The AST is public so the legacy parameters (Expected, AttributeUpdates, KeyConditions,
//!   QueryFilter, ScanFilter, AttributesToGet) translate into it: see `legacy`.
//!
//! # Known differences from DynamoDB
//! - Redundant parentheses: `((x))` is refused in conditions and filters (single parentheses
//!   are fine even where precedence makes them needless, as DynamoDB allows). Key conditions
//!   accept `((x))`, as captured from DynamoDB; other implementations report otherwise.
//! - When several paths of one update clash, the first clash in written order is reported;
//!   DynamoDB walks a tree of the paths and may name another pair.
//! - Update runtime errors are ordered clause by clause as DELETE, ADD, REMOVE, SET rather
//!   than by the clauses' written order.
//! - Numbers in BETWEEN messages are printed canonically, not as the request wrote them.
//! - Nesting deeper than 100 parentheses/NOTs is a syntax error (DynamoDB's limit is unknown).
//!
//! ```
//! use std::collections::BTreeMap;
//! use dynakv::expr::{evaluate, ExpressionParams};
//! use dynakv::{AttributeValue, Item};
//!
//! let values: Item = [(":min".to_string(), AttributeValue::N(10i64.into()))].into_iter().collect();
//! let parsed = ExpressionParams {
//!     condition: Some("attribute_exists(price) AND price >= :min"),
//!     values: Some(&values),
//!     ..Default::default()
//! }
//! .parse()
//! .unwrap();
//! let item: Item = [("price".to_string(), AttributeValue::N(12i64.into()))].into_iter().collect();
//! assert!(evaluate(parsed.condition.as_ref().unwrap(), &item));
//! ```

mod apply;
mod ast;
mod check;
mod eval;
mod keycond;
pub mod legacy;
mod lexer;
mod parse;
mod parser;
mod placeholders;
mod project;
mod request;
mod reserved;
mod syntax;
#[cfg(test)]
mod tests;
mod types;

pub use apply::{apply_update, TYPE_ERROR};
pub use ast::{
    Comparator, Condition, Operand, Path, PathElem, Projection, SetOperand, SetValue, Update,
};
pub use eval::{evaluate, resolve};
pub use keycond::{
    check_filter_keys, key_condition, KeyAttribute, KeyCondition, KeySchema, ScalarType,
    SortCondition,
};
pub use parse::{ExpressionKind, MAX_EXPRESSION_SIZE};
pub use placeholders::Placeholders;
pub use project::project;
pub use request::{ExpressionParams, Expressions};
