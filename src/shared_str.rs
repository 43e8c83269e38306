//! Strings that cost nothing to clone, and nothing to read out of the
//! build cache.
//!
//! A rebuild at 10,000 documents reads 130 MB of cached content pages and
//! readings. Their bodies, first-mention sentences and name spellings
//! (some 90 MB, 430,000 strings) were copied out one by one: each an
//! allocation, a copy, the first touch of fresh pages, and a free at the
//! end. A `briefing build` ends soon after, so it maps the cache files
//! for the rest of the process ([`pin`]) and its strings point into them;
//! `serve`, which runs for hours while the files are rewritten, copies.

use std::fmt;
use std::ops::Deref;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A string shared by its clones: counted, or borrowed from bytes pinned
/// for the rest of the process.
#[derive(Clone)]
pub struct SharedStr(Repr);

#[derive(Clone)]
enum Repr {
    Pinned(&'static str),
    Counted(Arc<str>),
}

impl SharedStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Pinned(s) => s,
            Repr::Counted(s) => s,
        }
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for SharedStr {
    fn default() -> Self {
        SharedStr(Repr::Pinned(""))
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr(Repr::Counted(Arc::from(s)))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr(Repr::Counted(Arc::from(s)))
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for SharedStr {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = SharedStr;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<SharedStr, E> {
                Ok(pinned(s).map_or_else(|| SharedStr::from(s), |s| SharedStr(Repr::Pinned(s))))
            }

            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<SharedStr, E> {
                Ok(SharedStr::from(s))
            }

            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<SharedStr, E> {
                Ok(SharedStr::from(s))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// Regions pinned so far: start and end addresses, `PINNED` of them.
/// Lock-free for readers: every string a cache decode reads asks.
const MAX_PINNED: usize = 8;
static STARTS: [AtomicUsize; MAX_PINNED] = [const { AtomicUsize::new(0) }; MAX_PINNED];
static ENDS: [AtomicUsize; MAX_PINNED] = [const { AtomicUsize::new(0) }; MAX_PINNED];
static PINNED: AtomicUsize = AtomicUsize::new(0);
static PINNING: Mutex<()> = Mutex::new(());

/// Keeps `bytes` until the process ends: strings deserialized from the
/// returned slice borrow it rather than copy it. For a process that ends
/// soon after (`briefing build`); the bytes are never freed.
pub fn pin<B: Deref<Target = [u8]> + Send + Sync + 'static>(bytes: B) -> &'static [u8] {
    let bytes: &'static [u8] = Box::leak(Box::new(bytes));
    let _one_at_a_time = PINNING.lock().unwrap_or_else(|e| e.into_inner());
    let n = PINNED.load(Ordering::Relaxed);
    // Past the last slot the bytes are still kept; strings from them are copied.
    if n < MAX_PINNED {
        STARTS[n].store(bytes.as_ptr() as usize, Ordering::Relaxed);
        ENDS[n].store(bytes.as_ptr() as usize + bytes.len(), Ordering::Relaxed);
        PINNED.store(n + 1, Ordering::Release);
    }
    bytes
}

/// `s` for the rest of the process, if it lies within pinned bytes.
fn pinned(s: &str) -> Option<&'static str> {
    let (start, end) = (s.as_ptr() as usize, s.as_ptr() as usize + s.len());
    let n = PINNED.load(Ordering::Acquire);
    let inside = (0..n).any(|i| STARTS[i].load(Ordering::Relaxed) <= start && end <= ENDS[i].load(Ordering::Relaxed));
    // SAFETY: `s` lies within bytes that `pin` leaked: they are never
    // freed, and nothing writes to them (a pinned file is only ever
    // replaced by renaming or appended to, see `pipeline::state`).
    (inside && !s.is_empty()).then(|| unsafe { &*(s as *const str) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_from_pinned_bytes_borrow_them_and_others_are_copied() {
        let encoded = postcard::to_stdvec(&("first", "second")).unwrap();
        let pinned_bytes = pin(encoded.clone());
        let (a, b): (SharedStr, SharedStr) = postcard::from_bytes(pinned_bytes).unwrap();
        assert_eq!((a.as_str(), b.as_str()), ("first", "second"));
        let range = pinned_bytes.as_ptr_range();
        assert!(range.contains(&a.as_ptr()) && range.contains(&b.as_ptr()));

        let (c, _): (SharedStr, SharedStr) = postcard::from_bytes(&encoded).unwrap();
        assert_eq!(c, a);
        assert!(!range.contains(&c.as_ptr()) && !encoded.as_ptr_range().contains(&c.as_ptr()));
    }

    #[test]
    fn a_shared_string_compares_hashes_and_serialises_as_its_text() {
        use std::collections::HashSet;
        let s = SharedStr::from("Rosatom");
        assert_eq!(s, "Rosatom");
        assert!(HashSet::from([s.clone()]).contains("Rosatom"));
        assert_eq!(postcard::to_stdvec(&s).unwrap(), postcard::to_stdvec("Rosatom").unwrap());
        assert_eq!(SharedStr::default(), "");
    }
}
