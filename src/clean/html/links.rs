//! Which link and image targets may appear in the Markdown, and in what
//! form: web and mail links only (never `javascript:`, `data:`, `vbscript:`
//! or any other scheme), made absolute when the page says where it lives,
//! and written so that they cannot break out of `(...)`. A relative target
//! on a page that does not say where it lives is dropped: it names a file
//! of the page's own site, which the briefing site does not have, so it
//! could only be a broken link there.

use url::Url;

/// Resolves and vets the URLs of one page.
#[derive(Debug, Clone, Default)]
pub(super) struct Urls {
    base: Option<Url>,
}

/// What a URL is used for: links may also be `mailto:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Link,
    Image,
}

impl Urls {
    /// URLs relative to `base` (the page's `<base>`, canonical or `og:url`),
    /// when that is an absolute web address.
    pub fn new(base: Option<&str>) -> Urls {
        let base = base.and_then(|b| Url::parse(&strip_controls(b)).ok()).filter(|u| is_web(u.scheme()));
        Urls { base }
    }

    /// The target of a link with `href`, if it may be kept.
    pub fn link(&self, href: &str) -> Option<String> {
        self.resolve(href, Target::Link)
    }

    /// The source of an image, if it may be kept.
    pub fn image(&self, src: &str) -> Option<String> {
        self.resolve(src, Target::Image)
    }

    fn resolve(&self, raw: &str, target: Target) -> Option<String> {
        // Browsers ignore tabs and newlines anywhere in a URL ("java\tscript:"
        // is "javascript:"), so the check must too.
        let cleaned = strip_controls(raw);
        if cleaned.is_empty() || cleaned.starts_with('#') {
            return None;
        }
        if let Some(scheme) = scheme_of(&cleaned) {
            let allowed = is_web(&scheme) || (target == Target::Link && scheme == "mailto");
            if !allowed {
                return None;
            }
            return Url::parse(&cleaned).ok().map(|u| destination(u.as_str()));
        }
        match &self.base {
            Some(base) => {
                let url = base.join(&cleaned).ok()?;
                is_web(url.scheme()).then(|| destination(url.as_str()))
            }
            None if cleaned.starts_with("//") => {
                Url::parse(&format!("https:{cleaned}")).ok().map(|u| destination(u.as_str()))
            }
            None => None,
        }
    }
}

fn is_web(scheme: &str) -> bool {
    scheme == "http" || scheme == "https"
}

/// The lowercase scheme of a URL that has one (`scheme:` before any `/`,
/// `?` or `#`).
fn scheme_of(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// `url` without surrounding whitespace and without tabs, newlines and other
/// control characters inside, as a browser reads it.
fn strip_controls(url: &str) -> String {
    url.trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control()).chars().filter(|c| !c.is_control()).collect()
}

/// A URL as a Markdown link destination: characters that would end or
/// confuse `(...)` are percent-encoded.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            '"' => out.push_str("%22"),
            '|' => out.push_str("%7C"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_schemes_are_refused() {
        let urls = Urls::new(Some("https://example.com/news/a.html"));
        for href in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "file:///etc/passwd",
            "ftp://example.com/x",
        ] {
            assert_eq!(urls.link(href), None, "{href}");
        }
        assert_eq!(urls.image("data:image/png;base64,iVBOR"), None);
        assert_eq!(urls.image("mailto:a@b.c"), None);
    }

    #[test]
    fn web_and_mail_links_are_kept() {
        let urls = Urls::default();
        assert_eq!(urls.link("https://example.com/a?b=1").as_deref(), Some("https://example.com/a?b=1"));
        assert_eq!(urls.link("mailto:desk@example.com").as_deref(), Some("mailto:desk@example.com"));
    }

    #[test]
    fn relative_links_become_absolute_with_a_base() {
        let urls = Urls::new(Some("https://example.com/news/a.html"));
        assert_eq!(urls.link("b.html").as_deref(), Some("https://example.com/news/b.html"));
        assert_eq!(urls.link("/top").as_deref(), Some("https://example.com/top"));
        assert_eq!(urls.image("//cdn.example.com/i.jpg").as_deref(), Some("https://cdn.example.com/i.jpg"));
    }

    #[test]
    fn relative_targets_are_dropped_without_a_base() {
        let urls = Urls::new(Some("not a url"));
        assert_eq!(urls.link("/top/page"), None);
        assert_eq!(urls.image("x.png"), None);
        assert_eq!(urls.link("//cdn.example.com/a").as_deref(), Some("https://cdn.example.com/a"));
    }

    #[test]
    fn fragment_only_links_are_dropped() {
        assert_eq!(Urls::default().link("#section-2"), None);
    }

    #[test]
    fn destinations_cannot_close_the_parenthesis() {
        let urls = Urls::default();
        assert_eq!(
            urls.link("https://en.wikipedia.org/wiki/Foo_(bar)").as_deref(),
            Some("https://en.wikipedia.org/wiki/Foo_%28bar%29")
        );
        assert_eq!(urls.link("https://x.org/a b)<c>").as_deref(), Some("https://x.org/a%20b%29%3Cc%3E"));
    }
}
