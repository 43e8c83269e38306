//! The text cleaner (and seed decoding) on any bytes: no panic, the page it
//! writes reads back unedited, and the body renders without script.
#![no_main]

use briefing::clean::CorpusHints;
use briefing::seed::{self, SeedFormat};
use briefing_fuzz::{assert_page_round_trips, assert_renders_safely, clean_seed, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = seed::decode(data, SeedFormat::Text);
    let text = text_of(data);
    // A second seed after a form feed gives the corpus hints (lines seen in
    // several seeds) something to work with.
    let (first, second) = text.split_once('\u{c}').unwrap_or((&text, ""));
    let hints = CorpusHints::from_texts([first, second]);
    if let Some(article) = clean_seed("seeds/fuzz.txt", SeedFormat::Text, first, &hints) {
        assert_page_round_trips(&article);
        assert_renders_safely(&article.body);
    }
});
