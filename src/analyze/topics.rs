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

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rust_stemmers::{Algorithm, Stemmer};

use super::hash::FastMap;
use super::lexicon::{WordFlags, lexicon};
use super::text::{self, BlockKind, Shape, TokenKind};
use crate::config::TopicRule;

/// Keyphrases kept per document.
const PER_DOC: usize = 12;
/// Longest keyphrase, in words.
const MAX_WORDS: usize = 3;

/// A keyphrase of one document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Keyphrase {
    /// Stems joined by spaces: what variants share.
    pub key: String,
    /// The most used form, as written (lowercase unless an acronym).
    pub surface: String,
    /// How much the document is about it.
    pub score: f32,
}

/// What one document says about topics.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct DocTerms {
    /// Its best keyphrases, best first.
    pub keyphrases: Vec<Keyphrase>,
    /// Configured topics it matches (index into the rules) and how often.
    pub configured: Vec<(usize, u32)>,
}

/// The stemmer for a language, if Snowball has one.
pub(crate) fn stemmer(language: Option<&str>) -> Option<Stemmer> {
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
        text::read(&text::blocks(body), self.reader(language))
    }

    /// A reader for one document in `language`: give it the document's
    /// sentences in order, then take its terms.
    pub fn reader<'d>(&self, language: Option<&str>) -> TermReader<'_, 'd> {
        let code = language.unwrap_or("en");
        TermReader {
            finder: self,
            stemmer: stemmer(Some(code)),
            english: code == "en",
            stopwords: crate::clean::lang::stopwords(code),
            words: FastMap::default(),
            entries: Vec::new(),
            stems: FastMap::default(),
            stem_names: Vec::new(),
            phrases: FastMap::default(),
            sequence: Vec::new(),
            sentences: 0,
        }
    }
}

/// Marks the end of a sentence in a document's sequence of stems.
const BREAK: u32 = u32::MAX;

/// A distinct lowercase word of a document, with what the word lists say
/// about it, looked up once per document.
struct WordEntry<'d> {
    /// The word, lowercase (borrowed from the document when it is written
    /// so).
    word: Cow<'d, str>,
    /// How an acronym term is shown ("AI"), when it is one.
    shown: Option<String>,
    flags: WordFlags,
    /// A stopword of the document's language.
    stopword: bool,
    /// Long enough and made of letters to be in a keyphrase.
    plain: bool,
    /// Its stem's id, [`BREAK`] until needed.
    stem: u32,
    /// Its English stem, when the lexicon knows it.
    known_stem: Option<&'static str>,
}
/// What one document says about one keyphrase.
struct PhraseStats {
    count: u32,
    first_sentence: usize,
    words: usize,
    /// Word ids of its first use, for showing it.
    surface: [u32; MAX_WORDS],
}

/// One word of a sentence as keyphrases see it.
#[derive(Clone, Copy)]
struct Slot {
    /// Word id, when the word can be in a keyphrase.
    word: Option<u32>,
    /// Whether it is a stopword (a keyphrase may hold one, as in "large
    /// language models", but not end with one or be made of them).
    stopword: bool,
}

/// Reads one document's sentences for terms (see [`TermFinder::reader`]).
/// Words are stemmed once per document and phrases counted by stem ids, so
/// the cost per word is a lookup or two.
pub struct TermReader<'f, 'd> {
    finder: &'f TermFinder,
    stemmer: Option<Stemmer>,
    english: bool,
    stopwords: &'static HashSet<String>,
    /// Distinct lowercase words → their ids, in order of first use.
    words: FastMap<Cow<'d, str>, u32>,
    /// Per word id: what is known about it.
    entries: Vec<WordEntry<'d>>,
    /// Stems → their ids (the lexicon's stems are borrowed).
    stems: FastMap<Cow<'static, str>, u32>,
    stem_names: Vec<String>,
    /// Phrases by the stem ids of their words (unused places [`BREAK`]).
    phrases: FastMap<[u32; MAX_WORDS], PhraseStats>,
    /// Stems of every word, sentences ended by [`BREAK`], for matching
    /// configured keywords (kept only when there are some).
    sequence: Vec<u32>,
    sentences: usize,
}

impl<'d> text::SentenceReader<'d> for TermReader<'_, 'd> {
    type Output = DocTerms;

    /// Reads the next sentence of the document (code is skipped).
    fn sentence(&mut self, sentence: &text::Sentence<'d>) {
        if sentence.kind == BlockKind::Code {
            return;
        }
        let heading = !matches!(sentence.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote);
        let slots = self.slots(sentence, heading);
        self.count_phrases(&slots);
        if !self.finder.keywords.is_empty() {
            self.sequence.push(BREAK);
        }
        self.sentences += 1;
    }

    /// The document's best keyphrases and the configured topics it matches.
    fn finish(self) -> DocTerms {
        let configured = self.match_keywords();
        let shown: Vec<&str> = self.entries.iter().map(|e| e.shown.as_deref().unwrap_or(e.word.as_ref())).collect();
        DocTerms {
            keyphrases: best_phrases(&self.phrases, &self.stem_names, &shown, self.sentences.max(1)),
            configured,
        }
    }
}

impl<'d> TermReader<'_, 'd> {
    /// The id of a lowercase word, looking it up in the word lists the
    /// first time the document uses it.
    fn word_id(&mut self, lower: Cow<'d, str>) -> u32 {
        if let Some(&id) = self.words.get(lower.as_ref()) {
            return id;
        }
        let id = self.entries.len() as u32;
        let (flags, known_stem) = lexicon().word_and_stem(&lower);
        let stopword = self.stopwords.contains(lower.as_ref());
        let plain = lower.chars().nth(2).is_some()
            && lower.chars().any(char::is_alphabetic)
            && !lower.chars().any(text::is_unspaced);
        self.words.insert(lower.clone(), id);
        self.entries.push(WordEntry {
            word: lower,
            shown: None,
            flags,
            known_stem: known_stem.filter(|_| self.english),
            stopword,
            plain,
            stem: BREAK,
        });
        id
    }

    /// The stem id of word `id`, stemming it the first time it is needed.
    fn stem_id(&mut self, id: u32) -> u32 {
        let entry = &self.entries[id as usize];
        if entry.stem != BREAK {
            return entry.stem;
        }
        let stemmed: Cow<'static, str> = match entry.known_stem {
            Some(known) => Cow::Borrowed(known),
            None => Cow::Owned(stem(self.stemmer.as_ref(), &entry.word)),
        };
        let stem = match self.stems.get(stemmed.as_ref()) {
            Some(&stem) => stem,
            None => {
                let stem = self.stem_names.len() as u32;
                self.stem_names.push(stemmed.to_string());
                self.stems.insert(stemmed, stem);
                stem
            }
        };
        self.entries[id as usize].stem = stem;
        stem
    }

    /// The sentence's words, each a possible part of a keyphrase or not: not
    /// a function word, number, furniture word or (mid-sentence, in prose)
    /// a name. In English the short list of function words cuts phrases and
    /// the long stopword list only marks weak words; other languages cut at
    /// every stopword.
    fn slots(&mut self, sentence: &text::Sentence<'d>, heading: bool) -> Vec<Slot> {
        let keep_sequence = !self.finder.keywords.is_empty();
        let mut out = Vec::with_capacity(sentence.tokens.len());
        let mut first_word = true;
        for token in &sentence.tokens {
            if token.kind != TokenKind::Word {
                out.push(Slot { word: None, stopword: false });
                continue;
            }
            let raw: &'d str = token.text(sentence.text);
            let lower =
                if token.shape.has(Shape::HAS_UPPER) { Cow::Owned(raw.to_lowercase()) } else { Cow::Borrowed(raw) };
            let id = self.word_id(lower);
            let entry = &self.entries[id as usize];
            let (flags, stopword) = (entry.flags, entry.stopword);
            let acronym_term = flags.has(WordFlags::NOT_NAME) && token.shape.has(Shape::ALL_CAPS);
            let name =
                if heading || first_word { !flags.has(WordFlags::COMMON) } else { token.shape.has(Shape::CAPITALISED) };
            first_word = false;
            let cuts = if self.english { flags.has(WordFlags::FUNCTION) } else { stopword };
            let content = acronym_term || entry.plain && !(name || cuts || flags.has(WordFlags::FURNITURE));
            if acronym_term && entry.shown.is_none() {
                self.entries[id as usize].shown = Some(raw.to_string());
            }
            if content || keep_sequence {
                let stem = self.stem_id(id);
                if keep_sequence {
                    self.sequence.push(stem);
                }
            }
            out.push(Slot { word: content.then_some(id), stopword: stopword && !acronym_term });
        }
        out
    }

    /// Counts the phrases of up to [`MAX_WORDS`] content words.
    fn count_phrases(&mut self, slots: &[Slot]) {
        for start in 0..slots.len() {
            let mut key = [BREAK; MAX_WORDS];
            let mut surface = [BREAK; MAX_WORDS];
            for (n, slot) in slots[start..].iter().take(MAX_WORDS).enumerate() {
                let Some(word) = slot.word else { break };
                surface[n] = word;
                key[n] = self.entries[word as usize].stem;
                debug_assert!(key[n] != BREAK, "content words are stemmed");
                if slot.stopword {
                    continue;
                }
                let sentence = self.sentences;
                let stats = self.phrases.entry(key).or_insert(PhraseStats {
                    count: 0,
                    first_sentence: sentence,
                    words: n + 1,
                    surface,
                });
                stats.count += 1;
            }
        }
    }

    /// Configured topics whose keywords occur in the document, with counts.
    fn match_keywords(&self) -> Vec<(usize, u32)> {
        if self.finder.keywords.is_empty() {
            return Vec::new();
        }
        let mut by_first: HashMap<u32, Vec<(Vec<u32>, usize)>> = HashMap::new();
        for (words, topic) in &self.finder.keywords {
            let stems: Option<Vec<u32>> =
                words.iter().map(|w| self.stems.get(stem(self.stemmer.as_ref(), w).as_str()).copied()).collect();
            if let Some(stems) = stems {
                by_first.entry(stems[0]).or_default().push((stems, *topic));
            }
        }
        let mut counts: HashMap<usize, u32> = HashMap::new();
        for i in 0..self.sequence.len() {
            let Some(candidates) = by_first.get(&self.sequence[i]) else { continue };
            for (keyword, topic) in candidates {
                if self.sequence.get(i..i + keyword.len()).is_some_and(|window| window == keyword.as_slice()) {
                    *counts.entry(*topic).or_default() += 1;
                }
            }
        }
        let mut out: Vec<(usize, u32)> = counts.into_iter().collect();
        out.sort_unstable();
        out
    }
}

/// The document's best phrases: frequent, early, and longer phrases
/// preferred to the single words inside them.
fn best_phrases(
    phrases: &FastMap<[u32; MAX_WORDS], PhraseStats>,
    stems: &[String],
    shown: &[&str],
    sentences: usize,
) -> Vec<Keyphrase> {
    let join = |ids: &[u32], names: &[&str]| {
        ids.iter().take_while(|&&id| id != BREAK).map(|&id| names[id as usize]).collect::<Vec<_>>().join(" ")
    };
    let stems: Vec<&str> = stems.iter().map(String::as_str).collect();
    let mut scored: Vec<(f32, &[u32; MAX_WORDS], &PhraseStats)> = phrases
        .iter()
        .filter(|(_, s)| s.count >= 2 || s.words >= 2 && s.first_sentence < 3)
        .map(|(key, s)| {
            let position = 1.0 + 1.0 / (1.0 + s.first_sentence as f32 / sentences as f32 * 4.0);
            let length = match s.words {
                1 => 1.0,
                2 => 1.6,
                _ => 1.8,
            };
            ((1.0 + s.count as f32).ln() * position * length, key, s)
        })
        .collect();
    let order = |a: &(f32, &[u32; MAX_WORDS], &PhraseStats), b: &(f32, &[u32; MAX_WORDS], &PhraseStats)| {
        b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1))
    };
    if scored.len() > PER_DOC {
        scored.select_nth_unstable_by(PER_DOC, order);
        scored.truncate(PER_DOC);
    }
    scored.sort_by(order);
    scored
        .into_iter()
        .map(|(score, key, s)| Keyphrase { key: join(key, &stems), surface: join(&s.surface, shown), score })
        .collect()
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
pub fn pool(docs: &[&DocTerms], rules: &[TopicRule]) -> Vec<PooledTopic> {
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

fn configured_topics(docs: &[&DocTerms], rules: &[TopicRule]) -> Vec<PooledTopic> {
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
        let topics = pool(&docs.iter().collect::<Vec<_>>(), &[]);
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
        let topics = pool(&docs.iter().collect::<Vec<_>>(), &rules);
        assert_eq!(topics[0].name, "Large language models");
        assert_eq!(topics[0].docs.len(), 2);
        assert!(!topics.iter().skip(1).any(|t| t.name == "large language models"));
    }
}
