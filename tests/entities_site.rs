//! Entity and topic pages of a built site, and the links between them and
//! the documents: on the project's example seeds and on configured rules.

mod common;

use std::path::Path;

use common::{OutputText, Project};

fn example_project() -> Project {
    let project = Project::new();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(seeds).unwrap() {
        let entry = entry.unwrap();
        project.seed(&entry.file_name().to_string_lossy(), &std::fs::read_to_string(entry.path()).unwrap());
    }
    project
}

fn read(project: &Project, rel: &str) -> String {
    std::fs::read_to_string(project.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn entity_pages(project: &Project) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(project.path("public/entities"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn example_seeds_get_one_page_per_real_entity_and_none_for_boilerplate() {
    let project = example_project();
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let pages = entity_pages(&project);
    for wanted in [
        "vladimir-putin",
        "sberbank",
        "brics",
        "shanghai-cooperation-organisation",
        "commonwealth-of-independent-states",
        "dmitry-grigorenko",
        "german-gref",
        "china",
        "ukraine",
    ] {
        assert!(pages.contains(&wanted.to_string()), "{wanted} in {pages:?}");
    }
    assert_eq!(pages.iter().filter(|p| p.contains("putin")).count(), 1, "one Putin: {pages:?}");
    for unwanted in ["gate", "credo", "vatican", "department-of-energy", "doe", "disclaimer"] {
        assert!(!pages.iter().any(|p| p == unwanted), "{unwanted} comes only from boilerplate: {pages:?}");
    }

    let putin = read(&project, "public/entities/vladimir-putin/index.html");
    for doc in project.content_files() {
        let slug = doc.trim_end_matches(".md");
        assert!(putin.contains(&format!("href=\"../../{slug}/\"")), "Putin's page links {slug}");
    }
    assert!(putin.contains("<mark>"), "the mention is highlighted");
    assert!(putin.contains("Putin"), "aliases are shown");
}

#[test]
fn document_pages_link_first_mentions_and_list_entities_and_topics() {
    let project = example_project();
    assert!(project.run(&["build"]).status.success());
    let doc = project.content_files().into_iter().find(|f| f.starts_with("putin-orders")).unwrap();
    let page = read(&project, &format!("public/{}/index.html", doc.trim_end_matches(".md")));
    let body = &page[page.find("<div class=\"body\">").unwrap()..page.find("<footer class=\"doc-footer\">").unwrap()];
    assert_eq!(body.matches("href=\"../entities/vladimir-putin/\"").count(), 1, "only the first mention is linked");
    assert!(body.contains("<a class=\"entity\" href=\"../entities/shanghai-cooperation-organisation/\">"));
    let footer = &page[page.find("<footer class=\"doc-footer\">").unwrap()..];
    assert!(footer.contains("Named in this document") && footer.contains("../entities/brics/"));
    assert!(footer.contains("../topics/"), "topics are listed");
    let home = read(&project, "public/index.html");
    assert!(home.contains("entities/vladimir-putin/"), "the brief shows the top entities");
    assert!(home.contains("topics/"), "and the top topics");
}

#[test]
fn configured_alias_kind_and_suppression_win_over_inference() {
    let project = example_project();
    project.write(
        "briefing.toml",
        "[entities]\nsuppress = [\"BRICS\"]\n\n[entities.aliases]\n\"Vladimir Putin\" = [\"VVP\"]\n\n[entities.kinds]\n\"Kremlin\" = \"place\"\n",
    );
    project.seed(
        "extra.md",
        "---\ntitle: A note\n---\n\nVVP spoke again at the Kremlin about technology and the economy of the country.\n",
    );
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let pages = entity_pages(&project);
    assert!(!pages.contains(&"brics".to_string()), "suppressed: {pages:?}");
    assert!(!pages.iter().any(|p| p == "vvp"), "VVP is an alias of Putin: {pages:?}");
    let putin = read(&project, "public/entities/vladimir-putin/index.html");
    assert!(putin.contains("VVP"), "the configured alias is listed and its mention found");
    let kremlin = read(&project, "public/entities/kremlin/index.html");
    assert!(kremlin.contains(">Place<"), "the configured kind wins");
}
