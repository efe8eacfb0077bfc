//! Writing JSON strings straight into a byte buffer, escaped exactly as `serde_json` escapes
//! them (so a response written by hand is byte for byte the one serde would write): `"` and `\`
//! get a backslash; \b \t \n \f \r their short forms; every other byte below 0x20 `\u00xx` in
//! lowercase hex; everything else, non-ASCII included, as is.

/// Bytes per word of the quick scan.
const WORD: usize = 8;
const ONES: u64 = u64::from_le_bytes([0x01; WORD]);
const HIGHS: u64 = u64::from_le_bytes([0x80; WORD]);

/// Appends `text` as a quoted, escaped JSON string.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    write_escaped(out, text.as_bytes());
}

/// Appends `bytes` as a quoted, escaped JSON string if they are UTF-8; otherwise appends nothing
/// and returns `false`. ASCII text is checked in the same pass that copies it.
pub fn write_utf8(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    let start = out.len();
    if write_escaped(out, bytes) && std::str::from_utf8(bytes).is_err() {
        out.truncate(start);
        return false;
    }
    true
}

/// Appends `bytes` quoted and escaped; returns whether any byte was not ASCII.
fn write_escaped(out: &mut Vec<u8>, bytes: &[u8]) -> bool {
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut non_ascii = false;
    let mut at = 0;
    while at < bytes.len() {
        let run = plain_run(&bytes[at..]);
        out.extend_from_slice(&bytes[at..at + run]);
        at += run;
        let Some(&byte) = bytes.get(at) else { break };
        if byte < 0x80 {
            escape(out, byte);
            at += 1;
        } else {
            let wide = bytes[at..].iter().take_while(|&&b| b >= 0x80).count();
            out.extend_from_slice(&bytes[at..at + wide]);
            at += wide;
            non_ascii = true;
        }
    }
    out.push(b'"');
    non_ascii
}

/// How many leading bytes of `bytes` are ASCII that a JSON string holds as is (no escape):
/// checked a word at a time.
pub fn plain_run(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(word) = bytes.get(at..at + WORD) {
        if let Some(special) = first_special(word_at(word)) {
            return at + special;
        }
        at += WORD;
    }
    if at == bytes.len() {
        return at;
    }
    if bytes.len() < WORD {
        return bytes.iter().position(|&b| !plain(b)).unwrap_or(bytes.len());
    }
    // The tail is the end of the last whole word, whose first `seen` bytes were found plain
    // already: they start no borrow, so flags from `seen` on are exact.
    let last = bytes.len() - WORD;
    let seen = at - last;
    let flags = special_flags(word_at(&bytes[last..])) >> (8 * seen);
    if flags == 0 {
        bytes.len()
    } else {
        at + flags.trailing_zeros() as usize / 8
    }
}

/// The first `WORD` bytes of `bytes` as a little-endian word: memory order is byte order.
fn word_at(bytes: &[u8]) -> u64 {
    let mut le = [0; WORD];
    le.copy_from_slice(&bytes[..WORD]);
    u64::from_le_bytes(le)
}

/// Whether a byte is plain: ASCII that needs no escape.
fn plain(byte: u8) -> bool {
    (0x20..0x80).contains(&byte) && byte != b'"' && byte != b'\\'
}

/// The index of the first byte of `word` (in memory order) that is not plain ASCII: below
/// 0x20, `"`, `\` or 0x80 and above.
///
/// Per byte, `b - 0x20` and `(b ^ c) - 1` set the high bit exactly when `b` is below 0x20 or
/// equal to `c` (for `b` below 0x80; bytes from 0x80 are flagged by their own high bit). A
/// borrow only leaves a byte that matched, so bytes below the first match are never flagged:
/// the lowest flag is exact (flags above it may not be, and are not used).
fn first_special(word: u64) -> Option<usize> {
    let flags = special_flags(word);
    (flags != 0).then(|| flags.trailing_zeros() as usize / 8)
}

/// The high bit of each byte of `word` flagged as in [`first_special`].
fn special_flags(word: u64) -> u64 {
    let below_space = word.wrapping_sub(ONES * 0x20);
    let quote = (word ^ (ONES * u64::from(b'"'))).wrapping_sub(ONES);
    let backslash = (word ^ (ONES * u64::from(b'\\'))).wrapping_sub(ONES);
    (below_space | quote | backslash | word) & HIGHS
}

/// Appends the escape of one byte that [`escaped`] flags.
fn escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = match byte {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        0x09 => b't',
        0x0A => b'n',
        0x0C => b'f',
        0x0D => b'r',
        _ => {
            let hex = [HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 0xF)]];
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', hex[0], hex[1]]);
            return;
        }
    };
    out.extend_from_slice(&[b'\\', short]);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, text);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn every_byte_below_0x80_matches_serde() {
        for byte in 0u8..0x80 {
            let text = format!("ab{}cdefghij", char::from(byte));
            assert_eq!(
                written(&text),
                serde_json::to_string(&text).unwrap(),
                "{byte:#x}"
            );
        }
    }

    #[test]
    fn the_first_special_byte_of_a_word_is_found_exactly() {
        for at in 0..WORD {
            for byte in 0..=u8::MAX {
                let mut word = [b'a'; WORD];
                word[at] = byte;
                // Specials after the first may be flagged or not: only the first counts.
                word[WORD - 1] = if at == WORD - 1 { byte } else { 0 };
                let special = !plain(byte);
                let expected = if special { Some(at) } else { Some(WORD - 1) };
                let expected = if at == WORD - 1 && !special {
                    None
                } else {
                    expected
                };
                assert_eq!(
                    first_special(u64::from_le_bytes(word)),
                    expected,
                    "{byte:#x} at {at}"
                );
            }
        }
    }

    #[test]
    fn plain_runs_stop_at_the_first_special_byte() {
        for len in 0..20 {
            for at in 0..=len {
                let mut bytes = vec![b'x'; len];
                if at < len {
                    bytes[at] = b'"';
                }
                assert_eq!(plain_run(&bytes), at, "{len} {at}");
            }
        }
    }

    #[test]
    fn invalid_utf8_writes_nothing() {
        let mut out = b"x".to_vec();
        assert!(!write_utf8(&mut out, b"ab\xC3"));
        assert!(!write_utf8(
            &mut out,
            &[b'a'; 9].iter().chain(b"\xFF").copied().collect::<Vec<_>>()
        ));
        assert_eq!(out, b"x");
    }

    proptest! {
        #[test]
        fn bytes_are_written_when_utf8(bytes in proptest::collection::vec(any::<u8>(), 0..24)) {
            let mut out = Vec::new();
            let written = write_utf8(&mut out, &bytes);
            match std::str::from_utf8(&bytes) {
                Ok(text) => {
                    prop_assert!(written);
                    prop_assert_eq!(out, serde_json::to_vec(text).unwrap());
                }
                Err(_) => prop_assert!(!written && out.is_empty()),
            }
        }

        #[test]
        fn any_text_matches_serde(text in "(?s).{0,40}") {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }

        #[test]
        fn control_heavy_text_matches_serde(text in "[\\x00-\\x21\"\\\\a\u{e9}\u{7f}]{0,40}") {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
