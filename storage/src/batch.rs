//! Write batches and their journal encoding.
//!
//! A batch is encoded once, as it is built, in exactly the form the journal stores:
//! `seq u64 LE | count u32 LE | op*`, where an op is
//! `kind u8 (0 delete, 1 put) | keyspace u32 LE | key (varint len + bytes) | value (put only)`.
//! The leader of a commit group fills in `seq` and writes the bytes as they are.

use crate::codec::{put_bytes, Reader};
use crate::db::Keyspace;
use crate::SeqNo;

const HEADER: usize = 12;
const KIND_DELETE: u8 = 0;
const KIND_PUT: u8 = 1;

/// Puts and deletes across any keyspaces, committed atomically.
pub struct WriteBatch {
    /// The encoded batch, header included.
    pub(crate) buf: Vec<u8>,
    count: u32,
    /// Distinct keyspaces touched, checked once at commit.
    pub(crate) spaces: Vec<Keyspace>,
}

impl Default for WriteBatch {
    fn default() -> Self {
        WriteBatch::new()
    }
}

impl WriteBatch {
    pub fn new() -> Self {
        WriteBatch {
            buf: Vec::new(),
            count: 0,
            spaces: Vec::new(),
        }
    }

    pub fn put(&mut self, ks: &Keyspace, key: &[u8], value: &[u8]) {
        self.op(KIND_PUT, ks, key, value.len() + 10);
        put_bytes(&mut self.buf, value);
    }

    pub fn delete(&mut self, ks: &Keyspace, key: &[u8]) {
        self.op(KIND_DELETE, ks, key, 0);
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Number of operations.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// Appends an operation's header and key, reserving `extra` more bytes for its value.
    fn op(&mut self, kind: u8, ks: &Keyspace, key: &[u8], extra: usize) {
        if !self.spaces.iter().any(|s| s.id() == ks.id()) {
            self.spaces.push(ks.clone());
        }
        self.count += 1;
        // kind + keyspace + a varint of at most 10 bytes + the key.
        self.reserve(15 + key.len() + extra);
        self.buf.push(kind);
        self.buf.extend_from_slice(&ks.id().to_le_bytes());
        put_bytes(&mut self.buf, key);
    }

    /// Makes room for `more` bytes after the header, which the first operation writes: the
    /// buffer is allocated once at the size the first operation needs (a single-item write
    /// never reallocates).
    fn reserve(&mut self, more: usize) {
        if self.buf.is_empty() {
            self.buf.reserve_exact(HEADER + more);
            self.buf.resize(HEADER, 0);
        } else {
            self.buf.reserve(more);
        }
    }

    /// Stamps the batch with its sequence number; returns the journal payload.
    pub(crate) fn seal(&mut self, seq: SeqNo) -> &[u8] {
        self.reserve(0);
        self.buf[..8].copy_from_slice(&seq.to_le_bytes());
        self.buf[8..12].copy_from_slice(&self.count.to_le_bytes());
        &self.buf
    }
}

/// One decoded operation.
#[derive(Debug, PartialEq, Eq)]
pub struct Op<'a> {
    pub keyspace: u32,
    pub key: &'a [u8],
    /// `None` for a delete.
    pub value: Option<&'a [u8]>,
}

/// Decodes a batch payload's header; the operations follow from the returned iterator.
pub fn decode(payload: &[u8]) -> Result<(SeqNo, Ops<'_>), &'static str> {
    let mut r = Reader::new(payload);
    let seq = r.u64()?;
    let remaining = r.u32()?;
    Ok((seq, Ops { r, remaining }))
}

/// The operations of a batch, in order. Stops after the first error.
pub struct Ops<'a> {
    r: Reader<'a>,
    remaining: u32,
}

impl<'a> Ops<'a> {
    fn op(&mut self) -> Result<Op<'a>, &'static str> {
        let kind = self.r.u8()?;
        let keyspace = self.r.u32()?;
        let key = self.r.var_bytes()?;
        let value = match kind {
            KIND_PUT => Some(self.r.var_bytes()?),
            KIND_DELETE => None,
            _ => return Err("unknown operation kind"),
        };
        Ok(Op {
            keyspace,
            key,
            value,
        })
    }
}

impl<'a> Iterator for Ops<'a> {
    type Item = Result<Op<'a>, &'static str>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.remaining == 0 {
            if self.r.is_empty() {
                return None;
            }
            self.r = Reader::new(&[]);
            return Some(Err("trailing bytes after batch"));
        }
        self.remaining -= 1;
        let op = self.op();
        if op.is_err() {
            self.remaining = 0;
            self.r = Reader::new(&[]);
        }
        Some(op)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Db, Options};

    #[test]
    fn encode_decode_round_trip() {
        let db = Db::in_memory(Options::default()).unwrap();
        let ks = db.create_keyspace("t").unwrap();
        let mut b = WriteBatch::new();
        b.put(&ks, b"k1", b"v1");
        b.delete(&ks, b"k2");
        b.put(&ks, b"", b"");
        let payload = b.seal(42).to_vec();
        let (seq, ops) = decode(&payload).unwrap();
        let ops: Vec<_> = ops.collect::<Result<_, _>>().unwrap();
        assert_eq!(seq, 42);
        assert_eq!(ops.len(), 3);
        assert_eq!(
            ops[1],
            Op {
                keyspace: ks.id(),
                key: b"k2",
                value: None
            }
        );
        assert_eq!(ops[2].value, Some(&b""[..]));
        for cut in 0..payload.len() {
            if let Ok((_, ops)) = decode(&payload[..cut]) {
                assert!(ops.collect::<Result<Vec<_>, _>>().is_err());
            }
        }
        let mut extra = payload.clone();
        extra.push(0);
        assert!(decode(&extra).unwrap().1.any(|op| op.is_err()));
    }
}
