//! A contribution, and a financial report or audit, as the editors' forms show them (see
//! `record_forms`), read into the bodies `PUT /api/v1/contributions/{id}` and
//! `/financial-reports/{id}` read, so the two refuse the same things with the same words
//! through the same use case.
//!
//! The contributor is typed as the register names it: a state's code (`KWT`),
//! `organization iofs`, `person some-slug`, or any other name. Movements are typed one per
//! line: `pledged | 2025-01-23 | 12500.00 USD | the document | a note`, the amount left
//! empty when the record holds none.

use std::collections::BTreeMap;

use cica_app::{Actor, App, AppError};
use cica_domain::Slug;
use cica_domain::money::{
    AmountVisibility, Contribution, ContributionKind, Contributor, ContributorKind,
    FinancialReport, InKindForm, Movement, Recipient, ReportKind,
};
use cica_store::{Expect, Version};

use crate::error::WebError;
use crate::forms::Form;
use crate::money::{
    AmountBody, ContributionBody, ContributorBody, DecisionRef, DocumentRef, FinancialReportBody,
    MovementBody,
};
use crate::record_forms::{
    Field, FormRecord, Kind, Section, joined, kept, kept_lines, keyword_choices, sources_section,
    typed, typed_key, typed_keys, unlined,
};
use crate::state::{AppState, Directory};

/// The contributor as the form shows it.
fn contributor_text(c: &Contributor) -> (String, String) {
    match c {
        Contributor::State(s) => (s.to_string(), String::new()),
        Contributor::Organization(o) => (format!("organization {o}"), String::new()),
        Contributor::Person(p) => (format!("person {p}"), String::new()),
        Contributor::Named { name, kind } => (name.clone(), kind.as_str().to_owned()),
    }
}

/// The contributor typed: a state's code, `organization slug`, `person slug`, or a name.
fn contributor_body(text: &str, kind: Option<String>, dir: &Directory) -> ContributorBody {
    let text = text.trim();
    let body = |kind: &str, key: Option<String>, name: Option<String>| ContributorBody {
        kind: kind.to_owned(),
        key,
        name,
        named_kind: None,
    };
    if let Some((word, key)) = text.split_once(char::is_whitespace)
        && matches!(word, "organization" | "person")
        && !key.trim().contains(char::is_whitespace)
    {
        return body(word, Some(key.trim().to_owned()), None);
    }
    if let Ok(code) = cica_domain::StateCode::parse(&text.to_uppercase())
        && dir.states.contains_key(&code)
    {
        return body("state", Some(code.to_string()), None);
    }
    ContributorBody {
        named_kind: kind,
        ..body("named", None, Some(text.to_owned()))
    }
}

fn movement_line(m: &Movement) -> String {
    let mut parts = vec![
        m.stage.as_str().to_owned(),
        m.day.iso(),
        m.amount
            .map(|a| format!("{} {}", a.amount_text(), a.currency().code()))
            .unwrap_or_default(),
        m.document.clone().unwrap_or_default(),
        m.note.clone().unwrap_or_default(),
    ];
    while parts.len() > 2 && parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    parts.join(" | ")
}

fn movement_lines(c: &Contribution) -> String {
    c.movements
        .iter()
        .map(movement_line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A stored movement as the API's body gives it back.
fn movement_kept(m: &Movement) -> MovementBody {
    MovementBody {
        stage: m.stage.as_str().to_owned(),
        day: m.day.iso(),
        amount: m.amount.map(|a| AmountBody {
            amount: Some(a.amount_text()),
            currency: Some(a.currency().code().to_owned()),
            undisclosed: None,
        }),
        document: m.document.clone(),
        note: m.note.clone(),
    }
}

/// Movements typed one per line; an amount is a number and a currency code, either way round.
fn movement_body(l: &str) -> MovementBody {
    let p: Vec<String> = l.splitn(5, '|').map(|x| x.trim().to_owned()).collect();
    let part = |i: usize| p.get(i).filter(|x| !x.is_empty()).cloned();
    let amount = part(2).map(|a| {
        let words: Vec<&str> = a.split_whitespace().collect();
        let (number, code) = match words.as_slice() {
            [n, c] if c.chars().all(|x| x.is_ascii_alphabetic()) => (*n, *c),
            [c, n] => (*n, *c),
            _ => (a.as_str(), ""),
        };
        AmountBody {
            amount: Some(number.replace(',', "")),
            currency: Some(code.to_uppercase()),
            undisclosed: None,
        }
    });
    MovementBody {
        stage: part(0).unwrap_or_default(),
        day: part(1).unwrap_or_default(),
        amount,
        document: part(3),
        note: part(4),
    }
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|x| (code(*x).to_owned(), label(*x).to_owned()))
        .collect()
}

#[async_trait::async_trait]
impl FormRecord for Contribution {
    type Key = Slug;
    const WHAT: &'static str = "contribution";
    const PAGES: &'static str = "/contributions";
    const AREA: &'static str = "contributions";
    const LIST: (&'static str, &'static str) = ("/contributions", "Contributions");
    const NEW: &'static str = "Record a contribution";
    const EDIT: &'static str = "Edit a contribution";
    const DELETABLE: bool = true;

    fn sections(_dir: &Directory, new: bool) -> Vec<Section> {
        let mut first = Vec::new();
        if new {
            first.push(Field::new(
                "id",
                "Key",
                "lower-case letters, digits and hyphens, e.g. kuwait-2026-voluntary",
                Kind::Line,
            ));
        }
        let mut in_kind = choices(InKindForm::ALL, InKindForm::as_str, InKindForm::label);
        in_kind.insert(0, (String::new(), "— (money)".into()));
        let mut named = keyword_choices(ContributorKind::expected());
        named.insert(0, (String::new(), "— (a register's record)".into()));
        first.extend([
            Field::new(
                "contributor",
                "Contributor",
                "a state's code (KWT), organization and its slug (organization iofs), person and its slug, or any other name",
                Kind::Line,
            ),
            Field::new(
                "contributor_kind",
                "Kind of contributor",
                "for a name not in the registers",
                Kind::Select(named),
            ),
            Field::new(
                "recipient",
                "To",
                "",
                Kind::Select(choices(Recipient::ALL, Recipient::as_str, Recipient::label)),
            ),
            Field::new(
                "kind",
                "Kind",
                "assessed contributions come from states only; an earmarked one names its project",
                Kind::Select(choices(
                    ContributionKind::ALL,
                    ContributionKind::as_str,
                    ContributionKind::label,
                )),
            ),
            Field::new(
                "in_kind",
                "Given in kind",
                "what is given, when it is not money",
                Kind::Select(in_kind),
            ),
            Field::new(
                "project",
                "Fund project",
                "optional: the id of the project it is earmarked or allocated to",
                Kind::Line,
            ),
            Field::new("title", "Title", "one line", Kind::Line),
            Field::new("description", "Description", "", Kind::Text { rows: 3 }),
        ]);
        vec![
            Section {
                legend: "The contribution",
                fields: first,
            },
            Section {
                legend: "Amounts",
                fields: vec![
                    Field::new(
                        "visibility",
                        "Who sees the amounts",
                        "the Secretariat only, until the contributor has made them public",
                        Kind::Select(vec![
                            (
                                AmountVisibility::Secretariat.as_str().to_owned(),
                                "The Secretariat only".to_owned(),
                            ),
                            (
                                AmountVisibility::Public.as_str().to_owned(),
                                "Everyone: the contributor made them public".to_owned(),
                            ),
                        ]),
                    ),
                    Field::new(
                        "movements",
                        "Movements",
                        "one per line, in the order they happened: pledged, committed or received | the day (or month, or year) | the amount and its currency (12500.00 USD), empty when not on record | the document | a note",
                        Kind::Text { rows: 4 },
                    ),
                    Field::new(
                        "excess_note",
                        "Why more was received than promised",
                        "only when it was",
                        Kind::Text { rows: 2 },
                    ),
                ],
            },
            Section {
                legend: "Links",
                fields: vec![
                    Field::new(
                        "news",
                        "News items",
                        "slugs, separated by commas",
                        Kind::Line,
                    ),
                    Field::new(
                        "unconfirmed",
                        "Unconfirmed",
                        "the sources leave it uncertain",
                        Kind::Check,
                    ),
                ],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [
            ("recipient".to_owned(), "secretariat-budget".to_owned()),
            ("kind".to_owned(), "voluntary".to_owned()),
            ("visibility".to_owned(), "secretariat".to_owned()),
        ]
        .into()
    }

    fn key(&self) -> Slug {
        self.id.clone()
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
        let (contributor, kind) = contributor_text(&self.contributor);
        put("id", self.id.to_string());
        put("contributor", contributor);
        put("contributor_kind", kind);
        put("recipient", self.recipient.as_str().to_owned());
        put("kind", self.kind.as_str().to_owned());
        put(
            "in_kind",
            self.in_kind
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
        );
        put(
            "project",
            self.project
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put("title", self.title.clone());
        put("description", self.description.clone());
        put("visibility", self.visibility.as_str().to_owned());
        put("movements", movement_lines(self));
        put("excess_note", self.excess_note.clone().unwrap_or_default());
        put("news", joined(&self.news));
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        stored: Option<&Self>,
        dir: &Directory,
    ) -> Result<Self, WebError> {
        let id = typed_key(f, key, "id", "kuwait-2026-voluntary")?;
        let movements = kept(
            f.v("movements"),
            stored.map_or(&[][..], |c| &c.movements),
            movement_line,
            |m| {
                m.document.as_deref().is_some_and(unlined) || m.note.as_deref().is_some_and(unlined)
            },
            movement_kept,
            |_, line| Ok::<_, ()>(movement_body(line)),
        )
        .map_err(|e| e.refused("movements"))?;
        let sources = kept_lines(
            f.v("sources"),
            stored.map_or(&[][..], |c| &c.provenance.sources),
        )
        .map_err(|e| e.refused("sources"))?;
        ContributionBody {
            id: None,
            contributor: contributor_body(f.v("contributor"), typed(f, "contributor_kind"), dir),
            recipient: f.v("recipient").to_owned(),
            kind: f.v("kind").to_owned(),
            in_kind: typed(f, "in_kind"),
            project: typed(f, "project"),
            title: f.v("title").to_owned(),
            description: f.v("description").to_owned(),
            visibility: f.v("visibility").to_owned(),
            movements,
            excess_note: typed(f, "excess_note"),
            news: typed_keys(f.v("news")),
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources,
            _url: None,
            _stage: None,
            _promised: None,
            _received: None,
        }
        .contribution(id, dir)
    }

    fn field_of(field: &str) -> String {
        match field.split(['[', '.']).next().unwrap_or(field) {
            "contributor" if field.ends_with(".kind") => "contributor_kind".into(),
            other => other.to_owned(),
        }
    }

    fn entry_label(field: &str) -> Option<String> {
        crate::record_forms::entry_of(field, "line")
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().contribution(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Slug,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_contribution(actor, record, expect).await
    }

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_contribution(actor, key, expect).await
    }

    fn lede(&self) -> String {
        "Saving changes the contribution's page and the year's statements at once; amounts kept to the Secretariat stay undisclosed to everyone else.".to_owned()
    }
}

#[async_trait::async_trait]
impl FormRecord for FinancialReport {
    type Key = Slug;
    const WHAT: &'static str = "financial report";
    const PAGES: &'static str = "/financial-reports";
    const AREA: &'static str = "contributions";
    const LIST: (&'static str, &'static str) = ("/contributions", "Contributions");
    const NEW: &'static str = "Record a financial report or an audit";
    const EDIT: &'static str = "Edit a financial report or an audit";
    const DELETABLE: bool = true;

    fn sections(_dir: &Directory, new: bool) -> Vec<Section> {
        let mut first = Vec::new();
        if new {
            first.push(Field::new(
                "id",
                "Key",
                "lower-case letters, digits and hyphens, e.g. financial-report-2025",
                Kind::Line,
            ));
        }
        first.extend([
            Field::new(
                "kind",
                "Kind",
                "",
                Kind::Select(choices(ReportKind::ALL, ReportKind::as_str, ReportKind::label)),
            ),
            Field::new(
                "from",
                "Period from",
                "the first day it covers, YYYY-MM-DD",
                Kind::Line,
            ),
            Field::new(
                "to",
                "Period to",
                "the last day it covers, YYYY-MM-DD",
                Kind::Line,
            ),
            Field::new("auditor", "Auditor", "for an audit, when known", Kind::Line),
            Field::new(
                "document",
                "Document",
                "optional: the slug of the document that holds it; who may read it is the document's",
                Kind::Line,
            ),
            Field::new(
                "decision",
                "Received by",
                "optional: the id of the decision by which an organ took note of it or approved it",
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
                legend: "The report",
                fields: first,
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [("kind".to_owned(), "financial-report".to_owned())].into()
    }

    fn key(&self) -> Slug {
        self.id.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        format!(
            "{}, {} – {}",
            self.kind.label(),
            crate::present::human(self.from),
            crate::present::human(self.to)
        )
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("id", self.id.to_string());
        put("kind", self.kind.as_str().to_owned());
        put("from", self.from.format("%Y-%m-%d").to_string());
        put("to", self.to.format("%Y-%m-%d").to_string());
        put("auditor", self.auditor.clone().unwrap_or_default());
        put(
            "document",
            self.document
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        put(
            "decision",
            self.decision
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
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
        let id = typed_key(f, key, "id", "financial-report-2025")?;
        FinancialReportBody {
            id: None,
            kind: f.v("kind").to_owned(),
            from: f.v("from").to_owned(),
            to: f.v("to").to_owned(),
            auditor: typed(f, "auditor"),
            document: typed(f, "document").map(DocumentRef::Key),
            decision: typed(f, "decision").map(DecisionRef::Key),
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources: kept_lines(
                f.v("sources"),
                stored.map_or(&[][..], |r| &r.provenance.sources),
            )
            .map_err(|e| e.refused("sources"))?,
        }
        .report(id)
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().financial_report(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Slug,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_financial_report(actor, record, expect).await
    }

    async fn delete(uses: &App, actor: &Actor, key: &Slug, expect: Expect) -> Result<(), AppError> {
        uses.delete_financial_report(actor, key, expect).await
    }

    /// A report has no page of its own: it is listed with the statements of the years it
    /// covers.
    fn saved_to(&self, _key: &Slug) -> String {
        format!("/contributions?year={}", chrono::Datelike::year(&self.to))
    }

    fn lede(&self) -> String {
        "Saving lists it at once beside the statements of the years it covers.".to_owned()
    }
}
