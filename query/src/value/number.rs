//! Exact decimal numbers with DynamoDB's precision and range.

/// A DynamoDB number: up to 38 significant digits, magnitude 1E-130 ..= 9.99..9E+125, or zero.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Number {
    // implementation-defined
}
