//! What search finds: documents, pages, entities and topics, each as an
//! [`Item`] with the text that is indexed and what a result shows.

use pulldown_cmark::{Event, Parser, TagEnd};
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

/// Every searchable item, in id order: source documents newest first (so
/// equal scores favour recent reports), then pages, entities and topics.
pub fn collect(inputs: &Inputs) -> Vec<Item> {
    let site_language = inputs.config.language.as_str();
    let pages = (0..inputs.documents.len()).filter(|&d| inputs.documents[d].kind == DocumentKind::Page);
    let mut items: Vec<Item> =
        inputs.site.chronological.iter().copied().chain(pages).map(|d| document(inputs, d, site_language)).collect();
    items.extend((0..inputs.analysis.entities.len()).map(|e| entity(inputs, e, site_language)));
    items.extend((0..inputs.analysis.topics.len()).map(|t| topic(inputs, t, site_language)));
    items
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
            date: doc.date.map(|d| d.format("%Y-%m-%d").to_string()),
            date_display: doc.date.map(|d| d.format("%-d %B %Y").to_string()),
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
    let sentences: Vec<&str> = entity.mentions.iter().map(|m| m.sentence.as_str()).collect();
    let body = sentences.join("\n");
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
            text: cut(&body),
        },
        heading,
        body,
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
