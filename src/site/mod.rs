//! The site: from documents and their analysis to every output file.
//!
//! [`model::Site`] decides the pages; [`render_pages`] renders any of them in
//! parallel with the theme and hands each file to a [`Sink`] (the output
//! stage); [`extra_files`] makes the feed, sitemap and assets. Which pages to
//! render, and the link check over the result, are the caller's (see
//! `pipeline`), so a rebuild can render only what changed.

pub mod check;
pub mod context;
pub mod feed;
pub mod highlight;
pub mod markdown;
pub mod model;
pub mod prints;
pub mod search;
pub mod summary;
pub mod theme;
pub mod timeline;
pub mod urls;

use rayon::prelude::*;

use crate::analyze::Analysis;
use crate::config::Config;
use crate::document::Document;
use crate::error::Result;
use context::Inputs;
use model::Site;
use theme::Theme;

/// Where output files go; called from many threads.
pub trait Sink: Sync {
    /// Takes the file at `path` (relative to the output root).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// The site decided: its pages, and the summary shown for each document.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Every page and grouping.
    pub site: Site,
    /// One summary per document (see [`summary::summary`]).
    pub summaries: Vec<String>,
    /// Every entity's forms, for linking first mentions in bodies.
    pub mentions: markdown::MentionMatcher,
}

impl Plan {
    /// What rendering reads: this plan with the data it was made from.
    pub fn inputs<'a>(&'a self, config: &'a Config, documents: &'a [Document], analysis: &'a Analysis) -> Inputs<'a> {
        Inputs { config, documents, analysis, site: &self.site, summaries: &self.summaries, mentions: &self.mentions }
    }

    /// Decides the site for `documents`. The mention matcher, built in one
    /// sequential pass over every document's entity forms, is made beside
    /// the rest.
    pub fn new(documents: &[Document], analysis: &Analysis) -> Result<Plan> {
        let forms =
            || analysis.docs.iter().flat_map(|d| &d.entities).flat_map(|(e, forms)| forms.iter().map(|f| (*e, &**f)));
        let ((site, summaries), mentions) = rayon::join(
            || {
                let summaries = documents
                    .par_iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let computed = analysis.docs.get(i).map_or("", |a| a.summary.as_str());
                        summary::summary(d.summary.as_deref(), computed)
                    })
                    .collect();
                (Site::new(documents, analysis), summaries)
            },
            || markdown::MentionMatcher::new(forms()),
        );
        Ok(Plan { site: site?, summaries, mentions })
    }
}

/// A page just rendered: where it went, its anchors, and what checking its
/// links found.
#[derive(Debug, Clone)]
pub struct RenderedPage {
    /// Output file.
    pub file: String,
    /// Its `id`s, sorted: the anchors other pages may link to.
    pub ids: Vec<String>,
    /// Its broken links, and the anchors it needs on other pages.
    pub check: check::PageCheck,
}

/// Renders the pages at indices `which` of `inputs.site.pages` into `sink`
/// and checks each one's links against `files` (the files of the whole
/// site). `progress` hears of each page.
pub fn render_pages(
    inputs: &Inputs,
    theme: &Theme,
    which: &[usize],
    files: &check::Site,
    sink: &dyn Sink,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<RenderedPage>> {
    let contexts = context::Contexts::new(inputs);
    which
        .par_iter()
        .map_init(Vec::new, |html, &i| {
            let page = &inputs.site.pages[i];
            html.clear();
            theme.render_to(page.kind.template(inputs.documents), &contexts.for_page(page.kind, &page.url), html)?;
            let file = page.output_file();
            sink.put(&file, html)?;
            progress();
            let html = std::str::from_utf8(html).map_err(|e| {
                crate::error::Error::Other(format!("{file}: the theme wrote text that is not UTF-8: {e}"))
            })?;
            let links = check::scan(html);
            let check = files.check_page(&file, &links);
            let mut ids: Vec<String> = links.ids.into_iter().collect();
            ids.sort_unstable();
            Ok(RenderedPage { file, ids, check })
        })
        .collect()
}

/// The files that are not pages: feed, sitemap, robots.txt, the code
/// highlighting stylesheet, the theme's static files and the search index.
pub struct ExtraFiles {
    /// `(path relative to the output root, bytes)`.
    pub files: Vec<(String, Vec<u8>)>,
    /// The search index's item files: the path and fingerprint of each,
    /// made by [`search::Cards`] only where one must be written.
    pub cards: Vec<(String, crate::fingerprint::Fingerprint)>,
    /// What the search index remembers for the next build.
    pub memory: search::Memory,
}

/// Makes the [`ExtraFiles`] of `inputs`, the search index from what
/// `memory` remembers of the last build's.
pub fn extra_files(inputs: &Inputs, theme: &Theme, memory: search::Memory) -> Result<ExtraFiles> {
    let mut files = vec![
        (urls::FEED_FILE.to_string(), feed::atom(inputs).into_bytes()),
        (urls::SITEMAP_FILE.to_string(), feed::sitemap(inputs).into_bytes()),
        ("robots.txt".to_string(), feed::robots(inputs).into_bytes()),
        (highlight::STYLESHEET.to_string(), highlight::stylesheet().as_bytes().to_vec()),
    ];
    for (name, file) in theme.statics() {
        files.push((format!("{}{name}", urls::STATIC_DIR), file.bytes.clone()));
    }
    let started = std::time::Instant::now();
    let (search, memory) = search::build(inputs, memory)?;
    log::debug!("search index: {:.1} ms, {:?}", started.elapsed().as_secs_f64() * 1000.0, search.stats);
    files.extend(search.files);
    let cards = search.cards.into_iter().enumerate().map(|(id, print)| (search::item_file(id), print)).collect();
    Ok(ExtraFiles { files, cards, memory })
}
