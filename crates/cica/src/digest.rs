//! `cica digest`: build an issue of the Digest into a folder, or list the issues.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use cica_app::{App, Expect};
use cica_digest::{Typesetter, html};
use cica_domain::{Digest, DigestStatus, ForewordKind, Provenance, Quarter, Slug};
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
    /// Create or change an issue's editorial record: title, status, foreword, the cover's
    /// headlines, the order of the items and the spotlight. What is not given stays as it is.
    Edit {
        /// The quarter, such as 2025-Q1.
        #[arg(value_parser = parse_quarter)]
        quarter: Quarter,
        /// The title; required when the issue has no record yet.
        #[arg(long)]
        title: Option<String>,
        /// Publish the issue, or take it back to draft.
        #[arg(long, value_enum)]
        status: Option<Status>,
        /// The cover's headlines: 4 to 6 news slugs, comma-separated; an empty value uses the
        /// spotlight items.
        #[arg(long, value_delimiter = ',', num_args = 0..)]
        highlights: Option<Vec<String>>,
        /// The order of the items: news slugs, comma-separated; those named come first in
        /// their section. An empty value goes back to date order.
        #[arg(long, value_delimiter = ',', num_args = 0..)]
        order: Option<Vec<String>>,
        /// The spotlight items: news slugs, comma-separated, replacing the items' own flags.
        #[arg(long, value_delimiter = ',', num_args = 0.., conflicts_with = "item_spotlight")]
        spotlight: Option<Vec<String>>,
        /// Go back to the items' own spotlight flags.
        #[arg(long)]
        item_spotlight: bool,
        /// A file holding the foreword (paragraphs separated by blank lines); say whose words
        /// it is with --foreword-kind.
        #[arg(long, requires = "foreword_kind")]
        foreword_file: Option<PathBuf>,
        /// Whose words the foreword is: `own` (the author's own text, printed over the
        /// signature) or `reported` (the Secretariat's account of it, printed without one).
        #[arg(long, value_enum)]
        foreword_kind: Option<Kind>,
        /// The foreword's signatory: a person's slug.
        #[arg(long)]
        foreword_author: Option<String>,
        /// The signatory's title as printed under the name.
        #[arg(long)]
        foreword_title: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Own,
    Reported,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Status {
    Published,
    Draft,
}

fn slugs(field: &str, list: Vec<String>) -> Result<Vec<Slug>> {
    list.iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| Slug::parse(s).with_context(|| format!("--{field}: `{s}` is not a slug")))
        .collect()
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

/// Writes every file into `dir` (names may hold one folder, `media/x.jpg`): first each one
/// into a temporary file beside its place, and only when all are complete are they renamed
/// into place. A reader never sees half a file, and a failure before the renames leaves the
/// folder as it was.
fn write_all_or_nothing(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<Vec<PathBuf>> {
    let mut ready = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let file_name = path
            .file_name()
            .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
        let prefix = format!(".{file_name}.");
        let mut tmp = builder(&prefix)
            .tempfile_in(parent)
            .with_context(|| format!("cannot create a file in {}", parent.display()))?;
        tmp.write_all(bytes)
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write {name} in {}", dir.display()))?;
        ready.push((tmp, path));
    }
    let mut written = Vec::new();
    for (tmp, path) in ready {
        tmp.persist(&path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// A temporary-file builder whose files anyone may read once in place, as a published
/// magazine should be (temporary files are otherwise private to their owner).
fn builder(prefix: &str) -> tempfile::Builder<'_, '_> {
    let mut b = tempfile::Builder::new();
    b.prefix(prefix);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        b.permissions(std::fs::Permissions::from_mode(0o644));
    }
    b
}

pub async fn run(app: App, command: DigestCommand) -> Result<()> {
    let store = app.shared_store();
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
            let mut files: Vec<(String, Vec<u8>)> = Vec::new();
            if format.is_none_or(|f| f == Format::Html) {
                files.push((
                    "digest.html".into(),
                    html::render(&edition, &html::Links::default()).into_bytes(),
                ));
                // The photographs, where the page looks for them.
                for (path, m) in &edition.media {
                    files.push((path.clone(), m.bytes.clone()));
                }
            }
            if format == Some(Format::Markdown) {
                files.push((
                    "digest.md".into(),
                    cica_digest::markdown(&edition).into_bytes(),
                ));
            }
            if format.is_none_or(|f| f == Format::Pdf) {
                progress.step("Typesetting the print edition");
                let printed =
                    tokio::task::spawn_blocking(move || Typesetter::new().print(&edition))
                        .await
                        .context("the typesetting task failed")?
                        .inspect_err(|_| {
                            if progress.on {
                                eprintln!();
                            }
                        })?;
                progress.done(&format!("{} pages", printed.pages));
                files.push(("digest.pdf".into(), printed.pdf));
            }
            if out.exists() && !out.is_dir() {
                bail!("{} exists and is not a folder", out.display());
            }
            std::fs::create_dir_all(&out)
                .with_context(|| format!("cannot create {}", out.display()))?;
            let written = write_all_or_nothing(&out, &files)?;
            for (path, (_, bytes)) in written.iter().zip(&files) {
                println!(
                    "wrote {} ({} kB)",
                    path.display(),
                    bytes.len().div_ceil(1024)
                );
            }
        }
        DigestCommand::Edit {
            quarter,
            title,
            status,
            highlights,
            order,
            spotlight,
            item_spotlight,
            foreword_file,
            foreword_kind,
            foreword_author,
            foreword_title,
        } => {
            let stored = store.digest_versioned(quarter).await?;
            // Saved over the version read: an edit made meanwhile (in the browser, over the
            // API) is refused, never overwritten.
            let expect = stored
                .as_ref()
                .map_or(Expect::Absent, |(_, v)| Expect::Version(*v));
            let mut d = match stored.map(|(d, _)| d) {
                Some(d) => d,
                None => Digest {
                    quarter,
                    title: title.clone().with_context(|| {
                        format!("{quarter} has no issue on record yet: give it a --title")
                    })?,
                    status: DigestStatus::Draft,
                    highlights: Vec::new(),
                    order: Vec::new(),
                    spotlight: None,
                    foreword_author: None,
                    foreword_title: None,
                    foreword: None,
                    foreword_kind: ForewordKind::Reported,
                    provenance: Provenance::default(),
                },
            };
            if let Some(t) = title {
                d.title = t;
            }
            if let Some(s) = status {
                d.status = match s {
                    Status::Published => DigestStatus::Published,
                    Status::Draft => DigestStatus::Draft,
                };
            }
            if let Some(h) = highlights {
                d.highlights = slugs("highlights", h)?;
            }
            if let Some(o) = order {
                d.order = slugs("order", o)?;
            }
            if let Some(s) = spotlight {
                d.spotlight = Some(slugs("spotlight", s)?);
            }
            if item_spotlight {
                d.spotlight = None;
            }
            if let Some(f) = foreword_file {
                let text = std::fs::read_to_string(&f)
                    .with_context(|| format!("cannot read the foreword from {}", f.display()))?;
                d.foreword = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
            }
            if let Some(k) = foreword_kind {
                d.foreword_kind = match k {
                    Kind::Own => ForewordKind::Own,
                    Kind::Reported => ForewordKind::Reported,
                };
            }
            if let Some(a) = foreword_author {
                d.foreword_author = slugs("foreword-author", vec![a])?.into_iter().next();
            }
            if let Some(t) = foreword_title {
                d.foreword_title = Some(t.trim().to_owned()).filter(|t| !t.is_empty());
            }
            app.save_digest(&crate::actor(), &d, expect)
                .await
                .with_context(|| format!("the {quarter} issue was not changed"))?;
            println!(
                "saved the {quarter} issue ({}): {} cover headlines, {} items ordered, spotlight {}",
                d.status,
                d.highlights.len(),
                d.order.len(),
                d.spotlight
                    .as_ref()
                    .map_or("from the items".to_owned(), |s| format!(
                        "{} items",
                        s.len()
                    ))
            );
        }
    }
    Ok(())
}
