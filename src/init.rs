//! `briefing init DIR`: a new project that builds at once.

use std::path::Path;

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};

/// The config a new project starts with: every key, commented.
pub const STARTER_CONFIG: &str = r#"# briefing.toml: settings of this briefing. Every key is optional.

# Shown in the header, the home page and the feed.
title = "Briefing"
description = "A briefing built from collected sources."

# Where the site will be published; used for the feed, the sitemap and
# canonical links. In-site links are relative and work under any address.
base_url = "http://localhost:1111/"

# Language of the site (a BCP 47 tag such as "en", "de" or "zh-Hant").
language = "en"

# Folders, relative to this file.
seeds = "seeds"        # raw sources: .txt, .md, .html
content = "content"    # cleaned Markdown pages; edit them freely
output = "public"      # the built site, replaced whole on every build
theme = "default"      # built in; or a folder under themes/
"#;

const STARTER_README: &str = "# Briefing\n\n\
Put the articles you collect in `seeds/` (text copied from web pages, saved \
`.html` pages or Markdown files), then run `briefing build` and open \
`public/index.html`, or run `briefing serve` to preview with live reload.\n";

const STARTER_GITIGNORE: &str = "/public\n/.briefing\n";

/// Creates a project in `dir` (which must not exist or be empty).
pub fn init(dir: &Path) -> Result<()> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Error::Other(format!("{} already holds a briefing project ({CONFIG_FILE})", dir.display())));
    }
    if dir.is_dir() && std::fs::read_dir(dir).map_err(|e| Error::io(dir, "reading", e))?.next().is_some() {
        return Err(Error::Other(format!(
            "{} is not empty; give a new folder, or add a {CONFIG_FILE} to this one by hand",
            dir.display()
        )));
    }
    for folder in ["seeds", "content"] {
        let path = dir.join(folder);
        std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, "creating folder", e))?;
    }
    for (name, text) in
        [(CONFIG_FILE, STARTER_CONFIG), ("README.md", STARTER_README), (".gitignore", STARTER_GITIGNORE)]
    {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| Error::io(&path, "writing", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn starter_config_parses_to_the_defaults() {
        let root = Path::new("/p");
        let parsed = Config::parse(root, &root.join(CONFIG_FILE), STARTER_CONFIG).unwrap();
        assert_eq!(parsed, Config::defaults(root));
    }

    #[test]
    fn init_refuses_a_folder_with_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x"), "").unwrap();
        assert!(init(dir.path()).is_err());
        let fresh = dir.path().join("new");
        init(&fresh).unwrap();
        assert!(fresh.join("seeds").is_dir() && fresh.join(CONFIG_FILE).is_file());
        assert!(init(&fresh).is_err());
    }
}
