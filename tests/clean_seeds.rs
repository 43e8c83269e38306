//! End to end on the three example seeds: `briefing clean` must find each
//! article's title and publisher, keep every paragraph of the article, and
//! drop the page furniture around it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{OutputText, Project};

fn seed_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds").join(name)
}

/// The page `briefing clean` prints for a seed: front matter and body.
struct Page {
    front: String,
    body: String,
}

impl Page {
    fn of(name: &str) -> Page {
        let out = Command::new(env!("CARGO_BIN_EXE_briefing")).arg("clean").arg(seed_path(name)).output().unwrap();
        assert!(out.status.success(), "{}", out.stderr_text());
        let text = out.stdout_text();
        let (front, body) = text.strip_prefix("+++\n").and_then(|t| t.split_once("+++\n")).expect("front matter");
        Page { front: front.to_string(), body: body.to_string() }
    }

    fn key(&self, key: &str) -> Option<String> {
        let table: toml::Table = toml::from_str(&self.front).unwrap();
        table.get(key).and_then(|v| v.as_str()).map(str::to_string)
    }

    /// The body's text without Markdown markers and escapes, one block per line.
    fn plain_body(&self) -> String {
        self.body
            .lines()
            .map(|l| l.trim_start_matches("## ").trim_start_matches("- ").trim_start_matches("> ").replace('\\', ""))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Asserts that every non-blank line of the seed from the one starting
    /// with `first` to the one starting with `last` is in the body, except
    /// those `skip` names.
    fn keeps_lines(&self, seed: &str, first: &str, last: &str, skip: &[&str]) {
        let text = std::fs::read_to_string(seed_path(seed)).unwrap();
        let lines: Vec<&str> = text.lines().map(|l| l.trim().trim_start_matches("• ")).collect();
        let from = lines.iter().position(|l| l.starts_with(first)).expect("first line in seed");
        let to = lines.iter().position(|l| l.starts_with(last)).expect("last line in seed");
        let body = self.plain_body();
        for line in &lines[from..=to] {
            if line.is_empty() || skip.iter().any(|s| line.starts_with(s)) {
                continue;
            }
            assert!(body.contains(line), "missing from the body: {line}\n\nbody:\n{body}");
        }
    }

    fn drops(&self, furniture: &[&str]) {
        for text in furniture {
            assert!(!self.body.contains(text), "{text:?} survived in the body:\n{}", self.body);
            assert!(!self.front.contains(text), "{text:?} survived in the front matter:\n{}", self.front);
        }
    }
}

/// Furniture that none of the seeds' pages may keep.
const FURNITURE: &[&str] = &[
    "Disclaimer",
    "Comment",
    "0/400",
    "Recent Stories",
    "Get SIGNAL/NOISE",
    "Table of Contents",
    "Toggle",
    "AI-generated summary",
];

#[test]
fn blocktempo_report_keeps_its_article_and_loses_its_widgets() {
    let page = Page::of("000_1d55466371863de7.txt");
    assert_eq!(
        page.key("title").as_deref(),
        Some(
            "Putin orders the development of a “Russia-made autonomous AI model”: the fate of sovereignty will \
             depend on artificial intelligence! Set to reach nationwide widespread adoption by 2030"
        )
    );
    assert_eq!(page.key("publisher").as_deref(), Some("動區BlockTempo"));
    page.keeps_lines(
        "000_1d55466371863de7.txt",
        "Russian President Vladimir Putin held",
        "During the meeting, Russian Deputy Prime Minister",
        &["(Background summary", "(Additional background", "Table of Contents", "Toggle"],
    );
    page.drops(FURNITURE);
    page.drops(&["Background summary", "Additional background", "Gate"]);
}

#[test]
fn blocktempo_contents_entries_become_headings_where_they_recur() {
    let page = Page::of("000_1d55466371863de7.txt");
    for heading in [
        "## AI development is tied to national survival",
        "## Mobilize the whole country to build",
        "## 2030 rollout goal; last year businesses splurged 257 billion rubles",
    ] {
        assert_eq!(page.body.matches(heading).count(), 1, "{heading}\n{}", page.body);
    }
    assert!(page.body.contains("\n- Full-cycle autonomous control:"), "{}", page.body);
    assert!(page.body.contains("\n> “Without exaggeration,"), "{}", page.body);
}

#[test]
fn odaily_flash_keeps_its_sections_and_loses_its_disclaimer() {
    let page = Page::of("002_7e9955b8a1a27a2e.txt");
    assert_eq!(
        page.key("title").as_deref(),
        Some("Putin Says Russia Needs Independent Large Language Models for National Security")
    );
    assert_eq!(page.key("publisher").as_deref(), Some("Odaily"));
    page.keeps_lines("002_7e9955b8a1a27a2e.txt", "Putin: Russia Needs", "Risks: If Russia pairs", &["Odaily"]);
    for heading in ["## Key Point", "## Market Sentiment", "## Ripple Effect", "## Opportunities & Risks"] {
        assert!(page.body.contains(heading), "{heading}\n{}", page.body);
    }
    page.drops(FURNITURE);
    page.drops(&["This content is an AI-generated", "investment advice"]);
}

#[test]
fn signal_noise_brief_is_titled_by_its_lead_and_loses_other_stories() {
    let page = Page::of("004_61d8846292325072.txt");
    assert_eq!(
        page.key("title").as_deref(),
        Some(
            "Russia and China are expanding their technological partnership with a new focus on artificial \
             intelligence development"
        )
    );
    page.keeps_lines(
        "004_61d8846292325072.txt",
        "Russia and China are expanding",
        "The growing technological cooperation",
        &[],
    );
    assert!(page.body.starts_with("\nRussia and China are expanding"), "{}", page.body);
    page.drops(FURNITURE);
    page.drops(&["back\n", "DOE fusion roadmap", "Credo", "Vatican", "Oct 17, 2025"]);
    assert!(!page.front.contains("\ndate ="), "the dates of other stories are not the article's:\n{}", page.front);
}

#[test]
fn building_the_three_seeds_together_gives_the_same_articles() {
    let project = Project::new();
    for name in ["000_1d55466371863de7.txt", "002_7e9955b8a1a27a2e.txt", "004_61d8846292325072.txt"] {
        project.seed(name, &std::fs::read_to_string(seed_path(name)).unwrap());
    }
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let pages: Vec<String> = project.content_files().iter().map(|f| project.read_content(f)).collect();
    assert_eq!(pages.len(), 3);
    for (title, publisher) in [
        ("Putin orders the development of a “Russia-made autonomous AI model”", Some("動區BlockTempo")),
        ("Putin Says Russia Needs Independent Large Language Models for National Security", Some("Odaily")),
        ("Russia and China are expanding their technological partnership", None),
    ] {
        let page = pages.iter().find(|p| p.contains(&format!("title = \"{title}"))).expect(title);
        if let Some(publisher) = publisher {
            assert!(page.contains(&format!("publisher = \"{publisher}\"")), "{page}");
        }
        for furniture in FURNITURE {
            let body = page.rsplit("+++").next().unwrap();
            assert!(!body.contains(furniture), "{furniture:?} survived:\n{page}");
        }
    }
}
