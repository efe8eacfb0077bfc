//! GetItem on a JSON body: the request read without serde when it is plain (see [`request`]),
//! the response written straight from the stored bytes when no projection reshapes the item.
//! Both produce byte for byte what the serde path produces.
//!
//! [`request`]: super::request

use crate::api::GetItemRequest;
use crate::capacity::Report;
use crate::codec;
use crate::expr::project;
use crate::Result;

use super::super::item_key::KeyAttrs;
use super::super::stored;
use super::super::{serialize_error, Inner};
use super::request::PlainRequest;
use super::{find, Params};

/// Runs GetItem on `body`; `parse` reads a body the plain reader leaves alone, with serde.
pub fn run_json(
    db: &Inner,
    body: &[u8],
    parse: impl FnOnce() -> Result<GetItemRequest>,
) -> Result<Vec<u8>> {
    match PlainRequest::read(body) {
        Some(req) => respond(db, &req.params()),
        None => respond(db, &Params::of(&parse()?)),
    }
}

/// The response JSON: `{"Item":{..},"ConsumedCapacity":{..}}`, members present as they apply.
fn respond<K: KeyAttrs + ?Sized>(db: &Inner, req: &Params<'_, K>) -> Result<Vec<u8>> {
    let found = find(db, req)?;
    let mut out = Vec::with_capacity(found.item.as_ref().map_or(0, |b| 2 * b.len()) + 96);
    out.extend_from_slice(b"{");
    let size = match (&found.item, &found.projection) {
        (None, _) => 0,
        (Some(bytes), None) => {
            out.extend_from_slice(b"\"Item\":");
            codec::write_json(bytes, &mut out)?
        }
        (Some(bytes), Some(projection)) => {
            let (item, size) = stored::decode_sized(bytes)?;
            out.extend_from_slice(b"\"Item\":");
            serde_json::to_writer(&mut out, &project(&item, projection))
                .map_err(serialize_error)?;
            size
        }
    };
    if found.report != Report::None {
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(b"\"ConsumedCapacity\":");
        found
            .report
            .write_consumed(
                &mut out,
                req.table_name.unwrap_or_default(),
                found.units(size),
            )
            .map_err(serialize_error)?;
    }
    out.push(b'}');
    Ok(out)
}
