//! Extractive summaries: two or three sentences of a document, as written.
//!
//! The lead of a news report is a strong summary, so position weighs as much
//! as centrality (how much a sentence shares with the rest of the document
//! and its title). Sentences are picked greedily, each new one penalised by
//! what it repeats of those already picked (maximal marginal relevance), and
//! shown in document order. A sentence that opens by pointing back ("He
//! said", "However", "这一") is taken only with the sentence before it, so
//! a summary never leaves a reference without its antecedent.

use super::text::{BlockKind, Sentence, SentenceReader, Shape, Token, TokenKind};
use super::vocab::{self, ContentWords, TermId};

/// What the summariser keeps of a document.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    /// The sentences of the summary, in document order.
    pub sentences: Vec<String>,
    /// The document's most telling sentences (best scored, at most
    /// [`KEY_SENTENCES`]), in document order, with their content terms:
    /// what stories compare between reports.
    pub key: Vec<KeySentence>,
}

/// A sentence and what it says, without the names it uses.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct KeySentence {
    /// As written.
    pub text: String,
    /// Its distinct content terms, names left out (capitalised words
    /// inside the sentence), sorted; 32 bits of each term id are enough to
    /// compare sentences. Two reports that restate one fact share these,
    /// while sharing a name alone says little.
    #[serde(with = "crate::packed")]
    pub terms: Vec<u32>,
}

/// Key sentences kept per document.
pub const KEY_SENTENCES: usize = 8;
/// At most this many sentences in a summary...
const MAX_SENTENCES: usize = 3;
/// ... a third only while the summary stays within this many words ...
const THIRD_WITHIN: f32 = 75.0;
/// ... and a second only within this many.
const SECOND_WITHIN: f32 = 110.0;
/// A sentence shorter than this (in words) says too little alone.
const MIN_WORDS: f32 = 6.0;
/// A sentence longer than this is a run-on, a list in disguise or a table.
const MAX_WORDS: f32 = 60.0;
/// A sentence sharing this much of its content with a picked one repeats it.
const REDUNDANT: f32 = 0.6;
/// How much repeating what was picked costs (maximal marginal relevance).
const REPEAT_COST: f32 = 0.5;

/// One sentence of running text.
struct Line<'d> {
    text: &'d str,
    block: usize,
    kind: BlockKind,
    terms: Vec<TermId>,
    /// Its content terms without names (see [`KeySentence::terms`]).
    plain: Vec<u32>,
    /// Length in words (characters of unspaced scripts count a little less).
    words: f32,
    /// Opens by pointing back to an earlier sentence.
    refers_back: bool,
    /// Ends with a full stop, question or exclamation mark.
    complete: bool,
}

impl Line<'_> {
    /// Long enough, short enough, not a lead-in to a list, and a complete
    /// sentence when the document writes them with full stops (a line
    /// without one is a subtitle, a label or a caption).
    fn eligible(&self, punctuated: bool) -> bool {
        (MIN_WORDS..=MAX_WORDS).contains(&self.words)
            && !self.text.ends_with(':')
            && self.terms.len() >= 3
            && (self.complete || !punctuated)
    }

    /// How much less it is worth than plain prose: quotes, list items and
    /// questions summarise less well.
    fn weight(&self) -> f32 {
        let mut weight = match self.kind {
            BlockKind::Quote => 0.8,
            BlockKind::ListItem => 0.85,
            _ => 1.0,
        };
        if self.text.ends_with('?') {
            weight *= 0.7;
        }
        if self.text.starts_with(['"', '“', '«', '„']) {
            weight *= 0.85;
        }
        weight
    }
}

/// Reads one document's sentences and picks its summary.
pub struct SummaryReader<'d> {
    words: ContentWords,
    openers: &'static Openers,
    title: Vec<TermId>,
    /// Prose sentences, in order; `None` marks a heading or other break
    /// that no reference reaches across.
    lines: Vec<Option<Line<'d>>>,
}

impl<'d> SummaryReader<'d> {
    /// A reader for a document titled `title`, written in `language`.
    pub fn new(title: &str, language: Option<&str>) -> SummaryReader<'d> {
        let words = ContentWords::new(language);
        let title = words.set(title, &super::text::tokens(title));
        SummaryReader { words, openers: openers(language), title, lines: Vec::new() }
    }
}

impl<'d> SentenceReader<'d> for SummaryReader<'d> {
    type Output = Summary;

    fn sentence(&mut self, sentence: &Sentence<'d>) {
        if !matches!(sentence.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote) {
            if self.lines.last().is_some_and(Option::is_some) {
                self.lines.push(None);
            }
            return;
        }
        let (terms, plain, words) = self.terms(sentence);
        let refers_back = self.openers.refers_back(sentence);
        let complete = ends_sentence(sentence.text);
        self.lines.push(Some(Line {
            text: sentence.text,
            block: sentence.block,
            kind: sentence.kind,
            terms,
            plain,
            words,
            refers_back,
            complete,
        }));
    }

    fn finish(self) -> Summary {
        let scores = self.scores();
        let picked = self.pick(&scores);
        let mut ranked: Vec<usize> = (0..self.lines.len()).filter(|&i| scores[i] > 0.0).collect();
        ranked.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
        ranked.truncate(KEY_SENTENCES);
        ranked.sort_unstable();
        let line = |i: usize| self.lines[i].as_ref();
        Summary {
            sentences: picked.iter().filter_map(|&i| line(i)).map(|l| l.text.to_string()).collect(),
            key: ranked
                .iter()
                .filter_map(|&i| line(i))
                .map(|l| KeySentence { text: l.text.to_string(), terms: l.plain.clone() })
                .collect(),
        }
    }
}

impl SummaryReader<'_> {
    /// A sentence's distinct content terms, the same without names (see
    /// [`KeySentence::terms`]), both sorted, and its length in words, from
    /// one pass over its tokens. Leaving a name out changes no other word's
    /// term, except in unspaced scripts, where it joins the characters on
    /// either side into new pairs: only there are the terms without names
    /// read again from the tokens left.
    fn terms(&self, sentence: &Sentence<'_>) -> (Vec<TermId>, Vec<u32>, f32) {
        let tokens = &sentence.tokens;
        let named = |k: usize| k > 0 && tokens[k].shape.has(Shape::CAPITALISED);
        let mut terms = Vec::with_capacity(tokens.len());
        let mut plain: Vec<u32> = Vec::with_capacity(tokens.len());
        self.words.each(sentence.text, tokens, |id, _, k| {
            terms.push(id);
            if !named(k) {
                plain.push(id as u32);
            }
        });
        let (mut words, mut unspaced) = (0.0, false);
        for token in tokens.iter().filter(|t| t.kind != TokenKind::Punct) {
            let joined = sentence.text[token.start..].starts_with(super::text::is_unspaced);
            unspaced |= joined;
            words += if joined { 0.6 } else { 1.0 };
        }
        if unspaced && (1..tokens.len()).any(named) {
            let unnamed: Vec<Token> = tokens.iter().enumerate().filter(|&(k, _)| !named(k)).map(|(_, t)| *t).collect();
            plain = self.words.set(sentence.text, &unnamed).into_iter().map(|t| t as u32).collect();
        }
        terms.sort_unstable();
        terms.dedup();
        plain.sort_unstable();
        plain.dedup();
        (terms, plain, words)
    }

    /// The content terms of the document's running text with the number
    /// of sentences each occurs in (title words thrice), most frequent
    /// first, at most `limit`: what a story signature compares.
    pub fn term_counts(&self, limit: usize) -> Vec<(TermId, u16)> {
        let mut counts: super::hash::FastMap<TermId, u16> = super::hash::FastMap::default();
        for line in self.lines.iter().flatten() {
            for &t in &line.terms {
                *counts.entry(t).or_default() += 1;
            }
        }
        for &t in &self.title {
            *counts.entry(t).or_default() += 3;
        }
        let mut list: Vec<(TermId, u16)> = counts.into_iter().collect();
        list.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        list.truncate(limit);
        list
    }

    /// Each sentence's worth as a summary sentence (0 for those that cannot
    /// be one): half its place (the lead first), half its centrality.
    fn scores(&self) -> Vec<f32> {
        let mut frequency: super::hash::FastMap<TermId, f32> = super::hash::FastMap::default();
        for line in self.lines.iter().flatten() {
            for &t in &line.terms {
                *frequency.entry(t).or_default() += 1.0;
            }
        }
        for t in &self.title {
            *frequency.entry(*t).or_default() += TITLE_WEIGHT;
        }
        let punctuated = self.lines.iter().flatten().any(|l| l.complete);
        // Centrality: the cosine (up to a constant) between the sentence
        // and the rest of the document with its title.
        let central: Vec<f32> = self
            .lines
            .iter()
            .map(|line| match line {
                Some(l) if l.eligible(punctuated) => {
                    let sum: f32 = l.terms.iter().map(|t| frequency.get(t).copied().unwrap_or(1.0) - 1.0).sum();
                    sum / (l.terms.len() as f32).sqrt()
                }
                _ => 0.0,
            })
            .collect();
        let most = central.iter().copied().fold(f32::MIN_POSITIVE, f32::max);
        let mut rank = 0.0;
        self.lines
            .iter()
            .zip(&central)
            .map(|(line, &c)| match line {
                Some(l) if l.eligible(punctuated) => {
                    let place = 1.0 / (1.0 + rank / 2.0);
                    rank += 1.0;
                    (0.5 * place + 0.5 * c / most) * l.weight()
                }
                _ => 0.0,
            })
            .collect()
    }

    /// The summary's sentences (indices into `lines`), in document order.
    fn pick(&self, scores: &[f32]) -> Vec<usize> {
        let mut picked: Vec<usize> = Vec::new();
        let mut refused = vec![false; self.lines.len()];
        let words =
            |picked: &[usize]| picked.iter().filter_map(|&i| self.lines[i].as_ref()).map(|l| l.words).sum::<f32>();
        while picked.len() < MAX_SENTENCES {
            let Some(best) = self.best_next(scores, &picked, &refused) else { break };
            refused[best] = true;
            let mut adding = vec![best];
            if let Some(before) = self.needs_antecedent(best, &picked) {
                match before {
                    Some(antecedent) => adding.push(antecedent),
                    None => continue,
                }
            }
            let mut after: Vec<usize> = picked.iter().chain(&adding).copied().collect();
            after.sort_unstable();
            after.dedup();
            let within = if after.len() <= 2 { SECOND_WITHIN } else { THIRD_WITHIN };
            if !picked.is_empty() && (after.len() > MAX_SENTENCES || words(&after) > within) {
                continue;
            }
            picked = after;
        }
        if picked.is_empty() {
            // Nothing is long enough to stand alone: the opening sentences.
            picked = (0..self.lines.len()).filter(|&i| self.lines[i].is_some()).take(2).collect();
        }
        picked
    }

    /// The best sentence not yet tried, its score lowered by what it repeats.
    fn best_next(&self, scores: &[f32], picked: &[usize], refused: &[bool]) -> Option<usize> {
        let mut best: Option<(usize, f32)> = None;
        for (i, line) in self.lines.iter().enumerate() {
            let Some(line) = line.as_ref().filter(|_| scores[i] > 0.0 && !refused[i] && !picked.contains(&i)) else {
                continue;
            };
            let repeats = picked
                .iter()
                .filter_map(|&p| self.lines[p].as_ref())
                .map(|p| vocab::overlap(&line.terms, &p.terms))
                .fold(0.0, f32::max);
            if repeats > REDUNDANT {
                continue;
            }
            let value = scores[i] - REPEAT_COST * repeats;
            if best.is_none_or(|(_, v)| value > v) {
                best = Some((i, value));
            }
        }
        best.map(|(i, _)| i)
    }

    /// For a sentence that refers back: `Some(Some(i))` when sentence `i`
    /// must come along, `Some(None)` when it cannot be taken at all, `None`
    /// when it stands on its own (or its antecedent is already picked).
    fn needs_antecedent(&self, i: usize, picked: &[usize]) -> Option<Option<usize>> {
        let line = self.lines[i].as_ref()?;
        if !line.refers_back {
            return None;
        }
        let before = i.checked_sub(1);
        if before.is_some_and(|b| picked.contains(&b)) {
            return None;
        }
        let usable = before.filter(|&b| {
            self.lines[b].as_ref().is_some_and(|prev| {
                line.block - prev.block <= 1
                    && prev.words <= MAX_WORDS
                    && !prev.text.ends_with(':')
                    && (!prev.refers_back || b.checked_sub(1).is_some_and(|bb| picked.contains(&bb)))
            })
        });
        Some(usable)
    }
}

/// Whether `text` ends as a sentence does in any script: a full stop,
/// question or exclamation mark (Latin, CJK, Arabic, Devanagari, Ethiopic,
/// Myanmar), or an ellipsis, before any closing quotes and brackets.
fn ends_sentence(text: &str) -> bool {
    const CLOSING: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '」', '』', '）', '*', '_'];
    const TERMINAL: &[char] = &['.', '!', '?', '…', '。', '！', '？', '．', '؟', '۔', '।', '॥', '።', '။', '‽'];
    text.trim_end().trim_end_matches(CLOSING).ends_with(TERMINAL)
}

/// How much a title word counts towards centrality, in sentences.
const TITLE_WEIGHT: f32 = 2.0;

/// The words that, opening a sentence, point back to an earlier one in
/// one language: pronouns, demonstratives and connectives.
struct Openers {
    /// Single words (lowercase).
    words: &'static [&'static str],
    /// Openers of several words ("in addition", "as a result").
    phrases: &'static [&'static str],
    /// Openers of unspaced scripts, matched as prefixes.
    prefixes: &'static [&'static str],
}

impl Openers {
    fn refers_back(&self, sentence: &Sentence<'_>) -> bool {
        let text = sentence.text.trim_start_matches(|c: char| !c.is_alphanumeric());
        if self.prefixes.iter().any(|p| text.starts_with(p)) {
            return true;
        }
        let mut words = sentence.tokens.iter().filter(|t| t.kind == TokenKind::Word).map(|t| t.text(sentence.text));
        let Some(first) = words.next().map(str::to_lowercase) else { return false };
        let rest: Vec<String> = words.take(3).map(str::to_lowercase).collect();
        if DEMONSTRATIVES.contains(&first.as_str()) && rest.first().is_some_and(|w| TIME_WORDS.contains(&w.as_str())) {
            return false; // "This year, ...", "Cette année, ..."
        }
        let opening =
            std::iter::once(first.as_str()).chain(rest.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
        let opens_with =
            |phrase: &&str| opening.strip_prefix(phrase).is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
        self.words.contains(&first.as_str()) || self.phrases.iter().any(opens_with)
    }
}

/// Demonstratives that, before a word of time, point at the time of
/// writing rather than back.
const DEMONSTRATIVES: &[&str] = &[
    "this", "that", "these", "cette", "ce", "dieses", "diesem", "este", "esta", "este", "questo", "quest", "этом",
    "этот",
];
#[rustfmt::skip]
const TIME_WORDS: &[&str] = &[
    "year", "week", "month", "morning", "afternoon", "evening", "weekend", "spring", "summer", "autumn", "fall",
    "winter", "time", "quarter", "season", "année", "semaine", "mois", "matin", "soir", "jahr", "woche", "monat",
    "año", "semana", "mes", "ano", "anno", "settimana", "mese", "году", "год",
];

/// The openers of `language` (English when unknown or not listed).
fn openers(language: Option<&str>) -> &'static Openers {
    let code = language.unwrap_or("en");
    OPENERS.iter().find(|(c, _)| *c == code).map_or(&OPENERS[0].1, |(_, o)| o)
}

#[rustfmt::skip]
static OPENERS: &[(&str, Openers)] = &[
    ("en", Openers {
        words: &["he", "she", "it", "they", "his", "her", "its", "their", "him", "them", "this", "these", "those",
            "that", "such", "but", "however", "also", "and", "or", "so", "yet", "still", "instead", "moreover",
            "furthermore", "additionally", "nevertheless", "nonetheless", "therefore", "thus", "hence", "then",
            "meanwhile", "besides", "otherwise", "accordingly", "consequently", "likewise", "similarly", "there's"],
        phrases: &["in addition", "as a result", "at the same time", "by contrast", "on the other hand", "for example",
            "for instance", "even so", "that said", "despite this", "in turn", "after that", "because of this",
            "in response", "to this end", "in that case"],
        prefixes: &[],
    }),
    ("fr", Openers {
        words: &["il", "elle", "ils", "elles", "ce", "cette", "ces", "cela", "ça", "celui", "celle", "mais",
            "cependant", "toutefois", "pourtant", "néanmoins", "ainsi", "donc", "aussi", "lui", "leur", "leurs",
            "son", "sa", "ses"],
        phrases: &["en outre", "de plus", "par ailleurs", "en effet", "par conséquent"],
        prefixes: &[],
    }),
    ("de", Openers {
        words: &["er", "sie", "es", "dies", "diese", "dieser", "dieses", "dabei", "damit", "dazu", "deshalb",
            "daher", "trotzdem", "jedoch", "aber", "zudem", "außerdem", "allerdings", "auch", "sein", "seine",
            "ihr", "ihre"],
        phrases: &[],
        prefixes: &[],
    }),
    ("es", Openers {
        words: &["él", "ella", "ellos", "ellas", "esto", "este", "esta", "estos", "estas", "eso", "esa", "ese",
            "pero", "además", "también", "asimismo", "así", "su", "sus"],
        phrases: &["sin embargo", "por eso", "por lo tanto", "por ello"],
        prefixes: &[],
    }),
    ("pt", Openers {
        words: &["ele", "ela", "eles", "elas", "isso", "isto", "este", "esta", "esse", "essa", "mas", "porém",
            "contudo", "também", "seu", "sua"],
        phrases: &["além disso", "por isso"],
        prefixes: &[],
    }),
    ("it", Openers {
        words: &["lui", "lei", "loro", "egli", "esso", "essa", "questo", "questa", "questi", "ciò", "ma",
            "tuttavia", "inoltre", "anche", "però", "suo", "sua"],
        phrases: &[],
        prefixes: &[],
    }),
    ("nl", Openers {
        words: &["hij", "zij", "ze", "dit", "deze", "maar", "echter", "ook", "bovendien", "daarom", "zijn", "haar"],
        phrases: &[],
        prefixes: &[],
    }),
    ("ru", Openers {
        words: &["он", "она", "оно", "они", "это", "этот", "эта", "эти", "его", "её", "их", "но", "однако", "также",
            "кроме", "поэтому"],
        phrases: &["при этом", "тем не менее"],
        prefixes: &[],
    }),
    ("zh", Openers {
        words: &[],
        phrases: &[],
        prefixes: &["他", "她", "它", "这", "此", "该", "其", "但", "然而", "不过", "此外", "同时", "因此", "而且", "另外", "并且"],
    }),
    ("ja", Openers {
        words: &[],
        phrases: &[],
        prefixes: &["彼", "これ", "それ", "この", "その", "しかし", "また", "さらに", "一方", "だが"],
    }),
    ("ko", Openers {
        words: &["그는", "그녀는", "그들은", "이는", "그러나", "하지만", "또한"],
        phrases: &[],
        prefixes: &[],
    }),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::text;

    fn summarise(title: &str, language: &str, markdown: &str) -> Summary {
        let blocks = text::blocks(markdown);
        text::read(&blocks, SummaryReader::new(title, Some(language)))
    }

    fn summary(title: &str, markdown: &str) -> Vec<String> {
        summarise(title, "en", markdown).sentences
    }

    #[test]
    fn the_lead_of_a_news_report_opens_its_summary() {
        let md = "Russia's president ordered a national language model on Thursday in Moscow.\n\n\
                  Officials in Moscow will fund the model with state money over five years.\n\n\
                  The weather in the capital was mild and sunny for most of the week.\n\n\
                  Analysts expect the national language model to reach schools by next spring.";
        let s = summary("Russia orders a national language model", md);
        assert_eq!(s[0], "Russia's president ordered a national language model on Thursday in Moscow.");
        assert!(!s.iter().any(|x| x.contains("weather")), "{s:?}");
        assert!((2..=3).contains(&s.len()), "{s:?}");
    }

    /// A report whose most central sentence opens with "He"; its
    /// antecedent is too short to be chosen on its own.
    fn pronoun_report(antecedent: &str) -> String {
        format!(
            "Markets were calm in Asia on Monday as traders waited for news.\n\n\
             {antecedent} He said state language models decide the sovereignty and security of Russia.\n\n\
             State language models need data, and Russian language models need chips for security.\n\n\
             Officials said language models and sovereignty top the agenda of Russia."
        )
    }

    #[test]
    fn a_sentence_that_refers_back_comes_with_its_antecedent() {
        let s =
            summary("Putin: language models decide Russia's sovereignty", &pronoun_report("Putin spoke on Monday."));
        let he = s.iter().position(|x| x.starts_with("He said")).expect("the central sentence is chosen");
        assert_eq!(s[he - 1], "Putin spoke on Monday.", "{s:?}");
    }

    #[test]
    fn a_sentence_whose_antecedent_cannot_come_is_not_chosen() {
        // An antecedent too long to quote whole.
        let rambling = format!("Putin spoke on Monday {}in Moscow.", "and then spoke again ".repeat(15));
        let s = summary("Putin: language models decide Russia's sovereignty", &pronoun_report(&rambling));
        assert!(!s.iter().any(|x| x.starts_with("He said")), "{s:?}");
        assert!(s.len() >= 2, "{s:?}");
    }

    #[test]
    fn a_reference_after_a_heading_has_no_antecedent_and_is_not_chosen() {
        let md = "Officials approved the regional water budget for the coming decade on Tuesday.\n\n\
                  ## Reaction\n\n\
                  They said the regional water budget protects farmers and the regional water supply.\n\n\
                  Farmers in the valley welcomed the water budget at a meeting on Wednesday evening.";
        let s = summary("Regional water budget approved", md);
        assert!(!s.iter().any(|x| x.starts_with("They said")), "{s:?}");
        assert!(!s.is_empty());
    }

    #[test]
    fn sentences_that_repeat_one_already_picked_are_skipped() {
        let md = "The central bank raised interest rates to five percent on Thursday.\n\n\
                  On Thursday the central bank raised interest rates to five percent.\n\n\
                  Mortgage lenders said monthly payments would climb for millions of households.";
        let s = summary("Central bank raises interest rates", md);
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(s[1].starts_with("Mortgage lenders"), "{s:?}");
    }

    #[test]
    fn summaries_stay_short_and_skip_lead_ins_and_headings() {
        let long = format!("{} end.", "word and more words ".repeat(20));
        let md = format!(
            "# A heading that is long enough to be a sentence on its own\n\n\
             The council passed the budget after a long debate on Tuesday night.\n\n\
             The main measures include:\n\n- more buses\n- fewer cars\n\n{long}\n\n\
             The mayor said the budget would pay for new buses and cleaner streets."
        );
        let s = summary("Council passes budget", &md);
        assert!(!s.iter().any(|x| x.ends_with(':') || x.contains("heading") || x == &long), "{s:?}");
        let words: usize = s.iter().map(|x| x.split_whitespace().count()).sum();
        assert!(words <= SECOND_WITHIN as usize, "{words}");
    }

    #[test]
    fn unspaced_scripts_are_summarised_by_characters() {
        let md = "俄罗斯总统普京四月十日主持人工智能会议，要求建设自主的大型语言模型。\
                  他说语言模型关系到国家主权和安全。\
                  天气晴朗。";
        let s = summarise("普京要求建设自主语言模型", "zh", md).sentences;
        assert_eq!(s[0], "俄罗斯总统普京四月十日主持人工智能会议，要求建设自主的大型语言模型。");
        assert!(!s.iter().any(|x| x == "天气晴朗。"), "{s:?}");
    }

    #[test]
    fn key_sentences_carry_their_terms_in_document_order() {
        let md = "The council passed the budget after a long debate on Tuesday night.\n\n\
                  The mayor said the budget would pay for new buses and cleaner streets.";
        let summary = summarise("Council passes budget", "en", md);
        assert_eq!(summary.key.len(), 2);
        assert!(summary.key[0].text.starts_with("The council"));
        assert!(summary.key[0].terms.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn terms_without_names_are_those_of_the_words_left_when_names_are_dropped() {
        let reader = SummaryReader::new("", Some("en"));
        for text in ["Farmers said Acme Bank lent them money.", "中国Acme公司发布新模型。", "他说Acme很好。"]
        {
            let tokens = text::tokens(text);
            let sentence = Sentence { block: 0, kind: BlockKind::Paragraph, text, offset: 0, tokens: tokens.clone() };
            let unnamed: Vec<Token> = tokens
                .iter()
                .enumerate()
                .filter(|(k, t)| *k == 0 || !t.shape.has(Shape::CAPITALISED))
                .map(|(_, t)| *t)
                .collect();
            let mut expected: Vec<u32> = reader.words.set(text, &unnamed).into_iter().map(|t| t as u32).collect();
            expected.sort_unstable();
            expected.dedup();
            let (terms, plain, _) = reader.terms(&sentence);
            assert_eq!(plain, expected, "{text}");
            assert_eq!(terms, reader.words.set(text, &tokens), "{text}");
        }
    }

    #[test]
    fn term_counts_favour_the_title_and_repeated_words() {
        let md = "Officials approved the water budget. The water budget helps farmers.";
        let blocks = text::blocks(md);
        let mut reader = SummaryReader::new("Water budget approved", Some("en"));
        for sentence in text::document_sentences(&blocks) {
            reader.sentence(&sentence);
        }
        let counts = reader.term_counts(2);
        let words = ContentWords::new(Some("en"));
        let water = words.set("water", &text::tokens("water"))[0];
        let budget = words.set("budget", &text::tokens("budget"))[0];
        assert_eq!(counts.len(), 2);
        assert!(counts.iter().all(|&(t, n)| (t == water || t == budget) && n == 5), "{counts:?}");
    }

    #[test]
    fn a_line_without_a_full_stop_is_no_summary_sentence_where_the_text_has_them() {
        let md = "Ministers agree a new national water budget for farmers\n\n## Key point\n\n\
                  Ministers approved the national water budget for farmers on Monday after long talks. \
                  The budget doubles the money for irrigation in dry regions.";
        let s = summary("Water budget approved", md);
        assert_eq!(s[0], "Ministers approved the national water budget for farmers on Monday after long talks.");
        assert!(!s.iter().any(|x| x.starts_with("Ministers agree")), "{s:?}");
        let unpunctuated = "ministers approved the national water budget for farmers on monday\n\n\
                            the budget doubles the money for irrigation in dry regions";
        assert!(!summary("Water budget", unpunctuated).is_empty());
    }

    #[test]
    fn sentences_end_with_terminal_marks_of_any_script_before_closing_quotes() {
        for text in ["He left.", "“Go now!”", "Is it (really)?", "他走了。", "هل ذهب؟", "वह गया।", "Wait…"]
        {
            assert!(ends_sentence(text), "{text}");
        }
        for text in ["A subtitle without a stop", "Lead-in:", "Dr"] {
            assert!(!ends_sentence(text), "{text}");
        }
    }

    #[test]
    fn short_documents_still_get_their_opening() {
        assert_eq!(summary("Note", "Short one. Another."), ["Short one.", "Another."]);
        assert!(summary("Nothing", "# Only a heading").is_empty());
    }

    #[test]
    fn time_phrases_are_not_references() {
        let openers = openers(Some("en"));
        let s = |t: &'static str| Sentence {
            block: 0,
            kind: BlockKind::Paragraph,
            text: t,
            offset: 0,
            tokens: text::tokens(t),
        };
        assert!(!openers.refers_back(&s("This year, sales rose.")));
        assert!(openers.refers_back(&s("This decision angered many.")));
        assert!(openers.refers_back(&s("“He left,” she said.")));
        assert!(openers.refers_back(&s("In addition, prices rose.")));
        assert!(openers.refers_back(&s("At the same time, prices rose.")));
        assert!(!openers.refers_back(&s("At the meeting, Putin spoke.")));
    }
}
