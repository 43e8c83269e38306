//! Reading a written index back and answering queries with it, the way
//! `static/search.js` does (minus completing a word still being typed):
//! for `briefing check` and for tests that follow a word to its document.

use std::collections::HashMap;
use std::path::Path;

use super::format::{Entry, decode_shard};
use super::items::ItemCard;
use super::tokenize::{Piece, for_each_piece};
use super::{FORMAT, Manifest, item_file, manifest_file, shard_file};
use crate::error::{Error, Result};

/// A query word that is not in the index matches the longest term it
/// starts with, if that term is at least this long ("runs" → "run").
pub const MIN_PREFIX_CHARS: usize = 3;
/// ... and leaves at most this many characters over.
pub const MAX_PREFIX_REST: usize = 3;

/// A whole index, read from a built site.
#[derive(Debug)]
pub struct SearchIndex {
    /// The manifest.
    pub manifest: Manifest,
    shards: Vec<Vec<(String, Entry)>>,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The item's id (its file is [`item_file`]).
    pub item: u32,
    /// How many of the query's words it contains (common words not counted).
    pub matched: usize,
    /// Sum over those words of idf × impact.
    pub score: f32,
}

/// Whether a query word found in `matches` of `items` items is too common
/// to count toward how many query words an item has (like a stopword, but
/// decided by the collection: Lucene's "common terms" cutoff).
pub fn is_common(matches: usize, items: u32) -> bool {
    matches as u64 * 2 > u64::from(items)
}

impl SearchIndex {
    /// Reads the index of the site in `site_dir`, checking every shard and
    /// that every item has its file. Errors name the file.
    pub fn read(site_dir: &Path) -> Result<SearchIndex> {
        let path = site_dir.join(manifest_file());
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "reading", e))?;
        let manifest: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| Error::Other(format!("{}: not a search manifest ({e}); rebuild the site", path.display())))?;
        if manifest.format != FORMAT {
            return Err(Error::Other(format!(
                "{}: search index format {} (this briefing reads {FORMAT}); rebuild the site",
                path.display(),
                manifest.format
            )));
        }
        let mut shards = Vec::with_capacity(manifest.shards.len());
        for (n, first) in manifest.shards.iter().enumerate() {
            let path = site_dir.join(shard_file(n));
            let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "reading", e))?;
            let entries = decode_shard(&bytes).map_err(|e| {
                Error::Other(format!("{}: damaged search shard: {e}; rebuild the site", path.display()))
            })?;
            let in_range = entries.iter().all(|(key, entry)| {
                key >= first
                    && manifest.shards.get(n + 1).is_none_or(|next| key < next)
                    && entry.postings.iter().flat_map(|p| &p.ids).all(|&id| id < manifest.items)
            });
            if !in_range {
                return Err(Error::Other(format!(
                    "{}: keys or item ids outside what the manifest says; rebuild the site",
                    path.display()
                )));
            }
            shards.push(entries);
        }
        if let Some(missing) = (0..manifest.items as usize).map(item_file).find(|f| !site_dir.join(f).is_file()) {
            return Err(Error::Other(format!(
                "{}: missing, though the search index lists it; rebuild the site",
                site_dir.join(missing).display()
            )));
        }
        Ok(SearchIndex { manifest, shards })
    }

    /// The entry under `key`, if any.
    pub fn lookup(&self, key: &str) -> Option<&Entry> {
        let shard = self.manifest.shards.partition_point(|first| first.as_str() <= key).saturating_sub(1);
        let entries = self.shards.get(shard)?;
        entries.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &entries[i].1)
    }

    /// Items matching `query`: those with the most query words first (not
    /// counting [common](is_common) ones), then by score, then by id (newer
    /// documents first).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let mut keys: Vec<(String, bool)> = Vec::new();
        for_each_piece(query, |piece| {
            let key = match piece {
                Piece::Word { form, .. } => (form.to_string(), true),
                Piece::Gram(gram) => (gram.to_string(), false),
            };
            if !keys.contains(&key) {
                keys.push(key);
            }
        });
        let n = self.manifest.items as f32;
        let mut hits: HashMap<u32, Hit> = HashMap::new();
        for (key, is_word) in &keys {
            let mut best: HashMap<u32, f32> = HashMap::new();
            for term in self.terms(key, *is_word) {
                let Some(postings) = self.lookup(&term).and_then(|e| e.postings.as_ref()) else { continue };
                let df = postings.ids.len() as f32;
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                for (&id, &impact) in postings.ids.iter().zip(&postings.impacts) {
                    let score = idf * f32::from(impact);
                    let slot = best.entry(id).or_insert(0.0);
                    *slot = slot.max(score);
                }
            }
            let counts = !is_common(best.len(), self.manifest.items);
            for (id, score) in best {
                let hit = hits.entry(id).or_insert(Hit { item: id, matched: 0, score: 0.0 });
                hit.matched += usize::from(counts);
                hit.score += score;
            }
        }
        let mut hits: Vec<Hit> = hits.into_values().collect();
        hits.sort_by(|a, b| b.matched.cmp(&a.matched).then(b.score.total_cmp(&a.score)).then(a.item.cmp(&b.item)));
        hits
    }

    /// The index terms a query key stands for: its entry's terms, else
    /// (for a word) the longest indexed term it starts with.
    fn terms(&self, key: &str, is_word: bool) -> Vec<String> {
        if let Some(entry) = self.lookup(key) {
            return entry.terms(key).into_iter().map(str::to_string).collect();
        }
        if !is_word {
            return Vec::new();
        }
        let chars: Vec<(usize, char)> = key.char_indices().collect();
        let shortest = MIN_PREFIX_CHARS.max(chars.len().saturating_sub(MAX_PREFIX_REST));
        (shortest..chars.len())
            .rev()
            .map(|len| &key[..chars[len].0])
            .find(|prefix| self.lookup(prefix).is_some_and(|e| e.postings.is_some()))
            .map(|p| vec![p.to_string()])
            .unwrap_or_default()
    }

    /// The card of item `id`, read from the site in `site_dir`.
    pub fn card(site_dir: &Path, id: u32) -> Result<ItemCard> {
        let path = site_dir.join(item_file(id as usize));
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "reading", e))?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Other(format!("{}: not a search item ({e})", path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::search::encode;
    use crate::site::search::items::Item;

    fn item(title: &str, body: &str, language: &str) -> Item {
        Item::for_test(title, body, language)
    }

    /// Writes the index of `items` to a temporary site folder and reads it back.
    fn index_of(items: &[Item]) -> (tempfile::TempDir, SearchIndex) {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in encode(items).unwrap().files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let index = SearchIndex::read(dir.path()).unwrap();
        (dir, index)
    }

    fn ids(hits: &[Hit]) -> Vec<u32> {
        hits.iter().map(|h| h.item).collect()
    }

    #[test]
    fn items_with_every_query_word_come_first() {
        let (_dir, index) = index_of(&[
            item("Grain", "grain grain grain grain harvest figures", "en"),
            item("Talks", "grain exports and sanctions were discussed", "en"),
            item("Other", "nothing relevant here at all", "en"),
            item("Filler", "nothing relevant either", "en"),
        ]);
        let hits = index.search("grain sanctions");
        assert_eq!(ids(&hits), [1, 0]);
        assert_eq!(hits[0].matched, 2);
    }

    #[test]
    fn rare_words_weigh_more_than_common_ones() {
        let mut items: Vec<Item> = (0..8).map(|i| item(&format!("D{i}"), "ministry statement today", "en")).collect();
        items.push(item("Rare", "ministry statement about Rosatom", "en"));
        items.push(item("Common", "ministry ministry statement", "en"));
        let (_dir, index) = index_of(&items);
        let hits = index.search("ministry rosatom");
        assert_eq!(hits[0].item, 8, "{hits:?}");
        let rosatom_only = index.search("rosatom");
        assert_eq!(ids(&rosatom_only), [8]);
    }

    #[test]
    fn any_form_of_a_word_finds_the_others() {
        let (_dir, index) =
            index_of(&[item("A", "The agency reported new figures.", "en"), item("B", "unrelated", "en")]);
        assert_eq!(ids(&index.search("reports")), [0], "unknown form falls back to its stem");
        assert_eq!(ids(&index.search("REPORTED")), [0]);
        assert_eq!(ids(&index.search("reporting")), [0]);
    }

    #[test]
    fn diacritics_and_scripts_are_found() {
        let (_dir, index) = index_of(&[
            item("Café", "Le café de la gare a fermé.", "fr"),
            item("Модель", "Президент потребовал создать суверенные модели.", "ru"),
            item("模型", "俄罗斯总统要求开发人工智能模型。", "zh"),
        ]);
        assert_eq!(ids(&index.search("cafe ferme")), [0]);
        assert_eq!(ids(&index.search("модель")), [1]);
        assert_eq!(ids(&index.search("суверенная")), [1]);
        assert_eq!(ids(&index.search("人工智能")), [2]);
    }

    #[test]
    fn equal_scores_keep_id_order() {
        let (_dir, index) = index_of(&[item("X", "budget vote", "en"), item("Y", "budget vote", "en")]);
        assert_eq!(ids(&index.search("budget")), [0, 1]);
    }

    #[test]
    fn words_in_most_items_are_found_but_do_not_decide_coverage() {
        let mut items: Vec<Item> = (0..4).map(|i| item(&format!("F{i}"), "the weather today", "en")).collect();
        items.push(item("X", "the budget", "en"));
        items.push(item("Y", "sanctions sanctions sanctions", "en"));
        let (_dir, index) = index_of(&items);
        assert_eq!(index.search("the").len(), 5, "common words are searchable");
        // X has two of the words, but one is "the"; Y's rare word weighs more.
        assert_eq!(ids(&index.search("the budget sanctions"))[..2], [5, 4]);
    }

    #[test]
    fn a_damaged_shard_is_reported_with_its_file() {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in encode(&[item("A", "text", "en")]).unwrap().files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        std::fs::write(dir.path().join(shard_file(0)), b"bsi1\x05").unwrap();
        let err = SearchIndex::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("s/0.bin") && err.contains("rebuild"), "{err}");
    }

    #[test]
    fn cards_are_read_back() {
        let (dir, index) = index_of(&[item("Grain deal", "text", "en")]);
        let hit = &index.search("grain")[0];
        assert_eq!(SearchIndex::card(dir.path(), hit.item).unwrap().url, "grain-deal/");
    }
}
