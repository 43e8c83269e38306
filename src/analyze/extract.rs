//! Names in one document, with the evidence for what each one is.
//!
//! A pure function of the document (and the configured names): the corpus
//! merge ([`super::resolve`]) pools what every document found, so a cache
//! can keep these per document and redo only the cheap merge.
//!
//! Names are runs of capitalised words in prose. A capital at the start of
//! a sentence or in a title-case heading proves nothing, so names seen only
//! there are tentative until the corpus confirms them. Titles ("Deputy Prime
//! Minister") and demonyms ("Russian") are cut off and become evidence;
//! connectors ("of", "and") stay inside a name only when it looks like an
//! organisation or place ("Bank of Russia", "Securities and Exchange
//! Commission").

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasher, BuildHasherDefault};
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::fingerprint::Fingerprint;
use crate::shared_str::SharedStr;

use super::EntityKind;
use super::hash::{FastHasher, FastMap, FastSet};
use super::lexicon::{Lexicon, OrgWord, Place, PlaceClass, WordFlags, lexicon, title_key};
use super::names::{abbreviates, is_connector, name_key};
use super::text::{self, BlockKind, Shape, Token, TokenKind, has_case, is_all_caps, is_capitalised};

/// Evidence for each kind a name could be; the largest wins.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Votes {
    /// For a person.
    pub person: f32,
    /// For an organisation.
    pub organization: f32,
    /// For a place.
    pub place: f32,
}

impl Votes {
    /// Adds `weight` for `kind` (nothing for [`EntityKind::Other`]).
    pub fn add(&mut self, kind: EntityKind, weight: f32) {
        match kind {
            EntityKind::Person => self.person += weight,
            EntityKind::Organization => self.organization += weight,
            EntityKind::Place => self.place += weight,
            EntityKind::Other => {}
        }
    }

    /// Adds all of `other`.
    pub fn merge(&mut self, other: &Votes) {
        self.person += other.person;
        self.organization += other.organization;
        self.place += other.place;
    }

    /// The kind with the most evidence and its weight (ties: place, then
    /// organisation, then person: the firmer evidence comes from gazetteers).
    pub fn best(&self) -> (EntityKind, f32) {
        let mut best = (EntityKind::Place, self.place);
        for (kind, weight) in [(EntityKind::Organization, self.organization), (EntityKind::Person, self.person)] {
            if weight > best.1 {
                best = (kind, weight);
            }
        }
        best
    }
}

/// How sure the document alone makes us that a capitalised run is a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Confidence {
    /// Seen only where everything is capitalised (a sentence's first word, a
    /// title-case heading): a name only if seen elsewhere as one.
    Tentative,
    /// Seen only opening sentences, but no common word ("Putin said"): a
    /// name unless the corpus sees it open sentences again and again and
    /// hardly ever stand inside one (then it is a word the lists lack,
    /// "Meanwhile" or "Selon").
    Opening,
    /// Seen capitalised mid-sentence, or backed by a gazetteer or a cue.
    Certain,
}

/// Where a document first names something, for the entity page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FirstMention {
    /// Order in the document (block, then offset): smaller is earlier.
    pub position: u64,
    /// The sentence, as plain text (shared by the names of one sentence,
    /// and with the analysis).
    pub sentence: SharedStr,
    /// The name's byte range in `sentence`.
    pub highlight: Range<usize>,
    /// The fingerprint of `sentence`. Entity pages show tens of thousands
    /// of these sentences, and fingerprinting them for each build read
    /// each one again from wherever it lies in memory (about 50 ms of CPU
    /// at 10,000 documents); hashed here, the text is at hand.
    pub sentence_print: Fingerprint,
}

/// One name as a document uses it, under one key.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Name {
    /// [`name_key`] of the surface forms.
    pub key: String,
    /// Surface forms as written, with how often each is used (shared with
    /// the analysis, which lists them per document).
    pub surfaces: Vec<(SharedStr, u32)>,
    /// Evidence for its kind.
    pub votes: Votes,
    /// How many times the document uses it.
    pub count: u32,
    /// The best evidence that it is a name at all.
    pub confidence: Confidence,
    /// Its first use.
    pub first: FirstMention,
    /// Words in the name.
    pub words: usize,
    /// Uses that start a sentence with a common word ("Getting Disney"):
    /// that word may not belong to the name.
    doubtful: u32,
    /// Uses as a lone word opening a sentence in prose, without a cue
    /// (not counting headings, where every word is capitalised).
    pub opens: u32,
}

/// An acronym the document defines: "Shanghai Cooperation Organisation
/// (SCO)" or "SCO (Shanghai Cooperation Organisation)".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Definition {
    /// Key of the acronym.
    pub short: String,
    /// Key of what it stands for.
    pub long: String,
}

/// Everything one document says about names.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct DocNames {
    /// The names, in order of first use.
    pub names: Vec<Name>,
    /// Acronyms defined by a capitalised name.
    pub definitions: Vec<Definition>,
    /// Keys of acronyms defined by lowercase words ("artificial
    /// intelligence (AI)"): terms, not names.
    pub term_acronyms: Vec<String>,
}

/// Finds names in documents; built once per corpus from the configured
/// names, which are found wherever they are written, capitalised or not.
pub struct Extractor {
    configured: Option<(AhoCorasick, Vec<String>)>,
}

impl Extractor {
    /// An extractor that also finds each of `configured` (surface forms, as
    /// written) anywhere in the text.
    pub fn new(configured: &[String]) -> Extractor {
        let patterns: Vec<String> = configured.iter().filter(|s| !s.trim().is_empty()).cloned().collect();
        let configured = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns).ok().map(|ac| (ac, patterns))
        };
        Extractor { configured }
    }

    /// The names in a document's Markdown `body` written in `language`
    /// (ISO 639-1, when known).
    pub fn extract(&self, body: &str, language: Option<&str>) -> DocNames {
        text::read(&text::blocks(body), self.reader(language))
    }

    /// A reader for one document in `language`: give it the document's
    /// sentences in order, then take its names.
    pub fn reader(&self, language: Option<&str>) -> NameReader<'_> {
        NameReader { extractor: self, doc: DocBuilder::new(language) }
    }

    /// Records the configured names in `sentence`; returns their byte
    /// ranges so capitalised runs do not find them twice.
    fn configured_names(&self, doc: &mut DocBuilder, sentence: &str, position: u64) -> Vec<Range<usize>> {
        let Some((ac, patterns)) = &self.configured else { return Vec::new() };
        let mut covered = Vec::new();
        for m in ac.find_iter(sentence) {
            if !at_word_bounds(sentence, m.range()) {
                continue;
            }
            let surface = &patterns[m.pattern().as_usize()];
            let occurrence = Occurrence {
                surface,
                votes: Votes::default(),
                confidence: Confidence::Certain,
                sentence,
                highlight: m.range(),
                position,
            };
            doc.record(occurrence);
            covered.push(m.range());
        }
        covered
    }
}

/// Reads one document's sentences for names (see [`Extractor::reader`]).
pub struct NameReader<'e> {
    extractor: &'e Extractor,
    doc: DocBuilder,
}

impl text::SentenceReader<'_> for NameReader<'_> {
    type Output = DocNames;

    /// Reads the next sentence of the document (code is skipped).
    fn sentence(&mut self, sentence: &text::Sentence<'_>) {
        if sentence.kind == BlockKind::Code {
            return;
        }
        let doc = &mut self.doc;
        let position = sentence.position();
        let covered = self.extractor.configured_names(doc, sentence.text, position);
        let heading = !matches!(sentence.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote)
            || doc.capitalises_nouns;
        let mut s = Reading { text: sentence.text, tokens: &sentence.tokens, covered, position, heading: false };
        s.heading = heading || s.is_title_case();
        if s.is_shouting() {
            return;
        }
        let defined = doc.definitions_in(&s);
        s.covered.extend(defined);
        doc.sentence(&s);
        if !sentence.text.is_ascii() && sentence.text.chars().any(|c| c.is_alphabetic() && !has_case_char(c)) {
            doc.uncased_places(sentence.text, position);
        }
    }

    /// The document's names.
    fn finish(self) -> DocNames {
        self.doc.finish()
    }
}

/// A word's hash, to remember the words of a document without copying them.
fn word_hash(word: &str) -> u64 {
    BuildHasherDefault::<FastHasher>::default().hash_one(word)
}

/// Whether a letter has case (Latin, Cyrillic, Greek, ...).
fn has_case_char(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase()
}

/// Whether `range` of `text` starts and ends at word boundaries (always
/// true next to characters of unspaced scripts).
fn at_word_bounds(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    let first = text[range.clone()].chars().next();
    let last = text[range].chars().next_back();
    let joins = |outer: Option<char>, inner: Option<char>| {
        outer.is_some_and(|c| c.is_alphanumeric() && !text::is_unspaced(c))
            && inner.is_some_and(|c| c.is_alphanumeric() && !text::is_unspaced(c))
    };
    !joins(before, first) && !joins(after, last)
}

/// One sentence being read for names.
struct Reading<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// Byte ranges already taken by configured names.
    covered: Vec<Range<usize>>,
    position: u64,
    /// Whether capitals mean nothing here (heading, title case, table).
    heading: bool,
}

impl Reading<'_> {
    fn word(&self, i: usize) -> &str {
        self.tokens[i].text(self.text)
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    fn is_punct(&self, i: usize, chars: &[char]) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            t.kind == TokenKind::Punct && self.word(i).chars().next().is_some_and(|c| chars.contains(&c))
        })
    }

    /// Whether token `i` may be part of a name: a capitalised or all-caps
    /// word not already taken by a configured name.
    fn is_name_token(&self, i: usize) -> bool {
        let Some(&t) = self.tokens.get(i) else { return false };
        if t.kind != TokenKind::Word || !t.shape.has(Shape::CAPITALISED) {
            return false;
        }
        let word = self.word(i);
        if self.covered.iter().any(|r| r.start < t.end && t.start < r.end) {
            return false;
        }
        let modifier = t.shape.has(Shape::HYPHEN) && modifier_stem(word).is_some();
        let contraction = t.shape.has(Shape::APOSTROPHE) && is_contraction(word);
        if modifier || contraction || i > 0 && self.is_punct(i - 1, &['#', '@']) {
            return false;
        }
        if t.shape.has(Shape::ALL_CAPS) {
            // "US" is a country; "THE", "IT" and "FALLS" are shouted words
            let flags = lexicon().word_any_case(word);
            let shouted =
                flags.has(WordFlags::FUNCTION) || word.chars().nth(3).is_some() && flags.has(WordFlags::COMMON);
            return !shouted || lexicon().place(word).is_some();
        }
        is_capitalised(word)
    }

    /// Whether token `i` opens the sentence (or a quote, or what follows a
    /// colon or dash): a capital there is expected, not evidence. So does a
    /// word right after a period that the sentence splitter took for an
    /// abbreviation's ("... Holdings Inc. Meanwhile, ..."): which it was
    /// cannot be told.
    fn starts_clause(&self, i: usize) -> bool {
        if i > 0 && self.is_punct(i - 1, &['.']) {
            return true;
        }
        let mut j = i;
        while j > 0 {
            j -= 1;
            if self.is_word(j) || self.tokens[j].kind == TokenKind::Number {
                return false;
            }
            if self.is_punct(j, &[':', '—', '–', '•', '|', '“', '"', '‘', '(', '«']) {
                return true;
            }
        }
        true
    }

    /// Title case, as in a headline written as a paragraph: the common
    /// words of four letters or more ("Says", "Large") nearly all
    /// capitalised. Names do not count, so prose dense with names is not
    /// taken for a headline.
    fn is_title_case(&self) -> bool {
        let lex = lexicon();
        // lowercase words of four letters or more are (nearly all) common
        // words; capitalised ones are looked up
        let (mut capitalised, mut lower) = (0, 0);
        for (i, t) in self.tokens.iter().enumerate() {
            if t.kind != TokenKind::Word || t.end - t.start < 4 {
                continue;
            }
            if t.shape.has(Shape::CAPITALISED) {
                let word = bare(self.word(i));
                capitalised += usize::from(word.chars().nth(3).is_some() && lex.is_common_word(&text::lowercase(word)));
            } else if !t.shape.has(Shape::HAS_UPPER) && self.word(i).chars().nth(3).is_some() {
                lower += usize::from(self.word(i).chars().next().is_some_and(char::is_lowercase));
            }
        }
        // a headline rarely ends with a full stop; prose dense with long
        // names ("the Securities and Exchange Commission fined ...") does
        let full_stop = self.text.trim_end_matches(['"', '\'', '”', '’', ')']).ends_with('.');
        if full_stop {
            lower == 0 && capitalised >= 5
        } else {
            capitalised >= 2 && capitalised * 10 >= (capitalised + lower) * 8
        }
    }

    /// Mostly capitals: an all-caps banner, where nothing can be told.
    fn is_shouting(&self) -> bool {
        let (mut cased, mut caps) = (0, 0);
        for (i, t) in self.tokens.iter().enumerate() {
            if t.kind == TokenKind::Word && (t.shape.has(Shape::HAS_UPPER) || has_case(self.word(i))) {
                cased += 1;
                caps += usize::from(t.shape.has(Shape::ALL_CAPS));
            }
        }
        cased >= 3 && caps * 10 >= cased * 7
    }
}

/// One use of a name, ready to record.
struct Occurrence<'a> {
    surface: &'a str,
    votes: Votes,
    confidence: Confidence,
    sentence: &'a str,
    highlight: Range<usize>,
    position: u64,
}

/// A stretch of tokens that may be one name, with what surrounds it.
#[derive(Debug, Clone, Default)]
struct Piece {
    /// Token indices, connectors included.
    tokens: Vec<usize>,
    /// A title came right before it: `Some(true)` for an honorific.
    title_before: Option<bool>,
    /// A title follows it ("Sberbank CEO ...").
    title_after: bool,
    /// It follows a title and "of" ("President of Russia", "CEO of Acme").
    title_of: bool,
    /// An acronym definition gave it ("New York State Attorney General
    /// (NYAG)"): a name whatever its words.
    defined: bool,
    /// Whether the piece opens its clause.
    at_start: bool,
}

/// Collects a document's names.
struct DocBuilder {
    names: Vec<Name>,
    /// Names by key.
    index: FastMap<String, usize>,
    /// Names by surface form, to skip keying a form seen before.
    by_surface: FastMap<String, usize>,
    /// What each surface form alone says (see [`DocBuilder::facts`]).
    facts: FastMap<String, Facts>,
    definitions: Vec<Definition>,
    term_acronyms: Vec<String>,
    /// Lowercase stopwords of the document's language and of English.
    stopwords: [&'static std::collections::HashSet<String>; 2],
    /// German capitalises every noun, so capitals prove nothing.
    capitalises_nouns: bool,
    /// Whether the document is in English.
    english: bool,
    /// The last sentence a name was first used in, shared by its names.
    sentence: Option<(u64, SharedStr)>,
    /// Hashes of the words the document writes in lowercase: a word that
    /// opens a sentence and is written lowercase elsewhere is no name.
    lowercase: FastSet<u64>,
}

/// Words before a name that say it is a place ("in Moscow").
const PLACE_PREPOSITIONS: &[&str] = &["in", "across", "throughout", "near", "outside", "inside", "around", "within"];

/// Verbs after a name that say someone (or something) spoke.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "explained",
    "argued",
    "noted",
    "stated",
    "believes",
    "thinks",
    "recalled",
    "tweeted",
    "posted",
    "insisted",
    "warned",
    "admitted",
    "acknowledged",
    "asked",
    "replied",
];

impl DocBuilder {
    fn new(language: Option<&str>) -> DocBuilder {
        let code = language.unwrap_or("en");
        DocBuilder {
            names: Vec::new(),
            index: FastMap::default(),
            by_surface: FastMap::default(),
            facts: FastMap::default(),
            definitions: Vec::new(),
            term_acronyms: Vec::new(),
            stopwords: [crate::clean::lang::stopwords(code), crate::clean::lang::stopwords("en")],
            capitalises_nouns: matches!(code, "de" | "lb"),
            english: code == "en",
            sentence: None,
            lowercase: FastSet::default(),
        }
    }

    /// The document's names. A word capitalised only by position ("Swift
    /// said") is a name when it is part of a longer name the document uses
    /// ("Taylor Swift"), and no name when the document writes it in
    /// lowercase elsewhere ("Bewoners ..." and "de bewoners"); a name whose
    /// first word is capitalised only by position ("Getting Disney") is the
    /// rest when the document uses that.
    fn finish(mut self) -> DocNames {
        self.drop_doubtful_first_words();
        let parts: HashSet<String> = self
            .names
            .iter()
            .filter(|n| n.words >= 2 && n.confidence == Confidence::Certain)
            .flat_map(|n| n.key.split(' ').map(str::to_string).collect::<Vec<_>>())
            .collect();
        for name in &mut self.names {
            if name.confidence < Confidence::Certain && name.words == 1 && parts.contains(&name.key) {
                name.confidence = Confidence::Certain;
            } else if name.confidence == Confidence::Opening
                && name.surfaces.iter().any(|(surface, _)| self.lowercase.contains(&word_hash(&surface.to_lowercase())))
            {
                name.confidence = Confidence::Tentative;
            }
        }
        DocNames { names: self.names, definitions: self.definitions, term_acronyms: self.term_acronyms }
    }

    fn drop_doubtful_first_words(&mut self) {
        for i in 0..self.names.len() {
            let name = &self.names[i];
            if name.doubtful == 0 || name.doubtful < name.count {
                continue;
            }
            let Some((_, rest)) = name.key.split_once(' ') else { continue };
            let Some(&target) = self.index.get(rest) else { continue };
            let moved = std::mem::take(&mut self.names[i].surfaces);
            let count = std::mem::take(&mut self.names[i].count);
            let into = &mut self.names[target];
            into.count += count;
            for (surface, n) in moved {
                let short: SharedStr = surface.split_once(' ').map_or(&*surface, |(_, r)| r).into();
                match into.surfaces.iter_mut().find(|(s, _)| *s == short) {
                    Some((_, m)) => *m += n,
                    None => into.surfaces.push((short, n)),
                }
            }
        }
        self.names.retain(|n| n.count > 0);
    }

    fn is_stopword(&self, lowercase: &str) -> bool {
        self.stopwords.iter().any(|s| s.contains(lowercase))
    }

    /// Whether a word (lowercase) is a function word: English's short list
    /// ("new" and "large" are stopwords but start names), other languages'
    /// stopwords.
    fn is_function_word(&self, lowercase: &str) -> bool {
        lexicon().is_function_word(lowercase) || !self.english && self.stopwords[0].contains(lowercase)
    }

    /// Records one use of a name; returns the name's index.
    fn record(&mut self, o: Occurrence<'_>) -> Option<usize> {
        let i = match self.by_surface.get(o.surface) {
            Some(&i) => i,
            None => {
                let i = self.name_index(&o)?;
                self.by_surface.insert(o.surface.to_string(), i);
                i
            }
        };
        let name = &mut self.names[i];
        name.count += 1;
        name.votes.merge(&o.votes);
        name.confidence = name.confidence.max(o.confidence);
        match name.surfaces.iter_mut().find(|(s, _)| **s == *o.surface) {
            Some((_, n)) => *n += 1,
            None => name.surfaces.push((o.surface.into(), 1)),
        }
        Some(i)
    }

    /// The index of the name an occurrence's surface form keys to, new if
    /// the document has not used it yet.
    fn name_index(&mut self, o: &Occurrence<'_>) -> Option<usize> {
        let key = name_key(o.surface);
        if key.is_empty() {
            return None;
        }
        if let Some(&i) = self.index.get(&key) {
            return Some(i);
        }
        let sentence = self.shared_sentence(o);
        self.names.push(Name {
            key: key.clone(),
            surfaces: Vec::new(),
            votes: Votes::default(),
            count: 0,
            confidence: o.confidence,
            first: FirstMention {
                position: o.position,
                sentence_print: crate::fingerprint::of_bytes(sentence.as_bytes()),
                sentence,
                highlight: o.highlight.clone(),
            },
            words: o.surface.split_whitespace().count(),
            doubtful: 0,
            opens: 0,
        });
        self.index.insert(key, self.names.len() - 1);
        Some(self.names.len() - 1)
    }

    /// The occurrence's sentence, shared with the names first used in the
    /// same sentence.
    fn shared_sentence(&mut self, o: &Occurrence<'_>) -> SharedStr {
        match &self.sentence {
            Some((position, text)) if *position == o.position && **text == *o.sentence => text.clone(),
            _ => {
                let text: SharedStr = o.sentence.into();
                self.sentence = Some((o.position, text.clone()));
                text
            }
        }
    }

    fn uncased_places(&mut self, sentence: &str, position: u64) {
        for (range, place) in lexicon().uncased_places_in(sentence) {
            let mut votes = Votes::default();
            votes.add(EntityKind::Place, place_weight(place.class));
            let surface = &sentence[range.clone()];
            let o =
                Occurrence { surface, votes, confidence: Confidence::Certain, sentence, highlight: range, position };
            self.record(o);
        }
    }

    fn sentence(&mut self, s: &Reading<'_>) {
        let mut i = 0;
        while i < s.tokens.len() {
            if !s.is_name_token(i) {
                if s.is_word(i) {
                    self.modifier(s, i);
                    let word = s.word(i);
                    if word.chars().next().is_some_and(char::is_lowercase) {
                        self.lowercase.insert(word_hash(word));
                    }
                }
                i += 1;
                continue;
            }
            let run = run_from(s, i);
            i = run.last().map_or(i + 1, |&last| last + 1);
            for piece in self.pieces(s, &run) {
                self.piece(s, piece);
            }
        }
    }

    /// The name in a compound modifier: "Moscow-based" (a place),
    /// "Kremlin-backed"; not "AI-powered" or "Russian-made".
    fn modifier(&mut self, s: &Reading<'_>, i: usize) {
        let word = s.word(i);
        if !s.tokens[i].shape.has(Shape::HYPHEN) {
            return;
        }
        let Some((stem, suffix)) = modifier_stem(word) else { return };
        let lex = lexicon();
        let lower = stem.to_lowercase();
        if s.heading
            || self.is_common(&lower)
            || lex.is_not_name(&lower)
            || lex.demonym(stem).is_some()
            || stem.chars().count() < 2
        {
            return;
        }
        let mut votes = Votes::default();
        if let Some(place) = lex.place(stem) {
            votes.add(EntityKind::Place, place_weight(place.class));
        } else if matches!(suffix, "based" | "born" | "headquartered") {
            votes.add(EntityKind::Place, 1.5);
        }
        let start = s.tokens[i].start;
        let highlight = start..start + stem.len();
        self.record(Occurrence {
            surface: stem,
            votes,
            confidence: Confidence::Certain,
            sentence: s.text,
            highlight,
            position: s.position,
        });
    }

    /// Acronym definitions in the sentence: "Long Name (LN)" and "LN (Long
    /// Name)"; and acronyms of lowercase terms, which are not names. A
    /// defined name is recorded whole ("New York State Attorney General"
    /// though "Attorney General" is a title); its byte range is returned so
    /// that runs leave it alone.
    fn definitions_in(&mut self, s: &Reading<'_>) -> Vec<Range<usize>> {
        let mut defined = Vec::new();
        for open in 0..s.tokens.len() {
            if !s.is_punct(open, &['(']) {
                continue;
            }
            let inner: Vec<usize> = (open + 1..s.tokens.len()).take_while(|&j| !s.is_punct(j, &[')'])).collect();
            let Some(&last_inner) = inner.last() else { continue };
            if !s.is_punct(last_inner + 1, &[')']) {
                continue;
            }
            let long = if inner.len() == 1 && is_all_caps(s.word(inner[0])) {
                self.long_before(s, open, s.word(inner[0]))
            } else if open > 0 && s.is_word(open - 1) && is_all_caps(s.word(open - 1)) {
                let long = &s.text[s.tokens[inner[0]].start..s.tokens[last_inner].end];
                let defines = abbreviates(s.word(open - 1), long) && inner.iter().all(|&j| s.is_word(j));
                if defines {
                    self.definitions.push(Definition { short: name_key(s.word(open - 1)), long: name_key(long) });
                }
                defines.then(|| inner.clone())
            } else {
                None
            };
            if let Some(tokens) = long {
                let range = s.tokens[tokens[0]].start..s.tokens[tokens[tokens.len() - 1]].end;
                self.piece(s, Piece { tokens, defined: true, ..Piece::default() });
                defined.push(range);
            }
        }
        defined
    }

    /// The words before `(ACRONYM)` that it abbreviates, shortest first;
    /// their tokens when they are a name, not a lowercase term.
    fn long_before(&mut self, s: &Reading<'_>, open: usize, acronym: &str) -> Option<Vec<usize>> {
        let letters = acronym.chars().filter(|c| c.is_alphabetic()).count();
        let words: Vec<usize> = (0..open).rev().take_while(|&j| s.is_word(j)).collect();
        for n in 1..=words.len().min(letters + 3) {
            let first = words[n - 1];
            let long = &s.text[s.tokens[first].start..s.tokens[open - 1].end];
            if !abbreviates(acronym, long) {
                continue;
            }
            let lowercase = words[..n].iter().all(|&j| !is_capitalised(s.word(j)) || is_connector(s.word(j)));
            if lowercase {
                self.term_acronyms.push(name_key(acronym));
                return None;
            }
            self.definitions.push(Definition { short: name_key(acronym), long: name_key(long) });
            return Some(words[..n].iter().rev().copied().collect());
        }
        None
    }

    /// Splits a run into names: titles cut out, demonyms and sentence-
    /// initial function words dropped, connectors kept only where they
    /// belong, title-case headings split at common words.
    fn pieces(&self, s: &Reading<'_>, run: &[usize]) -> Vec<Piece> {
        let mut pieces = Vec::new();
        for mut piece in split_at_titles(s, run) {
            // "Airbus A350-900", "Group A": a model number or letter is not part of a name
            while piece.tokens.len() > 1
                && piece.tokens.last().is_some_and(|&t| {
                    let w = s.word(t);
                    is_connector(w) || w.chars().any(|c| c.is_ascii_digit()) || w.chars().count() == 1 || is_weekday(w)
                })
            {
                piece.tokens.pop();
            }
            piece.at_start = piece.tokens.first().is_some_and(|&t| s.starts_clause(t));
            self.drop_leading_demonym(s, &mut piece);
            if piece.at_start {
                self.drop_leading_function_word(s, &mut piece);
            }
            for part in split_at_model_numbers(s, piece).into_iter().flat_map(|p| split_at_connectors(s, p)) {
                if s.heading {
                    pieces.extend(split_at_common_words(s, part));
                } else {
                    pieces.push(part);
                }
            }
        }
        pieces.retain(|p| !p.tokens.is_empty());
        pieces
    }

    /// "Russian Sberbank" → "Sberbank": a demonym opening a longer name that
    /// is no organisation of that country ("Russian Foreign Ministry") nor a
    /// person named like one ("German Gref").
    fn drop_leading_demonym(&self, s: &Reading<'_>, piece: &mut Piece) {
        let lex = lexicon();
        let Some(&first) = piece.tokens.first() else { return };
        if piece.tokens.len() < 2 || lex.demonym(s.word(first)).is_none() || lex.is_given_name(s.word(first)) {
            return;
        }
        let surface = piece_surface(s, piece);
        let marked = piece.tokens.iter().any(|&t| is_marker(lex.word_any_case(bare(s.word(t)))));
        if !marked && lex.place(surface).is_none() {
            piece.tokens.remove(0);
            piece.at_start = false;
        }
    }

    /// "The Kremlin said" → "Kremlin", "But Putin" → "Putin": a function
    /// word capitalised only because it starts the sentence.
    fn drop_leading_function_word(&self, s: &Reading<'_>, piece: &mut Piece) {
        while piece.tokens.len() > 1 {
            let first = s.word(piece.tokens[0]).to_lowercase();
            let place = first != "the" && lexicon().place(piece_surface(s, piece)).is_some();
            if !self.is_function_word(&first) || place {
                return;
            }
            piece.tokens.remove(0);
            while piece.tokens.first().is_some_and(|&t| is_connector(s.word(t))) {
                piece.tokens.remove(0);
            }
            piece.at_start = false;
        }
    }

    /// Weighs and records one piece, unless it is no name at all.
    fn piece(&mut self, s: &Reading<'_>, piece: Piece) {
        let (Some(&first), Some(&last)) = (piece.tokens.first(), piece.tokens.last()) else { return };
        let start = s.tokens[first].start;
        let end = s.tokens[last].end - possessive_len(s.word(last));
        let surface = &s.text[start..end];
        let facts = self.facts(s, &piece, surface);
        if !piece.defined && !facts.name_like || self.is_term(s, &piece) {
            return;
        }
        let (votes, cued) = self.votes(s, &piece, &facts);
        let opens = !s.heading && !cued && piece.at_start && piece.tokens.len() == 1;
        let confidence = if cued {
            Confidence::Certain
        } else if s.heading || opens && self.is_common(&text::lowercase(surface)) {
            Confidence::Tentative
        } else if opens {
            Confidence::Opening
        } else {
            Confidence::Certain
        };
        let doubtful_first = piece.at_start && piece.tokens.len() >= 2 && self.is_common(&s.word(first).to_lowercase());
        let index = self.record(Occurrence {
            surface,
            votes,
            confidence,
            sentence: s.text,
            highlight: start..end,
            position: s.position,
        });
        if let Some(i) = index {
            self.names[i].doubtful += u32::from(doubtful_first);
            self.names[i].opens += u32::from(opens);
        }
    }

    /// Whether a piece is an abbreviation of a thing rather than a name:
    /// a plural ("LEDs", whose singular is then a term too), or one with
    /// digits or a hyphen ("PS4", "USB-C", "A350-900"): models and products.
    fn is_term(&mut self, s: &Reading<'_>, piece: &Piece) -> bool {
        let word = bare(s.word(piece.tokens[0]));
        let plural_acronym = word.strip_suffix('s').filter(|w| is_all_caps(w));
        if let Some(singular) = plural_acronym.filter(|_| piece.tokens.len() == 1) {
            self.term_acronyms.push(name_key(singular));
            self.term_acronyms.push(name_key(word));
            return true;
        }
        piece.tokens.len() == 1 && (word.chars().any(|c| c.is_ascii_digit()) || is_all_caps(word) && word.contains('-'))
    }

    fn is_common(&self, lowercase: &str) -> bool {
        self.is_stopword(lowercase) || lexicon().is_common_word(lowercase)
    }

    /// The evidence for what `piece` names, and whether any of it is strong
    /// enough to make it a name even where capitals prove nothing.
    fn votes(&self, s: &Reading<'_>, piece: &Piece, facts: &Facts) -> (Votes, bool) {
        let mut v = facts.votes;
        let mut cued = facts.cued;
        match piece.title_before {
            Some(true) => v.add(EntityKind::Person, 4.0),
            Some(false) => v.add(EntityKind::Person, 3.0),
            None => {}
        }
        cued |= piece.title_before.is_some();
        if piece.title_of && facts.place.is_none() {
            v.add(EntityKind::Organization, 1.0);
            cued = true;
        }
        if piece.title_after && facts.place.is_none() && !facts.demonym {
            v.add(EntityKind::Organization, 1.5);
            // "Today President ...": a capitalised common word starting the sentence is no organisation
            let surface = piece_surface(s, piece);
            cued |= !(piece.at_start && piece.tokens.len() == 1 && self.is_common(&text::lowercase(surface)));
        }
        if !cued {
            v.person += facts.person_by_form;
        }
        context_votes(s, piece, &mut v, !facts.plain_word);
        (v, cued)
    }

    /// What a surface form alone says (the same wherever it stands), worked
    /// out once per document.
    fn facts(&mut self, s: &Reading<'_>, piece: &Piece, surface: &str) -> Facts {
        if let Some(facts) = self.facts.get(surface) {
            return *facts;
        }
        let facts = surface_facts(s, piece, surface);
        self.facts.insert(surface.to_string(), facts);
        facts
    }
}

/// What a surface form alone says about a name: gazetteer, organisation
/// and place words, and its shape.
#[derive(Debug, Clone, Copy)]
struct Facts {
    /// Whether it can be a name at all (see [`is_name_like`]).
    name_like: bool,
    /// The place the gazetteer knows by it.
    place: Option<Place>,
    /// Whether it is a demonym ("Russian").
    demonym: bool,
    /// Evidence from the gazetteer, its words and its shape.
    votes: Votes,
    /// Whether the gazetteer or its words make it a name anywhere.
    cued: bool,
    /// Evidence for a person from the form of the name ("Adam Smith"),
    /// counted only when nothing else speaks.
    person_by_form: f32,
    /// A lone common word ("Group", "World"): capitalised for many
    /// reasons, so where it stands says little, what it does says more.
    plain_word: bool,
}

fn surface_facts(s: &Reading<'_>, piece: &Piece, surface: &str) -> Facts {
    let lex = lexicon();
    let mut v = Votes::default();
    let words: Vec<&str> = piece.tokens.iter().map(|&t| bare(s.word(t))).filter(|w| !is_connector(w)).collect();
    let place = lex.place(surface);
    if let Some(place) = place {
        v.add(EntityKind::Place, place_weight(place.class));
    }
    let has_complement = piece.tokens.iter().any(|&t| matches!(s.word(t), "for" | "of"));
    let cued = org_and_place_words(lex, &words, &mut v, has_complement) || place.is_some();
    let is_common = |w: &&str| lex.word_any_case(w).has(WordFlags::COMMON);
    let person_by_form = if words.len() >= 2 && lex.is_given_name(words[0]) {
        // "Davis Cup" is no person, "Adam Smith" is: common last words count less
        if words.last().is_some_and(is_common) { 0.5 } else { 2.0 }
    } else if (2..=3).contains(&words.len()) && words.iter().all(|w| !is_common(w) && !is_all_caps(w)) {
        1.0
    } else {
        0.0
    };
    if let [word] = words[..] {
        if is_all_caps(word) && place.is_none() {
            v.add(EntityKind::Organization, 1.0);
        } else if word.chars().skip(1).any(char::is_uppercase) && !word.contains(['-', '‐']) {
            v.add(EntityKind::Organization, 1.5);
        }
    }
    Facts {
        name_like: is_name_like(s, piece),
        place,
        demonym: lex.demonym(surface).is_some(),
        votes: v,
        cued,
        person_by_form,
        plain_word: words.len() == 1 && place.is_none() && is_common(&words[0]),
    }
}

/// How much a gazetteer entry alone says a name is a place.
fn place_weight(class: PlaceClass) -> f32 {
    match class {
        PlaceClass::Country => 5.0,
        PlaceClass::Region => 4.0,
        PlaceClass::City => 2.5,
    }
}

/// Votes from organisation and place words inside the name; true when any
/// fired. A building ("Moscone Center") is a place, but a name that goes on
/// after "for" or "of" ("Center for Defense") an organisation.
fn org_and_place_words(lex: &Lexicon, words: &[&str], v: &mut Votes, has_complement: bool) -> bool {
    let mut cued = false;
    for (i, word) in words.iter().enumerate() {
        let flags = lex.word_any_case(word);
        let last = i + 1 == words.len();
        let venue = last && words.len() > 1 && flags.has(WordFlags::VENUE) && !has_complement;
        if venue {
            v.add(EntityKind::Place, 3.0);
            cued = true;
            continue;
        }
        match flags.org_word() {
            Some(OrgWord::Suffix) if words.len() > 1 => {
                v.add(EntityKind::Organization, 5.0);
                cued = true;
            }
            Some(OrgWord::Head) if words.len() > 1 || is_capitalised(word) && i > 0 => {
                v.add(EntityKind::Organization, if last { 3.0 } else { 2.0 });
                cued = true;
            }
            _ => {}
        }
        if last && words.len() > 1 && flags.has(WordFlags::PLACE_HEAD) {
            v.add(EntityKind::Place, 3.0);
            cued = true;
        }
    }
    cued
}

/// Votes from the words around a name: where it stands ("in Moscow", "the
/// company WeWork", "founder Adam Neumann"; only when `position` is asked
/// for) and what it does ("Putin said", "Claure, who", "Apple’s").
fn context_votes(s: &Reading<'_>, piece: &Piece, v: &mut Votes, position: bool) {
    let lex = lexicon();
    let (Some(&first), Some(&last)) = (piece.tokens.first(), piece.tokens.last()) else { return };
    if possessive_len(s.word(last)) > 0 {
        v.add(EntityKind::Organization, 0.6);
        v.add(EntityKind::Person, 0.3);
    }
    let before: Vec<Cow<'_, str>> =
        (0..first).rev().take(3).take_while(|&j| s.is_word(j)).map(|j| text::lowercase(s.word(j))).collect();
    if let Some(prev) = before.first().filter(|_| position) {
        let prev = prev.as_ref();
        let prev2 = before.get(1).map(Cow::as_ref);
        if PLACE_PREPOSITIONS.contains(&prev) || prev == "the" && prev2.is_some_and(|p| PLACE_PREPOSITIONS.contains(&p))
        {
            v.add(EntityKind::Place, 1.0);
        } else if matches!(prev, "from" | "to" | "into" | "via" | "toward" | "towards") {
            v.add(EntityKind::Place, 0.5);
        } else if prev == "at" {
            v.add(EntityKind::Organization, 0.5);
            v.add(EntityKind::Place, 0.3);
        }
        if prev == "the" {
            v.add(EntityKind::Organization, 0.7);
            v.add(EntityKind::Place, 0.3);
        }
        let noun = if matches!(prev, "of" | "the") { prev2.unwrap_or(prev) } else { prev };
        if lex.is_org_noun(noun) {
            v.add(EntityKind::Organization, 2.5);
        } else if lex.is_place_noun(noun) {
            v.add(EntityKind::Place, 2.5);
        } else if !is_capitalised(s.word(first - 1)) && lowercase_title_before(lex, &before) {
            v.add(EntityKind::Person, 2.5);
        }
    }
    let after = last + 1;
    if s.is_punct(after, &[',']) && s.is_word(after + 1) {
        match s.word(after + 1) {
            "who" => v.add(EntityKind::Person, 1.5),
            "which" => v.add(EntityKind::Organization, 0.7),
            _ => {}
        }
    } else if s.is_word(after) && SPEECH_VERBS.contains(&s.word(after)) {
        v.add(EntityKind::Person, 0.7);
        v.add(EntityKind::Organization, 0.4);
    }
    if position && s.is_word(after) && matches!(s.word(after), "-based" | "based") {
        v.add(EntityKind::Place, 1.5);
    }
}

/// Whether the lowercase words just before a name (nearest first) end in a
/// title ("founder", "chief executive").
fn lowercase_title_before(lex: &Lexicon, before: &[Cow<'_, str>]) -> bool {
    let title_word =
        |w: &Cow<'_, str>| lex.word(w).has(WordFlags::TITLE | WordFlags::HONORIFIC | WordFlags::TITLE_START);
    if !before.iter().any(title_word) {
        return false;
    }
    (1..=before.len().min(lex.max_title_words())).any(|n| {
        let words: Vec<&str> = before[..n].iter().rev().map(Cow::as_ref).collect();
        lex.title(&title_key(&words)).is_some()
    })
}

/// Whether a word makes a name an organisation's or a place's ("Bank",
/// "Inc", "Street").
fn is_marker(flags: WordFlags) -> bool {
    flags.has(WordFlags::ORG_SUFFIX | WordFlags::ORG_HEAD | WordFlags::PLACE_HEAD)
}

/// The run of name tokens starting at `i`: capitalised words, joined by
/// connectors ("of", "&", "von der") and initials' periods ("J. Smith",
/// "St. Louis"); a possessive ends it.
fn run_from(s: &Reading<'_>, i: usize) -> Vec<usize> {
    let mut run = vec![i];
    let mut j = i;
    loop {
        if possessive_len(s.word(j)) > 0 {
            return run;
        }
        let mut k = j + 1;
        let mut joiners = Vec::new();
        while joiners.len() < 2 && k < s.tokens.len() {
            let joins = (s.is_word(k) && is_connector(s.word(k)) && !is_capitalised(s.word(k)))
                || s.is_punct(k, &['&'])
                || s.is_punct(k, &['.']) && joiners.is_empty() && is_initial_or_abbreviation(s.word(j));
            if !joins {
                break;
            }
            joiners.push(k);
            k += 1;
        }
        if !s.is_name_token(k) {
            return run;
        }
        run.extend(joiners);
        run.push(k);
        j = k;
    }
}

/// "J", "St", "Mt", "Dr": a token that a period after does not end.
fn is_initial_or_abbreviation(word: &str) -> bool {
    word.chars().count() == 1 && is_capitalised(word)
        || matches!(
            word,
            "St" | "Mt"
                | "Ft"
                | "Jr"
                | "Sr"
                | "Dr"
                | "Mr"
                | "Mrs"
                | "Ms"
                | "Gen"
                | "Lt"
                | "Col"
                | "Sen"
                | "Rep"
                | "Gov"
                | "Prof"
        )
}

/// Bytes of a trailing possessive ("'s", "’s") on a word.
fn possessive_len(word: &str) -> usize {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            return suffix.len();
        }
    }
    0
}

/// "Moscow-based" → ("Moscow", "based"): a capitalised word joined to a
/// common lowercase one, which makes an adjective, not a name ("Kim
/// Jong-un" is a name: "un" is no word).
fn modifier_stem(word: &str) -> Option<(&str, &str)> {
    if word.is_ascii() && !word.contains('-') {
        return None;
    }
    let (stem, suffix) = word.split_once(['-', '‐', '‑'])?;
    let last = suffix.rsplit(['-', '‐', '‑']).next().unwrap_or(suffix);
    let common = last.chars().count() >= 3 && lexicon().is_common_word(last);
    (is_capitalised(stem) && last.chars().next().is_some_and(char::is_lowercase) && common).then_some((stem, last))
}

/// "I’m", "We’re", "They’ve", "Ain’t": a pronoun or verb with its
/// contraction, capitalised only by position.
fn is_contraction(word: &str) -> bool {
    (!word.is_ascii() || word.contains('\''))
        && word.rsplit_once(['\'', '’']).is_some_and(|(_, tail)| {
            matches!(tail, "m" | "re" | "ve" | "d" | "ll" | "t" | "M" | "RE" | "VE" | "D" | "LL" | "T")
        })
}

/// "Supreme Court Wednesday": a weekday ends no name.
fn is_weekday(word: &str) -> bool {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .iter()
        .any(|d| d.eq_ignore_ascii_case(word))
}

/// A word without its possessive ("Kremlin’s" → "Kremlin").
fn bare(word: &str) -> &str {
    &word[..word.len() - possessive_len(word)]
}

/// The text of a piece as written.
fn piece_surface<'a>(s: &Reading<'a>, piece: &Piece) -> &'a str {
    match (piece.tokens.first(), piece.tokens.last()) {
        (Some(&a), Some(&b)) => &s.text[s.tokens[a].start..s.tokens[b].end - possessive_len(s.word(b))],
        _ => "",
    }
}

/// The longest title starting at `run[k]`, in run positions (periods after
/// abbreviated titles included), and whether it is an honorific.
fn title_at(s: &Reading<'_>, run: &[usize], k: usize) -> Option<(usize, bool)> {
    let lex = lexicon();
    let first = text::lowercase(s.word(run[k]));
    if !lex.word(first.trim_end_matches('.')).has(WordFlags::TITLE_START) {
        return None;
    }
    let max = lex.max_title_words().min(run.len() - k);
    (1..=max).rev().find_map(|n| {
        let words: Vec<&str> = run[k..k + n].iter().map(|&t| s.word(t)).collect();
        if words.iter().any(|w| w.chars().all(|c| !c.is_alphanumeric())) {
            return None;
        }
        let honorific = lex.title(&title_key(&words))?;
        let mut len = n;
        if run.get(k + n).is_some_and(|&t| s.word(t) == ".") {
            len += 1;
        }
        Some((len, honorific))
    })
}

/// Splits a run where titles stand: "Sberbank CEO German Gref" →
/// "Sberbank" (a title follows) and "German Gref" (a title precedes);
/// "Founder of Ceres Robotics" → "Ceres Robotics" (a title's "of").
/// A title is left in the name when what follows is no person's name:
/// nothing ("US Trade Representative"), an organisation ("General
/// Motors") or one common word ("Star Wars").
fn split_at_titles(s: &Reading<'_>, run: &[usize]) -> Vec<Piece> {
    let lex = lexicon();
    let mut pieces = Vec::new();
    let mut current = Piece::default();
    let mut k = 0;
    while k < run.len() {
        if let Some((len, honorific)) = title_at(s, run, k) {
            let of = run.get(k + len).is_some_and(|&t| s.word(t) == "of");
            let rest = &run[k + len + usize::from(of)..];
            let rest_flags: Vec<WordFlags> = rest.iter().map(|&t| lex.word_any_case(bare(s.word(t)))).collect();
            let rest_is_org = rest_flags.last().is_some_and(|&f| is_marker(f));
            let one_common_word = !honorific && rest_flags.len() == 1 && rest_flags[0].has(WordFlags::COMMON);
            let cuts = !rest.is_empty()
                && !rest.first().is_some_and(|&t| is_connector(s.word(t)))
                && (of || !rest_is_org && !one_common_word);
            if cuts {
                if !current.tokens.is_empty() {
                    // an honorific ("But Mr. Trump") follows no organisation
                    current.title_after = !honorific;
                    pieces.push(std::mem::take(&mut current));
                }
                current.title_before = (!of).then_some(honorific);
                current.title_of = of;
                k += len + usize::from(of);
                continue;
            }
        }
        current.tokens.push(run[k]);
        k += 1;
    }
    if !current.tokens.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// Splits at connectors that do not belong in a name: "Russia and China"
/// is two places, "Bank of Russia" one bank, "Ursula von der Leyen" one
/// person.
fn split_at_connectors(s: &Reading<'_>, piece: Piece) -> Vec<Piece> {
    let lex = lexicon();
    let splits = |word: &str| is_connector(word) && !is_particle(word);
    if !piece.tokens.iter().any(|&t| splits(s.word(t))) || lex.place(piece_surface(s, &piece)).is_some() {
        return vec![piece];
    }
    let marked = |tokens: &[usize]| tokens.iter().any(|&t| is_marker(lex.word_any_case(bare(s.word(t)))));
    // "Defense and Security" completing "Center for ...": the part before
    // has an organisation's "for" or "of", the part after is no place
    let completes = |current: &[usize], right: &[usize]| {
        let inside = current.iter().any(|&t| matches!(s.word(t), "for" | "of")) && marked(current);
        let surface = match (right.first(), right.last()) {
            (Some(&a), Some(&b)) => &s.text[s.tokens[a].start..s.tokens[b].end],
            _ => "",
        };
        inside && !right.is_empty() && right.len() <= 3 && !marked(right) && lex.place(surface).is_none()
    };
    // "Securities and Exchange Commission": one plain word, then an
    // organisation's words ("Ceres Robotics and Tyvak Systems Inc" is two)
    let pairs = |current: &[usize], right: &[usize]| {
        // "U.S. Securities and ...": a country in front does not count
        let own: Vec<usize> = current
            .iter()
            .copied()
            .skip_while(|&t| lex.place(s.word(t)).is_some() || lex.demonym(s.word(t)).is_some())
            .collect();
        own.len() == 1 && !is_all_caps(s.word(own[0])) && right.len() >= 2 && marked(right)
    };
    let tokens = &piece.tokens;
    let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
    let mut i = 0;
    while i < tokens.len() {
        let word = s.word(tokens[i]);
        let current = parts.last().map_or(&[][..], Vec::as_slice);
        if splits(word) && !current.is_empty() {
            let end = tokens[i..].iter().position(|&u| !is_connector(s.word(u))).map_or(tokens.len(), |p| i + p);
            let right_end = tokens[end..].iter().position(|&u| splits(s.word(u))).map_or(tokens.len(), |p| end + p);
            let right = &tokens[end..right_end];
            let keeps = match word {
                "&" => true,
                // "Securities and Exchange Commission", "Center for Defense and Security"
                "and" => end == i + 1 && (pairs(current, right) || completes(current, right)),
                _ => marked(current) || marked(right),
            };
            if !keeps {
                parts.push(Vec::new());
                i = end;
                continue;
            }
        }
        if let Some(part) = parts.last_mut() {
            part.push(tokens[i]);
        }
        i += 1;
    }
    rebuild(s, &piece, parts)
}

/// Pieces made of `parts` of `piece`, trimmed of connectors at their ends:
/// the first keeps what came before the piece, the last what came after.
fn rebuild(s: &Reading<'_>, piece: &Piece, parts: Vec<Vec<usize>>) -> Vec<Piece> {
    let mut parts: Vec<Vec<usize>> = parts
        .into_iter()
        .map(|mut part| {
            while part.last().is_some_and(|&t| is_connector(s.word(t))) {
                part.pop();
            }
            let lead = part.iter().take_while(|&&t| is_connector(s.word(t))).count();
            part.drain(..lead);
            part
        })
        .collect();
    parts.retain(|p| !p.is_empty());
    let n = parts.len();
    let first_token = piece.tokens.first().copied();
    parts
        .into_iter()
        .enumerate()
        .map(|(k, tokens)| Piece {
            title_before: if k == 0 { piece.title_before } else { None },
            title_of: k == 0 && piece.title_of,
            title_after: k + 1 == n && piece.title_after,
            at_start: piece.at_start && tokens.first().copied() == first_token,
            defined: false,
            tokens,
        })
        .collect()
}

/// "Airbus A350-900 of Group A": a word with digits is a model, no part of
/// a name, so the name ends before it.
fn split_at_model_numbers(s: &Reading<'_>, piece: Piece) -> Vec<Piece> {
    if !piece.tokens.iter().any(|&t| s.word(t).chars().any(|c| c.is_ascii_digit())) {
        return vec![piece];
    }
    let parts = piece.tokens.split(|&t| s.word(t).chars().any(|c| c.is_ascii_digit())).map(<[usize]>::to_vec).collect();
    rebuild(s, &piece, parts)
}

/// Lowercase particles inside personal names ("von", "da", "bin").
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "del"
            | "della"
            | "der"
            | "den"
            | "van"
            | "von"
            | "da"
            | "do"
            | "dos"
            | "das"
            | "du"
            | "di"
            | "la"
            | "le"
            | "al"
            | "el"
            | "bin"
            | "ibn"
            | "y"
    )
}

/// In a title-case heading every word is capitalised, so names are cut at
/// words that are common in lowercase ("Putin Says Russia Needs ..." →
/// "Putin", "Russia"), except words that build names ("Bank", "Street").
fn split_at_common_words(s: &Reading<'_>, piece: Piece) -> Vec<Piece> {
    let lex = lexicon();
    let mut parts: Vec<Vec<usize>> = vec![Vec::new()];
    for &t in &piece.tokens {
        let word = bare(s.word(t));
        let flags = lex.word_any_case(word);
        let builds = is_connector(word)
            || is_marker(flags)
            || lex.is_given_name(word)
            || lex.place(word).is_some()
            || is_all_caps(word);
        if flags.has(WordFlags::COMMON) && !builds {
            parts.push(Vec::new());
        } else if let Some(part) = parts.last_mut() {
            part.push(t);
        }
    }
    rebuild(s, &piece, parts)
}

/// Whether a piece can be a name: some word in it is more than a title,
/// demonym, weekday or common abbreviation, and it has a letter to speak of.
fn is_name_like(s: &Reading<'_>, piece: &Piece) -> bool {
    let lex = lexicon();
    let surface = piece_surface(s, piece);
    if surface.chars().filter(|c| c.is_alphabetic()).count() < 2 && !surface.chars().any(text::is_unspaced) {
        return false;
    }
    if lex.place(surface).is_some() {
        return true;
    }
    if lex.demonym(surface).is_some() {
        return false;
    }
    // "Chief Strategy Officer", "Founder": offices, not names
    let last = piece.tokens.last().map_or("", |&t| bare(s.word(t)));
    if piece.tokens.len() > 1 && lex.word_any_case(last).has(WordFlags::TITLE) {
        return false;
    }
    piece.tokens.iter().any(|&t| {
        let trimmed = bare(s.word(t));
        let flags = lex.word_any_case(trimmed);
        !is_connector(trimmed)
            && !flags.has(WordFlags::NOT_NAME | WordFlags::TITLE | WordFlags::HONORIFIC)
            && lex.demonym(trimmed).is_none()
            && trimmed.chars().any(char::is_alphabetic)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(text: &str) -> DocNames {
        Extractor::new(&[]).extract(text, Some("en"))
    }

    fn find<'a>(doc: &'a DocNames, key: &str) -> Option<&'a Name> {
        doc.names.iter().find(|n| n.key == key)
    }

    fn keys(doc: &DocNames) -> Vec<&str> {
        doc.names.iter().filter(|n| n.confidence == Confidence::Certain).map(|n| n.key.as_str()).collect()
    }

    fn kind(doc: &DocNames, key: &str) -> EntityKind {
        find(doc, key).map_or(EntityKind::Other, |n| n.votes.best().0)
    }

    #[test]
    fn titles_are_cut_off_and_make_a_person() {
        let doc = extract("The plan was backed by Russian President Vladimir Putin on Monday.");
        assert_eq!(keys(&doc), ["vladimir putin"]);
        assert_eq!(kind(&doc, "vladimir putin"), EntityKind::Person);
    }

    #[test]
    fn multi_word_titles_are_cut_off() {
        let doc = extract("It was chaired by Deputy Prime Minister Dmitry Grigorenko in Moscow.");
        assert!(find(&doc, "dmitry grigorenko").is_some(), "{:?}", keys(&doc));
        assert_eq!(kind(&doc, "dmitry grigorenko"), EntityKind::Person);
        assert_eq!(kind(&doc, "moscow"), EntityKind::Place);
    }

    #[test]
    fn a_title_between_names_splits_organisation_and_person() {
        let doc = extract("On Friday, Sberbank CEO German Gref said sanctions hurt.");
        assert_eq!(kind(&doc, "sberbank"), EntityKind::Organization);
        assert_eq!(kind(&doc, "german gref"), EntityKind::Person);
    }

    #[test]
    fn honorifics_make_a_person() {
        let doc = extract("The report was written by Dr. Jane Okafor and Mr. Lee.");
        assert_eq!(kind(&doc, "jane okafor"), EntityKind::Person);
        assert_eq!(kind(&doc, "lee"), EntityKind::Person);
    }

    #[test]
    fn lowercase_roles_before_a_name_make_a_person() {
        let doc = extract("The firm was started by founder Adam Neumann in 2010.");
        assert_eq!(kind(&doc, "adam neumann"), EntityKind::Person);
    }

    #[test]
    fn organisation_words_make_an_organisation() {
        let doc = extract(
            "Loans from the Bank of Russia and Acme Holdings Inc. grew last year, a study by Stanford University said.",
        );
        assert_eq!(kind(&doc, "bank of russia"), EntityKind::Organization, "{:?}", keys(&doc));
        assert_eq!(kind(&doc, "acme holdings inc"), EntityKind::Organization, "{:?}", keys(&doc));
        assert_eq!(kind(&doc, "stanford university"), EntityKind::Organization);
    }

    #[test]
    fn connectors_split_lists_of_names_but_not_organisations() {
        let doc = extract("Trade between Russia and China grew, the Securities and Exchange Commission said.");
        assert!(find(&doc, "russia").is_some() && find(&doc, "china").is_some(), "{:?}", keys(&doc));
        assert!(find(&doc, "securities and exchange commission").is_some(), "{:?}", keys(&doc));
        let doc =
            extract("A report by the International Center for Defense and Security and the Bank of Russia and China.");
        assert!(find(&doc, "international center for defense and security").is_some(), "{:?}", keys(&doc));
        assert!(find(&doc, "bank of russia").is_some() && find(&doc, "china").is_some(), "{:?}", keys(&doc));
    }

    #[test]
    fn gazetteer_places_and_prepositions_make_a_place() {
        let doc = extract("Talks were held in Saket and later in the U.S. with officials.");
        assert_eq!(kind(&doc, "saket"), EntityKind::Place);
        assert_eq!(kind(&doc, "us"), EntityKind::Place);
    }

    #[test]
    fn nouns_before_a_name_say_what_it_is() {
        let doc = extract("Sales at carmaker Volkswagen fell in the city of Wolfsburgen.");
        assert_eq!(kind(&doc, "volkswagen"), EntityKind::Organization);
        assert_eq!(kind(&doc, "wolfsburgen"), EntityKind::Place);
    }

    #[test]
    fn sentence_initial_common_words_are_not_names() {
        let doc = extract("However, the talks failed. The Kremlin said nothing. Among them was Putin.");
        assert!(find(&doc, "however").is_none_or(|n| n.confidence == Confidence::Tentative));
        assert!(find(&doc, "among").is_none_or(|n| n.confidence == Confidence::Tentative));
        assert_eq!(find(&doc, "kremlin").map(|n| n.confidence), Some(Confidence::Certain));
        assert_eq!(find(&doc, "putin").map(|n| n.confidence), Some(Confidence::Certain));
    }

    #[test]
    fn sentence_initial_rare_words_are_opening_names_until_seen_inside_a_sentence() {
        let doc = extract("Putin said the models matter.");
        assert_eq!(find(&doc, "putin").map(|n| (n.confidence, n.opens)), Some((Confidence::Opening, 1)));
        let doc = extract("Putin said the models matter. The decree was signed by Putin.");
        assert_eq!(find(&doc, "putin").map(|n| n.confidence), Some(Confidence::Certain));
    }

    #[test]
    fn a_word_after_a_period_kept_by_the_sentence_splitter_opens_a_sentence() {
        let doc = extract("The deal went to Acme Holdings Inc. Meanwhile, the talks stalled.");
        assert_eq!(find(&doc, "meanwhile").map(|n| n.confidence), Some(Confidence::Tentative), "{:?}", keys(&doc));
        assert!(find(&doc, "acme holdings inc").is_some(), "{:?}", keys(&doc));
    }

    #[test]
    fn a_sentence_opener_the_document_writes_in_lowercase_is_no_name() {
        let doc = Extractor::new(&[])
            .extract("Bewoners van de stad protesteerden. Volgens de bewoners is het te laat.", Some("nl"));
        assert_eq!(find(&doc, "bewoners").map(|n| n.confidence), Some(Confidence::Tentative));
        let doc = extract("Reshoring, the study says, is slow. Few firms try reshoring now.");
        assert_eq!(find(&doc, "reshoring").map(|n| n.confidence), Some(Confidence::Tentative));
    }

    #[test]
    fn title_case_headings_give_only_tentative_names_split_at_common_words() {
        let doc = extract("# Putin Says Russia Needs Independent Large Language Models\n\nText here.");
        assert_eq!(find(&doc, "putin").map(|n| n.confidence), Some(Confidence::Tentative));
        assert_eq!(find(&doc, "russia").map(|n| n.confidence), Some(Confidence::Certain), "a country is one anywhere");
        assert!(find(&doc, "large language models").is_none(), "{:?}", keys(&doc));
    }

    #[test]
    fn demonyms_weekdays_and_common_abbreviations_are_not_names() {
        let doc = extract("On Monday, Chinese partners said AI and the CEO mattered to Western firms.");
        assert!(keys(&doc).is_empty(), "{:?}", keys(&doc));
    }

    #[test]
    fn compound_modifiers_give_their_name_only() {
        let doc = extract("The Moscow-based lender and a Kremlin-backed fund used AI-powered and Russian-made tools.");
        assert_eq!(keys(&doc), ["moscow", "kremlin"]);
        assert_eq!(kind(&doc, "moscow"), EntityKind::Place);
    }

    #[test]
    fn possessives_are_not_part_of_the_name() {
        let doc = extract("It was on the Kremlin’s website, in Neumann's plans and Stanford University’s report.");
        assert!(find(&doc, "kremlin").is_some() && find(&doc, "neumann").is_some(), "{:?}", keys(&doc));
        assert_eq!(kind(&doc, "stanford university"), EntityKind::Organization);
    }

    #[test]
    fn acronym_definitions_are_recorded_both_ways() {
        let doc = extract(
            "Members of the Shanghai Cooperation Organisation (SCO) met. The CIS (Commonwealth of Independent States) too.",
        );
        let defs: Vec<(&str, &str)> = doc.definitions.iter().map(|d| (d.short.as_str(), d.long.as_str())).collect();
        assert!(defs.contains(&("sco", "shanghai cooperation organisation")), "{defs:?}");
        assert!(defs.contains(&("cis", "commonwealth of independent states")), "{defs:?}");
    }

    #[test]
    fn acronyms_of_lowercase_terms_are_terms() {
        let doc = extract("Work on large language models (LLM) and machine learning (ML) grew.");
        assert!(doc.term_acronyms.contains(&"llm".to_string()));
        assert!(doc.definitions.is_empty());
    }

    #[test]
    fn counts_surfaces_and_first_mention_are_kept() {
        let doc = extract("Putin spoke. Later Putin left.\n\nThen Putin's aide spoke.");
        let putin = find(&doc, "putin").unwrap();
        assert_eq!(putin.count, 3);
        assert_eq!(&*putin.first.sentence, "Putin spoke.");
        assert_eq!(&putin.first.sentence[putin.first.highlight.clone()], "Putin");
    }

    #[test]
    fn configured_names_are_found_in_any_case_and_script() {
        let doc = Extractor::new(&["the Kremlin".to_string(), "普京".to_string()])
            .extract("He met the Kremlin staff. 普京发表讲话。", Some("en"));
        assert!(find(&doc, "kremlin").is_some(), "{:?}", keys(&doc));
        assert!(find(&doc, &name_key("普京")).is_some(), "{:?}", keys(&doc));
    }

    #[test]
    fn german_nouns_are_not_names_without_cues() {
        let doc = Extractor::new(&[]).extract("Die Regierung plant neue Gesetze in Berlin.", Some("de"));
        assert!(find(&doc, "regierung").is_none_or(|n| n.confidence == Confidence::Tentative));
        assert_eq!(find(&doc, "berlin").map(|n| n.confidence), Some(Confidence::Certain));
    }

    #[test]
    fn contractions_hashtags_and_shouted_words_are_not_names() {
        let doc =
            extract("Now I’m sure We’re ready, as They’ve said. Follow #TodayInSenate as the market FALLS again.");
        assert!(keys(&doc).is_empty(), "{:?}", keys(&doc));
    }

    #[test]
    fn a_title_with_of_makes_an_organisation() {
        let doc = extract("Shares rose after the CEO of Zentrix resigned.");
        assert_eq!(keys(&doc), ["zentrix"]);
        assert_eq!(kind(&doc, "zentrix"), EntityKind::Organization);
    }

    #[test]
    fn a_title_before_one_common_word_or_an_organisation_stays_in_the_name() {
        let doc = extract("Fans of Star Wars sold shares of General Motors to them.");
        assert!(find(&doc, "star wars").is_some() && find(&doc, "general motors").is_some(), "{:?}", keys(&doc));
    }

    #[test]
    fn offices_are_not_names() {
        let doc = extract("The report named a new Chief Strategy Officer for the bank.");
        assert!(
            find(&doc, "strategy officer").is_none() && find(&doc, "chief strategy officer").is_none(),
            "{:?}",
            keys(&doc)
        );
    }

    #[test]
    fn buildings_are_places_and_centres_for_something_organisations() {
        let doc = extract("They met at the Moscone Center and at the Center for Strategic Studies in the morning.");
        assert_eq!(kind(&doc, "moscone center"), EntityKind::Place);
        assert_eq!(kind(&doc, "center for strategic studies"), EntityKind::Organization);
    }

    #[test]
    fn weekdays_model_numbers_and_single_letters_end_no_name() {
        let doc = extract("On that day the Supreme Court Wednesday ruled that the Airbus A350-900 of Group A may fly.");
        assert!(find(&doc, "supreme court").is_some() && find(&doc, "airbus").is_some(), "{:?}", keys(&doc));
        assert!(find(&doc, "group a").is_none(), "{:?}", keys(&doc));
    }

    #[test]
    fn plural_acronyms_are_terms() {
        let doc = extract("Both LEDs and chips from the Zentrix plant were cheap.");
        assert!(doc.term_acronyms.contains(&"led".to_string()));
        assert!(find(&doc, "leds").is_none());
    }

    #[test]
    fn a_sentence_initial_common_word_is_dropped_when_the_rest_is_a_name() {
        let doc = extract("Getting Disney to agree was hard. Talks with Disney then failed.");
        assert!(find(&doc, "getting disney").is_none(), "{:?}", keys(&doc));
        assert_eq!(find(&doc, "disney").map(|n| n.count), Some(2));
    }

    #[test]
    fn a_sentence_initial_common_word_that_is_part_of_a_longer_name_is_certain() {
        let doc = extract("The singer Taylor Swift toured. Swift said she was tired.");
        assert_eq!(find(&doc, "swift").map(|n| n.confidence), Some(Confidence::Certain));
    }

    #[test]
    fn code_blocks_are_not_read() {
        let doc = extract("```\nlet Acme = Widget::new();\n```\n");
        assert!(doc.names.is_empty());
    }
}
