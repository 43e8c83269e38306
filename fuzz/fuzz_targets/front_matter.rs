//! Front matter on any text, as a content page and as a Markdown seed: no
//! panic; a Markdown seed's page reads back unedited.
#![no_main]

use briefing::clean::CorpusHints;
use briefing::content::{frontmatter, page};
use briefing::seed::SeedFormat;
use briefing_fuzz::{assert_page_round_trips, clean_seed, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = text_of(data);
    if let Ok(Some(split)) = frontmatter::split(&text) {
        let _ = frontmatter::to_object(&split);
    }
    let _ = page::parse("notes/fuzz.md", &text);
    if let Some(article) = clean_seed("seeds/fuzz.md", SeedFormat::Markdown, &text, &CorpusHints::default()) {
        assert_page_round_trips(&article);
    }
});
