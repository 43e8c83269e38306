//! Text dumps (a web page's text, copied): the article among the page's
//! navigation, widgets, pitches, footers and other stories.
//!
//! The dump is read line by line; each line is measured ([`features`]),
//! checked for furniture cue words ([`cues`]) and for being repeated across
//! many seeds of the corpus, and classified as prose or furniture
//! ([`classify`], after jusText). The article is the span with the most prose
//! ([`region`]); the lines around it give its headline, publisher, author
//! and date ([`meta`]); the lines inside it, less furniture, become its body
//! with headings, lists and quotes ([`structure`]).

mod classify;
mod contents;
mod cues;
mod features;
mod lines;
mod meta;
mod region;
mod structure;

use std::ops::Range;

use self::classify::Class;
use self::cues::Cue;
use self::features::{Features, Language};
use self::lines::{Line, Marker};
use super::corpus::CorpusHints;
use crate::document::Article;

/// One line of the dump with everything measured about it.
#[derive(Debug, Clone)]
struct Block {
    line: Line,
    features: Features,
    /// The furniture it looks like, if any.
    cue: Option<Cue>,
    /// Repeated across far more seeds than the prose around it: a site's
    /// furniture.
    repeated: bool,
    /// A byline or dateline: about the article, not of it.
    metadata: bool,
    /// Short and unpunctuated, like a heading.
    heading_like: bool,
    /// Listed in a table of contents: a heading.
    contents_heading: bool,
    /// Its class judged alone (see [`classify::context_free`]).
    first_class: Class,
}

/// The article in a page's text dump.
pub fn clean(text: &str, hints: &CorpusHints) -> Article {
    let lines = lines::split(text);
    let language = Language::detect(lines.iter().map(|l| l.text.as_str()));
    let mut blocks = measure(lines, &language, hints);
    mark_comment_headings(&mut blocks);
    contents::mark(&mut blocks);
    for block in &mut blocks {
        block.first_class = classify::context_free(block, &language);
    }
    let classes = classify::revise(&blocks);
    let body = region::find(&blocks, &classes).unwrap_or(0..blocks.len());
    let header = meta::read(&blocks, body.clone(), &language);
    let kept = select(&blocks, &classes, body, &header);
    Article {
        title: header.title,
        publisher: header.publisher,
        author: header.author,
        date: header.date,
        language: language.code.map(str::to_string),
        summary: None,
        body: structure::markdown(&structure::parts(&blocks, &kept)),
    }
}

/// Measures every line: features, cue, repetition across the corpus.
fn measure(lines: Vec<Line>, language: &Language, hints: &CorpusHints) -> Vec<Block> {
    let seeds: Vec<usize> = lines.iter().map(|l| hints.seeds_with(&l.source)).collect();
    let typical = typical_repetition(&lines, &seeds);
    let spaced = spaced_out(&lines);
    lines
        .into_iter()
        .zip(seeds)
        .map(|(line, seeds)| {
            let features = Features::of(&line.text, language);
            let cue = cues::cue(&line.text, features.words);
            let metadata = meta::is_byline(&line.text) || meta::dateline(&line.text).is_some();
            let isolated = !spaced || (line.gap_before && line.gap_after);
            let heading_like = isolated && is_heading_like(&line, &features, cue);
            Block {
                line,
                features,
                cue,
                repeated: seeds >= REPEATED_MIN && seeds >= REPEATED_FACTOR * typical,
                metadata,
                heading_like,
                contents_heading: false,
                first_class: Class::Short,
            }
        })
        .collect()
}

/// Marks the headings of comments ("Jo on May 3, 2019 said:") as the start
/// of a discussion.
fn mark_comment_headings(blocks: &mut [Block]) {
    for i in 0..blocks.len() {
        let dated = meta::dateline(&blocks[i].line.text).is_some()
            || crate::dates::first(&blocks[i].line.text).is_some()
            || blocks.get(i + 1).is_some_and(|next| meta::dateline(&next.line.text).is_some());
        if cues::is_comment_heading(&blocks[i].line.text, blocks[i].features.words, dated) {
            blocks[i].cue = Some(Cue::Comments);
        }
    }
}

/// Whether blank lines separate the dump's paragraphs, so that a line set
/// apart by them (a heading) differs from one in a run (a menu).
fn spaced_out(lines: &[Line]) -> bool {
    lines.iter().skip(1).filter(|l| l.gap_before).count() * 10 >= lines.len()
}

/// A line in at least this many seeds may be a site's furniture...
const REPEATED_MIN: usize = 3;
/// ...when it is in this many times more seeds than the dump's prose is.
/// Several reports of one wire story share their paragraphs: then the
/// prose itself is repeated and only lines repeated far more often go.
const REPEATED_FACTOR: usize = 3;

/// In how many seeds the dump's long lines typically are (the median; at
/// least one).
fn typical_repetition(lines: &[Line], seeds: &[usize]) -> usize {
    let mut long: Vec<usize> = lines
        .iter()
        .zip(seeds)
        .filter(|(l, _)| features::weight(&l.text) >= 100 && cues::cue(&l.text, 100).is_none())
        .map(|(_, &n)| n)
        .collect();
    if long.is_empty() {
        return 1;
    }
    let middle = long.len() / 2;
    (*long.select_nth_unstable(middle).1).max(1)
}

/// Whether a line looks like a heading: a few words, not ending like a
/// sentence or a lead-in, not starting in lower case.
fn is_heading_like(line: &Line, features: &Features, cue: Option<Cue>) -> bool {
    match line.marker {
        Marker::Heading(_) => true,
        Marker::Plain => {
            let last = line.text.trim_end_matches(['"', '”', '’', '\'', ')', '」']).chars().next_back();
            let first = line.text.chars().next();
            cue.is_none()
                && (1..=15).contains(&features.words)
                && features.letter_share >= 0.5
                && !matches!(last, Some('.' | ',' | ';' | ':' | '…' | '。' | '，' | '：'))
                && first.is_some_and(|c| !c.is_lowercase())
        }
        _ => false,
    }
}

/// The lines of `body` that are the article's: furniture, bylines and the
/// headline dropped, lists of other stories skipped; a subtitle put first.
fn select(blocks: &[Block], classes: &[Class], body: Range<usize>, header: &meta::Header) -> Vec<usize> {
    let mut kept: Vec<usize> = header.dek_line.into_iter().collect();
    let mut in_story_list = false;
    for i in body {
        let block = &blocks[i];
        if [header.title_line, header.dek_line, header.brand_line].contains(&Some(i)) {
            continue;
        }
        if block.cue.is_some_and(Cue::heads_story_list) {
            in_story_list = true;
            continue;
        }
        if in_story_list && !ends_story_list(block) {
            continue;
        }
        in_story_list = false;
        let furniture = block.cue.is_some() || block.metadata || block.repeated;
        if !furniture && (classes[i] == Class::Good || keeps_alone(block)) {
            kept.push(i);
        }
    }
    kept
}

/// Whether a line after the head of a story list is the article again:
/// prose, or a sentence (the list's headlines do not end in full stops).
fn ends_story_list(block: &Block) -> bool {
    let f = &block.features;
    let full_stop = block.line.text.trim_end_matches(['"', '”', '’', ')']).ends_with(['.', '。']);
    block.first_class == Class::Good || (f.ending == features::Ending::Sentence && full_stop) || f.inner_sentences > 0
}

/// Whether a line the classifier called furniture is kept anyway because
/// it sits inside the article: it has words, and is not a teaser cut short.
fn keeps_alone(block: &Block) -> bool {
    block.features.letter_share > 0.0 && block.features.ending != features::Ending::Ellipsis
}

#[cfg(test)]
mod testing {
    //! Blocks built from text, for the unit tests of the stages.

    use super::*;

    /// One measured line of English text.
    pub fn block(text: &str) -> Block {
        blocks(text).remove(0)
    }

    /// The measured lines of an English dump.
    pub fn blocks(dump: &str) -> Vec<Block> {
        measure(lines::split(dump), &Language::named(Some("en")), &CorpusHints::default())
    }
}
