//! Pages too deeply nested to parse in reasonable time. The HTML5 tree
//! builder checks the stack of open elements at every tag, so its cost
//! grows with the square of the nesting depth: a 500 kB file of nested
//! `<div>`s takes many seconds. No real page nests more than a few hundred
//! levels; a page that does (broken or hostile) is read as plain text.

use memchr::memchr;

use super::metadata::decode_references;

/// Nesting depth beyond which a page is read as text.
pub(crate) const MAX_NESTING: usize = 4096;

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Elements whose end tag may be left out (closed by what follows).
const OPTIONAL_END: &[&str] = &[
    "body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "optgroup", "option", "p", "rb", "rp", "rt",
    "rtc", "tbody", "td", "tfoot", "th", "thead", "tr",
];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript", "template"];

/// Elements that start a line in the text of a page read as text.
const LINE_TAGS: &[&str] = &["br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"];

/// Whether `html` nests elements deeper than [`MAX_NESTING`], by a count
/// of start and end tags (elements that close themselves are not counted).
pub(crate) fn too_deep(html: &str) -> bool {
    let mut depth = 0usize;
    for tag in tags(html) {
        match tag {
            Tag::Start(name) if !VOID.contains(&name.as_str()) && !OPTIONAL_END.contains(&name.as_str()) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return true;
                }
            }
            Tag::End(name) if !OPTIONAL_END.contains(&name.as_str()) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// The text of `html` without its markup, scripts and styles: a line per
/// block, character references decoded.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut at = 0;
    while let Some(open) = memchr(b'<', &html.as_bytes()[at..]).map(|o| at + o) {
        out.push_str(&html[at..open]);
        let (tag, next) = read_tag(html, open);
        match &tag {
            Tag::Start(name) | Tag::End(name) if LINE_TAGS.contains(&name.as_str()) => out.push('\n'),
            Tag::Stray => out.push('<'),
            _ => {}
        }
        at = next;
    }
    out.push_str(&html[at..]);
    let text = decode_references(&out);
    let lines = text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
    lines.filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

/// A tag as the estimate sees it.
#[derive(Debug, PartialEq, Eq)]
enum Tag {
    /// `<name ...>` (not self-closing).
    Start(String),
    /// `</name>`.
    End(String),
    /// A comment, doctype, self-closing tag, or an element of raw text
    /// (`<script>`) with its content.
    Other,
    /// A `<` that starts no tag: text.
    Stray,
}

fn tags(html: &str) -> impl Iterator<Item = Tag> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let open = memchr(b'<', &html.as_bytes()[at..]).map(|o| at + o)?;
        let (tag, next) = read_tag(html, open);
        at = next;
        Some(tag)
    })
}

/// The tag starting at `open` (a `<`) and where reading goes on after it
/// (after the content of a `<script>` and the like).
fn read_tag(html: &str, open: usize) -> (Tag, usize) {
    let rest = &html[open..];
    if rest.starts_with("<!--") {
        return (Tag::Other, rest.find("-->").map_or(html.len(), |e| open + e + 3));
    }
    let gt = rest.find('>');
    let close = gt.map_or(html.len(), |e| open + e + 1);
    let body = match gt {
        Some(e) => &rest[1..e],
        None => &rest[1..],
    };
    let (is_end, body) = match body.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, body),
    };
    let name_len = body.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'-').count();
    if !body.starts_with(|c: char| c.is_ascii_alphabetic() || c == '!' || c == '?') {
        return (Tag::Stray, open + 1);
    }
    if name_len == 0 {
        return (Tag::Other, close);
    }
    let name = body[..name_len].to_ascii_lowercase();
    if is_end {
        return (Tag::End(name), close);
    }
    if body.ends_with('/') {
        return (Tag::Other, close);
    }
    if RAW_TEXT.contains(&name.as_str()) {
        return (Tag::Other, end_tag_at(html, close, &name));
    }
    (Tag::Start(name), close)
}

/// Where the end tag `</name` of a raw text element starting at `from` is
/// (the end of `html` when there is none).
fn end_tag_at(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(found) = memchr::memmem::find(&bytes[at..], b"</").map(|f| at + f) {
        let candidate = &bytes[found + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return found;
        }
        at = found + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_not_too_deep() {
        let page = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><br><img src=x></div></body></html>";
        assert!(!too_deep(page));
        assert!(!too_deep(&"<div><p>x</p></div>".repeat(10_000)));
    }

    #[test]
    fn thousands_of_nested_elements_are_too_deep() {
        assert!(too_deep(&"<div>".repeat(MAX_NESTING + 1)));
        assert!(!too_deep(&"<div>".repeat(MAX_NESTING)));
    }

    #[test]
    fn stripped_text_has_a_line_per_block_and_no_scripts() {
        let page = "<div>One &amp; <b>two</b><script>var a = '<p>';</script></div><p>Three<!-- <p>no --></p>";
        assert_eq!(strip_tags(page), "One & two\nThree");
    }

    #[test]
    fn stray_angle_brackets_are_text() {
        assert_eq!(strip_tags("a < b and c<3"), "a < b and c<3");
    }

    #[test]
    fn unfinished_tags_at_the_end_are_safe() {
        assert_eq!(strip_tags("text <di"), "text");
        assert_eq!(strip_tags("text <é"), "text <é");
        assert_eq!(strip_tags("x<script>never closed é"), "x");
    }
}
