//! Analysis of the whole corpus: who and what the documents talk about.
//!
//! Input is the documents of `content/` (their cleaned Markdown bodies, never
//! the boilerplate cleaning removed); output is plain data that the site
//! model turns into pages and links. Documents are referred to by their index
//! in the slice given to [`analyze`].

pub mod events;
pub mod extract;
pub mod hash;
pub mod lexicon;
pub mod links;
pub mod names;
pub mod resolve;
pub mod stems;
pub mod stories;
pub mod summarize;
pub mod text;
pub mod topics;
pub mod vocab;

use std::collections::HashSet;
use std::ops::Range;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::AnalysisConfig;
use crate::document::{Document, DocumentKind};
use crate::slug::slugify_or;
use events::{DatedSentence, EventReader, TimelineEntry};
use extract::{DocNames, Extractor};
use resolve::Resolution;
use stories::Story;
use stories::sketch::{ShingleReader, StorySketch};
use summarize::{Summary, SummaryReader};
use topics::{DocTerms, PooledTopic, TermFinder};

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
    /// The first sentence that names it (plain text; shared with the
    /// document's reading).
    pub sentence: crate::shared_str::SharedStr,
    /// Byte range of the name within `sentence`, for highlighting.
    pub highlight: Range<usize>,
    /// The fingerprint of `sentence` (see [`extract::FirstMention`]).
    pub sentence_print: crate::fingerprint::Fingerprint,
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
    pub entities: Vec<(usize, Vec<crate::shared_str::SharedStr>)>,
    /// Its topics (indices), strongest first.
    pub topics: Vec<usize>,
    /// Documents that share the most entities and topics with it.
    pub related: Vec<usize>,
    /// Its summary: two or three of its sentences (empty for pages).
    pub summary: String,
    /// The story it is a report of (index into [`Analysis::stories`]).
    pub story: Option<usize>,
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
    /// Reports of the same event, grouped; biggest first, then newest.
    pub stories: Vec<Story>,
    /// Every dated sentence, in order of the date it states.
    pub timeline: Vec<TimelineEntry>,
}

/// Everything one document says on its own: the names it uses, its
/// keyphrases, its summary, the dates it states and its story signature. A
/// pure function of the document (body, title, date, language, kind) and
/// the configuration, so the build keeps it per document and reads only
/// changed documents again.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Reading {
    /// Names found, with their cues.
    pub names: DocNames,
    /// Keyphrases and configured topics matched.
    pub terms: DocTerms,
    /// Its summary and key sentences.
    pub summary: Summary,
    /// Sentences stating dates.
    pub events: Vec<DatedSentence>,
    /// What story detection compares.
    pub sketch: StorySketch,
}

/// Reads documents one at a time; built once per corpus from the configuration.
pub struct Reader {
    extractor: Extractor,
    finder: TermFinder,
}

impl Reader {
    /// A reader for the rules of `config`.
    pub fn new(config: &AnalysisConfig) -> Reader {
        Reader { extractor: Extractor::new(&config.entities.names()), finder: TermFinder::new(&config.topics) }
    }

    /// What `doc` says. Only sources are read in full; of the site's own
    /// pages only the summary is kept (they name no entities, state no
    /// events and join no story). The body is cut into sentences and tokens
    /// once for all passes.
    pub fn read(&self, doc: &Document) -> Reading {
        use text::SentenceReader;
        let language = doc.language.as_deref();
        let blocks = text::blocks(&doc.body);
        if doc.kind == DocumentKind::Page {
            let sentences = text::read(&blocks, SummaryReader::new(&doc.title, language)).sentences;
            return Reading { summary: Summary { sentences, key: Vec::new() }, ..Reading::default() };
        }
        let mut names = self.extractor.reader(language);
        let mut terms = self.finder.reader(language);
        let mut summary = SummaryReader::new(&doc.title, language);
        let mut events = EventReader::new(doc.date);
        let mut shingles = ShingleReader::default();
        for sentence in text::document_sentences(&blocks) {
            names.sentence(&sentence);
            terms.sentence(&sentence);
            summary.sentence(&sentence);
            events.sentence(&sentence);
            shingles.sentence(&sentence);
        }
        let sketch = StorySketch {
            date: doc.date,
            shingles: shingles.finish(),
            terms: summary.term_counts(stories::sketch::MAX_TERMS),
        };
        Reading {
            names: names.finish(),
            terms: terms.finish(),
            summary: summary.finish(),
            events: events.finish(),
            sketch,
        }
    }
}

/// Analyses `documents` as one corpus: each is read on its own, in
/// parallel, then [`merge`] pools the evidence.
pub fn analyze(documents: &[Document], config: &AnalysisConfig) -> Analysis {
    let reader = Reader::new(config);
    let readings: Vec<Reading> = documents.par_iter().map(|doc| reader.read(doc)).collect();
    merge(&readings.iter().collect::<Vec<_>>(), config)
}

/// The corpus-wide step: pools the readings of all documents (in document
/// order), joins spellings into entities, pools keyphrases into topics and
/// links everything.
pub fn merge(readings: &[&Reading], config: &AnalysisConfig) -> Analysis {
    let mut started = Instant::now();
    let names: Vec<&DocNames> = readings.iter().map(|r| &r.names).collect();
    let terms: Vec<&DocTerms> = readings.iter().map(|r| &r.terms).collect();
    let (resolution, pooled) =
        rayon::join(|| resolve::resolve(&names, &config.entities), || topics::pool(&terms, &config.topics));
    log::debug!("analyze, entity merge and topic pooling: {:.1} ms", lap(&mut started));
    let mut analysis = assemble(resolution, pooled);
    log::debug!("analyze, links: {:.1} ms", lap(&mut started));
    tell_stories(&mut analysis, readings);
    log::debug!("analyze, stories and timeline: {:.1} ms", lap(&mut started));
    analysis
}

/// Each document's entities with their mention counts, most mentioned
/// first: what story detection compares besides the text.
pub fn doc_entity_counts(entities: &[Entity], docs: usize) -> Vec<Vec<(usize, u32)>> {
    let mut counts: Vec<Vec<(usize, u32)>> = vec![Vec::new(); docs];
    for (e, entity) in entities.iter().enumerate() {
        for m in &entity.mentions {
            counts[m.doc].push((e, m.count as u32));
        }
    }
    for list in &mut counts {
        list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    counts
}

/// The story-detection view of each document: its reading's sketch, days
/// and key sentences, with its `entities` (see [`doc_entity_counts`]).
pub fn story_reports<'a>(
    readings: &[&'a Reading],
    entities: &'a [Vec<(usize, u32)>],
) -> Vec<stories::cluster::Report<'a>> {
    readings
        .iter()
        .zip(entities)
        .map(|(r, entities)| stories::cluster::Report {
            sketch: &r.sketch,
            entities,
            days: stories::stated_days(&r.events),
            key: &r.summary.key,
        })
        .collect()
}

/// What the story pages tell of each document: its reading's date,
/// dated sentences, keyphrases and key sentences, with its `entities`
/// (see [`doc_entity_counts`]).
pub fn story_facts<'a>(readings: &[&'a Reading], entities: &'a [Vec<(usize, u32)>]) -> Vec<stories::ReportFacts<'a>> {
    readings
        .iter()
        .zip(entities)
        .map(|(r, entities)| stories::ReportFacts {
            date: r.sketch.date,
            entities,
            events: &r.events,
            keyphrases: &r.terms.keyphrases,
            key: &r.summary.key,
        })
        .collect()
}

/// Each of `docs` documents' story (index into `stories`), if any.
fn story_of(stories: &[Story], docs: usize) -> Vec<Option<usize>> {
    let mut story_of: Vec<Option<usize>> = vec![None; docs];
    for (i, story) in stories.iter().enumerate() {
        for &d in &story.docs {
            story_of[d] = Some(i);
        }
    }
    story_of
}

/// The timeline of `readings` told as `stories`.
pub fn timeline(readings: &[&Reading], stories: &[Story]) -> Vec<TimelineEntry> {
    let events: Vec<&[DatedSentence]> = readings.iter().map(|r| r.events.as_slice()).collect();
    let dates: Vec<Option<chrono::NaiveDate>> = readings.iter().map(|r| r.sketch.date).collect();
    events::timeline(&events, &story_of(stories, readings.len()), &dates)
}

/// Adds summaries, stories and the timeline to the analysis.
fn tell_stories(analysis: &mut Analysis, readings: &[&Reading]) {
    let entities = doc_entity_counts(&analysis.entities, readings.len());
    let reports = story_reports(readings, &entities);
    let facts = story_facts(readings, &entities);
    analysis.stories = stories::stories(&reports, &facts);
    for ((doc, reading), story) in
        analysis.docs.iter_mut().zip(readings).zip(story_of(&analysis.stories, readings.len()))
    {
        doc.story = story;
        doc.summary = reading.summary.sentences.join(" ");
    }
    analysis.timeline = timeline(readings, &analysis.stories);
}

/// Milliseconds since `since`, which then restarts (for the `-v` timings
/// of each step).
fn lap(since: &mut Instant) -> f64 {
    let elapsed = since.elapsed().as_secs_f64() * 1000.0;
    *since = Instant::now();
    elapsed
}

/// Builds the [`Analysis`] from the merged entities and topics: slugs,
/// sorting by slug, mentions and links.
fn assemble(resolution: Resolution, pooled: Vec<PooledTopic>) -> Analysis {
    let entity_order = slug_order(resolution.entities.iter().map(|e| e.name.as_str()), "entity");
    let topic_order = slug_order(pooled.iter().map(|t| t.name.as_str()), "topic");
    let doc_count = resolution.mentions.len();

    let doc_entities: Vec<Vec<(usize, u32)>> = resolution
        .mentions
        .iter()
        .map(|list| list.iter().map(|m| (entity_order.new_index[m.entity], m.count)).collect())
        .collect();
    let mut doc_topics: Vec<Vec<(usize, f32)>> = vec![Vec::new(); doc_count];
    for (old, topic) in pooled.iter().enumerate() {
        for &(doc, score) in &topic.docs {
            doc_topics[doc].push((topic_order.new_index[old], score));
        }
    }
    let mut doc_topics: Vec<Vec<usize>> = doc_topics
        .into_iter()
        .map(|mut list| {
            list.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            list.into_iter().take(MAX_DOC_TOPICS).map(|(t, _)| t).collect()
        })
        .collect();
    let link_terms = links::DocTerms {
        entities: &doc_entities,
        topics: &doc_topics,
        entity_count: entity_order.slugs.len(),
        topic_count: topic_order.slugs.len(),
    };
    let ((mut related, mut entity_topics), (mut topic_entities, mut related_docs)) = rayon::join(
        || rayon::join(|| links::related_entities(&link_terms), || links::entity_topics(&link_terms)),
        || rayon::join(|| links::topic_entities(&link_terms), || links::related_docs(&link_terms)),
    );

    let mut entities: Vec<Option<Entity>> = vec![None; entity_order.slugs.len()];
    for (old, resolved) in resolution.entities.into_iter().enumerate() {
        let new = entity_order.new_index[old];
        entities[new] = Some(Entity {
            slug: entity_order.slugs[new].clone(),
            name: resolved.name,
            kind: resolved.kind,
            aliases: resolved.aliases,
            mentions: Vec::new(),
            related: std::mem::take(&mut related[new]),
            topics: std::mem::take(&mut entity_topics[new]),
        });
    }
    let mut entities: Vec<Entity> = entities.into_iter().flatten().collect();
    let mut docs = Vec::with_capacity(doc_count);
    for (doc, list) in resolution.mentions.into_iter().enumerate() {
        let mut doc_entities = Vec::with_capacity(list.len());
        for m in list {
            let e = entity_order.new_index[m.entity];
            entities[e].mentions.push(Mention {
                doc,
                count: m.count as usize,
                sentence: m.first.sentence,
                highlight: m.first.highlight,
                sentence_print: m.first.sentence_print,
            });
            doc_entities.push((e, m.surfaces));
        }
        docs.push(DocAnalysis {
            entities: doc_entities,
            topics: std::mem::take(&mut doc_topics[doc]),
            related: std::mem::take(&mut related_docs[doc]),
            ..DocAnalysis::default()
        });
    }
    let mut topics: Vec<Option<Topic>> = vec![None; topic_order.slugs.len()];
    for (old, pooled) in pooled.into_iter().enumerate() {
        let new = topic_order.new_index[old];
        topics[new] = Some(Topic {
            slug: topic_order.slugs[new].clone(),
            name: pooled.name,
            keywords: pooled.keywords,
            docs: pooled.docs.into_iter().map(|(doc, score)| TopicDoc { doc, score }).collect(),
            entities: std::mem::take(&mut topic_entities[new]),
        });
    }
    Analysis { entities, topics: topics.into_iter().flatten().collect(), docs, ..Analysis::default() }
}

/// Topics listed per document.
const MAX_DOC_TOPICS: usize = 8;

/// Unique slugs for names, and where each name goes when sorted by slug.
struct SlugOrder {
    /// Slugs, in sorted order.
    slugs: Vec<String>,
    /// Sorted position of the item at each original index.
    new_index: Vec<usize>,
}

fn slug_order<'a>(names: impl Iterator<Item = &'a str>, fallback: &str) -> SlugOrder {
    let mut taken: HashSet<String> = HashSet::new();
    let mut slugs: Vec<(String, usize)> = Vec::new();
    let mut named: Vec<(String, usize)> = names.enumerate().map(|(i, n)| (slugify_or(n, fallback), i)).collect();
    named.sort();
    for (base, old) in named {
        let mut slug = base.clone();
        let mut n = 2;
        while !taken.insert(slug.clone()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        slugs.push((slug, old));
    }
    slugs.sort();
    let mut new_index = vec![0; slugs.len()];
    for (new, (_, old)) in slugs.iter().enumerate() {
        new_index[*old] = new;
    }
    SlugOrder { slugs: slugs.into_iter().map(|(s, _)| s).collect(), new_index }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{EntityRules, TopicRule};
    use proptest::prelude::*;

    fn document(slug: &str, kind: DocumentKind, body: &str) -> Document {
        Document {
            slug: slug.to_string(),
            file: format!("{slug}.md"),
            kind,
            title: slug.to_string(),
            publisher: None,
            author: None,
            date: None,
            language: Some("en".to_string()),
            source: None,
            summary: None,
            extra: serde_json::Value::Null,
            body: body.into(),
        }
    }

    fn corpus() -> Vec<Document> {
        vec![
            document(
                "a",
                DocumentKind::Source,
                "Russian President Vladimir Putin said large language models matter. Sberbank builds large language models.",
            ),
            document("about", DocumentKind::Page, "This site was made by Jane Doe in Berlin."),
            document("b", DocumentKind::Source, "Putin met Sberbank bosses about large language models in Moscow."),
        ]
    }

    #[test]
    fn of_pages_only_the_summary_is_read() {
        let analysis = analyze(&corpus(), &AnalysisConfig::default());
        assert_eq!(analysis.docs.len(), 3);
        let page = &analysis.docs[1];
        assert_eq!(page.summary, "This site was made by Jane Doe in Berlin.");
        assert_eq!(*page, DocAnalysis { summary: page.summary.clone(), ..DocAnalysis::default() });
        assert!(!analysis.entities.iter().any(|e| e.name.contains("Jane") || e.name == "Berlin"));
    }

    #[test]
    fn entities_and_topics_are_sorted_by_slug_and_cross_linked() {
        let analysis = analyze(&corpus(), &AnalysisConfig::default());
        let slugs: Vec<&str> = analysis.entities.iter().map(|e| e.slug.as_str()).collect();
        assert!(slugs.windows(2).all(|w| w[0] < w[1]), "{slugs:?}");
        let putin = analysis.entities.iter().position(|e| e.name == "Vladimir Putin").expect("Putin");
        let mentions: Vec<usize> = analysis.entities[putin].mentions.iter().map(|m| m.doc).collect();
        assert_eq!(mentions, [0, 2]);
        let first = &analysis.entities[putin].mentions[0];
        assert_eq!(&first.sentence[first.highlight.clone()], "Vladimir Putin");
        assert!(
            analysis.docs[0]
                .entities
                .iter()
                .any(|(e, forms)| *e == putin && forms.iter().any(|f| &**f == "Vladimir Putin"))
        );
        let sberbank = analysis.entities.iter().position(|e| e.name == "Sberbank").expect("Sberbank");
        assert!(analysis.entities[putin].related.contains(&sberbank));
        let topic = analysis.topics.iter().position(|t| t.name == "large language models").expect("topic");
        assert_eq!(analysis.topics[topic].docs.len(), 2);
        assert!(analysis.docs[0].topics.contains(&topic));
        assert!(analysis.entities[putin].topics.contains(&topic));
        assert!(analysis.topics[topic].entities.contains(&putin));
        assert_eq!(analysis.docs[0].related, [2]);
    }

    #[test]
    fn configured_topics_and_entity_rules_reach_the_analysis() {
        let config = AnalysisConfig {
            entities: EntityRules { suppress: vec!["Sberbank".to_string()], ..EntityRules::default() },
            topics: vec![TopicRule { name: "Banking".to_string(), keywords: vec!["Sberbank".to_string()] }],
        };
        let analysis = analyze(&corpus(), &config);
        assert!(!analysis.entities.iter().any(|e| e.name == "Sberbank"));
        let banking = analysis.topics.iter().find(|t| t.name == "Banking").expect("configured topic");
        let docs: Vec<usize> = banking.docs.iter().map(|d| d.doc).collect();
        assert_eq!(docs.len(), 2);
    }

    #[test]
    fn duplicate_slugs_are_made_unique() {
        let order = slug_order(["A b", "a-b", "c"].into_iter(), "entity");
        assert_eq!(order.slugs, ["a-b", "a-b-2", "c"]);
    }

    proptest! {
        #[test]
        fn analysis_never_panics_on_arbitrary_text(bodies in proptest::collection::vec("(?s).{0,300}", 1..4)) {
            let docs: Vec<Document> = bodies.iter().enumerate().map(|(i, b)| document(&i.to_string(), DocumentKind::Source, b)).collect();
            let analysis = analyze(&docs, &AnalysisConfig::default());
            prop_assert_eq!(analysis.docs.len(), docs.len());
        }

        #[test]
        fn analysis_never_panics_on_name_like_text(
            bodies in proptest::collection::vec(
                "(([A-Z][a-zé’]{0,6}|[A-Z]{2,4}|U\\.S\\.|of|and|the|Mr\\.|President|CEO|\\(|\\)|,|\\.|’s|-|#|\\n\\n|- |# |[A-Z]\\.|普京|Москва)[ \\n]?){0,60}",
                1..4,
            )
        ) {
            let docs: Vec<Document> = bodies.iter().enumerate().map(|(i, b)| document(&i.to_string(), DocumentKind::Source, b)).collect();
            let config = AnalysisConfig {
                entities: EntityRules { aliases: vec![("Mr".to_string(), vec!["普京".to_string()])], ..EntityRules::default() },
                topics: vec![TopicRule { name: "X".to_string(), keywords: vec!["of the".to_string()] }],
            };
            let analysis = analyze(&docs, &config);
            for entity in &analysis.entities {
                for m in &entity.mentions {
                    prop_assert!(m.sentence.get(m.highlight.clone()).is_some());
                }
            }
        }
    }
}
