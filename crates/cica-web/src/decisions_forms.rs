//! A decision as the editors' form shows it (see `record_forms`): what was decided, where and
//! when, on which document version, with the statements made. A new one is recorded as
//! `POST /api/v1/decisions` records it (the next number in its organ's register); a decision
//! recorded is corrected as `PUT /api/v1/decisions/{id}` corrects it, its place in the
//! register and how it was taken kept. Statements are typed one per line:
//! `KAZ | reservation | what the state said`.

use std::collections::BTreeMap;

use cica_app::records::RecordDecision;
use cica_app::{Actor, App, AppError};
use cica_domain::Slug;
use cica_domain::consensus::Stance;
use cica_domain::decision::{Decision, DecisionAct, Taken, register_number};
use cica_store::{Expect, Version};

use crate::decisions::{DecisionInput, DocRefInput, StatementInput};
use crate::error::WebError;
use crate::forms::Form;
use crate::input::Fields;
use crate::record_forms::{
    Field, FormRecord, Kind, Section, body_choices, keyword_choices, lines, sources_section, typed,
};
use crate::state::{AppState, Directory};

/// Statements, one per line, as the form shows them.
fn statement_lines(d: &Decision) -> String {
    d.statements
        .iter()
        .map(|s| format!("{} | {} | {}", s.state, s.stance.as_str(), s.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The statements typed, one per line; a line that is not `state | stance | text` is refused
/// by its number.
fn statement_inputs(text: &str) -> Result<Vec<StatementInput>, WebError> {
    lines(text)
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let parts: Vec<&str> = line.splitn(3, '|').map(str::trim).collect();
            match parts.as_slice() {
                [state, stance, text] => Ok(StatementInput {
                    state: (*state).to_owned(),
                    stance: (*stance).to_owned(),
                    text: (*text).to_owned(),
                }),
                _ => Err(WebError::Fields(vec![(
                    format!("statements[{i}]"),
                    "type a statement as: the state's code | reservation or interpretative-statement | what it said".into(),
                )])),
            }
        })
        .collect()
}

#[async_trait::async_trait]
impl FormRecord for Decision {
    type Key = Slug;
    const WHAT: &'static str = "decision";
    const PAGES: &'static str = "/decisions";
    const AREA: &'static str = "decisions";
    const LIST: (&'static str, &'static str) = ("/decisions", "Decisions");
    const NEW: &'static str = "Record a decision";
    const EDIT: &'static str = "Correct a decision";

    fn sections(dir: &Directory, new: bool) -> Vec<Section> {
        let mut first = Vec::new();
        if new {
            first.push(Field::new(
                "organ",
                "Organ",
                "the organ that took it; the decision takes the next number in its register for the year",
                Kind::Select(body_choices(dir)),
            ));
        }
        first.extend([
            Field::new(
                "act",
                "What the organ did",
                "",
                Kind::Select(keyword_choices(DecisionAct::expected())),
            ),
            Field::new(
                "subject",
                "What was decided",
                "one line: “the Annual Action Plan of the Think Tank Forum for 2025”",
                Kind::Line,
            ),
            Field::new(
                "meeting",
                "Meeting",
                "the meeting's id, as in its address, e.g. soc-2025-02-27-baku; empty for a decision taken by silence procedure",
                Kind::Line,
            ),
            Field::new(
                "date",
                "Day",
                "the day it was taken, YYYY-MM-DD: a day the meeting sat",
                Kind::Line,
            ),
            Field::new(
                "document",
                "Document and version",
                "optional: the exact version acted on, its document's slug and the version's number, e.g. draft-cica-charter 2",
                Kind::Line,
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
                legend: "The decision",
                fields: first,
            },
            Section {
                legend: "Statements made with it",
                fields: vec![Field::new(
                    "statements",
                    "Reservations and interpretative statements",
                    &format!(
                        "one per line: the Member State's code | {} | what it said, as the record gives it",
                        Stance::Reservation.as_str()
                    ),
                    Kind::Text { rows: 4 },
                )],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [
            ("organ".to_owned(), "senior-officials-committee".to_owned()),
            ("act".to_owned(), "adopt".to_owned()),
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
        let organ = dir
            .bodies
            .get(&self.organ)
            .map(|b| b.short_name.clone().unwrap_or_else(|| b.name.clone()))
            .unwrap_or_else(|| self.organ.to_string());
        format!(
            "{} — {}",
            register_number(&organ, self.date, self.number),
            self.subject
        )
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("organ", self.organ.to_string());
        put("act", self.act.as_str().to_owned());
        put("subject", self.subject.clone());
        if let Taken::AtMeeting(m) = &self.taken {
            put("meeting", m.to_string());
        }
        put("date", self.date.format("%Y-%m-%d").to_string());
        put(
            "document",
            self.document
                .as_ref()
                .map(|(d, n)| format!("{d} {n}"))
                .unwrap_or_default(),
        );
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("statements", statement_lines(self));
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
        let mut refused = Vec::new();
        let statements = statement_inputs(f.v("statements")).unwrap_or_else(|e| {
            if let WebError::Fields(list) = e {
                refused.extend(list);
            }
            Vec::new()
        });
        let mut typed_document = Fields::default();
        let document =
            crate::actions_forms::document_typed(&mut typed_document, "document", f.v("document"))
                .flatten()
                .map(|(slug, version)| DocRefInput {
                    slug: slug.to_string(),
                    version,
                    _url: None,
                });
        if let WebError::Fields(list) = typed_document.refused() {
            refused.extend(list);
        }
        let (silence, meeting) = match stored.map(|d| &d.taken) {
            Some(Taken::BySilence(s)) => (Some(s.to_string()), None),
            _ => (None, typed(f, "meeting")),
        };
        let input = DecisionInput {
            id: None,
            organ: stored
                .map(|d| d.organ.to_string())
                .unwrap_or_else(|| f.v("organ").to_owned()),
            date: f.v("date").to_owned(),
            number: stored.map_or(0, |d| d.number),
            act: f.v("act").to_owned(),
            subject: f.v("subject").to_owned(),
            document,
            meeting,
            silence,
            statements,
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources: lines(f.v("sources")),
            _register_number: None,
            _taken: None,
            _url: None,
        };
        let id = match key {
            Some(k) => k,
            None => Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?,
        };
        match input.decision(id) {
            Err(WebError::Fields(mut list)) => {
                list.extend(refused);
                Err(WebError::Fields(list))
            }
            Ok(_) if !refused.is_empty() => Err(WebError::Fields(refused)),
            other => other,
        }
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().decision_versioned(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_decision(actor, record, expect).await
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        let Taken::AtMeeting(meeting) = record.taken else {
            return Err(AppError::invalid(
                "meeting",
                "give the meeting at which it was taken (a decision by silence procedure is recorded when the procedure ends)",
            ));
        };
        let d = uses
            .record_decision(
                actor,
                RecordDecision {
                    id: None,
                    organ: record.organ,
                    meeting,
                    date: Some(record.date),
                    act: record.act,
                    subject: record.subject,
                    document: record.document,
                    statements: record.statements,
                    provenance: record.provenance,
                },
            )
            .await?;
        let version = uses
            .store()
            .decision_versioned(&d.id)
            .await?
            .map_or(Version(0), |(_, v)| v);
        Ok((d.id, version))
    }

    fn lede(&self) -> String {
        "A correction is saved with the record's history; the decision keeps its number in its organ's register.".to_owned()
    }
}
