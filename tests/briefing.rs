//! End to end on the three example seeds: the pages that make the site a
//! briefing (stories, timeline, summaries) built by the binary.

mod common;

use std::path::Path;

use common::{OutputText, Project};

/// A project holding the example seeds, built once.
fn built_example() -> Project {
    let project = Project::new();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    for entry in std::fs::read_dir(seeds).unwrap() {
        let entry = entry.unwrap();
        project.seed_bytes(&entry.file_name().to_string_lossy(), &std::fs::read(entry.path()).unwrap());
    }
    project.write("briefing.toml", "title = \"AI sovereignty\"\nbase_url = \"https://example.org/\"\n");
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    project
}

/// The slug of the document made from the seed whose name starts with `prefix`.
fn slug_of_seed(project: &Project, prefix: &str) -> String {
    let source = format!("source = \"seeds/{prefix}");
    let file = project.content_files().into_iter().find(|f| project.read_content(f).contains(&source));
    file.unwrap_or_else(|| panic!("no content page from seed {prefix}")).trim_end_matches(".md").to_string()
}

fn read(project: &Project, rel: &str) -> String {
    std::fs::read_to_string(project.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The part of `html` from `start` to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("no {start}"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The story pages written (their folders under public/stories/).
fn story_pages(project: &Project) -> Vec<String> {
    let dir = project.path("public/stories");
    let mut pages: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| read(project, &format!("public/stories/{}/index.html", e.file_name().to_string_lossy())))
        .collect();
    pages.sort();
    pages
}

#[test]
fn the_two_reports_of_the_april_meeting_form_one_story_and_the_china_report_stays_out() {
    let project = built_example();
    let (meeting, second, china) =
        (slug_of_seed(&project, "000_"), slug_of_seed(&project, "002_"), slug_of_seed(&project, "004_"));
    let links = |html: &str, slug: &str| html.contains(&format!("href=\"../../{slug}/\""));

    let stories = story_pages(&project);
    assert_eq!(stories.len(), 1, "one story");
    let reports = between(&stories[0], "class=\"report-list\"", "</ol>");
    assert!(links(reports, &meeting) && links(reports, &second), "{reports}");
    assert!(!links(&stories[0], &china), "the China report is no report of the meeting");
    assert!(stories[0].contains("What the reports share"));

    let index = read(&project, "public/stories/index.html");
    assert_eq!(index.matches("class=\"story-card\"").count(), 1);
    let doc = read(&project, &format!("public/{meeting}/index.html"));
    assert!(doc.contains("Part of a story") && doc.contains(&format!("href=\"../{second}/\"")));
    assert!(!read(&project, &format!("public/{china}/index.html")).contains("Part of a story"));
}

#[test]
fn the_timeline_lists_dates_in_order_with_precision_and_marks_the_2030_goal_ahead() {
    let project = built_example();
    let timeline = read(&project, "public/timeline/index.html");
    let events: Vec<&str> = timeline.split("<li class=\"event").skip(1).collect();
    assert!(events.len() >= 3, "{timeline}");
    let dates: Vec<&str> = events.iter().map(|e| between(e, "datetime=\"", "\">")).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "in date order");
    let goal = events.iter().find(|e| e.contains("datetime=\"2030\"")).expect("the 2030 goal");
    assert!(goal.starts_with(" future") && goal.contains("to the year"), "{goal}");
    assert!(events.iter().any(|e| e.contains("to the day")), "a date known to the day");
    for e in &events {
        assert!(e.contains("<mark>") && e.contains("href=\"../"), "sentence and document: {e}");
    }
    for page in ["index.html", "stories/index.html", "timeline/index.html"] {
        let html = read(&project, &format!("public/{page}"));
        let nav = between(&html, "<nav", "</nav>");
        assert!(nav.contains("stories/\"") && nav.contains("timeline/\""), "{page} nav: {nav}");
    }
}

#[test]
fn summaries_are_sentences_of_the_document_shown_in_listings_and_the_feed() {
    let project = built_example();
    let home = read(&project, "public/index.html");
    let feed = read(&project, "public/feed.xml");
    for file in project.content_files() {
        let slug = file.trim_end_matches(".md");
        let body = project.read_content(&file);
        let latest = between(&home, "class=\"latest\"", "</section>");
        let card = between(latest, &format!("href=\"{slug}/\""), "</article>");
        let summary = between(card, "<p class=\"summary\">", "</p>").trim_start_matches("<p class=\"summary\">");
        assert!(!summary.is_empty(), "{slug} has a summary on the home page");
        let entry = between(&feed, &format!("<id>https://example.org/{slug}/</id>"), "</entry>");
        assert!(entry.contains("<summary>"), "{slug} feed entry: {entry}");
        let first = summary.split(". ").next().unwrap().replace("&#x27;", "'").replace("&quot;", "\"");
        assert!(body.contains(first.trim_end_matches('.')), "{slug}: {first:?} is from the body");
    }
}

#[test]
fn a_summary_in_the_front_matter_wins_everywhere() {
    let project = built_example();
    let file = format!("{}.md", slug_of_seed(&project, "004_"));
    let page = project.read_content(&file).replacen("+++\n", "+++\nsummary = \"Hand-written summary.\"\n", 1);
    project.write_content(&file, &page);
    let out = project.run(&["build"]);
    assert!(out.status.success(), "{}", out.stderr_text());
    assert!(read(&project, "public/index.html").contains("<p class=\"summary\">Hand-written summary.</p>"));
    assert!(read(&project, "public/feed.xml").contains("<summary>Hand-written summary.</summary>"));
}
