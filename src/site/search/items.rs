//! What search finds: documents, pages, entities and topics, each as an
//! [`Item`] with the text that is indexed and what a result shows.

use pulldown_cmark::{Event, Parser, TagEnd};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::EntityKind;
use crate::document::DocumentKind;
use crate::site::context::Inputs;
use crate::site::urls;

/// Text stored for snippets is cut at about this many bytes: enough for
/// a news article, and a bound on what one result costs to fetch. The
/// whole text is indexed all the same.
pub const SNIPPET_TEXT_BYTES: usize = 12_000;

/// How a result is shown: the item file the browser fetches for a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemCard {
    /// Root-relative URL of the page.
    pub url: String,
    /// Headline or name.
    pub title: String,
    /// `document`, `page`, `entity` or `topic`.
    pub kind: String,
    /// What it is, for people ("Document", "Person", "Topic").
    pub label: String,
    /// Publisher of a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// Date of a document, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The same date for people.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_display: Option<String>,
    /// A short fact line for entities and topics ("12 documents").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// BCP 47 language of the text, when it differs from the site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Plain text for snippets (cut at [`SNIPPET_TEXT_BYTES`]).
    pub text: String,
}

/// One searchable thing.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What a result shows.
    pub card: ItemCard,
    /// Title, names or keywords: weighted above the text.
    pub heading: String,
    /// Everything else that is searchable (the full text, not cut).
    pub body: String,
    /// ISO 639-1 code the words are stemmed by.
    pub language: String,
}

#[cfg(test)]
impl Item {
    /// A document titled `title` with `body` in `language`, for tests.
    pub(crate) fn for_test(title: &str, body: &str, language: &str) -> Item {
        Item {
            card: ItemCard {
                url: format!("{}/", crate::slug::slugify(title)),
                title: title.to_string(),
                kind: "document".to_string(),
                label: "Document".to_string(),
                publisher: None,
                date: None,
                date_display: None,
                about: None,
                lang: None,
                text: body.to_string(),
            },
            heading: title.to_string(),
            body: body.to_string(),
            language: language.to_string(),
        }
    }
}

/// What a searchable item is made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A document or page (index into the documents).
    Document(usize),
    /// An entity (index into the analysis' entities).
    Entity(usize),
    /// A topic (index into the analysis' topics).
    Topic(usize),
}

/// Every searchable item, in id order: source documents newest first (so
/// equal scores favour recent reports), then pages, entities and topics.
pub fn collect(inputs: &Inputs) -> Vec<Item> {
    sources(inputs).into_par_iter().map(|source| item(inputs, source)).collect()
}

/// What each item is made from, in id order (see [`collect`]).
pub fn sources(inputs: &Inputs) -> Vec<Source> {
    let pages = (0..inputs.documents.len()).filter(|&d| inputs.documents[d].kind == DocumentKind::Page);
    let documents = inputs.site.chronological.iter().copied().chain(pages).map(Source::Document);
    let entities = (0..inputs.analysis.entities.len()).map(Source::Entity);
    documents.chain(entities).chain((0..inputs.analysis.topics.len()).map(Source::Topic)).collect()
}

/// The item made from `source`.
pub fn item(inputs: &Inputs, source: Source) -> Item {
    let site_language = inputs.config.language.as_str();
    match source {
        Source::Document(d) => document(inputs, d, site_language),
        Source::Entity(e) => entity(inputs, e, site_language),
        Source::Topic(t) => topic(inputs, t, site_language),
    }
}

fn document(inputs: &Inputs, d: usize, site_language: &str) -> Item {
    let doc = &inputs.documents[d];
    let body = plain_text(&doc.body);
    let language = doc.language.clone().unwrap_or_else(|| site_language.to_string());
    let is_page = doc.kind == DocumentKind::Page;
    Item {
        card: ItemCard {
            url: urls::document(&doc.slug),
            title: doc.title.clone(),
            kind: if is_page { "page" } else { "document" }.to_string(),
            label: if is_page { "Page" } else { "Document" }.to_string(),
            publisher: doc.publisher.clone(),
            date: doc.date.map(crate::site::context::iso_date),
            date_display: doc.date.map(crate::site::context::display_date),
            about: None,
            lang: (language != site_language).then(|| language.clone()),
            text: cut(&body),
        },
        heading: doc.title.clone(),
        body,
        language,
    }
}

fn entity(inputs: &Inputs, e: usize, site_language: &str) -> Item {
    let entity = &inputs.analysis.entities[e];
    let mut heading = entity.name.clone();
    for alias in entity.aliases.iter().filter(|a| **a != entity.name) {
        heading.push_str(" · ");
        heading.push_str(alias);
    }
    // The sentences that name it are shown as its snippet but not indexed:
    // an entity is found by its names, and a word of those sentences must
    // lead to the documents they come from, not to the entity.
    let sentences: Vec<&str> = entity.mentions.iter().map(|m| &*m.sentence).collect();
    let snippet = sentences.join("\n");
    let count = entity.mentions.len();
    Item {
        card: ItemCard {
            url: urls::entity(&entity.slug),
            title: entity.name.clone(),
            kind: "entity".to_string(),
            label: match entity.kind {
                EntityKind::Person => "Person",
                EntityKind::Organization => "Organisation",
                EntityKind::Place => "Place",
                EntityKind::Other => "Name",
            }
            .to_string(),
            publisher: None,
            date: None,
            date_display: None,
            about: Some(format!("Named in {count} document{}", if count == 1 { "" } else { "s" })),
            lang: None,
            text: cut(&snippet),
        },
        heading,
        body: String::new(),
        language: site_language.to_string(),
    }
}

fn topic(inputs: &Inputs, t: usize, site_language: &str) -> Item {
    let topic = &inputs.analysis.topics[t];
    let keywords: Vec<&str> = topic.keywords.iter().filter(|k| **k != topic.name).map(String::as_str).collect();
    let count = topic.docs.len();
    let body = keywords.join(", ");
    Item {
        card: ItemCard {
            url: urls::topic(&topic.slug),
            title: topic.name.clone(),
            kind: "topic".to_string(),
            label: "Topic".to_string(),
            publisher: None,
            date: None,
            date_display: None,
            about: Some(format!("{count} document{}", if count == 1 { "" } else { "s" })),
            lang: None,
            text: cut(&body),
        },
        heading: topic.name.clone(),
        body,
        language: site_language.to_string(),
    }
}

/// The readable text of Markdown: no markup, link targets or raw HTML; one
/// line per block.
pub fn plain_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) if !text.ends_with('\n') && !text.is_empty() => text.push('\n'),
            _ => {}
        }
    }
    text.truncate(text.trim_end().len());
    text
}

/// `text` cut at a word near [`SNIPPET_TEXT_BYTES`].
fn cut(text: &str) -> String {
    if text.len() <= SNIPPET_TEXT_BYTES {
        return text.to_string();
    }
    let end = crate::clean::lang::floor_char_boundary(text, SNIPPET_TEXT_BYTES);
    let at_space = text[..end].rfind(char::is_whitespace).filter(|&i| i > end / 2).unwrap_or(end);
    format!("{}…", &text[..at_space])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{Analysis, Entity, Mention, Topic, TopicDoc};
    use crate::config::Config;
    use crate::document::Document;
    use crate::site::model::Site;

    fn doc(slug: &str, kind: DocumentKind, date: Option<(i32, u32, u32)>, language: Option<&str>) -> Document {
        Document {
            slug: slug.to_string(),
            file: format!("{slug}.md"),
            kind,
            title: slug.to_uppercase(),
            publisher: Some("The Post".to_string()),
            author: None,
            date: date.and_then(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d)),
            language: language.map(str::to_string),
            source: None,
            summary: None,
            extra: serde_json::Value::Null,
            body: "## Heading\n\nThe **body** text.\n".into(),
        }
    }

    #[test]
    fn documents_newest_first_then_pages_entities_and_topics() {
        let documents = [
            doc("old", DocumentKind::Source, Some((2024, 1, 1)), Some("en")),
            doc("about", DocumentKind::Page, None, None),
            doc("new", DocumentKind::Source, Some((2025, 1, 1)), Some("de")),
        ];
        let mention = Mention { doc: 2, count: 1, sentence: "Putin spoke.".into(), highlight: 0..5 };
        let entity = Entity {
            slug: "vladimir-putin".into(),
            name: "Vladimir Putin".into(),
            kind: EntityKind::Person,
            aliases: vec!["Vladimir Putin".into(), "Putin".into()],
            mentions: vec![mention],
            related: vec![],
            topics: vec![],
        };
        let topic = Topic {
            slug: "ai".into(),
            name: "artificial intelligence".into(),
            keywords: vec!["AI".into()],
            docs: vec![TopicDoc { doc: 0, score: 1.0 }, TopicDoc { doc: 2, score: 0.5 }],
            entities: vec![],
        };
        let analysis = Analysis { entities: vec![entity], topics: vec![topic], ..Analysis::default() };
        let config = Config::defaults(std::path::Path::new("/p"));
        let site = Site::new(&documents, &analysis).unwrap();
        let summaries = vec![String::new(); documents.len()];
        let inputs = Inputs {
            config: &config,
            documents: &documents,
            analysis: &analysis,
            site: &site,
            summaries: &summaries,
            mentions: &Default::default(),
        };

        let items = collect(&inputs);
        let urls: Vec<&str> = items.iter().map(|i| i.card.url.as_str()).collect();
        assert_eq!(urls, ["new/", "old/", "about/", "entities/vladimir-putin/", "topics/ai/"]);
        assert_eq!(items[0].card.date_display.as_deref(), Some("1 January 2025"));
        assert_eq!((items[0].language.as_str(), items[0].card.lang.as_deref()), ("de", Some("de")));
        assert_eq!((items[1].card.lang.as_deref(), items[2].language.as_str()), (None, "en"), "site language");
        assert_eq!(items[0].body, "Heading\nThe body text.");
        assert_eq!(items[2].card.kind, "page");
        assert_eq!(items[3].heading, "Vladimir Putin · Putin");
        assert_eq!(
            (items[3].card.label.as_str(), items[3].card.about.as_deref()),
            ("Person", Some("Named in 1 document"))
        );
        assert_eq!((items[3].body.as_str(), items[3].card.text.as_str()), ("", "Putin spoke."), "found by name only");
        assert_eq!((items[4].body.as_str(), items[4].card.about.as_deref()), ("AI", Some("2 documents")));
    }

    #[test]
    fn plain_text_drops_markup_and_keeps_blocks_apart() {
        let md = "## Heading\n\nA [link](https://x.org) and `code`.\n\n- one\n- two\n\n<div>raw</div>\n";
        assert_eq!(plain_text(md), "Heading\nA link and code.\none\ntwo");
    }

    #[test]
    fn long_text_is_cut_at_a_word_and_never_inside_a_character() {
        let text = "слово ".repeat(SNIPPET_TEXT_BYTES);
        let short = cut(&text);
        assert!(short.len() <= SNIPPET_TEXT_BYTES + '…'.len_utf8());
        assert!(short.ends_with("слово…"), "{}", &short[short.len() - 20..]);
        assert_eq!(cut("short"), "short");
    }
}
