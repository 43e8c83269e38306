//! What search finds: documents, pages, entities and topics, each as an
//! [`Item`] with the text that is indexed and what a result shows.

use pulldown_cmark::{Event, Parser, TagEnd};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::analyze::EntityKind;
use crate::document::{Body, DocumentKind};
use crate::fingerprint::Fingerprint;
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

/// Everything an item is made from, borrowed from the site's data. An
/// item is a function of its view alone ([`View::item`]), so the view's
/// fingerprint ([`View::key`]) says when an item is the one an earlier
/// build indexed (see [`super::memory`]), without making it.
#[derive(Debug, Serialize)]
pub struct View<'a>(Viewed<'a>);

/// What a [`View`] is of.
#[derive(Debug, Serialize)]
enum Viewed<'a> {
    /// A document or page.
    Document {
        slug: &'a str,
        title: &'a str,
        page: bool,
        publisher: Option<&'a str>,
        date: Option<chrono::NaiveDate>,
        /// Its language, or the site's.
        language: &'a str,
        site_language: &'a str,
        /// Markdown, fingerprinted as its [`Body::print`].
        #[serde(serialize_with = "body_print")]
        body: &'a Body,
    },
    /// An entity.
    Entity {
        slug: &'a str,
        name: &'a str,
        kind: EntityKind,
        aliases: &'a [String],
        /// The first sentences that name it, as many as its snippet can
        /// show (see [`snippet_sentences`]).
        sentences: Vec<&'a str>,
        /// How many documents name it.
        mentions: usize,
        site_language: &'a str,
    },
    /// A topic.
    Topic {
        slug: &'a str,
        name: &'a str,
        keywords: &'a [String],
        /// Documents about it.
        count: usize,
        site_language: &'a str,
    },
}

/// What the item of `source` is made from.
pub fn view<'a>(inputs: &Inputs<'a>, source: Source) -> View<'a> {
    let site_language = inputs.config.language.as_str();
    match source {
        Source::Document(d) => {
            let doc = &inputs.documents[d];
            View(Viewed::Document {
                slug: &doc.slug,
                title: &doc.title,
                page: doc.kind == DocumentKind::Page,
                publisher: doc.publisher.as_deref(),
                date: doc.date,
                language: doc.language.as_deref().unwrap_or(site_language),
                site_language,
                body: &doc.body,
            })
        }
        Source::Entity(e) => {
            let entity = &inputs.analysis.entities[e];
            View(Viewed::Entity {
                slug: &entity.slug,
                name: &entity.name,
                kind: entity.kind,
                aliases: &entity.aliases,
                sentences: snippet_sentences(entity.mentions.iter().map(|m| &*m.sentence)),
                mentions: entity.mentions.len(),
                site_language,
            })
        }
        Source::Topic(t) => {
            let topic = &inputs.analysis.topics[t];
            View(Viewed::Topic {
                slug: &topic.slug,
                name: &topic.name,
                keywords: &topic.keywords,
                count: topic.docs.len(),
                site_language,
            })
        }
    }
}

/// The item made from `source`.
pub fn item(inputs: &Inputs, source: Source) -> Item {
    view(inputs, source).item()
}

/// A body in a view's fingerprint: its own, taken when it was read.
fn body_print<S: serde::Serializer>(body: &&Body, serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&body.print(), serializer)
}

impl View<'_> {
    /// The fingerprint of everything the item is made from.
    pub fn key(&self) -> Fingerprint {
        crate::fingerprint::of_value(self)
    }

    /// The item.
    pub fn item(&self) -> Item {
        match self.0 {
            Viewed::Document { slug, title, page, publisher, date, language, site_language, body } => {
                let body = plain_text(body);
                Item {
                    card: ItemCard {
                        url: urls::document(slug),
                        title: title.to_string(),
                        kind: if page { "page" } else { "document" }.to_string(),
                        label: if page { "Page" } else { "Document" }.to_string(),
                        publisher: publisher.map(str::to_string),
                        date: date.map(crate::site::context::iso_date),
                        date_display: date.map(crate::site::context::display_date),
                        about: None,
                        lang: (language != site_language).then(|| language.to_string()),
                        text: cut(&body),
                    },
                    heading: title.to_string(),
                    body,
                    language: language.to_string(),
                }
            }
            Viewed::Entity { slug, name, kind, aliases, ref sentences, mentions, site_language } => {
                entity(slug, name, kind, aliases, sentences, mentions, site_language)
            }
            Viewed::Topic { slug, name, keywords, count, site_language } => {
                topic(slug, name, keywords, count, site_language)
            }
        }
    }
}

/// The leading `sentences` that an entity's snippet can show: those
/// joined (one per line) up to [`SNIPPET_TEXT_BYTES`] and the one crossing
/// it, which [`cut`] cuts the same whatever follows. An entity of the whole
/// corpus is named in thousands of sentences; its item, and the key it is
/// remembered by, need no more than these.
fn snippet_sentences<'a>(sentences: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut joined = 0;
    sentences
        .take_while(|s| {
            let more = joined <= SNIPPET_TEXT_BYTES;
            joined += s.len() + 1;
            more
        })
        .collect()
}

fn entity(
    slug: &str,
    name: &str,
    kind: EntityKind,
    aliases: &[String],
    sentences: &[&str],
    count: usize,
    language: &str,
) -> Item {
    let mut heading = name.to_string();
    for alias in aliases.iter().filter(|a| *a != name) {
        heading.push_str(" · ");
        heading.push_str(alias);
    }
    // The sentences that name it are shown as its snippet but not indexed:
    // an entity is found by its names, and a word of those sentences must
    // lead to the documents they come from, not to the entity.
    let snippet = sentences.join("\n");
    Item {
        card: ItemCard {
            url: urls::entity(slug),
            title: name.to_string(),
            kind: "entity".to_string(),
            label: match kind {
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
        language: language.to_string(),
    }
}

fn topic(slug: &str, name: &str, keywords: &[String], count: usize, language: &str) -> Item {
    let keywords: Vec<&str> = keywords.iter().filter(|k| *k != name).map(String::as_str).collect();
    let body = keywords.join(", ");
    Item {
        card: ItemCard {
            url: urls::topic(slug),
            title: name.to_string(),
            kind: "topic".to_string(),
            label: "Topic".to_string(),
            publisher: None,
            date: None,
            date_display: None,
            about: Some(format!("{count} document{}", if count == 1 { "" } else { "s" })),
            lang: None,
            text: cut(&body),
        },
        heading: name.to_string(),
        body,
        language: language.to_string(),
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
        let mention = Mention {
            doc: 2,
            count: 1,
            sentence: "Putin spoke.".into(),
            highlight: 0..5,
            sentence_print: Default::default(),
        };
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
    fn an_entity_item_needs_only_the_sentences_its_snippet_shows() {
        // Sentences of many lengths, around and across the snippet's limit.
        for len in [10, 99, 1000, 4000, SNIPPET_TEXT_BYTES - 1, SNIPPET_TEXT_BYTES, SNIPPET_TEXT_BYTES + 7] {
            for count in [1, 2, 3, 12, 200] {
                let all: Vec<String> = (0..count).map(|i| format!("{i} {}", "word ".repeat(len / 5))).collect();
                let all: Vec<&str> = all.iter().map(String::as_str).collect();
                let some = snippet_sentences(all.iter().copied());
                let item = |sentences: &[&str]| entity("e", "E", EntityKind::Place, &[], sentences, count, "en");
                assert_eq!(item(&some), item(&all), "{count} sentences of {len} bytes");
                assert!(some.len() <= 2 + SNIPPET_TEXT_BYTES / len, "{} of {count} kept", some.len());
            }
        }
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
