//! `cica proposals …` and `cica news publish`: an editor's review of what imports bring, from
//! the command line. The fields are checked by the same code as the API's, and every rule
//! (pending only, references, days, ids) is the store's.

use anyhow::{Context, Result};
use cica_app::App;
use cica_app::import::{
    CounterpartFields, EngagementFields, MeetingFields, engagement_acceptance, meeting_acceptance,
    proposal_key,
};
use cica_store::{Acceptance, Accepted};
use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum ProposalsCommand {
    /// The meetings and engagements imported items report, waiting for an editor.
    List,
    /// Turn a pending proposal into a meeting or an engagement linked to its news item (which
    /// must be published); what is not given is taken from the proposal.
    Accept {
        #[command(subcommand)]
        what: Box<AcceptCommand>,
    },
    /// Set a pending proposal aside; importing the same text again leaves it so.
    Reject {
        /// meeting or engagement
        kind: String,
        /// The news item's slug.
        news: String,
        /// The body's slug (a meeting); the person's slug or the name as printed (an
        /// engagement), quoted when it holds spaces.
        subject: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AcceptCommand {
    /// Accept a meeting proposal as a meeting of the calendar.
    Meeting {
        /// The news item's slug.
        news: String,
        /// The body's slug, as the proposal names it.
        subject: String,
        #[command(flatten)]
        fields: MeetingArgs,
    },
    /// Accept an engagement proposal as an engagement of the Secretariat.
    Engagement {
        /// The news item's slug.
        news: String,
        /// The person's slug or the name as printed, as the proposal names it.
        subject: String,
        #[command(flatten)]
        fields: EngagementArgs,
    },
}

#[derive(Debug, Args)]
pub struct MeetingArgs {
    /// The new meeting's id, such as ttf-2025-03-12-baku.
    #[arg(long)]
    id: String,
    /// held or planned
    #[arg(long)]
    status: String,
    /// Another body than the proposal's.
    #[arg(long)]
    body: Option<String>,
    #[arg(long)]
    number: Option<u32>,
    #[arg(long)]
    title: Option<String>,
    /// First day (YYYY-MM-DD); the proposal's by default.
    #[arg(long)]
    start: Option<String>,
    /// Last day; the proposal's by default, else the first day.
    #[arg(long)]
    end: Option<String>,
    /// The proposal's place by default.
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    country: Option<String>,
    /// in-person (default), online or hybrid
    #[arg(long)]
    format: Option<String>,
    #[arg(long)]
    informal: bool,
    #[arg(long)]
    host: Option<String>,
    #[arg(long)]
    chair_state: Option<String>,
    #[arg(long)]
    chair_person: Option<String>,
    /// A participating state (repeat for each).
    #[arg(long = "state")]
    states: Vec<String>,
    /// A participating organization (repeat for each).
    #[arg(long = "organization")]
    organizations: Vec<String>,
    #[arg(long)]
    summary: Option<String>,
    #[arg(long)]
    unconfirmed: bool,
    #[arg(long)]
    note: Option<String>,
    #[arg(long = "source")]
    sources: Vec<String>,
}

#[derive(Debug, Args)]
pub struct EngagementArgs {
    /// The new engagement's id, such as eng-2025-03-12-baku-rector.
    #[arg(long)]
    id: String,
    /// consultation, courtesy-call, address, lecture, interview, op-ed, meeting,
    /// observation or ceremony
    #[arg(long)]
    kind: String,
    #[arg(long)]
    start: Option<String>,
    #[arg(long)]
    end: Option<String>,
    #[arg(long)]
    city: Option<String>,
    #[arg(long)]
    country: Option<String>,
    /// Someone of the Secretariat's side (repeat for each).
    #[arg(long = "secretariat")]
    secretariat: Vec<String>,
    /// A registered person met (repeat for each); by default the person the proposal names.
    /// Their title, state and organization are given through the API.
    #[arg(long = "counterpart")]
    counterparts: Vec<String>,
    /// A state the counterparts represent (repeat for each).
    #[arg(long = "state")]
    states: Vec<String>,
    #[arg(long = "organization")]
    organizations: Vec<String>,
    /// A topic discussed (repeat for each).
    #[arg(long = "topic")]
    topics: Vec<String>,
    #[arg(long)]
    summary: Option<String>,
    /// The day is only known to lie within the span.
    #[arg(long)]
    unconfirmed: bool,
    #[arg(long)]
    note: Option<String>,
    #[arg(long = "source")]
    sources: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum NewsCommand {
    /// Publish an imported draft.
    Publish { slug: String },
}

pub async fn proposals(app: App, cmd: ProposalsCommand) -> Result<()> {
    let actor = crate::actor();
    match cmd {
        ProposalsCommand::List => {
            let pending = app.pending_proposals(&actor).await?;
            if pending.is_empty() {
                println!("no proposal is pending");
            }
            for p in pending {
                let q = &p.proposal;
                let when = q.span.map_or_else(
                    || "no days".to_owned(),
                    |s| {
                        if s.is_single_day() {
                            s.start().to_string()
                        } else {
                            format!("{} to {}", s.start(), s.end())
                        }
                    },
                );
                println!(
                    "{:<10} {}  {:?}  {when}{}",
                    q.kind.as_str(),
                    p.news,
                    q.subject,
                    q.place
                        .as_deref()
                        .map(|p| format!(", {p}"))
                        .unwrap_or_default()
                );
                println!("           {}", q.evidence);
            }
        }
        ProposalsCommand::Accept { what } => {
            let (key, acceptance) = match *what {
                AcceptCommand::Meeting {
                    news,
                    subject,
                    fields: f,
                } => (
                    proposal_key(&news, "meeting", &subject)?,
                    Acceptance::Meeting(meeting_acceptance(MeetingFields {
                        id: Some(f.id),
                        body: f.body,
                        number: f.number,
                        title: f.title,
                        start: f.start,
                        end: f.end,
                        city: f.city,
                        country: f.country,
                        format: f.format,
                        status: Some(f.status),
                        informal: f.informal,
                        host: f.host,
                        chair_state: f.chair_state,
                        chair_person: f.chair_person,
                        states: f.states,
                        organizations: f.organizations,
                        summary: f.summary,
                        unconfirmed: f.unconfirmed,
                        note: f.note,
                        sources: f.sources,
                    })?),
                ),
                AcceptCommand::Engagement {
                    news,
                    subject,
                    fields: f,
                } => (
                    proposal_key(&news, "engagement", &subject)?,
                    Acceptance::Engagement(engagement_acceptance(EngagementFields {
                        id: Some(f.id),
                        kind: Some(f.kind),
                        start: f.start,
                        end: f.end,
                        city: f.city,
                        country: f.country,
                        secretariat: f.secretariat,
                        counterparts: (!f.counterparts.is_empty()).then(|| {
                            f.counterparts
                                .into_iter()
                                .map(|person| CounterpartFields {
                                    person: Some(person),
                                    ..CounterpartFields::default()
                                })
                                .collect()
                        }),
                        states: f.states,
                        organizations: f.organizations,
                        topics: f.topics,
                        summary: f.summary,
                        unconfirmed: f.unconfirmed,
                        note: f.note,
                        sources: f.sources,
                    })?),
                ),
            };
            match app.accept_proposal(&actor, &key, &acceptance).await? {
                Accepted::Meeting(m) => {
                    println!("accepted as the meeting {} (/meetings/{})", m.id, m.id);
                }
                Accepted::Engagement(e) => {
                    println!(
                        "accepted as the engagement {} (/engagements/{})",
                        e.id, e.id
                    );
                }
            }
        }
        ProposalsCommand::Reject {
            kind,
            news,
            subject,
        } => {
            let key = proposal_key(&news, &kind, &subject)?;
            app.reject_proposal(&actor, &key).await?;
            println!("rejected the {key}");
        }
    }
    Ok(())
}

pub async fn news(app: App, cmd: NewsCommand) -> Result<()> {
    match cmd {
        NewsCommand::Publish { slug } => {
            let s = cica_domain::Slug::parse(&slug)
                .with_context(|| format!("no news item has the slug `{slug}`"))?;
            app.publish_news(&crate::actor(), &s, cica_app::Expect::Any)
                .await?;
            println!("published /news/{s}");
        }
    }
    Ok(())
}
