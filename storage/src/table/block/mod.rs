//! Data and index blocks: prefix-compressed entries with restart points, and in data blocks a
//! hash index for point reads. `builder` writes them, `reader` reads them.
//!
//! Entry: `shared varint | unshared varint | vtag varint | key[unshared] | seq u64 LE | value`,
//! where `shared` bytes of the key are taken from the previous entry's key and `vtag` is 0 for
//! a tombstone or `value_len + 1`. Every `RESTART_INTERVAL`th entry stores its whole key
//! (`shared = 0`; readers accept any interval, writers use 1). Trailer: `restart u32 LE * n | [bucket u8 * b | b u16 LE] | word u32 LE`,
//! where `word = n`, or `n | HASH_INDEX_FLAG` when the bracketed hash index is present.
//!
//! Hash index (data blocks of at most 255 entries): `b` buckets, at least one more than the
//! block has user keys, each `EMPTY_BUCKET` or the index of a restart point where a user key's
//! first entry in the block starts. A key is placed at bucket `bucket_of(xxh3_64(key), b)` or,
//! if that is taken, the next free one (wrapping around), so a point read decodes the entries
//! named from its bucket on until it finds its key, or meets an empty bucket proving the key
//! absent. At two buckets per key, a hit decodes 1.5 entries on average.

mod builder;
mod reader;

pub use builder::BlockBuilder;
pub use reader::Block;

/// Entries per restart point. Every entry is one, so that every key's first entry can be
/// named by the hash index; table keys start with a hash, so prefix compression between
/// neighbours would save almost nothing anyway.
const RESTART_INTERVAL: usize = 1;

/// Set in the trailer's last word when the block has a hash index.
const HASH_INDEX_FLAG: u32 = 1 << 31;

/// A free bucket. Restart points from 0 to `EMPTY_BUCKET - 1` can be named, so only blocks
/// with at most that many restart points get a hash index.
const EMPTY_BUCKET: u8 = u8::MAX;

/// Hash-index buckets per distinct user key: at half load, linear probing visits 1.5 buckets
/// per hit and 2.5 per miss, for 2 bytes a key (about 1 % of a data block of 100-byte values).
const BUCKETS_PER_KEY: usize = 2;

/// The bucket of a key hash among `buckets`: the high word of `hash * buckets`, which spreads
/// hashes evenly without a division.
fn bucket_of(hash: u64, buckets: usize) -> usize {
    ((u128::from(hash) * buckets as u128) >> 64) as usize
}
