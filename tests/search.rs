//! End to end: the search page and index a build writes, read back in Rust.

mod common;
mod search_fixture;

use std::path::Path;

use briefing::site::search::reader::SearchIndex;
use common::OutputText;
use search_fixture::{multilingual_project, slug_of};

/// The URL of the best result for `query`.
fn first_result(site: &Path, index: &SearchIndex, query: &str) -> String {
    let hits = index.search(query);
    let first = hits.first().unwrap_or_else(|| panic!("no results for {query:?}"));
    SearchIndex::card(site, first.item).unwrap().url
}

#[test]
fn index_files_are_written_and_each_document_is_found_by_its_own_words() {
    let project = multilingual_project();
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let site = project.path("public");
    for file in ["search/index.html", "search/index.json", "search/s/0.bin", "search/i/0.json", "static/search.js"] {
        assert!(site.join(file).is_file(), "{file}");
    }

    let index = SearchIndex::read(&site).unwrap();
    assert!(index.manifest.items >= 3, "three documents, plus the entities and topics they name");
    let grain = format!("{}/", slug_of(&project, "grain-exports"));
    assert_eq!(first_result(&site, &index, "wheat"), grain);
    assert_eq!(first_result(&site, &index, "negotiator inspection"), grain, "other forms of the words");
    assert_eq!(first_result(&site, &index, "языковая модель"), format!("{}/", slug_of(&project, "prezident")));
    let china = first_result(&site, &index, "人工智能");
    assert!(!china.starts_with("grain") && !china.starts_with("prezident"), "{china}");
    assert!(index.search("blockchain").is_empty());
}

#[test]
fn search_page_has_a_labelled_form_and_every_other_page_a_search_box() {
    let project = multilingual_project();
    assert!(project.run(&["build"]).status.success());
    let search = std::fs::read_to_string(project.path("public/search/index.html")).unwrap();
    assert!(search.contains("role=\"search\"") && search.contains("<label for=\"search-q\""), "{search}");
    assert!(search.contains("<noscript>") && search.contains("aria-live=\"polite\""));
    assert!(search.contains("src=\"../static/search.js\""));
    assert!(!search.contains("id=\"site-search-q\""), "no second search box on the search page");

    let home = std::fs::read_to_string(project.path("public/index.html")).unwrap();
    assert!(home.contains("action=\"search/\"") && home.contains("id=\"site-search-q\""));
    let doc =
        std::fs::read_to_string(project.path(&format!("public/{}/index.html", slug_of(&project, "grain")))).unwrap();
    assert!(doc.contains("action=\"../search/\""));
    assert!(!doc.contains("search.js"), "only the search page loads the script");
}

#[test]
fn check_reports_a_damaged_search_index() {
    let project = multilingual_project();
    assert!(project.run(&["build"]).status.success());
    assert!(project.run(&["check"]).status.success());
    std::fs::write(project.path("public/search/s/0.bin"), b"bsi1\x09\x00").unwrap();
    let out = project.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = out.stderr_text();
    assert!(err.contains("s/0.bin") && err.contains("rebuild"), "{err}");
}
