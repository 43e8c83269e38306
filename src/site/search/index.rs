//! Building the index: items → terms → postings with BM25 weights →
//! shards of about [`SHARD_TARGET_BYTES`] each.
//!
//! Ranking is BM25 split in two: the term-frequency part, which needs the
//! item's length, is computed here and stored as one "impact" byte per
//! posting; the browser multiplies it by the term's idf (from the number
//! of postings) and adds over the query's terms. So a query needs nothing
//! but the shards of its words.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use foldhash::{HashMap, HashMapExt};

use rayon::prelude::*;

use super::format::{Entry, Postings, encode_shard};
use super::items::Item;
use super::tokenize::{Language, Piece, for_each_piece};

/// BM25's term-frequency saturation.
pub const K1: f32 = 1.2;
/// BM25's length normalisation (0: none, 1: full).
pub const B: f32 = 0.75;
/// A word in a title, name or keyword counts this many times.
pub const HEADING_WEIGHT: u32 = 3;
/// A shard is closed once it holds this many bytes (a single term with
/// more postings makes a larger one).
pub const SHARD_TARGET_BYTES: usize = 16 * 1024;

/// The index in memory: every key with its entry, sorted, cut into shards.
#[derive(Debug, Default)]
pub struct Index {
    /// `(key, entry)` sorted by key bytes.
    pub entries: Vec<(String, Entry)>,
    /// Start of each shard in `entries` (the first is 0).
    pub shard_starts: Vec<usize>,
}

impl Index {
    /// Builds the index of `items` (their ids are their positions).
    pub fn build(items: &[Item]) -> Index {
        Index::build_from(items.len(), |id| &items[id], drop).0
    }

    /// Builds the index of `count` items that `item` makes one at a time
    /// (ids are `0..count`), handing each to `then` once it is read and
    /// keeping what that returns, in id order. The items are never all in
    /// memory at once: a site's text is far larger than its index.
    pub fn build_from<I, T>(
        count: usize,
        item: impl Fn(usize) -> I + Sync,
        then: impl Fn(I) -> T + Sync,
    ) -> (Index, Vec<T>)
    where
        I: std::borrow::Borrow<Item>,
        T: Send,
    {
        // A few large chunks, not many small ones: each worker stems and
        // interns every word of its vocabulary once, so fewer workers is less
        // repeated work (two per thread still balance the load).
        let chunk = count.div_ceil(rayon::current_num_threads() * 2).max(1);
        let (workers, kept): (Vec<Worker>, Vec<Vec<T>>) = (0..count.div_ceil(chunk))
            .into_par_iter()
            .map(|n| {
                let mut worker = Worker::default();
                let ids = n * chunk..((n + 1) * chunk).min(count);
                let mut kept = Vec::with_capacity(ids.len());
                for id in ids {
                    let item = item(id);
                    worker.add(id as u32, item.borrow());
                    kept.push(then(item));
                }
                (worker, kept)
            })
            .unzip();
        let kept = kept.into_iter().flatten().collect();
        (Index::from_workers(workers, count), kept)
    }

    fn from_workers(workers: Vec<Worker>, count: usize) -> Index {
        let Merged { terms, term_ids, forms, items: analysed } = merge(workers, count);

        let total: u64 = analysed.iter().map(|c| u64::from(c.length)).sum();
        let average = (total as f32 / analysed.len().max(1) as f32).max(1.0);
        let mut df = vec![0usize; terms.len()];
        for (term, _) in analysed.iter().flat_map(|c| &c.terms) {
            df[*term as usize] += 1;
        }
        let mut postings: Vec<Postings> =
            df.into_iter().map(|n| Postings { ids: Vec::with_capacity(n), impacts: Vec::with_capacity(n) }).collect();
        for (id, counted) in analysed.into_iter().enumerate() {
            let norm = K1 * (1.0 - B + B * counted.length as f32 / average);
            for (term, tf) in counted.terms {
                let p = &mut postings[term as usize];
                p.ids.push(id as u32);
                p.impacts.push(impact(tf, norm));
            }
        }

        let mut entries: Vec<(String, Entry)> =
            terms.into_iter().zip(postings).map(|(t, p)| (t, Entry { stems: None, postings: Some(p) })).collect();
        for (form, stem_ids) in forms {
            let mut stems: Vec<String> = stem_ids.iter().map(|&t| entries[t as usize].0.clone()).collect();
            let own = term_ids.get(&form).copied();
            if own.is_some() {
                stems.push(form.clone());
            }
            stems.sort_unstable();
            stems.dedup();
            match own {
                Some(t) => entries[t as usize].1.stems = Some(stems),
                None => entries.push((form, Entry { stems: Some(stems), postings: None })),
            }
        }
        entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let shard_starts = shard_starts(&entries);
        Index { entries, shard_starts }
    }

    /// The shards, encoded, in key order.
    pub fn encode_shards(&self) -> Vec<Vec<u8>> {
        let ends = self.shard_starts.iter().skip(1).copied().chain([self.entries.len()]);
        let ranges: Vec<(usize, usize)> = self.shard_starts.iter().copied().zip(ends).collect();
        ranges
            .par_iter()
            .map(|&(start, end)| encode_shard(self.entries[start..end].iter().map(|(k, e)| (k.as_str(), e))))
            .collect()
    }

    /// The first key of every shard but the first (which starts at "").
    pub fn boundaries(&self) -> Vec<&str> {
        self.shard_starts.iter().skip(1).map(|&s| self.entries[s].0.as_str()).collect()
    }
}

/// The quantised BM25 term weight of a term occurring `tf` times in an
/// item whose length normalisation is `norm` (`K1·(1−B+B·len/avg)`).
/// 1..=255, where 255 is the most a term can weigh (`K1 + 1`).
pub fn impact(tf: u32, norm: f32) -> u8 {
    let tf = tf as f32;
    let weight = tf * (K1 + 1.0) / (tf + norm);
    (weight / (K1 + 1.0) * 255.0).round().clamp(1.0, 255.0) as u8
}

/// Words already seen by one worker: each distinct word of a language is
/// stemmed once, and each distinct term gets a dense local id.
#[derive(Default)]
struct Vocabulary {
    /// Per language code, the term of each lowercased word seen.
    languages: HashMap<String, Words>,
    /// Term → local id.
    ids: HashMap<String, u32>,
    /// Local id → term.
    terms: Vec<String>,
    /// Word forms that differ from their term: (form, local term id).
    forms: Vec<(String, u32)>,
}

struct Words {
    language: Language,
    /// By [`word_key`] of the lowercased word.
    terms: HashMap<u128, u32>,
}

/// A 128-bit key for a word, so the hot map compares numbers and never
/// follows a pointer to a string (two foldhash hashes with different
/// seeds; two of the few hundred thousand words of a site colliding is
/// about as likely as 2^-90).
fn word_key(word: &str) -> u128 {
    const SEEDS: (u64, u64) = (0x9e37_79b9_7f4a_7c15, 0xc2b2_ae3d_27d4_eb4f);
    let first = FixedState::with_seed(SEEDS.0).hash_one(word);
    let second = FixedState::with_seed(SEEDS.1).hash_one(word);
    (u128::from(first) << 64) | u128::from(second)
}

/// The id of `term`, added when new.
fn intern(ids: &mut HashMap<String, u32>, terms: &mut Vec<String>, term: &str) -> u32 {
    if let Some(&id) = ids.get(term) {
        return id;
    }
    let id = terms.len() as u32;
    ids.insert(term.to_string(), id);
    terms.push(term.to_string());
    id
}

/// What one worker thread made of the items it was given.
#[derive(Default)]
struct Worker {
    vocabulary: Vocabulary,
    /// Weighted count per local term id of the item being read; zero between items.
    counts: Vec<u32>,
    /// Term ids counted in the item being read.
    touched: Vec<u32>,
    /// The items read, by id, with local term ids.
    items: Vec<(u32, Counted)>,
}

/// An item's terms with their weighted counts, and its weighted length
/// (for BM25's length normalisation).
#[derive(Debug, Clone, Default)]
struct Counted {
    terms: Vec<(u32, u32)>,
    length: u32,
}

impl Worker {
    fn add(&mut self, id: u32, item: &Item) {
        let Worker { vocabulary, counts, touched, items } = self;
        let Vocabulary { languages, ids, terms, forms } = vocabulary;
        if !languages.contains_key(&item.language) {
            let words = Words { language: Language::new(&item.language), terms: HashMap::new() };
            languages.insert(item.language.clone(), words);
        }
        let Some(words) = languages.get_mut(&item.language) else { return };
        let mut length = 0u32;
        for (text, weight) in [(&item.heading, HEADING_WEIGHT), (&item.body, 1)] {
            for_each_piece(text, |piece| {
                let term = match piece {
                    Piece::Word { lower, form } => match words.terms.get(&word_key(lower)) {
                        Some(&term) => term,
                        None => {
                            let stem = words.language.stem(lower);
                            let term = intern(ids, terms, &stem);
                            if stem != form {
                                forms.push((form.to_string(), term));
                            }
                            words.terms.insert(word_key(lower), term);
                            term
                        }
                    },
                    Piece::Gram(gram) => intern(ids, terms, gram),
                };
                let slot = term as usize;
                if slot >= counts.len() {
                    counts.resize(slot + 1, 0);
                }
                if counts[slot] == 0 {
                    touched.push(term);
                }
                counts[slot] += weight;
                length += weight;
            });
        }
        let terms = touched.drain(..).map(|t| (t, std::mem::take(&mut counts[t as usize]))).collect();
        items.push((id, Counted { terms, length }));
    }
}

/// The workers' vocabularies made one, and every item's terms in it.
struct Merged {
    /// Global id → term.
    terms: Vec<String>,
    /// Term → global id.
    term_ids: HashMap<String, u32>,
    /// Word form → ids of the terms it stands for.
    forms: HashMap<String, Vec<u32>>,
    /// Per item, by id, with global term ids.
    items: Vec<Counted>,
}

fn merge(workers: Vec<Worker>, item_count: usize) -> Merged {
    let mut merged = Merged {
        terms: Vec::new(),
        term_ids: HashMap::new(),
        forms: HashMap::new(),
        items: vec![Default::default(); item_count],
    };
    for worker in workers {
        let global: Vec<u32> =
            worker.vocabulary.terms.iter().map(|t| intern(&mut merged.term_ids, &mut merged.terms, t)).collect();
        for (form, term) in worker.vocabulary.forms {
            let stems = merged.forms.entry(form).or_default();
            if !stems.contains(&global[term as usize]) {
                stems.push(global[term as usize]);
            }
        }
        for (id, mut counted) in worker.items {
            for (term, _) in &mut counted.terms {
                *term = global[*term as usize];
            }
            merged.items[id as usize] = counted;
        }
    }
    merged
}

/// Where each shard starts: entries are added until the shard's (slightly
/// overestimated) size reaches [`SHARD_TARGET_BYTES`].
fn shard_starts(entries: &[(String, Entry)]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut size = 0;
    for (n, (key, entry)) in entries.iter().enumerate() {
        if size >= SHARD_TARGET_BYTES {
            starts.push(n);
            size = 0;
        }
        size += estimated_size(key, entry);
    }
    starts
}

fn estimated_size(key: &str, entry: &Entry) -> usize {
    let stems: usize = entry.stems.iter().flatten().map(|s| s.len() + 1).sum();
    let postings = entry.postings.as_ref().map_or(0, |p| {
        let gaps: usize =
            p.ids.iter().scan(0u32, |prev, &id| Some((id - std::mem::replace(prev, id)).max(1))).map(varint_len).sum();
        gaps + p.impacts.len() + 6
    });
    key.len() + 3 + stems + postings
}

fn varint_len(value: u32) -> usize {
    (32 - value.leading_zeros()).div_ceil(7).max(1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::search::items::Item;

    fn item(title: &str, body: &str, language: &str) -> Item {
        Item::for_test(title, body, language)
    }

    fn entry<'a>(index: &'a Index, key: &str) -> Option<&'a Entry> {
        index.entries.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &index.entries[i].1)
    }

    #[test]
    fn terms_are_stems_and_word_forms_point_to_them() {
        let index = Index::build(&[item("Reports", "The committee reported its findings.", "en")]);
        let report = entry(&index, "report").expect("stem indexed");
        assert_eq!(report.postings.as_ref().unwrap().ids, [0]);
        assert_eq!(entry(&index, "reported").unwrap().stems.as_deref(), Some(&["report".to_string()][..]));
        assert!(entry(&index, "the").is_some(), "common words are indexed too");
    }

    #[test]
    fn a_form_that_is_also_a_term_keeps_both() {
        // "news" stays "news" in English; the Russian stemmer has no say on
        // Latin words, so use a form that one language stems and another does not.
        let index = Index::build(&[item("", "reports", "en"), item("", "reports", "xx")]);
        let reports = entry(&index, "reports").unwrap();
        assert_eq!(reports.stems.as_deref(), Some(&["report".to_string(), "reports".to_string()][..]));
        assert_eq!(reports.postings.as_ref().unwrap().ids, [1]);
    }

    #[test]
    fn cjk_text_is_indexed_as_bigrams() {
        let index = Index::build(&[item("", "俄罗斯人工智能", "zh")]);
        assert!(entry(&index, "人工").is_some() && entry(&index, "智能").is_some());
    }

    #[test]
    fn more_occurrences_weigh_more_and_longer_items_less() {
        assert!(impact(3, K1) > impact(1, K1));
        assert!(impact(1, K1 * 0.5) > impact(1, K1 * 2.0));
        assert!(impact(1000, 0.1) == 255 && impact(1, 1000.0) == 1);
    }

    #[test]
    fn title_words_outweigh_body_words() {
        let index =
            Index::build(&[item("Sanctions", "other words here", "en"), item("Other", "sanctions words here", "en")]);
        let p = entry(&index, "sanction").unwrap().postings.clone().unwrap();
        assert_eq!(p.ids, [0, 1]);
        assert!(p.impacts[0] > p.impacts[1], "{:?}", p.impacts);
    }

    #[test]
    fn shards_are_cut_by_size_in_key_order() {
        let words: Vec<String> = (0..4000).map(|i| format!("w{i:05}")).collect();
        let items: Vec<Item> = words.chunks(10).map(|c| item("", &c.join(" "), "xx")).collect();
        let index = Index::build(&items);
        assert!(index.shard_starts.len() > 1);
        let shards = index.encode_shards();
        assert_eq!(shards.len(), index.shard_starts.len());
        for shard in &shards[..shards.len() - 1] {
            assert!(shard.len() <= SHARD_TARGET_BYTES + 64, "{}", shard.len());
        }
        let boundaries = index.boundaries();
        assert!(boundaries.windows(2).all(|w| w[0] < w[1]));
    }
}
