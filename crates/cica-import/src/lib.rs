//! The importer: the Secretariat's archive is text (press releases, digest issues extracted
//! from PDFs); this crate turns such text into the platform's records.
//!
//! **Architecture invariant:** no IO. Text comes in as `&str`, records and notes go out; the
//! CLI and the web shell read files and write the store.
#![forbid(unsafe_code)]

pub mod analyze;
pub mod dateline;
pub mod docx;
pub mod entities;
pub mod html;
pub mod input;
pub mod pdf;
pub mod people;
pub mod published;
pub mod split;

pub use analyze::{
    ImportedItem, ProposedEngagement, ProposedMeeting, analyze, in_parallel, slug_for, to_news,
};
pub use entities::{Found, Gazetteer};
pub use input::InputError;
pub use people::{Confidence, PersonMention};
pub use split::{ItemKind, RawItem, Split, split};

/// What the person importing knows that the text may not say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hints {
    /// The year of datelines printed without one (`--year-hint`).
    pub year: Option<i32>,
    /// The day of an item that prints none, neither in a dateline nor in a publication line
    /// (`--date`).
    pub date: Option<chrono::NaiveDate>,
    /// The form of the input, when it is not to be told from its content (`--format`).
    pub format: Option<input::Format>,
}

impl From<Option<i32>> for Hints {
    fn from(year: Option<i32>) -> Self {
        Hints {
            year,
            ..Hints::default()
        }
    }
}

/// How the text of a PDF is extracted: [`pdf::read`] in this process, or a helper a shell
/// provides (the `cica` command runs the extractor in a child process with limits, so that a
/// file built to crash or exhaust a parser costs only that process).
pub type PdfText = dyn Fn(&[u8]) -> Result<String, pdf::PdfError> + Send + Sync;

/// Reads one input end to end: checks it is text, splits it, recognises what it names.
/// `secretariat_people` are left out of proposed engagements (they are the Secretariat's side).
/// A PDF is read in this process ([`read_with`] takes another way).
pub fn read(
    name: &str,
    bytes: &[u8],
    hints: impl Into<Hints>,
    g: &Gazetteer,
    secretariat_people: &[cica_domain::Slug],
) -> Result<(Split, Vec<ImportedItem>), InputError> {
    read_with(name, bytes, hints, g, secretariat_people, &pdf::read)
}

/// [`read`], with the text of a PDF extracted by `pdf_text`.
pub fn read_with(
    name: &str,
    bytes: &[u8],
    hints: impl Into<Hints>,
    g: &Gazetteer,
    secretariat_people: &[cica_domain::Slug],
    pdf_text: &PdfText,
) -> Result<(Split, Vec<ImportedItem>), InputError> {
    let s = read_text(name, bytes, hints, pdf_text)?;
    let items = analyze::analyze(&s, g, secretariat_people);
    Ok((s, items))
}

/// The first half of [`read_with`]: the input checked, its text taken from its format and
/// split into items, before anything is recognised in them (which [`analyze()`] does with a
/// gazetteer that may be built meanwhile).
pub fn read_text(
    name: &str,
    bytes: &[u8],
    hints: impl Into<Hints>,
    pdf_text: &PdfText,
) -> Result<Split, InputError> {
    let hints = hints.into();
    input::check_size(name, bytes)?;
    let format = hints.format.unwrap_or_else(|| input::Format::of(bytes));
    let unpacked;
    let bytes = match format {
        input::Format::Docx => {
            unpacked = docx::read(bytes).map_err(|e| InputError::BadDocx {
                name: name.to_owned(),
                reason: e.to_string(),
            })?;
            unpacked.as_bytes()
        }
        input::Format::Pdf => {
            unpacked = pdf_text(bytes).map_err(|e| InputError::BadPdf {
                name: name.to_owned(),
                reason: e.to_string(),
            })?;
            unpacked.as_bytes()
        }
        input::Format::Text | input::Format::Html => bytes,
    };
    let text = input::check(name, bytes)?;
    let page;
    let (text, notes) = match format {
        input::Format::Text => (text, Vec::new()),
        input::Format::Docx => (
            text,
            vec!["read as a Word document: the paragraphs of its body".to_owned()],
        ),
        input::Format::Pdf => (
            text,
            vec![
                "read as a PDF: its text in reading order, without running heads and page numbers, words broken at line ends mended".to_owned(),
            ],
        ),
        input::Format::Html => {
            page = html::read(text).ok_or_else(|| InputError::NothingFound(name.to_owned()))?;
            let mut notes = vec![
                "read as a saved web page: its main text, headline and publication time".to_owned(),
            ];
            notes.extend(page.notes.iter().cloned());
            (page.text.as_str(), notes)
        }
    };
    let mut s = split::split(text, hints.year);
    if s.items.is_empty() {
        return Err(InputError::NothingFound(name.to_owned()));
    }
    s.notes.splice(0..0, notes);
    s.date_hint = hints.date;
    Ok(s)
}
