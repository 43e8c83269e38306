//! The word lists entity extraction consults (gazetteers of places,
//! demonyms, given names, common words; titles and organisation words),
//! embedded in the binary from `data/` and parsed once on first use.
//! `data/README.md` says where each list comes from.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::names::name_key;
use super::text::has_case;

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
}

/// What a word in an organisation's name says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgWord {
    /// A legal form ("Inc", "Corp"), dropped when matching names.
    Suffix,
    /// A word that makes a name an organisation ("Bank", "University").
    Head,
}

/// Every list, parsed.
pub struct Lexicon {
    /// Places by [`name_key`].
    places: HashMap<String, Place>,
    /// Country by demonym, exact case ("Russian" → "Russia").
    demonyms: HashMap<&'static str, &'static str>,
    /// Given names, capitalised.
    given_names: HashSet<&'static str>,
    /// Lowercase common words.
    common_words: HashSet<&'static str>,
    /// Titles (lowercase, words joined by one space, no periods), with
    /// whether each is an honorific.
    titles: HashMap<String, bool>,
    /// Longest title, in words.
    max_title_words: usize,
    /// Organisation words (lowercase, capitalised use).
    org_words: HashMap<&'static str, OrgWord>,
    /// Lowercase nouns that introduce an organisation's name.
    org_nouns: HashSet<&'static str>,
    /// Capitalised words ending a place's name (lowercase).
    place_heads: HashSet<&'static str>,
    /// Capitalised words ending a building's or site's name (lowercase).
    venues: HashSet<&'static str>,
    /// Lowercase nouns that introduce a place's name.
    place_nouns: HashSet<&'static str>,
    /// Words that are not names alone (lowercase).
    not_names: HashSet<&'static str>,
    /// English function words (lowercase).
    function_words: HashSet<&'static str>,
    /// Place names in scripts without capitals, found by scanning text.
    uncased_places: Option<(AhoCorasick, Vec<&'static str>)>,
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
        let mut places = HashMap::new();
        let place_rows =
            rows(include_str!("../../data/places.tsv")).chain(rows(include_str!("../../data/place_aliases.tsv")));
        for row in place_rows {
            let [name, canonical, class] = row[..] else { continue };
            let class = match class {
                "country" => PlaceClass::Country,
                "region" => PlaceClass::Region,
                _ => PlaceClass::City,
            };
            let place = Place { canonical, class };
            let entry = places.entry(name_key(name)).or_insert(place);
            if place.class < entry.class {
                *entry = place;
            }
        }
        let uncased: Vec<&'static str> = rows(include_str!("../../data/places.tsv"))
            .filter_map(|r| r.first().copied())
            .filter(|n| !has_case(n))
            .collect();
        let uncased_places =
            AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&uncased).ok().map(|ac| (ac, uncased));

        let mut titles = HashMap::new();
        for line in lines(include_str!("../../data/titles.txt")) {
            let (honorific, title) = match line.strip_prefix('!') {
                Some(t) => (true, t),
                None => (false, line),
            };
            let words: Vec<&str> = title.split_whitespace().collect();
            titles.insert(title_key(&words), honorific);
        }
        let max_title_words = titles.keys().map(|t| t.split(' ').count()).max().unwrap_or(1);

        let mut org_words = HashMap::new();
        let mut org_nouns = HashSet::new();
        for row in rows(include_str!("../../data/org_words.txt")) {
            match row[..] {
                [w, "suffix"] => {
                    org_words.insert(w, OrgWord::Suffix);
                }
                [w, "head"] => {
                    org_words.entry(w).or_insert(OrgWord::Head);
                }
                [w, "noun"] => {
                    org_nouns.insert(w);
                }
                _ => {}
            }
        }
        let mut place_heads = HashSet::new();
        let mut place_nouns = HashSet::new();
        let mut venues = HashSet::new();
        for row in rows(include_str!("../../data/place_words.txt")) {
            match row[..] {
                [w, "head"] => {
                    place_heads.insert(w);
                }
                [w, "venue"] => {
                    venues.insert(w);
                }
                [w, "noun"] => {
                    place_nouns.insert(w);
                }
                _ => {}
            }
        }
        Lexicon {
            places,
            demonyms: rows(include_str!("../../data/demonyms.tsv"))
                .filter_map(|r| Some((*r.first()?, *r.get(1)?)))
                .collect(),
            given_names: lines(include_str!("../../data/given_names.txt")).collect(),
            common_words: lines(include_str!("../../data/common_words.txt")).collect(),
            titles,
            max_title_words,
            org_words,
            org_nouns,
            place_heads,
            place_nouns,
            venues,
            not_names: lines(include_str!("../../data/not_names.txt")).collect(),
            function_words: lines(include_str!("../../data/function_words_en.txt")).collect(),
            uncased_places,
        }
    }

    /// The place a name (any spelling the gazetteer knows) refers to.
    pub fn place(&self, name: &str) -> Option<Place> {
        self.places.get(&name_key(name)).copied()
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
        self.common_words.contains(lowercase)
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
        self.org_words.get(lowercase).copied()
    }

    /// Whether a lowercase noun introduces an organisation ("the company").
    pub fn is_org_noun(&self, lowercase: &str) -> bool {
        self.org_nouns.contains(lowercase)
    }

    /// Whether a word (lowercase) ends place names ("Street", "Province").
    pub fn is_place_head(&self, lowercase: &str) -> bool {
        self.place_heads.contains(lowercase)
    }

    /// Whether a word (lowercase) ends the name of a building or site
    /// ("Center", "Stadium").
    pub fn is_venue(&self, lowercase: &str) -> bool {
        self.venues.contains(lowercase)
    }

    /// Whether a lowercase noun introduces a place ("the city of").
    pub fn is_place_noun(&self, lowercase: &str) -> bool {
        self.place_nouns.contains(lowercase)
    }

    /// Whether a word (lowercase) is never a name alone ("Monday", "AI").
    pub fn is_not_name(&self, lowercase: &str) -> bool {
        self.not_names.contains(lowercase)
    }

    /// Whether a word (lowercase) is an English function word ("of", "it").
    pub fn is_function_word(&self, lowercase: &str) -> bool {
        self.function_words.contains(lowercase)
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
    }

    #[test]
    fn uncased_place_names_are_found_in_running_text() {
        let found: Vec<&str> =
            lexicon().uncased_places_in("普京访问了中国和北京。").map(|(_, p)| p.canonical).collect();
        assert!(found.contains(&"China"), "{found:?}");
    }
}
