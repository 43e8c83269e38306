//! Analysis of the whole corpus: who and what the documents talk about.
//!
//! Input is the documents of `content/` (their cleaned Markdown bodies, never
//! the boilerplate cleaning removed); output is plain data that the site
//! model turns into pages and links. Documents are referred to by their index
//! in the slice given to [`analyze`].

use std::ops::Range;

use crate::document::Document;

/// What a person, organisation or place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A named person.
    Person,
    /// A company, institution, agency, party, group of states, ...
    Organization,
    /// A country, city, region or other named place.
    Place,
    /// Named, but none of the above.
    Other,
}

/// One real-world thing the corpus names, with every name it goes by.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Unique URL slug.
    pub slug: String,
    /// The fullest common name ("Vladimir Putin").
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Every surface form seen, the name included ("Putin", "Vladimir Putin").
    pub aliases: Vec<String>,
    /// Mentions per document, in document order.
    pub mentions: Vec<Mention>,
    /// Entities that often appear in the same documents, strongest first.
    pub related: Vec<usize>,
    /// Topics of the documents that mention it, strongest first.
    pub topics: Vec<usize>,
}

/// How one document mentions an entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Index of the document.
    pub doc: usize,
    /// How many times the document names it.
    pub count: usize,
    /// The first sentence that names it (plain text).
    pub sentence: String,
    /// Byte range of the name within `sentence`, for highlighting.
    pub highlight: Range<usize>,
}

/// A subject that recurs across documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Topic {
    /// Unique URL slug.
    pub slug: String,
    /// Display name ("artificial intelligence").
    pub name: String,
    /// Variants merged into it, and configured keywords.
    pub keywords: Vec<String>,
    /// Documents about it, most relevant first.
    pub docs: Vec<TopicDoc>,
    /// Entities most often found in its documents, strongest first.
    pub entities: Vec<usize>,
}

/// A document's weight for a topic.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicDoc {
    /// Index of the document.
    pub doc: usize,
    /// Relevance, higher is more.
    pub score: f32,
}

/// What the analysis found about one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocAnalysis {
    /// Entities it mentions (indices), with the surface forms it uses for
    /// each, most mentioned first: the site links each one's first mention.
    pub entities: Vec<(usize, Vec<String>)>,
    /// Its topics (indices), strongest first.
    pub topics: Vec<usize>,
    /// Documents that share the most entities and topics with it.
    pub related: Vec<usize>,
}

/// Everything the analysis found, for the site model.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// All entities, sorted by slug.
    pub entities: Vec<Entity>,
    /// All topics, sorted by slug.
    pub topics: Vec<Topic>,
    /// Per document, in the order of the documents given.
    pub docs: Vec<DocAnalysis>,
}

/// Analyses `documents` as one corpus.
pub fn analyze(documents: &[Document]) -> Analysis {
    Analysis { docs: vec![DocAnalysis::default(); documents.len()], ..Analysis::default() }
}
