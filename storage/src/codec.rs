//! Primitive encodings shared by every on-disk format: LEB128 varints, little-endian integers,
//! and crc32-checked frames (`len u32 LE | crc32 u32 LE | payload`).

/// Size of a frame header.
pub const FRAME_HEADER: usize = 8;

/// Appends `v` as an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a varint length followed by the bytes.
pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_varint(out, b.len() as u64);
    out.extend_from_slice(b);
}

/// Appends one frame holding `payload`.
pub fn put_frame(out: &mut Vec<u8>, payload: &[u8]) {
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(payload).to_le_bytes());
    out.extend_from_slice(payload);
}

/// A bounds-checked reader over a byte slice; every read fails instead of panicking.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }

    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        let end = self.pos.checked_add(n).ok_or("length overflow")?;
        let out = self.buf.get(self.pos..end).ok_or("truncated")?;
        self.pos = end;
        Ok(out)
    }

    pub fn u8(&mut self) -> Result<u8, &'static str> {
        Ok(self.bytes(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32, &'static str> {
        let b = self.bytes(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn u64(&mut self) -> Result<u64, &'static str> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.bytes(8)?);
        Ok(u64::from_le_bytes(a))
    }

    /// Most varints in the engine's formats are lengths below 16 KiB: one or two bytes, read
    /// inline.
    #[inline(always)]
    pub fn varint(&mut self) -> Result<u64, &'static str> {
        if let Some(&b) = self.buf.get(self.pos) {
            if b < 0x80 {
                self.pos += 1;
                return Ok(u64::from(b));
            }
            if let Some(&c) = self.buf.get(self.pos + 1) {
                if c < 0x80 {
                    self.pos += 2;
                    return Ok(u64::from(b & 0x7f) | u64::from(c) << 7);
                }
            }
        }
        self.varint_long()
    }

    fn varint_long(&mut self) -> Result<u64, &'static str> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.u8()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("varint too long")
    }

    /// A varint that must fit a `usize` length.
    #[inline(always)]
    pub fn len(&mut self) -> Result<usize, &'static str> {
        usize::try_from(self.varint()?).map_err(|_| "length too large")
    }

    /// A varint-length-prefixed byte string.
    pub fn var_bytes(&mut self) -> Result<&'a [u8], &'static str> {
        let n = self.len()?;
        self.bytes(n)
    }
}

/// Outcome of decoding the frame at the start of a buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame<'a> {
    /// A complete frame whose checksum matches.
    Ok { payload: &'a [u8], len: usize },
    /// The buffer ends inside the frame (a torn write).
    Truncated,
    /// A complete frame whose checksum or length is wrong.
    Bad(&'static str),
}

/// Decodes the frame at the start of `buf`.
pub fn read_frame(buf: &[u8]) -> Frame<'_> {
    if buf.len() < FRAME_HEADER {
        return Frame::Truncated;
    }
    let len = u32::from_le_bytes([buf[0], buf[1], buf[2], buf[3]]) as usize;
    let crc = u32::from_le_bytes([buf[4], buf[5], buf[6], buf[7]]);
    if len == 0 {
        return Frame::Bad("empty frame");
    }
    let Some(payload) = buf.get(FRAME_HEADER..FRAME_HEADER + len) else {
        return Frame::Truncated;
    };
    if crc32fast::hash(payload) != crc {
        return Frame::Bad("checksum mismatch");
    }
    Frame::Ok {
        payload,
        len: FRAME_HEADER + len,
    }
}

/// The checked frames of a log file and the length of its valid prefix.
#[derive(Debug, PartialEq, Eq)]
pub struct Log<'a> {
    pub frames: Vec<&'a [u8]>,
    pub valid: usize,
}

/// Splits a log file (journal segment or manifest) into checked frames.
/// A bad frame that is the last thing
/// in the file, or is followed only by zeros, is a torn tail (an append interrupted by a crash)
/// and ends the log; a bad frame followed by more data is corruption, reported with its offset.
pub fn read_log(buf: &[u8]) -> Result<Log<'_>, (u64, &'static str)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < buf.len() {
        match read_frame(&buf[pos..]) {
            Frame::Ok { payload, len } => {
                out.push(payload);
                pos += len;
            }
            Frame::Truncated => break,
            Frame::Bad(reason) => {
                if is_torn_tail(&buf[pos..]) {
                    break;
                }
                return Err((pos as u64, reason));
            }
        }
    }
    Ok(Log {
        frames: out,
        valid: pos,
    })
}

/// A bad frame is a torn tail if its declared extent reaches the end of the file or everything
/// after its header is zero (space the file system allocated but never wrote).
fn is_torn_tail(rest: &[u8]) -> bool {
    let len = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
    FRAME_HEADER + len >= rest.len() || rest[FRAME_HEADER..].iter().all(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_round_trip() {
        for v in [0, 1, 127, 128, 300, 16383, 16384, u32::MAX as u64, u64::MAX] {
            let mut buf = Vec::new();
            put_varint(&mut buf, v);
            buf.push(0x55);
            let mut r = Reader::new(&buf);
            assert_eq!(r.varint(), Ok(v));
            assert_eq!(r.u8(), Ok(0x55));
        }
        assert!(Reader::new(&[0xff; 11]).varint().is_err());
        assert!(Reader::new(&[0x80]).varint().is_err());
    }

    #[test]
    fn log_torn_tail_and_corruption() {
        let mut log = Vec::new();
        put_frame(&mut log, b"one");
        put_frame(&mut log, b"two");
        let full = log.len();
        let read = read_log(&log).unwrap();
        assert_eq!(read.frames, vec![&b"one"[..], &b"two"[..]]);
        assert_eq!(read.valid, full);
        // A torn last frame is cut.
        let read = read_log(&log[..full - 1]).unwrap();
        assert_eq!(read.frames.len(), 1);
        assert_eq!(read.valid, 11);
        // A flipped byte in the last frame is a torn tail; in an earlier frame, corruption.
        let mut bad = log.clone();
        bad[full - 1] ^= 1;
        assert_eq!(read_log(&bad).unwrap().frames.len(), 1);
        let mut bad = log.clone();
        bad[9] ^= 1;
        assert_eq!(read_log(&bad).unwrap_err().0, 0);
        // Trailing zeros are an unwritten tail.
        let mut zeros = log.clone();
        zeros.extend_from_slice(&[0; 32]);
        assert_eq!(read_log(&zeros).unwrap(), read_log(&log).unwrap());
    }
}
