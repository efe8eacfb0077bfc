//! A table's definition as the catalog stores it (JSON in the `catalog` keyspace, keyed by name).

use serde::{Deserialize, Serialize};

use crate::api::Tag;

/// Type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScalarType {
    S,
    N,
    B,
}

impl ScalarType {
    /// Parses an `AttributeType` already checked against the enum [B, N, S].
    pub fn parse(s: &str) -> Option<ScalarType> {
        match s {
            "S" => Some(ScalarType::S),
            "N" => Some(ScalarType::N),
            "B" => Some(ScalarType::B),
            _ => None,
        }
    }

    /// The wire name (`S`, `N`, `B`).
    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::S => "S",
            ScalarType::N => "N",
            ScalarType::B => "B",
        }
    }
}

/// One key attribute: its name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyAttr {
    pub name: String,
    pub ty: ScalarType,
}

/// Billing mode and provisioned throughput, with the timestamps DescribeTable reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Billing {
    pub pay_per_request: bool,
    /// Provisioned units; both 0 in PAY_PER_REQUEST mode.
    pub read_units: i64,
    pub write_units: i64,
    pub last_increase: Option<f64>,
    pub last_decrease: Option<f64>,
    pub decreases_today: i64,
    pub last_switch_to_pay_per_request: Option<f64>,
}

/// A table's definition. Immutable once built: UpdateTable stores a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableMeta {
    pub name: String,
    /// TableId (UUID text); also names the table's keyspace, so a re-created table with the same
    /// name never sees the data of a dropped one.
    pub id: String,
    pub hash_key: KeyAttr,
    pub range_key: Option<KeyAttr>,
    /// AttributeDefinitions in request order.
    pub attributes: Vec<KeyAttr>,
    pub billing: Billing,
    /// Creation time, epoch seconds.
    pub created: f64,
    pub deletion_protection: bool,
    pub table_class: Option<String>,
    pub tags: Vec<Tag>,
}

impl TableMeta {
    /// Name of the storage keyspace holding the table's items.
    pub fn keyspace_name(&self) -> String {
        keyspace_name(&self.id)
    }

    /// The key attributes: hash key, then the range key if any.
    pub fn key_attrs(&self) -> impl Iterator<Item = &KeyAttr> {
        std::iter::once(&self.hash_key).chain(self.range_key.as_ref())
    }
}

/// Prefix of the keyspaces holding table items (`t.<table id>`).
pub const TABLE_KEYSPACE_PREFIX: &str = "t.";

/// Name of the keyspace of the table with id `id`.
pub fn keyspace_name(id: &str) -> String {
    format!("{TABLE_KEYSPACE_PREFIX}{id}")
}
