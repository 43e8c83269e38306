//! jusText's paragraph classifier on the lines of a dump: each line is
//! first judged alone (length, stopword density, cue words), then the lines
//! it could not judge (short ones, near-prose) take the class of their
//! neighbours, so that a short heading between two paragraphs stays and a
//! short link between two menus goes.
//!
//! Pomikálek, "Removing Boilerplate and Duplicate Content from Web
//! Corpora" (2011), ch. 3; the thresholds are set for the ISO stopword lists
//! and the "Latin letter equivalent" lengths of [`super::features`].

use super::Block;
use super::cues::Cue;
use super::features::{Ending, Features};
use super::language::Language;
use super::lines::Marker;

/// What a line looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Prose: long, with the function words of running text.
    Good,
    /// Nearly prose: decided by its neighbours.
    NearGood,
    /// Too short to tell: decided by its neighbours.
    Short,
    /// Furniture.
    Bad,
    /// Furniture of a kind set inside articles, while neighbours are
    /// looked for (see [`revise`]).
    Inline,
}

/// Lines shorter than this (Latin letter equivalents) cannot be judged alone.
const LENGTH_LOW: usize = 70;
/// Lines longer than this with prose's stopwords are prose.
const LENGTH_HIGH: usize = 160;
/// A run of near-prose lines this heavy is prose, even when no line of it
/// is long enough alone (news written in short paragraphs).
const NEAR_RUN_WEIGHT: usize = 300;

/// Stopword densities that mark near-prose and prose in `language`.
fn stopword_thresholds(language: &Language) -> Option<(f32, f32)> {
    match language.code {
        _ if !language.has_stopwords() => None,
        Some("zh" | "ja") => Some((0.15, 0.22)),
        // Korean writes its particles onto words, so its list says little.
        Some("ko") | None => None,
        Some(_) if language.unspaced => None,
        Some(_) => Some((0.25, 0.32)),
    }
}

/// The classes of all `blocks`, each judged alone (but for teasers, which
/// are told by the line before them).
pub fn context_free(blocks: &[Block], language: &Language) -> Vec<Class> {
    let mut classes: Vec<Class> = blocks.iter().map(|b| alone(b, language)).collect();
    for i in 1..blocks.len() {
        // A long line cut off mid-sentence under a headline or date is a
        // teaser of another story; under prose, the article cut by a paywall.
        let cut = blocks[i].features.ending == Ending::Ellipsis && blocks[i].features.weight >= 100;
        if cut && !matches!(classes[i - 1], Class::Good | Class::NearGood) {
            classes[i] = Class::Bad;
        }
    }
    classes
}

/// The class of one line judged alone.
fn alone(block: &Block, language: &Language) -> Class {
    let f = &block.features;
    if block.cue.is_some() || block.repeated || block.metadata {
        return Class::Bad;
    }
    let thresholds = stopword_thresholds(language);
    if f.weight < LENGTH_LOW {
        return if is_short_sentence(block, thresholds) { Class::NearGood } else { Class::Short };
    }
    match thresholds {
        Some((low, high)) => by_density(f, low, high),
        None => by_punctuation(f),
    }
}

/// Whether a short line is a whole sentence of prose (six words or more,
/// a full stop, the stopwords of running text): near-prose rather than
/// too short to tell.
fn is_short_sentence(block: &Block, thresholds: Option<(f32, f32)>) -> bool {
    let f = &block.features;
    let full_stop = block.line.text.trim_end_matches(['"', '”', '’', ')']).ends_with(['.', '。']);
    let function_words = thresholds.is_none_or(|(low, _)| f.stop_density >= low);
    !matches!(block.line.marker, Marker::Heading(_)) && full_stop && f.words >= 6 && function_words
}

fn by_density(f: &Features, low: f32, high: f32) -> Class {
    if f.stop_density >= high {
        if f.weight > LENGTH_HIGH { Class::Good } else { Class::NearGood }
    } else if f.stop_density >= low || several_sentences(f) {
        Class::NearGood
    } else {
        Class::Bad
    }
}

/// Whether a line holds several whole sentences: prose (a tally of names
/// and figures, a list of facts) even with few stopwords.
fn several_sentences(f: &Features) -> bool {
    f.inner_sentences >= 2 && f.ending == Ending::Sentence
}

/// Without a useful stopword list, sentences are told by their punctuation.
fn by_punctuation(f: &Features) -> Class {
    let sentence = f.ending == Ending::Sentence || f.inner_sentences > 0;
    match (sentence, f.weight > LENGTH_HIGH) {
        (true, true) => Class::Good,
        (true, false) => Class::NearGood,
        (false, true) => Class::NearGood,
        (false, false) => Class::Bad,
    }
}

/// Classes of all `blocks` after jusText's context-sensitive pass; only
/// `Good` and `Bad` remain.
pub fn revise(blocks: &[Block]) -> Vec<Class> {
    let mut classes: Vec<Class> = blocks.iter().map(|b| b.first_class).collect();
    if !classes.contains(&Class::Good) {
        // A page of short paragraphs only: its best lines are its prose.
        for class in &mut classes {
            if *class == Class::NearGood {
                *class = Class::Good;
            }
        }
    }
    promote_near_runs(blocks, &mut classes);
    // jusText's first heading rule: a short heading over prose is near-prose.
    for i in 0..blocks.len() {
        if blocks[i].heading_like && classes[i] == Class::Short && prose_follows(&classes, i) {
            classes[i] = Class::NearGood;
        }
    }
    // Furniture set inside articles (captions, "Read more" links, share
    // buttons) says nothing about the lines around it: it is skipped like
    // short lines when neighbours are looked for.
    for (class, block) in classes.iter_mut().zip(blocks) {
        if *class == Class::Bad && block.cue.is_some_and(Cue::sits_inside_articles) {
            *class = Class::Inline;
        }
    }
    resolve_short(&mut classes);
    let judged = Neighbours::of(&classes, true);
    for (i, class) in classes.iter_mut().enumerate() {
        if *class == Class::NearGood {
            let around = (judged.back[i], judged.forward[i]);
            *class = if around == (Class::Bad, Class::Bad) { Class::Bad } else { Class::Good };
        }
    }
    for class in &mut classes {
        if *class == Class::Inline {
            *class = Class::Bad;
        }
    }
    // jusText's last heading rule: a heading demoted by its neighbours but
    // standing over prose stays.
    let mut revised = classes.clone();
    for i in 0..blocks.len() {
        let demoted = classes[i] == Class::Bad && blocks[i].first_class != Class::Bad;
        if blocks[i].heading_like && demoted && prose_follows(&classes, i) {
            revised[i] = Class::Good;
        }
    }
    keep_lists_whole(blocks, &mut revised);
    revised
}

/// A list is one block: when any item of a list is prose, or prose ending
/// in a colon announces it, all its items are prose (short items would
/// otherwise fall off the article one by one). A list may have a line or
/// two after each item (a link, a price).
fn keep_lists_whole(blocks: &[Block], classes: &mut [Class]) {
    let mut i = 0;
    while i < blocks.len() {
        if !is_item(&blocks[i]) {
            i += 1;
            continue;
        }
        let end = list_end(blocks, i);
        let announced = i > 0 && classes[i - 1] == Class::Good && blocks[i - 1].features.ending == Ending::Colon;
        let has_prose = (i..end).any(|j| is_item(&blocks[j]) && classes[j] == Class::Good);
        if announced || has_prose {
            for j in i..end {
                if blocks[j].cue.is_none() && !blocks[j].metadata {
                    classes[j] = Class::Good;
                }
            }
        }
        i = end;
    }
}

/// Lines between two items of a list that still belong to it.
const ITEM_TAIL: usize = 2;

/// Where the list whose first item is `start` ends: after its last item.
fn list_end(blocks: &[Block], start: usize) -> usize {
    let mut end = start + 1;
    let mut j = start + 1;
    while j < blocks.len() && j <= end + ITEM_TAIL {
        if is_item(&blocks[j]) {
            end = j + 1;
        } else if blocks[j].cue.is_some() || blocks[j].metadata {
            break;
        }
        j += 1;
    }
    end
}

fn is_item(block: &Block) -> bool {
    matches!(block.line.marker, Marker::Bullet | Marker::Numbered(_)) && block.cue.is_none() && !block.metadata
}

/// Runs of near-prose lines (short lines between them allowed) heavy
/// enough together are prose.
fn promote_near_runs(blocks: &[Block], classes: &mut [Class]) {
    let mut i = 0;
    while i < classes.len() {
        if classes[i] != Class::NearGood {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut weight = 0;
        let mut near = 0;
        for j in i..classes.len() {
            match classes[j] {
                Class::NearGood => {
                    near += 1;
                    weight += blocks[j].features.weight;
                    end = j + 1;
                }
                Class::Short => {}
                _ => break,
            }
        }
        if near >= 3 && weight >= NEAR_RUN_WEIGHT {
            for class in &mut classes[i..end] {
                if *class == Class::NearGood {
                    *class = Class::Good;
                }
            }
        }
        i = end.max(i + 1);
    }
}

/// Whether the line after `i` is prose (or near it).
fn prose_follows(classes: &[Class], i: usize) -> bool {
    classes.get(i + 1).is_some_and(|&c| matches!(c, Class::Good | Class::NearGood))
}

/// Short lines take the class their nearest judged neighbours agree on;
/// between prose and furniture they stay only when near-prose touches them
/// on the furniture side.
fn resolve_short(classes: &mut [Class]) {
    let judged = Neighbours::of(classes, true);
    let any = Neighbours::of(classes, false);
    for (i, class) in classes.iter_mut().enumerate() {
        if *class != Class::Short {
            continue;
        }
        let (back, forward) = (judged.back[i], judged.forward[i]);
        *class = match (back, forward) {
            (Class::Good, Class::Good) => Class::Good,
            (Class::Bad, Class::Bad) => Class::Bad,
            _ => {
                let near_back = back == Class::Bad && any.back[i] == Class::NearGood;
                let near_forward = forward == Class::Bad && any.forward[i] == Class::NearGood;
                if near_back || near_forward { Class::Good } else { Class::Bad }
            }
        };
    }
}

/// For every line, the class of the nearest line before and after it that
/// is not short (nor near-prose, when `skip_near`), or `Bad` at the edges of
/// the dump. Found in two passes, so resolving stays linear however long the
/// runs of short lines are.
struct Neighbours {
    back: Vec<Class>,
    forward: Vec<Class>,
}

impl Neighbours {
    fn of(classes: &[Class], skip_near: bool) -> Neighbours {
        let skip = |c: Class| matches!(c, Class::Short | Class::Inline) || (skip_near && c == Class::NearGood);
        let mut back = Vec::with_capacity(classes.len());
        let mut last = Class::Bad;
        for &class in classes {
            back.push(last);
            if !skip(class) {
                last = class;
            }
        }
        let mut forward = vec![Class::Bad; classes.len()];
        last = Class::Bad;
        for (i, &class) in classes.iter().enumerate().rev() {
            forward[i] = last;
            if !skip(class) {
                last = class;
            }
        }
        Neighbours { back, forward }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(firsts: &[Class]) -> Vec<Class> {
        let mut c = firsts.to_vec();
        resolve_short(&mut c);
        c
    }

    #[test]
    fn short_lines_between_prose_are_prose() {
        use Class::*;
        assert_eq!(classes(&[Good, Short, Short, Good]), [Good, Good, Good, Good]);
    }

    #[test]
    fn short_lines_between_furniture_are_furniture() {
        use Class::*;
        assert_eq!(classes(&[Bad, Short, Bad, Short]), [Bad, Bad, Bad, Bad]);
    }

    #[test]
    fn short_lines_at_a_border_go_unless_near_prose_touches_the_furniture_side() {
        use Class::*;
        assert_eq!(classes(&[Bad, Short, Good]), [Bad, Bad, Good]);
        assert_eq!(classes(&[Bad, NearGood, Short, Good]), [Bad, NearGood, Good, Good]);
    }

    fn first_classes(dump: &str) -> Vec<Class> {
        context_free(&crate::clean::text::testing::blocks(dump), &Language::named(Some("en")))
    }

    const PROSE: &str = "The council approved the budget on Monday after a long debate about schools, roads \
                         and the hospital, and the mayor said the vote was a good day for the city.";

    #[test]
    fn a_cut_line_under_a_headline_is_a_teaser_but_under_prose_the_article() {
        let cut = "The Department of Energy has released a new roadmap targeting commercial fusion power by the \
                   mid-2030s, though the plan lacks specific funding commitments and relies on...";
        assert_eq!(first_classes(&format!("Fusion roadmap targets 2030s\n{cut}"))[1], Class::Bad);
        assert_ne!(first_classes(&format!("{PROSE}\n{cut}"))[1], Class::Bad);
    }

    #[test]
    fn short_whole_sentences_are_near_prose_and_fragments_are_short() {
        let classes = first_classes("Plague can be fatal if not treated promptly.\nMost Popular Videos\nIt ends.");
        assert_eq!(classes, [Class::NearGood, Class::Short, Class::Short]);
    }

    #[test]
    fn several_sentences_are_near_prose_without_stopwords() {
        let tally = "Palm Bay (1-0): Tolivert 25 points. Davis 17 points. Burgher 10 points. Bozeman 10 points.";
        assert_eq!(first_classes(tally), [Class::NearGood]);
    }

    #[test]
    fn a_run_of_near_prose_is_prose() {
        let near = "The man told doctors he ate the rabbit meat in Inner Mongolia on November 5 of this year.";
        let dump = format!("Home\n{near}\n{near}\n{near}\nAbout");
        let classes = revise(&with_first_classes(&dump));
        assert_eq!(classes, [Class::Bad, Class::Good, Class::Good, Class::Good, Class::Bad]);
    }

    #[test]
    fn an_announced_list_is_kept_whole_with_the_lines_under_its_items() {
        let lead_in = "And here, for all the readers who asked us, are the best offers of the week that we found:";
        let dump = format!("{PROSE}\n{lead_in}\n1) Lego set\nhttp://amzn.to/x\n2) Board game\nAbout us\nContact");
        let classes = revise(&with_first_classes(&dump));
        assert_eq!(&classes[2..5], [Class::Good, Class::Good, Class::Good]);
        assert_eq!(&classes[5..], [Class::Bad, Class::Bad]);
    }

    #[test]
    fn captions_between_paragraphs_do_not_isolate_them() {
        let near = "Health bosses said that 28 people in close contact were quarantined.";
        let dump = format!("{PROSE}\nPhoto: Getty Images\n{near}\nPhoto: Getty Images\n{PROSE}");
        assert_eq!(revise(&with_first_classes(&dump))[2], Class::Good);
    }

    fn with_first_classes(dump: &str) -> Vec<Block> {
        let mut blocks = crate::clean::text::testing::blocks(dump);
        let classes = context_free(&blocks, &Language::named(Some("en")));
        for (block, class) in blocks.iter_mut().zip(classes) {
            block.first_class = class;
        }
        blocks
    }

    #[test]
    fn long_prose_is_good_and_long_lists_of_names_are_bad() {
        let en = Language::named(Some("en"));
        let prose = Features::of(
            "The company, which is expected to lay off thousands of employees beginning this week as it faces \
             ballooning losses, confirmed on Monday that it had been contacted by the office of the attorney general.",
            &en,
        );
        assert_eq!(by_density(&prose, 0.30, 0.40), Class::Good);
        let names = Features::of(
            "Baltimore Buffalo Cincinnati Cleveland Denver Houston Indianapolis Jacksonville Kansas City Miami",
            &en,
        );
        assert_eq!(by_density(&names, 0.30, 0.40), Class::Bad);
    }

    #[test]
    fn a_language_without_a_stopword_list_is_read_by_punctuation() {
        assert_eq!(stopword_thresholds(&Language::named(Some("nb"))), None);
        assert_eq!(stopword_thresholds(&Language::named(Some("mk"))), None);
        assert!(stopword_thresholds(&Language::named(Some("de"))).is_some());
    }

    #[test]
    fn without_stopwords_sentences_are_told_by_punctuation() {
        let ko = Language::named(Some("ko"));
        let prose = Features::of(
            "그래서 처음 이러한 사진 공개에 대한 대중들의 반응은 엘제이의 행동에 대한 비난으로 이어졌다. 하지만 엘제이는 자신의 부적절한 행동들에 대해 무감한 태도를 보였다.",
            &ko,
        );
        assert!(matches!(by_punctuation(&prose), Class::Good | Class::NearGood));
        let menu = Features::of("전체뉴스 TV일반 영화 음악 연예 스포츠 사회", &ko);
        assert_eq!(by_punctuation(&menu), Class::Bad);
    }
}
