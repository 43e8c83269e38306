//! Topics: the subjects that recur across documents.
//!
//! Per document (a pure function of it, like entity extraction): keyphrases
//! scored YAKE-style, candidates being runs of up to three content words
//! (no stopwords, numbers, names or page furniture), stemmed so that
//! variants share a key ("language model" = "language models"); and the
//! configured topics whose keywords the document uses. Across the corpus:
//! keyphrases that several documents share are pooled, weighted by how
//! specific they are, the best kept, and variants merged ("language models"
//! into "large language models" when they cover the same documents).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::lexicon::lexicon;
use super::text::{self, BlockKind, TokenKind, is_all_caps, is_capitalised};
use crate::config::TopicRule;

/// Keyphrases kept per document.
const PER_DOC: usize = 12;
/// Longest keyphrase, in words.
const MAX_WORDS: usize = 3;

/// A keyphrase of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyphrase {
    /// Stems joined by spaces: what variants share.
    pub key: String,
    /// The most used form, as written (lowercase unless an acronym).
    pub surface: String,
    /// How much the document is about it.
    pub score: f32,
}

/// What one document says about topics.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocTerms {
    /// Its best keyphrases, best first.
    pub keyphrases: Vec<Keyphrase>,
    /// Configured topics it matches (index into the rules) and how often.
    pub configured: Vec<(usize, u32)>,
}

/// The words of a word list in `data/`: comments and blank lines left out.
fn word_list(text: &'static str) -> HashSet<&'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect()
}

/// Words that never make a topic: page furniture.
static FURNITURE: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(include_str!("../../data/furniture_words.txt")));

/// The stemmer for a language, if Snowball has one.
fn stemmer(language: Option<&str>) -> Option<Stemmer> {
    let algorithm = match language.unwrap_or("en") {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// The stem of a lowercase word (the word itself when no stemmer).
fn stem(stemmer: Option<&Stemmer>, word: &str) -> String {
    match stemmer {
        Some(s) => s.stem(word).into_owned(),
        None => word.to_string(),
    }
}

/// Finds keyphrases and configured topics in documents.
pub struct TermFinder {
    /// Configured keywords, as lowercase words, with their topic.
    keywords: Vec<(Vec<String>, usize)>,
}

/// One word of a sentence: its lowercase form, its stem, whether it can be
/// in a keyphrase at all, and whether it is a stopword (which a keyphrase
/// may hold, as in "large language models", but not end with or be made
/// only of).
struct Word {
    lower: String,
    stem: String,
    content: bool,
    stopword: bool,
}

impl TermFinder {
    /// A finder for the configured `rules` (a topic's name is one of its
    /// keywords).
    pub fn new(rules: &[TopicRule]) -> TermFinder {
        let keywords = rules
            .iter()
            .enumerate()
            .flat_map(|(i, rule)| std::iter::once(&rule.name).chain(&rule.keywords).map(move |k| (k, i)))
            .map(|(k, i)| (text::words(k).map(str::to_lowercase).collect::<Vec<_>>(), i))
            .filter(|(words, _)| !words.is_empty())
            .collect();
        TermFinder { keywords }
    }

    /// The terms of a document's Markdown `body` in `language`.
    pub fn terms(&self, body: &str, language: Option<&str>) -> DocTerms {
        let stemmer = stemmer(language);
        let code = language.unwrap_or("en");
        let mut phrases: HashMap<String, PhraseStats> = HashMap::new();
        let mut all_stems: Vec<String> = Vec::new();
        let mut sentence_index = 0usize;
        for block in text::blocks(body).iter().filter(|b| b.kind != BlockKind::Code) {
            let heading = !block.is_prose();
            for range in text::sentences(&block.text) {
                let words = sentence_words(&block.text[range], heading, stemmer.as_ref(), code);
                all_stems.extend(words.iter().map(|w| w.stem.clone()));
                all_stems.push(String::new());
                count_phrases(&words, sentence_index, &mut phrases);
                sentence_index += 1;
            }
        }
        let configured = self.match_keywords(&all_stems, stemmer.as_ref());
        DocTerms { keyphrases: best_phrases(phrases, sentence_index.max(1)), configured }
    }

    /// Configured topics whose keywords occur in `stems` (sentences
    /// separated by empty strings), with counts.
    fn match_keywords(&self, stems: &[String], stemmer: Option<&Stemmer>) -> Vec<(usize, u32)> {
        if self.keywords.is_empty() {
            return Vec::new();
        }
        let mut by_first: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (words, topic) in &self.keywords {
            let stems: Vec<String> = words.iter().map(|w| stem(stemmer, w)).collect();
            by_first.entry(stems[0].clone()).or_default().push((stems, *topic));
        }
        let mut counts: HashMap<usize, u32> = HashMap::new();
        for i in 0..stems.len() {
            let Some(candidates) = by_first.get(&stems[i]) else { continue };
            for (keyword, topic) in candidates {
                if stems.get(i..i + keyword.len()).is_some_and(|window| window == keyword.as_slice()) {
                    *counts.entry(*topic).or_default() += 1;
                }
            }
        }
        let mut out: Vec<(usize, u32)> = counts.into_iter().collect();
        out.sort_unstable();
        out
    }
}

/// The words of a sentence, lowercased and stemmed, each marked whether it
/// can be part of a keyphrase: not a function word, number, furniture word
/// or (mid-sentence, in prose) a name. In English the short list of
/// function words cuts phrases and the long stopword list only marks weak
/// words; other languages cut at every stopword.
fn sentence_words(sentence: &str, heading: bool, stemmer: Option<&Stemmer>, language: &str) -> Vec<Word> {
    let lex = lexicon();
    let stopwords = crate::clean::lang::stopwords(language);
    let english = language == "en";
    let tokens = text::tokens(sentence);
    let mut out = Vec::with_capacity(tokens.len());
    let mut first_word = true;
    for token in &tokens {
        if token.kind != TokenKind::Word {
            out.push(Word { lower: String::new(), stem: String::new(), content: false, stopword: false });
            continue;
        }
        let raw = token.text(sentence);
        let lower = raw.to_lowercase();
        let acronym_term = is_all_caps(raw) && lex.is_not_name(&lower);
        let name = if heading || first_word { !lex.is_common_word(&lower) } else { is_capitalised(raw) };
        first_word = false;
        let stopword = stopwords.contains(&lower);
        let cuts = if english { lex.is_function_word(&lower) } else { stopword };
        let content = acronym_term
            || !(name
                || cuts
                || FURNITURE.contains(lower.as_str())
                || lower.chars().count() < 3 && !text::is_unspaced(lower.chars().next().unwrap_or(' '))
                || !lower.chars().any(char::is_alphabetic));
        let shown = if acronym_term { raw.to_string() } else { lower };
        let stem = stem(stemmer, &shown.to_lowercase());
        out.push(Word { lower: shown, stem, content, stopword: stopword && !acronym_term });
    }
    out
}

/// What one document says about one keyphrase.
struct PhraseStats {
    count: u32,
    first_sentence: usize,
    words: usize,
    surfaces: HashMap<String, u32>,
}

/// Counts the phrases of up to [`MAX_WORDS`] content words in a sentence.
fn count_phrases(words: &[Word], sentence: usize, phrases: &mut HashMap<String, PhraseStats>) {
    for start in 0..words.len() {
        if !words[start].content || words[start].lower.chars().any(text::is_unspaced) {
            continue;
        }
        let mut key = String::new();
        let mut surface = String::new();
        for (n, word) in words[start..].iter().take(MAX_WORDS).enumerate() {
            if !word.content {
                break;
            }
            if n > 0 {
                key.push(' ');
                surface.push(' ');
            }
            key.push_str(&word.stem);
            surface.push_str(&word.lower);
            if word.stopword {
                continue;
            }
            let stats = phrases.entry(key.clone()).or_insert_with(|| PhraseStats {
                count: 0,
                first_sentence: sentence,
                words: n + 1,
                surfaces: HashMap::new(),
            });
            stats.count += 1;
            *stats.surfaces.entry(surface.clone()).or_default() += 1;
        }
    }
}

/// The document's best phrases: frequent, early, and longer phrases
/// preferred to the single words inside them.
fn best_phrases(phrases: HashMap<String, PhraseStats>, sentences: usize) -> Vec<Keyphrase> {
    let mut scored: Vec<Keyphrase> = phrases
        .into_iter()
        .filter(|(_, s)| s.count >= 2 || s.words >= 2 && s.first_sentence < 3)
        .map(|(key, s)| {
            let position = 1.0 + 1.0 / (1.0 + s.first_sentence as f32 / sentences as f32 * 4.0);
            let length = match s.words {
                1 => 1.0,
                2 => 1.6,
                _ => 1.8,
            };
            let score = (1.0 + s.count as f32).ln() * position * length;
            let surface = s
                .surfaces
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(s, _)| s)
                .unwrap_or_default();
            Keyphrase { key, surface, score }
        })
        .collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.key.cmp(&b.key)));
    scored.truncate(PER_DOC);
    scored
}

/// A topic of the corpus, before slugs and links.
#[derive(Debug, Clone, PartialEq)]
pub struct PooledTopic {
    /// Display name.
    pub name: String,
    /// Variants merged into it, and configured keywords.
    pub keywords: Vec<String>,
    /// Documents and their relevance, most relevant first.
    pub docs: Vec<(usize, f32)>,
}

/// A keyphrase shared by documents, as the corpus sees it.
#[derive(Default)]
struct Shared<'a> {
    /// The documents that have it, with their scores.
    docs: Vec<(usize, f32)>,
    /// Its surface forms and how many documents use each.
    surfaces: HashMap<&'a str, u32>,
}

impl Shared<'_> {
    /// Total score, weighted by how specific the phrase is (rarer in the
    /// corpus is more specific; a phrase of every document still counts).
    fn weight(&self, analysed: usize) -> f32 {
        let specificity = (1.0 + analysed as f32 / self.docs.len() as f32).ln();
        self.docs.iter().map(|(_, s)| s).sum::<f32>() * specificity.max(0.2)
    }

    /// The most used surface form.
    fn surface(&self) -> String {
        self.surfaces
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(String::new(), |(s, _)| s.to_string())
    }
}

/// The corpus's topics: configured ones first, then keyphrases that
/// several documents share, best first.
pub fn pool(docs: &[DocTerms], rules: &[TopicRule]) -> Vec<PooledTopic> {
    let mut topics: Vec<PooledTopic> = configured_topics(docs, rules);
    let configured_keys: HashSet<String> =
        rules.iter().flat_map(|r| std::iter::once(&r.name).chain(&r.keywords)).map(|k| english_key(k)).collect();
    let mut shared: HashMap<&str, Shared<'_>> = HashMap::new();
    for (doc, terms) in docs.iter().enumerate() {
        for k in &terms.keyphrases {
            let entry = shared.entry(k.key.as_str()).or_default();
            entry.docs.push((doc, k.score));
            *entry.surfaces.entry(k.surface.as_str()).or_default() += 1;
        }
    }
    let analysed = docs.iter().filter(|d| !d.keyphrases.is_empty()).count().max(1);
    let min_docs = if analysed >= 2 { 2 } else { 1 };
    let mut candidates: Vec<(f32, &str, Shared<'_>)> = shared
        .into_iter()
        .filter(|(key, s)| s.docs.len() >= min_docs && !configured_keys.contains(*key))
        .map(|(key, s)| (s.weight(analysed), key, s))
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    candidates.truncate(topic_budget(analysed));
    let mut found: Vec<(String, PooledTopic)> = candidates
        .into_iter()
        .map(|(_, key, s)| {
            let surface = s.surface();
            (key.to_string(), PooledTopic { name: surface.clone(), keywords: vec![surface], docs: s.docs })
        })
        .collect();
    merge_variants(&mut found);
    topics.extend(found.into_iter().map(|(_, t)| t));
    for topic in &mut topics {
        topic.docs.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    topics
}

/// How many statistical topics a corpus of `docs` documents gets.
fn topic_budget(docs: usize) -> usize {
    (6 + docs / 25).min(200)
}

/// A configured keyword as a keyphrase key (English stems), so that the
/// statistical topic it duplicates is left out.
fn english_key(keyword: &str) -> String {
    let stemmer = stemmer(Some("en"));
    text::words(keyword).map(|w| stem(stemmer.as_ref(), &w.to_lowercase())).collect::<Vec<_>>().join(" ")
}

fn configured_topics(docs: &[DocTerms], rules: &[TopicRule]) -> Vec<PooledTopic> {
    let mut topics: Vec<PooledTopic> = rules
        .iter()
        .map(|r| PooledTopic { name: r.name.clone(), keywords: r.keywords.clone(), docs: Vec::new() })
        .collect();
    for (doc, terms) in docs.iter().enumerate() {
        for &(topic, count) in &terms.configured {
            if let Some(t) = topics.get_mut(topic) {
                t.docs.push((doc, (1.0 + count as f32).ln()));
            }
        }
    }
    topics
}

/// Merges a phrase into a longer one containing it ("language model" into
/// "large language model") when they cover mostly the same documents.
/// Topics are few (at most 200), so pairs are compared directly, documents
/// only for the pairs whose words nest.
fn merge_variants(topics: &mut Vec<(String, PooledTopic)>) {
    let mut i = 0;
    while i < topics.len() {
        let target = (0..topics.len())
            .find(|&j| j != i && nests(&topics[i].0, &topics[j].0) && overlaps(&topics[i].1, &topics[j].1));
        match target {
            Some(j) => {
                let (_, merged) = topics.remove(i);
                let j = if j > i { j - 1 } else { j };
                absorb(&mut topics[j].1, merged);
            }
            None => i += 1,
        }
    }
}

/// Whether the words of `short` appear in order, together, in `long`.
fn nests(short: &str, long: &str) -> bool {
    short.len() < long.len() && format!(" {long} ").contains(&format!(" {short} "))
}

/// Whether most documents of the smaller topic are in the larger one's.
fn overlaps(a: &PooledTopic, b: &PooledTopic) -> bool {
    let small: HashSet<usize> = a.docs.iter().map(|d| d.0).collect();
    let shared = b.docs.iter().filter(|d| small.contains(&d.0)).count();
    shared * 10 >= small.len().min(b.docs.len()) * 6
}

fn absorb(into: &mut PooledTopic, from: PooledTopic) {
    for keyword in from.keywords {
        if !into.keywords.contains(&keyword) {
            into.keywords.push(keyword);
        }
    }
    for (doc, score) in from.docs {
        match into.docs.iter_mut().find(|d| d.0 == doc) {
            Some(d) => d.1 = d.1.max(score),
            None => into.docs.push((doc, score)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(terms: &DocTerms) -> Vec<&str> {
        terms.keyphrases.iter().map(|k| k.surface.as_str()).collect()
    }

    const AI_TEXT: &str = "Large language models are a foundational technology. Russia needs its own large language \
        models, Putin said. Open-source solutions are often used to build language models. Click here to share.";

    #[test]
    fn repeated_content_phrases_are_keyphrases_and_names_are_not() {
        let terms = TermFinder::new(&[]).terms(AI_TEXT, Some("en"));
        let k = keys(&terms);
        assert!(k[..3].contains(&"large language models") && k[..3].contains(&"language models"), "{k:?}");
        assert!(!k.iter().any(|p| p.contains("putin") || p.contains("russia")), "{k:?}");
        assert!(!k.iter().any(|p| p.contains("click") || p.contains("share")), "{k:?}");
    }

    #[test]
    fn keyphrases_are_never_stopwords_or_numbers() {
        let terms = TermFinder::new(&[]).terms("It is what it is. 2024 and 2025 were 10 and 20. It is.", Some("en"));
        assert!(terms.keyphrases.is_empty(), "{:?}", keys(&terms));
    }

    #[test]
    fn variants_share_a_stemmed_key() {
        let a = TermFinder::new(&[]).terms("The model grew. The model shrank.", Some("en"));
        let b = TermFinder::new(&[]).terms("The models grew. The models shrank.", Some("en"));
        assert_eq!(a.keyphrases[0].key, b.keyphrases[0].key);
    }

    #[test]
    fn configured_keywords_match_on_stems() {
        let rules = vec![TopicRule { name: "AI".to_string(), keywords: vec!["language model".to_string()] }];
        let terms = TermFinder::new(&rules).terms(AI_TEXT, Some("en"));
        assert_eq!(terms.configured, [(0, 3)]);
    }

    #[test]
    fn pooled_topics_recur_across_documents_and_nested_variants_merge() {
        let finder = TermFinder::new(&[]);
        let docs = [
            finder.terms(AI_TEXT, Some("en")),
            finder.terms("Sanctions hit chips. Large language models need chips and sanctions bite.", Some("en")),
            finder.terms("Weather was fine. Weather stayed fine all week.", Some("en")),
        ];
        let topics = pool(&docs, &[]);
        let names: Vec<&str> = topics.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains(&"large language models"), "{names:?}");
        assert!(!names.contains(&"language models"), "merged: {names:?}");
        assert!(!names.contains(&"weather"), "only in one document: {names:?}");
        let llm = topics.iter().find(|t| t.name == "large language models").unwrap();
        assert_eq!(llm.docs.len(), 2);
    }

    #[test]
    fn configured_topics_come_first_and_replace_their_keyphrase() {
        let rules = vec![TopicRule { name: "Large language models".to_string(), keywords: vec!["LLM".to_string()] }];
        let finder = TermFinder::new(&rules);
        let docs = [finder.terms(AI_TEXT, Some("en")), finder.terms(AI_TEXT, Some("en"))];
        let topics = pool(&docs, &rules);
        assert_eq!(topics[0].name, "Large language models");
        assert_eq!(topics[0].docs.len(), 2);
        assert!(!topics.iter().skip(1).any(|t| t.name == "large language models"));
    }
}
