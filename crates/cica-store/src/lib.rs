//! Persistence of the platform's records behind one narrow trait, [`Store`].
//!
//! The web and CLI shells talk only to `dyn Store`; each SQL backend lives in its own module
//! with its own SQL and its own migrations (`migrations/<backend>/`). SQLite ([`sqlite`]) is
//! the embedded default.
//!
//! **Architecture invariant:** no SQL outside this crate, and no HTTP or template concern in it.
//! Records go in and come out as `cica_domain` types.
#![forbid(unsafe_code)]

pub mod sqlite;

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use cica_domain::access::{Account, Grant};
use cica_domain::audit::Entry as AuditEntry;
use cica_domain::consensus::Position;
use cica_domain::decision::{
    ActionRecord, Decision, Document, DocumentVersion, NewDecision, NewSilence, Notification,
    Proposer, SilenceRecord, Treaty,
};
use cica_domain::silence::Request;
use cica_domain::{
    Body, Chairmanship, Dataset, Digest, Engagement, Meeting, MeetingStatus, NewsItem, NewsKind,
    Organization, Person, Quarter, Slug, State, StateCode,
};

/// What can go wrong in the store. None of these is the client's fault: the web layer turns
/// them into a 500 and logs them, so messages may name internals.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored {record} is malformed: {problem}")]
    Corrupt { record: String, problem: String },
    #[error("`{0}` is not a database this build can open (give a file path or a sqlite: URL)")]
    UnsupportedUrl(String),
    /// The request names a record that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request breaks a rule (deadline passed, not a Member State…).
    #[error("{0}")]
    Rejected(String),
    /// The request came too late for what is stored: the silence procedure was settled (by
    /// another request or another server) before it could be recorded, or a record with that
    /// key already exists.
    #[error("{0}")]
    Conflict(String),
    /// The database cannot take writes now (its file was deleted or replaced while the
    /// server ran).
    #[error("{0}")]
    Unavailable(String),
    /// The write expected another version of the record than the one stored: someone saved
    /// it in between.
    #[error("{message}")]
    Stale { message: String, current: Version },
}

/// The version of a record: it changes with every write of the record and is never given
/// twice to one record (not even across a dataset load). Clients send back the version they
/// read, and a save over a newer one is refused ([`StoreError::Stale`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub i64);

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What a save expects to find at the record's address, as an HTTP client states it with
/// `If-None-Match: *` or `If-Match`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Nothing: the save creates the record, and is refused if one is there.
    Absent,
    /// Any version: the save replaces whatever is stored (`If-Match: *`).
    Any,
    /// Exactly this version.
    Version(Version),
}

/// Where a write reads the time: called once the write holds the database's lock, so that
/// what it decides on (has the deadline passed?) is the time it actually commits at.
pub type Now<'a> = &'a (dyn Fn() -> DateTime<Utc> + Send + Sync);

/// Who makes a write, when, and why: what the audit trail records beside the change, in the
/// write's own transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// `account:EMAIL`, `cli:USER` or `system:TASK` ([`cica_domain::access::Actor::label`]).
    pub actor: String,
    pub at: DateTime<Utc>,
    /// Why, when the actor says.
    pub note: Option<String>,
}

/// A personal API token of an account, as listed (its secret is never kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// A position in a keyset-paginated list: the sort key and id of the last item returned.
///
/// Its text form (`2025-03-17_some-slug`) is what the API hands out as `next` and accepts as
/// `cursor`; clients treat it as opaque.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: NaiveDate,
    pub id: Slug,
}

impl Cursor {
    pub fn parse(text: &str) -> Option<Self> {
        let (key, id) = text.split_once('_')?;
        Some(Self {
            key: cica_domain::parse_day(key).ok()?,
            id: Slug::parse(id).ok()?,
        })
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.key.format("%Y-%m-%d"), self.id)
    }
}

/// One page of a list and where the next one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
}

/// Filters for the news archive, newest first.
#[derive(Debug, Clone, Default)]
pub struct NewsQuery {
    /// Items filed on or after this day.
    pub from: Option<NaiveDate>,
    /// Items filed on or before this day.
    pub to: Option<NaiveDate>,
    pub state: Option<StateCode>,
    pub body: Option<Slug>,
    pub person: Option<Slug>,
    pub organization: Option<Slug>,
    pub kind: Option<NewsKind>,
    pub issue: Option<Quarter>,
    /// Whether drafts are listed: never for the public (the default).
    pub drafts: Drafts,
    pub after: Option<Cursor>,
    pub limit: u32,
}

/// Which news items a list includes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Drafts {
    /// Published items only.
    #[default]
    Exclude,
    /// Drafts only: the editors' queue.
    Only,
    /// Everything.
    Include,
}

/// What an import did, or would do, with one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportAction {
    /// A new draft.
    Create,
    /// The same item is already stored under this slug; nothing changes.
    Unchanged(Slug),
    /// A draft from an earlier import, now updated from the new text.
    Update,
    /// A published item differs from the imported text; it is left as it is.
    Conflict(String),
}

impl ImportAction {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Unchanged(_) => "unchanged",
            Self::Update => "update",
            Self::Conflict(_) => "conflict",
        }
    }
}

/// What an imported item reports that the calendar or the engagements may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposalKind {
    Meeting,
    Engagement,
}

impl ProposalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meeting => "meeting",
            Self::Engagement => "engagement",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "meeting" => Some(Self::Meeting),
            "engagement" => Some(Self::Engagement),
            _ => None,
        }
    }
}

/// A meeting or an engagement an imported item reports, kept with the item for an editor to
/// review and turn into a record. Proposals are never shown to the public.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub kind: ProposalKind,
    /// The body's slug (a meeting); the person's slug, or the name as printed for someone
    /// not in the register (an engagement). One proposal per item, kind and subject.
    pub subject: String,
    /// The registered person met, for an engagement.
    pub person: Option<Slug>,
    /// The person's title as printed.
    pub title: Option<String>,
    pub place: Option<String>,
    pub span: Option<cica_domain::DateSpan>,
    /// The sentence it was read from.
    pub evidence: String,
}

/// One item to import: its news draft and what it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportItem {
    pub news: NewsItem,
    pub proposals: Vec<Proposal>,
}

/// What an import did, or would do, with one proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalAction {
    /// New: kept as pending for an editor.
    Propose,
    /// Already pending from an earlier import.
    Pending,
    /// Already reviewed by an editor (accepted or rejected); left as it is.
    Reviewed,
    /// The calendar or the engagements already hold it: this meeting or engagement.
    Recorded(Slug),
    /// Not kept: its item conflicts with a published one, or was already in this import.
    Skipped,
}

impl ProposalAction {
    pub fn label(&self) -> &'static str {
        match self {
            Self::Propose => "propose",
            Self::Pending => "pending",
            Self::Reviewed => "reviewed",
            Self::Recorded(_) => "recorded",
            Self::Skipped => "skipped",
        }
    }
}

/// What an import did, or would do, with one item and its proposals (in their order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub action: ImportAction,
    pub proposals: Vec<ProposalAction>,
}

/// A proposal waiting for an editor, with the news item it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingProposal {
    pub news: Slug,
    pub proposal: Proposal,
}

/// One proposal, by the key it is kept under: the news item it came with, its kind and its
/// subject (a body's slug; a person's slug, or a name as printed, which may hold spaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalKey {
    pub news: Slug,
    pub kind: ProposalKind,
    pub subject: String,
}

impl fmt::Display for ProposalKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} proposal `{}` of news item `{}`",
            self.kind.as_str(),
            self.subject,
            self.news
        )
    }
}

pub use cica_domain::review::{Acceptance, EngagementAcceptance, MeetingAcceptance};

/// The record an accepted proposal became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    Meeting(Meeting),
    Engagement(Engagement),
}

/// Which end of the calendar a meeting list starts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// Earliest first: the upcoming calendar.
    #[default]
    Ascending,
    /// Latest first: the archive of past meetings.
    Descending,
}

/// Filters for meetings. `from`/`to` select meetings whose days overlap that window.
#[derive(Debug, Clone, Default)]
pub struct MeetingQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only meetings whose last day is before this day: the past, as opposed to what is
    /// still going on.
    pub ended_before: Option<NaiveDate>,
    pub body: Option<Slug>,
    /// Meetings the state hosted, chaired, took place in, or attended.
    pub state: Option<StateCode>,
    pub status: Option<MeetingStatus>,
    /// Meetings a news item reports.
    pub news: Option<Slug>,
    pub order: Order,
    pub after: Option<Cursor>,
    pub limit: u32,
}

/// Filters for engagements, latest first.
#[derive(Debug, Clone, Default)]
pub struct EngagementQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub state: Option<StateCode>,
    pub organization: Option<Slug>,
    pub person: Option<Slug>,
    /// Engagements a news item reports.
    pub news: Option<Slug>,
    pub after: Option<Cursor>,
    pub limit: u32,
}

/// The store's contract, as one trait per role (each use-case shaped: reads such as
/// `news(&NewsQuery)`, and writes that take an [`Attribution`] and record their audit entry in
/// the same transaction). Code that needs one role asks for that trait; `Store` is all of them,
/// which is what a backend implements and what the shells hold.
pub trait Store:
    Datasets
    + Registers
    + Calendar
    + News
    + Decisions
    + Treaties
    + Catalogue
    + Ledger
    + Digests
    + Accounts
    + AuditTrail
    + 'static
{
}

impl<T> Store for T where
    T: Datasets
        + Registers
        + Calendar
        + News
        + Decisions
        + Treaties
        + Catalogue
        + Ledger
        + Digests
        + Accounts
        + AuditTrail
        + 'static
{
}

/// The database as a whole: its revision, loading a checked dataset, and backups.
#[async_trait]
pub trait Datasets: Send + Sync {
    /// A number that changes whenever a record the public can see changes; caches and ETags
    /// key on it. Writes of what only the Secretariat sees (drafts, pending or rejected
    /// proposals, draft issues, Secretariat-only documents, accounts) leave it, so it tells a
    /// public client nothing of them.
    async fn revision(&self) -> Result<i64>;
    /// Whether no dataset has been loaded yet.
    async fn is_empty(&self) -> Result<bool>;
    /// Replaces every record with `dataset`, atomically: on error nothing has changed.
    async fn replace_all(&self, dataset: &Dataset, by: &Attribution) -> Result<()>;
    /// As [`Datasets::replace_all`], only if the audit trail's head is still `head` (the last
    /// entry's number, `None` for an empty trail) once the write lock is held: refused as a
    /// conflict when anything was written since the caller looked.
    async fn replace_all_if(
        &self,
        dataset: &Dataset,
        by: &Attribution,
        head: Option<i64>,
    ) -> Result<()>;
    /// What was written since the last load of a dataset (or since the database was created,
    /// when it records no load): each kind of write with its count. Account changes are not
    /// counted, since a load keeps accounts. `None` when the database holds records but no
    /// trail of how they came, so what a load would lose cannot be told.
    async fn writes_since_load(&self) -> Result<Option<Vec<(String, i64)>>>;
    /// Writes a consistent copy of the whole database to `path` (which must not exist).
    async fn backup(&self, path: &std::path::Path) -> Result<()>;
}

/// The registers: states, organizations, people, bodies, chairmanships, the Secretariat's contacts.
#[async_trait]
pub trait Registers: Send + Sync {
    async fn states(&self) -> Result<Vec<State>>;
    async fn state(&self, code: &StateCode) -> Result<Option<State>>;
    async fn organizations(&self) -> Result<Vec<Organization>>;
    async fn organization(&self, slug: &Slug) -> Result<Option<Organization>>;
    /// A state with its version.
    async fn state_versioned(&self, code: &StateCode) -> Result<Option<(State, Version)>>;
    /// Creates or replaces a state (with its status periods) when what is stored is what
    /// `expect` says, in one immediate transaction with its audit entry; refused as for
    /// [`News::save_news`]. Returns the new version.
    async fn save_state(&self, state: &State, expect: Expect, by: &Attribution) -> Result<Version>;
    /// An organization with its version.
    async fn organization_versioned(&self, slug: &Slug) -> Result<Option<(Organization, Version)>>;
    /// Creates or replaces an organization (with its status periods) when what is stored is
    /// what `expect` says, in one immediate transaction with its audit entry; refused as for
    /// [`News::save_news`], and when its state does not exist. Returns the new version.
    async fn save_organization(
        &self,
        organization: &Organization,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    async fn people(&self) -> Result<Vec<Person>>;
    async fn person(&self, slug: &Slug) -> Result<Option<Person>>;
    async fn bodies(&self) -> Result<Vec<Body>>;
    async fn body(&self, slug: &Slug) -> Result<Option<Body>>;
    /// A term of the Chair, named by its state and first day, with its version.
    async fn chairmanship_versioned(
        &self,
        state: &StateCode,
        from: &cica_domain::PartialDate,
    ) -> Result<Option<(Chairmanship, Version)>>;
    /// Creates the term of `chairmanship`'s state and first day (`at`: none), or replaces the
    /// term stored `at` that state and first day (which a save may correct: the term keeps its
    /// place, its key changes with them), when what is stored is what `expect` says, in one
    /// immediate transaction with its audit entry; refused as for [`News::save_news`], when
    /// its state or SOC chair does not exist, when another term has its new key, and when it
    /// shares a day with another term. Returns the new version.
    async fn save_chairmanship(
        &self,
        at: Option<(&StateCode, &cica_domain::PartialDate)>,
        chairmanship: &Chairmanship,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// A person with their version.
    async fn person_versioned(&self, slug: &Slug) -> Result<Option<(Person, Version)>>;
    /// Creates or replaces a person (with their roles) when what is stored is what `expect`
    /// says, in one immediate transaction with its audit entry; refused as for
    /// [`News::save_news`], and when a role names what does not exist. Returns the new version.
    async fn save_person(
        &self,
        person: &Person,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// A body with its version.
    async fn body_versioned(&self, slug: &Slug) -> Result<Option<(Body, Version)>>;
    /// Creates or replaces a body when what is stored is what `expect` says, in one immediate
    /// transaction with its audit entry; refused as for [`News::save_news`], and when its
    /// parent does not exist or parents would go round in a circle. Returns the new version.
    async fn save_body(&self, body: &Body, expect: Expect, by: &Attribution) -> Result<Version>;
    /// Deletes an organization, a person or a body stored at the version `expect` names, with
    /// what is its own (an organization's status periods, a person's roles), audited with the
    /// record as it was; refused as a conflict naming every record that refers to it (a news
    /// item's tags, a meeting, an engagement, a role, a term of the Chair, an issue's foreword,
    /// a sub-body, a document, a decision, an import proposal waiting).
    async fn delete_registered(
        &self,
        kind: Registered,
        slug: &Slug,
        expect: Expect,
        by: &Attribution,
    ) -> Result<()>;
    /// All terms, earliest first.
    async fn chairmanships(&self) -> Result<Vec<Chairmanship>>;
    /// The Secretariat's contact details.
    async fn contact(&self) -> Result<Option<cica_domain::Contact>>;
}

/// The registers' records named by a slug, which may be deleted while nothing refers to them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    Organization,
    Person,
    Body,
}

impl Registered {
    /// Its name in the audit trail and in messages (`person`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Person => "person",
            Self::Body => "body",
        }
    }
}

/// The calendar: meetings and the Secretary General's engagements.
#[async_trait]
pub trait Calendar: Send + Sync {
    async fn meetings(&self, query: &MeetingQuery) -> Result<Page<Meeting>>;
    async fn meeting(&self, id: &Slug) -> Result<Option<Meeting>>;
    /// A meeting with its version.
    async fn meeting_versioned(&self, id: &Slug) -> Result<Option<(Meeting, Version)>>;
    /// Creates or replaces a meeting when what is stored is what `expect` says, in one
    /// immediate transaction with its audit entry; refused as for [`News::save_news`], and
    /// when it names a record that does not exist or a news item still a draft
    /// ([`StoreError::Rejected`], naming the field). A meeting replaced keeps the decisions
    /// taken at it. Returns the new version.
    async fn save_meeting(
        &self,
        meeting: &Meeting,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    async fn engagements(&self, query: &EngagementQuery) -> Result<Page<Engagement>>;
    async fn engagement(&self, id: &Slug) -> Result<Option<Engagement>>;
    /// An engagement with its version.
    async fn engagement_versioned(&self, id: &Slug) -> Result<Option<(Engagement, Version)>>;
    /// Creates or replaces an engagement when what is stored is what `expect` says, in one
    /// immediate transaction with its audit entry; refused as for [`News::save_news`], and
    /// when it names a record that does not exist ([`StoreError::Rejected`], naming the
    /// field). Returns the new version.
    async fn save_engagement(
        &self,
        engagement: &Engagement,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// Deletes a meeting stored at the version `expect` names, with its audit entry (the
    /// meeting as it was), when nothing refers to it: refused as a conflict naming every
    /// referrer (the decisions taken at it, the meetings announcing it as their next).
    async fn delete_meeting(&self, id: &Slug, expect: Expect, by: &Attribution) -> Result<()>;
    /// Deletes an engagement stored at the version `expect` names, with its audit entry.
    async fn delete_engagement(&self, id: &Slug, expect: Expect, by: &Attribution) -> Result<()>;
    /// For every state, the last day an engagement concerned it (None if never).
    async fn last_engaged(&self) -> Result<Vec<(StateCode, Option<NaiveDate>)>>;
}

/// The news archive with its photographs, the importer's drafts and their proposals, and publishing.
#[async_trait]
pub trait News: Send + Sync {
    async fn news(&self, query: &NewsQuery) -> Result<Page<NewsItem>>;
    async fn news_item(&self, slug: &Slug) -> Result<Option<NewsItem>>;
    /// A news item, draft or not, with its version.
    async fn news_versioned(&self, slug: &Slug) -> Result<Option<(NewsItem, Version)>>;
    /// Creates or replaces a news item (its text, tags, photographs and filing; whether it is
    /// a draft is kept as stored, and a new one is a draft) when what is stored is what
    /// `expect` says, in one immediate transaction with its audit entry; refused when it is
    /// not ([`StoreError::Stale`] for another version, [`StoreError::NotFound`] when nothing
    /// is there, [`StoreError::Conflict`] when something is and none was expected), or when
    /// a tag, a photograph or the issue names no record ([`StoreError::Rejected`], naming the
    /// field). Returns the new version.
    async fn save_news(&self, item: &NewsItem, expect: Expect, by: &Attribution)
    -> Result<Version>;
    /// Deletes a draft news item (with its tags, its photographs' places and its import
    /// proposals) when its version is the one expected, audited with the item as it was;
    /// refused as for [`News::save_news`] when it is not, as a [`StoreError::Conflict`] for a
    /// published item or one an issue of the Digest names (naming the issue).
    async fn delete_news(&self, slug: &Slug, expect: Expect, by: &Attribution) -> Result<()>;
    /// Adds a photograph to a news item, after its others: the image is stored under its name
    /// and the item gets a new version, in one immediate transaction with its audit entry;
    /// refused as for [`News::save_news`] when the item is not as expected, and as a
    /// [`StoreError::Conflict`] when an image of that name is stored already.
    async fn add_photo(
        &self,
        item: &Slug,
        expect: Expect,
        media: &cica_domain::Media,
        photo: &cica_domain::Photo,
        by: &Attribution,
    ) -> Result<Version>;
    /// The months (first days) that have news, newest first, with their item counts.
    async fn news_months(&self) -> Result<Vec<(NaiveDate, u32)>>;
    /// An image of the records (a news photograph), by name.
    async fn media(&self, name: &cica_domain::MediaName) -> Result<Option<cica_domain::Media>>;
    /// Whether an image of that name is stored (without reading it).
    async fn media_exists(&self, name: &cica_domain::MediaName) -> Result<bool>;
    /// The smaller copy of an image kept for screens, when one has been made.
    async fn rendition(
        &self,
        name: &cica_domain::MediaName,
        size: cica_domain::Rendition,
    ) -> Result<Option<cica_domain::Media>>;
    /// Keeps a smaller copy made of `source` (derived data, like a cache: not audited, and a
    /// copy already kept stays); nothing is kept when the image stored under that name is no
    /// longer `source` (gone, or replaced while the copy was made).
    async fn keep_rendition(
        &self,
        size: cica_domain::Rendition,
        copy: &cica_domain::Media,
        source: &cica_domain::Media,
    ) -> Result<()>;
    /// Whether a published news item prints the image: only then is it the public's.
    async fn media_published(&self, name: &cica_domain::MediaName) -> Result<bool>;
    /// What importing these items would do, item by item, without writing.
    async fn plan_import(&self, items: &[ImportItem]) -> Result<Vec<ImportOutcome>>;
    /// Imports the items as drafts, and what they report as pending proposals, in one
    /// transaction; re-importing the same text changes nothing. Returns what was done with
    /// each.
    async fn import_news(
        &self,
        items: &[ImportItem],
        by: &Attribution,
    ) -> Result<Vec<ImportOutcome>>;
    /// Proposals waiting for an editor, oldest item first.
    async fn pending_proposals(&self) -> Result<Vec<PendingProposal>>;
    /// Publishes a draft, when its version is what `expect` says ([`Expect::Any`]: whatever
    /// it is); refused as for [`News::save_news`] otherwise.
    async fn publish_news(&self, slug: &Slug, expect: Expect, by: &Attribution) -> Result<()>;
    /// Turns a pending proposal into a meeting or an engagement linked to its news item, in one
    /// immediate transaction that re-reads the proposal. Refused, with nothing written, when
    /// the proposal does not exist ([`StoreError::NotFound`]), is no longer pending, is of
    /// the other kind, its news item is still a draft, its days are missing or inverted, or a
    /// reference names no record ([`StoreError::Rejected`], naming the field), or the id is
    /// taken ([`StoreError::Conflict`]). Later imports of the same text leave it accepted.
    async fn accept_proposal(
        &self,
        key: &ProposalKey,
        acceptance: &Acceptance,
        by: &Attribution,
    ) -> Result<Accepted>;
    /// Marks a pending proposal rejected; refused as for [`News::accept_proposal`] when it
    /// does not exist or is no longer pending. Later imports leave it rejected.
    async fn reject_proposal(&self, key: &ProposalKey, by: &Attribution) -> Result<()>;
}

/// Documents and their versions, decisions with their statements, and silence procedures.
#[async_trait]
pub trait Decisions: Send + Sync {
    async fn documents(&self) -> Result<Vec<Document>>;
    async fn document(&self, slug: &Slug) -> Result<Option<Document>>;
    /// A document with its version of record (which changes with every write of it, a new
    /// numbered version included).
    async fn document_versioned(&self, slug: &Slug) -> Result<Option<(Document, Version)>>;
    /// Creates or replaces a document when what is stored is what `expect` says, in one
    /// immediate transaction with its audit entry; refused as for [`News::save_news`], when
    /// its organ or a proposer does not exist, and when it would change or take away a
    /// version already recorded ([`Document::version_changes`]). Returns the new version.
    async fn save_document(
        &self,
        document: &Document,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// Adds the next version of a document; returns it with its number.
    async fn add_document_version(
        &self,
        slug: &Slug,
        version: NewVersion,
        by: &Attribution,
    ) -> Result<DocumentVersion>;
    async fn decisions(&self, query: &DecisionQuery) -> Result<Page<Decision>>;
    async fn decision(&self, id: &Slug) -> Result<Option<Decision>>;
    /// A decision with its version of record (which a statement added changes too).
    async fn decision_versioned(&self, id: &Slug) -> Result<Option<(Decision, Version)>>;
    /// Saves a correction of a recorded decision when its version is the one `expect` names,
    /// in one immediate transaction with its audit entry: refused as for [`News::save_news`],
    /// `NotFound` for no such decision (one is recorded with [`Decisions::record_decision`]),
    /// `Rejected` naming the field for a change of its place in the register or of how it
    /// was taken, a meeting of another organ or a day it did not sit, a day after `today`, a
    /// document version that does not exist, statements the consensus rule refuses.
    async fn save_decision(
        &self,
        decision: &Decision,
        expect: Expect,
        today: NaiveDate,
        by: &Attribution,
    ) -> Result<Version>;
    /// Records a decision taken at a meeting, numbered next in its organ's register for the
    /// year. Refused unless the meeting is of that organ and the date one of its days (and not
    /// after `today`), the document version exists, and the statements pass the consensus
    /// rule: reservations and interpretative statements of Member States only.
    async fn record_decision(
        &self,
        new: NewDecision,
        today: NaiveDate,
        by: &Attribution,
    ) -> Result<Decision>;
    /// Adds a Member State's reservation or interpretative statement to a decision.
    async fn add_statement(
        &self,
        decision: &Slug,
        statement: Position,
        by: &Attribution,
    ) -> Result<Decision>;
    /// Every procedure, newest first.
    async fn silences(&self) -> Result<Vec<SilenceRecord>>;
    async fn silence(&self, id: &Slug) -> Result<Option<SilenceRecord>>;
    /// Opens a procedure after checking it: the chair must hold the Chairmanship at opening.
    async fn open_silence(&self, new: NewSilence, by: &Attribution) -> Result<SilenceRecord>;
    /// Records a break, an extension or a withdrawal, if the rules allow it at the time `now`
    /// reads once the write lock is held. Refused with [`StoreError::Conflict`] when the
    /// procedure is already settled, however close the request came.
    async fn silence_request(
        &self,
        id: &Slug,
        request: Request,
        now: Now<'_>,
        by: &Attribution,
    ) -> Result<SilenceRecord>;
    /// Settles every procedure whose deadline has passed at `now`: adopted ones get their
    /// decision, numbered in their organ's register. Each procedure is settled exactly once,
    /// however many processes call this at the same time. Returns the procedures settled.
    async fn settle_silences(&self, now: DateTime<Utc>, by: &Attribution) -> Result<Vec<Slug>>;
    /// The earliest deadline of a procedure still open, to know when to settle next.
    async fn next_deadline(&self) -> Result<Option<DateTime<Utc>>>;
}

/// Treaties, their actions, and the depositary's notifications.
#[async_trait]
pub trait Treaties: Send + Sync {
    async fn treaties(&self) -> Result<Vec<Treaty>>;
    async fn treaty(&self, slug: &Slug) -> Result<Option<Treaty>>;
    /// Records an action after [`cica_domain::treaty::check_action`] and a check that a
    /// deposit is not after `today`; a deposit (of consent or of an exit) produces the next
    /// numbered depositary notification of the year of `today`.
    async fn record_treaty_action(
        &self,
        slug: &Slug,
        action: ActionRecord,
        today: chrono::NaiveDate,
        by: &Attribution,
    ) -> Result<Option<Notification>>;
    /// Withdraws as recorded in error the latest action of `party` on the treaty, when it is
    /// of `kind` and, when given, of those `dates` (act, deposit) ([`Treaty::withdrawable`]):
    /// kept, marked with `today` and `reason`, counted for nothing. When a notification
    /// announced it, the next notification of the year of `today` withdraws that one and is
    /// returned. Audited as `treaty.withdraw`.
    #[allow(clippy::too_many_arguments)]
    async fn withdraw_treaty_action(
        &self,
        slug: &Slug,
        party: &StateCode,
        kind: cica_domain::treaty::ActionKind,
        dates: Option<(Option<chrono::NaiveDate>, Option<chrono::NaiveDate>)>,
        reason: &str,
        today: chrono::NaiveDate,
        by: &Attribution,
    ) -> Result<Option<Notification>>;
    /// A treaty's actions withdrawn as recorded in error.
    async fn withdrawn_actions(
        &self,
        slug: &Slug,
    ) -> Result<Vec<cica_domain::decision::WithdrawnAction>>;
    /// Depositary notifications, newest first, of one treaty or of all.
    async fn notifications(&self, treaty: Option<&Slug>) -> Result<Vec<Notification>>;
}

/// The Catalogue of CBMs: its priority areas, with the states coordinating them and their
/// action plans, and the activities that implemented them.
#[async_trait]
pub trait Catalogue: Send + Sync {
    /// Every priority area, by dimension and in the Catalogue's order within it.
    async fn cbm_areas(&self) -> Result<Vec<cica_domain::cbm::PriorityArea>>;
    /// One priority area with its version.
    async fn cbm_area(
        &self,
        slug: &Slug,
    ) -> Result<Option<(cica_domain::cbm::PriorityArea, Version)>>;
    /// The activities of one area, or of all, oldest first.
    async fn cbm_activities(&self, area: Option<&Slug>) -> Result<Vec<cica_domain::cbm::Activity>>;
    /// One activity with its version.
    async fn cbm_activity(
        &self,
        slug: &Slug,
    ) -> Result<Option<(cica_domain::cbm::Activity, Version)>>;
    /// Creates or replaces a priority area with its terms and plans when what is stored is
    /// what `expect` says, in one immediate transaction with its audit entry (`cbm_area.create`
    /// or `.save`); refused as for [`News::save_news`] and when a term or plan names a state
    /// or decision that does not exist. A replaced area keeps its place and its activities.
    async fn save_cbm_area(
        &self,
        area: &cica_domain::cbm::PriorityArea,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// Creates or replaces an activity as [`Catalogue::save_cbm_area`] does an area
    /// (`cbm_activity.create` or `.save`); refused when it names an area, state,
    /// organization, meeting or news item that does not exist.
    async fn save_cbm_activity(
        &self,
        activity: &cica_domain::cbm::Activity,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// Deletes an activity recorded in error, at the version expected (`cbm_activity.delete`).
    async fn delete_cbm_activity(
        &self,
        slug: &Slug,
        expect: Expect,
        by: &Attribution,
    ) -> Result<()>;
    /// Every year's round of reports, the latest first.
    async fn cbm_rounds(&self) -> Result<Vec<cica_domain::cbm::ReportingRound>>;
    /// One year's round with its version.
    async fn cbm_round(
        &self,
        year: i32,
    ) -> Result<Option<(cica_domain::cbm::ReportingRound, Version)>>;
    /// Sets a year's due day, creating the round (`Expect::Absent`) or moving its day, when
    /// what is stored is what `expect` says (refused as for [`News::save_news`], nothing
    /// written); audited as `cbm_round.create` or `cbm_round.save`.
    async fn save_cbm_round(
        &self,
        round: &cica_domain::cbm::ReportingRound,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// Reports with their versions, of one year or of all, by year (latest first) and state;
    /// every visibility: the caller decides who reads what.
    async fn cbm_reports(
        &self,
        year: Option<i32>,
    ) -> Result<Vec<(cica_domain::cbm::Report, Version)>>;
    /// One state's report on a year, with its version.
    async fn cbm_report(
        &self,
        state: &StateCode,
        year: i32,
    ) -> Result<Option<(cica_domain::cbm::Report, Version)>>;
    /// Files or replaces a report when what is stored is what `expect` says, in one immediate
    /// transaction with its audit entry (`cbm_report.create` or `.save`); a replaced report
    /// keeps the day it was first received. Refused as for
    /// [`News::save_news`] and when a listed area does not exist. The revision moves only
    /// when the report is public, or was. Returns the new version.
    async fn save_cbm_report(
        &self,
        report: &cica_domain::cbm::Report,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
}

/// The editorial records of the Digest's issues.
/// Money: contributions to the Secretariat's budget and to the CICA Fund.
#[async_trait]
pub trait Ledger: Send + Sync {
    /// Every contribution with its version, the earliest first.
    async fn contributions(&self) -> Result<Vec<(cica_domain::money::Contribution, Version)>>;
    /// One contribution with its version.
    async fn contribution(
        &self,
        id: &Slug,
    ) -> Result<Option<(cica_domain::money::Contribution, Version)>>;
    /// Creates (`Expect::Absent`) or replaces a contribution with its movements; refused when
    /// a contributor or news item it names does not exist. Audited as `contribution.create` or
    /// `contribution.save`.
    async fn save_contribution(
        &self,
        c: &cica_domain::money::Contribution,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// Deletes a contribution recorded in error; refused while a Fund project's transaction
    /// draws on it. Audited as `contribution.delete`.
    async fn delete_contribution(&self, id: &Slug, expect: Expect, by: &Attribution) -> Result<()>;
    /// Financial reports and external audits of the Secretariat's accounts, by the first day of
    /// their period.
    async fn financial_reports(&self) -> Result<Vec<cica_domain::money::FinancialReport>>;
    /// One financial report with its version.
    async fn financial_report(
        &self,
        id: &Slug,
    ) -> Result<Option<(cica_domain::money::FinancialReport, Version)>>;
    /// Records or replaces a financial report or audit when what is stored is what `expect`
    /// says, with its audit entry (`financial_report.create` or `.save`); refused when it
    /// names a document or decision that does not exist.
    async fn save_financial_report(
        &self,
        report: &cica_domain::money::FinancialReport,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
    /// Deletes a financial report recorded in error (`financial_report.delete`).
    async fn delete_financial_report(
        &self,
        id: &Slug,
        expect: Expect,
        by: &Attribution,
    ) -> Result<()>;
    /// Every project of the CICA Fund with its version, by id.
    async fn fund_projects(&self) -> Result<Vec<(cica_domain::fund::Project, Version)>>;
    /// One project with its version.
    async fn fund_project(
        &self,
        id: &Slug,
    ) -> Result<Option<(cica_domain::fund::Project, Version)>>;
    /// Creates (`Expect::Absent`) or replaces a project with its review; refused when a state,
    /// organization, decision, contribution or news item it names does not exist. Audited as
    /// `fund_project.create` or `fund_project.save`.
    async fn save_fund_project(
        &self,
        p: &cica_domain::fund::Project,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
}

#[async_trait]
pub trait Digests: Send + Sync {
    async fn digests(&self) -> Result<Vec<Digest>>;
    async fn digest(&self, quarter: Quarter) -> Result<Option<Digest>>;
    /// An issue's editorial record, draft or not, with its version.
    async fn digest_versioned(&self, quarter: Quarter) -> Result<Option<(Digest, Version)>>;
    /// Creates or replaces an issue's editorial record (title, foreword, cover, order,
    /// spotlight, status) in one transaction, when what is stored is what `expect` says.
    /// Refused with [`StoreError::Rejected`], naming the field, when the record names an item
    /// that is not the issue's or a person who does not exist, or breaks
    /// [`Digest::problems`]; refused as for [`News::save_news`] when the record is not as
    /// expected. Returns the new version.
    async fn save_digest(
        &self,
        digest: &Digest,
        expect: Expect,
        by: &Attribution,
    ) -> Result<Version>;
}

/// Accounts, their grants, personal tokens, browser sessions and sign-in throttling.
#[async_trait]
pub trait Accounts: Send + Sync {
    /// Creates an account with its first grant. Refused as a conflict when the address is
    /// taken (addresses compare without case).
    async fn add_account(
        &self,
        email: &str,
        password_hash: &str,
        grant: &Grant,
        by: &Attribution,
    ) -> Result<Account>;
    /// Gives an account a new role (or binding) from `grant.from`: the grant in force ends the
    /// day before (or is replaced, when it began that same day).
    async fn change_grant(&self, email: &str, grant: &Grant, by: &Attribution) -> Result<Account>;
    /// Every account, by address.
    async fn accounts(&self) -> Result<Vec<Account>>;
    async fn account(&self, email: &str) -> Result<Option<Account>>;
    /// The stored password hash (PHC text) of an account.
    async fn password_hash(&self, email: &str) -> Result<Option<String>>;
    /// Disables or enables an account; a disabled account's tokens stop working.
    async fn set_disabled(&self, email: &str, disabled: bool, by: &Attribution) -> Result<Account>;
    async fn set_password(&self, email: &str, password_hash: &str, by: &Attribution) -> Result<()>;
    /// Keeps a new personal token by its digest, under a name unique among the account's
    /// live tokens.
    async fn add_token(
        &self,
        email: &str,
        name: &str,
        digest: &str,
        by: &Attribution,
    ) -> Result<()>;
    async fn revoke_token(&self, email: &str, name: &str, by: &Attribution) -> Result<()>;
    async fn tokens(&self, email: &str) -> Result<Vec<TokenInfo>>;
    /// The enabled account holding a live token with this digest.
    async fn token_account(&self, digest: &str) -> Result<Option<Account>>;
    /// Starts a session for an enabled account, kept by the digest of its id.
    async fn start_session(
        &self,
        email: &str,
        digest: &str,
        csrf: &str,
        expires_at: DateTime<Utc>,
        by: &Attribution,
    ) -> Result<()>;
    /// The enabled account of a session not expired at `now`, with the session's form token.
    async fn session(&self, digest: &str, now: DateTime<Utc>) -> Result<Option<(Account, String)>>;
    /// Ends a session (signing out); nothing happens for an unknown one.
    async fn end_session(&self, digest: &str, by: &Attribution) -> Result<()>;
    /// Counts a sign-in attempt against each key (`account:…`, `address:…`) in one
    /// immediate transaction: refused (`None`) when a key already holds its most attempts
    /// since `since`; otherwise the attempt is recorded under every key and the ids of what
    /// was recorded are returned, to be cleared when the attempt succeeds. Attempts older than
    /// `since` are forgotten.
    async fn sign_in_attempt(
        &self,
        limits: &[(String, i64)],
        at: DateTime<Utc>,
        since: DateTime<Utc>,
    ) -> Result<Option<Vec<i64>>>;
    /// Clears the attempt of a sign-in that succeeded.
    async fn sign_in_succeeded(&self, attempt: &[i64]) -> Result<()>;
}

/// The audit trail, read back (entries are appended by the writes themselves).
#[async_trait]
pub trait AuditTrail: Send + Sync {
    /// Entries in order, of one record (`silence/…`) or all.
    async fn audit(&self, record: Option<&str>) -> Result<Vec<AuditEntry>>;
    /// The last entry's number and hash, as kept apart from the entries.
    async fn audit_head(&self) -> Result<Option<(i64, String)>>;
    /// The whole trail and its head, read together (one snapshot), for verifying it while
    /// writes go on.
    async fn audit_snapshot(&self) -> Result<(Vec<AuditEntry>, Option<(i64, String)>)>;
    /// A record as the audit entry `seq` of it (`state/KZ`, `news/…`) left it
    /// ([`Side::After`]) or found it ([`Side::Before`]), read back as the record's own rows
    /// are read; None when that entry is no write of the whole record ([`RESTORABLE`]), keeps
    /// no record on that side (a creation found none), or keeps it in a shape this release
    /// does not read.
    async fn written(&self, record: &str, seq: i64, side: Side) -> Result<Option<Written>>;
}

/// Which side of an audit entry: the record as the write found it, or as it left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Before,
    After,
}

/// The writes whose audit entries keep a whole record, before and after, so that an earlier
/// version can be put back: its own fields, lists and periods (a document's versions, which
/// stay as circulated, are not part of what a save changes).
pub const RESTORABLE: &[&str] = &[
    "state.create",
    "state.save",
    "organization.create",
    "organization.save",
    "person.create",
    "person.save",
    "body.create",
    "body.save",
    "chairmanship.create",
    "chairmanship.save",
    "meeting.create",
    "meeting.save",
    "engagement.create",
    "engagement.save",
    "news.create",
    "news.save",
    "news.photo",
    "document.create",
    "document.save",
    "decision.save",
    "digest.save",
];

/// A record as an audit entry kept it ([`AuditTrail::written`]). A document comes without
/// its versions: an entry keeps only the versions its write added.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    State(State),
    Organization(Organization),
    Person(Person),
    Body(Body),
    Chairmanship(Chairmanship),
    Meeting(Meeting),
    Engagement(Engagement),
    News(NewsItem),
    Document(Document),
    Decision(Decision),
    Digest(Digest),
}

impl Written {
    /// The key the record is named by in the audit trail (`KAZ`, a slug, `2025-Q1`).
    pub fn key(&self) -> String {
        match self {
            Self::State(s) => s.code.to_string(),
            Self::Organization(o) => o.slug.to_string(),
            Self::Person(p) => p.slug.to_string(),
            Self::Body(b) => b.slug.to_string(),
            Self::Chairmanship(c) => c.key(),
            Self::Meeting(m) => m.id.to_string(),
            Self::Engagement(e) => e.id.to_string(),
            Self::News(n) => n.slug.to_string(),
            Self::Document(d) => d.slug.to_string(),
            Self::Decision(d) => d.id.to_string(),
            Self::Digest(d) => d.quarter.to_string(),
        }
    }
}

/// A new version of a document, numbered by the store.
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub date: chrono::NaiveDate,
    pub proposed_by: Proposer,
    pub note: Option<String>,
    pub text: Option<String>,
}

/// Filters for the register of decisions, latest first.
#[derive(Debug, Clone, Default)]
pub struct DecisionQuery {
    pub organ: Option<Slug>,
    pub year: Option<i32>,
    /// Only decisions taken at this meeting.
    pub meeting: Option<Slug>,
    pub after: Option<Cursor>,
    pub limit: u32,
}

/// Opens the store named by `location`: a file path or a `sqlite:` URL. Creates the database
/// and runs migrations if needed.
pub async fn open(location: &str) -> Result<Arc<dyn Store>> {
    if location.starts_with("postgres:") || location.starts_with("postgresql:") {
        return Err(StoreError::UnsupportedUrl(location.to_owned()));
    }
    Ok(Arc::new(sqlite::SqliteStore::open(location).await?))
}
