//! A Query or Scan page as response JSON, byte for byte what serializing its `ReadResponse`
//! with serde writes: items stored as they are returned are written straight from their bytes.

use crate::codec;
use crate::value::Item;
use crate::{Error, Result};

use super::super::serialize_error;
use super::{Page, PageItems};

/// The `Items` of a response, as the JSON text of a list under way.
pub struct JsonItems {
    /// `{"Items":[` and the items so far, comma-separated.
    out: Vec<u8>,
    empty: bool,
}

impl Default for JsonItems {
    fn default() -> Self {
        let mut out = Vec::with_capacity(4096);
        out.extend_from_slice(b"{\"Items\":[");
        JsonItems { out, empty: true }
    }
}

impl JsonItems {
    fn separate(&mut self) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
    }
}

impl PageItems for JsonItems {
    fn push(&mut self, item: Item) -> Result<()> {
        self.separate();
        serde_json::to_writer(&mut self.out, &item).map_err(serialize_error)
    }

    fn push_stored(&mut self, bytes: &[u8]) -> Option<Result<usize>> {
        self.separate();
        Some(codec::write_json(bytes, &mut self.out).map_err(Error::from))
    }
}

impl Page<JsonItems> {
    /// `{"Items":[..],"Count":..,"ScannedCount":..,"LastEvaluatedKey":..,"ConsumedCapacity":..}`
    /// with the members that apply.
    pub fn into_json(self) -> Result<Vec<u8>> {
        let mut out = match self.items {
            Some(items) => {
                let mut out = items.out;
                out.extend_from_slice(b"],");
                out
            }
            None => b"{".to_vec(),
        };
        out.extend_from_slice(b"\"Count\":");
        serde_json::to_writer(&mut out, &self.count).map_err(serialize_error)?;
        out.extend_from_slice(b",\"ScannedCount\":");
        serde_json::to_writer(&mut out, &self.scanned_count).map_err(serialize_error)?;
        if let Some(key) = &self.last_evaluated_key {
            out.extend_from_slice(b",\"LastEvaluatedKey\":");
            serde_json::to_writer(&mut out, key).map_err(serialize_error)?;
        }
        if let Some(consumed) = &self.consumed_capacity {
            out.extend_from_slice(b",\"ConsumedCapacity\":");
            serde_json::to_writer(&mut out, consumed).map_err(serialize_error)?;
        }
        out.push(b'}');
        Ok(out)
    }
}
