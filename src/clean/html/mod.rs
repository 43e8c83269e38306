//! Saved web pages: the article found in the page's structure.
//!
//! The page is parsed with a real HTML5 parser (html5ever, through
//! `scraper`), then:
//!
//! 1. [`metadata`] reads what the page says about itself (JSON-LD, Open
//!    Graph, `<meta>`, `<time>`): title, author, date, publisher, language.
//! 2. [`dom`] copies the visible part into a compact tree: no scripts,
//!    styles, forms controls or embeds; hidden parts and parts whose markup
//!    names them as chrome ([`hints`]: navigation, comments, share bars,
//!    sidebars, related stories, ads) are dropped.
//! 3. [`score`] finds the container of the article from its paragraphs
//!    (text and link density, commas, class names), as Readability does.
//! 4. [`render`] writes that container as Markdown, leaving out the blocks
//!    inside it that look like chrome ([`keep`]); [`markdown`] escapes the
//!    page's text, [`links`] vets and resolves URLs, [`table`] tells data
//!    tables from layout, [`blocks`] gives the result its final touches.
//!
//! A page with no convincing article (one big `<pre>`, a text file saved as
//! HTML, a page of loose text) goes to the text-dump cleaner instead, with
//! the metadata the markup gave; so does a page nested too deeply to parse
//! in reasonable time ([`guard`]).

mod blocks;
mod dom;
pub(crate) mod guard;
mod hints;
mod keep;
mod links;
mod markdown;
mod metadata;
mod render;
mod score;
mod table;

use scraper::Html;

use super::corpus::CorpusHints;
use super::lang;
use crate::document::Article;
use dom::{Dom, Kind, Pruning};
use links::Urls;
use metadata::Metadata;
use render::Rendered;
use score::Selection;

/// An article with less text than this may have lost its container to a
/// misleading class name: the page is read again without name-based drops.
const MIN_ARTICLE_CHARS: usize = 200;

/// A selection whose text is at least this share (in tenths) one `<pre>` or
/// one run of text with line breaks is a text file, not a web page.
const DUMP_SHARE_TENTHS: u32 = 8;

/// A text file in a page has at least this many lines.
const DUMP_MIN_LINES: usize = 5;

/// The article in a saved web page.
pub fn clean(html: &str, hints: &CorpusHints) -> Article {
    if guard::too_deep(html) {
        return from_text(Metadata::default(), &guard::strip_tags(html), hints);
    }
    let page = Html::parse_document(html);
    let meta = metadata::read(&page);
    let urls = Urls::new(meta.base_url.as_deref());
    match extract(&page, &meta, &urls) {
        Extraction::Article(rendered) => from_markup(meta, rendered.markdown),
        Extraction::Text(text) => from_text(meta, &text, hints),
    }
}

/// What the page's structure yields.
enum Extraction {
    /// The article, as Markdown.
    Article(Rendered),
    /// No article in the structure: the page's text, for the text cleaner.
    Text(String),
}

/// The article: from the page's structure, or from the JSON-LD's
/// `articleBody` when that says much more (a page whose text a script
/// fills in).
fn extract(page: &Html, meta: &Metadata, urls: &Urls) -> Extraction {
    let found = from_structure(page, meta, urls);
    let Some(stated) = meta.body.as_deref() else { return found };
    match found {
        Extraction::Article(rendered) => {
            let stated = stated_body(stated, meta, urls);
            let much_more = stated.text_chars >= MIN_ARTICLE_CHARS && stated.text_chars > 2 * rendered.text_chars;
            Extraction::Article(if much_more { stated } else { rendered })
        }
        text => text,
    }
}

/// The JSON-LD's `articleBody` as Markdown: HTML is read like a page,
/// plain text has a paragraph per line.
fn stated_body(body: &str, meta: &Metadata, urls: &Urls) -> Rendered {
    if body.contains("</p>") || body.contains("<br") {
        let fragment = Html::parse_fragment(body);
        let dom = Dom::build(&fragment, Pruning::Full);
        return render::render(&dom, &[dom.root()], urls, meta.title.as_deref());
    }
    let mut paragraphs = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let mut inline = markdown::Inline::default();
        inline.push_text(line);
        paragraphs.extend(inline.into_paragraphs());
    }
    let text_chars = body.split_whitespace().map(|w| w.chars().count() + 1).sum();
    Rendered { markdown: paragraphs.join("\n\n"), text_chars }
}

/// The article in the page's structure (or the page's text, when it has
/// no convincing article).
fn from_structure(page: &Html, meta: &Metadata, urls: &Urls) -> Extraction {
    let dom = Dom::build(page, Pruning::Full);
    let first = match read_article(&dom, meta, urls) {
        Some(Extraction::Article(rendered)) if rendered.text_chars >= MIN_ARTICLE_CHARS => {
            return Extraction::Article(rendered);
        }
        Some(Extraction::Text(text)) => return Extraction::Text(text),
        Some(Extraction::Article(rendered)) => Some(rendered),
        None => None,
    };
    let lenient = Dom::build(page, Pruning::HiddenOnly);
    let second = match read_article(&lenient, meta, urls) {
        Some(Extraction::Article(rendered)) => Some(rendered),
        _ => None,
    };
    let best = [first, second].into_iter().flatten().max_by_key(|r| r.text_chars);
    match best {
        Some(rendered) if rendered.text_chars > 0 => Extraction::Article(rendered),
        _ => Extraction::Text(dom.visible_text(dom.root(), false)),
    }
}

/// The article in one reading of the page, if it has paragraphs.
fn read_article(dom: &Dom, meta: &Metadata, urls: &Urls) -> Option<Extraction> {
    let selection = score::select(dom)?;
    if let Some(text) = text_file(dom, &selection) {
        return Some(Extraction::Text(text));
    }
    Some(Extraction::Article(render::render(dom, &selection.parts, urls, meta.title.as_deref())))
}

/// The text of a page that is a text file in HTML clothing: one `<pre>`,
/// or one run of text with line breaks written in it, holds nearly all the
/// selected text.
fn text_file(dom: &Dom, selection: &Selection) -> Option<String> {
    let total: u32 = selection.parts.iter().map(|&p| dom.node(p).stats.chars).sum();
    let nodes = selection.parts.iter().flat_map(|&p| p..dom.node(p).end);
    for ix in nodes {
        let node = dom.node(ix);
        if node.dropped || node.element().is_none() {
            continue;
        }
        let is_pre = node.name() == "pre";
        let chars = if is_pre { node.stats.chars } else { node.inline.chars };
        if chars == 0 || chars * 10 < total * DUMP_SHARE_TENTHS {
            continue;
        }
        let lines_in_text = || {
            let own_text = node.children.iter().filter_map(|&c| match dom.node(c).kind {
                Kind::Text(text) => Some(text),
                Kind::Element(_) => None,
            });
            own_text.map(|t| t.lines().filter(|l| !l.trim().is_empty()).count()).sum::<usize>()
        };
        if is_pre || lines_in_text() >= DUMP_MIN_LINES {
            let text = dom.visible_text(ix, true);
            if text.lines().count() >= DUMP_MIN_LINES {
                return Some(text);
            }
        }
    }
    None
}

/// The article found in the markup.
fn from_markup(meta: Metadata, body: String) -> Article {
    let language = body_language(meta.language, &body);
    Article {
        title: meta.title.unwrap_or_default(),
        publisher: meta.publisher,
        author: meta.author,
        date: meta.date,
        language,
        summary: meta.summary,
        body,
    }
}

/// The article the text cleaner finds in the page's text, with what the
/// markup says about it where it says something.
fn from_text(meta: Metadata, text: &str, hints: &CorpusHints) -> Article {
    let found = super::text::clean(text, hints);
    let language = body_language(meta.language.or(found.language), &found.body);
    Article {
        title: meta.title.unwrap_or(found.title),
        publisher: meta.publisher.or(found.publisher),
        author: meta.author.or(found.author),
        date: meta.date.or(found.date),
        language,
        summary: meta.summary.or(found.summary),
        body: found.body,
    }
}

/// The language of the body: the one the page declares, unless the text
/// says clearly that it is another (templates often keep `lang="en"`).
fn body_language(declared: Option<String>, body: &str) -> Option<String> {
    match (declared, lang::detect(body)) {
        (Some(declared), Some(detected)) if declared != detected => Some(detected.to_string()),
        (declared, detected) => declared.or(detected.map(str::to_string)),
    }
}

#[cfg(test)]
mod tests;
