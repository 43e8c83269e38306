//! Each document's summary sentences, for measuring the summariser on a
//! project that has been built once (its `content/` is read; nothing is
//! written).
//!
//!     cargo bench --bench summaries -- PROJECT_DIR > summaries.jsonl
//!
//! Prints one JSON object per document: `{"slug", "sentences", "body"}`,
//! the sentences as the summary shows them (front matter aside), the body
//! as the summariser read it.

mod common;

use briefing::analyze;
use rayon::prelude::*;

fn main() -> briefing::Result<()> {
    let (config, documents) = common::built_project("summaries")?;
    let reader = analyze::Reader::new(&config.analysis);
    let lines: Vec<String> = documents
        .par_iter()
        .map(|doc| {
            let sentences = reader.read(doc).summary.sentences;
            serde_json::json!({ "slug": doc.slug, "sentences": sentences, "body": &*doc.body }).to_string()
        })
        .collect();
    for line in lines {
        println!("{line}");
    }
    Ok(())
}
