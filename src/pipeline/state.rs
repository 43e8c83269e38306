//! What one build remembers for the next: per seed, per content page and
//! per output page, enough to redo only what a change touches. Kept in
//! memory by `serve` and on disk under `.briefing/` by `build`.

use std::collections::{BTreeMap, HashMap};
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::Reading;
use crate::config::Config;
use crate::content::page::Page;
use crate::error::{Error, Result};
use crate::fingerprint::{FileStamp, Fingerprint, Hasher};

/// The cache folder under the project root (git-ignored).
pub const CACHE_DIR: &str = ".briefing";
/// The cache file. Its format version is part of the name and of the header.
const STATE_FILE: &str = "state-v1.bin";
/// The readings, in a file of their own: a one-off build writes them as
/// soon as the analysis is done and frees them before rendering (they are
/// most of the cache, and each is checked against its key when used, so a
/// readings file newer than the state file is harmless). It is a log (see
/// [`ReadingsLog`]): a build appends the readings it made.
const READINGS_FILE: &str = "readings-v2.bin";
/// Cache files of earlier versions, removed when the cache is written.
const OLD_FILES: &[&str] = &["readings-v1.bin"];
/// The tag every cache file starts with.
const MAGIC: &str = "briefing build cache v1";

/// A seed as the last build saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedRecord {
    /// Size and modification time when it was read.
    pub stamp: FileStamp,
    /// Content hash of its bytes.
    pub hash: String,
    /// Keys of its lines, for the corpus hints (see `clean::corpus`).
    pub line_keys: Vec<u64>,
    /// Everything its cleaning depended on: when unchanged, cleaning it
    /// again would give the same page.
    pub clean_key: Fingerprint,
}

/// A content page as the last build read or wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentRecord {
    /// Size and modification time when it was read or written.
    pub stamp: FileStamp,
    /// The page.
    pub page: Page,
}

/// An output page as the last build wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRecord {
    /// The fingerprint of what it was made from.
    pub fingerprint: Fingerprint,
    /// Its ids, sorted, for checking links to its anchors without reading it again.
    pub ids: Vec<String>,
}

/// What the analysis read in one document, and the fingerprint of what it
/// read (body, title, date, language, kind and the analysis settings).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadingRecord {
    /// Fingerprint of the inputs of the reading.
    pub key: Fingerprint,
    /// The reading, shared with the running build.
    pub reading: Arc<Reading>,
}

/// Everything remembered between builds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Seeds by source path (relative to the project root).
    pub seeds: BTreeMap<String, SeedRecord>,
    /// Content pages by file (relative to `content/`).
    pub content: BTreeMap<String, ContentRecord>,
    /// What the analysis read in each content page, by file (saved in
    /// their own file, see [`save_readings`]).
    #[serde(skip)]
    pub readings: BTreeMap<String, ReadingRecord>,
    /// The readings were saved and dropped from memory: [`save`] leaves
    /// their file as it is.
    #[serde(skip)]
    pub readings_saved: bool,
    /// What the readings file holds, when it was read whole and can be
    /// appended to.
    #[serde(skip)]
    pub readings_log: Option<ReadingsLog>,
    /// Output files by path (relative to the output folder): pages, and
    /// the other files (feed, assets) with no ids or links.
    pub pages: BTreeMap<String, PageRecord>,
}

/// What identifies the folders a cache was made for (other settings reach
/// pages through their fingerprints).
fn config_print(config: &Config) -> Fingerprint {
    Hasher::new().value(&(&config.root, &config.seeds_dir, &config.content_dir, &config.output_dir)).finish()
}

fn state_path(config: &Config) -> PathBuf {
    config.root.join(CACHE_DIR).join(STATE_FILE)
}

fn readings_path(config: &Config) -> PathBuf {
    config.root.join(CACHE_DIR).join(READINGS_FILE)
}

/// The cache of the last build, or an empty state (with a notice saying
/// why) when there is none, or it is corrupt, foreign or from another
/// version of briefing: a cache is never trusted blindly.
pub fn load(config: &Config) -> (State, Option<String>) {
    let (mut state, notice) = load_state(config);
    if notice.is_some() {
        return (state, notice);
    }
    let readings = load_readings(config);
    state.readings = readings.readings;
    state.readings_log = readings.log;
    (state, readings.notice)
}

/// The cache of the last build without its readings (see [`load`] and
/// [`load_readings`], which can run at the same time).
pub fn load_state(config: &Config) -> (State, Option<String>) {
    let path = state_path(config);
    let discard = |why: String| {
        (State::default(), Some(format!("{}: {why}; it was discarded and everything is rebuilt", path.display())))
    };
    match read_header(config, &path).and_then(|found| {
        found.map(|(bytes, start)| postcard::from_bytes::<State>(&bytes[start..]).map_err(|_| corrupt())).transpose()
    }) {
        Ok(Some(state)) => (state, None),
        Ok(None) => (State::default(), None),
        Err(why) => discard(why),
    }
}

/// The readings of the last build, as [`load_readings`] found them.
#[derive(Debug, Default)]
pub struct LoadedReadings {
    /// By content file.
    pub readings: BTreeMap<String, ReadingRecord>,
    /// The file they came from, when it can be appended to.
    pub log: Option<ReadingsLog>,
    /// Why they were not all usable.
    pub notice: Option<String>,
}

/// The readings' file as the last build left it: a header, then one
/// framed record (`(file, reading)`) per reading a build made, the later
/// record of a file replacing the earlier. A build appends only the
/// readings it made, so one changed document costs one record, not a
/// rewrite of them all; once most records are replaced ones, the file is
/// written anew.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadingsLog {
    /// The key of the reading the file holds for each content file.
    keys: HashMap<String, Fingerprint>,
    /// Records in the file, replaced ones included.
    records: usize,
    /// Bytes of whole records (anything after them is the debris of a
    /// build killed while appending, cut off before the next append).
    valid_len: u64,
}

/// Reads the readings' cache file. A damaged record ends the file there:
/// the records before it are used, and the documents after are read again.
pub fn load_readings(config: &Config) -> LoadedReadings {
    let path = readings_path(config);
    let notice = |why: String| format!("{}: {why}; the documents it covered are analysed again", path.display());
    let (bytes, start) = match read_header(config, &path) {
        Ok(Some(found)) => found,
        Ok(None) => return LoadedReadings::default(),
        Err(why) => return LoadedReadings { notice: Some(notice(why)), ..LoadedReadings::default() },
    };
    let frames = frames(&bytes, start);
    let valid_len = frames.last().map_or(start, |f| f.end) as u64;
    let decoded: Vec<Option<(String, ReadingRecord)>> =
        frames.par_iter().map(|f| postcard::from_bytes(&bytes[f.clone()]).ok()).collect();
    let whole = decoded.iter().take_while(|d| d.is_some()).count();
    let damaged = whole < decoded.len() || valid_len < bytes.len() as u64;
    let mut log = ReadingsLog { keys: HashMap::new(), records: whole, valid_len };
    let mut readings = BTreeMap::new();
    for (file, record) in decoded.into_iter().map_while(|d| d) {
        log.keys.insert(file.clone(), record.key);
        readings.insert(file, record);
    }
    if whole < frames.len() {
        log.valid_len = frames[whole].start as u64 - FRAME_HEAD as u64;
    }
    LoadedReadings {
        readings,
        log: Some(log),
        notice: damaged.then(|| notice("the end of the build cache is damaged".to_string())),
    }
}

/// Bytes before each record: its length (u32) and checksum (16 bytes).
const FRAME_HEAD: usize = 4 + 16;

/// The payloads of the whole, intact records of a readings file from
/// `start`, in order; stops at the first cut or damaged one.
fn frames(bytes: &[u8], mut start: usize) -> Vec<std::ops::Range<usize>> {
    let mut frames = Vec::new();
    while let Some(head) = bytes.get(start..start + FRAME_HEAD) {
        let len = u32::from_le_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let body = start + FRAME_HEAD..start + FRAME_HEAD + len;
        let Some(payload) = bytes.get(body.clone()) else { break };
        if crate::fingerprint::of_bytes(payload).0.to_le_bytes() != head[4..] {
            break;
        }
        frames.push(body.clone());
        start = body.end;
    }
    frames
}

/// Appends one framed record of `file`'s `record` to `out`.
fn write_frame(out: &mut dyn Write, file: &str, record: &ReadingRecord) -> std::io::Result<()> {
    let payload = postcard::to_stdvec(&(file, record)).map_err(std::io::Error::other)?;
    let len = u32::try_from(payload.len()).map_err(std::io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&crate::fingerprint::of_bytes(&payload).0.to_le_bytes())?;
    out.write_all(&payload)
}

fn corrupt() -> String {
    "the build cache could not be read (it is corrupt)".to_string()
}

/// The bytes of the cache file at `path` and where its body starts after
/// the header: `None` when there is none, and why not when it cannot be
/// trusted.
fn read_header(config: &Config, path: &Path) -> std::result::Result<Option<(Vec<u8>, usize)>, String> {
    let Ok(bytes) = std::fs::read(path) else { return Ok(None) };
    // The header first: a cache from another build of briefing may not
    // decode as this build's state, and should be reported as what it is.
    let ((magic, tool, saved_config), rest) =
        postcard::take_from_bytes::<(String, String, Fingerprint)>(&bytes).map_err(|_| corrupt())?;
    if magic != MAGIC {
        return Err("the build cache is not briefing's".to_string());
    }
    if tool != crate::fingerprint::build_id() {
        return Err(format!("the build cache is from another build of briefing ({tool})"));
    }
    if saved_config != config_print(config) {
        return Err("the build cache is for other settings".to_string());
    }
    let start = bytes.len() - rest.len();
    Ok(Some((bytes, start)))
}

/// Writes the cache for the next build (the readings too, unless they were
/// saved already).
pub fn save(config: &Config, state: &State) -> Result<()> {
    write_header_and(config, &state_path(config), |out| {
        postcard::to_io(state, out).map(drop).map_err(std::io::Error::other)
    })?;
    if state.readings_saved {
        Ok(())
    } else {
        save_readings(config, &state.readings, state.readings_log.as_ref()).map(drop)
    }
}

/// Brings the readings' file up to date with `readings`: appends the ones
/// `log` says it lacks, or writes it anew when there is no usable file or
/// most of its records would be replaced ones. Returns what it then holds.
pub fn save_readings(
    config: &Config,
    readings: &BTreeMap<String, ReadingRecord>,
    log: Option<&ReadingsLog>,
) -> Result<ReadingsLog> {
    let path = readings_path(config);
    let Some(log) = log else { return rewrite_readings(config, &path, readings) };
    let new: Vec<(&String, &ReadingRecord)> =
        readings.iter().filter(|(file, record)| log.keys.get(*file) != Some(&record.key)).collect();
    if new.is_empty() {
        return Ok(log.clone());
    }
    if log.records + new.len() > 2 * readings.len() + 64 {
        return rewrite_readings(config, &path, readings);
    }
    let opened = std::fs::OpenOptions::new().write(true).open(&path);
    // A file that is gone or shorter than when it was read is not the one
    // the log describes.
    let mut file = match opened {
        Ok(file) if file.metadata().is_ok_and(|m| m.len() >= log.valid_len) => file,
        _ => return rewrite_readings(config, &path, readings),
    };
    let mut log = log.clone();
    let appended = (|| {
        // Debris a killed build left after the last whole record goes first.
        file.set_len(log.valid_len)?;
        file.seek(std::io::SeekFrom::End(0))?;
        let mut out = std::io::BufWriter::new(&mut file);
        for (name, record) in &new {
            write_frame(&mut out, name, record)?;
        }
        out.flush()?;
        drop(out);
        file.stream_position()
    })()
    .map_err(|e| Error::io(&path, "writing", e))?;
    log.valid_len = appended;
    log.records += new.len();
    log.keys.extend(new.into_iter().map(|(name, record)| (name.clone(), record.key)));
    Ok(log)
}

/// Writes the readings' file anew, atomically.
fn rewrite_readings(config: &Config, path: &Path, readings: &BTreeMap<String, ReadingRecord>) -> Result<ReadingsLog> {
    for old in OLD_FILES {
        let _ = std::fs::remove_file(config.root.join(CACHE_DIR).join(old));
    }
    write_header_and(config, path, |out| {
        readings.iter().try_for_each(|(name, record)| write_frame(out, name, record))
    })?;
    let valid_len = std::fs::metadata(path).map_err(|e| Error::io(path, "reading", e))?.len();
    let keys = readings.iter().map(|(name, record)| (name.clone(), record.key)).collect();
    Ok(ReadingsLog { keys, records: readings.len(), valid_len })
}

/// Writes the cache file at `path` atomically: the header, then what
/// `body` writes (streamed: the cache is as large as the state).
fn write_header_and(
    config: &Config,
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let header = (MAGIC, crate::fingerprint::build_id(), config_print(config));
    crate::output::write_atomic_with(path, |out| {
        postcard::to_io(&header, &mut *out).map_err(std::io::Error::other)?;
        body(out)
    })
}

/// Removes the cache (a later build starts from scratch).
pub fn forget(config: &Config) {
    let _ = std::fs::remove_file(state_path(config));
    let _ = std::fs::remove_file(readings_path(config));
}

/// Where the lock that keeps two builds of one project apart lives.
pub fn lock_path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join("lock")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(dir: &Path) -> Config {
        Config::defaults(dir)
    }

    #[test]
    fn state_round_trips_through_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let mut state = State::default();
        state.pages.insert("index.html".into(), PageRecord { fingerprint: Fingerprint(7), ids: vec!["a".into()] });
        let reading = ReadingRecord { key: Fingerprint(3), reading: Arc::new(Reading::default()) };
        state.readings.insert("a.md".into(), reading);
        save(&config, &state).unwrap();
        let (mut loaded, notice) = load(&config);
        assert!(loaded.readings_log.take().is_some(), "the readings' file can be appended to");
        assert_eq!(loaded, state);
        assert!(notice.is_none());
    }

    #[test]
    fn readings_saved_early_are_not_overwritten_by_the_state() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let mut state = State::default();
        let reading = ReadingRecord { key: Fingerprint(3), reading: Arc::new(Reading::default()) };
        state.readings.insert("a.md".into(), reading);
        save_readings(&config, &state.readings, None).unwrap();
        let readings = std::mem::take(&mut state.readings);
        state.readings_saved = true;
        save(&config, &state).unwrap();
        assert_eq!(load(&config).0.readings, readings);
    }

    #[test]
    fn a_corrupt_readings_file_costs_the_readings_only() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let mut state = State::default();
        state.pages.insert("index.html".into(), PageRecord { fingerprint: Fingerprint(7), ids: Vec::new() });
        save(&config, &state).unwrap();
        std::fs::write(readings_path(&config), b"\x07garbage").unwrap();
        let (loaded, notice) = load(&config);
        assert_eq!(loaded.pages, state.pages);
        assert!(notice.unwrap().contains("analysed again"));
    }

    #[test]
    fn corrupt_cache_is_discarded_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        std::fs::write(state_path(&config), b"\x07garbage that is not a cache").unwrap();
        let (state, notice) = load(&config);
        assert_eq!(state, State::default());
        assert!(notice.unwrap().contains("discarded"));
    }

    #[test]
    fn cache_of_another_build_is_named_so_even_if_its_state_differs() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        let mut bytes = postcard::to_stdvec(&(MAGIC, "0.0.1+old", config_print(&config))).unwrap();
        bytes.extend_from_slice(b"\xff\xff a state this build cannot decode");
        std::fs::write(state_path(&config), bytes).unwrap();
        let notice = load(&config).1.unwrap();
        assert!(notice.contains("another build of briefing (0.0.1+old)"), "{notice}");
    }

    #[test]
    fn cache_for_other_settings_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        save(&config, &State::default()).unwrap();
        let mut other = config.clone();
        other.output_dir = dir.path().join("site");
        assert!(load(&other).1.unwrap().contains("other settings"));
    }

    fn reading(key: u128) -> ReadingRecord {
        ReadingRecord { key: Fingerprint(key), reading: Arc::new(Reading::default()) }
    }

    fn readings(pairs: &[(&str, u128)]) -> BTreeMap<String, ReadingRecord> {
        pairs.iter().map(|(file, key)| (file.to_string(), reading(*key))).collect()
    }

    #[test]
    fn a_changed_reading_is_appended_and_wins_over_the_old_one() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let first = readings(&[("a.md", 1), ("b.md", 2)]);
        let log = save_readings(&config, &first, None).unwrap();
        let size = std::fs::metadata(readings_path(&config)).unwrap().len();
        let second = readings(&[("a.md", 1), ("b.md", 3)]);
        let log = save_readings(&config, &second, Some(&log)).unwrap();
        assert_eq!(log.records, 3, "one record appended, none rewritten");
        assert!(std::fs::metadata(readings_path(&config)).unwrap().len() > size);
        let loaded = load_readings(&config);
        assert_eq!(loaded.readings, second);
        assert_eq!(loaded.log, Some(log));
        assert!(loaded.notice.is_none());
    }

    #[test]
    fn nothing_is_written_when_no_reading_changed() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let all = readings(&[("a.md", 1)]);
        let log = save_readings(&config, &all, None).unwrap();
        let before = std::fs::read(readings_path(&config)).unwrap();
        assert_eq!(save_readings(&config, &all, Some(&log)).unwrap(), log);
        assert_eq!(std::fs::read(readings_path(&config)).unwrap(), before);
    }

    #[test]
    fn a_file_of_mostly_replaced_records_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let mut log = save_readings(&config, &readings(&[("a.md", 0)]), None).unwrap();
        for key in 1..200 {
            log = save_readings(&config, &readings(&[("a.md", key)]), Some(&log)).unwrap();
        }
        assert!(log.records <= 2 + 64, "{}", log.records);
        assert_eq!(load_readings(&config).readings, readings(&[("a.md", 199)]));
    }

    #[test]
    fn a_cut_off_append_costs_only_the_cut_record_and_is_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let path = readings_path(&config);
        save_readings(&config, &readings(&[("a.md", 1), ("b.md", 2)]), None).unwrap();
        let whole = std::fs::read(&path).unwrap();
        // A build killed halfway through writing its last record.
        std::fs::write(&path, &whole[..whole.len() - 3]).unwrap();
        let loaded = load_readings(&config);
        assert_eq!(loaded.readings, readings(&[("a.md", 1)]));
        assert!(loaded.notice.unwrap().contains("analysed again"));
        let log = save_readings(&config, &readings(&[("a.md", 1), ("b.md", 5)]), loaded.log.as_ref()).unwrap();
        let again = load_readings(&config);
        assert_eq!(again.readings, readings(&[("a.md", 1), ("b.md", 5)]));
        assert!(again.notice.is_none(), "the debris was cut off before appending");
        assert_eq!(again.log, Some(log));
    }

    #[test]
    fn a_damaged_record_ends_the_file_there() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let path = readings_path(&config);
        save_readings(&config, &readings(&[("a.md", 1), ("b.md", 2)]), None).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let loaded = load_readings(&config);
        assert_eq!(loaded.readings, readings(&[("a.md", 1)]));
        assert!(loaded.notice.is_some());
    }

    #[test]
    fn a_log_whose_file_is_gone_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let log = save_readings(&config, &readings(&[("a.md", 1)]), None).unwrap();
        forget(&config);
        save_readings(&config, &readings(&[("a.md", 2)]), Some(&log)).unwrap();
        assert_eq!(load_readings(&config).readings, readings(&[("a.md", 2)]));
    }
}
