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

use super::hash::{FastMap, FastSet, WordMap};
use super::lexicon::{WordFlags, lexicon};
use super::stems::Stems;
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
            stems: Stems::new(Some(code)),
            english: code == "en",
            stopwords: crate::clean::lang::stopwords(code),
            words: WordMap::default(),
            written: WordMap::default(),
            entries: Vec::new(),
            stem_ids: WordMap::default(),
            stem_names: Vec::new(),
            phrases: FastMap::default(),
            sequence: Vec::new(),
            sentences: 0,
        }
    }
}

/// The id of `stem` among a document's stems, adding it (keyed by
/// `key(stem)`) if new.
fn intern(
    ids: &mut WordMap<Cow<'static, str>, u32>,
    names: &mut Vec<String>,
    stem: &str,
    key: impl FnOnce(&str) -> Cow<'static, str>,
) -> u32 {
    if let Some(&id) = ids.get(stem) {
        return id;
    }
    let id = names.len() as u32;
    names.push(stem.to_string());
    ids.insert(key(stem), id);
    id
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
    stems: Stems,
    english: bool,
    stopwords: &'static HashSet<String>,
    /// Distinct lowercase words → their ids, in order of first use.
    words: WordMap<Cow<'d, str>, u32>,
    /// Words as written → their ids, so that a word seen before in the
    /// document is not lowercased again.
    written: WordMap<&'d str, u32>,
    /// Per word id: what is known about it.
    entries: Vec<WordEntry<'d>>,
    /// Stems → their ids (the lexicon's stems are borrowed).
    stem_ids: WordMap<Cow<'static, str>, u32>,
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
        let (ids, names) = (&mut self.stem_ids, &mut self.stem_names);
        let stem = match entry.known_stem {
            Some(known) => intern(ids, names, known, |_| Cow::Borrowed(known)),
            None => self.stems.with(&entry.word, |stem| intern(ids, names, stem, |s| Cow::Owned(s.to_string()))),
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
            let id = match self.written.get(raw) {
                Some(&id) => id,
                None => {
                    let lower = if token.shape.has(Shape::HAS_UPPER) {
                        Cow::Owned(raw.to_lowercase())
                    } else {
                        Cow::Borrowed(raw)
                    };
                    let id = self.word_id(lower);
                    self.written.insert(raw, id);
                    id
                }
            };
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
                words.iter().map(|w| self.stems.with(w, |stem| self.stem_ids.get(stem).copied())).collect();
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

/// One document's use of a keyphrase.
#[derive(Clone, Copy)]
struct Use<'a> {
    doc: usize,
    score: f32,
    surface: &'a str,
}

/// Every keyphrase of the corpus with its uses: one flat list grouped by
/// key (keys in order of first use, each key's uses in document order), so
/// that pooling allocates nothing per key.
struct Uses<'a> {
    keys: Vec<&'a str>,
    /// Where each key's uses start in `uses`; one more at the end.
    starts: Vec<usize>,
    uses: Vec<Use<'a>>,
}

impl<'a> Uses<'a> {
    fn of(docs: &[&'a DocTerms]) -> Uses<'a> {
        let mut ids: FastMap<&str, usize> = FastMap::default();
        let mut keys: Vec<&str> = Vec::new();
        let mut tagged: Vec<(usize, Use<'a>)> = Vec::new();
        for (doc, terms) in docs.iter().enumerate() {
            for k in &terms.keyphrases {
                let id = *ids.entry(k.key.as_str()).or_insert_with(|| {
                    keys.push(k.key.as_str());
                    keys.len() - 1
                });
                tagged.push((id, Use { doc, score: k.score, surface: k.surface.as_str() }));
            }
        }
        // a counting sort by key: stable, so each key's uses stay in order
        let mut starts = vec![0; keys.len() + 1];
        for &(id, _) in &tagged {
            starts[id + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut uses = vec![Use { doc: 0, score: 0.0, surface: "" }; tagged.len()];
        for (id, u) in tagged {
            uses[next[id]] = u;
            next[id] += 1;
        }
        Uses { keys, starts, uses }
    }

    /// The uses of the key with `id`.
    fn of_key(&self, id: usize) -> &[Use<'a>] {
        &self.uses[self.starts[id]..self.starts[id + 1]]
    }
}

/// A shared keyphrase's total score, weighted by how specific it is (rarer
/// in the corpus is more specific; a phrase of every document still
/// counts).
fn weight(uses: &[Use<'_>], analysed: usize) -> f32 {
    let specificity = (1.0 + analysed as f32 / uses.len() as f32).ln();
    uses.iter().map(|u| u.score).sum::<f32>() * specificity.max(0.2)
}

/// The surface form most documents use (of equals, the first in sort
/// order).
fn most_used_surface(uses: &[Use<'_>]) -> String {
    let mut surfaces: Vec<&str> = uses.iter().map(|u| u.surface).collect();
    surfaces.sort_unstable();
    let mut best: (&str, usize) = ("", 0);
    for run in surfaces.chunk_by(|a, b| a == b) {
        if run.len() > best.1 {
            best = (run[0], run.len());
        }
    }
    best.0.to_string()
}

/// The corpus's topics: configured ones first, then keyphrases that
/// several documents share, best first.
pub fn pool(docs: &[&DocTerms], rules: &[TopicRule]) -> Vec<PooledTopic> {
    let mut topics: Vec<PooledTopic> = configured_topics(docs, rules);
    let configured_keys: FastSet<String> =
        rules.iter().flat_map(|r| std::iter::once(&r.name).chain(&r.keywords)).map(|k| english_key(k)).collect();
    let uses = Uses::of(docs);
    let analysed = docs.iter().filter(|d| !d.keyphrases.is_empty()).count().max(1);
    let min_docs = if analysed >= 2 { 2 } else { 1 };
    let mut candidates: Vec<(f32, usize)> = (0..uses.keys.len())
        .filter(|&id| uses.of_key(id).len() >= min_docs && !configured_keys.contains(uses.keys[id]))
        .map(|id| (weight(uses.of_key(id), analysed), id))
        .collect();
    let order =
        |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then_with(|| uses.keys[a.1].cmp(uses.keys[b.1]));
    let budget = topic_budget(analysed);
    if candidates.len() > budget {
        candidates.select_nth_unstable_by(budget, order);
        candidates.truncate(budget);
    }
    candidates.sort_by(order);
    let mut found: Vec<(String, PooledTopic)> = candidates
        .into_iter()
        .map(|(_, id)| {
            let list = uses.of_key(id);
            let surface = most_used_surface(list);
            let docs = list.iter().map(|u| (u.doc, u.score)).collect();
            (format!(" {} ", uses.keys[id]), PooledTopic { name: surface.clone(), keywords: vec![surface], docs })
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
    let stems = Stems::new(Some("en"));
    text::words(keyword).map(|w| stems.stem(&w.to_lowercase())).collect::<Vec<_>>().join(" ")
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
/// Topics (keyed by their key with a space on each side) are few (at most
/// 200), so pairs are compared directly, documents only for the pairs
/// whose words nest.
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

/// Whether the words of `short` appear in order, together, in `long` (both
/// with a space on each side).
fn nests(short: &str, long: &str) -> bool {
    short.len() < long.len() && long.contains(short)
}

/// Whether most documents of the smaller topic are in the larger one's.
fn overlaps(a: &PooledTopic, b: &PooledTopic) -> bool {
    let small: FastSet<usize> = a.docs.iter().map(|d| d.0).collect();
    let shared = b.docs.iter().filter(|d| small.contains(&d.0)).count();
    shared * 10 >= small.len().min(b.docs.len()) * 6
}

fn absorb(into: &mut PooledTopic, from: PooledTopic) {
    for keyword in from.keywords {
        if !into.keywords.contains(&keyword) {
            into.keywords.push(keyword);
        }
    }
    let mut at: FastMap<usize, usize> = FastMap::default();
    for (i, &(doc, _)) in into.docs.iter().enumerate() {
        at.entry(doc).or_insert(i);
    }
    for (doc, score) in from.docs {
        match at.get(&doc) {
            Some(&i) => into.docs[i].1 = into.docs[i].1.max(score),
            None => {
                at.insert(doc, into.docs.len());
                into.docs.push((doc, score));
            }
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

    fn keyphrase(key: &str, surface: &str, score: f32) -> Keyphrase {
        Keyphrase { key: key.to_string(), surface: surface.to_string(), score }
    }

    #[test]
    fn uses_are_grouped_by_key_in_document_order() {
        let docs = [
            DocTerms { keyphrases: vec![keyphrase("b", "B", 1.0), keyphrase("a", "A", 2.0)], configured: vec![] },
            DocTerms { keyphrases: vec![keyphrase("a", "a", 3.0)], configured: vec![] },
        ];
        let refs: Vec<&DocTerms> = docs.iter().collect();
        let uses = Uses::of(&refs);
        assert_eq!(uses.keys, ["b", "a"]);
        let a: Vec<(usize, f32, &str)> = uses.of_key(1).iter().map(|u| (u.doc, u.score, u.surface)).collect();
        assert_eq!(a, [(0, 2.0, "A"), (1, 3.0, "a")]);
    }

    #[test]
    fn the_most_used_surface_wins_and_ties_go_to_the_first_in_order() {
        let used = |surfaces: &[&'static str]| -> Vec<Use<'static>> {
            surfaces.iter().map(|&surface| Use { doc: 0, score: 1.0, surface }).collect()
        };
        assert_eq!(most_used_surface(&used(&["models", "model", "models"])), "models");
        assert_eq!(most_used_surface(&used(&["models", "model"])), "model");
    }

    #[test]
    fn absorbing_a_variant_keeps_each_document_once_with_its_best_score() {
        let mut into = PooledTopic { name: "a b".into(), keywords: vec!["a b".into()], docs: vec![(0, 1.0), (2, 0.5)] };
        let from = PooledTopic { name: "b".into(), keywords: vec!["b".into()], docs: vec![(2, 0.9), (3, 0.1)] };
        absorb(&mut into, from);
        assert_eq!(into.docs, [(0, 1.0), (2, 0.9), (3, 0.1)]);
        assert_eq!(into.keywords, ["a b", "b"]);
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
