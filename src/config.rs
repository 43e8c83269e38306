//! `briefing.toml`: site settings and folder locations, with defaults for
//! everything, and errors that name the file, line and key.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result, line_of};

/// The name of the config file at a project's root.
pub const CONFIG_FILE: &str = "briefing.toml";

/// A project's settings, validated, with every path made absolute.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The project root (the folder that holds `briefing.toml`).
    pub root: PathBuf,
    /// Site title, shown in the header and the feed.
    pub title: String,
    /// One-line description of the collection, shown on the home page.
    pub description: String,
    /// Absolute base URL the site is published at, always ending in `/`.
    pub base_url: String,
    /// BCP 47 language tag of the site (`en`, `de`, `zh-Hant`, ...).
    pub language: String,
    /// Folder of raw source documents.
    pub seeds_dir: PathBuf,
    /// Folder of cleaned Markdown pages.
    pub content_dir: PathBuf,
    /// Folder the static site is written to.
    pub output_dir: PathBuf,
    /// Name of the theme under `themes/`.
    pub theme: String,
}

/// The file as written: every key optional, unknown keys rejected.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Option<String>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    seeds: Option<Spanned<String>>,
    content: Option<Spanned<String>>,
    output: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
}

impl Config {
    /// The settings of a project with no `briefing.toml`.
    pub fn defaults(root: &Path) -> Config {
        Config {
            root: root.to_path_buf(),
            title: "Briefing".to_string(),
            description: "A briefing built from collected sources.".to_string(),
            base_url: "http://localhost:1111/".to_string(),
            language: "en".to_string(),
            seeds_dir: root.join("seeds"),
            content_dir: root.join("content"),
            output_dir: root.join("public"),
            theme: "default".to_string(),
        }
    }

    /// Loads `root/briefing.toml`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Config::parse(root, &path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::defaults(root)),
            Err(e) => Err(Error::io(&path, "reading", e)),
        }
    }

    /// Parses config `text` read from `path` for the project at `root`.
    pub fn parse(root: &Path, path: &Path, text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            config_error(
                path,
                line,
                e.message().trim().to_string(),
                "see the comments in a config made by `briefing init` for every key",
            )
        })?;
        let mut config = Config::defaults(root);
        if let Some(title) = raw.title {
            config.title = title;
        }
        if let Some(description) = raw.description {
            config.description = description;
        }
        if let Some(url) = raw.base_url {
            config.base_url = validate_base_url(path, text, &url)?;
        }
        if let Some(lang) = raw.language {
            config.language = validate_language(path, text, &lang)?;
        }
        let folder = |value: Option<Spanned<String>>, key: &str, default: PathBuf| {
            value.map_or(Ok(default), |v| validate_folder(root, path, text, key, &v))
        };
        config.seeds_dir = folder(raw.seeds, "seeds", config.seeds_dir)?;
        config.content_dir = folder(raw.content, "content", config.content_dir)?;
        config.output_dir = folder(raw.output, "output", config.output_dir)?;
        if let Some(theme) = raw.theme {
            config.theme = validate_theme(path, text, &theme)?;
        }
        check_output_is_separate(&config, path)?;
        Ok(config)
    }

    /// The site's base URL path component (`/` or `/sub/dir/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.find("://").map_or(0, |i| i + 3);
        self.base_url[after_scheme..].find('/').map_or("/", |i| &self.base_url[after_scheme + i..])
    }
}

fn config_error(path: &Path, line: usize, message: String, hint: &str) -> Error {
    Error::Config { path: path.to_path_buf(), line, message, hint: hint.to_string() }
}

fn spanned_error(path: &Path, text: &str, value: &Spanned<String>, key: &str, why: &str, hint: &str) -> Error {
    let line = line_of(text, value.span().start);
    config_error(path, line, format!("bad value for `{key}`: {why}"), hint)
}

fn validate_base_url(path: &Path, text: &str, url: &Spanned<String>) -> Result<String> {
    let value = url.get_ref().trim();
    let scheme_ok = value.starts_with("http://") || value.starts_with("https://");
    let host = value.split("://").nth(1).unwrap_or("");
    if !scheme_ok || host.is_empty() || host.starts_with('/') || value.contains(char::is_whitespace) {
        return Err(spanned_error(
            path,
            text,
            url,
            "base_url",
            &format!("{value:?} is not an absolute http(s) URL"),
            "write it like base_url = \"https://example.org/briefing/\"",
        ));
    }
    Ok(if value.ends_with('/') { value.to_string() } else { format!("{value}/") })
}

fn validate_language(path: &Path, text: &str, lang: &Spanned<String>) -> Result<String> {
    let value = lang.get_ref().trim();
    let mut parts = value.split('-');
    let primary_ok =
        parts.next().is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    let rest_ok = parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if !primary_ok || !rest_ok {
        return Err(spanned_error(
            path,
            text,
            lang,
            "language",
            &format!("{value:?} is not a language tag"),
            "use a BCP 47 tag such as \"en\", \"de\" or \"zh-Hant\"",
        ));
    }
    Ok(value.to_string())
}

fn validate_folder(root: &Path, path: &Path, text: &str, key: &str, value: &Spanned<String>) -> Result<PathBuf> {
    let raw = value.get_ref().trim();
    if raw.is_empty() {
        return Err(spanned_error(
            path,
            text,
            value,
            key,
            "the folder name is empty",
            "give a folder relative to the project root, e.g. \"public\"",
        ));
    }
    let folder = Path::new(raw);
    Ok(if folder.is_absolute() { folder.to_path_buf() } else { root.join(folder) })
}

fn validate_theme(path: &Path, text: &str, theme: &Spanned<String>) -> Result<String> {
    let value = theme.get_ref().trim();
    let ok = !value.is_empty()
        && value.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
        && value != "."
        && value != "..";
    if !ok {
        return Err(spanned_error(
            path,
            text,
            theme,
            "theme",
            &format!("{value:?} is not a theme folder name"),
            "name a folder under themes/, e.g. theme = \"default\"",
        ));
    }
    Ok(value.to_string())
}

/// The output folder is replaced whole on every build, so it must not hold
/// (or be held by) the folders the build reads from.
fn check_output_is_separate(config: &Config, path: &Path) -> Result<()> {
    let out = &config.output_dir;
    for (key, dir) in [("seeds", &config.seeds_dir), ("content", &config.content_dir)] {
        if out == dir || out.starts_with(dir) || dir.starts_with(out) {
            return Err(config_error(
                path,
                0,
                format!("`output` ({}) overlaps `{key}` ({})", out.display(), dir.display()),
                "the output folder is replaced on every build; give it a folder of its own",
            ));
        }
    }
    if out == &config.root || config.root.starts_with(out) {
        return Err(config_error(
            path,
            0,
            format!("`output` ({}) would replace the project itself", out.display()),
            "give the output a folder of its own, e.g. output = \"public\"",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(Path::new("/p"), Path::new("/p/briefing.toml"), text)
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), Config::defaults(Path::new("/p")));
    }

    #[test]
    fn keys_override_defaults_and_paths_are_rooted() {
        let c =
            parse("title = \"T\"\nbase_url = \"https://ex.org/b\"\noutput = \"site\"\nlanguage = \"de\"\n").unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.base_url, "https://ex.org/b/");
        assert_eq!(c.base_path(), "/b/");
        assert_eq!(c.output_dir, Path::new("/p/site"));
        assert_eq!(c.language, "de");
    }

    #[test]
    fn unknown_key_names_line_and_key() {
        let err = parse("title = \"x\"\n\ncolour = \"red\"\n").unwrap_err().to_string();
        assert!(err.starts_with("/p/briefing.toml:3:"), "{err}");
        assert!(err.contains("colour"), "{err}");
    }

    #[test]
    fn bad_base_url_names_line_and_key() {
        let err = parse("title = \"x\"\nbase_url = \"example.org\"\n").unwrap_err().to_string();
        assert!(err.starts_with("/p/briefing.toml:2:"), "{err}");
        assert!(err.contains("base_url"), "{err}");
    }

    #[test]
    fn bad_language_and_wrong_type_are_errors() {
        assert!(parse("language = \"english!\"").unwrap_err().to_string().contains("language"));
        let err = parse("title = 3").unwrap_err().to_string();
        assert!(err.starts_with("/p/briefing.toml:1:"), "{err}");
    }

    #[test]
    fn output_may_not_overlap_inputs() {
        assert!(parse("output = \"seeds\"").is_err());
        assert!(parse("output = \".\"").is_err());
        assert!(parse("output = \"content/site\"").is_err());
    }

    #[test]
    fn base_path_of_root_url_is_slash() {
        let c = parse("base_url = \"https://example.org\"").unwrap();
        assert_eq!(c.base_path(), "/");
    }
}
