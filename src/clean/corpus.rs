//! Evidence from the whole corpus for cleaning one seed: lines that recur in
//! many seeds are navigation, pitches and footers of the sites they came from.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use foldhash::{HashMap, HashMapExt};

/// How many seeds each line (normalised) appears in, for lines in two or more.
#[derive(Debug, Clone, Default)]
pub struct CorpusHints {
    seeds: usize,
    counts: HashMap<u64, u32>,
}

/// A fixed seed so that line keys (kept between builds) and the counts
/// and caches keyed on them are stable across runs. foldhash hashes a
/// line several times faster than SipHash; keys need no defence against
/// chosen collisions (a collision merely counts two lines as one).
const LINE_HASH: FixedState = FixedState::with_seed(0x6c69_6e65_5f6b_6579);

impl CorpusHints {
    /// Counts the lines of every seed text.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> CorpusHints {
        let keys: Vec<Vec<u64>> = texts.into_iter().map(line_keys).collect();
        CorpusHints::from_line_keys(keys.iter().map(Vec::as_slice))
    }

    /// How many seeds the corpus has.
    pub fn seeds(&self) -> usize {
        self.seeds
    }

    /// In how many seeds `line` appears (0 or 1 when it is unique).
    pub fn seeds_with(&self, line: &str) -> usize {
        self.seeds_with_each([line])[0]
    }

    /// In how many seeds each of `lines` appears, in order.
    pub fn seeds_with_each<'a>(&self, lines: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
        let mut keys = LineKeys::default();
        lines
            .into_iter()
            .map(|line| keys.key(line).and_then(|k| self.counts.get(&k)).map_or(0, |&n| n as usize))
            .collect()
    }
}

/// Computes line keys, reusing one buffer for the normalised lines.
#[derive(Default)]
struct LineKeys {
    normal: String,
}

impl LineKeys {
    /// A line's identity: trimmed, spaces collapsed, lowercased. Blank and
    /// one-character lines have none. The normalised line is hashed in one
    /// go (hashing it character by character costs several times more).
    fn key(&mut self, line: &str) -> Option<u64> {
        let line = line.trim();
        line.chars().nth(1)?;
        let normal = &mut self.normal;
        normal.clear();
        for word in line.split_whitespace() {
            if word.is_ascii() {
                normal.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                normal.extend(word.chars().flat_map(char::to_lowercase));
            }
            normal.push(' ');
        }
        Some(LINE_HASH.hash_one(normal.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_seeds_not_occurrences() {
        let hints = CorpusHints::from_texts(["Home | News\nA\nHome | News", "home |  news\nB", "Other"]);
        assert_eq!(hints.seeds(), 3);
        assert_eq!(hints.seeds_with("Home | News"), 2);
        assert_eq!(hints.seeds_with("Other"), 0);
        assert_eq!(hints.seeds_with("never seen"), 0);
    }
}

/// The distinct line keys of `text`, sorted: what a seed contributes to the
/// corpus hints (kept between builds so unchanged seeds need not be read).
pub fn line_keys(text: &str) -> Vec<u64> {
    let mut line_keys = LineKeys::default();
    let mut keys: Vec<u64> = text.lines().filter_map(|line| line_keys.key(line)).collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

impl CorpusHints {
    /// The hints of a corpus whose seeds have the given [`line_keys`].
    pub fn from_line_keys<'a>(seeds: impl IntoIterator<Item = &'a [u64]>) -> CorpusHints {
        let mut counts: HashMap<u64, u32> = HashMap::new();
        let mut total = 0;
        for keys in seeds {
            total += 1;
            for &key in keys {
                *counts.entry(key).or_default() += 1;
            }
        }
        counts.retain(|_, n| *n >= 2);
        CorpusHints { seeds: total, counts }
    }

    /// What the hints say about the lines with these keys: cleaning a seed
    /// with the same signature again gives the same result.
    pub fn signature(&self, keys: &[u64]) -> crate::fingerprint::Fingerprint {
        let mut hasher = crate::fingerprint::Hasher::new();
        for key in keys {
            if let Some(count) = self.counts.get(key) {
                hasher.bytes(&key.to_le_bytes()).bytes(&count.to_le_bytes());
            }
        }
        hasher.finish()
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;

    #[test]
    fn hints_from_keys_equal_hints_from_texts() {
        let texts = ["Home | News\nA", "home | news\nB", "Other\nA"];
        let keys: Vec<Vec<u64>> = texts.iter().map(|t| line_keys(t)).collect();
        let from_keys = CorpusHints::from_line_keys(keys.iter().map(Vec::as_slice));
        let from_texts = CorpusHints::from_texts(texts);
        assert_eq!(from_keys.seeds(), from_texts.seeds());
        assert_eq!(from_keys.seeds_with("Home | News"), 2);
        assert_eq!(from_keys.signature(&keys[0]), from_texts.signature(&keys[0]));
        assert_ne!(from_keys.signature(&keys[0]), from_keys.signature(&keys[2]));
    }
}
