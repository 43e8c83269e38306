//! Which part of the page is the article: every paragraph scores for the
//! containers around it (more for long text with commas, less for links),
//! the best-scoring container wins, and its siblings that look like more of
//! the same are taken along (the technique of Arc90's Readability).

use super::dom::{Dom, NodeIx, heading_level};

/// How many ancestors of a paragraph share its score.
const SCORED_ANCESTORS: usize = 5;

/// Top candidates examined for a shared ancestor.
const TOP_CANDIDATES: usize = 5;

/// How many close runners-up must sit in one ancestor for it to win.
const MIN_SHARING_CANDIDATES: usize = 3;

/// Text with this many line breaks is paragraphs made with `<br>`, not one
/// paragraph.
const MIN_BREAKS_FOR_PARAGRAPHS: u32 = 2;

/// The part of the page that is the article: one container, or several
/// siblings, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Selection {
    /// The chosen nodes, in document order.
    pub parts: Vec<NodeIx>,
}

/// The article's part of `dom`, if any paragraph was found.
pub(super) fn select(dom: &Dom) -> Option<Selection> {
    let scores = score_candidates(dom);
    let mut ranked: Vec<(NodeIx, f64)> = scores.iter().enumerate().filter_map(|(ix, s)| s.map(|s| (ix, s))).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let &(best, _) = ranked.first()?;
    let ranked = &ranked[..ranked.len().min(TOP_CANDIDATES)];
    let top = shared_ancestor(dom, best, ranked).unwrap_or(best);
    let top = climb(dom, &scores, top);
    if log::log_enabled!(log::Level::Trace) {
        log_candidates(dom, ranked, top);
    }
    Some(Selection { parts: with_siblings(dom, &scores, top) })
}

/// Shows the best candidates and the choice (with `-vv`), to see why a
/// page came out as it did.
fn log_candidates(dom: &Dom, ranked: &[(NodeIx, f64)], top: NodeIx) {
    let describe = |ix: NodeIx| {
        let node = dom.node(ix);
        let class = node.attr("class").unwrap_or("");
        let id = node.attr("id").unwrap_or("");
        format!("#{ix} <{} class={class:?} id={id:?}> {} chars", node.name(), node.stats.chars)
    };
    for (ix, score) in ranked {
        log::trace!("candidate {} scores {score:.1}", describe(*ix));
    }
    log::trace!("chosen: {}", describe(top));
}

/// Score of every element that holds paragraphs (`None` for the others),
/// already scaled down by its link density.
fn score_candidates(dom: &Dom) -> Vec<Option<f64>> {
    let mut scores: Vec<Option<f64>> = vec![None; dom.nodes.len()];
    for (ix, node) in dom.nodes.iter().enumerate() {
        // Paragraphs are blocks; the text of an inline element (a <span>
        // inside a <p>) is part of its block's paragraph.
        if node.dropped || !node.is_block() || heading_level(node.name()).is_some() {
            continue;
        }
        let run = node.inline;
        if !run.is_paragraph() {
            continue;
        }
        let link_share = f64::from(run.link_chars) / f64::from(run.chars);
        let score =
            (1.0 + f64::from(run.commas) + (f64::from(run.chars) / 100.0).floor().min(3.0)) * (1.0 - link_share);
        // A paragraph scores for its container. Loose text between blocks,
        // or text in paragraphs made with line breaks ("<td>One.<br><br>
        // Two.</td>"), makes the element that holds it the container.
        let blocks_below = node.stats.blocks - u32::from(node.is_block());
        let holds_paragraphs = blocks_below > 0 || run.breaks >= MIN_BREAKS_FOR_PARAGRAPHS;
        let first = if holds_paragraphs { Some(ix) } else { node.parent };
        let mut holder = first;
        for level in 0..SCORED_ANCESTORS {
            let Some(h) = holder else { break };
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f64 * 3.0,
            };
            let entry = scores[h].get_or_insert_with(|| initial_score(dom, h));
            *entry += score / divider;
            holder = dom.node(h).parent;
        }
    }
    for (ix, score) in scores.iter_mut().enumerate() {
        if let Some(score) = score {
            *score *= 1.0 - dom.node(ix).stats.link_density();
        }
    }
    scores
}

/// What a container starts with before its paragraphs count: its kind of
/// element and what its markup says.
fn initial_score(dom: &Dom, ix: NodeIx) -> f64 {
    let node = dom.node(ix);
    let by_tag = match node.name() {
        "div" | "article" | "main" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "th" => -5.0,
        name if heading_level(name).is_some() => -5.0,
        _ => 0.0,
    };
    by_tag + f64::from(node.hint.weight)
}

/// An ancestor of `best` holding at least [`MIN_SHARING_CANDIDATES`] of the
/// runners-up that score close to it: the article is split into parts and
/// the ancestor holds them all.
fn shared_ancestor(dom: &Dom, best: NodeIx, ranked: &[(NodeIx, f64)]) -> Option<NodeIx> {
    let best_score = ranked.first()?.1;
    let close: Vec<NodeIx> =
        ranked.iter().skip(1).filter(|(_, s)| *s >= 0.75 * best_score).map(|(ix, _)| *ix).collect();
    if close.len() < MIN_SHARING_CANDIDATES {
        return None;
    }
    let mut ancestor = dom.node(best).parent;
    while let Some(a) = ancestor {
        if dom.node(a).name() == "body" {
            return None;
        }
        if close.iter().filter(|&&c| dom.contains(a, c)).count() >= MIN_SHARING_CANDIDATES {
            return Some(a);
        }
        ancestor = dom.node(a).parent;
    }
    None
}

/// Moves up from `top` while a parent scores higher (the paragraphs were
/// only part of a bigger article) or is a wrapper with no other child.
fn climb(dom: &Dom, scores: &[Option<f64>], mut top: NodeIx) -> NodeIx {
    let Some(top_score) = scores[top] else { return top };
    if matches!(dom.node(top).name(), "body" | "html") {
        return top;
    }
    let threshold = top_score / 3.0;
    let mut last = top_score;
    let mut parent = dom.node(top).parent;
    while let Some(p) = parent {
        if dom.node(p).name() == "body" {
            break;
        }
        if let Some(score) = scores[p] {
            if score < threshold {
                break;
            }
            if score > last {
                top = p;
                break;
            }
            last = score;
        }
        parent = dom.node(p).parent;
    }
    while let Some(p) = dom.node(top).parent {
        let only_child = dom.kept_children(p).filter(|&c| dom.node(c).element().is_some()).count() == 1;
        if !only_child || dom.node(p).name() == "body" {
            break;
        }
        top = p;
    }
    top
}

/// `top` and its siblings that score well enough, are paragraphs with text
/// and few links, or are figures (the article's lead image beside its
/// text). A sibling `<article>` is another article (the next story of an
/// endless page), never more of this one.
fn with_siblings(dom: &Dom, scores: &[Option<f64>], top: NodeIx) -> Vec<NodeIx> {
    let Some(parent) = dom.node(top).parent else { return vec![top] };
    let top_score = scores[top].unwrap_or(0.0);
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = dom.node(top).attr("class").filter(|c| !c.trim().is_empty());
    dom.kept_children(parent)
        .filter(|&sib| {
            if sib == top {
                return true;
            }
            let node = dom.node(sib);
            if node.element().is_none() || node.name() == "article" {
                return false;
            }
            let bonus = if top_class.is_some() && node.attr("class") == top_class { top_score * 0.2 } else { 0.0 };
            if scores[sib].is_some_and(|s| s + bonus >= threshold) {
                return true;
            }
            match node.name() {
                "p" => is_paragraph_sibling(dom, sib),
                "figure" => node.stats.images > 0,
                _ => false,
            }
        })
        .collect()
}

/// Readability's test for a loose `<p>` beside the article: long with few
/// links, or short, link-free and ending a sentence.
fn is_paragraph_sibling(dom: &Dom, ix: NodeIx) -> bool {
    let stats = dom.node(ix).stats;
    let density = stats.link_density();
    if stats.chars > 80 {
        return density < 0.25;
    }
    stats.chars > 0 && density == 0.0 && {
        let text = dom.text(ix);
        text.ends_with('.') || text.contains(". ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::html::dom::Pruning;
    use scraper::Html;

    fn selected_text(html: &str) -> String {
        let html = Html::parse_document(html);
        let dom = Dom::build(&html, Pruning::Full);
        let selection = select(&dom).expect("a selection");
        selection.parts.iter().map(|&p| dom.text(p)).collect::<Vec<_>>().join(" | ")
    }

    fn para(words: &str) -> String {
        format!("<p>{words}, which is a sentence long enough to be a real paragraph of an article, with commas.</p>")
    }

    #[test]
    fn the_block_of_paragraphs_wins_over_link_lists() {
        let page = format!(
            "<body><div class='menu-list'><a href='/'>Home</a> <a href='/a'>World news and more links here</a></div>\
             <div class='x'>{}{}{}</div>\
             <div class='y'><a href='/1'>Other story with a long title that is all a link</a></div></body>",
            para("First"),
            para("Second"),
            para("Third")
        );
        let text = selected_text(&page);
        assert!(text.contains("First") && text.contains("Third"), "{text}");
        assert!(!text.contains("Other story") && !text.contains("Home"), "{text}");
    }

    #[test]
    fn split_article_parts_are_taken_together() {
        let page = format!(
            "<body><div><div class='part'>{}{}</div><div class='promo-box'>Buy now</div><div class='part'>{}{}</div></div>\
             <div><p>Footer text</p></div></body>",
            para("One"),
            para("Two"),
            para("Three"),
            para("Four")
        );
        let text = selected_text(&page);
        assert!(text.contains("One") && text.contains("Four"), "{text}");
        assert!(!text.contains("Buy now") && !text.contains("Footer"), "{text}");
    }

    #[test]
    fn the_next_article_of_an_endless_page_is_not_taken_along() {
        let page = format!(
            "<body><main><article class='post'>{}{}{}</article><article class='post'>{}{}</article></main></body>",
            para("This"),
            para("story"),
            para("here"),
            para("Next"),
            para("story")
        );
        let text = selected_text(&page);
        assert!(text.contains("This") && !text.contains("Next"), "{text}");
    }

    #[test]
    fn loose_text_between_breaks_is_scored_for_its_holder() {
        let text = "A sentence of loose text, written without paragraphs, as old pages do.";
        let page = format!(
            "<body><div class='nav'><a href='/'>Home</a></div><div id='x'>{text}<br><br>{text}<br><br>{text}<div>Small</div></div></body>"
        );
        assert!(selected_text(&page).contains("loose text"));
    }

    #[test]
    fn a_table_cell_of_paragraphs_made_with_breaks_is_the_article() {
        let text = "A sentence of text in a cell, written without paragraphs, as old pages do.";
        let page = format!(
            "<body><table><tr><td><a href='/'>Home</a><br><a href='/n'>News</a><br><a href='/s'>Sports</a></td>\
             <td>{text}<br><br>{text}<br><br>{text}</td><td><b>Weather</b><br>Sunny, 72F</td></tr></table></body>"
        );
        let text = selected_text(&page);
        assert!(text.starts_with("A sentence") && !text.contains("Home") && !text.contains("Weather"), "{text}");
    }

    #[test]
    fn a_page_without_paragraphs_has_no_selection() {
        let html = Html::parse_document("<body><a href='/'>Home</a></body>");
        let dom = Dom::build(&html, Pruning::Full);
        assert_eq!(select(&dom), None);
    }
}
