//! A dump's lines, each a candidate block of the article: whitespace
//! collapsed, invisible characters dropped, and the marks that carry
//! structure (bullets, numbers, quote and heading markers) taken off the text
//! and kept aside.
//!
//! Markdown's own markers (`## `, `- `, `> `, backslash escapes) are read
//! too, so that a cleaned body fed back in keeps its structure.

use std::sync::LazyLock;

use regex::Regex;

/// What a line's leading mark says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// No mark: a paragraph, heading or furniture, to be decided.
    Plain,
    /// A bullet list item ("• item", "- item").
    Bullet,
    /// A numbered list item; holds the number as written ("1." or "1)").
    Numbered(String),
    /// A quoted line ("> text").
    Quote,
    /// A Markdown heading ("## text"), with its level.
    Heading(u8),
}

/// One non-blank line of a dump.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text, without its marker, trimmed, spaces collapsed.
    pub text: String,
    /// The whole line as written (trimmed, spaces collapsed), marker and
    /// all: how other seeds of the corpus are compared with it.
    pub source: String,
    /// The mark it started with.
    pub marker: Marker,
    /// Whether a blank line (or the start of the dump) comes before it.
    pub gap_before: bool,
    /// Whether a blank line (or the end of the dump) comes after it.
    pub gap_after: bool,
}

/// Characters that start a bullet list item when a space follows them.
const BULLETS: &[char] = &['•', '◦', '▪', '▫', '●', '○', '■', '□', '‣', '⁃', '►', '▸', '·', '-', '*', '+'];

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3}[.)])\s+(\S.*)$").expect("the numbered-item pattern is valid"));

/// The non-blank lines of `dump`, in order.
pub fn split(dump: &str) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut gap = true;
    for raw in dump.lines() {
        let text = normalise(raw);
        if text.is_empty() {
            gap = true;
            continue;
        }
        let (marker, rest) = take_marker(&text);
        let rest = unescape(rest);
        if rest.is_empty() {
            gap = true;
            continue;
        }
        if let Some(last) = lines.last_mut() {
            last.gap_after = gap;
        }
        lines.push(Line { text: rest, marker, source: text, gap_before: gap, gap_after: true });
        gap = false;
    }
    lines
}

/// Spaces of every kind collapsed to one, invisible and control characters
/// dropped, ends trimmed.
fn normalise(raw: &str) -> String {
    if raw.is_ascii() { normalise_ascii(raw) } else { normalise_chars(raw) }
}

fn normalise_chars(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            space = true;
        } else if c.is_control() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}') {
            continue;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// [`normalise`] for ASCII text, byte by byte (the same rules: ASCII
/// whitespace is U+0009 to U+000D and the space, control characters are
/// the other bytes below U+0020 and U+007F).
fn normalise_ascii(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for b in raw.bytes() {
        match b {
            b'\t'..=b'\r' | b' ' => space = true,
            0..=0x1f | 0x7f => {}
            _ => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(char::from(b));
            }
        }
    }
    out
}

/// The line's marker and the text after it.
fn take_marker(text: &str) -> (Marker, &str) {
    let hashes = text.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && text[hashes..].starts_with(' ') {
        return (Marker::Heading(hashes as u8), text[hashes..].trim_matches([' ', '#']));
    }
    if let Some(rest) = text.strip_prefix('>') {
        let rest = rest.trim_start_matches(['>', ' ']);
        return (Marker::Quote, rest);
    }
    let mut chars = text.chars();
    if let (Some(first), Some(' ')) = (chars.next(), chars.next())
        && BULLETS.contains(&first)
    {
        return (Marker::Bullet, text[first.len_utf8()..].trim_start());
    }
    // "10. April 2025" is a date, not the tenth item of a list.
    let dated = || crate::dates::first(text).is_some_and(|d| d.span.start == 0);
    if text.starts_with(|c: char| c.is_ascii_digit())
        && let Some(caps) = NUMBERED.captures(text)
        && let (Some(number), Some(rest)) = (caps.get(1), caps.get(2))
        && !dated()
    {
        return (Marker::Numbered(number.as_str().to_string()), rest.as_str());
    }
    (Marker::Plain, text)
}

/// Markdown backslash escapes removed (`\*` → `*`), so text written by the
/// cleaner reads back as it was before escaping.
fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.trim().to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Line {
        split(text).remove(0)
    }

    #[test]
    fn blank_lines_become_gaps() {
        let lines = split("a\nb\n\n  \nc");
        let before: Vec<bool> = lines.iter().map(|l| l.gap_before).collect();
        let after: Vec<bool> = lines.iter().map(|l| l.gap_after).collect();
        assert_eq!(before, [true, false, true]);
        assert_eq!(after, [false, true, true]);
    }

    #[test]
    fn whitespace_is_collapsed_and_invisible_characters_dropped() {
        assert_eq!(one("  a\u{a0}\u{a0}b\t c\u{200b}d  ").text, "a b cd");
    }

    #[test]
    fn ascii_lines_are_normalised_like_any_other() {
        for raw in ["  a \t b\x0b\x0cc\x01d\x7f e  ", "\x1f x\x1c", "", " ", "ab\r", "x\x0by"] {
            assert_eq!(normalise_ascii(raw), normalise_chars(raw), "{raw:?}");
        }
        let every_byte: String = (0..128u8).map(char::from).collect();
        assert_eq!(normalise_ascii(&every_byte), normalise_chars(&every_byte));
    }

    #[test]
    fn bullets_of_several_kinds_are_list_items() {
        for text in ["  • item", "- item", "* item", "▪ item", "· item"] {
            let line = one(text);
            assert_eq!((line.marker, line.text.as_str()), (Marker::Bullet, "item"), "{text}");
        }
        assert_eq!(one("-item").marker, Marker::Plain);
        assert_eq!(one("— The Senate (@NGRSenate)").marker, Marker::Plain);
    }

    #[test]
    fn numbered_items_keep_their_number() {
        let line = one("12) Roger Waters – The Wall");
        assert_eq!(line.marker, Marker::Numbered("12)".into()));
        assert_eq!(line.text, "Roger Waters – The Wall");
        assert_eq!(one("2019. A year").marker, Marker::Plain);
        assert_eq!(one("10. April 2025, 14:03 Uhr").marker, Marker::Plain);
    }

    #[test]
    fn markdown_headings_and_quotes_are_read() {
        assert_eq!(one("## Key points ##").marker, Marker::Heading(2));
        assert_eq!(one("## Key points ##").text, "Key points");
        assert_eq!(one("#hashtag").marker, Marker::Plain);
        let quote = one("> “We will,” he said.");
        assert_eq!((quote.marker, quote.text.as_str()), (Marker::Quote, "“We will,” he said."));
    }

    #[test]
    fn markdown_escapes_are_undone() {
        assert_eq!(one(r"1\. Not a list \*really\* C:\Users").text, r"1. Not a list *really* C:\Users");
        assert_eq!(one(r"1\. Not a list").marker, Marker::Plain);
    }

    #[test]
    fn a_line_of_only_a_marker_is_blank() {
        let lines = split(">\n> \nText");
        assert_eq!(lines.len(), 1);
        assert!(lines[0].gap_before);
    }
}
