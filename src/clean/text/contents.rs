//! Tables of contents: a list of the article's own headings before the
//! article. Their entries are dropped, and the lines they point to (the
//! same text, later in the page) become headings.
//!
//! A list counts as a table of contents when a cue heads it ("Table of
//! Contents", "目次") or, without one, when it has three or more list items
//! that all recur later in the page.

use std::collections::HashMap;

use super::Block;
use super::cues::Cue;
use super::lines::Marker;

/// Entries longer than this (words) are not headings.
const ENTRY_WORDS: usize = 30;
/// A table of contents without a cue has at least this many entries.
const UNCUED_ENTRIES: usize = 3;

/// Marks the entries of every table of contents in `blocks` as furniture
/// and the lines they point to as headings.
pub fn mark(blocks: &mut [Block]) {
    let later = last_occurrences(blocks);
    let mut i = 0;
    while i < blocks.len() {
        if blocks[i].cue == Some(Cue::Contents) {
            let (entries, end) = entries_from(blocks, i + 1, blocks.len(), &later);
            apply(blocks, &entries);
            i = end.max(i + 1);
        } else if is_item(&blocks[i]) {
            let end = (i..blocks.len()).find(|&j| !is_item(&blocks[j])).unwrap_or(blocks.len());
            let (entries, _) = entries_from(blocks, i, end, &later);
            if entries.len() == end - i && entries.len() >= UNCUED_ENTRIES {
                apply(blocks, &entries);
            }
            i = end;
        } else {
            i += 1;
        }
    }
}

fn is_item(block: &Block) -> bool {
    matches!(block.line.marker, Marker::Bullet | Marker::Numbered(_))
}

fn apply(blocks: &mut [Block], entries: &[(usize, usize)]) {
    for &(entry, target) in entries {
        blocks[entry].cue = Some(Cue::Contents);
        blocks[target].contents_heading = true;
    }
}

/// The entries of a table of contents starting at `start` and ending at
/// `limit` at the latest (each with the line it points to), and where the
/// table ends. Widget lines ("Toggle") inside it are passed over.
fn entries_from(
    blocks: &[Block],
    start: usize,
    limit: usize,
    later: &HashMap<String, usize>,
) -> (Vec<(usize, usize)>, usize) {
    let mut entries = Vec::new();
    let mut j = start;
    while j < limit {
        let block = &blocks[j];
        if block.cue == Some(Cue::Widget) {
            j += 1;
            continue;
        }
        let target = later.get(&key(&block.line.text)).copied().filter(|&t| t > j + 1);
        match target {
            Some(t) if block.features.words <= ENTRY_WORDS => entries.push((j, t)),
            _ => break,
        }
        j += 1;
    }
    // A target inside the table itself would be another entry, not a heading.
    entries.retain(|&(_, t)| t >= j);
    (entries, j)
}

/// For each short line's text, the index of its last occurrence.
fn last_occurrences(blocks: &[Block]) -> HashMap<String, usize> {
    blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.features.words <= ENTRY_WORDS)
        .map(|(i, b)| (key(&b.line.text), i))
        .collect()
}

fn key(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::text::testing::blocks;

    #[test]
    fn cued_contents_entries_go_and_their_targets_become_headings() {
        let mut b = blocks(
            "Table of Contents\nToggle\n• First part\n• Second part\nIntro text here.\nFirst part\nText one.\n\
             Second part\nText two.",
        );
        mark(&mut b);
        assert_eq!(b[2].cue, Some(Cue::Contents));
        assert_eq!(b[3].cue, Some(Cue::Contents));
        assert!(b[5].contents_heading && b[7].contents_heading);
        assert!(!b[4].contents_heading);
    }

    #[test]
    fn uncued_lists_need_three_recurring_items() {
        let mut two = blocks("- Alpha\n- Beta\nText.\nAlpha\nBeta");
        mark(&mut two);
        assert!(two.iter().all(|b| !b.contents_heading));
        let mut three = blocks("- Alpha\n- Beta\n- Gamma\nText.\nAlpha\nx\nBeta\ny\nGamma");
        mark(&mut three);
        assert!(three[4].contents_heading && three[6].contents_heading && three[8].contents_heading);
    }

    #[test]
    fn a_line_repeated_right_after_itself_is_no_contents() {
        let mut b = blocks("Contents\nSame title\nSame title\nText.");
        mark(&mut b);
        assert!(b.iter().all(|b| !b.contents_heading));
    }
}
