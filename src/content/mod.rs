//! `content/`: one Markdown page per seed, kept in step with the seeds
//! without ever overwriting a page a person has edited.
//!
//! [`plan`] is pure: from the pages on disk and the cleaned seeds it decides
//! what to write, what to remove and which documents the site is built from.
//! [`apply`] carries that out, one atomic file write at a time.

pub mod frontmatter;
pub mod page;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::document::{Article, Document};
use crate::error::{Error, Result};
use crate::fingerprint::FileStamp;
use crate::seed::{Problem, is_ignored_name};
use crate::slug::slugify_or;
use page::{Origin, Page};

/// Top-level URL paths the site's own sections use; no page may take them.
pub const RESERVED_SLUGS: &[&str] = &[
    "entities", "topics", "sources", "stories", "timeline", "search", "static", "404", "feed", "sitemap", "robots",
    "page", "index",
];

/// A seed after cleaning, ready to become a content page.
#[derive(Debug, Clone)]
pub struct CleanedSeed {
    /// The seed's path relative to the project root (`seeds/a.txt`).
    pub source: String,
    /// Content hash of the seed's bytes.
    pub hash: String,
    /// What cleaning found; `None` when the seed was not cleaned again
    /// because its page in `content/` is already what cleaning would write.
    pub article: Option<Article>,
}

/// A file of `content/` as found on disk.
#[derive(Debug, Clone)]
pub struct OnDisk {
    /// Path relative to `content/`, `/`-separated.
    pub file: String,
    /// Its size and modification time when it was read.
    pub stamp: Option<FileStamp>,
    /// The page, or why it could not be read (shared with the build
    /// cache's record of it, rather than copied: a site's pages are tens
    /// of MB of text).
    pub page: std::result::Result<Arc<Page>, Problem>,
}

/// One change to make in `content/`.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Write a page to `file` (relative to `content/`): `head`, then the
    /// body of `page`'s document.
    Write {
        /// Relative path.
        file: String,
        /// The page's text up to its body (front matter and blank line).
        head: String,
        /// The page as it reads back.
        page: Box<Page>,
    },
    /// Remove `file`: its seed is gone and nobody edited it.
    Remove {
        /// Relative path.
        file: String,
    },
}

/// What syncing `content/` with the seeds will do.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// File changes, in a stable order.
    pub changes: Vec<Change>,
    /// Every page the site is built from, sorted by slug.
    pub documents: Vec<Document>,
    /// Things the user should know that are not errors (kept hand edits).
    pub notices: Vec<String>,
    /// Pages that could not be read; they are left alone and not built.
    pub problems: Vec<Problem>,
}

/// Reads the Markdown pages under `dir` that [`list`] found there (the
/// `listed` files). `known` may give the page for a file whose stamp it
/// recognises, so that unchanged files need not be read again.
pub fn scan(
    dir: &Path,
    listed: Vec<(String, std::result::Result<FileStamp, Problem>)>,
    known: &(dyn Fn(&str, FileStamp) -> Option<Arc<Page>> + Sync),
) -> Vec<OnDisk> {
    let mut pages: Vec<OnDisk> = listed
        .into_iter()
        .map(|(file, stamp)| match stamp {
            Ok(stamp) => {
                OnDisk { page: Err(Problem { path: dir.join(&file), reason: String::new() }), stamp: Some(stamp), file }
            }
            Err(problem) => OnDisk { file, stamp: None, page: Err(problem) },
        })
        .collect();
    pages.par_iter_mut().filter(|disk| disk.stamp.is_some()).for_each(|disk| {
        let found = disk.stamp.and_then(|stamp| known(&disk.file, stamp));
        disk.page = match found {
            Some(page) => Ok(page),
            None => read_page(&dir.join(&disk.file), &disk.file).map(Arc::new),
        };
    });
    pages
}

/// The Markdown files under `dir` (by path relative to it) with their
/// stamps, or why a file or folder could not be read. A missing folder has none.
pub fn list(dir: &Path) -> Vec<(String, std::result::Result<FileStamp, Problem>)> {
    if !dir.exists() {
        return Vec::new();
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    // The walk tells files from folders without a `stat`; the stamps are
    // then read side by side (10,000 `stat`s in a row took 50 ms).
    let mut found = Vec::new();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") => {
                found.push((relative(dir, entry.path()), Ok(entry.into_path())));
            }
            Ok(_) => {}
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                found.push((relative(dir, &path), Err(Problem { reason: format!("cannot read it: {e}"), path })));
            }
        }
    }
    found
        .into_par_iter()
        .map(|(file, path)| {
            let stamp = path.and_then(|path| {
                let meta = std::fs::symlink_metadata(&path);
                meta.map(|m| FileStamp::of(&m)).map_err(|e| Problem { path, reason: format!("cannot read it: {e}") })
            });
            (file, stamp)
        })
        .collect()
}

fn read_page(path: &Path, file: &str) -> std::result::Result<Page, Problem> {
    let problem = |reason: String| Problem { path: path.to_path_buf(), reason };
    let bytes = std::fs::read(path).map_err(|e| problem(format!("cannot read it: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| problem("is not UTF-8; re-save it as UTF-8".to_string()))?;
    page::parse(file, &text).map_err(|e| Problem {
        path: PathBuf::from(format!("{}:{}", path.display(), e.line)),
        reason: format!("{}; the page is left as it is and not built until it is fixed", e.message),
    })
}

/// The document of `page`, copied only if the page is shared.
fn document_of(page: Arc<Page>) -> Document {
    Arc::try_unwrap(page).map_or_else(|shared| shared.document.clone(), |page| page.document)
}

/// `path` relative to `dir`, `/`-separated: a content page's `file`.
pub fn relative(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// Decides how `content/` follows the seeds.
///
/// `seed_exists` tells whether a source path still names a file: a page whose
/// seed exists but could not be read this time is kept, not removed.
pub fn plan(on_disk: Vec<OnDisk>, cleaned: &[CleanedSeed], seed_exists: &dyn Fn(&str) -> bool) -> Plan {
    let mut plan = Plan::default();
    let mut taken = Slugs::new(on_disk.iter().map(|d| page::slug_for_file(&d.file)));
    let mut by_source: HashMap<String, (String, Arc<Page>)> = HashMap::new();
    let mut kept = Kept::default();

    for disk in on_disk {
        match disk.page {
            Err(problem) => plan.problems.push(problem),
            Ok(page) => match (&page.origin, page.document.source.clone()) {
                (Origin::Generated { .. }, Some(source)) => {
                    by_source.insert(source, (disk.file, page));
                }
                _ => kept.insert(document_of(page)),
            },
        }
    }

    // Each seed with its article, the slug it keeps (empty: a new one is
    // needed) and the checksum of its current page, which tells whether it
    // must be rewritten.
    let mut wanted: Vec<(&CleanedSeed, &Article, String, Option<String>)> = Vec::new();
    for seed in cleaned {
        let existing = by_source.remove(&seed.source);
        let edited = existing.as_ref().is_some_and(|(_, page)| page.origin == (Origin::Generated { edited: true }));
        match (existing, &seed.article) {
            (Some((_, page)), _) if edited => {
                if page.seed_hash.as_deref() != Some(seed.hash.as_str()) {
                    plan.notices.push(format!(
                        "{} changed, but content/{} was edited by hand, so it was kept as it is; \
                         delete the page to regenerate it from the seed",
                        seed.source, page.document.file
                    ));
                }
                kept.insert(document_of(page));
            }
            // Not cleaned again: its page is current; keep it as it is.
            (Some((_, page)), None) => kept.insert(document_of(page)),
            (None, None) => {}
            (Some((file, page)), Some(article)) => {
                if slug_base_matches(&page.document.slug, &slugify_or(&article.title, "untitled")) {
                    wanted.push((seed, article, page.document.slug.clone(), page.checksum.clone()));
                } else {
                    taken.release(&page.document.slug);
                    plan.changes.push(Change::Remove { file });
                    wanted.push((seed, article, String::new(), None));
                }
            }
            (None, Some(article)) => wanted.push((seed, article, String::new(), None)),
        }
    }

    // Slugs are given in order (each takes the next one free); the pages
    // are then made in parallel.
    let wanted: Vec<_> = wanted
        .into_iter()
        .map(|(seed, article, slug, old_checksum)| {
            let slug = if slug.is_empty() { taken.free(&slugify_or(&article.title, "untitled")) } else { slug };
            (seed, article, slug, old_checksum)
        })
        .collect();
    let made: Vec<(Document, Option<Change>)> = wanted
        .into_par_iter()
        .map(|(seed, article, slug, old_checksum)| {
            let (head, checksum) = page::render_generated_head(article, &seed.source, &seed.hash);
            let document = page::generated_document(&slug, article, &seed.source);
            let change = (old_checksum.as_deref() != Some(checksum.as_str())).then(|| {
                let page = Page {
                    document: document.clone(),
                    origin: Origin::Generated { edited: false },
                    seed_hash: Some(seed.hash.clone()),
                    checksum: Some(checksum),
                };
                Change::Write { file: document.file.clone(), head, page: Box::new(page) }
            });
            (document, change)
        })
        .collect();
    for (document, change) in made {
        plan.changes.extend(change);
        kept.insert(document);
    }

    for (source, (file, page)) in by_source {
        let edited = page.origin == (Origin::Generated { edited: true });
        if seed_exists(&source) || edited {
            if edited && !seed_exists(&source) {
                plan.notices.push(format!(
                    "{source} is gone, but content/{file} was edited by hand, so it was kept; \
                     delete the page if it is no longer wanted"
                ));
            }
            kept.insert(document_of(page));
        } else {
            plan.changes.push(Change::Remove { file });
        }
    }
    plan.changes.sort_by(|a, b| change_file(a).cmp(change_file(b)));
    plan.problems.extend(kept.clashes);
    plan.documents = kept.documents.into_values().collect();
    plan
}

/// The documents the site is built from, by slug, and the pages left out
/// because another page already has their address.
#[derive(Default)]
struct Kept {
    documents: BTreeMap<String, Document>,
    clashes: Vec<Problem>,
}

impl Kept {
    /// Keeps `document` unless its slug is taken. Of two pages with one
    /// slug, the one whose file is named exactly after it wins (the other's
    /// name was made into a slug, so renaming it is the fix).
    fn insert(&mut self, document: Document) {
        use std::collections::btree_map::Entry;
        match self.documents.entry(document.slug.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(document);
            }
            Entry::Occupied(mut slot) => {
                let named_after_slug = |d: &Document| d.file == format!("{}.md", d.slug);
                let (winner, loser) = if named_after_slug(&document) && !named_after_slug(slot.get()) {
                    let old = slot.insert(document);
                    (slot.get().file.clone(), old)
                } else {
                    (slot.get().file.clone(), document)
                };
                self.clashes.push(Problem {
                    path: PathBuf::from(format!("content/{}", loser.file)),
                    reason: format!(
                        "its page would be at {}/, which content/{winner} already has; rename one of them",
                        loser.slug
                    ),
                });
            }
        }
    }
}

/// Slugs in use, with the next suffix to try for each base, so that giving
/// many seeds of one title their slugs takes linear, not quadratic, time.
struct Slugs {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl Slugs {
    fn new(taken: impl IntoIterator<Item = String>) -> Slugs {
        Slugs { taken: taken.into_iter().collect(), next_suffix: HashMap::new() }
    }

    /// Frees `slug` for another page.
    fn release(&mut self, slug: &str) {
        self.taken.remove(slug);
    }

    /// `base`, or `base-2`, `base-3`, ... whichever is free; it is then taken.
    fn free(&mut self, base: &str) -> String {
        let is_free = |s: &str, taken: &HashSet<String>| !taken.contains(s) && !RESERVED_SLUGS.contains(&s);
        let slug = if is_free(base, &self.taken) {
            base.to_string()
        } else {
            let next = self.next_suffix.entry(base.to_string()).or_insert(2);
            loop {
                let candidate = format!("{base}-{next}");
                *next += 1;
                if is_free(&candidate, &self.taken) {
                    break candidate;
                }
            }
        };
        self.taken.insert(slug.clone());
        slug
    }
}

fn change_file(change: &Change) -> &str {
    match change {
        Change::Write { file, .. } | Change::Remove { file } => file,
    }
}

/// Whether `slug` is `base` or `base-N`, i.e. the title still gives this name.
fn slug_base_matches(slug: &str, base: &str) -> bool {
    slug == base
        || slug
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Carries out `changes` in `dir`, each file written atomically. Removals
/// go first (a page that moved may leave its file to another page), then
/// the writes, in parallel: each is to a file of its own.
pub fn apply(dir: &Path, changes: &[Change]) -> Result<()> {
    for change in changes {
        if let Change::Remove { file } = change {
            let path = dir.join(file);
            std::fs::remove_file(&path).map_err(|e| Error::io(&path, "removing", e))?;
        }
    }
    changes.par_iter().try_for_each(|change| match change {
        Change::Write { file, head, page } => crate::output::write_atomic_with(&dir.join(file), |out| {
            out.write_all(head.as_bytes())?;
            out.write_all(page.document.body.as_bytes())
        }),
        Change::Remove { .. } => Ok(()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(source: &str, title: &str, body: &str) -> CleanedSeed {
        let body = body.to_string();
        let hash = crate::seed::hash_bytes(format!("{title}{body}").as_bytes());
        CleanedSeed {
            source: source.to_string(),
            hash,
            article: Some(Article { title: title.to_string(), body, ..Article::default() }),
        }
    }

    /// The text a change writes.
    fn text(change: &Change) -> String {
        let Change::Write { head, page, .. } = change else { panic!("{change:?} writes nothing") };
        format!("{head}{}", page.document.body)
    }

    fn disk_from(plan: &Plan) -> Vec<OnDisk> {
        plan.changes
            .iter()
            .filter_map(|c| match c {
                Change::Write { file, .. } => Some(OnDisk {
                    file: file.clone(),
                    stamp: None,
                    page: page::parse(file, &text(c))
                        .map(Arc::new)
                        .map_err(|e| Problem { path: file.into(), reason: e.message }),
                }),
                Change::Remove { .. } => None,
            })
            .collect()
    }

    fn writes(plan: &Plan) -> Vec<&str> {
        plan.changes
            .iter()
            .filter_map(|c| match c {
                Change::Write { file, .. } => Some(file.as_str()),
                Change::Remove { .. } => None,
            })
            .collect()
    }

    #[test]
    fn new_seeds_get_slugged_pages_and_collisions_a_suffix() {
        let seeds = [seed("seeds/a.txt", "Same Title", "A."), seed("seeds/b.txt", "Same Title", "B.")];
        let plan = plan(vec![], &seeds, &|_| true);
        assert_eq!(writes(&plan), ["same-title-2.md", "same-title.md"]);
        assert_eq!(plan.documents.len(), 2);
    }

    #[test]
    fn long_titles_that_collide_keep_their_pages_when_read_back() {
        // The title's slug is cut at the slug length, and the suffix of the
        // second page goes beyond it: read back from its file, the page must
        // keep the address it was given, not clash with the first.
        let title = "Ageing Population Deal Sets Halcyon Retail Group at Odds with Regulators";
        let seeds = [seed("seeds/a.txt", title, "A."), seed("seeds/b.txt", title, "B.")];
        let first = plan(vec![], &seeds, &|_| true);
        let again = plan(disk_from(&first), &seeds, &|_| true);
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        assert_eq!(again.documents.len(), 2);
        assert!(again.changes.is_empty(), "{:?}", again.changes);
        for doc in &again.documents {
            assert_eq!(page::slug_for_file(&doc.file), doc.slug);
        }
    }

    #[test]
    fn applying_a_plan_writes_its_pages_and_removes_the_old() {
        let dir = tempfile::tempdir().unwrap();
        let first = plan(vec![], &[seed("seeds/a.txt", "Old Title", "x")], &|_| true);
        apply(dir.path(), &first.changes).unwrap();
        assert_eq!(std::fs::read_to_string(dir.path().join("old-title.md")).unwrap(), text(&first.changes[0]));
        let second = plan(disk_from(&first), &[seed("seeds/a.txt", "New Title", "x")], &|_| true);
        apply(dir.path(), &second.changes).unwrap();
        assert!(!dir.path().join("old-title.md").exists());
        let written = std::fs::read_to_string(dir.path().join("new-title.md")).unwrap();
        assert_eq!(page::parse("new-title.md", &written).unwrap().origin, Origin::Generated { edited: false });
    }

    #[test]
    fn reserved_section_names_are_not_used() {
        let plan = plan(vec![], &[seed("seeds/a.txt", "Entities", "x")], &|_| true);
        assert_eq!(writes(&plan), ["entities-2.md"]);
    }

    #[test]
    fn unchanged_seeds_keep_their_slugs_when_a_colliding_seed_arrives() {
        let first = plan(vec![], &[seed("seeds/b.txt", "Same Title", "B.")], &|_| true);
        let seeds = [seed("seeds/a.txt", "Same Title", "A."), seed("seeds/b.txt", "Same Title", "B.")];
        let second = plan(disk_from(&first), &seeds, &|_| true);
        let b = second.documents.iter().find(|d| d.source.as_deref() == Some("seeds/b.txt")).unwrap();
        assert_eq!(b.slug, "same-title");
    }

    #[test]
    fn edited_page_is_kept_and_reported_when_its_seed_changes() {
        let first = plan(vec![], &[seed("seeds/a.txt", "T", "Old.")], &|_| true);
        let mut disk = disk_from(&first);
        disk[0].page = Ok(Arc::new(page::parse("t.md", &text(&first.changes[0]).replace("Old.", "Mine.")).unwrap()));
        let second = plan(disk, &[seed("seeds/a.txt", "T", "New.")], &|_| true);
        assert!(second.changes.is_empty(), "{:?}", second.changes);
        assert_eq!(&*second.documents[0].body, "Mine.\n");
        assert_eq!(second.notices.len(), 1);
        assert!(second.notices[0].contains("edited by hand"));
    }

    #[test]
    fn unchanged_seeds_write_nothing() {
        let seeds = [seed("seeds/a.txt", "T", "Body.")];
        let first = plan(vec![], &seeds, &|_| true);
        let second = plan(disk_from(&first), &seeds, &|_| true);
        assert!(second.changes.is_empty(), "{:?}", second.changes);
        assert_eq!(second.documents, first.documents);
    }

    #[test]
    fn seed_not_cleaned_again_keeps_its_current_page() {
        let seeds = [seed("seeds/a.txt", "T", "Body.")];
        let first = plan(vec![], &seeds, &|_| true);
        let unchanged = [CleanedSeed { article: None, ..seeds[0].clone() }];
        let second = plan(disk_from(&first), &unchanged, &|_| true);
        assert!(second.changes.is_empty());
        assert_eq!(second.documents, first.documents);
    }

    #[test]
    fn page_of_a_removed_seed_is_removed_unless_edited() {
        let first = plan(vec![], &[seed("seeds/a.txt", "T", "Old.")], &|_| true);
        let second = plan(disk_from(&first), &[], &|_| false);
        assert_eq!(second.changes, [Change::Remove { file: "t.md".to_string() }]);

        let mut disk = disk_from(&first);
        disk[0].page = Ok(Arc::new(page::parse("t.md", &text(&first.changes[0]).replace("Old.", "Mine.")).unwrap()));
        let third = plan(disk, &[], &|_| false);
        assert!(third.changes.is_empty());
        assert_eq!(third.documents.len(), 1);
    }

    #[test]
    fn page_of_an_unreadable_but_present_seed_is_kept() {
        let first = plan(vec![], &[seed("seeds/a.txt", "T", "Old.")], &|_| true);
        let second = plan(disk_from(&first), &[], &|_| true);
        assert!(second.changes.is_empty());
        assert_eq!(second.documents.len(), 1);
    }

    #[test]
    fn retitled_seed_moves_to_a_new_slug() {
        let first = plan(vec![], &[seed("seeds/a.txt", "Old Title", "x")], &|_| true);
        let new = seed("seeds/a.txt", "New Title", "x");
        let second = plan(disk_from(&first), std::slice::from_ref(&new), &|_| true);
        let files: Vec<&str> = second.changes.iter().map(change_file).collect();
        assert_eq!(files, ["new-title.md", "old-title.md"]);
        assert!(
            text(&second.changes[0]) == page::render_generated(new.article.as_ref().unwrap(), &new.source, &new.hash).0
        );
        assert!(matches!(&second.changes[1], Change::Remove { .. }));
    }

    #[test]
    fn hand_written_pages_are_kept_and_block_their_slug() {
        let about = page::parse("t.md", "+++\ntitle = \"T\"\n+++\nMine").unwrap();
        let disk = vec![OnDisk { file: "t.md".into(), stamp: None, page: Ok(Arc::new(about)) }];
        let plan = plan(disk, &[seed("seeds/a.txt", "T", "x")], &|_| true);
        assert_eq!(writes(&plan), ["t-2.md"]);
        assert_eq!(plan.documents.len(), 2);
    }

    #[test]
    fn many_seeds_of_one_title_get_numbered_slugs() {
        let seeds: Vec<CleanedSeed> =
            (0..50).map(|i| seed(&format!("seeds/{i}.txt"), "Note", &format!("{i}."))).collect();
        let plan = plan(vec![], &seeds, &|_| true);
        let slugs: HashSet<&str> = plan.documents.iter().map(|d| d.slug.as_str()).collect();
        assert_eq!(slugs.len(), 50);
        assert!(slugs.contains("note") && slugs.contains("note-2") && slugs.contains("note-50"));
    }

    #[test]
    fn two_pages_with_one_address_keep_the_one_named_after_it_and_report_the_other() {
        let hand = |file: &str| OnDisk {
            file: file.into(),
            stamp: None,
            page: Ok(Arc::new(page::parse(file, "+++\ntitle = \"T\"\n+++\nMine").unwrap())),
        };
        let plan = plan(vec![hand("My Page.md"), hand("my-page.md")], &[], &|_| true);
        assert_eq!(plan.documents.len(), 1);
        assert_eq!(plan.documents[0].file, "my-page.md");
        assert_eq!(plan.problems.len(), 1);
        assert_eq!(plan.problems[0].path, PathBuf::from("content/My Page.md"));
        assert!(plan.problems[0].reason.contains("rename"), "{}", plan.problems[0].reason);
    }
}
