//! A temporary project folder and a way to run the binary in it.
#![allow(dead_code)]

pub mod html_safety;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

/// A project in a fresh temporary folder, deleted when dropped.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    pub fn new() -> Project {
        Project { dir: tempfile::tempdir().expect("temporary folder") }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }

    pub fn seed(&self, name: &str, text: &str) -> PathBuf {
        self.write(&format!("seeds/{name}"), text)
    }

    pub fn seed_bytes(&self, name: &str, bytes: &[u8]) -> PathBuf {
        self.write_bytes(&format!("seeds/{name}"), bytes)
    }

    pub fn remove_seed(&self, name: &str) {
        std::fs::remove_file(self.path(&format!("seeds/{name}"))).unwrap();
    }

    pub fn write_content(&self, file: &str, text: &str) {
        self.write(&format!("content/{file}"), text);
    }

    pub fn read_content(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(&format!("content/{file}"))).unwrap()
    }

    /// Names of the Markdown files in content/, sorted.
    pub fn content_files(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.path("content")) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        names
    }

    pub fn content_mtimes(&self) -> Vec<(String, SystemTime)> {
        self.content_files()
            .into_iter()
            .map(|f| {
                let mtime = std::fs::metadata(self.path(&format!("content/{f}"))).unwrap().modified().unwrap();
                (f, mtime)
            })
            .collect()
    }

    /// Runs `briefing -C <root> args...`.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_briefing"))
            .arg("-C")
            .arg(self.root())
            .args(args)
            .output()
            .expect("run briefing")
    }
}

pub trait OutputText {
    fn stderr_text(&self) -> String;
    fn stdout_text(&self) -> String;
}

impl OutputText for Output {
    fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
    fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}
