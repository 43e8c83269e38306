//! A first look at an edited seed or content page while serving.
//!
//! A whole incremental rebuild redoes the corpus-wide steps (entity merge,
//! stories, search), which takes seconds on a large briefing; the person
//! who just saved a seed is looking at that seed's page. So `serve` first
//! re-cleans the edited seeds (or re-reads the edited content pages) and
//! re-renders only their own pages against
//! the last build's analysis, publishes them and tells the browser; then it
//! runs the full rebuild, which brings every other page (and these, with
//! their new entities, summary and story) in step. This is what Hugo's
//! "fast render" does for the pages being viewed.
//!
//! A preview never writes `content/` and never changes what the engine
//! remembers: it is a throwaway pass, and anything it cannot do cheaply and
//! safely (a new seed, a hand-edited page, a broken link) is left to the
//! rebuild.

use std::path::{Path, PathBuf};

use crate::analyze::Analysis;
use crate::clean::{self, CorpusHints};
use crate::content::{
    self,
    page::{self, Origin},
};
use crate::document::Document;
use crate::seed::{self, SeedFile};
use crate::site::check::Site as LinkSite;
use crate::site::model::PageKind;
use crate::site::{self, Plan};

use super::{Engine, Output, Publish, missing_anchors, source_path};

/// What the last build made, kept while serving so a preview can render
/// one page without redoing the rest.
pub(super) struct Built {
    pub documents: Vec<Document>,
    pub analysis: Analysis,
    pub plan: Plan,
    pub hints: CorpusHints,
}

impl Engine {
    /// Re-cleans the seeds among `changed` that the last build knew (and
    /// re-reads its content pages among them) and re-renders their own
    /// pages in place, against the last build's
    /// analysis. Returns the output files written (none when there was
    /// nothing it could preview; the full rebuild follows either way).
    pub fn preview(&mut self, changed: &[PathBuf]) -> Vec<String> {
        let Some(mut built) = self.last.take() else { return Vec::new() };
        let mut changed = changed.to_vec();
        changed.sort();
        changed.dedup();
        let pages: Vec<usize> = changed.iter().filter_map(|path| self.refresh(&mut built, path)).collect();
        let written = if pages.is_empty() { Vec::new() } else { self.publish_preview(&built, &pages) };
        self.last = Some(built);
        written
    }

    /// Puts the new document for the seed or content page at `path` in
    /// place of the old; the index of its page, or `None` when it cannot
    /// be previewed.
    fn refresh(&self, built: &mut Built, path: &Path) -> Option<usize> {
        let (d, document) = if path.starts_with(&self.config.content_dir) {
            Self::reread(built, path, &content::relative(&self.config.content_dir, path))?
        } else {
            self.reclean(built, path)?
        };
        built.documents[d] = document;
        built.plan.site.pages.iter().position(|p| p.kind == PageKind::Document(d))
    }

    /// A content page someone edited, read again (at the same address).
    fn reread(built: &Built, path: &Path, file: &str) -> Option<(usize, Document)> {
        let d = built.documents.iter().position(|doc| doc.file == file)?;
        let page = page::parse(file, &std::fs::read_to_string(path).ok()?).ok()?;
        (page.document.slug == built.documents[d].slug).then_some((d, page.document))
    }

    /// The seed at `path`, cleaned again, unless its page is a hand edit
    /// (which the seed no longer changes).
    fn reclean(&self, built: &Built, path: &Path) -> Option<(usize, Document)> {
        let file = SeedFile::at(&self.config.seeds_dir, path)?;
        let source = source_path(&self.config, &file);
        let d = built.documents.iter().position(|doc| doc.source.as_deref() == Some(source.as_str()))?;
        let record = self.state.content.get(&built.documents[d].file)?;
        if record.page.origin != (Origin::Generated { edited: false }) {
            return None;
        }
        let article = seed::read(&file).and_then(|s| clean::clean(&s, &built.hints)).ok()?;
        Some((d, page::generated_document(&built.documents[d].slug, &article, &source)))
    }

    /// Renders `pages`, checks their links against the last build's files
    /// and writes them in place; nothing is written if any check fails.
    fn publish_preview(&self, built: &Built, pages: &[usize]) -> Vec<String> {
        let config = &self.config;
        let inputs = built.plan.inputs(config, &built.documents, &built.analysis);
        let files = LinkSite {
            has_file: &|f| self.state.pages.contains_key(f),
            base_url: &config.base_url,
            base_path: config.base_path(),
        };
        let attempt = || -> crate::error::Result<Vec<String>> {
            let out = Output::new(config, Publish::InPlace, None)?;
            let rendered = site::render_pages(&inputs, &self.theme, pages, &files, &out, &|| {})?;
            let ok = rendered.iter().all(|r| r.check.problems.is_empty())
                && missing_anchors(&rendered, Vec::new(), &self.state.pages).is_empty();
            if !ok {
                return Ok(Vec::new());
            }
            out.finish(&[], &|_| true, &[])?;
            Ok(rendered.into_iter().map(|r| r.file).collect())
        };
        attempt().unwrap_or_else(|e| {
            log::debug!("no preview: {e}");
            Vec::new()
        })
    }
}
