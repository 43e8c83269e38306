//! Grouping reports of one event: candidates from LSH buckets, never all
//! pairs; each candidate pair checked on the evidence; pairs joined
//! strongest first.
//!
//! Two kinds of evidence join two reports:
//!
//! - **Near-copies**: most of their five-word shingles are shared (a
//!   syndicated story, a press release, a lightly edited rewrite).
//! - **Same event, other words**: their most specific terms agree: content
//!   words weighted by how rare they are in the corpus (tf-idf), the
//!   entities they name and the days they state, compared by cosine. Only
//!   a very high cosine is enough alone; a moderate one (one subject, the
//!   same names) needs a fact the two restate as well: a pair of key
//!   sentences sharing most of their words, names left out and rare words
//!   weighing more. A corpus on one subject shares its names and its
//!   vocabulary everywhere; what tells its events apart is what each
//!   report says happened. Such reports must also lie within days of each
//!   other when both are dated, since one subject reported a month apart
//!   is two events.
//!
//! A story may not stretch over more than [`MAX_SPAN_DAYS`] (near-copies
//! aside), which keeps a run of daily reports on one subject from chaining
//! into one story.

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

use super::super::hash::FastMap;
use super::super::summarize::KeySentence;
use super::minhash::{self, Bands, MinHasher};
use super::sketch::StorySketch;

/// What story detection knows of one document.
pub struct Report<'a> {
    /// Its sketch (terms, shingles, date).
    pub sketch: &'a StorySketch,
    /// The entities it names (corpus indices) and how often.
    pub entities: &'a [(usize, u32)],
    /// The days it states (not the future ones), as day numbers.
    pub days: Vec<i32>,
    /// Its key sentences.
    pub key: &'a [KeySentence],
}

/// Shingle signatures agreeing this much mark a near-copy.
pub const NEAR_COPY: f32 = 0.5;
/// Cosine of the weighted term vectors above which two reports tell of
/// one event on that evidence alone: a rewrite of one text. Reports that
/// merely name the same rare people and places score up to about 0.5
/// (measured on a generated corpus whose documents draw names at random);
/// they need a restated fact as well.
pub const SAME_EVENT: f32 = 0.6;
/// Cosine above which two reports are on one subject, and are one event
/// if they also restate a fact ([`RESTATED`]).
pub const SAME_SUBJECT: f32 = 0.15;
/// Share of a key sentence's weight that a sentence of the other report
/// must hold for the two to restate one fact.
pub const RESTATED: f32 = 0.5;
/// ... and the fewest words they must share for it.
const RESTATED_WORDS: usize = 6;
/// Dated reports further apart than this are not of one event (unless
/// they are near-copies).
pub const MAX_GAP_DAYS: i64 = 7;
/// The longest a story may span, first report to last.
pub const MAX_SPAN_DAYS: i64 = 14;

/// Terms compared per report (the best weighted).
const VECTOR_TERMS: usize = 80;
/// Terms per report in its term signature (the best weighted).
const SIGNATURE_TERMS: usize = 20;
/// Term signature length: bands × rows.
const TERM_BANDS: Bands = Bands { bands: 48, rows: 2, window: 16, gap: Some(MAX_GAP_DAYS as i32) };
/// Term-bucket pairs checked per report: its best by shared buckets (see
/// [`minhash::strongest`]), so that the checks grow with the corpus and
/// not with how many reports a week holds. On the generated corpus this
/// left 10k documents as they were and cut the pairs checked at 100k from
/// 1.47M to under 0.6M (clustering 2.4 s to 1.6 s); fewer would risk
/// passing over reports of one event told in other words in a crowded week.
const TERM_PAIRS_PER_REPORT: usize = 6;
/// Shingle signatures are cut so (64 values); near-copies are paired
/// however far apart they were published.
const SHINGLE_BANDS: Bands = Bands { bands: 16, rows: 4, window: 16, gap: None };
/// A mention of an entity weighs like this many mentions of a word: names
/// are what reports of one event share most surely.
const ENTITY_WEIGHT: f32 = 2.0;

/// Feature ids: content terms keep their ids; entities and days are
/// tagged so as not to collide with them.
const ENTITY_TAG: u64 = 0xe000_0000_0000_0000;
const DAY_TAG: u64 = 0xd000_0000_0000_0000;

/// The stories: groups of two or more reports, each sorted, the groups in
/// order of their first report.
pub fn stories(reports: &[Report<'_>]) -> Vec<Vec<usize>> {
    let (vectors, best) = weighted_vectors(reports);
    // Documents in order of date, so that crowded LSH buckets pair
    // reports close in time.
    let mut order: Vec<usize> = (0..reports.len()).collect();
    order.sort_by_key(|&d| (reports[d].sketch.date.is_none(), reports[d].sketch.date, d));
    let hasher = MinHasher::new(TERM_BANDS.bands * TERM_BANDS.rows, 0x0570_71e5);
    let term_signatures: Vec<Vec<u32>> = order.par_iter().map(|&d| hasher.signature(best[d].iter().copied())).collect();
    let shingle_signatures: Vec<&[u32]> = order.iter().map(|&d| reports[d].sketch.shingles.as_slice()).collect();
    let days: Vec<Option<i32>> = order.iter().map(|&d| reports[d].sketch.date.map(|x| x.num_days_from_ce())).collect();
    let term_refs: Vec<&[u32]> = term_signatures.iter().map(Vec::as_slice).collect();
    // Term buckets pair reports within days of each other only: further
    // apart, only near-copies belong together, and those are the
    // shingle buckets' to find (all of them: near-copies are few).
    let copies = minhash::candidates(&shingle_signatures, &days, SHINGLE_BANDS);
    let alike = minhash::strongest(minhash::candidates(&term_refs, &days, TERM_BANDS), TERM_PAIRS_PER_REPORT);
    let mut pairs: Vec<(u32, u32)> = copies.iter().chain(&alike).map(|c| (c.a, c.b)).collect();
    pairs.sort_unstable();
    pairs.dedup();

    let weights = sentence_weights(reports);
    let evidence = Evidence { reports, vectors: &vectors, weights: &weights };
    let mut edges: Vec<(f32, usize, usize)> = pairs
        .into_par_iter()
        .filter_map(|(a, b)| {
            let (a, b) = (order[a as usize], order[b as usize]);
            let score = evidence.between(a, b)?;
            Some((score, a.min(b), a.max(b)))
        })
        .collect();
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    edges.dedup_by(|x, y| (x.1, x.2) == (y.1, y.2));
    join(reports, &edges)
}

/// What pairs of reports are judged on.
struct Evidence<'a> {
    reports: &'a [Report<'a>],
    /// Per report, its weighted terms.
    vectors: &'a [Vec<(u64, f32)>],
    /// Weight of each key-sentence word (see [`sentence_weights`]).
    weights: &'a FastMap<u32, f32>,
}

impl Evidence<'_> {
    /// How strongly reports `a` and `b` belong together, if they do: above
    /// 1 for near-copies, else the cosine of their term vectors.
    fn between(&self, a: usize, b: usize) -> Option<f32> {
        let (ra, rb) = (&self.reports[a], &self.reports[b]);
        let copy = minhash::similarity(&ra.sketch.shingles, &rb.sketch.shingles);
        if copy >= NEAR_COPY {
            return Some(1.0 + copy);
        }
        if let (Some(x), Some(y)) = (ra.sketch.date, rb.sketch.date)
            && (x - y).num_days().abs() > MAX_GAP_DAYS
        {
            return None;
        }
        let cosine = cosine(&self.vectors[a], &self.vectors[b]);
        let one_event = cosine >= SAME_EVENT || cosine >= SAME_SUBJECT && self.restated(ra.key, rb.key) >= RESTATED;
        one_event.then_some(cosine)
    }

    /// How fully the two reports restate one fact: over pairs of their key
    /// sentences sharing at least [`RESTATED_WORDS`] words, the largest
    /// share of the lighter sentence's weight that the shared words carry.
    fn restated(&self, a: &[KeySentence], b: &[KeySentence]) -> f32 {
        let weight = |t: &u32| self.weights.get(t).copied().unwrap_or(0.0);
        let mut best = 0.0f32;
        for x in a {
            for y in b {
                let shared: Vec<&u32> = x.terms.iter().filter(|t| y.terms.binary_search(t).is_ok()).collect();
                if shared.len() < RESTATED_WORDS {
                    continue;
                }
                let lighter = x.terms.iter().map(weight).sum::<f32>().min(y.terms.iter().map(weight).sum());
                best = best.max(shared.into_iter().map(weight).sum::<f32>() / lighter.max(f32::MIN_POSITIVE));
            }
        }
        best
    }
}

/// How rare each word of the corpus's key sentences is among them:
/// `ln(1 + sentences / sentences holding it)`. Counted over sentences, not
/// documents, so that it means something in a corpus of three documents
/// as well as of thousands.
fn sentence_weights(reports: &[Report<'_>]) -> FastMap<u32, f32> {
    let mut holding: FastMap<u32, u32> = FastMap::default();
    let mut sentences = 0u32;
    for sentence in reports.iter().flat_map(|r| r.key) {
        sentences += 1;
        for &t in &sentence.terms {
            *holding.entry(t).or_default() += 1;
        }
    }
    holding.into_iter().map(|(t, n)| (t, (1.0 + sentences as f32 / n as f32).ln())).collect()
}

/// Joins reports along `edges` (strongest first), refusing a join that
/// would make a story span more than [`MAX_SPAN_DAYS`] unless the two
/// reports are near-copies (the same text published again is the same story).
fn join(reports: &[Report<'_>], edges: &[(f32, usize, usize)]) -> Vec<Vec<usize>> {
    let n = reports.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut span: Vec<Option<(NaiveDate, NaiveDate)>> = reports.iter().map(|r| r.sketch.date.map(|d| (d, d))).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for &(score, a, b) in edges {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra == rb {
            continue;
        }
        let joined = match (span[ra], span[rb]) {
            (Some((s1, e1)), Some((s2, e2))) => Some((s1.min(s2), e1.max(e2))),
            (one, other) => one.or(other),
        };
        let copy = score > 1.0;
        if !copy && joined.is_some_and(|(start, end)| (end - start).num_days() > MAX_SPAN_DAYS) {
            continue;
        }
        let (keep, drop) = (ra.min(rb), ra.max(rb));
        parent[drop] = keep;
        span[keep] = joined;
    }
    let mut groups: FastMap<usize, Vec<usize>> = FastMap::default();
    for d in 0..n {
        let r = root(&mut parent, d);
        groups.entry(r).or_default().push(d);
    }
    let mut stories: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    stories.sort_unstable();
    stories
}

/// A report's features with their weights, sorted by feature.
type Vector = Vec<(u64, f32)>;

/// Per report, its best features weighted by tf-idf, sorted by feature,
/// scaled to unit length; and its [`SIGNATURE_TERMS`] best, best first.
fn weighted_vectors(reports: &[Report<'_>]) -> (Vec<Vector>, Vec<Vec<u64>>) {
    let features: Vec<Vec<(u64, f32)>> = reports.par_iter().map(features).collect();
    let mut df: FastMap<u64, u32> = FastMap::default();
    for list in &features {
        for &(f, _) in list {
            *df.entry(f).or_default() += 1;
        }
    }
    let n = features.iter().filter(|f| !f.is_empty()).count().max(1) as f32;
    features
        .into_par_iter()
        .map(|list| {
            let mut weighted: Vec<(u64, f32)> =
                list.into_iter().map(|(f, tf)| (f, (1.0 + tf.ln()) * (1.0 + n / df[&f] as f32).ln())).collect();
            weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            weighted.truncate(VECTOR_TERMS);
            let best = weighted.iter().take(SIGNATURE_TERMS).map(|&(f, _)| f).collect();
            let norm = weighted.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
            weighted.iter_mut().for_each(|(_, w)| *w /= norm);
            weighted.sort_unstable_by_key(|&(f, _)| f);
            (weighted, best)
        })
        .unzip()
}

/// A report's features with raw counts: content terms, entities, days.
fn features(report: &Report<'_>) -> Vec<(u64, f32)> {
    let mut out: Vec<(u64, f32)> = report.sketch.terms.iter().map(|&(t, n)| (t & !TAG_MASK, f32::from(n))).collect();
    out.extend(report.entities.iter().map(|&(e, n)| (ENTITY_TAG | e as u64, ENTITY_WEIGHT * n as f32)));
    out.extend(report.days.iter().map(|&d| (DAY_TAG | (d as u32) as u64, 1.0)));
    out.sort_unstable_by_key(|&(f, _)| f);
    out.dedup_by(|later, first| {
        let same = later.0 == first.0;
        if same {
            first.1 += later.1;
        }
        same
    });
    out
}

/// Term ids are cleared of the tag bits, so tags never collide with them.
const TAG_MASK: u64 = 0xf000_0000_0000_0000;

/// Cosine of two unit vectors sorted by feature.
fn cosine(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, 4, d)
    }

    fn sketch(date: Option<NaiveDate>, terms: &[u64], shingles: Vec<u32>) -> StorySketch {
        StorySketch { date, shingles, terms: terms.iter().map(|&t| (t, 2)).collect() }
    }

    /// A corpus of unrelated reports on words 1000.., each its own.
    fn background(n: u64) -> Vec<StorySketch> {
        (0..n)
            .map(|i| sketch(day(1 + (i % 28) as u32), &(1000 + i * 10..1000 + i * 10 + 12).collect::<Vec<_>>(), vec![]))
            .collect()
    }

    fn run(sketches: &[StorySketch], entities: &[Vec<(usize, u32)>]) -> Vec<Vec<usize>> {
        run_with_key(sketches, entities, &[])
    }

    fn run_with_key(
        sketches: &[StorySketch],
        entities: &[Vec<(usize, u32)>],
        key: &[Vec<KeySentence>],
    ) -> Vec<Vec<usize>> {
        let reports: Vec<Report<'_>> = sketches
            .iter()
            .enumerate()
            .map(|(i, s)| Report {
                sketch: s,
                entities: entities.get(i).map_or(&[], Vec::as_slice),
                days: vec![],
                key: key.get(i).map_or(&[], Vec::as_slice),
            })
            .collect();
        stories(&reports)
    }

    fn sentence(words: impl Iterator<Item = u32>) -> KeySentence {
        let mut terms: Vec<u32> = words.collect();
        terms.sort_unstable();
        KeySentence { text: String::new(), terms }
    }

    #[test]
    fn reports_on_one_subject_are_one_event_only_when_they_restate_a_fact() {
        // Pairs (20, 21) and (22, 23) share a third of their terms (one
        // subject); only the first pair restates a sentence.
        let mut sketches = background(20);
        let mut key: Vec<Vec<KeySentence>> =
            (0..20).map(|i| vec![sentence(5000 + i * 10..5000 + i * 10 + 7)]).collect();
        for (pair, shared_words) in [(0u64, 6u32), (1, 3)] {
            let base = pair * 100;
            let a: Vec<u64> = (base + 1..=base + 12).collect();
            let b: Vec<u64> = (base + 1..=base + 4).chain(base + 50..base + 58).collect();
            sketches.push(sketch(day(10), &a, vec![]));
            sketches.push(sketch(day(10), &b, vec![]));
            let words = 9000 + pair as u32 * 100;
            key.push(vec![sentence(words..words + 7)]);
            key.push(vec![sentence((words..words + shared_words).chain(words + 50..words + 52))]);
        }
        assert_eq!(run_with_key(&sketches, &[], &key), [vec![20, 21]]);
    }

    #[test]
    fn reports_sharing_most_specific_terms_and_names_within_days_form_a_story_without_a_restated_sentence() {
        let mut sketches = background(40);
        let event: Vec<u64> = (1..=10).collect();
        let mut first = event.clone();
        first.extend([50, 51]);
        let mut second = event.clone();
        second.extend([60, 61]);
        sketches.push(sketch(day(10), &first, vec![]));
        sketches.push(sketch(day(11), &second, vec![]));
        let entities = {
            let mut e = vec![vec![]; 40];
            e.push(vec![(7, 3)]);
            e.push(vec![(7, 2)]);
            e
        };
        assert_eq!(run(&sketches, &entities), [vec![40, 41]]);
    }

    #[test]
    fn the_same_subject_weeks_apart_is_two_events() {
        let mut sketches = background(20);
        let event: Vec<u64> = (1..=10).collect();
        sketches.push(sketch(day(1), &event, vec![]));
        sketches.push(sketch(day(25), &event, vec![]));
        assert!(run(&sketches, &[]).is_empty());
    }

    #[test]
    fn near_copies_join_even_when_dated_apart() {
        let mut sketches = background(20);
        let shingles: Vec<u32> = (0..64).collect();
        let mut edited = shingles.clone();
        edited[..20].iter_mut().for_each(|v| *v += 1000);
        sketches.push(sketch(day(1), &[900, 901], shingles));
        sketches.push(sketch(day(28), &[902, 903], edited));
        assert_eq!(run(&sketches, &[]), [vec![20, 21]]);
    }

    #[test]
    fn reports_sharing_only_common_words_stay_apart() {
        // Every report uses words 1-5; each has its own others.
        let sketches: Vec<StorySketch> = (0..30u64)
            .map(|i| {
                let mut terms: Vec<u64> = (1..=5).collect();
                terms.extend(100 + i * 10..100 + i * 10 + 8);
                sketch(day(3), &terms, vec![])
            })
            .collect();
        assert!(run(&sketches, &[]).is_empty());
    }

    #[test]
    fn a_chain_of_daily_reports_does_not_make_a_month_long_story() {
        // Report k shares most terms with report k+1: a chain over 30 days.
        let sketches: Vec<StorySketch> = (0..30u64)
            .map(|k| {
                sketch(NaiveDate::from_ymd_opt(2025, 5, 1 + k as u32), &(k * 3..k * 3 + 12).collect::<Vec<_>>(), vec![])
            })
            .collect();
        for story in run(&sketches, &[]) {
            let first = sketches[story[0]].date.unwrap();
            let last = sketches[*story.last().unwrap()].date.unwrap();
            assert!((last - first).num_days() <= MAX_SPAN_DAYS, "{story:?}");
        }
    }
}
