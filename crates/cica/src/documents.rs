//! `cica documents …` and the writes of `cica decisions …`: documents with their versions and
//! the differences between them, decisions recorded at meetings and the statements on them.
//!
//! The command line works on the database directly, as the Secretariat does: it shows every
//! document whatever its visibility. The rules are the store's, as for the API.

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use cica_app::App;
use cica_app::records::RecordDecision;
use cica_domain::consensus::{Position, Stance};
use cica_domain::decision::{DecisionAct, register_number};
use cica_domain::{Provenance, Slug, StateCode, parse_day};
use cica_store::Store;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DocumentsCommand {
    /// List the documents with their kind, status, readers and versions.
    List,
    /// One document: each version, who proposed it and when, and a version's text (the
    /// latest by default).
    Show {
        slug: String,
        #[arg(long)]
        version: Option<u32>,
    },
    /// What changed between two versions, word by word: [-deleted-] and {+inserted+}.
    Diff {
        slug: String,
        #[arg(long)]
        from: u32,
        #[arg(long)]
        to: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum DecisionsCommand {
    /// Record a decision taken at a meeting; it is numbered next in its organ's register.
    Record {
        #[arg(long)]
        organ: String,
        #[arg(long)]
        meeting: String,
        /// adopt, endorse, approve, establish, elect, admit, take-note, recommend, decline
        #[arg(long)]
        act: String,
        #[arg(long)]
        subject: String,
        /// The day (YYYY-MM-DD); the meeting's day when it lasted one.
        #[arg(long)]
        date: Option<String>,
        /// The document acted on, with `--version`.
        #[arg(long)]
        document: Option<String>,
        #[arg(long)]
        version: Option<u32>,
    },
    /// Add a Member State's reservation or interpretative statement to a decision.
    Statement {
        id: String,
        #[arg(long)]
        state: String,
        /// reservation or interpretative-statement
        #[arg(long, default_value = "reservation")]
        stance: String,
        #[arg(long)]
        text: String,
    },
}

fn slug(field: &str, text: &str) -> Result<Slug> {
    Slug::parse(text).with_context(|| format!("--{field}"))
}

/// `--document` and `--version` go together: the exact version acted on.
pub fn document_version(
    document: Option<String>,
    version: Option<u32>,
) -> Result<Option<(Slug, u32)>> {
    match (document, version) {
        (Some(d), Some(v)) => Ok(Some((slug("document", &d)?, v))),
        (None, None) => Ok(None),
        _ => bail!("give both --document and --version, the exact version"),
    }
}

pub async fn documents(store: Arc<dyn Store>, cmd: DocumentsCommand) -> Result<()> {
    let find = |s: String| {
        let store = Arc::clone(&store);
        async move {
            let slug = slug("slug", &s)?;
            store
                .document(&slug)
                .await?
                .with_context(|| format!("no document has the slug `{slug}`"))
        }
    };
    match cmd {
        DocumentsCommand::List => {
            for d in store.documents().await? {
                println!(
                    "{:<40} {:<13} {:<17} readers: {:<21} {} version(s)",
                    d.slug,
                    d.kind,
                    d.status,
                    d.visibility,
                    d.versions.len()
                );
            }
        }
        DocumentsCommand::Show { slug, version } => {
            let d = find(slug).await?;
            println!(
                "{}\n{} · {} · readers: {}",
                d.title, d.kind, d.status, d.visibility
            );
            for v in &d.versions {
                println!(
                    "  {:>2}  {:<12} {:<24} {}{}",
                    v.number,
                    v.date.iso(),
                    v.proposed_by.to_string(),
                    v.note.as_deref().unwrap_or(""),
                    if v.text.is_none() {
                        " (text not held)"
                    } else {
                        ""
                    }
                );
            }
            let shown = match version {
                Some(n) => Some(
                    d.version(n)
                        .with_context(|| format!("the document has no version {n}"))?,
                ),
                None => d.latest(),
            };
            if let Some(text) = shown.and_then(|v| v.text.as_deref()) {
                println!("\n{text}");
            }
        }
        DocumentsCommand::Diff { slug, from, to } => {
            let d = find(slug).await?;
            let text = |n: u32| -> Result<&str> {
                d.version(n)
                    .with_context(|| format!("the document has no version {n}"))?
                    .text
                    .as_deref()
                    .with_context(|| format!("the platform does not hold the text of version {n}"))
            };
            let (old, new) = (text(from)?, text(to)?);
            let mut out = String::new();
            for (op, t) in cica_app::diff::word_diff(old, new) {
                match op {
                    "insert" => out.push_str(&format!("{{+{t}+}}")),
                    "delete" => out.push_str(&format!("[-{t}-]")),
                    _ => out.push_str(&t),
                }
            }
            println!("{out}");
        }
    }
    Ok(())
}

pub async fn decision_write(app: App, cmd: DecisionsCommand) -> Result<()> {
    let store = app.shared_store();
    let actor = crate::actor();
    let bodies = store.bodies().await?;
    let label = |organ: &Slug| {
        bodies
            .iter()
            .find(|b| &b.slug == organ)
            .map_or(organ.as_str().to_owned(), |b| b.label().to_owned())
    };
    let d = match cmd {
        DecisionsCommand::Record {
            organ,
            meeting,
            act,
            subject,
            date,
            document,
            version,
        } => {
            let date = date.map(|d| parse_day(&d)).transpose().context("--date")?;
            let act = DecisionAct::parse(&act).with_context(|| {
                format!("--act: `{act}` is not one of {}", DecisionAct::expected())
            })?;
            app.record_decision(
                &actor,
                RecordDecision {
                    id: None,
                    organ: slug("organ", &organ)?,
                    meeting: slug("meeting", &meeting)?,
                    date,
                    act,
                    subject,
                    document: document_version(document, version)?,
                    statements: vec![],
                    provenance: Provenance::default(),
                },
            )
            .await?
        }
        DecisionsCommand::Statement {
            id,
            state,
            stance,
            text,
        } => {
            let stance = Stance::parse(&stance)
                .with_context(|| format!("--stance: one of {}", Stance::expected()))?;
            app.add_statement(
                &actor,
                &slug("id", &id)?,
                Position {
                    state: StateCode::parse(&state).context("--state")?,
                    stance,
                    text,
                },
            )
            .await?
        }
    };
    println!(
        "{} ({}): the {} {} {}, {} statement(s) on record",
        register_number(&label(&d.organ), d.date, d.number),
        d.id,
        label(&d.organ),
        d.act.past(),
        d.subject,
        d.statements.len()
    );
    Ok(())
}
