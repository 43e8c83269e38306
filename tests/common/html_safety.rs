//! Whether HTML could run code or pull in another document, judged by
//! parsing it with a real HTML parser (html5ever, through scraper) the way
//! a browser would, not by grepping for strings.
//!
//! Shared by the integration tests (every page of a built site) and the
//! fuzz targets (every rendered body), which include this file by path.

use scraper::{ElementRef, Html, Selector};

/// Elements that embed or run another document or plugin.
const EMBEDDING: &[&str] = &["iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"];

/// Attributes whose value is a URL the browser follows or loads.
const URL_ATTRIBUTES: &[&str] =
    &["href", "src", "action", "formaction", "data", "poster", "background", "lowsrc", "dynsrc", "ping", "cite"];

/// Schemes that run script or carry a whole document inline.
const DANGEROUS_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// Every way `html` (a whole page) could run script that is not one of the
/// theme's own: `theme_scripts` are the file names under the theme's
/// `static/` folder that a `<script src>` may load. Empty when it is safe.
pub fn page_violations(html: &str, theme_scripts: &[String]) -> Vec<String> {
    violations(&Html::parse_document(html), theme_scripts)
}

/// Like [`page_violations`] for a fragment (a rendered body), where no
/// script at all is allowed.
pub fn fragment_violations(html: &str) -> Vec<String> {
    violations(&Html::parse_fragment(html), &[])
}

fn violations(document: &Html, theme_scripts: &[String]) -> Vec<String> {
    let all = Selector::parse("*").expect("a valid selector");
    let mut found = Vec::new();
    for element in document.select(&all) {
        check_element(element, theme_scripts, &mut found);
    }
    found
}

fn check_element(element: ElementRef<'_>, theme_scripts: &[String], found: &mut Vec<String>) {
    let name = element.value().name().to_ascii_lowercase();
    let tag = || format!("<{name}> {:?}", element.html().chars().take(160).collect::<String>());
    if name == "script" && !is_theme_script(element, theme_scripts) {
        found.push(format!("script element: {}", tag()));
    }
    if EMBEDDING.contains(&name.as_str()) {
        found.push(format!("embedding element: {}", tag()));
    }
    if name == "meta" && element.value().attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("refresh")) {
        found.push(format!("meta refresh: {}", tag()));
    }
    for (attr, value) in element.value().attrs() {
        let attr = attr.to_ascii_lowercase();
        if attr.starts_with("on") {
            found.push(format!("event handler attribute {attr}: {}", tag()));
        }
        if attr == "srcdoc" {
            found.push(format!("inline document attribute: {}", tag()));
        }
        let followed = URL_ATTRIBUTES.contains(&attr.as_str())
            // SVG animation can set an href to any of these values.
            || (matches!(name.as_str(), "animate" | "set") && matches!(attr.as_str(), "to" | "from" | "values"));
        if followed && has_dangerous_scheme(value) {
            found.push(format!("{attr} with a script or data URL: {}", tag()));
        }
        if attr == "style" && {
            let style = normalise_url(value);
            style.contains("javascript:") || style.contains("expression(")
        } {
            found.push(format!("scripted style: {}", tag()));
        }
    }
}

/// A `<script>` with no inline code whose `src` is one of the theme's
/// static files (`static/NAME`, relative or absolute).
fn is_theme_script(element: ElementRef<'_>, theme_scripts: &[String]) -> bool {
    let Some(src) = element.value().attr("src") else { return false };
    if element.text().any(|t| !t.trim().is_empty()) {
        return false;
    }
    let mut rest = src.trim();
    loop {
        let before = rest;
        rest = rest.trim_start_matches("../").trim_start_matches("./").trim_start_matches('/');
        if rest == before {
            break;
        }
    }
    rest.strip_prefix("static/").is_some_and(|file| theme_scripts.iter().any(|s| s == file))
}

/// Whether a URL, read as a browser reads it, uses one of [`DANGEROUS_SCHEMES`].
fn has_dangerous_scheme(value: &str) -> bool {
    let url = normalise_url(value);
    DANGEROUS_SCHEMES.iter().any(|scheme| url.starts_with(scheme))
}

/// The URL as a browser sees it: tabs and newlines anywhere removed,
/// leading and trailing controls and spaces dropped, lowercase.
fn normalise_url(value: &str) -> String {
    value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect::<String>()
        .trim_matches(|c: char| c <= ' ')
        .to_ascii_lowercase()
}
