//! A fast hasher for the analysis's many small keys (words, ids).
//!
//! The standard library's SipHash resists hash flooding, which matters for
//! maps an attacker fills over a network; here the keys are words of local
//! files, looked up millions of times, so a multiply-rotate hash (the one
//! rustc uses, "FxHash") is the better trade. Deterministic, so iteration
//! orders are stable from run to run as well.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: for each machine word of input, rotate, xor, multiply.
#[derive(Default, Clone, Copy)]
pub struct FastHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;
/// A `HashSet` with [`FastHasher`].
pub type FastSet<K> = HashSet<K, BuildHasherDefault<FastHasher>>;

/// A `HashMap` for large tables keyed by words (word lists, per-thread
/// memories). FxHash keeps the low bits of a short key's hash, which pick
/// its bucket, close to the key's first bytes, so a big table of words
/// clusters into long probe runs of string comparisons; foldhash mixes
/// every byte into them. Seeded with a constant, so deterministic too.
pub type WordMap<K, V> = HashMap<K, V, foldhash::fast::FixedState>;
/// A `HashSet` like [`WordMap`].
pub type WordSet<K> = HashSet<K, foldhash::fast::FixedState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_with_the_fast_hasher_find_what_was_put_in() {
        let mut map: FastMap<String, u32> = FastMap::default();
        for (i, word) in ["a", "abcdefgh", "abcdefghi", "", "Путин"].iter().enumerate() {
            map.insert(word.to_string(), i as u32);
        }
        assert_eq!(map.get("abcdefghi"), Some(&2));
        assert_eq!(map.get(""), Some(&3));
        assert_eq!(map.get("Путин"), Some(&4));
        assert_eq!(map.get("abcdefg"), None);
    }

    #[test]
    fn equal_keys_hash_equal_and_different_ones_differ() {
        use std::hash::BuildHasher;
        let build = BuildHasherDefault::<FastHasher>::default();
        assert_eq!(build.hash_one("word"), build.hash_one("word"));
        assert_ne!(build.hash_one("word"), build.hash_one("ward"));
    }
}
