//! Consumed capacity by DynamoDB's rounding rules:
//! - a read costs one unit per started 4 KB (strongly consistent), half that when eventually
//!   consistent; a missing item still costs the minimum (1 or 0.5);
//! - a write costs one unit per started 1 KB, at least 1; Put/Update charge the larger of the
//!   old and new item; a failed condition still consumes the write.
//!
//! Worked example: a 9 KB item read eventually consistent = ceil(9/4) = 3 units x 0.5 = 1.5.

use crate::api::{Capacity, ConsumedCapacity};
use crate::catalog::TableMeta;
use crate::value::json::escape;

const READ_UNIT_BYTES: u64 = 4096;
const WRITE_UNIT_BYTES: u64 = 1024;

/// Units of a read of `bytes` (the sum over items for Query and Scan, rounded once).
pub fn read_units(bytes: u64, consistent: bool) -> f64 {
    let units = bytes.div_ceil(READ_UNIT_BYTES).max(1) as f64;
    if consistent {
        units
    } else {
        units / 2.0
    }
}

/// Units of a write touching an item of `bytes` (the larger of old and new item).
pub fn write_units(bytes: u64) -> f64 {
    bytes.div_ceil(WRITE_UNIT_BYTES).max(1) as f64
}

/// Units consumed on a table and on each of its secondary indexes (aligned with
/// `TableMeta::indexes`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cost {
    pub table: f64,
    pub indexes: Vec<f64>,
}

impl Cost {
    /// Units on the table only.
    pub fn table(units: f64) -> Cost {
        Cost {
            table: units,
            indexes: Vec::new(),
        }
    }

    /// Adds another cost on the same table.
    pub fn add(&mut self, other: &Cost) {
        self.table += other.table;
        if self.indexes.len() < other.indexes.len() {
            self.indexes.resize(other.indexes.len(), 0.0);
        }
        for (mine, theirs) in self.indexes.iter_mut().zip(&other.indexes) {
            *mine += theirs;
        }
    }

    /// Table and index units together.
    pub fn total(&self) -> f64 {
        self.table + self.indexes.iter().sum::<f64>()
    }
}

/// What the request asked for in `ReturnConsumedCapacity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    None,
    Total,
    Indexes,
}

impl Report {
    /// Parses a value already checked against [INDEXES, TOTAL, NONE]; absent means NONE.
    pub fn parse(s: Option<&str>) -> Report {
        match s {
            Some("TOTAL") => Report::Total,
            Some("INDEXES") => Report::Indexes,
            _ => Report::None,
        }
    }

    /// The `ConsumedCapacity` of `cost` on table `meta` named `table`, with the per-index
    /// breakdown under INDEXES (only the indexes that consumed units). The name comes apart from
    /// `meta` so that a request can move its own `TableName` in instead of copying it.
    pub(crate) fn consumed_cost(
        self,
        table: impl Into<String>,
        meta: &TableMeta,
        cost: &Cost,
    ) -> Option<ConsumedCapacity> {
        let mut consumed = self.consumed(table, cost.total())?;
        if self == Report::Indexes {
            let part = |units: f64| Capacity {
                capacity_units: units,
                ..Capacity::default()
            };
            consumed.table = Some(part(cost.table));
            for (index, units) in meta.indexes.iter().zip(&cost.indexes) {
                if *units == 0.0 {
                    continue;
                }
                let map = match index.global {
                    true => &mut consumed.global_secondary_indexes,
                    false => &mut consumed.local_secondary_indexes,
                };
                map.get_or_insert_with(Default::default)
                    .insert(index.name.clone(), part(*units));
            }
        }
        Some(consumed)
    }

    /// The `ConsumedCapacity` of `units` consumed on table `table`, if the request asked for it
    /// (a name given as a `String` is moved in, not copied).
    pub fn consumed(self, table: impl Into<String>, units: f64) -> Option<ConsumedCapacity> {
        let table_part = Capacity {
            capacity_units: units,
            ..Capacity::default()
        };
        match self {
            Report::None => None,
            Report::Total => Some(ConsumedCapacity {
                table_name: table.into(),
                capacity_units: units,
                ..ConsumedCapacity::default()
            }),
            Report::Indexes => Some(ConsumedCapacity {
                table_name: table.into(),
                capacity_units: units,
                table: Some(table_part),
                ..ConsumedCapacity::default()
            }),
        }
    }
}

impl Report {
    /// Appends the JSON of `self.consumed(table, units)` (which must be `Some`: not under NONE),
    /// byte for byte as serde writes it, without building it.
    pub fn write_consumed(
        self,
        out: &mut Vec<u8>,
        table: &str,
        units: f64,
    ) -> serde_json::Result<()> {
        out.extend_from_slice(b"{\"TableName\":");
        escape::write_str(out, table);
        out.extend_from_slice(b",\"CapacityUnits\":");
        serde_json::to_writer(&mut *out, &units)?;
        if self == Report::Indexes {
            out.extend_from_slice(b",\"Table\":{\"CapacityUnits\":");
            serde_json::to_writer(&mut *out, &units)?;
            out.push(b'}');
        }
        out.push(b'}');
        Ok(())
    }
}

/// The values `ReturnConsumedCapacity` accepts, in DynamoDB's order.
pub const REPORT_VALUES: &[&str] = &["INDEXES", "TOTAL", "NONE"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_round_up_per_4kb() {
        assert_eq!(read_units(0, true), 1.0);
        assert_eq!(read_units(0, false), 0.5);
        assert_eq!(read_units(4096, true), 1.0);
        assert_eq!(read_units(4097, true), 2.0);
        assert_eq!(read_units(9 * 1024, false), 1.5);
    }

    #[test]
    fn writes_round_up_per_kb() {
        assert_eq!(write_units(0), 1.0);
        assert_eq!(write_units(1024), 1.0);
        assert_eq!(write_units(1025), 2.0);
    }

    #[test]
    fn consumed_json_is_serdes() {
        for report in [Report::Total, Report::Indexes] {
            for units in [0.5, 1.0, 1.5, 100.0, 12345.5] {
                let mut out = Vec::new();
                report.write_consumed(&mut out, "t.a-b_1", units).unwrap();
                let serde = serde_json::to_vec(&report.consumed("t.a-b_1", units)).unwrap();
                assert_eq!(
                    String::from_utf8(out).unwrap(),
                    String::from_utf8(serde).unwrap()
                );
            }
        }
    }

    #[test]
    fn report_shapes() {
        assert!(Report::None.consumed("t", 1.0).is_none());
        let total = Report::Total.consumed("t", 2.0).unwrap();
        assert!(total.table.is_none());
        let idx = Report::Indexes.consumed("t", 2.0).unwrap();
        assert_eq!(idx.table.unwrap().capacity_units, 2.0);
    }
}
