//! Fingerprints of everything a page is made from, so a rebuild renders
//! only the pages whose inputs changed.
//!
//! A page's fingerprint combines its template's (which folds in the
//! templates it extends or includes) with those of its [`Dep`]s. Data is
//! hashed by slug, never by index, so fingerprints stay comparable between
//! builds when documents or entities come and go.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use super::model::{Dep, Page, PageKind, Site};
use super::theme::Theme;
use super::urls;
use crate::analyze::Analysis;
use crate::config::Config;
use crate::document::{Document, DocumentKind};
use crate::fingerprint::{Fingerprint, Hasher};

/// Fingerprints of every piece of data a page can depend on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepPrints {
    site: Fingerprint,
    doc_meta: Vec<Fingerprint>,
    doc_body: Vec<Fingerprint>,
    entity: Vec<Fingerprint>,
    /// Per entity, per page of its listing.
    mentions: Vec<Vec<Fingerprint>>,
    entity_card: Vec<Fingerprint>,
    topic: Vec<Fingerprint>,
    /// Per topic, per page of its listing.
    topic_docs: Vec<Vec<Fingerprint>>,
    topic_card: Vec<Fingerprint>,
    topic_link: Vec<Fingerprint>,
    story: Vec<Fingerprint>,
    period: Vec<Fingerprint>,
}

impl DepPrints {
    /// Fingerprints the data of one build.
    pub fn new(
        config: &Config,
        documents: &[Document],
        analysis: &Analysis,
        site: &Site,
        summaries: &[String],
    ) -> DepPrints {
        let doc_slug = |d: usize| documents[d].slug.as_str();
        let entity_slug = |e: usize| analysis.entities[e].slug.as_str();
        let topic_slug = |t: usize| analysis.topics[t].slug.as_str();

        let mut site_hash = Hasher::new();
        site_hash
            .str(crate::fingerprint::build_id())
            .str(&config.title)
            .str(&config.description)
            .str(&config.base_url)
            .str(&config.language);
        for doc in documents.iter().filter(|d| d.kind == DocumentKind::Page) {
            site_hash.str(&doc.slug).str(&doc.title);
        }

        let doc_meta: Vec<Fingerprint> = (0..documents.len())
            .into_par_iter()
            .map(|i| {
                let doc = &documents[i];
                let publisher = site.publisher_of[i].map(|p| site.publishers[p].slug.as_str());
                Hasher::new()
                    .value(&(&doc.slug, &doc.title, &doc.publisher, publisher, &doc.author, &doc.date, &doc.language))
                    .str(&summaries[i])
                    .finish()
            })
            .collect();
        let doc_body: Vec<Fingerprint> = (0..documents.len())
            .into_par_iter()
            .map(|i| {
                let doc = &documents[i];
                let mut h = Hasher::new();
                h.str(&doc.body).value(&(&doc.source, &doc.extra, &doc.file));
                if let Some(found) = analysis.docs.get(i) {
                    h.value(&found.entities.len());
                    for (e, forms) in &found.entities {
                        h.str(entity_slug(*e)).value(forms);
                    }
                    h.value(&found.topics.len());
                    for &t in &found.topics {
                        h.str(topic_slug(t));
                    }
                    h.value(&found.related.len());
                    for &d in &found.related {
                        h.str(doc_slug(d));
                    }
                }
                h.finish()
            })
            .collect();
        let (entity, mentions): (Vec<Fingerprint>, Vec<Vec<Fingerprint>>) = analysis
            .entities
            .par_iter()
            .map(|e| {
                let mut h = Hasher::new();
                h.value(&(&e.slug, &e.name, e.kind, &e.aliases, e.mentions.len()));
                h.value(&e.related.iter().map(|&r| entity_slug(r)).collect::<Vec<_>>());
                h.value(&e.topics.iter().map(|&t| topic_slug(t)).collect::<Vec<_>>());
                let pages = urls::chunks(&e.mentions).map(|chunk| {
                    let mut h = Hasher::new();
                    for m in chunk {
                        h.str(doc_slug(m.doc)).value(&(m.count, m.sentence_print, m.highlight.start, m.highlight.end));
                    }
                    h.finish()
                });
                (h.finish(), pages.collect())
            })
            .unzip();
        let (topic, topic_docs): (Vec<Fingerprint>, Vec<Vec<Fingerprint>>) = analysis
            .topics
            .par_iter()
            .map(|t| {
                let mut h = Hasher::new();
                h.value(&(&t.slug, &t.name, &t.keywords, t.docs.len()));
                h.value(&t.entities.iter().map(|&e| entity_slug(e)).collect::<Vec<_>>());
                // The order of the documents, not their scores: the scores
                // shift with every edit anywhere and are never shown.
                let pages = urls::chunks(&t.docs).map(|chunk| {
                    let mut h = Hasher::new();
                    for d in chunk {
                        h.str(doc_slug(d.doc));
                    }
                    h.finish()
                });
                (h.finish(), pages.collect())
            })
            .unzip();
        let entity_card = analysis
            .entities
            .iter()
            .map(|e| Hasher::new().value(&(&e.slug, &e.name, e.kind, e.mentions.len())).finish())
            .collect();
        let topic_card =
            analysis.topics.iter().map(|t| Hasher::new().value(&(&t.slug, &t.name, t.docs.len())).finish()).collect();
        let topic_link = analysis.topics.iter().map(|t| Hasher::new().value(&(&t.slug, &t.name)).finish()).collect();
        let story = analysis
            .stories
            .iter()
            .enumerate()
            .map(|(i, story)| {
                let mut h = Hasher::new();
                h.str(&site.story_slugs[i]);
                h.value(&story.docs.iter().map(|&d| doc_slug(d)).collect::<Vec<_>>());
                for facts in std::iter::once(&story.shared).chain(&story.own) {
                    h.value(&facts.entities.iter().map(|&e| entity_slug(e)).collect::<Vec<_>>());
                    h.value(&facts.dates.iter().map(|d| d.iso()).collect::<Vec<_>>());
                    h.value(&(&facts.terms, &facts.sentences));
                }
                h.finish()
            })
            .collect();
        let period = site
            .periods
            .par_iter()
            .map(|period| {
                let mut h = Hasher::new();
                h.str(&period.key()).value(&period.highlights.len());
                for &i in &period.entries {
                    let e = &analysis.timeline[i];
                    h.str(&e.when.iso())
                        .value(&(e.future, e.year_from, &e.sentence, e.highlight.start, e.highlight.end))
                        .str(doc_slug(e.doc))
                        .value(&e.also.iter().map(|&d| doc_slug(d)).collect::<Vec<_>>());
                }
                h.value(&period.highlights.iter().map(|&i| analysis.timeline[i].when.iso()).collect::<Vec<_>>());
                h.finish()
            })
            .collect();
        DepPrints {
            site: site_hash.finish(),
            doc_meta,
            doc_body,
            entity,
            mentions,
            entity_card,
            topic,
            topic_docs,
            topic_card,
            topic_link,
            story,
            period,
        }
    }

    fn of(&self, dep: Dep) -> Fingerprint {
        match dep {
            Dep::Site => self.site,
            Dep::DocMeta(i) => self.doc_meta[i],
            Dep::DocBody(i) => self.doc_body[i],
            Dep::Entity(i) => self.entity[i],
            Dep::Mentions { entity, page } => self.mentions[entity][page - 1],
            Dep::EntityCard(i) => self.entity_card[i],
            Dep::Topic(i) => self.topic[i],
            Dep::TopicDocs { topic, page } => self.topic_docs[topic][page - 1],
            Dep::TopicCard(i) => self.topic_card[i],
            Dep::TopicLink(i) => self.topic_link[i],
            Dep::Story(i) => self.story[i],
            Dep::Period(i) => self.period[i],
        }
    }
}

/// Each template's fingerprint, folding in the templates it extends and
/// includes (so editing `base.html` touches every page, editing
/// `entity.html` only entity pages).
pub fn template_prints(theme: &Theme) -> HashMap<String, Fingerprint> {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+"([^"]+)""#).unwrap_or_else(|e| panic!("bad regex: {e}"))
    });
    let sources: BTreeMap<&str, &[u8]> =
        theme.templates().iter().map(|(n, f)| (n.as_str(), f.bytes.as_slice())).collect();
    let uses: BTreeMap<&str, Vec<String>> = sources
        .iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            (*name, REFERENCE.captures_iter(&text).map(|c| c[1].to_string()).collect())
        })
        .collect();
    sources
        .keys()
        .map(|name| {
            // Every template reachable from this one, each once.
            let mut seen = vec![name.to_string()];
            let mut i = 0;
            while i < seen.len() {
                for used in uses.get(seen[i].as_str()).into_iter().flatten() {
                    if !seen.contains(used) {
                        seen.push(used.clone());
                    }
                }
                i += 1;
            }
            seen.sort();
            let mut h = Hasher::new();
            for template in &seen {
                h.str(template).bytes(sources.get(template.as_str()).copied().unwrap_or(b""));
            }
            (name.to_string(), h.finish())
        })
        .collect()
}

/// A page's fingerprint: its template, where it is, and its dependencies.
pub fn page_print(
    page: &Page,
    template: &str,
    templates: &HashMap<String, Fingerprint>,
    deps: &DepPrints,
) -> Fingerprint {
    let mut h = Hasher::new();
    h.str(template).fingerprint(templates.get(template).copied().unwrap_or_default()).str(&page.url);
    if let PageKind::Publisher { page, .. }
    | PageKind::Entity { page, .. }
    | PageKind::Topic { page, .. }
    | PageKind::TimelinePeriod { page, .. } = page.kind
    {
        h.value(&page);
    }
    for &dep in &page.deps {
        h.fingerprint(deps.of(dep));
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::theme::{REQUIRED_TEMPLATES, ThemeFile};

    fn theme(extra: &[(&str, &str)]) -> Theme {
        let mut templates: BTreeMap<String, ThemeFile> = REQUIRED_TEMPLATES
            .iter()
            .map(|n| {
                (n.to_string(), ThemeFile { origin: n.to_string(), bytes: b"{% extends \"base.html\" %}".to_vec() })
            })
            .collect();
        templates.insert(
            "base.html".into(),
            ThemeFile {
                origin: "b".into(),
                bytes: b"{% block x %}{% endblock x %}{% include \"partials/x.html\" %}".to_vec(),
            },
        );
        templates.insert("partials/x.html".into(), ThemeFile { origin: "x".into(), bytes: b"x".to_vec() });
        for (name, text) in extra {
            templates.insert(name.to_string(), ThemeFile { origin: name.to_string(), bytes: text.as_bytes().to_vec() });
        }
        Theme::from_files(templates, BTreeMap::new()).unwrap()
    }

    /// The prints of the pages of the one entity of `analysis`.
    fn entity_page_prints(documents: &[Document], analysis: &Analysis) -> Vec<Fingerprint> {
        let config = Config::defaults(std::path::Path::new("/p"));
        let site = Site::new(documents, analysis).unwrap();
        let summaries = vec![String::new(); documents.len()];
        let deps = DepPrints::new(&config, documents, analysis, &site, &summaries);
        let templates = HashMap::new();
        let pages = site.pages.iter().filter(|p| matches!(p.kind, PageKind::Entity { .. }));
        pages.map(|page| page_print(page, "entity.html", &templates, &deps)).collect()
    }

    #[test]
    fn a_changed_mention_renders_only_the_entity_page_that_lists_it() {
        use crate::analyze::{Entity, EntityKind, Mention};
        let documents: Vec<Document> = (0..urls::PAGE_SIZE + 2)
            .map(|i| crate::site::model::tests::doc(&format!("d{i}"), "D", None, None))
            .collect();
        let mention = |doc: usize| Mention {
            doc,
            count: 1,
            sentence: "Putin spoke.".into(),
            highlight: 0..5,
            sentence_print: crate::fingerprint::of_bytes(b"Putin spoke."),
        };
        let entity = Entity {
            slug: "putin".into(),
            name: "Putin".into(),
            kind: EntityKind::Person,
            aliases: vec![],
            mentions: (0..urls::PAGE_SIZE + 1).map(mention).collect(),
            related: vec![],
            topics: vec![],
        };
        let analysis = Analysis { entities: vec![entity], ..Analysis::default() };
        let before = entity_page_prints(&documents, &analysis);
        assert_eq!(before.len(), 2);

        let mut changed = analysis.clone();
        changed.entities[0].mentions[0].sentence_print = crate::fingerprint::of_bytes(b"Putin left.");
        let after = entity_page_prints(&documents, &changed);
        assert_ne!(after[0], before[0], "the page listing the mention");
        assert_eq!(after[1], before[1], "the other page");

        let mut grown = analysis.clone();
        grown.entities[0].mentions.push(mention(urls::PAGE_SIZE + 1));
        let after = entity_page_prints(&documents, &grown);
        assert!(after.iter().zip(&before).all(|(a, b)| a != b), "every page shows how many documents name it");
    }

    #[test]
    fn template_prints_follow_extends_and_includes() {
        let before = template_prints(&theme(&[]));
        let partial = template_prints(&theme(&[("partials/x.html", "y")]));
        assert_ne!(before["entity.html"], partial["entity.html"], "a partial of the base changes every page");
        let own = template_prints(&theme(&[(
            "entity.html",
            "{% extends \"base.html\" %}{% block x %}changed{% endblock x %}",
        )]));
        assert_ne!(before["entity.html"], own["entity.html"]);
        assert_eq!(before["topic.html"], own["topic.html"], "other templates are untouched");
    }
}
