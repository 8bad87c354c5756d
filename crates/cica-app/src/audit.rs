//! Reading and checking the audit trail.

use cica_domain::access::{Act, may};
use cica_domain::audit::{self, Break, Entry};

use crate::{Actor, App, Result};

/// What a check of the whole trail found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Entries checked.
    pub entries: usize,
    /// The first break, if the trail is not as written.
    pub broken: Option<Break>,
}

impl App {
    /// Checks the whole trail: every entry's hash, its link to the one before, no gap, and
    /// the head kept apart.
    pub async fn verify_audit(&self, actor: &Actor) -> Result<Verified> {
        may(actor, Act::ReadAudit)?;
        let (entries, head) = self.store().audit_snapshot().await?;
        let broken = audit::verify(&entries, head.as_ref().map(|(s, h)| (*s, h.as_str()))).err();
        Ok(Verified {
            entries: entries.len(),
            broken,
        })
    }

    /// The entries of one record (`silence/…`, `news/…`) or of all, oldest first.
    pub async fn audit_trail(&self, actor: &Actor, record: Option<&str>) -> Result<Vec<Entry>> {
        may(actor, Act::ReadAudit)?;
        Ok(self.store().audit(record).await?)
    }
}

impl App {
    /// A record's history, oldest first, for the Secretariat (on the record's own page).
    pub async fn record_history(&self, actor: &Actor, record: &str) -> Result<Vec<Entry>> {
        may(actor, Act::KeepRecord)?;
        Ok(self.store().audit(Some(record)).await?)
    }
}
