//! `briefing entities FILE...`: the entities of some files, cleaned as a
//! build cleans them and analysed as one corpus, as JSON Lines or a table.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::analyze::{self, Analysis, EntityKind};
use crate::clean::{self, CorpusHints};
use crate::config::AnalysisConfig;
use crate::content::page::generated_document;
use crate::document::Document;
use crate::seed::{self, Problem, Seed, SeedFile, SeedFormat};

/// One entity as a file uses it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileEntity {
    /// The entity's name across the corpus.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// The names this file uses for it, most used first.
    pub aliases: Vec<String>,
    /// How many times this file names it.
    pub mentions: usize,
}

/// The entities of one file, most mentioned first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileEntities {
    /// The path as given.
    pub file: String,
    /// Its entities.
    pub entities: Vec<FileEntity>,
}

/// What `briefing entities` found: per readable file, in the order given,
/// and the files that could not be used.
#[derive(Debug, Clone, Default)]
pub struct EntitiesReport {
    /// Files that were read, in the order given.
    pub files: Vec<FileEntities>,
    /// Files that could not be read or cleaned.
    pub problems: Vec<Problem>,
}

/// Reads, cleans and analyses `paths` as one corpus (aliases merge across
/// them), with the rules of `config`.
pub fn entities_of_files(paths: &[PathBuf], config: &AnalysisConfig) -> EntitiesReport {
    let started = Instant::now();
    let files: Vec<SeedFile> = paths.iter().map(|p| seed_file(p)).collect();
    let read: Vec<Result<Seed, Problem>> = files.par_iter().map(seed::read).collect();
    let hints = CorpusHints::from_texts(read.iter().filter_map(|r| r.as_ref().ok()).map(|s| s.text.as_str()));
    let cleaned: Vec<Result<Document, Problem>> = read
        .into_par_iter()
        .enumerate()
        .map(|(i, seed)| {
            let seed = seed?;
            let article = clean::clean(&seed, &hints)?;
            let source = seed.file.path.to_string_lossy();
            Ok(generated_document(&format!("doc-{i}"), &article, &source))
        })
        .collect();
    let mut report = EntitiesReport::default();
    let mut documents = Vec::new();
    let mut given = Vec::new();
    for (path, result) in paths.iter().zip(cleaned) {
        match result {
            Ok(doc) => {
                documents.push(doc);
                given.push(path.to_string_lossy().into_owned());
            }
            Err(problem) => report.problems.push(problem),
        }
    }
    log::debug!("read and clean: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    let started = Instant::now();
    let analysis = analyze::analyze(&documents, config);
    log::debug!("analyze: {:.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    report.files = given.into_iter().enumerate().map(|(doc, file)| file_entities(&analysis, doc, file)).collect();
    report
}

fn seed_file(path: &Path) -> SeedFile {
    SeedFile {
        path: path.to_path_buf(),
        name: path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        format: SeedFormat::from_path(path).unwrap_or(SeedFormat::Text),
    }
}

fn file_entities(analysis: &Analysis, doc: usize, file: String) -> FileEntities {
    let entities = analysis.docs[doc]
        .entities
        .iter()
        .map(|(e, surfaces)| {
            let entity = &analysis.entities[*e];
            let mentions = entity.mentions.iter().find(|m| m.doc == doc).map_or(0, |m| m.count);
            FileEntity {
                name: entity.name.clone(),
                kind: entity.kind,
                aliases: surfaces.iter().map(|s| s.to_string()).collect(),
                mentions,
            }
        })
        .collect();
    FileEntities { file, entities }
}

impl EntitiesReport {
    /// One JSON object per file, one per line.
    pub fn to_json_lines(&self) -> String {
        let mut out = String::new();
        for file in &self.files {
            // serialising plain strings and numbers cannot fail
            out.push_str(&serde_json::to_string(file).unwrap_or_default());
            out.push('\n');
        }
        out
    }

    /// A table per file: kind, mentions, name and the other names used.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        for file in &self.files {
            out.push_str(&format!("{}\n", file.file));
            if file.entities.is_empty() {
                out.push_str("  (no entities)\n");
            }
            let width = file.entities.iter().map(|e| e.name.chars().count()).max().unwrap_or(0);
            for e in &file.entities {
                let others: Vec<&str> = e.aliases.iter().map(String::as_str).filter(|a| *a != e.name).collect();
                let also = if others.is_empty() { String::new() } else { format!("  (also: {})", others.join(", ")) };
                let kind = format!("{:?}", e.kind).to_lowercase();
                out.push_str(&format!("  {kind:<12} {:>4}  {:<width$}{also}\n", e.mentions, e.name));
            }
            out.push('\n');
        }
        out
    }
}
