//! Readable, stable URL slugs from titles and names in any script.

/// Longest slug kept, in bytes; longer titles are cut at a word boundary.
const MAX_SLUG_LEN: usize = 72;

/// A lowercase ASCII slug of `text`: Unicode transliterated ("Путин" →
/// "putin", "動區" → "dong-qu"), words joined by `-`. Empty when `text` has
/// no letters or digits at all.
pub fn slugify(text: &str) -> String {
    slugify_within(text, MAX_SLUG_LEN)
}

/// [`slugify_or`] with every word kept, for names that already are
/// addresses (file names): cut there, `long-title-2` would lose its suffix
/// and be the address of `long-title` too. A slug is its own whole slug.
pub fn slugify_whole_or(text: &str, fallback: &str) -> String {
    or(slugify_within(text, usize::MAX), fallback)
}

fn slugify_within(text: &str, max: usize) -> String {
    let ascii = deunicode::deunicode_with_tofu(text, " ");
    let mut slug = String::with_capacity(ascii.len());
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let extra = usize::from(!slug.is_empty()) + word.len();
        if slug.len().saturating_add(extra) > max && !slug.is_empty() {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.extend(word.chars().map(|c| c.to_ascii_lowercase()).take(max));
    }
    slug
}

/// `slugify(text)`, or `fallback` when that is empty.
pub fn slugify_or(text: &str, fallback: &str) -> String {
    or(slugify(text), fallback)
}

fn or(slug: String, fallback: &str) -> String {
    if slug.is_empty() { fallback.to_string() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_titles_become_hyphenated_lowercase() {
        assert_eq!(
            slugify("Putin Says Russia Needs Independent Large Language Models"),
            "putin-says-russia-needs-independent-large-language-models"
        );
        assert_eq!(slugify("  Crème brûlée: 10 façons!  "), "creme-brulee-10-facons");
    }

    #[test]
    fn other_scripts_are_transliterated() {
        assert_eq!(slugify("Путин"), "putin");
        assert!(!slugify("動區BlockTempo").is_empty());
        assert!(slugify("動區BlockTempo").is_ascii());
    }

    #[test]
    fn long_titles_are_cut_at_a_word() {
        let slug = slugify(&"word ".repeat(40));
        assert!(slug.len() <= MAX_SLUG_LEN);
        assert!(slug.ends_with("word"));
    }

    #[test]
    fn a_slug_is_its_own_whole_slug_however_long() {
        let long = format!("{}-2", slugify(&"abcdefgh ".repeat(20)));
        assert!(long.len() > MAX_SLUG_LEN);
        assert_eq!(slugify_whole_or(&long, "page"), long);
        assert_eq!(slugify_whole_or("My Notes", "page"), "my-notes");
        assert_eq!(slugify_whole_or("!!!", "page"), "page");
    }

    #[test]
    fn symbols_only_falls_back() {
        assert_eq!(slugify("!!! ???"), "");
        assert_eq!(slugify_or("!!!", "untitled"), "untitled");
    }
}
