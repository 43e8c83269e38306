//! Markdown seeds: the front matter says what it knows (title, author,
//! date, ...), the body is kept as written.

use serde_json::{Map, Value};

use crate::content::frontmatter;
use crate::content::page::parse_iso_date;
use crate::document::Article;

/// A Markdown seed as an article. Front matter keys other tools write
/// (`description`, `published`, `site_name`, ...) are understood; unknown
/// keys are ignored because the file comes from elsewhere.
pub fn clean(text: &str) -> Result<Article, (usize, String)> {
    let split = frontmatter::split(text).map_err(|e| (e.line, e.message))?;
    let (map, body) = match &split {
        Some(split) => (frontmatter::to_object(split).map_err(|e| (e.line, e.message))?, split.body),
        None => (Map::new(), text.strip_prefix('\u{feff}').unwrap_or(text)),
    };
    let mut body = body.trim_matches(['\n', '\r']).to_string();
    let heading = leading_h1(&body);
    let title = match first_string(&map, &["title", "headline", "name"]) {
        Some(title) => {
            if heading.as_ref().is_some_and(|(h, _)| h.trim() == title.trim()) {
                body = drop_leading_h1(&body);
            }
            title
        }
        None => match heading {
            Some((h, _)) => {
                body = drop_leading_h1(&body);
                h
            }
            None => String::new(),
        },
    };
    Ok(Article {
        title,
        publisher: first_string(&map, &["publisher", "site_name", "site", "source", "outlet"]),
        author: first_string(&map, &["author", "authors", "byline", "creator"]),
        date: first_string(&map, &["date", "published", "pubDate", "publishDate", "created"])
            .and_then(|d| parse_iso_date(&d)),
        language: first_string(&map, &["language", "lang"])
            .map(|l| l.split(['-', '_']).next().unwrap_or("").to_lowercase()),
        summary: first_string(&map, &["summary", "description", "excerpt", "abstract"]),
        body,
    })
}

/// The first of `keys` that holds text (a list of texts is joined).
fn first_string(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| match map.get(*key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(obj) => obj.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    })
}

/// The text of a `# Heading` that opens the body, and its line length.
fn leading_h1(body: &str) -> Option<(String, usize)> {
    let first = body.lines().next()?;
    let title = first.strip_prefix("# ")?.trim().trim_end_matches('#').trim();
    (!title.is_empty()).then(|| (title.to_string(), first.len()))
}

fn drop_leading_h1(body: &str) -> String {
    body.split_once('\n').map_or("", |(_, rest)| rest).trim_start_matches(['\n', '\r']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_fills_the_metadata() {
        let text = "---\ntitle: A Report\nauthor: [Ann, Bo]\ndate: 2024-03-05\ndescription: Short.\nsite_name: The Post\n---\n\nBody *as written*.\n";
        let a = clean(text).unwrap();
        assert_eq!(a.title, "A Report");
        assert_eq!(a.author.as_deref(), Some("Ann, Bo"));
        assert_eq!(a.date, chrono::NaiveDate::from_ymd_opt(2024, 3, 5));
        assert_eq!(a.summary.as_deref(), Some("Short."));
        assert_eq!(a.publisher.as_deref(), Some("The Post"));
        assert_eq!(a.body, "Body *as written*.");
    }

    #[test]
    fn leading_heading_becomes_the_title() {
        let a = clean("# The Title\n\nText.\n").unwrap();
        assert_eq!(a.title, "The Title");
        assert_eq!(a.body, "Text.");
    }

    #[test]
    fn heading_repeating_the_front_matter_title_is_dropped() {
        let a = clean("+++\ntitle = \"T\"\n+++\n# T\n\nText.").unwrap();
        assert_eq!(a.body, "Text.");
        let b = clean("+++\ntitle = \"T\"\n+++\n# Other\n\nText.").unwrap();
        assert_eq!(b.body, "# Other\n\nText.");
    }

    #[test]
    fn broken_front_matter_names_the_line() {
        let (line, message) = clean("---\ntitle: [broken\n---\nx").unwrap_err();
        assert!(line >= 2, "{line} {message}");
    }
}
