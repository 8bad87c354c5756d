//! Questions about treaties that read more than one record: the what-if of a deposit.

use chrono::NaiveDate;
use cica_domain::decision::Treaty;
use cica_domain::treaty::{self, ActionKind, EntryKind, TreatyAction, TreatyStatus, WhatIfError};
use cica_domain::{DateSpan, Participation, StateCode, is_member_on, status_on};

use crate::{App, AppError, Result};

/// A treaty's status as if a state deposited its instrument on a day.
#[derive(Debug, Clone)]
pub struct WhatIf {
    /// The state's name, as the register has it.
    pub name: String,
    /// The instrument assumed: a ratification if the state signed, an accession otherwise.
    pub kind: ActionKind,
    pub status: TreatyStatus,
}

impl App {
    /// The status of `treaty` as if `state` deposited on `deposit`; refused, with the reason,
    /// when that could not happen (the state is not a Member State on that day, or is already
    /// a party). Anyone may ask: it reads public records only and writes nothing.
    pub async fn what_if(
        &self,
        treaty: &Treaty,
        state: &StateCode,
        deposit: NaiveDate,
    ) -> Result<WhatIf> {
        let record = self.store().state(state).await?.ok_or_else(|| {
            AppError::invalid("state", format!("no state has the code `{state}`"))
        })?;
        if !treaty.regime.what_if_applies() {
            return Err(AppError::Rejected(format!(
                "the {} {}: there is no count of Member States' instruments to compute a what-if from",
                treaty.short_title,
                match treaty.regime.entry.kind() {
                    EntryKind::Threshold =>
                        "enters into force on a count of instruments that are not on record",
                    EntryKind::OnSignature => "entered into force on signature",
                    EntryKind::OnDate => "enters into force on a date it names",
                    EntryKind::OnNotification =>
                        "enters into force on the notification that domestic procedures are complete",
                }
            )));
        }
        let actions: Vec<TreatyAction> = treaty.plain_actions();
        let when = DateSpan::day(deposit).human();
        let (kind, status) = treaty::checked_what_if(
            &treaty.clause,
            &actions,
            state.as_str(),
            is_member_on(&record.statuses, deposit),
            deposit,
        )
        .map_err(|e| {
            AppError::Rejected(match e {
                WhatIfError::NotAMember { .. } => {
                    let what =
                        status_on(&record.statuses, deposit).map_or("takes no part in CICA", |o| {
                            if o.status == Participation::Observer {
                                "is an Observer State"
                            } else {
                                "is not a Member State"
                            }
                        });
                    format!(
                        "{} {what} on {when}; only Member States can become parties to the {}",
                        record.name, treaty.short_title
                    )
                }
                WhatIfError::AlreadyParty { kind, deposit, .. } => format!(
                    "{} is already a party: its instrument of {kind} counts from {}",
                    record.name,
                    DateSpan::day(deposit).human()
                ),
            })
        })?;
        Ok(WhatIf {
            name: record.name,
            kind,
            status,
        })
    }
}
