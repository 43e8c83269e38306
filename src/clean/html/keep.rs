//! Readability's "clean conditionally": which blocks inside the article
//! stay. Link lists, image strips without text, short blocks with a form or
//! a video, date lines and one-line plugs for other stories go; a block
//! that holds most of the article's prose stays whatever it looks like.

use super::dom::{Dom, MIN_PARAGRAPH_CHARS, NodeIx, Stats, heading_level};
use super::table;

/// What decides about blocks inside one article.
#[derive(Debug, Clone, Copy)]
pub(super) struct Conditions<'r, 'a> {
    /// The page.
    pub dom: &'r Dom<'a>,
    /// Prose characters of the whole article.
    pub article_prose: u32,
    /// Whether the block is inside a `<figure>` (images are its point).
    pub in_figure: bool,
}

impl Conditions<'_, '_> {
    /// Whether block `ix` inside the article is kept.
    pub fn keeps(&self, ix: NodeIx) -> bool {
        let node = self.dom.node(ix);
        let name = node.name();
        if heading_level(name).is_some() {
            return node.hint.weight >= 0 && node.stats.link_density() <= 0.33;
        }
        match name {
            "div" | "section" | "ul" | "ol" | "dl" | "table" | "form" | "fieldset" | "aside" | "header" | "footer"
            | "nav" | "center" => self.keeps_container(ix),
            "p" => !is_link_plug(node.stats) && !is_dateline(node.stats),
            _ => true,
        }
    }

    fn keeps_container(&self, ix: NodeIx) -> bool {
        let node = self.dom.node(ix);
        let stats = node.stats;
        // A block holding most of the article's prose is the article, whatever
        // its markup says.
        if stats.prose * 2 > self.article_prose && stats.prose > 0 {
            return true;
        }
        if node.name() == "table" {
            return table::is_data_table(self.dom, ix, &table::rows(self.dom, ix)) || self.keeps_block(ix);
        }
        self.keeps_block(ix)
    }

    fn keeps_block(&self, ix: NodeIx) -> bool {
        let node = self.dom.node(ix);
        let stats = node.stats;
        let weight = node.hint.weight;
        if weight < 0 || is_dateline(stats) {
            return false;
        }
        if stats.commas >= 10 {
            return true;
        }
        let is_list = matches!(node.name(), "ul" | "ol");
        let in_figure = self.in_figure;
        let paragraphs = f64::from(stats.paragraphs);
        let images = f64::from(stats.images);
        let heading_density = f64::from(stats.heading_chars) / f64::from(stats.chars.max(1));
        let remove = (stats.images > 1 && paragraphs / images < 0.5 && !in_figure)
            || f64::from(stats.controls) > (paragraphs / 3.0).floor()
            || (!is_list
                && heading_density < 0.9
                && stats.chars < 25
                && (stats.images == 0 || stats.images > 2)
                && !in_figure)
            || is_link_heavy(stats, weight, is_list)
            || (stats.embeds == 1 && stats.chars < 75)
            || stats.embeds > 1;
        if remove {
            return is_list && self.is_image_list(ix);
        }
        !(is_list && self.is_link_list(ix))
    }

    /// A list each item of which holds a link, with links a third of its
    /// text or more: other stories ("Title, <a>more of the title</a>"),
    /// not the article's own enumeration.
    fn is_link_list(&self, ix: NodeIx) -> bool {
        let node = self.dom.node(ix);
        if node.stats.link_chars * 3 < node.stats.chars {
            return false;
        }
        let mut items = self.dom.kept_children(ix).filter(|&c| self.dom.node(c).name() == "li").peekable();
        items.peek().is_some() && items.all(|li| self.dom.node(li).stats.link_chars > 0)
    }

    /// A list whose every item is one image (a gallery worth keeping).
    fn is_image_list(&self, ix: NodeIx) -> bool {
        let mut items = self.dom.kept_children(ix).filter(|&c| self.dom.node(c).name() == "li").peekable();
        items.peek().is_some()
            && items.all(|li| self.dom.node(li).stats.images == 1 && self.dom.node(li).stats.chars == 0)
    }
}

/// Whether a block has too many links for article text: lists and blocks
/// named like content may be half links; other blocks a fifth, unless
/// their text is mostly prose (a paragraph with a few links, in a wrapper
/// of its own).
fn is_link_heavy(stats: Stats, weight: i32, is_list: bool) -> bool {
    let density = stats.link_density();
    if is_list || weight >= 25 { density > 0.5 } else { density > 0.2 && stats.prose * 2 < stats.chars }
}

/// A short block that is mostly a `<time>`: the date line of the article
/// ("Published 5 March 2024, 10:02"), which the metadata already gives.
fn is_dateline(stats: Stats) -> bool {
    stats.chars > 0 && stats.chars < DATELINE_CHARS && stats.time_chars * 2 >= stats.chars
}

/// A date line is shorter than this.
const DATELINE_CHARS: u32 = 100;

/// A paragraph that is (nearly) all link and too short for prose: "Read
/// more: <a>other story</a>", headlines of other articles, an app download
/// pitch (trafilatura's link density test for paragraphs). A tiny one ("[
/// Source ]") is more likely a citation and stays.
fn is_link_plug(stats: Stats) -> bool {
    (MIN_PARAGRAPH_CHARS..LINK_PLUG_CHARS).contains(&stats.chars) && stats.link_chars * 5 >= stats.chars * 4
}

/// A paragraph this long is never a mere plug, whatever its links.
const LINK_PLUG_CHARS: u32 = 300;

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(chars: u32, link_chars: u32, prose: u32) -> Stats {
        Stats { chars, link_chars, prose, ..Stats::default() }
    }

    #[test]
    fn link_heavy_depends_on_kind_and_prose() {
        assert!(is_link_heavy(stats(100, 30, 0), 0, false));
        assert!(!is_link_heavy(stats(100, 30, 90), 0, false));
        assert!(!is_link_heavy(stats(100, 30, 0), 0, true));
        assert!(is_link_heavy(stats(100, 60, 0), 0, true));
        assert!(!is_link_heavy(stats(100, 40, 0), 25, false));
    }

    #[test]
    fn plugs_are_short_paragraphs_of_links() {
        assert!(is_link_plug(stats(80, 70, 0)));
        assert!(!is_link_plug(stats(80, 40, 0)));
        assert!(!is_link_plug(stats(10, 10, 0)));
        assert!(!is_link_plug(stats(400, 400, 0)));
    }

    #[test]
    fn date_lines_are_short_and_mostly_time() {
        let line = Stats { chars: 30, time_chars: 20, ..Stats::default() };
        assert!(is_dateline(line));
        assert!(!is_dateline(Stats { chars: 300, time_chars: 200, ..Stats::default() }));
        assert!(!is_dateline(Stats { chars: 30, time_chars: 5, ..Stats::default() }));
    }
}
