//! Version edits: the records of the manifest log. See docs/format.md.

use crate::codec::{put_bytes, Reader};
use crate::SeqNo;
use bytes::Bytes;

/// What the manifest records about one SST.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableMeta {
    pub id: u64,
    pub size: u64,
    pub entries: u64,
    pub min_seq: SeqNo,
    pub max_seq: SeqNo,
    /// Smallest and largest user keys in the table.
    pub smallest: Bytes,
    pub largest: Bytes,
}

/// One change to the engine's durable state. A manifest record is a list of edits applied
/// atomically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    CreateKeyspace {
        id: u32,
        name: String,
    },
    DropKeyspace {
        id: u32,
    },
    AddTable {
        keyspace: u32,
        level: u8,
        meta: TableMeta,
    },
    RemoveTable {
        keyspace: u32,
        level: u8,
        table: u64,
    },
    /// Every write to `keyspace` with a sequence number `<= seq` is in its tables.
    Flushed {
        keyspace: u32,
        seq: SeqNo,
    },
    /// A sequence number already used (recovery resumes above it).
    LastSeq(SeqNo),
    /// Keyspace ids below this were used once and are never reused.
    NextKeyspace(u32),
    /// Journal segments older than this id were deleted; every later one must exist.
    JournalFrom(u64),
}

const CREATE: u8 = 1;
const DROP: u8 = 2;
const ADD: u8 = 3;
const REMOVE: u8 = 4;
const FLUSHED: u8 = 5;
const LAST_SEQ: u8 = 6;
const NEXT_KEYSPACE: u8 = 7;
const JOURNAL_FROM: u8 = 8;

impl Edit {
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Edit::CreateKeyspace { id, name } => {
                out.push(CREATE);
                out.extend_from_slice(&id.to_le_bytes());
                put_bytes(out, name.as_bytes());
            }
            Edit::DropKeyspace { id } => {
                out.push(DROP);
                out.extend_from_slice(&id.to_le_bytes());
            }
            Edit::AddTable {
                keyspace,
                level,
                meta,
            } => {
                out.push(ADD);
                out.extend_from_slice(&keyspace.to_le_bytes());
                out.push(*level);
                encode_meta(meta, out);
            }
            Edit::RemoveTable {
                keyspace,
                level,
                table,
            } => {
                out.push(REMOVE);
                out.extend_from_slice(&keyspace.to_le_bytes());
                out.push(*level);
                out.extend_from_slice(&table.to_le_bytes());
            }
            Edit::Flushed { keyspace, seq } => {
                out.push(FLUSHED);
                out.extend_from_slice(&keyspace.to_le_bytes());
                out.extend_from_slice(&seq.to_le_bytes());
            }
            Edit::LastSeq(seq) => {
                out.push(LAST_SEQ);
                out.extend_from_slice(&seq.to_le_bytes());
            }
            Edit::NextKeyspace(id) => {
                out.push(NEXT_KEYSPACE);
                out.extend_from_slice(&id.to_le_bytes());
            }
            Edit::JournalFrom(id) => {
                out.push(JOURNAL_FROM);
                out.extend_from_slice(&id.to_le_bytes());
            }
        }
    }

    /// Decodes every edit of one manifest record.
    pub fn decode_all(payload: &[u8]) -> Result<Vec<Edit>, &'static str> {
        let mut r = Reader::new(payload);
        let mut edits = Vec::new();
        while !r.is_empty() {
            edits.push(Edit::decode(&mut r)?);
        }
        Ok(edits)
    }

    fn decode(r: &mut Reader<'_>) -> Result<Edit, &'static str> {
        Ok(match r.u8()? {
            CREATE => Edit::CreateKeyspace {
                id: r.u32()?,
                name: String::from_utf8(r.var_bytes()?.to_vec()).map_err(|_| "bad name")?,
            },
            DROP => Edit::DropKeyspace { id: r.u32()? },
            ADD => Edit::AddTable {
                keyspace: r.u32()?,
                level: r.u8()?,
                meta: decode_meta(r)?,
            },
            REMOVE => Edit::RemoveTable {
                keyspace: r.u32()?,
                level: r.u8()?,
                table: r.u64()?,
            },
            FLUSHED => Edit::Flushed {
                keyspace: r.u32()?,
                seq: r.u64()?,
            },
            LAST_SEQ => Edit::LastSeq(r.u64()?),
            NEXT_KEYSPACE => Edit::NextKeyspace(r.u32()?),
            JOURNAL_FROM => Edit::JournalFrom(r.u64()?),
            _ => return Err("unknown edit tag"),
        })
    }
}

fn encode_meta(m: &TableMeta, out: &mut Vec<u8>) {
    for v in [m.id, m.size, m.entries, m.min_seq, m.max_seq] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    put_bytes(out, &m.smallest);
    put_bytes(out, &m.largest);
}

fn decode_meta(r: &mut Reader<'_>) -> Result<TableMeta, &'static str> {
    Ok(TableMeta {
        id: r.u64()?,
        size: r.u64()?,
        entries: r.u64()?,
        min_seq: r.u64()?,
        max_seq: r.u64()?,
        smallest: Bytes::copy_from_slice(r.var_bytes()?),
        largest: Bytes::copy_from_slice(r.var_bytes()?),
    })
}

/// Appends `edits` as one manifest record payload.
pub fn encode_record(edits: &[Edit]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in edits {
        e.encode(&mut out);
    }
    // An empty record would be an empty frame, which readers reject; a no-op edit pads it.
    if out.is_empty() {
        Edit::LastSeq(0).encode(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_round_trip() {
        let meta = TableMeta {
            id: 9,
            size: 100,
            entries: 3,
            min_seq: 1,
            max_seq: 5,
            smallest: Bytes::from_static(b"a"),
            largest: Bytes::from_static(b"z"),
        };
        let edits = vec![
            Edit::CreateKeyspace {
                id: 1,
                name: "t".into(),
            },
            Edit::AddTable {
                keyspace: 1,
                level: 2,
                meta,
            },
            Edit::RemoveTable {
                keyspace: 1,
                level: 0,
                table: 4,
            },
            Edit::Flushed {
                keyspace: 1,
                seq: 7,
            },
            Edit::DropKeyspace { id: 1 },
            Edit::LastSeq(8),
            Edit::NextKeyspace(2),
            Edit::JournalFrom(3),
        ];
        let buf = encode_record(&edits);
        assert_eq!(Edit::decode_all(&buf).unwrap(), edits);
        for cut in 0..buf.len() {
            let _ = Edit::decode_all(&buf[..cut]);
        }
        assert!(Edit::decode_all(&[99]).is_err());
    }
}
