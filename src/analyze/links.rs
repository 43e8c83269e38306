//! Links between what the analysis found: entities that appear together,
//! the topics of an entity's documents and the entities of a topic's, and
//! documents that share entities and topics.
//!
//! All through inverted indexes (term → documents), never by comparing
//! every document with every other; terms in very many documents are
//! capped, since they say little about which documents belong together.
//! Each list is worked out one row (entity, topic or document) at a time,
//! rows in parallel: the row's scores are summed in a dense array reused
//! from row to row, with no hashing, and each score adds its parts in
//! document order, so the result does not depend on the threads.

use rayon::prelude::*;

/// Related items kept per entity, topic or document.
pub const MAX_RELATED: usize = 10;
/// Most related documents kept per document.
pub const MAX_RELATED_DOCS: usize = 5;
/// Entities per document considered for co-occurrence and related
/// documents (most mentioned).
const MAX_ENTITIES_PER_DOC: usize = 20;
/// A term in more documents than this is too common to relate documents.
const MAX_POSTINGS: usize = 100;

/// What each document is about, by index: its entities (most mentioned
/// first, with counts) and its topics (strongest first).
pub struct DocTerms<'a> {
    /// Per document: (entity, mentions).
    pub entities: &'a [Vec<(usize, u32)>],
    /// Per document: topics.
    pub topics: &'a [Vec<usize>],
    /// How many entities there are (all indices are below).
    pub entity_count: usize,
    /// How many topics there are (all indices are below).
    pub topic_count: usize,
}

impl DocTerms<'_> {
    /// The entities of document `doc` that links consider: its most
    /// mentioned.
    fn top_entities(&self, doc: usize) -> &[(usize, u32)] {
        let list = &self.entities[doc];
        &list[..list.len().min(MAX_ENTITIES_PER_DOC)]
    }

    /// Per entity, the documents naming it, with the counts (in document
    /// order); with `top_only`, only where it is among the most mentioned.
    fn entity_postings(&self, top_only: bool) -> Vec<Vec<(usize, u32)>> {
        let lists = (0..self.entities.len())
            .map(|doc| if top_only { self.top_entities(doc) } else { &self.entities[doc] }.iter().copied());
        postings(lists, self.entity_count)
    }

    /// Per topic, the documents about it (in document order).
    fn topic_postings(&self) -> Vec<Vec<(usize, ())>> {
        postings(self.topics.iter().map(|list| list.iter().map(|&t| (t, ()))), self.topic_count)
    }
}

/// Per item, the documents whose lists hold it (once per time it is
/// listed), in document order, with what the list says about it.
fn postings<T: Copy, L>(lists: impl Iterator<Item = L>, items: usize) -> Vec<Vec<(usize, T)>>
where
    L: Iterator<Item = (usize, T)>,
{
    let mut postings = vec![Vec::new(); items];
    for (doc, list) in lists.enumerate() {
        for (item, value) in list {
            postings[item].push((doc, value));
        }
    }
    postings
}

/// The scores of one row, summed per column in a dense array.
struct Scores {
    sums: Vec<f32>,
    /// Whether a column has a score (a score may be zero).
    scored: Vec<bool>,
    /// The columns with a score, in order of their first.
    touched: Vec<usize>,
}

impl Scores {
    fn new(columns: usize) -> Scores {
        Scores { sums: vec![0.0; columns], scored: vec![false; columns], touched: Vec::new() }
    }

    fn add(&mut self, column: usize, score: f32) {
        if !self.scored[column] {
            self.scored[column] = true;
            self.touched.push(column);
        }
        self.sums[column] += score;
    }

    /// The `n` best-scored columns, ties broken by index for stable output;
    /// leaves the scores empty for the next row.
    fn take_top(&mut self, n: usize) -> Vec<usize> {
        let mut list: Vec<(usize, f32)> = self.touched.iter().map(|&c| (c, self.sums[c])).collect();
        for &c in &self.touched {
            self.sums[c] = 0.0;
            self.scored[c] = false;
        }
        self.touched.clear();
        let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if list.len() > n {
            list.select_nth_unstable_by(n, order);
            list.truncate(n);
        }
        list.sort_by(order);
        list.into_iter().map(|(c, _)| c).collect()
    }
}

/// For each of `rows` rows, the `n` best of `columns` columns as `fill`
/// scores them.
fn best_per_row(rows: usize, columns: usize, n: usize, fill: impl Fn(usize, &mut Scores) + Sync) -> Vec<Vec<usize>> {
    (0..rows)
        .into_par_iter()
        .map_init(
            || Scores::new(columns),
            |scores, row| {
                fill(row, scores);
                scores.take_top(n)
            },
        )
        .collect()
}

/// Per entity, the entities that appear in the same documents, strongest
/// first: shared documents, discounted for entities that are everywhere.
pub fn related_entities(terms: &DocTerms<'_>) -> Vec<Vec<usize>> {
    let mut df = vec![0u32; terms.entity_count];
    for doc in terms.entities {
        for &(e, _) in doc {
            df[e] += 1;
        }
    }
    let weight: Vec<f32> = df.iter().map(|&n| 1.0 / (n as f32).sqrt()).collect();
    let by_entity = terms.entity_postings(true);
    best_per_row(terms.entity_count, terms.entity_count, MAX_RELATED, |a, scores| {
        for &(doc, _) in &by_entity[a] {
            for &(b, _) in terms.top_entities(doc) {
                if b != a {
                    scores.add(b, weight[b]);
                }
            }
        }
    })
}

/// Per entity, the topics of the documents that mention it, strongest
/// first.
pub fn entity_topics(terms: &DocTerms<'_>) -> Vec<Vec<usize>> {
    let by_entity = terms.entity_postings(false);
    best_per_row(terms.entity_count, terms.topic_count, MAX_RELATED, |e, scores| {
        for &(doc, count) in &by_entity[e] {
            let weight = (1.0 + count as f32).ln();
            for (rank, &t) in terms.topics[doc].iter().enumerate() {
                scores.add(t, weight / (1.0 + rank as f32));
            }
        }
    })
}

/// Per topic, the entities most mentioned in its documents.
pub fn topic_entities(terms: &DocTerms<'_>) -> Vec<Vec<usize>> {
    let by_topic = terms.topic_postings();
    best_per_row(terms.topic_count, terms.entity_count, MAX_RELATED, |t, scores| {
        for &(doc, ()) in &by_topic[t] {
            for &(e, count) in terms.top_entities(doc) {
                scores.add(e, (1.0 + count as f32).ln());
            }
        }
    })
}

/// Per document, the documents sharing the most specific entities and
/// topics with it (each shared term weighs its inverse document frequency).
pub fn related_docs(terms: &DocTerms<'_>) -> Vec<Vec<usize>> {
    let docs = terms.entities.len();
    let by_entity: Vec<Vec<usize>> =
        terms.entity_postings(false).into_iter().map(|l| l.into_iter().map(|(doc, _)| doc).collect()).collect();
    let by_topic: Vec<Vec<usize>> =
        terms.topic_postings().into_iter().map(|l| l.into_iter().map(|(doc, ())| doc).collect()).collect();
    best_per_row(docs, docs, MAX_RELATED_DOCS, |doc, scores| {
        let entities = terms.top_entities(doc).iter().map(|&(e, _)| &by_entity[e]);
        let own = entities.chain(terms.topics[doc].iter().map(|&t| &by_topic[t]));
        for list in own.filter(|l| l.len() > 1 && l.len() <= MAX_POSTINGS) {
            let weight = (1.0 + docs as f32 / list.len() as f32).ln();
            for &other in list.iter().filter(|&&o| o != doc) {
                scores.add(other, weight);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Corpus = (Vec<Vec<(usize, u32)>>, Vec<Vec<usize>>);

    fn corpus() -> Corpus {
        // entities: 0 everywhere, 1 and 2 together in docs 0 and 1, 3 alone in doc 2
        let entities = vec![vec![(0, 5), (1, 2), (2, 1)], vec![(0, 1), (1, 3), (2, 2)], vec![(0, 2), (3, 1)]];
        let topics = vec![vec![0], vec![0, 1], vec![1]];
        (entities, topics)
    }

    #[test]
    fn entities_that_share_documents_are_related() {
        let (entities, topics) = corpus();
        let terms = DocTerms { entities: &entities, topics: &topics, entity_count: 4, topic_count: 2 };
        let related = related_entities(&terms);
        assert_eq!(related[1][0], 2);
        assert_eq!(related[3], [0]);
    }

    #[test]
    fn documents_sharing_specific_terms_are_related() {
        let (entities, topics) = corpus();
        let terms = DocTerms { entities: &entities, topics: &topics, entity_count: 4, topic_count: 2 };
        let related = related_docs(&terms);
        assert_eq!(related[0], [1, 2]);
        assert_eq!(related[2], [1, 0]);
    }

    #[test]
    fn the_best_scores_come_first_with_ties_by_index_and_zero_scores_count() {
        let mut scores = Scores::new(6);
        for (column, score) in [(4, 1.0), (2, 0.5), (5, 0.0), (1, 1.0), (2, 0.5), (3, 0.25)] {
            scores.add(column, score);
        }
        assert_eq!(scores.take_top(3), [1, 2, 4]);
        scores.add(5, 0.0);
        assert_eq!(scores.take_top(10), [5], "scores start afresh for the next row");
    }

    #[test]
    fn topics_and_entities_link_through_documents() {
        let (entities, topics) = corpus();
        let terms = DocTerms { entities: &entities, topics: &topics, entity_count: 4, topic_count: 2 };
        assert_eq!(entity_topics(&terms)[3], [1]);
        assert_eq!(topic_entities(&terms)[0][0], 0);
    }
}
