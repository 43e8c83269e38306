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
use super::memory::{Memory, Read, pack_counts, pack_ids};
use super::tokenize::{Language, Piece, for_each_piece};
use crate::fingerprint::Fingerprint;

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

/// An index, the fingerprints of its items' cards (by id), and the
/// memory of its items for the next build.
pub struct Built {
    /// The index.
    pub index: Index,
    /// Each item's card's fingerprint.
    pub cards: Vec<Fingerprint>,
    /// What the next build can start from.
    pub memory: Memory,
}

impl Index {
    /// Builds the index of `items` (their ids are their positions), with
    /// nothing remembered and nothing to remember: each item's key is its id.
    pub fn build(items: &[Item]) -> Index {
        let keys: Vec<Fingerprint> = (0..items.len()).map(|id| Fingerprint(id as u128)).collect();
        Index::build_from(&keys, Memory::default(), |id| &items[id], |_| Fingerprint::default()).index
    }

    /// Builds the index of the items whose views have the fingerprints
    /// `keys` (ids are their positions): the items `memory` remembers are
    /// used as remembered, the others are made by `item` and read, each
    /// with its card's fingerprint taken by `card`. The items are never
    /// all in memory at once: a site's text is far larger than its index.
    pub fn build_from<I: std::borrow::Borrow<Item>>(
        keys: &[Fingerprint],
        mut memory: Memory,
        item: impl Fn(usize) -> I + Sync,
        card: impl Fn(&Item) -> Fingerprint + Sync,
    ) -> Built {
        let remembered: Vec<Option<usize>> = keys.par_iter().map(|&key| memory.position(key)).collect();
        let missing: Vec<usize> = (0..keys.len()).filter(|&id| remembered[id].is_none()).collect();
        let fresh = merge(read(&missing, item, card), &mut memory);

        let mut fresh_at = vec![usize::MAX; keys.len()];
        for (n, (id, _)) in fresh.iter().enumerate() {
            fresh_at[*id] = n;
        }
        let reads: Vec<&Read> = (0..keys.len())
            .map(|id| match remembered[id] {
                Some(at) => &memory.items[at].1,
                None => &fresh[fresh_at[id]].1,
            })
            .collect();
        let index = Index::invert(&reads, &memory);
        let cards = reads.iter().map(|read| read.card).collect();
        drop(reads);

        let live = index.entries.iter().filter(|(_, entry)| entry.postings.is_some()).count();
        let fresh = fresh.into_iter().map(|(id, read)| (keys[id], read));
        memory.update(remembered.into_iter().flatten(), fresh, live);
        Built { index, cards, memory }
    }

    /// The index of the items `reads` (by id), whose ids refer to `memory`.
    fn invert(reads: &[&Read], memory: &Memory) -> Index {
        let total: u64 = reads.iter().map(|read| u64::from(read.length)).sum();
        let average = (total as f32 / reads.len().max(1) as f32).max(1.0);
        // The items are cut into one run per thread, each of which fills
        // its own part of every term's postings.
        let run = reads.len().div_ceil(rayon::current_num_threads()).max(1);
        let counted: Vec<(Vec<u32>, Vec<bool>)> = reads
            .par_chunks(run)
            .map(|reads| {
                let mut df = vec![0u32; memory.terms.len()];
                let mut used_forms = vec![false; memory.forms.len()];
                for read in reads {
                    read.terms().for_each(|(term, _)| df[term as usize] += 1);
                    read.forms().for_each(|form| used_forms[form as usize] = true);
                }
                (df, used_forms)
            })
            .collect();
        let mut df = vec![0usize; memory.terms.len()];
        let mut used_forms = vec![false; memory.forms.len()];
        for (run_df, run_forms) in &counted {
            df.iter_mut().zip(run_df).for_each(|(n, m)| *n += *m as usize);
            used_forms.iter_mut().zip(run_forms).for_each(|(used, u)| *used |= *u);
        }
        let mut postings: Vec<Postings> =
            df.iter().map(|&n| Postings { ids: vec![0; n], impacts: vec![0; n] }).collect();
        let mut parts: Vec<Vec<(&mut [u32], &mut [u8])>> = counted.iter().map(|_| Vec::new()).collect();
        for (term, p) in postings.iter_mut().enumerate() {
            let (mut ids, mut impacts) = (&mut p.ids[..], &mut p.impacts[..]);
            for (part, (run_df, _)) in parts.iter_mut().zip(&counted) {
                let (run_ids, rest) = std::mem::take(&mut ids).split_at_mut(run_df[term] as usize);
                let (run_impacts, rest_impacts) = std::mem::take(&mut impacts).split_at_mut(run_df[term] as usize);
                (ids, impacts) = (rest, rest_impacts);
                part.push((run_ids, run_impacts));
            }
        }
        reads.par_chunks(run).zip(parts).enumerate().for_each(|(n, (reads, mut part))| {
            let mut filled = vec![0usize; part.len()];
            for (offset, read) in reads.iter().enumerate() {
                let norm = K1 * (1.0 - B + B * read.length as f32 / average);
                // Most counts are small: each is weighed once per item.
                let mut weights = [0u8; 16];
                for (term, tf) in read.terms() {
                    let weight = match weights.get_mut(tf as usize) {
                        Some(known) if *known != 0 => *known,
                        Some(unknown) => {
                            *unknown = impact(tf, norm);
                            *unknown
                        }
                        None => impact(tf, norm),
                    };
                    let (ids, impacts) = &mut part[term as usize];
                    let at = &mut filled[term as usize];
                    ids[*at] = (n * run + offset) as u32;
                    impacts[*at] = weight;
                    *at += 1;
                }
            }
        });

        // Terms no item has any more are not indexed: the index is what a
        // build from scratch would make.
        let mut live: HashMap<&str, usize> = HashMap::new();
        let mut entries: Vec<(String, Entry)> = Vec::new();
        for ((term, p), n) in memory.terms.iter().zip(postings).zip(df) {
            if n > 0 {
                live.insert(term, entries.len());
                entries.push((term.clone(), Entry { stems: None, postings: Some(p) }));
            }
        }
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::new();
        for ((form, term), _) in memory.forms.iter().zip(used_forms).filter(|(_, used)| *used) {
            forms.entry(form).or_default().push(&memory.terms[*term as usize]);
        }
        for (form, mut stems) in forms {
            let own = live.get(form).copied();
            if own.is_some() {
                stems.push(form);
            }
            stems.sort_unstable();
            stems.dedup();
            let stems = Some(stems.into_iter().map(str::to_string).collect());
            match own {
                Some(at) => entries[at].1.stems = stems,
                None => entries.push((form.to_string(), Entry { stems, postings: None })),
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
/// stemmed once, and each distinct term and word form gets a dense local id.
#[derive(Default)]
struct Vocabulary {
    /// Per language code, the term of each lowercased word seen.
    languages: HashMap<String, Words>,
    /// Term → local id.
    ids: HashMap<String, u32>,
    /// Local id → term.
    terms: Vec<String>,
    /// Word forms that differ from their term: (form, local term id), by
    /// local form id.
    forms: Vec<(String, u32)>,
}

struct Words {
    language: Language,
    /// By [`word_key`] of the lowercased word: its term and its form's
    /// id ([`NO_FORM`] when the form is the term).
    terms: HashMap<u128, (u32, u32)>,
}

/// See [`Words::terms`].
const NO_FORM: u32 = u32::MAX;

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

/// The id of `value`, added when new.
fn intern<Q, K>(ids: &mut HashMap<K, u32>, values: &mut Vec<K>, value: &Q) -> u32
where
    Q: ToOwned<Owned = K> + std::hash::Hash + Eq + ?Sized,
    K: std::borrow::Borrow<Q> + std::hash::Hash + Eq + Clone,
{
    if let Some(&id) = ids.get(value) {
        return id;
    }
    let id = values.len() as u32;
    ids.insert(value.to_owned(), id);
    values.push(value.to_owned());
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
    /// Local form ids met in the item being read.
    forms: Vec<u32>,
    /// Per local form id, whether it is in `forms`.
    form_met: Vec<bool>,
    /// The items read, by id, with local ids.
    items: Vec<(u32, Counted)>,
}

/// An item's terms with their weighted counts, its weighted length (for
/// BM25's length normalisation), its word forms and its card's fingerprint.
struct Counted {
    terms: Vec<(u32, u32)>,
    length: u32,
    forms: Vec<u32>,
    card: Fingerprint,
}

impl Worker {
    fn add(&mut self, id: u32, item: &Item, card: Fingerprint) {
        let Worker { vocabulary, counts, touched, forms: met, form_met, items } = self;
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
                    Piece::Word { lower, form } => {
                        let (term, form) = *words.terms.entry(word_key(lower)).or_insert_with(|| {
                            let stem = words.language.stem(lower);
                            let term = intern(ids, terms, stem.as_str());
                            if stem == form {
                                return (term, NO_FORM);
                            }
                            forms.push((form.to_string(), term));
                            (term, forms.len() as u32 - 1)
                        });
                        if form != NO_FORM {
                            let slot = form as usize;
                            if slot >= form_met.len() {
                                form_met.resize(slot + 1, false);
                            }
                            if !std::mem::replace(&mut form_met[slot], true) {
                                met.push(form);
                            }
                        }
                        term
                    }
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
        met.iter().for_each(|&form| form_met[form as usize] = false);
        items.push((id, Counted { terms, length, forms: std::mem::take(met), card }));
    }
}

/// Reads the items `ids` that `item` makes, each with its card's
/// fingerprint taken by `card`.
fn read<I: std::borrow::Borrow<Item>>(
    ids: &[usize],
    item: impl Fn(usize) -> I + Sync,
    card: impl Fn(&Item) -> Fingerprint + Sync,
) -> Vec<Worker> {
    // A few large chunks, not many small ones: each worker stems and
    // interns every word of its vocabulary once, so fewer workers is less
    // repeated work (two per thread still balance the load).
    let chunk = ids.len().div_ceil(rayon::current_num_threads() * 2).max(1);
    ids.par_chunks(chunk)
        .map(|ids| {
            let mut worker = Worker::default();
            for &id in ids {
                let item = item(id);
                worker.add(id as u32, item.borrow(), card(item.borrow()));
            }
            worker
        })
        .collect()
}

/// Adds the workers' vocabularies to `memory`'s, and returns every item
/// they read with its ids in it.
fn merge(workers: Vec<Worker>, memory: &mut Memory) -> Vec<(usize, Read)> {
    if workers.iter().all(|w| w.items.is_empty()) {
        return Vec::new();
    }
    let mut term_ids: HashMap<String, u32> = memory.terms.iter().cloned().zip(0..).collect();
    let mut form_ids: HashMap<(String, u32), u32> = memory.forms.iter().cloned().zip(0..).collect();
    // The vocabularies one after another (a few thousand words each), then
    // the items, which are many, side by side.
    let mut merged = Vec::with_capacity(workers.len());
    for worker in workers {
        let Vocabulary { terms, forms, .. } = worker.vocabulary;
        let global: Vec<u32> = terms.iter().map(|t| intern(&mut term_ids, &mut memory.terms, t.as_str())).collect();
        let global_forms: Vec<u32> = forms
            .into_iter()
            .map(|(form, term)| intern(&mut form_ids, &mut memory.forms, &(form, global[term as usize])))
            .collect();
        merged.push((global, global_forms, worker.items));
    }
    merged
        .into_par_iter()
        .flat_map_iter(|(global, global_forms, items)| {
            items.into_iter().map(move |(id, counted)| {
                let mut terms: Vec<(u32, u32)> = counted.terms.iter().map(|&(t, n)| (global[t as usize], n)).collect();
                let mut forms: Vec<u32> = counted.forms.iter().map(|&f| global_forms[f as usize]).collect();
                let (terms, forms) = (pack_counts(&mut terms), pack_ids(&mut forms));
                (id as usize, Read { card: counted.card, length: counted.length, terms, forms })
            })
        })
        .collect()
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
    use crate::fingerprint::Hasher;
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

    /// Keys that stand for the items' views: their fingerprints.
    fn keys(items: &[Item]) -> Vec<Fingerprint> {
        let key = |i: &Item| Hasher::new().str(&i.heading).str(&i.body).str(&i.language).value(&i.card).finish();
        items.iter().map(key).collect()
    }

    /// Builds `items` from `memory`, counting the items it had to make.
    fn build_remembering(items: &[Item], memory: Memory) -> (Built, usize) {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let built = Index::build_from(
            &keys(items),
            memory,
            |id| {
                made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                &items[id]
            },
            |item| crate::fingerprint::of_value(&item.card),
        );
        (built, made.into_inner())
    }

    #[test]
    fn a_rebuild_reads_only_new_items_and_indexes_what_a_fresh_build_does() {
        let first = [
            item("Reports", "The committee reported its findings on sanctions.", "en"),
            item("Berichte", "Der Ausschuss berichtete über Sanktionen.", "de"),
            item("Gone", "walking walked uniquewords only here", "en"),
        ];
        let (built, made) = build_remembering(&first, Memory::default());
        assert_eq!(made, 3);
        // One changed, one removed, one unchanged moved to another id, one new.
        let second = [
            item("Reports", "The committee reported nothing new.", "en"),
            item("Berichte", "Der Ausschuss berichtete über Sanktionen.", "de"),
            item("新闻", "俄罗斯人工智能 and reports", "zh"),
        ];
        let (rebuilt, made) = build_remembering(&second, built.memory);
        assert_eq!(made, 2, "the unchanged item is remembered");
        let fresh = Index::build(&second);
        assert_eq!(rebuilt.index.entries, fresh.entries);
        assert_eq!(rebuilt.index.shard_starts, fresh.shard_starts);
        assert!(entry(&fresh, "walk").is_none() && entry(&fresh, "walked").is_none(), "removed words are gone");
        let cards: Vec<Fingerprint> = second.iter().map(|i| crate::fingerprint::of_value(&i.card)).collect();
        assert_eq!(rebuilt.cards, cards);
        assert_eq!(rebuilt.memory.items.len(), 3, "only the items of this build are remembered");

        let (again, made) = build_remembering(&second, rebuilt.memory);
        assert_eq!((made, again.index.entries), (0, fresh.entries));
    }

    #[test]
    fn unused_terms_are_dropped_from_the_memory_once_they_are_the_most() {
        let words = |n: usize| (0..3000).map(|w| format!("w{n}x{w}")).collect::<Vec<_>>().join(" ");
        let (mut built, _) = build_remembering(&[item("", &words(0), "xx")], Memory::default());
        for n in 1..4 {
            let items = [item("", &words(n), "xx")];
            (built, _) = build_remembering(&items, built.memory);
            assert_eq!(built.index.entries, Index::build(&items).entries);
        }
        assert!(built.memory.terms.len() < 2 * 3000 + 1024, "{}", built.memory.terms.len());
        assert!(built.memory.is_sound());
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
