//! Bloom filter over the user keys of a table, hashed with xxh3. Two layouts (docs/format.md):
//!
//! - blocked (format 3): `blocks * 64 bytes | 6 u8`; a key's six bits lie in one 64-byte block
//!   placed by [`crate::bloom::Probe`], so a probe reads one cache line and divides by nothing;
//! - classic (formats 1 and 2): `bits[m/8] | k u8`; probe `i` tests bit `(h1 + i*h2) mod m`
//!   where `h1` and `h2` are the low and high 32 bits of the hash (double hashing).

use bytes::Bytes;

use crate::bloom::{self, Probe, BLOCK_BYTES};

const BITS_PER_KEY: usize = 10;
const CLASSIC_PROBES: u8 = 7;

/// The hash used by filters, computed once per lookup and shared by every table probed.
pub fn key_hash(key: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key)
}

/// Which filter layout a table of a given format version holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layout {
    Classic,
    Blocked,
}

impl Layout {
    pub fn of_version(version: u32) -> Layout {
        if version >= 3 {
            Layout::Blocked
        } else {
            Layout::Classic
        }
    }
}

fn classic_probes(hash: u64, k: u8, m: u64) -> impl Iterator<Item = u64> {
    let h1 = hash & 0xffff_ffff;
    let h2 = hash >> 32;
    (0..u64::from(k)).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) % m)
}

/// Builds a filter of `layout` for the given key hashes.
pub fn build(hashes: &[u64], layout: Layout, out: &mut Vec<u8>) {
    let start = out.len();
    match layout {
        Layout::Blocked => {
            let blocks = bloom::blocks_for(hashes.len(), BITS_PER_KEY);
            out.resize(start + blocks * BLOCK_BYTES, 0);
            for &h in hashes {
                let p = Probe::new(h, blocks);
                for (i, m) in p.masks.iter().enumerate() {
                    let at = start + (p.block * bloom::BLOCK_WORDS + i) * 8;
                    let word = u64::from_le_bytes(out[at..at + 8].try_into().expect("8 bytes"));
                    out[at..at + 8].copy_from_slice(&(word | m).to_le_bytes());
                }
            }
            out.push(bloom::BITS as u8);
        }
        Layout::Classic => {
            let m_bytes = (hashes.len() * BITS_PER_KEY).div_ceil(8).max(8);
            out.resize(start + m_bytes, 0);
            let m = (m_bytes * 8) as u64;
            for &h in hashes {
                for bit in classic_probes(h, CLASSIC_PROBES, m) {
                    out[start + (bit / 8) as usize] |= 1 << (bit % 8);
                }
            }
            out.push(CLASSIC_PROBES);
        }
    }
}

/// A parsed filter.
pub enum Bloom {
    Classic { bits: Bytes, k: u8 },
    Blocked { bits: Bytes, blocks: usize },
}

impl Bloom {
    pub fn parse(data: Bytes, layout: Layout) -> Result<Bloom, &'static str> {
        let (&k, bits) = data.split_last().ok_or("empty filter")?;
        match layout {
            Layout::Blocked => {
                let blocks = bits.len() / BLOCK_BYTES;
                if k != bloom::BITS as u8
                    || bits.len() % BLOCK_BYTES != 0
                    || !(1..=u32::MAX as usize).contains(&blocks)
                {
                    return Err("bad filter parameters");
                }
                Ok(Bloom::Blocked {
                    bits: data.slice(..bits.len()),
                    blocks,
                })
            }
            Layout::Classic => {
                if bits.is_empty() || k == 0 || k > 30 {
                    return Err("bad filter parameters");
                }
                Ok(Bloom::Classic {
                    bits: data.slice(..bits.len()),
                    k,
                })
            }
        }
    }

    /// False only if the key is certainly absent.
    pub fn may_contain(&self, hash: u64) -> bool {
        match self {
            Bloom::Blocked { bits, blocks } => Probe::new(hash, *blocks).all_set(|w| {
                u64::from_le_bytes(bits[w * 8..w * 8 + 8].try_into().expect("8 bytes"))
            }),
            Bloom::Classic { bits, k } => {
                let m = (bits.len() * 8) as u64;
                classic_probes(hash, *k, m)
                    .all(|bit| bits[(bit / 8) as usize] & (1 << (bit % 8)) != 0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_false_negatives_few_false_positives() {
        for layout in [Layout::Classic, Layout::Blocked] {
            let keys: Vec<u64> = (0..1000u32).map(|i| key_hash(&i.to_be_bytes())).collect();
            let mut out = Vec::new();
            build(&keys, layout, &mut out);
            let bloom = Bloom::parse(Bytes::from(out), layout).unwrap();
            assert!(keys.iter().all(|&h| bloom.may_contain(h)));
            let fp = (1000..11000u32)
                .filter(|i| bloom.may_contain(key_hash(&i.to_be_bytes())))
                .count();
            assert!(fp < 300, "{layout:?} false positives: {fp}");
        }
    }

    #[test]
    fn damaged_parameters_are_refused() {
        let mut out = Vec::new();
        build(&[1, 2, 3], Layout::Blocked, &mut out);
        let blocked = Bytes::from(out);
        assert!(Bloom::parse(blocked.slice(1..), Layout::Blocked).is_err());
        assert!(Bloom::parse(Bytes::from_static(&[7]), Layout::Blocked).is_err());
        assert!(Bloom::parse(Bytes::from_static(&[7]), Layout::Classic).is_err());
        assert!(Bloom::parse(Bytes::from_static(&[0, 0]), Layout::Classic).is_err());
    }
}
