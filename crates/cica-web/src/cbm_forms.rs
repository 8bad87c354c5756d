//! The Catalogue of CBMs as the editors' forms show it (see `record_forms`): a priority area
//! with its coordinators' terms and action plans, and an implementation activity. Each form
//! is read into the body `PUT /api/v1/cbm/areas/{slug}` or `/cbm/activities/{slug}` reads,
//! so the two refuse the same things with the same words through the same use case.
//!
//! Terms are typed one per line, `KAZ | coordinator | 2021-10 | 2024 | decision | sources |
//! note` (the role followed by `(unconfirmed)` when the sources leave it uncertain); plans
//! likewise, `2024 | 2025 | adopted | decision | sources | note`.

use std::collections::BTreeMap;

use cica_app::{Actor, App, AppError};
use cica_domain::cbm::{
    ActionPlan, Activity, ActivityKind, CoordinatorTerm, Dimension, PriorityArea,
};
use cica_domain::{Provenance, Slug};
use cica_store::{Expect, Version};

use crate::cbm::{ActivityBody, AreaBody, PlanBody, TermBody};
use crate::error::WebError;
use crate::forms::Form;
use crate::record_forms::{
    Field, FormRecord, Kind, Section, joined, kept, kept_lines, sources_section, typed, typed_key,
    typed_keys, unlined,
};
use crate::state::{AppState, Directory};

const UNCONFIRMED: &str = "(unconfirmed)";

/// The parts of one typed line, `|`-separated and trimmed; at most `n`.
fn parts(line: &str, n: usize) -> Vec<String> {
    line.splitn(n, '|').map(|p| p.trim().to_owned()).collect()
}

/// The first part of a line with its `(unconfirmed)` mark taken off, and whether it had one.
fn marked(first: &str) -> (String, bool) {
    match first.strip_suffix(UNCONFIRMED) {
        Some(rest) => (rest.trim().to_owned(), true),
        None => (first.to_owned(), false),
    }
}

/// A part of a line, or nothing when blank.
fn part(parts: &[String], i: usize) -> Option<String> {
    parts.get(i).filter(|p| !p.is_empty()).cloned()
}

/// Sources typed in one part of a line, separated by semicolons.
fn sources_of(parts: &[String], i: usize) -> Vec<String> {
    parts
        .get(i)
        .map(|s| {
            s.split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// A line of parts, its trailing blanks left off (the first `keep` always kept).
fn line_of(mut parts: Vec<String>, keep: usize) -> String {
    while parts.len() > keep && parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts.join(" | ")
}

/// Whether an entry's sources or note cannot stand, unchanged, in the parts of its line.
fn lossy(p: &Provenance) -> bool {
    p.note.as_deref().is_some_and(unlined)
        || p.sources.iter().any(|s| unlined(s) || s.contains(';'))
}

/// The parts of a line a record's provenance gives: its sources and note.
fn provenance_parts(p: &Provenance) -> [String; 2] {
    [p.sources.join("; "), p.note.clone().unwrap_or_default()]
}

fn term_line(t: &CoordinatorTerm) -> String {
    let mut role = t.role.as_str().to_owned();
    if t.provenance.unconfirmed {
        role = format!("{role} {UNCONFIRMED}");
    }
    let [sources, note] = provenance_parts(&t.provenance);
    line_of(
        vec![
            t.state.to_string(),
            role,
            t.from.iso(),
            t.until.map(|u| u.iso()).unwrap_or_default(),
            t.decided_by
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            sources,
            note,
        ],
        3,
    )
}

fn term_lines(terms: &[CoordinatorTerm]) -> String {
    terms.iter().map(term_line).collect::<Vec<_>>().join("\n")
}

/// A stored term as the API's body gives it back.
fn term_kept(t: &CoordinatorTerm) -> TermBody {
    TermBody {
        state: t.state.to_string(),
        role: t.role.as_str().to_owned(),
        from: t.from.iso(),
        until: t.until.map(|u| u.iso()),
        decision: t.decided_by.as_ref().map(ToString::to_string),
        unconfirmed: t.provenance.unconfirmed,
        note: t.provenance.note.clone(),
        sources: t.provenance.sources.clone(),
        _name: None,
        _current: None,
    }
}

fn term_body(line: &str) -> TermBody {
    let p = parts(line, 7);
    let (role, unconfirmed) = marked(&part(&p, 1).unwrap_or_default());
    TermBody {
        state: part(&p, 0).unwrap_or_default(),
        role,
        from: part(&p, 2).unwrap_or_default(),
        until: part(&p, 3),
        decision: part(&p, 4),
        unconfirmed,
        note: part(&p, 6),
        sources: sources_of(&p, 5),
        _name: None,
        _current: None,
    }
}

fn plan_line(p: &ActionPlan) -> String {
    let mut first = p.first_year.to_string();
    if p.provenance.unconfirmed {
        first = format!("{first} {UNCONFIRMED}");
    }
    let [sources, note] = provenance_parts(&p.provenance);
    line_of(
        vec![
            first,
            p.last_year.to_string(),
            p.adopted.map(|d| d.iso()).unwrap_or_default(),
            p.decided_by
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            sources,
            note,
        ],
        2,
    )
}

fn plan_lines(plans: &[ActionPlan]) -> String {
    plans.iter().map(plan_line).collect::<Vec<_>>().join("\n")
}

fn plan_kept(p: &ActionPlan) -> PlanBody {
    PlanBody {
        first_year: p.first_year,
        last_year: Some(p.last_year),
        adopted: p.adopted.map(|d| d.iso()),
        decision: p.decided_by.as_ref().map(ToString::to_string),
        unconfirmed: p.provenance.unconfirmed,
        note: p.provenance.note.clone(),
        sources: p.provenance.sources.clone(),
    }
}

/// A plan typed on line `i`; a year that is not a number is refused by its line.
fn plan_body(i: usize, line: &str) -> Result<PlanBody, (String, String)> {
    let p = parts(line, 6);
    let (first, unconfirmed) = marked(&part(&p, 0).unwrap_or_default());
    let year = |t: &str, field: &str| {
        t.parse::<i32>().map_err(|_| {
            (
                format!("plans[{i}].{field}"),
                format!("`{t}` is not a year"),
            )
        })
    };
    let first_year = year(&first, "first_year")?;
    let last_year = part(&p, 1).map(|t| year(&t, "last_year")).transpose()?;
    Ok(PlanBody {
        first_year,
        last_year,
        adopted: part(&p, 2),
        decision: part(&p, 3),
        unconfirmed,
        note: part(&p, 5),
        sources: sources_of(&p, 4),
    })
}

fn dimension_choices() -> Vec<(String, String)> {
    Dimension::ALL
        .iter()
        .map(|d| (d.as_str().to_owned(), d.label().to_owned()))
        .collect()
}

#[async_trait::async_trait]
impl FormRecord for PriorityArea {
    type Key = Slug;
    const WHAT: &'static str = "priority area";
    const PAGES: &'static str = "/cbm/areas";
    const AREA: &'static str = "cbm";
    const LIST: (&'static str, &'static str) = ("/cbm", "Confidence-building measures");
    const NEW: &'static str = "Record a priority area";
    const EDIT: &'static str = "Edit a priority area";

    fn sections(_dir: &Directory, new: bool) -> Vec<Section> {
        let mut first = Vec::new();
        if new {
            first.push(Field::new(
                "slug",
                "Address",
                "the area's address under /cbm/areas/: lower-case letters, digits and hyphens, e.g. digital-economy",
                Kind::Line,
            ));
        }
        first.extend([
            Field::new(
                "dimension",
                "Dimension",
                "",
                Kind::Select(dimension_choices()),
            ),
            Field::new("name", "Name", "as the Catalogue names it", Kind::Line),
            Field::new(
                "short_name",
                "Short name",
                "optional: short enough for a column of the matrix, e.g. ICT security",
                Kind::Line,
            ),
            Field::new(
                "description",
                "What it covers",
                "a sentence or two",
                Kind::Text { rows: 3 },
            ),
            Field::new(
                "measures",
                "Measures",
                "one per line, as the Catalogue lists them",
                Kind::Text { rows: 4 },
            ),
            Field::new(
                "unconfirmed",
                "Unconfirmed",
                "the sources leave the area uncertain",
                Kind::Check,
            ),
        ]);
        vec![
            Section {
                legend: "The area",
                fields: first,
            },
            Section {
                legend: "Coordinators and action plans",
                fields: vec![
                    Field::new(
                        "coordinators",
                        "Coordinators' terms",
                        "one per line: the state's code | coordinator or co-coordinator | from (a day, month or year) | until (empty while it runs) | the deciding act's id | sources; separated by semicolons | note. Write (unconfirmed) after the role when the sources leave it uncertain.",
                        Kind::Text { rows: 10 },
                    ),
                    Field::new(
                        "plans",
                        "Action plans",
                        "one per line: first year | last year | adopted (a day, month or year) | the adopting decision's id | sources | note",
                        Kind::Text { rows: 3 },
                    ),
                ],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [("dimension".to_owned(), "economic".to_owned())].into()
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
        put("slug", self.slug.to_string());
        put("dimension", self.dimension.as_str().to_owned());
        put("name", self.name.clone());
        put("short_name", self.short_name.clone().unwrap_or_default());
        put("description", self.description.clone().unwrap_or_default());
        put("measures", self.measures.join("\n"));
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("coordinators", term_lines(&self.terms));
        put("plans", plan_lines(&self.plans));
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
        let slug = typed_key(f, key, "slug", "digital-economy")?;
        let (terms, plans): (&[CoordinatorTerm], &[ActionPlan]) =
            stored.map_or((&[], &[]), |a| (&a.terms, &a.plans));
        let coordinators = kept(
            f.v("coordinators"),
            terms,
            term_line,
            |t| lossy(&t.provenance),
            term_kept,
            |_, line| Ok::<_, ()>(term_body(line)),
        )
        .map_err(|e| e.refused("coordinators"))?;
        let plans = kept(
            f.v("plans"),
            plans,
            plan_line,
            |p| lossy(&p.provenance),
            plan_kept,
            plan_body,
        )
        .map_err(|e| e.refusals("plans", |x| x))?;
        let list = |field: &str, stored: Option<&Vec<String>>| {
            kept_lines(f.v(field), stored.map_or(&[][..], |s| s)).map_err(|e| e.refused(field))
        };
        AreaBody {
            slug: None,
            dimension: f.v("dimension").to_owned(),
            name: f.v("name").to_owned(),
            short_name: typed(f, "short_name"),
            description: typed(f, "description"),
            measures: list("measures", stored.map(|a| &a.measures))?,
            coordinators,
            plans,
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources: list("sources", stored.map(|a| &a.provenance.sources))?,
            _activities: None,
            _quiet: None,
        }
        .area(slug)
    }

    fn entry_label(field: &str) -> Option<String> {
        crate::record_forms::entry_of(field, "line")
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().cbm_area(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Slug,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_cbm_area(actor, record, expect).await
    }

    fn lede(&self) -> String {
        "Saving changes the area's page and the dashboard at once; a corrected area keeps its place in the Catalogue and its activities.".to_owned()
    }
}

fn kind_choices() -> Vec<(String, String)> {
    ActivityKind::ALL
        .iter()
        .map(|k| (k.as_str().to_owned(), k.label().to_owned()))
        .collect()
}

fn area_choices(dir: &Directory) -> Vec<(String, String)> {
    dir.cbm_areas
        .iter()
        .map(|(slug, name)| (slug.clone(), name.clone()))
        .collect()
}

#[async_trait::async_trait]
impl FormRecord for Activity {
    type Key = Slug;
    const WHAT: &'static str = "CBM activity";
    const PAGES: &'static str = "/cbm/activities";
    const AREA: &'static str = "cbm";
    const LIST: (&'static str, &'static str) = ("/cbm", "Confidence-building measures");
    const NEW: &'static str = "Record an implementation activity";
    const EDIT: &'static str = "Edit an implementation activity";
    const DELETABLE: bool = true;

    fn sections(dir: &Directory, new: bool) -> Vec<Section> {
        let mut first = Vec::new();
        if new {
            first.push(Field::new(
                "slug",
                "Key",
                "lower-case letters, digits and hyphens, e.g. ict-incident-response-training-2025",
                Kind::Line,
            ));
        }
        first.extend([
            Field::new("area", "Priority area", "", Kind::Select(area_choices(dir))),
            Field::new("kind", "Kind", "", Kind::Select(kind_choices())),
            Field::new("title", "Title", "as the sources give it", Kind::Line),
            Field::new("start", "First day", "YYYY-MM-DD", Kind::Line),
            Field::new(
                "end",
                "Last day",
                "YYYY-MM-DD; empty for a single day",
                Kind::Line,
            ),
            Field::new("place", "Place", "optional: a city", Kind::Line),
            Field::new("online", "Held online", "", Kind::Check),
            Field::new(
                "summary",
                "What was done",
                "a sentence or two, in the Secretariat's words",
                Kind::Text { rows: 3 },
            ),
            Field::new(
                "unconfirmed",
                "Unconfirmed",
                "the sources leave it uncertain",
                Kind::Check,
            ),
        ]);
        vec![
            Section {
                legend: "The activity",
                fields: first,
            },
            Section {
                legend: "Who took part",
                fields: vec![
                    Field::new(
                        "organisers",
                        "Organising states",
                        "codes, separated by commas, the coordinator first: RUS, KAZ",
                        Kind::Keys,
                    ),
                    Field::new(
                        "organizations",
                        "Organising organizations",
                        "slugs of the register, separated by commas",
                        Kind::Line,
                    ),
                    Field::new(
                        "participants",
                        "Other Member States taking part",
                        "codes, separated by commas",
                        Kind::Keys,
                    ),
                    Field::new(
                        "states_reported",
                        "Member States taking part, as the sources count them",
                        "optional: organisers included; at least as many as are named",
                        Kind::Number,
                    ),
                ],
            },
            Section {
                legend: "Links",
                fields: vec![
                    Field::new(
                        "meetings",
                        "Meetings",
                        "ids, separated by commas",
                        Kind::Line,
                    ),
                    Field::new(
                        "news",
                        "News items",
                        "slugs, separated by commas",
                        Kind::Line,
                    ),
                ],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [("kind".to_owned(), "workshop".to_owned())].into()
    }

    fn key(&self) -> Slug {
        self.slug.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.title.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        put("slug", self.slug.to_string());
        put("area", self.area.to_string());
        put("kind", self.kind.as_str().to_owned());
        put("title", self.title.clone());
        put("start", day(self.when.start()));
        if !self.when.is_single_day() {
            put("end", day(self.when.end()));
        }
        put("place", self.place.clone().unwrap_or_default());
        if self.online {
            put("online", "on".into());
        }
        put("summary", self.summary.clone().unwrap_or_default());
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("organisers", joined(&self.organisers));
        put("organizations", joined(&self.organisations));
        put("participants", joined(&self.participants));
        put(
            "states_reported",
            self.states_reported
                .map(|n| n.to_string())
                .unwrap_or_default(),
        );
        put("meetings", joined(&self.meetings));
        put("news", joined(&self.news));
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
        let slug = typed_key(f, key, "slug", "ict-incident-response-training-2025")?;
        let states_reported = match typed(f, "states_reported") {
            None => None,
            Some(t) => Some(t.trim().parse::<u32>().map_err(|_| {
                WebError::invalid("states_reported", format!("`{t}` is not a whole number"))
            })?),
        };
        let upper = |field: &str| -> Vec<String> {
            typed_keys(f.v(field))
                .iter()
                .map(|k| k.to_uppercase())
                .collect()
        };
        ActivityBody {
            slug: None,
            area: f.v("area").to_owned(),
            kind: f.v("kind").to_owned(),
            title: f.v("title").to_owned(),
            start: f.v("start").to_owned(),
            end: typed(f, "end"),
            place: typed(f, "place"),
            online: !f.v("online").is_empty(),
            organisers: upper("organisers"),
            organizations: typed_keys(f.v("organizations")),
            participants: upper("participants"),
            states_reported,
            summary: typed(f, "summary"),
            meetings: typed_keys(f.v("meetings")),
            news: typed_keys(f.v("news")),
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources: kept_lines(
                f.v("sources"),
                stored.map_or(&[][..], |a| &a.provenance.sources),
            )
            .map_err(|e| e.refused("sources"))?,
            _states_count: None,
        }
        .activity(slug)
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().cbm_activity(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Slug,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_cbm_activity(actor, record, expect).await
    }

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_cbm_activity(actor, key, expect).await
    }

    /// An activity has no page of its own: it is shown on its area's.
    fn saved_to(&self, _key: &Slug) -> String {
        format!("/cbm/areas/{}#{}", self.area, self.slug)
    }

    fn lede(&self) -> String {
        "Saving changes the area's page and the dashboard at once.".to_owned()
    }
}
