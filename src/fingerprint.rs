//! Fingerprints: 128-bit content hashes of plain data, used to tell what
//! changed between builds (a page is rendered again only when the
//! fingerprint of what it is made from changed).

use std::io::Write;

use serde::Serialize;

/// A 128-bit hash of some data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize, serde::Deserialize)]
pub struct Fingerprint(pub u128);

/// Builds a fingerprint from several parts.
pub struct Hasher(blake3::Hasher);

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

impl Hasher {
    /// An empty hasher.
    pub fn new() -> Hasher {
        Hasher(blake3::Hasher::new())
    }

    /// Adds raw bytes, length-prefixed so that parts cannot run together.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    /// Adds a string.
    pub fn str(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    /// Adds another fingerprint.
    pub fn fingerprint(&mut self, fp: Fingerprint) -> &mut Self {
        self.0.update(&fp.0.to_le_bytes());
        self
    }

    /// Adds any serialisable value (as compact JSON).
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> &mut Self {
        let mut writer = HashWriter(&mut self.0);
        // Writing into a hasher cannot fail; a value that cannot be
        // serialised contributes what was written before the error.
        let _ = serde_json::to_writer(&mut writer, value);
        self.0.update(b"\x00");
        self
    }

    /// The fingerprint of everything added.
    pub fn finish(&self) -> Fingerprint {
        let hash = self.0.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(&hash.as_bytes()[..16]);
        Fingerprint(u128::from_le_bytes(first))
    }
}

struct HashWriter<'a>(&'a mut blake3::Hasher);

impl Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The fingerprint of one byte string.
pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
    Hasher::new().bytes(bytes).finish()
}

/// The fingerprint of one serialisable value.
pub fn of_value<T: Serialize + ?Sized>(value: &T) -> Fingerprint {
    Hasher::new().value(value).finish()
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
