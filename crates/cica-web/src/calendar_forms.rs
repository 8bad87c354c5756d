//! The calendar's records as the editors' forms show them (see `record_forms`): a meeting's
//! fields, its values as typed, and the form read into the input the API reads
//! ([`MeetingInput`]).

use std::collections::BTreeMap;

use cica_app::{Actor, App, AppError};
use cica_domain::{Meeting, MeetingFormat, MeetingStatus, Slug, rules};
use cica_store::{Expect, Version};

use crate::calendar::{MeetingInput, OutcomeInput, WhenInput};
use crate::error::WebError;
use crate::forms::Form;
use crate::record_forms::{Field, FormRecord, Kind, Section, joined, typed, typed_keys};
use crate::state::{AppState, Directory};

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
    const WHAT: &'static str = "meeting";
    const PAGES: &'static str = "/meetings";
    const AREA: &'static str = "calendar";
    const LIST: (&'static str, &'static str) = ("/calendar", "Calendar");
    const NEW: &'static str = "Record a meeting";
    const EDIT: &'static str = "Edit a meeting";

    fn sections(dir: &Directory) -> Vec<Section> {
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
                            "one a line, the act and what it concerned: “adopted: the rules of procedure”; acts: {}",
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
                    Field::new("note", "Note for the record", "optional", Kind::Line),
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

    fn id(&self) -> &Slug {
        &self.id
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

    fn read(f: &Form, id: Slug, stored: Option<&Self>, dir: &Directory) -> Result<Self, WebError> {
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
        let number = match typed(f, "number") {
            None => None,
            Some(n) => Some(n.trim().parse::<u32>().map_err(|_| {
                WebError::Fields(vec![(
                    "number".into(),
                    format!("`{}` is not a whole number", n.trim()),
                )])
            })?),
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
        input.meeting(id, stored, dir)
    }

    fn field_of(field: &str) -> String {
        match field {
            "date.time" => "time".into(),
            other => other.split(['[', '.']).next().unwrap_or(other).to_owned(),
        }
    }

    async fn stored(app: &AppState, id: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().meeting_versioned(id).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_meeting(actor, record, expect).await
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        uses.create_meeting(actor, record).await
    }
}
