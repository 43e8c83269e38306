//! Full-text search with no server: an index written with the site, which
//! `static/search.js` queries in the browser, fetching only what a query
//! needs.
//!
//! Files, all under `search/`:
//!
//! - `index.json`: the [`Manifest`] (item count, a version for cache
//!   busting, and the first key of each shard); the only file loaded
//!   with the search page.
//! - `s/<n>.bin`: shards of the inverted index (format in [`mod@format`]),
//!   each holding a contiguous range of keys; a query word loads the one
//!   shard its key falls in (and rarely a second, for its stem).
//! - `i/<id>.json`: one [`items::ItemCard`] per searchable item (title,
//!   URL, kind, publisher, date, text for snippets), loaded only for the
//!   results shown.
//!
//! What a word is lives in [`tokenize`] (mirrored by the script); how items
//! are weighted in [`index`]; [`reader`] reads the files back and answers
//! queries the way the script does, for checks and tests.

pub mod format;
pub mod index;
pub mod items;
pub mod memory;
pub mod reader;
pub mod tokenize;

use serde::{Deserialize, Serialize};

use super::context::Inputs;
use crate::error::{Error, Result};
use crate::fingerprint::Fingerprint;
use index::{Built, Index};
pub use memory::Memory;
use rayon::prelude::*;

/// Folder of the index in the output: the search page's own.
const DIR: &str = super::urls::SEARCH;
/// Version of the file formats (shards and manifest), checked by readers.
pub const FORMAT: u32 = 1;

/// The manifest, relative to the output root.
pub fn manifest_file() -> String {
    format!("{DIR}index.json")
}

/// The shard file `n`, relative to the output root.
pub fn shard_file(n: usize) -> String {
    format!("{DIR}s/{n}.bin")
}

/// The item file of item `id`, relative to the output root.
pub fn item_file(id: usize) -> String {
    format!("{DIR}i/{id}.json")
}

/// The index's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: u32,
    /// Changes whenever any index file does; the script appends it to the
    /// URLs it fetches so a browser never mixes files of two builds.
    pub version: String,
    /// Number of items (ids are `0..items`).
    pub items: u32,
    /// First key of each shard, in order (the first is "").
    pub shards: Vec<String>,
}

/// The index files of a site and what they hold.
#[derive(Debug, Default)]
pub struct SearchFiles {
    /// `(path relative to the output root, bytes)`: the manifest and the
    /// shards.
    pub files: Vec<(String, Vec<u8>)>,
    /// The fingerprint of each item's card, by id: the cards themselves
    /// are made by [`Cards`] where one must be written, rather than held
    /// all at once (they are most of the index's bytes, 500 MB at 100,000
    /// documents).
    pub cards: Vec<Fingerprint>,
    /// Counts and sizes, for the build log.
    pub stats: SearchStats,
}

/// Counts and sizes of an index.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SearchStats {
    /// Documents, pages, entities and topics indexed.
    pub items: usize,
    /// Index terms (stems and bigrams).
    pub terms: usize,
    /// Word forms that point to other terms.
    pub forms: usize,
    /// Shard files.
    pub shards: usize,
    /// Bytes of the largest shard.
    pub largest_shard: usize,
    /// Bytes of the manifest and the shards together (the cards are made
    /// later, see [`SearchFiles::cards`]).
    pub bytes: usize,
}

/// Builds the search index of the site's documents, entities and topics,
/// reading only the items `memory` (of the last build) does not remember;
/// returns the memory for the next build with the files.
///
/// The index depends on every document's metadata and body and on every
/// entity and topic (`Dep::DocMeta`, `Dep::DocBody`, `Dep::Entity`,
/// `Dep::Topic` of all of them), so it is made whole on every build (from
/// what each item was read as); its output is deterministic, so files
/// whose bytes did not change are kept as they are by the output stage.
pub fn build(inputs: &Inputs, memory: Memory) -> Result<(SearchFiles, Memory)> {
    let sources = items::sources(inputs);
    let views: Vec<items::View> = sources.par_iter().map(|&source| items::view(inputs, source)).collect();
    let keys: Vec<Fingerprint> = views.par_iter().map(items::View::key).collect();
    let Built { index, cards, memory } = Index::build_from(&keys, memory, |id| views[id].item(), card_print);
    Ok((finish(&index, cards)?, memory))
}

/// Makes the item files of [`build`]'s index, one at a time.
pub struct Cards<'a> {
    inputs: &'a Inputs<'a>,
    sources: Vec<items::Source>,
}

impl<'a> Cards<'a> {
    /// The cards of the index of `inputs`.
    pub fn new(inputs: &'a Inputs<'a>) -> Cards<'a> {
        Cards { inputs, sources: items::sources(inputs) }
    }

    /// The item file of item `id`.
    pub fn card(&self, id: usize) -> Result<Vec<u8>> {
        let source = self.sources.get(id).copied();
        let source = source.ok_or_else(|| Error::Other(format!("the search index has no item {id}")))?;
        card_json(&items::item(self.inputs, source))
    }
}

/// The index files of `items` (ids are their positions), cards included.
pub fn encode(items: &[items::Item]) -> Result<SearchFiles> {
    let index = Index::build(items);
    let prints = items.iter().map(card_print).collect();
    let mut encoded = finish(&index, prints)?;
    for (id, item) in items.iter().enumerate() {
        encoded.files.push((item_file(id), card_json(item)?));
    }
    Ok(encoded)
}

/// The fingerprint of `item`'s card: it changes whenever its item file
/// does, and is taken without making the file.
fn card_print(item: &items::Item) -> Fingerprint {
    crate::fingerprint::of_value(&item.card)
}

/// The item file of `item`.
fn card_json(item: &items::Item) -> Result<Vec<u8>> {
    serde_json::to_vec(&item.card).map_err(|e| Error::Other(format!("encoding the search index: {e}")))
}

/// The manifest and shards of `index`, whose items' cards have the
/// fingerprints `cards`.
fn finish(index: &Index, cards: Vec<Fingerprint>) -> Result<SearchFiles> {
    let shards = index.encode_shards();
    let mut hasher = crate::fingerprint::Hasher::new();
    for bytes in &shards {
        hasher.bytes(bytes);
    }
    for card in &cards {
        hasher.fingerprint(*card);
    }
    let mut first_keys = vec![String::new()];
    first_keys.extend(index.boundaries().into_iter().map(str::to_string));
    let manifest = Manifest {
        format: FORMAT,
        version: format!("{:012x}", hasher.finish().0 >> 80),
        items: u32::try_from(cards.len()).map_err(|_| Error::Other("too many items to index".to_string()))?,
        shards: first_keys,
    };
    let manifest =
        serde_json::to_vec(&manifest).map_err(|e| Error::Other(format!("encoding the search index: {e}")))?;

    let stats = SearchStats {
        items: cards.len(),
        terms: index.entries.iter().filter(|(_, e)| e.postings.is_some()).count(),
        forms: index.entries.iter().filter(|(_, e)| e.stems.is_some()).count(),
        shards: shards.len(),
        largest_shard: shards.iter().map(Vec::len).max().unwrap_or(0),
        bytes: manifest.len() + shards.iter().map(Vec::len).sum::<usize>(),
    };
    let mut files = Vec::with_capacity(1 + shards.len());
    files.push((manifest_file(), manifest));
    files.extend(shards.into_iter().enumerate().map(|(n, bytes)| (shard_file(n), bytes)));
    Ok(SearchFiles { files, cards, stats })
}
