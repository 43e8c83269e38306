//! The whole build in one short function: each stage is called in order on
//! the plain data the previous one returned.

use std::path::Path;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analyze;
use crate::clean::{self, CorpusHints};
use crate::config::Config;
use crate::content::{self, CleanedSeed};
use crate::error::{Error, Result};
use crate::output::Staging;
use crate::seed::{self, Problem, Seed, SeedFile, SeedFormat};
use crate::site::{self, Sink, theme::Theme};

/// What a build did, for the summary line and the exit code.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Seeds found.
    pub seeds: usize,
    /// Content pages written or removed.
    pub content_changes: usize,
    /// Documents (content pages) the site is built from.
    pub documents: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Files written in all (pages, feed, sitemap, assets).
    pub files: usize,
    /// Files that could not be used; each was skipped.
    pub problems: Vec<Problem>,
    /// Things worth knowing that are not errors (kept hand edits).
    pub notices: Vec<String>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
}

/// Builds the project `config` describes: seeds → `content/` → the site.
///
/// The theme is loaded first, so a broken template stops the build before
/// anything is written; the site is written beside the old one and swapped
/// in whole, so a failed build leaves the old one exactly as it was.
pub fn build(config: &Config) -> Result<BuildReport> {
    let started = Instant::now();
    let mut report = BuildReport::default();
    let theme = timed("load theme", || Theme::load(config))?;

    let (files, walk_problems) = timed("discover", || seed::discover(&config.seeds_dir));
    report.problems.extend(walk_problems);
    report.seeds = files.len();

    let seeds = timed("read", || read_all(&files, &mut report.problems));
    let hints = CorpusHints::from_texts(seeds.iter().map(|s| s.text.as_str()));
    let cleaned = timed("clean", || clean_all(config, &seeds, &hints, &mut report.problems));

    let on_disk = timed("scan content", || content::scan(&config.content_dir));
    let plan = content::plan(on_disk, &cleaned, &|source| config.root.join(source).exists());
    timed("write content", || content::apply(&config.content_dir, &plan.changes))?;
    report.content_changes = plan.changes.len();
    report.documents = plan.documents.len();
    report.problems.extend(plan.problems);
    report.notices.extend(plan.notices);

    let documents = plan.documents;
    let analysis = timed("analyze", || analyze::analyze(&documents));
    let staging = Staging::new(&config.output_dir)?;
    let progress = crate::progress::Progress::new("rendering", documents.len() as u64);
    let rendered = timed("render", || {
        site::render(config, &documents, &analysis, &theme, &StagingSink(&staging), &|| progress.tick())
    })?;
    progress.finish();
    timed("swap in", || staging.commit())?;
    report.pages = rendered.pages;
    report.files = rendered.files;

    report.elapsed = started.elapsed();
    Ok(report)
}

/// Rendered files go to the staging folder.
struct StagingSink<'a>(&'a Staging);

impl Sink for StagingSink<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.0.write(path, bytes)
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

fn read_all(files: &[SeedFile], problems: &mut Vec<Problem>) -> Vec<Seed> {
    let results: Vec<_> = files.par_iter().map(seed::read).collect();
    let mut seeds = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(seed) => seeds.push(seed),
            Err(problem) => problems.push(problem),
        }
    }
    seeds
}

fn clean_all(config: &Config, seeds: &[Seed], hints: &CorpusHints, problems: &mut Vec<Problem>) -> Vec<CleanedSeed> {
    let results: Vec<_> = seeds
        .par_iter()
        .map(|seed| {
            clean::clean(seed, hints).map(|article| CleanedSeed {
                source: source_path(config, seed),
                hash: seed.hash.clone(),
                article,
            })
        })
        .collect();
    let mut cleaned = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(seed) => cleaned.push(seed),
            Err(problem) => problems.push(problem),
        }
    }
    cleaned
}

/// A seed's path as written in its page's `source`: relative to the project
/// root when the seeds folder is inside it.
fn source_path(config: &Config, seed: &Seed) -> String {
    match seed.file.path.strip_prefix(&config.root) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        Err(_) => seed.file.path.to_string_lossy().into_owned(),
    }
}

/// Runs one stage and logs its time (shown with `-v`).
fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    log::debug!("{stage}: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    value
}
