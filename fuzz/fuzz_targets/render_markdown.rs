//! Markdown rendering on any text: no panic, and the HTML can run no
//! script whatever the Markdown holds (raw HTML, links, images, entities).
#![no_main]

use briefing_fuzz::{assert_renders_safely, text_of};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    assert_renders_safely(&text_of(data));
});
