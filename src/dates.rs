//! Calendar dates written in free text ("November 18, 2019 11:03 PM",
//! "10 avril 2025", "2025年4月10日", "2019-11-20", "19/11/2019"), found in a
//! line with their byte range. Cleaning uses it for an article's date and
//! bylines; the timeline uses it for dated events.
//!
//! Only full dates (day, month and year) are recognised: "April 2025" or
//! "on Monday" say too little to place a document on a timeline.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex_automata::util::captures::Captures;
use regex_automata::util::look::LookMatcher;
use regex_automata::{Anchored, Input, meta};

/// A date found in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// The calendar day.
    pub date: NaiveDate,
    /// Where it is written in the line (byte offsets, on char boundaries).
    pub span: Range<usize>,
}

/// Years outside this range are taken for other numbers (prices, counts).
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Month names (and their usual abbreviations) by month number, in the
/// languages whose news sites write dates with words. Genitive and
/// abbreviated forms are listed where a language uses them in dates.
#[rustfmt::skip]
const MONTH_NAMES: [&[&str]; 12] = [
    &["january", "jan", "janvier", "janv", "januar", "jän", "enero", "ene", "janeiro", "gennaio", "gen", "januari", "января", "январь", "янв", "stycznia", "ocak"],
    &["february", "feb", "févr", "février", "fevrier", "februar", "febrero", "fevereiro", "fev", "febbraio", "februari", "февраля", "февраль", "фев", "lutego", "şubat"],
    &["march", "mar", "mars", "märz", "marzo", "março", "marco", "maart", "марта", "март", "мар", "marca", "mart"],
    &["april", "apr", "avril", "avr", "abril", "abr", "aprile", "апреля", "апрель", "апр", "kwietnia", "nisan"],
    &["may", "mai", "mayo", "maio", "maggio", "mag", "mei", "мая", "май", "maja", "mayıs"],
    &["june", "jun", "juin", "juni", "junio", "junho", "giugno", "giu", "июня", "июнь", "июн", "czerwca", "haziran"],
    &["july", "jul", "juillet", "juil", "juli", "julio", "julho", "luglio", "lug", "июля", "июль", "июл", "lipca", "temmuz"],
    &["august", "aug", "août", "aout", "agosto", "ago", "augustus", "августа", "август", "авг", "sierpnia", "ağustos"],
    &["september", "sep", "sept", "septembre", "septiembre", "setembro", "set", "settembre", "сентября", "сентябрь", "сен", "września", "eylül"],
    &["october", "oct", "octobre", "oktober", "okt", "octubre", "outubro", "out", "ottobre", "ott", "октября", "октябрь", "окт", "października", "ekim"],
    &["november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "ноя", "listopada", "kasım"],
    &["december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic", "dezembro", "dicembre", "desember", "декабря", "декабрь", "дек", "grudnia", "aralık"],
];

/// Month number by lowercase name.
static MONTHS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
    let mut months = HashMap::new();
    for (i, names) in MONTH_NAMES.iter().enumerate() {
        for name in *names {
            months.insert(*name, i as u32 + 1);
        }
    }
    months
});

/// Every way of writing a date this module knows, as one regex with a named
/// group per part (`y`, `m`, `d`, or `mn` for a month name); the suffix of a
/// group name says which alternative matched.
static DATE: LazyLock<WordRegex> =
    LazyLock::new(|| WordRegex::new(&date_pattern()).expect("the date patterns are valid"));

/// The pattern of [`DATE`].
fn date_pattern() -> String {
    let month = month_alternation();
    let day = r"(?:[0-3]?\d)";
    let ordinal = r"(?:st|nd|rd|th|er|º|°)?";
    let patterns = [
        // 2019-11-20, 2019/11/20, 2019.11.20
        r"\b(?P<y1>\d{4})[-/.](?P<m1>[01]?\d)[-/.](?P<d1>[0-3]?\d)\b".to_string(),
        // 2025年4月10日, 2018년 11월 06일
        r"(?P<y2>\d{4})\s*[年년]\s*(?P<m2>[01]?\d)\s*[月월]\s*(?P<d2>[0-3]?\d)\s*[日일]".to_string(),
        // 20/11/2019, 20.11.2019, 11/20/2019
        r"\b(?P<a3>[0-3]?\d)[/.](?P<b3>[0-3]?\d)[/.](?P<y3>\d{4})\b".to_string(),
        // 18 November 2019, 10 avril 2025, 10. April 2025, 19 de noviembre de 2019
        format!(
            r"(?i)\b(?P<d4>{day}){ordinal}\.?\s+(?:de\s+)?(?P<mn4>{month})\.?,?\s+(?:de\s+|del\s+)?(?P<y4>\d{{4}})\b"
        ),
        // November 18, 2019; Nov. 19 2019; Oct 17, 2025; November 18th, 2019
        format!(r"(?i)\b(?P<mn5>{month})\.?\s+(?P<d5>{day}){ordinal},?\s+(?P<y5>\d{{4}})\b"),
    ];
    patterns.join("|")
}

/// Every month name and abbreviation as one regex alternation, longest
/// first so that "sept" wins over "sep" and "juillet" over "juil".
pub fn month_alternation() -> String {
    let mut names: Vec<&str> = MONTH_NAMES.iter().flat_map(|n| n.iter().copied()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.iter().map(|n| regex::escape(n)).collect::<Vec<_>>().join("|")
}

/// The month (1-12) a month name or abbreviation of any case stands for.
pub fn month_number(name: &str) -> Option<u32> {
    MONTHS.get(name.to_lowercase().as_str()).copied()
}

/// Every full date written in `line`, in order of position.
pub fn find(line: &str) -> Vec<FoundDate> {
    if !has_year(line) {
        return Vec::new();
    }
    DATE.captures_iter(line)
        .filter_map(|caps| {
            let span = caps.span();
            // A month name must start a word ("Nov" but not "reNov").
            let inside_word = line[..span.start].chars().next_back().is_some_and(char::is_alphanumeric);
            if inside_word {
                return None;
            }
            Some(FoundDate { date: date_of(&caps)?, span })
        })
        .collect()
}

/// Whether `line` has four digits in a row: every date written has a year.
fn has_year(line: &str) -> bool {
    let mut run = 0;
    for b in line.bytes() {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run == 4 {
            return true;
        }
    }
    false
}

/// The first full date written in `line`.
pub fn first(line: &str) -> Option<FoundDate> {
    find(line).into_iter().next()
}

fn date_of(caps: &WordMatch<'_>) -> Option<NaiveDate> {
    let num = |name: &str| caps.name(name).and_then(|m| m.parse::<u32>().ok());
    let year = |name: &str| caps.name(name).and_then(|m| m.parse::<i32>().ok());
    let month_name = |name: &str| caps.name(name).and_then(month_number);
    let (y, m, d) = if let Some(y) = year("y1") {
        (y, num("m1")?, num("d1")?)
    } else if let Some(y) = year("y2") {
        (y, num("m2")?, num("d2")?)
    } else if let Some(y) = year("y3") {
        let (a, b) = (num("a3")?, num("b3")?);
        // Day first, as most of the world writes it, unless that is impossible.
        if a > 12 || b <= 12 { (y, b, a) } else { (y, a, b) }
    } else if let Some(y) = year("y4") {
        (y, month_name("mn4")?, num("d4")?)
    } else {
        (year("y5")?, month_name("mn5")?, num("d5")?)
    };
    if !YEARS.contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A regex whose alternatives start and end with Unicode word boundaries
/// (`\b`), searched fast in any script. On text that is not all ASCII a
/// Unicode `\b` stops the regex crate's lazy DFA, and the slow engines then
/// run over the whole text; here the pattern without its `\b`s is
/// searched instead (the DFA handles that in any text) and each match
/// checked for boundaries at both ends. Only where one is missing is the
/// pattern as written asked, anchored at that spot: it finds what the
/// regex with its boundaries would, since a path whose boundaries hold is
/// preferred by both in the same order.
pub(crate) struct WordRegex {
    /// The pattern with its `\b`s left out.
    loose: meta::Regex,
    /// The pattern as written.
    exact: meta::Regex,
}

impl WordRegex {
    /// Compiles `pattern`, whose `\b`s stand only at the start or end of
    /// its alternatives and never inside a repetition.
    pub(crate) fn new(pattern: &str) -> Result<WordRegex, Box<meta::BuildError>> {
        let loose = meta::Regex::new(&pattern.replace(r"\b", ""))?;
        Ok(WordRegex { loose, exact: meta::Regex::new(pattern)? })
    }

    /// The successive non-overlapping matches in `text`, as the regex
    /// crate's `captures_iter` finds them.
    pub(crate) fn captures_iter<'r, 't>(&'r self, text: &'t str) -> impl Iterator<Item = WordMatch<'t>> + use<'r, 't> {
        let mut at = 0;
        std::iter::from_fn(move || {
            while at <= text.len() {
                let mut caps = self.loose.create_captures();
                self.loose.search_captures(&Input::new(text).range(at..), &mut caps);
                let found = caps.get_match()?;
                let start = found.start();
                if !(is_boundary(text, start) && is_boundary(text, found.end())) {
                    caps = self.exact.create_captures();
                    let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                    self.exact.search_captures(&input, &mut caps);
                }
                let next_char = start + text[start..].chars().next().map_or(1, char::len_utf8);
                match caps.get_match() {
                    Some(m) => {
                        at = m.end().max(next_char);
                        return Some(WordMatch { text, caps });
                    }
                    None => at = next_char,
                }
            }
            None
        })
    }
}

/// Whether a Unicode word boundary (`\b`) is at byte `at` of `text`.
fn is_boundary(text: &str, at: usize) -> bool {
    LookMatcher::new().is_word_unicode(text.as_bytes(), at).unwrap_or(false)
}

/// A match of a [`WordRegex`].
pub(crate) struct WordMatch<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> WordMatch<'t> {
    /// Where the whole match is.
    pub(crate) fn span(&self) -> Range<usize> {
        self.caps.get_match().map_or(0..0, |m| m.range())
    }

    /// The text of the group `name`, when it took part in the match.
    pub(crate) fn name(&self, name: &str) -> Option<&'t str> {
        self.caps.get_group_by_name(name).map(|span| &self.text[span.range()])
    }
}

/// The groups of each match of `re` in `text`, and of the regex crate's
/// matches of `pattern` (what `re` was made from): a test that they agree.
#[cfg(test)]
#[allow(clippy::type_complexity)]
pub(crate) fn matches_both_ways<'t>(
    re: &WordRegex,
    pattern: &str,
    text: &'t str,
) -> (Vec<Vec<Option<&'t str>>>, Vec<Vec<Option<&'t str>>>) {
    let plain = regex::Regex::new(pattern).expect("a valid pattern");
    let expected = plain.captures_iter(text).map(|c| c.iter().map(|m| m.map(|m| m.as_str())).collect()).collect();
    let names: Vec<Option<&str>> = plain.capture_names().collect();
    let found = re
        .captures_iter(text)
        .map(|m| {
            let group = |(i, name): (usize, &Option<&str>)| match name {
                Some(name) => m.name(name),
                None if i == 0 => text.get(m.span()),
                None => None,
            };
            names.iter().enumerate().map(group).collect()
        })
        .collect();
    (found, expected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dates(line: &str) -> Vec<NaiveDate> {
        find(line).into_iter().map(|f| f.date).collect()
    }

    #[test]
    fn english_month_day_year_with_time_and_weekday() {
        assert_eq!(dates("Reuters November 18, 2019 11:03 PM"), [ymd(2019, 11, 18)]);
        assert_eq!(dates("Posted by Jo on Tuesday, November 19, 2019, 6:21 AM EST"), [ymd(2019, 11, 19)]);
        assert_eq!(dates("Oct 17, 2025"), [ymd(2025, 10, 17)]);
        assert_eq!(dates("Published: Nov. 19, 2019, 6:18 p.m."), [ymd(2019, 11, 19)]);
        assert_eq!(dates("- Nov. 18th 2019 8:54 am PT"), [ymd(2019, 11, 18)]);
        assert_eq!(dates("NOVEMBER 20, 2019 10:43"), [ymd(2019, 11, 20)]);
    }

    #[test]
    fn day_month_year_in_several_languages() {
        assert_eq!(dates("19 NOV 2019"), [ymd(2019, 11, 19)]);
        assert_eq!(dates("10 avril 2025"), [ymd(2025, 4, 10)]);
        assert_eq!(dates("am 10. April 2025 in Berlin"), [ymd(2025, 4, 10)]);
        assert_eq!(dates("el 19 de noviembre de 2019"), [ymd(2019, 11, 19)]);
        assert_eq!(dates("02 Ago 2017"), [ymd(2017, 8, 2)]);
        assert_eq!(dates("19 ноября 2019 года"), [ymd(2019, 11, 19)]);
        assert_eq!(dates("Wednesday 20 November 2019 9:22 am"), [ymd(2019, 11, 20)]);
        assert_eq!(dates("1st March 2020"), [ymd(2020, 3, 1)]);
    }

    #[test]
    fn cjk_and_korean_dates() {
        assert_eq!(dates("2025年4月10日，普京表示"), [ymd(2025, 4, 10)]);
        assert_eq!(dates("등록년월일 : 2012년 11월 06일"), [ymd(2012, 11, 6)]);
    }

    #[test]
    fn numeric_dates_prefer_day_first_unless_impossible() {
        assert_eq!(dates("2018-08-16"), [ymd(2018, 8, 16)]);
        assert_eq!(dates("기사입력 :[ 2018-08-25 15:24 ]"), [ymd(2018, 8, 25)]);
        assert_eq!(dates("Carlos 27/09/2018 Comente!"), [ymd(2018, 9, 27)]);
        assert_eq!(dates("11/20/2019 01:14 PM"), [ymd(2019, 11, 20)]);
        assert_eq!(dates("05/04/2019"), [ymd(2019, 4, 5)]);
    }

    #[test]
    fn span_covers_the_date_text() {
        let line = "Updated : 19 November 2019, 09:01 AM";
        let found = first(line).unwrap();
        assert_eq!(&line[found.span], "19 November 2019");
    }

    #[test]
    fn several_dates_in_one_line_come_in_order() {
        assert_eq!(
            dates("PUBLISHED: 00:01, Tue, Nov 19, 2019 | UPDATED: 10:43, Tue, Nov 19, 2019"),
            [ymd(2019, 11, 19), ymd(2019, 11, 19)]
        );
    }

    #[test]
    fn month_names_inside_words_are_not_months() {
        assert!(dates("Renov 12, 2019").is_empty());
        assert_eq!(dates("(Nov 12, 2019)"), [ymd(2019, 11, 12)]);
    }

    #[test]
    fn partial_or_impossible_dates_are_not_dates() {
        assert!(dates("April 2025").is_empty());
        assert!(dates("on April 10, Putin said").is_empty());
        assert!(dates("February 30, 2020").is_empty());
        assert!(dates("Rs 24 lakh in 2019").is_empty());
        assert!(dates("Section 3 of 1066").is_empty());
        assert!(dates("May 40, 2019").is_empty());
        assert!(dates("12 May 0200").is_empty());
    }

    #[test]
    fn month_names_in_other_scripts_are_bounded_words() {
        assert_eq!(dates("19 ноября 2019 года"), [ymd(2019, 11, 19)]);
        assert_eq!(dates("«19 ноября 2019»"), [ymd(2019, 11, 19)]);
        assert!(dates("19 ноябряx 2019").is_empty());
        assert!(dates("19 xноября 2019").is_empty());
    }

    #[test]
    fn digits_and_letters_next_to_a_date_keep_it_from_matching() {
        assert!(dates("x2019-11-20").is_empty());
        assert!(dates("2019-11-201").is_empty());
        assert!(dates("Nov 12, 20190").is_empty());
        assert_eq!(dates("é 2019-11-20 é"), [ymd(2019, 11, 20)]);
        assert_eq!(dates("’Nov 12, 2019’"), [ymd(2019, 11, 12)]);
    }

    #[test]
    fn a_failed_boundary_falls_back_to_a_later_alternative() {
        // "12 Nov 2019" cannot end at "2019x", but "2019x" does not stop the
        // date that starts inside what the loose pattern took.
        assert_eq!(dates("Nov 12 2019x 3 March 2020"), [ymd(2020, 3, 3)]);
        let re = WordRegex::new(r"\bab\b|a").unwrap();
        let found: Vec<Range<usize>> = re.captures_iter("abc ab").map(|m| m.span()).collect();
        assert_eq!(found, [0..1, 4..6]);
    }

    proptest! {
        #[test]
        fn word_regex_finds_what_the_regex_with_boundaries_finds(
            text in "((Nov|ноября|avril|de|мая|May|[0-9]{1,4}|x|é|’|年|月|日|_|\\.|,|-|/| ){0,16})",
        ) {
            let (found, expected) = matches_both_ways(&DATE, &date_pattern(), &text);
            prop_assert_eq!(found, expected);
        }
    }
}
