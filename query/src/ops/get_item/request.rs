//! Reading a plain GetItem request without serde: the members DynamoDB's SDKs send for a key
//! lookup, each at most once, strings without escapes, a key of one or two S/N/B attributes.
//! Anything else is left to the serde read (see [`crate::value::json::cursor`]), so a request
//! read here is exactly the request serde would have read.

use crate::api::AttributeNames;
use crate::value::json::cursor::{set_once as set, Cursor};
use crate::value::AttributeValue;

use super::super::item_key::KeyAttrs;
use super::Params;

/// A GetItem request read from JSON, borrowing its strings from the body.
#[derive(Default)]
pub(super) struct PlainRequest<'a> {
    table_name: Option<&'a str>,
    key: Option<PlainKey<'a>>,
    consistent_read: Option<bool>,
    projection_expression: Option<&'a str>,
    expression_attribute_names: Option<AttributeNames>,
    return_consumed_capacity: Option<&'a str>,
}

/// A `Key` of at most two attributes (a key schema has one or two).
#[derive(Default)]
pub(super) struct PlainKey<'a> {
    attrs: [Option<(&'a [u8], AttributeValue)>; 2],
}

impl KeyAttrs for PlainKey<'_> {
    fn attr(&self, name: &str) -> Option<&AttributeValue> {
        self.attrs
            .iter()
            .flatten()
            .find_map(|(n, v)| (*n == name.as_bytes()).then_some(v))
    }

    fn count(&self) -> usize {
        self.attrs.iter().flatten().count()
    }
}

impl<'a> PlainRequest<'a> {
    /// The request in `body`, if it is plain enough.
    pub fn read(body: &'a [u8]) -> Option<PlainRequest<'a>> {
        let mut req = PlainRequest::default();
        let mut cursor = Cursor::new(body);
        cursor.object(|c, member| match member {
            b"TableName" => set(&mut req.table_name, c.string()?),
            b"Key" => set(&mut req.key, key(c)?),
            b"ConsistentRead" => set(&mut req.consistent_read, c.boolean()?),
            b"ProjectionExpression" => set(&mut req.projection_expression, c.string()?),
            b"ExpressionAttributeNames" => set(&mut req.expression_attribute_names, c.names()?),
            b"ReturnConsumedCapacity" => set(&mut req.return_consumed_capacity, c.string()?),
            _ => None,
        })?;
        cursor.end()?;
        Some(req)
    }

    pub fn params(&self) -> Params<'_, PlainKey<'a>> {
        Params {
            table_name: self.table_name,
            key: self.key.as_ref(),
            consistent_read: self.consistent_read,
            projection_expression: self.projection_expression,
            expression_attribute_names: self.expression_attribute_names.as_ref(),
            attributes_to_get: None,
            return_consumed_capacity: self.return_consumed_capacity,
        }
    }
}

fn key<'a>(c: &mut Cursor<'a>) -> Option<PlainKey<'a>> {
    let mut key = PlainKey::default();
    let mut next = key.attrs.iter_mut();
    c.object(|c, name| {
        let value = c.scalar_value()?;
        // A name given twice would be one attribute to serde: let it decide.
        let slot = next.next()?;
        *slot = Some((name, value));
        Some(())
    })?;
    drop(next);
    let [first, second] = &key.attrs;
    let repeated = matches!((first, second), (Some((a, _)), Some((b, _))) if a == b);
    (!repeated).then_some(key)
}
