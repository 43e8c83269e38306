//! The site: from documents and their analysis to every output file.
//!
//! [`model::Site`] decides the pages; [`render`] renders them in parallel
//! with the theme and hands each file to a sink (the output stage), then
//! checks every internal link and anchor of what was rendered.

pub mod check;
pub mod context;
pub mod feed;
pub mod highlight;
pub mod markdown;
pub mod model;
pub mod search;
pub mod summary;
pub mod theme;
pub mod urls;

use rayon::prelude::*;

use crate::analyze::Analysis;
use crate::config::Config;
use crate::document::Document;
use crate::error::{Error, Result};
use check::LinkIndex;
use context::Inputs;
use model::Site;
use theme::Theme;

/// Where rendered files go: called once per file, from many threads.
pub trait Sink: Sync {
    /// Takes the file at `path` (relative to the output root).
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()>;
}

/// What rendering produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct RenderReport {
    /// HTML pages rendered.
    pub pages: usize,
    /// All files, pages included.
    pub files: usize,
}

/// Renders the whole site for `documents` into `sink`, then checks its
/// links. `progress` is told of each page rendered.
pub fn render(
    config: &Config,
    documents: &[Document],
    analysis: &Analysis,
    theme: &Theme,
    sink: &dyn Sink,
    progress: &(dyn Fn() + Sync),
) -> Result<RenderReport> {
    let site = Site::new(documents, analysis)?;
    let summaries: Vec<String> = documents.iter().map(|d| summary::summary(d.summary.as_deref(), &d.body)).collect();
    let inputs = Inputs { config, documents, analysis, site: &site, summaries: &summaries };

    let rendered: Vec<(String, check::PageLinks)> = site
        .pages
        .par_iter()
        .map(|page| {
            let template = page.kind.template(documents);
            let ctx = context::for_page(&inputs, page.kind, &page.url);
            let html = theme.render(template, &ctx)?;
            let file = page.output_file();
            sink.put(&file, html.as_bytes())?;
            progress();
            Ok((file, check::scan(&html)))
        })
        .collect::<Result<_>>()?;

    let mut index = LinkIndex::default();
    let pages = rendered.len();
    for (file, links) in rendered {
        index.add_scanned(&file, Some(links));
    }
    let mut extra: Vec<(String, Vec<u8>)> = vec![
        (urls::FEED_FILE.to_string(), feed::atom(&inputs).into_bytes()),
        (urls::SITEMAP_FILE.to_string(), feed::sitemap(&inputs).into_bytes()),
        ("robots.txt".to_string(), feed::robots(&inputs).into_bytes()),
        (highlight::STYLESHEET.to_string(), highlight::stylesheet().into_bytes()),
    ];
    for (name, file) in theme.statics() {
        extra.push((format!("{}{name}", urls::STATIC_DIR), file.bytes.clone()));
    }
    for (path, bytes) in &extra {
        sink.put(path, bytes)?;
        index.add(path, bytes);
    }

    let started = std::time::Instant::now();
    let search = search::build(&inputs)?;
    log::debug!("search index: {:.1} ms, {:?}", started.elapsed().as_secs_f64() * 1000.0, search.stats);
    search.files.par_iter().try_for_each(|(path, bytes)| sink.put(path, bytes))?;
    for (path, bytes) in &search.files {
        index.add(path, bytes);
    }

    let broken = index.broken(&config.base_url, config.base_path());
    if !broken.is_empty() {
        return Err(Error::Check { count: broken.len(), report: broken.join("\n") });
    }
    Ok(RenderReport { pages, files: pages + extra.len() + search.files.len() })
}
