//! Request and response bodies: gzip request decoding within the size cap, gzip response
//! encoding.

use std::io::{Read, Write};

/// Why a body could not be read.
#[derive(Debug, PartialEq, Eq)]
pub enum BodyError {
    /// Over the cap (DynamoDB answers 413).
    TooLarge,
    /// Corrupt gzip data.
    Malformed,
}

/// Decodes a gzip body, refusing more than `max` decoded bytes (a small bomb must not expand
/// into gigabytes).
pub fn gunzip(data: &[u8], max: usize) -> Result<Vec<u8>, BodyError> {
    let mut out = Vec::with_capacity(data.len().saturating_mul(4).min(max));
    let mut decoder = flate2::read::GzDecoder::new(data).take(max as u64 + 1);
    decoder
        .read_to_end(&mut out)
        .map_err(|_| BodyError::Malformed)?;
    if out.len() > max {
        return Err(BodyError::TooLarge);
    }
    Ok(out)
}

/// Compresses a response body.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(data.len() / 4 + 32),
        flate2::Compression::fast(),
    );
    // Writing into a Vec cannot fail.
    encoder.write_all(data).expect("writing to a Vec");
    encoder.finish().expect("writing to a Vec")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trip_and_limits() {
        let data = vec![b'a'; 10_000];
        let z = gzip(&data);
        assert!(z.len() < 200);
        assert_eq!(gunzip(&z, 10_000), Ok(data));
        assert_eq!(gunzip(&z, 9_999), Err(BodyError::TooLarge));
        assert_eq!(gunzip(b"not gzip", 100), Err(BodyError::Malformed));
        assert_eq!(gunzip(&z[..z.len() / 2], 10_000), Err(BodyError::Malformed));
    }
}
