//! Fingerprints: 128-bit content hashes of plain data, used to tell what
//! changed between builds (a page is rendered again only when the
//! fingerprint of what it is made from changed) and to catch damaged cache
//! records.
//!
//! The hash is XXH3-128: nothing here defends against a forger (the cache
//! and the output are the user's own files), and it is about ten times as
//! fast as a cryptographic hash on the hundreds of MB a large build
//! fingerprints. (A page's `generated` checksum, which people see and
//! which must stay stable across versions, is [`crate::seed::hash_parts`].)

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

/// A 128-bit hash of some data. Stored as its 16 bytes (see
/// [`crate::packed`]): caches hold hundreds of thousands of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint(
    #[serde(serialize_with = "crate::packed::serialize_one", deserialize_with = "crate::packed::deserialize_one")]
    pub  u128,
);

/// Builds a fingerprint from several parts.
///
/// Small parts are gathered in a buffer and fed to the hash in large
/// chunks: hashing thousands of tiny values one `update` at a time cost
/// more than the hashing itself.
pub struct Hasher {
    hash: Xxh3,
    pending: Vec<u8>,
}

/// The buffer is flushed when it grows past this.
const CHUNK: usize = 16 * 1024;
/// Parts at least this long go to the hash directly: copying a document's
/// text into the buffer took longer than hashing it.
const DIRECT: usize = 1024;
/// Parts up to this long are copied into the buffer byte by byte.
const TINY: usize = 8;

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

impl Hasher {
    /// An empty hasher.
    pub fn new() -> Hasher {
        Hasher { hash: Xxh3::new(), pending: Vec::new() }
    }

    /// Adds a byte string, prefixed with its length so that consecutive
    /// parts cannot run together.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.raw(&(bytes.len() as u64).to_le_bytes());
        self.raw(bytes);
        self
    }

    /// Adds `bytes` as they are. Most parts are a byte or two (lengths,
    /// small numbers in postcard's encoding), which are pushed one by one:
    /// a call to `memcpy` for each cost more than the hashing (some 5% of a
    /// one-seed rebuild's CPU at 10,000 documents).
    fn raw(&mut self, bytes: &[u8]) {
        if bytes.len() >= DIRECT {
            self.flush();
            self.hash.update(bytes);
            return;
        }
        if bytes.len() <= TINY {
            self.pending.extend(bytes.iter().copied());
        } else {
            self.pending.extend_from_slice(bytes);
        }
        self.flush_if_full();
    }

    /// Adds a string.
    pub fn str(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    /// Adds another fingerprint.
    pub fn fingerprint(&mut self, fp: Fingerprint) -> &mut Self {
        self.pending.extend_from_slice(&fp.0.to_le_bytes());
        self.flush_if_full();
        self
    }

    /// Adds any serialisable value, in postcard's encoding: compact, with
    /// no escaping (JSON's string escaping was a third of the cost of
    /// fingerprinting a site's data), and self-delimiting for a given type,
    /// so values added one after another cannot run together.
    ///
    /// # Panics
    /// When `value` cannot be encoded: postcard needs the length of every
    /// sequence up front, which all of briefing's data gives.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        if let Err(e) = postcard::serialize_with_flavor(value, Encoded(self)) {
            panic!("a fingerprinted value could not be encoded: {e}");
        }
        self
    }

    /// The fingerprint of everything added so far.
    pub fn finish(&self) -> Fingerprint {
        let mut hash = self.hash.clone();
        hash.update(&self.pending);
        Fingerprint(hash.digest128())
    }

    fn flush_if_full(&mut self) {
        if self.pending.len() >= CHUNK {
            self.flush();
        }
    }

    fn flush(&mut self) {
        self.hash.update(&self.pending);
        self.pending.clear();
    }
}

/// Where [`Hasher::value`] encodes a value: into the hash, the way
/// [`Hasher::raw`] adds bytes.
struct Encoded<'a>(&'a mut Hasher);

impl postcard::ser_flavors::Flavor for Encoded<'_> {
    type Output = ();

    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.0.raw(&[byte]);
        Ok(())
    }

    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        self.0.raw(bytes);
        Ok(())
    }

    fn finalize(self) -> postcard::Result<()> {
        Ok(())
    }
}

/// The fingerprint of one byte string, hashed in place.
pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
    Fingerprint(xxhash_rust::xxh3::xxh3_128(bytes))
}

/// The fingerprint of one serialisable value.
pub fn of_value<T: Serialize + ?Sized>(value: &T) -> Fingerprint {
    Hasher::new().value(value).finish()
}

/// Which build of briefing is running: its version and the size and
/// modification time of its executable. Caches and page fingerprints
/// carry it, so a new build of the tool (a release, or a developer's
/// rebuild with a changed cleaner) never reuses what an older one made.
pub fn build_id() -> &'static str {
    static ID: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let exe = std::env::current_exe().ok().and_then(|path| FileStamp::read(&path));
        match exe {
            Some(stamp) => format!("{}+{:x}.{:x}", env!("CARGO_PKG_VERSION"), stamp.size, stamp.modified_ns),
            None => env!("CARGO_PKG_VERSION").to_string(),
        }
    });
    &ID
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_do_not_run_together() {
        let a = Hasher::new().str("ab").str("c").finish();
        let b = Hasher::new().str("a").str("bc").finish();
        assert_ne!(a, b);
        assert_eq!(a, Hasher::new().str("ab").str("c").finish());
    }

    #[test]
    fn values_hash_by_content() {
        assert_eq!(of_value(&vec![1, 2]), of_value(&vec![1, 2]));
        assert_ne!(of_value(&vec![1, 2]), of_value(&vec![2, 1]));
    }

    #[test]
    fn values_added_one_after_another_do_not_run_together() {
        let a = Hasher::new().value(&vec!["ab".to_string()]).value(&vec!["c".to_string()]).finish();
        let b = Hasher::new().value(&vec!["ab".to_string(), "c".to_string()]).value(&Vec::<String>::new()).finish();
        let c = Hasher::new().value(&vec!["a".to_string()]).value(&vec!["bc".to_string()]).finish();
        assert!(a != b && a != c && b != c);
    }

    #[test]
    fn free_form_front_matter_values_can_be_fingerprinted() {
        let extra: serde_json::Value = serde_json::json!({"tags": ["a", 1, 2.5, null, {"x": true}]});
        assert_ne!(of_value(&extra), of_value(&serde_json::json!({"tags": []})));
    }
}

/// What a file's metadata says about its content: if size and modification
/// time are unchanged, the file is taken to be unchanged (as make does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Length in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub modified_ns: i128,
}

impl FileStamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> FileStamp {
        let modified_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        FileStamp { size: meta.len(), modified_ns }
    }

    /// The stamp of the file at `path`, if it can be read.
    pub fn read(path: &std::path::Path) -> Option<FileStamp> {
        std::fs::metadata(path).ok().map(|m| FileStamp::of(&m))
    }
}
