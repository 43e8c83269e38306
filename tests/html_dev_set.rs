//! The HTML extraction measured on the shared dev set: the scorer
//! (`../shared/tools/score_extraction.py`) runs this build's binary on each
//! saved page and compares the body with the hand-made ground truth.
//!
//! Ignored by default: it needs python3 and `../shared/dev-set` beside the
//! checkout. Run it with
//!
//!     cargo test --release --test html_dev_set -- --ignored

use std::path::Path;
use std::process::Command;

/// The bar for the dev set (trafilatura scores 0.962 on it).
const MIN_F1: f64 = 0.95;

#[test]
#[ignore = "needs python3 and ../shared/dev-set; run with --ignored"]
fn dev_set_html_pages_score_at_least_0_95_f1_with_no_failures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scorer = root.join("../shared/tools/score_extraction.py");
    assert!(scorer.exists(), "the scorer is missing: {}", scorer.display());
    let command = format!("'{}' clean {{input}}", env!("CARGO_BIN_EXE_briefing"));
    let output = Command::new("python3")
        .arg(&scorer)
        .args(["--form", "html", "--bootstrap", "0", &command])
        .current_dir(root)
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "scorer failed:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    let summary = stdout.lines().last().unwrap_or_default();
    let figure = |name: &str| -> f64 {
        let mut words = summary.split_whitespace();
        words.by_ref().find(|w| *w == name);
        words.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("no {name} in {summary:?}"))
    };
    assert!(figure("F1") >= MIN_F1, "{summary}");
    assert_eq!(figure("fail"), 0.0, "{summary}");
    assert_eq!(figure("empty"), 0.0, "{summary}");
}
