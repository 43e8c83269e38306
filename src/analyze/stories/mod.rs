//! Stories: reports of the same event grouped together, with what they
//! share and what each adds.
//!
//! Per document ([`sketch`], cached with its reading): shingles and terms.
//! Across the corpus ([`cluster`]): candidates from LSH buckets, checked
//! on shared text, terms, names and dates, joined into stories. Then, per
//! story, the facts: names, dates, keyphrases and sentences that two or
//! more reports share, and each report's own.

pub mod cluster;
pub mod minhash;
pub mod sketch;

use chrono::NaiveDate;

use super::events::DatedSentence;
use super::summarize::KeySentence;
use super::topics::Keyphrase;
use super::vocab;
use crate::time_expr::{Precision, When};

/// Reports of one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Its reports (document indices), oldest first, undated last; the
    /// first one names the story.
    pub docs: Vec<usize>,
    /// What two or more of the reports state.
    pub shared: Facts,
    /// What each report states that no other does, in the order of `docs`
    /// (empty for reports past the first [`MAX_COMPARED`]).
    pub own: Vec<Facts>,
}

/// Facts stated by reports.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Facts {
    /// Entities named (indices), most reports first.
    pub entities: Vec<usize>,
    /// Dates stated.
    pub dates: Vec<When>,
    /// Keyphrases, as written.
    pub terms: Vec<String>,
    /// Sentences that say it (for shared facts: the first report's wording).
    pub sentences: Vec<String>,
}

/// Reports compared for facts per story: a story with more is a wire
/// story copied everywhere, and its first reports say what there is.
pub const MAX_COMPARED: usize = 24;
/// Facts of each kind shown per story or report.
const MAX_FACTS: usize = 10;
/// Sentences shown as shared or as one report's own.
const MAX_SENTENCES: usize = 4;
/// Two sentences sharing this much of their content say the same thing...
const SAME_SENTENCE: f32 = 0.5;
/// ... and one sharing less than this with every sentence of the other
/// reports is the report's own.
const OWN_SENTENCE: f32 = 0.25;

/// What the facts of a story are read from, per document.
pub struct ReportFacts<'a> {
    /// Date of the document.
    pub date: Option<NaiveDate>,
    /// Entities named, most first, with counts.
    pub entities: &'a [(usize, u32)],
    /// Dated sentences.
    pub events: &'a [DatedSentence],
    /// Keyphrases.
    pub keyphrases: &'a [Keyphrase],
    /// Key sentences.
    pub key: &'a [KeySentence],
}

/// The stories of a corpus: `reports` as story detection sees them,
/// `facts` as the story pages tell them (both per document).
pub fn stories(reports: &[cluster::Report<'_>], facts: &[ReportFacts<'_>]) -> Vec<Story> {
    let mut stories: Vec<Story> = cluster::stories(reports)
        .into_iter()
        .map(|mut docs| {
            docs.sort_by_key(|&d| (facts[d].date.is_none(), facts[d].date, d));
            let compared: Vec<&ReportFacts<'_>> = docs.iter().take(MAX_COMPARED).map(|&d| &facts[d]).collect();
            let (shared, own) = compare(&compared);
            Story { docs, shared, own }
        })
        .collect();
    // Biggest first, then newest.
    stories.sort_by(|a, b| {
        let newest = |s: &Story| s.docs.iter().filter_map(|&d| facts[d].date).max();
        b.docs.len().cmp(&a.docs.len()).then(newest(b).cmp(&newest(a))).then(a.docs[0].cmp(&b.docs[0]))
    });
    stories
}

/// The day numbers a document states (past ones only): same-event evidence.
pub fn stated_days(events: &[DatedSentence]) -> Vec<i32> {
    events
        .iter()
        .filter(|e| !e.future && e.when.precision() == Precision::Day)
        .filter_map(|e| NaiveDate::from_ymd_opt(e.when.year, u32::from(e.when.month), u32::from(e.when.day)))
        .map(|d| d.num_days_from_ce())
        .collect()
}

use chrono::Datelike;

/// What the reports share, and what each states alone.
fn compare(reports: &[&ReportFacts<'_>]) -> (Facts, Vec<Facts>) {
    let entities = split(reports, |r| r.entities.iter().map(|&(e, _)| e).collect());
    let dates = split(reports, |r| r.events.iter().map(|e| e.when).collect());
    let keys = split(reports, |r| r.keyphrases.iter().map(|k| k.key.clone()).collect());
    let surface = |key: &String| {
        reports.iter().flat_map(|r| r.keyphrases).find(|k| &k.key == key).map(|k| k.surface.clone()).unwrap_or_default()
    };
    let (shared_sentences, own_sentences) = sentences(reports);
    let shared = Facts {
        entities: entities.0,
        dates: sorted(dates.0),
        terms: keys.0.iter().map(surface).collect(),
        sentences: shared_sentences,
    };
    let own = (0..reports.len())
        .map(|i| Facts {
            entities: entities.1[i].clone(),
            dates: sorted(dates.1[i].clone()),
            terms: keys.1[i].iter().map(surface).collect(),
            sentences: own_sentences[i].clone(),
        })
        .collect();
    (shared, own)
}

fn sorted(mut dates: Vec<When>) -> Vec<When> {
    dates.sort_unstable();
    dates
}

/// Items stated by two or more reports (most reports first, then first
/// stated), and per report those no other states; at most [`MAX_FACTS`]
/// each.
fn split<T: Clone + Eq + std::hash::Hash>(
    reports: &[&ReportFacts<'_>],
    items: impl Fn(&ReportFacts<'_>) -> Vec<T>,
) -> (Vec<T>, Vec<Vec<T>>) {
    let lists: Vec<Vec<T>> = reports.iter().map(|r| items(r)).collect();
    let mut count: super::hash::FastMap<&T, (usize, usize)> = super::hash::FastMap::default();
    let mut order = 0;
    for list in &lists {
        let mut seen = std::collections::HashSet::new();
        for item in list.iter().filter(|i| seen.insert(*i)) {
            let entry = count.entry(item).or_insert((0, order));
            entry.0 += 1;
            order += 1;
        }
    }
    let mut shared: Vec<(&T, (usize, usize))> = count.iter().filter(|(_, c)| c.0 > 1).map(|(t, c)| (*t, *c)).collect();
    shared.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
    let shared = shared.into_iter().take(MAX_FACTS).map(|(t, _)| t.clone()).collect();
    let own = lists
        .iter()
        .map(|list| list.iter().filter(|i| count.get(i).is_some_and(|c| c.0 == 1)).take(MAX_FACTS).cloned().collect())
        .collect();
    (shared, own)
}

/// Key sentences that two reports state alike (in the wording of the
/// first), and per report those close to nothing the others say.
fn sentences(reports: &[&ReportFacts<'_>]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut shared: Vec<String> = Vec::new();
    let mut own: Vec<Vec<String>> = vec![Vec::new(); reports.len()];
    for (i, report) in reports.iter().enumerate() {
        for sentence in report.key {
            let closest = reports
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .flat_map(|(j, other)| other.key.iter().map(move |s| (j, vocab::overlap(&sentence.terms, &s.terms))))
                .fold((usize::MAX, 0.0f32), |best, (j, o)| if o > best.1 { (j, o) } else { best });
            if closest.1 >= SAME_SENTENCE && closest.0 > i && shared.len() < MAX_SENTENCES {
                shared.push(sentence.text.clone());
            } else if closest.1 < OWN_SENTENCE && own[i].len() < MAX_SENTENCES {
                own[i].push(sentence.text.clone());
            }
        }
    }
    (shared, own)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time_expr::YearFrom;

    fn key(text: &str, terms: &[u32]) -> KeySentence {
        KeySentence { text: text.to_string(), terms: terms.to_vec() }
    }

    fn event(y: i32, m: u8, d: u8) -> DatedSentence {
        DatedSentence {
            when: When { year: y, month: m, day: d },
            year_from: YearFrom::Stated,
            future: false,
            sentence: "s".into(),
            highlight: 0..1,
        }
    }

    #[test]
    fn facts_split_into_shared_and_each_reports_own() {
        let keys_a =
            [key("Putin ordered a national model.", &[1, 2, 3, 4]), key("Firms spent 257 billion.", &[8, 9, 10])];
        let keys_b =
            [key("Putin ordered the national model.", &[1, 2, 3, 5]), key("Open source helps.", &[20, 21, 22])];
        let events_a = [event(2026, 4, 10), event(2030, 0, 0)];
        let events_b = [event(2026, 4, 10)];
        let a =
            ReportFacts { date: None, entities: &[(0, 3), (1, 1)], events: &events_a, keyphrases: &[], key: &keys_a };
        let b =
            ReportFacts { date: None, entities: &[(0, 2), (2, 1)], events: &events_b, keyphrases: &[], key: &keys_b };
        let (shared, own) = compare(&[&a, &b]);
        assert_eq!(shared.entities, [0]);
        assert_eq!(shared.dates, [When { year: 2026, month: 4, day: 10 }]);
        assert_eq!(shared.sentences, ["Putin ordered a national model."]);
        assert_eq!(own[0].entities, [1]);
        assert_eq!(own[1].entities, [2]);
        assert_eq!(own[0].dates, [When::year(2030)]);
        assert_eq!(own[0].sentences, ["Firms spent 257 billion."]);
        assert_eq!(own[1].sentences, ["Open source helps."]);
    }

    #[test]
    fn only_past_days_are_evidence_of_an_event() {
        let mut future = event(2030, 1, 1);
        future.future = true;
        let days = stated_days(&[event(2026, 4, 10), event(2025, 0, 0), future]);
        assert_eq!(days.len(), 1);
    }
}
