//! Reading one expression: the checks DynamoDB makes on its text (not empty, at most 4 KB),
//! parsing, then the checks on its parse tree. Every error is a ValidationException whose
//! message starts `Invalid <ExpressionName>: `.

use super::ast::{Condition, Projection, Update};
use super::check::{self, Check};
use super::parser::Parser;
use super::placeholders::Placeholders;
use crate::error::{Error, Result};

/// Largest expression DynamoDB accepts, in UTF-8 bytes.
pub const MAX_EXPRESSION_SIZE: usize = 4096;

/// Which expression parameter a text comes from; its name starts DynamoDB's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpressionKind {
    KeyCondition,
    Filter,
    Condition,
    Update,
    Projection,
}

impl ExpressionKind {
    /// The request parameter's name, e.g. `ConditionExpression`.
    pub fn parameter(self) -> &'static str {
        match self {
            ExpressionKind::KeyCondition => "KeyConditionExpression",
            ExpressionKind::Filter => "FilterExpression",
            ExpressionKind::Condition => "ConditionExpression",
            ExpressionKind::Update => "UpdateExpression",
            ExpressionKind::Projection => "ProjectionExpression",
        }
    }

    fn invalid(self, message: String) -> Error {
        Error::validation(format!("Invalid {}: {message}", self.parameter()))
    }
}

impl Placeholders<'_> {
    /// Reads a ConditionExpression, FilterExpression or KeyConditionExpression.
    /// (KeyConditionExpression's own rules come after: see `key_condition`.)
    pub fn condition(&mut self, kind: ExpressionKind, text: &str) -> Result<Condition> {
        self.read(kind, text, |ph| {
            let parser = Parser::new(text);
            let parser = match kind {
                ExpressionKind::KeyCondition => parser.allow_double_parens(),
                _ => parser,
            };
            let tree = parser.condition()?;
            check::condition(text, &tree, ph)
        })
    }

    /// Reads an UpdateExpression.
    pub fn update(&mut self, text: &str) -> Result<Update> {
        self.read(ExpressionKind::Update, text, |ph| {
            let clauses = Parser::new(text).update()?;
            check::update(text, &clauses, ph)
        })
    }

    /// Reads a ProjectionExpression.
    pub fn projection(&mut self, text: &str) -> Result<Projection> {
        self.read(ExpressionKind::Projection, text, |ph| {
            let paths = Parser::new(text).projection()?;
            check::projection(text, &paths, ph)
        })
    }

    fn read<T>(
        &mut self,
        kind: ExpressionKind,
        text: &str,
        f: impl FnOnce(&mut Self) -> Check<T>,
    ) -> Result<T> {
        if text.is_empty() {
            return Err(kind.invalid("The expression can not be empty;".to_string()));
        }
        if text.len() > MAX_EXPRESSION_SIZE {
            return Err(kind.invalid(format!(
                "Expression size has exceeded the maximum allowed size; expression size: {}",
                text.len()
            )));
        }
        f(self).map_err(|message| kind.invalid(message))
    }
}
