//! Who may do what (DOMAIN §9): the roles of an account, their dated grants, the actor of a
//! use case, and the one function that answers whether an actor may do something.
//!
//! The rights are a table, not scattered checks: every use case asks [`may`] with the act it
//! performs, and every shell gets its actor before it calls a use case.

use chrono::NaiveDate;

use crate::decision::Visibility;
use crate::status::{Participation, StatusPeriod, is_member_on, status_on};
use crate::{Slug, StateCode};

keyword_enum!(
    /// What an account is for. The public has no account.
    Role {
        /// A delegate of one Member State: reads what Member States read; breaks silence and
        /// makes statements for that state only.
        MemberDelegate = "member-delegate",
        /// A delegate of an Observer State or an observer organization: reads what observers
        /// read; never breaks silence.
        ObserverDelegate = "observer-delegate",
        /// Secretariat staff: keeps the record (news, calendar, documents, decisions,
        /// treaties, imports, the Digest).
        Editor = "editor",
        /// Secretariat staff who also manage accounts.
        Administrator = "administrator",
    }
);

/// Whom a delegate's account speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Binding {
    /// Secretariat accounts are bound to no one.
    None,
    State(StateCode),
    Organization(Slug),
}

impl std::fmt::Display for Binding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::None => f.write_str("-"),
            Self::State(c) => write!(f, "state {c}"),
            Self::Organization(s) => write!(f, "organization {s}"),
        }
    }
}

/// A role held from one day, until a day or for as long as it is not ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub role: Role,
    pub binding: Binding,
    pub from: NaiveDate,
    /// The last day it holds; `None` while it holds.
    pub until: Option<NaiveDate>,
}

impl Grant {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}

/// The grant in force on `day`, of an account's grants (the latest starting one wins).
pub fn grant_on(grants: &[Grant], day: NaiveDate) -> Option<&Grant> {
    grants
        .iter()
        .filter(|g| g.covers(day))
        .max_by_key(|g| g.from)
}

/// Why a role cannot be granted with a binding.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("a {0} is bound to no state or organization")]
    Unbound(Role),
    #[error("a member-state delegate is bound to a Member State: give its code")]
    NeedsState,
    #[error(
        "an observer delegate is bound to an Observer State or an observer organization: give the state's code or the organization's slug"
    )]
    NeedsObserver,
    #[error("{0} is not a Member State on {1}")]
    NotMember(StateCode, NaiveDate),
    #[error("{0} is not an observer on {1}")]
    NotObserver(String, NaiveDate),
}

/// Checks that `binding` suits `role` on `day`: a member-state delegate speaks for a Member
/// State, an observer delegate for an Observer State or an observer organization, and the
/// Secretariat for no one. `statuses` are the status periods of the state or organization
/// bound to (empty when unbound or unknown).
pub fn check_grant(
    role: Role,
    binding: &Binding,
    statuses: &[StatusPeriod],
    day: NaiveDate,
) -> Result<(), GrantError> {
    let status = status_on(statuses, day).map(|s| s.status);
    match (role, binding) {
        (Role::Editor | Role::Administrator, Binding::None) => Ok(()),
        (Role::Editor | Role::Administrator, _) => Err(GrantError::Unbound(role)),
        (Role::MemberDelegate, Binding::State(code)) => {
            if is_member_on(statuses, day) {
                Ok(())
            } else {
                Err(GrantError::NotMember(code.clone(), day))
            }
        }
        (Role::MemberDelegate, _) => Err(GrantError::NeedsState),
        (Role::ObserverDelegate, Binding::None) => Err(GrantError::NeedsObserver),
        (Role::ObserverDelegate, b) => {
            if status == Some(Participation::Observer) {
                Ok(())
            } else {
                let name = match b {
                    Binding::State(c) => c.to_string(),
                    Binding::Organization(s) => s.to_string(),
                    Binding::None => String::new(),
                };
                Err(GrantError::NotObserver(name, day))
            }
        }
    }
}

/// Who performs a use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A reader without an account.
    Public,
    /// A signed-in account, with the grant in force today (none: it may only read what the
    /// public reads).
    Account {
        id: i64,
        email: String,
        grant: Option<(Role, Binding)>,
    },
    /// The command line, working on the database itself, as this operating-system user.
    Cli { user: String },
    /// The platform itself (settling silence procedures at their deadline).
    System { task: &'static str },
}

impl Actor {
    /// How the audit trail names the actor.
    pub fn label(&self) -> String {
        match self {
            Self::Public => "public".into(),
            Self::Account { email, .. } => format!("account:{email}"),
            Self::Cli { user } => format!("cli:{user}"),
            Self::System { task } => format!("system:{task}"),
        }
    }

    fn role(&self) -> Option<(Role, &Binding)> {
        match self {
            Self::Account {
                grant: Some((r, b)),
                ..
            } => Some((*r, b)),
            _ => None,
        }
    }

    /// The Secretariat's own hands: an editor, an administrator, the command line, the
    /// platform itself.
    pub fn is_secretariat(&self) -> bool {
        matches!(self, Self::Cli { .. } | Self::System { .. })
            || matches!(self.role(), Some((Role::Editor | Role::Administrator, _)))
    }

    pub fn is_administrator(&self) -> bool {
        matches!(self, Self::Cli { .. }) || matches!(self.role(), Some((Role::Administrator, _)))
    }
}

/// What an actor asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act<'a> {
    /// The Secretariat's work on the record: news, imports and their review, documents,
    /// decisions, silence procedures (open, extend, withdraw), treaty actions, the Digest,
    /// loading a dataset.
    KeepRecord,
    /// Break a silence procedure (objection or amendment) for this state.
    BreakSilence(&'a StateCode),
    /// Make a statement (reservation, interpretative statement) on a decision for this state.
    MakeStatement(&'a StateCode),
    /// File or correct this state's report on its implementation of CBMs.
    FileCbmReport(&'a StateCode),
    /// Create, disable, enable accounts, reset passwords, issue tokens.
    ManageAccounts,
    /// Read the audit trail.
    ReadAudit,
}

/// Why an act is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Nobody is signed in: the client should authenticate.
    #[error("this needs an account: sign in or send `Authorization: Bearer <personal token>`")]
    Anonymous,
    /// Signed in, but the role does not allow it.
    #[error("{0}")]
    Forbidden(String),
}

/// Whether `actor` may perform `act`. Delegates act for their own state only and observers
/// never break silence; the Secretariat records what states send it (a break received as a
/// note verbale, a statement made at a meeting), so editors may record those for any state.
pub fn may(actor: &Actor, act: Act<'_>) -> Result<(), Denied> {
    if *actor == Actor::Public {
        return Err(Denied::Anonymous);
    }
    let allowed = match act {
        Act::KeepRecord => actor.is_secretariat(),
        Act::ManageAccounts | Act::ReadAudit => actor.is_administrator(),
        Act::BreakSilence(state) | Act::MakeStatement(state) | Act::FileCbmReport(state) => {
            actor.is_secretariat()
                || matches!(actor.role(), Some((Role::MemberDelegate, Binding::State(own))) if own == state)
        }
    };
    if allowed {
        return Ok(());
    }
    let who = match actor.role() {
        Some((role, binding)) => format!("a {role} ({binding})"),
        None => "an account without a role in force today".to_owned(),
    };
    let what = match act {
        Act::KeepRecord => "keep the Secretariat's record".to_owned(),
        Act::ManageAccounts => "manage accounts".to_owned(),
        Act::ReadAudit => "read the audit trail".to_owned(),
        Act::BreakSilence(s) => match actor.role() {
            Some((Role::ObserverDelegate, _)) => {
                return Err(Denied::Forbidden(
                    "observers never break silence; only a delegate of a Member State can".into(),
                ));
            }
            _ => format!("break silence for {s}"),
        },
        Act::MakeStatement(s) => format!("make a statement for {s}"),
        Act::FileCbmReport(s) => format!("file a CBM implementation report for {s}"),
    };
    Err(Denied::Forbidden(format!("{who} may not {what}")))
}

/// Whether `actor` may read a record of this visibility.
pub fn may_read(actor: &Actor, visibility: Visibility) -> bool {
    if visibility == Visibility::Public || actor.is_secretariat() {
        return true;
    }
    match actor.role() {
        Some((Role::MemberDelegate, _)) => matches!(
            visibility,
            Visibility::Members | Visibility::MembersAndObservers
        ),
        Some((Role::ObserverDelegate, _)) => visibility == Visibility::MembersAndObservers,
        _ => false,
    }
}

/// An account of the platform (its password hash stays in the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub disabled: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Every grant it ever held, earliest first.
    pub grants: Vec<Grant>,
}

impl Account {
    /// The actor this account is on `day`.
    pub fn actor(&self, day: NaiveDate) -> Actor {
        Actor::Account {
            id: self.id,
            email: self.email.clone(),
            grant: grant_on(&self.grants, day).map(|g| (g.role, g.binding.clone())),
        }
    }
}
