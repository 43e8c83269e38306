//! Front matter at the top of Markdown files: TOML between `+++` lines (what
//! briefing writes) or YAML between `---` lines (what other tools write).

use serde_json::{Map, Value};

/// Which syntax a front matter block is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `+++` ... `+++`
    Toml,
    /// `---` ... `---`
    Yaml,
}

/// A Markdown file cut into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The front matter's syntax.
    pub syntax: Syntax,
    /// The text between the fences.
    pub front: &'a str,
    /// Everything after the closing fence.
    pub body: &'a str,
    /// 1-based line number of the first line of `front` in the file.
    pub first_line: usize,
}

/// A front matter problem at a line of the file (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    /// Line in the whole file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Cuts `text` into front matter and body. `Ok(None)` when the file has no
/// front matter; an error when a block is opened and never closed.
pub fn split(text: &str) -> Result<Option<Split<'_>>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').unwrap_or(text.len());
    let syntax = match text[..first_end].trim_end() {
        "+++" => Syntax::Toml,
        "---" => Syntax::Yaml,
        _ => return Ok(None),
    };
    let fence = if syntax == Syntax::Toml { "+++" } else { "---" };
    let front_start = (first_end + 1).min(text.len());
    let mut offset = front_start;
    for line in text[front_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (syntax == Syntax::Yaml && trimmed == "...") {
            return Ok(Some(Split {
                syntax,
                front: &text[front_start..offset],
                body: &text[offset + line.len()..],
                first_line: 2,
            }));
        }
        offset += line.len();
    }
    Err(FrontMatterError {
        line: 1,
        message: format!("front matter opened with `{fence}` is never closed; add a `{fence}` line after it"),
    })
}

/// The front matter as a JSON object, whatever its syntax. TOML dates become
/// strings (`2025-04-10`), YAML scalars keep their types.
pub fn to_object(split: &Split<'_>) -> Result<Map<String, Value>, FrontMatterError> {
    let value = match split.syntax {
        Syntax::Toml => toml_to_json(split),
        Syntax::Yaml => yaml_to_json(split),
    }?;
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err(FrontMatterError {
            line: split.first_line,
            message: "front matter must be a table of `key = value` lines".to_string(),
        }),
    }
}

fn toml_to_json(split: &Split<'_>) -> Result<Value, FrontMatterError> {
    let table: toml::Table = toml::from_str(split.front).map_err(|e| FrontMatterError {
        line: e.span().map_or(0, |s| split.first_line + crate::error::line_of(split.front, s.start) - 1),
        message: e.message().trim().to_string(),
    })?;
    Ok(toml_value_to_json(toml::Value::Table(table)))
}

fn toml_value_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_value_to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, toml_value_to_json(v))).collect())
        }
    }
}

fn yaml_to_json(split: &Split<'_>) -> Result<Value, FrontMatterError> {
    let docs = yaml_rust2::YamlLoader::load_from_str(split.front).map_err(|e| FrontMatterError {
        line: split.first_line + e.marker().line().saturating_sub(1),
        message: e.info().to_string(),
    })?;
    Ok(docs.into_iter().next().map_or(Value::Null, yaml_value_to_json))
}

fn yaml_value_to_json(value: yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match value {
        Yaml::Real(s) => s.parse::<f64>().map_or(Value::String(s), Value::from),
        Yaml::Integer(i) => Value::from(i),
        Yaml::String(s) => Value::String(s),
        Yaml::Boolean(b) => Value::Bool(b),
        Yaml::Array(items) => Value::Array(items.into_iter().map(yaml_value_to_json).collect()),
        Yaml::Hash(hash) => {
            Value::Object(hash.into_iter().map(|(k, v)| (yaml_key(k), yaml_value_to_json(v))).collect())
        }
        Yaml::Alias(_) | Yaml::Null | Yaml::BadValue => Value::Null,
    }
}

fn yaml_key(key: yaml_rust2::Yaml) -> String {
    match yaml_value_to_json(key) {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

/// The line of `key` in the front matter (for errors about a key's value).
pub fn line_of_key(split: &Split<'_>, key: &str) -> usize {
    split
        .front
        .lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map_or(split.first_line, |i| split.first_line + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_front_matter_is_split_and_parsed() {
        let text = "+++\ntitle = \"A\"\ndate = 2025-04-10\n+++\n\nBody\n";
        let split = split(text).unwrap().unwrap();
        assert_eq!(split.syntax, Syntax::Toml);
        assert_eq!(split.body, "\nBody\n");
        let map = to_object(&split).unwrap();
        assert_eq!(map["title"], "A");
        assert_eq!(map["date"], "2025-04-10");
    }

    #[test]
    fn yaml_front_matter_is_split_and_parsed() {
        let text = "---\ntitle: A title\ntags: [x, y]\ndate: 2024-01-02\n---\nBody";
        let split = split(text).unwrap().unwrap();
        let map = to_object(&split).unwrap();
        assert_eq!(map["title"], "A title");
        assert_eq!(map["tags"][1], "y");
        assert_eq!(map["date"], "2024-01-02");
        assert_eq!(split.body, "Body");
    }

    #[test]
    fn no_front_matter_is_none() {
        assert_eq!(split("# Title\n\ntext").unwrap(), None);
        assert_eq!(split("").unwrap(), None);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_one() {
        let err = split("+++\ntitle = \"x\"\n\nbody").unwrap_err();
        assert_eq!(err.line, 1);
    }

    #[test]
    fn toml_error_line_is_counted_in_the_whole_file() {
        let split = split("+++\ntitle = \"x\"\ndate = = 3\n+++\n").unwrap().unwrap();
        let err = to_object(&split).unwrap_err();
        assert_eq!(err.line, 3, "{err:?}");
    }

    #[test]
    fn yaml_error_line_is_counted_in_the_whole_file() {
        let split = split("---\ntitle: x\nbad: [unclosed\n---\n").unwrap().unwrap();
        let err = to_object(&split).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
    }

    #[test]
    fn key_lines_are_found() {
        let split = split("+++\ntitle = \"x\"\ndate = \"soon\"\n+++\n").unwrap().unwrap();
        assert_eq!(line_of_key(&split, "date"), 3);
    }
}
