//! Code highlighting with syntect, as CSS classes: one stylesheet serves
//! light and dark mode, and pages load it only when they hold code.

use std::sync::LazyLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix, so highlight classes never clash with the theme's own.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// Where the stylesheet is written, under the output root.
pub const STYLESHEET: &str = "static/highlight.css";

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// `code` as highlighted HTML spans, when `language` is one syntect knows.
pub fn highlight(code: &str, language: &str) -> Option<String> {
    let syntax = SYNTAXES.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator.parse_html_for_line_which_includes_newline(line).ok()?;
    }
    Some(generator.finalize())
}

/// The stylesheet for highlighted code: a light theme, and a dark one under
/// `prefers-color-scheme: dark`, with every colour adjusted until it reads
/// against its background (WCAG AA, contrast 4.5:1).
pub fn stylesheet() -> &'static str {
    static CSS: LazyLock<String> = LazyLock::new(make_stylesheet);
    &CSS
}

fn make_stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut light = themes.themes.get("InspiredGitHub").cloned().unwrap_or_default();
    let mut dark = themes.themes.get("base16-ocean.dark").cloned().unwrap_or_default();
    let light_bg = Color { r: 0xf6, g: 0xf6, b: 0xf3, a: 0xff };
    let dark_bg = Color { r: 0x1d, g: 0x21, b: 0x27, a: 0xff };
    readable(&mut light, light_bg);
    readable(&mut dark, dark_bg);
    let light_css = css_for_theme_with_class_style(&light, CLASS_STYLE).unwrap_or_default();
    let dark_css = css_for_theme_with_class_style(&dark, CLASS_STYLE).unwrap_or_default();
    format!(
        "/* Code highlighting (syntect). Light by default, dark when the reader prefers it. */\n\
         {light_css}\n@media (prefers-color-scheme: dark) {{\n{dark_css}\n}}\n"
    )
}

/// Sets `background` as the theme's background and moves every foreground
/// colour away from it until the pair has a contrast of at least 4.5:1.
fn readable(theme: &mut Theme, background: Color) {
    theme.settings.background = Some(background);
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = with_contrast(*fg, background);
    }
    for item in &mut theme.scopes {
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = with_contrast(*fg, background);
        }
        item.style.background = None;
    }
}

/// `fg`, darkened or lightened (away from `bg`) until it reads on `bg`.
pub fn with_contrast(fg: Color, bg: Color) -> Color {
    let towards_black = luminance(bg) > 0.5;
    let mut color = Color { a: 0xff, ..fg };
    for _ in 0..64 {
        if contrast(color, bg) >= 4.6 {
            break;
        }
        let step = |c: u8| if towards_black { c.saturating_sub(8) } else { c.saturating_add(8) };
        color = Color { r: step(color.r), g: step(color.g), b: step(color.b), a: 0xff };
    }
    color
}

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classed_spans() {
        let html = highlight("fn main() {}\n", "rust").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn highlighted_code_is_escaped() {
        let html = highlight("let s = \"<script>\";\n", "rust").unwrap();
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn stylesheet_has_light_and_dark_rules() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn pale_colours_are_darkened_until_readable() {
        let white = Color { r: 255, g: 255, b: 255, a: 255 };
        let pale = Color { r: 0xcc, g: 0xcc, b: 0xcc, a: 255 };
        assert!(contrast(pale, white) < 4.5);
        assert!(contrast(with_contrast(pale, white), white) >= 4.5);
        let black = Color { r: 0, g: 0, b: 0, a: 255 };
        let dim = Color { r: 0x33, g: 0x33, b: 0x33, a: 255 };
        assert!(contrast(with_contrast(dim, black), black) >= 4.5);
    }
}
