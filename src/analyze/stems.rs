//! Snowball stems of words, remembered across documents.
//!
//! Keyphrases and content terms stem every word a document uses, and most
//! words recur from one document to the next, while stemming a word costs
//! far more than looking it up. So each thread that reads documents keeps
//! the stems it has made, per stemming algorithm: a word is stemmed once
//! per thread, not once per document and pass. The memory is bounded (it
//! starts afresh when full), and a stem is a pure function of the word, so
//! what is remembered never changes a result.

use std::cell::RefCell;

use rust_stemmers::{Algorithm, Stemmer};

use super::hash::WordMap;

/// Words remembered per algorithm and thread before starting afresh: a
/// large corpus's vocabulary, a few megabytes.
const REMEMBERED: usize = 200_000;

thread_local! {
    /// Per algorithm (by its discriminant): lowercase word → stem.
    static MEMORY: RefCell<Vec<WordMap<Box<str>, Box<str>>>> = const { RefCell::new(Vec::new()) };
}

/// The stemmer of one language (none for languages Snowball lacks).
#[derive(Debug, Clone, Copy)]
pub struct Stems {
    algorithm: Option<Algorithm>,
}

impl Stems {
    /// The stemmer for `language` (ISO 639-1; English when unknown).
    pub fn new(language: Option<&str>) -> Stems {
        Stems { algorithm: crate::clean::lang::snowball(language.unwrap_or("en")) }
    }

    /// Calls `f` with the stem of the lowercase `word` (the word itself when
    /// the language has no stemmer). `f` must not stem anything itself.
    pub fn with<R>(&self, word: &str, f: impl FnOnce(&str) -> R) -> R {
        let Some(algorithm) = self.algorithm else { return f(word) };
        MEMORY.with_borrow_mut(|memory| {
            let slot = algorithm as usize;
            if memory.len() <= slot {
                memory.resize_with(slot + 1, WordMap::default);
            }
            let known = &mut memory[slot];
            if let Some(stem) = known.get(word) {
                return f(stem);
            }
            if known.len() >= REMEMBERED {
                known.clear();
            }
            let stem: Box<str> = Stemmer::create(algorithm).stem(word).into();
            let result = f(&stem);
            known.insert(word.into(), stem);
            result
        })
    }

    /// The stem of the lowercase `word`, owned.
    pub fn stem(&self, word: &str) -> String {
        self.with(word, str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_are_snowball_stems_whether_remembered_or_not() {
        let english = Stems::new(Some("en"));
        for _ in 0..2 {
            assert_eq!(english.stem("models"), "model");
            assert_eq!(english.stem("running"), "run");
        }
        assert_eq!(Stems::new(None).stem("models"), "model", "English when the language is unknown");
        assert_eq!(Stems::new(Some("ru")).stem("модели"), "модел");
        assert_eq!(Stems::new(Some("zh")).stem("模型"), "模型", "no stemmer: the word itself");
    }

    #[test]
    fn each_language_remembers_its_own_stems() {
        let (english, french) = (Stems::new(Some("en")), Stems::new(Some("fr")));
        let english_stem = english.stem("nationales");
        assert_eq!(french.stem("nationales"), Stemmer::create(Algorithm::French).stem("nationales"));
        assert_eq!(english.stem("nationales"), english_stem);
        assert_eq!(english_stem, Stemmer::create(Algorithm::English).stem("nationales"));
    }
}
