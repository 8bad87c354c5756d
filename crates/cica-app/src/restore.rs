//! Putting an earlier version of a record back from its history.

use cica_domain::access::{Act, may};
use cica_domain::{Quarter, Slug, StateCode};
use cica_store::{Expect, Side, Version, Written};

use crate::{Actor, App, AppError, Result};

/// Whether an audit entry of `action` keeps a version of its record that can be put back.
pub fn restorable(action: &str) -> bool {
    cica_store::RESTORABLE.contains(&action)
}

impl App {
    /// Puts `record` (`state/KZ`, `meeting/…`, as the audit trail names it) back as the entry
    /// `seq` of its history left it ([`Side::After`]) or found it ([`Side::Before`]), over the
    /// version `expect` names: a save like any other, by the same use case and rules, with its
    /// own new version and audit entry, its note saying which entry (after the reason given).
    /// What a save does not change stays as it is now: a news item's filing and publication,
    /// a document's versions, an issue's status. Refused when the record is not there, when
    /// the entry keeps no such version of it, when that version is the record as it stands,
    /// and when it breaks today's rules (a tag naming a record deleted since).
    pub async fn restore(
        &self,
        actor: &Actor,
        record: &str,
        seq: i64,
        side: Side,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        let missing = || AppError::NotFound(format!("no record is named `{record}`"));
        let (kind, key) = record.split_once('/').ok_or_else(missing)?;
        let slug = || Slug::parse(key).map_err(|_| missing());
        let written = self.store().written(record, seq, side).await?;
        let as_written = match side {
            Side::After => format!("as written at entry {seq} of the audit trail"),
            Side::Before => format!("as it stood before entry {seq} of the audit trail"),
        };
        let put = || {
            let note = match self.note() {
                Some(reason) => format!("{reason} (restored {as_written})"),
                None => format!("restored {as_written}"),
            };
            self.noted(Some(&note))
        };
        let no_version = || {
            AppError::invalid(
                "entry",
                format!(
                    "entry {seq} of the audit trail keeps no version of `{record}` {}",
                    match side {
                        Side::After => "that an editor wrote",
                        Side::Before => "from before it",
                    }
                ),
            )
        };
        let same = || {
            AppError::Rejected(format!(
                "`{record}` stands {as_written}; there is nothing to restore"
            ))
        };
        macro_rules! restore {
            ($current:expr, $variant:ident, $save:ident, |$w:ident, $now:ident| $keep:block) => {{
                let ($now, _) = $current.ok_or_else(missing)?;
                #[allow(unused_mut)]
                let Some(Written::$variant(mut $w)) = written else {
                    return Err(no_version());
                };
                $keep
                if $w == $now {
                    return Err(same());
                }
                put()?.$save(actor, &$w, expect).await
            }};
        }
        match kind {
            "state" => {
                let code = StateCode::parse(key).map_err(|_| missing())?;
                restore!(
                    self.store().state_versioned(&code).await?,
                    State,
                    save_state,
                    |w, now| {}
                )
            }
            "organization" => restore!(
                self.store().organization_versioned(&slug()?).await?,
                Organization,
                save_organization,
                |w, now| {}
            ),
            "person" => restore!(
                self.store().person_versioned(&slug()?).await?,
                Person,
                save_person,
                |w, now| {}
            ),
            "body" => restore!(
                self.store().body_versioned(&slug()?).await?,
                Body,
                save_body,
                |w, now| {}
            ),
            "meeting" => restore!(
                self.store().meeting_versioned(&slug()?).await?,
                Meeting,
                save_meeting,
                |w, now| {}
            ),
            "engagement" => restore!(
                self.store().engagement_versioned(&slug()?).await?,
                Engagement,
                save_engagement,
                |w, now| {}
            ),
            "news" => restore!(
                self.store().news_versioned(&slug()?).await?,
                News,
                save_news,
                |w, now| {
                    // The text comes back; where the item is filed and whether it is
                    // published stay.
                    w.draft = now.draft;
                    w.issue = now.issue;
                    w.position = now.position;
                }
            ),
            "document" => restore!(
                self.store().document_versioned(&slug()?).await?,
                Document,
                save_document,
                |w, now| {
                    // Versions stay as circulated: a save only ever adds to them.
                    w.versions = now.versions.clone();
                }
            ),
            "decision" => restore!(
                self.store().decision_versioned(&slug()?).await?,
                Decision,
                save_decision,
                |w, now| {}
            ),
            "digest" => {
                let quarter = Quarter::parse(key).map_err(|_| missing())?;
                restore!(
                    self.store().digest_versioned(quarter).await?,
                    Digest,
                    save_digest,
                    |w, now| {
                        // Publishing an issue is its own act; its contents come back.
                        w.status = now.status;
                    }
                )
            }
            _ => Err(missing()),
        }
    }
}

impl App {
    /// The version `record` (as the audit trail names it) stands at, for a form that puts an
    /// earlier one back over it; None for a record that is not there or keeps no versions.
    pub async fn record_version(&self, actor: &Actor, record: &str) -> Result<Option<Version>> {
        may(actor, Act::KeepRecord)?;
        let Some((kind, key)) = record.split_once('/') else {
            return Ok(None);
        };
        let s = self.store();
        if let Ok(code) = StateCode::parse(key)
            && kind == "state"
        {
            return Ok(s.state_versioned(&code).await?.map(|(_, v)| v));
        }
        if let Ok(q) = Quarter::parse(key)
            && kind == "digest"
        {
            return Ok(s.digest_versioned(q).await?.map(|(_, v)| v));
        }
        let Ok(slug) = Slug::parse(key) else {
            return Ok(None);
        };
        Ok(match kind {
            "organization" => s.organization_versioned(&slug).await?.map(|(_, v)| v),
            "person" => s.person_versioned(&slug).await?.map(|(_, v)| v),
            "body" => s.body_versioned(&slug).await?.map(|(_, v)| v),
            "meeting" => s.meeting_versioned(&slug).await?.map(|(_, v)| v),
            "engagement" => s.engagement_versioned(&slug).await?.map(|(_, v)| v),
            "news" => s.news_versioned(&slug).await?.map(|(_, v)| v),
            "document" => s.document_versioned(&slug).await?.map(|(_, v)| v),
            "decision" => s.decision_versioned(&slug).await?.map(|(_, v)| v),
            _ => None,
        })
    }
}
