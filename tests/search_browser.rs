//! The search page in headless Chromium (driven by `tests/browser/search.cjs`):
//! typing a query shows the expected document with highlighted hits, the
//! keyboard reaches and opens it, no request leaves the site, and the
//! browser's tokenizer cuts text exactly as the Rust one does.
//!
//! Ignored by default: it needs Node, /usr/bin/chromium and playwright-core
//! (`../shared/tools/install_checkers.sh` installs them). Run it with
//!
//!     cargo test --test search_browser -- --ignored
//!
//! When one of them is missing it says so and passes without checking.

mod common;
mod search_fixture;

use std::path::Path;
use std::process::Command;

use briefing::site::search::tokenize::{Piece, for_each_piece};
use common::OutputText;
use search_fixture::{multilingual_project, slug_of};

/// Exit status of the script when Chromium or playwright-core is missing.
const SKIPPED: i32 = 77;

/// Texts on which the two tokenizers must agree: scripts, folding,
/// normalisation and the edges between runs.
const TOKENIZER_TEXTS: &[&str] = &[
    "Café CRÈME, naïve Zoë! Ångström-Straße o'brien e\u{301}te\u{301}",
    "ＡＩ ﬁnance İstanbul ΣΟΦΟΣ Ὀδυσσεύς",
    "Путин ВСТРЕТИЛСЯ с Ёлкиным; Київ",
    "人工智能AI模型 中 国 コーヒー ひらがな 서울에서 만났다",
    "ภาษาไทย ລາວ ខ្មែរ မြန်မာ किताब مُحَمَّد שָׁלוֹם",
    "2030 5G x a 𠀀𠀁 ①② ",
];

fn rust_pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_piece(text, |piece| match piece {
        Piece::Word { form, .. } => out.push(form.to_string()),
        Piece::Gram(gram) => out.push(format!("~{gram}")),
    });
    out
}

#[test]
#[ignore = "needs Node, headless Chromium and playwright-core; run with --ignored"]
fn typing_a_query_shows_the_document_and_the_keyboard_opens_it() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("SKIP: node is not installed");
        return;
    }
    let project = multilingual_project();
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());

    let case = |query: &str, slug: &str| serde_json::json!({ "query": query, "expect": format!("{slug}/") });
    let spec = serde_json::json!({
        "site": project.path("public"),
        "cases": [
            case("wheat harbour", &slug_of(&project, "grain-exports")),
            case("negotiators inspections", &slug_of(&project, "grain-exports")),
            case("harbo", &slug_of(&project, "grain-exports")), // a word still being typed is completed
            case("языковая модель", &slug_of(&project, "prezident")),
            { "query": "人工智能", "expect": null },
        ],
        "tokens": TOKENIZER_TEXTS.iter().map(|t| serde_json::json!({ "text": t, "pieces": rust_pieces(t) })).collect::<Vec<_>>(),
    });
    let spec_file = project.write("search-spec.json", &spec.to_string());

    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/search.cjs");
    let run = Command::new("node").arg(&script).arg(&spec_file).output().expect("run node");
    let report = format!("{}{}", run.stdout_text(), run.stderr_text());
    match run.status.code() {
        Some(0) => assert!(report.contains("\"first\""), "{report}"),
        Some(SKIPPED) => eprintln!("{report}"),
        _ => panic!("browser search test failed:\n{report}"),
    }
}
