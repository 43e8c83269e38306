//! HTML extraction (and seed decoding) on any bytes: no panic, the page it
//! writes reads back unedited, and the body renders without script.
#![no_main]

use briefing::clean::CorpusHints;
use briefing::seed::{self, SeedFormat};
use briefing_fuzz::{assert_page_round_trips, assert_renders_safely, clean_seed, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = seed::decode(data, SeedFormat::Html);
    let html = text_of(data);
    if let Some(article) = clean_seed("seeds/fuzz.html", SeedFormat::Html, &html, &CorpusHints::default()) {
        assert_page_round_trips(&article);
        assert_renders_safely(&article.body);
    }
});
