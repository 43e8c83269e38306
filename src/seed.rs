//! Discovery and decoding: which files under `seeds/` are sources, and their
//! text as UTF-8 whatever encoding they were saved in.

use std::fmt;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// Seeds larger than this are reported and skipped: no article is this long,
/// and one hostile file must not stall a build.
pub const MAX_SEED_BYTES: u64 = 32 * 1024 * 1024;

/// How a seed's text is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SeedFormat {
    /// Text copied from a web page (`.txt`).
    Text,
    /// Markdown, optionally with front matter (`.md`, `.markdown`).
    Markdown,
    /// A saved web page (`.html`, `.htm`).
    Html,
}

impl SeedFormat {
    /// The format a file name's extension says, if it names a source at all.
    pub fn from_path(path: &Path) -> Option<SeedFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(SeedFormat::Text),
            "md" | "markdown" => Some(SeedFormat::Markdown),
            "html" | "htm" | "xhtml" => Some(SeedFormat::Html),
            _ => None,
        }
    }
}

/// A source file found under the seeds folder, not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedFile {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path relative to the seeds folder, `/`-separated: the seed's name.
    pub name: String,
    /// How to read it.
    pub format: SeedFormat,
}

impl SeedFile {
    /// The seed at `path` under the seeds folder `dir`, if its extension
    /// names a source.
    pub fn at(dir: &Path, path: &Path) -> Option<SeedFile> {
        let format = SeedFormat::from_path(path)?;
        Some(SeedFile { path: path.to_path_buf(), name: relative_name(dir, path), format })
    }
}

/// A seed read and decoded.
#[derive(Debug, Clone)]
pub struct Seed {
    /// The file it came from.
    pub file: SeedFile,
    /// Its text, decoded to UTF-8, without a byte-order mark.
    pub text: String,
    /// Content hash of the raw bytes (`blake3:` + 32 hex digits).
    pub hash: String,
}

/// A file that could not be used, and why: reported, then skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or folder) in question.
    pub path: PathBuf,
    /// What is wrong with it, in words, with what to do where that helps.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

/// Files under `dir` that are sources, in a stable order (by path), and the
/// entries that could not be walked. A missing folder has no seeds.
pub fn discover(dir: &Path) -> (Vec<SeedFile>, Vec<Problem>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.exists() {
        return (files, problems);
    }
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(walk_problem(dir, &e));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let Some(file) = SeedFile::at(dir, path) else {
            log::info!("{}: skipped (not a .txt, .md or .html source)", path.display());
            continue;
        };
        files.push(file);
    }
    (files, problems)
}

/// Reads and decodes one seed.
pub fn read(file: &SeedFile) -> Result<Seed, Problem> {
    let problem = |reason: String| Problem { path: file.path.clone(), reason };
    let size = std::fs::metadata(&file.path).map_err(|e| problem(format!("cannot read it: {e}")))?.len();
    if size > MAX_SEED_BYTES {
        return Err(problem(format!(
            "{} MB is more than the {} MB a seed may be; split it or cut it down",
            size / 1_000_000,
            MAX_SEED_BYTES / 1_000_000
        )));
    }
    let bytes = std::fs::read(&file.path).map_err(|e| problem(format!("cannot read it: {e}")))?;
    let text = decode(&bytes, file.format).map_err(|e| problem(e.to_string()))?;
    Ok(Seed { file: file.clone(), text, hash: hash_bytes(&bytes) })
}

/// Content hash used to tell whether a seed changed.
pub fn hash_bytes(bytes: &[u8]) -> String {
    hash_parts(&[bytes])
}

/// [`hash_bytes`] of `parts` joined, without joining them.
pub fn hash_parts(parts: &[&[u8]]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(part);
    }
    format!("blake3:{}", &hasher.finalize().to_hex()[..32])
}

/// Why a file's bytes are not text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// NUL or control bytes where text would have none.
    #[error("looks like a binary file, not text; remove it from the seeds folder")]
    Binary,
    /// The bytes are not valid in the encoding they declare.
    #[error("is not valid {0} text; re-save it as UTF-8")]
    Invalid(&'static str),
}

/// Decodes `bytes` to UTF-8: a BOM wins, then (for HTML) a `<meta charset>`,
/// then valid UTF-8, then BOM-less UTF-16, then a legacy encoding detected
/// from the bytes. Binary content is an error.
pub fn decode(bytes: &[u8], format: SeedFormat) -> Result<String, DecodeError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return decode_strict(encoding, &bytes[bom_len..]);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_strict(encoding, bytes);
    }
    if format == SeedFormat::Html
        && let Some(encoding) = html_meta_charset(bytes)
    {
        return decode_strict(encoding, bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return if looks_binary(text) { Err(DecodeError::Binary) } else { Ok(text.to_string()) };
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Allow);
    decode_strict(encoding, bytes)
}

fn decode_strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Invalid(encoding.name()));
    }
    if looks_binary(&text) {
        return Err(DecodeError::Binary);
    }
    Ok(text.into_owned())
}

/// Text with NULs, or where more than 1 in 100 characters is a control
/// character other than whitespace, is not a document.
fn looks_binary(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars().take(1 << 16) {
        total += 1;
        if c == '\0' {
            return true;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0c}' | '\u{0b}') {
            control += 1;
        }
    }
    control * 100 > total
}

/// UTF-16 saved without a BOM shows as a NUL in every other byte of ASCII text.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nuls = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nuls * 10 >= pairs * 6 && even_nuls * 10 <= pairs {
        Some(encoding_rs::UTF_16LE)
    } else if even_nuls * 10 >= pairs * 6 && odd_nuls * 10 <= pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// The encoding named by `<meta charset=...>` or `<meta http-equiv ...
/// content="...; charset=...">` in the first 1024 bytes, as browsers look.
fn html_meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = memchr::memmem::find(&lower, b"charset=")?;
    let rest = &head[at + b"charset=".len()..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|b| matches!(b, b'"' | b'\'' | b';' | b'>' | b' ' | b'/')).unwrap_or(rest.len());
    let encoding = encoding_rs::Encoding::for_label(&rest[..end])?;
    // A page that says UTF-16 in ASCII bytes cannot be UTF-16 (the HTML spec's rule).
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    Some(encoding)
}

/// Hidden files and folders, and the temporary files editors leave behind.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".part")
        || name.ends_with(".crdownload")
        || name == "4913"
}

fn relative_name(dir: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn walk_problem(dir: &Path, e: &walkdir::Error) -> Problem {
    let path = e.path().unwrap_or(dir).to_path_buf();
    let reason = if let Some(ancestor) = e.loop_ancestor() {
        format!("symbolic link loop back to {}; skipped", ancestor.display())
    } else if let Some(io) = e.io_error() {
        format!("cannot read it: {io}; skipped")
    } else {
        format!("{e}; skipped")
    };
    Problem { path, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFcaf\xC3\xA9", SeedFormat::Text).unwrap(), "café");
        assert_eq!(decode("naïve".as_bytes(), SeedFormat::Text).unwrap(), "naïve");
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain("hé".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain("hé".encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(decode(&le, SeedFormat::Text).unwrap(), "hé");
        assert_eq!(decode(&be, SeedFormat::Text).unwrap(), "hé");
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let le: Vec<u8> = "Hello world, this is text".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le, SeedFormat::Text).unwrap(), "Hello world, this is text");
    }

    #[test]
    fn legacy_single_byte_encoding_is_detected() {
        // "Größe und Maße für Straßen" in windows-1252
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Die Größe und die Maße der Straßen überall");
        assert_eq!(decode(&bytes, SeedFormat::Text).unwrap(), "Die Größe und die Maße der Straßen überall");
        let (cyr, _, _) =
            encoding_rs::WINDOWS_1251.encode("Президент России провёл совещание по искусственному интеллекту");
        assert_eq!(
            decode(&cyr, SeedFormat::Text).unwrap(),
            "Президент России провёл совещание по искусственному интеллекту"
        );
    }

    #[test]
    fn html_meta_charset_is_honoured() {
        let mut page = b"<html><head><meta charset=\"iso-8859-1\"></head><body>".to_vec();
        page.extend_from_slice(b"caf\xE9</body></html>");
        assert!(decode(&page, SeedFormat::Html).unwrap().contains("café"));
    }

    #[test]
    fn hashing_parts_is_hashing_them_joined() {
        assert_eq!(hash_parts(&[b"ab", b"", b"c"]), hash_bytes(b"abc"));
        assert_ne!(hash_bytes(b"abc"), hash_bytes(b"abd"));
    }

    #[test]
    fn binary_is_rejected() {
        assert_eq!(decode(b"PK\x03\x04\x00\x00binary", SeedFormat::Text), Err(DecodeError::Binary));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", SeedFormat::Text), Err(DecodeError::Binary));
    }

    #[test]
    fn editor_temp_and_hidden_names_are_ignored() {
        for name in [".DS_Store", ".hidden.txt", "draft.txt~", "#draft.txt#", ".draft.txt.swp", "4913"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("report.txt"));
    }

    #[test]
    fn format_follows_extension_case_insensitively() {
        assert_eq!(SeedFormat::from_path(Path::new("a/B.HTML")), Some(SeedFormat::Html));
        assert_eq!(SeedFormat::from_path(Path::new("a.markdown")), Some(SeedFormat::Markdown));
        assert_eq!(SeedFormat::from_path(Path::new("a.pdf")), None);
        assert_eq!(SeedFormat::from_path(Path::new("README")), None);
    }
}
