//! Final touches on the article's Markdown blocks: the title where the
//! page repeated it, rules at the ends, paragraphs said twice, and sections
//! whose content went as chrome.

use std::collections::HashSet;

/// Final touches on the article's blocks: no rules at the ends or twice in
/// a row, no paragraph said twice (pages that carry a mobile and a desktop
/// copy of a block), no empty sections.
pub(super) fn tidy(blocks: &mut Vec<String>) {
    let mut seen = HashSet::new();
    blocks.retain(|b| b.chars().count() < MIN_REPEATED_CHARS || heading_marks(b).is_some() || seen.insert(b.clone()));
    drop_empty_sections(blocks);
    blocks.dedup_by(|b, a| a == RULE && b == RULE);
    while blocks.first().is_some_and(|b| b == RULE) {
        blocks.remove(0);
    }
    while blocks.last().is_some_and(|b| b == RULE) {
        blocks.pop();
    }
}

/// Removes the title from the start of the body where the page wrote it as
/// text rather than a heading (a bold first line, old table layouts).
pub(super) fn drop_leading_title(blocks: &mut Vec<String>, title: &str) {
    let Some(first) = blocks.first() else { return };
    let (line, rest) = first.split_once('\n').unwrap_or((first, ""));
    if !same_headline(line, title) {
        return;
    }
    let rest = rest.trim().to_string();
    if rest.is_empty() {
        blocks.remove(0);
    } else {
        blocks[0] = rest;
    }
}

/// A block at least this long that appears twice is a copy.
const MIN_REPEATED_CHARS: usize = 20;

/// A thematic break.
pub(super) const RULE: &str = "---";

/// Removes sections (a heading and the blocks up to the next heading of
/// the same or a higher level) with next to nothing in them: what they
/// introduced was chrome and has gone ("Related stories" over a dropped
/// list, "Comments" over a comment count).
fn drop_empty_sections(blocks: &mut Vec<String>) {
    let levels: Vec<Option<usize>> = blocks.iter().map(|b| heading_marks(b)).collect();
    let mut keep = vec![true; blocks.len()];
    for (at, level) in levels.iter().enumerate() {
        let Some(level) = *level else { continue };
        let mut text = 0;
        let mut end = at + 1;
        while end < blocks.len() && levels[end].is_none_or(|l| l > level) && text < SLIGHT_SECTION_CHARS {
            text += substance(&blocks[end]);
            end += 1;
        }
        if text < SLIGHT_SECTION_CHARS {
            keep[at..end].iter_mut().for_each(|k| *k = false);
        }
    }
    let mut flags = keep.into_iter();
    blocks.retain(|_| flags.next().unwrap_or(true));
}

/// A section with less text than this under its heading has nothing in it.
const SLIGHT_SECTION_CHARS: usize = 25;

/// How much a block says: its letters and digits, or a section's worth
/// for images, tables and code (which say much in few letters).
fn substance(block: &str) -> usize {
    if block.starts_with("![") || block.starts_with('|') || block.starts_with("```") || block.contains("](") {
        return SLIGHT_SECTION_CHARS;
    }
    if heading_marks(block).is_some() {
        return 0;
    }
    block.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The level of a heading block written by [`super::markdown::heading`].
fn heading_marks(block: &str) -> Option<usize> {
    let marks = block.chars().take_while(|&c| c == '#').count();
    (marks > 0 && block[marks..].starts_with(' ')).then_some(marks)
}

/// Whether a heading says what the title says, perhaps in other words
/// ("HS Roundup: ..." and "High School Roundup: ..."): the same letters
/// and digits, or (for titles of three words or more) mostly the same
/// words.
pub(super) fn same_headline(heading: &str, title: &str) -> bool {
    let letters = |t: &str| t.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let (h, t) = (letters(heading), letters(title));
    if h.is_empty() || t.is_empty() {
        return false;
    }
    if h == t {
        return true;
    }
    let words = |t: &str| {
        let lower = t.to_lowercase();
        lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect::<HashSet<_>>()
    };
    let (hw, tw) = (words(heading), words(title));
    if hw.len() < 3 || tw.len() < 3 {
        return false;
    }
    let shared = hw.intersection(&tw).count();
    shared * 10 >= hw.union(&tw).count() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(list: &[&str]) -> Vec<String> {
        list.iter().map(|b| b.to_string()).collect()
    }

    #[test]
    fn a_heading_repeating_the_title_in_other_words_is_the_title() {
        assert!(same_headline(
            "HS Roundup: Viera defeats Rockledge to remain undefeated",
            "High School Roundup: Viera defeats Rockledge to remain undefeated"
        ));
        assert!(same_headline("Anthony Lynn: “We needed to win”", "Anthony Lynn: \"We needed to win\""));
        assert!(!same_headline("How to retire early", "How to retire early so you can work, travel, and relax"));
        assert!(!same_headline("Background", "Background of the case"));
    }

    #[test]
    fn tidying_drops_end_rules_copies_and_empty_sections() {
        let mut list = blocks(&[
            "---",
            "## A",
            "Text long enough to be a section.",
            "---",
            "---",
            "Text long enough to be a section.",
            "## B",
            "---",
        ]);
        tidy(&mut list);
        assert_eq!(list, blocks(&["## A", "Text long enough to be a section."]));
    }

    #[test]
    fn the_leading_title_line_goes() {
        let mut list = blocks(&["**The Title**\\\nBy Jo", "Text."]);
        drop_leading_title(&mut list, "The title");
        assert_eq!(list, blocks(&["By Jo", "Text."]));
    }
}
