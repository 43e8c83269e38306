//! The commands' entry points into the library: `build` (with its cache
//! and lock), `clean` and `check`.

use std::fs::File;
use std::path::Path;
use std::time::Instant;

use crate::clean::{self, CorpusHints};
use crate::config::Config;
use crate::content;
use crate::error::{Error, Result};
use crate::pipeline::listing::Listing;
use crate::pipeline::stamp::{self, Stamp};
use crate::pipeline::{BuildReport, Engine, Mode, Publish, state};
use crate::seed::{self, SeedFile, SeedFormat};
use crate::site;

/// Builds the project `config` describes: seeds → `content/` → the site,
/// redoing only what changed since the last build (remembered under
/// `.briefing/`).
///
/// The theme is loaded first, so a broken template stops the build before
/// anything is written; the site is written beside the old one and swapped
/// in whole, so a failed build leaves the old one exactly as it was.
pub fn build(config: &Config) -> Result<BuildReport> {
    let started = Instant::now();
    let _lock = lock(&config.root)?;
    crate::output::remove_temporaries(&config.root.join(state::CACHE_DIR));
    crate::output::repair(&config.output_dir, &state::trash(&config.root))?;
    let settings = stamp::settings(config);
    let listing = Listing::read(config);
    if let Some(last) = stamp::load(config)
        && last.inputs == stamp::on_disk(config, settings, &listing)
    {
        log::debug!("nothing changed since the last build");
        return Ok(BuildReport {
            documents: last.documents,
            pages: last.pages,
            elapsed: started.elapsed(),
            up_to_date: true,
            ..BuildReport::default()
        });
    }
    let started_load = Instant::now();
    // The analysis' word lists take some 55 ms to build on first use, which
    // a build that reads even one document would otherwise wait for.
    std::thread::spawn(crate::analyze::lexicon::lexicon);
    // The readings are decoded on their own thread rather than in the
    // shared pool: the analysis needs them only after the stages before
    // it, which would otherwise queue behind their decoding.
    let readings = std::thread::spawn({
        let config = config.clone();
        move || match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
            Ok(own) => own.install(|| state::load_readings(&config, state::Keep::Pin)),
            Err(_) => state::load_readings(&config, state::Keep::Pin),
        }
    });
    let search = std::thread::spawn({
        let config = config.clone();
        move || state::load_search(&config)
    });
    let (state, notice) = state::load_state(config, state::Keep::Pin);
    log::debug!("load cache: {:.1} ms", started_load.elapsed().as_secs_f64() * 1000.0);
    let mut engine = Engine::new(config.clone(), state, Mode::Build)?;
    engine.readings_arrive(readings);
    engine.search_arrives(search);
    engine.listed(listing);
    let mut report = engine.build(Publish::Swap)?;
    let started_save = Instant::now();
    state::save(config, engine.state())?;
    log::debug!("save cache: {:.1} ms", started_save.elapsed().as_secs_f64() * 1000.0);
    // A build with problems is not a fixed point: the next one reports them again.
    if report.problems.is_empty() {
        let inputs = stamp::of_build(config, settings, engine.state());
        stamp::save(config, &Stamp { inputs, documents: report.documents, pages: report.pages })?;
    } else {
        stamp::forget(config);
    }
    report.notices.extend(notice);
    drop(crate::pipeline::free_in_background(engine));
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Takes the project's build lock, so that two builds (or a build and a
/// `serve`) never write the same folders at once. Released when dropped.
pub fn lock(root: &Path) -> Result<File> {
    let path = state::lock_path(root);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, "creating folder", e))?;
    }
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, "opening", e))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Other(format!(
            "another briefing build or serve is running in {} (it holds {}); wait for it to finish",
            root.display(),
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, "locking", e)),
    }
}

/// The page `briefing build` would write for the seed at `path`, alone
/// (without evidence from other seeds).
pub fn clean_file(path: &Path) -> Result<String> {
    let format = SeedFormat::from_path(path).unwrap_or(SeedFormat::Text);
    let file = SeedFile {
        path: path.to_path_buf(),
        name: path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        format,
    };
    let seed = seed::read(&file).map_err(|p| Error::Other(p.to_string()))?;
    let article = clean::clean(&seed, &CorpusHints::default()).map_err(|p| Error::Other(p.to_string()))?;
    let source = path.to_string_lossy();
    Ok(content::page::render_generated(&article, &source, &seed.hash).0)
}

/// Checks the site already built in the output folder: links, anchors,
/// feed and sitemap. Returns how many pages were checked.
pub fn check(config: &Config) -> Result<usize> {
    site::check::check_folder(&config.output_dir, &config.base_url, config.base_path())
}
