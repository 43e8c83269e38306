//! The Atom feed, the sitemap and robots.txt: written directly (not by
//! templates) so they are always well-formed and use absolute URLs.

use chrono::NaiveDate;

use super::context::Inputs;
use super::model::PageKind;
use super::urls;

/// Entries in the feed: the newest documents.
const FEED_ENTRIES: usize = 50;

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn timestamp(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", super::context::iso_date(date))
}

/// The Atom feed of the newest documents. Undated documents take the
/// newest date in the collection, so the feed stays the same between builds.
pub fn atom(inputs: &Inputs) -> String {
    let config = inputs.config;
    let newest = inputs.site.chronological.iter().filter_map(|&d| inputs.documents[d].date).max();
    let updated = newest.map_or_else(|| "1970-01-01T00:00:00Z".to_string(), timestamp);
    let mut xml = String::with_capacity(4096);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        xml_escape(&config.language)
    ));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(&config.title)));
    xml.push_str(&format!("  <subtitle>{}</subtitle>\n", xml_escape(&config.description)));
    let feed_url = urls::absolute(&config.base_url, urls::FEED_FILE);
    xml.push_str(&format!("  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n", xml_escape(&feed_url)));
    xml.push_str(&format!(
        "  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n",
        xml_escape(&config.base_url)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", xml_escape(&config.base_url)));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!("  <author><name>{}</name></author>\n", xml_escape(&config.title)));
    xml.push_str(&format!("  <generator version=\"{}\">briefing</generator>\n", env!("CARGO_PKG_VERSION")));
    for &d in inputs.site.chronological.iter().take(FEED_ENTRIES) {
        let doc = &inputs.documents[d];
        let url = urls::absolute(&config.base_url, &urls::document(&doc.slug));
        let when = doc.date.map_or_else(|| updated.clone(), timestamp);
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&doc.title)));
        xml.push_str(&format!("    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n", xml_escape(&url)));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        xml.push_str(&format!("    <updated>{when}</updated>\n"));
        if doc.date.is_some() {
            xml.push_str(&format!("    <published>{when}</published>\n"));
        }
        if let Some(name) = doc.author.as_deref().or(doc.publisher.as_deref()) {
            xml.push_str(&format!("    <author><name>{}</name></author>\n", xml_escape(name)));
        }
        let summary = &inputs.summaries[d];
        if !summary.is_empty() {
            xml.push_str(&format!("    <summary>{}</summary>\n", xml_escape(summary)));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// `sitemap.xml`: every page but the 404 page, with absolute URLs.
pub fn sitemap(inputs: &Inputs) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &inputs.site.pages {
        if page.kind == PageKind::NotFound {
            continue;
        }
        let loc = urls::absolute(&inputs.config.base_url, &page.url);
        xml.push_str(&format!("  <url><loc>{}</loc>", xml_escape(&loc)));
        if let PageKind::Document(d) = page.kind
            && let Some(date) = inputs.documents[d].date
        {
            xml.push_str(&format!("<lastmod>{}</lastmod>", super::context::iso_date(date)));
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `robots.txt`: everything may be crawled; the sitemap is named.
pub fn robots(inputs: &Inputs) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", urls::absolute(&inputs.config.base_url, urls::SITEMAP_FILE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escape_handles_markup_and_forbidden_characters() {
        assert_eq!(xml_escape("a<b & \"c\" 'd'>\u{1}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    }
}
