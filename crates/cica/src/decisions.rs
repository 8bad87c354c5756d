//! `cica silence …`, `cica treaty …` and `cica decisions`: the Secretariat's command line over
//! the same store and rules as the portal.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, Utc};
use cica_app::import::Text;
use cica_app::records::OpenSilence;
use cica_app::{App, AppError};
use cica_domain::consensus::Stance;
use cica_domain::decision::{ActionRecord, DecisionAct, register_number};
use cica_domain::silence;
use cica_domain::treaty::{self, ActionKind, TreatyAction};
use cica_domain::{Slug, StateCode, parse_day};
use cica_store::{DecisionQuery, Store};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum SilenceCommand {
    /// List procedures with their status now.
    List,
    /// Open a procedure on behalf of the Chair.
    Open {
        #[arg(long)]
        organ: String,
        /// adopt, endorse, approve, establish, elect, admit, take-note, recommend, decline
        #[arg(long)]
        act: String,
        #[arg(long)]
        subject: String,
        /// The deadline, with its offset: 2025-04-03T18:00:00+04:00
        #[arg(long)]
        expires: String,
        /// Defaults to the state chairing today.
        #[arg(long)]
        chair: Option<String>,
        /// Defaults to the time zone of the Chair's capital.
        #[arg(long)]
        time_zone: Option<String>,
        /// The document circulated, with `--version`: the exact version.
        #[arg(long)]
        document: Option<String>,
        #[arg(long)]
        version: Option<u32>,
        /// The decision it acts on, such as a recommendation (by id).
        #[arg(long)]
        basis: Option<String>,
    },
    /// Record a Member State breaking silence.
    Break {
        id: String,
        #[arg(long)]
        state: String,
        /// objection or amendment
        #[arg(long, default_value = "objection")]
        stance: String,
        #[arg(long)]
        text: String,
    },
    /// Move the deadline later.
    Extend {
        id: String,
        #[arg(long)]
        until: String,
    },
    /// Withdraw the text.
    Withdraw { id: String },
    /// Settle every procedure whose deadline has passed.
    Settle,
}

#[derive(Debug, Subcommand)]
pub enum TreatyCommand {
    /// The status of a treaty: parties, how many more are needed, entry into force.
    Status {
        slug: String,
        #[arg(long)]
        as_of: Option<String>,
    },
    /// What if a Member State deposited on a given day.
    WhatIf {
        slug: String,
        #[arg(long)]
        state: String,
        #[arg(long)]
        deposit: String,
    },
    /// Record an action; a deposit issues the next depositary notification.
    Record {
        slug: String,
        #[arg(long)]
        party: String,
        #[arg(long)]
        kind: String,
        #[arg(long)]
        deposit: Option<String>,
        #[arg(long)]
        act: Option<String>,
    },
}

/// The one clock of the command line, as of the portal: "today" is the date in Astana.
fn clock() -> cica_app::Clock {
    cica_app::Clock::System
}

fn instant(field: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|d| silence::whole_seconds(d.with_timezone(&Utc)))
        .with_context(|| {
            format!("--{field}: `{text}` is not an instant such as 2025-04-03T18:00:00+04:00")
        })
}

fn slug(field: &str, text: &str) -> Result<Slug> {
    Slug::parse(text).with_context(|| format!("--{field}"))
}

fn code(field: &str, text: &str) -> Result<StateCode> {
    StateCode::parse(text).with_context(|| format!("--{field}"))
}

pub async fn silence(app: App, cmd: SilenceCommand) -> Result<()> {
    let store = app.shared_store();
    let actor = crate::actor();
    let now = silence::whole_seconds(clock().now());
    match cmd {
        SilenceCommand::List => {
            for s in store.silences().await? {
                let o = silence::outcome(&s.procedure, now);
                println!(
                    "{}  {:<11}  deadline {}  {} {}",
                    s.id,
                    o.label(),
                    s.moment(s.procedure.deadline()),
                    s.act,
                    s.subject
                );
            }
        }
        SilenceCommand::Open {
            organ,
            act,
            subject,
            expires,
            chair,
            time_zone,
            document,
            version,
            basis,
        } => {
            let act = DecisionAct::parse(&act).with_context(|| {
                format!("--act: `{act}` is not one of {}", DecisionAct::expected())
            })?;
            let r = app
                .open_silence(
                    &actor,
                    OpenSilence {
                        organ: slug("organ", &organ)?,
                        act,
                        subject,
                        document: crate::documents::document_version(document, version)?,
                        chair: chair.map(|c| code("chair", &c)).transpose()?,
                        chair_time_zone: time_zone,
                        expires_at: cica_app::records::Deadline::At(instant("expires", &expires)?),
                        basis: basis.map(|b| slug("basis", &b)).transpose()?,
                    },
                )
                .await?;
            println!(
                "opened {}: silence holds until {}",
                r.id,
                r.moment(r.procedure.deadline())
            );
        }
        SilenceCommand::Break {
            id,
            state,
            stance,
            text,
        } => {
            let stance = Stance::parse(&stance).context("--stance: objection or amendment")?;
            let r = app
                .break_silence(
                    &actor,
                    &slug("id", &id)?,
                    code("state", &state)?,
                    stance,
                    &text,
                )
                .await?;
            println!("{}: {}", r.id, silence::outcome(&r.procedure, now).label());
        }
        SilenceCommand::Extend { id, until } => {
            let r = app
                .extend_silence(&actor, &slug("id", &id)?, instant("until", &until)?)
                .await?;
            println!(
                "{}: deadline now {}",
                r.id,
                r.moment(r.procedure.deadline())
            );
        }
        SilenceCommand::Withdraw { id } => {
            let r = app.withdraw_silence(&actor, &slug("id", &id)?).await?;
            println!("{}: withdrawn", r.id);
        }
        SilenceCommand::Settle => {
            let settled = app.settle_silences(&actor).await?;
            println!(
                "{} procedure(s) settled{}",
                settled.len(),
                if settled.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {}",
                        settled
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            );
        }
    }
    Ok(())
}

pub async fn treaty(app: App, cmd: TreatyCommand) -> Result<()> {
    let store = app.shared_store();
    let today = clock().today();
    let find = |s: String| {
        let store = Arc::clone(&store);
        async move {
            let slug = slug("slug", &s)?;
            store
                .treaty(&slug)
                .await?
                .with_context(|| format!("no treaty has the slug `{slug}`"))
        }
    };
    match cmd {
        TreatyCommand::Status { slug, as_of } => {
            let t = find(slug).await?;
            let as_of = as_of
                .map(|d| parse_day(&d))
                .transpose()
                .context("--as-of")?
                .unwrap_or(today);
            let states = store.states().await?;
            let name = |p: &str| state_name(&states, p);
            let reading = t.read(as_of, &name);
            let s = reading.status;
            println!("{}\n{}", t.title, reading.condition.label());
            if t.regime.what_if_applies() {
                println!("{} parties, {} more needed", s.parties.len(), s.needed);
            }
            println!("{}", reading.explanation);
            for p in &s.parties {
                println!(
                    "  {:<4} {:<13} deposited {}  in force for it {}{}",
                    p.party,
                    p.kind,
                    p.deposit,
                    p.effective.map_or_else(|| "-".into(), |d| d.to_string()),
                    if p.unconfirmed { "  (unconfirmed)" } else { "" }
                );
            }
        }
        TreatyCommand::WhatIf {
            slug,
            state,
            deposit,
        } => {
            let t = find(slug).await?;
            let state = code("state", &state)?;
            let deposit = parse_day(&deposit).context("--deposit")?;
            let w = app.what_if(&t, &state, deposit).await?;
            let states = store.states().await?;
            let name = |p: &str| state_name(&states, p);
            let (kind, s) = (w.kind, w.status);
            println!(
                "If {} deposits an instrument of {kind} on {deposit}, the {} {}.",
                w.name,
                t.short_title,
                treaty::explain(&t.clause, &s, deposit, &name)
            );
        }
        TreatyCommand::Record {
            slug: s,
            party,
            kind,
            deposit,
            act,
        } => {
            let kind = ActionKind::parse(&kind)
                .with_context(|| format!("--kind: one of {}", ActionKind::expected()))?;
            let deposit = deposit
                .map(|d| parse_day(&d))
                .transpose()
                .context("--deposit")?;
            let act = act.map(|d| parse_day(&d)).transpose().context("--act")?;
            // What may be recorded is the store's rule, the same for the API.
            let record = ActionRecord {
                action: TreatyAction {
                    party: code("party", &party)?.to_string(),
                    kind,
                    act,
                    deposit,
                    unconfirmed: false,
                },
                deposit_text: None,
                note: None,
                sources: vec![],
            };
            match app
                .record_treaty_action(&crate::actor(), &slug("slug", &s)?, record)
                .await?
            {
                Some(n) => println!("recorded; notification {}: {}", n.reference(), n.text),
                None => println!("recorded"),
            }
        }
    }
    Ok(())
}

pub async fn decisions(
    store: Arc<dyn Store>,
    organ: Option<String>,
    year: Option<i32>,
) -> Result<()> {
    let organ = organ.map(|o| slug("organ", &o)).transpose()?;
    let bodies = store.bodies().await?;
    let page = store
        .decisions(&DecisionQuery {
            organ,
            year,
            limit: 1000,
            ..DecisionQuery::default()
        })
        .await?;
    for d in page.items {
        let label = bodies
            .iter()
            .find(|b| b.slug == d.organ)
            .map_or(d.organ.as_str(), |b| b.label());
        println!(
            "{:<24} {}  {} {}",
            register_number(label, d.date, d.number),
            d.date,
            d.act.past(),
            d.subject
        );
    }
    Ok(())
}

/// Settles expired silence procedures now and then whenever the next deadline passes, until
/// the process stops. Several processes may run it: the store settles each procedure once.
/// `changed` is called when something was settled (the portal forgets what it cached).
pub async fn settle_forever(app: App, changed: impl Fn() + Send + 'static) {
    let settler = cica_app::Actor::System { task: "settle" };
    loop {
        match app.settle_silences(&settler).await {
            Ok(done) if !done.is_empty() => {
                tracing::info!(count = done.len(), "settled silence procedures");
                changed();
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "settling silence procedures failed; will retry"),
        }
        let wait = match app.store().next_deadline().await {
            Ok(Some(next)) => (next - app.now()).to_std().unwrap_or(Duration::ZERO),
            _ => Duration::from_secs(30),
        };
        tokio::time::sleep(wait.clamp(Duration::from_millis(200), Duration::from_secs(30))).await;
    }
}

/// `cica import`: reads every file first (refusing any that is not readable text), then plans
/// or writes all their items in one transaction.
pub async fn import(
    app: App,
    files: Vec<std::path::PathBuf>,
    dry_run: bool,
    json: bool,
    hints: cica_import::Hints,
) -> Result<()> {
    use std::fmt::Write as _;
    use std::io::{IsTerminal, Write as _};
    if files.is_empty() {
        bail!("name at least one file to import");
    }
    let mut texts = Vec::new();
    for path in &files {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.len() > cica_import::input::MAX_BYTES as u64 {
            bail!(
                "{name}: the file is {} MB; the importer reads at most {} MB at a time (split it into parts)",
                meta.len().div_ceil(1024 * 1024),
                cica_import::input::MAX_BYTES / 1024 / 1024
            );
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        texts.push(Text { name, bytes });
    }
    let report = app
        .import_texts(&crate::actor(), texts, hints, dry_run)
        .await
        .map_err(|e| match e {
            // The field of an unreadable text is its file's name.
            AppError::Invalid { field, problem } => anyhow::anyhow!("{field}: {problem}"),
            other => other.into(),
        })?;
    let views = &report.items;
    // Everything is printed at once; a reader that stops early (`| head`) is no error.
    let mut out = String::new();
    if json {
        for v in views {
            writeln!(out, "{}", serde_json::to_string(v)?)?;
        }
    } else {
        let value = serde_json::to_value(views)?;
        for v in value.as_array().into_iter().flatten() {
            let s = |k: &str| v[k].as_str().unwrap_or("").to_owned();
            let list = |k: &str| {
                v[k].as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default()
            };
            let when = match &v["dateline"] {
                serde_json::Value::Null => "undated".to_owned(),
                d => format!(
                    "{}, {}",
                    d["place"].as_str().unwrap_or(""),
                    d["start"].as_str().unwrap_or("date unknown")
                ),
            };
            writeln!(
                out,
                "{:<9} {:<8} {}  ({when})",
                s("action"),
                s("kind"),
                s("title")
            )?;
            for (k, label) in [
                ("states", "states"),
                ("observers", "observers"),
                ("bodies", "bodies"),
                ("people", "people"),
            ] {
                let l = list(k);
                if !l.is_empty() {
                    writeln!(out, "          {label}: {l}")?;
                }
            }
            for p in v["people_named"].as_array().into_iter().flatten() {
                if p["person"].is_null() {
                    writeln!(
                        out,
                        "          new person: {}{} ({} confidence)",
                        p["name"].as_str().unwrap_or(""),
                        p["title"]
                            .as_str()
                            .map(|t| format!(", {t}"))
                            .unwrap_or_default(),
                        p["confidence"].as_str().unwrap_or("")
                    )?;
                }
            }
            for (k, label) in [("meetings", "meeting"), ("engagements", "engagement")] {
                for p in v[k].as_array().into_iter().flatten() {
                    writeln!(
                        out,
                        "          {label} {}: {}{}",
                        p["action"].as_str().unwrap_or(""),
                        p["key"].as_str().unwrap_or(""),
                        p["existing"]
                            .as_str()
                            .map(|e| format!(" (recorded as {e})"))
                            .unwrap_or_default()
                    )?;
                }
            }
            for n in v["notes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|n| n.as_str())
            {
                writeln!(out, "          note: {n}")?;
            }
        }
        for n in &report.notes {
            writeln!(out, "note: {n}")?;
        }
        let c = &report.summary;
        let verb = if dry_run { "would" } else { "did" };
        let summary = format!(
            "{} items: {verb} create {}, update {}, leave {} unchanged, {} in conflict, skip {}; \
             {verb} propose {} meetings and engagements for review ({} already pending, {} already recorded){}",
            views.len(),
            c.create,
            c.update,
            c.unchanged,
            c.conflict,
            c.skipped,
            c.proposed,
            c.pending,
            c.recorded,
            if dry_run {
                " (dry run: nothing written)"
            } else {
                "; imported items are drafts until published"
            }
        );
        if std::io::stdout().is_terminal() {
            writeln!(out, "\n{summary}")?
        } else {
            writeln!(out, "{summary}")?
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(e).context("cannot write to standard output")
        }
        _ => Ok(()),
    }
}

/// A participant as the registers name it: a state by its name, anything else as written.
fn state_name(states: &[cica_domain::State], party: &str) -> String {
    states
        .iter()
        .find(|s| s.code.as_str() == party)
        .map_or_else(|| party.to_owned(), |s| s.name.clone())
}
