//! `Transfer-Encoding: chunked` request bodies, decoded as the bytes arrive: chunk data is
//! appended to the body (up to the cap), chunk extensions and trailer fields are skipped.

/// Longest chunk-size line or trailer line waited for; anything longer is not a real client.
const MAX_LINE: usize = 8 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Expecting `hex-size[;extensions]\r\n`.
    Size,
    /// This many data bytes to go in the current chunk.
    Data(u64),
    /// Expecting the `\r\n` after a chunk's data.
    DataEnd,
    /// After the last (zero-size) chunk: trailer lines until an empty one.
    Trailers,
    Done,
}

#[derive(Debug)]
pub struct Decoder {
    state: State,
    /// Most decoded bytes kept; past it the rest is parsed but dropped.
    max: usize,
    /// The decoded body went over `max`.
    pub too_large: bool,
}

impl Decoder {
    pub fn new(max: usize) -> Decoder {
        Decoder {
            state: State::Size,
            max,
            too_large: false,
        }
    }

    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Decodes what it can of `input`, appending chunk data to `out`. Returns how many bytes of
    /// `input` it used; the rest (an incomplete line) must be offered again with more after it.
    pub fn decode(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<usize, Malformed> {
        let mut used = 0;
        while let Some(step) = self.step(&input[used..], out)? {
            used += step;
            if self.state == State::Done {
                break;
            }
        }
        if !self.is_done() && input.len() - used > MAX_LINE {
            return Err(Malformed);
        }
        Ok(used)
    }

    /// One step of the state machine: Some(bytes used), or None when `input` holds too little.
    fn step(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<Option<usize>, Malformed> {
        if input.is_empty() {
            return Ok(None);
        }
        match self.state {
            State::Size => {
                // httparse reads an empty size as 0: a size needs at least one digit.
                if !input[0].is_ascii_hexdigit() {
                    return Err(Malformed);
                }
                match httparse::parse_chunk_size(input).map_err(|_| Malformed)? {
                    httparse::Status::Complete((used, 0)) => {
                        self.state = State::Trailers;
                        Ok(Some(used))
                    }
                    httparse::Status::Complete((used, size)) => {
                        self.state = State::Data(size);
                        Ok(Some(used))
                    }
                    httparse::Status::Partial => Ok(None),
                }
            }
            State::Data(remaining) => {
                let n = usize::try_from(remaining).map_or(input.len(), |r| r.min(input.len()));
                self.keep(&input[..n], out);
                let left = remaining - n as u64;
                self.state = if left == 0 {
                    State::DataEnd
                } else {
                    State::Data(left)
                };
                Ok(Some(n))
            }
            State::DataEnd => match input {
                [b'\r', b'\n', ..] => {
                    self.state = State::Size;
                    Ok(Some(2))
                }
                [b'\r'] => Ok(None),
                _ => Err(Malformed),
            },
            State::Trailers => match input.iter().position(|&b| b == b'\n') {
                // A bare `\n` ends lines too (RFC 9112 section 2.2 allows it).
                Some(i) => {
                    if input[..i].trim_ascii_end().is_empty() {
                        self.state = State::Done;
                    }
                    Ok(Some(i + 1))
                }
                None => Ok(None),
            },
            State::Done => Ok(None),
        }
    }

    fn keep(&mut self, data: &[u8], out: &mut Vec<u8>) {
        if self.too_large {
            return;
        }
        if out.len() + data.len() > self.max {
            self.too_large = true;
            // Nothing of it will be used: give the memory back now.
            *out = Vec::new();
            return;
        }
        out.extend_from_slice(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `input` in pieces of `piece` bytes, as reads would deliver it.
    fn decode_in_pieces(
        input: &[u8],
        piece: usize,
        max: usize,
    ) -> Result<(Vec<u8>, bool), Malformed> {
        let mut decoder = Decoder::new(max);
        let (mut out, mut pending, mut fed) = (Vec::new(), Vec::new(), 0);
        while !decoder.is_done() {
            if fed == input.len() {
                return Err(Malformed);
            }
            let next = (fed + piece).min(input.len());
            pending.extend_from_slice(&input[fed..next]);
            fed = next;
            let used = decoder.decode(&pending, &mut out)?;
            pending.drain(..used);
        }
        assert!(pending.is_empty() && fed == input.len(), "stops at the end");
        Ok((out, decoder.too_large))
    }

    #[test]
    fn decodes_in_any_pieces() {
        let body = b"4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: 1\r\n\r\n";
        for piece in [1, 2, 3, 7, body.len()] {
            let (out, too_large) = decode_in_pieces(body, piece, 100).unwrap();
            assert_eq!(out, b"Wikipedia in\r\n\r\nchunks.", "{piece}");
            assert!(!too_large);
        }
        let (out, _) = decode_in_pieces(b"0\r\n\r\n", 1, 10).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn cap_applies_to_decoded_size() {
        let body = b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        assert_eq!(
            decode_in_pieces(body, 4, 11).unwrap(),
            (b"hello world".to_vec(), false)
        );
        let (out, too_large) = decode_in_pieces(body, 4, 10).unwrap();
        assert!(too_large && out.is_empty());
    }

    #[test]
    fn stops_before_the_next_request() {
        let mut decoder = Decoder::new(100);
        let mut out = Vec::new();
        let input = b"1\r\na\r\n0\r\n\r\nPOST / HTTP/1.1\r\n";
        let used = decoder.decode(input, &mut out).unwrap();
        assert!(decoder.is_done());
        assert_eq!(&input[used..], b"POST / HTTP/1.1\r\n");
    }

    #[test]
    fn malformed_bodies() {
        for bad in [
            &b"x\r\n"[..],
            b"\r\n",
            b"1\r\nab\r\n",
            b"1\r\naXY",
            b"fffffffffffffffff\r\n",
        ] {
            assert_eq!(decode_in_pieces(bad, 1, 100), Err(Malformed), "{bad:?}");
        }
        let endless = format!("1;{}", "e".repeat(MAX_LINE + 10));
        let mut decoder = Decoder::new(100);
        assert_eq!(
            decoder.decode(endless.as_bytes(), &mut Vec::new()),
            Err(Malformed)
        );
    }
}
