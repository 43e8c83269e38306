//! The page as a compact tree of what a reader could see: elements and text
//! in document order, without scripts, styles, form controls and embeds,
//! with per-element text statistics for scoring, and marks for the parts
//! that the markup hides or names as chrome.
//!
//! Nodes are stored in preorder, so every subtree is a contiguous range and
//! the statistics are summed in one backward pass: building is linear in the
//! size of the page.

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

use super::hints::{self, Drop, Hint};

/// Index of a node in [`Dom::nodes`].
pub(super) type NodeIx = usize;

/// Deeper elements are flattened into their ancestor at this depth, so that
/// no recursion over the tree can exhaust the stack on hostile input.
const MAX_DEPTH: usize = 120;

/// A block of inline text at least this long counts as a paragraph when
/// scoring (Readability's threshold).
pub(super) const MIN_PARAGRAPH_CHARS: u32 = 25;

/// A paragraph this long, with few links and with punctuation, is prose:
/// the evidence that decides whether hidden or chrome-named parts may go.
const PROSE_CHARS: u32 = 80;

/// A block marked [`Drop::IfShort`] goes when it has fewer characters.
const SHORT_BLOCK_CHARS: u32 = 200;

/// Elements that never hold visible article text (and ruby annotations,
/// which are readings of the text beside them, not more text).
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "frame", "frameset",
    "object", "embed", "applet", "audio", "video", "map", "button", "input", "select", "textarea", "option",
    "optgroup", "datalist", "dialog", "meter", "progress", "link", "meta", "base", "title", "rt", "rp",
];

/// Skipped elements that stand for embedded media (for "a video and a
/// caption" blocks).
const EMBEDS: &[&str] = &["iframe", "object", "embed", "video", "audio", "applet", "frame"];

/// Skipped elements that are form controls.
const CONTROLS: &[&str] = &["input", "select", "textarea", "button"];

/// Elements that start a new block of text.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Whether elements named `name` start a new block of text.
pub(super) fn is_block_tag(name: &str) -> bool {
    BLOCK_TAGS.binary_search(&name).is_ok()
}

/// Whether `name` is a heading element.
pub(super) fn heading_level(name: &str) -> Option<usize> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// What a node is.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind<'a> {
    /// An element, with its attributes.
    Element(&'a Element),
    /// A run of text, as written (whitespace not yet collapsed).
    Text(&'a str),
}

/// Text statistics of a subtree (of what is not dropped).
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Stats {
    /// Visible characters, with each run of whitespace counted once.
    pub chars: u32,
    /// Characters inside links.
    pub link_chars: u32,
    /// Commas (in any script).
    pub commas: u32,
    /// Sentence ends (in any script).
    pub stops: u32,
    /// `<p>` elements.
    pub paragraphs: u32,
    /// Images.
    pub images: u32,
    /// List items.
    pub list_items: u32,
    /// Form controls.
    pub controls: u32,
    /// Embedded media (video, iframes, objects).
    pub embeds: u32,
    /// Characters inside headings.
    pub heading_chars: u32,
    /// Characters inside `<time>` elements.
    pub time_chars: u32,
    /// Line breaks (`<br>`).
    pub breaks: u32,
    /// Block elements below this node.
    pub blocks: u32,
    /// Characters of prose paragraphs (see [`PROSE_CHARS`]).
    pub prose: u32,
    /// The most prose held by one element below that its markup marks as
    /// content (`<article>`, `<main>`, a content-like class name).
    pub content_prose: u32,
}

impl Stats {
    fn add(&mut self, other: &Stats) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.commas += other.commas;
        self.stops += other.stops;
        self.paragraphs += other.paragraphs;
        self.images += other.images;
        self.list_items += other.list_items;
        self.controls += other.controls;
        self.embeds += other.embeds;
        self.heading_chars += other.heading_chars;
        self.time_chars += other.time_chars;
        self.breaks += other.breaks;
        self.blocks += other.blocks;
        self.prose += other.prose;
        self.content_prose = self.content_prose.max(other.content_prose);
    }

    /// Share of the text that is link text.
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 { 0.0 } else { f64::from(self.link_chars) / f64::from(self.chars) }
    }
}

/// The text an element holds outside its block descendants: the paragraph
/// it is, or the loose text between its blocks.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct InlineRun {
    /// Visible characters.
    pub chars: u32,
    /// Characters inside links.
    pub link_chars: u32,
    /// Commas.
    pub commas: u32,
    /// Sentence ends.
    pub stops: u32,
    /// Line breaks (`<br>`).
    pub breaks: u32,
}

impl InlineRun {
    /// Whether this run is long enough to count as a paragraph.
    pub fn is_paragraph(&self) -> bool {
        self.chars >= MIN_PARAGRAPH_CHARS
    }

    fn is_prose(&self) -> bool {
        self.chars >= PROSE_CHARS && self.link_chars * 10 <= self.chars * 3 && self.commas + self.stops > 0
    }
}

/// One node of the page.
#[derive(Debug, Clone)]
pub(super) struct DomNode<'a> {
    /// Element or text.
    pub kind: Kind<'a>,
    /// The enclosing element (none for the root).
    pub parent: Option<NodeIx>,
    /// Children, in document order.
    pub children: Vec<NodeIx>,
    /// One past the last node of this subtree.
    pub end: NodeIx,
    /// What the markup says about it.
    pub hint: Hint,
    /// Whether it is left out (hidden, or chrome by its markup).
    pub dropped: bool,
    /// Statistics of the subtree.
    pub stats: Stats,
    /// The text outside block descendants.
    pub inline: InlineRun,
    /// Form controls and embeds among the skipped children.
    skipped: Stats,
    /// Whether it is an element starting a block of text.
    block: bool,
}

impl<'a> DomNode<'a> {
    /// The element, if this is one.
    pub fn element(&self) -> Option<&'a Element> {
        match self.kind {
            Kind::Element(el) => Some(el),
            Kind::Text(_) => None,
        }
    }

    /// The element's tag name ("" for text).
    pub fn name(&self) -> &'a str {
        self.element().map_or("", |el| el.name())
    }

    /// An attribute of the element.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.element().and_then(|el| el.attr(name))
    }

    /// Whether this is an element starting a block of text.
    pub fn is_block(&self) -> bool {
        self.block
    }
}

/// The page's tree, pruned and measured.
#[derive(Debug)]
pub(super) struct Dom<'a> {
    /// All nodes in preorder; index 0 is the root element.
    pub nodes: Vec<DomNode<'a>>,
}

/// Which markup-based drops to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pruning {
    /// Drop hidden parts and parts the markup names as chrome.
    Full,
    /// Drop hidden parts only, and give class names no weight at all (when
    /// names misled the first attempt).
    HiddenOnly,
}

impl<'a> Dom<'a> {
    /// The pruned tree of `html`'s visible content.
    pub fn build(html: &'a Html, pruning: Pruning) -> Dom<'a> {
        let mut dom = Dom { nodes: Vec::new() };
        dom.collect(html.root_element());
        if pruning == Pruning::HiddenOnly {
            for node in &mut dom.nodes {
                node.hint = Hint { hidden: node.hint.hidden, ..Hint::default() };
            }
        }
        dom.measure();
        dom.mark_dropped();
        dom.measure();
        dom
    }

    /// The root element (`<html>`).
    pub fn root(&self) -> NodeIx {
        0
    }

    /// Node `ix`.
    pub fn node(&self, ix: NodeIx) -> &DomNode<'a> {
        &self.nodes[ix]
    }

    /// The children of `ix` that are not dropped.
    pub fn kept_children(&self, ix: NodeIx) -> impl Iterator<Item = NodeIx> + '_ {
        self.nodes[ix].children.iter().copied().filter(|&c| !self.nodes[c].dropped)
    }

    /// Whether `ancestor`'s subtree holds `ix`.
    pub fn contains(&self, ancestor: NodeIx, ix: NodeIx) -> bool {
        ancestor <= ix && ix < self.nodes[ancestor].end
    }

    /// The visible text of a subtree on one line, whitespace collapsed.
    pub fn text(&self, ix: NodeIx) -> String {
        self.visible_text(ix, false).replace('\n', " ")
    }

    /// The text of a subtree as written (for `<pre>`): whitespace kept,
    /// `<br>` as a line break.
    pub fn raw_text(&self, ix: NodeIx) -> String {
        let mut out = String::new();
        for node in self.nodes[ix..self.nodes[ix].end].iter().filter(|n| !n.dropped) {
            match node.kind {
                Kind::Text(text) => out.push_str(text),
                Kind::Element(el) if el.name() == "br" => out.push('\n'),
                Kind::Element(_) => {}
            }
        }
        out
    }

    /// The visible text of a subtree, one line per block. `keep_newlines`
    /// keeps the line breaks written inside text (a text file saved as a
    /// page); otherwise whitespace inside a block collapses as in a browser.
    pub fn visible_text(&self, ix: NodeIx, keep_newlines: bool) -> String {
        let mut out = String::new();
        let mut open_blocks: Vec<NodeIx> = Vec::new();
        for at in ix..self.nodes[ix].end {
            while open_blocks.last().is_some_and(|&end| end <= at) {
                open_blocks.pop();
                out.push('\n');
            }
            let node = &self.nodes[at];
            if node.dropped {
                continue;
            }
            match node.kind {
                Kind::Text(text) if keep_newlines => out.push_str(text),
                Kind::Text(text) => out.extend(text.chars().map(|c| if c == '\n' { ' ' } else { c })),
                Kind::Element(el) if el.name() == "br" => out.push('\n'),
                Kind::Element(_) if node.block => {
                    out.push('\n');
                    open_blocks.push(node.end);
                }
                Kind::Element(_) => {}
            }
        }
        let lines = out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
        lines.filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
    }

    /// Copies the scraper tree below `root` into `self.nodes` in preorder,
    /// leaving out what is never visible.
    fn collect(&mut self, root: ElementRef<'a>) {
        // (node, parent index, depth)
        let mut stack = vec![(*root, None::<NodeIx>, 0usize)];
        while let Some((node, parent, depth)) = stack.pop() {
            match node.value() {
                Node::Text(text) => {
                    if let Some(p) = parent {
                        self.push(Kind::Text(text), Some(p), Hint::default());
                    }
                }
                Node::Element(el) => {
                    let name = el.name();
                    if SKIPPED.contains(&name) {
                        if let Some(p) = parent {
                            self.count_skipped(p, name);
                        }
                        continue;
                    }
                    let (ix, depth) = match parent {
                        Some(p) if depth >= MAX_DEPTH => (p, depth),
                        Some(p) => (self.push(Kind::Element(el), Some(p), hints::classify(el)), depth + 1),
                        None => (self.push_root(el), 1),
                    };
                    for child in node.children().rev() {
                        stack.push((child, Some(ix), depth));
                    }
                }
                _ => {}
            }
        }
        self.link_children();
    }

    fn push_root(&mut self, el: &'a Element) -> NodeIx {
        self.push(Kind::Element(el), None, hints::classify(el))
    }

    fn push(&mut self, kind: Kind<'a>, parent: Option<NodeIx>, hint: Hint) -> NodeIx {
        let ix = self.nodes.len();
        let block = matches!(kind, Kind::Element(el) if is_block_tag(el.name()));
        self.nodes.push(DomNode {
            kind,
            parent,
            children: Vec::new(),
            end: 0,
            hint,
            dropped: false,
            stats: Stats::default(),
            inline: InlineRun::default(),
            skipped: Stats::default(),
            block,
        });
        ix
    }

    fn count_skipped(&mut self, parent: NodeIx, name: &str) {
        let skipped = &mut self.nodes[parent].skipped;
        if CONTROLS.contains(&name) {
            skipped.controls += 1;
        }
        if EMBEDS.contains(&name) {
            skipped.embeds += 1;
        }
    }

    /// Fills `children` and `end` from the parent links (nodes are in
    /// preorder, so children come in document order).
    fn link_children(&mut self) {
        for ix in (0..self.nodes.len()).rev() {
            if self.nodes[ix].end == 0 {
                self.nodes[ix].end = ix + 1;
            }
            if let Some(p) = self.nodes[ix].parent {
                let end = self.nodes[ix].end;
                let parent = &mut self.nodes[p];
                parent.children.push(ix);
                parent.end = parent.end.max(end);
            }
        }
        for node in &mut self.nodes {
            node.children.reverse();
        }
    }

    /// Computes the statistics of every subtree, leaving out dropped nodes.
    fn measure(&mut self) {
        for node in &mut self.nodes {
            node.stats = node.skipped;
            node.inline = InlineRun::default();
        }
        for ix in (0..self.nodes.len()).rev() {
            if self.nodes[ix].dropped {
                continue;
            }
            self.finish_node(ix);
            let Some(p) = self.nodes[ix].parent else { continue };
            let node = &self.nodes[ix];
            let stats = node.stats;
            let inline_child = !node.is_block() && stats.blocks == 0;
            let parent = &mut self.nodes[p];
            parent.stats.add(&stats);
            if inline_child {
                parent.inline.chars += stats.chars;
                parent.inline.link_chars += stats.link_chars;
                parent.inline.commas += stats.commas;
                parent.inline.stops += stats.stops;
                parent.inline.breaks += stats.breaks;
            }
        }
    }

    /// Adds what node `ix` itself contributes to its (children-summed) stats.
    fn finish_node(&mut self, ix: NodeIx) {
        let node = &mut self.nodes[ix];
        match node.kind {
            Kind::Text(text) => {
                let (chars, commas, stops) = measure_text(text);
                node.stats.chars = chars;
                node.stats.commas = commas;
                node.stats.stops = stops;
            }
            Kind::Element(el) => {
                let name = el.name();
                let stats = &mut node.stats;
                match name {
                    "a" if el.attr("href").is_some() => stats.link_chars = stats.chars,
                    "p" => stats.paragraphs += 1,
                    "img" | "amp-img" => stats.images += 1,
                    "li" => stats.list_items += 1,
                    "time" => stats.time_chars = stats.chars,
                    "br" => stats.breaks += 1,
                    _ if heading_level(name).is_some() => stats.heading_chars = stats.chars,
                    _ => {}
                }
                if node.block {
                    stats.blocks += 1;
                }
                if node.inline.is_prose() {
                    stats.prose += node.inline.chars;
                }
                if node.hint.weight > 0 || matches!(name, "article" | "main") {
                    stats.content_prose = stats.content_prose.max(stats.prose);
                }
            }
        }
    }

    /// Marks hidden and chrome-named subtrees as dropped. A hidden part
    /// that holds most of the page's prose stays (a page that hides its
    /// article until a script runs, a modal's `aria-hidden` over the whole
    /// page); so does a chrome-named wrapper around a content-marked element
    /// holding most of it (`<div class="content-sidebar-wrap"><main>`),
    /// but not comments, however long.
    fn mark_dropped(&mut self) {
        let total_prose = self.nodes.first().map_or(0, |root| root.stats.prose);
        let most = |prose: u32| prose * 2 > total_prose;
        for ix in 0..self.nodes.len() {
            let node = &self.nodes[ix];
            let dropped = node.parent.is_some_and(|p| self.nodes[p].dropped)
                || (node.hint.hidden && !most(node.stats.prose))
                || match node.hint.drop {
                    Drop::No => false,
                    Drop::Always => !most(node.stats.content_prose),
                    Drop::IfShort => node.stats.chars < SHORT_BLOCK_CHARS,
                };
            self.nodes[ix].dropped = dropped;
        }
    }
}

/// Visible characters (whitespace runs counted once, leading whitespace not
/// at all), commas and sentence ends of a text.
fn measure_text(text: &str) -> (u32, u32, u32) {
    let mut chars = 0u32;
    let mut commas = 0u32;
    let mut stops = 0u32;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = chars > 0;
            continue;
        }
        if pending_space {
            chars += 1;
            pending_space = false;
        }
        chars += 1;
        match c {
            ',' | '،' | '，' | '、' | '﹐' | '﹑' => commas += 1,
            '.' | '!' | '?' | '。' | '！' | '？' | '।' | '؟' => stops += 1,
            _ => {}
        }
    }
    if pending_space {
        chars += 1;
    }
    (chars, commas, stops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'d>(dom: &'d Dom, name: &str) -> (NodeIx, &'d DomNode<'d>) {
        dom.nodes.iter().enumerate().find(|(_, n)| n.name() == name).expect("element present")
    }

    #[test]
    fn block_tags_are_sorted_for_binary_search() {
        assert!(BLOCK_TAGS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn scripts_styles_and_controls_are_left_out() {
        let html = Html::parse_document(
            "<p>Text<script>var x = 1;</script><style>p{}</style><button>Click</button><input></p>",
        );
        let dom = Dom::build(&html, Pruning::Full);
        assert_eq!(dom.text(dom.root()), "Text");
        let (_, p) = find(&dom, "p");
        assert_eq!(p.stats.controls, 2);
    }

    #[test]
    fn ruby_readings_are_not_text() {
        let html = Html::parse_document("<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp></ruby>字</p>");
        assert_eq!(Dom::build(&html, Pruning::Full).text(0), "漢字");
    }

    #[test]
    fn statistics_sum_over_subtrees() {
        let html = Html::parse_document(
            "<div><p>One, two. <a href='/x'>link</a></p><p>Three.</p><ul><li>a</li><li>b</li></ul></div>",
        );
        let dom = Dom::build(&html, Pruning::Full);
        let (_, div) = find(&dom, "div");
        assert_eq!(div.stats.paragraphs, 2);
        assert_eq!(div.stats.list_items, 2);
        assert_eq!(div.stats.commas, 1);
        assert_eq!(div.stats.link_chars, 4);
        let (_, p) = find(&dom, "p");
        assert_eq!(p.inline.chars, "One, two. link".chars().count() as u32);
    }

    #[test]
    fn hidden_parts_are_dropped_unless_they_hold_the_article() {
        let prose = "This sentence is long enough to count as prose, with commas, and an end. ".repeat(3);
        let html = Html::parse_document(&format!(
            "<div hidden><p>Menu text that is hidden.</p></div><div aria-hidden='true'><p>{prose}</p></div>"
        ));
        let dom = Dom::build(&html, Pruning::Full);
        let text = dom.text(dom.root());
        assert!(!text.contains("Menu text"), "{text}");
        assert!(text.contains("long enough"), "{text}");
    }

    #[test]
    fn chrome_names_are_dropped_only_with_full_pruning() {
        let html = Html::parse_document("<div class='share-tools'>Share this</div><p>Body</p>");
        assert_eq!(Dom::build(&html, Pruning::Full).text(0), "Body");
        assert_eq!(Dom::build(&html, Pruning::HiddenOnly).text(0), "Share this Body");
    }

    #[test]
    fn a_chrome_named_wrapper_around_the_content_stays() {
        let prose = "This sentence is long enough to count as prose, with commas, and an end. ".repeat(3);
        let html = Html::parse_document(&format!(
            "<div class='content-sidebar-wrap'><main><p>{prose}</p></main><div class='widget'>Links</div></div>"
        ));
        let text = Dom::build(&html, Pruning::Full).text(0);
        assert!(text.contains("long enough") && !text.contains("Links"), "{text}");
    }

    #[test]
    fn comments_go_even_when_they_hold_most_of_the_text() {
        let prose = "This sentence is long enough to count as prose, with commas, and an end. ".repeat(3);
        let html = Html::parse_document(&format!(
            "<article><p>Short post, with a comma, that is the article of the page here.</p></article>\
             <div id='comments'><article class='comment'><p>{prose}</p></article><article><p>{prose}</p></article></div>"
        ));
        let text = Dom::build(&html, Pruning::Full).text(0);
        assert!(text.contains("Short post") && !text.contains("long enough"), "{text}");
    }

    #[test]
    fn very_deep_nesting_is_flattened_without_losing_text() {
        let html = Html::parse_document(&format!("{}deep text{}", "<div>".repeat(5000), "</div>".repeat(5000)));
        let dom = Dom::build(&html, Pruning::Full);
        assert_eq!(dom.text(dom.root()), "deep text");
        assert!(dom.nodes.len() < MAX_DEPTH + 10);
    }

    #[test]
    fn visible_text_has_one_line_per_block() {
        let html = Html::parse_document("<div>One <b>two</b><p>Three\nfour</p>five<br>six</div>");
        let dom = Dom::build(&html, Pruning::Full);
        assert_eq!(dom.visible_text(0, false), "One two\nThree four\nfive\nsix");
        assert_eq!(dom.visible_text(0, true), "One two\nThree\nfour\nfive\nsix");
    }

    #[test]
    fn whitespace_runs_count_once() {
        assert_eq!(measure_text("  a  b\n c  "), (6, 0, 0));
        assert_eq!(measure_text(" \n "), (0, 0, 0));
        assert_eq!(measure_text("一、二。"), (4, 1, 1));
    }
}
