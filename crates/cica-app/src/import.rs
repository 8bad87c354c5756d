//! The importer as a use case: texts in, news drafts and the meetings and engagements they
//! report out, as pending proposals for an editor. What an import did, item by item
//! ([`ItemView`]), is the one report both shells give: the API returns it as JSON, `cica
//! import` prints it (as JSON lines or as text). The editor's fields for accepting a proposal
//! are checked here for form, once for the API and the command line; the references they name
//! are the store's to check under its lock.

use cica_domain::access::Actor;
use cica_domain::{
    Affiliation, Counterpart, Dataset, EngagementKind, MeetingFormat, MeetingStatus, Provenance,
    Slug, StateCode,
};
use cica_import::{Gazetteer, ImportedItem, ItemKind};
use cica_store::{
    EngagementAcceptance, ImportAction, ImportItem, ImportOutcome, MeetingAcceptance, Proposal,
    ProposalAction, ProposalKey, ProposalKind,
};
use serde::{Deserialize, Serialize};

use crate::{App, AppError, Result};

/// One text to import: its name (a file's, or what the client calls it) and its bytes.
#[derive(Debug, Clone)]
pub struct Text {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What an import did (or, in a dry run, would do).
#[derive(Serialize)]
pub struct ImportReport {
    pub dry_run: bool,
    pub summary: Summary,
    pub items: Vec<ItemView>,
    /// What the reader noticed about the texts as a whole, each note naming its text.
    pub notes: Vec<String>,
}

/// Texts read at a time: reading is CPU-bound, and the machine's other core keeps serving.
static READERS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(1);

impl App {
    /// Reads every text (refusing the first that holds no item, by its name), then plans or
    /// writes all their items in one transaction: a news draft each, with the meetings and
    /// engagements it reports as proposals. Reading runs on the blocking pool, one import at a
    /// time, so other requests keep their latency meanwhile.
    pub async fn import_texts(
        &self,
        actor: &Actor,
        texts: Vec<Text>,
        hints: impl Into<cica_import::Hints>,
        dry_run: bool,
    ) -> Result<ImportReport> {
        let hints = hints.into();
        // Rights first: nothing is read for someone who may not import.
        cica_domain::access::may(actor, cica_domain::access::Act::KeepRecord)?;
        let today = self.today();
        let store = self.store();
        let registers = Dataset {
            states: store.states().await?,
            organizations: store.organizations().await?,
            people: store.people().await?,
            bodies: store.bodies().await?,
            ..Dataset::default()
        };
        let _turn = READERS
            .acquire()
            .await
            .map_err(|e| AppError::Store(cica_store::StoreError::Unavailable(e.to_string())))?;
        let pdf_text = self.pdf_text();
        let (items, news, notes) = tokio::task::spawn_blocking(move || {
            // The gazetteer is built on another core while the texts are split (every text is
            // split before the first one's error is told).
            let (g, secretariat, splits) = std::thread::scope(|scope| {
                let built = scope.spawn(|| gazetteer(&registers, today));
                let splits: Vec<_> = texts
                    .iter()
                    .map(|t| cica_import::read_text(&t.name, &t.bytes, hints, &*pdf_text))
                    .collect();
                let (g, secretariat) = built
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                (g, secretariat, splits)
            });
            let (mut items, mut news, mut notes) = (Vec::new(), Vec::new(), Vec::new());
            for (t, split) in texts.iter().zip(splits) {
                let split = split.map_err(|e| {
                    // The importer's message opens with the file's name, as the field does.
                    let message = e.to_string();
                    let problem = message
                        .strip_prefix(&format!("{}: ", t.name))
                        .unwrap_or(&message)
                        .to_owned();
                    AppError::invalid(&t.name, problem)
                })?;
                let read = cica_import::analyze(&split, &g, &secretariat);
                news.extend(drafts(
                    &read,
                    &format!("Imported from {} on {today}", t.name),
                    today,
                ));
                notes.extend(split.notes.into_iter().map(|n| {
                    if texts.len() > 1 {
                        format!("{}: {n}", t.name)
                    } else {
                        n
                    }
                }));
                items.extend(read);
            }
            Ok::<_, AppError>((items, news, notes))
        })
        .await
        .map_err(|e| {
            AppError::Store(cica_store::StoreError::Unavailable(format!(
                "the import stopped: {e}"
            )))
        })??;
        drop(_turn);
        let outcomes = self.import_news(actor, &news, dry_run).await?;
        // The report's views made on the blocking pool, shared among its cores; what the
        // import worked with (some hundred thousand small allocations for a long text) is
        // freed there afterwards, not on the way to the report.
        let (items, summary) = tokio::task::spawn_blocking(move || {
            let views = views(&items, &outcomes);
            let summary = summary(&views);
            tokio::task::spawn_blocking(move || drop((items, news, outcomes)));
            (views, summary)
        })
        .await
        .map_err(|e| {
            // A defect in making the report is carried on as it would be on this thread;
            // otherwise the runtime is shutting down, after the import was done.
            if e.is_panic() {
                std::panic::resume_unwind(e.into_panic());
            }
            AppError::Store(cica_store::StoreError::Unavailable(format!(
                "the server is stopping: the import was {}, but its report was not made",
                if dry_run { "planned" } else { "written" }
            )))
        })?;
        Ok(ImportReport {
            dry_run,
            summary,
            items,
            notes,
        })
    }
}

#[derive(Serialize)]
pub struct DatelineView {
    place: String,
    place_as_written: String,
    start: Option<String>,
    end: Option<String>,
    year_inferred: bool,
}

#[derive(Serialize)]
pub struct ProposalView {
    /// A body's slug (meetings); a person's slug, or the name as printed for someone not in
    /// the register (engagements).
    key: String,
    /// For an engagement: whether the person is in the register, and their title as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    registered: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    place: Option<String>,
    start: Option<String>,
    end: Option<String>,
    /// The sentence it was read from.
    evidence: String,
    /// `propose` (kept as pending for an editor), `pending` (from an earlier import),
    /// `reviewed`, `recorded` (the calendar or the engagements hold it: `existing`), `skipped`.
    action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    existing: Option<String>,
}

/// A person named in the item, with the title printed beside them.
#[derive(Serialize)]
pub struct PersonView {
    name: String,
    /// The register's slug, or null for someone the register does not know.
    person: Option<String>,
    honorific: Option<String>,
    title: Option<String>,
    /// `high`, `medium` or `low`: how sure the reading is.
    confidence: &'static str,
    note: String,
}

/// One item found by the importer, as the CLI prints it (one JSON object per line) and the API
/// returns it.
#[derive(Serialize)]
pub struct ItemView {
    kind: &'static str,
    title: String,
    title_inferred: bool,
    dateline: Option<DatelineView>,
    /// ISO 3166 alpha-3 codes of the Member States mentioned: Member States on the day the
    /// item reports.
    states: Vec<String>,
    /// The Observer States mentioned, Observer States on the day the item reports.
    observers: Vec<String>,
    /// Member and Observer States named only by an adjective or demonym ("the Kazakh side"):
    /// not tagged, for the editor to decide.
    states_implied: Vec<String>,
    /// States named that take no part in CICA, or took none on the day the item reports.
    other_states: Vec<String>,
    /// Slugs of the CICA bodies mentioned, among the thirteen bodies news is tagged with; a
    /// sub-body is reported as the body it belongs to.
    bodies: Vec<String>,
    /// Bodies named that are part of a listed one (`project-review-committee`).
    sub_bodies: Vec<String>,
    /// Slugs of the registered people mentioned (the news item's tags).
    people: Vec<String>,
    /// Every person named with a title or an honorific, in the register or not.
    people_named: Vec<PersonView>,
    /// For an item without a dated dateline: the day it is filed under, from a publication
    /// line, the other datelines of the text or the date given with the import.
    filed_under: Option<String>,
    organizations: Vec<String>,
    cbm_areas: Vec<&'static str>,
    spotlight: bool,
    activities: bool,
    paragraphs: usize,
    slug: String,
    /// `create`, `unchanged`, `update`, `conflict`, or `skipped` (a foreword, which belongs to
    /// its digest issue rather than the news).
    action: &'static str,
    /// The stored item it matches, when unchanged.
    existing: Option<String>,
    /// What was inferred or repaired, for the editor to check.
    notes: Vec<String>,
    meetings: Vec<ProposalView>,
    engagements: Vec<ProposalView>,
}

fn day(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

pub fn proposal_view(p: &Proposal, action: Option<&ProposalAction>) -> ProposalView {
    ProposalView {
        key: p.subject.clone(),
        registered: (p.kind == ProposalKind::Engagement).then_some(p.person.is_some()),
        title: p.title.clone(),
        place: p.place.clone(),
        start: day(p.span.map(|s| s.start())),
        end: day(p.span.map(|s| s.end())),
        evidence: p.evidence.clone(),
        action: action.map_or("propose", ProposalAction::label),
        existing: match action {
            Some(ProposalAction::Recorded(id)) => Some(id.to_string()),
            _ => None,
        },
    }
}

pub fn item_view(item: &ImportedItem, outcome: Option<&ImportOutcome>) -> ItemView {
    let raw = &item.raw;
    let action = outcome.map(|o| &o.action);
    let mut notes = item.notes.clone();
    if !item.observers.is_empty() {
        notes.push(format!(
            "mentions Observer States: {}",
            item.observers
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(ImportAction::Conflict(why)) = action {
        notes.push(why.clone());
    }
    let proposals = proposals(item);
    let status = |k: usize| outcome.and_then(|o| o.proposals.get(k));
    let (mut meetings, mut engagements) = (Vec::new(), Vec::new());
    for (k, p) in proposals.iter().enumerate() {
        let v = proposal_view(p, status(k));
        match p.kind {
            ProposalKind::Meeting => meetings.push(v),
            ProposalKind::Engagement => engagements.push(v),
        }
    }
    let strings = |v: &[Slug]| v.iter().map(ToString::to_string).collect::<Vec<_>>();
    ItemView {
        kind: raw.kind.as_str(),
        title: raw.title.clone(),
        title_inferred: raw.title_inferred,
        dateline: raw.dateline.as_ref().map(|d| DatelineView {
            place: d.place.clone(),
            place_as_written: d.place_as_written.clone(),
            start: day(d.start),
            end: day(d.end),
            year_inferred: d.year_inferred,
        }),
        states: item.members.iter().map(ToString::to_string).collect(),
        observers: item.observers.iter().map(ToString::to_string).collect(),
        states_implied: item
            .found
            .states_implied
            .iter()
            .map(ToString::to_string)
            .collect(),
        // Never taking part, or not on the day the item reports.
        other_states: item
            .found
            .other_states
            .iter()
            .chain(
                item.found
                    .states
                    .iter()
                    .filter(|s| !item.members.contains(s) && !item.observers.contains(s)),
            )
            .map(ToString::to_string)
            .collect(),
        bodies: strings(&item.found.bodies),
        sub_bodies: item
            .found
            .named_bodies
            .iter()
            .filter(|b| !item.found.bodies.contains(b))
            .map(ToString::to_string)
            .collect(),
        people: strings(&item.found.people),
        people_named: item
            .people
            .iter()
            .map(|p| PersonView {
                name: p.name.clone(),
                person: p.person.as_ref().map(ToString::to_string),
                honorific: p.honorific.clone(),
                title: p.title.clone(),
                confidence: p.confidence.as_str(),
                note: p.note.clone(),
            })
            .collect(),
        filed_under: day(item.filed_under),
        organizations: strings(&item.found.organizations),
        cbm_areas: item.found.areas.clone(),
        spotlight: raw.spotlight,
        activities: raw.activities,
        paragraphs: raw.paragraphs.len(),
        slug: item.slug.to_string(),
        action: match (raw.kind, action) {
            (ItemKind::Foreword, _) => "skipped",
            (_, Some(a)) => a.label(),
            (_, None) => "create",
        },
        existing: match action {
            Some(ImportAction::Unchanged(s)) if *s != item.slug => Some(s.to_string()),
            _ => None,
        },
        notes,
        meetings,
        engagements,
    }
}

/// The meetings and engagements an item reports, as the store keeps them.
pub fn proposals(item: &ImportedItem) -> Vec<Proposal> {
    let meetings = item.meetings.iter().map(|m| Proposal {
        kind: ProposalKind::Meeting,
        subject: m.body.to_string(),
        person: None,
        title: None,
        place: m.place.clone(),
        span: m.span,
        evidence: m.evidence.clone(),
    });
    let engagements = item.engagements.iter().map(|e| Proposal {
        kind: ProposalKind::Engagement,
        subject: e.key(),
        person: e.person.clone(),
        title: e.title.clone(),
        place: e.place.clone(),
        span: e.span,
        evidence: e.evidence.clone(),
    });
    meetings.chain(engagements).collect()
}

/// The registers as the importer needs them: the gazetteer, and the Secretariat's own people
/// (left out of proposed engagements).
pub fn gazetteer(registers: &Dataset, today: chrono::NaiveDate) -> (Gazetteer, Vec<Slug>) {
    let secretariat_body = Slug::parse("secretariat").ok();
    let secretariat: Vec<Slug> = registers
        .people
        .iter()
        .filter(|p| {
            p.roles.iter().any(|r| {
                secretariat_body
                    .as_ref()
                    .is_some_and(|s| r.affiliation == Affiliation::Body(s.clone()))
            })
        })
        .map(|p| p.slug.clone())
        .collect();
    (Gazetteer::new(registers, today), secretariat)
}

/// What the items that become news (not forewords) bring to the store: a news draft each,
/// with the meetings and engagements it reports.
pub fn drafts(items: &[ImportedItem], source: &str, today: chrono::NaiveDate) -> Vec<ImportItem> {
    let news: Vec<&ImportedItem> = items
        .iter()
        .filter(|i| i.raw.kind != ItemKind::Foreword)
        .collect();
    cica_import::in_parallel(&news, |i| ImportItem {
        news: cica_import::to_news(i, source, today),
        proposals: proposals(i),
    })
}

/// Pairs each item with what happened to it (forewords have no action), in parallel for a
/// long list: call it off the async runtime's threads.
pub fn views(items: &[ImportedItem], outcomes: &[ImportOutcome]) -> Vec<ItemView> {
    let mut outcomes = outcomes.iter();
    let paired: Vec<(&ImportedItem, Option<&ImportOutcome>)> = items
        .iter()
        .map(|i| {
            if i.raw.kind == ItemKind::Foreword {
                (i, None)
            } else {
                (i, outcomes.next())
            }
        })
        .collect();
    cica_import::in_parallel(&paired, |(i, outcome)| item_view(i, *outcome))
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub unchanged: usize,
    pub conflict: usize,
    pub skipped: usize,
    /// Meetings and engagements newly kept as pending proposals for an editor.
    pub proposed: usize,
    /// Proposals already pending from an earlier import.
    pub pending: usize,
    /// Meetings and engagements the records already hold.
    pub recorded: usize,
}

pub fn summary(views: &[ItemView]) -> Summary {
    let mut s = Summary::default();
    for v in views {
        match v.action {
            "create" => s.create += 1,
            "update" => s.update += 1,
            "unchanged" => s.unchanged += 1,
            "conflict" => s.conflict += 1,
            _ => s.skipped += 1,
        }
        for p in v.meetings.iter().chain(&v.engagements) {
            match p.action {
                "propose" => s.proposed += 1,
                "pending" => s.pending += 1,
                "recorded" => s.recorded += 1,
                _ => {}
            }
        }
    }
    s
}

/// The proposal at `{news}/{kind}/{subject}`; an address no proposal can have is a 404.
pub fn proposal_key(news: &str, kind: &str, subject: &str) -> Result<ProposalKey, AppError> {
    let missing = || {
        AppError::NotFound(format!(
            "there is no {kind} proposal `{subject}` of news item `{news}`"
        ))
    };
    let kind = ProposalKind::parse(kind).ok_or_else(|| {
        AppError::NotFound(format!(
            "`{kind}` is not a kind of proposal; the kinds are meeting and engagement"
        ))
    })?;
    let news = Slug::parse(news).map_err(|_| missing())?;
    if subject.trim().is_empty() {
        return Err(missing());
    }
    Ok(ProposalKey {
        news,
        kind,
        subject: subject.to_owned(),
    })
}

/// The fields of a counterpart, as an editor sends them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounterpartFields {
    pub person: Option<String>,
    pub title: Option<String>,
    pub state: Option<String>,
    pub organization: Option<String>,
}

/// What an editor sends to accept a meeting proposal. Every field but `id` and `status` is
/// optional; `body`, `start`, `end` and `city` default to the proposal's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFields {
    pub id: Option<String>,
    pub body: Option<String>,
    pub number: Option<u32>,
    pub title: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub format: Option<String>,
    pub status: Option<String>,
    #[serde(default)]
    pub informal: bool,
    pub host: Option<String>,
    pub chair_state: Option<String>,
    pub chair_person: Option<String>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// What an editor sends to accept an engagement proposal. Every field but `id` and `kind` is
/// optional; `start`, `end`, `city` and `counterparts` default to the proposal's.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementFields {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    #[serde(default)]
    pub secretariat: Vec<String>,
    pub counterparts: Option<Vec<CounterpartFields>>,
    #[serde(default)]
    pub states: Vec<String>,
    #[serde(default)]
    pub organizations: Vec<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub unconfirmed: bool,
    pub note: Option<String>,
    #[serde(default)]
    pub sources: Vec<String>,
}

fn slug_field(field: &str, text: &str) -> Result<Slug, AppError> {
    Slug::parse(text).map_err(|_| {
        AppError::invalid(
            field,
            format!("`{text}` is not a slug (lowercase letters, digits and single hyphens)"),
        )
    })
}

fn code_field(field: &str, text: &str) -> Result<StateCode, AppError> {
    StateCode::parse(text).map_err(|_| {
        AppError::invalid(
            field,
            format!("`{text}` is not an ISO 3166 alpha-3 code such as AZE"),
        )
    })
}

fn day_field(field: &str, text: Option<&String>) -> Result<Option<chrono::NaiveDate>, AppError> {
    text.map(|t| {
        cica_domain::parse_day(t).map_err(|_| {
            AppError::invalid(field, format!("`{t}` is not a date of the form YYYY-MM-DD"))
        })
    })
    .transpose()
}

fn opt<T>(
    field: &str,
    text: Option<&String>,
    parse: fn(&str, &str) -> Result<T, AppError>,
) -> Result<Option<T>, AppError> {
    text.map(|t| parse(field, t)).transpose()
}

fn each<T>(
    field: &str,
    texts: &[String],
    parse: fn(&str, &str) -> Result<T, AppError>,
) -> Result<Vec<T>, AppError> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| parse(&format!("{field}[{i}]"), t))
        .collect()
}

fn keyword<T>(
    field: &str,
    text: Option<&String>,
    parse: fn(&str) -> Option<T>,
    expected: String,
) -> Result<Option<T>, AppError> {
    text.map(|t| {
        parse(t).ok_or_else(|| AppError::invalid(field, format!("`{t}` is not one of: {expected}")))
    })
    .transpose()
}

fn id_field(id: Option<&String>) -> Result<Slug, AppError> {
    let id = id.ok_or_else(|| {
        AppError::invalid(
            "id",
            "required: the new record's id, a slug such as ttf-2025-03-10-baku",
        )
    })?;
    slug_field("id", id)
}

fn provenance(unconfirmed: bool, note: Option<String>, sources: Vec<String>) -> Provenance {
    Provenance {
        unconfirmed,
        note,
        sources,
    }
}

/// The editor's fields for a meeting, checked for form (references are the store's to check).
pub fn meeting_acceptance(f: MeetingFields) -> Result<MeetingAcceptance, AppError> {
    Ok(MeetingAcceptance {
        id: id_field(f.id.as_ref())?,
        body: opt("body", f.body.as_ref(), slug_field)?,
        number: f.number,
        title: f.title,
        start: day_field("start", f.start.as_ref())?,
        end: day_field("end", f.end.as_ref())?,
        city: f.city,
        country: opt("country", f.country.as_ref(), code_field)?,
        format: keyword(
            "format",
            f.format.as_ref(),
            MeetingFormat::parse,
            MeetingFormat::expected(),
        )?
        .unwrap_or(MeetingFormat::InPerson),
        status: keyword(
            "status",
            f.status.as_ref(),
            MeetingStatus::parse,
            MeetingStatus::expected(),
        )?
        .ok_or_else(|| {
            AppError::invalid(
                "status",
                format!(
                    "required: whether the meeting took place or is announced, one of: {}",
                    MeetingStatus::expected()
                ),
            )
        })?,
        informal: f.informal,
        host: opt("host", f.host.as_ref(), code_field)?,
        chair_state: opt("chair_state", f.chair_state.as_ref(), code_field)?,
        chair_person: opt("chair_person", f.chair_person.as_ref(), slug_field)?,
        states: each("states", &f.states, code_field)?,
        organizations: each("organizations", &f.organizations, slug_field)?,
        summary: f.summary,
        provenance: provenance(f.unconfirmed, f.note, f.sources),
    })
}

/// The editor's fields for an engagement, checked for form.
pub fn engagement_acceptance(f: EngagementFields) -> Result<EngagementAcceptance, AppError> {
    let counterparts = f
        .counterparts
        .map(|list| {
            list.into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let at = format!("counterparts[{i}]");
                    let person = c.person.as_ref().ok_or_else(|| {
                        AppError::invalid(&format!("{at}.person"), "required: a person's slug")
                    })?;
                    Ok(Counterpart {
                        person: slug_field(&format!("{at}.person"), person)?,
                        title: c.title,
                        state: opt(&format!("{at}.state"), c.state.as_ref(), code_field)?,
                        organization: opt(
                            &format!("{at}.organization"),
                            c.organization.as_ref(),
                            slug_field,
                        )?,
                    })
                })
                .collect::<Result<Vec<_>, AppError>>()
        })
        .transpose()?;
    Ok(EngagementAcceptance {
        id: id_field(f.id.as_ref())?,
        kind: keyword(
            "kind",
            f.kind.as_ref(),
            EngagementKind::parse,
            EngagementKind::expected(),
        )?
        .ok_or_else(|| {
            AppError::invalid(
                "kind",
                format!("required: one of {}", EngagementKind::expected()),
            )
        })?,
        start: day_field("start", f.start.as_ref())?,
        end: day_field("end", f.end.as_ref())?,
        city: f.city,
        country: opt("country", f.country.as_ref(), code_field)?,
        secretariat: each("secretariat", &f.secretariat, slug_field)?,
        counterparts,
        states: each("states", &f.states, code_field)?,
        organizations: each("organizations", &f.organizations, slug_field)?,
        topics: f.topics,
        summary: f.summary,
        provenance: provenance(f.unconfirmed, f.note, f.sources),
    })
}
