//! Links between what the analysis found: entities that appear together,
//! the topics of an entity's documents and the entities of a topic's, and
//! documents that share entities and topics.
//!
//! All through inverted indexes (term → documents), never by comparing
//! every document with every other; terms in very many documents are
//! capped, since they say little about which documents belong together.

use rayon::prelude::*;

use super::hash::FastMap;

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
}

/// The `n` best-scored items, ties broken by index for stable output.
fn top(scores: FastMap<usize, f32>, n: usize) -> Vec<usize> {
    let mut list: Vec<(usize, f32)> = scores.into_iter().collect();
    list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    list.into_iter().take(n).map(|(i, _)| i).collect()
}

/// Per entity, the entities that appear in the same documents, strongest
/// first: shared documents, discounted for entities that are everywhere.
pub fn related_entities(terms: &DocTerms<'_>, entity_count: usize) -> Vec<Vec<usize>> {
    let mut df = vec![0u32; entity_count];
    for doc in terms.entities {
        for &(e, _) in doc {
            df[e] += 1;
        }
    }
    let mut pairs: Vec<FastMap<usize, f32>> = vec![FastMap::default(); entity_count];
    for doc in terms.entities {
        let top: Vec<usize> = doc.iter().take(MAX_ENTITIES_PER_DOC).map(|&(e, _)| e).collect();
        for &a in &top {
            for &b in &top {
                if a != b {
                    *pairs[a].entry(b).or_default() += 1.0 / (df[b] as f32).sqrt();
                }
            }
        }
    }
    pairs.into_iter().map(|scores| top(scores, MAX_RELATED)).collect()
}

/// Per entity, the topics of the documents that mention it, strongest
/// first.
pub fn entity_topics(terms: &DocTerms<'_>, entity_count: usize) -> Vec<Vec<usize>> {
    let mut scores: Vec<FastMap<usize, f32>> = vec![FastMap::default(); entity_count];
    for (doc, entities) in terms.entities.iter().enumerate() {
        let topics = &terms.topics[doc];
        for &(e, count) in entities {
            for (rank, &t) in topics.iter().enumerate() {
                *scores[e].entry(t).or_default() += (1.0 + count as f32).ln() / (1.0 + rank as f32);
            }
        }
    }
    scores.into_iter().map(|s| top(s, MAX_RELATED)).collect()
}

/// Per topic, the entities most mentioned in its documents.
pub fn topic_entities(terms: &DocTerms<'_>, topic_count: usize) -> Vec<Vec<usize>> {
    let mut scores: Vec<FastMap<usize, f32>> = vec![FastMap::default(); topic_count];
    for (doc, topics) in terms.topics.iter().enumerate() {
        for &t in topics {
            for &(e, count) in terms.entities[doc].iter().take(MAX_ENTITIES_PER_DOC) {
                *scores[t].entry(e).or_default() += (1.0 + count as f32).ln();
            }
        }
    }
    scores.into_iter().map(|s| top(s, MAX_RELATED)).collect()
}

/// Per document, the documents sharing the most specific entities and
/// topics with it (each shared term weighs its inverse document frequency).
pub fn related_docs(terms: &DocTerms<'_>) -> Vec<Vec<usize>> {
    let docs = terms.entities.len();
    // postings: entities as (0, e), topics as (1, t)
    let mut postings: FastMap<(u8, usize), Vec<usize>> = FastMap::default();
    for doc in 0..docs {
        for &(e, _) in &terms.entities[doc] {
            postings.entry((0, e)).or_default().push(doc);
        }
        for &t in &terms.topics[doc] {
            postings.entry((1, t)).or_default().push(doc);
        }
    }
    let weight = |list: &Vec<usize>| (1.0 + docs as f32 / list.len() as f32).ln();
    (0..docs)
        .into_par_iter()
        .map(|doc| {
            let mut scores: FastMap<usize, f32> = FastMap::default();
            let entities = terms.entities[doc].iter().take(MAX_ENTITIES_PER_DOC).map(|&(e, _)| (0u8, e));
            let own = entities.chain(terms.topics[doc].iter().map(|&t| (1u8, t)));
            for term in own {
                let Some(list) = postings.get(&term).filter(|l| l.len() > 1 && l.len() <= MAX_POSTINGS) else {
                    continue;
                };
                let w = weight(list);
                for &other in list.iter().filter(|&&o| o != doc) {
                    *scores.entry(other).or_default() += w;
                }
            }
            top(scores, MAX_RELATED_DOCS)
        })
        .collect()
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
        let terms = DocTerms { entities: &entities, topics: &topics };
        let related = related_entities(&terms, 4);
        assert_eq!(related[1][0], 2);
        assert_eq!(related[3], [0]);
    }

    #[test]
    fn documents_sharing_specific_terms_are_related() {
        let (entities, topics) = corpus();
        let terms = DocTerms { entities: &entities, topics: &topics };
        let related = related_docs(&terms);
        assert_eq!(related[0], [1, 2]);
        assert_eq!(related[2], [1, 0]);
    }

    #[test]
    fn topics_and_entities_link_through_documents() {
        let (entities, topics) = corpus();
        let terms = DocTerms { entities: &entities, topics: &topics };
        assert_eq!(entity_topics(&terms, 4)[3], [1]);
        assert_eq!(topic_entities(&terms, 2)[0][0], 0);
    }
}
