//! The article's structure, read from the lines kept for its body, and its
//! Markdown: headings (`## `), bullet and numbered lists, quotes (`> `) and
//! paragraphs, with the characters Markdown would misread escaped.

use super::Block;
use super::classify::Class;
use super::features::Ending;
use super::lines::Marker;

/// One part of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    /// A section heading.
    Heading(String),
    /// A list item; numbered ones keep their number ("1." or "1)").
    Item {
        /// The number as written, for a numbered item.
        number: Option<String>,
        /// The item's text.
        text: String,
    },
    /// A quoted paragraph.
    Quote(String),
    /// A paragraph.
    Paragraph(String),
}

/// Headings are at most this heavy (Latin letter equivalents).
const HEADING_WEIGHT: usize = 120;

/// The parts of a body made of `kept` lines (indices into `blocks`, in order).
pub fn parts(blocks: &[Block], kept: &[usize]) -> Vec<Part> {
    let mut parts = Vec::with_capacity(kept.len());
    for (k, &i) in kept.iter().enumerate() {
        let block = &blocks[i];
        let text = block.line.text.clone();
        let next = kept.get(k + 1).map(|&j| &blocks[j]);
        let part = match &block.line.marker {
            Marker::Heading(_) => Part::Heading(text),
            Marker::Bullet => Part::Item { number: None, text },
            Marker::Numbered(n) => Part::Item { number: Some(n.clone()), text },
            Marker::Quote => Part::Quote(text),
            Marker::Plain if block.contents_heading || heads_prose(block, next) => Part::Heading(text),
            Marker::Plain if fully_quoted(&text) => Part::Quote(text),
            Marker::Plain => Part::Paragraph(text),
        };
        parts.push(part);
    }
    parts
}

/// Whether a plain line is a heading: headline-like, capitalised, light,
/// and followed by prose.
fn heads_prose(block: &Block, next: Option<&Block>) -> bool {
    let capitalised = block.line.text.chars().next().is_some_and(|c| !c.is_lowercase());
    let prose_next = next.is_some_and(|n| {
        let sentence = n.features.ending == Ending::Sentence;
        n.line.marker == Marker::Plain && (sentence || matches!(n.first_class, Class::Good | Class::NearGood))
    });
    block.heading_like && capitalised && block.features.weight <= HEADING_WEIGHT && prose_next
}

/// Opening quote marks and the marks that close them.
const QUOTES: &[(char, char)] = &[('“', '”'), ('"', '"'), ('«', '»'), ('„', '“'), ('「', '」'), ('『', '』')];

/// Whether a paragraph is one quotation from its first character to its
/// last (not a quote followed by "he said").
fn fully_quoted(text: &str) -> bool {
    let Some(open) = text.chars().next() else {
        return false;
    };
    let Some(&(_, close)) = QUOTES.iter().find(|(o, _)| *o == open) else {
        return false;
    };
    let inner = &text[open.len_utf8()..];
    let trimmed = inner.trim_end_matches(['.', '!', '?', '。']);
    let Some(body) = trimmed.strip_suffix(close) else {
        return false;
    };
    body.chars().count() >= 20 && !body.contains(close) && (open == close || !body.contains(open))
}

/// The Markdown of `parts`: blocks separated by blank lines, list items of
/// one list on consecutive lines.
pub fn markdown(parts: &[Part]) -> String {
    let mut out = String::new();
    let mut previous_list: Option<bool> = None;
    for part in parts {
        let list = match part {
            Part::Item { number, .. } => Some(number.is_some()),
            _ => None,
        };
        if !out.is_empty() {
            let same_list = list.is_some() && list == previous_list;
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        previous_list = list;
        let text = match part {
            Part::Heading(text) => {
                out.push_str("## ");
                text
            }
            Part::Item { number: None, text } => {
                out.push_str("- ");
                text
            }
            Part::Item { number: Some(n), text } => {
                out.push_str(n);
                out.push(' ');
                text
            }
            Part::Quote(text) => {
                out.push_str("> ");
                text
            }
            Part::Paragraph(text) => text,
        };
        out.push_str(&escape(text));
    }
    out
}

/// `text` with what Markdown would read as markup escaped: emphasis, code,
/// links and HTML anywhere, block markers at the start.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let starts_block = text.starts_with(['#', '>', '=', '+', '-', '~', '|']);
    if starts_block {
        out.push('\\');
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = (1..=9).contains(&digits) && text[digits..].starts_with(['.', ')']);
    // Every character escaped is ASCII: the text is copied in runs between them.
    let mut copied = 0;
    for (at, b) in text.bytes().enumerate() {
        if matches!(b, b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<') || (numbered && at == digits) {
            out.push_str(&text[copied..at]);
            out.push('\\');
            copied = at;
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::text::testing::block;

    #[test]
    fn markdown_joins_list_items_and_separates_blocks() {
        let parts = [
            Part::Heading("Key points".into()),
            Part::Item { number: None, text: "one".into() },
            Part::Item { number: None, text: "two".into() },
            Part::Item { number: Some("1.".into()), text: "first".into() },
            Part::Quote("“A quote.”".into()),
            Part::Paragraph("Text.".into()),
        ];
        assert_eq!(markdown(&parts), "## Key points\n\n- one\n- two\n\n1. first\n\n> “A quote.”\n\nText.");
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(escape("a *b* _c_ [d](e) <f> `g`"), r"a \*b\* \_c\_ \[d\](e) \<f> \`g\`");
        assert_eq!(escape("# not a heading"), r"\# not a heading");
        assert_eq!(escape("- not an item"), r"\- not an item");
        assert_eq!(escape("2019. A year"), r"2019\. A year");
        assert_eq!(escape("In 2019. A year"), "In 2019. A year");
        assert_eq!(escape("1. Not a list"), r"1\. Not a list");
        assert_eq!(escape("> not a quote"), r"\> not a quote");
        assert_eq!(escape("___"), r"\_\_\_");
    }

    #[test]
    fn a_paragraph_in_quotation_marks_is_a_quote() {
        assert!(fully_quoted("“These AI agents are approaching a completely new independent tier.”"));
        assert!(fully_quoted("\"We will win this, whatever it takes.\""));
        assert!(!fully_quoted("“We needed to win,” Lynn said. “Now we need help.”"));
        assert!(!fully_quoted("“Short.”"));
    }

    #[test]
    fn a_light_headline_followed_by_prose_is_a_heading() {
        let heading = block("Mobilize the whole country");
        let prose = block(
            "Facing technology restrictions and competition from the U.S. and Europe, Putin knows the risks of \
             relying on foreign technology, and he said so at length on Monday.",
        );
        assert!(heads_prose(&heading, Some(&prose)));
        assert!(!heads_prose(&heading, None));
        assert!(!heads_prose(&block("it is lower case"), Some(&prose)));
        assert!(!heads_prose(&block("A sentence that ends."), Some(&prose)));
    }
}
