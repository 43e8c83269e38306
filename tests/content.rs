//! End to end: run the `briefing` binary on temporary projects and read
//! what it writes to content/.

mod common;

use common::{OutputText, Project};

const ARTICLE: &str = "Home\nWorld\nBusiness\n\nCity council approves new budget for schools\n\n\
The city council approved a new budget on Monday that gives schools more money for teachers and books.\n\n\
The mayor said the plan would be paid for by savings in other departments over the next three years.\n";

#[test]
fn seeds_become_content_pages_and_rebuild_changes_nothing() {
    let project = Project::new();
    project.seed("a.txt", ARTICLE);
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let pages = project.content_files();
    assert_eq!(pages, ["city-council-approves-new-budget-for-schools.md"]);
    let page = project.read_content(&pages[0]);
    assert!(page.starts_with("+++\ntitle = \"City council approves new budget for schools\"\n"), "{page}");
    assert!(page.contains("source = \"seeds/a.txt\""));
    assert!(page.contains("seed_hash = \"blake3:"));
    assert!(page.contains("The mayor said the plan"));

    let before = project.content_mtimes();
    let again = project.run(&["build"]);
    assert!(again.status.success());
    assert_eq!(project.content_mtimes(), before, "an unchanged rebuild rewrites nothing");
    assert!(again.stdout_text().contains("up to date"), "{}", again.stdout_text());

    project.seed("a.txt", &ARTICLE.replace("Monday", "Tuesday"));
    let changed = project.run(&["build"]);
    assert!(changed.stdout_text().contains("1 cleaned"), "{}", changed.stdout_text());
    assert!(project.read_content(&pages[0]).contains("on Tuesday"));
}

#[test]
fn hand_edited_page_survives_a_changed_seed() {
    let project = Project::new();
    project.seed("a.txt", ARTICLE);
    project.run(&["build"]);
    let file = project.content_files().remove(0);
    let edited = project.read_content(&file).replace("The mayor said", "The mayor (edited) said");
    project.write_content(&file, &edited);

    project.seed("a.txt", &ARTICLE.replace("three years", "four years"));
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(project.read_content(&file), edited);
    assert!(out.stderr_text().contains("edited by hand"), "{}", out.stderr_text());
}

#[test]
fn page_of_a_removed_seed_goes_unless_edited() {
    let project = Project::new();
    project.seed("a.txt", ARTICLE);
    project.seed("b.txt", &ARTICLE.replace("City council approves", "Town board rejects"));
    project.run(&["build"]);
    assert_eq!(project.content_files().len(), 2);
    let kept = project.content_files().into_iter().find(|f| f.starts_with("town")).unwrap();
    let edited = project.read_content(&kept) + "\nMy note.\n";
    project.write_content(&kept, &edited);

    project.remove_seed("a.txt");
    project.remove_seed("b.txt");
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(project.content_files(), std::slice::from_ref(&kept));
    assert_eq!(project.read_content(&kept), edited);
}

#[test]
fn hand_written_page_without_seed_is_kept() {
    let project = Project::new();
    let about = "+++\ntitle = \"About\"\n+++\n\nWe collect reports.\n";
    project.write_content("about.md", about);
    project.seed("a.txt", ARTICLE);
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert_eq!(project.read_content("about.md"), about);
}

#[test]
fn bad_seed_is_reported_and_skipped_while_the_rest_build() {
    let project = Project::new();
    project.seed("good.txt", ARTICLE);
    project.seed_bytes("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00");
    project.seed("broken.md", "---\ntitle: [oops\n---\nbody");
    project.seed("ignored.pdf", "not a source");
    project.seed(".hidden.txt", "hidden");
    let out = project.run(&["build"]);
    assert_eq!(out.status.code(), Some(1), "a skipped seed is an error");
    let err = out.stderr_text();
    assert!(err.contains("binary.txt") && err.contains("binary"), "{err}");
    assert!(err.contains("broken.md:"), "{err}");
    assert!(!err.contains("ignored.pdf") && !err.contains(".hidden"), "{err}");
    assert_eq!(project.content_files(), ["city-council-approves-new-budget-for-schools.md"]);

    let again = project.run(&["build"]);
    assert_eq!(again.status.code(), Some(1), "the problems are reported again");
    assert!(again.stderr_text().contains("binary.txt"), "{}", again.stderr_text());
}

#[test]
fn clean_prints_front_matter_then_markdown() {
    let project = Project::new();
    let path = project.seed("a.txt", ARTICLE);
    let out = project.run(&["clean", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("+++\ntitle = "), "{text}");
    assert!(text.contains("+++\n\nThe city council approved"), "{text}");
    assert!(project.content_files().is_empty(), "clean writes nothing");
}

#[test]
fn usage_errors_exit_2_and_input_errors_exit_1() {
    let project = Project::new();
    assert_eq!(project.run(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(project.run(&["clean"]).status.code(), Some(2));
    let missing = project.run(&["clean", "no-such-file.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(missing.stderr_text().contains("no-such-file.txt"));
}

#[test]
fn bad_config_names_file_line_and_key() {
    let project = Project::new();
    project.write("briefing.toml", "title = \"T\"\nbase_url = \"not a url\"\n");
    let out = project.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let err = out.stderr_text();
    assert!(err.contains("briefing.toml:2:") && err.contains("base_url"), "{err}");
}
