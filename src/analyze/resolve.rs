//! The corpus merge: the names every document found become entities, one
//! per real thing. Evidence is pooled across documents (a name seen as one
//! mid-sentence anywhere confirms it everywhere; kinds are voted), and
//! spellings are joined: gazetteer variants ("U.S." = "United States"),
//! acronyms defined anywhere ("SCO"), legal suffixes ("SoftBank Group
//! Corp" = "SoftBank"), surnames ("Putin" = "Vladimir Putin", within a
//! document first, then across the corpus when only one person has it).
//! `briefing.toml` rules win over all of it.
//!
//! Linear in the number of names found: hash maps and a union-find, no
//! comparison of every name with every other.

use std::borrow::Cow;

use rayon::prelude::*;

use crate::shared_str::SharedStr;

use super::hash::{FastMap, FastSet};

use super::EntityKind;
use super::extract::{Confidence, DocNames, FirstMention, Name, Votes};
use super::lexicon::{PlaceClass, lexicon};
use super::names::{key_initials, key_words, name_key, without_legal_suffix};
use crate::config::EntityRules;

/// Least evidence for a kind; an entity with less is [`EntityKind::Other`]
/// (or, by its form, an organisation: see [`voted_kind`])...
const MIN_KIND_WEIGHT: f32 = 1.0;
/// ... and at least this much per mention on average.
const EVIDENCE_PER_MENTION: f32 = 0.6;
/// Mentions that make a capitalised English word a name.
const RECURRING_NAME: u32 = 3;
/// A one-word name that opens sentences in this many documents or more
/// without standing inside a sentence anywhere is suspect ...
const OPENING_DOCS: u32 = 3;
/// ... and so is one that opens sentences in more than this many documents
/// for each document where it stands inside one.
const OPENINGS_PER_NAME_USE: u32 = 4;

/// An entity of the corpus, before slugs and links.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The fullest common name.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Every surface form used, most used first.
    pub aliases: Vec<String>,
}

/// How one document mentions one entity.
#[derive(Debug, Clone, PartialEq)]
pub struct DocMention {
    /// Index into the resolved entities.
    pub entity: usize,
    /// How many times.
    pub count: u32,
    /// The surface forms it uses, most used first.
    pub surfaces: Vec<SharedStr>,
    /// Its first use.
    pub first: FirstMention,
}

/// The merge's result: the entities and, per document, its mentions (most
/// mentioned first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resolution {
    /// Entities, in no particular order.
    pub entities: Vec<Resolved>,
    /// Per document, in the order given.
    pub mentions: Vec<Vec<DocMention>>,
}

/// Acronym definitions of the corpus: short key → long key → documents.
type Definitions = FastMap<String, FastMap<String, u32>>;

/// What the corpus knows about one key.
#[derive(Debug, Clone, Default)]
struct KeyInfo {
    /// Whether it names an entity (certain somewhere, or configured, and
    /// not suppressed).
    accepted: bool,
    votes: Votes,
    count: u32,
    /// Documents where it is a name by its place or a cue.
    certain_docs: u32,
    /// Documents where it only opens sentences (one word, no cue).
    opening_docs: u32,
    /// Whether some document found a word no list knows opening a sentence.
    opens_rare: bool,
    words: usize,
    all_caps: bool,
    /// The person whose surname this one-word key was found to be.
    surname_of: Option<usize>,
}

/// Keys with ids, their pooled evidence, and a union-find over them. Keys
/// are borrowed from the documents (or the configuration) where they can
/// be: most of the corpus's names are not copied.
#[derive(Default)]
struct Keys<'a> {
    ids: FastMap<Cow<'a, str>, usize>,
    names: Vec<Cow<'a, str>>,
    info: Vec<KeyInfo>,
    parent: Vec<usize>,
}

impl<'a> Keys<'a> {
    fn id(&mut self, key: impl Into<Cow<'a, str>>) -> usize {
        let key = key.into();
        if let Some(&id) = self.ids.get(&*key) {
            return id;
        }
        let id = self.names.len();
        let words = key_words(&key).count();
        self.ids.insert(key.clone(), id);
        self.names.push(key);
        self.info.push(KeyInfo { words, ..KeyInfo::default() });
        self.parent.push(id);
        id
    }

    fn get(&self, key: &str) -> Option<usize> {
        self.ids.get(key).copied()
    }

    /// The id of `key` if it names an entity.
    fn accepted(&self, key: &str) -> Option<usize> {
        self.get(key).filter(|&id| self.info[id].accepted)
    }

    /// Ids of the keys that name entities.
    fn accepted_ids(&self) -> Vec<usize> {
        (0..self.names.len()).filter(|&id| self.info[id].accepted).collect()
    }

    fn find(&mut self, mut id: usize) -> usize {
        while self.parent[id] != id {
            self.parent[id] = self.parent[self.parent[id]];
            id = self.parent[id];
        }
        id
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.parent[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// The configuration, as keys.
struct Rules {
    suppressed: FastSet<String>,
    /// Canonical name by the key of each configured name and alias.
    canonical: FastMap<String, String>,
    kinds: FastMap<String, EntityKind>,
}

impl Rules {
    fn new(rules: &EntityRules) -> Rules {
        let mut canonical = FastMap::default();
        for (name, aliases) in &rules.aliases {
            for alias in std::iter::once(name).chain(aliases) {
                canonical.insert(name_key(alias), name.clone());
            }
        }
        Rules {
            suppressed: rules.suppress.iter().map(|s| name_key(s)).collect(),
            canonical,
            kinds: rules.kinds.iter().map(|(name, kind)| (name_key(name), *kind)).collect(),
        }
    }

    fn configured(&self, key: &str) -> bool {
        self.canonical.contains_key(key) || self.kinds.contains_key(key)
    }
}

/// Merges what every document found into entities.
///
/// Each name's key gets an integer id once; everything after works on ids.
/// Finding the entity of each name and gathering each document's mentions
/// run in parallel, per document; only filling the entities runs in
/// document order, so sums and first uses do not depend on the threads.
pub fn resolve(docs: &[&DocNames], rules: &EntityRules) -> Resolution {
    let rules = Rules::new(rules);
    let mut keys = Keys::default();
    let mut definitions = Definitions::default();
    let mut terms: FastSet<&str> = FastSet::default();
    let name_ids: Vec<Vec<u32>> = docs
        .iter()
        .map(|doc| {
            for d in &doc.definitions {
                *definitions.entry(d.short.clone()).or_default().entry(d.long.clone()).or_default() += 1;
            }
            terms.extend(doc.term_acronyms.iter().map(String::as_str));
            doc.names.iter().map(|name| pool(&mut keys, name)).collect()
        })
        .collect();
    let accepted: Vec<bool> = (keys.names.par_iter(), keys.info.par_iter())
        .into_par_iter()
        .map(|(key, info)| {
            // "He" of "Liu He" must not make every sentence's "He" a name
            let function_word = info.words == 1 && !info.all_caps && lexicon().is_function_word(key);
            let found = (info.certain_docs > 0 || info.opens_rare) && !function_word && !only_opens_sentences(info);
            let wanted = found || rules.configured(key);
            wanted && !rules.suppressed.contains(&**key) && !terms.contains(&**key)
        })
        .collect();
    for (info, accepted) in keys.info.iter_mut().zip(accepted) {
        info.accepted = accepted;
    }

    join_configured(&mut keys, &rules);
    join_places(&mut keys);
    join_definitions(&mut keys, &definitions);
    join_legal_suffixes(&mut keys);
    join_implicit_acronyms(&mut keys, &definitions);
    join_surnames(&mut keys);

    let facts = KeyFacts::of_all(&mut keys);
    let mut uses: Vec<Vec<NameUse>> = docs
        .par_iter()
        .zip(&name_ids)
        .map_init(LocalNames::default, |local, (doc, ids)| local.uses(doc, ids, &facts))
        .collect();
    let mut builder = EntityBuilder::new(keys.names.len());
    for ((doc, ids), uses) in docs.iter().zip(&name_ids).zip(&mut uses) {
        for u in uses {
            let name = &doc.names[u.name as usize];
            u.entity = builder.add(u.root, name, ids[u.name as usize], u.part_of_name);
        }
    }
    let mentions = docs
        .par_iter()
        .zip(&uses)
        .map_init(FastMap::default, |slots, (doc, uses)| doc_mentions(doc, uses, slots))
        .collect();
    Resolution { entities: builder.finish(&keys, &rules, &definitions), mentions }
}

/// Adds a document's name to the evidence of its key; returns the key's id.
fn pool<'a>(keys: &mut Keys<'a>, name: &'a Name) -> u32 {
    let id = keys.id(name.key.as_str());
    let info = &mut keys.info[id];
    info.votes.merge(&name.votes);
    info.count += name.count;
    info.certain_docs += u32::from(name.confidence == Confidence::Certain);
    info.opening_docs += u32::from(name.confidence < Confidence::Certain && name.opens > 0);
    info.opens_rare |= name.confidence == Confidence::Opening;
    info.all_caps = name.surfaces.iter().all(|(s, _)| super::text::is_all_caps(s));
    id as u32
}

/// Whether a one-word name is, by the corpus, a word that opens sentences
/// ("Meanwhile", "Analysts", or "Selon" in French): it opens sentences in
/// document after document and stands inside one in hardly any (a
/// sentence the splitter did not see end: "... Holdings Inc. Despite ...").
/// A real name opening sentences ("Putin said") is also written inside
/// them, or in full, somewhere.
fn only_opens_sentences(info: &KeyInfo) -> bool {
    info.words == 1
        && !info.all_caps
        && info.opening_docs >= OPENING_DOCS
        && info.opening_docs > OPENINGS_PER_NAME_USE * info.certain_docs
}

/// Configured aliases are one entity.
fn join_configured<'a>(keys: &mut Keys<'a>, rules: &'a Rules) {
    let mut by_name: FastMap<&str, usize> = FastMap::default();
    for (key, name) in &rules.canonical {
        let id = keys.id(key.as_str());
        match by_name.get(name.as_str()) {
            Some(&first) => keys.union(first, id),
            None => {
                by_name.insert(name, id);
            }
        }
    }
}

/// Every spelling of a place the gazetteer knows is the place.
fn join_places(keys: &mut Keys) {
    let lex = lexicon();
    for id in keys.accepted_ids() {
        if let Some(place) = lex.place_by_key(&keys.names[id]) {
            let canonical = keys.id(name_key(place.canonical));
            keys.union(id, canonical);
        }
    }
}

/// An acronym is what it was defined as (the most frequent definition, if
/// documents disagree).
fn join_definitions(keys: &mut Keys, definitions: &Definitions) {
    for (short, longs) in definitions {
        let Some(long) = longs.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(l, _)| l) else { continue };
        if let (Some(s), Some(l)) = (keys.accepted(short), keys.accepted(long)) {
            keys.union(s, l);
        }
    }
}

/// "SoftBank Group Corp" is "SoftBank" when both are used.
fn join_legal_suffixes(keys: &mut Keys) {
    for id in keys.accepted_ids() {
        if let Some(base) = without_legal_suffix(&keys.names[id]).and_then(|b| keys.accepted(b)) {
            keys.union(id, base);
        }
    }
}

/// An acronym used without a definition ("CIS") is the one organisation or
/// place of the corpus with those initials ("Commonwealth of Independent
/// States"), if there is exactly one.
fn join_implicit_acronyms(keys: &mut Keys, definitions: &Definitions) {
    let mut by_initials: FastMap<String, Vec<usize>> = FastMap::default();
    let accepted = keys.accepted_ids();
    for &id in &accepted {
        let info = &keys.info[id];
        if info.words >= 2 && info.votes.best().0 != EntityKind::Person {
            by_initials.entry(key_initials(&keys.names[id])).or_default().push(id);
        }
    }
    for id in accepted {
        let key = &keys.names[id];
        if !keys.info[id].all_caps || keys.info[id].words != 1 || definitions.contains_key(&**key) {
            continue;
        }
        let Some(longs) = by_initials.get(&**key) else { continue };
        let mut roots: Vec<usize> = longs.iter().map(|&l| keys.find(l)).collect();
        roots.sort_unstable();
        roots.dedup();
        if let [root] = roots[..] {
            keys.union(id, root);
        }
    }
}

/// Whether a key is a country or region: "Jordan" in a text about Michael
/// Jordan may be him, but a country is not joined to a person across the
/// corpus.
fn is_firm_place(key: &str) -> bool {
    lexicon().place_by_key(key).is_some_and(|p| p.class != PlaceClass::City)
}

/// Whether a key's own evidence makes it a person's full name.
fn is_person_name(info: &KeyInfo) -> bool {
    let (kind, weight) = info.votes.best();
    info.words >= 2 && kind == EntityKind::Person && weight > 0.0
}

/// A surname used alone is the person of the corpus with that surname, if
/// only one has it.
fn join_surnames(keys: &mut Keys) {
    let mut by_surname: FastMap<String, Vec<usize>> = FastMap::default();
    let accepted = keys.accepted_ids();
    for &id in &accepted {
        let last = key_words(&keys.names[id]).last();
        if let Some(last) = last.filter(|_| is_person_name(&keys.info[id])) {
            by_surname.entry(last.to_string()).or_default().push(id);
        }
    }
    for id in accepted {
        let key = keys.names[id].clone();
        let votes = keys.info[id].votes;
        let organisation = votes.best().0 == EntityKind::Organization && votes.organization > 2.0 * votes.person;
        if keys.info[id].words != 1 || is_firm_place(&key) || organisation {
            continue;
        }
        let Some(people) = by_surname.get(&*key) else { continue };
        let mut roots: Vec<usize> = people.iter().map(|&p| keys.find(p)).collect();
        roots.sort_unstable();
        roots.dedup();
        if let [root] = roots[..] {
            keys.union(id, root);
            keys.info[id].surname_of = Some(root);
        }
    }
}

/// Whether a key could be a person's full name: two words or more, and no
/// more evidence for anything else than for a person.
fn could_be_person(info: &KeyInfo) -> bool {
    let v = info.votes;
    info.words >= 2 && !info.all_caps && v.person >= v.organization && v.person >= v.place
}

/// What the per-document steps need to know about a key, worked out once
/// per merge so that they do no string work.
#[derive(Default)]
struct KeyFacts {
    /// It names an entity.
    accepted: bool,
    /// Its entity across the corpus (root of its union-find set).
    root: u32,
    /// It was joined to a person as their surname.
    surname: bool,
    /// It could be a person's full name ([`could_be_person`]).
    person_like: bool,
    /// Its evidence says organisation.
    organization: bool,
    /// Ids of its first word, its last word (when it has two or more) and
    /// of what follows its first word, where those are keys themselves.
    first: Option<u32>,
    last: Option<u32>,
    tail: Option<u32>,
    /// Its first word names a country or its people ("nigerian senate").
    country_first: bool,
    /// It is a place in the gazetteer; a country or region ([`is_firm_place`]).
    place: bool,
    firm_place: bool,
}

impl KeyFacts {
    fn of_all(keys: &mut Keys) -> Vec<KeyFacts> {
        let lex = lexicon();
        let roots: Vec<u32> = (0..keys.names.len()).map(|id| keys.find(id) as u32).collect();
        let keys = &*keys;
        (0..keys.names.len())
            .into_par_iter()
            .map(|id| {
                let root = roots[id];
                let info = &keys.info[id];
                if !info.accepted {
                    return KeyFacts { root, ..KeyFacts::default() };
                }
                let key = &*keys.names[id];
                let mut words = key_words(key);
                let (first, last) = (words.next(), words.last());
                let id_of = |word: Option<&str>| word.and_then(|w| keys.get(w)).map(|id| id as u32);
                let place = lex.place_by_key(key);
                KeyFacts {
                    accepted: true,
                    root,
                    surname: info.surname_of.is_some(),
                    person_like: could_be_person(info),
                    organization: info.votes.best().0 == EntityKind::Organization,
                    first: id_of(first),
                    last: id_of(last),
                    tail: id_of(key.split_once(' ').map(|(_, t)| t)),
                    country_first: first.is_some_and(is_country_word),
                    place: place.is_some(),
                    firm_place: place.is_some_and(|p| p.class != PlaceClass::City),
                }
            })
            .collect()
    }
}

/// One name of a document that names an entity: which entity.
struct NameUse {
    /// Index of the name in the document.
    name: u32,
    /// Root key of its entity.
    root: u32,
    /// It stands for a person's full name ("Neumann" for "Adam Neumann").
    part_of_name: bool,
    /// Index of its entity, once the entities are numbered.
    entity: u32,
}

/// The longer names of one document that a one-word name may stand for:
/// a surname ("Neumann" for "Adam Neumann"), a first name ("Kate" for
/// "Kate York", "Xi" for "Xi Jinping"), the first word of an organisation
/// ("Tyvak" for "Tyvak Nano-Satellite Systems Inc"). Each word (by key id)
/// maps to the root of the one name it starts or ends; a word shared by two
/// names maps to none. Kept from document to document to reuse the maps.
#[derive(Default)]
struct LocalNames {
    surnames: FastMap<u32, Option<u32>>,
    first_names: FastMap<u32, Option<u32>>,
    org_starts: FastMap<u32, Option<u32>>,
    /// Organisations without the country in front ("Senate" for "Nigerian
    /// Senate").
    org_tails: FastMap<u32, Option<u32>>,
}

impl LocalNames {
    /// The entity of each of `doc`'s names that names one; `ids` are the
    /// names' key ids.
    fn uses(&mut self, doc: &DocNames, ids: &[u32], facts: &[KeyFacts]) -> Vec<NameUse> {
        for map in [&mut self.surnames, &mut self.first_names, &mut self.org_starts, &mut self.org_tails] {
            map.clear();
        }
        for (_, &id) in doc.names.iter().zip(ids).filter(|(n, _)| n.words >= 2) {
            let f = &facts[id as usize];
            if !f.accepted {
                continue;
            }
            if f.person_like {
                note(&mut self.surnames, f.last, f.root);
                note(&mut self.first_names, f.first, f.root);
            } else if f.organization {
                note(&mut self.org_starts, f.first, f.root);
                if f.country_first {
                    note(&mut self.org_tails, f.tail, f.root);
                }
            }
        }
        let mut uses = Vec::with_capacity(doc.names.len());
        for (i, (name, &id)) in doc.names.iter().zip(ids).enumerate() {
            let f = &facts[id as usize];
            if !f.accepted {
                continue;
            }
            let local_root = self.resolve(name, id, f);
            uses.push(NameUse {
                name: i as u32,
                root: local_root.unwrap_or(f.root),
                part_of_name: local_root.is_some() || f.surname,
                entity: 0,
            });
        }
        uses
    }

    /// The root a shorter `name` (with key `id`) stands for in this
    /// document, if any.
    fn resolve(&self, name: &Name, id: u32, f: &KeyFacts) -> Option<u32> {
        if let Some(root) = self.org_tails.get(&id).copied().flatten() {
            return Some(root);
        }
        if name.words != 1 || f.firm_place {
            return None;
        }
        let v = name.votes;
        let looks_personal = v.person >= v.organization && v.person >= v.place;
        let found = |map: &FastMap<u32, Option<u32>>| map.get(&id).copied().flatten();
        found(&self.surnames)
            .or_else(|| found(&self.first_names).filter(|_| looks_personal))
            .or_else(|| found(&self.org_starts).filter(|_| !f.place))
    }
}

/// Whether a key's word names a country or its people ("nigerian",
/// "russia").
fn is_country_word(word: &str) -> bool {
    let lex = lexicon();
    let mut cased = word.to_string();
    if let Some(c) = cased.get_mut(..1) {
        c.make_ascii_uppercase();
    }
    lex.demonym(&cased).is_some() || lex.place_by_key(word).is_some_and(|p| p.class == PlaceClass::Country)
}

/// Records that the word with key `word` starts or ends the name with
/// `root`; a word of two names is ambiguous.
fn note(map: &mut FastMap<u32, Option<u32>>, word: Option<u32>, root: u32) {
    if let Some(word) = word {
        let slot = map.entry(word).or_insert(Some(root));
        if *slot != Some(root) {
            *slot = None;
        }
    }
}

/// A document's mentions of one entity, as they are gathered.
struct Gathered<'a> {
    entity: u32,
    count: u32,
    surfaces: Vec<&'a SharedStr>,
    first: &'a FirstMention,
}

/// A document's mentions, one per entity, most mentioned first (then in
/// order of first use). `slots` is scratch space, reused across documents.
fn doc_mentions(doc: &DocNames, uses: &[NameUse], slots: &mut FastMap<u32, usize>) -> Vec<DocMention> {
    slots.clear();
    let mut gathered: Vec<Gathered<'_>> = Vec::new();
    for u in uses {
        let name = &doc.names[u.name as usize];
        let slot = *slots.entry(u.entity).or_insert_with(|| {
            gathered.push(Gathered { entity: u.entity, count: 0, surfaces: Vec::new(), first: &name.first });
            gathered.len() - 1
        });
        let m = &mut gathered[slot];
        m.count += name.count;
        if let [(surface, _)] = name.surfaces.as_slice() {
            m.surfaces.push(surface);
        } else {
            let mut surfaces: Vec<&(SharedStr, u32)> = name.surfaces.iter().collect();
            surfaces.sort_by_key(|s| std::cmp::Reverse(s.1));
            m.surfaces.extend(surfaces.into_iter().map(|(s, _)| s));
        }
        if name.first.position < m.first.position {
            m.first = &name.first;
        }
    }
    gathered.sort_by(|a, b| {
        (b.count.cmp(&a.count))
            .then(a.first.position.cmp(&b.first.position))
            .then(a.first.highlight.start.cmp(&b.first.highlight.start))
            .then(a.entity.cmp(&b.entity))
    });
    gathered
        .into_iter()
        .map(|mut m| {
            m.surfaces.dedup();
            DocMention {
                entity: m.entity as usize,
                count: m.count,
                surfaces: m.surfaces.into_iter().cloned().collect(),
                first: m.first.clone(),
            }
        })
        .collect()
}

/// Marks a root without an entity yet.
const NO_ENTITY: u32 = u32::MAX;

/// Entities as they are filled from the documents' names, in document
/// order.
struct EntityBuilder<'a> {
    /// Entity of each root key, [`NO_ENTITY`] until it has one.
    by_root: Vec<u32>,
    drafts: Vec<Draft<'a>>,
    /// (entity, key) pairs already recorded in a draft's keys.
    seen_keys: FastSet<(u32, u32)>,
}

struct Draft<'a> {
    root: u32,
    votes: Votes,
    /// Mentions across the corpus, not counting parts of a person's name.
    count: u32,
    surfaces: FastMap<&'a str, u32>,
    /// Ids of the keys of its names, in order of first use.
    keys: Vec<u32>,
}

impl<'a> EntityBuilder<'a> {
    fn new(keys: usize) -> EntityBuilder<'a> {
        EntityBuilder { by_root: vec![NO_ENTITY; keys], drafts: Vec::new(), seen_keys: FastSet::default() }
    }

    /// Adds a document's name (with key id `key`) to the entity of `root`;
    /// returns the entity's index. A part of a person's name ("Neumann"
    /// for "Adam Neumann") adds only evidence for a person: what else the
    /// bare word could be ("York" the city for "Kate York") is no evidence
    /// about the person.
    fn add(&mut self, root: u32, name: &'a Name, key: u32, part_of_name: bool) -> u32 {
        let mut entity = self.by_root[root as usize];
        if entity == NO_ENTITY {
            entity = self.drafts.len() as u32;
            self.by_root[root as usize] = entity;
            let draft =
                Draft { root, votes: Votes::default(), count: 0, surfaces: FastMap::default(), keys: Vec::new() };
            self.drafts.push(draft);
        }
        let draft = &mut self.drafts[entity as usize];
        if part_of_name {
            draft.votes.person += name.votes.person;
        } else {
            draft.votes.merge(&name.votes);
            draft.count += name.count;
        }
        if self.seen_keys.insert((entity, key)) {
            draft.keys.push(key);
        }
        for (surface, n) in &name.surfaces {
            *draft.surfaces.entry(&**surface).or_default() += n;
        }
        entity
    }

    fn finish(self, keys: &Keys, rules: &Rules, definitions: &Definitions) -> Vec<Resolved> {
        self.drafts.into_par_iter().map(|d| finish_draft(d, keys, rules, definitions)).collect()
    }
}

/// The kind the evidence says. Weak clues (a preposition, "the") add up
/// over many mentions, so the evidence needed grows with the mentions:
/// "from Google" a dozen times does not make a place.
/// Without enough, a one-word name that is no acronym (and no English word,
/// unless it recurs) is most likely a company or institution ("Reuters",
/// "Netflix", "Apple"): people are named in full at least once, places are
/// in the gazetteer.
fn voted_kind(d: &Draft<'_>, keys: &Keys) -> EntityKind {
    let (voted, weight) = d.votes.best();
    if weight >= MIN_KIND_WEIGHT && weight >= EVIDENCE_PER_MENTION * d.count as f32 {
        return voted;
    }
    let lex = lexicon();
    let one_word = |&k: &u32| keys.info[k as usize].words == 1 && !keys.info[k as usize].all_caps;
    // an English word capitalised once may be a heading's; used as a name
    // again and again ("Apple", "Google") it is one
    let named = d.keys.iter().all(|&k| !lex.is_common_word(&keys.names[k as usize])) || d.count >= RECURRING_NAME;
    if d.keys.iter().all(one_word) && named && d.votes.person < MIN_KIND_WEIGHT {
        EntityKind::Organization
    } else {
        EntityKind::Other
    }
}

fn finish_draft(d: Draft<'_>, keys: &Keys, rules: &Rules, definitions: &Definitions) -> Resolved {
    let lex = lexicon();
    let mut aliases: Vec<(&str, u32)> = d.surfaces.iter().map(|(s, n)| (*s, *n)).collect();
    aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let draft_keys = || d.keys.iter().map(|&k| &*keys.names[k as usize]);
    let configured_kind = draft_keys().find_map(|k| rules.kinds.get(k)).copied();
    let kind = configured_kind.unwrap_or_else(|| voted_kind(&d, keys));

    let configured_name = draft_keys().find_map(|k| rules.canonical.get(k)).cloned();
    let place_name = || {
        (kind == EntityKind::Place)
            .then(|| draft_keys().filter_map(|k| lex.place_by_key(k)).min_by_key(|p| (p.class, p.canonical)))
            .flatten()
            .map(|p| p.canonical.to_string())
    };
    let defined_name = || {
        draft_keys()
            .filter_map(|k| definitions.get(k))
            .flat_map(|longs| {
                let mut longs: Vec<(&String, &u32)> = longs.iter().collect();
                longs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                longs.into_iter().map(|(l, _)| l)
            })
            .find_map(|long| aliases.iter().find(|(s, _)| name_key(s) == *long).map(|(s, _)| s.to_string()))
    };
    let fullest = || {
        aliases
            .iter()
            .max_by(|a, b| {
                let words = |s: &str| s.split_whitespace().count();
                words(a.0).cmp(&words(b.0)).then(a.1.cmp(&b.1)).then(b.0.cmp(a.0))
            })
            .map(|(s, _)| s.to_string())
            .unwrap_or_else(|| keys.names[d.root as usize].to_string())
    };
    let name = configured_name.or_else(place_name).or_else(defined_name).unwrap_or_else(fullest);
    Resolved { name, kind, aliases: aliases.into_iter().map(|(s, _)| s.to_string()).collect() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::extract::Extractor;

    fn run(texts: &[&str], rules: &EntityRules) -> Resolution {
        run_in("en", texts, rules)
    }

    fn run_in(language: &str, texts: &[&str], rules: &EntityRules) -> Resolution {
        let extractor = Extractor::new(&rules.names());
        let docs: Vec<DocNames> = texts.iter().map(|t| extractor.extract(t, Some(language))).collect();
        resolve(&docs.iter().collect::<Vec<_>>(), rules)
    }

    fn entity<'a>(r: &'a Resolution, name: &str) -> Option<&'a Resolved> {
        r.entities.iter().find(|e| e.name == name)
    }

    fn names_in(r: &Resolution, doc: usize) -> Vec<&str> {
        r.mentions[doc].iter().map(|m| r.entities[m.entity].name.as_str()).collect()
    }

    #[test]
    fn a_person_named_three_ways_is_one_entity() {
        let r = run(
            &[
                "The decree was signed by Russian President Vladimir Putin on Monday.",
                "On Tuesday, Putin told the meeting that models matter.",
                "Analysts said Vladimir Putin wants control, and Putin agreed.",
            ],
            &EntityRules::default(),
        );
        let putin: Vec<&Resolved> =
            r.entities.iter().filter(|e| e.aliases.iter().any(|a| a.contains("Putin"))).collect();
        assert_eq!(putin.len(), 1, "{:?}", r.entities);
        assert_eq!(putin[0].name, "Vladimir Putin");
        assert_eq!(putin[0].kind, EntityKind::Person);
        for doc in 0..3 {
            assert!(names_in(&r, doc).contains(&"Vladimir Putin"), "doc {doc}: {:?}", names_in(&r, doc));
        }
    }

    #[test]
    fn an_acronym_defined_in_one_document_is_the_organisation_in_another() {
        let r = run(
            &[
                "Leaders met at the Shanghai Cooperation Organisation (SCO) summit in July.",
                "The agenda of the SCO was trade, officials said.",
            ],
            &EntityRules::default(),
        );
        let sco = entity(&r, "Shanghai Cooperation Organisation").expect("entity");
        assert_eq!(sco.kind, EntityKind::Organization);
        assert!(sco.aliases.contains(&"SCO".to_string()));
        assert_eq!(names_in(&r, 1), ["Shanghai Cooperation Organisation"]);
    }

    #[test]
    fn an_acronym_without_definition_matches_the_one_name_with_its_initials() {
        let r = run(
            &[
                "The Commonwealth of Independent States held talks.",
                "A CIS summit was held in the capital of Kazakhstan.",
            ],
            &EntityRules::default(),
        );
        assert!(names_in(&r, 1).contains(&"Commonwealth of Independent States"), "{:?}", names_in(&r, 1));
    }

    #[test]
    fn country_spellings_are_one_place() {
        let r = run(
            &["Exports to the U.S. rose.", "The US economy grew.", "The United States said no."],
            &EntityRules::default(),
        );
        let us = entity(&r, "United States").expect("entity");
        assert_eq!(us.kind, EntityKind::Place);
        assert_eq!(r.entities.len(), 1, "{:?}", r.entities);
    }

    #[test]
    fn legal_suffixes_join_a_company_to_its_short_name() {
        let r = run(
            &["It was rescued by Japanese technology investor SoftBank Group Corp last month. SoftBank agreed."],
            &EntityRules::default(),
        );
        assert_eq!(r.entities.len(), 1, "{:?}", r.entities);
        assert_eq!(r.entities[0].name, "SoftBank Group Corp");
        assert_eq!(r.entities[0].kind, EntityKind::Organization);
    }

    #[test]
    fn a_surname_joins_the_person_of_its_own_document_when_the_corpus_has_two() {
        let r = run(
            &[
                "Chief executive Adam Neumann resigned. Neumann declined to comment.",
                "Analyst Maria Neumann disagreed. Neumann said so twice.",
            ],
            &EntityRules::default(),
        );
        assert_eq!(names_in(&r, 0), ["Adam Neumann"]);
        assert_eq!(names_in(&r, 1), ["Maria Neumann"]);
    }

    #[test]
    fn a_first_name_or_an_organisation_s_first_word_joins_the_full_name_of_its_document() {
        let r = run(
            &[
                "The singer Kate Yorke sang, and later Kate said she was tired. Zentrix Robotics Inc hired staff, and Zentrix grew.",
            ],
            &EntityRules::default(),
        );
        assert_eq!(names_in(&r, 0), ["Kate Yorke", "Zentrix Robotics Inc"], "{:?}", r.entities);
    }

    #[test]
    fn an_organisation_without_its_country_is_the_same_organisation() {
        let r = run(&["The Nigerian Senate voted on Monday, and the Senate then adjourned."], &EntityRules::default());
        assert_eq!(names_in(&r, 0), ["Nigerian Senate"], "{:?}", r.entities);
    }

    #[test]
    fn a_surname_that_is_also_a_city_stays_a_person() {
        let r =
            run(&["The singer Kate York toured. Fans cheered when York said she would sing."], &EntityRules::default());
        let york = entity(&r, "Kate York").expect("entity");
        assert_eq!(york.kind, EntityKind::Person);
        assert_eq!(r.entities.len(), 1, "{:?}", r.entities);
    }

    #[test]
    fn weak_clues_over_many_mentions_do_not_make_a_kind() {
        let text =
            "Games come from Zentrix. Players buy from Zentrix. Updates come from Zentrix. Fixes come from Zentrix.";
        let r = run(&[text], &EntityRules::default());
        assert_eq!(entity(&r, "Zentrix").map(|e| e.kind), Some(EntityKind::Organization));
    }

    #[test]
    fn a_function_word_in_a_name_does_not_make_the_word_a_name() {
        let r =
            run(&["Vice Premier Liu He met them. He said talks went well.", "He left early."], &EntityRules::default());
        assert!(r.entities.iter().all(|e| e.name != "He"), "{:?}", r.entities);
        assert_eq!(names_in(&r, 1), Vec::<&str>::new());
    }

    #[test]
    fn a_sentence_initial_word_is_confirmed_by_another_document() {
        let r = run(
            &["Apple said profits rose.", "Shares of rival Apple fell, traders in Tokyo said."],
            &EntityRules::default(),
        );
        assert!(names_in(&r, 0).contains(&"Apple"), "{:?}", r.entities);
        let r = run(&["Apple said profits rose."], &EntityRules::default());
        assert!(names_in(&r, 0).is_empty(), "{:?}", r.entities);
    }

    #[test]
    fn a_word_opening_sentences_in_many_documents_is_no_name_for_one_capitalised_use_inside_a_sentence() {
        let r = run(
            &[
                "Meanwhile, the company said profits rose.",
                "Meanwhile, rivals cut prices in the spring.",
                "Meanwhile, the board met on Monday.",
                "Meanwhile, shares fell for a third day.",
                "Meanwhile, lenders tightened their terms.",
                "Their new show Meanwhile aired in May.",
            ],
            &EntityRules::default(),
        );
        assert!(entity(&r, "Meanwhile").is_none(), "{:?}", r.entities);
    }

    #[test]
    fn a_word_no_list_knows_opening_sentences_in_many_documents_is_no_name() {
        let r = run_in(
            "fr",
            &[
                "Parallèlement, le gouvernement a annoncé un plan.",
                "Parallèlement, la banque a relevé ses taux.",
                "Parallèlement, les syndicats ont appelé à la grève.",
            ],
            &EntityRules::default(),
        );
        assert!(r.entities.is_empty(), "{:?}", r.entities);
    }

    #[test]
    fn a_rare_word_opening_sentences_is_a_name_unless_the_corpus_says_otherwise() {
        let r = run(&["Putin said the models matter."], &EntityRules::default());
        assert_eq!(names_in(&r, 0), ["Putin"], "{:?}", r.entities);
        let r = run(
            &[
                "Gazprom reported a loss for the year.",
                "Gazprom cut gas supplies to the region.",
                "Gazprom raised its dividend again.",
                "Gazprom signed a deal on Monday.",
                "Gazprom said exports would fall.",
                "Shares of Gazprom fell in Moscow.",
                "A deal between the regulator and Gazprom collapsed.",
            ],
            &EntityRules::default(),
        );
        assert!(names_in(&r, 0).contains(&"Gazprom"), "{:?}", r.entities);
    }

    #[test]
    fn configured_rules_win_over_inference() {
        let rules = EntityRules {
            suppress: vec!["Gate".to_string()],
            aliases: vec![("Vladimir Putin".to_string(), vec!["VVP".to_string()])],
            kinds: vec![("Kremlin".to_string(), EntityKind::Organization)],
        };
        let r = run(&["Traders at Gate and VVP met in the Kremlin on Monday."], &rules);
        assert!(entity(&r, "Gate").is_none(), "{:?}", r.entities);
        let putin = entity(&r, "Vladimir Putin").expect("configured alias");
        assert!(putin.aliases.contains(&"VVP".to_string()));
        assert_eq!(entity(&r, "Kremlin").map(|e| e.kind), Some(EntityKind::Organization));
    }

    #[test]
    fn mentions_count_every_spelling_and_keep_the_first_sentence() {
        let r = run(
            &["Trade with the United States grew. The U.S. said so. Later the US agreed."],
            &EntityRules::default(),
        );
        let m = &r.mentions[0][0];
        assert_eq!(m.count, 3);
        assert_eq!(&*m.first.sentence, "Trade with the United States grew.");
        let surfaces: Vec<&str> = m.surfaces.iter().map(|s| &**s).collect();
        assert_eq!(surfaces, ["United States", "U.S.", "US"]);
    }
}
