//! The URL scheme, in one place. A page's URL is a root-relative path with
//! a trailing slash (`entities/vladimir-putin/`; the home page is the empty
//! path); it is written as `<url>index.html`. In-site links are relative
//! (`../../entities/x/`) so the site works under any base path; absolute
//! URLs (feed, sitemap, canonical) put `base_url` in front.

/// Items per page on paginated listings (entity, topic, publisher and
/// timeline period pages).
pub const PAGE_SIZE: usize = 50;

/// The home page.
pub const HOME: &str = "";
/// The list of publishers.
pub const SOURCES: &str = "sources/";
/// The list of entities.
pub const ENTITIES: &str = "entities/";
/// The list of topics.
pub const TOPICS: &str = "topics/";
/// The list of stories (reports of one event, grouped).
pub const STORIES: &str = "stories/";
/// The timeline of dated events.
pub const TIMELINE: &str = "timeline/";
/// The search page (its index files live under it too).
pub const SEARCH: &str = "search/";
/// The not-found page, written as `404.html` at the root.
pub const NOT_FOUND_FILE: &str = "404.html";
/// The Atom feed.
pub const FEED_FILE: &str = "feed.xml";
/// The sitemap.
pub const SITEMAP_FILE: &str = "sitemap.xml";
/// Where theme and generated assets go.
pub const STATIC_DIR: &str = "static/";

/// A document or hand-written page.
pub fn document(slug: &str) -> String {
    format!("{slug}/")
}

/// Page `page` (1-based) of a listing whose first page is `first`.
pub fn paginated(first: &str, page: usize) -> String {
    if page <= 1 { first.to_string() } else { format!("{first}page/{page}/") }
}

/// A publisher's page.
pub fn publisher(slug: &str) -> String {
    format!("{SOURCES}{slug}/")
}

/// An entity's page.
pub fn entity(slug: &str) -> String {
    format!("{ENTITIES}{slug}/")
}

/// A topic's page.
pub fn topic(slug: &str) -> String {
    format!("{TOPICS}{slug}/")
}

/// A story's page, named after its first report.
pub fn story(slug: &str) -> String {
    format!("{STORIES}{slug}/")
}

/// The page of one period of the timeline: a year (`timeline/2025/`) or
/// a month of it (`timeline/2025/04/`).
pub fn timeline_period(year: i32, month: Option<u8>) -> String {
    match month {
        Some(m) => format!("{TIMELINE}{year:04}/{m:02}/"),
        None => format!("{TIMELINE}{year:04}/"),
    }
}

/// The file a page URL is written to.
pub fn output_file(url: &str) -> String {
    format!("{url}index.html")
}

/// The prefix that leads from a page at `url` back to the site root
/// (`""` for the home page, `"../../"` for `entities/x/`).
pub fn root_prefix(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The absolute URL of a root-relative path.
pub fn absolute(base_url: &str, path: &str) -> String {
    format!("{base_url}{path}")
}

/// How many pages `items` items take (at least one).
pub fn page_count(items: usize) -> usize {
    items.div_ceil(PAGE_SIZE).max(1)
}

/// The items page `page` (from 1) of a listing shows: the pages, their
/// dependencies and their fingerprints all cut a listing here.
pub fn chunk<T>(items: &[T], page: usize) -> &[T] {
    items.chunks(PAGE_SIZE).nth(page.saturating_sub(1)).unwrap_or(&[])
}

/// Each page's items of a listing of `items`, from page 1 to
/// [`page_count`] (one empty page for no items).
pub fn chunks<T>(items: &[T]) -> impl Iterator<Item = &[T]> {
    (1..=page_count(items.len())).map(move |page| chunk(items, page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_root_relative_with_trailing_slash() {
        assert_eq!(document("a-b"), "a-b/");
        assert_eq!(entity("putin"), "entities/putin/");
        assert_eq!(paginated(&entity("putin"), 1), "entities/putin/");
        assert_eq!(paginated(&entity("putin"), 3), "entities/putin/page/3/");
        assert_eq!(output_file(HOME), "index.html");
        assert_eq!(output_file("entities/putin/"), "entities/putin/index.html");
        assert_eq!(story("a-b"), "stories/a-b/");
        assert_eq!(timeline_period(2025, Some(4)), "timeline/2025/04/");
        assert_eq!(timeline_period(2025, None), "timeline/2025/");
    }

    #[test]
    fn root_prefix_climbs_one_level_per_segment() {
        assert_eq!(root_prefix(HOME), "");
        assert_eq!(root_prefix("a/"), "../");
        assert_eq!(root_prefix("entities/putin/page/2/"), "../../../../");
    }

    #[test]
    fn page_count_rounds_up_and_is_never_zero() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
    }
}
