//! One file of `content/`: its front matter keys, how a generated page is
//! written, and how a page on disk is read back and checked for hand edits.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::frontmatter::{self, FrontMatterError, Split};
use crate::document::{Article, Document, DocumentKind};

/// The front matter key that holds the checksum of a generated page.
const GENERATED_KEY: &str = "generated";

/// Keys a content page's front matter may hold.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "publisher",
    "author",
    "date",
    "language",
    "source",
    "seed_hash",
    "summary",
    "kind",
    "generated",
    "extra",
];

/// Where a page on disk came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Origin {
    /// Written by briefing from a seed; `edited` when someone changed it since.
    Generated {
        /// The file no longer matches the checksum briefing wrote into it.
        edited: bool,
    },
    /// Written by a person (no `generated` checksum).
    Hand,
}

/// A content page read back from disk.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Page {
    /// The page as the rest of the pipeline sees it.
    pub document: Document,
    /// Where it came from.
    pub origin: Origin,
    /// The hash of the seed it was generated from.
    pub seed_hash: Option<String>,
    /// The checksum briefing wrote into it, if it was generated.
    pub checksum: Option<String>,
}

/// The page `briefing build` writes for a cleaned seed, and its checksum.
pub fn render_generated(article: &Article, source: &str, seed_hash: &str) -> (String, String) {
    let (head, checksum) = render_generated_head(article, source, seed_hash);
    (format!("{head}{}\n", article.body.trim_matches('\n')), checksum)
}

/// The page `briefing build` writes for a cleaned seed up to its body (the
/// front matter and the blank line after it), and its checksum: the page is
/// this followed by the body of its [`generated_document`], which need not
/// be copied into one string with it.
pub fn render_generated_head(article: &Article, source: &str, seed_hash: &str) -> (String, String) {
    let mut front = String::new();
    push_key(&mut front, "title", Some(&article.title));
    push_key(&mut front, "publisher", article.publisher.as_deref());
    push_key(&mut front, "author", article.author.as_deref());
    if let Some(date) = article.date {
        front.push_str(&format!("date = {}\n", date.format("%Y-%m-%d")));
    }
    push_key(&mut front, "language", article.language.as_deref());
    push_key(&mut front, "source", Some(source));
    push_key(&mut front, "seed_hash", Some(seed_hash));
    push_key(&mut front, "summary", article.summary.as_deref());
    front.push_str(
        "# Written by `briefing build` from the source above. Edit freely: a page\n\
         # you have edited is kept as it is and never overwritten by a build.\n",
    );
    let body = article.body.trim_matches('\n');
    // The checksum of the page without its `generated` line.
    let unsigned = ["+++\n", &front, "+++\n\n", body, "\n"].map(str::as_bytes);
    let checksum = crate::seed::hash_parts(&unsigned);
    (format!("+++\n{front}{GENERATED_KEY} = \"{checksum}\"\n+++\n\n"), checksum)
}

fn push_key(front: &mut String, key: &str, value: Option<&str>) {
    if let Some(value) = value {
        front.push_str(key);
        front.push_str(" = ");
        front.push_str(&toml::Value::String(value.to_string()).to_string());
        front.push('\n');
    }
}

fn checksum(text: &str) -> String {
    crate::seed::hash_bytes(text.as_bytes())
}

/// `text` without its `generated = "..."` line, and the checksum that line held.
fn unsign(text: &str) -> Option<(String, &str)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "+++" && offset > 0 {
            return None;
        }
        if let Some(rest) = line.strip_prefix(GENERATED_KEY) {
            let value = rest.trim().strip_prefix('=')?.trim().trim_matches('"');
            let unsigned = format!("{}{}", &text[..offset], &text[offset + line.len()..]);
            return Some((unsigned, value));
        }
        offset += line.len();
    }
    None
}

/// Reads a content page. `file` is its path under `content/`.
pub fn parse(file: &str, text: &str) -> Result<Page, FrontMatterError> {
    let split = frontmatter::split(text)?;
    let (map, split) = match split {
        Some(split) => (frontmatter::to_object(&split)?, Some(split)),
        None => (Map::new(), None),
    };
    let body = split.as_ref().map_or(text, |s| s.body);
    let fields = Fields { map: &map, split: split.as_ref() };
    fields.check_keys()?;
    let generated = fields.string(GENERATED_KEY)?;
    let origin = match &generated {
        None => Origin::Hand,
        Some(_) => Origin::Generated { edited: unsign(text).is_none_or(|(unsigned, sum)| checksum(&unsigned) != sum) },
    };
    let source = fields.string("source")?;
    let kind = match fields.string("kind")?.as_deref() {
        Some("source") => DocumentKind::Source,
        Some("page") => DocumentKind::Page,
        Some(other) => {
            return Err(fields.error("kind", format!("`kind` is {other:?}; use \"source\" or \"page\"")));
        }
        None if source.is_some() => DocumentKind::Source,
        None => DocumentKind::Page,
    };
    let slug = slug_for_file(file);
    let title = match fields.string("title")? {
        Some(title) if !title.trim().is_empty() => title,
        _ => title_from_body(body).unwrap_or_else(|| slug.rsplit('/').next().unwrap_or(&slug).to_string()),
    };
    let document = Document {
        slug,
        file: file.to_string(),
        kind,
        title,
        publisher: fields.string("publisher")?,
        author: fields.string("author")?,
        date: fields.date("date")?,
        language: fields.string("language")?,
        source,
        summary: fields.string("summary")?,
        extra: map.get("extra").cloned().unwrap_or(Value::Null),
        body: body.trim_start_matches(['\n', '\r']).into(),
    };
    Ok(Page { document, origin, seed_hash: fields.string("seed_hash")?, checksum: generated })
}

/// The site address of the page in `file` (its path under `content/`):
/// each folder and the file name made into a slug, so that whatever a file
/// is called (`My Notes.md`, `javascript:x.md`), its address is letters,
/// digits and hyphens that no browser reads as a scheme or a way out of the
/// site. A generated page's file is already named after its slug.
pub fn slug_for_file(file: &str) -> String {
    let path = file.strip_suffix(".md").unwrap_or(file);
    path.split('/').map(|part| crate::slug::slugify_whole_or(part, "page")).collect::<Vec<_>>().join("/")
}

/// The document a freshly generated page holds, without reading it back.
pub fn generated_document(slug: &str, article: &Article, source: &str) -> Document {
    Document {
        slug: slug.to_string(),
        file: format!("{slug}.md"),
        kind: DocumentKind::Source,
        title: article.title.clone(),
        publisher: article.publisher.clone(),
        author: article.author.clone(),
        date: article.date,
        language: article.language.clone(),
        source: Some(source.to_string()),
        summary: article.summary.clone(),
        extra: Value::Null,
        body: format!("{}\n", article.body.trim_matches('\n')).into(),
    }
}

/// A `# Heading` on the first line of a page without a title.
fn title_from_body(body: &str) -> Option<String> {
    let first = body.lines().find(|l| !l.trim().is_empty())?;
    let title = first.trim().strip_prefix("# ")?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

/// Typed access to front matter keys, with errors at the key's line.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    split: Option<&'a Split<'a>>,
}

impl Fields<'_> {
    fn error(&self, key: &str, message: String) -> FrontMatterError {
        FrontMatterError { line: self.split.map_or(0, |s| frontmatter::line_of_key(s, key)), message }
    }

    fn check_keys(&self) -> Result<(), FrontMatterError> {
        match self.map.keys().find(|k| !KNOWN_KEYS.contains(&k.as_str())) {
            Some(key) => Err(self.error(
                key,
                format!(
                    "unknown front matter key `{key}`; known keys are {}; put your own fields in an [extra] table",
                    KNOWN_KEYS.join(", ")
                ),
            )),
            None => Ok(()),
        }
    }

    fn string(&self, key: &str) -> Result<Option<String>, FrontMatterError> {
        match self.map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.error(key, format!("`{key}` must be text, not {other}"))),
        }
    }

    fn date(&self, key: &str) -> Result<Option<NaiveDate>, FrontMatterError> {
        let Some(text) = self.string(key)? else {
            return Ok(None);
        };
        parse_iso_date(&text)
            .map(Some)
            .ok_or_else(|| self.error(key, format!("`{key}` is {text:?}; write an ISO 8601 date like 2025-04-10")))
    }
}

/// The calendar date of an ISO 8601 date or date-time (`2025-04-10`,
/// `2025-04-10T08:00:00Z`, `2025-04-10 08:00`).
pub fn parse_iso_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let date_part = text.get(..10)?;
    let rest = &text[10..];
    if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
        return None;
    }
    NaiveDate::parse_from_str(date_part, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article() -> Article {
        Article {
            title: "Putin \"orders\" a model".to_string(),
            publisher: Some("動區BlockTempo".to_string()),
            author: None,
            date: NaiveDate::from_ymd_opt(2025, 4, 10),
            language: Some("en".to_string()),
            summary: None,
            body: "## Heading\n\nA paragraph.\n".to_string(),
        }
    }

    #[test]
    fn generated_page_reads_back_as_unedited_and_equal() {
        let (text, _) = render_generated(&article(), "seeds/a.txt", "blake3:00");
        let page = parse("putin.md", &text).unwrap();
        assert_eq!(page.origin, Origin::Generated { edited: false });
        assert_eq!(page.seed_hash.as_deref(), Some("blake3:00"));
        assert_eq!(page.document, generated_document("putin", &article(), "seeds/a.txt"));
    }

    #[test]
    fn a_generated_page_is_its_head_and_its_documents_body() {
        let (text, checksum) = render_generated(&article(), "seeds/a.txt", "blake3:00");
        let (head, head_checksum) = render_generated_head(&article(), "seeds/a.txt", "blake3:00");
        let document = generated_document("putin", &article(), "seeds/a.txt");
        assert_eq!(text, format!("{head}{}", document.body));
        assert_eq!(checksum, head_checksum);
    }

    #[test]
    fn any_edit_marks_a_generated_page_edited() {
        let (text, _) = render_generated(&article(), "seeds/a.txt", "blake3:00");
        let edited = text.replace("A paragraph.", "A better paragraph.");
        assert_eq!(parse("p.md", &edited).unwrap().origin, Origin::Generated { edited: true });
        let retitled = text.replace("a model", "a plan");
        assert_ne!(retitled, text);
        assert_eq!(parse("p.md", &retitled).unwrap().origin, Origin::Generated { edited: true });
    }

    #[test]
    fn page_without_checksum_is_hand_written() {
        let page = parse("about.md", "+++\ntitle = \"About\"\n+++\nWe collect.\n").unwrap();
        assert_eq!(page.origin, Origin::Hand);
        assert_eq!(page.document.kind, DocumentKind::Page);
        assert_eq!(page.document.slug, "about");
    }

    #[test]
    fn page_without_front_matter_takes_title_from_heading() {
        let page = parse("notes/method.md", "# How we work\n\nText.").unwrap();
        assert_eq!(page.document.title, "How we work");
        assert_eq!(page.document.slug, "notes/method");
    }

    #[test]
    fn a_file_name_becomes_a_safe_address() {
        assert_eq!(slug_for_file("notes/My Notes.md"), "notes/my-notes");
        assert_eq!(slug_for_file("javascript:alert(1).md"), "javascript-alert-1");
        assert_eq!(slug_for_file("..md"), "page");
        assert_eq!(slug_for_file("what-2.md"), "what-2");
    }

    #[test]
    fn unknown_key_and_bad_date_name_their_lines() {
        let err = parse("x.md", "+++\ntitle = \"x\"\ntitel = \"y\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("titel"));
        let err = parse("x.md", "+++\ntitle = \"x\"\ndate = \"last week\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("ISO 8601"));
    }

    #[test]
    fn iso_dates_and_datetimes_parse() {
        assert_eq!(parse_iso_date("2025-04-10"), NaiveDate::from_ymd_opt(2025, 4, 10));
        assert_eq!(parse_iso_date("2025-04-10T08:00:00Z"), NaiveDate::from_ymd_opt(2025, 4, 10));
        assert_eq!(parse_iso_date("2025-04-10x"), None);
        assert_eq!(parse_iso_date("April 10"), None);
        assert_eq!(parse_iso_date("2025-02-30"), None);
    }

    #[test]
    fn yaml_hand_written_page_is_read() {
        let page = parse("a.md", "---\ntitle: About us\ndate: 2024-05-01\n---\nHi").unwrap();
        assert_eq!(page.document.title, "About us");
        assert_eq!(page.document.date, NaiveDate::from_ymd_opt(2024, 5, 1));
    }
}
