//! `cica digest`: build an issue of the Digest into a folder, or list the issues.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use cica_digest::{Typesetter, html};
use cica_domain::Quarter;
use cica_store::Store;
use clap::{Subcommand, ValueEnum};

#[derive(Debug, Subcommand)]
pub enum DigestCommand {
    /// Build an issue: writes digest.pdf and digest.html (or only the --format asked for) into
    /// the output folder.
    Build {
        /// The quarter, such as 2025-Q1.
        #[arg(value_parser = parse_quarter)]
        quarter: Quarter,
        /// The folder to write into; created if missing. Existing files of the same name are
        /// replaced only once the new ones are complete.
        #[arg(long)]
        out: PathBuf,
        /// Only one of the two editions.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// List the issues on record.
    List,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pdf,
    Html,
    /// The text as Pandoc Markdown (digest.md), for word processors.
    Markdown,
}

fn parse_quarter(text: &str) -> Result<Quarter, String> {
    Quarter::parse(text).map_err(|e| e.to_string())
}

/// Progress on a terminal; nothing when the output is piped or logged.
struct Progress {
    on: bool,
    started: Instant,
}

impl Progress {
    fn new() -> Self {
        Self {
            on: std::io::stderr().is_terminal(),
            started: Instant::now(),
        }
    }

    fn step(&self, what: &str) {
        if self.on {
            let mut err = std::io::stderr();
            let _ = write!(err, "{what}… ");
            let _ = err.flush();
        }
    }

    fn done(&self, note: &str) {
        if self.on {
            eprintln!("{note} ({:.2} s)", self.started.elapsed().as_secs_f64());
        }
    }
}

/// Writes `bytes` to `dir/name` through a temporary file in the same folder, so a reader
/// never sees half a file and a failure leaves the old file in place.
fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {name} in {}", dir.display()))?;
    let path = dir.join(name);
    tmp.persist(&path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(path)
}

pub async fn run(store: Arc<dyn Store>, command: DigestCommand) -> Result<()> {
    match command {
        DigestCommand::List => {
            let mut list = store.digests().await?;
            list.sort_by_key(|d| d.quarter);
            if list.is_empty() {
                println!("no issues on record");
            }
            for d in list {
                println!("{}  {:<9}  {}", d.quarter, d.status, d.title);
            }
        }
        DigestCommand::Build {
            quarter,
            out,
            format,
        } => {
            let progress = Progress::new();
            progress.step(&format!("Reading the records of {quarter}"));
            let edition = cica_digest::collect(store.as_ref(), quarter)
                .await
                .map_err(|e| {
                    if progress.on {
                        eprintln!();
                    }
                    anyhow::Error::new(e).context(format!("cannot build the Digest for {quarter}"))
                })?;
            let articles = edition.articles().count();
            progress.done(&format!(
                "{articles} articles, {} flash items",
                edition.flash.len()
            ));

            // Everything is built in memory first; the folder is touched only when all of it
            // is ready.
            let mut files: Vec<(&str, Vec<u8>)> = Vec::new();
            if format.is_none_or(|f| f == Format::Html) {
                files.push((
                    "digest.html",
                    html::render(&edition, &html::Links::default()).into_bytes(),
                ));
            }
            if format == Some(Format::Markdown) {
                files.push(("digest.md", cica_digest::markdown(&edition).into_bytes()));
            }
            if format.is_none_or(|f| f == Format::Pdf) {
                progress.step("Typesetting the print edition");
                let printed =
                    tokio::task::spawn_blocking(move || Typesetter::new().print(&edition))
                        .await
                        .context("the typesetting task failed")??;
                progress.done(&format!("{} pages", printed.pages));
                files.push(("digest.pdf", printed.pdf));
            }
            if out.exists() && !out.is_dir() {
                bail!("{} exists and is not a folder", out.display());
            }
            std::fs::create_dir_all(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            for (name, bytes) in &files {
                let path = write_atomically(&out, name, bytes)?;
                println!(
                    "wrote {} ({} kB)",
                    path.display(),
                    bytes.len().div_ceil(1024)
                );
            }
        }
    }
    Ok(())
}
