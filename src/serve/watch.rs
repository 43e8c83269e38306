//! Watching the project for changes: which folders, and what a batch of
//! changed paths asks for (a config change rebuilds everything, a theme
//! change re-renders the pages its templates touch, a seed or content change
//! redoes what depends on it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::{CONFIG_FILE, Config};
use crate::error::{Error, Result};
use crate::seed::is_ignored_name;

/// How long the watcher waits for a burst of writes to settle (an editor
/// saving, a copy of many files) before reporting it.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// What a batch of changes asks the server to do, least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Seeds or content pages changed.
    Inputs,
    /// Templates or static files changed.
    Theme,
    /// `briefing.toml` changed.
    Config,
}

/// The paths that matter, and what each kind of change is.
#[derive(Debug)]
pub struct Watched {
    root: PathBuf,
    inputs: Vec<PathBuf>,
    theme: Vec<PathBuf>,
    /// The folders being watched, with the identity each had then.
    watching: Mutex<HashMap<PathBuf, FolderId>>,
}

/// What tells a folder from another made at the same path (device and
/// inode where there are such).
type FolderId = (u64, u64);

fn folder_id(dir: &Path) -> Option<FolderId> {
    let meta = std::fs::metadata(dir).ok().filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

impl Watched {
    /// The folders `config` builds from.
    pub fn new(config: &Config) -> Watched {
        Watched {
            root: config.root.clone(),
            inputs: vec![config.seeds_dir.clone(), config.content_dir.clone()],
            theme: vec![
                config.root.join("themes").join(&config.theme),
                config.root.join("templates"),
                config.root.join("static"),
            ],
            watching: Mutex::new(HashMap::new()),
        }
    }

    /// What `paths` changing asks for; `None` when none of them matters
    /// (editor temp files, the output folder, the cache).
    pub fn classify(&self, paths: &[PathBuf]) -> Option<Change> {
        paths.iter().filter_map(|p| self.classify_one(p)).max()
    }

    /// What `path` changing asks for (see [`Watched::classify`]).
    pub fn classify_one(&self, path: &Path) -> Option<Change> {
        let name = path.file_name()?.to_string_lossy();
        if path == self.root.join(CONFIG_FILE) {
            return Some(Change::Config);
        }
        if is_ignored_name(&name) {
            return None;
        }
        if self.theme.iter().any(|dir| path.starts_with(dir)) {
            return Some(Change::Theme);
        }
        // Anything else in the root (watched only to see the config and
        // the folders above appear) does not matter.
        self.inputs.iter().any(|dir| path.starts_with(dir)).then_some(Change::Inputs)
    }

    /// Starts watching; the paths of every change are sent to `tx` as they
    /// happen (see [`settle`] for the debouncing). Reads are not changes:
    /// the build's own reading of the folders must not trigger builds.
    pub fn start(&self, tx: Sender<Vec<PathBuf>>) -> Result<RecommendedWatcher> {
        let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
            if let Ok(event) = result
                && !matches!(event.kind, EventKind::Access(_))
            {
                let _ = tx.send(event.paths);
            }
        })
        .map_err(|e| Error::Other(format!("cannot watch the project for changes: {e}")))?;
        watcher
            .watch(&self.root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::Other(format!("cannot watch {}: {e}", self.root.display())))?;
        self.watch_folders(&mut watcher);
        Ok(watcher)
    }

    /// Watches every folder that exists now and is not watched yet: one
    /// created since start, or made anew at a watched path. One already
    /// watched is left alone: watching it again walks every file under it,
    /// half a second for a folder of 100,000 seeds, on every change.
    pub fn watch_folders(&self, watcher: &mut RecommendedWatcher) {
        let mut watching = self.watching.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for dir in self.inputs.iter().chain(&self.theme) {
            let Some(id) = folder_id(dir) else { continue };
            if watching.get(dir) == Some(&id) {
                continue;
            }
            match watcher.watch(dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    watching.insert(dir.clone(), id);
                }
                Err(e) => log::warn!("cannot watch {}: {e}", dir.display()),
            }
        }
    }
}

/// `first` and every change that follows it until none has come for
/// [`DEBOUNCE`]: one batch for an editor's save or a copy of many files.
pub fn settle(mut first: Vec<PathBuf>, rx: &std::sync::mpsc::Receiver<Vec<PathBuf>>) -> Vec<PathBuf> {
    while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
        first.extend(more);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    fn watched() -> Watched {
        Watched::new(&Config::defaults(Path::new("/p")))
    }

    #[test]
    fn changes_are_classified_by_where_they_happen() {
        let w = watched();
        let c = |paths: &[&str]| w.classify(&paths.iter().map(PathBuf::from).collect::<Vec<_>>());
        assert_eq!(c(&["/p/seeds/a.txt"]), Some(Change::Inputs));
        assert_eq!(c(&["/p/content/a.md"]), Some(Change::Inputs));
        assert_eq!(c(&["/p/templates/page.html"]), Some(Change::Theme));
        assert_eq!(c(&["/p/themes/default/static/style.css"]), Some(Change::Theme));
        assert_eq!(c(&["/p/briefing.toml"]), Some(Change::Config));
        assert_eq!(c(&["/p/seeds/a.txt", "/p/briefing.toml", "/p/templates/x.html"]), Some(Change::Config));
    }

    #[test]
    fn noise_is_ignored() {
        let w = watched();
        let c = |paths: &[&str]| w.classify(&paths.iter().map(PathBuf::from).collect::<Vec<_>>());
        assert_eq!(c(&["/p/seeds/.a.txt.swp"]), None);
        assert_eq!(c(&["/p/seeds/a.txt~"]), None);
        assert_eq!(c(&["/p/public/index.html"]), None);
        assert_eq!(c(&["/p/.briefing/state-v1.bin"]), None);
        assert_eq!(c(&["/p/README.md"]), None);
        assert_eq!(c(&["/p/templates"]), Some(Change::Theme), "a folder appearing is noticed");
    }

    #[test]
    fn folders_are_watched_once_and_again_only_when_made_anew() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::defaults(dir.path());
        std::fs::create_dir_all(&config.seeds_dir).unwrap();
        let watched = Watched::new(&config);
        let mut watcher = watched.start(std::sync::mpsc::channel().0).unwrap();
        let ids = || watched.watching.lock().unwrap().clone();
        let first = ids();
        assert_eq!(first.keys().collect::<Vec<_>>(), [&config.seeds_dir], "only folders that exist");
        std::fs::create_dir_all(&config.content_dir).unwrap();
        watched.watch_folders(&mut watcher);
        assert!(ids().contains_key(&config.content_dir), "a folder made since start is watched");
        assert_eq!(ids()[&config.seeds_dir], first[&config.seeds_dir]);
        // Made anew at the same path (the old one moved away, so the new
        // one cannot have its inode).
        std::fs::rename(&config.seeds_dir, dir.path().join("old-seeds")).unwrap();
        std::fs::create_dir_all(&config.seeds_dir).unwrap();
        watched.watch_folders(&mut watcher);
        assert_ne!(ids()[&config.seeds_dir], first[&config.seeds_dir], "the new folder is watched");
    }
}
