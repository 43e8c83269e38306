//! What one build remembers for the next: per seed, per content page and
//! per output page, enough to redo only what a change touches. Kept in
//! memory by `serve` and on disk under `.briefing/` by `build`.
//!
//! On disk it is three files, each starting with a header that must match
//! (a cache of another version of briefing, or for other folders, is
//! discarded with a notice): the state proper (seeds and output pages),
//! and two [`records`] files that a build appends to, the content pages
//! and the readings, which are most of the cache.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::records::{self, Log, Versioned};
use crate::analyze::Reading;
use crate::config::Config;
use crate::content::page::Page;
use crate::error::{Error, Result};
use crate::fingerprint::{self, FileStamp, Fingerprint, Hasher};
use crate::site::search::Memory;

/// The cache folder under the project root (git-ignored).
pub const CACHE_DIR: &str = ".briefing";
/// The state file. Each file's format version is part of its name and of
/// the header.
const STATE_FILE: &str = "state-v2.bin";
/// The content pages' records.
const CONTENT_FILE: &str = "content-v1.bin";
/// The readings' records: a one-off build writes them as soon as the
/// analysis is done and frees them before rendering (each is checked
/// against its key when used, so a readings file newer than the state file
/// is harmless).
const READINGS_FILE: &str = "readings-v2.bin";
/// What the search index remembers of its items (see
/// [`crate::site::search::memory`]), written whole by each build.
const SEARCH_FILE: &str = "search-v1.bin";
/// Cache files of earlier versions, removed when the cache is written.
const OLD_FILES: &[&str] = &["state-v1.bin", "readings-v1.bin"];
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
    #[serde(with = "crate::packed")]
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
    pub page: Arc<Page>,
}

impl Versioned for ContentRecord {
    /// The page is what the file held with this stamp (the build's whole
    /// notion of "unchanged" rests on it).
    fn version(&self) -> Fingerprint {
        Hasher::new().value(&self.stamp).finish()
    }
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

impl Versioned for ReadingRecord {
    fn version(&self) -> Fingerprint {
        self.key
    }
}

/// Everything remembered between builds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct State {
    /// Seeds by source path (relative to the project root).
    pub seeds: BTreeMap<String, SeedRecord>,
    /// Content pages by file (relative to `content/`), saved in their own
    /// file.
    #[serde(skip)]
    pub content: BTreeMap<String, ContentRecord>,
    /// What the content pages' file holds, when it can be appended to.
    #[serde(skip)]
    pub content_log: Option<Log>,
    /// What the analysis read in each content page, by file (saved in
    /// their own file, see [`save_readings`]).
    #[serde(skip)]
    pub readings: BTreeMap<String, ReadingRecord>,
    /// The readings were saved and dropped from memory: [`save`] leaves
    /// their file as it is.
    #[serde(skip)]
    pub readings_saved: bool,
    /// What the readings' file holds, when it can be appended to.
    #[serde(skip)]
    pub readings_log: Option<Log>,
    /// What the search index remembers of its items (saved in its own file).
    #[serde(skip)]
    pub search: Memory,
    /// Output files by path (relative to the output folder): pages, and
    /// the other files (feed, assets) with no ids or links.
    pub pages: BTreeMap<String, PageRecord>,
    /// The site the last build replaced, when it was kept for the next
    /// build to start from.
    pub spare: Option<SpareRecord>,
}

/// The site a build replaced, kept in the cache folder: the next build
/// starts its new site from it and touches only the files that differ
/// (see [`crate::output::Staging::from_spare`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpareRecord {
    /// Its folder's name in the cache folder. Each is new, so that a
    /// folder left by a build killed before it saved its state is never
    /// taken for the one the state describes.
    pub name: String,
    /// The files in which it differs from the current site (relative to
    /// the output folder): those the last build wrote or removed.
    pub differs: Vec<String>,
}

/// Names of the folders of [`SpareRecord`]s start with this.
const SPARE_PREFIX: &str = ".spare-";

/// The folder of the spare site the state describes, if it is there.
pub fn spare_dir(root: &Path, spare: &SpareRecord) -> Option<PathBuf> {
    let dir = root.join(CACHE_DIR).join(&spare.name);
    dir.is_dir().then_some(dir)
}

/// A name for a new spare site's folder (see [`SpareRecord::name`]).
pub fn new_spare_name() -> String {
    format!("{SPARE_PREFIX}{}", crate::output::unique_name())
}

/// Moves every spare site but `keep` to the trash: those of builds killed
/// before they saved their state, and those a build writing in place
/// (`serve`) made out of date.
pub fn discard_spares(root: &Path, keep: Option<&str>) -> Result<()> {
    let trash = trash(root);
    let entries = std::fs::read_dir(root.join(CACHE_DIR)).into_iter().flatten().flatten();
    let mut discarded = false;
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(SPARE_PREFIX) && Some(name.as_str()) != keep {
            trash.discard(&entry.path())?;
            discarded = true;
        }
    }
    if discarded {
        trash.empty_in_background();
    }
    Ok(())
}

impl State {
    /// Forgets what the cache files held (they were removed): the next
    /// save writes them whole.
    pub fn detach_from_files(&mut self) {
        self.content_log = None;
        self.readings_log = None;
    }
}

/// What identifies the folders a cache was made for (other settings reach
/// pages through their fingerprints).
fn config_print(config: &Config) -> Fingerprint {
    Hasher::new().value(&(&config.root, &config.seeds_dir, &config.content_dir, &config.output_dir)).finish()
}

fn cache_file(config: &Config, name: &str) -> PathBuf {
    config.root.join(CACHE_DIR).join(name)
}

/// The cache of the last build, or an empty state (with a notice saying
/// why) when there is none, or it is corrupt, foreign or from another
/// version of briefing: a cache is never trusted blindly.
pub fn load(config: &Config) -> (State, Option<String>) {
    let (mut state, notice) = load_state(config, Keep::Copy);
    if notice.is_some() {
        return (state, notice);
    }
    let readings = load_readings(config, Keep::Copy);
    state.readings = readings.records;
    state.readings_log = readings.log;
    let (search, search_notice) = load_search(config);
    state.search = search;
    (state, readings.notice.or(search_notice))
}

/// What the search index remembers of the last build's items (see
/// [`load`]), or nothing (with a notice saying why) when its file is
/// damaged: the index then reads every item again.
pub fn load_search(config: &Config) -> (Memory, Option<String>) {
    let path = cache_file(config, SEARCH_FILE);
    let notice = |why: String| Some(format!("{}: {why}; the search index reads every item again", path.display()));
    let body = match read_header(config, &path) {
        Ok(Some((bytes, start))) => postcard::from_bytes::<(Fingerprint, &[u8])>(&bytes[start..])
            .ok()
            .filter(|(sum, body)| *sum == fingerprint::of_bytes(body))
            .and_then(|(_, body)| postcard::from_bytes::<Memory>(body).ok())
            .filter(Memory::is_sound)
            .ok_or_else(corrupt),
        Ok(None) => return (Memory::default(), None),
        Err(why) => Err(why),
    };
    match body {
        Ok(memory) => (memory, None),
        Err(why) => (Memory::default(), notice(why)),
    }
}

/// How the strings of a records file are read out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Copied: the file is unmapped once read (`serve`, which runs while
    /// the files are rewritten).
    Copy,
    /// Borrowed: the file stays mapped until the process ends (`build`,
    /// which ends soon after; see [`crate::shared_str`]).
    Pin,
}

/// The cache of the last build without its readings (see [`load`] and
/// [`load_readings`], which can run at the same time).
pub fn load_state(config: &Config, keep: Keep) -> (State, Option<String>) {
    let path = cache_file(config, STATE_FILE);
    let discard = |why: String| {
        (State::default(), Some(format!("{}: {why}; it was discarded and everything is rebuilt", path.display())))
    };
    let mut state = match read_header(config, &path).and_then(|found| {
        found.map(|(bytes, start)| postcard::from_bytes::<State>(&bytes[start..]).map_err(|_| corrupt())).transpose()
    }) {
        Ok(Some(state)) => state,
        Ok(None) => return (State::default(), None),
        Err(why) => return discard(why),
    };
    let content = load_records(config, CONTENT_FILE, keep, "the content pages it covered are read again");
    state.content = content.records;
    state.content_log = content.log;
    (state, content.notice)
}

/// The records of one of the cache's records files, as [`load_records`]
/// found them.
#[derive(Debug)]
pub struct Loaded<T> {
    /// By name (a content file).
    pub records: BTreeMap<String, T>,
    /// The file they came from, when it can be appended to.
    pub log: Option<Log>,
    /// Why they were not all usable.
    pub notice: Option<String>,
}

impl<T> Default for Loaded<T> {
    fn default() -> Self {
        Loaded { records: BTreeMap::new(), log: None, notice: None }
    }
}

/// The readings of the last build (see [`load`]).
pub fn load_readings(config: &Config, keep: Keep) -> Loaded<ReadingRecord> {
    load_records(config, READINGS_FILE, keep, "the documents it covered are analysed again")
}

/// Reads the records file `name`; `lost` says what a damaged one costs.
fn load_records<T: DeserializeOwned + Versioned + Send>(
    config: &Config,
    name: &str,
    keep: Keep,
    lost: &str,
) -> Loaded<T> {
    let path = cache_file(config, name);
    let notice = |why: &str| Some(format!("{}: {why}; {lost}", path.display()));
    match read_header(config, &path) {
        Ok(Some((bytes, start))) => {
            let (records, log, damaged) = match keep {
                Keep::Copy => records::read(&bytes, start),
                Keep::Pin => records::read(crate::shared_str::pin(bytes), start),
            };
            Loaded { records, log: Some(log), notice: if damaged { notice("its end is damaged") } else { None } }
        }
        Ok(None) => Loaded::default(),
        Err(why) => Loaded { notice: notice(&why), ..Loaded::default() },
    }
}

fn corrupt() -> String {
    "the build cache could not be read (it is corrupt)".to_string()
}

/// The bytes of the cache file at `path` and where its body starts after
/// the header: `None` when there is none, and why not when it cannot be
/// trusted.
fn read_header(config: &Config, path: &Path) -> std::result::Result<Option<(FileBytes, usize)>, String> {
    let Ok(bytes) = FileBytes::of(path) else { return Ok(None) };
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

/// A cache file's bytes, mapped into memory where the system allows.
///
/// Reading 140 MB of cache into fresh buffers cost a one-seed rebuild at
/// 10,000 documents a copy of every byte and a page fault per 4 KB (a
/// third of its page faults, ~75 ms of CPU); a mapping shares the pages
/// the system already holds. The files are replaced by renaming, or
/// appended to (after cutting off debris past the last whole record) under
/// the build lock, so the mapped bytes of whole records never change while
/// they are read, nor while a build keeps them ([`Keep::Pin`]).
enum FileBytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl FileBytes {
    fn of(path: &Path) -> std::io::Result<FileBytes> {
        let file = std::fs::File::open(path)?;
        // SAFETY: see above: nothing writes to a cache file while a build
        // holds the lock, and only builds (or `serve`) write to them.
        match unsafe { memmap2::MmapOptions::new().populate().map(&file) } {
            Ok(map) => Ok(FileBytes::Mapped(map)),
            Err(_) => std::fs::read(path).map(FileBytes::Read),
        }
    }
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(map) => map,
            FileBytes::Read(bytes) => bytes,
        }
    }
}

/// Writes the cache for the next build (the readings too, unless they were
/// saved already).
pub fn save(config: &Config, state: &State) -> Result<()> {
    for old in OLD_FILES {
        let _ = std::fs::remove_file(cache_file(config, old));
    }
    write_header_and(config, &cache_file(config, STATE_FILE), |out| {
        postcard::to_io(state, out).map(drop).map_err(std::io::Error::other)
    })?;
    save_records(config, CONTENT_FILE, &state.content, state.content_log.as_ref())?;
    save_search(config, &state.search)?;
    if state.readings_saved {
        return Ok(());
    }
    save_readings(config, &state.readings, state.readings_log.as_ref()).map(drop)
}

/// Writes what the search index remembers, with a checksum (a damaged
/// file could otherwise decode into a wrong index).
fn save_search(config: &Config, memory: &Memory) -> Result<()> {
    let body = postcard::to_stdvec(memory).map_err(|e| Error::Other(format!("encoding the search cache: {e}")))?;
    write_header_and(config, &cache_file(config, SEARCH_FILE), |out| {
        postcard::to_io(&(fingerprint::of_bytes(&body), serde_bytes::Bytes::new(&body)), out)
            .map(drop)
            .map_err(std::io::Error::other)
    })
}

/// Brings the readings' file up to date with `readings` (see [`records`]).
pub fn save_readings(config: &Config, readings: &BTreeMap<String, ReadingRecord>, log: Option<&Log>) -> Result<Log> {
    save_records(config, READINGS_FILE, readings, log)
}

/// Appends to the records file `name` what `log` says it lacks, or writes
/// it anew. Returns what it then holds.
fn save_records<T: Serialize + Versioned>(
    config: &Config,
    name: &str,
    all: &BTreeMap<String, T>,
    log: Option<&Log>,
) -> Result<Log> {
    let path = cache_file(config, name);
    if let Some(log) = log
        && let Some(appended) = records::append(&path, all, log).map_err(|e| Error::io(&path, "writing", e))?
    {
        return Ok(appended);
    }
    write_header_and(config, &path, |out| records::write_all(out, all))?;
    let len = std::fs::metadata(&path).map_err(|e| Error::io(&path, "reading", e))?.len();
    Ok(records::written(all, len))
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
    for name in [STATE_FILE, CONTENT_FILE, READINGS_FILE, SEARCH_FILE] {
        let _ = std::fs::remove_file(cache_file(config, name));
    }
}

/// Where a build puts old sites to be deleted in the background.
pub fn trash(root: &Path) -> crate::output::Trash {
    crate::output::Trash::new(root.join(CACHE_DIR).join(".trash"))
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
        assert!(loaded.readings_log.is_some() && loaded.content_log.is_some(), "the records files can be appended to");
        loaded.detach_from_files();
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
        std::fs::write(cache_file(&config, READINGS_FILE), b"\x07garbage").unwrap();
        let (loaded, notice) = load(&config);
        assert_eq!(loaded.pages, state.pages);
        assert!(notice.unwrap().contains("analysed again"));
    }

    #[test]
    fn corrupt_cache_is_discarded_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        std::fs::write(cache_file(&config, STATE_FILE), b"\x07garbage that is not a cache").unwrap();
        let (state, notice) = load(&config);
        assert_eq!(state, State::default());
        assert!(notice.unwrap().contains("discarded"));
    }

    #[test]
    fn the_search_memory_round_trips_and_a_damaged_one_is_dropped_with_a_notice() {
        use crate::site::search::{index::Index, items::Item};
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let item = Item::for_test("Reports", "The committee reported its findings.", "en");
        let built = Index::build_from(&[Fingerprint(1)], Memory::default(), |_| &item, |_| Fingerprint(2));
        let state = State { search: built.memory, ..State::default() };
        save(&config, &state).unwrap();
        let (mut loaded, notice) = load(&config);
        loaded.detach_from_files();
        assert_eq!((loaded, notice), (state, None));

        let path = cache_file(&config, SEARCH_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() - 20;
        bytes[middle] ^= 0x55;
        std::fs::write(&path, bytes).unwrap();
        let (loaded, notice) = load(&config);
        assert_eq!(loaded.search, Memory::default());
        assert!(notice.unwrap().contains("the search index reads every item again"));
    }

    #[test]
    fn cache_of_another_build_is_named_so_even_if_its_state_differs() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).unwrap();
        let mut bytes = postcard::to_stdvec(&(MAGIC, "0.0.1+old", config_print(&config))).unwrap();
        bytes.extend_from_slice(b"\xff\xff a state this build cannot decode");
        std::fs::write(cache_file(&config, STATE_FILE), bytes).unwrap();
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
        let size = std::fs::metadata(cache_file(&config, READINGS_FILE)).unwrap().len();
        let second = readings(&[("a.md", 1), ("b.md", 3)]);
        let log = save_readings(&config, &second, Some(&log)).unwrap();
        assert_eq!(log.records(), 3, "one record appended, none rewritten");
        assert!(std::fs::metadata(cache_file(&config, READINGS_FILE)).unwrap().len() > size);
        let loaded = load_readings(&config, Keep::Copy);
        assert_eq!(loaded.records, second);
        assert_eq!(loaded.log, Some(log));
        assert!(loaded.notice.is_none());
    }

    #[test]
    fn nothing_is_written_when_no_reading_changed() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let all = readings(&[("a.md", 1)]);
        let log = save_readings(&config, &all, None).unwrap();
        let before = std::fs::read(cache_file(&config, READINGS_FILE)).unwrap();
        assert_eq!(save_readings(&config, &all, Some(&log)).unwrap(), log);
        assert_eq!(std::fs::read(cache_file(&config, READINGS_FILE)).unwrap(), before);
    }

    #[test]
    fn a_file_of_mostly_replaced_records_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let mut log = save_readings(&config, &readings(&[("a.md", 0)]), None).unwrap();
        for key in 1..200 {
            log = save_readings(&config, &readings(&[("a.md", key)]), Some(&log)).unwrap();
        }
        assert!(log.records() <= 2 + 64, "{}", log.records());
        assert_eq!(load_readings(&config, Keep::Copy).records, readings(&[("a.md", 199)]));
    }

    #[test]
    fn a_cut_off_append_costs_only_the_cut_record_and_is_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let path = cache_file(&config, READINGS_FILE);
        save_readings(&config, &readings(&[("a.md", 1), ("b.md", 2)]), None).unwrap();
        let whole = std::fs::read(&path).unwrap();
        // A build killed halfway through writing its last record.
        std::fs::write(&path, &whole[..whole.len() - 3]).unwrap();
        let loaded = load_readings(&config, Keep::Copy);
        assert_eq!(loaded.records, readings(&[("a.md", 1)]));
        assert!(loaded.notice.unwrap().contains("analysed again"));
        let log = save_readings(&config, &readings(&[("a.md", 1), ("b.md", 5)]), loaded.log.as_ref()).unwrap();
        let again = load_readings(&config, Keep::Copy);
        assert_eq!(again.records, readings(&[("a.md", 1), ("b.md", 5)]));
        assert!(again.notice.is_none(), "the debris was cut off before appending");
        assert_eq!(again.log, Some(log));
    }

    #[test]
    fn a_damaged_record_ends_the_file_there() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let path = cache_file(&config, READINGS_FILE);
        save_readings(&config, &readings(&[("a.md", 1), ("b.md", 2)]), None).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let loaded = load_readings(&config, Keep::Copy);
        assert_eq!(loaded.records, readings(&[("a.md", 1)]));
        assert!(loaded.notice.is_some());
    }

    #[test]
    fn a_log_whose_file_is_gone_is_written_anew() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let log = save_readings(&config, &readings(&[("a.md", 1)]), None).unwrap();
        forget(&config);
        save_readings(&config, &readings(&[("a.md", 2)]), Some(&log)).unwrap();
        assert_eq!(load_readings(&config, Keep::Copy).records, readings(&[("a.md", 2)]));
    }

    #[test]
    fn a_removed_document_leaves_the_records_and_stays_gone() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let log = save_readings(&config, &readings(&[("a.md", 1), ("b.md", 2)]), None).unwrap();
        let log = save_readings(&config, &readings(&[("a.md", 1)]), Some(&log)).unwrap();
        assert_eq!(log.records(), 3, "a removal is one record");
        let loaded = load_readings(&config, Keep::Copy);
        assert_eq!(loaded.records, readings(&[("a.md", 1)]));
        assert_eq!(loaded.log, Some(log));
    }

    #[test]
    fn content_pages_are_kept_in_their_own_appended_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = config(dir.path());
        let page =
            |title: &str| crate::content::page::parse("a.md", &format!("+++\ntitle = \"{title}\"\n+++\nBody.\n"));
        let record = |ns, title: &str| ContentRecord {
            stamp: FileStamp { size: 10, modified_ns: ns },
            page: Arc::new(page(title).unwrap()),
        };
        let mut state = State::default();
        state.content.insert("a.md".into(), record(1, "One"));
        state.content.insert("b.md".into(), record(1, "Two"));
        save(&config, &state).unwrap();
        let (mut loaded, notice) = load(&config);
        assert!(notice.is_none());
        assert_eq!(loaded.content, state.content);
        loaded.content.insert("b.md".into(), record(2, "Three"));
        save(&config, &loaded).unwrap();
        let (again, _) = load(&config);
        assert_eq!(again.content, loaded.content);
        assert_eq!(again.content_log.unwrap().records(), 3);
    }
}
