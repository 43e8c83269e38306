//! The binary shard format, written here and read by `search.js` (and by
//! [`decode_shard`] for checks and tests).
//!
//! A shard holds the entries of a contiguous range of keys, sorted by
//! their UTF-8 bytes:
//!
//! ```text
//! shard   = "bsi1" count:varint entry*
//! entry   = shared:varint suffix_len:varint suffix:bytes flags:u8
//!           [if flags & 2: stems:varint (len:varint bytes)*]        -- word form → its stems
//!           [if flags & 1: df:varint size:varint delta:varint* impact:u8*]  -- postings
//! ```
//!
//! A key is front-coded against the previous key of the shard (`shared`
//! bytes kept, `suffix` appended). Postings are item ids ascending, the
//! first as is and the others as gaps, then one impact byte per item (its
//! precomputed BM25 term weight, see `index.rs`); `size` is the byte length
//! of ids and impacts together, so a reader can skip them.

use std::fmt;

/// Every shard starts with these bytes (format version 1).
pub const MAGIC: &[u8; 4] = b"bsi1";

const HAS_POSTINGS: u8 = 1;
const HAS_STEMS: u8 = 2;

/// The items a term occurs in, with its weight in each.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Postings {
    /// Item ids, ascending.
    pub ids: Vec<u32>,
    /// Quantised term weight per item (1..=255), same order as `ids`.
    pub impacts: Vec<u8>,
}

/// What the index knows under one key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    /// When the key is a word form whose index terms differ from itself:
    /// those terms (its stems, across the languages it occurs in).
    pub stems: Option<Vec<String>>,
    /// When the key is an index term: the items it occurs in.
    pub postings: Option<Postings>,
}

impl Entry {
    /// The index terms a query word with this key stands for.
    pub fn terms<'a>(&'a self, key: &'a str) -> Vec<&'a str> {
        match &self.stems {
            Some(stems) => stems.iter().map(String::as_str).collect(),
            None => vec![key],
        }
    }
}

/// Why a shard could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// Byte offset where reading failed.
    pub at: usize,
    /// What was wrong.
    pub what: &'static str,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.at)
    }
}

impl std::error::Error for FormatError {}

/// Appends `value` as a LEB128 varint (7 bits per byte, low bits first).
pub fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Encodes postings as the gap-coded ids followed by the impacts.
pub fn encode_postings(postings: &Postings, out: &mut Vec<u8>) {
    let mut previous = 0u32;
    for (n, &id) in postings.ids.iter().enumerate() {
        put_varint(out, u64::from(if n == 0 { id } else { id - previous }));
        previous = id;
    }
    out.extend_from_slice(&postings.impacts);
}

/// Encodes sorted `(key, entry)` pairs as one shard.
pub fn encode_shard<'a>(entries: impl ExactSizeIterator<Item = (&'a str, &'a Entry)>) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, entries.len() as u64);
    let mut previous: &[u8] = &[];
    let mut block = Vec::new();
    for (key, entry) in entries {
        let key = key.as_bytes();
        let shared = previous.iter().zip(key).take_while(|(a, b)| a == b).count();
        put_varint(&mut out, shared as u64);
        put_varint(&mut out, (key.len() - shared) as u64);
        out.extend_from_slice(&key[shared..]);
        let flags = u8::from(entry.postings.is_some()) * HAS_POSTINGS + u8::from(entry.stems.is_some()) * HAS_STEMS;
        out.push(flags);
        if let Some(stems) = &entry.stems {
            put_varint(&mut out, stems.len() as u64);
            for stem in stems {
                put_varint(&mut out, stem.len() as u64);
                out.extend_from_slice(stem.as_bytes());
            }
        }
        if let Some(postings) = &entry.postings {
            block.clear();
            encode_postings(postings, &mut block);
            put_varint(&mut out, postings.ids.len() as u64);
            put_varint(&mut out, block.len() as u64);
            out.extend_from_slice(&block);
        }
        previous = key;
    }
    out
}

/// Reads a shard back. Never panics, whatever the bytes.
pub fn decode_shard(bytes: &[u8]) -> Result<Vec<(String, Entry)>, FormatError> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(MAGIC.len())? != MAGIC {
        return Err(FormatError { at: 0, what: "not a search index shard (bad magic bytes)" });
    }
    let count = reader.count()?;
    let mut entries: Vec<(String, Entry)> = Vec::with_capacity(count.min(bytes.len()));
    let mut key: Vec<u8> = Vec::new();
    for _ in 0..count {
        let shared = reader.count()?;
        if shared > key.len() {
            return Err(reader.error("shared prefix longer than the previous key"));
        }
        key.truncate(shared);
        let suffix = reader.count()?;
        key.extend_from_slice(reader.take(suffix)?);
        let text = std::str::from_utf8(&key).map_err(|_| reader.error("key is not UTF-8"))?.to_string();
        if entries.last().is_some_and(|(k, _)| k.as_bytes() >= key.as_slice()) {
            return Err(reader.error("keys out of order"));
        }
        let flags = reader.byte()?;
        let mut entry = Entry::default();
        if flags & HAS_STEMS != 0 {
            let n = reader.count()?;
            let mut stems = Vec::with_capacity(n.min(64));
            for _ in 0..n {
                let len = reader.count()?;
                let stem = std::str::from_utf8(reader.take(len)?).map_err(|_| reader.error("stem is not UTF-8"))?;
                stems.push(stem.to_string());
            }
            entry.stems = Some(stems);
        }
        if flags & HAS_POSTINGS != 0 {
            entry.postings = Some(reader.postings()?);
        }
        entries.push((text, entry));
    }
    Ok(entries)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, what: &'static str) -> FormatError {
        FormatError { at: self.at, what }
    }

    fn byte(&mut self) -> Result<u8, FormatError> {
        let byte = *self.bytes.get(self.at).ok_or_else(|| self.error("unexpected end of shard"))?;
        self.at += 1;
        Ok(byte)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], FormatError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or_else(|| self.error("unexpected end of shard"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn varint(&mut self) -> Result<u64, FormatError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.error("varint too long"))
    }

    /// A varint used as a length or count: bounded by what is left.
    fn count(&mut self) -> Result<usize, FormatError> {
        let value = self.varint()?;
        usize::try_from(value).ok().filter(|&v| v <= self.bytes.len()).ok_or_else(|| self.error("count too large"))
    }

    fn postings(&mut self) -> Result<Postings, FormatError> {
        let df = self.count()?;
        let size = self.count()?;
        let block = self.take(size)?;
        let mut inner = Reader { bytes: block, at: 0 };
        let mut ids = Vec::with_capacity(df);
        let mut id = 0u64;
        for n in 0..df {
            let gap = inner.varint()?;
            if n > 0 && gap == 0 {
                return Err(self.error("postings not ascending"));
            }
            id = id.checked_add(gap).filter(|&i| i <= u64::from(u32::MAX)).ok_or_else(|| self.error("id too large"))?;
            ids.push(id as u32);
        }
        let impacts = inner.take(df)?.to_vec();
        if inner.at != block.len() {
            return Err(self.error("postings size does not match their content"));
        }
        Ok(Postings { ids, impacts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn postings(ids: &[u32], impacts: &[u8]) -> Option<Postings> {
        Some(Postings { ids: ids.to_vec(), impacts: impacts.to_vec() })
    }

    #[test]
    fn varints_use_seven_bits_per_byte() {
        let mut out = Vec::new();
        for v in [0, 127, 128, 300] {
            put_varint(&mut out, v);
        }
        assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2]);
    }

    #[test]
    fn postings_are_gap_coded_then_impacts() {
        let mut out = Vec::new();
        encode_postings(&Postings { ids: vec![5, 7, 300], impacts: vec![9, 8, 7] }, &mut out);
        assert_eq!(out, [5, 2, 0xa5, 2, 9, 8, 7]);
    }

    #[test]
    fn keys_are_front_coded_and_shards_round_trip() {
        let entries = vec![
            ("report".to_string(), Entry { stems: None, postings: postings(&[0, 3, 4], &[200, 10, 1]) }),
            ("reported".to_string(), Entry { stems: Some(vec!["report".into()]), postings: None }),
            ("модел".to_string(), Entry { stems: None, postings: postings(&[70_000], &[255]) }),
        ];
        let bytes = encode_shard(entries.iter().map(|(k, e)| (k.as_str(), e)));
        // The second key shares "report" with the first: 6 bytes kept, "ed" added.
        let second = bytes.windows(4).position(|w| w == [6, 2, b'e', b'd']);
        assert!(second.is_some(), "{bytes:?}");
        assert_eq!(decode_shard(&bytes).unwrap(), entries);
    }

    #[test]
    fn entry_terms_are_its_stems_or_its_own_key() {
        let alias = Entry { stems: Some(vec!["run".into(), "runn".into()]), postings: None };
        assert_eq!(alias.terms("running"), ["run", "runn"]);
        assert_eq!(Entry::default().terms("run"), ["run"]);
    }

    #[test]
    fn damaged_shards_are_errors() {
        assert!(decode_shard(b"nope").is_err());
        let entries = [("a".to_string(), Entry { stems: None, postings: postings(&[1, 2], &[3, 4]) })];
        let bytes = encode_shard(entries.iter().map(|(k, e)| (k.as_str(), e)));
        for cut in 0..bytes.len() {
            assert!(decode_shard(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    proptest! {
        #[test]
        fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let mut with_magic = MAGIC.to_vec();
            with_magic.extend_from_slice(&bytes);
            let _ = decode_shard(&bytes);
            let _ = decode_shard(&with_magic);
        }

        #[test]
        fn any_sorted_entries_round_trip(
            keys in proptest::collection::btree_set("\\PC{1,12}", 0..20),
            ids in proptest::collection::btree_set(0u32..1_000_000, 1..30),
        ) {
            let ids: Vec<u32> = ids.into_iter().collect();
            let impacts: Vec<u8> = ids.iter().map(|&i| (i % 255) as u8 + 1).collect();
            let entries: Vec<(String, Entry)> = keys
                .into_iter()
                .enumerate()
                .map(|(n, k)| {
                    let stems = (n % 2 == 0).then(|| vec![format!("{k}x")]);
                    (k, Entry { stems, postings: Some(Postings { ids: ids.clone(), impacts: impacts.clone() }) })
                })
                .collect();
            let bytes = encode_shard(entries.iter().map(|(k, e)| (k.as_str(), e)));
            prop_assert_eq!(decode_shard(&bytes).unwrap(), entries);
        }
    }
}
