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

    /// Whether `v` is a value of this type.
    pub fn matches(self, v: &crate::value::AttributeValue) -> bool {
        use crate::value::AttributeValue as V;
        matches!(
            (v, self),
            (V::S(_), ScalarType::S) | (V::N(_), ScalarType::N) | (V::B(_), ScalarType::B)
        )
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

/// Which attributes an index entry carries besides the table and index keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IndexProjection {
    All,
    KeysOnly,
    /// KEYS_ONLY plus these attributes.
    Include(Vec<String>),
}

impl IndexProjection {
    /// The wire name (`ALL`, `KEYS_ONLY`, `INCLUDE`).
    pub fn type_name(&self) -> &'static str {
        match self {
            IndexProjection::All => "ALL",
            IndexProjection::KeysOnly => "KEYS_ONLY",
            IndexProjection::Include(_) => "INCLUDE",
        }
    }
}

/// A secondary index's definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    pub name: String,
    /// Global (own partition key) or local (the table's partition key, another sort key).
    pub global: bool,
    pub hash_key: KeyAttr,
    pub range_key: Option<KeyAttr>,
    pub projection: IndexProjection,
    /// Provisioned read and write units of a GSI on a PROVISIONED table.
    pub throughput: Option<(i64, i64)>,
}

impl IndexMeta {
    /// The index key attributes: hash key, then the range key if any.
    pub fn key_attrs(&self) -> impl Iterator<Item = &KeyAttr> {
        std::iter::once(&self.hash_key).chain(self.range_key.as_ref())
    }
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
    /// Secondary indexes, sorted by name (DynamoDB checks index keys in that order).
    #[serde(default)]
    pub indexes: Vec<IndexMeta>,
    /// The Time to Live attribute while TTL is enabled (`None`: disabled, as in catalogs written
    /// before TTL existed).
    #[serde(default)]
    pub time_to_live: Option<String>,
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

    /// Names of the keyspaces of the table and its indexes.
    pub fn keyspace_names(&self) -> Vec<String> {
        let indexes = self
            .indexes
            .iter()
            .map(|i| index_keyspace_name(&self.id, &i.name));
        std::iter::once(self.keyspace_name())
            .chain(indexes)
            .collect()
    }
}

/// Prefix of the keyspaces holding table items (`t.<table id>`).
pub const TABLE_KEYSPACE_PREFIX: &str = "t.";
/// Prefix of the keyspaces holding index entries (`i.<table id>.<index name>`).
pub const INDEX_KEYSPACE_PREFIX: &str = "i.";

/// Name of the keyspace of the table with id `id`.
pub fn keyspace_name(id: &str) -> String {
    format!("{TABLE_KEYSPACE_PREFIX}{id}")
}

/// Name of the keyspace of index `index` of the table with id `id`.
pub fn index_keyspace_name(id: &str, index: &str) -> String {
    format!("{INDEX_KEYSPACE_PREFIX}{id}.{index}")
}
