//! What a searchable "word" is: text to index terms.
//!
//! This is the one definition, and `themes/default/static/search.js` mirrors
//! it step for step for queries (the browser test `tests/search_browser.rs`
//! feeds both the same text and compares). Change one, change the other.
//!
//! 1. A run of letters, digits and marks (Unicode Alphabetic, N, M) is cut
//!    where an unspaced script (Han, kana, Hangul, Thai, Lao, Khmer,
//!    Myanmar; by block) starts or stops.
//! 2. Every piece is NFKC-normalised and lowercased; then diacritics are
//!    folded in the Latin, Greek, Cyrillic, Hebrew and Arabic blocks
//!    ("Café" → "cafe", "ё" → "е"), where readers often leave them out.
//!    Elsewhere marks carry meaning (Devanagari vowel signs) and stay.
//! 3. A spaced piece of 2 to 40 characters is a [`Piece::Word`]; an
//!    unspaced run becomes overlapping character bigrams
//!    ([`Piece::Gram`]; a one-character run stays whole), so Chinese or
//!    Japanese is found without a dictionary.
//!
//! Words are then stemmed per document language ([`Language`]); the index
//! stores stems, and a map from each word form to its stems, so the browser
//! needs no stemmer.

use rust_stemmers::Stemmer;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Spaced words shorter or longer than this (in characters) are not indexed.
pub const MIN_WORD_CHARS: usize = 2;
/// See [`MIN_WORD_CHARS`]; longer "words" are hashes, URLs and junk.
pub const MAX_WORD_CHARS: usize = 40;

/// One indexable piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A word of a spaced script.
    Word {
        /// Lowercased, not folded: what stemmers expect.
        lower: &'a str,
        /// Lowercased and folded: the key a query for this word looks up.
        form: &'a str,
    },
    /// A character bigram (or single character) of an unspaced script.
    Gram(&'a str),
}

/// Calls `f` with every piece of `text`, in order.
///
/// Most text is ASCII, so runs are found byte by byte and a char is only
/// decoded at a non-ASCII byte; an all-ASCII word skips normalisation and
/// folding, which cannot change it. (The scanners repeat `class`'s
/// ASCII rule inline: decoding every byte as a char through it made the
/// index build about a tenth slower.)
pub fn for_each_piece(text: &str, mut f: impl FnMut(Piece)) {
    let mut lower = String::new();
    let mut form = String::new();
    let mut from = 0;
    while let Some((start, class)) = next_run(text, from) {
        let (end, ascii) = run_end(text, start, class);
        let raw = &text[start..end];
        match class {
            Class::Spaced if ascii => ascii_word(raw, &mut lower, &mut f),
            Class::Spaced => word(raw, &mut lower, &mut form, &mut f),
            Class::Unspaced => grams(raw, &mut lower, &mut f),
        }
        from = end;
    }
}

/// Where the next run at or after byte `from` starts, and its class.
fn next_run(text: &str, from: usize) -> Option<(usize, Class)> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            if bytes[i].is_ascii_alphanumeric() {
                return Some((i, Class::Spaced));
            }
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        if let Some(class) = class(c) {
            return Some((i, class));
        }
        i += c.len_utf8();
    }
    None
}

/// Where the run of class `run` starting at `start` ends, and whether it
/// is all ASCII.
fn run_end(text: &str, start: usize, run: Class) -> (usize, bool) {
    let bytes = text.as_bytes();
    let (mut i, mut ascii) = (start, true);
    while i < bytes.len() {
        if bytes[i].is_ascii() {
            if run == Class::Spaced && bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            break;
        }
        let c = char_at(text, i);
        if class(c) != Some(run) {
            break;
        }
        ascii = false;
        i += c.len_utf8();
    }
    (i, ascii)
}

/// The char starting at byte `i` of `text` (a char boundary).
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// What a character is part of: a word of a spaced script, a run of an
/// unspaced one, or neither (`None`: spaces, punctuation, symbols).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Spaced,
    Unspaced,
}

fn class(c: char) -> Option<Class> {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric().then_some(Class::Spaced);
    }
    if !(c.is_alphanumeric() || is_combining_mark(c)) {
        return None;
    }
    Some(if is_unspaced(c) { Class::Unspaced } else { Class::Spaced })
}

/// Han, kana, Hangul, Thai, Lao, Khmer and Myanmar, by block: the same
/// ranges as `UNSPACED` in search.js.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}' | '\u{1000}'..='\u{109F}' | '\u{1100}'..='\u{11FF}' | '\u{1780}'..='\u{17FF}'
        | '\u{19E0}'..='\u{19FF}' | '\u{2E80}'..='\u{2FDF}' | '\u{3005}'..='\u{3007}' | '\u{3021}'..='\u{3029}'
        | '\u{3031}'..='\u{3035}' | '\u{3040}'..='\u{30FF}' | '\u{3130}'..='\u{318F}' | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{A960}'..='\u{A97F}' | '\u{A9E0}'..='\u{A9FF}'
        | '\u{AA60}'..='\u{AA7F}' | '\u{AC00}'..='\u{D7FF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FFDC}'
        | '\u{20000}'..='\u{3134F}')
}

/// An all-ASCII word: NFKC, lowercasing and folding come to
/// `make_ascii_lowercase`, and its form is its lowercase.
fn ascii_word(raw: &str, lower: &mut String, f: &mut impl FnMut(Piece)) {
    if !(MIN_WORD_CHARS..=MAX_WORD_CHARS).contains(&raw.len()) {
        return;
    }
    lower.clear();
    lower.push_str(raw);
    lower.make_ascii_lowercase();
    f(Piece::Word { lower, form: lower });
}

fn word(raw: &str, lower: &mut String, form: &mut String, f: &mut impl FnMut(Piece)) {
    lowercase(raw, lower);
    let chars = if lower.is_ascii() { lower.len() } else { lower.chars().count() };
    if !(MIN_WORD_CHARS..=MAX_WORD_CHARS).contains(&chars) {
        return;
    }
    form.clear();
    form.push_str(&fold(lower));
    f(Piece::Word { lower, form });
}

fn grams(raw: &str, lower: &mut String, f: &mut impl FnMut(Piece)) {
    lowercase(raw, lower);
    let folded = fold(lower);
    let starts: Vec<usize> = folded.char_indices().map(|(i, _)| i).chain([folded.len()]).collect();
    if starts.len() <= 3 {
        f(Piece::Gram(&folded));
        return;
    }
    for w in starts.windows(3) {
        f(Piece::Gram(&folded[w[0]..w[2]]));
    }
}

/// NFKC and lowercase into `out` (ASCII, the common case, takes a shortcut
/// that gives the same result).
fn lowercase(raw: &str, out: &mut String) {
    out.clear();
    if raw.is_ascii() {
        out.push_str(raw);
        out.make_ascii_lowercase();
    } else {
        let nfkc: String = raw.nfkc().collect();
        out.push_str(&nfkc.to_lowercase());
    }
}

/// Drops the combining marks that follow a base letter in a block where
/// diacritics are optional for readers (see the module docs).
pub fn fold(lower: &str) -> Cow<'_, str> {
    if lower.is_ascii() {
        return Cow::Borrowed(lower);
    }
    let mut kept = String::with_capacity(lower.len());
    let mut foldable_base = false;
    for c in lower.nfd() {
        if is_combining_mark(c) {
            if !foldable_base {
                kept.push(c);
            }
        } else {
            foldable_base = folds_marks(c);
            kept.push(c);
        }
    }
    Cow::Owned(kept.nfc().collect())
}

/// Latin, Greek, Cyrillic, Hebrew, Arabic (and the Latin/Greek extended blocks).
fn folds_marks(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{52F}' | '\u{590}'..='\u{6FF}' | '\u{1E00}'..='\u{1FFF}')
}

/// How words of one language are indexed: by its stemmer.
///
/// Every word is indexed, stopwords too: the ISO stopword lists used for
/// cleaning hold words people search for ("computer", "million"), and a
/// word in most items costs about two bytes per item while its low idf
/// keeps it from deciding a ranking.
pub struct Language {
    stemmer: Option<Stemmer>,
}

impl Language {
    /// The rules for ISO 639-1 `code` (a BCP 47 tag's first subtag is
    /// used). Without a known stemmer words are indexed as they are.
    pub fn new(code: &str) -> Language {
        let primary = code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        Language { stemmer: crate::clean::lang::snowball(&primary).map(Stemmer::create) }
    }

    /// The index term of a word: its stem, folded. Words with digits are
    /// kept whole ("5g", "2030").
    pub fn stem(&self, lower: &str) -> String {
        match &self.stemmer {
            Some(stemmer) if !lower.chars().any(|c| c.is_numeric()) => fold(&stemmer.stem(lower)).into_owned(),
            _ => fold(lower).into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pieces as strings: words by their form, grams with a `~`.
    fn pieces(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        for_each_piece(text, |p| match p {
            Piece::Word { form, .. } => out.push(form.to_string()),
            Piece::Gram(g) => out.push(format!("~{g}")),
        });
        out
    }

    /// The definition as the module docs state it, one char at a time
    /// with no shortcut: what the fast scanner must agree with.
    fn pieces_char_by_char(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let (mut lower, mut form) = (String::new(), String::new());
        let mut f = |p: Piece| match p {
            Piece::Word { form, .. } => out.push(form.to_string()),
            Piece::Gram(g) => out.push(format!("~{g}")),
        };
        let mut run: Option<(usize, Class)> = None;
        let ends = text.char_indices().map(|(i, c)| (i, class(c))).chain([(text.len(), None)]);
        for (i, class) in ends {
            if let Some((start, current)) = run {
                if class == Some(current) {
                    continue;
                }
                match current {
                    Class::Spaced => word(&text[start..i], &mut lower, &mut form, &mut f),
                    Class::Unspaced => grams(&text[start..i], &mut lower, &mut f),
                }
            }
            run = class.map(|k| (i, k));
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_fast_scanner_agrees_with_the_definition(
            text in "([a-zA-Z0-9]{1,6}|[ .,'-]|[éÀßÉ]|[ёЖи]|[人工智能]|[コー]|[कि]|\\PC){0,40}"
        ) {
            proptest::prop_assert_eq!(pieces(&text), pieces_char_by_char(&text));
        }
    }

    #[test]
    fn latin_words_are_lowercased_and_diacritics_folded() {
        assert_eq!(
            pieces("Café CRÈME, naïve Zoë! Ångström-Straße"),
            ["cafe", "creme", "naive", "zoe", "angstrom", "straße"]
        );
    }

    #[test]
    fn compatibility_forms_are_normalised() {
        assert_eq!(pieces("ＡＩ ﬁnance"), ["ai", "finance"]);
    }

    #[test]
    fn cyrillic_is_lowercased_and_yo_folds_to_ye() {
        assert_eq!(pieces("Путин ВСТРЕТИЛСЯ с Ёлкиным"), ["путин", "встретился", "елкиным"]);
    }

    #[test]
    fn cjk_runs_become_bigrams_and_latin_inside_stays_a_word() {
        assert_eq!(pieces("人工智能AI模型"), ["~人工", "~工智", "~智能", "ai", "~模型"]);
        assert_eq!(pieces("中 国"), ["~中", "~国"]);
    }

    #[test]
    fn japanese_long_vowel_mark_stays_inside_the_run() {
        assert_eq!(pieces("コーヒー"), ["~コー", "~ーヒ", "~ヒー"]);
    }

    #[test]
    fn marks_outside_the_folded_blocks_are_kept() {
        // Devanagari vowel signs are marks that change the word.
        assert_eq!(pieces("किताब"), ["किताब"]);
    }

    #[test]
    fn single_letters_and_overlong_runs_are_skipped() {
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(pieces(&format!("a I {long} ok")), ["ok"]);
    }

    #[test]
    fn punctuation_and_symbols_split_words() {
        assert_eq!(pieces("state-owned (AI) e-mail: o'brien"), ["state", "owned", "ai", "mail", "brien"]);
    }

    #[test]
    fn english_words_are_stemmed_and_numbers_kept_whole() {
        let en = Language::new("en");
        assert_eq!(en.stem("reported"), "report");
        assert_eq!(en.stem("reports"), "report");
        assert_eq!(en.stem("2030"), "2030");
    }

    #[test]
    fn russian_is_stemmed_before_folding() {
        let ru = Language::new("ru");
        assert_eq!(ru.stem("модели"), ru.stem("модель"));
        // "й" is stemmed as itself, then folded like the query will be.
        assert_eq!(ru.stem("новый"), fold(&Stemmer::create(rust_stemmers::Algorithm::Russian).stem("новый")));
    }

    #[test]
    fn region_subtags_pick_the_language_and_unknown_languages_do_not_stem() {
        assert_eq!(Language::new("de-AT").stem("berichten"), Language::new("de").stem("berichten"));
        assert_eq!(Language::new("xx").stem("running"), "running");
        assert_eq!(Language::new("").stem("Café".to_lowercase().as_str()), "cafe");
    }
}
