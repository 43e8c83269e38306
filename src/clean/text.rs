//! Text dumps (a web page's text, copied): find the article among the
//! navigation, widgets and other stories around it.

use super::corpus::CorpusHints;
use crate::document::Article;

/// The article in a page's text dump.
pub fn clean(text: &str, _hints: &CorpusHints) -> Article {
    let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let title = lines
        .iter()
        .find(|l| l.split_whitespace().count() >= 3)
        .or(lines.first())
        .map_or(String::new(), |l| l.to_string());
    let mut body = String::new();
    for line in lines.iter().skip_while(|l| **l != title).skip(1) {
        if line.eq_ignore_ascii_case("recent stories") {
            break;
        }
        let is_prose = line.split_whitespace().count() >= 10 && line.ends_with(['.', '!', '?', '"', '”', ':']);
        if let Some(item) = line.strip_prefix('•') {
            body.push_str(&format!("- {}\n", item.trim()));
        } else if is_prose {
            body.push_str(&format!("\n{line}\n\n"));
        }
    }
    Article { title, body: body.trim().to_string(), ..Article::default() }
}
