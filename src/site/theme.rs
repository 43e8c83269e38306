//! The theme: Tera templates and static files. The default theme is built
//! into the binary (so `briefing init` projects build at once); a folder
//! `themes/<name>/` replaces it, and a project's own `templates/` and
//! `static/` override single files of whichever theme is used.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Error, Result};

/// Templates every theme must have: one per kind of page.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "document.html",
    "page.html",
    "sources.html",
    "publisher.html",
    "entities.html",
    "entity.html",
    "topics.html",
    "topic.html",
    "stories.html",
    "story.html",
    "timeline.html",
    "timeline_period.html",
    "search.html",
    "404.html",
];

/// The default theme's templates, compiled in.
const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("partials/doc_card.html", include_str!("../../themes/default/templates/partials/doc_card.html")),
    ("partials/doc_item.html", include_str!("../../themes/default/templates/partials/doc_item.html")),
    ("partials/entity_list.html", include_str!("../../themes/default/templates/partials/entity_list.html")),
    ("partials/pagination.html", include_str!("../../themes/default/templates/partials/pagination.html")),
    ("partials/story_card.html", include_str!("../../themes/default/templates/partials/story_card.html")),
    ("partials/facts.html", include_str!("../../themes/default/templates/partials/facts.html")),
    ("partials/timeline_entry.html", include_str!("../../themes/default/templates/partials/timeline_entry.html")),
    ("index.html", include_str!("../../themes/default/templates/index.html")),
    ("document.html", include_str!("../../themes/default/templates/document.html")),
    ("page.html", include_str!("../../themes/default/templates/page.html")),
    ("sources.html", include_str!("../../themes/default/templates/sources.html")),
    ("publisher.html", include_str!("../../themes/default/templates/publisher.html")),
    ("entities.html", include_str!("../../themes/default/templates/entities.html")),
    ("entity.html", include_str!("../../themes/default/templates/entity.html")),
    ("topics.html", include_str!("../../themes/default/templates/topics.html")),
    ("topic.html", include_str!("../../themes/default/templates/topic.html")),
    ("stories.html", include_str!("../../themes/default/templates/stories.html")),
    ("story.html", include_str!("../../themes/default/templates/story.html")),
    ("timeline.html", include_str!("../../themes/default/templates/timeline.html")),
    ("timeline_period.html", include_str!("../../themes/default/templates/timeline_period.html")),
    ("search.html", include_str!("../../themes/default/templates/search.html")),
    ("404.html", include_str!("../../themes/default/templates/404.html")),
];

/// The default theme's static files, compiled in.
const DEFAULT_STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../../themes/default/static/style.css")),
    ("search.js", include_bytes!("../../themes/default/static/search.js")),
];

/// Where a template or static file came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeFile {
    /// Shown to the user: a path, or "built-in default theme: x".
    pub origin: String,
    /// The content.
    pub bytes: Vec<u8>,
}

/// A loaded theme, templates parsed and ready to render.
pub struct Theme {
    tera: tera::Tera,
    templates: BTreeMap<String, ThemeFile>,
    statics: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// Loads the theme `config` names, with the project's overrides. Any
    /// template error fails here, before anything is rendered or written.
    pub fn load(config: &Config) -> Result<Theme> {
        let theme_dir = config.root.join("themes").join(&config.theme);
        let (mut templates, mut statics) = if theme_dir.is_dir() {
            (read_folder(&theme_dir.join("templates"))?, read_folder(&theme_dir.join("static"))?)
        } else if config.theme == "default" {
            (
                embedded(DEFAULT_TEMPLATES.iter().map(|(n, t)| (*n, t.as_bytes()))),
                embedded(DEFAULT_STATIC.iter().copied()),
            )
        } else {
            return Err(Error::Other(format!(
                "theme {:?} not found: there is no folder {}; create it or set theme = \"default\" in briefing.toml",
                config.theme,
                theme_dir.display()
            )));
        };
        templates.extend(read_folder(&config.root.join("templates"))?);
        statics.extend(read_folder(&config.root.join("static"))?);
        Theme::from_files(templates, statics)
    }

    /// A theme from files already in memory.
    pub fn from_files(templates: BTreeMap<String, ThemeFile>, statics: BTreeMap<String, ThemeFile>) -> Result<Theme> {
        if let Some(missing) = REQUIRED_TEMPLATES.iter().find(|t| !templates.contains_key(**t)) {
            return Err(Error::Template {
                template: (*missing).to_string(),
                message: "the theme has no such template; every theme needs one template per kind of page".to_string(),
            });
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let mut sources = Vec::with_capacity(templates.len());
        for (name, file) in &templates {
            let text = std::str::from_utf8(&file.bytes).map_err(|_| Error::Template {
                template: file.origin.clone(),
                message: "is not UTF-8 text".to_string(),
            })?;
            sources.push((name.as_str(), text));
        }
        tera.add_raw_templates(sources).map_err(|e| template_error(&templates, &e))?;
        Ok(Theme { tera, templates, statics })
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String> {
        self.tera.render(template, context).map_err(|e| template_error(&self.templates, &e))
    }

    /// Renders `template` with `context` at the end of `out` (a buffer
    /// reused from page to page saves growing a new one for each).
    pub fn render_to(&self, template: &str, context: &tera::Context, out: &mut Vec<u8>) -> Result<()> {
        self.tera.render_to(template, context, out).map_err(|e| template_error(&self.templates, &e))
    }

    /// Static files, by path under `static/`.
    pub fn statics(&self) -> &BTreeMap<String, ThemeFile> {
        &self.statics
    }

    /// Templates, by name.
    pub fn templates(&self) -> &BTreeMap<String, ThemeFile> {
        &self.templates
    }
}

/// A Tera error as one message naming the template file (Tera's own report
/// gives the template name, line and column, and points at the spot).
fn template_error(templates: &BTreeMap<String, ThemeFile>, error: &tera::Error) -> Error {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    let template = templates
        .iter()
        .find(|(name, _)| message.contains(&format!("{name}:")) || message.contains(&format!("`{name}`")))
        .map_or_else(|| "(theme)".to_string(), |(_, file)| file.origin.clone());
    Error::Template { template, message }
}

/// Escapes text for HTML exactly as Tera's default does (`&`, `<`, `>`,
/// `"` and `'`), but copies the runs between those bytes whole: Tera's own
/// writes every byte on its own through `dyn Write`, which was a tenth of
/// the time spent rendering.
fn escape_html(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let escaped: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(escaped)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

fn embedded<'a>(files: impl Iterator<Item = (&'a str, &'a [u8])>) -> BTreeMap<String, ThemeFile> {
    files
        .map(|(name, bytes)| {
            (name.to_string(), ThemeFile { origin: format!("built-in default theme: {name}"), bytes: bytes.to_vec() })
        })
        .collect()
}

/// Every file under `dir` by its `/`-separated path (a missing folder is empty).
fn read_folder(dir: &Path) -> Result<BTreeMap<String, ThemeFile>> {
    let mut files = BTreeMap::new();
    if !dir.is_dir() {
        return Ok(files);
    }
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !crate::seed::is_ignored_name(&e.file_name().to_string_lossy()))
    {
        let entry = entry.map_err(|e| {
            let path = e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
            Error::io(&path, "reading", std::io::Error::other(e.to_string()))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path: PathBuf = entry.path().to_path_buf();
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, "reading", e))?;
        files.insert(name, ThemeFile { origin: path.display().to_string(), bytes });
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> ThemeFile {
        ThemeFile { origin: "t".to_string(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn every_default_theme_file_is_compiled_in() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk = read_folder(&dir.join("templates")).unwrap();
        let built_in: Vec<&str> = DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect();
        for name in on_disk.keys() {
            assert!(built_in.contains(&name.as_str()), "{name} is missing from DEFAULT_TEMPLATES");
        }
        let statics = read_folder(&dir.join("static")).unwrap();
        for name in statics.keys() {
            assert!(DEFAULT_STATIC.iter().any(|(n, _)| n == name), "{name} is missing from DEFAULT_STATIC");
        }
    }

    #[test]
    fn built_in_theme_loads() {
        let config = Config::defaults(Path::new("/nonexistent-project"));
        let theme = Theme::load(&config).unwrap();
        assert!(theme.statics().contains_key("style.css"));
    }

    #[test]
    fn missing_template_is_named() {
        let err = Theme::from_files(BTreeMap::new(), BTreeMap::new()).err().unwrap().to_string();
        assert!(err.contains("index.html"), "{err}");
    }

    #[test]
    fn syntax_error_names_the_file_and_line() {
        let mut templates: BTreeMap<String, ThemeFile> =
            REQUIRED_TEMPLATES.iter().map(|n| (n.to_string(), file("ok"))).collect();
        templates.insert(
            "index.html".into(),
            ThemeFile { origin: "themes/x/templates/index.html".into(), bytes: b"line one\n{% if %}\n".to_vec() },
        );
        let err = Theme::from_files(templates, BTreeMap::new()).err().unwrap().to_string();
        assert!(err.contains("themes/x/templates/index.html"), "{err}");
        assert!(err.contains("index.html:2"), "{err}");
    }

    #[test]
    fn escaping_matches_teras_own() {
        for text in ["", "plain", "a & b < c > d \"e\" 'f'", "&&<<", "Путин's “quote” &amp;"] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(teras).unwrap());
        }
    }

    #[test]
    fn render_error_names_the_template_and_line() {
        let mut templates: BTreeMap<String, ThemeFile> =
            REQUIRED_TEMPLATES.iter().map(|n| (n.to_string(), file("ok"))).collect();
        templates.insert(
            "topic.html".into(),
            ThemeFile { origin: "my/topic.html".into(), bytes: b"a\n{{ nope.x }}".to_vec() },
        );
        let theme = Theme::from_files(templates, BTreeMap::new()).unwrap();
        let err = theme.render("topic.html", &tera::Context::new()).unwrap_err().to_string();
        assert!(err.contains("my/topic.html") && err.contains("topic.html:2"), "{err}");
    }
}
