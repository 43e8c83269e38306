//! Date expressions in running text, beyond the full dates of
//! [`crate::dates`]: "on April 10", "in April 2025", "by 2030", "in 2025",
//! "2025年4月", "last year". Each is found with its byte range and what it
//! leaves unsaid ([`Expr`]), then [`normalise`]d against what is known of
//! when the text was written ([`Anchor`]), keeping its precision: a year, a
//! month or a day.
//!
//! Finding is cautious, since a wrong date on a timeline misleads: a bare
//! number is a year only next to a word that makes it one ("in 2025", "by
//! 2030", "the 2030 goal", "2025 году"), a month name that is also a common
//! word ("May", "March", "out") is a month only when written as one, and
//! weekdays ("on Monday") are left alone.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::analyze::text::{self, Token, TokenKind};
use crate::dates::{self, WordMatch, WordRegex, YEARS};

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Precision {
    /// Only the year ("in 2025").
    Year,
    /// The month of a year ("April 2025").
    Month,
    /// The day ("10 April 2025").
    Day,
}

/// A point in time as precisely as the text gave it. Months and days are
/// 0 when not known, so a year sorts before its months and a month before
/// its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct When {
    /// The year.
    pub year: i32,
    /// The month (1-12), or 0.
    pub month: u8,
    /// The day of the month, or 0.
    pub day: u8,
}

impl When {
    /// A whole year.
    pub fn year(year: i32) -> When {
        When { year, month: 0, day: 0 }
    }

    /// A month of a year (`None` for a month that does not exist).
    pub fn month(year: i32, month: u32) -> Option<When> {
        (1..=12).contains(&month).then_some(When { year, month: month as u8, day: 0 })
    }

    /// A day.
    pub fn day(date: NaiveDate) -> When {
        When { year: date.year(), month: date.month() as u8, day: date.day() as u8 }
    }

    /// How precisely it is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// How it compares with `date` at its own precision: "2025" is equal
    /// to every day of 2025, "April 2025" to every day of that April.
    pub fn compare(&self, date: NaiveDate) -> Ordering {
        let other = When::day(date);
        match self.precision() {
            Precision::Year => self.year.cmp(&other.year),
            Precision::Month => (self.year, self.month).cmp(&(other.year, other.month)),
            Precision::Day => self.cmp(&other),
        }
    }

    /// ISO 8601 at its precision ("2025", "2025-04", "2025-04-10"), as an
    /// HTML `<time datetime>` takes it.
    pub fn iso(&self) -> String {
        match self.precision() {
            Precision::Year => format!("{:04}", self.year),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }

    /// For people: "2025", "April 2025", "10 April 2025".
    pub fn display(&self) -> String {
        let month = |m: u8| MONTH_DISPLAY.get(usize::from(m).wrapping_sub(1)).copied().unwrap_or("");
        match self.precision() {
            Precision::Year => self.year.to_string(),
            Precision::Month => format!("{} {}", month(self.month), self.year),
            Precision::Day => format!("{} {} {}", self.day, month(self.month), self.year),
        }
    }
}

const MONTH_DISPLAY: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What a date expression says, and what it leaves for the reader to infer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expr {
    /// A full date ("10 April 2025").
    Date(NaiveDate),
    /// A month of a stated year ("April 2025", "2025年4月").
    MonthOfYear {
        /// The year.
        year: i32,
        /// The month (1-12).
        month: u32,
    },
    /// A day of a month, the year unsaid ("April 10", "4月10日").
    DayOfMonth {
        /// The month (1-12).
        month: u32,
        /// The day.
        day: u32,
    },
    /// A month, the year unsaid ("since January").
    Month(u32),
    /// A year ("in 2025", "by 2030").
    Year(i32),
    /// A year, month or day counted from the time of writing: "last
    /// year" is a year, -1.
    Relative {
        /// What is counted.
        unit: Precision,
        /// How many back (negative) or ahead.
        offset: i32,
    },
}

/// A date expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    /// Where it is written (byte offsets on char boundaries).
    pub span: Range<usize>,
    /// What it says.
    pub expr: Expr,
    /// Whether it sets a limit ("by 2030", "until June", "the 2030
    /// target"): a deadline or target when it lies ahead.
    pub deadline: bool,
}

/// Every date expression in `text`, in order of position; where two
/// overlap, the more precise wins ("April 10, 2025" over "April 10").
pub fn find(text: &str) -> Vec<Stated> {
    let mut found: Vec<Stated> = Vec::new();
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    if digits {
        for date in dates::find(text) {
            add(&mut found, Stated { span: date.span, expr: Expr::Date(date.date), deadline: false });
        }
        for caps in PARTIAL.captures_iter(text) {
            if let Some(stated) = partial(text, &caps) {
                add(&mut found, stated);
            }
        }
    }
    for caps in MONTH_WITH_CUE.captures_iter(text) {
        if let Some(stated) = month_with_cue(text, &caps) {
            add(&mut found, stated);
        }
    }
    if has_year_digits(text) {
        cued_years(text, &mut found);
    }
    relative(text, &mut found);
    found.sort_by_key(|s| s.span.start);
    found
}

/// Adds `stated` unless an expression found earlier (a more precise one)
/// covers part of it.
fn add(found: &mut Vec<Stated>, stated: Stated) {
    if !found.iter().any(|f| f.span.start < stated.span.end && stated.span.start < f.span.end) {
        found.push(stated);
    }
}

/// Dates with the year or the day left out, CJK forms first.
static PARTIAL: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(&partial_pattern()).unwrap_or_else(|e| panic!("the partial date patterns are invalid: {e}"))
});

/// The pattern of [`PARTIAL`].
fn partial_pattern() -> String {
    let month = dates::month_alternation();
    let patterns = [
        // 2025年4月, 2025년 4월, 2025年
        r"(?P<cy>\d{4})\s*[年년](?:\s*(?P<cm>[01]?\d)\s*[月월])?".to_string(),
        // 4月10日, 4월 10일
        r"(?P<km>[01]?\d)\s*[月월]\s*(?P<kd>[0-3]?\d)\s*[日일]".to_string(),
        // April 2025, avril 2025, abril de 2025
        format!(r"(?i)\b(?P<mn1>{month})\.?,?\s+(?:of\s+|de\s+|del\s+)?(?P<y1>\d{{4}})\b"),
        // April 10, Apr. 10th
        format!(r"(?i)\b(?P<mn2>{month})\.?\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b"),
        // 10 April, 10th of April, 10 de abril
        format!(r"(?i)\b(?P<d3>[0-3]?\d)(?:st|nd|rd|th|er|º)?\.?\s+(?:of\s+|de\s+)?(?P<mn3>{month})\b"),
    ];
    patterns.join("|")
}

/// A month after a word that makes it one: "since January", "in early April".
static MONTH_WITH_CUE: LazyLock<WordRegex> = LazyLock::new(|| {
    WordRegex::new(&month_with_cue_pattern()).unwrap_or_else(|e| panic!("the month pattern is invalid: {e}"))
});

/// The pattern of [`MONTH_WITH_CUE`].
fn month_with_cue_pattern() -> String {
    let month = dates::month_alternation();
    format!(
        r"(?i)\b(?P<cue>in|since|until|till|by|from|through|during|early|late|mid-?|end\s+of|start\s+of|beginning\s+of)\s+(?:early\s+|late\s+|mid-?)?(?P<mn>{month})\b"
    )
}

fn partial(text: &str, caps: &WordMatch<'_>) -> Option<Stated> {
    let span = caps.span();
    if text[..span.start].chars().next_back().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let num = |name: &str| caps.name(name).and_then(|m| m.parse::<u32>().ok());
    let year = |name: &str| caps.name(name).and_then(|m| m.parse::<i32>().ok()).filter(|y| YEARS.contains(y));
    let expr = if let Some(m) = caps.name("cy") {
        let y = m.parse::<i32>().ok().filter(|y| YEARS.contains(y))?;
        match num("cm") {
            Some(month) if (1..=12).contains(&month) => Expr::MonthOfYear { year: y, month },
            Some(_) => return None,
            None => Expr::Year(y),
        }
    } else if let Some(month) = num("km") {
        day_of_month(month, num("kd")?)?
    } else if let Some(y) = year("y1") {
        Expr::MonthOfYear { year: y, month: month_word(caps.name("mn1")?, true)? }
    } else if let Some(word) = caps.name("mn2") {
        day_of_month(month_word(word, false)?, num("d2")?)?
    } else {
        day_of_month(month_word(caps.name("mn3")?, false)?, num("d3")?)?
    };
    let deadline = deadline_before(text, span.start);
    Some(Stated { span, expr, deadline })
}

fn month_with_cue(text: &str, caps: &WordMatch<'_>) -> Option<Stated> {
    let span = caps.span();
    let month = month_word(caps.name("mn")?, false)?;
    // "in April 2025" and "by April 10" were found whole already; what is
    // left followed by a number is something else ("in March 3 people ...").
    if text[span.end..].trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let cue = caps.name("cue")?.to_lowercase();
    let deadline = matches!(cue.as_str(), "by" | "until" | "till");
    Some(Stated { span, expr: Expr::Month(month), deadline })
}

fn day_of_month(month: u32, day: u32) -> Option<Expr> {
    // February 29 exists in some years: any leap year will do here.
    NaiveDate::from_ymd_opt(2000, month, day)?;
    Some(Expr::DayOfMonth { month, day })
}

/// Month names that are also everyday words somewhere: a month only when
/// capitalised ("May 10", not "may 10").
const WORD_LIKE_MONTHS: &[&str] = &["may", "march", "mars", "mar", "mai", "sept"];
/// Abbreviations that are English words ("out", "set") or too short to
/// tell: a month only next to a year.
const YEAR_ONLY_MONTHS: &[&str] = &["out", "set", "ago", "gen", "mag", "dic", "ene", "dez", "fev", "giu", "lug", "ott"];

/// The month number of `word` if it plausibly is a month here: with a
/// year next to it anything in the table, without one only unambiguous
/// names.
fn month_word(word: &str, with_year: bool) -> Option<u32> {
    let month = dates::month_number(word)?;
    if with_year {
        return Some(month);
    }
    let lower = word.to_lowercase();
    if YEAR_ONLY_MONTHS.contains(&lower.as_str()) {
        return None;
    }
    if WORD_LIKE_MONTHS.contains(&lower.as_str()) && !text::is_capitalised(word) {
        return None;
    }
    Some(month)
}

/// Whether four digits in a row occur: a year is written so.
fn has_year_digits(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    })
}

/// Words before a number that make it a year, in several languages.
#[rustfmt::skip]
const YEAR_CUES: &[&str] = &[
    // English
    "in", "by", "since", "until", "till", "before", "after", "from", "during", "through", "throughout", "for",
    "circa", "year", "fiscal", "fy", "early", "late", "mid", "spring", "summer", "autumn", "fall", "winter",
    // French, German, Dutch
    "en", "d'ici", "d’ici", "depuis", "avant", "après", "jusqu'en", "jusqu’en", "dès", "année", "im", "bis", "seit",
    "vor", "nach", "ab", "jahr", "jahres", "sinds", "tot",
    // Spanish, Portuguese, Italian
    "para", "desde", "hasta", "durante", "año", "em", "até", "ano", "nel", "entro", "dal", "fino", "anno",
    // Russian, Polish
    "в", "к", "до", "с", "по", "после", "w", "od",
];

/// Words before a year that set a limit ("by 2030").
const DEADLINE_CUES: &[&str] = &[
    "by",
    "until",
    "till",
    "d'ici",
    "d’ici",
    "jusqu'en",
    "jusqu’en",
    "bis",
    "hasta",
    "até",
    "entro",
    "к",
    "до",
    "tot",
];

/// Words after a year that make it one ("2030 goal", "2025 году").
#[rustfmt::skip]
const YEAR_NOUNS: &[&str] = &[
    "target", "targets", "goal", "goals", "deadline", "plan", "plans", "election", "elections", "budget",
    "olympics", "census", "strategy", "agenda", "vision", "season", "summit", "edition", "midterms", "roadmap",
    "год", "году", "года", "г", "roku", "rok", "yılında", "yılı", "yil",
];
/// Of those, the ones that set a limit.
const DEADLINE_NOUNS: &[&str] = &["target", "targets", "goal", "goals", "deadline"];

/// Words of the form "<season or part> of 2025".
const PART_OF_YEAR: &[&str] =
    &["end", "start", "beginning", "middle", "spring", "summer", "autumn", "fall", "winter", "half", "quarter", "fin"];

/// Words after a number that make it an amount, not a year ("by 2000 jobs").
#[rustfmt::skip]
const UNITS: &[&str] = &[
    "people", "persons", "jobs", "workers", "employees", "staff", "tonnes", "tons", "units", "homes", "houses",
    "households", "dollars", "euros", "pounds", "rubles", "roubles", "yuan", "yen", "percent", "per", "points",
    "cars", "vehicles", "km", "kilometres", "kilometers", "miles", "metres", "meters", "students", "children",
    "times", "pages", "years", "months", "days", "hours", "minutes", "members", "troops", "soldiers", "cases",
    "deaths", "patients", "users", "customers", "shares", "barrels", "mw", "gw", "kg", "words", "votes", "seats",
];

/// Years marked by the words around them (see [`YEAR_CUES`]); a year
/// right after another ("from 2019 to 2021", "2019-2021") is one too.
fn cued_years(text: &str, found: &mut Vec<Stated>) {
    let tokens = text::tokens(text);
    let words: Vec<String> = tokens.iter().map(|t| text::lowercase(t.text(text)).into_owned()).collect();
    let mut last_year_at: Option<usize> = None;
    for (i, token) in tokens.iter().enumerate() {
        let Some(year) = year_token(text, token) else {
            if let Some(year) = prefixed_year(text, token) {
                add(found, Stated { span: token.start..token.end, expr: Expr::Year(year), deadline: false });
            }
            continue;
        };
        let word = |k: Option<usize>| k.and_then(|k| words.get(k)).map_or("", String::as_str);
        let prev = word(i.checked_sub(1));
        let next = word(Some(i + 1));
        if UNITS.contains(&next) || next == "%" {
            continue;
        }
        let after_year = last_year_at.is_some_and(|at| i - at <= 3) && matches!(prev, "to" | "and" | "-" | "–" | "or");
        let part_of_year = matches!(prev, "of" | "de") && PART_OF_YEAR.contains(&word(i.checked_sub(2)));
        let before_noun = YEAR_NOUNS.contains(&next);
        if !(YEAR_CUES.contains(&prev) || after_year || part_of_year || before_noun) {
            continue;
        }
        let limit_word = (1..=4)
            .filter_map(|back| i.checked_sub(back))
            .map(|k| words[k].as_str())
            .find(|w| YEAR_CUES.contains(w) || DEADLINE_CUES.contains(w));
        let deadline = limit_word.is_some_and(|w| DEADLINE_CUES.contains(&w)) || DEADLINE_NOUNS.contains(&next);
        add(found, Stated { span: token.start..token.end, expr: Expr::Year(year), deadline });
        last_year_at = Some(i);
    }
}

/// The year a token is, when it is four ASCII digits in range.
fn year_token(text: &str, token: &Token) -> Option<i32> {
    let s = token.text(text);
    if token.kind != TokenKind::Number || s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| YEARS.contains(y))
}

/// "mid-2025", "early-2026": one word holding a year.
fn prefixed_year(text: &str, token: &Token) -> Option<i32> {
    let s = token.text(text).to_lowercase();
    let (prefix, year) = s.split_once('-')?;
    if !matches!(prefix, "mid" | "early" | "late") || year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    year.parse().ok().filter(|y| YEARS.contains(y))
}

/// Whether a word setting a limit ("by", "until") comes right before `at`.
fn deadline_before(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let word = before.trim_end().rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_lowercase();
    DEADLINE_CUES.contains(&word.as_str())
}

/// Phrases that count from the time of writing, with what they count and
/// how far; a phrase is matched whole and case-insensitively (ASCII), so
/// other scripts list their capitalised forms too.
#[rustfmt::skip]
const RELATIVE: &[(&str, Precision, i32, bool)] = &[
    ("last year", Precision::Year, -1, false), ("a year ago", Precision::Year, -1, false),
    ("the previous year", Precision::Year, -1, false), ("this year", Precision::Year, 0, false),
    ("earlier this year", Precision::Year, 0, false), ("later this year", Precision::Year, 0, false),
    ("by the end of the year", Precision::Year, 0, true), ("by the end of this year", Precision::Year, 0, true),
    ("by year-end", Precision::Year, 0, true), ("next year", Precision::Year, 1, false),
    ("last month", Precision::Month, -1, false), ("a month ago", Precision::Month, -1, false),
    ("this month", Precision::Month, 0, false), ("earlier this month", Precision::Month, 0, false),
    ("later this month", Precision::Month, 0, false), ("next month", Precision::Month, 1, false),
    ("yesterday", Precision::Day, -1, false), ("tomorrow", Precision::Day, 1, false),
    // French
    ("l'année dernière", Precision::Year, -1, false), ("l’année dernière", Precision::Year, -1, false),
    ("l'an dernier", Precision::Year, -1, false), ("l’an dernier", Precision::Year, -1, false),
    ("cette année", Precision::Year, 0, false), ("l'année prochaine", Precision::Year, 1, false),
    ("l’année prochaine", Precision::Year, 1, false), ("le mois dernier", Precision::Month, -1, false),
    ("le mois prochain", Precision::Month, 1, false),
    // German
    ("letztes jahr", Precision::Year, -1, false), ("im vergangenen jahr", Precision::Year, -1, false),
    ("vergangenes jahr", Precision::Year, -1, false), ("dieses jahr", Precision::Year, 0, false),
    ("in diesem jahr", Precision::Year, 0, false), ("nächstes jahr", Precision::Year, 1, false),
    ("im nächsten jahr", Precision::Year, 1, false), ("letzten monat", Precision::Month, -1, false),
    // Spanish, Portuguese, Italian
    ("el año pasado", Precision::Year, -1, false), ("este año", Precision::Year, 0, false),
    ("el próximo año", Precision::Year, 1, false), ("el mes pasado", Precision::Month, -1, false),
    ("no ano passado", Precision::Year, -1, false), ("neste ano", Precision::Year, 0, false),
    ("no próximo ano", Precision::Year, 1, false), ("l'anno scorso", Precision::Year, -1, false),
    ("l’anno scorso", Precision::Year, -1, false), ("quest'anno", Precision::Year, 0, false),
    ("quest’anno", Precision::Year, 0, false), ("l'anno prossimo", Precision::Year, 1, false),
    // Russian
    ("в прошлом году", Precision::Year, -1, false), ("В прошлом году", Precision::Year, -1, false),
    ("в этом году", Precision::Year, 0, false), ("В этом году", Precision::Year, 0, false),
    ("в следующем году", Precision::Year, 1, false), ("В следующем году", Precision::Year, 1, false),
    // Chinese, Japanese
    ("去年", Precision::Year, -1, false), ("今年", Precision::Year, 0, false), ("明年", Precision::Year, 1, false),
    ("昨年", Precision::Year, -1, false), ("来年", Precision::Year, 1, false), ("上个月", Precision::Month, -1, false),
    ("下个月", Precision::Month, 1, false), ("先月", Precision::Month, -1, false), ("来月", Precision::Month, 1, false),
];

static RELATIVE_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(RELATIVE.iter().map(|r| r.0))
        .unwrap_or_else(|e| panic!("the relative date phrases are invalid: {e}"))
});

fn relative(text: &str, found: &mut Vec<Stated>) {
    for m in RELATIVE_MATCHER.find_iter(text) {
        let (phrase, unit, offset, deadline) = RELATIVE[m.pattern().as_usize()];
        let spaced = phrase.chars().next().is_some_and(|c| !text::is_unspaced(c));
        let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if spaced && (alnum(text[..m.start()].chars().next_back()) || alnum(text[m.end()..].chars().next())) {
            continue;
        }
        add(found, Stated { span: m.start()..m.end(), expr: Expr::Relative { unit, offset }, deadline });
    }
}

/// Words saying a sentence speaks of what is still to come: plans,
/// targets, forecasts, the future tense.
#[rustfmt::skip]
const FUTURE_WORDS: &[&str] = &[
    "will", "shall", "won't", "plans", "plan", "planned", "planning", "aims", "aim", "aiming", "target", "targets",
    "targeted", "goal", "goals", "deadline", "expected", "expects", "scheduled", "due", "upcoming", "intends",
    "pledged", "pledges", "forecast", "forecasts", "projected", "envisages", "must",
    "sera", "seront", "prévu", "prévue", "prévoit", "objectif", "devrait", "devraient",
    "wird", "werden", "soll", "sollen", "geplant", "plant", "ziel",
    "será", "serán", "prevé", "previsto", "prevista", "meta", "objetivo", "serão", "prevê",
    "sarà", "saranno", "prevede", "obiettivo", "будет", "будут", "планирует", "планируется", "цель", "ожидается",
];
/// The same for scripts without spaces, matched anywhere.
const FUTURE_MARKS: &[&str] = &["将", "计划", "目标", "预计", "予定", "目標", "見込み", "예정", "목표"];

static FUTURE_SET: LazyLock<HashSet<&'static str>> = LazyLock::new(|| FUTURE_WORDS.iter().copied().collect());

/// Whether `sentence` speaks of the future (plans, targets, "will").
pub fn speaks_of_future(sentence: &str, tokens: &[Token]) -> bool {
    tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .any(|t| FUTURE_SET.contains(text::lowercase(t.text(sentence)).as_ref()))
        || (!sentence.is_ascii() && FUTURE_MARKS.iter().any(|m| sentence.contains(m)))
}

/// What is known of when a passage was written, to place the dates that
/// leave their year (or more) unsaid.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Anchor {
    /// The document's date.
    pub date: Option<NaiveDate>,
    /// The year the document was likely written, inferred from its text,
    /// when it has no date.
    pub year: Option<i32>,
    /// The year of a date stated just before in the same passage ("On 3
    /// March 2025 ... on March 17"): it wins over the others.
    pub passage_year: Option<i32>,
    /// The sentence speaks of the future.
    pub future: bool,
}

/// Where a date's year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum YearFrom {
    /// The text says it.
    Stated,
    /// A date stated just before in the same passage.
    Passage,
    /// The document's date.
    DocumentDate,
    /// Inferred from the rest of the text (the document has no date).
    Context,
}

/// A date placed in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// When, at the precision the text gave.
    pub when: When,
    /// Where its year came from.
    pub year_from: YearFrom,
    /// Whether it lay ahead when written: after the document's date (at
    /// the date's precision), or in its year and set as a limit or spoken
    /// of as a plan.
    pub future: bool,
}

/// Places `stated` in time, or `None` when what it leaves unsaid cannot be
/// inferred (a "last month" in an undated document).
pub fn normalise(stated: &Stated, anchor: &Anchor) -> Option<Placed> {
    let ahead = stated.deadline || anchor.future;
    let base_year = anchor.date.map(|d| d.year()).or(anchor.year);
    let base_from = if anchor.date.is_some() { YearFrom::DocumentDate } else { YearFrom::Context };
    let (when, year_from) = match stated.expr {
        Expr::Date(date) => (When::day(date), YearFrom::Stated),
        Expr::MonthOfYear { year, month } => (When::month(year, month)?, YearFrom::Stated),
        Expr::Year(year) => (When::year(year), YearFrom::Stated),
        Expr::DayOfMonth { month, day } => {
            if let Some(year) = anchor.passage_year {
                (When::day(NaiveDate::from_ymd_opt(year, month, day)?), YearFrom::Passage)
            } else if let Some(date) = anchor.date {
                let pick = nearest(date, ahead, |y| NaiveDate::from_ymd_opt(y, month, day))?;
                (When::day(pick), YearFrom::DocumentDate)
            } else {
                (When::day(NaiveDate::from_ymd_opt(anchor.year?, month, day)?), YearFrom::Context)
            }
        }
        Expr::Month(month) => {
            if let Some(year) = anchor.passage_year {
                (When::month(year, month)?, YearFrom::Passage)
            } else if let Some(date) = anchor.date {
                let pick = nearest(date, ahead, |y| NaiveDate::from_ymd_opt(y, month, 1))?;
                (When::month(pick.year(), month)?, YearFrom::DocumentDate)
            } else {
                (When::month(anchor.year?, month)?, YearFrom::Context)
            }
        }
        Expr::Relative { unit: Precision::Year, offset } => (When::year(base_year? + offset), base_from),
        Expr::Relative { unit: Precision::Month, offset } => {
            let date = anchor.date?;
            let first = date.with_day(1)?;
            let moved = if offset >= 0 {
                first.checked_add_months(Months::new(offset.unsigned_abs()))?
            } else {
                first.checked_sub_months(Months::new(offset.unsigned_abs()))?
            };
            (When::month(moved.year(), moved.month())?, YearFrom::DocumentDate)
        }
        Expr::Relative { unit: Precision::Day, offset } => {
            let date = anchor.date?.checked_add_signed(chrono::TimeDelta::try_days(i64::from(offset))?)?;
            (When::day(date), YearFrom::DocumentDate)
        }
    };
    if !YEARS.contains(&when.year) {
        return None;
    }
    let reference = anchor.date.or_else(|| anchor.year.and_then(|y| NaiveDate::from_ymd_opt(y, 7, 1)));
    let future = match reference.map(|r| when.compare(r)) {
        Some(Ordering::Greater) => {
            // Against a year inferred from the text, only a later year is ahead.
            anchor.date.is_some() || when.year > reference.map_or(0, |r| r.year()) || ahead
        }
        Some(Ordering::Equal) | None => ahead,
        Some(Ordering::Less) => false,
    };
    Some(Placed { when, year_from, future })
}

/// How far after the time of writing a date without a future word may
/// lie before the previous year's is meant ("On December 28" in January).
const AHEAD_DAYS: i64 = 45;

/// The date in the year before, of or after `reference` that the text
/// most likely means: the first on or after it when the text looks ahead,
/// else the latest that is not much later.
fn nearest(reference: NaiveDate, ahead: bool, in_year: impl Fn(i32) -> Option<NaiveDate>) -> Option<NaiveDate> {
    let year = reference.year();
    let candidates: Vec<NaiveDate> = (year - 1..=year + 1).filter_map(in_year).collect();
    if ahead {
        // The first whose day or month is not over yet.
        let month_start = reference.with_day(1).unwrap_or(reference);
        return candidates.iter().copied().find(|&d| d >= month_start.min(reference)).or(candidates.last().copied());
    }
    let limit = reference + chrono::TimeDelta::days(AHEAD_DAYS);
    candidates.iter().copied().rfind(|&d| d <= limit).or(candidates.first().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn exprs(text: &str) -> Vec<(Expr, &str)> {
        find(text).into_iter().map(|s| (s.expr, &text[s.span])).collect()
    }

    fn placed(text: &str, anchor: Anchor) -> Vec<(String, YearFrom, bool)> {
        find(text).iter().filter_map(|s| normalise(s, &anchor)).map(|p| (p.when.iso(), p.year_from, p.future)).collect()
    }

    fn dated(y: i32, m: u32, d: u32) -> Anchor {
        Anchor { date: Some(ymd(y, m, d)), ..Anchor::default() }
    }

    #[test]
    fn full_dates_win_over_their_parts() {
        assert_eq!(exprs("Oct 17, 2025 was busy."), [(Expr::Date(ymd(2025, 10, 17)), "Oct 17, 2025")]);
        assert_eq!(exprs("2025年4月10日，普京表示"), [(Expr::Date(ymd(2025, 4, 10)), "2025年4月10日")]);
    }

    #[test]
    fn days_and_months_without_a_year_are_found() {
        assert_eq!(exprs("On April 10, Putin spoke."), [(Expr::DayOfMonth { month: 4, day: 10 }, "April 10")]);
        assert_eq!(exprs("on the 3rd of March"), [(Expr::DayOfMonth { month: 3, day: 3 }, "3rd of March")]);
        assert_eq!(exprs("le 10 avril"), [(Expr::DayOfMonth { month: 4, day: 10 }, "10 avril")]);
        assert_eq!(exprs("4月10日"), [(Expr::DayOfMonth { month: 4, day: 10 }, "4月10日")]);
        assert_eq!(exprs("prices rose since January."), [(Expr::Month(1), "since January")]);
        assert_eq!(exprs("in April 2025"), [(Expr::MonthOfYear { year: 2025, month: 4 }, "April 2025")]);
        assert_eq!(exprs("2025年4月"), [(Expr::MonthOfYear { year: 2025, month: 4 }, "2025年4月")]);
    }

    #[test]
    fn month_words_that_are_common_words_need_a_capital_or_a_year() {
        assert!(exprs("They may 10 times over.").is_empty());
        assert!(exprs("It ranks 31st out of 83 countries.").is_empty());
        assert!(exprs("a set 12 of them").is_empty());
        assert_eq!(exprs("On May 10 they met."), [(Expr::DayOfMonth { month: 5, day: 10 }, "May 10")]);
        assert_eq!(exprs("10 out 2019"), [(Expr::Date(ymd(2019, 10, 10)), "10 out 2019")]);
        assert_eq!(exprs("dal set 2019"), [(Expr::MonthOfYear { year: 2019, month: 9 }, "set 2019")]);
    }

    #[test]
    fn bare_numbers_are_years_only_with_a_cue() {
        assert_eq!(exprs("full rollout by 2030."), [(Expr::Year(2030), "2030")]);
        assert!(find("full rollout by 2030.")[0].deadline);
        assert_eq!(exprs("In 2025, firms invested more."), [(Expr::Year(2025), "2025")]);
        assert!(!find("In 2025, firms invested more.")[0].deadline);
        assert_eq!(exprs("the 2030 goal"), [(Expr::Year(2030), "2030")]);
        assert!(find("the 2030 goal")[0].deadline);
        assert_eq!(exprs("в 2025 году"), [(Expr::Year(2025), "2025")]);
        assert_eq!(exprs("by the end of 2026"), [(Expr::Year(2026), "2026")]);
        assert!(find("by the end of 2026")[0].deadline);
        assert_eq!(exprs("from 2019 to 2021"), [(Expr::Year(2019), "2019"), (Expr::Year(2021), "2021")]);
        assert_eq!(exprs("growth in mid-2024"), [(Expr::Year(2024), "mid-2024")]);
        assert!(exprs("It employs 2000 people.").is_empty());
        assert!(exprs("cut by 2000 jobs").is_empty());
        assert!(exprs("Room 1984 is closed.").is_empty());
    }

    #[test]
    fn month_names_must_stand_as_words_in_any_script() {
        assert_eq!(exprs("с 10 мая"), [(Expr::DayOfMonth { month: 5, day: 10 }, "10 мая")]);
        assert_eq!(exprs("«10 мая»"), [(Expr::DayOfMonth { month: 5, day: 10 }, "10 мая")]);
        assert!(exprs("10 маяк").is_empty(), "a word that starts with a month name");
        assert_eq!(exprs("the firm’s April 10 launch"), [(Expr::DayOfMonth { month: 4, day: 10 }, "April 10")]);
        assert!(exprs("since Aprilx").is_empty());
        assert!(exprs("x10 April").is_empty() && exprs("April 10x").is_empty());
        assert!(exprs("within Marchés").is_empty());
        // a cue inside a word ("within") is not one, but a later one is
        assert_eq!(exprs("within early March"), [(Expr::Month(3), "early March")]);
        assert_eq!(exprs("in general since January"), [(Expr::Month(1), "since January")]);
        assert_eq!(exprs("2025年4月と"), [(Expr::MonthOfYear { year: 2025, month: 4 }, "2025年4月")]);
    }

    #[test]
    fn relative_phrases_are_found_whole() {
        assert_eq!(
            exprs("Last year sales fell; next month they rise."),
            [
                (Expr::Relative { unit: Precision::Year, offset: -1 }, "Last year"),
                (Expr::Relative { unit: Precision::Month, offset: 1 }, "next month")
            ]
        );
        assert!(exprs("the outlast yearbook").is_empty());
        assert_eq!(exprs("去年投资增长"), [(Expr::Relative { unit: Precision::Year, offset: -1 }, "去年")]);
    }

    #[test]
    fn a_missing_year_comes_from_the_document_date() {
        assert_eq!(
            placed("On April 10, Putin spoke.", dated(2026, 4, 14)),
            [("2026-04-10".into(), YearFrom::DocumentDate, false)]
        );
        // late December, read in early January: last year's
        assert_eq!(
            placed("On December 28 it began.", dated(2026, 1, 5)),
            [("2025-12-28".into(), YearFrom::DocumentDate, false)]
        );
        // a plan for early January, made in December: next year's
        assert_eq!(
            placed("Talks will resume on January 8.", dated(2025, 12, 20)),
            [("2026-01-08".into(), YearFrom::DocumentDate, true)]
        );
        assert_eq!(
            placed("Prices rose since January.", dated(2025, 3, 2)),
            [("2025-01".into(), YearFrom::DocumentDate, false)]
        );
    }

    #[test]
    fn a_missing_year_comes_from_the_passage_before_the_document_date() {
        let anchor = Anchor { passage_year: Some(2019), ..dated(2026, 4, 14) };
        assert_eq!(placed("On March 17 they met.", anchor), [("2019-03-17".into(), YearFrom::Passage, false)]);
    }

    #[test]
    fn a_missing_year_comes_from_the_context_without_a_date() {
        let anchor = Anchor { year: Some(2026), ..Anchor::default() };
        assert_eq!(placed("On April 10, Putin spoke.", anchor), [("2026-04-10".into(), YearFrom::Context, false)]);
        assert_eq!(placed("Last year firms spent more.", anchor), [("2025".into(), YearFrom::Context, false)]);
        assert!(placed("Last month firms spent more.", anchor).is_empty(), "a month back needs the date");
        assert!(placed("On April 10, Putin spoke.", Anchor::default()).is_empty());
    }

    #[test]
    fn relative_dates_count_from_the_document_date() {
        let anchor = dated(2025, 1, 15);
        assert_eq!(placed("Last month it fell.", anchor), [("2024-12".into(), YearFrom::DocumentDate, false)]);
        assert_eq!(placed("It opened yesterday.", anchor), [("2025-01-14".into(), YearFrom::DocumentDate, false)]);
        assert_eq!(placed("It will open next year.", anchor), [("2026".into(), YearFrom::DocumentDate, true)]);
    }

    #[test]
    fn dates_after_the_document_date_are_future() {
        let anchor = dated(2026, 4, 14);
        assert!(placed("a goal of full rollout by 2030", anchor)[0].2);
        assert!(!placed("In 2025, firms invested 257 billion.", anchor)[0].2);
        // the same year is ahead only as a limit or a plan
        assert!(!placed("Sales rose this year.", anchor)[0].2);
        assert!(placed("It should be done by the end of the year.", anchor)[0].2);
        let undated = Anchor { future: true, ..Anchor::default() };
        assert!(placed("full rollout in 2030", undated)[0].2, "no date: the words decide");
    }

    #[test]
    fn precision_is_kept_and_orders_coarse_first() {
        let year = When::year(2025);
        let month = When::month(2025, 4).unwrap();
        let day = When::day(ymd(2025, 4, 10));
        assert_eq!(
            (year.precision(), month.precision(), day.precision()),
            (Precision::Year, Precision::Month, Precision::Day)
        );
        assert!(year < month && month < day && day < When::year(2026));
        assert_eq!(
            (year.display(), month.display(), day.display()),
            ("2025".into(), "April 2025".into(), "10 April 2025".into())
        );
        assert_eq!(month.compare(ymd(2025, 4, 30)), Ordering::Equal);
        assert_eq!(month.compare(ymd(2025, 5, 1)), Ordering::Less);
    }

    #[test]
    fn future_words_are_read_in_several_languages() {
        let s = "Russia will build its own model.";
        assert!(speaks_of_future(s, &text::tokens(s)));
        let s = "Russia built its own model.";
        assert!(!speaks_of_future(s, &text::tokens(s)));
        let s = "俄罗斯计划建设";
        assert!(speaks_of_future(s, &text::tokens(s)));
    }

    proptest! {
        #[test]
        fn finding_and_placing_never_panics(text in "(?s).{0,200}", y in 1800i32..2200, m in 1u32..13, d in 1u32..29) {
            let anchor = Anchor { date: NaiveDate::from_ymd_opt(y, m, d), year: Some(y), passage_year: Some(y), future: y % 2 == 0 };
            for stated in find(&text) {
                prop_assert!(text.get(stated.span.clone()).is_some());
                let _ = normalise(&stated, &anchor);
            }
        }

        #[test]
        fn partial_dates_and_cued_months_are_found_as_with_boundaries(
            text in "((in|since|early|mid-|of|de|April|avr|ноября|мая|May|mar|out|[0-9]{1,4}|x|é|’|年|月|日|th|_|\\.|,|-| ){0,16})",
        ) {
            let (found, expected) = dates::matches_both_ways(&PARTIAL, &partial_pattern(), &text);
            prop_assert_eq!(found, expected);
            let (found, expected) = dates::matches_both_ways(&MONTH_WITH_CUE, &month_with_cue_pattern(), &text);
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn date_like_text_never_panics_and_spans_are_ordered(
            text in "((on|in|by|since|the|of|de|last|next|year|month|April|May|mar|out|Dec\\.|[0-9]{1,4}|2025|年|月|日|,|-) ?){0,30}",
            leap in proptest::bool::ANY,
        ) {
            let anchor = Anchor { date: NaiveDate::from_ymd_opt(if leap { 2024 } else { 2023 }, 2, 28), ..Anchor::default() };
            let mut last = 0;
            for stated in find(&text) {
                prop_assert!(stated.span.start >= last);
                last = stated.span.end;
                if let Some(p) = normalise(&stated, &anchor) {
                    prop_assert!(YEARS.contains(&p.when.year));
                }
            }
        }
    }
}
