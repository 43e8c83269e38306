//! Dated events: the sentences of a document that state a date, with the
//! date placed in time (see [`crate::time_expr`]).
//!
//! A date that leaves its year unsaid takes it from a date stated just
//! before in the same paragraph, else from the document's date, else from
//! the year the document was most likely written, inferred from its text:
//! a "last year" that states the same figure as an "in 2025" elsewhere
//! dates the document to 2026; failing that, the latest year it speaks of
//! as past is the best guess.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use super::hash::FastMap;
use super::text::{BlockKind, Sentence, SentenceReader, TokenKind};
use crate::time_expr::{self, Anchor, Expr, Precision, Stated, When, YearFrom};

/// A sentence that states a date.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DatedSentence {
    /// The date, at the precision the text gave.
    pub when: When,
    /// Where its year came from.
    pub year_from: YearFrom,
    /// Whether it lay ahead when the document was written (a target, a
    /// deadline, a plan).
    pub future: bool,
    /// The sentence, as written.
    pub sentence: String,
    /// Where the date is written in it (byte range).
    pub highlight: Range<usize>,
}

/// Dated sentences kept per document: enough for any news report; a
/// chronology listing hundreds of dates is cut (the first are kept).
pub const MAX_PER_DOCUMENT: usize = 24;

/// Reads one document's sentences for the dates they state.
pub struct EventReader<'d> {
    date: Option<NaiveDate>,
    sentences: Vec<Seen<'d>>,
}

/// A sentence that states some date.
struct Seen<'d> {
    text: &'d str,
    block: usize,
    /// Running text (headings inform the year of writing, but are not events).
    prose: bool,
    found: Vec<Stated>,
    future: bool,
    /// Its figures ("257", "1,200"): what ties a "last year" to an "in 2025".
    figures: Vec<&'d str>,
}

impl EventReader<'_> {
    /// A reader for a document dated `date`.
    pub fn new(date: Option<NaiveDate>) -> Self {
        EventReader { date, sentences: Vec::new() }
    }
}

impl<'d> SentenceReader<'d> for EventReader<'d> {
    type Output = Vec<DatedSentence>;

    fn sentence(&mut self, sentence: &Sentence<'d>) {
        if sentence.kind == BlockKind::Code {
            return;
        }
        let found = time_expr::find(sentence.text);
        if found.is_empty() {
            return;
        }
        let figures = sentence
            .tokens
            .iter()
            .filter(|t| t.kind == TokenKind::Number && t.end - t.start >= 2)
            .map(|t| t.text(sentence.text))
            .filter(|n| !(n.len() == 4 && n.parse::<i32>().is_ok_and(|y| crate::dates::YEARS.contains(&y))))
            .collect();
        self.sentences.push(Seen {
            text: sentence.text,
            block: sentence.block,
            prose: matches!(sentence.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote),
            future: time_expr::speaks_of_future(sentence.text, &sentence.tokens),
            found,
            figures,
        });
    }

    fn finish(self) -> Vec<DatedSentence> {
        let year = if self.date.is_some() { None } else { written_year(&self.sentences) };
        let mut out: Vec<DatedSentence> = Vec::new();
        let mut passage: Option<(usize, i32)> = None;
        for seen in &self.sentences {
            if passage.is_some_and(|(block, _)| block != seen.block) {
                passage = None;
            }
            for stated in &seen.found {
                let anchor =
                    Anchor { date: self.date, year, passage_year: passage.map(|(_, y)| y), future: seen.future };
                let Some(placed) = time_expr::normalise(stated, &anchor) else { continue };
                if explicit_year(stated).is_some() && !placed.future {
                    passage = Some((seen.block, placed.when.year));
                }
                if !seen.prose || out.iter().any(|e| e.when == placed.when) || out.len() >= MAX_PER_DOCUMENT {
                    continue;
                }
                out.push(DatedSentence {
                    when: placed.when,
                    year_from: placed.year_from,
                    future: placed.future,
                    sentence: seen.text.to_string(),
                    highlight: stated.span.clone(),
                });
            }
        }
        out
    }
}

/// The year a date states in full (a day or month of a year): what a
/// following "March 17" in the same passage takes its year from.
fn explicit_year(stated: &Stated) -> Option<i32> {
    match stated.expr {
        Expr::Date(date) => Some(date.year()),
        Expr::MonthOfYear { year, .. } => Some(year),
        _ => None,
    }
}

/// The year an undated document was most likely written in, from what it
/// states: a relative year ("last year") stating the same figure as an
/// explicit one ("in 2025") pins it; else the latest year it speaks of as
/// past is the best guess.
fn written_year(sentences: &[Seen<'_>]) -> Option<i32> {
    let mut votes: FastMap<i32, u32> = FastMap::default();
    for relative in sentences {
        for offset in relative.found.iter().filter_map(|s| match s.expr {
            Expr::Relative { unit: Precision::Year, offset } => Some(offset),
            _ => None,
        }) {
            for explicit in sentences.iter().filter(|e| shares_figure(relative, e)) {
                if let [year] = stated_years(explicit)[..] {
                    *votes.entry(year - offset).or_default() += 1;
                }
            }
        }
    }
    if let Some((&year, _)) = votes.iter().max_by_key(|&(&year, &count)| (count, year)) {
        return Some(year);
    }
    sentences
        .iter()
        .filter(|s| !s.future)
        .flat_map(|s| s.found.iter().filter(|f| !f.deadline).filter_map(year_stated))
        .max()
}

/// Whether two sentences state a figure in common.
fn shares_figure(a: &Seen<'_>, b: &Seen<'_>) -> bool {
    !std::ptr::eq(a, b) && a.figures.iter().any(|f| b.figures.contains(f))
}

/// The distinct years a sentence states outright.
fn stated_years(seen: &Seen<'_>) -> Vec<i32> {
    let mut years: Vec<i32> = seen.found.iter().filter_map(year_stated).collect();
    years.sort_unstable();
    years.dedup();
    years
}

fn year_stated(stated: &Stated) -> Option<i32> {
    match stated.expr {
        Expr::Year(year) => Some(year),
        _ => explicit_year(stated),
    }
}

/// An event on the timeline: a date, the sentence stating it, and every
/// report of the same story that states the same date.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// The date.
    pub when: When,
    /// Whether it lay ahead when reported.
    pub future: bool,
    /// Where its year came from.
    pub year_from: YearFrom,
    /// The document whose sentence is shown (the story's first report that
    /// states the date).
    pub doc: usize,
    /// The sentence.
    pub sentence: String,
    /// Where the date is written in it.
    pub highlight: Range<usize>,
    /// Other reports of the same story stating the same date.
    pub also: Vec<usize>,
}

/// Every dated sentence of the corpus in order of the date it states
/// (then of the document's date, then of the documents), one entry per
/// date per story. `events`, `stories` (each document's story, if any) and
/// `dates` are per document.
pub fn timeline(
    events: &[&[DatedSentence]],
    stories: &[Option<usize>],
    dates: &[Option<NaiveDate>],
) -> Vec<TimelineEntry> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&d| (dates[d].is_none(), dates[d], d));
    let mut entries: Vec<TimelineEntry> = Vec::new();
    let mut by_story: FastMap<(usize, When), usize> = FastMap::default();
    for &doc in &order {
        for event in events[doc] {
            if let Some(story) = stories[doc]
                && let Some(&entry) = by_story.get(&(story, event.when))
            {
                entries[entry].also.push(doc);
                continue;
            }
            if let Some(story) = stories[doc] {
                by_story.insert((story, event.when), entries.len());
            }
            entries.push(TimelineEntry {
                when: event.when,
                future: event.future,
                year_from: event.year_from,
                doc,
                sentence: event.sentence.clone(),
                highlight: event.highlight.clone(),
                also: Vec::new(),
            });
        }
    }
    let rank: Vec<usize> = {
        let mut rank = vec![0; events.len()];
        for (position, &doc) in order.iter().enumerate() {
            rank[doc] = position;
        }
        rank
    };
    entries.sort_by_key(|e| (e.when, rank[e.doc]));
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::text;

    fn events(date: Option<(i32, u32, u32)>, markdown: &str) -> Vec<(String, YearFrom, bool, String)> {
        let blocks = text::blocks(markdown);
        let date = date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        text::read(&blocks, EventReader::new(date))
            .into_iter()
            .map(|e| (e.when.iso(), e.year_from, e.future, e.sentence[e.highlight].to_string()))
            .collect()
    }

    #[test]
    fn a_relative_year_stating_a_figure_given_for_an_explicit_year_dates_an_undated_document() {
        let md = "Putin held a meeting on April 10 and set a goal of full rollout by 2030.\n\n\
                  - Last year businesses spent 257 billion rubles\n\n\
                  Grigorenko said that in 2025, Russian companies invested 257 billion rubles in AI.";
        let found = events(None, md);
        assert_eq!(
            found,
            [
                ("2026-04-10".to_string(), YearFrom::Context, false, "April 10".to_string()),
                ("2030".to_string(), YearFrom::Stated, true, "2030".to_string()),
                ("2025".to_string(), YearFrom::Context, false, "Last year".to_string()),
            ]
        );
    }

    #[test]
    fn without_such_a_figure_the_latest_past_year_dates_it() {
        let found = events(None, "Sales fell in 2023. On March 3 the board met. Growth will return by 2027.");
        assert_eq!(found[1], ("2023-03-03".to_string(), YearFrom::Context, false, "March 3".to_string()));
    }

    #[test]
    fn a_year_stated_earlier_in_the_paragraph_wins_over_the_document_date() {
        let found = events(
            Some((2026, 5, 1)),
            "On 3 March 2019 talks began. On March 17 they failed.\n\nOn March 17 new talks began.",
        );
        let whens: Vec<&str> = found.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(whens, ["2019-03-03", "2019-03-17", "2026-03-17"]);
    }

    fn dated(when: When, sentence: &str) -> DatedSentence {
        DatedSentence { when, year_from: YearFrom::Stated, future: false, sentence: sentence.into(), highlight: 0..1 }
    }

    #[test]
    fn the_timeline_is_in_date_order_with_one_entry_per_date_per_story() {
        let day = |d| When::day(NaiveDate::from_ymd_opt(2026, 4, d).unwrap());
        let a = [dated(day(10), "A: the meeting"), dated(When::year(2030), "A: the goal")];
        let b = [dated(day(10), "B: the meeting")];
        let c = [dated(day(2), "C: earlier"), dated(day(10), "C: unrelated, same day")];
        let events: Vec<&[DatedSentence]> = vec![&a, &b, &c];
        let date = |d| NaiveDate::from_ymd_opt(2026, 4, d);
        let entries = timeline(&events, &[Some(0), Some(0), None], &[date(12), date(11), date(13)]);
        let shown: Vec<(&str, &[usize])> = entries.iter().map(|e| (e.sentence.as_str(), e.also.as_slice())).collect();
        assert_eq!(
            shown,
            [
                ("C: earlier", &[][..]),
                ("B: the meeting", &[0][..]),
                ("C: unrelated, same day", &[][..]),
                ("A: the goal", &[][..]),
            ]
        );
    }

    #[test]
    fn each_date_is_listed_once_per_document_and_headings_are_not_events() {
        let md = "# The 2030 goal\n\nThe plan runs until 2030. Officials repeated the 2030 deadline.";
        let found = events(Some((2025, 1, 1)), md);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].3, "2030");
        assert!(found[0].2, "a future deadline");
    }
}
