//! The word lists entity extraction consults (gazetteers of places,
//! demonyms, given names, common words; titles and organisation words),
//! embedded in the binary from `data/` and parsed once on first use.
//! `data/README.md` says where each list comes from.

use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, MatchKind};

use super::hash::{WordMap, WordSet};
use super::names::{name_key, with_name_key};
use super::text::{has_case, is_all_caps};

/// How big a place is, which says how much its name alone is worth: a
/// country is almost always a country, "Sydney" may be a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PlaceClass {
    /// A country or territory.
    Country,
    /// A continent, state, province or well-known region.
    Region,
    /// A city.
    City,
}

/// A place the gazetteer knows, under its canonical name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// The name everyone uses ("United States" for "U.S.").
    pub canonical: &'static str,
    /// Its size class.
    pub class: PlaceClass,
    /// Whether the gazetteer's spelling is an acronym ("US", "UAE"): then
    /// only capitals name it ("Us" and "us" are a word).
    pub acronym: bool,
}

/// What a word in an organisation's name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgWord {
    /// A legal form ("Inc", "Corp"), dropped when matching names.
    Suffix,
    /// A word that makes a name an organisation ("Bank", "University").
    Head,
}

/// What the lowercase word lists say about one word, as bits, so that one
/// lookup answers every question the hot loops ask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordFlags(u16);

impl WordFlags {
    /// A common English word ("however", "bank").
    pub const COMMON: u16 = 1;
    /// An English function word ("of", "it").
    pub const FUNCTION: u16 = 1 << 1;
    /// Not a name alone ("Monday", "AI").
    pub const NOT_NAME: u16 = 1 << 2;
    /// Page furniture, never a topic ("share", "subscribe").
    pub const FURNITURE: u16 = 1 << 3;
    /// The first word of some title ("deputy" of "deputy prime minister").
    pub const TITLE_START: u16 = 1 << 4;
    /// A legal form ending a company's name ("inc").
    pub const ORG_SUFFIX: u16 = 1 << 5;
    /// A word that makes a name an organisation ("bank").
    pub const ORG_HEAD: u16 = 1 << 6;
    /// A lowercase noun before an organisation's name ("carmaker").
    pub const ORG_NOUN: u16 = 1 << 7;
    /// A word ending a place's name ("street").
    pub const PLACE_HEAD: u16 = 1 << 8;
    /// A lowercase noun before a place's name ("city").
    pub const PLACE_NOUN: u16 = 1 << 9;
    /// A word ending a building's name ("stadium").
    pub const VENUE: u16 = 1 << 10;
    /// A title of one word, no honorific ("president", "ceo").
    pub const TITLE: u16 = 1 << 11;
    /// An honorific of one word ("mr", "dr").
    pub const HONORIFIC: u16 = 1 << 12;

    /// Whether `flag` (one of the constants) is set.
    pub fn has(self, flag: u16) -> bool {
        self.0 & flag != 0
    }

    /// What the word says about an organisation's name.
    pub fn org_word(self) -> Option<OrgWord> {
        if self.has(WordFlags::ORG_SUFFIX) {
            Some(OrgWord::Suffix)
        } else if self.has(WordFlags::ORG_HEAD) {
            Some(OrgWord::Head)
        } else {
            None
        }
    }
}

/// Every list, parsed.
pub struct Lexicon {
    /// Lowercase words, what the lists say about each, and the English stem
    /// of the common ones (stemming is the dearest step per word of topic
    /// extraction, and nearly every word of an English text is common),
    /// made the first time it is asked for: stemming all 64,000 common
    /// words up front took a third of the lexicon's 50 ms, which a build
    /// that reads one document waits for.
    words: WordMap<&'static str, (WordFlags, OnceLock<Box<str>>)>,
    /// Places by [`name_key`].
    places: WordMap<String, Place>,
    /// Country by demonym, exact case ("Russian" → "Russia").
    demonyms: WordMap<&'static str, &'static str>,
    /// Given names, capitalised.
    given_names: WordSet<&'static str>,
    /// Titles (lowercase, words joined by one space, no periods), with
    /// whether each is an honorific.
    titles: WordMap<String, bool>,
    /// Longest title, in words.
    max_title_words: usize,
    /// Place names in scripts without capitals, found by scanning text;
    /// the automaton is built when a text in such a script comes.
    uncased_places: LazyLock<Option<(AhoCorasick, Vec<&'static str>)>>,
}

/// The lexicon, built on first use.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);
    &LEXICON
}

/// The data lines of a list: comments (`#`) and blank lines left out.
fn lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// Tab-separated fields of the data lines of a list.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    lines(text).map(|l| l.split('\t').map(str::trim).collect())
}

/// A title as the lookup stores it: lowercase, periods gone, one space
/// between words.
pub fn title_key(words: &[&str]) -> String {
    let mut key = String::new();
    for word in words {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().filter(|&c| c != '.').flat_map(char::to_lowercase));
    }
    key
}

impl Lexicon {
    fn load() -> Lexicon {
        let mut words: WordMap<&'static str, WordFlags> = WordMap::default();
        let mut flag = |word: &'static str, bit: u16| words.entry(word).or_default().0 |= bit;
        for (list, bit) in [
            (include_str!("../../data/common_words.txt"), WordFlags::COMMON),
            (include_str!("../../data/function_words_en.txt"), WordFlags::FUNCTION),
            (include_str!("../../data/not_names.txt"), WordFlags::NOT_NAME),
            (include_str!("../../data/furniture_words.txt"), WordFlags::FURNITURE),
        ] {
            for word in lines(list) {
                flag(word, bit);
            }
        }
        for row in rows(include_str!("../../data/org_words.txt")) {
            match row[..] {
                [w, "suffix"] => flag(w, WordFlags::ORG_SUFFIX),
                [w, "head"] => flag(w, WordFlags::ORG_HEAD),
                [w, "noun"] => flag(w, WordFlags::ORG_NOUN),
                _ => {}
            }
        }
        for row in rows(include_str!("../../data/place_words.txt")) {
            match row[..] {
                [w, "head"] => flag(w, WordFlags::PLACE_HEAD),
                [w, "noun"] => flag(w, WordFlags::PLACE_NOUN),
                [w, "venue"] => flag(w, WordFlags::VENUE),
                _ => {}
            }
        }
        let mut titles = WordMap::default();
        for line in lines(include_str!("../../data/titles.txt")) {
            let (honorific, title) = match line.strip_prefix('!') {
                Some(t) => (true, t),
                None => (false, line),
            };
            let title_words: Vec<&'static str> = title.split_whitespace().collect();
            if let Some(first) = title_words.first() {
                flag(first, WordFlags::TITLE_START);
            }
            if let [only] = title_words[..] {
                flag(only, if honorific { WordFlags::HONORIFIC } else { WordFlags::TITLE });
            }
            titles.insert(title_key(&title_words), honorific);
        }
        let max_title_words = titles.keys().map(|t: &String| t.split(' ').count()).max().unwrap_or(1);
        let words = words.into_iter().map(|(word, flags)| (word, (flags, OnceLock::new()))).collect();
        Lexicon {
            words,
            places: load_places(),
            demonyms: rows(include_str!("../../data/demonyms.tsv"))
                .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
                .collect(),
            given_names: lines(include_str!("../../data/given_names.txt")).collect(),
            titles,
            max_title_words,
            uncased_places: LazyLock::new(uncased_places),
        }
    }

    /// What the word lists say about a word in any case ("Bank" → "bank"),
    /// without allocating for short ASCII words.
    pub fn word_any_case(&self, word: &str) -> WordFlags {
        const CAPACITY: usize = 32;
        if !word.is_ascii() || word.len() > CAPACITY {
            return self.word(&word.to_lowercase());
        }
        let mut buffer = [0u8; CAPACITY];
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        self.word(std::str::from_utf8(lower).unwrap_or(""))
    }

    /// What the word lists say about a lowercase word.
    pub fn word(&self, lowercase: &str) -> WordFlags {
        self.words.get(lowercase).map(|(flags, _)| *flags).unwrap_or_default()
    }

    /// What the word lists say about a lowercase word, and its English
    /// stem when it is a common English word: one lookup for both.
    pub fn word_and_stem(&self, lowercase: &str) -> (WordFlags, Option<&str>) {
        static STEMMER: LazyLock<rust_stemmers::Stemmer> =
            LazyLock::new(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
        let Some((word, (flags, stem))) = self.words.get_key_value(lowercase) else {
            return (WordFlags::default(), None);
        };
        let stem = flags
            .has(WordFlags::COMMON)
            .then(|| stem.get_or_init(|| STEMMER.stem(word).into_owned().into_boxed_str()).as_ref());
        (*flags, stem)
    }

    /// The place a name (any spelling the gazetteer knows) refers to.
    pub fn place(&self, name: &str) -> Option<Place> {
        with_name_key(name, |key| self.places.get(key).copied()).filter(|p| !p.acronym || is_all_caps(name))
    }

    /// The place a [`name_key`] refers to.
    pub fn place_by_key(&self, key: &str) -> Option<Place> {
        self.places.get(key).copied()
    }

    /// The country whose people `word` names ("Russian", "Russians").
    pub fn demonym(&self, word: &str) -> Option<&'static str> {
        self.demonyms.get(word).copied()
    }

    /// Whether `word` (capitalised as in a name) is a known given name.
    pub fn is_given_name(&self, word: &str) -> bool {
        self.given_names.contains(word)
            || word.chars().all(|c| !c.is_lowercase()) && {
                let mut cased = String::with_capacity(word.len());
                let mut chars = word.chars();
                cased.extend(chars.next());
                cased.extend(chars.flat_map(char::to_lowercase));
                self.given_names.contains(cased.as_str())
            }
    }

    /// Whether `word`, lowercased, is a common word of English.
    pub fn is_common_word(&self, lowercase: &str) -> bool {
        self.word(lowercase).has(WordFlags::COMMON)
    }

    /// Whether the lowercase words `key` are a title, and if so whether an
    /// honorific ("mr") rather than an office ("president").
    pub fn title(&self, key: &str) -> Option<bool> {
        self.titles.get(key).copied()
    }

    /// The most words a title has.
    pub fn max_title_words(&self) -> usize {
        self.max_title_words
    }

    /// What a word (lowercase) says about an organisation's name.
    pub fn org_word(&self, lowercase: &str) -> Option<OrgWord> {
        self.word(lowercase).org_word()
    }

    /// Whether a lowercase noun introduces an organisation ("the company").
    pub fn is_org_noun(&self, lowercase: &str) -> bool {
        self.word(lowercase).has(WordFlags::ORG_NOUN)
    }

    /// Whether a word (lowercase) ends place names ("Street", "Province").
    pub fn is_place_head(&self, lowercase: &str) -> bool {
        self.word(lowercase).has(WordFlags::PLACE_HEAD)
    }

    /// Whether a word (lowercase) ends the name of a building or site
    /// ("Center", "Stadium").
    pub fn is_venue(&self, lowercase: &str) -> bool {
        self.word(lowercase).has(WordFlags::VENUE)
    }

    /// Whether a lowercase noun introduces a place ("the city of").
    pub fn is_place_noun(&self, lowercase: &str) -> bool {
        self.word(lowercase).has(WordFlags::PLACE_NOUN)
    }

    /// Whether a word (lowercase) is never a name alone ("Monday", "AI").
    pub fn is_not_name(&self, lowercase: &str) -> bool {
        self.word(lowercase).has(WordFlags::NOT_NAME)
    }

    /// Whether a word (lowercase) is an English function word ("of", "it").
    pub fn is_function_word(&self, lowercase: &str) -> bool {
        self.word(lowercase).has(WordFlags::FUNCTION)
    }

    /// Places named in `text` in scripts without capitals ("北京"), as byte
    /// ranges with their canonical names.
    pub fn uncased_places_in<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (std::ops::Range<usize>, Place)> + 'a {
        self.uncased_places.iter().flat_map(move |(ac, names)| {
            ac.find_iter(text).filter_map(move |m| {
                let name = names.get(m.pattern().as_usize())?;
                Some((m.range(), self.place(name)?))
            })
        })
    }
}

/// The place gazetteer and the press's short names, by [`name_key`]; where
/// two places share a name, the bigger class wins.
fn load_places() -> WordMap<String, Place> {
    let mut places: WordMap<String, Place> = WordMap::default();
    let place_rows =
        rows(include_str!("../../data/places.tsv")).chain(rows(include_str!("../../data/place_aliases.tsv")));
    for row in place_rows {
        let [name, canonical, class] = row[..] else { continue };
        let class = match class {
            "country" => PlaceClass::Country,
            "region" => PlaceClass::Region,
            _ => PlaceClass::City,
        };
        let place = Place { canonical, class, acronym: is_all_caps(name) };
        let entry = places.entry(name_key(name)).or_insert(place);
        if place.class < entry.class {
            *entry = place;
        }
    }
    places
}

/// An automaton over the place names written in scripts without capitals.
fn uncased_places() -> Option<(AhoCorasick, Vec<&'static str>)> {
    let names: Vec<&'static str> = rows(include_str!("../../data/places.tsv"))
        .filter_map(|r| r.first().copied())
        .filter(|n| !has_case(n))
        .collect();
    AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&names).ok().map(|ac| (ac, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gazetteers_know_countries_their_short_forms_and_cities() {
        let lex = lexicon();
        for name in ["United States", "U.S.", "US", "USA", "United States of America"] {
            assert_eq!(lex.place(name).map(|p| p.canonical), Some("United States"), "{name}");
        }
        assert_eq!(lex.place("Russian Federation").map(|p| p.canonical), Some("Russia"));
        assert_eq!(lex.place("Россия").map(|p| p.class), Some(PlaceClass::Country));
        assert_eq!(lex.place("Moscow").map(|p| p.class), Some(PlaceClass::City));
        assert_eq!(lex.place("Mobile"), None, "common words are not cities");
        assert_eq!(lex.place("Us"), None, "an acronym is written in capitals");
    }

    #[test]
    fn word_lists_answer() {
        let lex = lexicon();
        assert_eq!(lex.demonym("Russian"), Some("Russia"));
        assert!(lex.is_given_name("Adam") && lex.is_given_name("ADAM") && !lex.is_given_name("Putin"));
        assert!(lex.is_common_word("however") && !lex.is_common_word("putin"));
        assert_eq!(lex.title("deputy prime minister"), Some(false));
        assert_eq!(lex.title("mr"), Some(true));
        assert_eq!(lex.org_word("corp"), Some(OrgWord::Suffix));
        assert_eq!(lex.org_word("university"), Some(OrgWord::Head));
        assert!(lex.is_org_noun("carmaker") && lex.is_place_noun("city") && lex.is_place_head("street"));
        assert!(lex.is_venue("stadium") && !lex.is_venue("street"));
        assert!(lex.is_not_name("monday") && lex.is_not_name("ai"));
        assert!(lex.is_function_word("of") && !lex.is_function_word("large"));
        assert!(lex.word("share").has(WordFlags::FURNITURE) && lex.word("deputy").has(WordFlags::TITLE_START));
        assert_eq!(lex.word_and_stem("models").1, Some("model"));
        assert!(lex.word_any_case("CEO").has(WordFlags::TITLE) && lex.word_any_case("Mr").has(WordFlags::HONORIFIC));
    }

    #[test]
    fn uncased_place_names_are_found_in_running_text() {
        let found: Vec<&str> =
            lexicon().uncased_places_in("普京访问了中国和北京。").map(|(_, p)| p.canonical).collect();
        assert!(found.contains(&"China"), "{found:?}");
    }
}
