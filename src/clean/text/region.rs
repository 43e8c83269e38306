//! Where the article is: the run of lines with the most prose and the least
//! furniture (the maximum-sum span, as in Finn, Kushmerick and Smyth's
//! "Body Text Extraction"), cut at the first line that closes an article
//! (a comment section, a legal footer) once enough of it has been read.

use std::ops::Range;

use super::Block;
use super::classify::Class;
use super::cues::Cue;

/// What a furniture line costs the span, besides its length.
const FURNITURE_COST: i64 = 20;
/// What the head of a list of other stories costs: the article may go on
/// after such a list, but only if much more prose follows.
const STORY_LIST_COST: i64 = 200;
/// How much prose (weight) must come before a closing line for it to close
/// the article rather than precede it.
const CLOSING_AFTER: usize = 250;
/// What the first paragraph after the first byline or dateline adds: an
/// article starts there more often than anywhere else. Later bylines and
/// datelines head other stories (a list of them with their dates and
/// teasers) and cost as much as a story list's head.
const LEAD_BONUS: i64 = 300;
/// How many lines after a byline or dateline its article's lead may come.
const LEAD_REACH: usize = 4;

/// The span of `blocks` that holds the article, if any line is prose.
/// Nothing after the start of a discussion (a comment section following
/// prose) is considered: an article never follows its comments.
pub fn find(blocks: &[Block], classes: &[Class]) -> Option<Range<usize>> {
    let limit = discussion_start(blocks, classes);
    let scores = scores(&blocks[..limit], &classes[..limit]);
    let mut span = best_span(&scores)?;
    // A box of other stories set inside the article must not cut off the
    // article's first part: prose right before such a box joins the span.
    while let Some(head) = story_box_before(blocks, span.start) {
        let Some(before) = best_span(&scores[..head]) else { break };
        let weight: i64 = scores[before.clone()].iter().sum();
        if before.end + BOX_GAP < head || weight < CLOSING_AFTER as i64 {
            break;
        }
        span = before.start..span.end;
    }
    Some(span.start..close(blocks, classes, span))
}

/// How many lines may stand between prose and the box of other stories
/// after it for the two to be one article.
const BOX_GAP: usize = 2;

/// The head of the box of other stories that ends right before line
/// `start`, if one does.
fn story_box_before(blocks: &[Block], start: usize) -> Option<usize> {
    let mut i = start;
    while i > 0 && blocks[i - 1].listed {
        i -= 1;
    }
    let head = i.checked_sub(1)?;
    blocks[head].cue.is_some_and(Cue::heads_story_list).then_some(head)
}

/// Where a comment section starts after some prose (or the end).
fn discussion_start(blocks: &[Block], classes: &[Class]) -> usize {
    let mut prose = 0;
    for (i, (block, &class)) in blocks.iter().zip(classes).enumerate() {
        if prose >= CLOSING_AFTER && block.cue == Some(Cue::Comments) {
            return i;
        }
        if class == Class::Good {
            prose += block.features.weight;
        }
    }
    blocks.len()
}

/// What each line adds to a span holding it.
fn scores(blocks: &[Block], classes: &[Class]) -> Vec<i64> {
    let mut scores: Vec<i64> = blocks.iter().zip(classes).map(|(b, &c)| score(b, c)).collect();
    let lead = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.metadata)
        .find_map(|(i, _)| (i + 1..blocks.len().min(i + 1 + LEAD_REACH)).find(|&j| classes[j] == Class::Good));
    if let Some(lead) = lead {
        scores[lead] += LEAD_BONUS;
        for (score, block) in scores.iter_mut().zip(blocks).skip(lead) {
            if block.metadata {
                *score = -STORY_LIST_COST;
            }
        }
    }
    scores
}

fn score(block: &Block, class: Class) -> i64 {
    let weight = block.features.weight as i64;
    match class {
        Class::Good => weight,
        _ if block.cue.is_some_and(Cue::heads_story_list) => -STORY_LIST_COST,
        _ => -(FURNITURE_COST + weight / 4),
    }
}

/// The maximum-sum span (Kadane), or `None` when no line scores above zero.
fn best_span(scores: &[i64]) -> Option<Range<usize>> {
    let mut best: Option<(i64, Range<usize>)> = None;
    let mut sum = 0i64;
    let mut start = 0;
    for (i, &score) in scores.iter().enumerate() {
        if sum <= 0 {
            sum = 0;
            start = i;
        }
        sum += score;
        if sum > 0 && best.as_ref().is_none_or(|(s, _)| sum > *s) {
            best = Some((sum, start..i + 1));
        }
    }
    best.map(|(_, span)| span)
}

/// The end of the article within `span`: the first closing line after
/// enough prose, or the span's end.
fn close(blocks: &[Block], classes: &[Class], span: Range<usize>) -> usize {
    let mut prose = 0;
    for i in span.clone() {
        if prose >= CLOSING_AFTER && blocks[i].cue.is_some_and(Cue::ends_article) {
            // The span ends with prose; do not leave it ending on furniture.
            return (span.start..i).rev().find(|&j| classes[j] == Class::Good).map_or(i, |j| j + 1);
        }
        if classes[i] == Class::Good {
            prose += blocks[i].features.weight;
        }
    }
    span.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::text::testing::block;

    fn region(lines: &[(&str, Class)]) -> Option<Range<usize>> {
        let blocks: Vec<Block> = lines.iter().map(|(t, _)| block(t)).collect();
        let classes: Vec<Class> = lines.iter().map(|(_, c)| *c).collect();
        find(&blocks, &classes)
    }

    const PROSE: &str = "The council approved the budget on Monday after a long debate about schools, roads \
                         and the hospital, and the mayor said the vote was a good day for the city.";

    #[test]
    fn the_span_with_most_prose_wins_over_menus() {
        use Class::*;
        let lines = [
            ("Home", Bad),
            ("World", Bad),
            (PROSE, Good),
            ("Advertisement", Bad),
            (PROSE, Good),
            ("About us", Bad),
            ("Contact", Bad),
        ];
        assert_eq!(region(&lines), Some(2..5));
    }

    #[test]
    fn a_comment_section_closes_the_article() {
        use Class::*;
        let lines = [(PROSE, Good), (PROSE, Good), ("Comments", Bad), (PROSE, Good), (PROSE, Good)];
        assert_eq!(region(&lines), Some(0..2));
    }

    #[test]
    fn a_story_list_is_crossed_only_for_much_more_prose() {
        use Class::*;
        let short_tail = [(PROSE, Good), ("Most read", Bad), ("Other story", Bad), (PROSE, Good)];
        assert_eq!(region(&short_tail), Some(0..1));
        let mut long_tail = vec![(PROSE, Good), (PROSE, Good), (PROSE, Good), ("Most read", Bad), ("Other story", Bad)];
        long_tail.extend(std::iter::repeat_n((PROSE, Good), 8));
        assert_eq!(region(&long_tail), Some(0..13));
    }

    #[test]
    fn prose_under_the_first_dateline_wins_and_later_datelines_cost() {
        use Class::*;
        let lines = [("Nov 19, 2019", Bad), (PROSE, Good), ("Nov 20, 2019", Bad), (PROSE, Good)];
        // Without the bonus and the cost, the span would take both.
        assert_eq!(region(&lines), Some(1..2));
    }

    #[test]
    fn no_prose_no_article() {
        assert_eq!(region(&[("Home", Class::Bad)]), None);
    }
}
