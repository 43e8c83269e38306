//! What two spellings of a name have in common: the key names are matched
//! by, initials for acronyms, legal suffixes to drop.

use super::lexicon::{OrgWord, lexicon};

/// The form names are compared in: transliterated to ASCII, lowercase,
/// without periods and apostrophes ("U.S." = "US" = "us"), hyphens and
/// other punctuation as spaces, and without a leading "the".
pub fn name_key(name: &str) -> String {
    let ascii;
    let name = if name.is_ascii() {
        name
    } else {
        ascii = deunicode::deunicode_with_tofu(name, " ");
        ascii.as_str()
    };
    let mut key = Vec::with_capacity(name.len());
    write_key(name, &mut key);
    String::from_utf8(key).unwrap_or_default()
}

/// Calls `f` with the [`name_key`] of `name` without allocating when the
/// name is short ASCII (nearly always): for gazetteer lookups per mention.
pub fn with_name_key<R>(name: &str, f: impl FnOnce(&str) -> R) -> R {
    const CAPACITY: usize = 64;
    if !name.is_ascii() || name.len() > CAPACITY {
        return f(&name_key(name));
    }
    let mut buffer = StackBuffer { bytes: [0; CAPACITY], len: 0 };
    write_key(name, &mut buffer);
    f(std::str::from_utf8(&buffer.bytes[..buffer.len]).unwrap_or(""))
}

/// Where [`write_key`] puts bytes.
trait KeyBytes {
    fn push(&mut self, byte: u8);
    fn bytes(&self) -> &[u8];
    fn drop_front(&mut self, n: usize);
}

impl KeyBytes for Vec<u8> {
    fn push(&mut self, byte: u8) {
        Vec::push(self, byte);
    }
    fn bytes(&self) -> &[u8] {
        self
    }
    fn drop_front(&mut self, n: usize) {
        self.drain(..n);
    }
}

/// A fixed buffer; ASCII input never outgrows it (a key is no longer than
/// its name).
struct StackBuffer<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> KeyBytes for StackBuffer<N> {
    fn push(&mut self, byte: u8) {
        if self.len < N {
            self.bytes[self.len] = byte;
            self.len += 1;
        }
    }
    fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
    fn drop_front(&mut self, n: usize) {
        self.bytes.copy_within(n..self.len, 0);
        self.len -= n;
    }
}

/// The key of ASCII `name`, written into `out`.
fn write_key(name: &str, out: &mut impl KeyBytes) {
    let mut space = false;
    for b in name.bytes() {
        if matches!(b, b'.' | b'\'' | b'`') {
            continue;
        }
        if b.is_ascii_alphanumeric() || b == b'&' {
            if space && !out.bytes().is_empty() {
                out.push(b' ');
            }
            space = false;
            out.push(b.to_ascii_lowercase());
        } else {
            space = true;
        }
    }
    if out.bytes().starts_with(b"the ") && out.bytes().len() > 4 {
        out.drop_front(4);
    }
}

/// The words of a key.
pub fn key_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(' ').filter(|w| !w.is_empty())
}

/// Lowercase words that join the parts of a name ("Bank of America",
/// "Ursula von der Leyen") without being a part of it.
pub const CONNECTORS: &[&str] = &[
    "of", "and", "for", "the", "de", "del", "della", "der", "den", "van", "von", "da", "do", "dos", "das", "du", "di",
    "la", "le", "al", "el", "bin", "ibn", "y", "&",
];

/// Whether a word (any case) is a connector.
pub fn is_connector(word: &str) -> bool {
    word.len() <= 5 && word.is_ascii() && CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(word))
}

/// The capital letters an acronym of `name` could take: the first letter of
/// each word and of each part of a hyphenated word ("Human-Centered" gives
/// H and C), and connectors' letters marked optional.
fn initials(name: &str) -> Vec<(char, bool)> {
    let mut out = Vec::new();
    for word in name.split_whitespace() {
        let optional = is_connector(word);
        for part in word.split(['-', '‐']) {
            if let Some(c) = part.chars().find(|c| c.is_alphanumeric()) {
                out.extend(c.to_uppercase().map(|u| (u, optional)));
            }
        }
    }
    out
}

/// Whether `acronym` ("SCO", "NYAG") abbreviates `name` ("Shanghai
/// Cooperation Organisation", "New York State Attorney General"): its
/// letters are the name's initials in order, starting with the first,
/// skipping only connectors and at most one other word.
pub fn abbreviates(acronym: &str, name: &str) -> bool {
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_uppercase).collect();
    let inits = initials(name);
    if letters.len() < 2 || inits.is_empty() || letters[0] != inits[0].0 {
        return false;
    }
    let mut skipped = 0;
    let mut next = 0;
    for (initial, optional) in inits {
        if next < letters.len() && letters[next] == initial {
            next += 1;
        } else if !optional {
            skipped += 1;
        }
    }
    next == letters.len() && skipped <= 1
}

/// The initials of a key's words, connectors left out ("commonwealth of
/// independent states" → "cis"), for matching acronyms used without their
/// definition.
pub fn key_initials(key: &str) -> String {
    key_words(key).filter(|w| !is_connector(w)).filter_map(|w| w.chars().next()).collect()
}

/// `key` without trailing legal forms ("softbank group corp" → "softbank"),
/// if any were there and a word is left.
pub fn without_legal_suffix(key: &str) -> Option<&str> {
    let lex = lexicon();
    let mut end = key.len();
    let mut rest = key;
    while let Some((head, last)) = rest.rsplit_once(' ') {
        if lex.org_word(last) != Some(OrgWord::Suffix) {
            break;
        }
        end = head.len();
        rest = head;
    }
    (end < key.len()).then(|| &key[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_periods_accents_and_a_leading_the() {
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(name_key("US"), "us");
        assert_eq!(name_key("The New York Times"), "new york times");
        assert_eq!(name_key("Condé Nast"), "conde nast");
        assert_eq!(name_key("Delhi-NCR"), "delhi ncr");
        assert_eq!(name_key("O’Brien"), "obrien");
        assert_eq!(name_key("Путин"), "putin");
    }

    #[test]
    fn keys_without_allocation_match_allocated_ones() {
        for name in ["U.S.", "The New York Times", "Kremlin", "Delhi-NCR", "Condé Nast", "the", "A & B"] {
            assert_eq!(with_name_key(name, str::to_string), name_key(name), "{name}");
        }
    }

    #[test]
    fn acronyms_match_initials_skipping_connectors() {
        assert!(abbreviates("SCO", "Shanghai Cooperation Organisation"));
        assert!(abbreviates("NYAG", "New York State Attorney General"));
        assert!(abbreviates("CIS", "Commonwealth of Independent States"));
        assert!(!abbreviates("HAI", "Institute for Human-Centered AI"));
        assert!(abbreviates("SEC", "Securities and Exchange Commission"));
        assert!(!abbreviates("BRICS", "Shanghai Cooperation Organisation"));
        assert!(!abbreviates("S", "Sberbank"));
    }

    #[test]
    fn key_initials_skip_connectors() {
        assert_eq!(key_initials("commonwealth of independent states"), "cis");
        assert_eq!(key_initials("united states"), "us");
    }

    #[test]
    fn legal_suffixes_are_dropped_from_the_end_only() {
        assert_eq!(without_legal_suffix("softbank group corp"), Some("softbank"));
        assert_eq!(without_legal_suffix("apple inc"), Some("apple"));
        assert_eq!(without_legal_suffix("sberbank"), None);
        assert_eq!(without_legal_suffix("group"), None);
    }
}
