//! Language of a text (whatlang, trigram statistics, no model download) and
//! the stopword list for it (ISO stopword lists bundled by `stop-words`).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// At most this many bytes of a text are used to detect its language.
const SAMPLE_BYTES: usize = 6000;

/// ISO 639-1 code of the language `text` is written in, if it can be told.
pub fn detect(text: &str) -> Option<&'static str> {
    let sample = &text[..floor_char_boundary(text, SAMPLE_BYTES)];
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.25 {
        return None;
    }
    Some(iso639_1(info.lang()))
}

/// The Snowball stemming algorithm for an ISO 639-1 code, where
/// rust-stemmers has one (topics and search stem words the same way).
pub fn snowball(code: &str) -> Option<rust_stemmers::Algorithm> {
    use rust_stemmers::Algorithm;
    Some(match code {
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
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// The largest char boundary at or before `at`.
pub fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

/// Lowercase stopwords of the language with ISO 639-1 `code` (empty when
/// none are known). Built once per language and shared.
pub fn stopwords(code: &str) -> &'static HashSet<String> {
    static CACHE: OnceLock<HashMap<&'static str, HashSet<String>>> = OnceLock::new();
    static EMPTY: OnceLock<HashSet<String>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        stop_words::available_languages()
            .iter()
            .filter(|code| code.len() == 2)
            .map(|&code| {
                let words = stop_words::lookup(code).unwrap_or(&[]);
                (code, words.iter().map(|w| w.to_lowercase()).collect())
            })
            .collect()
    });
    cache.get(code).unwrap_or_else(|| EMPTY.get_or_init(HashSet::new))
}

/// Whether a language writes words without spaces between them, so word
/// counts and stopword densities mean nothing and characters count instead.
pub fn is_unspaced(code: &str) -> bool {
    matches!(code, "zh" | "ja" | "th" | "km" | "my" | "lo")
}

fn iso639_1(lang: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        assert_eq!(detect("The president said on Monday that the country would invest in new technology."), Some("en"));
        assert_eq!(
            detect("Der Präsident sagte am Montag, dass das Land in neue Technologien investieren werde."),
            Some("de")
        );
        assert_eq!(
            detect("Президент заявил в понедельник, что страна будет инвестировать в новые технологии."),
            Some("ru")
        );
        assert_eq!(detect("总统周一表示，国家将投资于新技术，并加快人工智能的发展。"), Some("zh"));
    }

    #[test]
    fn stopwords_exist_for_major_languages() {
        for code in ["en", "de", "fr", "es", "ru", "zh", "ja", "ko", "pt", "it"] {
            assert!(!stopwords(code).is_empty(), "{code}");
        }
        assert!(stopwords("en").contains("the"));
        assert!(stopwords("xx").is_empty());
    }

    #[test]
    fn floor_char_boundary_never_splits_a_char() {
        let text = "aé動";
        for at in 0..10 {
            assert!(text.is_char_boundary(floor_char_boundary(text, at)));
        }
    }
}
