//! A document's summary for listings and the feed: its own `summary` when
//! the front matter gives one, else the summary the analysis picked (see
//! `analyze::summarize`), else (for pages of the site's own, which are not
//! analysed) the opening of its first paragraph.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// Summaries longer than this are cut at a word, with an ellipsis.
const MAX_CHARS: usize = 320;

/// The summary shown for a document.
pub fn summary(front_matter: Option<&str>, computed: &str, body: &str) -> String {
    let given = |s: &str| !s.trim().is_empty();
    match front_matter.filter(|s| given(s)) {
        Some(text) => text.trim().to_string(),
        None if given(computed) => computed.to_string(),
        None => lead(body),
    }
}

/// The first paragraph of `markdown` (not a heading or list), as plain
/// text, shortened to about two sentences.
pub fn lead(markdown: &str) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut nesting = 0usize;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::List(_) | Tag::BlockQuote(_) | Tag::Heading { .. } | Tag::Table(_)) => nesting += 1,
            Event::End(TagEnd::List(_) | TagEnd::BlockQuote(_) | TagEnd::Heading(_) | TagEnd::Table) => {
                nesting = nesting.saturating_sub(1)
            }
            Event::Start(Tag::Paragraph) if nesting == 0 => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if in_paragraph => {
                if text.split_whitespace().count() >= 8 || text.chars().count() >= 40 {
                    break;
                }
                text.clear();
                in_paragraph = false;
            }
            Event::Text(t) | Event::Code(t) if in_paragraph => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_paragraph => text.push(' '),
            _ => {}
        }
    }
    shorten(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// At most two sentences and [`MAX_CHARS`] characters.
fn shorten(text: &str) -> String {
    let mut end = text.len();
    let mut sentences = 0;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？')
            && text[i + c.len_utf8()..].chars().next().is_none_or(|n| n.is_whitespace() || !n.is_ascii())
        {
            sentences += 1;
            if sentences == 2 {
                end = i + c.len_utf8();
                break;
            }
        }
    }
    let text = &text[..end];
    if text.chars().count() <= MAX_CHARS {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_summary_wins_then_the_computed_one_then_the_lead() {
        assert_eq!(summary(Some("Given."), "Computed.", "Body text here."), "Given.");
        assert_eq!(summary(Some("  "), "Computed.", "Body text here."), "Computed.");
        assert_eq!(
            summary(None, " ", "A first paragraph that is long enough to count."),
            "A first paragraph that is long enough to count."
        );
    }

    #[test]
    fn lead_skips_headings_lists_and_stubs() {
        let md = "## Heading\n\n- a list item that is long enough to count as text\n\nShort.\n\nThe real first paragraph says what happened. It has details. And more.";
        assert_eq!(lead(md), "The real first paragraph says what happened. It has details.");
    }

    #[test]
    fn long_leads_are_cut_at_a_word() {
        let md = "word ".repeat(200);
        let s = lead(&md);
        assert!(s.chars().count() <= MAX_CHARS + 1 && s.ends_with('…'), "{s}");
    }

    #[test]
    fn abbreviations_inside_words_do_not_end_sentences() {
        assert_eq!(
            lead("The U.S.-China talks began on Monday in Geneva, officials said. Then more. Then more."),
            "The U.S.-China talks began on Monday in Geneva, officials said. Then more."
        );
    }
}
