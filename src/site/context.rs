//! What each template sees: plain serialisable values built from the site
//! model. The shapes here are the theme's API (documented in
//! `themes/default/README.md`); every URL in them is relative to the site
//! root, and templates put `{{ root }}` in front.

use std::sync::OnceLock;

use serde::Serialize;
use tera::Value;

use super::markdown::{self, MentionLinks, MentionMatcher, RenderedBody, TocEntry};
use super::model::{PageKind, Site};
use super::timeline::Period;
use super::urls;
use crate::analyze::stories::Facts;
use crate::analyze::{Analysis, EntityKind};
use crate::config::Config;
use crate::document::{Document, DocumentKind};
use crate::time_expr::{Precision, When, YearFrom};

/// Everything pages are made from.
pub struct Inputs<'a> {
    /// Site settings.
    pub config: &'a Config,
    /// All content pages.
    pub documents: &'a [Document],
    /// What the analysis found.
    pub analysis: &'a Analysis,
    /// The pages and groupings.
    pub site: &'a Site,
    /// One summary per document (front matter `summary`, else the
    /// analysis', else its lead).
    pub summaries: &'a [String],
    /// Finds entity names in bodies, for linking first mentions.
    pub mentions: &'a MentionMatcher,
}

/// Makes the context of any page. What many pages show is made once, on
/// first use, and shared: the site-wide values and the card of each
/// document, entity and topic (one document's card is on its publisher's,
/// topics' and entities' pages and its neighbours'). A [`Value`] clones by
/// reference count, so sharing one costs no copy.
pub struct Contexts<'a> {
    inputs: &'a Inputs<'a>,
    site: OnceLock<Value>,
    docs: Vec<OnceLock<Value>>,
    entities: Vec<OnceLock<Value>>,
    topics: Vec<OnceLock<Value>>,
}

impl<'a> Contexts<'a> {
    /// Contexts of the pages of `inputs`.
    pub fn new(inputs: &'a Inputs<'a>) -> Contexts<'a> {
        let cells = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        Contexts {
            inputs,
            site: OnceLock::new(),
            docs: cells(inputs.documents.len()),
            entities: cells(inputs.analysis.entities.len()),
            topics: cells(inputs.analysis.topics.len()),
        }
    }

    /// Document `i` as listings show it.
    fn card(&self, i: usize) -> Value {
        self.docs[i].get_or_init(|| Value::from_serializable(&doc_card(self.inputs, i))).clone()
    }

    /// Entity `e` as listings and links show it.
    fn entity_card(&self, e: usize) -> Value {
        self.entities[e].get_or_init(|| Value::from_serializable(&entity_card(self.inputs, e))).clone()
    }

    /// Topic `t` as listings and links show it.
    fn topic_card(&self, t: usize) -> Value {
        self.topics[t].get_or_init(|| Value::from_serializable(&topic_card(self.inputs, t))).clone()
    }

    fn site_info(&self) -> Value {
        self.site.get_or_init(|| Value::from_serializable(&site_info(self.inputs))).clone()
    }
}

/// Site-wide values, the same on every page.
#[derive(Serialize)]
struct SiteInfo<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    feed: &'static str,
    generator: String,
    nav: Vec<Link>,
    pages: Vec<Link>,
}

/// A titled link.
#[derive(Serialize, Clone)]
struct Link {
    title: String,
    url: String,
}

/// A document as listings show it.
#[derive(Serialize, Clone)]
struct DocCard {
    url: String,
    title: String,
    publisher: Option<String>,
    publisher_url: Option<String>,
    author: Option<String>,
    date: Option<String>,
    date_display: Option<String>,
    summary: String,
    language: Option<String>,
}

/// An entity as listings show it.
#[derive(Serialize)]
struct EntityCard {
    name: String,
    url: String,
    kind: EntityKind,
    documents: usize,
}

/// A topic as listings show it.
#[derive(Serialize)]
struct TopicCard {
    name: String,
    url: String,
    documents: usize,
}

/// A topic as a document's or an entity's page links it: by name alone.
/// Without the count of its documents, which changes whenever a document
/// joins or leaves it, and would re-render the page of every document of
/// a topic thousands share for an edit to one of them.
#[derive(Serialize)]
struct TopicLink {
    name: String,
    url: String,
}

/// Page navigation of a paginated listing.
#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageNumber>,
    /// What the previous and next pages hold (see [`Order`]).
    previous_label: &'static str,
    next_label: &'static str,
}

/// A page number in a listing's navigation.
#[derive(Serialize)]
struct PageNumber {
    number: usize,
    url: String,
    current: bool,
    /// Numbers are left out just before this one.
    gap_before: bool,
}

/// What a page's `<head>` needs.
#[derive(Serialize)]
struct PageInfo {
    url: String,
    permalink: String,
    title: String,
    description: String,
    kind: &'static str,
    has_code: bool,
}

impl Contexts<'_> {
    /// The full context of one page: the shared parts plus the page's own data.
    pub fn for_page(&self, kind: PageKind, url: &str) -> tera::Context {
        let c = self;
        let inputs = self.inputs;
        let root =
            if kind == PageKind::NotFound { inputs.config.base_path().to_string() } else { urls::root_prefix(url) };
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", c.site_info());
        ctx.insert("root", &root);
        let (title, description, kind_name, has_code) = match kind {
            PageKind::Home => {
                ctx.insert("brief", &brief(c));
                (inputs.config.title.clone(), inputs.config.description.clone(), "home", false)
            }
            PageKind::Document(i) => {
                let body = render_body(inputs, i, &root);
                let has_code = body.has_code;
                ctx.insert("doc", &document(c, i, body));
                let doc = &inputs.documents[i];
                (doc.title.clone(), inputs.summaries[i].clone(), "document", has_code)
            }
            PageKind::Sources => {
                ctx.insert("publishers", &publishers(c));
                ctx.insert("unattributed", &unattributed(c));
                (
                    "Sources".to_string(),
                    format!("Who published the {} documents of this briefing.", inputs.site.chronological.len()),
                    "sources",
                    false,
                )
            }
            PageKind::Publisher { index, page } => {
                let publisher = &inputs.site.publishers[index];
                let docs = urls::chunk(&publisher.docs, page);
                ctx.insert("publisher", &Link { title: publisher.name.clone(), url: urls::publisher(&publisher.slug) });
                ctx.insert("count", &publisher.docs.len());
                ctx.insert("documents", &docs.iter().map(|&d| c.card(d)).collect::<Vec<_>>());
                ctx.insert(
                    "pagination",
                    &pagination(&urls::publisher(&publisher.slug), publisher.docs.len(), page, Order::NewestFirst),
                );
                (publisher.name.clone(), format!("Documents published by {}.", publisher.name), "publisher", false)
            }
            PageKind::Entities => {
                ctx.insert("groups", &entity_groups(c));
                (
                    "Entities".to_string(),
                    "People, organisations and places named in the documents.".to_string(),
                    "entities",
                    false,
                )
            }
            PageKind::Entity { index, page } => {
                let entity = &inputs.analysis.entities[index];
                ctx.insert("entity", &entity_page(c, index, page));
                ctx.insert(
                    "pagination",
                    &pagination(&urls::entity(&entity.slug), entity.mentions.len(), page, Order::Listed),
                );
                (
                    entity.name.clone(),
                    format!("{} in {} documents of this briefing.", entity.name, entity.mentions.len()),
                    "entity",
                    false,
                )
            }
            PageKind::Topics => {
                ctx.insert("topics", &topic_cards(c, usize::MAX));
                ("Topics".to_string(), "Subjects that recur across the documents.".to_string(), "topics", false)
            }
            PageKind::Topic { index, page } => {
                let topic = &inputs.analysis.topics[index];
                ctx.insert("topic", &topic_page(c, index, page));
                ctx.insert("pagination", &pagination(&urls::topic(&topic.slug), topic.docs.len(), page, Order::Listed));
                (topic.name.clone(), format!("Documents about {}.", topic.name), "topic", false)
            }
            PageKind::Stories => {
                let stories: Vec<StoryCard> =
                    (0..inputs.analysis.stories.len()).map(|s| story_card(inputs, s)).collect();
                ctx.insert("stories", &stories);
                (
                    "Stories".to_string(),
                    "Events reported by more than one document, with what the reports share and what each adds."
                        .to_string(),
                    "stories",
                    false,
                )
            }
            PageKind::Story(index) => {
                let story = story_page(c, index);
                let description = format!("{} reports of one event: {}", story.card.reports, story.card.title);
                let title = story.card.title.clone();
                ctx.insert("story", &story);
                (title, description, "story", false)
            }
            PageKind::Timeline => {
                ctx.insert("timeline", &timeline_page(c));
                (
                    "Timeline".to_string(),
                    "The dates the documents state, in order, with the sentences that state them.".to_string(),
                    "timeline",
                    false,
                )
            }
            PageKind::TimelinePeriod { index, page } => {
                let period = &inputs.site.periods[index];
                let label = period_label(period);
                let entries: Vec<TimelineRow> =
                    urls::chunk(&period.entries, page).iter().map(|&e| timeline_row(c, e)).collect();
                ctx.insert("period", &PeriodPage { label: label.clone(), total: period.entries.len(), entries });
                ctx.insert("pagination", &pagination(&period.url(), period.entries.len(), page, Order::OldestFirst));
                (
                    format!("Timeline: {label}"),
                    format!("Every date the documents state in {label}."),
                    "timeline-period",
                    false,
                )
            }
            PageKind::Search => (
                "Search".to_string(),
                "Search the documents, people, organisations, places and topics of this briefing.".to_string(),
                "search",
                false,
            ),
            PageKind::NotFound => {
                ("Page not found".to_string(), "There is no page at this address.".to_string(), "404", false)
            }
        };
        let permalink = urls::absolute(&inputs.config.base_url, url);
        ctx.insert(
            "page",
            &PageInfo { url: url.to_string(), permalink, title, description, kind: kind_name, has_code },
        );
        ctx
    }
}

fn site_info<'a>(inputs: &'a Inputs) -> SiteInfo<'a> {
    let link = |title: &str, url: &str| Link { title: title.to_string(), url: url.to_string() };
    let nav = vec![
        link("Brief", urls::HOME),
        link("Stories", urls::STORIES),
        link("Timeline", urls::TIMELINE),
        link("Sources", urls::SOURCES),
        link("Entities", urls::ENTITIES),
        link("Topics", urls::TOPICS),
    ];
    let pages = inputs
        .documents
        .iter()
        .filter(|d| d.kind == DocumentKind::Page)
        .map(|d| link(&d.title, &urls::document(&d.slug)))
        .collect();
    SiteInfo {
        title: &inputs.config.title,
        description: &inputs.config.description,
        base_url: &inputs.config.base_url,
        language: &inputs.config.language,
        feed: urls::FEED_FILE,
        generator: format!("briefing {}", env!("CARGO_PKG_VERSION")),
        nav,
        pages,
    }
}

fn doc_card(inputs: &Inputs, i: usize) -> DocCard {
    let doc = &inputs.documents[i];
    let publisher = inputs.site.publisher_of[i].map(|p| &inputs.site.publishers[p]);
    DocCard {
        url: urls::document(&doc.slug),
        title: doc.title.clone(),
        publisher: doc.publisher.clone(),
        publisher_url: publisher.map(|p| urls::publisher(&p.slug)),
        author: doc.author.clone(),
        date: doc.date.map(iso_date),
        date_display: doc.date.map(display_date),
        summary: inputs.summaries[i].clone(),
        language: doc.language.clone(),
    }
}

/// `2025-04-10`. (Written by hand, see [`When::iso`]: chrono's `format`
/// parses its pattern on every call, and listings format thousands of
/// dates.)
pub fn iso_date(date: chrono::NaiveDate) -> String {
    When::day(date).iso()
}

/// `10 April 2025`.
pub fn display_date(date: chrono::NaiveDate) -> String {
    When::day(date).display()
}

/// The home page's brief.
#[derive(Serialize)]
struct Brief<'a> {
    documents: usize,
    publishers: Vec<Link>,
    publisher_count: usize,
    first_date: Option<String>,
    last_date: Option<String>,
    latest: Vec<Value>,
    entities: Vec<Value>,
    topics: Vec<Value>,
    stories: Vec<StoryCard>,
    story_count: usize,
    ahead: Vec<TimelineRow<'a>>,
}

/// How many documents, entities and topics the home page lists.
const HOME_LATEST: usize = 10;
const HOME_TOP: usize = 12;
/// How many stories and dates ahead the home page lists.
const HOME_STORIES: usize = 5;
const HOME_AHEAD: usize = 5;

fn brief<'a>(c: &Contexts<'a>) -> Brief<'a> {
    let inputs = c.inputs;
    let dates: Vec<_> = inputs.site.chronological.iter().filter_map(|&d| inputs.documents[d].date).collect();
    let display = |d: Option<&chrono::NaiveDate>| d.copied().map(display_date);
    let mut publishers: Vec<_> = inputs.site.publishers.iter().collect();
    publishers.sort_by(|a, b| b.docs.len().cmp(&a.docs.len()).then_with(|| a.name.cmp(&b.name)));
    // Names of unknown kind have the weakest evidence; the brief leaves them out.
    let mut entities: Vec<usize> = (0..inputs.analysis.entities.len())
        .filter(|&e| inputs.analysis.entities[e].kind != EntityKind::Other)
        .collect();
    entities.sort_by_key(|&e| std::cmp::Reverse(inputs.analysis.entities[e].mentions.len()));
    Brief {
        documents: inputs.site.chronological.len(),
        publishers: publishers
            .iter()
            .take(HOME_TOP)
            .map(|p| Link { title: p.name.clone(), url: urls::publisher(&p.slug) })
            .collect(),
        publisher_count: inputs.site.publishers.len(),
        first_date: display(dates.last()),
        last_date: display(dates.first()),
        latest: inputs.site.chronological.iter().take(HOME_LATEST).map(|&d| c.card(d)).collect(),
        entities: entities.into_iter().take(HOME_TOP).map(|e| c.entity_card(e)).collect(),
        topics: topic_cards(c, HOME_TOP),
        stories: (0..inputs.analysis.stories.len().min(HOME_STORIES)).map(|s| story_card(inputs, s)).collect(),
        story_count: inputs.analysis.stories.len(),
        ahead: ahead(inputs, dates.first().copied()).into_iter().take(HOME_AHEAD).map(|e| timeline_row(c, e)).collect(),
    }
}

/// Timeline entries still ahead of the newest document's date (all future
/// ones when no document is dated), soonest first.
fn ahead(inputs: &Inputs, newest: Option<chrono::NaiveDate>) -> Vec<usize> {
    let timeline = &inputs.analysis.timeline;
    (0..timeline.len())
        .filter(|&e| timeline[e].future)
        .filter(|&e| newest.is_none_or(|d| timeline[e].when.compare(d) != std::cmp::Ordering::Less))
        .collect()
}

fn entity_card(inputs: &Inputs, e: usize) -> EntityCard {
    let entity = &inputs.analysis.entities[e];
    EntityCard {
        name: entity.name.clone(),
        url: urls::entity(&entity.slug),
        kind: entity.kind,
        documents: entity.mentions.len(),
    }
}

fn topic_card(inputs: &Inputs, t: usize) -> TopicCard {
    let topic = &inputs.analysis.topics[t];
    TopicCard { name: topic.name.clone(), url: urls::topic(&topic.slug), documents: topic.docs.len() }
}

fn topic_link(inputs: &Inputs, t: usize) -> Value {
    let topic = &inputs.analysis.topics[t];
    Value::from_serializable(&TopicLink { name: topic.name.clone(), url: urls::topic(&topic.slug) })
}

/// Topics with the most documents first, at most `limit`.
fn topic_cards(c: &Contexts, limit: usize) -> Vec<Value> {
    let topics = &c.inputs.analysis.topics;
    let mut order: Vec<usize> = (0..topics.len()).collect();
    order.sort_by_key(|&t| std::cmp::Reverse(topics[t].docs.len()));
    order.into_iter().take(limit).map(|t| c.topic_card(t)).collect()
}

/// A document page.
#[derive(Serialize)]
struct DocumentPage {
    #[serde(flatten)]
    card: DocCard,
    body: String,
    toc: Vec<TocEntry>,
    show_toc: bool,
    reading_minutes: usize,
    source: Option<String>,
    entities: Vec<Value>,
    topics: Vec<Value>,
    related: Vec<Value>,
    previous: Option<Value>,
    next: Option<Value>,
    story: Option<StoryLink>,
}

/// The story a document is a report of, as its page shows it.
#[derive(Serialize)]
struct StoryLink {
    url: String,
    title: String,
    reports: usize,
    /// The story's other reports.
    others: Vec<Value>,
}

/// Words a reader gets through in a minute, for reading time.
const WORDS_PER_MINUTE: usize = 230;

fn render_body(inputs: &Inputs, i: usize, root: &str) -> RenderedBody {
    let mut links = MentionLinks::new(inputs.mentions);
    if let Some(found) = inputs.analysis.docs.get(i) {
        for (e, _) in &found.entities {
            links.add(*e, format!("{root}{}", urls::entity(&inputs.analysis.entities[*e].slug)));
        }
    }
    markdown::render(&inputs.documents[i].body, &links)
}

fn document(c: &Contexts, i: usize, body: RenderedBody) -> DocumentPage {
    let inputs = c.inputs;
    let doc = &inputs.documents[i];
    let found = inputs.analysis.docs.get(i);
    let chronological = &inputs.site.chronological;
    let position = inputs.site.rank[i];
    // Previous = the older neighbour, next = the newer one.
    let previous = position.and_then(|p| chronological.get(p + 1)).map(|&d| c.card(d));
    let next = position.and_then(|p| p.checked_sub(1)).map(|p| c.card(chronological[p]));
    let show_toc = body.toc.len() >= 3 || (body.toc.len() >= 2 && body.words >= 600);
    DocumentPage {
        card: doc_card(inputs, i),
        reading_minutes: body.words.div_ceil(WORDS_PER_MINUTE).max(1),
        body: body.html,
        show_toc,
        toc: body.toc,
        source: doc.source.clone(),
        entities: found.map_or_else(Vec::new, |f| f.entities.iter().map(|(e, _)| c.entity_card(*e)).collect()),
        topics: found.map_or_else(Vec::new, |f| f.topics.iter().map(|&t| topic_link(c.inputs, t)).collect()),
        related: found.map_or_else(Vec::new, |f| f.related.iter().map(|&d| c.card(d)).collect()),
        previous,
        next,
        story: found.and_then(|f| f.story).map(|s| {
            let story = &inputs.analysis.stories[s];
            StoryLink {
                url: urls::story(&inputs.site.story_slugs[s]),
                title: inputs.documents[story.docs[0]].title.clone(),
                reports: story.docs.len(),
                others: story.docs.iter().filter(|&&d| d != i).map(|&d| c.card(d)).collect(),
            }
        }),
    }
}

/// A publisher in the sources list.
#[derive(Serialize)]
struct PublisherRow {
    name: String,
    url: String,
    count: usize,
    latest: Option<Value>,
}

fn publishers(c: &Contexts) -> Vec<PublisherRow> {
    c.inputs
        .site
        .publishers
        .iter()
        .map(|p| PublisherRow {
            name: p.name.clone(),
            url: urls::publisher(&p.slug),
            count: p.docs.len(),
            latest: p.docs.first().map(|&d| c.card(d)),
        })
        .collect()
}

/// Source documents that name no publisher.
fn unattributed(c: &Contexts) -> Vec<Value> {
    let site = c.inputs.site;
    site.chronological.iter().filter(|&&d| site.publisher_of[d].is_none()).map(|&d| c.card(d)).collect()
}

/// Entities of one kind.
#[derive(Serialize)]
struct EntityGroup {
    kind: EntityKind,
    label: &'static str,
    entities: Vec<Value>,
}

fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "People",
        EntityKind::Organization => "Organisations",
        EntityKind::Place => "Places",
        EntityKind::Other => "Other names",
    }
}

fn entity_groups(c: &Contexts) -> Vec<EntityGroup> {
    let inputs = c.inputs;
    let kinds = [EntityKind::Person, EntityKind::Organization, EntityKind::Place, EntityKind::Other];
    kinds
        .into_iter()
        .map(|kind| {
            let mut members: Vec<usize> =
                (0..inputs.analysis.entities.len()).filter(|&e| inputs.analysis.entities[e].kind == kind).collect();
            members.sort_by(|&a, &b| {
                let (ea, eb) = (&inputs.analysis.entities[a], &inputs.analysis.entities[b]);
                eb.mentions.len().cmp(&ea.mentions.len()).then_with(|| ea.name.cmp(&eb.name))
            });
            EntityGroup {
                kind,
                label: kind_label(kind),
                entities: members.into_iter().map(|e| c.entity_card(e)).collect(),
            }
        })
        .filter(|g| !g.entities.is_empty())
        .collect()
}

/// One mention on an entity page.
#[derive(Serialize)]
struct MentionRow<'a> {
    doc: Value,
    count: usize,
    before: &'a str,
    name: &'a str,
    after: &'a str,
}

/// An entity page.
#[derive(Serialize)]
struct EntityPage<'a> {
    name: &'a str,
    kind: EntityKind,
    kind_label: &'static str,
    aliases: Vec<&'a str>,
    documents: usize,
    mentions: Vec<MentionRow<'a>>,
    related: Vec<Value>,
    topics: Vec<Value>,
}

fn entity_page<'a>(c: &Contexts<'a>, index: usize, page: usize) -> EntityPage<'a> {
    let entity = &c.inputs.analysis.entities[index];
    let mentions = urls::chunk(&entity.mentions, page)
        .iter()
        .map(|m| {
            let (before, name, after) = split_highlight(&m.sentence, m.highlight.clone());
            MentionRow { doc: c.card(m.doc), count: m.count, before, name, after }
        })
        .collect();
    let singular = match entity.kind {
        EntityKind::Person => "Person",
        EntityKind::Organization => "Organisation",
        EntityKind::Place => "Place",
        EntityKind::Other => "Name",
    };
    EntityPage {
        name: &entity.name,
        kind: entity.kind,
        kind_label: singular,
        aliases: entity.aliases.iter().filter(|a| **a != entity.name).map(String::as_str).collect(),
        documents: entity.mentions.len(),
        mentions,
        related: entity.related.iter().map(|&e| c.entity_card(e)).collect(),
        topics: entity.topics.iter().map(|&t| topic_link(c.inputs, t)).collect(),
    }
}

/// The sentence cut around the highlighted name (the range is clamped to
/// char boundaries, so a bad range never panics).
fn split_highlight(sentence: &str, range: std::ops::Range<usize>) -> (&str, &str, &str) {
    let floor = |at: usize| crate::clean::lang::floor_char_boundary(sentence, at);
    let start = floor(range.start);
    let end = floor(range.end.max(start));
    (&sentence[..start], &sentence[start..end], &sentence[end..])
}

/// A topic page.
#[derive(Serialize)]
struct TopicPage<'a> {
    name: &'a str,
    keywords: Vec<&'a str>,
    count: usize,
    documents: Vec<Value>,
    entities: Vec<Value>,
}

fn topic_page<'a>(c: &Contexts<'a>, index: usize, page: usize) -> TopicPage<'a> {
    let topic = &c.inputs.analysis.topics[index];
    TopicPage {
        name: &topic.name,
        keywords: topic.keywords.iter().filter(|k| **k != topic.name).map(String::as_str).collect(),
        count: topic.docs.len(),
        documents: urls::chunk(&topic.docs, page).iter().map(|t| c.card(t.doc)).collect(),
        entities: topic.entities.iter().map(|&e| c.entity_card(e)).collect(),
    }
}

/// A story as listings show it.
#[derive(Serialize)]
struct StoryCard {
    url: String,
    title: String,
    reports: usize,
    /// Its publishers, each once, in the order of the reports.
    publishers: Vec<String>,
    first_date: Option<String>,
    last_date: Option<String>,
    /// Its first report's summary.
    summary: String,
}

fn story_card(inputs: &Inputs, s: usize) -> StoryCard {
    let story = &inputs.analysis.stories[s];
    let mut publishers: Vec<String> = Vec::new();
    for &d in &story.docs {
        if let Some(p) = &inputs.documents[d].publisher
            && !publishers.contains(p)
        {
            publishers.push(p.clone());
        }
    }
    let dates: Vec<chrono::NaiveDate> = story.docs.iter().filter_map(|&d| inputs.documents[d].date).collect();
    let display = |d: Option<&chrono::NaiveDate>| d.copied().map(display_date);
    StoryCard {
        url: urls::story(&inputs.site.story_slugs[s]),
        title: inputs.documents[story.docs[0]].title.clone(),
        reports: story.docs.len(),
        publishers,
        first_date: display(dates.iter().min()),
        last_date: display(dates.iter().max()),
        summary: inputs.summaries[story.docs[0]].clone(),
    }
}

/// A story page.
#[derive(Serialize)]
struct StoryPage {
    #[serde(flatten)]
    card: StoryCard,
    shared: FactsView,
    /// Its reports in order (`card.reports` counts them).
    report_list: Vec<ReportView>,
}

/// One report of a story and what it adds.
#[derive(Serialize)]
struct ReportView {
    doc: Value,
    own: FactsView,
}

/// Facts as a page shows them.
#[derive(Serialize)]
struct FactsView {
    entities: Vec<Value>,
    dates: Vec<DateView>,
    terms: Vec<String>,
    sentences: Vec<String>,
    /// Whether there is nothing to show.
    empty: bool,
}

/// A date as text and as `<time datetime>`.
#[derive(Serialize)]
struct DateView {
    iso: String,
    display: String,
}

fn date_view(when: &When) -> DateView {
    DateView { iso: when.iso(), display: when.display() }
}

fn facts_view(c: &Contexts, facts: &Facts) -> FactsView {
    FactsView {
        entities: facts.entities.iter().map(|&e| c.entity_card(e)).collect(),
        dates: facts.dates.iter().map(date_view).collect(),
        terms: facts.terms.clone(),
        sentences: facts.sentences.clone(),
        empty: facts.entities.is_empty()
            && facts.dates.is_empty()
            && facts.terms.is_empty()
            && facts.sentences.is_empty(),
    }
}

fn story_page(c: &Contexts, s: usize) -> StoryPage {
    let story = &c.inputs.analysis.stories[s];
    StoryPage {
        card: story_card(c.inputs, s),
        shared: facts_view(c, &story.shared),
        report_list: story
            .docs
            .iter()
            .enumerate()
            .map(|(k, &d)| ReportView {
                doc: c.card(d),
                own: story.own.get(k).map_or_else(|| facts_view(c, &Facts::default()), |f| facts_view(c, f)),
            })
            .collect(),
    }
}

/// One dated sentence on the timeline.
#[derive(Serialize)]
struct TimelineRow<'a> {
    #[serde(flatten)]
    date: DateView,
    /// `year`, `month` or `day`.
    precision: &'static str,
    /// It lay ahead when reported (a target, a deadline, a plan).
    future: bool,
    /// Its year was inferred from the text, the document being undated.
    inferred: bool,
    before: &'a str,
    stated: &'a str,
    after: &'a str,
    doc: Value,
    /// Other reports of the same story stating the same date.
    also: Vec<Link>,
}

fn timeline_row<'a>(c: &Contexts<'a>, e: usize) -> TimelineRow<'a> {
    let inputs = c.inputs;
    let entry = &inputs.analysis.timeline[e];
    let (before, stated, after) = split_highlight(&entry.sentence, entry.highlight.clone());
    TimelineRow {
        date: date_view(&entry.when),
        precision: match entry.when.precision() {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        },
        future: entry.future,
        inferred: entry.year_from == YearFrom::Context,
        before,
        stated,
        after,
        doc: c.card(entry.doc),
        also: entry
            .also
            .iter()
            .map(|&d| Link { title: inputs.documents[d].title.clone(), url: urls::document(&inputs.documents[d].slug) })
            .collect(),
    }
}

/// The timeline page: years, and in each its periods.
#[derive(Serialize)]
struct TimelinePage<'a> {
    total: usize,
    years: Vec<YearView<'a>>,
}

#[derive(Serialize)]
struct YearView<'a> {
    year: i32,
    periods: Vec<PeriodView<'a>>,
}

/// One period on the timeline page: its highlights, and a link to all of
/// its dates when it has more.
#[derive(Serialize)]
struct PeriodView<'a> {
    /// "April 2025", or "2025" for dates known only to the year.
    label: String,
    /// An id for the heading (`p2025-04`).
    id: String,
    total: usize,
    url: Option<String>,
    entries: Vec<TimelineRow<'a>>,
}

fn period_label(period: &Period) -> String {
    match period.month {
        Some(m) => When { year: period.year, month: m, day: 0 }.display(),
        None => format!("{} (no month given)", period.year),
    }
}

fn timeline_page<'a>(c: &Contexts<'a>) -> TimelinePage<'a> {
    let inputs = c.inputs;
    let mut years: Vec<YearView> = Vec::new();
    for period in &inputs.site.periods {
        let view = PeriodView {
            label: period_label(period),
            id: format!("p{}", period.key()),
            total: period.entries.len(),
            url: period.has_page().then(|| period.url()),
            entries: period.highlights.iter().map(|&e| timeline_row(c, e)).collect(),
        };
        match years.last_mut() {
            Some(y) if y.year == period.year => y.periods.push(view),
            _ => years.push(YearView { year: period.year, periods: vec![view] }),
        }
    }
    TimelinePage { total: inputs.analysis.timeline.len(), years }
}

/// The page of one crowded period.
#[derive(Serialize)]
struct PeriodPage<'a> {
    label: String,
    total: usize,
    entries: Vec<TimelineRow<'a>>,
}

/// How a paginated listing is ordered, which names its neighbours: "Older"
/// only where the next page really is older.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Order {
    /// Newest first (a publisher's documents).
    NewestFirst,
    /// Oldest first (a period of the timeline).
    OldestFirst,
    /// Any other order (by relevance, or as the documents are filed).
    Listed,
}

impl Order {
    /// The labels of the previous and the next page.
    fn labels(self) -> (&'static str, &'static str) {
        match self {
            Order::NewestFirst => ("Newer", "Older"),
            Order::OldestFirst => ("Earlier", "Later"),
            Order::Listed => ("Previous", "Next"),
        }
    }
}

/// Pagination of a listing in `order`.
fn pagination(first: &str, items: usize, current: usize, order: Order) -> Pagination {
    let total = urls::page_count(items);
    let (previous_label, next_label) = order.labels();
    Pagination {
        previous_label,
        next_label,
        current,
        total,
        previous: (current > 1).then(|| urls::paginated(first, current - 1)),
        next: (current < total).then(|| urls::paginated(first, current + 1)),
        pages: shown_pages(total, current)
            .map(|(number, gap_before)| PageNumber {
                number,
                url: urls::paginated(first, number),
                current: number == current,
                gap_before,
            })
            .collect(),
    }
}

/// The page numbers a listing's navigation shows, each with whether
/// numbers are left out before it: the first, the last, and
/// [`PAGES_AROUND`] either side of the current one (a gap of a single
/// page shows that page instead). Listing every number would put a
/// thousand links on each of a thousand pages, and make keyboard and
/// screen-reader users step through all of them.
fn shown_pages(total: usize, current: usize) -> impl Iterator<Item = (usize, bool)> {
    let near = move |n: usize| n <= 1 || n >= total || n.abs_diff(current) <= PAGES_AROUND;
    let shown = move |n: usize| near(n) || (near(n - 1) && near(n + 1));
    (1..=total).filter(move |&n| shown(n)).map(move |n| (n, n > 1 && !shown(n - 1)))
}

/// Page numbers shown either side of the current one.
const PAGES_AROUND: usize = 2;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlight_split_survives_bad_ranges() {
        assert_eq!(split_highlight("Putin spoke.", 0..5), ("", "Putin", " spoke."));
        let (a, b, c) = split_highlight("Путин сказал", 1..3);
        assert_eq!(format!("{a}{b}{c}"), "Путин сказал");
        #[allow(clippy::reversed_empty_ranges)]
        let (a, b, c) = split_highlight("abc", 5..2);
        assert_eq!(format!("{a}{b}{c}"), "abc");
    }

    #[test]
    fn dates_are_written_like_chrono_would() {
        for (y, m, d) in [(2025, 4, 10), (1999, 12, 31), (2030, 1, 1)] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso_date(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(display_date(date), date.format("%-d %B %Y").to_string());
        }
    }

    #[test]
    fn pagination_links_neighbours() {
        let p = pagination("entities/x/", urls::PAGE_SIZE * 2 + 1, 2, Order::Listed);
        assert_eq!(p.total, 3);
        assert_eq!(p.previous.as_deref(), Some("entities/x/"));
        assert_eq!(p.next.as_deref(), Some("entities/x/page/3/"));
    }

    #[test]
    fn only_a_listing_in_time_calls_its_neighbours_older_or_newer() {
        assert_eq!(Order::NewestFirst.labels(), ("Newer", "Older"));
        assert_eq!(Order::OldestFirst.labels(), ("Earlier", "Later"));
        assert_eq!(Order::Listed.labels(), ("Previous", "Next"));
    }

    #[test]
    fn long_paginations_show_the_ends_and_the_current_neighbourhood() {
        let shown = |total, current| shown_pages(total, current).collect::<Vec<_>>();
        let numbers = |total, current| shown(total, current).into_iter().map(|(n, _)| n).collect::<Vec<_>>();
        assert_eq!(numbers(5, 3), [1, 2, 3, 4, 5]);
        assert_eq!(numbers(144, 81), [1, 79, 80, 81, 82, 83, 144]);
        assert_eq!(shown(144, 81)[1], (79, true), "numbers left out before 79");
        assert_eq!(shown(144, 81)[2], (80, false));
        assert_eq!(shown(144, 81)[6], (144, true));
        assert_eq!(numbers(20, 1), [1, 2, 3, 20]);
        // A gap of one page shows the page: 1 2 3 4 5 6 … 20, not 1 … 3 4 5 6 7 … 20.
        assert_eq!(numbers(20, 4), [1, 2, 3, 4, 5, 6, 20]);
        assert_eq!(numbers(20, 18), [1, 16, 17, 18, 19, 20]);
        assert_eq!(numbers(1, 1), [1]);
    }
}
