//! The chosen part of the page as Markdown: headings, paragraphs, lists
//! (nested too), quotes, tables, code, links and images, in order. Blocks
//! inside the article that look like chrome are left out on the way
//! ([`Conditions`]).

use super::blocks::{self, RULE, same_headline};
use super::dom::{Dom, Kind, NodeIx, heading_level, is_block_tag};
use super::keep::Conditions;
use super::links::Urls;
use super::markdown::{self, Inline};
use super::table;

/// The article as Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rendered {
    /// The body.
    pub markdown: String,
    /// Characters of the page's text in it (markup not counted).
    pub text_chars: usize,
}

/// Renders `parts` of `dom` (in order) as Markdown. A heading that repeats
/// `title` is left out: the title is the page's, not the body's.
pub(super) fn render(dom: &Dom, parts: &[NodeIx], urls: &Urls, title: Option<&str>) -> Rendered {
    let mut renderer = Renderer {
        dom,
        urls,
        title: title.filter(|t| !t.trim().is_empty()),
        heading_shift: 0,
        prose: parts.iter().map(|&p| dom.node(p).stats.prose).sum(),
        caption: None,
        figures: 0,
        strong: 0,
        emphasis: 0,
        text_chars: 0,
    };
    renderer.heading_shift = renderer.heading_shift(parts);
    let mut flow = Flow::default();
    for &part in parts {
        renderer.element(part, &mut flow);
    }
    let mut blocks = flow.finish();
    if let Some(title) = renderer.title {
        blocks::drop_leading_title(&mut blocks, title);
    }
    blocks::tidy(&mut blocks);
    Rendered { markdown: blocks.join("\n\n"), text_chars: renderer.text_chars }
}

/// Blocks written so far and the paragraph being written.
#[derive(Debug, Default)]
struct Flow {
    blocks: Vec<String>,
    inline: Inline,
}

impl Flow {
    /// Ends the paragraph being written.
    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.inline);
        self.blocks.extend(inline.into_paragraphs());
    }

    fn push_block(&mut self, block: String) {
        self.flush();
        if !block.trim().is_empty() {
            self.blocks.push(block);
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.flush();
        self.blocks
    }

    /// Everything written, on one line (for headings and table cells).
    fn into_line(mut self) -> String {
        let inline = std::mem::take(&mut self.inline).into_line();
        let mut parts = self.blocks;
        parts.push(inline);
        parts.iter().map(|p| p.replace('\n', " ")).filter(|p| !p.trim().is_empty()).collect::<Vec<_>>().join(" ")
    }
}

struct Renderer<'r, 'a> {
    dom: &'r Dom<'a>,
    urls: &'r Urls,
    /// The page's title.
    title: Option<&'r str>,
    /// Added to heading levels so that the body's top level is `##`.
    heading_shift: isize,
    /// Prose characters of the whole selection.
    prose: u32,
    /// The caption of the figure being written, for its first image.
    caption: Option<String>,
    /// Depth of `<figure>` elements around the node being written.
    figures: usize,
    /// Depth of strong emphasis around it.
    strong: usize,
    /// Depth of emphasis around it.
    emphasis: usize,
    text_chars: usize,
}

impl Renderer<'_, '_> {
    /// Writes node `ix` unless it is chrome inside the article.
    fn node(&mut self, ix: NodeIx, flow: &mut Flow) {
        match self.dom.node(ix).kind {
            Kind::Text(text) => {
                self.text_chars += text.split_whitespace().map(|w| w.chars().count() + 1).sum::<usize>();
                flow.inline.push_text(text);
            }
            Kind::Element(_) => {
                if self.keeps(ix) {
                    self.element(ix, flow);
                }
            }
        }
    }

    /// Whether block `ix` inside the article stays (see [`Conditions`]).
    fn keeps(&self, ix: NodeIx) -> bool {
        Conditions { dom: self.dom, article_prose: self.prose, in_figure: self.figures > 0 }.keeps(ix)
    }

    fn children(&mut self, ix: NodeIx, flow: &mut Flow) {
        let dom = self.dom;
        for child in dom.kept_children(ix) {
            self.node(child, flow);
        }
    }

    /// Writes element `ix` (or text node) whatever it is.
    fn element(&mut self, ix: NodeIx, flow: &mut Flow) {
        let node = self.dom.node(ix);
        let Kind::Element(el) = node.kind else {
            self.node(ix, flow);
            return;
        };
        let name = el.name();
        match name {
            "br" => flow.inline.line_break(),
            "hr" => flow.push_block(RULE.to_string()),
            "ul" | "ol" | "menu" | "dir" => self.list(ix, flow),
            "li" => self.list_items(&[ix], false, 1, flow),
            "blockquote" => self.blockquote(ix, flow),
            "pre" => self.code_block(ix, flow),
            "table" => self.table(ix, flow),
            "figure" => self.figure(ix, flow),
            "figcaption" | "caption" => {}
            "img" | "amp-img" => self.image(ix, flow),
            "a" => self.link(ix, flow),
            "strong" | "b" => self.emphasized(ix, "**", flow),
            "em" | "i" => self.emphasized(ix, "*", flow),
            "code" | "kbd" | "samp" | "tt" => self.code_span(ix, flow),
            "q" => self.quoted(ix, flow),
            _ => match heading_level(name) {
                Some(level) => self.heading(ix, level, flow),
                None if is_block_tag(name) => {
                    flow.flush();
                    self.children(ix, flow);
                    flow.flush();
                }
                None => self.children(ix, flow),
            },
        }
    }

    /// The shift that makes the body's top heading level `##`.
    fn heading_shift(&self, parts: &[NodeIx]) -> isize {
        let top = parts
            .iter()
            .flat_map(|&p| p..self.dom.node(p).end)
            .filter(|&ix| !self.dom.node(ix).dropped)
            .filter_map(|ix| heading_level(self.dom.node(ix).name()).map(|level| (ix, level)))
            .filter(|&(ix, _)| !self.repeats_title(ix) && !self.dom.text(ix).is_empty())
            .map(|(_, level)| level)
            .min();
        top.map_or(0, |top| 2 - top as isize)
    }

    fn repeats_title(&self, ix: NodeIx) -> bool {
        self.title.is_some_and(|title| same_headline(&self.dom.text(ix), title))
    }

    fn heading(&mut self, ix: NodeIx, level: usize, flow: &mut Flow) {
        if self.repeats_title(ix) {
            return;
        }
        // A heading is strong already; bold inside it says nothing more.
        let mut inner = Flow::default();
        self.strong += 1;
        self.children(ix, &mut inner);
        self.strong -= 1;
        let text = inner.into_line();
        if !text.is_empty() {
            let level = (level as isize + self.heading_shift).clamp(2, 6) as usize;
            flow.push_block(markdown::heading(level, &text));
        }
    }

    fn list(&mut self, ix: NodeIx, flow: &mut Flow) {
        let ordered = self.dom.node(ix).name() == "ol";
        let start = self.dom.node(ix).attr("start").and_then(|s| s.trim().parse::<u32>().ok()).unwrap_or(1);
        let children: Vec<NodeIx> = self.dom.kept_children(ix).collect();
        self.list_items(&children, ordered, start, flow);
    }

    /// Writes `children` of a list as its items. Anything that is not an
    /// `<li>` is an item of its own, except a list, which (as browsers show
    /// it) belongs to the item before it.
    fn list_items(&mut self, children: &[NodeIx], ordered: bool, start: u32, flow: &mut Flow) {
        let mut items: Vec<Vec<String>> = Vec::new();
        for &child in children {
            let node = self.dom.node(child);
            let mut inner = Flow::default();
            match node.name() {
                "li" => self.children(child, &mut inner),
                _ => self.node(child, &mut inner),
            }
            let blocks = inner.finish();
            if blocks.is_empty() {
                continue;
            }
            match items.last_mut() {
                Some(last) if matches!(node.name(), "ul" | "ol") => last.extend(blocks),
                _ => items.push(blocks),
            }
        }
        if items.is_empty() {
            return;
        }
        let mut out = Vec::with_capacity(items.len());
        for (n, blocks) in items.iter().enumerate() {
            let marker = if ordered { format!("{}. ", start as usize + n) } else { "- ".to_string() };
            out.push(markdown::prefix_lines(&markdown::join_blocks(blocks), &marker, &" ".repeat(marker.len())));
        }
        flow.push_block(out.join("\n"));
    }

    fn blockquote(&mut self, ix: NodeIx, flow: &mut Flow) {
        let mut inner = Flow::default();
        self.children(ix, &mut inner);
        let blocks = inner.finish();
        if !blocks.is_empty() {
            flow.push_block(markdown::quote(&blocks));
        }
    }

    fn code_block(&mut self, ix: NodeIx, flow: &mut Flow) {
        let code = self.dom.raw_text(ix);
        let code = code.trim_matches('\n').trim_end();
        if code.trim().is_empty() {
            return;
        }
        self.text_chars += code.chars().count();
        let language = self.code_language(ix);
        flow.push_block(markdown::code_block(code, language.as_deref()));
    }

    /// The language named by `class="language-x"` (or `lang-x`) on a `<pre>`
    /// or the `<code>` inside it.
    fn code_language(&self, ix: NodeIx) -> Option<String> {
        let inner = self.dom.kept_children(ix).find(|&c| self.dom.node(c).name() == "code");
        [Some(ix), inner].into_iter().flatten().find_map(|n| {
            let class = self.dom.node(n).attr("class")?;
            class.split_whitespace().find_map(|c| {
                let lang = c.strip_prefix("language-").or_else(|| c.strip_prefix("lang-"))?;
                let valid = !lang.is_empty()
                    && lang.len() <= 30
                    && lang.chars().all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, '+' | '-' | '#' | '.' | '_'));
                valid.then(|| lang.to_ascii_lowercase())
            })
        })
    }

    fn code_span(&mut self, ix: NodeIx, flow: &mut Flow) {
        if self.has_blocks(ix) {
            self.children(ix, flow);
            return;
        }
        let text = self.dom.text(ix);
        if text.is_empty() {
            return;
        }
        self.text_chars += text.chars().count();
        flow.inline.push_markup(&markdown::code_span(&text));
    }

    fn figure(&mut self, ix: NodeIx, flow: &mut Flow) {
        let caption = self
            .dom
            .kept_children(ix)
            .find(|&c| self.dom.node(c).name() == "figcaption")
            .map(|c| self.dom.text(c))
            .filter(|c| !c.is_empty());
        let outer = std::mem::replace(&mut self.caption, caption);
        self.figures += 1;
        flow.flush();
        self.children(ix, flow);
        flow.flush();
        self.figures -= 1;
        self.caption = outer;
    }

    fn image(&mut self, ix: NodeIx, flow: &mut Flow) {
        let node = self.dom.node(ix);
        let Some(el) = node.element() else { return };
        if is_tracking_pixel(el) {
            return;
        }
        let Some(src) = image_source(el).and_then(|s| self.urls.image(s)) else { return };
        let alt = markdown::image_alt(el.attr("alt").or_else(|| el.attr("title")).unwrap_or(""));
        let title = match self.caption.take() {
            Some(caption) => format!(" \"{}\"", markdown::link_title(&caption)),
            None => String::new(),
        };
        flow.inline.push_markup(&format!("![{alt}]({src}{title})"));
    }

    fn link(&mut self, ix: NodeIx, flow: &mut Flow) {
        if self.has_blocks(ix) {
            self.children(ix, flow);
            return;
        }
        let mut inner = Flow::default();
        self.children(ix, &mut inner);
        let target = self.dom.node(ix).attr("href").and_then(|h| self.urls.link(h));
        match target {
            Some(target) => flow.inline.push_wrapped("[", inner.inline, &format!("]({target})")),
            None => flow.inline.push_wrapped("", inner.inline, ""),
        }
    }

    fn emphasized(&mut self, ix: NodeIx, marker: &str, flow: &mut Flow) {
        let depth = if marker == "**" { self.strong } else { self.emphasis };
        if depth > 0 || self.has_blocks(ix) {
            self.children(ix, flow);
            return;
        }
        let mut inner = Flow::default();
        self.set_emphasis(marker, 1);
        self.children(ix, &mut inner);
        self.set_emphasis(marker, -1);
        flow.inline.push_wrapped(marker, inner.inline, marker);
    }

    /// An inline quotation, with the quotation marks a browser adds.
    fn quoted(&mut self, ix: NodeIx, flow: &mut Flow) {
        if self.has_blocks(ix) {
            self.children(ix, flow);
            return;
        }
        let mut inner = Flow::default();
        self.children(ix, &mut inner);
        flow.inline.push_wrapped("“", inner.inline, "”");
    }

    fn set_emphasis(&mut self, marker: &str, change: isize) {
        let depth = if marker == "**" { &mut self.strong } else { &mut self.emphasis };
        *depth = depth.saturating_add_signed(change);
    }

    /// Whether element `ix` holds block elements (then it cannot be written
    /// as inline markup and is written as its contents).
    fn has_blocks(&self, ix: NodeIx) -> bool {
        let node = self.dom.node(ix);
        node.stats.blocks > u32::from(node.is_block())
    }

    fn table(&mut self, ix: NodeIx, flow: &mut Flow) {
        let rows = table::rows(self.dom, ix);
        let data = table::is_data_table(self.dom, ix, &rows);
        if !data {
            flow.flush();
            for cell in rows.iter().flatten() {
                self.children(*cell, flow);
                flow.flush();
            }
            return;
        }
        let mut lines: Vec<Vec<String>> = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut cells = Vec::new();
            for &cell in row {
                let mut inner = Flow::default();
                self.children(cell, &mut inner);
                cells.push(inner.into_line());
                let span = self.dom.node(cell).attr("colspan").and_then(|s| s.trim().parse::<usize>().ok());
                for _ in 1..span.unwrap_or(1).clamp(1, 50) {
                    cells.push(String::new());
                }
            }
            lines.push(cells);
        }
        flow.push_block(markdown::pipe_table(&lines));
    }
}

/// The address of an image: `src` unless it is a placeholder, else the
/// attributes lazy loaders keep the real one in.
fn image_source(el: &scraper::node::Element) -> Option<&str> {
    const ATTRS: &[&str] =
        &["src", "data-src", "data-lazy-src", "data-original", "data-url", "data-hi-res-src", "data-srcset", "srcset"];
    ATTRS.iter().find_map(|&attr| {
        let value = el.attr(attr)?.trim();
        let value = if attr.ends_with("srcset") { value.split(',').next()?.split_whitespace().next()? } else { value };
        let placeholder = value.is_empty() || value.starts_with("data:") || value.ends_with("blank.gif");
        (!placeholder).then_some(value)
    })
}

/// Images of at most 2×2 pixels count visits; they show nothing.
fn is_tracking_pixel(el: &scraper::node::Element) -> bool {
    let tiny = |attr: &str| {
        el.attr(attr).and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok()).is_some_and(|v| v <= 2)
    };
    tiny("width") || tiny("height")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::html::dom::Pruning;
    use scraper::Html;

    fn body_of(html: &str) -> String {
        let html = Html::parse_document(html);
        let dom = Dom::build(&html, Pruning::Full);
        let body = dom.nodes.iter().position(|n| n.name() == "body").expect("a body");
        render(&dom, &[body], &Urls::new(Some("https://example.com/news/")), Some("The Title")).markdown
    }

    #[test]
    fn headings_are_shifted_so_the_top_one_is_level_two() {
        let x = "<p>Text long enough to be a section.</p>";
        let y = "<p>More text, long enough to be a section.</p>";
        assert_eq!(
            body_of(&format!("<h1>The Title</h1><h3>Part</h3>{x}<h4>Sub</h4>{y}")),
            "## Part\n\nText long enough to be a section.\n\n### Sub\n\nMore text, long enough to be a section."
        );
        assert_eq!(
            body_of(&format!("<h1>Other</h1><h2>Part</h2>{x}")),
            "## Other\n\n### Part\n\nText long enough to be a section."
        );
    }

    #[test]
    fn sections_with_next_to_nothing_in_them_go() {
        let text = "<p>Text long enough to be a section.</p>";
        let more = "<p>More text, long enough to be a section.</p>";
        assert_eq!(body_of(&format!("<h2>A</h2>{text}<h2>Related</h2>")), "## A\n\nText long enough to be a section.");
        assert_eq!(
            body_of(&format!("<h2>A</h2><h3>B</h3>{text}<h3>C</h3><h2>D</h2>{more}<h2>Comments</h2><p>3 comments</p>")),
            "## A\n\n### B\n\nText long enough to be a section.\n\n## D\n\nMore text, long enough to be a section."
        );
        assert_eq!(
            body_of("<h2>Chart</h2><p><img src='/c.png' alt='c'></p>"),
            "## Chart\n\n![c](https://example.com/c.png)"
        );
    }

    #[test]
    fn lists_of_links_to_other_stories_go() {
        let md = body_of(
            "<p>Text of the article here.</p><ul><li>One story, <a href='/1'>told here</a></li>\
             <li>Another, <a href='/2'>told there</a></li></ul><ul><li>Plain item</li><li>With <a href='/3'>a link</a> \
             in a longer sentence of text</li></ul>",
        );
        assert_eq!(
            md,
            "Text of the article here.\n\n- Plain item\n- With [a link](https://example.com/3) in a longer sentence of text"
        );
    }

    #[test]
    fn nested_lists_are_indented_under_their_item() {
        let md = body_of("<ul><li>a<ul><li>b<ol start='3'><li>c</li><li>d</li></ol></li></ul></li><li>e</li></ul>");
        assert_eq!(md, "- a\n  - b\n    3. c\n    4. d\n- e");
    }

    #[test]
    fn a_list_directly_inside_a_list_belongs_to_the_item_before() {
        assert_eq!(body_of("<ul><li>a</li><ul><li>b</li></ul></ul>"), "- a\n  - b");
    }

    #[test]
    fn data_tables_become_pipe_tables_with_escaped_cells() {
        let md = body_of(
            "<table><thead><tr><th>Name</th><th>Value</th></tr></thead>\
             <tbody><tr><td>a|b</td><td><b>1</b></td></tr><tr><td colspan='2'>wide</td></tr></tbody></table>",
        );
        assert_eq!(md, "| Name | Value |\n| --- | --- |\n| a\\|b | **1** |\n| wide |  |");
    }

    #[test]
    fn layout_tables_become_their_blocks() {
        let md = body_of(
            "<table><tr><td><p>One paragraph of the page.</p><p>Two paragraphs of the page.</p></td></tr></table>",
        );
        assert_eq!(md, "One paragraph of the page.\n\nTwo paragraphs of the page.");
    }

    #[test]
    fn quotes_and_code_keep_their_structure() {
        let md = body_of(
            "<blockquote><p>Said.</p><p>Again.</p></blockquote><pre><code class='language-rust'>fn main() {\n    x();\n}</code></pre>",
        );
        assert_eq!(md, "> Said.\n>\n> Again.\n\n```rust\nfn main() {\n    x();\n}\n```");
    }

    #[test]
    fn links_are_absolute_and_unsafe_ones_lose_their_target() {
        let md = body_of(
            "<p>See <a href='page.html'>the page</a>, <a href='javascript:alert(1)'>this</a> and \
             <a href='data:text/html,x'>that</a>.</p>",
        );
        assert_eq!(md, "See [the page](https://example.com/news/page.html), this and that.");
    }

    #[test]
    fn images_keep_alt_text_and_caption_but_not_data_urls_or_pixels() {
        let md = body_of(
            "<figure><img src='/i.jpg' alt='A cat'><figcaption>The cat, sleeping</figcaption></figure>\
             <p><img src='data:image/gif;base64,R0l'><img src='/t.gif' width='1' height='1'>Text</p>",
        );
        assert_eq!(md, "![A cat](https://example.com/i.jpg \"The cat, sleeping\")\n\nText");
    }

    #[test]
    fn lazy_images_use_their_real_source() {
        let md = body_of("<p><img src='data:image/gif;base64,R0l' data-src='/real.jpg' alt='x'></p>");
        assert_eq!(md, "![x](https://example.com/real.jpg)");
    }

    #[test]
    fn a_title_written_as_bold_text_at_the_start_goes() {
        let md = body_of("<p><b>The Title</b><br>By Jo Doe</p><p>Text of the article.</p>");
        assert_eq!(md, "By Jo Doe\n\nText of the article.");
        assert_eq!(body_of("<p>Text, then <b>The Title</b>.</p>"), "Text, then **The Title**.");
    }

    #[test]
    fn date_lines_and_repeated_paragraphs_go() {
        let md = body_of(
            "<p>Published <time datetime='2024-03-05'>5 March 2024, 10:02</time></p><p>The text of the article.</p>\
             <div class='mobile'><p>A block the page carries twice.</p></div><div class='desktop'><p>A block the page carries twice.</p></div>",
        );
        assert_eq!(md, "The text of the article.\n\nA block the page carries twice.");
    }

    #[test]
    fn emphasis_and_breaks() {
        let md =
            body_of("<p>A <b>bold</b> and <em> soft </em>word, <q>quoted</q>.<br>Next line.<br><br>New paragraph.</p>");
        assert_eq!(md, "A **bold** and *soft* word, “quoted”.\\\nNext line.\n\nNew paragraph.");
    }

    #[test]
    fn paragraphs_that_are_all_link_are_dropped() {
        let md = body_of(
            "<p>Real text of the article, long enough, with <a href='/a'>a link</a> in it.</p>\
             <p><strong>READ MORE: <a href='/x'>Another story about something else entirely, told at length</a></strong></p>",
        );
        assert_eq!(md, "Real text of the article, long enough, with [a link](https://example.com/a) in it.");
    }

    #[test]
    fn link_lists_inside_the_article_are_dropped() {
        let md = body_of(
            "<div><p>Real text of the article, long enough.</p></div>\
             <div><a href='/1'>Another story</a> <a href='/2'>And another one</a></div>",
        );
        assert_eq!(md, "Real text of the article, long enough.");
    }
}
