//! Writing Markdown that says only what the page said: text from the page is
//! escaped so that it can neither become HTML (`<script>` stays text) nor
//! create structure (a line "# x" or "1. x" stays a line of text), and the
//! markup this module writes around it (emphasis, links, lists, quotes,
//! code) is well formed.

/// Inline Markdown being written: the page's text with its whitespace
/// collapsed as a browser would, and markup around it. A line break is kept
/// as `\n` until the paragraph is finished.
#[derive(Debug, Default)]
pub(super) struct Inline {
    out: String,
    /// Whitespace seen since the last character written.
    pending_space: bool,
    /// Whitespace seen before anything was written.
    leading_space: bool,
}

impl Inline {
    /// Appends text from the page, escaped, whitespace collapsed.
    pub fn push_text(&mut self, text: &str) {
        let mut chars = text.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            if c.is_whitespace() {
                self.note_space();
                continue;
            }
            self.space_if_pending();
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                '&' if looks_like_entity(&text[at + 1..]) => self.out.push_str("\\&"),
                _ => self.out.push(c),
            }
            while chars.peek().is_some_and(|&(_, next)| !next.is_whitespace() && !needs_escape(next)) {
                if let Some((_, next)) = chars.next() {
                    self.out.push(next);
                }
            }
        }
    }

    /// Appends markup written by this module (not escaped).
    pub fn push_markup(&mut self, markup: &str) {
        self.space_if_pending();
        self.out.push_str(markup);
    }

    /// Appends `inner` wrapped in `open` and `close` (emphasis, a link),
    /// keeping the whitespace around it outside the markers, as Markdown
    /// requires. Nothing but a space is added when `inner` is empty.
    pub fn push_wrapped(&mut self, open: &str, inner: Inline, close: &str) {
        let text = inner.out.replace('\n', " ");
        let text = text.trim();
        if inner.leading_space {
            self.note_space();
        }
        if !text.is_empty() {
            self.push_markup(open);
            self.out.push_str(text);
            self.out.push_str(close);
        }
        if inner.pending_space || (text.is_empty() && inner.out.contains('\n')) {
            self.note_space();
        }
    }

    /// A line break (`<br>`).
    pub fn line_break(&mut self) {
        self.out.push('\n');
        self.pending_space = false;
    }

    /// The paragraphs written: a blank line (two line breaks in a row)
    /// separates paragraphs, a single one is a hard line break.
    pub fn into_paragraphs(self) -> Vec<String> {
        let mut paragraphs = Vec::new();
        let mut lines: Vec<String> = Vec::new();
        for line in self.out.split('\n').map(str::trim) {
            if line.is_empty() {
                if !lines.is_empty() {
                    paragraphs.push(lines.join("\\\n"));
                    lines.clear();
                }
            } else {
                lines.push(escape_line_start(line));
            }
        }
        if !lines.is_empty() {
            paragraphs.push(lines.join("\\\n"));
        }
        paragraphs
    }

    /// The text written, on one line (for headings, table cells).
    pub fn into_line(self) -> String {
        self.out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn note_space(&mut self) {
        if self.out.is_empty() {
            self.leading_space = true;
        }
        self.pending_space = true;
    }

    fn space_if_pending(&mut self) {
        if self.pending_space && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
            self.out.push(' ');
        }
        self.pending_space = false;
    }
}

fn needs_escape(c: char) -> bool {
    matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' | '&')
}

/// Whether the text after a `&` would be read as a character reference.
fn looks_like_entity(rest: &str) -> bool {
    let rest = rest.strip_prefix('#').unwrap_or(rest);
    let name_len = rest.chars().take(32).take_while(char::is_ascii_alphanumeric).count();
    name_len > 0 && rest[name_len..].starts_with(';')
}

/// A line of text that Markdown would read as a heading, list item, rule or
/// setext underline gets its first character escaped.
fn escape_line_start(line: &str) -> String {
    if line.starts_with(['#', '+', '-', '=']) {
        return format!("\\{line}");
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) && line[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line.to_string()
}

/// `text` with every line after the first indented by `rest`, and the
/// first prefixed with `first` (list items, block quotes).
pub(super) fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + first.len());
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let prefix = if n == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    out
}

/// Blocks inside a list item or quote, joined: a nested list follows its
/// text directly, other blocks are separated by a blank line.
pub(super) fn join_blocks(blocks: &[String]) -> String {
    let mut out = String::new();
    for (n, block) in blocks.iter().enumerate() {
        if n > 0 {
            out.push_str(if is_list(block) { "\n" } else { "\n\n" });
        }
        out.push_str(block);
    }
    out
}

/// Whether a block written by this module is a list (text blocks cannot
/// start like one: their line starts are escaped).
fn is_list(block: &str) -> bool {
    let digits = block.chars().take_while(char::is_ascii_digit).count();
    block.starts_with("- ") || (digits > 0 && block[digits..].starts_with(". "))
}

/// A block quote of `blocks`.
pub(super) fn quote(blocks: &[String]) -> String {
    prefix_lines(&join_blocks(blocks), "> ", "> ")
}

/// A fenced code block; the fence is longer than any run of backticks in
/// the code, so the code cannot close it.
pub(super) fn code_block(code: &str, language: Option<&str>) -> String {
    let fence = "`".repeat((longest_run(code, '`') + 1).max(3));
    format!("{fence}{}\n{code}\n{fence}", language.unwrap_or(""))
}

/// An inline code span.
pub(super) fn code_span(text: &str) -> String {
    let ticks = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Alt text of an image, safe inside `![...]`.
pub(super) fn image_alt(alt: &str) -> String {
    let mut out = String::new();
    for c in alt.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        if matches!(c, '\\' | '[' | ']' | '`' | '*' | '_' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link title, safe inside `"..."`: its double quotes become single
/// ones (an escaped `\"` is valid Markdown, but simple readers of the
/// files stumble on it).
pub(super) fn link_title(title: &str) -> String {
    let mut out = String::new();
    for c in title.split_whitespace().collect::<Vec<_>>().join(" ").chars() {
        match c {
            '"' => out.push('\''),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out
}

/// A GFM pipe table; the first row is the header. Cells must already be
/// escaped (text from the page has its `|` escaped).
pub(super) fn pipe_table(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let line = |cells: &[String]| {
        let mut out = String::from("|");
        for n in 0..columns {
            out.push(' ');
            out.push_str(cells.get(n).map_or("", String::as_str));
            out.push_str(" |");
        }
        out
    };
    let mut out = Vec::with_capacity(rows.len() + 1);
    let mut rows = rows.iter();
    out.push(line(rows.next().map_or(&[][..], Vec::as_slice)));
    out.push(format!("|{}", " --- |".repeat(columns)));
    out.extend(rows.map(|r| line(r)));
    out.join("\n")
}

/// A heading's text; a trailing `#` is escaped so that it is not read as
/// the heading's closing sequence.
pub(super) fn heading(level: usize, text: &str) -> String {
    let marks = "#".repeat(level);
    match text.strip_suffix('#') {
        Some(head) => format!("{marks} {head}\\#"),
        None => format!("{marks} {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<String> {
        let mut inline = Inline::default();
        inline.push_text(text);
        inline.into_paragraphs()
    }

    #[test]
    fn html_in_text_stays_text() {
        assert_eq!(paragraphs("<script>alert(1)</script>"), ["\\<script\\>alert(1)\\</script\\>"]);
        assert_eq!(paragraphs("a &amp; b & c"), ["a \\&amp; b & c"]);
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        assert_eq!(paragraphs("*not* _emphasis_ [a](b) `c`"), ["\\*not\\* \\_emphasis\\_ \\[a\\](b) \\`c\\`"]);
        assert_eq!(paragraphs("# not a heading"), ["\\# not a heading"]);
        assert_eq!(paragraphs("1. not a list"), ["1\\. not a list"]);
        assert_eq!(paragraphs("- not a list"), ["\\- not a list"]);
        assert_eq!(paragraphs("> not a quote"), ["\\> not a quote"]);
        assert_eq!(paragraphs("==="), ["\\==="]);
        assert_eq!(paragraphs("a | b"), ["a \\| b"]);
    }

    #[test]
    fn whitespace_collapses_and_breaks_split_paragraphs() {
        let mut inline = Inline::default();
        inline.push_text("  one\n  two ");
        inline.line_break();
        inline.push_text("three");
        inline.line_break();
        inline.line_break();
        inline.push_text(" four");
        assert_eq!(inline.into_paragraphs(), ["one two\\\nthree", "four"]);
    }

    #[test]
    fn wrapped_markup_keeps_spaces_outside() {
        let mut inline = Inline::default();
        inline.push_text("a");
        let mut inner = Inline::default();
        inner.push_text(" bold ");
        inline.push_wrapped("**", inner, "**");
        inline.push_text("b");
        assert_eq!(inline.into_line(), "a **bold** b");
    }

    #[test]
    fn empty_wrapped_markup_writes_nothing() {
        let mut inline = Inline::default();
        inline.push_text("a");
        inline.push_wrapped("[", Inline::default(), "](x)");
        inline.push_text("b");
        assert_eq!(inline.into_line(), "ab");
    }

    #[test]
    fn lists_nest_under_their_item_text() {
        let inner = prefix_lines("b\n- c", "- ", "  ");
        let item = join_blocks(&["a".to_string(), inner]);
        assert_eq!(prefix_lines(&item, "1. ", "   "), "1. a\n   - b\n     - c");
    }

    #[test]
    fn quotes_prefix_every_line() {
        assert_eq!(quote(&["a".to_string(), "b".to_string()]), "> a\n>\n> b");
    }

    #[test]
    fn code_fences_outlast_backticks_in_the_code() {
        assert_eq!(code_block("a ``` b", Some("rust")), "````rust\na ``` b\n````");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn image_alt_and_titles_cannot_break_out() {
        assert_eq!(image_alt("a ] (b"), "a \\] (b");
        assert_eq!(link_title("say \"hi\" \\o/"), "say 'hi' \\\\o/");
    }

    #[test]
    fn heading_keeps_a_trailing_hash() {
        assert_eq!(heading(2, "Learn C#"), "## Learn C\\#");
    }
}
