//! Writing the calendar as an editor does: meetings and the Secretary General's engagements,
//! created or saved over the version read, after the record's own rules
//! (`Meeting::problems`, `Engagement::problems`) and the checks of every free text; the store
//! checks what it names and the version, and audits, in one transaction.

use cica_domain::access::{Act, may};
use cica_domain::{Engagement, Meeting, Period, Slug};
use cica_store::{Expect, Version};

use crate::records::{MAX_LINE, MAX_TEXT};
use crate::{Actor, App, AppError, Result};

/// Every problem of `e` as an editor would be told of it, field by field.
pub fn engagement_problems(e: &Engagement) -> Vec<(String, String)> {
    let mut out = e.problems();
    let mut texts: Vec<(String, &str, usize)> = Vec::new();
    if let Some(c) = &e.city {
        texts.push(("city".into(), c.as_str(), MAX_LINE));
    }
    if let Some(s) = &e.summary {
        texts.push(("summary".into(), s.as_str(), MAX_TEXT));
    }
    if let Some(n) = &e.provenance.note {
        texts.push(("note".into(), n.as_str(), MAX_LINE));
    }
    if e.topics.len() <= Engagement::MAX_TOPICS {
        for (i, t) in e.topics.iter().enumerate() {
            texts.push((format!("topics[{i}]"), t.as_str(), MAX_LINE));
        }
    }
    for (i, c) in e.counterparts.iter().enumerate().take(NEWS_TAGS) {
        if let Some(t) = &c.title {
            texts.push((format!("counterparts[{i}].title"), t.as_str(), MAX_LINE));
        }
    }
    crate::texts_checked(&mut out, texts);
    out
}

/// Every problem of `m` as an editor would be told of it, field by field.
pub fn meeting_problems(m: &Meeting) -> Vec<(String, String)> {
    let mut out = m.problems();
    let mut texts: Vec<(String, &str, usize)> = Vec::new();
    for (field, text, max) in [
        ("title", &m.title, MAX_LINE),
        ("city", &m.city, MAX_LINE),
        ("series_note", &m.series_note, MAX_LINE),
        ("summary", &m.summary, MAX_TEXT),
        ("note", &m.provenance.note, MAX_LINE),
    ] {
        if let Some(t) = text {
            texts.push((field.into(), t.as_str(), max));
        }
    }
    if m.outcomes.len() <= Meeting::MAX_OUTCOMES {
        for (i, o) in m.outcomes.iter().enumerate() {
            texts.push((format!("outcomes[{i}].text"), o.text.as_str(), MAX_TEXT));
        }
    }
    crate::texts_checked(&mut out, texts);
    out
}

/// The id a new meeting takes when the editor gives none, as the records name meetings: its
/// body by the short name it goes by (`short`, "SOC"; else its slug), its first day (or its
/// announced time, `2025-summer`) and its city: `soc-2025-06-12-astana`.
pub fn meeting_id(m: &Meeting, short: Option<&str>) -> Option<Slug> {
    let city = m.city.as_deref().unwrap_or_default();
    let body = short
        .map(|s| cica_import::analyze::slug_for(None, s).to_string())
        .and_then(|s| s.strip_prefix("undated-").map(str::to_owned))
        .unwrap_or_else(|| m.body.to_string());
    let (when, rest) = match &m.when {
        Period::Days(span) => {
            let s = cica_import::analyze::slug_for(Some(span.start()), city).to_string();
            (String::new(), s)
        }
        other => {
            let s = cica_import::analyze::slug_for(None, city).to_string();
            let rest = s.strip_prefix("undated").unwrap_or(&s).to_owned();
            (other.iso().to_ascii_lowercase(), rest)
        }
    };
    let mut id = format!("{body}-{when}{rest}");
    while id.len() > 120 {
        match id.rfind('-') {
            Some(at) => id.truncate(at),
            None => return None,
        }
    }
    Slug::parse(&id).ok()
}

/// The most counterparts whose titles are read (the list itself is bounded by the rules).
const NEWS_TAGS: usize = cica_domain::NewsItem::MAX_TAGS;

/// The id a new engagement takes when the editor gives none, as the records name engagements:
/// `eng-`, its first day, and whom it was with (its first counterpart, else its first state,
/// in lower case, or organization; else its kind): `eng-2025-04-03-wang-yi`. Cut at a hyphen
/// to stay within a slug's length.
pub fn engagement_id(e: &Engagement) -> Option<Slug> {
    let with = e
        .counterparts
        .first()
        .map(|c| c.person.to_string())
        .or_else(|| e.states.first().map(|s| s.as_str().to_ascii_lowercase()))
        .or_else(|| e.organizations.first().map(ToString::to_string))
        .unwrap_or_else(|| e.kind.as_str().to_owned());
    let mut id = format!("eng-{}-{with}", e.when.start().format("%Y-%m-%d"));
    while id.len() > 120 {
        match id.rfind('-') {
            Some(at) => id.truncate(at),
            None => return None,
        }
    }
    Slug::parse(&id).ok()
}

impl App {
    /// Saves a meeting (an editor): creates it when `expect` is [`Expect::Absent`], else
    /// replaces the stored one when its version is the one expected. Returns the new version.
    pub async fn save_meeting(
        &self,
        actor: &Actor,
        m: &Meeting,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        crate::reserved("id", &m.id)?;
        let problems = meeting_problems(m);
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_meeting(m, expect, &self.by(actor, None))
            .await?)
    }

    /// Deletes a meeting stored at the version expected (an editor), unless something refers
    /// to it (the store names what).
    pub async fn delete_meeting(&self, actor: &Actor, id: &Slug, expect: Expect) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .delete_meeting(id, expect, &self.by(actor, None))
            .await?)
    }

    /// Deletes an engagement stored at the version expected (an editor).
    pub async fn delete_engagement(&self, actor: &Actor, id: &Slug, expect: Expect) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .delete_engagement(id, expect, &self.by(actor, None))
            .await?)
    }

    /// Creates a meeting at the id its body, day and city give ([`meeting_id`]); refused as
    /// a conflict when one is there (and, by the store, when the body does not exist).
    pub async fn create_meeting(&self, actor: &Actor, mut m: Meeting) -> Result<(Slug, Version)> {
        let body = self.store().body(&m.body).await?;
        let short = body.as_ref().and_then(|b| b.short_name.as_deref());
        m.id = meeting_id(&m, short)
            .ok_or_else(|| AppError::invalid("id", "give the meeting an id"))?;
        let version = self.save_meeting(actor, &m, Expect::Absent).await?;
        Ok((m.id, version))
    }

    /// Saves an engagement (an editor): creates it when `expect` is [`Expect::Absent`], else
    /// replaces the stored one when its version is the one expected. Returns the new version.
    pub async fn save_engagement(
        &self,
        actor: &Actor,
        e: &Engagement,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        crate::reserved("id", &e.id)?;
        let problems = engagement_problems(e);
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_engagement(e, expect, &self.by(actor, None))
            .await?)
    }

    /// Creates an engagement at the id its day and counterpart give ([`engagement_id`]);
    /// refused as a conflict when one is there.
    pub async fn create_engagement(
        &self,
        actor: &Actor,
        mut e: Engagement,
    ) -> Result<(Slug, Version)> {
        e.id = engagement_id(&e)
            .ok_or_else(|| AppError::invalid("id", "give the engagement an id"))?;
        let version = self.save_engagement(actor, &e, Expect::Absent).await?;
        Ok((e.id, version))
    }
}
