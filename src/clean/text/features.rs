//! Shallow text features of a line, the signals boilerpipe and jusText
//! found to tell prose from page furniture without any markup: how long it
//! is, how much of it is function words, how it ends.
//!
//! Length is counted in "Latin letter equivalents" so that one threshold
//! fits every script: a Chinese or Japanese character carries about as much
//! as three Latin letters, a Hangul syllable about two.

use super::language::Language;

/// How a line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// With a sentence's full stop, question or exclamation mark.
    Sentence,
    /// With a colon: a lead-in to what follows.
    Colon,
    /// With an ellipsis right after a word: text cut short.
    Ellipsis,
    /// With anything else (a word, a number, a comma): a label or headline.
    Open,
}

/// What is measured of one line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    /// Length in Latin letter equivalents (spaces not counted).
    pub weight: usize,
    /// Words (a Chinese or Japanese character counts as half a word).
    pub words: usize,
    /// Share of the words that are stopwords of the dump's language.
    pub stop_density: f32,
    /// How the line ends.
    pub ending: Ending,
    /// Share of the characters (spaces aside) that are letters.
    pub letter_share: f32,
    /// Sentence-ending marks followed by more text: sentences beyond the first.
    pub inner_sentences: usize,
}

impl Features {
    /// Measures `text` in `language`.
    pub fn of(text: &str, language: &Language) -> Features {
        let (words, stops) = count_words(text, language);
        let Counts { weight, chars, letters, inner_sentences } =
            if text.is_ascii() { Counts::of_ascii(text) } else { Counts::of_chars(text) };
        Features {
            weight,
            words: words.div_ceil(2),
            stop_density: if words == 0 { 0.0 } else { stops as f32 / words as f32 },
            ending: ending(text),
            letter_share: letters as f32 / chars.max(1) as f32,
            inner_sentences,
        }
    }
}

/// Counts of a line's characters.
#[derive(Debug, Default, PartialEq, Eq)]
struct Counts {
    /// Length in Latin letter equivalents.
    weight: usize,
    /// Characters other than spaces.
    chars: usize,
    /// Letters.
    letters: usize,
    /// Sentence ends followed by more text.
    inner_sentences: usize,
}

impl Counts {
    fn of_chars(text: &str) -> Counts {
        let mut counts = Counts::default();
        let mut iter = text.chars().peekable();
        while let Some(c) = iter.next() {
            counts.weight += char_weight(c);
            counts.chars += usize::from(!c.is_whitespace());
            counts.letters += usize::from(c.is_alphabetic());
            counts.inner_sentences += usize::from(ends_inner_sentence(c, iter.peek().copied()));
        }
        counts
    }

    /// [`Counts::of_chars`] for ASCII text, byte by byte (several times
    /// faster): an ASCII character weighs one unless it is a space.
    fn of_ascii(text: &str) -> Counts {
        let mut counts = Counts::default();
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let seen = usize::from(!matches!(b, b'\t'..=b'\r' | b' '));
            counts.weight += seen;
            counts.chars += seen;
            counts.letters += usize::from(b.is_ascii_alphabetic());
            counts.inner_sentences += usize::from(matches!(b, b'.' | b'!' | b'?') && bytes.get(i + 1) == Some(&b' '));
        }
        counts
    }
}

/// What `c` adds to a line's length in Latin letter equivalents.
fn char_weight(c: char) -> usize {
    match Script::of(c) {
        Script::Ideographic => 3,
        Script::Hangul => 2,
        Script::Other if c.is_whitespace() => 0,
        Script::Other => 1,
    }
}

/// Scripts whose characters weigh more than a Latin letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Chinese characters and Japanese kana: words without spaces.
    Ideographic,
    /// Korean syllables.
    Hangul,
    /// Everything else.
    Other,
}

impl Script {
    /// The script of `c`.
    pub fn of(c: char) -> Script {
        match c as u32 {
            0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => {
                Script::Ideographic
            }
            0xFF66..=0xFF9D | 0x20000..=0x2FA1F => Script::Ideographic,
            0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F => Script::Hangul,
            _ => Script::Other,
        }
    }
}

/// Words and stopwords in `text`, both doubled (so that an ideographic
/// character can count as half a word in whole numbers).
fn count_words(text: &str, language: &Language) -> (usize, usize) {
    let mut words = 0;
    let mut stops = 0;
    let mut lower = String::new();
    for token in text.split_whitespace() {
        let token = token.trim_matches(|c: char| !c.is_alphanumeric());
        if token.is_ascii() {
            // No ideographs, nothing to lowercase beyond ASCII.
            if token.bytes().any(|b| b.is_ascii_alphabetic()) {
                words += 2;
                lower.clear();
                lower.extend(token.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                stops += 2 * usize::from(language.is_stopword(&lower));
            }
            continue;
        }
        if !token.chars().any(char::is_alphabetic) {
            continue;
        }
        let mut rest_is_word = false;
        for c in token.chars() {
            if Script::of(c) == Script::Ideographic {
                words += 1;
                if language.unspaced && language.is_stopword(c.encode_utf8(&mut [0; 4])) {
                    stops += 1;
                }
            } else {
                rest_is_word = true;
            }
        }
        if rest_is_word {
            words += 2;
            lower.clear();
            if token.is_ascii() {
                lower.extend(token.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                lower.extend(token.chars().flat_map(char::to_lowercase).map(|c| if c == '’' { '\'' } else { c }));
            }
            if language.is_stopword(&lower) {
                stops += 2;
            }
        }
    }
    (words, stops)
}

/// Closing marks that may follow a sentence's last punctuation.
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '」', '』', '》', '）', '】', '*', '_'];

fn ending(text: &str) -> Ending {
    let core = text.trim_end_matches(CLOSERS);
    if core.ends_with("...") || core.ends_with('…') {
        let before = core.trim_end_matches(['.', '…']).chars().next_back();
        return if before.is_some_and(char::is_alphanumeric) { Ending::Ellipsis } else { Ending::Sentence };
    }
    match core.chars().next_back() {
        Some('.' | '!' | '?' | '。' | '！' | '？' | '؟' | '।') => Ending::Sentence,
        Some(':' | '：') => Ending::Colon,
        _ => Ending::Open,
    }
}

/// Whether `c`, followed by `next`, ends a sentence with more text after
/// it ("one. Two"): a line holding several sentences is prose, whatever its
/// stopwords.
fn ends_inner_sentence(c: char, next: Option<char>) -> bool {
    match c {
        '。' | '！' | '？' => next.is_some(),
        '.' | '!' | '?' => next == Some(' '),
        _ => false,
    }
}

/// Content terms of a text (see [`content_terms`]).
pub type Terms = foldhash::HashSet<String>;

/// Lowercase words of `text` that carry content (not stopwords, three
/// letters or more), or for unspaced scripts its character pairs: what a
/// headline shares with the article it heads.
pub fn content_terms(text: &str, language: &Language) -> Terms {
    let mut terms = Terms::default();
    let mut ideographs: Vec<char> = Vec::new();
    let mut latin = String::new();
    for token in text.split_whitespace() {
        let token = token.trim_matches(|c: char| !c.is_alphanumeric());
        latin.clear();
        if token.is_ascii() {
            latin.extend(token.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            for c in token.chars().flat_map(char::to_lowercase) {
                if matches!(Script::of(c), Script::Ideographic) {
                    ideographs.push(c);
                } else {
                    push_ideograph_pairs(&mut terms, &mut ideographs);
                    latin.push(c);
                }
            }
            push_ideograph_pairs(&mut terms, &mut ideographs);
        }
        let latin = latin.trim_matches(|c: char| !c.is_alphanumeric());
        if latin.chars().filter(|c| c.is_alphanumeric()).count() >= 3
            && !terms.contains(latin)
            && !language.is_stopword(latin)
        {
            terms.insert(latin.to_string());
        }
    }
    terms
}

fn push_ideograph_pairs(terms: &mut Terms, run: &mut Vec<char>) {
    for pair in run.windows(2) {
        terms.insert(pair.iter().collect());
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en() -> Language {
        Language::named(Some("en"))
    }

    #[test]
    fn wide_scripts_weigh_more_than_latin_letters() {
        let weight = |text: &str| Features::of(text, &en()).weight;
        assert_eq!(weight("ab c"), 3);
        assert_eq!(weight("普京"), 6);
        assert_eq!(weight("기사"), 4);
    }

    #[test]
    fn prose_has_more_stopwords_than_menus() {
        let prose = Features::of("The company said on Monday that it would cut jobs in the coming weeks.", &en());
        let menu = Features::of("Business Markets Technology Climate Economy", &en());
        assert!(prose.stop_density > 0.5, "{prose:?}");
        assert!(menu.stop_density < 0.2, "{menu:?}");
    }

    #[test]
    fn japanese_particles_count_as_stopwords() {
        let ja = Language::named(Some("ja"));
        let prose = Features::of("パソコンでそのまま読みたい時もあります。", &ja);
        let menu = Features::of("プライバシーポリシー", &ja);
        assert!(prose.stop_density > menu.stop_density, "{prose:?} {menu:?}");
    }

    #[test]
    fn endings_are_told_apart() {
        assert_eq!(Features::of("He said so.", &en()).ending, Ending::Sentence);
        assert_eq!(Features::of("“It works,” he said.”", &en()).ending, Ending::Sentence);
        assert_eq!(Features::of("Key points:", &en()).ending, Ending::Colon);
        assert_eq!(Features::of("The plan lacks funding and...", &en()).ending, Ending::Ellipsis);
        assert_eq!(Features::of("Wait for it ...", &en()).ending, Ending::Sentence);
        assert_eq!(Features::of("Putin orders a model", &en()).ending, Ending::Open);
        assert_eq!(Features::of("普京下令。", &Language::named(Some("zh"))).ending, Ending::Sentence);
    }

    #[test]
    fn ascii_text_is_counted_as_any_other() {
        let every_byte: String = (0..128u8).map(char::from).collect();
        for text in ["One. Two! Three? x", "a\tb  c\x0bd.", "U.S. officials...", "", "  ", "?! .", &every_byte] {
            assert_eq!(Counts::of_ascii(text), Counts::of_chars(text), "{text:?}");
        }
    }

    #[test]
    fn inner_sentences_are_counted() {
        assert_eq!(Features::of("One. Two! Three?", &en()).inner_sentences, 2);
        assert_eq!(Features::of("U.S. officials", &en()).inner_sentences, 1);
        assert_eq!(Features::of("一。二。", &Language::named(Some("zh"))).inner_sentences, 1);
    }

    #[test]
    fn content_terms_skip_stopwords_and_pair_ideographs() {
        let terms = content_terms("The Putin model, and AI", &en());
        assert!(terms.contains("putin") && terms.contains("model"));
        assert!(!terms.contains("the") && !terms.contains("and") && !terms.contains("ai"));
        let zh = content_terms("普京下令", &Language::named(Some("zh")));
        assert!(zh.contains("普京") && zh.contains("下令"));
    }
}
