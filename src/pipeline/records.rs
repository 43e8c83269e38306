//! The cache files that hold one record per document (the readings, the
//! content pages): a header (see `state`), then one framed record per
//! `(name, record)` a build wrote, a later record of a name replacing the
//! earlier. A build appends only the records that changed, so one changed
//! document costs one record, not a rewrite of ten thousand; once most
//! records are replaced ones, the file is written anew.
//!
//! A frame is the payload's length (u32), its checksum (16 bytes) and the
//! payload, `(name, Some(record))` in postcard, or `(name, None)` when
//! the name's record was removed. A cut or damaged frame ends the file there: a build
//! killed while appending costs the records it was appending, and the next
//! append cuts the debris off first.

use std::collections::{BTreeMap, HashMap};
use std::io::{Seek, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::fingerprint::{self, Fingerprint};

/// Bytes before each record: its length and checksum.
const FRAME_HEAD: usize = 4 + 16;
/// Replaced records tolerated before the file is written anew, beyond one
/// per live record.
const SLACK: usize = 64;

/// What a records file holds, for appending to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Log {
    /// The version (see [`Versioned`]) of each name's latest record.
    versions: HashMap<String, Fingerprint>,
    /// Records in the file, replaced ones included.
    records: usize,
    /// Bytes up to the end of the last whole record.
    valid_len: u64,
}

/// A record that says when it changed: records of equal version are equal.
pub trait Versioned {
    /// Changes whenever the record does.
    fn version(&self) -> Fingerprint;
}

/// The records of a file whose body (after the header) starts at `start`
/// of `bytes`, the log to append to it, and whether its end was damaged.
pub fn read<T: DeserializeOwned + Versioned + Send>(bytes: &[u8], start: usize) -> (BTreeMap<String, T>, Log, bool) {
    let frames = frames(bytes, start);
    let decoded: Vec<Option<(String, Option<T>)>> = frames
        .par_iter()
        .map(|f| {
            let (head, payload) = (&bytes[f.start - FRAME_HEAD..f.start], &bytes[f.clone()]);
            let intact = fingerprint::of_bytes(payload).0.to_le_bytes() == head[4..];
            intact.then(|| postcard::from_bytes(payload).ok()).flatten()
        })
        .collect();
    let whole = decoded.iter().take_while(|d| d.is_some()).count();
    let valid_len = match frames.get(whole) {
        Some(first_bad) => first_bad.start - FRAME_HEAD,
        None => frames.last().map_or(start, |f| f.end),
    };
    let mut log = Log { versions: HashMap::new(), records: whole, valid_len: valid_len as u64 };
    let mut records = BTreeMap::new();
    for (name, record) in decoded.into_iter().map_while(|d| d) {
        match record {
            Some(record) => {
                log.versions.insert(name.clone(), record.version());
                records.insert(name, record);
            }
            None => {
                log.versions.remove(&name);
                records.remove(&name);
            }
        }
    }
    (records, log, valid_len < bytes.len())
}

/// The payloads of the whole frames from `start`, in order, as their
/// lengths say. Their checksums are checked as they are decoded, side by
/// side: a damaged length shows as a damaged frame there, which ends the
/// file (see [`read`]).
fn frames(bytes: &[u8], mut start: usize) -> Vec<std::ops::Range<usize>> {
    let mut frames = Vec::new();
    while let Some(head) = bytes.get(start..start + FRAME_HEAD) {
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let body = start + FRAME_HEAD..start + FRAME_HEAD + len;
        if bytes.get(body.clone()).is_none() {
            break;
        }
        frames.push(body.clone());
        start = body.end;
    }
    frames
}

/// Writes every record to `out` (after the header), framed.
pub fn write_all<T: Serialize>(out: &mut dyn Write, records: &BTreeMap<String, T>) -> std::io::Result<()> {
    records.iter().try_for_each(|(name, record)| write_frame(out, name, Some(record)))
}

/// The log of a file just written whole by [`write_all`], `len` bytes long.
pub fn written<T: Versioned>(records: &BTreeMap<String, T>, len: u64) -> Log {
    let versions = records.iter().map(|(name, record)| (name.clone(), record.version())).collect();
    Log { versions, records: records.len(), valid_len: len }
}

/// Appends to the file at `path` the records that `log` says it lacks,
/// and marks as removed those it holds that `records` no longer has.
/// `None` when the file should be written anew instead: most of its
/// records would be replaced ones, or it is not the file `log` describes.
pub fn append<T: Serialize + Versioned>(
    path: &Path,
    records: &BTreeMap<String, T>,
    log: &Log,
) -> std::io::Result<Option<Log>> {
    let new: Vec<(&String, &T)> =
        records.iter().filter(|(name, record)| log.versions.get(*name) != Some(&record.version())).collect();
    let gone: Vec<&String> = log.versions.keys().filter(|name| !records.contains_key(*name)).collect();
    if new.is_empty() && gone.is_empty() {
        return Ok(Some(log.clone()));
    }
    if log.records + new.len() + gone.len() > 2 * records.len() + SLACK {
        return Ok(None);
    }
    let mut file = match std::fs::OpenOptions::new().write(true).open(path) {
        Ok(file) if file.metadata().is_ok_and(|m| m.len() >= log.valid_len) => file,
        _ => return Ok(None),
    };
    // Debris a killed build left after the last whole record goes first.
    file.set_len(log.valid_len)?;
    file.seek(std::io::SeekFrom::End(0))?;
    let mut out = std::io::BufWriter::new(&mut file);
    for (name, record) in &new {
        write_frame(&mut out, name, Some(*record))?;
    }
    for name in &gone {
        write_frame::<T>(&mut out, name, None)?;
    }
    out.flush()?;
    drop(out);
    let mut log = log.clone();
    log.valid_len = file.stream_position()?;
    log.records += new.len() + gone.len();
    for name in gone {
        log.versions.remove(name.as_str());
    }
    log.versions.extend(new.into_iter().map(|(name, record)| (name.clone(), record.version())));
    Ok(Some(log))
}

fn write_frame<T: Serialize>(out: &mut dyn Write, name: &str, record: Option<&T>) -> std::io::Result<()> {
    let payload = postcard::to_stdvec(&(name, record)).map_err(std::io::Error::other)?;
    let len = u32::try_from(payload.len()).map_err(std::io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&fingerprint::of_bytes(&payload).0.to_le_bytes())?;
    out.write_all(&payload)
}

#[cfg(test)]
impl Log {
    /// Records in the file, replaced ones included.
    pub fn records(&self) -> usize {
        self.records
    }
}
