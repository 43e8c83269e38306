//! Link checking: every internal link and `#anchor` of the built site must
//! point at a file and an id that exist. Used by every build (on the pages
//! just rendered) and by `briefing check` (on a folder already built).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::Path;

use walkdir::WalkDir;

use crate::error::{Error, Result};

/// What one HTML page offers and asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageLinks {
    /// `id` (and `<a name>`) values: the anchors others may link to.
    pub ids: HashSet<String>,
    /// `href` and `src` values, as written.
    pub links: Vec<String>,
}

/// Everything a check needs to know about a built site.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    /// Every output file (relative, `/`-separated) and, for HTML pages, its links.
    files: HashMap<String, Option<PageLinks>>,
}

impl LinkIndex {
    /// Adds a file; HTML files are scanned for ids and links.
    pub fn add(&mut self, path: &str, bytes: &[u8]) {
        let links = path.ends_with(".html").then(|| scan(&String::from_utf8_lossy(bytes)));
        self.files.insert(path.to_string(), links);
    }

    /// Every broken internal link, as "page: link (why)", sorted.
    /// `base_path` is the path part of the site's base URL (for links that
    /// start with `/`), `base_url` the whole of it (for absolute links).
    pub fn broken(&self, base_url: &str, base_path: &str) -> Vec<String> {
        let site = Site { has_file: &|f| self.files.contains_key(f), base_url, base_path };
        let mut problems = Vec::new();
        for (page, links) in &self.files {
            let Some(links) = links else { continue };
            let checked = site.check_page(page, links);
            problems.extend(checked.problems);
            for anchor in checked.anchors {
                let ids = self.files.get(&anchor.file).and_then(Option::as_ref).map(|l| &l.ids);
                if ids.is_some_and(|ids| !ids.contains(&anchor.id)) {
                    problems.push(anchor.problem());
                }
            }
        }
        problems.sort();
        problems.dedup();
        problems
    }
}

/// A site's files, for checking the links of its pages.
pub struct Site<'a> {
    /// Whether the site has this output file.
    pub has_file: &'a (dyn Fn(&str) -> bool + Sync),
    /// The base URL: absolute links under it are checked as local.
    pub base_url: &'a str,
    /// Its path part: root-relative links are checked under it.
    pub base_path: &'a str,
}

/// An anchor on another page that a link needs: checked once that page's
/// ids are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorNeeded {
    /// The page holding the link.
    pub page: String,
    /// The link as written.
    pub link: String,
    /// The file it points at.
    pub file: String,
    /// The id it needs there.
    pub id: String,
}

impl AnchorNeeded {
    /// The problem when the id is missing.
    pub fn problem(&self) -> String {
        format!("{}: {} (no such anchor)", self.page, self.link)
    }
}

/// What checking one page found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageCheck {
    /// Broken links, as "page: link (why)".
    pub problems: Vec<String>,
    /// Anchors on other pages still to check.
    pub anchors: Vec<AnchorNeeded>,
}

impl Site<'_> {
    /// Checks the links of `page`: targets must be files of the site,
    /// anchors on the page itself must exist; anchors on other pages are
    /// returned to be checked against those pages' ids.
    pub fn check_page(&self, page: &str, links: &PageLinks) -> PageCheck {
        let mut check = PageCheck::default();
        for link in &links.links {
            let problem = |why: &str| format!("{page}: {link} ({why})");
            let target = match resolve(page, link, self.base_url, self.base_path) {
                Ok(Some(target)) => target,
                Ok(None) => continue,
                Err(why) => {
                    check.problems.push(problem(why));
                    continue;
                }
            };
            let file = if (self.has_file)(&target.file) {
                target.file
            } else if (self.has_file)(&format!("{}/index.html", target.file)) {
                format!("{}/index.html", target.file)
            } else {
                check.problems.push(problem("no such file"));
                continue;
            };
            match target.fragment {
                Some(id) if id.is_empty() => {}
                Some(id) if file == page && !links.ids.contains(&id) => {
                    check.problems.push(problem("no such anchor"));
                }
                Some(_) if file == page => {}
                Some(id) if file.ends_with(".html") => {
                    check.anchors.push(AnchorNeeded { page: page.to_string(), link: link.clone(), file, id });
                }
                _ => {}
            }
        }
        check
    }
}

/// Where a link points inside the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The output file (`index.html` added to folders).
    pub file: String,
    /// The `#fragment`, percent-decoded.
    pub fragment: Option<String>,
}

/// Where `link`, written on `page`, points: `Ok(None)` when it leaves the
/// site, an error when it climbs out of it.
pub fn resolve(
    page: &str,
    link: &str,
    base_url: &str,
    base_path: &str,
) -> std::result::Result<Option<Target>, &'static str> {
    let link = link.trim();
    let (target, fragment) = if let Some(rest) = link.strip_prefix(base_url) {
        let (path, fragment) = split_fragment(rest);
        (normalise("", &path), fragment)
    } else if is_external(link) {
        return Ok(None);
    } else {
        let (path, fragment) = split_fragment(link);
        let target = match path.strip_prefix('/') {
            Some(_) => path.strip_prefix(base_path).and_then(|rest| normalise("", rest)),
            None if path.is_empty() => Some(page.to_string()),
            None => normalise(page.rsplit_once('/').map_or("", |(dir, _)| dir), &path),
        };
        (target, fragment)
    };
    let mut file = target.ok_or("points outside the site")?;
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    Ok(Some(Target { file, fragment }))
}

/// A link's path (query dropped, percent-decoded) and its fragment.
fn split_fragment(link: &str) -> (Cow<'_, str>, Option<String>) {
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f).into_owned())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or("");
    (percent_decode(path), fragment)
}

/// Links that leave the site: any with a scheme, and protocol-relative ones.
fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    let scheme_end = link.find(':');
    let path_start = link.find(['/', '?', '#']);
    matches!((scheme_end, path_start), (Some(c), Some(p)) if c < p)
        || matches!((scheme_end, path_start), (Some(_), None))
}

/// `link` applied to the folder `dir` (`/`-separated, no slash at either
/// end); `None` when it climbs above the root.
fn normalise(dir: &str, link: &str) -> Option<String> {
    let mut path = String::with_capacity(dir.len() + link.len() + 1);
    path.push_str(dir);
    for segment in link.split('/') {
        match segment {
            "" | "." => {}
            ".." if path.is_empty() => return None,
            ".." => path.truncate(path.rfind('/').unwrap_or(0)),
            other => {
                if !path.is_empty() {
                    path.push('/');
                }
                path.push_str(other);
            }
        }
    }
    if link.ends_with('/') && !path.is_empty() {
        path.push('/');
    }
    Some(path)
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

/// Scans HTML for ids and links. A small tokenizer, not a full parser: it
/// skips comments and the contents of `<script>`/`<style>`, and reads quoted
/// and unquoted attribute values. It copies only the values it keeps: every
/// page of a build goes through here.
pub fn scan(html: &str) -> PageLinks {
    let mut found = PageLinks::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        i += offset + 1;
        if bytes[i..].starts_with(b"!--") {
            i = memchr::memmem::find(&bytes[i..], b"-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let name_end = bytes[i..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
            .map_or(bytes.len(), |e| i + e);
        let name = &html[i..name_end];
        let tag = Tag::of(name);
        i = read_attributes(html, name_end, |key, value| {
            let is = |k: &str| key.eq_ignore_ascii_case(k);
            if is("id") || (tag == Tag::A && is("name")) {
                found.ids.insert(decode_entities(value));
            } else if (is("href") && matches!(tag, Tag::A | Tag::Linking))
                || (is("src") && matches!(tag, Tag::Embedding | Tag::Script))
            {
                found.links.push(decode_entities(value));
            }
        });
        if matches!(tag, Tag::Script | Tag::Style) {
            i = raw_text_end(bytes, i, name.as_bytes());
        }
    }
    found
}

/// The kinds of tag whose attributes the scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    /// `<a>`: `href`, and `name` as an anchor.
    A,
    /// `<link>`, `<area>`: `href`.
    Linking,
    /// `<img>`, `<iframe>`, `<source>`, `<audio>`, `<video>`: `src`.
    Embedding,
    /// `<script>`: `src`, and its text is not markup.
    Script,
    /// `<style>`: its text is not markup.
    Style,
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        if is("a") {
            Tag::A
        } else if is("link") || is("area") {
            Tag::Linking
        } else if ["img", "iframe", "source", "audio", "video"].iter().any(|n| is(n)) {
            Tag::Embedding
        } else if is("script") {
            Tag::Script
        } else if is("style") {
            Tag::Style
        } else {
            Tag::Other
        }
    }
}

/// Where the raw text of a `<name>` element that starts at `from` ends:
/// at its closing tag (any case), or the end of the page.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(offset) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + offset;
        let rest = &bytes[at + 1..];
        if rest.first() == Some(&b'/') && rest.get(1..=name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            return at;
        }
        i = at + 1;
    }
    bytes.len()
}

/// Reads the attributes of a tag whose name ends at `start`, handing each
/// key and raw value (empty when it has none) to `attribute`; returns
/// where the tag ends.
fn read_attributes(html: &str, start: usize, mut attribute: impl FnMut(&str, &str)) -> usize {
    let bytes = html.as_bytes();
    let mut i = start;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() || bytes[i] == b'>' {
            return (i + 1).min(bytes.len());
        }
        let key_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = &html[key_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let value_end = memchr::memchr(quote, &bytes[value_start..]).map_or(bytes.len(), |e| value_start + e);
                i = (value_end + 1).min(bytes.len());
                &html[value_start..value_end]
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                &html[value_start..i]
            };
            attribute(key, value);
        } else if !key.is_empty() {
            attribute(key, "");
        }
    }
}

fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
}

/// Checks a site already written to `dir`: links and anchors, that the
/// feed and sitemap (when present) are well-formed XML, and that the
/// search index (when present) reads back whole.
pub fn check_folder(dir: &Path, base_url: &str, base_path: &str) -> Result<usize> {
    if !dir.is_dir() {
        return Err(Error::Other(format!("{} does not exist; run `briefing build` first", dir.display())));
    }
    let mut index = LinkIndex::default();
    let mut problems = Vec::new();
    let mut pages = 0;
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::Other(format!("{}: {e}", dir.display())))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), "reading", e))?;
        if rel.ends_with(".xml")
            && let Err(why) = check_xml(&bytes)
        {
            problems.push(format!("{rel}: not well-formed XML: {why}"));
        }
        pages += usize::from(rel.ends_with(".html"));
        index.add(&rel, &bytes);
    }
    problems.extend(index.broken(base_url, base_path));
    if dir.join(super::search::manifest_file()).is_file()
        && let Err(e) = super::search::reader::SearchIndex::read(dir)
    {
        problems.push(e.to_string());
    }
    if problems.is_empty() {
        Ok(pages)
    } else {
        Err(Error::Check { count: problems.len(), report: problems.join("\n") })
    }
}

/// Whether `bytes` are well-formed XML (every element closed, in order).
pub fn check_xml(bytes: &[u8]) -> std::result::Result<(), String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut buf = Vec::new();
    let mut depth = 0usize;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(quick_xml::events::Event::Eof) => {
                return if depth == 0 { Ok(()) } else { Err("unclosed element at end of file".to_string()) };
            }
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.buffer_position())),
        }
        buf.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_ids_and_links_but_not_in_scripts_or_comments() {
        let page = scan(
            "<h2 id=\"a\">x</h2><a href='../b/#c'>b</a><!-- <a href=\"gone\"> --><script>var x='<a href=\"no\">'</script>\
             <img src=img.png alt=\"\"><a name=top></a><link rel=stylesheet href=\"s.css\">",
        );
        assert!(page.ids.contains("a") && page.ids.contains("top"));
        assert_eq!(page.links, ["../b/#c", "img.png", "s.css"]);
    }

    fn index(files: &[(&str, &str)]) -> LinkIndex {
        let mut index = LinkIndex::default();
        for (path, html) in files {
            index.add(path, html.as_bytes());
        }
        index
    }

    #[test]
    fn relative_links_and_anchors_are_resolved() {
        let site = index(&[
            ("index.html", "<a href=\"a/\">a</a><a href=\"a/#x\">x</a><a href=\"#top\">t</a><p id=\"top\">"),
            ("a/index.html", "<h2 id=\"x\"></h2><a href=\"../\">home</a><a href=\"../static/s.css\">s</a>"),
            ("static/s.css", "body{}"),
        ]);
        assert!(site.broken("https://ex.org/", "/").is_empty(), "{:?}", site.broken("https://ex.org/", "/"));
    }

    #[test]
    fn broken_files_and_anchors_are_reported() {
        let site = index(&[
            ("index.html", "<a href=\"missing/\">m</a><a href=\"a/#nope\">n</a><a href=\"https://other.org/x\">ok</a>"),
            ("a/index.html", "<h2 id=\"x\"></h2><a href=\"../../../out\">up</a>"),
        ]);
        let broken = site.broken("https://ex.org/", "/");
        assert_eq!(broken.len(), 3, "{broken:?}");
        assert!(broken.iter().any(|b| b.contains("missing/") && b.contains("no such file")));
        assert!(broken.iter().any(|b| b.contains("#nope") && b.contains("no such anchor")));
    }

    #[test]
    fn absolute_links_under_the_base_url_are_checked_locally() {
        let site = index(&[
            (
                "404.html",
                "<a href=\"/sub/\">h</a><a href=\"/sub/gone/\">g</a><a href=\"https://ex.org/sub/gone2/\">g</a>",
            ),
            ("index.html", ""),
        ]);
        let broken = site.broken("https://ex.org/sub/", "/sub/");
        assert_eq!(broken.len(), 2, "{broken:?}");
    }

    #[test]
    fn xml_well_formedness() {
        assert!(check_xml(b"<a><b/></a>").is_ok());
        assert!(check_xml(b"<a><b></a>").is_err());
        assert!(check_xml(b"<a>").is_err());
    }

    #[test]
    fn scan_reads_any_case_and_skips_raw_text_to_its_closing_tag() {
        let page = scan(
            "<A HREF=\"x/\" NAME=\"n\"><STYLE>a<b href=\"no\"></Style><p id=a&amp;b><SCRIPT src=s.js>\
             </b></SCRIPT><img SRC='i.png'><div href=\"no\"></div><a id>",
        );
        assert_eq!(page.links, ["x/", "s.js", "i.png"]);
        let mut ids: Vec<&str> = page.ids.iter().map(String::as_str).collect();
        ids.sort_unstable();
        assert_eq!(ids, ["", "a&b", "n"]);
    }

    #[test]
    fn resolve_applies_dot_segments_and_decodes() {
        let target = resolve("a/b/index.html", "../../c/%C3%A9/?q=1#x%20y", "https://ex.org/", "/").unwrap().unwrap();
        assert_eq!(target, Target { file: "c/é/index.html".to_string(), fragment: Some("x y".to_string()) });
        let same = resolve("a/index.html", "./", "https://ex.org/", "/").unwrap().unwrap();
        assert_eq!(same.file, "a/index.html");
        let here = resolve("a/index.html", "#top", "https://ex.org/", "/").unwrap().unwrap();
        assert_eq!((here.file.as_str(), here.fragment.as_deref()), ("a/index.html", Some("top")));
        assert_eq!(
            resolve("a/index.html", "https://ex.org/d/e.css", "https://ex.org/", "/").unwrap().unwrap().file,
            "d/e.css"
        );
        assert!(resolve("a/index.html", "../../x", "https://ex.org/", "/").is_err());
        assert_eq!(resolve("a/index.html", "mailto:x@ex.org", "https://ex.org/", "/"), Ok(None));
    }

    #[test]
    fn scan_survives_truncated_markup() {
        for html in ["<a href=\"x", "<a href=", "<", "<!--", "<script>", "<a href='x' id"] {
            let _ = scan(html);
        }
    }
}
