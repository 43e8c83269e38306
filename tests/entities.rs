//! End to end: `briefing entities` on small corpora written here, as JSON
//! Lines and as a table, with and without `[entities]` rules.

mod common;

use common::{OutputText, Project};
use serde_json::Value;

const SUMMIT: &str = "---\ntitle: Leaders meet in Moscow\n---\n\
Russian President Vladimir Putin met leaders of the Shanghai Cooperation Organisation (SCO) in Moscow on Monday. \
Putin said the bloc would deepen trade.\n\n\
The talks were held at the Kremlin, and Putin thanked the hosts.\n";

const FOLLOW_UP: &str = "---\ntitle: After the summit\n---\n\
The SCO agreed on a new fund, officials said on Tuesday. \
Analysts in Moscow expect Putin to announce the details next month.\n";

const BANK: &str = "---\ntitle: Bank plans\n---\n\
Sberbank CEO German Gref said the bank would build its own models. \
Gref told reporters that Vladimir Putin backed the plan.\n";

/// The JSON object printed for each file, in order.
fn lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect()
}

/// The entity named `name` in one file's object.
fn entity<'a>(file: &'a Value, name: &str) -> Option<&'a Value> {
    file["entities"].as_array()?.iter().find(|e| e["name"] == name)
}

fn aliases(entity: &Value) -> Vec<&str> {
    entity["aliases"].as_array().map_or(Vec::new(), |a| a.iter().filter_map(Value::as_str).collect())
}

fn corpus(project: &Project) -> Vec<String> {
    ["summit.md", "follow-up.md", "bank.md"]
        .iter()
        .zip([SUMMIT, FOLLOW_UP, BANK])
        .map(|(name, text)| project.write(name, text).to_string_lossy().into_owned())
        .collect()
}

#[test]
fn files_are_one_corpus_and_each_gets_a_line_in_order() {
    let project = Project::new();
    let files = corpus(&project);
    let mut args = vec!["entities", "--json"];
    args.extend(files.iter().map(String::as_str));
    let out = project.run(&args);
    assert!(out.status.success(), "{}", out.stderr_text());
    let objects = lines(&out.stdout_text());
    assert_eq!(objects.len(), 3);
    for (object, file) in objects.iter().zip(&files) {
        assert_eq!(object["file"], file.as_str());
    }

    // one person named three ways, in every file
    for object in &objects {
        let putin = entity(object, "Vladimir Putin").unwrap_or_else(|| panic!("no Putin in {object}"));
        assert_eq!(putin["kind"], "person");
    }
    let summit = entity(&objects[0], "Vladimir Putin").unwrap();
    assert_eq!(summit["mentions"], 3);
    assert!(aliases(summit).contains(&"Putin") && aliases(summit).contains(&"Vladimir Putin"), "{summit}");
    assert_eq!(aliases(entity(&objects[1], "Vladimir Putin").unwrap()), ["Putin"]);

    // an acronym defined in one file is the organisation in another
    let sco = entity(&objects[1], "Shanghai Cooperation Organisation").expect("SCO resolved in the follow-up");
    assert_eq!(sco["kind"], "organization");
    assert_eq!(aliases(sco), ["SCO"]);

    assert_eq!(entity(&objects[0], "Moscow").map(|e| e["kind"].clone()), Some("place".into()));
    assert_eq!(entity(&objects[2], "Sberbank").map(|e| e["kind"].clone()), Some("organization".into()));
    let gref = entity(&objects[2], "German Gref").expect("Gref");
    assert_eq!(gref["kind"], "person");
    assert_eq!(gref["mentions"], 2);
}

#[test]
fn configured_rules_suppress_join_and_retype() {
    let project = Project::new();
    project.write(
        "briefing.toml",
        "[entities]\nsuppress = [\"Moscow\"]\n\n[entities.aliases]\n\"Vladimir Putin\" = [\"the Russian leader\"]\n\n\
         [entities.kinds]\nKremlin = \"organization\"\n",
    );
    let text = SUMMIT.replace("Putin thanked the hosts", "the Russian leader thanked the hosts");
    let file = project.write("summit.md", &text).to_string_lossy().into_owned();
    let out = project.run(&["entities", "--json", &file]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let object = &lines(&out.stdout_text())[0];
    assert!(entity(object, "Moscow").is_none(), "suppressed: {object}");
    let putin = entity(object, "Vladimir Putin").expect("Putin");
    assert!(aliases(putin).contains(&"the Russian leader"), "{putin}");
    assert_eq!(putin["mentions"], 3);
    assert_eq!(entity(object, "Kremlin").map(|e| e["kind"].clone()), Some("organization".into()));
}

#[test]
fn an_unreadable_file_is_reported_and_the_others_still_print() {
    let project = Project::new();
    let good = project.write("bank.md", BANK).to_string_lossy().into_owned();
    let missing = project.path("missing.md").to_string_lossy().into_owned();
    let out = project.run(&["entities", "--json", &missing, &good]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stderr_text().contains(&missing), "{}", out.stderr_text());
    let objects = lines(&out.stdout_text());
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0]["file"], good.as_str());
}

#[test]
fn without_json_a_table_lists_kind_mentions_name_and_aliases() {
    let project = Project::new();
    let file = project.write("summit.md", SUMMIT).to_string_lossy().into_owned();
    let out = project.run(&["entities", &file]);
    assert!(out.status.success(), "{}", out.stderr_text());
    let table = out.stdout_text();
    assert!(table.starts_with(&file), "{table}");
    let putin = table.lines().find(|l| l.contains("Vladimir Putin")).expect("a row for Putin");
    assert!(putin.contains("person") && putin.contains('3') && putin.contains("also: Putin"), "{putin}");
}

#[test]
fn a_bad_rule_names_the_file_line_and_key() {
    let project = Project::new();
    project.write("briefing.toml", "[entities.kinds]\nKremlin = \"building\"\n");
    let file = project.write("summit.md", SUMMIT).to_string_lossy().into_owned();
    let out = project.run(&["entities", &file]);
    assert_eq!(out.status.code(), Some(1));
    let err = out.stderr_text();
    assert!(err.contains("briefing.toml:2:") && err.contains("entities.kinds.\"Kremlin\""), "{err}");
}
