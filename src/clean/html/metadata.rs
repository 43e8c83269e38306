//! What a page says about itself: title, author, date, publisher, language,
//! summary and address, from JSON-LD (schema.org), Open Graph and other
//! `<meta>` tags, `<time datetime>`, microdata and `<html lang>`, in that
//! order of trust.

use std::collections::HashMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::content::page::parse_iso_date;

/// What the page's markup states about the article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Metadata {
    /// Headline.
    pub title: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published.
    pub date: Option<NaiveDate>,
    /// Who published it (the site's name).
    pub publisher: Option<String>,
    /// ISO 639-1 code of the language the page declares.
    pub language: Option<String>,
    /// The page's own summary.
    pub summary: Option<String>,
    /// Where the page lives, for making relative links absolute.
    pub base_url: Option<String>,
    /// The article's text as the JSON-LD states it (`articleBody`), as
    /// written: plain text or HTML.
    pub body: Option<String>,
}

/// Schema.org types whose JSON-LD describes an article.
const ARTICLE_TYPES: &[&str] = &[
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "reviewnewsarticle",
    "backgroundnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "liveblogposting",
    "socialmediaposting",
    "webpage",
];

/// `<meta>` keys (name, property or itemprop, lowercase) that give the
/// publication date, most trusted first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "published-date",
    "release_date",
];

/// `<meta>` keys that give when the article was last changed: a date to
/// fall back on when no publication date is given anywhere.
const MODIFIED_KEYS: &[&str] = &["article:modified_time", "og:updated_time", "datemodified", "last-modified"];

/// Reads the metadata of a parsed page.
pub(super) fn read(html: &Html) -> Metadata {
    let metas = meta_tags(html);
    let meta = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).cloned());
    let ld = json_ld(html);
    let publisher = ld
        .publisher
        .clone()
        .or_else(|| meta(&["og:site_name", "application-name", "publisher"]))
        .filter(|p| !looks_like_url(p));
    let title = ld
        .headline
        .clone()
        .or_else(|| meta(&["og:title", "twitter:title", "title", "headline"]))
        .or_else(|| headline(html))
        .map(|t| strip_site_suffix(&t, publisher.as_deref()));
    let author = ld
        .author
        .clone()
        .or_else(|| meta(&["author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author"]))
        .and_then(|a| clean_author(&a))
        .or_else(|| byline_author(html));
    let meta_date = |keys: &[&str]| keys.iter().find_map(|k| metas.get(*k).and_then(|d| parse_date(d)));
    let date = ld
        .date
        .or_else(|| meta_date(DATE_KEYS))
        .or_else(|| time_element_date(html))
        .or_else(|| meta_date(MODIFIED_KEYS));
    let language = page_language(html)
        .or(ld.language)
        .or_else(|| meta(&["content-language", "og:locale", "language", "dc.language"]))
        .and_then(|l| language_code(&l));
    Metadata {
        title,
        author,
        date,
        publisher,
        language,
        summary: ld.description.or_else(|| meta(&["og:description", "description", "twitter:description"])),
        base_url: base_url(html, &metas),
        body: ld.body,
    }
}

static META: LazyLock<Selector> = LazyLock::new(|| selector("meta"));
static H1: LazyLock<Selector> = LazyLock::new(|| selector("h1"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| selector("title"));
static AUTHOR_LINK: LazyLock<Selector> = LazyLock::new(|| selector(r#"[rel~="author"], [itemprop~="author"]"#));
static NAME: LazyLock<Selector> = LazyLock::new(|| selector(r#"[itemprop~="name"]"#));
static JSON_LD: LazyLock<Selector> = LazyLock::new(|| selector("script[type]"));
static TIME: LazyLock<Selector> = LazyLock::new(|| selector("time[datetime], [itemprop~=\"datePublished\"]"));
static BASE: LazyLock<Selector> = LazyLock::new(|| selector("base[href]"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| selector("link[rel][href]"));

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| unreachable!("selector {css:?} is valid CSS: {e}"))
}

/// `<meta>` contents by lowercase name, property, itemprop or http-equiv
/// (the first of each).
fn meta_tags(html: &Html) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for el in html.select(&META) {
        let el = el.value();
        let Some(content) = el.attr("content").map(collapse).filter(|c| !c.is_empty()) else { continue };
        for key in ["name", "property", "itemprop", "http-equiv"] {
            if let Some(k) = el.attr(key) {
                for k in k.split_whitespace() {
                    map.entry(k.to_ascii_lowercase()).or_insert_with(|| content.clone());
                }
            }
        }
    }
    map
}

/// What the JSON-LD blocks say about the article.
#[derive(Debug, Default)]
struct LinkedData {
    headline: Option<String>,
    author: Option<String>,
    date: Option<NaiveDate>,
    publisher: Option<String>,
    description: Option<String>,
    language: Option<String>,
    body: Option<String>,
}

fn json_ld(html: &Html) -> LinkedData {
    let mut objects = Vec::new();
    for script in html.select(&JSON_LD) {
        if !script.value().attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) {
            continue;
        }
        // Raw newlines inside strings are a common error in hand-made JSON-LD;
        // as whitespace between tokens they change nothing.
        let text: String = script.text().collect::<String>().replace(['\n', '\r', '\t'], " ");
        if let Ok(value) = serde_json::from_str::<Value>(text.trim().trim_end_matches(';')) {
            flatten(value, &mut objects, 0);
        }
    }
    let article = objects
        .iter()
        .filter(|o| is_article(o))
        .min_by_key(|o| usize::from(has_type(o, "webpage")))
        .or_else(|| objects.iter().find(|o| o.get("headline").is_some()));
    let Some(article) = article else { return LinkedData::default() };
    LinkedData {
        headline: string_of(article.get("headline")).or_else(|| string_of(article.get("name"))),
        author: names_of(article.get("author").or_else(|| article.get("creator"))),
        date: string_of(article.get("datePublished"))
            .or_else(|| string_of(article.get("dateCreated")))
            .and_then(|d| parse_date(&d)),
        publisher: names_of(article.get("publisher").or_else(|| article.get("sourceOrganization"))),
        description: string_of(article.get("description")),
        language: string_of(article.get("inLanguage")),
        body: article.get("articleBody").and_then(Value::as_str).filter(|b| !b.trim().is_empty()).map(str::to_string),
    }
}

/// Collects every object of a JSON-LD value: top-level arrays and `@graph`
/// lists are common ways to put several in one block.
fn flatten(value: Value, out: &mut Vec<serde_json::Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| flatten(v, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten(graph, out, depth + 1);
            }
            if let Some(main) = map.get("mainEntity").filter(|m| m.is_object()).cloned() {
                flatten(main, out, depth + 1);
            }
            out.push(map);
        }
        _ => {}
    }
}

fn is_article(object: &serde_json::Map<String, Value>) -> bool {
    ARTICLE_TYPES.iter().any(|t| has_type(object, t))
}

fn has_type(object: &serde_json::Map<String, Value>, wanted: &str) -> bool {
    let matches =
        |v: &Value| v.as_str().is_some_and(|t| t.rsplit('/').next().unwrap_or(t).eq_ignore_ascii_case(wanted));
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

/// A JSON-LD text value (the first of a list), whitespace collapsed.
fn string_of(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|v| string_of(Some(v))),
        _ => None,
    }
}

/// The names in a JSON-LD person or organisation value (a name, an object
/// with `name`, or a list of them), joined with commas.
fn names_of(value: Option<&Value>) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut push = |v: &Value| {
        let name = match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("name").and_then(|n| string_of(Some(n))),
            _ => None,
        };
        if let Some(name) = name.map(|n| collapse(&n)).filter(|n| !n.is_empty() && !looks_like_url(n))
            && !names.contains(&name)
        {
            names.push(name);
        }
    };
    match value? {
        Value::Array(items) => items.iter().for_each(&mut push),
        v => push(v),
    }
    (!names.is_empty()).then(|| names.join(", "))
}

/// The headline from the page itself: the `<h1>` that `<title>` repeats
/// (sites also put their name in an `<h1>`), else `<title>` without the
/// site's name when it is long enough for a headline, else the first
/// `<h1>` (as Readability chooses).
fn headline(html: &Html) -> Option<String> {
    let letters = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let h1s: Vec<String> = html.select(&H1).map(|h| element_text(&h)).filter(|h| !h.is_empty()).take(20).collect();
    let Some(title) = first_text(html, &TITLE) else { return h1s.into_iter().next() };
    let in_title = letters(&title);
    let repeated = |h: &String| {
        let h = letters(h);
        !h.is_empty() && h.len() * 2 >= in_title.len() && in_title.contains(&h)
    };
    if let Some(h1) = h1s.iter().find(|h| repeated(h)) {
        return Some(h1.clone());
    }
    let stripped = strip_site_suffix_loosely(&title);
    if stripped.chars().count() < MIN_TITLE_CHARS
        && let Some(h1) = h1s.into_iter().next()
    {
        return Some(h1);
    }
    Some(stripped)
}

/// A `<title>` shorter than this ("News", "Home") is no headline.
const MIN_TITLE_CHARS: usize = 15;

fn first_text(html: &Html, selector: &Selector) -> Option<String> {
    html.select(selector).map(|el| element_text(&el)).find(|t| !t.is_empty())
}

fn element_text(el: &ElementRef) -> String {
    collapse(&el.text().collect::<String>())
}

/// An author as a name: without a leading "By", never a URL.
fn clean_author(author: &str) -> Option<String> {
    let author = collapse(author);
    let author = match author.get(..3) {
        Some(by) if by.eq_ignore_ascii_case("by ") => author[3..].trim().to_string(),
        _ => author,
    };
    (!author.is_empty() && !looks_like_url(&author) && author.chars().count() <= 120).then_some(author)
}

/// The author named by a `rel="author"` link or `itemprop="author"`
/// element: its `content`, its `itemprop="name"`, or its text up to the
/// first separator ("Jo Doe | March 5, 2024", "Jo Doe @jodoe"). Text that
/// still holds digits or many words is a whole byline, not a name.
fn byline_author(html: &Html) -> Option<String> {
    let el = html.select(&AUTHOR_LINK).next()?;
    let text = match el.value().attr("content") {
        Some(content) => content.to_string(),
        None => el.select(&NAME).next().map_or_else(|| element_text(&el), |name| element_text(&name)),
    };
    let name = text.split(['|', '•', '·', '@', '\n']).next().unwrap_or("");
    let name = clean_author(name)?;
    let plausible = !name.chars().any(|c| c.is_numeric()) && name.split_whitespace().count() <= MAX_NAME_WORDS;
    plausible.then_some(name)
}

/// A byline with more words than this is more than a name.
const MAX_NAME_WORDS: usize = 8;

fn looks_like_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www.")
}

/// The date of the first `<time datetime>` or `itemprop="datePublished"`.
fn time_element_date(html: &Html) -> Option<NaiveDate> {
    html.select(&TIME).find_map(|el| {
        let el = el.value();
        el.attr("datetime").or_else(|| el.attr("content")).and_then(parse_date)
    })
}

/// A calendar date from ISO 8601 (`2019-11-18`, `2019-11-18T10:00:00Z`,
/// `2019/11/18`) or RFC 2822 (`Mon, 18 Nov 2019 10:00:00 GMT`).
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let date = parse_iso_date(text)
        .or_else(|| {
            let head = text.get(..10)?;
            let rest = &text[10..];
            let iso: String = head.chars().map(|c| if c == '/' || c == '.' { '-' } else { c }).collect();
            parse_iso_date(&format!("{iso}{rest}"))
        })
        .or_else(|| chrono::DateTime::parse_from_rfc2822(text).ok().map(|d| d.date_naive()))?;
    let year = chrono::Datelike::year(&date);
    (1900..=2200).contains(&year).then_some(date)
}

/// The primary language subtag of `<html lang>` (or `xml:lang`).
fn page_language(html: &Html) -> Option<String> {
    let root = html.root_element();
    let root = root.value();
    root.attr("lang").or_else(|| root.attr("xml:lang")).map(str::to_string)
}

/// ISO 639-1 code of a language tag ("en-US", "pt_BR", "de"), if it is one.
fn language_code(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

/// The page's own address: `<base href>` (resolved against the canonical
/// address when relative), else `<link rel=canonical>`, else `og:url`.
fn base_url(html: &Html, metas: &HashMap<String, String>) -> Option<String> {
    let canonical = html
        .select(&CANONICAL)
        .find(|l| {
            l.value().attr("rel").is_some_and(|r| r.split_whitespace().any(|r| r.eq_ignore_ascii_case("canonical")))
        })
        .and_then(|l| l.value().attr("href"))
        .map(str::trim)
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"))
        .map(str::to_string)
        .or_else(|| metas.get("og:url").filter(|u| u.starts_with("http")).cloned());
    let base = html.select(&BASE).find_map(|b| b.value().attr("href")).map(str::trim);
    match base {
        Some(base) if base.starts_with("http://") || base.starts_with("https://") => Some(base.to_string()),
        Some(base) => {
            let joined = canonical.as_deref().and_then(|c| url::Url::parse(c).ok()?.join(base).ok());
            joined.map(String::from).or(canonical)
        }
        None => canonical,
    }
}

/// `title` without a trailing " | Site" naming the publisher.
fn strip_site_suffix(title: &str, publisher: Option<&str>) -> String {
    let title = collapse(title);
    let Some(publisher) = publisher.map(|p| p.trim().to_lowercase()).filter(|p| !p.is_empty()) else { return title };
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep)
            && tail.trim().to_lowercase() == publisher
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
    }
    title
}

/// Separators between a headline and a site name in `<title>`.
const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " » "];

/// A `<title>` without its last " | part" when what remains still reads as
/// a headline (three words or more).
fn strip_site_suffix_loosely(title: &str) -> String {
    let title = collapse(title);
    let cut = SEPARATORS.iter().filter_map(|sep| title.rfind(sep)).max();
    match cut {
        Some(at) if title[..at].split_whitespace().count() >= 3 => title[..at].trim().to_string(),
        _ => title,
    }
}

/// A metadata value as text: character references that were escaped twice
/// in the page (`&amp;#8220;`, common in `<meta>` and JSON-LD) decoded,
/// whitespace collapsed.
fn collapse(text: &str) -> String {
    let decoded = if text.contains('&') { decode_references(text) } else { text.to_string() };
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with numeric character references and the common named ones
/// decoded; anything else is left as written.
pub(super) fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        match reference(&rest[1..end]) {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference's name (between `&` and `;`) stands for.
fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    let c = match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => ' ',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        _ => return None,
    };
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_page(head: &str, body: &str) -> Metadata {
        read(&Html::parse_document(&format!("<html lang='en-GB'><head>{head}</head><body>{body}</body></html>")))
    }

    #[test]
    fn json_ld_wins_over_open_graph_and_meta_tags() {
        let head = r#"
            <meta property="og:title" content="OG title">
            <meta name="author" content="Meta Author">
            <meta property="article:published_time" content="2020-01-02T00:00:00Z">
            <meta property="og:site_name" content="OG Site">
            <script type="application/ld+json">
            {"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Site"},
              {"@type":"NewsArticle","headline":"LD headline","datePublished":"2019-11-18T10:00:00+00:00",
               "author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bo Chan"}],
               "publisher":{"@type":"Organization","name":"The Daily"}}]}
            </script>"#;
        let m = read_page(head, "<h1>H1 title</h1><time datetime='2018-05-05'>May 5</time>");
        assert_eq!(m.title.as_deref(), Some("LD headline"));
        assert_eq!(m.author.as_deref(), Some("Ann Lee, Bo Chan"));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2019, 11, 18));
        assert_eq!(m.publisher.as_deref(), Some("The Daily"));
        assert_eq!(m.body, None);
    }

    #[test]
    fn open_graph_and_meta_tags_fill_in_without_json_ld() {
        let head = r#"
            <meta property="og:title" content="OG title | OG Site">
            <meta name="author" content="By Meta Author">
            <meta property="og:site_name" content="OG Site">
            <meta property="article:published_time" content="2020-01-02T00:00:00Z">
            <meta name="description" content="What it is about.">"#;
        let m = read_page(head, "<h1>H1 title</h1>");
        assert_eq!(m.title.as_deref(), Some("OG title"));
        assert_eq!(m.author.as_deref(), Some("Meta Author"));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2020, 1, 2));
        assert_eq!(m.publisher.as_deref(), Some("OG Site"));
        assert_eq!(m.summary.as_deref(), Some("What it is about."));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn time_element_and_h1_are_the_last_resort() {
        let m = read_page(
            "",
            "<h1> The  headline </h1><p>By <a rel='author' href='/a'>Jo Doe</a></p><time datetime='2018-05-05T08:00'>May 5</time>",
        );
        assert_eq!(m.title.as_deref(), Some("The headline"));
        assert_eq!(m.author.as_deref(), Some("Jo Doe"));
        assert_eq!(m.date, NaiveDate::from_ymd_opt(2018, 5, 5));
    }

    #[test]
    fn the_h1_the_title_repeats_is_the_headline_not_the_site_name_h1() {
        let m = read_page(
            "<title>Council approves the plan - Town News</title>",
            "<h1><a href='/'>Town News Online</a></h1><h1>Council approves the plan</h1>",
        );
        assert_eq!(m.title.as_deref(), Some("Council approves the plan"));
        let m = read_page("<title>Council approves the plan - Town News</title>", "<h1>Town News</h1>");
        assert_eq!(m.title.as_deref(), Some("Council approves the plan"));
    }

    #[test]
    fn title_element_loses_its_site_suffix() {
        let m = read_page("<title>Three word headline | Site Name</title>", "");
        assert_eq!(m.title.as_deref(), Some("Three word headline"));
        let short = read_page("<title>Short - Site</title>", "");
        assert_eq!(short.title.as_deref(), Some("Short - Site"));
    }

    #[test]
    fn bylines_are_cut_to_the_name() {
        let m = read_page("", "<span itemprop='author'>Jo Doe @jodoe Nov 19, 2019 at 6:46 pm</span>");
        assert_eq!(m.author.as_deref(), Some("Jo Doe"));
        let m = read_page("", "<div itemprop='author'><span itemprop='name'>Ann Lee</span> Staff writer</div>");
        assert_eq!(m.author.as_deref(), Some("Ann Lee"));
        let m = read_page("", "<span itemprop='author'>CITY POST STAFF NOVEMBER 20, 2019 10:43</span>");
        assert_eq!(m.author, None);
    }

    #[test]
    fn author_urls_are_not_names() {
        let m = read_page(r#"<meta property="article:author" content="https://facebook.com/someone">"#, "");
        assert_eq!(m.author, None);
    }

    #[test]
    fn broken_json_ld_is_ignored() {
        let m = read_page(
            r#"<script type="application/ld+json">{"headline": </script><meta property="og:title" content="OG">"#,
            "",
        );
        assert_eq!(m.title.as_deref(), Some("OG"));
    }

    #[test]
    fn references_escaped_twice_are_decoded() {
        assert_eq!(collapse("Lynn: &#8220;We won&#x201D; &amp; more &bogus; &"), "Lynn: “We won” & more &bogus; &");
    }

    #[test]
    fn dates_in_several_formats() {
        assert_eq!(parse_date("2019-11-18T10:00:00Z"), NaiveDate::from_ymd_opt(2019, 11, 18));
        assert_eq!(parse_date("2019/11/18"), NaiveDate::from_ymd_opt(2019, 11, 18));
        assert_eq!(parse_date("Mon, 18 Nov 2019 10:00:00 GMT"), NaiveDate::from_ymd_opt(2019, 11, 18));
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("0001-01-01"), None);
    }

    #[test]
    fn base_url_comes_from_base_or_canonical() {
        let m = read_page(r#"<link rel="canonical" href="https://example.com/a/b.html">"#, "");
        assert_eq!(m.base_url.as_deref(), Some("https://example.com/a/b.html"));
        let m = read_page(r#"<link rel="canonical" href="https://example.com/a/b.html"><base href="/c/">"#, "");
        assert_eq!(m.base_url.as_deref(), Some("https://example.com/c/"));
    }

    #[test]
    fn language_tags_become_iso_codes() {
        assert_eq!(language_code("pt_BR").as_deref(), Some("pt"));
        assert_eq!(language_code("EN"), Some("en".to_string()));
        assert_eq!(language_code("x-klingon"), None);
    }
}
