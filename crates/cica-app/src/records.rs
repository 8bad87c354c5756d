//! The use cases that change the record: decisions, silence procedures, treaties, documents,
//! imports and their review, news, the Digest, and loading a dataset.
//!
//! Each checks the actor's right first, then the rules that need no lock (the store applies
//! the rules that depend on what is stored inside its transaction), then writes with an
//! attribution, so the audit entry lands in the write's own transaction.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use cica_domain::access::{Act, may};
use cica_domain::consensus::{Position, Stance};
use cica_domain::decision::{
    ActionRecord, Decision, DecisionAct, DocumentVersion, NewDecision, NewSilence, Notification,
    SilenceRecord, capital_time_zone,
};
use cica_domain::silence::{Request, whole_seconds};
use cica_domain::{Dataset, Digest, Provenance, Slug, StateCode, rules};
use cica_store::{
    Acceptance, Accepted, ImportItem, ImportOutcome, NewVersion, PendingProposal, ProposalKey,
};

use crate::{Actor, App, AppError, Result, check_text};

/// The longest subject, statement or note accepted, in characters.
pub const MAX_TEXT: usize = 20_000;
/// The longest one-line field (a subject, a title), in characters.
pub const MAX_LINE: usize = 1_000;
/// The longest text of a document's version, in characters.
pub const MAX_VERSION_TEXT: usize = 2_000_000;

/// A register's record may be saved at `slug` with these `problems`: refused naming `slug`
/// when it is `new` (the address of the form for a new record), else naming each problem.
fn savable(slug: &Slug, problems: Vec<(String, String)>) -> Result<()> {
    crate::reserved("slug", slug)?;
    if !problems.is_empty() {
        return Err(AppError::Fields(problems));
    }
    Ok(())
}

fn required(field: &str, text: &str, max: usize) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AppError::invalid(field, "must not be empty"));
    }
    check_text(field, t, max)?;
    Ok(t.to_owned())
}

/// Opening a silence procedure: the Chair's act, done by the Secretariat on its behalf.
#[derive(Debug, Clone)]
pub struct OpenSilence {
    pub organ: Slug,
    pub act: DecisionAct,
    pub subject: String,
    /// The exact version circulated.
    pub document: Option<(Slug, u32)>,
    /// The state in the Chair; defaults to the state chairing today.
    pub chair: Option<StateCode>,
    /// The Chair's time zone; defaults to that of its capital.
    pub chair_time_zone: Option<String>,
    pub expires_at: Deadline,
    /// The decision it acts on, such as a recommendation.
    pub basis: Option<Slug>,
}

/// When a silence procedure's deadline falls.
#[derive(Debug, Clone, Copy)]
pub enum Deadline {
    At(DateTime<Utc>),
    /// As the Chair's clock will show it (in the Chair's time zone).
    ChairClock(chrono::NaiveDateTime),
}

/// Recording a decision taken at a meeting.
#[derive(Debug, Clone)]
pub struct RecordDecision {
    pub id: Option<Slug>,
    pub organ: Slug,
    pub meeting: Slug,
    /// The day it was taken; defaults to the meeting's day when it lasted one day.
    pub date: Option<NaiveDate>,
    pub act: DecisionAct,
    pub subject: String,
    pub document: Option<(Slug, u32)>,
    pub statements: Vec<Position>,
    pub provenance: Provenance,
}

/// Whether a load may replace what was recorded since the last one.
#[derive(Debug, Clone, Copy)]
pub enum Replace<'a> {
    /// Refuse when anything was written since the last load.
    No,
    /// Replace it, after writing a consistent copy of the database to this path.
    AfterBackup(&'a Path),
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The texts of status periods and of a record's sources, to be checked.
fn period_texts<'a>(
    texts: &mut Vec<(String, &'a str, usize)>,
    periods: &'a [cica_domain::StatusPeriod],
    sources: &'a [String],
) {
    let most = cica_domain::NewsItem::MAX_TAGS;
    for (i, p) in periods.iter().enumerate().take(most) {
        if let Some(n) = &p.provenance.note {
            texts.push((format!("history[{i}].note"), n.as_str(), MAX_LINE));
        }
        for s in p.provenance.sources.iter().take(most) {
            texts.push((format!("history[{i}].sources"), s.as_str(), MAX_LINE));
        }
    }
    for (i, s) in sources.iter().enumerate().take(most) {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
}

/// Every problem of a term of the Chair as an editor would be told of it, field by field.
pub fn chairmanship_problems(c: &cica_domain::Chairmanship) -> Vec<(String, String)> {
    let mut out = c.problems();
    let mut texts: Vec<(String, &str, usize)> = Vec::new();
    for (field, text) in [("theme", &c.theme), ("note", &c.provenance.note)] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), MAX_LINE));
        }
    }
    for (i, p) in c
        .priorities
        .iter()
        .enumerate()
        .take(cica_domain::NewsItem::MAX_TAGS)
    {
        texts.push((format!("priorities[{i}]"), p.as_str(), MAX_LINE));
    }
    period_texts(&mut texts, &[], &c.provenance.sources);
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of a person as an editor would be told of it, field by field.
pub fn person_problems(p: &cica_domain::Person) -> Vec<(String, String)> {
    let mut out = p.problems();
    let mut texts: Vec<(String, &str, usize)> = vec![("name".into(), p.name.as_str(), MAX_LINE)];
    if let Some(n) = &p.provenance.note {
        texts.push(("note".into(), n.as_str(), MAX_LINE));
    }
    let most = cica_domain::NewsItem::MAX_TAGS;
    for (i, a) in p.aliases.iter().enumerate().take(most) {
        texts.push((format!("aliases[{i}]"), a.as_str(), MAX_LINE));
    }
    for (i, r) in p.roles.iter().enumerate().take(most) {
        texts.push((format!("roles[{i}].title"), r.title.as_str(), MAX_LINE));
        if let Some(n) = &r.provenance.note {
            texts.push((format!("roles[{i}].note"), n.as_str(), MAX_LINE));
        }
        for s in r.provenance.sources.iter().take(most) {
            texts.push((format!("roles[{i}].sources"), s.as_str(), MAX_LINE));
        }
    }
    period_texts(&mut texts, &[], &p.provenance.sources);
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of a body as an editor would be told of it, field by field.
pub fn body_problems(b: &cica_domain::Body) -> Vec<(String, String)> {
    let mut out = b.problems();
    let mut texts: Vec<(String, &str, usize)> = vec![
        ("name".into(), b.name.as_str(), MAX_LINE),
        ("description".into(), b.description.as_str(), MAX_TEXT),
    ];
    for (field, text) in [("short_name", &b.short_name), ("note", &b.provenance.note)] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), MAX_LINE));
        }
    }
    for (i, a) in b
        .aliases
        .iter()
        .enumerate()
        .take(cica_domain::NewsItem::MAX_TAGS)
    {
        texts.push((format!("aliases[{i}]"), a.as_str(), MAX_LINE));
    }
    period_texts(&mut texts, &[], &b.provenance.sources);
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of a state as an editor would be told of it, field by field.
pub fn state_problems(st: &cica_domain::State) -> Vec<(String, String)> {
    let mut out = st.problems();
    let mut texts: Vec<(String, &str, usize)> = vec![("name".into(), st.name.as_str(), MAX_LINE)];
    for (field, text) in [
        ("official_name", &st.official_name),
        ("note", &st.provenance.note),
    ] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), MAX_LINE));
        }
    }
    for (field, list) in [("aliases", &st.aliases), ("adjectives", &st.adjectives)] {
        for (i, a) in list
            .iter()
            .enumerate()
            .take(cica_domain::NewsItem::MAX_TAGS)
        {
            texts.push((format!("{field}[{i}]"), a.as_str(), MAX_LINE));
        }
    }
    period_texts(&mut texts, &st.statuses, &st.provenance.sources);
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of an organization as an editor would be told of it, field by field.
pub fn organization_problems(o: &cica_domain::Organization) -> Vec<(String, String)> {
    let mut out = o.problems();
    let mut texts: Vec<(String, &str, usize)> = vec![("name".into(), o.name.as_str(), MAX_LINE)];
    for (field, text) in [
        ("acronym", &o.acronym),
        ("website", &o.website),
        ("note", &o.provenance.note),
    ] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), MAX_LINE));
        }
    }
    for (i, a) in o
        .aliases
        .iter()
        .enumerate()
        .take(cica_domain::NewsItem::MAX_TAGS)
    {
        texts.push((format!("aliases[{i}]"), a.as_str(), MAX_LINE));
    }
    period_texts(&mut texts, &o.statuses, &o.provenance.sources);
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of a document as an editor would be told of it, field by field: its own
/// rules (`Document::problems`) and the checks of its texts.
pub fn document_problems(d: &cica_domain::decision::Document) -> Vec<(String, String)> {
    let mut out = d.problems();
    let mut texts: Vec<(String, &str, usize)> = vec![("title".into(), d.title.as_str(), MAX_LINE)];
    if let Some(n) = &d.provenance.note {
        texts.push(("note".into(), n.as_str(), MAX_LINE));
    }
    for (i, s) in d.provenance.sources.iter().enumerate() {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
    for (i, v) in d.versions.iter().enumerate() {
        if let Some(n) = &v.note {
            texts.push((format!("versions[{i}].note"), n.as_str(), MAX_LINE));
        }
        if let Some(t) = &v.text {
            texts.push((format!("versions[{i}].text"), t.as_str(), MAX_VERSION_TEXT));
        }
    }
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of a decision as an editor would be told of it, field by field: its own
/// rules (`Decision::problems`) and the checks of its texts.
pub fn decision_problems(d: &Decision) -> Vec<(String, String)> {
    let mut out = d.problems();
    let mut texts: Vec<(String, &str, usize)> =
        vec![("subject".into(), d.subject.as_str(), MAX_LINE)];
    if let Some(n) = &d.provenance.note {
        texts.push(("note".into(), n.as_str(), MAX_LINE));
    }
    for (i, s) in d.provenance.sources.iter().enumerate() {
        texts.push((format!("sources[{i}]"), s.as_str(), MAX_LINE));
    }
    for (i, st) in d.statements.iter().enumerate() {
        texts.push((format!("statements[{i}].text"), st.text.as_str(), MAX_TEXT));
    }
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of an issue's record as an editor would be told of it, field by field: the
/// record's own rules (`Digest::problems`) and the checks of its texts.
pub fn digest_problems(d: &Digest) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = d
        .problems()
        .into_iter()
        .map(|p| match p.split_once(": ") {
            Some((field, problem)) => (field.to_owned(), problem.to_owned()),
            None => ("body".to_owned(), p),
        })
        .collect();
    let mut texts: Vec<(String, &str, usize)> = vec![("title".into(), d.title.as_str(), MAX_LINE)];
    if let Some(f) = &d.foreword {
        texts.push(("foreword".into(), f.as_str(), MAX_TEXT));
    }
    if let Some(t) = &d.foreword_title {
        texts.push(("foreword_title".into(), t.as_str(), MAX_LINE));
    }
    crate::texts_checked(&mut out, texts);
    out
}

impl App {
    pub async fn open_silence(&self, actor: &Actor, o: OpenSilence) -> Result<SilenceRecord> {
        may(actor, Act::KeepRecord)?;
        let subject = required("subject", &o.subject, MAX_LINE)?;
        let now = whole_seconds(self.now());
        let chair = match o.chair {
            Some(c) => c,
            None => rules::chair_on(&self.store().chairmanships().await?, self.today())
                .map(|t| t.state.clone())
                .ok_or_else(|| AppError::invalid("chair", "no Chair is recorded today; name it"))?,
        };
        let chair_time_zone = match o.chair_time_zone {
            Some(tz) => tz,
            None => capital_time_zone(chair.as_str())
                .map(str::to_owned)
                .ok_or_else(|| {
                    AppError::invalid(
                        "chair_time_zone",
                        format!("no time zone is known for {chair}; give one such as Asia/Baku"),
                    )
                })?,
        };
        if !cica_domain::decision::is_time_zone(&chair_time_zone) {
            return Err(AppError::invalid(
                "chair_time_zone",
                format!("`{chair_time_zone}` is not a time zone; give one such as Asia/Baku"),
            ));
        }
        let expires_at = match o.expires_at {
            Deadline::At(t) => t,
            Deadline::ChairClock(local) => {
                cica_domain::decision::instant_of_local(local, &chair_time_zone).ok_or_else(
                    || {
                        AppError::invalid(
                            "expires_at",
                            format!(
                                "{} does not exist on the clocks of {chair_time_zone}",
                                local.format("%Y-%m-%d %H:%M")
                            ),
                        )
                    },
                )?
            }
        };
        if expires_at <= now {
            return Err(AppError::invalid(
                "expires_at",
                "the deadline must be in the future",
            ));
        }
        Ok(self
            .store()
            .open_silence(
                NewSilence {
                    organ: o.organ,
                    act: o.act,
                    subject,
                    document: o.document,
                    chair,
                    chair_time_zone,
                    opened_at: now,
                    expires_at: whole_seconds(expires_at),
                    basis: o.basis,
                },
                &self.by(actor, None),
            )
            .await?)
    }

    /// A Member State breaks silence: its own delegate, or the Secretariat recording what the
    /// state sent. The store judges it at the moment it holds the lock.
    pub async fn break_silence(
        &self,
        actor: &Actor,
        id: &Slug,
        state: StateCode,
        stance: Stance,
        text: &str,
    ) -> Result<SilenceRecord> {
        may(actor, Act::BreakSilence(&state))?;
        if !stance.blocks() {
            return Err(AppError::invalid(
                "stance",
                "silence is broken by an `objection` or an `amendment`",
            ));
        }
        if self.store().state(&state).await?.is_none() {
            return Err(AppError::invalid(
                "state",
                format!("no state has the code `{state}`"),
            ));
        }
        let text = required("text", text, MAX_TEXT)?;
        self.silence_request(
            actor,
            id,
            Request::Break {
                state,
                stance,
                text,
            },
        )
        .await
    }

    pub async fn extend_silence(
        &self,
        actor: &Actor,
        id: &Slug,
        until: DateTime<Utc>,
    ) -> Result<SilenceRecord> {
        may(actor, Act::KeepRecord)?;
        self.silence_request(actor, id, Request::Extend { until })
            .await
    }

    pub async fn withdraw_silence(&self, actor: &Actor, id: &Slug) -> Result<SilenceRecord> {
        may(actor, Act::KeepRecord)?;
        self.silence_request(actor, id, Request::Withdraw).await
    }

    async fn silence_request(
        &self,
        actor: &Actor,
        id: &Slug,
        request: Request,
    ) -> Result<SilenceRecord> {
        let clock = self.clock().clone();
        Ok(self
            .store()
            .silence_request(id, request, &move || clock.now(), &self.by(actor, None))
            .await?)
    }

    /// Settles every procedure whose deadline has passed.
    pub async fn settle_silences(&self, actor: &Actor) -> Result<Vec<Slug>> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .settle_silences(self.now(), &self.by(actor, None))
            .await?)
    }

    pub async fn record_decision(&self, actor: &Actor, d: RecordDecision) -> Result<Decision> {
        may(actor, Act::KeepRecord)?;
        let subject = required("subject", &d.subject, MAX_LINE)?;
        for (i, s) in d.statements.iter().enumerate() {
            check_text(&format!("statements[{i}].text"), &s.text, MAX_TEXT)?;
        }
        let meeting = self.store().meeting(&d.meeting).await?.ok_or_else(|| {
            AppError::invalid("meeting", format!("no meeting has the id `{}`", d.meeting))
        })?;
        let span = meeting.when.span();
        let date = match d.date {
            Some(date) => date,
            None if span.is_single_day() => span.start(),
            None => {
                return Err(AppError::invalid(
                    "date",
                    format!(
                        "the meeting lasted from {} to {}; give the day of the decision",
                        day(span.start()),
                        day(span.end())
                    ),
                ));
            }
        };
        if d.statements.len() > cica_domain::NewsItem::MAX_TAGS {
            return Err(AppError::invalid(
                "statements",
                format!(
                    "a decision records at most {} statements",
                    cica_domain::NewsItem::MAX_TAGS
                ),
            ));
        }
        // The rules a correction of the decision applies, so that one recorded can be saved.
        let problems = decision_problems(&Decision {
            id: d.id.clone().unwrap_or_else(|| d.meeting.clone()),
            organ: d.organ.clone(),
            date,
            number: 1,
            act: d.act,
            subject: subject.clone(),
            document: d.document.clone(),
            taken: cica_domain::decision::Taken::AtMeeting(d.meeting.clone()),
            statements: d.statements.clone(),
            provenance: d.provenance.clone(),
        });
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .record_decision(
                NewDecision {
                    id: d.id,
                    organ: d.organ,
                    meeting: d.meeting,
                    date,
                    act: d.act,
                    subject,
                    document: d.document,
                    statements: d.statements,
                    provenance: d.provenance,
                },
                self.today(),
                &self.by(actor, None),
            )
            .await?)
    }

    /// Saves a correction of a recorded decision (an editor) over the version expected: its
    /// act, subject, document version, meeting and day, statements and provenance; its place
    /// in its organ's register and how it was taken stay.
    pub async fn save_decision(
        &self,
        actor: &Actor,
        d: &Decision,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        if d.statements.len() > cica_domain::NewsItem::MAX_TAGS {
            return Err(AppError::invalid(
                "statements",
                format!(
                    "a decision records at most {} statements",
                    cica_domain::NewsItem::MAX_TAGS
                ),
            ));
        }
        let problems = decision_problems(d);
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_decision(d, expect, self.today(), &self.by(actor, None))
            .await?)
    }

    /// A state's reservation or interpretative statement on a decision: its own delegate, or
    /// the Secretariat recording it.
    pub async fn add_statement(
        &self,
        actor: &Actor,
        decision: &Slug,
        statement: Position,
    ) -> Result<Decision> {
        may(actor, Act::MakeStatement(&statement.state))?;
        check_text("text", &statement.text, MAX_TEXT)?;
        if statement.text.contains(['\n', '\r']) {
            return Err(AppError::invalid(
                "text",
                "say what the state said, on one line",
            ));
        }
        Ok(self
            .store()
            .add_statement(decision, statement, &self.by(actor, None))
            .await?)
    }

    pub async fn add_document_version(
        &self,
        actor: &Actor,
        document: &Slug,
        version: NewVersion,
    ) -> Result<DocumentVersion> {
        may(actor, Act::KeepRecord)?;
        // The rules a save of the whole document applies to each version, so that a document
        // given a version here can always be saved again.
        if let Some(n) = &version.note {
            if n.trim().is_empty() || n.contains(['\n', '\r']) {
                return Err(AppError::invalid(
                    "note",
                    "a version's note is one line of text",
                ));
            }
            check_text("note", n, MAX_LINE)?;
        }
        if let Some(t) = &version.text {
            check_text("text", t, MAX_VERSION_TEXT)?;
        }
        Ok(self
            .store()
            .add_document_version(document, version, &self.by(actor, None))
            .await?)
    }

    pub async fn record_treaty_action(
        &self,
        actor: &Actor,
        treaty: &Slug,
        action: ActionRecord,
    ) -> Result<Option<Notification>> {
        may(actor, Act::KeepRecord)?;
        if let Some(n) = &action.note {
            check_text("note", n, MAX_TEXT)?;
        }
        Ok(self
            .store()
            .record_treaty_action(treaty, action, self.today(), &self.by(actor, None))
            .await?)
    }

    /// Withdraws as recorded in error the latest action of `party` on a treaty, of `kind` (an
    /// editor), saying why: it stays in the record, marked, and counts for nothing; a
    /// notification that announced it is withdrawn by the next one, which is returned.
    pub async fn withdraw_treaty_action(
        &self,
        actor: &Actor,
        treaty: &Slug,
        party: &StateCode,
        kind: cica_domain::treaty::ActionKind,
        dates: Option<(Option<NaiveDate>, Option<NaiveDate>)>,
        reason: &str,
    ) -> Result<Option<Notification>> {
        may(actor, Act::KeepRecord)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "say why the action was recorded in error: the record keeps it",
            ));
        }
        check_text("reason", reason, crate::MAX_NOTE)?;
        Ok(self
            .store()
            .withdraw_treaty_action(
                treaty,
                party,
                kind,
                dates,
                reason,
                self.today(),
                &self.by(actor, None),
            )
            .await?)
    }

    /// What importing these items would do (`dry_run`), or does.
    pub async fn import_news(
        &self,
        actor: &Actor,
        items: &[ImportItem],
        dry_run: bool,
    ) -> Result<Vec<ImportOutcome>> {
        may(actor, Act::KeepRecord)?;
        if dry_run {
            return Ok(self.store().plan_import(items).await?);
        }
        Ok(self
            .store()
            .import_news(items, &self.by(actor, None))
            .await?)
    }

    pub async fn pending_proposals(&self, actor: &Actor) -> Result<Vec<PendingProposal>> {
        may(actor, Act::KeepRecord)?;
        Ok(self.store().pending_proposals().await?)
    }

    /// Publishes a draft, when its version is what `expect` says.
    pub async fn publish_news(
        &self,
        actor: &Actor,
        slug: &Slug,
        expect: cica_store::Expect,
    ) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .publish_news(slug, expect, &self.by(actor, None))
            .await?)
    }

    pub async fn accept_proposal(
        &self,
        actor: &Actor,
        key: &ProposalKey,
        acceptance: &Acceptance,
    ) -> Result<Accepted> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .accept_proposal(key, acceptance, &self.by(actor, None))
            .await?)
    }

    pub async fn reject_proposal(&self, actor: &Actor, key: &ProposalKey) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .reject_proposal(key, &self.by(actor, None))
            .await?)
    }

    /// Saves a term of the Chair (an editor): creates it when `at` is none, else replaces the
    /// term stored at that state and first day (both of which the save may correct) at the
    /// version expected.
    pub async fn save_chairmanship(
        &self,
        actor: &Actor,
        at: Option<(&StateCode, &cica_domain::PartialDate)>,
        c: &cica_domain::Chairmanship,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        let problems = chairmanship_problems(c);
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_chairmanship(at, c, expect, &self.by(actor, None))
            .await?)
    }

    /// Saves a person (an editor): creates them when `expect` is `Absent`, else replaces the
    /// stored record when its version is the one expected.
    pub async fn save_person(
        &self,
        actor: &Actor,
        p: &cica_domain::Person,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        savable(&p.slug, person_problems(p))?;
        Ok(self
            .store()
            .save_person(p, expect, &self.by(actor, None))
            .await?)
    }

    /// Records a person at the slug their name gives in lower case (`kairat-sarybay`);
    /// refused as a conflict when one is there.
    pub async fn create_person(
        &self,
        actor: &Actor,
        mut p: cica_domain::Person,
    ) -> Result<(Slug, cica_store::Version)> {
        p.slug = cica_import::analyze::slug_for(None, &p.name)
            .to_string()
            .strip_prefix("undated-")
            .and_then(|s| Slug::parse(s).ok())
            .ok_or_else(|| AppError::invalid("name", "give the name in Latin letters"))?;
        let version = self
            .save_person(actor, &p, cica_store::Expect::Absent)
            .await?;
        Ok((p.slug, version))
    }

    /// Saves a body (an editor): creates it when `expect` is `Absent`, else replaces the
    /// stored one when its version is the one expected.
    pub async fn save_body(
        &self,
        actor: &Actor,
        b: &cica_domain::Body,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        savable(&b.slug, body_problems(b))?;
        Ok(self
            .store()
            .save_body(b, expect, &self.by(actor, None))
            .await?)
    }

    /// Deletes an organization, a person or a body stored at the version expected (an
    /// editor), unless something refers to it (the store names every referrer).
    pub async fn delete_registered(
        &self,
        actor: &Actor,
        kind: cica_store::Registered,
        slug: &Slug,
        expect: cica_store::Expect,
    ) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .delete_registered(kind, slug, expect, &self.by(actor, None))
            .await?)
    }

    /// Saves a state (an editor): creates it when `expect` is `Absent`, else replaces the
    /// stored one when its version is the one expected.
    pub async fn save_state(
        &self,
        actor: &Actor,
        st: &cica_domain::State,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        let problems = state_problems(st);
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_state(st, expect, &self.by(actor, None))
            .await?)
    }

    /// Saves an organization (an editor): creates it when `expect` is `Absent`, else
    /// replaces the stored one when its version is the one expected.
    pub async fn save_organization(
        &self,
        actor: &Actor,
        o: &cica_domain::Organization,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        savable(&o.slug, organization_problems(o))?;
        Ok(self
            .store()
            .save_organization(o, expect, &self.by(actor, None))
            .await?)
    }

    /// Creates an organization at the slug its acronym (else its name) gives, in lower case:
    /// `sco`, `united-nations`; refused as a conflict when one is there.
    pub async fn create_organization(
        &self,
        actor: &Actor,
        mut o: cica_domain::Organization,
    ) -> Result<(Slug, cica_store::Version)> {
        let slug_of = |text: &str| {
            cica_import::analyze::slug_for(None, text)
                .to_string()
                .strip_prefix("undated-")
                .and_then(|s| Slug::parse(s).ok())
        };
        o.slug = o
            .acronym
            .as_deref()
            .and_then(slug_of)
            .or_else(|| slug_of(&o.name))
            .ok_or_else(|| {
                AppError::invalid("name", "give a name in Latin letters, or an acronym")
            })?;
        let version = self
            .save_organization(actor, &o, cica_store::Expect::Absent)
            .await?;
        Ok((o.slug, version))
    }

    /// Saves a document (an editor): creates it when `expect` is `Absent`, else replaces the
    /// stored one when its version is the one expected. Versions already recorded stay as
    /// they were; new ones are added after them.
    pub async fn save_document(
        &self,
        actor: &Actor,
        d: &cica_domain::decision::Document,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        savable(&d.slug, document_problems(d))?;
        Ok(self
            .store()
            .save_document(d, expect, &self.by(actor, None))
            .await?)
    }

    /// Creates a document at the slug its title gives, in lower case (`cica-charter`), or
    /// with `-2` … `-9` after it when documents of that title are there already; refused as a
    /// conflict past those.
    pub async fn create_document(
        &self,
        actor: &Actor,
        mut d: cica_domain::decision::Document,
    ) -> Result<(Slug, cica_store::Version)> {
        let base = cica_import::analyze::slug_for(None, &d.title)
            .to_string()
            .strip_prefix("undated-")
            .map(|s| if s == "new" { "new-document" } else { s }.to_owned())
            .ok_or_else(|| AppError::invalid("title", "give a title in Latin letters"))?;
        for n in 1..=9 {
            let slug = if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            d.slug = Slug::parse(&slug)
                .map_err(|_| AppError::invalid("title", "give a title in Latin letters"))?;
            match self
                .save_document(actor, &d, cica_store::Expect::Absent)
                .await
            {
                Err(AppError::Conflict(_)) if n < 9 => {}
                other => return other.map(|version| (d.slug, version)),
            }
        }
        Err(AppError::Conflict(format!(
            "documents `{base}` to `{base}-9` are recorded already; name this one with PUT and If-None-Match: *"
        )))
    }

    /// Saves an issue's editorial record when what is stored is what `expect` says, after
    /// its rules (`digest_problems`); returns its new version.
    pub async fn save_digest(
        &self,
        actor: &Actor,
        digest: &Digest,
        expect: cica_store::Expect,
    ) -> Result<cica_store::Version> {
        may(actor, Act::KeepRecord)?;
        let problems = digest_problems(digest);
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_digest(digest, expect, &self.by(actor, None))
            .await?)
    }

    /// Replaces every record with `dataset`. Refused, naming what would be lost, when
    /// anything was written since the last load, unless told to replace it after a backup.
    pub async fn load_dataset(
        &self,
        actor: &Actor,
        dataset: &Dataset,
        replace: Replace<'_>,
    ) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        // What the trail holds now: the load goes ahead only if nothing is written between
        // this look (and the backup) and the replacement.
        let head = self.store().audit_head().await?.map(|(seq, _)| seq);
        let since = self.store().writes_since_load().await?;
        let lost = match &since {
            None => Some(
                "records whose history this database does not hold (it was filled before \
                 loads were recorded)"
                    .to_owned(),
            ),
            Some(w) if w.is_empty() => None,
            Some(w) => Some(
                w.iter()
                    .map(|(action, n)| format!("{n} × {action}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        };
        if let Some(lost) = lost {
            match replace {
                Replace::No => {
                    return Err(AppError::Conflict(format!(
                        "this database holds what was written since its last load, which a \
                         load would replace: {lost}. Nothing was changed; to replace it anyway, \
                         load again with --replace (a backup is written first)"
                    )));
                }
                Replace::AfterBackup(path) => self.store().backup(path).await?,
            }
        }
        Ok(self
            .store()
            .replace_all_if(dataset, &self.by(actor, None), head)
            .await?)
    }
}
