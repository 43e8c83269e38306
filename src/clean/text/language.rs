//! The language of a dump and its stopwords.
//!
//! The language is voted by the stopwords of the dump's longest lines (the
//! ISO lists of `stop-words`; a few hundred look-ups), by its script for
//! Chinese, Japanese and Korean, and asked of whatlang only when the vote is
//! close (Spanish and Portuguese share many function words). whatlang alone
//! costs a fixed fifth of a millisecond per dump, which a corpus of ten
//! thousand seeds notices.

use std::sync::LazyLock;

use foldhash::{HashMap, HashSet};

use super::features::Script;
use crate::clean::lang;

/// The language of a dump, as far as the cleaner needs it.
#[derive(Debug, Clone, Copy)]
pub struct Language {
    /// ISO 639-1 code, when detected.
    pub code: Option<&'static str>,
    /// Whether words are written without spaces between them.
    pub unspaced: bool,
    /// The language's place in [`Stopwords::codes`] (none: no list).
    index: Option<usize>,
}

/// How much text (bytes) the language is told from.
const SAMPLE: usize = 1500;
/// A vote is won with at least this many stopwords...
const MIN_VOTES: usize = 8;
/// ...and this many times the runner-up's (else whatlang decides).
const MARGIN: f32 = 1.3;

impl Language {
    /// The language of the prose among `texts`: told from the longest
    /// lines, which are the article's own far more often than the menus'.
    pub fn detect<'a>(texts: impl IntoIterator<Item = &'a str>) -> Language {
        let mut long: Vec<&str> = texts.into_iter().filter(|t| t.len() >= 60).collect();
        long.sort_by_key(|t| std::cmp::Reverse(t.len()));
        let mut sample = String::new();
        for text in long {
            if sample.len() > SAMPLE {
                break;
            }
            sample.push_str(text);
            sample.push('\n');
        }
        let code = by_script(&sample).or_else(|| by_stopwords(&sample)).or_else(|| lang::detect(&sample));
        Language::named(code)
    }

    /// The language with ISO 639-1 `code` (none: no stopwords known).
    pub fn named(code: Option<&'static str>) -> Language {
        let index = code.and_then(|c| STOPWORDS.codes.iter().position(|&known| known == c));
        Language { code, unspaced: code.is_some_and(lang::is_unspaced), index }
    }

    /// Whether stopwords of this language are known.
    pub fn has_stopwords(&self) -> bool {
        self.index.is_some()
    }

    /// Whether `word` (lowercase) is a stopword of this language.
    pub fn is_stopword(&self, word: &str) -> bool {
        self.index.is_some_and(|i| STOPWORDS.by_language[i].contains(word))
    }
}

/// Chinese, Japanese or Korean, when their scripts make up most letters.
fn by_script(sample: &str) -> Option<&'static str> {
    let (mut ideographs, mut kana, mut hangul, mut letters) = (0, 0, 0, 0);
    for c in sample.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        match Script::of(c) {
            Script::Ideographic if matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9D) => kana += 1,
            Script::Ideographic => ideographs += 1,
            Script::Hangul => hangul += 1,
            Script::Other => {}
        }
    }
    if hangul * 2 > letters {
        Some("ko")
    } else if (ideographs + kana) * 2 > letters {
        Some(if kana * 10 > ideographs + kana { "ja" } else { "zh" })
    } else {
        None
    }
}

/// The language whose stopwords the sample uses most, when it clearly wins.
fn by_stopwords(sample: &str) -> Option<&'static str> {
    let mut votes = [0usize; 64];
    let mut lower = String::new();
    for token in sample.split_whitespace() {
        let token = token.trim_matches(|c: char| !c.is_alphanumeric());
        if token.chars().nth(1).is_none() {
            continue;
        }
        lower.clear();
        if token.is_ascii() {
            lower.extend(token.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            lower.extend(token.chars().flat_map(char::to_lowercase));
        }
        if let Some(&langs) = STOPWORDS.words.get(lower.as_str()) {
            let mut rest = langs;
            while rest != 0 {
                votes[rest.trailing_zeros() as usize] += 1;
                rest &= rest - 1;
            }
        }
    }
    let mut ranked: Vec<(usize, usize)> = votes.iter().copied().enumerate().filter(|&(_, v)| v > 0).collect();
    ranked.sort_by_key(|&(_, v)| std::cmp::Reverse(v));
    let (best, best_votes) = *ranked.first()?;
    let runner_up = ranked.get(1).map_or(0, |&(_, v)| v);
    let clear = best_votes >= MIN_VOTES && best_votes as f32 >= runner_up as f32 * MARGIN;
    clear.then(|| STOPWORDS.codes[best])
}

/// Every stopword of every language with a two-letter code, with the
/// languages (one bit each) it is a stopword of, for the vote; and each
/// language's own set, for the look-ups of a dump whose language is known
/// (a few hundred words: a table that stays in the cache). Both use
/// foldhash, several times faster than SipHash on short keys (no
/// untrusted keys here to defend from).
struct Stopwords {
    codes: Vec<&'static str>,
    words: HashMap<String, u64>,
    by_language: Vec<HashSet<String>>,
}

static STOPWORDS: LazyLock<Stopwords> = LazyLock::new(|| {
    let codes: Vec<&'static str> =
        stop_words::available_languages().iter().copied().filter(|c| c.len() == 2).take(64).collect();
    let mut words: HashMap<String, u64> = HashMap::default();
    let mut by_language = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        let own: HashSet<String> = stop_words::lookup(code).unwrap_or(&[]).iter().map(|w| w.to_lowercase()).collect();
        for word in &own {
            *words.entry(word.clone()).or_default() |= 1 << i;
        }
        by_language.push(own);
    }
    Stopwords { codes, words, by_language }
});

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<&'static str> {
        Language::detect(text.lines()).code
    }

    #[test]
    fn stopwords_tell_common_languages_apart() {
        let en = "The president said on Monday that the country would invest in new technology and that \
                  it was time for the government to act on the plan before the end of the year.";
        let de = "Der Präsident sagte am Montag, dass das Land in neue Technologien investieren werde und \
                  dass es für die Regierung an der Zeit sei, den Plan noch vor dem Ende des Jahres umzusetzen.";
        let fr = "Le président a déclaré lundi que le pays allait investir dans les nouvelles technologies et \
                  qu'il était temps pour le gouvernement d'agir sur le plan avant la fin de l'année.";
        let ru = "Президент заявил в понедельник, что страна будет инвестировать в новые технологии и что \
                  правительству пора действовать по этому плану до конца года, как и было обещано.";
        assert_eq!(code(en), Some("en"));
        assert_eq!(code(de), Some("de"));
        assert_eq!(code(fr), Some("fr"));
        assert_eq!(code(ru), Some("ru"));
    }

    #[test]
    fn scripts_tell_chinese_japanese_and_korean() {
        assert_eq!(
            code("总统周一表示，国家将投资于新技术，并加快人工智能的发展，政府将在年底前完成这一计划。"),
            Some("zh")
        );
        assert_eq!(
            code("パソコンでそのまま読みたい時もあります。そんな用途を考慮してか、アプリが用意されています。"),
            Some("ja")
        );
        assert_eq!(
            code("그래서 처음 이러한 사진 공개에 대한 대중들의 반응은 엘제이의 행동에 대한 비난으로 이어졌다."),
            Some("ko")
        );
    }

    #[test]
    fn stopwords_belong_to_their_language_only() {
        let en = Language::named(Some("en"));
        let de = Language::named(Some("de"));
        assert!(en.is_stopword("the") && !en.is_stopword("council"));
        assert!(de.is_stopword("der") && !de.is_stopword("the"));
        assert!(!Language::named(None).is_stopword("the"));
    }

    #[test]
    fn nothing_to_tell_no_language() {
        assert_eq!(code(""), None);
        assert_eq!(code("12345 67890"), None);
    }
}
