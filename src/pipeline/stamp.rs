//! A fingerprint of everything a build reads, from file metadata alone:
//! when it equals the one the last build left, nothing changed and there is
//! nothing to do, without loading the build cache.
//!
//! The last build's fingerprint is made from the files it actually used
//! (the stamps in its records), the current one from the files on disk, so
//! a file changed while a build ran is not mistaken for one it saw.

use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use super::State;
use super::listing::Listing;
use super::state::CACHE_DIR;
use crate::config::{CONFIG_FILE, Config};
use crate::fingerprint::{FileStamp, Fingerprint, Hasher};

/// Where the last build's fingerprint is kept.
const STAMP_FILE: &str = "inputs-v1.json";

/// What the last build left: its inputs' fingerprint and what it built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Fingerprint of the inputs.
    pub inputs: Fingerprint,
    /// Documents built.
    pub documents: usize,
    /// Pages in the site.
    pub pages: usize,
}

/// The fingerprint of the settings and the theme, read now: the part of the
/// inputs a build never writes.
pub fn settings(config: &Config) -> Fingerprint {
    let mut h = Hasher::new();
    h.str(crate::fingerprint::build_id());
    h.bytes(&std::fs::read(config.root.join(CONFIG_FILE)).unwrap_or_default());
    for dir in
        [config.root.join("themes").join(&config.theme), config.root.join("templates"), config.root.join("static")]
    {
        h.str(&dir.to_string_lossy());
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            if let Ok(meta) = entry.metadata()
                && meta.is_file()
            {
                h.str(&entry.path().to_string_lossy()).value(&FileStamp::of(&meta));
            }
        }
    }
    h.finish()
}

/// The inputs as they are on disk now, as `listing` found them.
pub fn on_disk(config: &Config, settings: Fingerprint, listing: &Listing) -> Fingerprint {
    let seeds = listing.seeds.iter().map(|(f, stamp)| (super::source_path(config, f), *stamp));
    let content = listing.content.iter().map(|(file, stamp)| (file.clone(), stamp.as_ref().ok().copied()));
    let mut h = combine(config, settings, seeds, content);
    // A folder that could not be walked is a problem to report again.
    h.value(&listing.seed_problems.len());
    h.finish()
}

/// The inputs as the build that left `state` used them.
pub fn of_build(config: &Config, settings: Fingerprint, state: &State) -> Fingerprint {
    let seeds = state.seeds.iter().map(|(source, r)| (source.clone(), Some(r.stamp)));
    let content = state.content.iter().map(|(file, r)| (file.clone(), Some(r.stamp)));
    let mut h = combine(config, settings, seeds, content);
    h.value(&0usize);
    h.finish()
}

fn combine(
    config: &Config,
    settings: Fingerprint,
    seeds: impl Iterator<Item = (String, Option<FileStamp>)>,
    content: impl Iterator<Item = (String, Option<FileStamp>)>,
) -> Hasher {
    let mut seeds: Vec<_> = seeds.collect();
    let mut content: Vec<_> = content.collect();
    seeds.sort_by(|a, b| a.0.cmp(&b.0));
    content.sort_by(|a, b| a.0.cmp(&b.0));
    let mut h = Hasher::new();
    h.fingerprint(settings).value(&seeds).value(&content);
    // Deleting the built site must bring it back.
    h.value(&config.output_dir.join("index.html").is_file());
    h
}

/// The stamp the last build left, if any.
pub fn load(config: &Config) -> Option<Stamp> {
    let text = std::fs::read_to_string(config.root.join(CACHE_DIR).join(STAMP_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Leaves `stamp` for the next build.
pub fn save(config: &Config, stamp: &Stamp) -> crate::error::Result<()> {
    let text = serde_json::to_string(stamp).map_err(|e| crate::error::Error::Other(e.to_string()))?;
    crate::output::write_atomic(&config.root.join(CACHE_DIR).join(STAMP_FILE), text.as_bytes())
}

/// Forgets the stamp (the next build does its work in full).
pub fn forget(config: &Config) {
    let _ = std::fs::remove_file(config.root.join(CACHE_DIR).join(STAMP_FILE));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Engine, Mode, Publish};

    /// The inputs' fingerprint from a listing made now.
    fn now(config: &Config, settings: Fingerprint) -> Fingerprint {
        on_disk(config, settings, &Listing::read(config))
    }

    fn project() -> (tempfile::TempDir, Config) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("seeds")).unwrap();
        std::fs::write(
            dir.path().join("seeds/a.txt"),
            "A title for the test\n\nThe council met on Monday and approved the new budget for the schools of the town.\n",
        )
        .unwrap();
        let config = Config::defaults(dir.path());
        (dir, config)
    }

    #[test]
    fn a_build_leaves_the_fingerprint_of_what_is_on_disk() {
        let (_dir, config) = project();
        let settings = settings(&config);
        let mut engine = Engine::new(config.clone(), State::default(), Mode::Build).unwrap();
        engine.build(Publish::Swap).unwrap();
        assert_eq!(of_build(&config, settings, engine.state()), now(&config, settings));
    }

    #[test]
    fn any_change_to_a_seed_content_page_or_the_output_is_seen() {
        let (dir, config) = project();
        let settings = settings(&config);
        let mut engine = Engine::new(config.clone(), State::default(), Mode::Build).unwrap();
        engine.build(Publish::Swap).unwrap();
        let built = of_build(&config, settings, engine.state());

        std::fs::write(dir.path().join("seeds/b.txt"), "Another seed").unwrap();
        assert_ne!(now(&config, settings), built, "a new seed");
        std::fs::remove_file(dir.path().join("seeds/b.txt")).unwrap();
        assert_eq!(now(&config, settings), built);

        std::fs::write(dir.path().join("content/note.md"), "# Note\n").unwrap();
        assert_ne!(now(&config, settings), built, "a new content page");
        std::fs::remove_file(dir.path().join("content/note.md")).unwrap();

        std::fs::remove_dir_all(dir.path().join("public")).unwrap();
        assert_ne!(now(&config, settings), built, "the site deleted");
    }

    #[test]
    fn settings_follow_the_config_and_templates() {
        let (dir, config) = project();
        let before = settings(&config);
        std::fs::write(dir.path().join(CONFIG_FILE), "title = \"X\"\n").unwrap();
        let with_config = settings(&config);
        assert_ne!(before, with_config);
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/page.html"), "x").unwrap();
        assert_ne!(with_config, settings(&config));
    }
}
