//! The registers' records as the editors' forms show them (see `record_forms`): a state's
//! and an organization's fields, its values as typed, and the form read into the input the API reads
//! ([`StateInput`], [`OrganizationInput`]). Status periods are typed one per line:
//! `observer | 2009 | 2014-05 | source; source | note`, the status followed by
//! `(unconfirmed)` when the sources leave it uncertain.

use std::collections::BTreeMap;

use cica_app::{Actor, App, AppError};
use cica_domain::{
    Affiliation, Body, BodyKind, Chairmanship, OrgKind, Organization, Person, Slug, State,
    StateCode, StatusPeriod,
};
use cica_store::{Expect, Version};

use crate::error::WebError;
use crate::forms::Form;
use crate::record_forms::{Field, FormRecord, Kind, Section, lines, sources_section, typed};
use crate::registers::{
    BodyInput, ChairmanshipInput, OrganizationInput, PersonInput, PriorityInput, RoleInput,
    StateInput, StatusPeriodInput,
};
use crate::state::{AppState, Directory};

const UNCONFIRMED: &str = "(unconfirmed)";

/// Status periods, one per line, as the form shows them.
pub fn period_lines(periods: &[StatusPeriod]) -> String {
    periods
        .iter()
        .map(|p| {
            let mut status = p.status.as_str().to_owned();
            if p.provenance.unconfirmed {
                status = format!("{status} {UNCONFIRMED}");
            }
            let mut parts = vec![
                status,
                p.from.map(|d| d.iso()).unwrap_or_default(),
                p.until.map(|d| d.iso()).unwrap_or_default(),
                p.provenance.sources.join("; "),
                p.provenance.note.clone().unwrap_or_default(),
            ];
            while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            parts.join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Status periods typed one per line, read as the API reads them.
pub fn period_inputs(text: &str) -> Vec<StatusPeriodInput> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(5, '|').map(|p| p.trim().to_owned());
            let mut status = parts.next().unwrap_or_default();
            let unconfirmed = status.ends_with(UNCONFIRMED);
            if unconfirmed {
                status = status.trim_end_matches(UNCONFIRMED).trim().to_owned();
            }
            let from = parts.next().filter(|p| !p.is_empty());
            let until = parts.next().filter(|p| !p.is_empty());
            let sources = parts
                .next()
                .map(|s| {
                    s.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let note = parts.next().filter(|p| !p.is_empty());
            StatusPeriodInput {
                status,
                from,
                until,
                unconfirmed,
                note,
                sources,
            }
        })
        .collect()
}

#[async_trait::async_trait]
impl FormRecord for Organization {
    type Key = Slug;
    const DELETABLE: bool = true;

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_registered(actor, cica_store::Registered::Organization, key, expect)
            .await
    }

    const WHAT: &'static str = "organization";
    const PAGES: &'static str = "/organizations";
    const AREA: &'static str = "members";
    const LIST: (&'static str, &'static str) = ("/members#organizations", "Organizations");
    const NEW: &'static str = "Record an organization";
    const EDIT: &'static str = "Edit an organization";

    fn sections(dir: &Directory, _new: bool) -> Vec<Section> {
        let mut states: Vec<(String, String)> = dir
            .states
            .values()
            .map(|s| (s.code.to_string(), format!("{} ({})", s.name, s.code)))
            .collect();
        states.sort_by(|a, b| a.1.cmp(&b.1));
        states.insert(0, (String::new(), "—".into()));
        let kinds = OrgKind::expected()
            .split(", ")
            .map(|k| {
                (
                    k.to_owned(),
                    crate::forms::capitalised(&k.replace('-', " ")),
                )
            })
            .collect();
        vec![
            Section {
                legend: "The organization",
                fields: vec![
                    Field::new(
                        "name",
                        "Name",
                        "in full, as it names itself in English",
                        Kind::Line,
                    ),
                    Field::new("acronym", "Acronym", "optional, e.g. SCO", Kind::Line),
                    Field::new("kind", "Kind", "", Kind::Select(kinds)),
                    Field::new(
                        "state",
                        "State",
                        "for a national body: the state it belongs to",
                        Kind::Select(states),
                    ),
                    Field::new("website", "Website", "optional, https://…", Kind::Line),
                    Field::new(
                        "aliases",
                        "Other names",
                        "one per line: the names texts use for it, which the importer recognises",
                        Kind::Text { rows: 3 },
                    ),
                ],
            },
            Section {
                legend: "Status with CICA",
                fields: vec![Field::new(
                    "history",
                    "Status periods",
                    "one per line: the status (observer or partner), from, until (a day, a month 2014-05 or a year; empty when open), sources separated by ;, a note: “observer | 2014-05 | | https://… | admitted at the Summit”; add (unconfirmed) after the status when the sources leave it uncertain",
                    Kind::Text { rows: 6 },
                )],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [("kind".to_owned(), "international".to_owned())].into()
    }

    fn key(&self) -> Slug {
        self.slug.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.name.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("name", self.name.clone());
        put("acronym", self.acronym.clone().unwrap_or_default());
        put("kind", self.kind.as_str().to_owned());
        put(
            "state",
            self.state
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put("website", self.website.clone().unwrap_or_default());
        put("aliases", self.aliases.join("\n"));
        put("history", period_lines(&self.statuses));
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let input = OrganizationInput {
            slug: None,
            name: f.v("name").to_owned(),
            acronym: typed(f, "acronym"),
            kind: f.v("kind").to_owned(),
            state: typed(f, "state"),
            website: typed(f, "website"),
            aliases: lines(f.v("aliases")),
            history: period_inputs(f.v("history")),
            note: typed(f, "note"),
            sources: lines(f.v("sources")),
            _status: None,
            _since: None,
            _confirmed: None,
            _url: None,
        };
        let slug = match key {
            Some(k) => k,
            None => Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?,
        };
        let mut o = input.organization(slug)?;
        if let Some(s) = stored {
            o.provenance.unconfirmed = s.provenance.unconfirmed;
        }
        Ok(o)
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().organization_versioned(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_organization(actor, record, expect).await
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        uses.create_organization(actor, record).await
    }
}

#[async_trait::async_trait]
impl FormRecord for State {
    type Key = StateCode;
    const WHAT: &'static str = "state";
    const PAGES: &'static str = "/states";
    const AREA: &'static str = "members";
    const LIST: (&'static str, &'static str) = ("/members", "Members");
    const NEW: &'static str = "Record a state";
    const EDIT: &'static str = "Edit a state";

    fn sections(_dir: &Directory, new: bool) -> Vec<Section> {
        let mut first = Vec::new();
        if new {
            first.push(Field::new(
                "code",
                "Code",
                "ISO 3166-1 alpha-3, e.g. KAZ; it names the state in every record",
                Kind::Line,
            ));
        }
        first.extend([
            Field::new("name", "Name", "the short name, e.g. Kazakhstan", Kind::Line),
            Field::new(
                "official_name",
                "Official name",
                "optional, e.g. Republic of Kazakhstan",
                Kind::Line,
            ),
            Field::new(
                "aliases",
                "Other names",
                "one per line: older and other spellings texts use (Türkiye, Turkey), which the importer recognises",
                Kind::Text { rows: 3 },
            ),
            Field::new(
                "adjectives",
                "Adjectives",
                "one per line: Kazakh, Kazakhstani",
                Kind::Text { rows: 2 },
            ),
        ]);
        vec![
            Section {
                legend: "The state",
                fields: first,
            },
            Section {
                legend: "Status with CICA",
                fields: vec![Field::new(
                    "history",
                    "Status periods",
                    "one per line: the status (member or observer), from, until (a day, a month 2014-05 or a year; empty when open), sources separated by ;, a note: “member | 1999-09-14 | | https://…”; add (unconfirmed) after the status when the sources leave it uncertain",
                    Kind::Text { rows: 6 },
                )],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn key(&self) -> StateCode {
        self.code.clone()
    }

    fn parse_key(text: &str) -> Option<StateCode> {
        StateCode::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.name.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("name", self.name.clone());
        put(
            "official_name",
            self.official_name.clone().unwrap_or_default(),
        );
        put("aliases", self.aliases.join("\n"));
        put("adjectives", self.adjectives.join("\n"));
        put("history", period_lines(&self.statuses));
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<StateCode>,
        stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let code = match key {
            Some(k) => k,
            None => StateCode::parse(&f.v("code").trim().to_uppercase()).map_err(|_| {
                WebError::Fields(vec![(
                    "code".into(),
                    match f.v("code").trim() {
                        "" => "enter the state's three-letter ISO code, such as KAZ".to_owned(),
                        typed => format!("`{typed}` is not a three-letter ISO code such as KAZ"),
                    },
                )])
            })?,
        };
        let input = StateInput {
            code: None,
            name: f.v("name").to_owned(),
            official_name: typed(f, "official_name"),
            aliases: lines(f.v("aliases")),
            adjectives: lines(f.v("adjectives")),
            history: period_inputs(f.v("history")),
            note: typed(f, "note"),
            sources: lines(f.v("sources")),
            _status: None,
            _since: None,
            _confirmed: None,
            _url: None,
            _chairmanships: None,
        };
        input.state(code, stored)
    }

    async fn stored(app: &AppState, key: &StateCode) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().state_versioned(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_state(actor, record, expect).await
    }

    async fn create(
        uses: &App,
        actor: &Actor,
        record: Self,
    ) -> Result<(StateCode, Version), AppError> {
        let version = uses.save_state(actor, &record, Expect::Absent).await?;
        Ok((record.code, version))
    }
}

#[async_trait::async_trait]
impl FormRecord for Body {
    type Key = Slug;
    const DELETABLE: bool = true;

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_registered(actor, cica_store::Registered::Body, key, expect)
            .await
    }

    const WHAT: &'static str = "body";
    const PAGES: &'static str = "/bodies";
    const AREA: &'static str = "bodies";
    const LIST: (&'static str, &'static str) = ("/bodies", "Bodies");
    const NEW: &'static str = "Record a body";
    const EDIT: &'static str = "Edit a body";

    fn sections(dir: &Directory, _new: bool) -> Vec<Section> {
        let mut parents: Vec<(String, String)> = dir
            .bodies
            .values()
            .map(|b| (b.slug.to_string(), b.name.clone()))
            .collect();
        parents.sort_by(|a, b| a.1.cmp(&b.1));
        parents.insert(0, (String::new(), "— (none)".into()));
        let kinds = BodyKind::expected()
            .split(", ")
            .map(|k| {
                (
                    k.to_owned(),
                    crate::forms::capitalised(&k.replace('-', " ")),
                )
            })
            .collect();
        vec![
            Section {
                legend: "The body",
                fields: vec![
                    Field::new(
                        "name",
                        "Name",
                        "in full, e.g. Senior Officials Committee",
                        Kind::Line,
                    ),
                    Field::new(
                        "short_name",
                        "Short name",
                        "optional: what lists and meeting titles call it, e.g. SOC",
                        Kind::Line,
                    ),
                    Field::new("kind", "Kind", "", Kind::Select(kinds)),
                    Field::new(
                        "parent",
                        "Belongs to",
                        "the body it is part of, if any",
                        Kind::Select(parents),
                    ),
                    Field::new(
                        "established",
                        "Established",
                        "a day, a month (2014-05) or a year; a day to come: to be established",
                        Kind::Line,
                    ),
                    Field::new(
                        "unconfirmed",
                        "The day of establishment is not confirmed",
                        "",
                        Kind::Check,
                    ),
                    Field::new("description", "Description", "", Kind::Text { rows: 5 }),
                    Field::new(
                        "aliases",
                        "Other names",
                        "one per line: the names texts use for it (Foreign Ministers' meeting), which the importer recognises",
                        Kind::Text { rows: 3 },
                    ),
                ],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [("kind".to_owned(), "subsidiary".to_owned())].into()
    }

    fn key(&self) -> Slug {
        self.slug.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.name.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("name", self.name.clone());
        put("short_name", self.short_name.clone().unwrap_or_default());
        put("kind", self.kind.as_str().to_owned());
        put(
            "parent",
            self.parent
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put(
            "established",
            self.established.map(|d| d.iso()).unwrap_or_default(),
        );
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("description", self.description.clone());
        put("aliases", self.aliases.join("\n"));
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        _stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let input = BodyInput {
            slug: None,
            name: f.v("name").to_owned(),
            short_name: typed(f, "short_name"),
            kind: f.v("kind").to_owned(),
            parent: typed(f, "parent"),
            established: typed(f, "established"),
            description: f.v("description").to_owned(),
            aliases: lines(f.v("aliases")),
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources: lines(f.v("sources")),
            _url: None,
        };
        let slug = match key {
            Some(k) => k,
            None => Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?,
        };
        input.body(slug)
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().body_versioned(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_body(actor, record, expect).await
    }

    async fn create(
        uses: &App,
        actor: &Actor,
        mut record: Self,
    ) -> Result<(Slug, Version), AppError> {
        record.slug = crate::registers::body_slug(&record).ok_or_else(|| {
            AppError::invalid("name", "give a name in Latin letters, or a short name")
        })?;
        let version = uses.save_body(actor, &record, Expect::Absent).await?;
        Ok((record.slug, version))
    }
}

/// A person's roles, one per line, as the form shows them:
/// `Secretary General | body secretariat | 2022-10 | | source; source | note`, the title
/// followed by `(unconfirmed)` when the sources leave the role uncertain.
pub fn role_lines(roles: &[cica_domain::Role]) -> String {
    roles
        .iter()
        .map(|r| {
            let mut title = r.title.clone();
            if r.provenance.unconfirmed {
                title = format!("{title} {UNCONFIRMED}");
            }
            let at = match &r.affiliation {
                Affiliation::State(c) => format!("state {c}"),
                Affiliation::Organization(o) => format!("organization {o}"),
                Affiliation::Body(b) => format!("body {b}"),
            };
            let mut parts = vec![
                title,
                at,
                r.from.map(|d| d.iso()).unwrap_or_default(),
                r.until.map(|d| d.iso()).unwrap_or_default(),
                r.provenance.sources.join("; "),
                r.provenance.note.clone().unwrap_or_default(),
            ];
            while parts.len() > 2 && parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            parts.join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Roles typed one per line, read as the API reads them.
pub fn role_inputs(text: &str) -> Vec<RoleInput> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(6, '|').map(|p| p.trim().to_owned());
            let mut title = parts.next().unwrap_or_default();
            let unconfirmed = title.ends_with(UNCONFIRMED);
            if unconfirmed {
                title = title.trim_end_matches(UNCONFIRMED).trim().to_owned();
            }
            let at = parts.next().unwrap_or_default();
            let (kind, key) = at
                .trim()
                .split_once(char::is_whitespace)
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .unwrap_or((at.clone(), String::new()));
            let from = parts.next().filter(|p| !p.is_empty());
            let until = parts.next().filter(|p| !p.is_empty());
            let sources = parts
                .next()
                .map(|s| {
                    s.split(';')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            let note = parts.next().filter(|p| !p.is_empty());
            RoleInput {
                title,
                affiliation_kind: kind,
                affiliation: key,
                _affiliation_name: None,
                from,
                until,
                unconfirmed,
                note,
                sources,
            }
        })
        .collect()
}

#[async_trait::async_trait]
impl FormRecord for Person {
    type Key = Slug;
    const DELETABLE: bool = true;

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_registered(actor, cica_store::Registered::Person, key, expect)
            .await
    }

    const WHAT: &'static str = "person";
    const PAGES: &'static str = "/people";
    const AREA: &'static str = "members";
    const LIST: (&'static str, &'static str) = ("/members", "Members");
    const NEW: &'static str = "Record a person";
    const EDIT: &'static str = "Edit a person";

    fn sections(_dir: &Directory, _new: bool) -> Vec<Section> {
        vec![
            Section {
                legend: "The person",
                fields: vec![
                    Field::new(
                        "name",
                        "Name",
                        "as the records print it, e.g. Kairat Sarybay",
                        Kind::Line,
                    ),
                    Field::new(
                        "aliases",
                        "Other spellings",
                        "one per line: the spellings texts use, which the importer recognises",
                        Kind::Text { rows: 3 },
                    ),
                ],
            },
            Section {
                legend: "Roles",
                fields: vec![Field::new(
                    "roles",
                    "Roles",
                    "one per line, the current or best-known first: the title, where it is held (state KAZ, organization sco or body secretariat), from, until (a day, a month 2022-10 or a year; empty when open), sources separated by ;, a note: “Secretary General | body secretariat | 2022-10”; add (unconfirmed) after the title when the sources leave it uncertain",
                    Kind::Text { rows: 8 },
                )],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn key(&self) -> Slug {
        self.slug.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.name.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("name", self.name.clone());
        put("aliases", self.aliases.join("\n"));
        put("roles", role_lines(&self.roles));
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let input = PersonInput {
            slug: None,
            name: f.v("name").to_owned(),
            aliases: lines(f.v("aliases")),
            roles: role_inputs(f.v("roles")),
            note: typed(f, "note"),
            sources: lines(f.v("sources")),
            _title: None,
            _url: None,
        };
        let slug = match key {
            Some(k) => k,
            None => Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?,
        };
        input.person(slug, stored)
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().person_versioned(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_person(actor, record, expect).await
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        uses.create_person(actor, record).await
    }
}

/// A term of the Chair in an address: its state and first day, `AZE-2024-10-11`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TermKey(pub StateCode, pub cica_domain::PartialDate);

impl std::fmt::Display for TermKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.0, self.1)
    }
}

#[async_trait::async_trait]
impl FormRecord for Chairmanship {
    type Key = TermKey;
    const WHAT: &'static str = "chairmanship";
    const PAGES: &'static str = "/chairmanships";
    const AREA: &'static str = "members";
    const LIST: (&'static str, &'static str) = ("/members", "Members");
    const NEW: &'static str = "Record a term of the Chair";
    const EDIT: &'static str = "Edit a term of the Chair";

    fn history_name(key: &TermKey) -> Option<String> {
        Some(format!("chairmanship/{key}"))
    }

    fn sections(dir: &Directory, _new: bool) -> Vec<Section> {
        let mut fields = Vec::new();
        {
            let mut states: Vec<(String, String)> = dir
                .states
                .values()
                .map(|s| (s.code.to_string(), format!("{} ({})", s.name, s.code)))
                .collect();
            states.sort_by(|a, b| a.1.cmp(&b.1));
            fields.push(Field::new("state", "Chair", "", Kind::Select(states)));
            fields.push(Field::new(
                "from",
                "From",
                "the first day of the term (a month or a year when that is all the sources give); with the state it names the term, and a correction of either renames it",
                Kind::Line,
            ));
        }
        fields.extend([
            Field::new(
                "until",
                "Until",
                "the day the next term began; empty while in office",
                Kind::Line,
            ),
            Field::new(
                "unconfirmed",
                "The dates are not confirmed",
                "",
                Kind::Check,
            ),
            Field::new("theme", "Theme", "optional", Kind::Line),
            Field::new(
                "priorities",
                "Priorities",
                "one per line, in the Chair's order",
                Kind::Text { rows: 6 },
            ),
            Field::new(
                "soc_chair",
                "Chair of the SOC",
                "a person's slug, e.g. the Special Representative",
                Kind::Line,
            ),
        ]);
        vec![
            Section {
                legend: "The term",
                fields,
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn key(&self) -> TermKey {
        TermKey(self.state.clone(), self.from)
    }

    fn parse_key(text: &str) -> Option<TermKey> {
        crate::registers::term_key(text).map(|(s, d)| TermKey(s, d))
    }

    fn title(&self, dir: &Directory) -> String {
        format!("{}, from {}", dir.state_name(&self.state), self.from)
    }

    fn saved_to(&self, _key: &TermKey) -> String {
        format!("/states/{}", self.state)
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("state", self.state.to_string());
        put("from", self.from.iso());
        put("until", self.until.map(|d| d.iso()).unwrap_or_default());
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("theme", self.theme.clone().unwrap_or_default());
        put("priorities", self.priorities.join("\n"));
        put(
            "soc_chair",
            self.soc_chair
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        _key: Option<TermKey>,
        _stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let (state, from) = (f.v("state").to_owned(), f.v("from").to_owned());
        let input = ChairmanshipInput {
            state,
            from,
            until: typed(f, "until"),
            theme: typed(f, "theme"),
            priorities: lines(f.v("priorities"))
                .into_iter()
                .map(|text| PriorityInput {
                    _number: None,
                    text,
                })
                .collect(),
            soc_chair: typed(f, "soc_chair"),
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources: lines(f.v("sources")),
            _state_name: None,
            _current: None,
            _key: None,
        };
        input.chairmanship()
    }

    async fn stored(app: &AppState, key: &TermKey) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().chairmanship_versioned(&key.0, &key.1).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        key: &TermKey,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_chairmanship(actor, Some((&key.0, &key.1)), record, expect)
            .await
    }

    async fn create(
        uses: &App,
        actor: &Actor,
        record: Self,
    ) -> Result<(TermKey, Version), AppError> {
        let version = uses
            .save_chairmanship(actor, None, &record, Expect::Absent)
            .await?;
        Ok((TermKey(record.state, record.from), version))
    }
}
