//! Cue words of page furniture: the small, general, multilingual lexicon of
//! what share and comment widgets, story lists, newsletter pitches, legal
//! footers, photo credits and "read more" asides say. A cue never names a
//! site; it names what the furniture is for.
//!
//! A cue is evidence, weighed with the line's length: "Subscribe" alone is
//! a button, a long paragraph that mentions subscribers is prose.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

/// What a piece of furniture is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// Share, print and social buttons, "Advertisement", menu labels.
    Widget,
    /// The head of a comment section: the article is over.
    Comments,
    /// The head of a list of other stories ("Recent Stories", "Most read").
    StoryList,
    /// The head of a table of contents.
    Contents,
    /// Copyright, disclaimer, cookie and terms notices.
    Legal,
    /// A newsletter, subscription or app pitch.
    Pitch,
    /// A photo caption's credit ("Photo: …", "Getty Images").
    Credit,
    /// A link to another article set in the text ("Related: …",
    /// "(Background summary: …)").
    Aside,
    /// An advertisement's label ("Advertisement", "Anzeige").
    Advert,
}

impl Cue {
    /// Whether this cue ends the article when it follows enough of it.
    pub fn ends_article(self) -> bool {
        matches!(self, Cue::Comments | Cue::Legal)
    }

    /// Whether furniture of this kind is usually set inside an article's
    /// text (a caption's credit, a "Read more" link, an advertisement).
    pub fn sits_inside_articles(self) -> bool {
        matches!(self, Cue::Advert | Cue::Credit | Cue::Aside)
    }

    /// Whether this cue heads a list of other stories that follows it.
    pub fn heads_story_list(self) -> bool {
        matches!(self, Cue::StoryList)
    }
}

/// Lines that are furniture when they say exactly this (lowercase, digits
/// and punctuation removed: "10 Comments" and "Comments:" are "comments").
const WHOLE: &[(&str, Cue)] = &[
    ("comment", Cue::Comments),
    ("comments", Cue::Comments),
    ("no comments", Cue::Comments),
    ("leave a comment", Cue::Comments),
    ("leave a reply", Cue::Comments),
    ("post a comment", Cue::Comments),
    ("add a comment", Cue::Comments),
    ("join the discussion", Cue::Comments),
    ("show comments", Cue::Comments),
    ("view comments", Cue::Comments),
    ("reader comments", Cue::Comments),
    ("responses", Cue::Comments),
    ("kommentare", Cue::Comments),
    ("commentaires", Cue::Comments),
    ("comentarios", Cue::Comments),
    ("comentários", Cue::Comments),
    ("comentário", Cue::Comments),
    ("comentario", Cue::Comments),
    ("commentaire", Cue::Comments),
    ("kommentar", Cue::Comments),
    ("reacties", Cue::Comments),
    ("deixe uma resposta", Cue::Comments),
    ("deja una respuesta", Cue::Comments),
    ("laisser une réponse", Cue::Comments),
    ("lascia una risposta", Cue::Comments),
    ("schreibe einen kommentar", Cue::Comments),
    ("оставить комментарий", Cue::Comments),
    ("commenti", Cue::Comments),
    ("nessun commento", Cue::Comments),
    ("lascia un commento", Cue::Comments),
    ("laisser un commentaire", Cue::Comments),
    ("deja un comentario", Cue::Comments),
    ("deixe um comentário", Cue::Comments),
    ("комментарии", Cue::Comments),
    ("评论", Cue::Comments),
    ("留言", Cue::Comments),
    ("コメント", Cue::Comments),
    ("댓글", Cue::Comments),
    ("recent stories", Cue::StoryList),
    ("recent posts", Cue::StoryList),
    ("related", Cue::StoryList),
    ("related stories", Cue::StoryList),
    ("related articles", Cue::StoryList),
    ("related posts", Cue::StoryList),
    ("related news", Cue::StoryList),
    ("related content", Cue::StoryList),
    ("related topics", Cue::StoryList),
    ("more stories", Cue::StoryList),
    ("more news", Cue::StoryList),
    ("most read", Cue::StoryList),
    ("most popular", Cue::StoryList),
    ("most viewed", Cue::StoryList),
    ("popular posts", Cue::StoryList),
    ("trending", Cue::StoryList),
    ("trending now", Cue::StoryList),
    ("latest news", Cue::StoryList),
    ("latest stories", Cue::StoryList),
    ("top stories", Cue::StoryList),
    ("read next", Cue::StoryList),
    ("up next", Cue::StoryList),
    ("recommended", Cue::StoryList),
    ("recommended stories", Cue::StoryList),
    ("recommended for you", Cue::StoryList),
    ("you may also like", Cue::StoryList),
    ("you might also like", Cue::StoryList),
    ("dont miss", Cue::StoryList),
    ("further reading", Cue::StoryList),
    ("tags", Cue::StoryList),
    ("topics", Cue::StoryList),
    ("weitere artikel", Cue::StoryList),
    ("mehr zum thema", Cue::StoryList),
    ("à lire aussi", Cue::StoryList),
    ("sur le même sujet", Cue::StoryList),
    ("articles similaires", Cue::StoryList),
    ("noticias relacionadas", Cue::StoryList),
    ("notícias relacionadas", Cue::StoryList),
    ("artigos relacionados", Cue::StoryList),
    ("posts relacionados", Cue::StoryList),
    ("artículos relacionados", Cue::StoryList),
    ("articles connexes", Cue::StoryList),
    ("ähnliche artikel", Cue::StoryList),
    ("gerelateerde artikelen", Cue::StoryList),
    ("berita terkait", Cue::StoryList),
    ("articoli correlati", Cue::StoryList),
    ("вам также может быть интересно", Cue::StoryList),
    ("читайте также", Cue::StoryList),
    ("похожие статьи", Cue::StoryList),
    ("相关文章", Cue::StoryList),
    ("相关新闻", Cue::StoryList),
    ("热门文章", Cue::StoryList),
    ("関連記事", Cue::StoryList),
    ("人気記事", Cue::StoryList),
    ("관련기사", Cue::StoryList),
    ("table of contents", Cue::Contents),
    ("contents", Cue::Contents),
    ("in this article", Cue::Contents),
    ("inhaltsverzeichnis", Cue::Contents),
    ("sommaire", Cue::Contents),
    ("table des matières", Cue::Contents),
    ("índice", Cue::Contents),
    ("indice", Cue::Contents),
    ("contenido", Cue::Contents),
    ("содержание", Cue::Contents),
    ("目录", Cue::Contents),
    ("目錄", Cue::Contents),
    ("目次", Cue::Contents),
    ("목차", Cue::Contents),
    ("advertisement", Cue::Advert),
    ("advertising", Cue::Advert),
    ("sponsored", Cue::Advert),
    ("anzeige", Cue::Advert),
    ("publicité", Cue::Advert),
    ("publicidad", Cue::Advert),
    ("pubblicità", Cue::Advert),
    ("реклама", Cue::Advert),
    ("广告", Cue::Advert),
    ("広告", Cue::Advert),
    ("광고", Cue::Advert),
];

/// Words of buttons and menus. A short line made only of these, at least
/// one of them from the first list, is a widget ("Share this article:
/// Facebook Twitter Email", "Click to print (Opens in new window)",
/// "Previous Post").
const WIDGET_WORDS: &[&str] = &[
    "share",
    "shares",
    "shared",
    "sharing",
    "tweet",
    "email",
    "e-mail",
    "mail",
    "print",
    "facebook",
    "twitter",
    "linkedin",
    "reddit",
    "pinterest",
    "whatsapp",
    "telegram",
    "messenger",
    "flipboard",
    "instagram",
    "youtube",
    "tumblr",
    "rss",
    "feed",
    "copy",
    "link",
    "url",
    "copied",
    "save",
    "bookmark",
    "comment",
    "comments",
    "reply",
    "login",
    "log",
    "sign",
    "register",
    "account",
    "subscribe",
    "menu",
    "search",
    "home",
    "skip",
    "navigation",
    "toggle",
    "close",
    "back",
    "next",
    "previous",
    "prev",
    "post",
    "follow",
    "google",
    "submit",
    "click",
    "scroll",
    "continue",
    "continues",
    "advertisement",
    "ad",
    "ads",
    "report",
    "listen",
    "watch",
    "video",
    "photo",
    "photos",
    "gallery",
    "view",
    "show",
    "hide",
    "accept",
    "ok",
    "permalink",
    "teilen",
    "drucken",
    "partager",
    "imprimer",
    "compartir",
    "imprimir",
    "condividi",
    "stampa",
    "compartilhar",
    "поделиться",
    "分享",
    "打印",
    "シェア",
    "ツイート",
    "공유",
];

/// Words that join widget words on buttons ("Share *on* Facebook") but say
/// nothing alone.
const WIDGET_GLUE: &[&str] = &[
    "in", "up", "out", "to", "on", "us", "the", "this", "a", "article", "story", "page", "content", "main", "top",
    "more", "via", "plus", "x", "e", "here", "opens", "new", "window", "tab", "reading", "below", "with", "all",
    "friend", "dark", "mode", "font", "size", "text", "open",
];

/// Phrases that start furniture lines ("Disclaimer: …", "READ MORE: …").
const PREFIXES: &[(&str, Cue)] = &[
    ("disclaimer", Cue::Legal),
    ("haftungsausschluss", Cue::Legal),
    ("avertissement", Cue::Legal),
    ("aviso legal", Cue::Legal),
    ("免责声明", Cue::Legal),
    ("免責聲明", Cue::Legal),
    ("免責事項", Cue::Legal),
    ("©", Cue::Legal),
    ("related:", Cue::Aside),
    ("related coverage", Cue::Aside),
    ("read more", Cue::Aside),
    ("read also", Cue::Aside),
    ("read:", Cue::Aside),
    ("see also", Cue::Aside),
    ("also read", Cue::Aside),
    ("also see", Cue::Aside),
    ("more:", Cue::Aside),
    ("watch:", Cue::Aside),
    ("listen:", Cue::Aside),
    ("leggi anche", Cue::Aside),
    ("lire aussi", Cue::Aside),
    ("à lire", Cue::Aside),
    ("lesen sie auch", Cue::Aside),
    ("lea también", Cue::Aside),
    ("lee también", Cue::Aside),
    ("leia também", Cue::Aside),
    ("leia mais", Cue::Aside),
    ("veja também", Cue::Aside),
    ("читайте также", Cue::Aside),
    ("相关阅读", Cue::Aside),
    ("延伸阅读", Cue::Aside),
    ("延伸閱讀", Cue::Aside),
    ("推荐阅读", Cue::Aside),
    ("関連記事", Cue::Aside),
    ("관련기사", Cue::Aside),
    ("photo:", Cue::Credit),
    ("photograph:", Cue::Credit),
    ("picture:", Cue::Credit),
    ("image:", Cue::Credit),
    ("image credit", Cue::Credit),
    ("image copyright", Cue::Credit),
    ("illustration:", Cue::Credit),
    ("credit:", Cue::Credit),
    ("foto:", Cue::Credit),
    ("bild:", Cue::Credit),
    ("above:", Cue::Credit),
    ("tags:", Cue::Widget),
    ("tagged:", Cue::Widget),
    ("topics:", Cue::Widget),
    ("filed under", Cue::Widget),
    ("most read", Cue::StoryList),
    ("more from", Cue::StoryList),
    ("trending in", Cue::StoryList),
    ("more stories", Cue::StoryList),
    ("related articles", Cue::StoryList),
    ("recommended", Cue::StoryList),
    ("popular in", Cue::StoryList),
    ("latest from", Cue::StoryList),
    ("more in", Cue::StoryList),
];

/// Lines with more words than this are prose even when they hold a pitch
/// or credit phrase.
const SHORT_WORDS: usize = 20;

/// Phrases that mark a line as furniture wherever they stand in it, with
/// the most words such a line may have.
const PHRASES: &[(&str, Cue, usize)] = &[
    ("all rights reserved", Cue::Legal, usize::MAX),
    ("all right reserved", Cue::Legal, usize::MAX),
    ("alle rechte vorbehalten", Cue::Legal, usize::MAX),
    ("tous droits réservés", Cue::Legal, usize::MAX),
    ("todos los derechos reservados", Cue::Legal, usize::MAX),
    ("tutti i diritti riservati", Cue::Legal, usize::MAX),
    ("все права защищены", Cue::Legal, usize::MAX),
    ("版权所有", Cue::Legal, usize::MAX),
    ("無断転載", Cue::Legal, usize::MAX),
    ("무단전재", Cue::Legal, usize::MAX),
    ("무단 전재", Cue::Legal, usize::MAX),
    ("uses cookies", Cue::Legal, usize::MAX),
    ("use cookies", Cue::Legal, usize::MAX),
    ("use of cookies", Cue::Legal, usize::MAX),
    ("utilizziamo i cookie", Cue::Legal, usize::MAX),
    ("utilizamos cookies", Cue::Legal, usize::MAX),
    ("verwenden cookies", Cue::Legal, usize::MAX),
    ("utilisons des cookies", Cue::Legal, usize::MAX),
    ("for informational purposes only", Cue::Legal, usize::MAX),
    ("for information purposes only", Cue::Legal, usize::MAX),
    ("for reference only", Cue::Legal, usize::MAX),
    ("not necessarily reflect", Cue::Legal, usize::MAX),
    ("may earn a commission", Cue::Legal, usize::MAX),
    ("affiliate links", Cue::Legal, usize::MAX),
    ("terms of use", Cue::Legal, SHORT_WORDS),
    ("terms of service", Cue::Legal, SHORT_WORDS),
    ("privacy policy", Cue::Legal, SHORT_WORDS),
    ("newsletter", Cue::Pitch, SHORT_WORDS),
    ("subscribe", Cue::Pitch, SHORT_WORDS),
    ("sign up", Cue::Pitch, SHORT_WORDS),
    ("in your inbox", Cue::Pitch, SHORT_WORDS),
    ("to your inbox", Cue::Pitch, SHORT_WORDS),
    ("unlimited access", Cue::Pitch, SHORT_WORDS),
    ("never miss", Cue::Pitch, SHORT_WORDS),
    ("follow us", Cue::Pitch, SHORT_WORDS),
    ("download the app", Cue::Pitch, SHORT_WORDS),
    ("abonnieren", Cue::Pitch, SHORT_WORDS),
    ("abonnez-vous", Cue::Pitch, SHORT_WORDS),
    ("inscrivez-vous", Cue::Pitch, SHORT_WORDS),
    ("suscríbete", Cue::Pitch, SHORT_WORDS),
    ("iscriviti", Cue::Pitch, SHORT_WORDS),
    ("assine", Cue::Pitch, SHORT_WORDS),
    ("подпишитесь", Cue::Pitch, SHORT_WORDS),
    ("订阅", Cue::Pitch, SHORT_WORDS),
    ("購読", Cue::Pitch, SHORT_WORDS),
    ("구독", Cue::Pitch, SHORT_WORDS),
    ("getty images", Cue::Credit, 40),
    ("ap photo", Cue::Credit, 40),
    ("photo credit", Cue::Credit, 40),
    ("file photo", Cue::Credit, 40),
    ("(image:", Cue::Credit, 40),
    ("(photo:", Cue::Credit, 40),
    ("credit:", Cue::Credit, 40),
    ("shutterstock", Cue::Credit, 40),
    ("reuters/", Cue::Credit, 40),
    ("/reuters", Cue::Credit, 40),
    ("afp/", Cue::Credit, 40),
    ("/getty", Cue::Credit, 40),
    ("/afp", Cue::Credit, 40),
];

static WHOLE_MAP: LazyLock<HashMap<&'static str, Cue>> = LazyLock::new(|| WHOLE.iter().copied().collect());

static WIDGET_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| WIDGET_WORDS.iter().copied().collect());

static GLUE_SET: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| WIDGET_GLUE.iter().copied().collect());

static PHRASE_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(PHRASES.iter().map(|(p, _, _)| p)).expect("the furniture phrases build a matcher")
});

/// "(Background summary: …)", "[Related: …]": a bracketed line that opens
/// with a short label and a colon is a pointer to another article.
static LABELLED_ASIDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(\[（【][^()\[\]（）【】:：]{1,40}[:：].*[)\]）】]$").expect("the aside pattern is valid")
});

/// "© 2019 …" or "Copyright 2019": a copyright notice anywhere in a line.
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(©|\(c\)|copyright)\s*(©\s*)?(\d{4}|\(c\))").expect("the copyright pattern is valid")
});

/// "34 Comments", "12 responses to …": the head of a comment section.
static COMMENT_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\d+\s+(comments?|responses?|replies|reactions|thoughts)\b")
        .expect("the comment count pattern is valid")
});

/// "Jo Smith on May 3, 2019 at 4:47 pm said:": a comment's heading (with
/// a date in it or on the next line, which [`is_comment_heading`] checks).
static COMMENT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s(says|said|wrote|writes|commented)\s*:?$").expect("the comment heading pattern is valid")
});

/// Whether `text` heads one comment of a discussion, given whether it or
/// the line after it is dated (articles say "he said:" without a date).
pub fn is_comment_heading(text: &str, words: usize, dated: impl FnOnce() -> bool) -> bool {
    words <= 12 && COMMENT_HEADING.is_match(text) && dated()
}

/// Lines of more words than this are neither widgets nor whole-line cues.
const WIDGET_MAX_WORDS: usize = 12;

/// What furniture `text` (a line of `words` words) is, if any.
pub fn cue(text: &str, words: usize) -> Option<Cue> {
    if words <= 12 && COMMENT_COUNT.is_match(text) {
        return Some(Cue::Comments);
    }
    let lower = text.to_lowercase();
    // Whole-line cues and widgets are a few words long: longer lines skip them.
    if words <= WIDGET_MAX_WORDS {
        let key = key(&lower);
        if let Some(&cue) = WHOLE_MAP.get(key.as_str()) {
            return Some(cue);
        }
        if is_widget(&key) {
            return Some(Cue::Widget);
        }
    }
    if LABELLED_ASIDE.is_match(text) {
        return Some(Cue::Aside);
    }
    if is_trail(text) {
        return Some(Cue::Widget);
    }
    let opening = lower.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©');
    for &(prefix, cue) in PREFIXES {
        if starts_with_word(opening, prefix) && (cue != Cue::StoryList || words <= 6) {
            return Some(cue);
        }
    }
    if words <= 40 && COPYRIGHT.is_match(text) {
        return Some(Cue::Legal);
    }
    PHRASE_MATCHER
        .find_iter(&lower)
        .map(|m| (m, PHRASES[m.pattern().as_usize()]))
        // Credits are often glued to the caption ("…a rabbitCredit: Getty").
        .filter(|(m, (_, cue, _))| *cue == Cue::Credit || whole_words(&lower, m.start(), m.end()))
        .map(|(_, phrase)| phrase)
        .find(|&(_, _, max_words)| words <= max_words)
        .map(|(_, cue, _)| cue)
}

/// Marks that separate the items of a breadcrumb trail or a menu line.
const TRAIL_MARKS: &[char] = &['|', '›', '»', '>', '•', '·'];

/// Whether `text` is a breadcrumb trail or a menu on one line ("Home ›
/// News › Business", "Home | World | Markets"): three or more items of a
/// few words each, or two after an arrow, and no sentence ending.
fn is_trail(text: &str) -> bool {
    // Most lines have no mark at all: one item is never a trail.
    if !text.contains(TRAIL_MARKS) || text.trim_end().ends_with(['.', '!', '?', '。']) {
        return false;
    }
    let mut items = 0;
    for item in text.split(TRAIL_MARKS).map(str::trim).filter(|i| !i.is_empty()) {
        if item.split_whitespace().nth(4).is_some() {
            return false;
        }
        items += 1;
    }
    let arrow = text.contains(['›', '»', '>']);
    items >= 3 || (arrow && items >= 2)
}

/// Whether `text[start..end]` starts and ends at word boundaries
/// ("subscribe" is not found in "subscribers").
fn whole_words(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let open = |edge: Option<char>, side: Option<char>| {
        !edge.is_some_and(char::is_alphanumeric) || !side.is_some_and(char::is_alphanumeric)
    };
    open(first, before) && open(last, after)
}

/// Whether `key` is made of widget words only, at least one not mere glue
/// (or of nothing at all: digits and signs, like "0/400" or "•••").
fn is_widget(key: &str) -> bool {
    let mut widget = false;
    for word in key.split_whitespace() {
        if WIDGET_SET.contains(word) {
            widget = true;
        } else if !GLUE_SET.contains(word) {
            return false;
        }
    }
    widget || key.is_empty()
}

/// `text` lowercase with only its letters, single spaces between words.
fn key(lower: &str) -> String {
    let mut out = String::with_capacity(lower.len());
    for word in lower.split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’') {
        let word = word.trim_matches(['\'', '’']);
        if !word.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(word.chars().filter(|&c| c != '\'' && c != '’'));
        }
    }
    out
}

/// Whether `text` starts with `prefix` as a whole word (scripts without
/// spaces need no boundary).
fn starts_with_word(text: &str, prefix: &str) -> bool {
    let Some(rest) = text.strip_prefix(prefix) else {
        return false;
    };
    let last = prefix.chars().next_back();
    let needs_boundary = last.is_some_and(|c| c.is_ascii_alphanumeric());
    !needs_boundary || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cue_of(text: &str) -> Option<Cue> {
        cue(text, text.split_whitespace().count())
    }

    #[test]
    fn comment_widgets_are_comments() {
        for text in ["Comment", "No comments", "10 Comments", "Leave a Reply", "Lascia un commento", "댓글"] {
            assert_eq!(cue_of(text), Some(Cue::Comments), "{text}");
        }
    }

    #[test]
    fn counters_and_share_bars_are_widgets() {
        for text in [
            "0/400",
            "•••",
            "Share this article: Facebook Twitter LinkedIn Email Copy link",
            "Click to share on Facebook (Opens in new window)",
            "Previous Post",
            "Story continues below advertisement",
        ] {
            assert_eq!(cue_of(text), Some(Cue::Widget), "{text}");
        }
        assert_eq!(cue_of("Advertisement"), Some(Cue::Advert));
    }

    #[test]
    fn breadcrumbs_and_menu_lines_are_widgets() {
        for text in ["Home › Software › General", "Home | World | Technology | Business | Markets", "» Home » Forum"]
        {
            assert_eq!(cue_of(text), Some(Cue::Widget), "{text}");
        }
        assert_eq!(cue_of("Maharashtra | Sonia Gandhi gives nod to Congress alliance with Shiv Sena"), None);
        assert_eq!(cue_of("Interstellar/Il Cavaliere Oscuro/Inception/The Prestige (Blu-Ray)"), None);
    }

    #[test]
    fn lists_of_other_stories_are_announced() {
        for text in ["Recent Stories", "Related articles", "Most read in world news", "You may also like", "DON'T MISS"]
        {
            assert_eq!(cue_of(text), Some(Cue::StoryList), "{text}");
        }
        assert_eq!(cue_of("Most readers agreed with the decision, the poll found."), None);
    }

    #[test]
    fn tables_of_contents_are_announced() {
        assert_eq!(cue_of("Table of Contents"), Some(Cue::Contents));
        assert_eq!(cue_of("目次"), Some(Cue::Contents));
    }

    #[test]
    fn legal_notices_are_legal() {
        for text in [
            "Disclaimer: The information on this page may come from third parties.",
            "© 2023 Meridian Post. All rights reserved. | Privacy Policy | Terms of Use",
            "Copyright © 2019 The Paradigm. All Rights Reserved.",
            "Copyright 2019. Washington Examiner.",
            "This website uses cookies. By continuing to use our website you agree.",
            "This content is an AI-generated summary/analysis for informational purposes only.",
            "The views expressed in this article are those of the author and do not necessarily reflect those of X.",
        ] {
            assert_eq!(cue_of(text), Some(Cue::Legal), "{text}");
        }
    }

    #[test]
    fn pitches_are_pitches_only_when_short() {
        assert_eq!(cue_of("Get SIGNAL/NOISE in your inbox daily"), Some(Cue::Pitch));
        assert_eq!(
            cue_of("Subscribe to Meridian Post for unlimited access to award-winning journalism."),
            Some(Cue::Pitch)
        );
        let prose = "The company said its newsletter business grew quickly this year, adding more than two \
                     million readers across Europe and Asia, and that it plans to hire fifty more editors.";
        assert_eq!(cue_of(prose), None);
        assert_eq!(cue_of("The service signed up more subscribers than expected."), None);
    }

    #[test]
    fn asides_and_credits_are_recognised() {
        assert_eq!(cue_of("READ MORE: Trade Tariffs Analysis Puts Lake Falbrook on the Spot"), Some(Cue::Aside));
        assert_eq!(cue_of("(Background summary: Why AI isn’t a bubble: a deep dive)"), Some(Cue::Aside));
        assert_eq!(cue_of("[Related: Salesforce Dreamforce Keynote]"), Some(Cue::Aside));
        assert_eq!(cue_of("Photo: iFixit"), Some(Cue::Credit));
        assert_eq!(cue_of("The hunter killed and ate a rabbitCredit: Getty - Contributor"), Some(Cue::Credit));
        assert_eq!(cue_of("The plague wiped out half of Europe (Image: GETTY)"), Some(Cue::Credit));
        assert_eq!(cue_of("(Reporting by Will Dunham; Editing by Tom Brown)"), None);
        assert_eq!(cue_of("[1] Alarm fatigue: impacts on patient safety."), None);
    }

    #[test]
    fn ordinary_prose_and_headings_have_no_cue() {
        for text in [
            "The the the in the.",
            "More to come",
            "Putin said the country must build its own models.",
            "Mobilize the whole country to build Russia’s autonomous foundational model",
            "Related parties must disclose their holdings, the regulator said.",
            "Next steps",
            "Copyright Rate Puts Ostermoor Valley on the Spot",
        ] {
            assert_eq!(cue_of(text), None, "{text}");
        }
    }
}
