//! Putting an earlier version of a record back from its history.

use cica_domain::access::{Act, may};
use cica_domain::audit::Entry;
use cica_domain::{Quarter, Slug, StateCode};
use cica_store::{Expect, Side, Version, Written};

use crate::{Actor, App, AppError, MAX_NOTE, Result};

/// Whether an audit entry of `action` keeps a version of its record that can be put back.
pub fn restorable(action: &str) -> bool {
    cica_store::RESTORABLE.contains(&action)
}

/// A version of a record the history offers to put back: the entry, and its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offered {
    pub seq: i64,
    pub side: Side,
}

/// What a save does not change stays as it is now: a news item's filing and publication
/// (publishing is its own act), a document's versions (circulated, never taken back), an
/// issue's status.
fn keep(w: &mut Written, now: &Written) {
    match (w, now) {
        (Written::News(w), Written::News(now)) => {
            w.draft = now.draft;
            w.issue = now.issue;
            w.position = now.position;
        }
        (Written::Document(w), Written::Document(now)) => w.versions = now.versions.clone(),
        (Written::Digest(w), Written::Digest(now)) => w.status = now.status,
        _ => {}
    }
}

impl App {
    /// The record the trail names `record` (`state/KZ`, `meeting/…`) as it stands, with its
    /// version and its name as the trail spells it (`state/kz` is `state/KZ`); None when
    /// nothing is there or the record keeps no versions.
    async fn standing(&self, record: &str) -> Result<Option<(Written, Version, String)>> {
        let Some((kind, key)) = record.split_once('/') else {
            return Ok(None);
        };
        let s = self.store();
        let found = match kind {
            "state" => match StateCode::parse(key) {
                Ok(code) => s
                    .state_versioned(&code)
                    .await?
                    .map(|(r, v)| (Written::State(r), v)),
                Err(_) => None,
            },
            "chairmanship" => match cica_domain::Chairmanship::parse_key(key) {
                Some((state, from)) => s
                    .chairmanship_versioned(&state, &from)
                    .await?
                    .map(|(r, v)| (Written::Chairmanship(r), v)),
                None => None,
            },
            "digest" => match Quarter::parse(key) {
                Ok(q) => s
                    .digest_versioned(q)
                    .await?
                    .map(|(r, v)| (Written::Digest(r), v)),
                Err(_) => None,
            },
            _ => {
                let Ok(slug) = Slug::parse(key) else {
                    return Ok(None);
                };
                match kind {
                    "organization" => s
                        .organization_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::Organization(r), v)),
                    "person" => s
                        .person_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::Person(r), v)),
                    "body" => s
                        .body_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::Body(r), v)),
                    "meeting" => s
                        .meeting_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::Meeting(r), v)),
                    "engagement" => s
                        .engagement_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::Engagement(r), v)),
                    "news" => s
                        .news_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::News(r), v)),
                    "document" => s
                        .document_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::Document(r), v)),
                    "decision" => s
                        .decision_versioned(&slug)
                        .await?
                        .map(|(r, v)| (Written::Decision(r), v)),
                    _ => None,
                }
            }
        };
        Ok(found.map(|(r, v)| {
            let name = format!("{kind}/{}", r.key());
            (r, v, name)
        }))
    }

    /// The record as entry `seq` of `name` kept it on `side`, with what stays applied from
    /// `now`; None when the entry keeps no such version.
    async fn candidate(
        &self,
        name: &str,
        now: &Written,
        seq: i64,
        side: Side,
    ) -> Result<Option<Written>> {
        Ok(self.store().written(name, seq, side).await?.map(|mut w| {
            keep(&mut w, now);
            w
        }))
    }

    /// The version `record` (as the audit trail names it) stands at, for a form that puts an
    /// earlier one back over it; None for a record that is not there or keeps no versions.
    pub async fn record_version(&self, actor: &Actor, record: &str) -> Result<Option<Version>> {
        may(actor, Act::KeepRecord)?;
        Ok(self.standing(record).await?.map(|(_, v, _)| v))
    }

    /// The versions of `record` its history (`entries`, oldest first) offers to put back:
    /// each version an editor's write left, and the one the oldest such write found (the
    /// record as the dataset loaded it, say), leaving out any that is the record as it stands;
    /// with the version the record stands at, which a restore saves over (None when nothing
    /// is offered).
    pub async fn offered(
        &self,
        actor: &Actor,
        record: &str,
        entries: &[Entry],
    ) -> Result<(Vec<Offered>, Option<Version>)> {
        may(actor, Act::KeepRecord)?;
        let writes: Vec<&Entry> = entries.iter().filter(|e| restorable(&e.action)).collect();
        if writes.is_empty() {
            return Ok((Vec::new(), None));
        }
        let Some((now, version, name)) = self.standing(record).await? else {
            return Ok((Vec::new(), None));
        };
        let mut asked: Vec<Offered> = writes
            .iter()
            .map(|e| Offered {
                seq: e.seq,
                side: Side::After,
            })
            .collect();
        if let Some(first) = writes.first().filter(|e| e.before.is_some()) {
            asked.push(Offered {
                seq: first.seq,
                side: Side::Before,
            });
        }
        let mut out = Vec::new();
        for o in asked {
            if self
                .candidate(&name, &now, o.seq, o.side)
                .await?
                .is_some_and(|w| w != now)
            {
                out.push(o);
            }
        }
        let version = (!out.is_empty()).then_some(version);
        Ok((out, version))
    }

    /// Puts `record` (`state/KZ`, `meeting/…`, as the audit trail names it) back as the entry
    /// `seq` of its history left it ([`Side::After`]) or found it ([`Side::Before`]), over the
    /// version `expect` names: a save like any other, by the record's own use case and rules,
    /// with its own new version and audit entry, its note saying which entry (after the reason
    /// given). What a save does not change stays as it is now ([`keep`]). Refused when the
    /// record is not there, when the entry keeps no such version of it, when that version is
    /// the record as it stands, and when it breaks today's rules (a tag naming a record
    /// deleted since).
    pub async fn restore(
        &self,
        actor: &Actor,
        record: &str,
        seq: i64,
        side: Side,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        let (now, _, name) = self
            .standing(record)
            .await?
            .ok_or_else(|| AppError::NotFound(format!("no record is named `{record}`")))?;
        let as_written = match side {
            Side::After => format!("as written at entry {seq} of the audit trail"),
            Side::Before => format!("as it stood before entry {seq} of the audit trail"),
        };
        let w = self
            .candidate(&name, &now, seq, side)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "entry",
                    format!(
                        "entry {seq} of the audit trail keeps no version of `{name}` {}",
                        match side {
                            Side::After => "that an editor wrote",
                            Side::Before => "from before it",
                        }
                    ),
                )
            })?;
        if w == now {
            return Err(AppError::Rejected(format!(
                "`{name}` stands {as_written}; there is nothing to restore"
            )));
        }
        let restored = format!("restored {as_written}");
        let note = match self.note() {
            // The reason given, and which version came back: both must fit in one note.
            Some(reason) if reason.chars().count() + restored.len() + 3 > MAX_NOTE => {
                return Err(AppError::invalid(
                    "note",
                    format!(
                        "a restore adds “({restored})” to the reason given, and a note holds at most {MAX_NOTE} characters: shorten the reason to {} characters",
                        MAX_NOTE.saturating_sub(restored.len() + 3)
                    ),
                ));
            }
            Some(reason) => format!("{reason} ({restored})"),
            None => restored,
        };
        let uses = self.noted(Some(&note))?;
        match &w {
            Written::State(r) => uses.save_state(actor, r, expect).await,
            Written::Organization(r) => uses.save_organization(actor, r, expect).await,
            Written::Person(r) => uses.save_person(actor, r, expect).await,
            Written::Body(r) => uses.save_body(actor, r, expect).await,
            Written::Chairmanship(r) => {
                // Saved in the place of the term as it stands (a restore may move its days).
                let Written::Chairmanship(at) = &now else {
                    return Err(AppError::NotFound(format!("no record is named `{record}`")));
                };
                uses.save_chairmanship(actor, Some((&at.state, &at.from)), r, expect)
                    .await
            }
            Written::Meeting(r) => uses.save_meeting(actor, r, expect).await,
            Written::Engagement(r) => uses.save_engagement(actor, r, expect).await,
            Written::News(r) => uses.save_news(actor, r, expect).await,
            Written::Document(r) => uses.save_document(actor, r, expect).await,
            Written::Decision(r) => uses.save_decision(actor, r, expect).await,
            Written::Digest(r) => uses.save_digest(actor, r, expect).await,
        }
    }
}
