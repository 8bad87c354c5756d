//! The dataset: CICA's records as human-editable TOML files, and the loader that checks them
//! and turns them into a [`Dataset`].
//!
//! The built-in files under the repository's `data/` folder are compiled in ([`builtin`]);
//! [`load_dir`] reads the same format from any folder, and [`load_files`] from memory.
//!
//! **Architecture invariant:** loading is all or nothing. Every problem found is reported, each
//! naming the file, the record and the field, and no [`Dataset`] is produced if there is one.
#![forbid(unsafe_code)]

mod cbm;
mod convert;
mod decisions;
mod money;
pub use convert::counts;
mod raw;

use std::fmt;
use std::path::Path;

use cica_domain::Dataset;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// One thing wrong with the input, located as precisely as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the file, relative to the dataset folder.
    pub file: String,
    /// The record, such as `news "kuwait-contribution"`; `None` for file-level problems.
    pub record: Option<String>,
    /// The field, such as `dateline.date`.
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(r) = &self.record {
            write!(f, ": {r}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why a dataset could not be loaded: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        write!(
            f,
            "the dataset has {n} problem{}; nothing was loaded",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            write!(f, "\n  - {p}")?;
        }
        Ok(())
    }
}

/// The files of the built-in dataset: (path under `data/`, contents).
pub fn builtin_files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// The images of the built-in dataset: (path under `data/`, bytes).
pub fn builtin_media() -> &'static [(&'static str, &'static [u8])] {
    embedded::MEDIA
}

/// Loads and checks the built-in dataset.
pub fn builtin() -> Result<Dataset, LoadError> {
    load_files_with_media(
        builtin_files().iter().copied(),
        builtin_media().iter().copied(),
    )
}

/// Loads and checks a dataset from (file name, contents) pairs.
pub fn load_files<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<Dataset, LoadError> {
    convert::load(files, [])
}

/// Loads and checks a dataset from (file name, contents) pairs and the images its records
/// name, as (path, bytes) pairs; an image is known by the last part of its path.
pub fn load_files_with_media<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    media: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> Result<Dataset, LoadError> {
    convert::load(files, media)
}

/// Loads and checks every `.toml` file below `dir`, and every image in its `media/` folders.
pub fn load_dir(dir: &Path) -> Result<Dataset, LoadError> {
    let mut paths = Vec::new();
    let mut media_paths = Vec::new();
    let mut problems = Vec::new();
    collect_toml(dir, dir, &mut paths, &mut media_paths, &mut problems);
    paths.sort();
    media_paths.sort();
    let mut media = Vec::new();
    for (rel, path) in media_paths {
        match std::fs::read(&path) {
            Ok(bytes) => media.push((rel, bytes)),
            Err(e) => problems.push(Problem {
                file: rel,
                record: None,
                field: None,
                message: format!("cannot be read: {e}"),
            }),
        }
    }
    let mut files = Vec::new();
    for (rel, path) in paths {
        match std::fs::read_to_string(&path) {
            Ok(text) => files.push((rel, text)),
            Err(e) => problems.push(Problem {
                file: rel,
                record: None,
                field: None,
                message: format!("cannot be read: {e}"),
            }),
        }
    }
    if files.is_empty() && problems.is_empty() {
        problems.push(Problem {
            file: dir.display().to_string(),
            record: None,
            field: None,
            message: "holds no .toml files".into(),
        });
    }
    if !problems.is_empty() {
        return Err(LoadError { problems });
    }
    load_files_with_media(
        files.iter().map(|(a, b)| (a.as_str(), b.as_str())),
        media.iter().map(|(a, b)| (a.as_str(), b.as_slice())),
    )
}

fn collect_toml(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, std::path::PathBuf)>,
    media: &mut Vec<(String, std::path::PathBuf)>,
    problems: &mut Vec<Problem>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            problems.push(Problem {
                file: dir.display().to_string(),
                record: None,
                field: None,
                message: format!("cannot be read: {e}"),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let rel = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if path.is_dir() {
            collect_toml(root, &path, out, media, problems);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push((rel, path));
        } else if dir.file_name().is_some_and(|d| d == "media") {
            media.push((rel, path));
        }
    }
}
