//! What the index remembers between builds: the terms found in each item
//! it read, by the fingerprint of the item's [`View`](super::items::View),
//! so that a rebuild reads (makes, tokenizes and stems) only the items
//! that changed. Reading is most of the index's time: about 300 ms of a
//! 10,000-document rebuild after one seed changed.
//!
//! Terms and word forms are stored once, and items refer to them by ids
//! that stay the same from build to build (new ones are appended), so a
//! remembered item is used as it is. Ids no item uses any more are dropped
//! when they outnumber the live ones (`Memory::compact`). Each item's ids
//! are packed as delta-coded varints: a tenth of the memory the index's
//! postings take, and one block of bytes to save and load.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::fingerprint::Fingerprint;

/// The terms of the items of the last build.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    /// Every term, by id.
    pub(super) terms: Vec<String>,
    /// Word forms that differ from their term: `(form, term id)`, by id.
    pub(super) forms: Vec<(String, u32)>,
    /// What each item was read as, by the key of its view; sorted by key.
    pub(super) items: Vec<(Fingerprint, Read)>,
}

/// What one item was read as.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Read {
    /// The fingerprint of its card.
    pub card: Fingerprint,
    /// Its weighted length (see [`super::index`]).
    pub length: u32,
    /// `(term id, weighted count)`, by id ([`pack_counts`]).
    #[serde(with = "serde_bytes")]
    pub terms: Vec<u8>,
    /// Ids of the word forms it contains ([`pack_ids`]).
    #[serde(with = "serde_bytes")]
    pub forms: Vec<u8>,
}

impl Read {
    /// Its `(term id, weighted count)` pairs.
    pub fn terms(&self) -> Counts<'_> {
        Counts(Varints::new(&self.terms))
    }

    /// Its word forms' ids.
    pub fn forms(&self) -> Ids<'_> {
        Ids(Varints::new(&self.forms))
    }
}

impl Memory {
    /// The remembered item whose view has the fingerprint `key`.
    pub(super) fn position(&self, key: Fingerprint) -> Option<usize> {
        self.items.binary_search_by_key(&key, |(k, _)| *k).ok()
    }

    /// Whether every id in it points where it should: a damaged cache file
    /// can decode into well-formed nonsense, which must not be indexed.
    pub fn is_sound(&self) -> bool {
        let (terms, forms) = (self.terms.len(), self.forms.len());
        self.forms.iter().all(|(_, t)| (*t as usize) < terms)
            && self.items.windows(2).all(|w| w[0].0 < w[1].0)
            && self.items.iter().all(|(_, read)| {
                Varints::new(&read.terms).sound(true, terms) && Varints::new(&read.forms).sound(false, forms)
            })
    }

    /// Keeps the remembered items at the positions `used` and adds the
    /// `fresh` ones, for the next build; `live` is how many terms they use.
    pub(super) fn update(
        &mut self,
        used: impl Iterator<Item = usize>,
        fresh: impl Iterator<Item = (Fingerprint, Read)>,
        live: usize,
    ) {
        let mut keep = vec![false; self.items.len()];
        used.for_each(|at| keep[at] = true);
        let mut keep = keep.into_iter();
        self.items.retain(|_| keep.next().unwrap_or(false));
        self.items.extend(fresh);
        self.items.par_sort_unstable_by_key(|(key, _)| *key);
        self.items.dedup_by_key(|(key, _)| *key);
        self.compact(live);
    }

    /// Renumbers the terms and forms that `self.items` use, dropping the
    /// others, once the `live` terms (those the items use) are fewer than
    /// half: each build appends the terms of the items it read, and a long
    /// `serve` session of edits would otherwise grow the memory without end.
    fn compact(&mut self, live: usize) {
        if self.terms.len() <= 2 * live + 1024 {
            return;
        }
        let mut term_ids = vec![u32::MAX; self.terms.len()];
        let mut form_ids = vec![u32::MAX; self.forms.len()];
        for (_, read) in &self.items {
            read.terms().for_each(|(t, _)| term_ids[t as usize] = 0);
            read.forms().for_each(|f| form_ids[f as usize] = 0);
        }
        let terms = renumber(std::mem::take(&mut self.terms), &mut term_ids);
        let forms = renumber(std::mem::take(&mut self.forms), &mut form_ids);
        self.forms = forms.into_iter().map(|(form, t)| (form, term_ids[t as usize])).collect();
        self.terms = terms;
        for (_, read) in &mut self.items {
            let mut counts: Vec<(u32, u32)> = read.terms().map(|(t, n)| (term_ids[t as usize], n)).collect();
            let mut forms: Vec<u32> = read.forms().map(|f| form_ids[f as usize]).collect();
            read.terms = pack_counts(&mut counts);
            read.forms = pack_ids(&mut forms);
        }
    }
}

/// Keeps the `values` whose slot in `ids` is 0 (used), in order, and
/// writes their new ids there.
fn renumber<T>(values: Vec<T>, ids: &mut [u32]) -> Vec<T> {
    let mut kept = Vec::new();
    for (value, id) in values.into_iter().zip(ids.iter_mut()) {
        if *id == 0 {
            *id = kept.len() as u32;
            kept.push(value);
        }
    }
    kept
}

/// `counts` sorted by id and packed: the gap from the previous id, then
/// the count, each a LEB128 varint.
pub(super) fn pack_counts(counts: &mut [(u32, u32)]) -> Vec<u8> {
    counts.sort_unstable();
    let mut bytes = Vec::with_capacity(counts.len() * 3);
    let mut prev = 0;
    for &(id, count) in counts.iter() {
        put_varint(&mut bytes, id - prev);
        put_varint(&mut bytes, count);
        prev = id;
    }
    bytes
}

/// `ids` sorted, deduplicated and packed as gaps (see [`pack_counts`]).
pub(super) fn pack_ids(ids: &mut Vec<u32>) -> Vec<u8> {
    ids.sort_unstable();
    ids.dedup();
    let mut bytes = Vec::with_capacity(ids.len() * 2);
    let mut prev = 0;
    for &id in ids.iter() {
        put_varint(&mut bytes, id - prev);
        prev = id;
    }
    bytes
}

fn put_varint(bytes: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

/// Reads back what [`put_varint`] wrote; stops at the end or at a
/// malformed varint (which [`Memory::is_sound`] rejects on load).
struct Varints<'a> {
    bytes: &'a [u8],
    prev: u32,
}

impl<'a> Varints<'a> {
    fn new(bytes: &'a [u8]) -> Varints<'a> {
        Varints { bytes, prev: 0 }
    }

    fn next_varint(&mut self) -> Option<u32> {
        let mut value = 0u32;
        for (n, &byte) in self.bytes.iter().enumerate().take(5) {
            value |= u32::from(byte & 0x7f).checked_shl(7 * n as u32)?;
            if byte & 0x80 == 0 {
                self.bytes = &self.bytes[n + 1..];
                return Some(value);
            }
        }
        None
    }

    fn next_id(&mut self) -> Option<u32> {
        self.prev = self.prev.checked_add(self.next_varint()?)?;
        Some(self.prev)
    }

    /// Whether it reads to the end as ids below `limit`, each above the
    /// one before, each followed by a count if `counted`.
    fn sound(mut self, counted: bool, limit: usize) -> bool {
        let mut first = true;
        while !self.bytes.is_empty() {
            let before = self.prev;
            let Some(id) = self.next_id() else { return false };
            if (id as usize) >= limit || (!first && id == before) || (counted && self.next_varint().is_none()) {
                return false;
            }
            first = false;
        }
        true
    }
}

/// The `(id, count)` pairs of [`pack_counts`].
pub(super) struct Counts<'a>(Varints<'a>);

impl Iterator for Counts<'_> {
    type Item = (u32, u32);
    fn next(&mut self) -> Option<(u32, u32)> {
        let id = self.0.next_id()?;
        Some((id, self.0.next_varint()?))
    }
}

/// The ids of [`pack_ids`].
pub(super) struct Ids<'a>(Varints<'a>);

impl Iterator for Ids<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        self.0.next_id()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read(terms: &mut [(u32, u32)], forms: &mut Vec<u32>) -> Read {
        Read { card: Fingerprint(0), length: 1, terms: pack_counts(terms), forms: pack_ids(forms) }
    }

    proptest! {
        #[test]
        fn packed_counts_and_ids_read_back(
            counts in prop::collection::btree_map(any::<u32>(), any::<u32>(), 0..50),
            ids in prop::collection::vec(any::<u32>(), 0..50),
        ) {
            let mut pairs: Vec<(u32, u32)> = counts.into_iter().rev().collect();
            let mut forms = ids.clone();
            let read = read(&mut pairs, &mut forms);
            let mut sorted = ids;
            sorted.sort_unstable();
            sorted.dedup();
            prop_assert_eq!(read.terms().collect::<Vec<_>>(), pairs);
            prop_assert_eq!(read.forms().collect::<Vec<_>>(), sorted);
        }

        #[test]
        fn unpacking_garbage_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let read = Read { card: Fingerprint(0), length: 0, terms: bytes.clone(), forms: bytes };
            let _ = read.terms().count() + read.forms().count();
            let memory = Memory { terms: vec!["a".into()], forms: vec![], items: vec![(Fingerprint(1), read)] };
            let _ = memory.is_sound();
        }
    }

    #[test]
    fn ids_out_of_range_or_unsorted_keys_are_unsound() {
        let item = |terms: &mut [(u32, u32)]| read(terms, &mut vec![]);
        let terms = vec!["a".to_string(), "b".to_string()];
        let good = Memory {
            terms: terms.clone(),
            forms: vec![("as".into(), 0)],
            items: vec![(Fingerprint(1), item(&mut [(1, 2)]))],
        };
        assert!(good.is_sound());
        let far = Memory { items: vec![(Fingerprint(1), item(&mut [(2, 1)]))], ..good.clone() };
        assert!(!far.is_sound());
        let form = Memory { forms: vec![("x".into(), 5)], ..good.clone() };
        assert!(!form.is_sound());
        let unsorted = Memory {
            items: vec![(Fingerprint(2), item(&mut [(0, 1)])), (Fingerprint(1), item(&mut [(0, 1)]))],
            ..good
        };
        assert!(!unsorted.is_sound());
    }

    #[test]
    fn compaction_keeps_what_items_use_under_new_ids() {
        let mut terms: Vec<String> = (0..3000).map(|n| format!("t{n}")).collect();
        terms[2999] = "kept".into();
        let mut forms: Vec<(String, u32)> = (0..3000).map(|n| (format!("f{n}"), n)).collect();
        forms[2999] = ("keeps".into(), 2999);
        let mut memory =
            Memory { terms, forms, items: vec![(Fingerprint(1), read(&mut [(2999, 4)], &mut vec![2999]))] };
        memory.compact(1);
        assert_eq!(memory.terms, ["kept"]);
        assert_eq!(memory.forms, [("keeps".to_string(), 0)]);
        assert_eq!(memory.items[0].1.terms().collect::<Vec<_>>(), [(0, 4)]);
        assert_eq!(memory.items[0].1.forms().collect::<Vec<_>>(), [0]);
        assert!(memory.is_sound());

        let before = memory.clone();
        memory.terms.push("one more, unused".into());
        memory.compact(1);
        assert_eq!(memory.terms.len(), before.terms.len() + 1, "a few unused terms are kept: compaction is for growth");
    }
}
