//! Which file a request path names, if any: never anything outside the
//! output folder, whatever the path tries (`..`, `%2e%2e`, backslashes,
//! absolute paths, NUL bytes, symbolic links that lead out).

use std::path::{Path, PathBuf};

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Serve this file.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here, so
    /// that the page's relative links resolve.
    Redirect(String),
    /// Nothing (or nothing allowed) there.
    NotFound,
}

/// Resolves the URL path `request` (query already removed) under `root`,
/// the canonical output folder, for a site served at `base` (`/` or `/sub/`).
pub fn resolve(root: &Path, base: &str, request: &str) -> Resolved {
    let Some(decoded) = percent_decode(request) else { return Resolved::NotFound };
    let Some(rel) =
        decoded.strip_prefix(base).or_else(|| (decoded.as_str() == base.trim_end_matches('/')).then_some(""))
    else {
        return Resolved::NotFound;
    };
    let mut parts = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => return Resolved::NotFound,
            p if p.contains(['\\', '\0', ':']) || p.starts_with('~') => return Resolved::NotFound,
            p => parts.push(p),
        }
    }
    let mut path = root.to_path_buf();
    path.extend(&parts);
    let Ok(real) = path.canonicalize() else { return Resolved::NotFound };
    if !real.starts_with(root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{decoded}/"));
        }
        let index = real.join("index.html");
        return match index.canonicalize() {
            Ok(index) if index.starts_with(root) && index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if real.is_file() { Resolved::File(real) } else { Resolved::NotFound }
}

/// `%xx` escapes decoded; `None` when the result is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("public");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("a/index.html"), "a").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn pages_and_folders_resolve() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/", "/"), Resolved::File(root.join("index.html")));
        assert_eq!(resolve(&root, "/", "/a/"), Resolved::File(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/", "/a"), Resolved::Redirect("/a/".into()));
        assert_eq!(resolve(&root, "/", "/a/index.html"), Resolved::File(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/", "/missing/"), Resolved::NotFound);
    }

    #[test]
    fn traversal_attempts_are_not_found() {
        let (_dir, root) = site();
        for attack in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/a/..%2f..%2fsecret.txt",
            "/..\\secret.txt",
            "/%5c..%5csecret.txt",
            "//etc/passwd",
            "/%00",
            "/C:/Windows",
            "/%ff%fe",
        ] {
            assert!(!matches!(resolve(&root, "/", attack), Resolved::File(p) if !p.starts_with(&root)), "{attack}");
            assert_ne!(
                resolve(&root, "/", attack),
                Resolved::File(root.parent().unwrap().join("secret.txt")),
                "{attack}"
            );
        }
        assert_eq!(resolve(&root, "/", "/%2e%2e/secret.txt"), Resolved::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_not_followed() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        assert_eq!(resolve(&root, "/", "/leak.txt"), Resolved::NotFound);
        assert_eq!(resolve(&root, "/", "/up/secret.txt"), Resolved::NotFound);
    }

    #[test]
    fn site_under_a_base_path() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/brief/", "/brief/a/"), Resolved::File(root.join("a/index.html")));
        assert_eq!(resolve(&root, "/brief/", "/brief"), Resolved::Redirect("/brief/".into()));
        assert_eq!(resolve(&root, "/brief/", "/a/"), Resolved::NotFound);
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(content_type(Path::new("a/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type(Path::new("feed.xml")), "application/xml; charset=utf-8");
        assert_eq!(content_type(Path::new("x.unknown")), "application/octet-stream");
    }
}
