//! The content words of a sentence as numbers, for telling how much two
//! sentences or two documents say the same (summaries, stories): stems of
//! the words that are not stopwords, numbers, and pairs of characters in
//! scripts written without spaces (where a pair is closer to a word than a
//! single character is). An id is a hash of the stem, the same in every
//! document and every build, so documents read apart can be compared.
//!
//! A word's id is a pure function of the word as written and the language,
//! so each thread that reads documents remembers the ids it has made (per
//! language, bounded like [`super::stems`]): most words recur from one
//! document to the next, and a lookup costs far less than lowercasing,
//! checking the stopwords and stemming again.

use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::BuildHasher;

use super::hash::{FastHasher, WordMap};
use super::stems::Stems;
use super::text::{self, Token, TokenKind};

/// A content word, by the hash of its stem.
pub type TermId = u64;

/// Words whose ids are remembered per language and thread before starting
/// afresh.
const REMEMBERED: usize = 200_000;

/// Word as written → its id (`None`: a stopword or too short).
type Seen = WordMap<Box<str>, Option<TermId>>;

thread_local! {
    /// Per language code: the words seen.
    static MEMORY: RefCell<Vec<(Box<str>, Seen)>> = const { RefCell::new(Vec::new()) };
}

/// Turns a document's sentences into term ids, in one language.
pub struct ContentWords {
    code: Box<str>,
    stems: Stems,
    stopwords: &'static HashSet<String>,
}

impl ContentWords {
    /// For a document in `language` (ISO 639-1; English rules when unknown).
    pub fn new(language: Option<&str>) -> ContentWords {
        let code = language.unwrap_or("en");
        ContentWords {
            code: code.into(),
            stems: Stems::new(Some(code)),
            stopwords: crate::clean::lang::stopwords(code),
        }
    }

    /// Calls `f` with each content term of the sentence `text` (tokenised
    /// as `tokens`), the word as written and the index of its (first)
    /// token, in order. `f` must not read terms itself.
    pub fn each(&self, text: &str, tokens: &[Token], mut f: impl FnMut(TermId, &str, usize)) {
        MEMORY.with_borrow_mut(|memory| {
            let slot = match memory.iter().position(|(code, _)| *code == self.code) {
                Some(slot) => slot,
                None => {
                    memory.push((self.code.clone(), WordMap::default()));
                    memory.len() - 1
                }
            };
            self.each_with(&mut memory[slot].1, text, tokens, &mut f);
        });
    }

    fn each_with(&self, seen: &mut Seen, text: &str, tokens: &[Token], f: &mut impl FnMut(TermId, &str, usize)) {
        let mut k = 0;
        while k < tokens.len() {
            let token = &tokens[k];
            let word = token.text(text);
            match token.kind {
                TokenKind::Word if word.chars().next().is_some_and(text::is_unspaced) => {
                    // A run of characters of an unspaced script: its pairs.
                    let run = tokens[k..]
                        .iter()
                        .take_while(|t| t.kind == TokenKind::Word && t.text(text).chars().all(text::is_unspaced))
                        .count();
                    let chars = &tokens[k..k + run];
                    if run == 1 {
                        f(hash(word), word, k);
                    }
                    for (i, pair) in chars.windows(2).enumerate() {
                        let both = &text[pair[0].start..pair[1].end];
                        f(hash(both), both, k + i);
                    }
                    k += run;
                    continue;
                }
                TokenKind::Word => {
                    if let Some(id) = self.word(seen, word) {
                        f(id, word, k);
                    }
                }
                TokenKind::Number if word.len() >= 2 => f(number_hash(word), word, k),
                _ => {}
            }
            k += 1;
        }
    }

    /// The distinct content terms of a sentence, sorted (for set overlaps).
    pub fn set(&self, text: &str, tokens: &[Token]) -> Vec<TermId> {
        let mut ids = Vec::with_capacity(tokens.len());
        self.each(text, tokens, |id, _, _| ids.push(id));
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The id of a word as written, from the thread's memory `seen` when
    /// it is there.
    fn word(&self, seen: &mut Seen, word: &str) -> Option<TermId> {
        if let Some(&id) = seen.get(word) {
            return id;
        }
        let lower = text::lowercase(word);
        let content = lower.chars().nth(1).is_some() && !self.stopwords.contains(lower.as_ref());
        let id = content.then(|| self.stems.with(&lower, hash));
        if seen.len() >= REMEMBERED {
            seen.clear();
        }
        seen.insert(word.into(), id);
        id
    }
}

/// The id of a stem.
fn hash(stem: &str) -> TermId {
    std::hash::BuildHasherDefault::<FastHasher>::default().hash_one(stem)
}

/// The id of a number: the hash of "#" and its digits, written into a
/// buffer on the stack when it fits (numbers are short) rather than into a
/// new string.
fn number_hash(number: &str) -> TermId {
    let mut buffer = [b'#'; 32];
    match buffer.get_mut(1..=number.len()) {
        Some(digits) => {
            digits.copy_from_slice(number.as_bytes());
            hash(std::str::from_utf8(&buffer[..=number.len()]).unwrap_or(number))
        }
        None => hash(&format!("#{number}")),
    }
}

/// How much of the smaller of two sorted sets the other holds (0 to 1):
/// a short sentence restated inside a long one counts as the same.
pub fn overlap<T: Ord>(a: &[T], b: &[T]) -> f32 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    shared(a, b) as f32 / smaller as f32
}

/// How many items two sorted sets share.
pub fn shared<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: &str, text: &str) -> Vec<String> {
        let words = ContentWords::new(Some(language));
        let mut out = Vec::new();
        words.each(text, &text::tokens(text), |_, w, _| out.push(w.to_string()));
        out
    }

    #[test]
    fn stopwords_and_single_letters_are_not_content() {
        assert_eq!(
            terms("en", "The models of a Russian bank, 257 rubles, 5 x."),
            ["models", "Russian", "bank", "257", "rubles"]
        );
    }

    #[test]
    fn variants_share_a_stem_id() {
        let words = ContentWords::new(Some("en"));
        let a = words.set("language models", &text::tokens("language models"));
        let b = words.set("Language model", &text::tokens("Language model"));
        assert_eq!(a, b);
    }

    #[test]
    fn unspaced_scripts_give_character_pairs() {
        assert_eq!(terms("zh", "普京讲话"), ["普京", "京讲", "讲话"]);
    }

    #[test]
    fn a_number_is_the_hash_of_its_digits_after_a_hash_sign() {
        assert_eq!(number_hash("257"), hash("#257"));
        let long = "1".repeat(40);
        assert_eq!(number_hash(&long), hash(&format!("#{long}")));
    }

    #[test]
    fn overlap_is_relative_to_the_smaller_set() {
        assert_eq!(overlap(&[1, 2, 3], &[2, 3, 4, 5, 6]), 2.0 / 3.0);
        assert_eq!(overlap::<u64>(&[], &[1]), 0.0);
        assert_eq!(shared(&[1, 3, 5], &[1, 2, 5]), 2);
    }
}
