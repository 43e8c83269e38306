//! Marks a line earns by its place in the page and the corpus rather than
//! by its own words: repeated across many seeds (a site's furniture), in a
//! list of other stories after the article, or heading a comment.

use super::Block;
use super::classify::Class;
use super::cues::{self, Cue};
use super::features::Ending;
use super::lines::Marker;
use crate::clean::corpus::CorpusHints;

/// A line in at least this many seeds may be a site's furniture...
const REPEATED_MIN: usize = 3;
/// ...when it is in this many times more seeds than the dump's prose is.
/// Several reports of one wire story share their paragraphs: then the
/// prose itself is repeated and only lines repeated far more often go.
const REPEATED_FACTOR: usize = 3;

/// Marks the lines repeated across far more seeds of the corpus than the
/// dump's long lines typically are; not a lead-in, though, that announces
/// the list under it ("Key points:" is a house style, not furniture).
pub fn repeated(blocks: &mut [Block], hints: &CorpusHints) {
    if hints.seeds() < REPEATED_MIN {
        return;
    }
    let seeds = hints.seeds_with_each(blocks.iter().map(|b| b.line.source.as_str()));
    let mut long: Vec<usize> = blocks
        .iter()
        .zip(&seeds)
        .filter(|(b, _)| b.features.weight >= 100 && b.cue.is_none())
        .map(|(_, &n)| n)
        .collect();
    let middle = long.len() / 2;
    let typical = if long.is_empty() { 1 } else { (*long.select_nth_unstable(middle).1).max(1) };
    for i in 0..blocks.len() {
        let lead_in = blocks[i].features.ending == Ending::Colon
            && blocks.get(i + 1).is_some_and(|next| matches!(next.line.marker, Marker::Bullet | Marker::Numbered(_)));
        blocks[i].repeated = seeds[i] >= REPEATED_MIN && seeds[i] >= REPEATED_FACTOR * typical && !lead_in;
    }
}

/// Marks the lines of every list of other stories that follows prose:
/// from its head ("Most read", "Related articles") to where two lines of
/// prose follow each other again (a list's teasers stand one by one under
/// their headlines), or the end. Furniture set inside articles is passed
/// over. (Lists before any prose are menus, which need no marking.)
pub fn story_lists(blocks: &mut [Block]) {
    let mut prose = 0;
    let mut i = 0;
    while i < blocks.len() {
        if matches!(blocks[i].first_class, Class::Good | Class::NearGood) {
            prose += blocks[i].features.weight;
        }
        if prose < STORY_LIST_AFTER || !blocks[i].cue.is_some_and(Cue::heads_story_list) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < blocks.len() && !blocks[j].cue.is_some_and(Cue::heads_story_list) {
            let next = (j + 1..blocks.len()).find(|&k| !blocks[k].cue.is_some_and(Cue::sits_inside_articles));
            if is_sentence(&blocks[j]) && next.is_some_and(|k| is_sentence(&blocks[k])) {
                break;
            }
            blocks[j].listed = true;
            blocks[j].first_class = Class::Bad;
            j += 1;
        }
        i = j;
    }
}

/// How much prose (weight) comes before a story list that follows an article.
const STORY_LIST_AFTER: usize = 250;

/// Whether a line is prose that ends like a sentence.
fn is_sentence(block: &Block) -> bool {
    let f = &block.features;
    let prose = matches!(block.first_class, Class::Good | Class::NearGood);
    prose && (f.ending == Ending::Sentence || f.inner_sentences > 0) && block.cue.is_none()
}

/// Marks the headings of comments ("Jo on May 3, 2019 said:") as the start
/// of a discussion.
pub fn comment_headings(blocks: &mut [Block]) {
    for i in 0..blocks.len() {
        let text = &blocks[i].line.text;
        let dated = || crate::dates::first(text).is_some() || blocks.get(i + 1).is_some_and(|next| next.metadata);
        if cues::is_comment_heading(text, blocks[i].features.words, dated) {
            blocks[i].cue = Some(Cue::Comments);
        }
    }
}
