//! Evidence from the whole corpus for cleaning one seed: lines that recur in
//! many seeds are navigation, pitches and footers of the sites they came from.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// How many seeds each line (normalised) appears in, for lines in two or more.
#[derive(Debug, Clone, Default)]
pub struct CorpusHints {
    seeds: usize,
    counts: HashMap<u64, u32>,
}

/// A fixed hasher so that counts (and caches keyed on them) are stable
/// across runs.
#[derive(Clone, Copy, Default)]
struct StableHash;

impl BuildHasher for StableHash {
    type Hasher = std::collections::hash_map::DefaultHasher;
    fn build_hasher(&self) -> Self::Hasher {
        std::collections::hash_map::DefaultHasher::new()
    }
}

impl CorpusHints {
    /// Counts the lines of every seed text.
    pub fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> CorpusHints {
        let mut all: HashMap<u64, u32> = HashMap::new();
        let mut seeds = 0;
        for text in texts {
            seeds += 1;
            let mut seen: Vec<u64> = text.lines().filter_map(line_key).collect();
            seen.sort_unstable();
            seen.dedup();
            for key in seen {
                *all.entry(key).or_default() += 1;
            }
        }
        all.retain(|_, n| *n >= 2);
        CorpusHints { seeds, counts: all }
    }

    /// How many seeds the corpus has.
    pub fn seeds(&self) -> usize {
        self.seeds
    }

    /// In how many seeds `line` appears (0 or 1 when it is unique).
    pub fn seeds_with(&self, line: &str) -> usize {
        line_key(line).and_then(|k| self.counts.get(&k)).map_or(0, |&n| n as usize)
    }
}

/// A line's identity: trimmed, spaces collapsed, lowercased. Blank and
/// one-character lines have none. The normalised line is hashed in one go
/// (hashing it character by character costs several times more).
fn line_key(line: &str) -> Option<u64> {
    let line = line.trim();
    line.chars().nth(1)?;
    let mut normal = String::with_capacity(line.len() + 1);
    for word in line.split_whitespace() {
        if word.is_ascii() {
            normal.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            normal.extend(word.chars().flat_map(char::to_lowercase));
        }
        normal.push(' ');
    }
    Some(StableHash.hash_one(&normal))
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
