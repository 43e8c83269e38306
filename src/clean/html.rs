//! Saved web pages: reduced to their visible text, then cleaned as a dump.

use scraper::{Html, Node};

use super::corpus::CorpusHints;
use crate::document::Article;

/// Elements whose content is never visible text.
const INVISIBLE: &[&str] = &["script", "style", "noscript", "template", "head", "svg", "iframe", "object"];

/// Elements that start a new line in the visible text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "pre",
    "ul",
    "ol",
    "table",
    "figure",
    "figcaption",
    "main",
];

/// The article in a saved web page.
pub fn clean(html: &str, hints: &CorpusHints) -> Article {
    super::text::clean(&visible_text(html), hints)
}

/// The text a browser would show, one block per line.
pub fn visible_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut out = String::new();
    let mut stack = vec![(doc.tree.root(), false)];
    while let Some((node, closing)) = stack.pop() {
        match node.value() {
            Node::Text(text) if !closing => out.push_str(text),
            Node::Element(el) => {
                let name = el.name();
                if INVISIBLE.contains(&name) {
                    continue;
                }
                if BLOCKS.contains(&name) {
                    out.push('\n');
                }
                if !closing {
                    stack.push((node, true));
                    stack.extend(node.children().rev().map(|c| (c, false)));
                }
            }
            Node::Document | Node::Fragment if !closing => {
                stack.extend(node.children().rev().map(|c| (c, false)));
            }
            _ => {}
        }
    }
    out
}
