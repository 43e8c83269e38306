//! The build as one pipeline that redoes only what changed.
//!
//! [`Engine::build`] runs every stage in order — seeds, cleaning, `content/`,
//! analysis, site, output — and at each stage compares with what the last
//! build remembered ([`State`]): a seed whose bytes and corpus hints are
//! unchanged is not cleaned again, a content page whose stamp is unchanged
//! is not read again, and a page whose fingerprint is unchanged is not
//! rendered again. `briefing build` keeps the state on disk between runs;
//! `briefing serve` keeps it in memory between changes.

pub mod listing;
mod preview;
mod records;
pub mod stamp;
pub mod state;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analyze;
use crate::clean::{self, CorpusHints, corpus};
use crate::config::Config;
use crate::content::{self, Change, CleanedSeed, OnDisk, page::Origin};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::fingerprint::{self, FileStamp, Fingerprint, Hasher};
use crate::output::{Spare, Staging};
use crate::seed::{self, Problem, SeedFile, SeedFormat};
use crate::site::check::{self, Site as LinkSite};
use crate::site::prints::{self, DepPrints};
use crate::site::search::Memory;
use crate::site::theme::Theme;
use crate::site::{self, Plan, Sink};
use listing::Listing;
pub use state::State;
use state::{ContentRecord, PageRecord, ReadingRecord, SeedRecord};

/// What a build did, for the summary line and the exit code.
#[derive(Debug, Default)]
pub struct BuildReport {
    /// Seeds found.
    pub seeds: usize,
    /// Seeds cleaned this time (the others were unchanged).
    pub cleaned: usize,
    /// Documents the analysis read this time (the others were unchanged).
    pub read: usize,
    /// Content pages written or removed.
    pub content_changes: usize,
    /// Documents (content pages) the site is built from.
    pub documents: usize,
    /// HTML pages in the site.
    pub pages: usize,
    /// HTML pages rendered this time (the others were unchanged).
    pub rendered: usize,
    /// Output files written or removed.
    pub written: usize,
    /// Which output files were written or removed (relative to the output
    /// folder), for `serve` to tell the pages that changed.
    pub changed: Vec<String>,
    /// Files that could not be used; each was skipped.
    pub problems: Vec<Problem>,
    /// Things worth knowing that are not errors (kept hand edits).
    pub notices: Vec<String>,
    /// Wall time of the whole build.
    pub elapsed: Duration,
    /// Nothing had changed since the last build: nothing was read or written.
    pub up_to_date: bool,
}

/// How the new site reaches the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// Written beside the old site and swapped in whole (`build`).
    Swap,
    /// Changed files replaced one by one, each atomically (`serve`: fast,
    /// and nobody but the previewing author reads the folder).
    InPlace,
}

/// What an engine is for, which decides what it keeps in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One build whose state goes to the disk cache (`briefing build`): the
    /// readings are saved to it as soon as the analysis is done, and freed
    /// before rendering.
    Build,
    /// Build after build (`briefing serve`): everything stays in memory, and
    /// each build's documents, analysis and site model are kept for
    /// [`Engine::preview`].
    Serve,
}

/// A project's build, ready to run again and again.
pub struct Engine {
    config: Config,
    theme: Theme,
    templates: HashMap<String, Fingerprint>,
    state: State,
    /// What it is for.
    mode: Mode,
    /// What the last build made, when kept.
    last: Option<preview::Built>,
    /// The last build's readings, still being loaded (see [`Engine::readings_arrive`]).
    incoming: Option<std::thread::JoinHandle<state::Loaded<ReadingRecord>>>,
    /// What the last build's search index remembered, still being loaded
    /// (see [`Engine::search_arrives`]).
    incoming_search: Option<std::thread::JoinHandle<(Memory, Option<String>)>>,
    /// The input files as already listed for this build (see [`Engine::listed`]).
    listing: Option<Listing>,
}

impl Engine {
    /// An engine for `config` that remembers `state` from an earlier build.
    /// Loads the theme: a template error fails here, before anything is written.
    pub fn new(config: Config, state: State, mode: Mode) -> Result<Engine> {
        let theme = Theme::load(&config)?;
        let templates = prints::template_prints(&theme);
        Ok(Engine {
            config,
            theme,
            templates,
            state,
            mode,
            last: None,
            incoming: None,
            incoming_search: None,
            listing: None,
        })
    }

    /// Hands the engine the last build's readings while they are still
    /// being loaded: they are the largest part of the cache and needed only
    /// by the analysis, so loading them overlaps the stages before it.
    pub fn readings_arrive(&mut self, loading: std::thread::JoinHandle<state::Loaded<ReadingRecord>>) {
        self.incoming = Some(loading);
    }

    /// Hands the engine what the last build's search index remembered
    /// while it is still being loaded: it is needed only when the site's
    /// files are made.
    pub fn search_arrives(&mut self, loading: std::thread::JoinHandle<(Memory, Option<String>)>) {
        self.incoming_search = Some(loading);
    }

    /// Hands the next build the input files as they were just listed (for
    /// the no-op check), so that it need not walk the folders again.
    pub fn listed(&mut self, listing: Listing) {
        self.listing = Some(listing);
    }

    /// The project's settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// What the last build left for the next.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// The state, for an engine made anew (after a config change).
    pub fn into_state(self) -> State {
        self.state
    }

    /// Whether what the engine remembers already describes the seed or
    /// content file at `path` as it is now: `serve` hears of the content
    /// pages a build writes itself, and of saves that changed nothing, and
    /// need not rebuild for them. Anything else (a folder, a file it has no
    /// record of, one that is gone) is news.
    pub fn knows(&self, path: &Path) -> bool {
        let stamp = FileStamp::read(path);
        if path.starts_with(&self.config.content_dir) {
            let file = content::relative(&self.config.content_dir, path);
            return self.state.content.get(&file).is_some_and(|r| Some(r.stamp) == stamp);
        }
        let Some(file) = SeedFile::at(&self.config.seeds_dir, path) else { return false };
        self.state.seeds.get(&source_path(&self.config, &file)).is_some_and(|r| Some(r.stamp) == stamp)
    }

    /// Loads the theme again after its files changed. Pages are then
    /// re-rendered where their template's fingerprint changed.
    pub fn reload_theme(&mut self) -> Result<()> {
        let theme = Theme::load(&self.config)?;
        self.templates = prints::template_prints(&theme);
        self.theme = theme;
        Ok(())
    }

    /// Runs the whole pipeline, redoing only what changed since the last
    /// run. On error a serving engine's state is left as it was, so the
    /// next run redoes everything the failed one attempted; a
    /// [`Mode::Build`] engine has none left (it is not run again).
    pub fn build(&mut self, publish: Publish) -> Result<BuildReport> {
        let started = Instant::now();
        let mut report = BuildReport::default();
        // A failed build must leave the state as it was for the next one,
        // which only `serve` runs: `build` takes the state rather than copy
        // it (a copy holds every content page's text again, about 20 MB at
        // 10k documents).
        let mut state = match self.mode {
            Mode::Build => std::mem::take(&mut self.state),
            Mode::Serve => self.state.clone(),
        };
        // The old site's data would double the memory this build needs.
        self.last = None;

        let listing = self.listing.take().unwrap_or_else(|| timed("list inputs", || Listing::read(&self.config)));
        let Listing { seeds, seed_problems, content: content_files } = listing;
        report.problems.extend(seed_problems);
        let on_disk = timed("scan content", || {
            let known = |file: &str, stamp: FileStamp| {
                state.content.get(file).filter(|r| r.stamp == stamp).map(|r| r.page.clone())
            };
            content::scan(&self.config.content_dir, content_files, &known)
        });
        let (cleaned, hints) =
            timed("seeds and cleaning", || self.clean_seeds(seeds, &on_disk, &mut state, &mut report));
        let documents = timed("content", || self.update_content(on_disk, &cleaned, &mut state, &mut report))?;
        // The articles are in the documents now; their copies would stay
        // in memory through analysis and rendering.
        drop(cleaned);
        if let Some(loading) = self.incoming.take() {
            // A loader that failed leaves no readings: everything is read again.
            let loaded = timed("wait for cached readings", || loading.join().unwrap_or_default());
            state.readings = loaded.records;
            state.readings_log = loaded.log;
            report.notices.extend(loaded.notice);
        }
        let analysis = timed("analyze", || self.analyze(&documents, &mut state, &mut report));
        let mut freeing = None;
        if self.mode == Mode::Build {
            let log = timed("save readings", || {
                state::save_readings(&self.config, &state.readings, state.readings_log.as_ref())
            })?;
            state.readings_log = Some(log);
            freeing = Some(free_in_background(std::mem::take(&mut state.readings)));
            state.readings_saved = true;
        }
        let plan = timed("site model", || Plan::new(&documents, &analysis))?;
        // Freed alongside the site model, but gone before the search index
        // and the pages take their memory: at 100,000 documents the two
        // overlapping raised the peak by some 50 MB.
        if let Some(freeing) = freeing {
            timed("free readings", || freeing.join().unwrap_or_default());
        }
        if let Some(loading) = self.incoming_search.take() {
            // A loader that failed leaves nothing: every item is read again.
            let (memory, notice) = timed("wait for the search cache", || loading.join().unwrap_or_default());
            state.search = memory;
            report.notices.extend(notice);
        }
        timed("render and write", || self.publish(&documents, &analysis, &plan, publish, &mut state, &mut report))?;

        self.state = state;
        match self.mode {
            Mode::Serve => self.last = Some(preview::Built { documents, analysis, plan, hints }),
            Mode::Build => drop(free_in_background((documents, analysis, plan, hints))),
        }
        report.elapsed = started.elapsed();
        Ok(report)
    }

    /// Reads the seeds that changed and cleans those whose page in
    /// `content/` is not already what cleaning would write.
    fn clean_seeds(
        &self,
        files: Vec<(SeedFile, Option<FileStamp>)>,
        on_disk: &[OnDisk],
        state: &mut State,
        report: &mut BuildReport,
    ) -> (Vec<CleanedSeed>, CorpusHints) {
        report.seeds = files.len();
        let read: Vec<std::result::Result<SeedInput, Problem>> = files
            .into_par_iter()
            .map(|(file, stamp)| SeedInput::read(&self.config, file, stamp, &state.seeds))
            .collect();
        let mut inputs = Vec::with_capacity(read.len());
        for result in read {
            match result {
                Ok(input) => inputs.push(input),
                Err(problem) => report.problems.push(problem),
            }
        }
        let hints = CorpusHints::from_line_keys(inputs.iter().map(|i| i.record.line_keys.as_slice()));
        let pages: HashMap<&str, &content::page::Page> = on_disk
            .iter()
            .filter_map(|d| d.page.as_deref().ok())
            .filter_map(|p| Some((p.document.source.as_deref()?, p)))
            .collect();

        let results: Vec<(SeedInput, std::result::Result<Option<crate::document::Article>, Problem>)> = inputs
            .into_par_iter()
            .map(|mut input| {
                let clean_key = Hasher::new()
                    .str(&input.record.hash)
                    .fingerprint(hints.signature(&input.record.line_keys))
                    .finish();
                let previous_key = state.seeds.get(&input.source).map(|r| r.clean_key);
                input.record.clean_key = clean_key;
                let current = pages.get(input.source.as_str()).is_some_and(|page| match page.origin {
                    Origin::Generated { edited: true } => true,
                    Origin::Generated { edited: false } => {
                        page.seed_hash.as_deref() == Some(input.record.hash.as_str()) && previous_key == Some(clean_key)
                    }
                    // A page someone adopted as their own (no checksum) is theirs.
                    Origin::Hand => true,
                });
                if current {
                    return (input, Ok(None));
                }
                let article = input.seed().and_then(|seed| clean::clean(&seed, &hints)).map(Some);
                (input, article)
            })
            .collect();

        let mut cleaned = Vec::with_capacity(results.len());
        for (input, article) in results {
            match article {
                Ok(article) => {
                    report.cleaned += usize::from(article.is_some());
                    cleaned.push(CleanedSeed {
                        source: input.source.clone(),
                        hash: input.record.hash.clone(),
                        article,
                    });
                    state.seeds.insert(input.source, input.record);
                }
                Err(problem) => report.problems.push(problem),
            }
        }
        let present: HashSet<&str> = cleaned.iter().map(|c| c.source.as_str()).collect();
        state.seeds.retain(|source, _| present.contains(source.as_str()));
        (cleaned, hints)
    }

    /// Brings `content/` in step with the seeds; returns every document.
    fn update_content(
        &self,
        on_disk: Vec<OnDisk>,
        cleaned: &[CleanedSeed],
        state: &mut State,
        report: &mut BuildReport,
    ) -> Result<Vec<Document>> {
        let mut records: BTreeMap<String, ContentRecord> = on_disk
            .iter()
            .filter_map(|d| Some((d.file.clone(), ContentRecord { stamp: d.stamp?, page: d.page.clone().ok()? })))
            .collect();
        crate::output::remove_temporaries(&self.config.content_dir);
        let plan = content::plan(on_disk, cleaned, &|source| self.config.root.join(source).exists());
        content::apply(&self.config.content_dir, &plan.changes)?;
        for change in &plan.changes {
            match change {
                Change::Write { file, page, .. } => match FileStamp::read(&self.config.content_dir.join(file)) {
                    Some(stamp) => {
                        records.insert(file.clone(), ContentRecord { stamp, page: Arc::new((**page).clone()) });
                    }
                    None => {
                        records.remove(file);
                    }
                },
                Change::Remove { file } => {
                    records.remove(file);
                }
            }
        }
        state.content = records;
        report.content_changes = plan.changes.len();
        report.documents = plan.documents.len();
        report.problems.extend(plan.problems);
        report.notices.extend(plan.notices);
        Ok(plan.documents)
    }

    /// Analyses the corpus, reading again only the documents whose reading
    /// inputs (body, title, date, language, kind, settings) changed.
    fn analyze(&self, documents: &[Document], state: &mut State, report: &mut BuildReport) -> analyze::Analysis {
        let settings = fingerprint::of_value(&self.config.analysis);
        let reader = analyze::Reader::new(&self.config.analysis);
        let records: Vec<(ReadingRecord, bool)> = documents
            .par_iter()
            .map(|doc| {
                let reading_inputs = (doc.kind, &doc.language, &doc.title, &doc.date);
                let key =
                    Hasher::new().fingerprint(settings).value(&reading_inputs).fingerprint(doc.body.print()).finish();
                match state.readings.get(&doc.file) {
                    Some(record) if record.key == key => (record.clone(), false),
                    _ => (ReadingRecord { key, reading: Arc::new(reader.read(doc)) }, true),
                }
            })
            .collect();
        report.read = records.iter().filter(|(_, fresh)| *fresh).count();
        let records: Vec<ReadingRecord> = records.into_iter().map(|(record, _)| record).collect();
        let analysis =
            analyze::merge(&records.iter().map(|r| r.reading.as_ref()).collect::<Vec<_>>(), &self.config.analysis);
        state.readings = documents.iter().map(|d| d.file.clone()).zip(records).collect();
        analysis
    }

    /// Renders the pages whose fingerprint changed, makes the other files,
    /// checks every link and publishes the result.
    fn publish(
        &self,
        documents: &[Document],
        analysis: &analyze::Analysis,
        plan: &Plan,
        publish: Publish,
        state: &mut State,
        report: &mut BuildReport,
    ) -> Result<()> {
        let config = &self.config;
        let inputs = plan.inputs(config, documents, analysis);
        let pages = &plan.site.pages;
        let memory = std::mem::take(&mut state.search);
        // The pages' fingerprints and the other files (the search index
        // above all) need nothing of each other: made side by side, the
        // sequential parts of each fill the other's idle core.
        let (page_prints, extras) = rayon::join(
            || {
                let deps = timed("  fingerprints of data", || {
                    DepPrints::new(config, documents, analysis, &plan.site, &plan.summaries)
                });
                pages
                    .par_iter()
                    .map(|page| {
                        let template = page.kind.template(documents);
                        (page.output_file(), prints::page_print(page, template, &self.templates, &deps))
                    })
                    .collect::<Vec<(String, Fingerprint)>>()
            },
            || -> Result<(Vec<Extra>, Vec<Extra>, Memory)> {
                let made =
                    timed("  feed, sitemap, assets, search", || site::extra_files(&inputs, &self.theme, memory))?;
                let files = made
                    .files
                    .into_par_iter()
                    .map(|(path, bytes)| Extra { print: fingerprint::of_bytes(&bytes), path, made: Made::Bytes(bytes) })
                    .collect();
                let cards = made.cards.into_iter().enumerate();
                let cards = cards.map(|(id, (path, print))| Extra { path, print, made: Made::Card(id) }).collect();
                Ok((files, cards, made.memory))
            },
        );
        let (mut extras, cards, memory) = extras?;
        state.search = memory;
        extras.extend(cards);
        // The last build's spare site, where it is there to start from.
        let spare = state.spare.as_ref().filter(|_| publish == Publish::Swap).and_then(|s| {
            Some((state::spare_dir(&config.root, s)?, s.differs.iter().cloned().collect::<HashSet<_>>()))
        });
        // Serve writes the folder itself and trusts its records; a build
        // checks that each unchanged file is still there to be carried
        // over, in the current site or in the spare it starts from.
        let differs = spare.as_ref().map(|(_, differs)| differs);
        let on_disk =
            |file: &str| publish == Publish::InPlace || crate::output::can_keep(&config.output_dir, differs, file);
        let unchanged = |file: &str, print: Fingerprint| {
            state.pages.get(file).is_some_and(|r| r.fingerprint == print) && on_disk(file)
        };
        let to_render: Vec<usize> =
            (0..pages.len()).into_par_iter().filter(|&i| !unchanged(&page_prints[i].0, page_prints[i].1)).collect();
        let extra_prints: Vec<(String, Fingerprint)> = extras.iter().map(|e| (e.path.clone(), e.print)).collect();
        let wanted: HashSet<&str> = page_prints.iter().chain(&extra_prints).map(|(f, _)| f.as_str()).collect();
        let stale: Vec<String> = state.pages.keys().filter(|f| !wanted.contains(f.as_str())).cloned().collect();
        let extras_changed: Vec<bool> = extra_prints.par_iter().map(|(p, print)| !unchanged(p, *print)).collect();
        report.pages = pages.len();
        report.rendered = to_render.len();
        report.written = to_render.len() + extras_changed.iter().filter(|c| **c).count() + stale.len();
        if report.written == 0 {
            return Ok(());
        }

        let files =
            LinkSite { has_file: &|f| wanted.contains(f), base_url: &config.base_url, base_path: config.base_path() };
        let out = Output::new(config, publish, spare)?;
        // The other files go first, so that their bytes (the search index
        // is tens of MB) are not held while the pages render.
        let mut problems: Vec<String> = Vec::new();
        let mut anchors = Vec::new();
        timed("  other files", || {
            let cards = site::search::Cards::new(&inputs);
            extras.par_iter().zip(&extras_changed).try_for_each(|(extra, changed)| match (&extra.made, changed) {
                (_, false) => out.keep(&extra.path),
                (Made::Bytes(bytes), true) => out.put(&extra.path, bytes),
                (Made::Card(id), true) => out.put(&extra.path, &cards.card(*id)?),
            })
        })?;
        for extra in extras.into_iter().filter(|e| e.path.ends_with(".html")) {
            let Made::Bytes(bytes) = extra.made else { continue };
            let checked = files.check_page(&extra.path, &check::scan(&String::from_utf8_lossy(&bytes)));
            problems.extend(checked.problems);
            anchors.extend(checked.anchors);
        }
        let progress = crate::progress::Progress::new("rendering", to_render.len() as u64);
        let rendered = timed("  render pages", || {
            site::render_pages(&inputs, &self.theme, &to_render, &files, &out, &|| progress.tick())
        })?;
        progress.finish();
        let rendered_files: HashSet<&str> = rendered.iter().map(|r| r.file.as_str()).collect();
        timed("  keep unchanged", || {
            page_prints
                .par_iter()
                .filter(|(f, _)| !rendered_files.contains(f.as_str()))
                .try_for_each(|(file, _)| out.keep(file))
        })?;
        timed("  check links", || {
            for page in &rendered {
                problems.extend(page.check.problems.iter().cloned());
            }
            problems.extend(missing_anchors(&rendered, anchors, &state.pages));
        });
        if !problems.is_empty() {
            problems.sort();
            problems.dedup();
            return Err(Error::Check { count: problems.len(), report: problems.join("\n") });
        }
        report.changed = rendered
            .iter()
            .map(|page| page.file.clone())
            .chain(
                extra_prints.iter().zip(&extras_changed).filter(|(_, changed)| **changed).map(|((p, _), _)| p.clone()),
            )
            .chain(stale.iter().cloned())
            .collect();
        state.spare = timed("  publish", || out.finish(&stale, &|f| wanted.contains(f), &report.changed))?;

        let prints: HashMap<&str, Fingerprint> = page_prints.iter().map(|(f, p)| (f.as_str(), *p)).collect();
        for page in rendered {
            let fingerprint = prints[page.file.as_str()];
            state.pages.insert(page.file, PageRecord { fingerprint, ids: page.ids });
        }
        for (path, print) in extra_prints {
            state.pages.insert(path, PageRecord { fingerprint: print, ids: Vec::new() });
        }
        for file in stale {
            state.pages.remove(&file);
        }
        Ok(())
    }
}

/// The anchors that links of the `rendered` pages (and `more`, needed by
/// other files) need on other pages and that are missing: each page's ids
/// are those just rendered, or else the ones remembered from the build that
/// last wrote it.
fn missing_anchors(
    rendered: &[site::RenderedPage],
    more: Vec<check::AnchorNeeded>,
    pages: &BTreeMap<String, PageRecord>,
) -> Vec<String> {
    let ids: HashMap<&str, &[String]> = rendered.iter().map(|r| (r.file.as_str(), r.ids.as_slice())).collect();
    let needed = rendered.iter().flat_map(|r| r.check.anchors.iter().cloned()).chain(more);
    needed
        .filter(|anchor| {
            let known =
                ids.get(anchor.file.as_str()).copied().or_else(|| pages.get(&anchor.file).map(|r| r.ids.as_slice()));
            known.is_some_and(|ids| ids.binary_search(&anchor.id).is_err())
        })
        .map(|anchor| anchor.problem())
        .collect()
}

/// A file of the site that is not a page, and its fingerprint.
struct Extra {
    path: String,
    print: Fingerprint,
    made: Made,
}

/// What a file that is not a page holds.
enum Made {
    /// These bytes.
    Bytes(Vec<u8>),
    /// The search index's item card of this id, made only where it must be
    /// written: the cards are most of a large site's extra bytes.
    Card(usize),
}

/// A seed as this build sees it: its record (reused when its stamp is
/// unchanged) and its text when it had to be read.
struct SeedInput {
    file: SeedFile,
    source: String,
    record: SeedRecord,
    text: Option<String>,
}

impl SeedInput {
    fn read(
        config: &Config,
        file: SeedFile,
        stamp: Option<FileStamp>,
        known: &BTreeMap<String, SeedRecord>,
    ) -> std::result::Result<SeedInput, Problem> {
        let source = source_path(config, &file);
        let stamp =
            stamp.ok_or_else(|| Problem { path: file.path.clone(), reason: "cannot read it; skipped".to_string() })?;
        if let Some(record) = known.get(&source).filter(|r| r.stamp == stamp) {
            return Ok(SeedInput { file, source, record: record.clone(), text: None });
        }
        let seed = seed::read(&file)?;
        // Lines of markup say nothing about a page's boilerplate; the HTML
        // extractor reads the DOM instead.
        let line_keys = if file.format == SeedFormat::Html { Vec::new() } else { corpus::line_keys(&seed.text) };
        let record = SeedRecord { stamp, hash: seed.hash, line_keys, clean_key: Fingerprint::default() };
        Ok(SeedInput { file, source, record, text: Some(seed.text) })
    }

    /// The seed, read now if the stamp said it was unchanged.
    fn seed(&mut self) -> std::result::Result<seed::Seed, Problem> {
        match self.text.take() {
            Some(text) => Ok(seed::Seed { file: self.file.clone(), text, hash: self.record.hash.clone() }),
            None => seed::read(&self.file),
        }
    }
}

/// A seed's path as written in its page's `source`: relative to the project
/// root when the seeds folder is inside it.
pub fn source_path(config: &Config, file: &SeedFile) -> String {
    match file.path.strip_prefix(&config.root) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"),
        Err(_) => file.path.to_string_lossy().into_owned(),
    }
}

/// Where the files of one build go.
enum Output {
    /// A new folder beside the site, swapped in at the end.
    Swap { staging: Staging, root: PathBuf },
    /// Files kept in memory until the link check passed, then each written
    /// in place.
    InPlace { dir: PathBuf, files: std::sync::Mutex<Vec<(String, Vec<u8>)>> },
}

impl Output {
    /// Where a build's files go; a swap starts from the `spare` site (its
    /// folder, and the files in which it differs from the current site)
    /// when there is one.
    fn new(config: &Config, publish: Publish, spare: Option<(PathBuf, HashSet<String>)>) -> Result<Output> {
        let trash = state::trash(&config.root);
        Ok(match (publish, spare) {
            (Publish::Swap, Some((dir, differs))) => Output::Swap {
                staging: Staging::from_spare(&config.output_dir, trash, &dir, differs)?,
                root: config.root.clone(),
            },
            (Publish::Swap, None) => {
                Output::Swap { staging: Staging::new(&config.output_dir, trash)?, root: config.root.clone() }
            }
            (Publish::InPlace, _) => {
                // Files changed in place would not be among what a spare
                // site is known to differ in.
                state::discard_spares(&config.root, None)?;
                Output::InPlace { dir: config.output_dir.clone(), files: Default::default() }
            }
        })
    }

    /// The file is unchanged: the new site has the old one's.
    fn keep(&self, path: &str) -> Result<()> {
        match self {
            Output::Swap { staging, .. } => staging.keep(path),
            Output::InPlace { .. } => Ok(()),
        }
    }

    /// Publishes the new site, without the `stale` files of the old one
    /// (nor any other file not `wanted`). Returns the spare site a swap
    /// left for the next build, which differs from the new site in the
    /// `changed` files.
    fn finish(
        self,
        stale: &[String],
        wanted: &dyn Fn(&str) -> bool,
        changed: &[String],
    ) -> Result<Option<state::SpareRecord>> {
        match self {
            Output::Swap { staging, root } => {
                let name = state::new_spare_name();
                let kept = staging.commit(stale, wanted, Some(&root.join(state::CACHE_DIR).join(&name)))?;
                let spare = kept.map(|kept| state::SpareRecord {
                    name,
                    differs: match kept {
                        Spare::Old => changed.to_vec(),
                        Spare::Copy => Vec::new(),
                    },
                });
                state::discard_spares(&root, spare.as_ref().map(|s| s.name.as_str()))?;
                Ok(spare)
            }
            Output::InPlace { dir, files } => {
                let files = files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
                files.par_iter().try_for_each(|(path, bytes)| crate::output::write_atomic(&dir.join(path), bytes))?;
                for path in stale {
                    crate::output::remove_with_empty_parents(&dir, path)?;
                }
                Ok(None)
            }
        }
    }
}

impl Sink for Output {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        match self {
            Output::Swap { staging, .. } => staging.write(path, bytes),
            Output::InPlace { files, .. } => {
                files
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((path.to_string(), bytes.to_vec()));
                Ok(())
            }
        }
    }
}

/// Frees `value` on a thread of its own. A build's large structures are
/// tens of thousands of small allocations that take tens of ms to free
/// (70 ms for the readings of 10,000 documents), which the build need not
/// wait for; what is left when the process ends, the system takes back
/// at once.
pub fn free_in_background<T: Send + 'static>(value: T) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || drop(value))
}

/// Runs one stage and logs its time, the CPU time the process spent
/// meanwhile (on every thread: more than the time where the stage runs in
/// parallel, or other threads work beside it) and the process's peak
/// memory so far (shown with `-v`).
fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let cpu = cpu_ms();
    let value = f();
    if !log::log_enabled!(log::Level::Debug) {
        return value;
    }
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let cpu = match (cpu, cpu_ms()) {
        (Some(before), Some(after)) => format!(", CPU {:.0} ms", after - before),
        _ => String::new(),
    };
    match peak_memory_mb() {
        Some(peak) => log::debug!("{stage}: {elapsed:.1} ms{cpu} (peak memory {peak} MB)"),
        None => log::debug!("{stage}: {elapsed:.1} ms{cpu}"),
    }
    value
}

/// The CPU time (user and system) of the whole process so far, in ms.
#[cfg(unix)]
fn cpu_ms() -> Option<f64> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole rusage into the pointer it is given.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return None;
        }
        usage.assume_init()
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    Some(ms(usage.ru_utime) + ms(usage.ru_stime))
}

#[cfg(not(unix))]
fn cpu_ms() -> Option<f64> {
    None
}

/// The peak resident memory of this process in MB, where the system says
/// (Linux's `/proc`).
fn peak_memory_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
