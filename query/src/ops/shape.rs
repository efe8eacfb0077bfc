//! DynamoDB's request-shape validation: every constraint violation of a request is collected, in
//! the order DynamoDB checks the members, and reported as one ValidationException:
//! `1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: ...`.

use crate::{Error, Result};

/// Collects constraint violations of one request.
#[derive(Default)]
pub struct Shape {
    errors: Vec<String>,
}

/// The regular expression DynamoDB gives for table and index names.
pub const NAME_PATTERN: &str = "[a-zA-Z0-9_.-]+";

impl Shape {
    pub fn new() -> Self {
        Shape::default()
    }

    /// Records a violation; `value` is already rendered (`'x'`, `null`, or empty for "Value at").
    pub fn push(&mut self, value: &str, member: &str, constraint: &str) {
        let value = if value.is_empty() {
            String::new()
        } else {
            format!(" {value}")
        };
        self.errors.push(format!(
            "Value{value} at '{member}' failed to satisfy constraint: {constraint}"
        ));
    }

    /// A required member that is absent.
    pub fn not_null<T>(&mut self, field: &Option<T>, member: &str) {
        if field.is_none() {
            self.push("null", member, "Member must not be null");
        }
    }

    /// A string member restricted to an enumeration.
    pub fn one_of(&mut self, field: Option<&str>, member: &str, allowed: &[&str]) {
        if let Some(v) = field {
            if !allowed.contains(&v) {
                let set = allowed.join(", ");
                self.push(
                    &quote(v),
                    member,
                    &format!("Member must satisfy enum value set: [{set}]"),
                );
            }
        }
    }

    /// A table or index name: pattern, then length bounds.
    pub fn name(&mut self, field: Option<&str>, member: &str, min: usize, required: bool) {
        let Some(name) = field else {
            if required {
                self.push("null", member, "Member must not be null");
            }
            return;
        };
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b))
            || name.is_empty()
        {
            let c = format!("Member must satisfy regular expression pattern: {NAME_PATTERN}");
            self.push(&quote(name), member, &c);
        }
        self.length(name.chars().count(), &quote(name), member, min, 255);
    }

    /// Length bounds of a string or list member.
    pub fn length(&mut self, len: usize, value: &str, member: &str, min: usize, max: usize) {
        if len < min {
            let c = format!("Member must have length greater than or equal to {min}");
            self.push(value, member, &c);
        }
        if len > max {
            let c = format!("Member must have length less than or equal to {max}");
            self.push(value, member, &c);
        }
    }

    /// A numeric member with a lower bound.
    pub fn at_least(&mut self, field: Option<i64>, member: &str, min: i64) {
        if let Some(v) = field {
            if v < min {
                let c = format!("Member must have value greater than or equal to {min}");
                self.push(&quote(&v.to_string()), member, &c);
            }
        }
    }

    /// A numeric member with an upper bound.
    pub fn at_most(&mut self, field: Option<i64>, member: &str, max: i64) {
        if let Some(v) = field {
            if v > max {
                let c = format!("Member must have value less than or equal to {max}");
                self.push(&quote(&v.to_string()), member, &c);
            }
        }
    }

    /// Whether no violation was recorded.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// The ValidationException for the first violation only (operations that stop early).
    pub fn finish_first(mut self) -> Result<()> {
        self.errors.truncate(1);
        self.finish()
    }

    /// The ValidationException for everything collected, if anything was.
    pub fn finish(self) -> Result<()> {
        match self.errors.len() {
            0 => Ok(()),
            1 => Err(Error::Validation(format!(
                "1 validation error detected: {}",
                self.errors[0]
            ))),
            n => Err(Error::Validation(format!(
                "{n} validation errors detected: {}",
                self.errors.join("; ")
            ))),
        }
    }
}

/// A value as DynamoDB echoes it in a constraint message.
pub fn quote(v: &str) -> String {
    format!("'{v}'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_error_is_singular() {
        let mut s = Shape::new();
        s.name(Some("ab"), "tableName", 3, true);
        let e = s.finish().unwrap_err();
        assert_eq!(
            e.message(),
            "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: \
             Member must have length greater than or equal to 3"
        );
    }

    #[test]
    fn errors_are_joined_in_order() {
        let mut s = Shape::new();
        s.name(Some("a!"), "tableName", 3, true);
        let msg = s.finish().unwrap_err().message().to_string();
        assert!(msg.starts_with("2 validation errors detected: Value 'a!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern"));
        assert!(msg.ends_with("; Value 'a!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3"));
    }

    #[test]
    fn valid_input_passes() {
        let mut s = Shape::new();
        s.name(Some("Good_name-1.x"), "tableName", 3, true);
        s.one_of(Some("HASH"), "keyType", &["HASH", "RANGE"]);
        assert!(s.finish().is_ok());
    }
}
