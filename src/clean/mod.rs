//! Cleaning: one decoded seed in, one [`Article`] out, whatever the format.

pub mod corpus;
pub mod html;
pub mod lang;
pub mod markdown;
pub mod text;

pub use corpus::CorpusHints;

use crate::document::Article;
use crate::seed::{Problem, Seed, SeedFormat};

/// The article in `seed`. Only a Markdown seed with broken front matter
/// fails; every text or HTML seed yields an article (perhaps an empty one).
pub fn clean(seed: &Seed, hints: &CorpusHints) -> Result<Article, Problem> {
    let mut article = match seed.file.format {
        SeedFormat::Text => text::clean(&seed.text, hints),
        SeedFormat::Html => html::clean(&seed.text, hints),
        SeedFormat::Markdown => markdown::clean(&seed.text).map_err(|(line, message)| Problem {
            path: format!("{}:{line}", seed.file.path.display()).into(),
            reason: format!("{message}; fix the front matter, the seed is skipped until then"),
        })?,
    };
    finish(&mut article, &seed.file.name);
    Ok(article)
}

/// Fills what every article needs: a title (the file name when none was
/// found) and the body's language.
fn finish(article: &mut Article, name: &str) {
    article.title = article.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if article.title.is_empty() {
        let stem = name.rsplit('/').next().unwrap_or(name);
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        article.title = stem.replace(['_', '-'], " ").trim().to_string();
    }
    if article.language.is_none() {
        let sample = if article.body.trim().is_empty() { &article.title } else { &article.body };
        article.language = lang::detect(sample).map(str::to_string);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::SeedFile;

    fn seed(name: &str, format: SeedFormat, text: &str) -> Seed {
        Seed {
            file: SeedFile { path: name.into(), name: name.to_string(), format },
            text: text.to_string(),
            hash: String::new(),
        }
    }

    #[test]
    fn untitled_seed_is_named_after_its_file() {
        let a = clean(&seed("dir/my_notes-1.md", SeedFormat::Markdown, "Just text."), &CorpusHints::default()).unwrap();
        assert_eq!(a.title, "my notes 1");
    }

    #[test]
    fn language_is_detected_from_the_body() {
        let text = "---\ntitle: T\n---\nLe gouvernement a annoncé lundi un nouveau plan pour les écoles et les hôpitaux du pays.";
        let a = clean(&seed("a.md", SeedFormat::Markdown, text), &CorpusHints::default()).unwrap();
        assert_eq!(a.language.as_deref(), Some("fr"));
    }

    #[test]
    fn broken_markdown_front_matter_is_a_problem_naming_the_file() {
        let err =
            clean(&seed("bad.md", SeedFormat::Markdown, "+++\ntitle = \n+++\n"), &CorpusHints::default()).unwrap_err();
        assert!(err.path.display().to_string().starts_with("bad.md:"), "{err}");
    }
}
