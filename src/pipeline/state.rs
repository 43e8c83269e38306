//! What one build remembers for the next: per seed, per content page and
//! per output page, enough to redo only what a change touches. Kept in
//! memory by `serve` and on disk under `.briefing/` by `build`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::analyze::Reading;
use crate::config::Config;
use crate::content::page::Page;
use crate::error::Result;
use crate::fingerprint::{FileStamp, Fingerprint, Hasher};

/// The cache folder under the project root (git-ignored).
pub const CACHE_DIR: &str = ".briefing";
/// The cache file. Its format version is part of the name and of the header.
const STATE_FILE: &str = "state-v1.bin";
/// The readings, in a file of their own: a one-off build writes them as
/// soon as the analysis is done and frees them before rendering (they are
/// most of the cache, and each is checked against its key when used, so a
/// readings file newer than the state file is harmless).
const READINGS_FILE: &str = "readings-v1.bin";
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
    /// Output files by path (relative to the output folder): pages, and
    /// the other files (feed, assets) with no ids or links.
    pub pages: BTreeMap<String, PageRecord>,
}

/// A cache file: a header that must match before the body is trusted,
/// then the body (borrowed: it is large, and copying it to write it cost
/// as much as writing it).
#[derive(Serialize)]
struct ToSave<'a, T> {
    magic: &'a str,
    tool: &'a str,
    config: Fingerprint,
    body: &'a T,
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
    let path = state_path(config);
    let discard = |why: String| {
        (State::default(), Some(format!("{}: {why}; it was discarded and everything is rebuilt", path.display())))
    };
    let mut state = match read::<State>(config, &path) {
        Ok(Some(state)) => state,
        Ok(None) => return (State::default(), None),
        Err(why) => return discard(why),
    };
    let readings = readings_path(config);
    match read(config, &readings) {
        Ok(found) => state.readings = found.unwrap_or_default(),
        Err(why) => {
            let notice =
                format!("{}: {why}; it was discarded and every document is analysed again", readings.display());
            return (state, Some(notice));
        }
    }
    (state, None)
}

/// The body of the cache file at `path`: `None` when there is none, and
/// why not when it cannot be trusted.
fn read<T: serde::de::DeserializeOwned>(config: &Config, path: &Path) -> std::result::Result<Option<T>, String> {
    let Ok(bytes) = std::fs::read(path) else { return Ok(None) };
    let corrupt = || "the build cache could not be read (it is corrupt)".to_string();
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
    postcard::from_bytes::<T>(rest).map(Some).map_err(|_| corrupt())
}

/// Writes the cache for the next build (the readings too, unless they were
/// saved already).
pub fn save(config: &Config, state: &State) -> Result<()> {
    write(config, &state_path(config), state)?;
    if state.readings_saved { Ok(()) } else { save_readings(config, &state.readings) }
}

/// Writes the readings' cache file.
pub fn save_readings(config: &Config, readings: &BTreeMap<String, ReadingRecord>) -> Result<()> {
    write(config, &readings_path(config), readings)
}

fn write<T: Serialize>(config: &Config, path: &Path, body: &T) -> Result<()> {
    let saved = ToSave { magic: MAGIC, tool: crate::fingerprint::build_id(), config: config_print(config), body };
    // Streamed to the file: the encoded cache is as large as the state.
    crate::output::write_atomic_with(path, |out| postcard::to_io(&saved, out).map(drop).map_err(std::io::Error::other))
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
        let (loaded, notice) = load(&config);
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
        save_readings(&config, &state.readings).unwrap();
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
}
