//! What a Query or Scan reads: the table itself, or one of its secondary indexes.

use dynakv_storage::Keyspace;

use crate::capacity::Cost;
use crate::catalog::{IndexMeta, IndexProjection, KeyAttr, LiveIndex, Table};
use crate::value::Item;
use crate::{Error, Result};

use super::index_write;
use super::read_common::start_key;

/// The table or index a read runs on.
pub struct Target<'t> {
    pub table: &'t Table,
    pub index: Option<(&'t IndexMeta, &'t LiveIndex)>,
}

impl<'t> Target<'t> {
    /// The table, or its index `name` (ValidationException if it has none by that name).
    pub fn resolve(table: &'t Table, name: Option<&str>) -> Result<Target<'t>> {
        let Some(name) = name else {
            return Ok(Target { table, index: None });
        };
        let position = table
            .meta
            .indexes
            .iter()
            .position(|i| i.name == name)
            .ok_or_else(|| {
                Error::validation(format!(
                    "The table does not have the specified index: {name}"
                ))
            })?;
        Ok(Target {
            table,
            index: Some((&table.meta.indexes[position], &table.indexes[position])),
        })
    }

    /// The keyspace holding what is read.
    pub fn keyspace(&self) -> &Keyspace {
        match self.index {
            Some((_, live)) => &live.keyspace,
            None => &self.table.keyspace,
        }
    }

    /// The key schema queried: the index's, or the table's.
    pub fn key_schema(&self) -> (&KeyAttr, Option<&KeyAttr>) {
        match self.index {
            Some((meta, _)) => (&meta.hash_key, meta.range_key.as_ref()),
            None => (
                &self.table.meta.hash_key,
                self.table.meta.range_key.as_ref(),
            ),
        }
    }

    /// The attributes of a LastEvaluatedKey: the table's key, plus the index key on an index.
    pub fn key_names(&self) -> Vec<&str> {
        let table = self.table.meta.key_attrs();
        let index = self.index.into_iter().flat_map(|(m, _)| m.key_attrs());
        let mut names: Vec<&str> = Vec::new();
        for attr in table.chain(index) {
            if !names.contains(&attr.name.as_str()) {
                names.push(&attr.name);
            }
        }
        names
    }

    /// The storage key an ExclusiveStartKey designates in the keyspace read.
    pub fn start(&self, esk: &Item) -> Result<Vec<u8>> {
        let table_key = start_key(&self.table.meta, &self.table_part(esk))?;
        let Some((meta, _)) = self.index else {
            return Ok(table_key);
        };
        let invalid = || {
            Error::validation(
                "The provided starting key is invalid: The provided key element does not match the schema",
            )
        };
        let entry = index_write::entry(&self.table.meta, meta, esk)?.ok_or_else(invalid)?;
        Ok(entry.0)
    }

    /// `esk` restricted to the table's key attributes (on an index it also holds index keys).
    fn table_part(&self, esk: &Item) -> Item {
        if self.index.is_none() {
            return esk.clone();
        }
        self.table
            .meta
            .key_attrs()
            .filter_map(|a| Some((a.name.clone(), esk.get(&a.name)?.clone())))
            .collect()
    }

    /// `units` read from this target, charged to the table or to the index.
    pub fn cost(&self, units: f64) -> Cost {
        let Some((meta, _)) = self.index else {
            return Cost::table(units);
        };
        let indexes = self
            .table
            .meta
            .indexes
            .iter()
            .map(|i| if i.name == meta.name { units } else { 0.0 })
            .collect();
        Cost {
            table: 0.0,
            indexes,
        }
    }

    /// ConsistentRead is refused on a global index.
    pub fn check_consistent(&self, consistent: bool) -> Result<()> {
        match self.index {
            Some((meta, _)) if meta.global && consistent => Err(Error::validation(
                "Consistent reads are not supported on global secondary indexes",
            )),
            _ => Ok(()),
        }
    }

    /// Whether items must be read from the table because the index does not hold what the
    /// request wants (ALL_ATTRIBUTES or a projection on a local index that does not project
    /// everything). A global index cannot do this.
    pub fn fetch_base(&self, select: Option<&str>, projected: bool) -> Result<bool> {
        let Some((meta, _)) = self.index else {
            return Ok(false);
        };
        let partial = meta.projection != IndexProjection::All;
        let wants_all = select == Some("ALL_ATTRIBUTES");
        if !partial || !(wants_all || projected) {
            return Ok(false);
        }
        if !meta.global {
            return Ok(true);
        }
        if wants_all {
            return Err(Error::validation(format!(
                "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not \
                 supported for global secondary index {} because its projection type is not ALL",
                meta.name
            )));
        }
        Ok(false)
    }
}
