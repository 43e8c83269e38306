//! The plain data that flows between stages: what cleaning yields
//! ([`Article`]) and a page of `content/` ([`Document`]).

use chrono::NaiveDate;

/// What cleaning one seed yields: the article and what is known about it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Article {
    /// The headline.
    pub title: String,
    /// Who published it ("Reuters", "動區BlockTempo"), when stated.
    pub publisher: Option<String>,
    /// Who wrote it, when stated.
    pub author: Option<String>,
    /// When it was published, when stated.
    pub date: Option<NaiveDate>,
    /// ISO 639-1 code of the language the body is written in, when detected.
    pub language: Option<String>,
    /// A summary given by the source itself (Markdown front matter).
    pub summary: Option<String>,
    /// The article body as Markdown: headings, lists, quotes, paragraphs.
    pub body: String,
}

/// Whether a content page is one of the collected sources or a page of the
/// site's own (an "About" page, a methods note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// A collected source: listed, analysed, in the feed.
    Source,
    /// A page of the site's own: rendered and linked, not analysed.
    Page,
}

/// One page of `content/`, generated from a seed or written by hand.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// URL slug (the file's path under `content/` without `.md`).
    pub slug: String,
    /// The file's path relative to `content/`, `/`-separated.
    pub file: String,
    /// Source or page of the site's own.
    pub kind: DocumentKind,
    /// Headline.
    pub title: String,
    /// Who published it.
    pub publisher: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published.
    pub date: Option<NaiveDate>,
    /// ISO 639-1 language code of the body.
    pub language: Option<String>,
    /// The seed it was generated from, relative to the project root.
    pub source: Option<String>,
    /// A summary written in the front matter; wins over a computed one.
    pub summary: Option<String>,
    /// Free-form `[extra]` table from the front matter, for custom templates.
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    /// The Markdown body (shared: copies of a document are cheap).
    pub body: Body,
}

/// A document's Markdown body with its fingerprint, taken once where the
/// body is made (a page read or written) and kept with it in the build
/// cache. The analysis, the page fingerprints and the search index each
/// ask whether a body changed: hashing all of them (50 MB at 10,000
/// documents) three times a build cost some 40 ms of CPU.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Body {
    text: crate::shared_str::SharedStr,
    print: crate::fingerprint::Fingerprint,
}

impl Body {
    /// The body `text`.
    pub fn new(text: crate::shared_str::SharedStr) -> Body {
        let print = crate::fingerprint::of_bytes(text.as_bytes());
        Body { text, print }
    }

    /// The fingerprint of the text.
    pub fn print(&self) -> crate::fingerprint::Fingerprint {
        self.print
    }
}

impl std::ops::Deref for Body {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text
    }
}

impl std::fmt::Display for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<&str> for Body {
    fn from(text: &str) -> Body {
        Body::new(text.into())
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body::new(text.into())
    }
}

/// Stores a JSON value as its text, so that documents also round-trip
/// through formats that cannot hold free-form values (the build cache).
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &serde_json::Value, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<serde_json::Value, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}
