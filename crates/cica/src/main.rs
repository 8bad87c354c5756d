//! The `cica` command: a thin shell over the library crates.
//!
//! `cica serve` runs the portal and API; `cica load` (re)loads a dataset into the database;
//! `cica check` checks a dataset folder without touching any database; `cica digest build`
//! writes an issue of the Digest.
#![forbid(unsafe_code)]

/// The allocator is mimalloc, not the system's. Reading a text makes and frees some hundred
/// thousand small strings and vectors: in a profile of reading 1 MiB of releases, glibc's
/// allocator took about a sixth of the time. Measured in docs/benchmarks.md ("The allocator").
/// Every benchmark runs on the same allocator, so that it measures what this binary runs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

mod decisions;
mod digest;
mod documents;
mod money;
mod pdf_helper;
mod review;
mod users;

use anyhow::{Context, Result};
use cica_domain::Dataset;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "cica",
    version,
    about = "The CICA Secretariat platform: registers, calendar, news, decisions and the Digest"
)]
struct Cli {
    /// Why: the reason the audit trail records with every write this command makes.
    #[arg(long, global = true, value_name = "TEXT")]
    reason: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the portal, the JSON API and the feeds. Creates the database and loads the
    /// built-in dataset on first start.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "CICA_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Database: a file path or a sqlite: URL.
        #[arg(long, env = "CICA_DB", default_value = "cica.db")]
        db: String,
        /// Public address of the portal, used in feed links.
        #[arg(long, env = "CICA_BASE_URL")]
        base_url: Option<String>,
        /// Treat this day as today (YYYY-MM-DD), for demonstrations.
        #[arg(long, env = "CICA_TODAY")]
        today: Option<String>,
        /// Render every response afresh instead of keeping it until the data changes.
        #[arg(long, env = "CICA_NO_RESPONSE_CACHE")]
        no_response_cache: bool,
    },
    /// Accounts: add, list, disable, enable, reset a password, issue or revoke a personal API
    /// token. The first administrator is made here; there is no default password.
    Users {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: users::UsersCommand,
    },
    /// The audit trail: verify that it is intact, or show it.
    Audit {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: users::AuditCommand,
    },
    /// Silence procedures: list, open, break, extend, withdraw, settle.
    Silence {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: decisions::SilenceCommand,
    },
    /// Treaties: status, what-if, record an action.
    Treaty {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: decisions::TreatyCommand,
    },
    /// Import press releases or digest text: shows what would be created or changed, item by
    /// item; without --dry-run writes them as drafts, in one transaction.
    Import {
        /// Text files: a digest, one press release, or a file of several.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, env = "CICA_DB", default_value = "cica.db")]
        db: String,
        /// Show what would happen; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// One JSON object per line per item.
        #[arg(long)]
        json: bool,
        /// The year of datelines printed without one (1990 to 2200).
        #[arg(long, value_parser = year_hint)]
        year_hint: Option<i32>,
        /// The day of items that print none, neither in a dateline nor in a publication line
        /// (YYYY-MM-DD).
        #[arg(long)]
        date: Option<String>,
        /// The form of the files, when it is not to be told from their content: text, html,
        /// docx or pdf.
        #[arg(long, value_parser = import_format)]
        format: Option<cica_import::input::Format>,
        /// Treat this day as today (YYYY-MM-DD): who is a Member or Observer State, and the
        /// date of an item when the text gives none at all.
        #[arg(long, env = "CICA_TODAY")]
        today: Option<String>,
    },
    /// The meetings and engagements imported items report: list those pending, accept one as
    /// a record, or reject it.
    Proposals {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: review::ProposalsCommand,
    },
    /// News items: publish an imported draft.
    News {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: review::NewsCommand,
    },
    /// The quarterly Digest: build an issue as PDF and HTML, or list the issues.
    Digest {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: digest::DigestCommand,
    },
    /// The register of decisions; `record` and `statement` write to it.
    Decisions {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[arg(long)]
        organ: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        #[command(subcommand)]
        command: Option<documents::DecisionsCommand>,
    },
    /// Documents: list, show one with its versions, compare two versions.
    Documents {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: documents::DocumentsCommand,
    },
    /// Money: a year's statements of contributions, the CICA Fund's projects, the IATI file.
    Money {
        #[arg(long, env = "CICA_DB", default_value = "cica.db", global = true)]
        db: String,
        #[command(subcommand)]
        command: money::MoneyCommand,
    },
    /// Replace every record in the database with a dataset (the built-in one by default).
    /// Refused when anything was written since the last load, unless --replace.
    Load {
        #[arg(long, env = "CICA_DB", default_value = "cica.db")]
        db: String,
        /// Folder of dataset files to load instead of the built-in dataset.
        #[arg(long)]
        data: Option<PathBuf>,
        /// Replace what was written since the last load, after writing a backup of the
        /// database beside it (its path is printed).
        #[arg(long)]
        replace: bool,
    },
    /// Check a dataset folder (the built-in dataset by default) and print what it holds.
    Check {
        #[arg(long)]
        data: Option<PathBuf>,
    },
}

fn import_format(text: &str) -> std::result::Result<cica_import::input::Format, String> {
    cica_import::input::Format::parse(text)
}

fn year_hint(text: &str) -> std::result::Result<i32, String> {
    cica_import::input::year_hint(text)
}

fn dataset(data: Option<&PathBuf>) -> Result<Dataset> {
    match data {
        Some(dir) => cica_data::load_dir(dir)
            .with_context(|| format!("cannot load the dataset in {}", dir.display())),
        None => cica_data::builtin().context("the built-in dataset does not load"),
    }
}

/// The command line's actor: the operating-system user running it.
pub(crate) fn actor() -> cica_app::Actor {
    let user = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_owned());
    cica_app::Actor::Cli { user }
}

/// The file a database location names, when it names one (`sqlite::memory:` names none).
fn db_file(db: &str) -> Option<PathBuf> {
    let path = match db.strip_prefix("sqlite:") {
        Some(rest) => rest
            .trim_start_matches("//")
            .split('?')
            .next()
            .unwrap_or(""),
        None => db,
    };
    (!path.is_empty() && !path.starts_with(":memory:")).then(|| PathBuf::from(path))
}

/// Opens the store as it is; creates the database only when `create`.
async fn open_bare(db: &str, create: bool) -> Result<Arc<dyn cica_store::Store>> {
    if !create
        && let Some(file) = db_file(db)
        && !file.exists()
    {
        anyhow::bail!(
            "the database {} does not exist; `cica serve` or `cica load` creates one (or give --db)",
            file.display()
        );
    }
    cica_store::open(db)
        .await
        .with_context(|| format!("cannot open the database {db}"))
}

/// Opens the store, loading the built-in dataset into an empty database. Only `serve` (and
/// `load`, which fills it) create a database: every other command refuses one that does not
/// exist, rather than creating an empty one beside a mistyped path.
async fn open_store(db: &str, create: bool) -> Result<Arc<dyn cica_store::Store>> {
    let store = open_bare(db, create).await?;
    if store.is_empty().await? {
        let ds = dataset(None)?;
        let first = cica_app::App::new(Arc::clone(&store), cica_app::Clock::System);
        first
            .load_dataset(
                &cica_app::Actor::System {
                    task: "first-start",
                },
                &ds,
                cica_app::records::Replace::No,
            )
            .await
            .context("cannot load the built-in dataset")?;
        tracing::info!(db = %db, "loaded the built-in dataset: {}", summary(&ds));
    }
    Ok(store)
}

/// The use cases over an existing database, on the system clock; their writes record `note`
/// as their reason.
async fn open(db: &str, note: Option<&str>) -> Result<cica_app::App> {
    cica_app::App::new(open_store(db, false).await?, cica_app::Clock::System)
        .noted(note)
        .context("--reason")
}

fn summary(ds: &Dataset) -> String {
    cica_data::counts(ds)
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
    tracing::info!("shutting down");
}

async fn run(cli: Cli) -> Result<()> {
    let note = cli.reason.as_deref();
    match cli.command {
        Command::Serve {
            addr,
            db,
            base_url,
            today,
            no_response_cache,
        } => {
            if note.is_some() {
                anyhow::bail!(
                    "--reason gives the reason of a write; `serve` takes it from each request"
                );
            }
            let clock = match today {
                Some(t) => cica_app::Clock::Day(cica_domain::parse_day(&t).context("--today")?),
                None => cica_app::Clock::System,
            };
            let store = open_store(&db, true).await?;
            let config = cica_web::SiteConfig {
                base_url: base_url.unwrap_or_else(|| format!("http://{addr}")),
                response_cache: !no_response_cache,
                pdf_text: Some(Arc::new(pdf_helper::pdf_text)),
                ..cica_web::SiteConfig::default()
            };
            let state = cica_web::AppState::new(Arc::clone(&store), config, clock);
            let portal = state.clone();
            tokio::spawn(decisions::settle_forever(state.uses().clone(), move || {
                portal.invalidate();
            }));
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr}"))?;
            tracing::info!("serving the portal on http://{addr}");
            cica_web::serve(listener, state, shutdown_signal())
                .await
                .context("the server stopped with an error")?;
        }
        Command::Load { db, data, replace } => {
            let ds = dataset(data.as_ref())?;
            let app = cica_app::App::new(open_bare(&db, true).await?, cica_app::Clock::System)
                .noted(note)
                .context("--reason")?;
            let backup = db_file(&db).map(|f| {
                let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
                let mut name = f.file_name().unwrap_or_default().to_os_string();
                name.push(format!(".before-load-{stamp}"));
                f.with_file_name(name)
            });
            let mode = match (&backup, replace) {
                (Some(path), true) => cica_app::records::Replace::AfterBackup(path),
                (None, true) => anyhow::bail!("--replace needs a database file to back up"),
                (_, false) => cica_app::records::Replace::No,
            };
            app.load_dataset(&actor(), &ds, mode)
                .await
                .context("the dataset was not loaded")?;
            if let (Some(path), true) = (&backup, replace)
                && path.exists()
            {
                println!("backup of what was replaced: {}", path.display());
            }
            println!("loaded into {db}: {}", summary(&ds));
        }
        Command::Users { db, command } => users::users(open(&db, note).await?, command).await?,
        Command::Audit { db, command } => users::audit(open(&db, note).await?, command).await?,
        Command::Silence { db, command } => {
            decisions::silence(open(&db, note).await?, command).await?
        }
        Command::Treaty { db, command } => {
            decisions::treaty(open(&db, note).await?, command).await?
        }
        Command::Import {
            files,
            db,
            dry_run,
            json,
            year_hint,
            date,
            format,
            today,
        } => {
            let hints = cica_import::Hints {
                year: year_hint,
                date: date
                    .as_deref()
                    .map(cica_domain::parse_day)
                    .transpose()
                    .context("--date")?,
                format,
            };
            // As the portal counts days: the date in Astana, unless given.
            let clock = match today {
                Some(t) => cica_app::Clock::Day(cica_domain::parse_day(&t).context("--today")?),
                None => cica_app::Clock::System,
            };
            let app = cica_app::App::new(open_store(&db, false).await?, clock)
                .with_pdf_text(Arc::new(pdf_helper::pdf_text))
                .noted(note)
                .context("--reason")?;
            decisions::import(app, files, dry_run, json, hints).await?
        }
        Command::Proposals { db, command } => {
            review::proposals(open(&db, note).await?, command).await?
        }
        Command::News { db, command } => review::news(open(&db, note).await?, command).await?,
        Command::Digest { db, command } => digest::run(open(&db, note).await?, command).await?,
        Command::Decisions {
            db,
            organ,
            year,
            command,
        } => match command {
            Some(c) => documents::decision_write(open(&db, note).await?, c).await?,
            None => {
                decisions::decisions(open(&db, note).await?.shared_store(), organ, year).await?
            }
        },
        Command::Documents { db, command } => {
            documents::documents(open(&db, note).await?.shared_store(), command).await?
        }
        Command::Money { db, command } => {
            let app = open(&db, note).await?;
            money::money(app.shared_store(), app.today(), command).await?
        }
        Command::Check { data } => {
            let ds = dataset(data.as_ref())?;
            println!("the dataset is valid: {}", summary(&ds));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    // The helper that reads an imported PDF apart (see `pdf_helper`); not a command for people.
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == pdf_helper::SUBCOMMAND)
    {
        return pdf_helper::run_helper();
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            // The parsers of imported pages and PDFs comment on their input's markup; that is
            // no news to the operator, whose report says what was read.
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                "info,html5ever=error,selectors=error,pdf_extract=error,lopdf=error".into()
            }),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
