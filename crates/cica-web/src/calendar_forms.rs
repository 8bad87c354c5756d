//! The calendar's records as the editors' forms show them (see `record_forms`): a meeting's
//! and an engagement's fields, their values as typed, and the form read into the input the
//! API reads ([`MeetingInput`], [`EngagementInput`]).

use std::collections::BTreeMap;

use cica_app::{Actor, App, AppError};
use cica_domain::{Engagement, EngagementKind, Meeting, MeetingFormat, MeetingStatus, Slug, rules};
use cica_store::{Expect, Version};

use crate::calendar::{CounterpartInput, EngagementInput, MeetingInput, OutcomeInput, WhenInput};
use crate::error::WebError;
use crate::forms::Form;
use crate::record_forms::{Field, FormRecord, Kind, Section, joined, typed, typed_keys};
use crate::state::{AppState, Directory};

/// The id a new record reads with until its own is made from it (`new` is never one).
fn placeholder() -> Slug {
    Slug::parse("new").unwrap_or_else(|_| unreachable!("`new` is a slug"))
}

/// Every state of the registers as a choice, by name, with none first.
fn state_choices(dir: &Directory) -> Vec<(String, String)> {
    let mut list: Vec<(String, String)> = dir
        .states
        .values()
        .map(|s| (s.code.to_string(), format!("{} ({})", s.name, s.code)))
        .collect();
    list.sort_by(|a, b| a.1.cmp(&b.1));
    list.insert(0, (String::new(), "—".into()));
    list
}

fn keyword_choices(all: &str) -> Vec<(String, String)> {
    all.split(", ")
        .map(|k| {
            (
                k.to_owned(),
                crate::forms::capitalised(&k.replace('-', " ")),
            )
        })
        .collect()
}

/// A line of the outcomes field: `adopted: the agenda`.
fn outcome_lines(m: &Meeting) -> String {
    m.outcomes
        .iter()
        .map(|o| format!("{}: {}", o.act, o.text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[async_trait::async_trait]
impl FormRecord for Meeting {
    type Key = Slug;
    const DELETABLE: bool = true;
    const WHAT: &'static str = "meeting";
    const PAGES: &'static str = "/meetings";
    const AREA: &'static str = "calendar";
    const LIST: (&'static str, &'static str) = ("/calendar", "Calendar");
    const NEW: &'static str = "Record a meeting";
    const EDIT: &'static str = "Edit a meeting";

    fn sections(dir: &Directory, _new: bool) -> Vec<Section> {
        let mut bodies: Vec<(String, String)> = dir
            .bodies
            .values()
            .map(|b| (b.slug.to_string(), b.name.clone()))
            .collect();
        bodies.sort_by(|a, b| a.1.cmp(&b.1));
        let states = state_choices(dir);
        vec![
            Section {
                legend: "The meeting",
                fields: vec![
                    Field::new("body", "Body", "", Kind::Select(bodies)),
                    Field::new(
                        "number",
                        "Number in its series",
                        "optional, e.g. 7 for the 7th Summit",
                        Kind::Number,
                    ),
                    Field::new(
                        "title",
                        "Title",
                        "only when it has one of its own; else it is called “7th Summit” or “SOC meeting”",
                        Kind::Line,
                    ),
                    Field::new(
                        "status",
                        "Status",
                        "",
                        Kind::Select(keyword_choices(&MeetingStatus::expected())),
                    ),
                    Field::new(
                        "format",
                        "Format",
                        "",
                        Kind::Select(keyword_choices(&MeetingFormat::expected())),
                    ),
                    Field::new("informal", "An informal meeting", "", Kind::Check),
                ],
            },
            Section {
                legend: "When and where",
                fields: vec![
                    Field::new(
                        "date",
                        "Days",
                        "a day, 2025-06-12; two or more, 2025-06-12/2025-06-13; or a time announced, 2025-summer, 2025-09, 2025-Q3, 2026",
                        Kind::Line,
                    ),
                    Field::new(
                        "time",
                        "Local start time",
                        "optional, with its UTC offset, e.g. 10:00+05:00",
                        Kind::Line,
                    ),
                    Field::new("unconfirmed", "The days are not confirmed", "", Kind::Check),
                    Field::new("city", "City", "", Kind::Line),
                    Field::new("country", "Country", "", Kind::Select(states.clone())),
                    Field::new("host", "Host", "", Kind::Select(states.clone())),
                ],
            },
            Section {
                legend: "Who took part",
                fields: vec![
                    Field::new("chair_state", "Chaired by", "", Kind::Select(states)),
                    Field::new(
                        "chair_person",
                        "Chair",
                        "a person's slug, e.g. kairat-sarybay",
                        Kind::Line,
                    ),
                    Field::new(
                        "states",
                        "States",
                        "three-letter codes separated by commas, e.g. KAZ, AZE",
                        Kind::Keys,
                    ),
                    Field::new(
                        "organizations",
                        "Organizations",
                        "slugs separated by commas, e.g. sco",
                        Kind::Keys,
                    ),
                ],
            },
            Section {
                legend: "What it did",
                fields: vec![
                    Field::new("summary", "Summary", "", Kind::Text { rows: 6 }),
                    Field::new(
                        "outcomes",
                        "Outcomes",
                        &format!(
                            "one per line, the act and what it concerned: “adopted: the rules of procedure”; acts: {}",
                            cica_domain::Act::expected()
                        ),
                        Kind::Text { rows: 4 },
                    ),
                    Field::new(
                        "series_note",
                        "Note on the series",
                        "optional, e.g. held alongside the UN General Assembly",
                        Kind::Line,
                    ),
                    Field::new(
                        "next",
                        "Next meeting",
                        "the id of the meeting it announced, if recorded",
                        Kind::Line,
                    ),
                    Field::new(
                        "news",
                        "Reported in",
                        "slugs of published news items, separated by commas",
                        Kind::Keys,
                    ),
                    Field::new(
                        "note",
                        "Note for the record",
                        "optional",
                        Kind::Text { rows: 2 },
                    ),
                ],
            },
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [
            ("body".to_owned(), "senior-officials-committee".to_owned()),
            ("status".to_owned(), "planned".to_owned()),
            ("format".to_owned(), "in-person".to_owned()),
        ]
        .into()
    }

    fn key(&self) -> Slug {
        self.id.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, dir: &Directory) -> String {
        rules::meeting_title(self, dir.bodies.get(&self.body))
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        let code = |c: &Option<cica_domain::StateCode>| c.as_ref().map(ToString::to_string);
        put("body", self.body.to_string());
        put(
            "number",
            self.number.map(|n| n.to_string()).unwrap_or_default(),
        );
        put("title", self.title.clone().unwrap_or_default());
        put("status", self.status.as_str().to_owned());
        put("format", self.format.as_str().to_owned());
        if self.informal {
            put("informal", "on".into());
        }
        put("date", self.when.iso());
        put("time", self.time.map(|t| t.iso()).unwrap_or_default());
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("city", self.city.clone().unwrap_or_default());
        put("country", code(&self.country).unwrap_or_default());
        put("host", code(&self.host).unwrap_or_default());
        put("chair_state", code(&self.chair_state).unwrap_or_default());
        put(
            "chair_person",
            self.chair_person
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put("states", joined(&self.states));
        put("organizations", joined(&self.organizations));
        put("summary", self.summary.clone().unwrap_or_default());
        put("outcomes", outcome_lines(self));
        put("series_note", self.series_note.clone().unwrap_or_default());
        put(
            "next",
            self.next
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put("news", joined(&self.news));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        stored: Option<&Self>,
        dir: &Directory,
    ) -> Result<Self, WebError> {
        let id = key.unwrap_or_else(placeholder);
        let outcomes = f
            .v("outcomes")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (act, text) = l.split_once(':').unwrap_or(("", l));
                OutcomeInput {
                    act: act.trim().to_owned(),
                    text: text.trim().to_owned(),
                }
            })
            .collect();
        let time = typed(f, "time");
        let date = match time {
            None => WhenInput::Period(f.v("date").trim().to_owned()),
            Some(t) => WhenInput::Days(crate::calendar::DaysInput::of(f.v("date"), t)),
        };
        // A number that is none is refused with whatever else is wrong.
        let (number, unread) = match typed(f, "number") {
            None => (None, None),
            Some(n) => match n.trim().parse::<u32>() {
                Ok(n) => (Some(n), None),
                Err(_) => (None, Some(format!("`{}` is not a whole number", n.trim()))),
            },
        };
        let input = MeetingInput {
            id: None,
            body: f.v("body").to_owned(),
            number,
            title: typed(f, "title"),
            date,
            city: typed(f, "city"),
            country: typed(f, "country"),
            format: typed(f, "format"),
            status: typed(f, "status"),
            informal: !f.v("informal").is_empty(),
            host: typed(f, "host"),
            chair_state: typed(f, "chair_state"),
            chair_person: typed(f, "chair_person"),
            states: typed_keys(&f.v("states").to_uppercase()),
            organizations: typed_keys(f.v("organizations")),
            series_note: typed(f, "series_note"),
            summary: typed(f, "summary"),
            outcomes,
            next: typed(f, "next"),
            news: typed_keys(f.v("news")),
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            _url: None,
        };
        let read = input.meeting(id, stored, dir);
        match (unread, read) {
            (None, read) => read,
            (Some(problem), Ok(_)) => Err(WebError::Fields(vec![("number".into(), problem)])),
            (Some(problem), Err(WebError::Fields(mut list))) => {
                list.insert(0, ("number".into(), problem));
                Err(WebError::Fields(list))
            }
            (Some(_), Err(other)) => Err(other),
        }
    }

    fn field_of(field: &str) -> String {
        match field {
            "date.time" => "time".into(),
            other => other.split(['[', '.']).next().unwrap_or(other).to_owned(),
        }
    }

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_meeting(actor, key, expect).await
    }

    async fn stored(app: &AppState, id: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().meeting_versioned(id).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_meeting(actor, record, expect).await
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        uses.create_meeting(actor, record).await
    }
}

/// A line of the counterparts field: `person | title | STATE | organization`, the empty
/// parts at the end left out.
fn counterpart_lines(e: &Engagement) -> String {
    e.counterparts
        .iter()
        .map(|c| {
            let mut parts = vec![
                c.person.to_string(),
                c.title.clone().unwrap_or_default(),
                c.state
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                c.organization
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            ];
            while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            parts.join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[async_trait::async_trait]
impl FormRecord for Engagement {
    type Key = Slug;
    const DELETABLE: bool = true;
    const WHAT: &'static str = "engagement";
    const PAGES: &'static str = "/engagements";
    const AREA: &'static str = "engagements";
    const LIST: (&'static str, &'static str) = ("/engagements", "Engagements");
    const NEW: &'static str = "Record an engagement";
    const EDIT: &'static str = "Edit an engagement";

    fn sections(dir: &Directory, _new: bool) -> Vec<Section> {
        let states = state_choices(dir);
        vec![
            Section {
                legend: "The engagement",
                fields: vec![
                    Field::new(
                        "kind",
                        "Kind",
                        "",
                        Kind::Select(keyword_choices(&EngagementKind::expected())),
                    ),
                    Field::new("start", "First day", "e.g. 2025-04-03", Kind::Line),
                    Field::new("end", "Last day", "if more than one", Kind::Line),
                    Field::new(
                        "unconfirmed",
                        "The day is only known to lie between these two",
                        "",
                        Kind::Check,
                    ),
                    Field::new("city", "City", "", Kind::Line),
                    Field::new("country", "Country", "", Kind::Select(states)),
                ],
            },
            Section {
                legend: "Who",
                fields: vec![
                    Field::new(
                        "secretariat",
                        "For the Secretariat",
                        "people's slugs separated by commas, e.g. kairat-sarybay",
                        Kind::Keys,
                    ),
                    Field::new(
                        "counterparts",
                        "Counterparts",
                        "one per line: the person's slug, then optionally after a bar the title held then, the state's code, the organization's slug: “jeyhun-bayramov | Minister of Foreign Affairs | AZE”",
                        Kind::Text { rows: 3 },
                    ),
                    Field::new(
                        "states",
                        "States concerned",
                        "three-letter codes separated by commas, e.g. KAZ, AZE",
                        Kind::Keys,
                    ),
                    Field::new(
                        "organizations",
                        "Organizations concerned",
                        "slugs separated by commas, e.g. sco",
                        Kind::Keys,
                    ),
                ],
            },
            Section {
                legend: "What about",
                fields: vec![
                    Field::new("topics", "Topics", "one per line", Kind::Text { rows: 4 }),
                    Field::new("summary", "Summary", "", Kind::Text { rows: 5 }),
                    Field::new(
                        "news",
                        "Reported in",
                        "the slug of a published news item",
                        Kind::Line,
                    ),
                    Field::new(
                        "note",
                        "Note for the record",
                        "optional",
                        Kind::Text { rows: 2 },
                    ),
                ],
            },
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [
            ("kind".to_owned(), "meeting".to_owned()),
            ("secretariat".to_owned(), "kairat-sarybay".to_owned()),
        ]
        .into()
    }

    fn key(&self) -> Slug {
        self.id.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, dir: &Directory) -> String {
        crate::calendar::engagement_row(self, dir).title
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("kind", self.kind.as_str().to_owned());
        put("start", self.when.start().format("%Y-%m-%d").to_string());
        if self.when.end() != self.when.start() {
            put("end", self.when.end().format("%Y-%m-%d").to_string());
        }
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("city", self.city.clone().unwrap_or_default());
        put(
            "country",
            self.country
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put("secretariat", joined(&self.secretariat));
        put("counterparts", counterpart_lines(self));
        put("states", joined(&self.states));
        put("organizations", joined(&self.organizations));
        put("topics", self.topics.join("\n"));
        put("summary", self.summary.clone().unwrap_or_default());
        put(
            "news",
            self.news
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        stored: Option<&Self>,
        dir: &Directory,
    ) -> Result<Self, WebError> {
        let id = key.unwrap_or_else(placeholder);
        let counterparts = f
            .v("counterparts")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let mut parts = l.split('|').map(|p| p.trim().to_owned());
                let mut next = || parts.next().filter(|p| !p.is_empty());
                CounterpartInput {
                    person: next().unwrap_or_default(),
                    _name: None,
                    title: next(),
                    state: next().map(|s| s.to_uppercase()),
                    organization: next(),
                }
            })
            .collect();
        let input = EngagementInput {
            id: None,
            start: f.v("start").to_owned(),
            end: typed(f, "end"),
            city: typed(f, "city"),
            country: typed(f, "country"),
            kind: f.v("kind").to_owned(),
            secretariat: typed_keys(f.v("secretariat")),
            counterparts,
            states: typed_keys(&f.v("states").to_uppercase()),
            organizations: typed_keys(f.v("organizations")),
            topics: f
                .v("topics")
                .lines()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            summary: typed(f, "summary"),
            news: typed(f, "news"),
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
        };
        input.engagement(id, stored, dir)
    }

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_engagement(actor, key, expect).await
    }

    async fn stored(app: &AppState, id: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().engagement_versioned(id).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_engagement(actor, record, expect).await
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        uses.create_engagement(actor, record).await
    }
}
