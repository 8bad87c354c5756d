//! The editors' forms for acts the Secretariat records once, as events, rather than records it
//! keeps editing (see `record_forms`, whose "new" form they use): opening a silence procedure
//! on the Chair's behalf (`/silence/new`), and a state's treaty action
//! (`/treaty-actions/new?treaty=…`). Each form is read into what the API's `POST` reads and goes
//! through the same use case; a procedure's later events (breaks, extension, withdrawal) are
//! recorded as the API records them.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use cica_app::records::{Deadline, OpenSilence};
use cica_app::{Actor, App, AppError};
use cica_domain::decision::{ActionRecord, DecisionAct};
use cica_domain::treaty::{ActionKind, TreatyAction};
use cica_domain::{Slug, StateCode};
use cica_store::{Expect, Version};

use crate::error::WebError;
use crate::forms::Form;
use crate::input::Fields;
use crate::record_forms::{
    Field, FormRecord, Kind, Section, body_choices, keyword_choices, lines, sources_section, typed,
};
use crate::state::{AppState, Directory};

/// Member States and others, by name, the first choice `first`.
fn states(dir: &Directory, first: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = dir
        .states
        .values()
        .map(|s| (s.code.to_string(), format!("{} ({})", s.name, s.code)))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out.insert(0, (String::new(), first.to_owned()));
    out
}

/// The document version typed as `slug 2` (or `slug/2`, `slug v2`), or none when blank.
pub(crate) fn document_typed(
    f: &mut Fields,
    field: &str,
    text: &str,
) -> Option<Option<(Slug, u32)>> {
    let t = text.trim();
    if t.is_empty() {
        return Some(None);
    }
    let read = t.rsplit_once(['/', ' ']).and_then(|(slug, n)| {
        let n = n
            .trim()
            .trim_start_matches(['v', 'V'])
            .parse::<u32>()
            .ok()?;
        Some((Slug::parse(slug.trim()).ok()?, n))
    });
    if read.is_none() {
        f.refuse(
            field,
            format!("`{t}` is not a document and its version: type its slug and the version's number, e.g. draft-cica-charter 2"),
        );
    }
    read.map(Some)
}

/// What a procedure is while its form is filled: the opening the API's `POST` makes.
#[derive(Debug, Clone)]
pub struct SilenceOpening(pub OpenSilence);

/// A procedure has no key before it is opened: the form's own address stands for it.
const UNOPENED: &str = "new";

#[async_trait::async_trait]
impl FormRecord for SilenceOpening {
    type Key = Slug;
    const WHAT: &'static str = "silence procedure";
    const PAGES: &'static str = "/silence";
    const AREA: &'static str = "decisions";
    const LIST: (&'static str, &'static str) = ("/silence", "Silence procedures");
    const NEW: &'static str = "Open a silence procedure";
    const EDIT: &'static str = "Open a silence procedure";
    const SUBMIT: &'static str = "Open the procedure";

    fn sections(dir: &Directory, _new: bool) -> Vec<Section> {
        let organs = body_choices(dir);
        vec![
            Section {
                legend: "What is circulated",
                fields: vec![
                    Field::new(
                        "organ",
                        "Organ",
                        "the organ that decides",
                        Kind::Select(organs),
                    ),
                    Field::new(
                        "act",
                        "What it would do",
                        "",
                        Kind::Select(keyword_choices(DecisionAct::expected())),
                    ),
                    Field::new(
                        "subject",
                        "Subject",
                        "one line: “the Regulations of the CICA Finance Summit”",
                        Kind::Line,
                    ),
                    Field::new(
                        "document",
                        "Document and version",
                        "optional: the exact version circulated, its document's slug and the version's number, e.g. draft-finance-summit-regulations 2",
                        Kind::Line,
                    ),
                    Field::new(
                        "basis",
                        "Acting on",
                        "optional: the id of a decision already taken that it acts on, such as the SOC's recommendation",
                        Kind::Line,
                    ),
                ],
            },
            Section {
                legend: "Deadline",
                fields: vec![
                    Field::new(
                        "deadline",
                        "Day",
                        "YYYY-MM-DD, on the Chair's calendar",
                        Kind::Line,
                    ),
                    Field::new("time", "Time", "HH:MM on the Chair's clock", Kind::Line),
                    Field::new(
                        "chair",
                        "Chair",
                        "the state in the Chair, on whose behalf it is opened",
                        Kind::Select(states(dir, "The Chair of the day")),
                    ),
                    Field::new(
                        "chair_time_zone",
                        "The Chair's time zone",
                        "empty: its capital's; or a zone such as Asia/Baku",
                        Kind::Line,
                    ),
                ],
            },
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [
            ("organ".to_owned(), "senior-officials-committee".to_owned()),
            ("act".to_owned(), "adopt".to_owned()),
            ("time".to_owned(), "18:00".to_owned()),
        ]
        .into()
    }

    fn key(&self) -> Slug {
        Slug::parse(UNOPENED).unwrap_or_else(|_| self.0.organ.clone())
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.0.subject.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn read(
        f: &Form,
        _key: Option<Slug>,
        _stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let mut x = Fields::default();
        let organ = x.slug("organ", f.v("organ"));
        let act = x.keyword("act", f.v("act"), DecisionAct::parse, DecisionAct::expected);
        let document = document_typed(&mut x, "document", f.v("document"));
        let basis = x.opt_slug("basis", typed(f, "basis").as_deref());
        let chair = x.opt_code("chair", typed(f, "chair").as_deref());
        let day = x.day("deadline", f.v("deadline"));
        let time = match NaiveTime::parse_from_str(f.v("time").trim(), "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                x.refuse("time", "give the time as HH:MM, such as 18:00");
                None
            }
        };
        let (Some(organ), Some(act), Some(document), Some(day), Some(time)) =
            (organ, act, document, day, time)
        else {
            return Err(x.refused());
        };
        let opening = SilenceOpening(OpenSilence {
            organ,
            act,
            subject: f.v("subject").trim().to_owned(),
            document,
            chair,
            chair_time_zone: typed(f, "chair_time_zone").map(|t| t.trim().to_owned()),
            expires_at: Deadline::ChairClock(day.and_time(time)),
            basis,
        });
        x.finish(opening, |_| Vec::new())
    }

    /// The API's fields, as this form names them.
    fn field_of(field: &str) -> String {
        match field {
            "expires_at" => "deadline".to_owned(),
            "version" => "document".to_owned(),
            other => other.split(['[', '.']).next().unwrap_or(other).to_owned(),
        }
    }

    async fn stored(_app: &AppState, _key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(None)
    }

    async fn save(
        _uses: &App,
        _actor: &Actor,
        _key: &Self::Key,
        _record: &Self,
        _expect: Expect,
    ) -> Result<Version, AppError> {
        Err(AppError::Conflict(
            "a silence procedure opened is not edited: extend or withdraw it".into(),
        ))
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        // What names no record (an organ, a decision, a document version) is said above the
        // form, everything typed kept.
        let opened = uses
            .open_silence(actor, record.0)
            .await
            .map_err(|e| match e {
                AppError::NotFound(m) => AppError::Rejected(m),
                other => other,
            })?;
        Ok((opened.id, Version(0)))
    }

    fn lede(&self) -> String {
        "Opening it starts the silence at once: the Member States see it and its deadline.".into()
    }
}

/// A treaty action while its form is filled: the treaty and what the API's `POST` records.
#[derive(Debug, Clone)]
pub struct TreatyActionEntry {
    pub treaty: Slug,
    pub record: ActionRecord,
}

#[async_trait::async_trait]
impl FormRecord for TreatyActionEntry {
    type Key = Slug;
    const WHAT: &'static str = "treaty action";
    const PAGES: &'static str = "/treaties";
    const AREA: &'static str = "treaties";
    const LIST: (&'static str, &'static str) = ("/treaties", "Treaties");
    const NEW: &'static str = "Record a treaty action";
    const EDIT: &'static str = "Record a treaty action";
    const SUBMIT: &'static str = "Record the action";

    /// Its pages are the treaties'; its form is of its own.
    fn new_url() -> String {
        "/treaty-actions/new".to_owned()
    }

    fn sections(dir: &Directory, _new: bool) -> Vec<Section> {
        vec![
            Section {
                legend: "The action",
                fields: vec![
                    Field::new(
                        "treaty",
                        "Treaty",
                        "its slug, as in its address; filled in when the form is opened from the treaty's page",
                        Kind::Line,
                    ),
                    Field::new("party", "State", "", Kind::Select(states(dir, "—"))),
                    Field::new(
                        "kind",
                        "Action",
                        "",
                        Kind::Select(keyword_choices(ActionKind::expected())),
                    ),
                    Field::new(
                        "act",
                        "Day of the domestic act",
                        "YYYY-MM-DD, if known: the law or decree by which the state consented",
                        Kind::Line,
                    ),
                    Field::new(
                        "deposit",
                        "Day of deposit",
                        "YYYY-MM-DD, if deposited: a deposit known to the day is notified under the next number",
                        Kind::Line,
                    ),
                ],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn key(&self) -> Slug {
        self.treaty.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.treaty.to_string()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    fn read(
        f: &Form,
        _key: Option<Slug>,
        _stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let mut x = Fields::default();
        let treaty = x.slug("treaty", f.v("treaty"));
        let party: Option<StateCode> = x.code("party", f.v("party"));
        let kind = x.keyword("kind", f.v("kind"), ActionKind::parse, ActionKind::expected);
        let day = |x: &mut Fields, field: &str| -> Option<Option<NaiveDate>> {
            match typed(f, field) {
                None => Some(None),
                Some(t) => x.day(field, &t).map(Some),
            }
        };
        let act = day(&mut x, "act");
        let deposit = day(&mut x, "deposit");
        let (Some(treaty), Some(party), Some(kind), Some(act), Some(deposit)) =
            (treaty, party, kind, act, deposit)
        else {
            return Err(x.refused());
        };
        let entry = TreatyActionEntry {
            treaty,
            record: ActionRecord {
                action: TreatyAction {
                    party: party.to_string(),
                    kind,
                    act,
                    deposit,
                    unconfirmed: false,
                },
                deposit_text: None,
                note: typed(f, "note"),
                sources: lines(f.v("sources")),
            },
        };
        x.finish(entry, |_| Vec::new())
    }

    async fn stored(_app: &AppState, _key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(None)
    }

    async fn save(
        _uses: &App,
        _actor: &Actor,
        _key: &Self::Key,
        _record: &Self,
        _expect: Expect,
    ) -> Result<Version, AppError> {
        Err(AppError::Conflict(
            "a treaty action recorded is not edited here".into(),
        ))
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        uses.record_treaty_action(actor, &record.treaty, record.record)
            .await
            .map_err(|e| match e {
                AppError::NotFound(problem) if problem.starts_with("no treaty") => {
                    AppError::Invalid {
                        field: "treaty".into(),
                        problem,
                    }
                }
                AppError::NotFound(problem) => AppError::Rejected(problem),
                other => other,
            })?;
        Ok((record.treaty, Version(0)))
    }

    fn lede(&self) -> String {
        "Recording it changes the treaty's status at once; a deposit known to the day is notified to the Member States.".into()
    }
}
