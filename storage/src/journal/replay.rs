//! Recovery: reading every journal segment back, oldest first.

use super::{segment_id, segment_path, Segment};
use crate::batch;
use crate::codec::read_log;
use crate::fs::FileSystem;
use crate::{Error, Result, SeqNo};
use bytes::Bytes;
use std::path::Path;

/// What replay found on disk.
pub struct Replayed {
    /// The segments read, oldest first (all become finished segments of the new journal).
    pub segments: Vec<Segment>,
    /// Id for the next segment.
    pub next_id: u64,
    /// Highest sequence number found.
    pub max_seq: SeqNo,
}

/// Reads every segment in `dir` and calls `apply(seq, payload)` for each batch, in commit
/// order. `payload` is the batch encoding, owned, so keys and values can be sliced from it.
/// A torn tail of the newest segment is cut off the file; any other damage is `Corruption`,
/// including a missing segment: all segments from `journal_from` (the oldest one the manifest
/// says was kept) to the newest must exist.
pub fn replay(
    fs: &dyn FileSystem,
    dir: &Path,
    journal_from: u64,
    mut apply: impl FnMut(SeqNo, &Bytes) -> Result<(), &'static str>,
) -> Result<Replayed> {
    let mut ids: Vec<u64> = fs.list(dir)?.iter().filter_map(|n| segment_id(n)).collect();
    ids.sort_unstable();
    check_complete(dir, &ids, journal_from)?;
    let mut out = Replayed {
        segments: Vec::with_capacity(ids.len()),
        next_id: ids.last().map_or(1, |id| id.saturating_add(1)),
        max_seq: 0,
    };
    for (i, &id) in ids.iter().enumerate() {
        let path = segment_path(dir, id);
        let name = path.display().to_string();
        let data = fs.read(&path)?;
        let log = read_log(&data).map_err(|(off, why)| Error::corrupt(&name, off, why))?;
        let valid = log.valid;
        let last = i + 1 == ids.len();
        if valid < data.len() && !last {
            return Err(Error::corrupt(
                &name,
                valid as u64,
                "torn record in an older segment",
            ));
        }
        let mut offset = 0u64;
        for frame in log.frames {
            let payload = Bytes::copy_from_slice(frame);
            let corrupt = |why| Error::corrupt(&name, offset, why);
            let (seq, _) = batch::decode(&payload).map_err(corrupt)?;
            if seq <= out.max_seq {
                return Err(corrupt("sequence numbers go backwards"));
            }
            out.max_seq = seq;
            apply(seq, &payload).map_err(corrupt)?;
            offset += (frame.len() + crate::codec::FRAME_HEADER) as u64;
        }
        let total = data.len();
        drop(data);
        if valid < total {
            fs.truncate(&path, valid as u64)?;
        }
        out.segments.push(Segment {
            id,
            last_seq: out.max_seq,
            len: valid as u64,
        });
    }
    Ok(out)
}

fn check_complete(dir: &Path, ids: &[u64], journal_from: u64) -> Result<()> {
    let missing = match ids.first() {
        Some(&first) if first > journal_from => Some(journal_from),
        _ => ids
            .windows(2)
            .find(|w| w[1] != w[0].saturating_add(1))
            .map(|w| w[0].saturating_add(1)),
    };
    match missing {
        Some(id) => Err(Error::corrupt(
            &segment_path(dir, id).display().to_string(),
            0,
            "journal segment missing",
        )),
        None => Ok(()),
    }
}
