//! The site model: every page, its URL, its template and what its content
//! depends on, decided once from plain data before anything is rendered.
//!
//! The dependency list of a page is explicit so that a rebuild can tell
//! which pages a change touches (a page is re-rendered when one of its
//! dependencies, or its template, changed).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::timeline::{self, Period};
use super::urls;
use crate::analyze::Analysis;
use crate::analyze::hash::FastMap;
use crate::document::{Document, DocumentKind};
use crate::error::{Error, Result};
use crate::slug::slugify_or;

/// What a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    /// The brief: what the collection is, latest documents, top entities.
    Home,
    /// A source document or hand-written page (index into the documents).
    Document(usize),
    /// All publishers.
    Sources,
    /// One publisher's documents, paginated (`page` is 1-based).
    Publisher {
        /// Index into [`Site::publishers`].
        index: usize,
        /// Page number.
        page: usize,
    },
    /// All entities, grouped by kind.
    Entities,
    /// One entity and its mentions, paginated.
    Entity {
        /// Index into the analysis' entities.
        index: usize,
        /// Page number.
        page: usize,
    },
    /// All topics.
    Topics,
    /// One topic and its documents, paginated.
    Topic {
        /// Index into the analysis' topics.
        index: usize,
        /// Page number.
        page: usize,
    },
    /// All stories.
    Stories,
    /// One story: its reports, what they share and what each adds (index
    /// into the analysis' stories).
    Story(usize),
    /// The timeline: every period, its most telling dates.
    Timeline,
    /// Every date of one period of the timeline, paginated.
    TimelinePeriod {
        /// Index into [`Site::periods`].
        index: usize,
        /// Page number.
        page: usize,
    },
    /// Full-text search (the index itself is built from every item; see
    /// [`crate::site::search`]).
    Search,
    /// The page served for missing URLs.
    NotFound,
}

impl PageKind {
    /// The theme template that renders this kind of page.
    pub fn template(&self, documents: &[Document]) -> &'static str {
        match self {
            PageKind::Home => "index.html",
            PageKind::Document(i) if documents[*i].kind == DocumentKind::Page => "page.html",
            PageKind::Document(_) => "document.html",
            PageKind::Sources => "sources.html",
            PageKind::Publisher { .. } => "publisher.html",
            PageKind::Entities => "entities.html",
            PageKind::Entity { .. } => "entity.html",
            PageKind::Topics => "topics.html",
            PageKind::Topic { .. } => "topic.html",
            PageKind::Stories => "stories.html",
            PageKind::Story(_) => "story.html",
            PageKind::Timeline => "timeline.html",
            PageKind::TimelinePeriod { .. } => "timeline_period.html",
            PageKind::Search => "search.html",
            PageKind::NotFound => "404.html",
        }
    }
}

/// A piece of data a page's content is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dep {
    /// Site settings and totals (shown in every page's header and footer).
    Site,
    /// A document's title, date, publisher and summary (what listings show).
    DocMeta(usize),
    /// A document's body and what the analysis found in it.
    DocBody(usize),
    /// An entity as each of its pages heads it: names, kind, how many
    /// documents name it, relations.
    Entity(usize),
    /// The mentions one page of an entity lists (pages count from 1):
    /// their documents, in order, and the sentences that name it. Apart
    /// from the head, so that a change to one mention renders one page of
    /// an entity named in thousands of documents, not all of them.
    Mentions {
        /// The entity.
        entity: usize,
        /// The page, from 1.
        page: usize,
    },
    /// What a link to an entity shows: its name, kind and number of
    /// documents. Pages that only list or link an entity depend on this,
    /// so editing one report does not touch every page that names a
    /// country it mentions.
    EntityCard(usize),
    /// A topic as each of its pages heads it: name, keywords, how many
    /// documents, entities.
    Topic(usize),
    /// The documents one page of a topic lists, in order (see
    /// [`Dep::Mentions`]): a document whose score moves re-renders the
    /// pages it moves across, not every page of the topic.
    TopicDocs {
        /// The topic.
        topic: usize,
        /// The page, from 1.
        page: usize,
    },
    /// What a link to a topic shows: its name and number of documents.
    TopicCard(usize),
    /// What a plain link to a topic shows: its name (see
    /// `context::TopicLink`).
    TopicLink(usize),
    /// A story: its reports and facts.
    Story(usize),
    /// A period of the timeline: its entries.
    Period(usize),
}

/// One page of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Root-relative URL (`entities/putin/`; empty for home).
    pub url: String,
    /// What it shows.
    pub kind: PageKind,
    /// What its content is made from.
    pub deps: Vec<Dep>,
}

impl Page {
    /// The file the page is written to, relative to the output folder.
    pub fn output_file(&self) -> String {
        match self.kind {
            PageKind::NotFound => urls::NOT_FOUND_FILE.to_string(),
            _ => urls::output_file(&self.url),
        }
    }
}

/// A publisher and its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// As the sources name it.
    pub name: String,
    /// Unique URL slug.
    pub slug: String,
    /// Its documents, newest first.
    pub docs: Vec<usize>,
}

/// Every page of the site and the groupings they are made from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Site {
    /// All pages, in a stable order.
    pub pages: Vec<Page>,
    /// Publishers, by name.
    pub publishers: Vec<Publisher>,
    /// Publisher index of each document (`None` for pages and unattributed sources).
    pub publisher_of: Vec<Option<usize>>,
    /// Source documents, newest first (undated last).
    pub chronological: Vec<usize>,
    /// Position of each document in `chronological` (`None` for pages).
    pub rank: Vec<Option<usize>>,
    /// Each story's slug: its first report's (unique, and stable as later
    /// reports join).
    pub story_slugs: Vec<String>,
    /// The periods of the timeline.
    pub periods: Vec<Period>,
}

impl Site {
    /// Decides every page. Fails when two pages would share a URL (a
    /// hand-written page named like a section of the site).
    pub fn new(documents: &[Document], analysis: &Analysis) -> Result<Site> {
        let chronological = chronological(documents);
        let (publishers, publisher_of) = publishers(documents, &chronological);
        let mut pages = Vec::new();
        let all_meta: Vec<Dep> = chronological.iter().map(|&d| Dep::DocMeta(d)).collect();

        let story_slugs: Vec<String> = analysis.stories.iter().map(|s| documents[s.docs[0]].slug.clone()).collect();
        let periods = timeline::periods(&analysis.timeline);
        let all_stories: Vec<Dep> = (0..analysis.stories.len()).map(Dep::Story).collect();
        let all_periods: Vec<Dep> = (0..periods.len()).map(Dep::Period).collect();

        let mut home_deps = vec![Dep::Site];
        home_deps.extend(all_meta.iter().copied());
        home_deps.extend((0..analysis.entities.len()).map(Dep::EntityCard));
        home_deps.extend((0..analysis.topics.len()).map(Dep::TopicCard));
        home_deps.extend(all_stories.iter().chain(&all_periods).copied());
        pages.push(Page { url: urls::HOME.to_string(), kind: PageKind::Home, deps: home_deps });

        let mut rank = vec![None; documents.len()];
        for (pos, &d) in chronological.iter().enumerate() {
            rank[d] = Some(pos);
        }
        pages.par_extend(documents.par_iter().enumerate().map(|(i, doc)| {
            let deps = document_deps(i, analysis, &chronological, rank[i]);
            Page { url: urls::document(&doc.slug), kind: PageKind::Document(i), deps }
        }));

        let mut sources_deps = vec![Dep::Site];
        sources_deps.extend(all_meta.iter().copied());
        pages.push(Page { url: urls::SOURCES.to_string(), kind: PageKind::Sources, deps: sources_deps });
        for (index, publisher) in publishers.iter().enumerate() {
            let url = urls::publisher(&publisher.slug);
            pages.extend(paginate(
                &url,
                &publisher.docs,
                |page| PageKind::Publisher { index, page },
                |d| vec![Dep::DocMeta(*d)],
                &[],
                |_| None,
            ));
        }

        let mut entities_deps = vec![Dep::Site];
        entities_deps.extend((0..analysis.entities.len()).map(Dep::EntityCard));
        pages.push(Page { url: urls::ENTITIES.to_string(), kind: PageKind::Entities, deps: entities_deps });
        pages.par_extend(analysis.entities.par_iter().enumerate().flat_map_iter(|(index, entity)| {
            let mut shared = vec![Dep::Entity(index)];
            shared.extend(entity.related.iter().map(|&r| Dep::EntityCard(r)));
            shared.extend(entity.topics.iter().map(|&t| Dep::TopicLink(t)));
            paginate(
                &urls::entity(&entity.slug),
                &entity.mentions,
                |page| PageKind::Entity { index, page },
                |m| vec![Dep::DocMeta(m.doc)],
                &shared,
                |page| Some(Dep::Mentions { entity: index, page }),
            )
        }));

        let mut topics_deps = vec![Dep::Site];
        topics_deps.extend((0..analysis.topics.len()).map(Dep::TopicCard));
        pages.push(Page { url: urls::TOPICS.to_string(), kind: PageKind::Topics, deps: topics_deps });
        pages.par_extend(analysis.topics.par_iter().enumerate().flat_map_iter(|(index, topic)| {
            let mut shared = vec![Dep::Topic(index)];
            shared.extend(topic.entities.iter().map(|&e| Dep::EntityCard(e)));
            paginate(
                &urls::topic(&topic.slug),
                &topic.docs,
                |page| PageKind::Topic { index, page },
                |t| vec![Dep::DocMeta(t.doc)],
                &shared,
                |page| Some(Dep::TopicDocs { topic: index, page }),
            )
        }));

        story_pages(&mut pages, analysis, &story_slugs, &all_meta);
        timeline_pages(&mut pages, analysis, &periods);

        pages.push(Page { url: urls::SEARCH.to_string(), kind: PageKind::Search, deps: vec![Dep::Site] });
        pages.push(Page { url: urls::HOME.to_string(), kind: PageKind::NotFound, deps: vec![Dep::Site] });
        pages.par_iter_mut().for_each(|page| {
            page.deps.sort_unstable();
            page.deps.dedup();
        });
        check_unique_urls(&pages, documents)?;
        Ok(Site { pages, publishers, publisher_of, chronological, rank, story_slugs, periods })
    }
}

/// The stories page and one page per story. A story page shows its
/// reports and the entities they name.
fn story_pages(pages: &mut Vec<Page>, analysis: &Analysis, slugs: &[String], all_meta: &[Dep]) {
    let mut index_deps = vec![Dep::Site];
    index_deps.extend(all_meta.iter().copied());
    index_deps.extend((0..analysis.stories.len()).map(Dep::Story));
    pages.push(Page { url: urls::STORIES.to_string(), kind: PageKind::Stories, deps: index_deps });
    for (i, story) in analysis.stories.iter().enumerate() {
        let mut deps = vec![Dep::Site, Dep::Story(i)];
        deps.extend(story.docs.iter().map(|&d| Dep::DocMeta(d)));
        let facts = std::iter::once(&story.shared).chain(&story.own);
        deps.extend(facts.flat_map(|f| f.entities.iter().map(|&e| Dep::EntityCard(e))));
        pages.push(Page { url: urls::story(&slugs[i]), kind: PageKind::Story(i), deps });
    }
}

/// The timeline page and the pages of its crowded periods.
fn timeline_pages(pages: &mut Vec<Page>, analysis: &Analysis, periods: &[Period]) {
    let mut index_deps = vec![Dep::Site];
    for (i, period) in periods.iter().enumerate() {
        index_deps.push(Dep::Period(i));
        index_deps.extend(period.highlights.iter().flat_map(|&e| entry_docs(analysis, e)));
    }
    pages.push(Page { url: urls::TIMELINE.to_string(), kind: PageKind::Timeline, deps: index_deps });
    for (index, period) in periods.iter().enumerate().filter(|(_, p)| p.has_page()) {
        pages.extend(paginate(
            &period.url(),
            &period.entries,
            |page| PageKind::TimelinePeriod { index, page },
            |&e| entry_docs(analysis, e),
            &[Dep::Period(index)],
            |_| None,
        ));
    }
}

/// The documents a timeline entry shows.
fn entry_docs(analysis: &Analysis, entry: usize) -> Vec<Dep> {
    let e = &analysis.timeline[entry];
    std::iter::once(e.doc).chain(e.also.iter().copied()).map(Dep::DocMeta).collect()
}

/// A document page shows the body, the analysis of it, its related
/// documents and its neighbours in time.
fn document_deps(i: usize, analysis: &Analysis, chronological: &[usize], rank: Option<usize>) -> Vec<Dep> {
    let mut deps = vec![Dep::Site, Dep::DocMeta(i), Dep::DocBody(i)];
    if let Some(found) = analysis.docs.get(i) {
        deps.extend(found.entities.iter().map(|(e, _)| Dep::EntityCard(*e)));
        deps.extend(found.topics.iter().map(|&t| Dep::TopicLink(t)));
        deps.extend(found.related.iter().map(|&d| Dep::DocMeta(d)));
        deps.extend(found.story.map(Dep::Story));
        if let Some(story) = found.story {
            deps.extend(analysis.stories[story].docs.iter().map(|&d| Dep::DocMeta(d)));
        }
    }
    if let Some(pos) = rank {
        deps.extend(pos.checked_sub(1).map(|p| Dep::DocMeta(chronological[p])));
        deps.extend(chronological.get(pos + 1).map(|&d| Dep::DocMeta(d)));
    }
    deps
}

/// The pages of a listing of `items` starting at `first`: each depends on
/// the items it lists (`deps_of`), on what every page of the listing shows
/// (`shared`) and on what its page number picks out of the listing
/// (`page_dep`).
fn paginate<T>(
    first: &str,
    items: &[T],
    kind: impl Fn(usize) -> PageKind,
    deps_of: impl Fn(&T) -> Vec<Dep>,
    shared: &[Dep],
    page_dep: impl Fn(usize) -> Option<Dep>,
) -> Vec<Page> {
    (1..)
        .zip(urls::chunks(items))
        .map(|(page, chunk)| {
            let mut deps = vec![Dep::Site];
            deps.extend_from_slice(shared);
            deps.extend(page_dep(page));
            deps.extend(chunk.iter().flat_map(&deps_of));
            Page { url: urls::paginated(first, page), kind: kind(page), deps }
        })
        .collect()
}

/// Source documents, newest first; undated ones last, by title.
fn chronological(documents: &[Document]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..documents.len()).filter(|&i| documents[i].kind == DocumentKind::Source).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&documents[a], &documents[b]);
        db.date.cmp(&da.date).then_with(|| da.title.cmp(&db.title)).then_with(|| da.slug.cmp(&db.slug))
    });
    order
}

fn publishers(documents: &[Document], chronological: &[usize]) -> (Vec<Publisher>, Vec<Option<usize>>) {
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in chronological {
        if let Some(name) = documents[i].publisher.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            by_name.entry(name.to_string()).or_default().push(i);
        }
    }
    let mut taken: HashMap<String, usize> = HashMap::new();
    let mut publisher_of = vec![None; documents.len()];
    let publishers = by_name
        .into_iter()
        .enumerate()
        .map(|(index, (name, docs))| {
            let base = slugify_or(&name, "publisher");
            let n = taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let slug = if *n == 1 { base } else { format!("{base}-{n}") };
            for &d in &docs {
                publisher_of[d] = Some(index);
            }
            Publisher { name, slug, docs }
        })
        .collect();
    (publishers, publisher_of)
}

fn check_unique_urls(pages: &[Page], documents: &[Document]) -> Result<()> {
    let files: Vec<String> = pages.par_iter().map(Page::output_file).collect();
    let mut seen: FastMap<&str, &Page> = FastMap::default();
    seen.reserve(pages.len());
    for (page, file) in pages.iter().zip(&files) {
        if let Some(other) = seen.insert(file, page) {
            let doc = [page, other].into_iter().find_map(|p| match p.kind {
                PageKind::Document(i) => Some(&documents[i]),
                _ => None,
            });
            let message = match doc {
                Some(doc) => format!(
                    "content/{} would be published at /{}, which the site itself uses; rename the file",
                    doc.file, page.url
                ),
                None => format!("two pages would be published at /{}", page.url),
            };
            return Err(Error::Other(message));
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analyze::{DocAnalysis, Entity, EntityKind, Mention};
    use chrono::NaiveDate;

    pub(crate) fn doc(slug: &str, title: &str, publisher: Option<&str>, date: Option<(i32, u32, u32)>) -> Document {
        Document {
            slug: slug.to_string(),
            file: format!("{slug}.md"),
            kind: DocumentKind::Source,
            title: title.to_string(),
            publisher: publisher.map(str::to_string),
            author: None,
            date: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            language: Some("en".to_string()),
            source: Some(format!("seeds/{slug}.txt")),
            summary: None,
            extra: serde_json::Value::Null,
            body: "Body.\n".into(),
        }
    }

    fn urls_of(site: &Site) -> Vec<&str> {
        site.pages.iter().map(|p| p.url.as_str()).collect()
    }

    #[test]
    fn every_section_and_document_gets_a_page() {
        let docs = [doc("a", "A", Some("The Post"), Some((2025, 4, 10))), doc("b", "B", None, None)];
        let site = Site::new(&docs, &Analysis::default()).unwrap();
        let urls = urls_of(&site);
        for url in [
            "",
            "a/",
            "b/",
            "sources/",
            "sources/the-post/",
            "entities/",
            "topics/",
            "stories/",
            "timeline/",
            "search/",
        ] {
            assert!(urls.contains(&url), "{url} in {urls:?}");
        }
        assert!(site.pages.iter().any(|p| p.output_file() == "404.html"));
        assert_eq!(site.chronological, [0, 1], "dated first");
    }

    #[test]
    fn long_listings_are_paginated() {
        let docs: Vec<Document> = (0..urls::PAGE_SIZE + 1)
            .map(|i| doc(&format!("d{i}"), &format!("D{i}"), Some("P"), Some((2024, 1, 1))))
            .collect();
        let site = Site::new(&docs, &Analysis::default()).unwrap();
        assert!(urls_of(&site).contains(&"sources/p/page/2/"));
        let second = site.pages.iter().find(|p| p.url == "sources/p/page/2/").unwrap();
        assert_eq!(second.deps.iter().filter(|d| matches!(d, Dep::DocMeta(_))).count(), 1);
    }

    #[test]
    fn entity_pages_depend_on_their_mentions_documents() {
        let docs = [doc("a", "A", None, None), doc("b", "B", None, None)];
        let entity = Entity {
            slug: "putin".into(),
            name: "Vladimir Putin".into(),
            kind: EntityKind::Person,
            aliases: vec!["Putin".into()],
            mentions: vec![Mention {
                doc: 1,
                count: 2,
                sentence: "Putin spoke.".into(),
                highlight: 0..5,
                sentence_print: Default::default(),
            }],
            related: vec![],
            topics: vec![],
        };
        let mentioning = DocAnalysis { entities: vec![(0, vec!["Putin".into()])], ..DocAnalysis::default() };
        let analysis =
            Analysis { entities: vec![entity], docs: vec![DocAnalysis::default(), mentioning], ..Analysis::default() };
        let site = Site::new(&docs, &analysis).unwrap();
        let page = site.pages.iter().find(|p| p.url == "entities/putin/").unwrap();
        assert!(page.deps.contains(&Dep::Entity(0)));
        assert!(page.deps.contains(&Dep::DocMeta(1)));
        assert!(!page.deps.contains(&Dep::DocMeta(0)));
        assert!(!page.deps.contains(&Dep::DocBody(1)), "a body edit does not touch the entity page");

        let document = site.pages.iter().find(|p| p.kind == PageKind::Document(1)).unwrap();
        assert!(document.deps.contains(&Dep::EntityCard(0)), "the document links the entity");
        assert!(
            !document.deps.contains(&Dep::Entity(0)),
            "what other documents say of the entity does not touch this document's page"
        );
    }

    #[test]
    fn document_pages_depend_on_neighbours_in_time() {
        let docs = [
            doc("a", "A", None, Some((2025, 1, 1))),
            doc("b", "B", None, Some((2025, 1, 2))),
            doc("c", "C", None, Some((2025, 1, 3))),
        ];
        let site = Site::new(&docs, &Analysis::default()).unwrap();
        let b = site.pages.iter().find(|p| p.url == "b/").unwrap();
        assert!(b.deps.contains(&Dep::DocMeta(0)) && b.deps.contains(&Dep::DocMeta(2)));
        let c = site.pages.iter().find(|p| p.url == "c/").unwrap();
        assert!(!c.deps.contains(&Dep::DocMeta(0)));
    }

    #[test]
    fn hand_written_page_on_a_section_url_is_an_error() {
        let mut page = doc("sources", "Sources", None, None);
        page.kind = DocumentKind::Page;
        let err = Site::new(&[page], &Analysis::default()).unwrap_err().to_string();
        assert!(err.contains("content/sources.md"), "{err}");
    }

    #[test]
    fn publishers_with_colliding_slugs_get_suffixes() {
        let docs = [doc("a", "A", Some("The Post"), None), doc("b", "B", Some("The-Post"), None)];
        let site = Site::new(&docs, &Analysis::default()).unwrap();
        let slugs: Vec<&str> = site.publishers.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["the-post", "the-post-2"]);
    }
}
