//! MinHash signatures and locality-sensitive hashing (LSH) by bands: the
//! way to find documents that share much of a set (of shingles, of key
//! terms) without comparing every document with every other.
//!
//! Two sets' signatures agree at a position with probability equal to the
//! sets' Jaccard similarity. Cut into bands of `rows` values, two
//! signatures land in the same bucket of some band with probability
//! `1 - (1 - J^rows)^bands`: a steep S-curve, so similar pairs become
//! candidates and dissimilar ones almost never do. Work is linear in the
//! number of documents (times the bucket sizes, which are bounded).

use std::hash::{BuildHasher, BuildHasherDefault};

use rayon::prelude::*;

use super::super::hash::FastHasher;

/// Hash functions for MinHash signatures of `len` values: one
/// multiply-xorshift hash per position, from a fixed seed, so signatures
/// are comparable across documents and builds.
pub struct MinHasher {
    keys: Vec<u64>,
}

impl MinHasher {
    /// `len` hash functions derived from `seed`.
    pub fn new(len: usize, seed: u64) -> MinHasher {
        let mut state = seed;
        MinHasher { keys: (0..len).map(|_| splitmix(&mut state) | 1).collect() }
    }

    /// The signature of a set given as item hashes: per function, the
    /// smallest hash of any item. Empty for an empty set.
    pub fn signature(&self, items: impl Iterator<Item = u64>) -> Vec<u32> {
        let mut mins = vec![u32::MAX; self.keys.len()];
        let mut any = false;
        for item in items {
            any = true;
            for (min, &key) in mins.iter_mut().zip(&self.keys) {
                *min = (*min).min(mix(item, key));
            }
        }
        if any { mins } else { Vec::new() }
    }
}

/// A signature built one item at a time with a single hash per item
/// ("one permutation hashing"): each item falls in one of `len` bins and
/// only the smallest value per bin is kept. For large sets (every
/// shingle of a document) this costs one hash per item instead of `len`.
pub struct BinnedSignature {
    bins: Vec<u32>,
}

impl BinnedSignature {
    /// An empty signature of `len` bins.
    pub fn new(len: usize) -> BinnedSignature {
        BinnedSignature { bins: vec![u32::MAX; len] }
    }

    /// Adds an item by its hash.
    pub fn add(&mut self, item: u64) {
        let hashed = mix64(item, 0x9e37_79b9_7f4a_7c15);
        let bin = (hashed % self.bins.len() as u64) as usize;
        let value = (hashed >> 32) as u32;
        self.bins[bin] = self.bins[bin].min(value);
    }

    /// The signature. Empty bins borrow the value of the next full bin
    /// (circularly), tagged by distance, so that two small sets agree on an
    /// empty bin about as often as a full one ("densification"). Empty if
    /// nothing was added.
    pub fn finish(self) -> Vec<u32> {
        let len = self.bins.len();
        if self.bins.iter().all(|&b| b == u32::MAX) {
            return Vec::new();
        }
        let mut out = self.bins.clone();
        for (i, slot) in out.iter_mut().enumerate().filter(|(_, v)| **v == u32::MAX) {
            let mut distance = 1;
            while self.bins[(i + distance) % len] == u32::MAX {
                distance += 1;
            }
            let borrowed = self.bins[(i + distance) % len];
            *slot = borrowed.rotate_left(distance as u32) ^ distance as u32;
        }
        out
    }
}

/// The share of positions where two signatures agree: an estimate of
/// their sets' Jaccard similarity (0 when either is empty).
pub fn similarity(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f32 / a.len() as f32
}

/// How signatures are cut for bucketing.
#[derive(Debug, Clone, Copy)]
pub struct Bands {
    /// How many bands.
    pub bands: usize,
    /// Values per band.
    pub rows: usize,
    /// A bucket holding more documents than twice this is read as a
    /// sequence (the documents in the order given) in which each one is
    /// paired with the next `window` only, so a value everything shares
    /// costs linear work, not quadratic.
    pub window: usize,
    /// Dated documents further apart than this many days are not paired
    /// (`None`: dates do not matter). Where a corpus shares its vocabulary,
    /// buckets gather reports from months apart; pairing only those within
    /// days keeps the candidates few and growing linearly.
    pub gap: Option<i32>,
}

/// Two documents whose signatures share a bucket in some band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The earlier document (`a < b`).
    pub a: u32,
    /// The later one.
    pub b: u32,
    /// In how many bands they share a bucket: more is more alike.
    pub bands: u32,
}

/// Pairs of documents whose signatures share a bucket in some band; each
/// pair once, sorted. Empty signatures take no part. `days` are the
/// documents' day numbers; the documents must come in order of day,
/// undated last, so that a crowded bucket's neighbours are close in time.
pub fn candidates(signatures: &[&[u32]], days: &[Option<i32>], bands: Bands) -> Vec<Candidate> {
    debug_assert!(days.windows(2).all(|w| w[0].is_none() <= w[1].is_none() && (w[1].is_none() || w[0] <= w[1])));
    let build = BuildHasherDefault::<FastHasher>::default();
    let within = |a: u32, b: u32| match (days[a as usize], days[b as usize]) {
        (Some(x), Some(y)) => bands.gap.is_none_or(|gap| (y - x).abs() <= gap),
        _ => true,
    };
    // Per band, (bucket, document) sorted: each bucket a run, its
    // documents in the order given. Pairs as `a << 32 | b`, once per band
    // they share.
    let mut pairs: Vec<u64> = (0..bands.bands)
        .into_par_iter()
        .flat_map_iter(|band| {
            let rows = band * bands.rows..(band + 1) * bands.rows;
            let mut members: Vec<(u64, u32)> = signatures
                .iter()
                .enumerate()
                .filter_map(|(doc, signature)| Some((build.hash_one((band, signature.get(rows.clone())?)), doc as u32)))
                .collect();
            members.sort_unstable();
            let mut pairs = Vec::new();
            for bucket in members.chunk_by(|x, y| x.0 == y.0).filter(|b| b.len() > 1) {
                let window = if bucket.len() > 2 * bands.window { bands.window } else { bucket.len() };
                for (i, &(_, a)) in bucket.iter().enumerate() {
                    let next = bucket.iter().skip(i + 1).take(window).map(|&(_, b)| b);
                    pairs.extend(next.filter(|&b| within(a, b)).map(|b| (u64::from(a) << 32) | u64::from(b)));
                }
            }
            pairs
        })
        .collect();
    pairs.par_sort_unstable();
    pairs
        .chunk_by(|x, y| x == y)
        .map(|run| Candidate { a: (run[0] >> 32) as u32, b: run[0] as u32, bands: run.len() as u32 })
        .collect()
}

/// The candidates each document ranks among its `per_document` best:
/// most bands shared first, then the nearest in the order given (in time,
/// for [`candidates`]). A pair stays if either of its documents ranks it.
///
/// Where a corpus dwells on one subject, the documents of a week share
/// some bucket with many others, and more the denser the corpus is. The
/// buckets two documents share grow with how much their sets overlap, so
/// reports of one event tend to rank first, while the pairs to check stay
/// a fixed number per document however dense the corpus grows. (A report
/// of an event told in words that overlap less than those of `per_document`
/// other neighbours, on both sides, can be passed over: the price of that
/// bound.)
pub fn strongest(candidates: Vec<Candidate>, per_document: usize) -> Vec<Candidate> {
    // Each candidate from both ends: (document, rank, other document,
    // candidate index); the rank sorts most bands first, then nearest.
    let mut ends: Vec<(u32, u64, u32, u32)> = candidates
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            let rank = (u64::from(u32::MAX - c.bands) << 32) | u64::from(c.b - c.a);
            [(c.a, rank, c.b, i as u32), (c.b, rank, c.a, i as u32)]
        })
        .collect();
    ends.par_sort_unstable();
    let mut kept = vec![false; candidates.len()];
    for ranked in ends.chunk_by(|x, y| x.0 == y.0) {
        for &(_, _, _, i) in ranked.iter().take(per_document) {
            kept[i as usize] = true;
        }
    }
    candidates.into_iter().zip(kept).filter_map(|(c, keep)| keep.then_some(c)).collect()
}

/// One step of SplitMix64: well-spread keys from a simple seed.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An item's hash under one key, as 32 bits.
fn mix(item: u64, key: u64) -> u32 {
    (mix64(item, key) >> 32) as u32
}

/// An item's hash under one key (the MurmurHash3 finaliser).
fn mix64(item: u64, key: u64) -> u64 {
    let mut z = item ^ key;
    z = (z ^ (z >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    z = (z ^ (z >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    z ^ (z >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(range: std::ops::Range<u64>) -> impl Iterator<Item = u64> {
        range.map(|i| i.wrapping_mul(0x1234_5678_9abc_def1))
    }

    fn pairs_of(candidates: Vec<Candidate>) -> Vec<(u32, u32)> {
        candidates.into_iter().map(|c| (c.a, c.b)).collect()
    }

    #[test]
    fn signature_agreement_estimates_jaccard_similarity() {
        let hasher = MinHasher::new(256, 7);
        let a = hasher.signature(set(0..100));
        let b = hasher.signature(set(50..150)); // J = 50 / 150
        let estimate = similarity(&a, &b);
        assert!((estimate - 1.0 / 3.0).abs() < 0.1, "{estimate}");
        assert_eq!(similarity(&a, &hasher.signature(set(0..100))), 1.0);
        assert!(similarity(&a, &hasher.signature(set(1000..1100))) < 0.05);
        assert!(hasher.signature(std::iter::empty()).is_empty());
    }

    #[test]
    fn binned_signatures_estimate_it_too_even_for_small_sets() {
        let binned = |range: std::ops::Range<u64>| {
            let mut s = BinnedSignature::new(128);
            set(range).for_each(|x| s.add(x));
            s.finish()
        };
        let estimate = similarity(&binned(0..2000), &binned(500..2500)); // J = 0.6
        assert!((estimate - 0.6).abs() < 0.12, "{estimate}");
        let small = similarity(&binned(0..20), &binned(0..20));
        assert_eq!(small, 1.0);
        assert!(similarity(&binned(0..20), &binned(100..120)) < 0.1);
        assert!(BinnedSignature::new(8).finish().is_empty());
    }

    #[test]
    fn lsh_pairs_similar_signatures_and_not_dissimilar_ones() {
        let hasher = MinHasher::new(64, 1);
        let signatures = [
            hasher.signature(set(0..100)),
            hasher.signature(set(5..105)), // J ≈ 0.9 with the first
            hasher.signature(set(500..600)),
            Vec::new(),
        ];
        let refs: Vec<&[u32]> = signatures.iter().map(Vec::as_slice).collect();
        let pairs = candidates(&refs, &[None; 4], Bands { bands: 16, rows: 4, window: 8, gap: None });
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].a, pairs[0].b), (0, 1));
        assert!(pairs[0].bands > 1, "J = 0.9 shares most bands: {:?}", pairs[0]);
    }

    #[test]
    fn a_crowded_bucket_pairs_each_document_with_its_next_neighbours_only() {
        let one = vec![1u32; 4];
        let signatures: Vec<&[u32]> = (0..100).map(|_| one.as_slice()).collect();
        let pairs = pairs_of(candidates(&signatures, &[None; 100], Bands { bands: 1, rows: 4, window: 3, gap: None }));
        assert_eq!(pairs.len(), 97 * 3 + 2 + 1);
        assert!(pairs.contains(&(10, 13)) && !pairs.contains(&(10, 14)));
    }

    #[test]
    fn candidates_grow_linearly_when_every_document_shares_every_bucket() {
        // n documents, four a day, all alike in every band: a bucket of
        // all; each is paired with its next window (8) only, and, with a
        // gap of 1 day, only those within a day of it (the other three of
        // its day and four of the next): at most 7 pairs each, however
        // large n is.
        let one = vec![1u32; 8];
        for n in [100usize, 1000, 10_000] {
            let signatures: Vec<&[u32]> = (0..n).map(|_| one.as_slice()).collect();
            let days: Vec<Option<i32>> = (0..n).map(|d| Some(d as i32 / 4)).collect();
            let no_gap = Bands { bands: 2, rows: 4, window: 8, gap: None };
            assert_eq!(candidates(&signatures, &days, no_gap).len(), (n - 8) * 8 + 8 * 7 / 2);
            let capped = strongest(candidates(&signatures, &days, no_gap), 3);
            assert!(capped.len() <= 3 * n, "{}", capped.len());
            let pairs = pairs_of(candidates(&signatures, &days, Bands { gap: Some(1), ..no_gap }));
            assert_eq!(pairs.len(), (n / 4 - 1) * (6 + 16) + 6);
            assert!(pairs.iter().all(|&(a, b)| b / 4 - a / 4 <= 1));
        }
    }

    #[test]
    fn each_document_keeps_its_candidates_sharing_most_bands_then_the_nearest() {
        let c = |a, b, bands| Candidate { a, b, bands };
        // Document 0 is a candidate of 1 to 4 and shares most bands with 3;
        // of the rest, 1 is nearest. Documents 1, 2 and 4 have two better
        // candidates each (7 and 8), so nothing else keeps (0, 2) or (0, 4).
        let mut all = vec![c(0, 1, 1), c(0, 2, 1), c(0, 3, 5), c(0, 4, 1)];
        for d in [1, 2, 4] {
            all.extend([c(d, 7, 3), c(d, 8, 3)]);
        }
        all.sort_by_key(|c| (c.a, c.b));
        let kept = pairs_of(strongest(all.clone(), 2));
        assert_eq!(kept, [(0, 1), (0, 3), (1, 7), (1, 8), (2, 7), (2, 8), (4, 7), (4, 8)]);
        assert_eq!(strongest(all.clone(), 9), all, "none dropped when every document has few");
    }

    #[test]
    fn undated_documents_pair_whatever_the_gap() {
        let one = vec![1u32; 4];
        let signatures: Vec<&[u32]> = vec![one.as_slice(); 3];
        let days = [Some(0), Some(100), None];
        let pairs = pairs_of(candidates(&signatures, &days, Bands { bands: 1, rows: 4, window: 8, gap: Some(7) }));
        assert_eq!(pairs, [(0, 2), (1, 2)]);
    }
}
