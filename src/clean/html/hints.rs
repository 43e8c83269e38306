//! What a page's own markup says about an element: the words in its class
//! names and id ("article-body", "share-bar", "sidebar"), its ARIA role, its
//! microdata, and its tag (`<article>`, `<nav>`, `<aside>`, `<footer>`).
//!
//! Each class name (and the id) is read on its own, so that in
//! `class="content has-sidebar"` the element is both content-like and
//! boilerplate-like (ambiguous: a layout wrapper), while in
//! `class="comment-content"` the single name is a comment's content
//! (boilerplate wins within one name).

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use scraper::node::Element;

/// Score given by one content-like or boilerplate-like name, as in
/// Readability's class weight.
const NAME_WEIGHT: i32 = 25;

/// Word parts of names that mark the article's container.
const CONTENT_WORDS: &[&str] =
    &["article", "body", "content", "entry", "hentry", "main", "post", "story", "text", "prose", "blog", "column"];

/// Word parts of names that mark chrome around the article. Any of them
/// makes a name boilerplate-like, even beside a content word
/// ("comment-body", "related-posts", "article-footer").
const BOILERPLATE_WORDS: &[&str] = &[
    "comment",
    "disqus",
    "sidebar",
    "related",
    "share",
    "sharing",
    "social",
    "sponsor",
    "promo",
    "advert",
    "outbrain",
    "taboola",
    "newsletter",
    "subscri",
    "signup",
    "sign-up",
    "popup",
    "modal",
    "cookie",
    "consent",
    "gdpr",
    "breadcrumb",
    "recommend",
    "trending",
    "popular",
    "footer",
    "masthead",
    "skyscraper",
    "pagination",
    "pager",
    "navigation",
    "navbar",
    "menu",
    "banner",
    "toolbar",
    "login",
    "read-more",
    "readmore",
    "more-stories",
    "more-articles",
    "jump-link",
    "widget",
    "shopping",
    "pullquote",
    "pull-quote",
    "read-next",
    "up-next",
    "next-article",
    "more-from",
    "author-bio",
    "about-the-author",
];

/// Whole words (between `-`, `_` or case changes) that mark chrome but are
/// too short to look for inside other words ("ad" is in "head").
const BOILERPLATE_TOKENS: &[&str] = &[
    "ad", "ads", "adv", "dfp", "nav", "tags", "tag", "topics", "keywords", "rss", "print", "hid", "extra", "bio", "toc",
];

/// Word parts of names of small blocks around the text that are not part of
/// it: bylines, datelines, captions, credits. They go only when short, since
/// sites also use such names for wrappers.
const SMALL_BOILERPLATE_WORDS: &[&str] = &[
    "byline",
    "author",
    "dateline",
    "timestamp",
    "published",
    "caption",
    "credit",
    "disclaimer",
    "copyright",
    "contributor",
    "kicker",
    "eyebrow",
];

/// Whole words of names of small blocks around the text ("date" is also in
/// "update", "meta" in "metamorphosis").
const SMALL_BOILERPLATE_TOKENS: &[&str] = &["date", "dates", "meta", "label", "time"];

/// Words that hold a chrome word but name something else: an opinion
/// piece ("commentary"), content for subscribers, a shared component.
const NOT_CHROME: &[&str] = &["commentary", "subscriber", "shared", "unpublished"];

/// ARIA roles of chrome.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "contentinfo",
    "banner",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "toolbar",
    "tablist",
];

/// Class names that hide an element (CSS frameworks' conventions).
const HIDING_CLASSES: &[&str] = &[
    "hidden",
    "hide",
    "is-hidden",
    "d-none",
    "sr-only",
    "visually-hidden",
    "visuallyhidden",
    "screen-reader-text",
    "screen-reader-only",
    "offscreen",
    "invisible",
];

/// How much an element's markup says it is (or is not) the article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Hint {
    /// Positive for content-like names, negative for boilerplate-like ones.
    pub weight: i32,
    /// What the markup says about dropping the element.
    pub drop: Drop,
    /// The markup hides it (`hidden`, `aria-hidden`, `display: none`, ...).
    pub hidden: bool,
}

/// Whether markup alone marks an element as chrome to drop.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Drop {
    /// Nothing says so.
    #[default]
    No,
    /// Chrome whatever its size (navigation, comments, share bars).
    Always,
    /// Chrome when small (bylines, captions, credits).
    IfShort,
}

/// What the name words, role, microdata and tag of `el` say about it.
/// `<html>` and `<body>` carry page-wide classes ("single-post
/// has-sidebar") that say nothing about them, so they get no hint but
/// their hidden state.
pub(super) fn classify(el: &Element) -> Hint {
    let hidden = is_hidden(el);
    if matches!(el.name(), "html" | "body") {
        return Hint { hidden, ..Hint::default() };
    }
    let class = Names::of(el.attr("class").into_iter().flat_map(str::split_whitespace));
    let id = Names::of(el.attr("id"));
    // As in Readability, the class attribute and the id weigh once each,
    // however many names they hold.
    let mut weight = class.weight() + id.weight();
    let mut content = class.content || id.content;
    let mut boilerplate = class.boilerplate || id.boilerplate;
    let small = class.small || id.small;
    let role = el.attr("role").map(str::to_ascii_lowercase);
    let itemprop = el.attr("itemprop").map(str::to_ascii_lowercase);
    let itemtype = el.attr("itemtype").map(str::to_ascii_lowercase);
    if itemprop.as_deref().is_some_and(|p| p.split_whitespace().any(|p| p == "articlebody" || p == "text"))
        || matches!(role.as_deref(), Some("main" | "article"))
    {
        content = true;
        weight += 2 * NAME_WEIGHT;
    }
    let marked_chrome = role.as_deref().is_some_and(|r| BOILERPLATE_ROLES.contains(&r))
        || itemprop.as_deref().is_some_and(|p| p.contains("comment"))
        || itemtype.as_deref().is_some_and(|t| t.contains("comment"))
        || matches!(el.name(), "nav" | "aside" | "footer");
    if marked_chrome {
        boilerplate = true;
        weight -= NAME_WEIGHT;
    }
    // A figure's caption is never body text (it becomes its image's title),
    // whatever its names say.
    let drop = if content || matches!(el.name(), "main" | "article" | "figcaption") {
        Drop::No
    } else if boilerplate {
        Drop::Always
    } else if small {
        Drop::IfShort
    } else {
        Drop::No
    };
    Hint { weight, drop, hidden }
}

/// What the names of one attribute say, together.
#[derive(Debug, Default)]
struct Names {
    content: bool,
    boilerplate: bool,
    small: bool,
}

impl Names {
    fn of<'n>(names: impl IntoIterator<Item = &'n str>) -> Names {
        let mut found = Names::default();
        for name in names {
            match name_kind(name) {
                NameKind::Content => found.content = true,
                NameKind::Boilerplate => found.boilerplate = true,
                NameKind::SmallBoilerplate => found.small = true,
                NameKind::Neutral => {}
            }
        }
        found
    }

    fn weight(&self) -> i32 {
        let plus = if self.content { NAME_WEIGHT } else { 0 };
        let minus = if self.boilerplate || self.small { NAME_WEIGHT } else { 0 };
        plus - minus
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Neutral,
    Content,
    Boilerplate,
    SmallBoilerplate,
}

/// What one class name (or id) says; boilerplate words win over content
/// words within one name.
fn name_kind(name: &str) -> NameKind {
    static CONTENT: LazyLock<AhoCorasick> = LazyLock::new(|| words(CONTENT_WORDS));
    static BOILERPLATE: LazyLock<AhoCorasick> = LazyLock::new(|| words(BOILERPLATE_WORDS));
    static SMALL: LazyLock<AhoCorasick> = LazyLock::new(|| words(SMALL_BOILERPLATE_WORDS));
    static EXCEPTIONS: LazyLock<AhoCorasick> = LazyLock::new(|| words(NOT_CHROME));
    let name = EXCEPTIONS.replace_all(name, &vec![" "; NOT_CHROME.len()]);
    let tokens: Vec<String> = tokens(&name).collect();
    let has_token = |list: &[&str]| tokens.iter().any(|t| list.contains(&t.as_str()));
    if BOILERPLATE.is_match(&name) || has_token(BOILERPLATE_TOKENS) {
        NameKind::Boilerplate
    } else if SMALL.is_match(&name) || has_token(SMALL_BOILERPLATE_TOKENS) {
        NameKind::SmallBoilerplate
    } else if CONTENT.is_match(&name) {
        NameKind::Content
    } else {
        NameKind::Neutral
    }
}

fn words(list: &[&str]) -> AhoCorasick {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(list)
        .unwrap_or_else(|e| unreachable!("word lists are plain strings: {e}"))
}

/// The lowercase words of a name: split at non-alphanumerics and where a
/// lowercase letter is followed by an uppercase one ("relatedLinks").
fn tokens(name: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if (!c.is_alphanumeric() || (prev_lower && c.is_uppercase())) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        prev_lower = c.is_lowercase();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words.into_iter()
}

/// Whether the element's own attributes hide it from a reader.
fn is_hidden(el: &Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true")) {
        return true;
    }
    if let Some(style) = el.attr("style") {
        let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        if style.contains("display:none") || style.contains("visibility:hidden") || is_off_screen(&style) {
            return true;
        }
    }
    el.attr("class")
        .is_some_and(|c| c.split_whitespace().any(|n| HIDING_CLASSES.iter().any(|h| h.eq_ignore_ascii_case(n))))
}

/// Whether a (whitespace-free, lowercase) style moves the element far off
/// the screen (`left: -9999px`), a way to hide text from readers but not
/// from search engines.
fn is_off_screen(style: &str) -> bool {
    ["left:-", "top:-", "text-indent:-"].iter().any(|property| {
        style.match_indices(property).any(|(at, m)| {
            let digits = style[at + m.len()..].chars().take_while(char::is_ascii_digit).count();
            digits >= 3
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn hint(html: &str) -> Hint {
        let doc = Html::parse_fragment(html);
        let any = Selector::parse("*").unwrap();
        let el = doc.select(&any).find(|e| e.value().name() != "html").expect("an element");
        classify(el.value())
    }

    #[test]
    fn content_names_weigh_for_the_element() {
        let h = hint(r#"<div class="entry-content">x</div>"#);
        assert!(h.weight > 0);
        assert_eq!(h.drop, Drop::No);
    }

    #[test]
    fn boilerplate_word_wins_within_one_name() {
        for html in [
            r#"<div class="comment-content">x</div>"#,
            r#"<div class="related-posts">x</div>"#,
            r#"<div id="sidebar">x</div>"#,
            r#"<div class="shareBar">x</div>"#,
            r#"<div class="ad-slot">x</div>"#,
        ] {
            let h = hint(html);
            assert_eq!(h.drop, Drop::Always, "{html}");
            assert!(h.weight < 0, "{html}");
        }
    }

    #[test]
    fn words_that_merely_hold_a_chrome_word_are_not_chrome() {
        for html in [
            r#"<div class="commentary-body">x</div>"#,
            r#"<div class="subscriber-content">x</div>"#,
            r#"<div class="shared-layout">x</div>"#,
            r#"<div class="live-update">x</div>"#,
        ] {
            assert_eq!(hint(html).drop, Drop::No, "{html}");
        }
        assert_eq!(hint(r#"<div class="post-date">x</div>"#).drop, Drop::IfShort);
    }

    #[test]
    fn a_content_name_beside_a_boilerplate_name_keeps_a_wrapper() {
        let h = hint(r#"<div class="content has-sidebar">x</div>"#);
        assert_eq!(h.drop, Drop::No);
    }

    #[test]
    fn short_words_match_only_whole_words() {
        assert_eq!(hint(r#"<div class="header-wrap">x</div>"#).drop, Drop::No);
        assert_eq!(hint(r#"<div class="top-ad">x</div>"#).drop, Drop::Always);
        assert_eq!(hint(r#"<div class="topAds">x</div>"#).drop, Drop::Always);
    }

    #[test]
    fn semantic_chrome_elements_and_roles_are_boilerplate() {
        assert_eq!(hint("<nav>x</nav>").drop, Drop::Always);
        assert_eq!(hint("<aside>x</aside>").drop, Drop::Always);
        assert_eq!(hint(r#"<div role="navigation">x</div>"#).drop, Drop::Always);
        assert_eq!(hint(r#"<article class="comments">x</article>"#).drop, Drop::No);
    }

    #[test]
    fn bylines_and_captions_go_only_when_short() {
        assert_eq!(hint(r#"<div class="byline">x</div>"#).drop, Drop::IfShort);
        assert_eq!(hint(r#"<div class="caption">x</div>"#).drop, Drop::IfShort);
        assert_eq!(hint(r#"<figcaption class="caption">x</figcaption>"#).drop, Drop::No);
    }

    #[test]
    fn each_attribute_weighs_once() {
        assert_eq!(hint(r#"<div class="post entry-content story-body">x</div>"#).weight, NAME_WEIGHT);
        assert_eq!(hint(r#"<div class="post" id="main">x</div>"#).weight, 2 * NAME_WEIGHT);
    }

    #[test]
    fn page_wide_classes_on_body_say_nothing() {
        let doc = Html::parse_document(r#"<body class="single-post has-sidebar comments-open">x</body>"#);
        let body = doc.select(&Selector::parse("body").unwrap()).next().unwrap();
        assert_eq!(classify(body.value()), Hint::default());
    }

    #[test]
    fn microdata_article_body_is_strong_content() {
        let h = hint(r#"<div itemprop="articleBody">x</div>"#);
        assert!(h.weight >= 2 * NAME_WEIGHT);
    }

    #[test]
    fn hiding_markup_is_recognised() {
        assert!(hint(r#"<div hidden>x</div>"#).hidden);
        assert!(hint(r#"<div aria-hidden="true">x</div>"#).hidden);
        assert!(hint(r#"<div style="color: red; display : none">x</div>"#).hidden);
        assert!(hint(r#"<span class="sr-only">x</span>"#).hidden);
        assert!(hint(r#"<div style="position:absolute; left: -9999px">x</div>"#).hidden);
        assert!(!hint(r#"<div style="margin-left:-10px">x</div>"#).hidden);
        assert!(!hint(r#"<div class="hidden-xs">x</div>"#).hidden);
        assert!(!hint(r#"<div aria-hidden="false">x</div>"#).hidden);
    }
}
