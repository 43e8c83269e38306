//! `briefing.toml`: site settings and folder locations, with defaults for
//! everything, and errors that name the file, line and key.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::analyze::EntityKind;
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
    /// Rules for entities and topics (`[entities]`, `[topics]`).
    pub analysis: AnalysisConfig,
}

/// What `briefing.toml` says about the analysis; it wins over inference.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct AnalysisConfig {
    /// `[entities]`: names to suppress, aliases to join, kinds to fix.
    pub entities: EntityRules,
    /// `[topics]`: topics defined by name and keywords.
    pub topics: Vec<TopicRule>,
}

/// The `[entities]` table.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct EntityRules {
    /// Names that are never entities (`suppress = ["Gate"]`).
    pub suppress: Vec<String>,
    /// An entity's name and other names it goes by (`[entities.aliases]`,
    /// `"Vladimir Putin" = ["Putin", "VVP"]`); found wherever written.
    pub aliases: Vec<(String, Vec<String>)>,
    /// Kinds that win over the inferred ones (`[entities.kinds]`,
    /// `"Kremlin" = "organization"`).
    pub kinds: Vec<(String, EntityKind)>,
}

impl EntityRules {
    /// Every name the rules mention, as written, except suppressed ones:
    /// the extraction looks for these in any case and script.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .aliases
            .iter()
            .flat_map(|(name, aliases)| std::iter::once(name).chain(aliases))
            .chain(self.kinds.iter().map(|(name, _)| name))
            .cloned()
            .collect();
        names.sort();
        names.dedup();
        names
    }
}

/// One topic of the `[topics]` table: `"Artificial intelligence" = ["AI",
/// "machine learning"]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicRule {
    /// The topic's name.
    pub name: String,
    /// Words or phrases that put a document in the topic (matched on word
    /// stems, case-insensitive); the name itself is one.
    pub keywords: Vec<String>,
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
    entities: Option<RawEntities>,
    topics: Option<BTreeMap<String, Spanned<Vec<Spanned<String>>>>>,
}

/// The `[entities]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntities {
    suppress: Option<Vec<Spanned<String>>>,
    aliases: Option<BTreeMap<String, Spanned<Vec<Spanned<String>>>>>,
    kinds: Option<BTreeMap<String, Spanned<String>>>,
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
            analysis: AnalysisConfig::default(),
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
        if let Some(entities) = raw.entities {
            config.analysis.entities = validate_entities(path, text, entities)?;
        }
        if let Some(topics) = raw.topics {
            config.analysis.topics = validate_topics(path, text, topics)?;
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
    Ok(normalise(&if folder.is_absolute() { folder.to_path_buf() } else { root.join(folder) }))
}

/// `path` with `.` and `..` worked out by name (`a/x/../b` is `a/b`), so
/// that folders can be compared.
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Where `path` really is: its longest existing ancestor with symbolic
/// links resolved, and the rest as written.
fn real_location(path: &Path) -> PathBuf {
    let mut existing = path;
    let mut rest = Vec::new();
    while existing.canonicalize().is_err() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else { return path.to_path_buf() };
        rest.push(name);
        existing = parent;
    }
    let mut real = existing.canonicalize().unwrap_or_else(|_| existing.to_path_buf());
    real.extend(rest.iter().rev());
    real
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

/// A name in `[entities]` or `[topics]`: trimmed, not empty.
fn validate_name(path: &Path, text: &str, value: &Spanned<String>, key: &str) -> Result<String> {
    let name = value.get_ref().split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(spanned_error(
            path,
            text,
            value,
            key,
            "the name is empty",
            "write the name as it appears in the text",
        ));
    }
    Ok(name)
}

/// A table key (entity or topic name) must not be empty either; its line
/// is that of its value.
fn validate_table_key<T>(path: &Path, text: &str, name: &str, value: &Spanned<T>, table: &str) -> Result<String> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        let line = line_of(text, value.span().start);
        return Err(config_error(
            path,
            line,
            format!("an empty name in `{table}`"),
            "give the name as it appears in the text",
        ));
    }
    Ok(name)
}

fn validate_entities(path: &Path, text: &str, raw: RawEntities) -> Result<EntityRules> {
    let mut rules = EntityRules::default();
    for value in raw.suppress.unwrap_or_default() {
        rules.suppress.push(validate_name(path, text, &value, "entities.suppress")?);
    }
    // which entity each name already belongs to, to catch one alias under two
    let mut owner: HashMap<String, String> = HashMap::new();
    for (name, aliases) in raw.aliases.unwrap_or_default() {
        let name = validate_table_key(path, text, &name, &aliases, "entities.aliases")?;
        let key = format!("entities.aliases.\"{name}\"");
        let mut list = Vec::new();
        for alias in aliases.get_ref() {
            let alias = validate_name(path, text, alias, &key)?;
            let folded = alias.to_lowercase();
            if let Some(other) = owner.get(&folded).filter(|o| **o != name) {
                return Err(config_error(
                    path,
                    line_of(text, aliases.span().start),
                    format!("bad value for `{key}`: \"{alias}\" is already an alias of \"{other}\""),
                    "a name can belong to one entity only; remove it from one of the lists",
                ));
            }
            owner.insert(folded, name.clone());
            list.push(alias);
        }
        if let Some(suppressed) = rules.suppress.iter().find(|s| list.contains(s) || **s == name) {
            return Err(config_error(
                path,
                line_of(text, aliases.span().start),
                format!("bad value for `{key}`: \"{suppressed}\" is also in `entities.suppress`"),
                "a name cannot be both suppressed and an alias; remove it from one",
            ));
        }
        rules.aliases.push((name, list));
    }
    for (name, kind) in raw.kinds.unwrap_or_default() {
        let name = validate_table_key(path, text, &name, &kind, "entities.kinds")?;
        let key = format!("entities.kinds.\"{name}\"");
        let parsed = match kind.get_ref().trim().to_lowercase().as_str() {
            "person" => EntityKind::Person,
            "organization" | "organisation" => EntityKind::Organization,
            "place" => EntityKind::Place,
            "other" => EntityKind::Other,
            other => {
                return Err(spanned_error(
                    path,
                    text,
                    &kind,
                    &key,
                    &format!("{other:?} is not a kind"),
                    "use one of \"person\", \"organization\", \"place\" or \"other\"",
                ));
            }
        };
        rules.kinds.push((name, parsed));
    }
    Ok(rules)
}

fn validate_topics(
    path: &Path,
    text: &str,
    raw: BTreeMap<String, Spanned<Vec<Spanned<String>>>>,
) -> Result<Vec<TopicRule>> {
    let mut topics = Vec::new();
    for (name, keywords) in raw {
        let name = validate_table_key(path, text, &name, &keywords, "topics")?;
        let key = format!("topics.\"{name}\"");
        let mut list = Vec::new();
        for keyword in keywords.get_ref() {
            list.push(validate_name(path, text, keyword, &key)?);
        }
        topics.push(TopicRule { name, keywords: list });
    }
    Ok(topics)
}

/// The output folder is replaced whole on every build, so it must not hold
/// (or be held by) the folders the build reads from.
fn check_output_is_separate(config: &Config, path: &Path) -> Result<()> {
    let out = &real_location(&config.output_dir);
    let project_files = ["templates", "static", "themes", crate::pipeline::state::CACHE_DIR, CONFIG_FILE];
    let inputs = [("seeds", config.seeds_dir.clone()), ("content", config.content_dir.clone())]
        .into_iter()
        .chain(project_files.into_iter().map(|name| (name, config.root.join(name))));
    for (key, dir) in inputs {
        let dir = &real_location(&dir);
        if out == dir || out.starts_with(dir) || dir.starts_with(out) {
            return Err(config_error(
                path,
                0,
                format!("`output` ({}) overlaps `{key}` ({})", out.display(), dir.display()),
                "the output folder is replaced on every build; give it a folder of its own",
            ));
        }
    }
    let root = real_location(&config.root);
    if out == &root || root.starts_with(out) {
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
        assert!(parse("output = \"x/../content\"").is_err());
        assert!(parse("output = \"./seeds/\"").is_err());
        assert!(parse("output = \"static\"").is_err());
        assert!(parse("output = \"templates\"").is_err());
        assert!(parse("output = \".briefing\"").is_err());
        assert!(parse("output = \"site/../public\"").is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn output_through_a_symbolic_link_to_content_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("content"), dir.path().join("site")).unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "output = \"site\"\n").unwrap();
        let err = Config::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("overlaps `content`"), "{err}");
    }

    #[test]
    fn entity_and_topic_tables_are_read() {
        let c = parse(
            "[entities]\nsuppress = [\"Gate\"]\n[entities.aliases]\n\"Vladimir Putin\" = [\"Putin\", \"VVP\"]\n\
             [entities.kinds]\nKremlin = \"organisation\"\n[topics]\n\"Artificial intelligence\" = [\"AI\", \"machine learning\"]\n",
        )
        .unwrap();
        let rules = &c.analysis.entities;
        assert_eq!(rules.suppress, ["Gate"]);
        assert_eq!(rules.aliases, [("Vladimir Putin".to_string(), vec!["Putin".to_string(), "VVP".to_string()])]);
        assert_eq!(rules.kinds, [("Kremlin".to_string(), EntityKind::Organization)]);
        assert_eq!(rules.names(), ["Kremlin", "Putin", "VVP", "Vladimir Putin"]);
        assert_eq!(c.analysis.topics[0].name, "Artificial intelligence");
        assert_eq!(c.analysis.topics[0].keywords, ["AI", "machine learning"]);
    }

    #[test]
    fn unknown_entity_key_names_line_and_key() {
        let err = parse("title = \"x\"\n[entities]\nsupress = [\"Gate\"]\n").unwrap_err().to_string();
        assert!(err.starts_with("/p/briefing.toml:3:"), "{err}");
        assert!(err.contains("supress"), "{err}");
    }

    #[test]
    fn bad_kind_names_line_and_key() {
        let err = parse("[entities.kinds]\nGate = \"organization\"\nCredo = \"company\"\n").unwrap_err().to_string();
        assert!(err.starts_with("/p/briefing.toml:3:"), "{err}");
        assert!(err.contains("entities.kinds.\"Credo\""), "{err}");
        assert!(err.contains("person"), "{err}");
    }

    #[test]
    fn an_alias_of_two_entities_or_suppressed_is_an_error() {
        let err = parse("[entities.aliases]\nA = [\"X\"]\nB = [\"x\"]\n").unwrap_err().to_string();
        assert!(err.starts_with("/p/briefing.toml:3:") && err.contains("already an alias"), "{err}");
        let err = parse("[entities]\nsuppress = [\"X\"]\n[entities.aliases]\nA = [\"X\"]\n").unwrap_err().to_string();
        assert!(err.contains("suppress"), "{err}");
    }

    #[test]
    fn empty_names_and_keywords_are_errors() {
        let err = parse("[topics]\nAI = [\"\"]\n").unwrap_err().to_string();
        assert!(err.starts_with("/p/briefing.toml:2:") && err.contains("topics.\"AI\""), "{err}");
        let err = parse("[entities]\nsuppress = [\" \"]\n").unwrap_err().to_string();
        assert!(err.contains("entities.suppress"), "{err}");
    }

    #[test]
    fn base_path_of_root_url_is_slash() {
        let c = parse("base_url = \"https://example.org\"").unwrap();
        assert_eq!(c.base_path(), "/");
    }
}
