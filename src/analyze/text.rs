//! Plain text out of a document's Markdown, cut into blocks, sentences and
//! words: the units every analysis pass (entities, topics, summaries, the
//! timeline, stories) works on. Works for any script; what knows about
//! English (abbreviations that do not end a sentence) is data, not logic.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// What a block of text was in the Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading of the given level (1-6).
    Heading(u8),
    /// A paragraph of prose.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A paragraph inside a block quote.
    Quote,
    /// A cell of a table.
    TableCell,
    /// A code block: text, but not prose.
    Code,
}

/// One block of plain text with its kind. Inline markup is gone, soft and
/// hard line breaks are spaces, links keep their text, images and raw HTML
/// are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it was.
    pub kind: BlockKind,
    /// Its text, trimmed.
    pub text: String,
}

impl Block {
    /// Whether the block is running prose (a paragraph, list item or quote),
    /// where capital letters mean something.
    pub fn is_prose(&self) -> bool {
        matches!(self.kind, BlockKind::Paragraph | BlockKind::ListItem | BlockKind::Quote)
    }
}

/// The plain-text blocks of `markdown`, in document order. Empty blocks are
/// left out.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = BlockBuilder::default();
    for event in Parser::new_ext(markdown, options) {
        builder.event(event);
    }
    builder.flush();
    builder.blocks
}

/// Gathers the text of the innermost open block while walking the events.
#[derive(Default)]
struct BlockBuilder {
    blocks: Vec<Block>,
    text: String,
    /// Open containers that decide a block's kind (list items, quotes).
    containers: Vec<BlockKind>,
    /// The kind of the leaf block being read, if one is open.
    leaf: Option<BlockKind>,
    /// Depth of images being skipped (their alt text is not prose).
    in_image: usize,
}

impl BlockBuilder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) if self.in_image == 0 => self.text.push_str(&text),
            Event::SoftBreak | Event::HardBreak => self.text.push(' '),
            Event::FootnoteReference(_) | Event::TaskListMarker(_) | Event::Rule => {}
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_leaf(self.container_kind()),
            Tag::Heading { level, .. } => self.open_leaf(BlockKind::Heading(level as u8)),
            Tag::CodeBlock(_) => self.open_leaf(BlockKind::Code),
            Tag::TableCell => self.open_leaf(BlockKind::TableCell),
            Tag::Item => {
                self.flush();
                self.containers.push(BlockKind::ListItem);
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.containers.push(BlockKind::Quote);
            }
            Tag::List(_) | Tag::FootnoteDefinition(_) => self.flush(),
            Tag::Image { .. } => self.in_image += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::TableCell => self.flush(),
            TagEnd::Item | TagEnd::BlockQuote(_) => {
                self.flush();
                self.containers.pop();
            }
            TagEnd::Image => self.in_image = self.in_image.saturating_sub(1),
            _ => {}
        }
    }

    /// A paragraph's kind: that of the innermost list item or quote around it.
    fn container_kind(&self) -> BlockKind {
        self.containers.last().copied().unwrap_or(BlockKind::Paragraph)
    }

    fn open_leaf(&mut self, kind: BlockKind) {
        self.flush();
        self.leaf = Some(kind);
    }

    /// Ends the block being read; text outside any leaf (a tight list
    /// item's) takes its container's kind.
    fn flush(&mut self) {
        let kind = self.leaf.take().unwrap_or_else(|| self.container_kind());
        let text = if kind == BlockKind::Code { self.text.trim().to_string() } else { collapse_spaces(&self.text) };
        self.text.clear();
        if !text.is_empty() {
            self.blocks.push(Block { kind, text });
        }
    }
}

/// A sentence of a document with its tokens: the unit the analysis passes
/// read, so that a document is cut up once for all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence<'a> {
    /// Index of its block in the document.
    pub block: usize,
    /// What its block is.
    pub kind: BlockKind,
    /// Its text.
    pub text: &'a str,
    /// Its byte offset in the block's text.
    pub offset: usize,
    /// Its tokens, with byte ranges in `text`.
    pub tokens: Vec<Token>,
}

impl Sentence<'_> {
    /// Where the sentence stands in its document: earlier is smaller.
    pub fn position(&self) -> u64 {
        ((self.block as u64) << 32) | self.offset as u64
    }
}

/// The sentences of `blocks`, in document order, tokenised.
pub fn document_sentences(blocks: &[Block]) -> impl Iterator<Item = Sentence<'_>> {
    blocks.iter().enumerate().flat_map(|(index, block)| {
        sentences(&block.text).into_iter().map(move |range| {
            let text = &block.text[range.clone()];
            Sentence { block: index, kind: block.kind, text, offset: range.start, tokens: tokens(text) }
        })
    })
}

/// A pass that reads a document sentence by sentence (names, terms, ...):
/// the seam where analysis passes plug in.
pub trait SentenceReader<'d> {
    /// What the pass makes of the document.
    type Output;
    /// Reads the next sentence.
    fn sentence(&mut self, sentence: &Sentence<'d>);
    /// What the pass found.
    fn finish(self) -> Self::Output;
}

/// Runs `reader` over the sentences of `blocks`.
pub fn read<'d, R: SentenceReader<'d>>(blocks: &'d [Block], mut reader: R) -> R::Output {
    for sentence in document_sentences(blocks) {
        reader.sentence(&sentence);
    }
    reader.finish()
}

/// `word` in lowercase, borrowed when it has no capitals (most words), so
/// that lowercasing every word costs no allocation.
pub fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// `text` with runs of whitespace made one space, trimmed.
pub fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Abbreviations (lowercase, without their period) after which a period
/// does not end a sentence: "Dr. Smith", "Acme Inc. said".
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sr", "jr", "st", "mt", "ft", "gen", "col", "lt", "sgt", "capt", "cmdr",
    "adm", "maj", "brig", "sen", "rep", "gov", "rev", "hon", "pres", "inc", "corp", "co", "ltd", "bros", "no", "nos",
    "vs", "etc", "approx", "fig", "al", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "ave", "blvd", "dept", "est", "vol", "pp", "cf", "ca", "messrs", "mme", "mlle",
];

/// Words that start a sentence after an abbreviation like "U.S." ends one:
/// "... in the U.S. The company ...".
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "there",
    "but",
    "and",
    "so",
    "yet",
    "in",
    "on",
    "at",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "since",
    "however",
    "meanwhile",
    "still",
    "also",
    "his",
    "her",
    "their",
    "our",
    "some",
    "many",
    "most",
    "one",
];

/// Byte ranges of the sentences of `text` (trimmed, never empty). A period
/// after an abbreviation ("Dr.", "Inc.") or an initial ("J. Smith") does not
/// end a sentence; one after an initialism ("U.S.") does only when a
/// sentence plainly starts next. Full-width terminators ("。") end a sentence
/// with no space after them.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut from = 0;
    let ascii = text.is_ascii();
    while let Some((i, c)) = next_terminator(text, from, ascii) {
        // the terminator and any closing quotes or brackets after it
        let mut end = i + c.len_utf8();
        for next in text[end..].chars() {
            if !matches!(next, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '」' | '』' | '）')
            {
                break;
            }
            end += next.len_utf8();
        }
        let wide = matches!(c, '。' | '！' | '？');
        let ends = wide || (c != '.' || !period_continues(text, i)) && starts_sentence(&text[end..]);
        if ends {
            push_trimmed(&mut out, text, start..end);
            start = end;
        }
        from = end;
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// The next sentence terminator at or after byte `from`, found with
/// `memchr` in ASCII text.
fn next_terminator(text: &str, from: usize, ascii: bool) -> Option<(usize, char)> {
    if ascii {
        let i = from + memchr::memchr3(b'.', b'!', b'?', &text.as_bytes()[from..])?;
        return Some((i, char::from(text.as_bytes()[i])));
    }
    text[from..]
        .char_indices()
        .find(|&(_, c)| matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？'))
        .map(|(i, c)| (from + i, c))
}

/// Whether `rest` (what follows a terminator) begins a new sentence:
/// whitespace, then a capital, digit, quote or bracket, or a letter of a
/// script without case.
fn starts_sentence(rest: &str) -> bool {
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return false;
    }
    trimmed.chars().next().is_some_and(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '「' | '—' | '-' | '•')
            || (c.is_alphabetic() && !c.is_lowercase())
    })
}

/// Whether the period at byte `dot` belongs to an abbreviation or initial
/// rather than ending the sentence.
fn period_continues(text: &str, dot: usize) -> bool {
    let word_start = text[..dot]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"')
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = text[word_start..dot].trim_start_matches(['“', '‘', '\'']);
    if word.is_empty() {
        return false;
    }
    let mut letters = word.chars().filter(|c| c.is_alphabetic());
    let single_initial = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
    if single_initial && word.chars().count() == 1 {
        return true;
    }
    if is_initialism(word) {
        let next = text[dot + 1..].split_whitespace().next().unwrap_or("");
        let next = next.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        return !SENTENCE_STARTERS.contains(&next.as_str());
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// "U.S", "e.g", "U.S.A": single letters joined by periods (the last period
/// not included).
fn is_initialism(word: &str) -> bool {
    word.contains('.') && word.split('.').all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (with inner digits, apostrophes, hyphens, or the periods of
    /// an initialism like "U.S.").
    Word,
    /// Digits, with inner separators and trailing letters ("1,000", "31st").
    Number,
    /// Any other visible character, one per token.
    Punct,
}

/// A token: its kind, byte range in the text it came from, and shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// How it is written (capitals, hyphens, ...), found while tokenising
    /// so that the analysis passes need not scan the word again.
    pub shape: Shape,
}

impl Token {
    /// The token's text within `text`.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// How a token is written, as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape(u8);

impl Shape {
    /// Its first character is a capital ("Putin", "NATO").
    pub const CAPITALISED: u8 = 1;
    /// Two letters or more, all capitals ("NATO", "U.S.").
    pub const ALL_CAPS: u8 = 1 << 1;
    /// Some capital letter anywhere ("iPhone").
    pub const HAS_UPPER: u8 = 1 << 2;
    /// A hyphen inside ("Moscow-based").
    pub const HYPHEN: u8 = 1 << 3;
    /// An apostrophe inside ("Kremlin’s", "I’m").
    pub const APOSTROPHE: u8 = 1 << 4;
    /// A digit inside ("A350", "G20").
    pub const DIGIT: u8 = 1 << 5;

    /// The shape of `word`.
    pub fn of(word: &str) -> Shape {
        let mut bits = 0;
        let (mut letters, mut upper, mut first) = (0, 0, true);
        for c in word.chars() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                    bits |= Shape::HAS_UPPER;
                    if first {
                        bits |= Shape::CAPITALISED;
                    }
                }
            } else if c.is_numeric() {
                bits |= Shape::DIGIT;
            } else if matches!(c, '-' | '‐' | '‑') {
                bits |= Shape::HYPHEN;
            } else if matches!(c, '\'' | '’') {
                bits |= Shape::APOSTROPHE;
            }
            first = false;
        }
        if letters >= 2 && upper == letters {
            bits |= Shape::ALL_CAPS;
        }
        Shape(bits)
    }

    /// Whether `flag` (one of the constants) is set.
    pub fn has(self, flag: u8) -> bool {
        self.0 & flag != 0
    }
}

/// Characters of scripts written without spaces between words; each is a
/// token of its own (a dictionary would be needed to do better).
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F // Han
        | 0x3040..=0x30FF // kana
        | 0x0E00..=0x0E7F | 0x0E80..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF) // Thai, Lao, Myanmar, Khmer
}

/// The tokens of `text`, for any script: words, numbers and punctuation.
pub fn tokens(text: &str) -> Vec<Token> {
    if text.is_ascii() {
        tokens_of(text, &AsciiChars(text.as_bytes()))
    } else {
        tokens_of(text, &text.char_indices().collect::<Vec<_>>()[..])
    }
}

/// The characters of a text by index, with their byte offsets: ASCII text
/// is read in place, other text decoded once.
trait Chars {
    /// The char at index `k` and its byte offset.
    fn get(&self, k: usize) -> Option<(usize, char)>;
    fn at(&self, k: usize) -> Option<char> {
        self.get(k).map(|(_, c)| c)
    }
}

struct AsciiChars<'a>(&'a [u8]);

impl Chars for AsciiChars<'_> {
    fn get(&self, k: usize) -> Option<(usize, char)> {
        self.0.get(k).map(|&b| (k, char::from(b)))
    }
}

impl Chars for [(usize, char)] {
    fn get(&self, k: usize) -> Option<(usize, char)> {
        <[(usize, char)]>::get(self, k).copied()
    }
}

fn tokens_of(text: &str, chars: &(impl Chars + ?Sized)) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    while let Some((start, c)) = chars.get(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let (kind, next) = if is_unspaced(c) {
            (TokenKind::Word, i + 1)
        } else if c.is_alphabetic() {
            (TokenKind::Word, word_end(chars, i))
        } else if c.is_numeric() {
            (TokenKind::Number, number_end(chars, i))
        } else {
            (TokenKind::Punct, i + 1)
        };
        let end = chars.get(next).map_or(text.len(), |(j, _)| j);
        let shape = if kind == TokenKind::Punct { Shape::default() } else { Shape::of(&text[start..end]) };
        out.push(Token { kind, start, end, shape });
        i = next;
    }
    out
}

/// Whether `c` continues a word: letters, digits and combining marks.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    (c.is_alphanumeric() || is_mark(c)) && !is_unspaced(c)
}

/// Combining marks (Devanagari vowel signs, accents written apart) belong
/// to the word they follow.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0981..=0x0983 | 0x09BC..=0x09CD | 0x0A01..=0x0A4D
        | 0x0B01..=0x0B4D | 0x0BBE..=0x0BCD | 0x0C00..=0x0C4D | 0x0D00..=0x0D4D | 0x200C..=0x200D)
}

/// End (char index) of the word starting at `i`: letters and digits, joined
/// by an apostrophe or hyphen when a letter or digit follows, and the
/// periods of an initialism ("U.S.", "e.g.").
fn word_end(chars: &(impl Chars + ?Sized), i: usize) -> usize {
    let mut j = i + 1;
    let at = |k: usize| chars.at(k);
    loop {
        match at(j) {
            Some(c) if is_word_char(c) => j += 1,
            Some('\'' | '’' | '-' | '‐' | '‑') if at(j + 1).is_some_and(is_word_char) => j += 2,
            Some('.') if at(j - 1).is_some_and(char::is_alphabetic) && single_letter_before(chars, j) => {
                // "U.S." and "e.g.": a lone letter, a period, a lone letter ...
                if at(j + 1).is_some_and(char::is_alphabetic) && !at(j + 2).is_some_and(is_word_char) {
                    j += 2;
                } else if j > i + 1 {
                    return j + 1;
                } else {
                    return j;
                }
            }
            _ => return j,
        }
    }
}

/// Whether the char just before index `dot` is a lone letter (no letter or
/// digit before it, or a period).
fn single_letter_before(chars: &(impl Chars + ?Sized), dot: usize) -> bool {
    dot == 0 || dot == 1 || !chars.at(dot - 2).is_some_and(is_word_char)
}

/// End (char index) of the number starting at `i`: digits, inner `.`/`,`
/// followed by a digit, and trailing letters ("31st", "2030s").
fn number_end(chars: &(impl Chars + ?Sized), i: usize) -> usize {
    let mut j = i + 1;
    let at = |k: usize| chars.at(k);
    loop {
        match at(j) {
            Some(c) if c.is_numeric() => j += 1,
            Some('.' | ',') if at(j + 1).is_some_and(char::is_numeric) => j += 2,
            Some(c) if is_word_char(c) => j += 1,
            _ => return j,
        }
    }
}

/// The words of `text` (tokens of kind [`TokenKind::Word`]), as slices.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    tokens(text).into_iter().filter(|t| t.kind == TokenKind::Word).map(move |t| t.text(text))
}

/// Whether `word` starts with a capital letter.
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `word` has two or more letters, all capitals ("NATO", "U.S.").
pub fn is_all_caps(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Whether `word` is written in a script that has capital letters.
pub fn has_case(word: &str) -> bool {
    word.chars().any(|c| c.is_uppercase() || c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn tokens_and_sentences_are_ordered_char_aligned_ranges(text in "(?s).{0,200}") {
            let mut last = 0;
            for t in tokens(&text) {
                prop_assert!(t.start >= last && t.start < t.end && t.end <= text.len());
                prop_assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                last = t.end;
            }
            let mut last = 0;
            for r in sentences(&text) {
                prop_assert!(r.start >= last && r.start < r.end && text.get(r.clone()).is_some());
                last = r.end;
            }
        }

        #[test]
        fn ascii_and_decoded_tokenising_agree(text in "[ -~]{0,120}") {
            let decoded: Vec<(usize, char)> = text.char_indices().collect();
            prop_assert_eq!(tokens(&text), tokens_of(&text, &decoded[..]));
        }
    }

    fn texts(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn markdown_becomes_blocks_with_their_kinds() {
        let md = "# Title here\n\nA *short* [paragraph](http://x) with `code`.\n\n- one\n- two\n\n> quoted\n> text\n\n```\nfn x() {}\n```\n\n| a | b |\n|---|---|\n| c | d |\n";
        let b = blocks(md);
        let kinds: Vec<BlockKind> = b.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading(1),
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Quote,
                BlockKind::Code,
                BlockKind::TableCell,
                BlockKind::TableCell,
                BlockKind::TableCell,
                BlockKind::TableCell
            ]
        );
        assert_eq!(b[1].text, "A short paragraph with code.");
        assert_eq!(b[4].text, "quoted text");
    }

    #[test]
    fn loose_list_items_and_nested_lists_are_separate_items() {
        let b = blocks("- first item\n\n  second paragraph\n- outer\n  - inner\n");
        let t: Vec<(&str, BlockKind)> = b.iter().map(|b| (b.text.as_str(), b.kind)).collect();
        assert_eq!(
            t,
            [
                ("first item", BlockKind::ListItem),
                ("second paragraph", BlockKind::ListItem),
                ("outer", BlockKind::ListItem),
                ("inner", BlockKind::ListItem)
            ]
        );
    }

    #[test]
    fn images_and_raw_html_are_not_text() {
        let b = blocks("Text ![alt words](x.png) more.\n\n<div>raw</div>\n");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text, "Text more.");
    }

    #[test]
    fn sentences_split_at_terminators_before_a_capital() {
        assert_eq!(texts("One here. Two there! Three? four."), ["One here.", "Two there!", "Three? four."]);
        assert_eq!(texts("He said: \"Go.\" Then he left."), ["He said: \"Go.\"", "Then he left."]);
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            texts("Dr. Smith met Mr. Jones at Acme Inc. on Monday."),
            ["Dr. Smith met Mr. Jones at Acme Inc. on Monday."]
        );
        assert_eq!(texts("J. K. Rowling wrote it. Then more."), ["J. K. Rowling wrote it.", "Then more."]);
        assert_eq!(texts("The U.S. President spoke."), ["The U.S. President spoke."]);
        assert_eq!(texts("It grew in the U.S. The rest fell."), ["It grew in the U.S.", "The rest fell."]);
    }

    #[test]
    fn wide_terminators_end_sentences_without_spaces() {
        assert_eq!(texts("普京发表讲话。中国回应了。"), ["普京发表讲话。", "中国回应了。"]);
    }

    #[test]
    fn a_period_after_a_non_ascii_space_is_read_whole() {
        assert_eq!(texts("\u{a0}. Next."), [".", "Next."]);
    }

    #[test]
    fn decimals_do_not_end_sentences() {
        assert_eq!(texts("It rose 2.5 percent. Then fell."), ["It rose 2.5 percent.", "Then fell."]);
    }

    #[test]
    fn tokens_keep_initialisms_apostrophes_and_hyphens() {
        let text = "The U.S. and Kremlin’s Moscow-based firm, e.g. x.";
        let words: Vec<&str> = words(text).collect();
        assert_eq!(words, ["The", "U.S.", "and", "Kremlin’s", "Moscow-based", "firm", "e.g.", "x"]);
    }

    #[test]
    fn a_sentence_final_word_keeps_its_period_out() {
        let text = "It is Putin.";
        let toks = tokens(text);
        assert_eq!(toks.last().map(|t| t.text(text)), Some("."));
        assert_eq!(toks[2].text(text), "Putin");
    }

    #[test]
    fn numbers_and_unspaced_scripts_tokenise() {
        let text = "1,000.5 people 31st 普京";
        let toks: Vec<(&str, TokenKind)> = tokens(text).iter().map(|t| (t.text(text), t.kind)).collect();
        assert_eq!(
            toks,
            [
                ("1,000.5", TokenKind::Number),
                ("people", TokenKind::Word),
                ("31st", TokenKind::Number),
                ("普", TokenKind::Word),
                ("京", TokenKind::Word)
            ]
        );
    }

    #[test]
    fn document_sentences_know_their_block_and_tokens() {
        let b = blocks("# Title\n\nOne here. Two there.\n");
        let s: Vec<Sentence<'_>> = document_sentences(&b).collect();
        assert_eq!(s.len(), 3);
        assert_eq!((s[2].block, s[2].kind, s[2].text, s[2].offset), (1, BlockKind::Paragraph, "Two there.", 10));
        assert_eq!(s[2].tokens.len(), 3);
        assert!(s[1].position() < s[2].position());
    }

    #[test]
    fn token_shapes_say_how_words_are_written() {
        let text = "NATO Moscow-based I’m A350 iPhone word";
        let shapes: Vec<Shape> = tokens(text).iter().map(|t| t.shape).collect();
        assert!(shapes[0].has(Shape::ALL_CAPS) && shapes[0].has(Shape::CAPITALISED));
        assert!(shapes[1].has(Shape::HYPHEN) && !shapes[1].has(Shape::ALL_CAPS));
        assert!(shapes[2].has(Shape::APOSTROPHE));
        assert!(shapes[3].has(Shape::DIGIT));
        assert!(shapes[4].has(Shape::HAS_UPPER) && !shapes[4].has(Shape::CAPITALISED));
        assert_eq!(shapes[5], Shape::default());
    }

    #[test]
    fn case_helpers() {
        assert_eq!(lowercase("Abc"), "abc");
        assert!(matches!(lowercase("abc"), std::borrow::Cow::Borrowed(_)));
        assert!(is_capitalised("Путин"));
        assert!(!is_capitalised("iPhone"));
        assert!(is_all_caps("NATO") && is_all_caps("U.S.") && !is_all_caps("A") && !is_all_caps("Nato"));
        assert!(has_case("Abc") && !has_case("普京"));
    }
}
