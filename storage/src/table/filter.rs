//! Bloom filter over the user keys of a table, hashed with xxh3.
//!
//! Layout: `bits[m/8] | k u8`. Probe `i` tests bit `(h1 + i*h2) mod m` where `h1` and `h2` are
//! the low and high 32 bits of `xxh3_64(key)` (double hashing).

use bytes::Bytes;

const BITS_PER_KEY: usize = 10;
const PROBES: u8 = 7;

/// The hash used by filters, computed once per lookup and shared by every table probed.
pub fn key_hash(key: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key)
}

fn probes(hash: u64, k: u8, m: u64) -> impl Iterator<Item = u64> {
    let h1 = hash & 0xffff_ffff;
    let h2 = hash >> 32;
    (0..u64::from(k)).map(move |i| h1.wrapping_add(i.wrapping_mul(h2)) % m)
}

/// Builds a filter for the given key hashes.
pub fn build(hashes: &[u64], out: &mut Vec<u8>) {
    let m_bytes = (hashes.len() * BITS_PER_KEY).div_ceil(8).max(8);
    let start = out.len();
    out.resize(start + m_bytes, 0);
    let m = (m_bytes * 8) as u64;
    for &h in hashes {
        for bit in probes(h, PROBES, m) {
            out[start + (bit / 8) as usize] |= 1 << (bit % 8);
        }
    }
    out.push(PROBES);
}

/// A parsed filter.
pub struct Bloom {
    bits: Bytes,
    k: u8,
}

impl Bloom {
    pub fn parse(data: Bytes) -> Result<Bloom, &'static str> {
        let (&k, _) = data.split_last().ok_or("empty filter")?;
        if data.len() < 2 || k == 0 || k > 30 {
            return Err("bad filter parameters");
        }
        Ok(Bloom {
            bits: data.slice(..data.len() - 1),
            k,
        })
    }

    /// False only if the key is certainly absent.
    pub fn may_contain(&self, hash: u64) -> bool {
        let m = (self.bits.len() * 8) as u64;
        probes(hash, self.k, m).all(|bit| self.bits[(bit / 8) as usize] & (1 << (bit % 8)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_false_negatives_few_false_positives() {
        let keys: Vec<u64> = (0..1000u32).map(|i| key_hash(&i.to_be_bytes())).collect();
        let mut out = Vec::new();
        build(&keys, &mut out);
        let bloom = Bloom::parse(Bytes::from(out)).unwrap();
        assert!(keys.iter().all(|&h| bloom.may_contain(h)));
        let fp = (1000..11000u32)
            .filter(|i| bloom.may_contain(key_hash(&i.to_be_bytes())))
            .count();
        assert!(fp < 300, "false positives: {fp}");
    }
}
