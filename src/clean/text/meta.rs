//! What a page says about its article around the body: the headline, the
//! publisher's name, the byline and the date, read from the lines just
//! before the body (and, for the publisher and date, from the footer).
//!
//! The headline is the line before the body that shares the most words
//! with it (a menu item or another story's headline shares few); a page
//! without one gets the first clause of its lead, as a reader would name it.

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::Block;
use super::classify::Class;
use super::cues::Cue;
use super::features::{Ending, Terms, content_terms};
use super::language::Language;
use super::lines::Marker;
use crate::dates;

/// How many lines before the body a headline is looked for.
const TITLE_WINDOW: usize = 30;
/// How much of the body (weight) a headline is compared with.
const BODY_SAMPLE: usize = 1500;
/// A derived headline is cut to about this many words.
const DERIVED_TITLE_WORDS: usize = 16;

/// The article's headline and what the page says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// The headline.
    pub title: String,
    /// The line the headline was read from, when it is one.
    pub title_line: Option<usize>,
    /// A subtitle right under the headline, when there is one.
    pub dek_line: Option<usize>,
    /// The line that names the publisher under the headline, when one does.
    pub brand_line: Option<usize>,
    /// Who published it.
    pub publisher: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published.
    pub date: Option<NaiveDate>,
}

/// Reads the header of the article whose body spans `body` in `blocks`
/// (classified as `classes`).
pub fn read(blocks: &[Block], classes: &[Class], body: Range<usize>, language: &Language) -> Header {
    let body_terms = body_terms(blocks, &body, language);
    let mut header = headline(blocks, classes, &body, &body_terms, language);
    let zone = zone(blocks, classes, &header, &body);
    read_bylines(blocks, zone.clone(), &mut header);
    header.date = date(blocks, zone, &body);
    if header.publisher.is_none() {
        header.publisher = blocks.iter().rev().find_map(|b| copyright_holder(&b.line.text));
    }
    header
}

/// The headline (and a subtitle under it) from a line before the body, or
/// made from the lead when no line fits.
fn headline(
    blocks: &[Block],
    classes: &[Class],
    body: &Range<usize>,
    body_terms: &Terms,
    language: &Language,
) -> Header {
    if let Some(t) = find_title(blocks, body, body_terms, language) {
        let dek_line = find_dek(blocks, classes, t, body_terms, language);
        return Header { title: blocks[t].line.text.clone(), title_line: Some(t), dek_line, ..Header::default() };
    }
    let first = |class: Class| body.clone().find(|&i| blocks[i].first_class == class);
    let lead = first(Class::Good).or_else(|| first(Class::NearGood)).or_else(|| first(Class::Short));
    Header { title: lead.map_or_else(String::new, |i| derived_title(&blocks[i].line.text)), ..Header::default() }
}

/// Fills the author and publisher from the bylines in `zone`, or the
/// publisher from a name standing alone under the headline.
fn read_bylines(blocks: &[Block], zone: Range<usize>, header: &mut Header) {
    for i in zone {
        if let Some((author, publisher)) = byline(&blocks[i].line.text) {
            header.author = header.author.take().or(author);
            header.publisher = header.publisher.take().or(publisher);
        } else if header.brand_line.is_none() && near_top(header, i) && is_brand(&blocks[i]) {
            header.brand_line = Some(i);
        }
    }
    if header.publisher.is_none() {
        header.publisher = header.brand_line.map(|i| blocks[i].line.text.clone());
    }
}

/// The publication date: from a dateline under the headline, else shortly
/// above it, else right after the body.
fn date(blocks: &[Block], zone: Range<usize>, body: &Range<usize>) -> Option<NaiveDate> {
    let dateline_at = |i: usize| dateline(&blocks[i].line.text);
    let above = zone.start.saturating_sub(TITLE_WINDOW)..zone.start;
    zone.clone()
        .find_map(dateline_at)
        .or_else(|| above.rev().find_map(dateline_at))
        .or_else(|| footer(blocks, body).find_map(dateline_at))
}

/// Where bylines, datelines and the publisher's name stand: from under the
/// headline (and subtitle) to the first paragraph of prose; without a
/// headline, the lines shortly before the body.
fn zone(blocks: &[Block], classes: &[Class], header: &Header, body: &Range<usize>) -> Range<usize> {
    let Some(top) = header.dek_line.or(header.title_line) else {
        return body.start.saturating_sub(TITLE_WINDOW)..body.start;
    };
    let start = top + 1;
    let end = (start..body.end.max(start)).find(|&i| is_prose(blocks, classes, i));
    start..end.unwrap_or(body.end.max(start))
}

/// The lines right after the body, up to the first list of other stories:
/// where a page may repeat its publication date.
fn footer(blocks: &[Block], body: &Range<usize>) -> impl Iterator<Item = usize> {
    (body.end..blocks.len().min(body.end + 8)).take_while(|&i| blocks[i].cue.is_none_or(|c| !c.heads_story_list()))
}

/// The content terms of the body's first prose (not of its short lines,
/// one of which may be the headline itself).
fn body_terms(blocks: &[Block], body: &Range<usize>, language: &Language) -> Terms {
    let mut text = String::new();
    let mut weight = 0;
    for block in &blocks[body.clone()] {
        let prose = matches!(block.first_class, Class::Good | Class::NearGood) && !headline_like(block);
        if !prose {
            continue;
        }
        if weight > BODY_SAMPLE {
            break;
        }
        weight += block.features.weight;
        text.push_str(&block.line.text);
        text.push('\n');
    }
    content_terms(&text, language)
}

/// Whether a line could be a headline: a few words, not a sentence ending
/// in a full stop, not furniture or a byline.
fn headline_like(block: &Block) -> bool {
    let f = &block.features;
    let marker_ok = matches!(block.line.marker, Marker::Plain | Marker::Heading(1 | 2));
    let text = block.line.text.trim_end_matches(['"', '”', '’', '\'', ')', '」', '》']);
    let stops = text.ends_with(['.', '。', ',', ';', '，']) && !text.ends_with("...");
    marker_ok
        && block.cue.is_none()
        && !block.metadata
        && !block.line.text.contains(" | ")
        && !stops
        && !matches!(f.ending, Ending::Colon | Ending::Ellipsis)
        && (3..=40).contains(&f.words)
        && f.weight >= 12
        && f.letter_share >= 0.5
}

/// How well `text` could head a body with `body_terms`: how many of its
/// content terms the body shares, times the share of its terms that are
/// shared (a headline's words are nearly all the article's; a promotion's
/// or another story's only partly).
fn fit(text: &str, body_terms: &Terms, language: &Language) -> f32 {
    let terms = content_terms(text, language);
    let shared = terms.intersection(body_terms).count();
    if shared < MIN_SHARED {
        return 0.0;
    }
    let fit = (shared * shared) as f32 / terms.len() as f32;
    // Headlines are short; a long line that shares many words is a caption
    // or a lead.
    let words = text.split_whitespace().count().max(1);
    if words > HEADLINE_WORDS { fit * HEADLINE_WORDS as f32 / words as f32 } else { fit }
}

/// A candidate headline shares at least this many content terms with the
/// body.
const MIN_SHARED: usize = 2;
/// Headlines have at most about this many words; longer lines fit less.
const HEADLINE_WORDS: usize = 20;
/// The first candidate that fits at least this share of the best fit wins
/// (a headline comes before its subtitle).
const NEAR_BEST_FIT: f32 = 0.75;
/// A page often shows its headline twice (in the breadcrumbs or the
/// window title, and over the article): a line written twice near the body
/// fits this much better.
const REPEATED_FIT: f32 = 1.5;

/// The headline's line: among headline-like lines shortly before the body
/// (or opening it), the first that fits the body nearly as well as the
/// best one does.
fn find_title(blocks: &[Block], body: &Range<usize>, body_terms: &Terms, language: &Language) -> Option<usize> {
    let window = body.start.saturating_sub(TITLE_WINDOW)..(body.start + 1).min(body.end);
    let texts: Vec<&str> = window.clone().map(|i| blocks[i].line.text.as_str()).collect();
    let names = names_in_bylines(blocks);
    let candidates: Vec<(usize, f32)> = window
        .filter(|&i| headline_like(&blocks[i]))
        .filter(|&i| i < body.start || opens_body(blocks, i, body))
        .filter(|&i| !names.iter().any(|n| n.contains(blocks[i].line.text.as_str())))
        .map(|i| {
            let text = blocks[i].line.text.as_str();
            let twice = texts.iter().filter(|t| **t == text).count() > 1;
            let fit = fit(text, body_terms, language);
            (i, if twice { fit * REPEATED_FIT } else { fit })
        })
        .collect();
    let best = candidates.iter().map(|&(_, f)| f).fold(0.0, f32::max);
    let enough = best * NEAR_BEST_FIT;
    let Some(&(chosen, _)) = candidates.iter().find(|&&(_, f)| f > 0.0 && f >= enough) else {
        return nearest_headline(blocks, body, body_terms, language);
    };
    // A breadcrumb trail that ends with the headline comes before the
    // headline itself: the line that is only the headline wins.
    let text = &blocks[chosen].line.text;
    let inside = candidates.iter().find(|&&(i, f)| i > chosen && f > 0.0 && text.contains(&blocks[i].line.text));
    Some(inside.map_or(chosen, |&(i, _)| i))
}

/// The bylines and copyright notices of the page: a line they contain
/// ("Atlas News Service" in "By Emma Ozturk | Atlas News Service") is the
/// site's name, not a headline.
fn names_in_bylines(blocks: &[Block]) -> Vec<&str> {
    blocks.iter().filter(|b| b.metadata || b.cue == Some(Cue::Legal)).map(|b| b.line.text.as_str()).collect()
}

/// How many lines above the body a headline that shares only a word with
/// it may stand.
const NEAR_TITLE: usize = 6;

/// Failing a line that fits the body well, the nearest headline-like line
/// right above it that shares at least a word with it, or that stands over
/// a byline or dateline with only such lines and widgets below it.
fn nearest_headline(blocks: &[Block], body: &Range<usize>, body_terms: &Terms, language: &Language) -> Option<usize> {
    let mut only_header_below = true;
    let mut byline_below = false;
    for i in (body.start.saturating_sub(NEAR_TITLE)..body.start).rev() {
        let block = &blocks[i];
        if headline_like(block) {
            let heads_byline = only_header_below && byline_below;
            if heads_byline || content_terms(&block.line.text, language).intersection(body_terms).next().is_some() {
                return Some(i);
            }
        }
        only_header_below &= block.metadata || block.cue.is_some();
        byline_below |= block.metadata;
    }
    first_line_headline(blocks, body)
}

/// A headline-like line that opens the body with nothing but furniture
/// above it heads the article even when it shares no word with the few
/// lines below (a short report under its headline, as typed or pasted).
fn first_line_headline(blocks: &[Block], body: &Range<usize>) -> Option<usize> {
    let i = body.start;
    let only_furniture_above = blocks[..i].iter().all(|b| b.metadata || b.cue.is_some());
    (i < blocks.len() && headline_like(&blocks[i]) && opens_body(blocks, i, body) && only_furniture_above).then_some(i)
}

/// Whether line `i`, the first of the body, is a headline on top of it
/// rather than its first paragraph: prose follows it.
fn opens_body(blocks: &[Block], i: usize, body: &Range<usize>) -> bool {
    i == body.start && body.len() > 1 && blocks[i].features.ending != Ending::Sentence
}

/// Whether line `i` is prose in its own right: classified so, and not only
/// thanks to its neighbours (as a short line between paragraphs is).
fn is_prose(blocks: &[Block], classes: &[Class], i: usize) -> bool {
    classes[i] == Class::Good && blocks[i].first_class != Class::Short && !blocks[i].metadata
}

/// A subtitle: the line right under the headline, when it reads like one
/// (a sentence or headline that shares words with the body) and header
/// lines (a byline, a credit) rather than prose follow it: else it is the
/// lead paragraph.
fn find_dek(
    blocks: &[Block],
    classes: &[Class],
    title: usize,
    body_terms: &Terms,
    language: &Language,
) -> Option<usize> {
    let next = title + 1;
    let block = blocks.get(next)?;
    let long_enough = block.features.words >= 8 && block.features.weight >= 70;
    let plain = block.cue.is_none() && !block.metadata && block.line.marker == Marker::Plain;
    let header_follows = next + 1 < blocks.len() && !is_prose(blocks, classes, next + 1);
    let shares = || fit(&block.line.text, body_terms, language) > 0.0;
    (long_enough && plain && header_follows && shares()).then_some(next)
}

/// A headline made from the lead's first sentence: its first clause when
/// that is long enough, cut to a headline's length.
fn derived_title(lead: &str) -> String {
    // A headline comes from the lead's first words; a huge line is cut first
    // so that finding its sentence and clause stays cheap.
    let lead = &lead[..crate::clean::lang::floor_char_boundary(lead, 600)];
    let sentence = first_sentence(lead);
    let clause = sentence
        .match_indices([',', ';', '，', '；', '—'])
        .map(|(at, _)| &sentence[..at])
        .find(|c| c.split_whitespace().count() >= 6 || (c.chars().count() >= 12 && !c.contains(' ')))
        .unwrap_or(sentence);
    let words: Vec<&str> = clause.split_whitespace().collect();
    let title = if words.len() > DERIVED_TITLE_WORDS {
        format!("{}…", words[..DERIVED_TITLE_WORDS].join(" "))
    } else if words.len() <= 1 {
        clause.chars().take(40).collect()
    } else {
        words.join(" ")
    };
    title.trim_end_matches(['.', '。', ':', '：', ' ']).to_string()
}

fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let ends = match c {
            '。' | '！' | '？' => true,
            '.' | '!' | '?' => next.is_none_or(|n| n == ' ') && !ends_with_initial(&text[..at]),
            _ => false,
        };
        if ends {
            return &text[..at + c.len_utf8()];
        }
    }
    text
}

/// Whether `text` ends with an initial or a short abbreviation ("U.S", "Mr"),
/// so the full stop after it does not end a sentence.
fn ends_with_initial(text: &str) -> bool {
    let last = text.rsplit(' ').next().unwrap_or("");
    let letters = last.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 1 || last.contains('.') || matches!(last, "Mr" | "Mrs" | "Ms" | "Dr" | "St" | "Jr" | "Sr" | "Prof")
}

/// "By Jane Doe | The Post", "Posted by Jo on …", "Par Marie Dupont":
/// what a byline says of the author and, after a bar, the publisher.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[|·•—–-]\s*)(?i:by|posted by|written by|words by|author:|von|par|por|door|av|af)\s+(?P<who>\p{Lu}.*)$",
    )
    .expect("the byline pattern is valid")
});

/// Words that end the name in a byline.
static NAME_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s+(?:on|at|in|am|le|el|il|em|updated|published)\s|\s*[|·•—]\s*|\s+-\s+|,?\s+\d")
        .expect("the name-end pattern is valid")
});

/// Whether `text` is a byline.
pub fn is_byline(text: &str) -> bool {
    text.split_whitespace().nth(20).is_none() && BYLINE.is_match(text)
}

/// The author and publisher a byline names.
fn byline(text: &str) -> Option<(Option<String>, Option<String>)> {
    if !is_byline(text) {
        return None;
    }
    let caps = BYLINE.captures(text)?;
    let who = caps.name("who")?.as_str();
    let name_end = NAME_END.find(who).map_or(who.len(), |m| m.start());
    let author = name(&who[..name_end]).map(|n| unshout(&n));
    let publisher = who[name_end..]
        .split_once('|')
        .map(|(_, rest)| rest.trim())
        .filter(|p| dates::first(p).is_none())
        .and_then(name);
    Some((author, publisher))
}

/// A person's or organisation's name as written, trimmed; `None` unless it
/// looks like a name.
fn name(text: &str) -> Option<String> {
    let text = text.trim().trim_matches([',', ';', ':', '-', '|', '.', ' ']);
    let words = text.split_whitespace().count();
    if !(1..=10).contains(&words) || text.chars().any(|c| c.is_ascii_digit()) || text.contains('@') {
        return None;
    }
    Some(text.to_string())
}

/// A person's name in title case if it was shouted ("LISA MASCARO").
fn unshout(name: &str) -> String {
    let upper = name.chars().filter(|c| c.is_uppercase()).count();
    let lower = name.chars().filter(|c| c.is_lowercase()).count();
    if upper > 3 && upper >= 4 * lower { title_case(name) } else { name.to_string() }
}

fn title_case(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            let lower = word.to_lowercase();
            if matches!(lower.as_str(), "and" | "of" | "the" | "for" | "und" | "et" | "y") {
                return lower;
            }
            let mut chars = lower.chars();
            chars.next().map_or(String::new(), |first| first.to_uppercase().chain(chars).collect())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// How many lines under the headline (or subtitle) the publisher's name
/// may stand.
const BRAND_REACH: usize = 3;

/// Whether line `i` is at most [`BRAND_REACH`] lines under the headline.
fn near_top(header: &Header, i: usize) -> bool {
    header.dek_line.or(header.title_line).is_some_and(|top| i > top && i <= top + BRAND_REACH)
}

/// Whether a line under the headline is the publisher's name: one word
/// ("Odaily", "動區BlockTempo", "REUTERS"), capitalised, set apart by blank
/// lines (a section label in a menu run is not), not furniture.
fn is_brand(block: &Block) -> bool {
    let text = &block.line.text;
    let mut words = text.split_whitespace();
    let (Some(word), None) = (words.next(), words.next()) else {
        return false;
    };
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let starts_capital = word.chars().next().is_some_and(|c| c.is_uppercase() || !c.is_lowercase());
    block.cue.is_none()
        && !block.metadata
        && block.line.marker == Marker::Plain
        && block.line.gap_before
        && block.line.gap_after
        && letters >= 3
        && word.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '&'))
        && starts_capital
        && dates::first(word).is_none()
}

/// The date of a line that is mostly a date ("Published 7:07 PM EST Nov
/// 19, 2019", "Reuters November 18, 2019 11:03 PM").
pub fn dateline(text: &str) -> Option<NaiveDate> {
    // A date takes at most a handful of words; a longer line is no dateline.
    if text.split_whitespace().nth(14).is_some() {
        return None;
    }
    let found = dates::first(text)?;
    let rest = format!("{} {}", &text[..found.span.start], &text[found.span.end..]);
    let words = rest.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2).count();
    (words <= 6).then_some(found.date)
}

/// "© 2019 The Paradigm. All rights reserved." → "The Paradigm".
static COPYRIGHT_HOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,.]*(?P<holder>[^.|•©]+)")
        .expect("the copyright holder pattern is valid")
});

/// The holder a copyright notice names.
fn copyright_holder(text: &str) -> Option<String> {
    // The pattern first: it rules out most lines far faster than the cues.
    let holder = COPYRIGHT_HOLDER.captures(text)?.name("holder")?.as_str();
    if !matches!(super::cues::cue(text, text.split_whitespace().count()), Some(Cue::Legal)) {
        return None;
    }
    let holder = holder.split(" All ").next().unwrap_or(holder);
    // "Al Bawaba (www.albawaba.com)" is cut at its full stop: drop the
    // unclosed bracket left.
    let holder = holder.split_once(" (").filter(|(_, rest)| !rest.contains(')')).map_or(holder, |(h, _)| h);
    let holder = holder.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    let holder = name(holder)?;
    let lower = holder.to_lowercase();
    let generic = ["all rights", "copyright", "rights reserved"].iter().any(|g| lower.starts_with(g));
    (holder.split_whitespace().count() <= 6 && !generic).then_some(holder)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::clean::text::testing::reading;

    const LEAD: &str = "The city council approved a new school budget on Monday after a long debate, and the \
                        mayor said the budget would give every school in the city more teachers next year.";

    #[test]
    fn the_headline_is_the_line_that_fits_the_body_not_a_promotion_before_it() {
        let dump = format!(
            "Download our free guide to city budgets\nCouncil approves school budget\n\
             Council approves school budget\nBy Jo Smith\n\n{LEAD}\n\n{LEAD}"
        );
        let (r, _) = reading(&dump);
        assert_eq!(r.header.title, "Council approves school budget");
        assert_eq!(r.header.author.as_deref(), Some("Jo Smith"));
    }

    #[test]
    fn a_breadcrumb_ending_with_the_headline_gives_way_to_it() {
        let dump =
            format!("Home News Council approves school budget\nCouncil approves school budget\n\n{LEAD}\n\n{LEAD}");
        assert_eq!(reading(&dump).0.header.title_line, Some(1));
    }

    #[test]
    fn a_subtitle_and_the_publishers_name_under_the_headline_are_read() {
        let dump = format!(
            "Council approves school budget\n\nMore teachers for every school in the city as the council backs the budget for next year\n\n\
             Daily-Post\n\n{LEAD}\n\n{LEAD}"
        );
        let (r, kept) = reading(&dump);
        assert_eq!((r.header.dek_line, r.header.brand_line), (Some(1), Some(2)));
        assert_eq!(r.header.publisher.as_deref(), Some("Daily-Post"));
        assert_eq!(kept[0], "More teachers for every school in the city as the council backs the budget for next year");
    }

    #[test]
    fn the_site_name_in_the_byline_is_no_headline() {
        let dump = format!(
            "Budget News Service\nHome | World | Business\n\nMayor Wins Vote on Spending Plan\n\n\
             By Jo Smith | Budget News Service\nPublished March 3, 2024\n\n{LEAD}\n\n{LEAD}"
        );
        let (r, _) = reading(&dump);
        assert_eq!(r.header.title, "Mayor Wins Vote on Spending Plan");
        assert_eq!(r.header.publisher.as_deref(), Some("Budget News Service"));
        assert_eq!(r.header.date, NaiveDate::from_ymd_opt(2024, 3, 3));
    }

    #[test]
    fn a_section_label_in_a_menu_run_is_no_publisher() {
        let dump = format!("Council approves school budget\nBusiness\nPolitics\n\n{LEAD}\n\n{LEAD}");
        assert_eq!(reading(&dump).0.header.publisher, None);
    }

    #[test]
    fn bylines_name_author_and_publisher() {
        assert_eq!(
            byline("By Jonas Qureshi | Meridian Post"),
            Some((Some("Jonas Qureshi".into()), Some("Meridian Post".into())))
        );
        assert_eq!(
            byline("Posted by Michael David Smith on November 19, 2019, 6:21 AM EST"),
            Some((Some("Michael David Smith".into()), None))
        );
        assert_eq!(byline("September 10, 2018 | by Catherine"), Some((Some("Catherine".into()), None)));
        assert_eq!(
            byline("By LISA MASCARO, MARY CLARE JALONICK and ERIC TUCKER"),
            Some((Some("Lisa Mascaro, Mary Clare Jalonick and Eric Tucker".into()), None))
        );
        assert_eq!(byline("Par Marie Dupont, le 10 avril 2025"), Some((Some("Marie Dupont".into()), None)));
        assert_eq!(byline("The company was bought by Amazon in 2019 for a large sum of money."), None);
    }

    #[test]
    fn datelines_are_lines_that_are_mostly_a_date() {
        let nov19 = NaiveDate::from_ymd_opt(2019, 11, 19);
        assert_eq!(dateline("Published 7:07 PM EST Nov 19, 2019"), nov19);
        assert_eq!(dateline("UPDATED: Tue., Nov. 19, 2019"), nov19);
        assert_eq!(
            dateline("On Nov 19, 2019 the council met for the first time since the flood to discuss the budget."),
            None
        );
    }

    #[test]
    fn copyright_notices_name_their_holder() {
        assert_eq!(
            copyright_holder("Copyright © 2019 The Paradigm. All Rights Reserved.").as_deref(),
            Some("The Paradigm")
        );
        assert_eq!(
            copyright_holder("© 2023 Meridian Post. All rights reserved. | Privacy Policy").as_deref(),
            Some("Meridian Post")
        );
        assert_eq!(copyright_holder("© 2000-2019 Rogers Media. All rights reserved.").as_deref(), Some("Rogers Media"));
        assert_eq!(copyright_holder("All rights reserved.").as_deref(), None);
        assert_eq!(copyright_holder("He said the © sign was missing from the book.").as_deref(), None);
    }

    #[test]
    fn a_first_line_headline_heads_a_short_report_that_shares_none_of_its_words() {
        let dump = "Grain exports resume after the port blockade ends\n\n\
                    Ships loaded with wheat left the harbour on Tuesday after negotiators in Istanbul agreed to reopen the corridor. \
                    Traders said the first cargoes were bound for Egypt and Lebanon, where bread prices had risen sharply.\n\n\
                    The agreement, brokered over several weeks, allows inspections of every vessel before it sails.\n";
        let article = crate::clean::text::clean(dump, &crate::clean::CorpusHints::default());
        assert_eq!(article.title, "Grain exports resume after the port blockade ends");
        assert!(!article.body.contains("Grain exports"), "{}", article.body);
        assert!(article.body.starts_with("Ships loaded with wheat"), "{}", article.body);
    }

    #[test]
    fn derived_titles_take_the_first_clause_of_the_lead() {
        assert_eq!(
            derived_title(
                "Russia and China are expanding their technological partnership with a new focus on artificial \
                 intelligence development, following direct orders from Russian President Vladimir Putin."
            ),
            "Russia and China are expanding their technological partnership with a new focus on artificial \
             intelligence development"
        );
        assert_eq!(derived_title("The U.S. economy grew. Then it shrank."), "The U.S. economy grew");
        assert_eq!(
            derived_title("普京周四表示，俄罗斯需要自己的大型语言模型。"),
            "普京周四表示，俄罗斯需要自己的大型语言模型"
        );
    }
}
