//! Markdown bodies to HTML: pulldown-cmark with tables, footnotes,
//! strikethrough, task lists and smart punctuation; unique heading ids with
//! self-links; highlighted code; entity mentions linked; and nothing unsafe
//! from the source (raw HTML sanitised with ammonia, link schemes checked).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use super::highlight;
use crate::slug::slugify;

/// An entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    /// 2 or 3 (body headings start at `h2`; the page title is the `h1`).
    pub level: u8,
    /// The heading's id (the link target is `#id`).
    pub id: String,
    /// The heading's text.
    pub title: String,
}

/// A rendered body and what the page around it needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RenderedBody {
    /// Safe HTML.
    pub html: String,
    /// `h2`/`h3` headings, in order.
    pub toc: Vec<TocEntry>,
    /// Whether the body holds a code block (the page then loads the
    /// highlighting stylesheet).
    pub has_code: bool,
    /// Number of words (characters / 2 for unspaced scripts), for reading time.
    pub words: usize,
}

/// Every surface form of every entity in one automaton, built once per
/// build and shared by all pages (building one per page would cost more
/// than running it).
#[derive(Debug, Clone, Default)]
pub struct MentionMatcher {
    automaton: Option<AhoCorasick>,
    /// The entity each pattern names.
    entity_of: Vec<usize>,
}

impl MentionMatcher {
    /// A matcher for `(entity, form)` pairs (a form may name one entity only;
    /// the first pair wins).
    pub fn new<'a>(forms: impl IntoIterator<Item = (usize, &'a str)>) -> MentionMatcher {
        let mut seen = crate::analyze::hash::FastSet::default();
        let mut patterns = Vec::new();
        let mut entity_of = Vec::new();
        for (entity, form) in forms {
            // Most forms recur in many documents: the set is asked first.
            if seen.insert(form) && !form.trim().is_empty() {
                patterns.push(form);
                entity_of.push(entity);
            }
        }
        let automaton = (!patterns.is_empty())
            .then(|| AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok())
            .flatten();
        MentionMatcher { automaton, entity_of }
    }
}

/// The entities to link on one page: their URLs (relative to the page),
/// found by the shared matcher.
#[derive(Debug, Clone)]
pub struct MentionLinks<'m> {
    matcher: &'m MentionMatcher,
    urls: HashMap<usize, String>,
}

impl<'m> MentionLinks<'m> {
    /// No links yet, found with `matcher`.
    pub fn new(matcher: &'m MentionMatcher) -> MentionLinks<'m> {
        MentionLinks { matcher, urls: HashMap::new() }
    }

    /// Links the first mention of `entity` to `url`.
    pub fn add(&mut self, entity: usize, url: String) {
        self.urls.insert(entity, url);
    }
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["span", "pre", "code", "sup", "section", "figure", "figcaption", "del", "s"])
        // Images never load from a page (see `image_start`); raw ones are dropped.
        .rm_tags(["img"])
        .add_generic_attributes(["class", "id", "aria-label", "title", "lang", "dir"])
        .link_rel(Some("noopener noreferrer"))
        .url_relative(ammonia::UrlRelative::PassThrough);
    builder
});

/// Renders `markdown` to HTML, linking the first mention of each entity in
/// `links` (not inside headings, links or code).
pub fn render(markdown: &str, links: &MentionLinks<'_>) -> RenderedBody {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut writer = Writer::new(links, heading_shift(&events));
    let events = writer.transform(events);
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if writer.has_raw_html {
        html = sanitise(&html);
    }
    RenderedBody { html, toc: writer.toc, has_code: writer.has_code, words: writer.words }
}

/// `html` cleaned by ammonia. The HTML parser under it takes time growing
/// with the square of the nesting depth, so a body nested deeper than any
/// real page (broken or hostile) is shown as its text instead.
fn sanitise(html: &str) -> String {
    use crate::clean::html::guard;
    if !guard::too_deep(html) {
        return SANITIZER.clean(html).to_string();
    }
    let mut out = String::from("<div class=\"too-deep\">");
    for line in guard::strip_tags(html).lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str("<p>");
        let _ = escape_html(&mut out, line);
        out.push_str("</p>");
    }
    out.push_str("</div>");
    out
}

/// How many levels to push headings down so the body's top level is `h2`.
fn heading_shift(events: &[Event]) -> u8 {
    let top = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as u8),
            _ => None,
        })
        .min()
        .unwrap_or(2);
    2u8.saturating_sub(top)
}

/// The event rewriter, with what it has learnt about the body so far.
struct Writer<'l> {
    links: &'l MentionLinks<'l>,
    linked: HashSet<usize>,
    shift: u8,
    ids: HashMap<String, usize>,
    toc: Vec<TocEntry>,
    has_code: bool,
    has_raw_html: bool,
    words: usize,
    /// Depth of elements whose text must not get entity links.
    no_links: usize,
    /// Depth of links whose destination was unsafe and dropped.
    dropped_links: Vec<bool>,
}

impl<'l> Writer<'l> {
    fn new(links: &'l MentionLinks<'l>, shift: u8) -> Self {
        Writer {
            links,
            linked: HashSet::new(),
            shift,
            ids: HashMap::new(),
            toc: Vec::new(),
            has_code: false,
            has_raw_html: false,
            words: 0,
            no_links: 0,
            dropped_links: Vec::new(),
        }
    }

    fn transform<'a>(&mut self, events: Vec<Event<'a>>) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len() + 16);
        let mut iter = events.into_iter();
        while let Some(event) = iter.next() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    let inner: Vec<Event> =
                        iter.by_ref().take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_)))).collect();
                    self.heading(level, inner, &mut out);
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let code: String = iter
                        .by_ref()
                        .take_while(|e| !matches!(e, Event::End(TagEnd::CodeBlock)))
                        .filter_map(|e| match e {
                            Event::Text(t) => Some(t.into_string()),
                            _ => None,
                        })
                        .collect();
                    out.push(Event::Html(self.code_block(&kind, &code).into()));
                }
                other => self.inline(other, &mut out),
            }
        }
        out
    }

    /// Events outside headings and code blocks.
    fn inline<'a>(&mut self, event: Event<'a>, out: &mut Vec<Event<'a>>) {
        match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let safe = is_safe_url(&dest_url);
                self.dropped_links.push(!safe);
                self.no_links += 1;
                if safe {
                    out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                }
            }
            Event::End(TagEnd::Link) => {
                self.no_links = self.no_links.saturating_sub(1);
                if self.dropped_links.pop() != Some(true) {
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => {
                self.no_links += 1;
                self.image_start(&dest_url, &title, out);
            }
            Event::End(TagEnd::Image) => {
                self.no_links = self.no_links.saturating_sub(1);
                out.push(Event::Html("</span></a>".into()));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.has_raw_html = true;
                out.push(Event::InlineHtml(html));
            }
            Event::TaskListMarker(done) => {
                let (mark, label) = if done { ("☑", "done") } else { ("☐", "not done") };
                out.push(Event::Html(
                    format!("<span class=\"task\" role=\"img\" aria-label=\"{label}\">{mark}</span> ").into(),
                ));
            }
            Event::Text(text) => {
                self.count_words(&text);
                self.text(text, out);
            }
            Event::Code(code) => {
                self.count_words(&code);
                out.push(Event::Code(code));
            }
            other => out.push(other),
        }
    }

    /// An image becomes a link to it: remote images would make the page
    /// fetch from other sites (tracking, broken when offline), so the reader
    /// sees the alt text and follows the link to view it.
    fn image_start<'a>(&mut self, dest: &str, title: &str, out: &mut Vec<Event<'a>>) {
        let mut html = String::from("<a class=\"image-link\" href=\"");
        let href = if is_safe_url(dest) && !dest.trim().is_empty() { dest } else { "#" };
        let _ = escape_html(&mut html, href);
        html.push('"');
        if !title.is_empty() {
            html.push_str(" title=\"");
            let _ = escape_html(&mut html, title);
            html.push('"');
        }
        html.push_str("><span class=\"image-alt\">Image: ");
        out.push(Event::Html(html.into()));
    }

    fn heading<'a>(&mut self, level: HeadingLevel, inner: Vec<Event<'a>>, out: &mut Vec<Event<'a>>) {
        let level = (level as u8 + self.shift).min(6);
        let title: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let title = title.trim().to_string();
        let id = self.unique_id(&title);
        if level <= 3 {
            self.toc.push(TocEntry { level, id: id.clone(), title: title.clone() });
        }
        out.push(Event::Html(format!("<h{level} id=\"{id}\">").into()));
        self.no_links += 1;
        for event in inner {
            self.inline(event, out);
        }
        self.no_links -= 1;
        let mut close = String::from(" <a class=\"anchor\" href=\"#");
        close.push_str(&id);
        close.push_str("\" aria-label=\"Link to the section ");
        let _ = escape_html(&mut close, &title);
        close.push_str(&format!("\">#</a></h{level}>\n"));
        out.push(Event::Html(close.into()));
    }

    /// A stable id for a heading, unique within the page.
    fn unique_id(&mut self, title: &str) -> String {
        let base = match slugify(title) {
            s if s.is_empty() => "section".to_string(),
            s if s.starts_with(|c: char| c.is_ascii_digit()) => format!("s-{s}"),
            s => s,
        };
        let n = self.ids.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { base } else { format!("{base}-{n}") }
    }

    fn code_block(&mut self, kind: &CodeBlockKind, code: &str) -> String {
        self.has_code = true;
        let language = match kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").trim().to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let highlighted = (!language.is_empty()).then(|| highlight::highlight(code, &language)).flatten();
        let mut html = String::from("<pre class=\"code\"");
        if !language.is_empty() {
            html.push_str(" data-lang=\"");
            let _ = escape_html(&mut html, &language);
            html.push('"');
        }
        html.push_str("><code>");
        match highlighted {
            Some(spans) => html.push_str(&spans),
            None => {
                let _ = escape_html(&mut html, code);
            }
        }
        html.push_str("</code></pre>\n");
        html
    }

    /// Adds the words of `text`: runs of non-space, and half a word per
    /// character of an unspaced script (one pass: every body goes through).
    fn count_words(&mut self, text: &str) {
        let (mut spaced, mut unspaced, mut in_word) = (0, 0, false);
        for c in text.chars() {
            if c.is_whitespace() {
                in_word = false;
                continue;
            }
            spaced += usize::from(!in_word);
            in_word = true;
            unspaced += usize::from(is_unspaced_char(c));
        }
        self.words += spaced + unspaced / 2;
    }

    /// Plain text, with the first mention of each entity made a link.
    fn text<'a>(&mut self, text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
        // Once every entity is linked, the rest of the body needs no search.
        let matcher = self
            .links
            .matcher
            .automaton
            .as_ref()
            .filter(|_| self.no_links == 0 && self.linked.len() < self.links.urls.len());
        let Some(matcher) = matcher else {
            out.push(Event::Text(text));
            return;
        };
        let mut last = 0;
        let mut pieces: Vec<Event<'a>> = Vec::new();
        for m in matcher.find_iter(text.as_ref()) {
            let owner = self.links.matcher.entity_of[m.pattern().as_usize()];
            let Some(url) = self.links.urls.get(&owner) else { continue };
            if self.linked.contains(&owner) || !at_word_boundaries(&text, m.start(), m.end()) {
                continue;
            }
            self.linked.insert(owner);
            pieces.push(Event::Text(text[last..m.start()].to_string().into()));
            let mut open = String::from("<a class=\"entity\" href=\"");
            let _ = escape_html(&mut open, url);
            open.push_str("\">");
            pieces.push(Event::Html(open.into()));
            pieces.push(Event::Text(text[m.start()..m.end()].to_string().into()));
            pieces.push(Event::Html("</a>".into()));
            last = m.end();
        }
        if pieces.is_empty() {
            out.push(Event::Text(text));
        } else {
            pieces.push(Event::Text(text[last..].to_string().into()));
            out.extend(pieces);
        }
    }
}

fn is_unspaced_char(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x0e00..=0x0e7f)
}

/// Whether a match is a whole word (or borders an unspaced script).
fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() && !is_unspaced_char(c));
    !joins(before) && !joins(after)
}

/// Link and image targets a page may carry: web, mail and in-site links.
/// `javascript:`, `data:`, `vbscript:` and other schemes are dropped.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    let scheme_end = url.find(':');
    let path_start = url.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) if slash < colon => true,
        (Some(colon), _) => {
            let scheme = url[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        (None, _) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md, &MentionLinks::new(&MentionMatcher::default())).html
    }

    fn no_links() -> MentionLinks<'static> {
        static NONE: std::sync::LazyLock<MentionMatcher> = std::sync::LazyLock::new(MentionMatcher::default);
        MentionLinks::new(&NONE)
    }

    #[test]
    fn headings_get_unique_ids_self_links_and_start_at_h2() {
        let body = render("# Intro\n\ntext\n\n## Intro\n\n# Intro\n", &no_links());
        assert!(body.html.contains("<h2 id=\"intro\">Intro <a class=\"anchor\" href=\"#intro\""), "{}", body.html);
        assert!(body.html.contains("<h3 id=\"intro-2\">"), "{}", body.html);
        assert!(body.html.contains("<h2 id=\"intro-3\">"), "{}", body.html);
        let ids: Vec<&str> = body.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-2", "intro-3"]);
    }

    #[test]
    fn extensions_are_on() {
        let out = html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: The note.\n",
        );
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("<del>gone</del>"), "{out}");
        assert!(out.contains("“quoted”"), "{out}");
        assert!(out.contains("aria-label=\"done\""), "{out}");
        assert!(out.contains("footnote"), "{out}");
    }

    #[test]
    fn code_blocks_are_highlighted_and_flagged() {
        let body = render("```rust\nfn main() {}\n```\n", &no_links());
        assert!(body.has_code);
        assert!(body.html.contains("hl-"), "{}", body.html);
        assert!(!render("plain", &no_links()).has_code);
        let unknown = html("```nosuchlang\n<b>x</b>\n```\n");
        assert!(unknown.contains("&lt;b&gt;x&lt;/b&gt;"), "{unknown}");
    }

    #[test]
    fn raw_html_is_sanitised() {
        let out = html(
            "Hi <script>alert(1)</script> <b onclick=\"x()\">bold</b>\n\n<img src=x onerror=alert(1)>\n\n<a href=\"javascript:alert(1)\">x</a>",
        );
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("onerror"), "{out}");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("<b>bold</b>"), "{out}");
    }

    #[test]
    fn unsafe_link_schemes_are_dropped_but_text_kept() {
        let out = html("[click](javascript:alert(1)) [ok](https://example.org/) [data](data:text/html,x) [rel](../a/)");
        assert!(!out.contains("javascript:") && !out.contains("data:"), "{out}");
        assert!(out.contains("click") && out.contains("data"), "{out}");
        assert!(out.contains("href=\"https://example.org/\""), "{out}");
        assert!(out.contains("href=\"../a/\""), "{out}");
    }

    #[test]
    fn images_become_links_with_alt_text() {
        let out = html("![A map of Europe](https://example.org/map.png)");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("href=\"https://example.org/map.png\""), "{out}");
        assert!(out.contains("Image: A map of Europe"), "{out}");
    }

    #[test]
    fn first_mention_of_each_entity_is_linked_once() {
        let matcher = MentionMatcher::new([(0, "Vladimir Putin"), (0, "Putin"), (1, "China"), (2, "Europe")]);
        let mut links = MentionLinks::new(&matcher);
        links.add(0, "../entities/vladimir-putin/".into());
        links.add(1, "../entities/china/".into());
        let body = render("## Putin\n\nVladimir Putin met China. Putin left.\n\nPutinism and China again.", &links);
        assert_eq!(body.html.matches("entities/vladimir-putin/").count(), 1, "{}", body.html);
        assert!(
            body.html.contains("<a class=\"entity\" href=\"../entities/vladimir-putin/\">Vladimir Putin</a>"),
            "{}",
            body.html
        );
        assert_eq!(body.html.matches("entities/china/").count(), 1);
        assert!(!body.html.contains("<h2 id=\"putin\"><a"), "headings are not linked: {}", body.html);
    }

    #[test]
    fn entity_matches_need_word_boundaries() {
        let matcher = MentionMatcher::new([(0, "Gate")]);
        let mut links = MentionLinks::new(&matcher);
        links.add(0, "e/".into());
        assert!(!render("Gateway to Gate.", &links).html.contains("<a class=\"entity\" href=\"e/\">Gate</a>way"));
        assert!(render("Gateway to Gate.", &links).html.contains("to <a class=\"entity\" href=\"e/\">Gate</a>."));
    }

    #[test]
    fn safe_url_rules() {
        for ok in ["https://a.org", "http://a", "mailto:a@b.c", "../x/", "/x", "#frag", "x?y=a:b", "a/b:c"] {
            assert!(is_safe_url(ok), "{ok}");
        }
        for bad in ["javascript:alert(1)", " JavaScript:x", "data:text/html,x", "vbscript:x", "file:///etc/passwd"] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }

    #[test]
    fn words_are_counted_in_any_script() {
        assert_eq!(render("one two three", &no_links()).words, 3);
        assert!(render("人工智能发展战略会议", &no_links()).words >= 4);
    }

    #[test]
    fn raw_html_nested_beyond_any_real_page_is_shown_as_text() {
        let md = format!("{}inside <b>bold</b> &amp; more{}", "<div>".repeat(20_000), "</div>".repeat(20_000));
        let out = html(&md);
        assert!(!out.contains("<div><div>"), "{}", &out[..200.min(out.len())]);
        assert!(out.contains("inside bold &amp; more"), "{out}");
    }
}
