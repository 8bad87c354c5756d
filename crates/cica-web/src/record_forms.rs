//! The editors' forms for the records kept by the one editing convention (meetings, engagements
//! …): one set of handlers for every such record, each record describing its fields
//! ([`Section`], [`Field`]), its values as typed, and how a form is read — always into the
//! input the API reads, so a form and the API refuse the same things with the same words
//! through the same use case.
//!
//! `GET /{records}/new` and `/{records}/{id}/edit` show the form; `POST` to the same address
//! saves and goes to the record's page, or shows the form again with each refusal next to its
//! field and everything typed kept. A save names the version the form was opened on and
//! carries the values it was opened with (`base.*`): when someone saved in between, nothing is
//! written and the form shows, under each field, what they saved where it differs; saving
//! again then saves over it knowingly. To anyone but the Secretariat these addresses do not
//! exist (404). They work without scripts.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cica_app::{Actor, App, AppError};
use cica_domain::Slug;
use cica_store::{Expect, Version};

use crate::accounts::{HistoryRow, private, render, see_other};
use crate::error::WebError;
use crate::forms::{Form, capitalised, fields, form_of};
use crate::pages::{Layout, PageError};
use crate::state::{AppState, Directory};
use crate::write::{BrowserSession, Editor, form_session};

/// The largest record form accepted: a summary of the most characters a text takes, each up
/// to four bytes and percent-encoded, twice (as typed, and as the form was opened with), with
/// room for the other fields.
pub const BODY_LIMIT: usize = cica_app::records::MAX_TEXT * 12 * 2 + 64 * 1024;

/// How a field is typed.
pub enum Kind {
    /// One line of text.
    Line,
    /// Several lines.
    Text { rows: u8 },
    /// A whole number.
    Number,
    /// One of a list (value, label); the first is chosen when none is.
    Select(Vec<(String, String)>),
    /// Ticked or not.
    Check,
    /// Keys separated by commas (`KAZ, AZE`): compared as a set.
    Keys,
}

/// A field of a record's form, named as the API names it.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub hint: String,
    pub kind: Kind,
}

impl Field {
    pub fn new(name: &'static str, label: &'static str, hint: &str, kind: Kind) -> Self {
        Self {
            name,
            label,
            hint: hint.to_owned(),
            kind,
        }
    }
}

/// Fields shown together under a legend.
pub struct Section {
    pub legend: &'static str,
    pub fields: Vec<Field>,
}

/// A record an editor keeps through a form.
#[async_trait::async_trait]
pub trait FormRecord: Clone + Send + Sync + 'static {
    /// What names one in its address: a slug, or a quarter for an issue of the Digest.
    type Key: std::fmt::Display + Send + Sync + Clone + 'static;
    /// What one is called in sentences ("meeting").
    const WHAT: &'static str;
    /// Where its pages live (`/meetings`), the navigation area they belong to, and the page
    /// that lists them with its name (`/calendar`, "Calendar").
    const PAGES: &'static str;
    const AREA: &'static str;
    const LIST: (&'static str, &'static str);
    /// The headings of the two forms.
    const NEW: &'static str;
    const EDIT: &'static str;

    /// The form's fields, in order: of a new record's form (`new`) or of a record's.
    fn sections(dir: &Directory, new: bool) -> Vec<Section>;
    /// The values a new record's form starts with.
    fn defaults() -> BTreeMap<String, String>;
    fn key(&self) -> Self::Key;
    /// The key an address names, if it names one at all.
    fn parse_key(text: &str) -> Option<Self::Key>;
    /// What the record is called on its page.
    fn title(&self, dir: &Directory) -> String;
    /// The form's fields for the record as stored, as an editor would have typed them.
    fn values(&self, dir: &Directory) -> BTreeMap<String, String>;
    /// The record the form describes at `key` (none: a new record's form), read as the API
    /// reads its JSON.
    fn read(
        f: &Form,
        key: Option<Self::Key>,
        stored: Option<&Self>,
        dir: &Directory,
    ) -> Result<Self, WebError>;
    /// The form's field a refusal of the API's `field` belongs to (`states[2]` → `states`).
    fn field_of(field: &str) -> String {
        field.split(['[', '.']).next().unwrap_or(field).to_owned()
    }
    /// What the form says when something it carries but does not show (`key`: a count of
    /// what the record holds) was changed by someone else's save: `now` and `then`, as the
    /// form was opened.
    fn meanwhile(key: &str, now: &str, then: &str) -> String {
        format!(
            "{}: {now} now; {then} when the form was opened.",
            capitalised(key)
        )
    }
    /// What introduces a refusal of the API's `field` shown at the form's field: the entry of
    /// a list it concerns (`history[1].from: …`), or nothing where the form's field is the
    /// entry itself.
    fn entry_label(field: &str) -> Option<String> {
        Some(field.to_owned())
    }
    async fn stored(app: &AppState, key: &Self::Key) -> Result<Option<(Self, Version)>, WebError>;
    async fn save(
        uses: &App,
        actor: &Actor,
        key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError>;
    /// Records a new one at the key it was typed with: by default, a save of a record that
    /// must not exist yet.
    async fn create(
        uses: &App,
        actor: &Actor,
        record: Self,
    ) -> Result<(Self::Key, Version), AppError> {
        let key = record.key();
        let version = Self::save(uses, actor, &key, &record, Expect::Absent).await?;
        Ok((key, version))
    }
    /// The words on the form's button.
    const SUBMIT: &'static str = "Save";
    /// Where a new one's form lives: `{PAGES}/new`.
    fn new_url() -> String {
        format!("{}/new", Self::PAGES)
    }
    /// The record's name in the audit trail (`digest/2025-Q2`) when its form shows its
    /// history (with the buttons that put an earlier version back); None where the record's
    /// own page shows it.
    fn history_name(_key: &Self::Key) -> Option<String> {
        None
    }
    /// Whether an editor may delete one from its form (when nothing refers to it).
    const DELETABLE: bool = false;
    /// Deletes the record stored at the version expected.
    async fn delete(
        _uses: &App,
        _actor: &Actor,
        _key: &Self::Key,
        _expect: Expect,
    ) -> Result<(), AppError> {
        Err(AppError::Conflict(format!(
            "a {} is not deleted",
            Self::WHAT
        )))
    }
    /// Where a save of the record at `key` goes: its page.
    fn saved_to(&self, key: &Self::Key) -> String {
        format!("{}/{key}", Self::PAGES)
    }
    /// What the form says under its heading about what a save does.
    fn lede(&self) -> String {
        "Saving changes its public page at once.".to_owned()
    }
    /// What helps an editor fill the form: a heading and (term, description) pairs shown
    /// below it (the items, for an issue of the Digest).
    async fn help(
        _app: &AppState,
        _record: Option<&Self>,
    ) -> Result<(&'static str, Vec<(String, String)>), WebError> {
        Ok(("", Vec::new()))
    }
}

/// A field as the page shows it.
pub struct FieldView {
    pub name: String,
    pub id: String,
    pub label: &'static str,
    pub hint: String,
    /// `line`, `text`, `number`, `select`, `check`.
    pub kind: &'static str,
    pub rows: u8,
    pub value: String,
    pub options: Vec<(String, String, bool)>,
    pub error: String,
    /// What someone else saved meanwhile.
    pub theirs: String,
}

pub struct SectionView {
    pub legend: &'static str,
    pub fields: Vec<FieldView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "record_form.html")]
struct RecordFormPage {
    l: Layout,
    csrf: String,
    action: String,
    /// The list of such records, and the record's own page and title when it exists.
    list_url: String,
    list_label: String,
    record_url: String,
    record_title: String,
    version: String,
    base: Vec<(String, String)>,
    message: String,
    sections: Vec<SectionView>,
    reason: String,
    reason_error: String,
    /// What helps fill the form, under a heading.
    help_heading: &'static str,
    help: Vec<(String, String)>,
    lede: String,
    /// Where the record's deletion is sent, when it may be deleted.
    delete: String,
    what: &'static str,
    /// The words on the form's button.
    submit: &'static str,
    history: Vec<HistoryRow>,
}

/// A refusal of one field read as one of a form's refusals (a reading that stops at the first
/// field it refuses, as the API's bodies of money do).
fn as_fields(e: WebError) -> WebError {
    match e {
        WebError::InvalidParameter { parameter, message } => {
            WebError::Fields(vec![(parameter, message)])
        }
        other => other,
    }
}

/// The field that carries the reason for the audit trail (records may have a `note` of their
/// own).
const REASON: &str = "reason";

fn keys(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|k| !k.is_empty())
        .map(str::to_uppercase)
        .collect()
}

/// Keys typed in one field, separated by commas, semicolons or spaces, as typed.
pub fn typed_keys(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A list of keys as a field shows it.
pub fn joined(items: &[impl ToString]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines of a field, trimmed, blank ones left out.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// What introduces a refusal of a list's entry shown at the list's field: `line 2 (day)`,
/// counted from one, `word` naming what is counted.
pub fn entry_of(field: &str, word: &str) -> Option<String> {
    let (_, rest) = field.split_once('[')?;
    let (index, rest) = rest.split_once(']')?;
    let n = index.parse::<usize>().ok()?.checked_add(1)?;
    Some(match rest.strip_prefix('.') {
        Some(part) => format!("{word} {n} ({})", part.replace(['_', '.'], " ")),
        None => format!("{word} {n}"),
    })
}

/// The key a new record's form was typed with in `field` (the key an address names, for a
/// record stored), refused with an `example` when it is no key.
pub fn typed_key(
    f: &Form,
    key: Option<Slug>,
    field: &str,
    example: &str,
) -> Result<Slug, WebError> {
    match key {
        Some(k) => Ok(k),
        None => Slug::parse(f.v(field).trim()).map_err(|_| {
            WebError::invalid(
                field,
                format!("give its key: lower-case letters, digits and hyphens, e.g. {example}"),
            )
        }),
    }
}

/// A list field's text with its line ends as a browser may send them made plain.
fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// How many lines a list field is read to at most: far more than any list a record holds.
pub const MAX_LINES: usize = 1_000;

/// Whether a text cannot stand, unchanged, in a part of a line typed `a | b | c`: it holds a
/// line break or the separator.
pub fn unlined(text: &str) -> bool {
    text.contains(['\n', '\r', '|'])
}

/// Why a list typed one per line cannot be read as typed: a line too many, or a stored entry
/// that a line cannot show (`unlined`), no longer found as it was shown.
#[derive(Debug)]
pub enum ListProblem<E> {
    TooLong,
    Lost(usize),
    Lines(Vec<E>),
}

impl ListProblem<()> {
    /// The refusals of `field`, where every line reads.
    pub fn refused(self, field: &str) -> WebError {
        self.refusals(field, |()| {
            (field.to_owned(), "a line could not be read".to_owned())
        })
    }
}

impl<E> ListProblem<E> {
    /// The refusals of `field`, each line's by `each`.
    pub fn refusals(self, field: &str, each: impl Fn(E) -> (String, String)) -> WebError {
        WebError::Fields(match self {
            Self::TooLong => vec![(field.to_owned(), format!("at most {MAX_LINES} lines"))],
            Self::Lost(at) => vec![(
                field.to_owned(),
                format!(
                    "entry {} holds text a line cannot show (a line break or a |): leave its lines as they are, or change it through the API",
                    at + 1
                ),
            )],
            Self::Lines(list) => list.into_iter().map(each).collect(),
        })
    }
}

/// The entries a list field typed one per line stands for, read so that nothing stored is lost
/// by a save that did not change it: where the field shows the stored list unchanged, the
/// stored entries themselves (`keep`); else each line read by `read`, a line (or run of
/// lines) that shows a stored entry exactly standing for that entry, each stored entry once.
/// A stored entry a line cannot show (`lossy`) must be found so, or the list is refused:
/// reading its lines anew would change it.
pub fn kept<T, B, E>(
    text: &str,
    stored: &[T],
    show: impl Fn(&T) -> String,
    lossy: impl Fn(&T) -> bool,
    keep: impl Fn(&T) -> B,
    read: impl Fn(usize, &str) -> Result<B, E>,
) -> Result<Vec<B>, ListProblem<E>> {
    let shown: Vec<String> = stored.iter().map(|t| plain(&show(t))).collect();
    let typed = plain(text);
    if !stored.is_empty() && typed == shown.join("\n") {
        return Ok(stored.iter().map(keep).collect());
    }
    if typed.lines().count() > MAX_LINES {
        return Err(ListProblem::TooLong);
    }
    // An entry shown on several lines (a note with a line break) is found whole first, and
    // stands on one line of its own as a mark naming it.
    let mark = |at: usize| format!("\u{0}{at}\u{0}");
    let mut text = format!("\n{typed}\n");
    for (at, s) in shown.iter().enumerate() {
        if s.contains('\n') {
            text = text.replacen(&format!("\n{s}\n"), &format!("\n{}\n", mark(at)), 1);
        }
    }
    let mut unused: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (at, s) in shown.iter().enumerate().rev() {
        unused.entry(s.as_str()).or_default().push(at);
    }
    let mut used = vec![false; stored.len()];
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in lines(&text).iter().enumerate() {
        let marked = line
            .strip_prefix('\u{0}')
            .and_then(|l| l.strip_suffix('\u{0}'))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|at| *at < stored.len() && !used[*at]);
        let found = marked.or_else(|| {
            unused
                .get_mut(line.as_str())
                .and_then(|ats| ats.iter().rposition(|at| !used[*at]).map(|k| ats.remove(k)))
        });
        match found {
            Some(at) => {
                used[at] = true;
                out.push(keep(&stored[at]));
            }
            None => match read(i, line) {
                Ok(b) => out.push(b),
                Err(e) => bad.push(e),
            },
        }
    }
    if let Some(at) = (0..stored.len()).find(|at| !used[*at] && lossy(&stored[*at])) {
        return Err(ListProblem::Lost(at));
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(ListProblem::Lines(bad))
    }
}

/// A list of lines kept as stored where the field shows it unchanged, or read line by line
/// with each stored line found again kept as it was (`kept` for plain lines).
pub fn kept_lines(text: &str, stored: &[String]) -> Result<Vec<String>, ListProblem<()>> {
    kept(
        text,
        stored,
        Clone::clone,
        |s| s.contains(['\n', '\r']),
        Clone::clone,
        |_, line| Ok(line.to_owned()),
    )
}

/// Whether a field shows a stored list of lines unchanged.
pub fn unchanged(text: &str, shown: &str) -> bool {
    plain(text) == plain(shown)
}

/// The section every register's record ends with: its sources and a note for the record.
pub fn sources_section() -> Section {
    Section {
        legend: "Sources",
        fields: vec![
            Field::new(
                "sources",
                "Sources",
                "one per line: addresses or references",
                Kind::Text { rows: 3 },
            ),
            Field::new(
                "note",
                "Note for the record",
                "optional",
                Kind::Text { rows: 3 },
            ),
        ],
    }
}

/// The choices of a keyword of the domain (`DecisionAct::expected()`), each with its label
/// ("Take note").
pub fn keyword_choices(expected: String) -> Vec<(String, String)> {
    expected
        .split(", ")
        .map(|k| (k.to_owned(), capitalised(&k.replace('-', " "))))
        .collect()
}

/// The bodies of the register to choose from, by name.
pub fn body_choices(dir: &Directory) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = dir
        .bodies
        .values()
        .map(|b| (b.slug.to_string(), b.name.clone()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Text typed in a field, or nothing when blank.
pub fn typed(f: &Form, field: &str) -> Option<String> {
    Some(f.v(field).to_owned()).filter(|t| !t.trim().is_empty())
}

/// What `stored` holds where it differs from what the form was opened with (`base`): by
/// field, as shown.
fn differences<R: FormRecord>(
    base: &[(String, String)],
    stored: &R,
    dir: &Directory,
) -> BTreeMap<String, String> {
    let now = stored.values(dir);
    let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = BTreeMap::new();
    for section in R::sections(dir, false) {
        for field in section.fields {
            let saved = now.get(field.name).cloned().unwrap_or_default();
            let before = base
                .iter()
                .find(|(k, _)| k == field.name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            let (differs, shown) = match field.kind {
                Kind::Check => (
                    saved.is_empty() != before.is_empty(),
                    if saved.is_empty() {
                        "not ticked"
                    } else {
                        "ticked"
                    }
                    .to_owned(),
                ),
                Kind::Keys => (keys(&saved) != keys(&before), saved.clone()),
                _ => (norm(&saved) != norm(&before), saved.clone()),
            };
            if differs {
                let shown = if shown.is_empty() {
                    "(empty)".to_owned()
                } else {
                    shown
                };
                out.insert(field.name.to_owned(), shown);
            }
        }
    }
    out
}

/// What the form carries but does not show that differs between `base` and `stored`, in
/// words ([`FormRecord::meanwhile`]).
fn unshown_differences<R: FormRecord>(
    base: &[(String, String)],
    stored: &R,
    dir: &Directory,
) -> Vec<String> {
    let fields: Vec<&str> = R::sections(dir, false)
        .into_iter()
        .flat_map(|s| s.fields.into_iter().map(|f| f.name))
        .collect();
    stored
        .values(dir)
        .into_iter()
        .filter(|(k, _)| !fields.contains(&k.as_str()))
        .filter_map(|(k, now)| {
            let then = base
                .iter()
                .find(|(b, _)| *b == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (now != then).then(|| R::meanwhile(&k, &now, &then))
        })
        .collect()
}

/// The values a form is opened with, as its hidden `base.*` fields carry them.
fn base_of<R: FormRecord>(r: &R, dir: &Directory) -> Vec<(String, String)> {
    r.values(dir).into_iter().collect()
}

fn base_sent(f: &Form) -> Vec<(String, String)> {
    f.values
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("base.").map(|k| (k.to_owned(), v.clone())))
        .collect()
}

/// Puts each refusal next to its field; one of no field of the form goes above it.
fn refuse_all<R: FormRecord>(f: &mut Form, list: Vec<(String, String)>, dir: &Directory) {
    let names: Vec<&'static str> = R::sections(dir, true)
        .into_iter()
        .chain(R::sections(dir, false))
        .flat_map(|s| s.fields.into_iter().map(|f| f.name))
        .collect();
    for (field, problem) in list {
        let own = R::field_of(&field);
        if names.contains(&own.as_str()) {
            // A refusal of one entry of a list says which.
            let problem = match R::entry_label(&field) {
                Some(label) if own != field => format!("{label}: {problem}"),
                _ => problem,
            };
            f.refuse(&own, problem);
        } else {
            f.message = capitalised(&format!("{field}: {problem}"));
        }
    }
}

fn refused<R: FormRecord>(f: &mut Form, e: AppError, dir: &Directory) -> Result<(), PageError> {
    match e {
        AppError::Fields(list) => refuse_all::<R>(f, list, dir),
        AppError::Invalid { field, problem } => refuse_all::<R>(f, vec![(field, problem)], dir),
        AppError::Rejected(m) => match m.split_once(": ") {
            Some((field, problem)) => {
                refuse_all::<R>(f, vec![(field.into(), problem.into())], dir);
            }
            None => f.message = capitalised(&m),
        },
        AppError::Conflict(m) => f.message = capitalised(&m),
        other => return Err(other.into()),
    }
    Ok(())
}

/// The use cases noted with the form's reason, or its refusal.
fn noted(app: &AppState, f: &mut Form) -> Option<App> {
    match app.uses().noted(Some(f.v(REASON))) {
        Ok(u) => Some(u),
        Err(AppError::Invalid { problem, .. }) => {
            f.refuse(REASON, problem);
            None
        }
        Err(e) => {
            f.message = e.to_string();
            None
        }
    }
}

/// The record a form edits: its address, as saved, the version the form stands on and the
/// values it was opened with.
struct Editing<'a, R> {
    record: &'a R,
    version: Version,
    base: Vec<(String, String)>,
    /// Its history, where the form shows it ([`FormRecord::history_name`]).
    history: Vec<HistoryRow>,
}

/// The history a record's form shows, if it shows one.
async fn history_of<R: FormRecord>(
    app: &AppState,
    actor: &Actor,
    record: &R,
    version: Version,
) -> Result<Vec<HistoryRow>, WebError> {
    match R::history_name(&record.key()) {
        Some(name) => crate::accounts::history(app, actor, &name, Some(version)).await,
        None => Ok(Vec::new()),
    }
}

fn page<R: FormRecord>(
    csrf: String,
    dir: &Directory,
    editing: Option<Editing<'_, R>>,
    f: Form,
    theirs: BTreeMap<String, String>,
    help: (&'static str, Vec<(String, String)>),
    status: StatusCode,
) -> Response {
    let (heading, action, record_url, record_title) = match &editing {
        Some(e) => (
            R::EDIT,
            format!("{}/{}/edit", R::PAGES, e.record.key()),
            e.record.saved_to(&e.record.key()),
            e.record.title(dir),
        ),
        None => (R::NEW, R::new_url(), String::new(), String::new()),
    };
    let lede = editing
        .as_ref()
        .map(|e| e.record.lede())
        .unwrap_or_default();
    let delete = match &editing {
        Some(e) if R::DELETABLE => format!("{}/{}/delete", R::PAGES, e.record.key()),
        _ => String::new(),
    };
    let sections = R::sections(dir, editing.is_none())
        .into_iter()
        .map(|s| SectionView {
            legend: s.legend,
            fields: s
                .fields
                .into_iter()
                .map(|field| {
                    let value = f.v(field.name).to_owned();
                    let (kind, rows, options) = match field.kind {
                        Kind::Line | Kind::Keys => ("line", 1, Vec::new()),
                        Kind::Text { rows } => ("text", rows, Vec::new()),
                        Kind::Number => ("number", 1, Vec::new()),
                        Kind::Check => ("check", 1, Vec::new()),
                        Kind::Select(list) => (
                            "select",
                            1,
                            list.into_iter()
                                .map(|(v, l)| {
                                    let chosen = v == value;
                                    (v, l, chosen)
                                })
                                .collect(),
                        ),
                    };
                    FieldView {
                        id: format!("f-{}", field.name.replace(['_', '.'], "-")),
                        name: field.name.to_owned(),
                        label: field.label,
                        hint: field.hint,
                        kind,
                        rows,
                        value,
                        options,
                        error: f.e(field.name).to_owned(),
                        theirs: theirs.get(field.name).cloned().unwrap_or_default(),
                    }
                })
                .collect(),
        })
        .collect();
    private(render(
        RecordFormPage {
            l: Layout::new(heading, R::AREA),
            csrf,
            action,
            list_url: R::LIST.0.to_owned(),
            list_label: R::LIST.1.to_owned(),
            record_url,
            record_title,
            version: editing
                .as_ref()
                .map(|e| e.version.to_string())
                .unwrap_or_default(),
            history: editing
                .as_ref()
                .map(|e| e.history.clone())
                .unwrap_or_default(),
            base: editing.map(|e| e.base).unwrap_or_default(),
            // On a long form, a refusal far below is announced at the top.
            message: if f.message.is_empty() && f.failed() {
                "Nothing was written: put right what is marked below.".to_owned()
            } else {
                f.message.clone()
            },
            reason: f.v(REASON).to_owned(),
            reason_error: f.e(REASON).to_owned(),
            sections,
            help_heading: help.0,
            help: help.1,
            lede,
            delete,
            what: R::WHAT,
            submit: R::SUBMIT,
        },
        status,
    ))
}

async fn stored<R: FormRecord>(app: &AppState, id: &str) -> Result<(R, Version), PageError> {
    let not_found = || {
        PageError(WebError::not_found(format!(
            "There is no {} “{id}” in the records.",
            R::WHAT
        )))
    };
    let key = R::parse_key(id).ok_or_else(not_found)?;
    R::stored(app, &key).await?.ok_or_else(not_found)
}

/// `GET {records}/new`: the form for a new record, with the fields the query names filled
/// in (`/digest/new?quarter=2025-Q2`, as the desk links it).
pub async fn new_form<R: FormRecord>(
    State(app): State<AppState>,
    Editor(_): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    axum::extract::RawQuery(q): axum::extract::RawQuery,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    app.sync().await?;
    let dir = app.directory();
    let mut values = R::defaults();
    let names: Vec<&'static str> = R::sections(&dir, true)
        .into_iter()
        .flat_map(|s| s.fields.into_iter().map(|f| f.name))
        .collect();
    let given: Vec<(String, String)> =
        serde_urlencoded::from_str(q.as_deref().unwrap_or_default()).unwrap_or_default();
    for (k, v) in given {
        if names.contains(&k.as_str()) {
            values.insert(k, v);
        }
    }
    Ok(page::<R>(
        s.csrf,
        &dir,
        None,
        Form::filled(values),
        BTreeMap::new(),
        R::help(&app, None).await?,
        StatusCode::OK,
    ))
}

/// `POST {records}/new`: records it and shows its page; or the form again, refused.
pub async fn create<R: FormRecord>(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let mut f = form_of(fields(&s, &body)?);
    let dir = app.directory();
    if let Some(uses) = noted(&app, &mut f) {
        match R::read(&f, None, None, &dir).map_err(as_fields) {
            Err(WebError::Fields(list)) => refuse_all::<R>(&mut f, list, &dir),
            Err(other) => return Err(PageError(other)),
            Ok(record) => match R::create(&uses, &actor, record.clone()).await {
                Ok((key, _)) => {
                    app.invalidate();
                    return Ok(see_other(&record.saved_to(&key)));
                }
                Err(e) => refused::<R>(&mut f, e, &dir)?,
            },
        }
    }
    Ok(page::<R>(
        s.csrf,
        &dir,
        None,
        f,
        BTreeMap::new(),
        R::help(&app, None).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
    ))
}

/// `GET {records}/{id}/edit`: the form, filled with the record as stored.
pub async fn edit_form<R: FormRecord>(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    app.sync().await?;
    let dir = app.directory();
    let (record, version) = stored::<R>(&app, &id).await?;
    Ok(page::<R>(
        s.csrf,
        &dir,
        Some(Editing {
            record: &record,
            version,
            base: base_of(&record, &dir),
            history: history_of(&app, &actor, &record, version).await?,
        }),
        Form::filled(record.values(&dir)),
        BTreeMap::new(),
        R::help(&app, Some(&record)).await?,
        StatusCode::OK,
    ))
}

/// `POST {records}/{id}/edit`: saves over the version the form was opened on and shows the
/// record's page; or the form again, refused, or showing what someone else saved meanwhile.
pub async fn save<R: FormRecord>(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let (current, version) = stored::<R>(&app, &id).await?;
    let mut f = form_of(fields(&s, &body)?);
    let dir = app.directory();
    let opened = f.v("version").trim().parse::<i64>().ok().map(Version);
    let mut base = base_sent(&f);
    let mut shown = (current, version);
    let mut stale = opened.is_none();
    if let Some(opened) = opened
        && let Some(uses) = noted(&app, &mut f)
    {
        match R::read(&f, Some(shown.0.key()), Some(&shown.0), &dir).map_err(as_fields) {
            Err(WebError::Fields(list)) => refuse_all::<R>(&mut f, list, &dir),
            Err(other) => return Err(PageError(other)),
            Ok(record) => match R::save(
                &uses,
                &actor,
                &shown.0.key(),
                &record,
                Expect::Version(opened),
            )
            .await
            {
                Ok(_) => {
                    app.invalidate();
                    return Ok(see_other(&record.saved_to(&record.key())));
                }
                Err(AppError::Stale { .. }) => {
                    shown = stored::<R>(&app, &id).await?;
                    stale = true;
                }
                Err(e) => refused::<R>(&mut f, e, &dir)?,
            },
        }
    }
    let help = R::help(&app, Some(&shown.0)).await?;
    let mut theirs = BTreeMap::new();
    let status = if stale {
        theirs = differences(&base, &shown.0, &dir);
        let unshown = unshown_differences::<R>(&base, &shown.0, &dir);
        f.message = format!(
            "{} Nothing was written. {}{} What you typed is kept below; save again to put it in place of what is saved now.",
            if opened.is_none() {
                format!(
                    "The form did not say which version of the {} it was opened on.",
                    R::WHAT
                )
            } else {
                format!("Someone saved this {} after you opened it.", R::WHAT)
            },
            unshown.iter().map(|u| format!("{u} ")).collect::<String>(),
            if theirs.is_empty() && unshown.is_empty() {
                "What is saved now is what the form was opened with.".to_owned()
            } else if theirs.is_empty() {
                String::new()
            } else {
                format!(
                    "What they changed is shown under {} field{}.",
                    theirs.len(),
                    if theirs.len() == 1 { "" } else { "s" }
                )
            },
        );
        // The form now stands on what is saved: a second save replaces it knowingly.
        base = base_of(&shown.0, &dir);
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let version = if stale {
        shown.1
    } else {
        opened.unwrap_or(shown.1)
    };
    Ok(page::<R>(
        s.csrf,
        &dir,
        Some(Editing {
            record: &shown.0,
            version,
            base,
            history: history_of(&app, &actor, &shown.0, version).await?,
        }),
        f,
        theirs,
        help,
        status,
    ))
}

/// `POST {records}/{id}/delete` (the edit form's "Delete"): deletes the record at the version
/// the form was opened on and goes to the list; or shows the form again saying why not
/// (someone saved it meanwhile, or others refer to it).
pub async fn delete<R: FormRecord>(
    State(app): State<AppState>,
    Editor(actor): Editor,
    s: Option<axum::Extension<BrowserSession>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, PageError> {
    let s = form_session(s)?;
    let (current, version) = stored::<R>(&app, &id).await?;
    let mut f = form_of(fields(&s, &body)?);
    let dir = app.directory();
    if !R::DELETABLE {
        return Err(PageError(WebError::not_found(format!(
            "There is no page at {}/{id}/delete.",
            R::PAGES
        ))));
    }
    let opened = f.v("version").trim().parse::<i64>().ok().map(Version);
    let status = match opened {
        Some(opened) => match noted(&app, &mut f) {
            None => StatusCode::UNPROCESSABLE_ENTITY,
            Some(uses) => {
                match R::delete(&uses, &actor, &current.key(), Expect::Version(opened)).await {
                    Ok(()) => {
                        app.invalidate();
                        return Ok(see_other(R::LIST.0));
                    }
                    Err(AppError::Stale { .. }) => {
                        f.message = format!(
                            "Someone saved this {} after you opened it. Nothing was deleted: look at it as it is now, then delete it again if you still mean to.",
                            R::WHAT
                        );
                        StatusCode::CONFLICT
                    }
                    Err(AppError::Conflict(m)) => {
                        f.message = capitalised(&m);
                        StatusCode::CONFLICT
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        },
        None => {
            f.message = format!(
                "The form did not say which version of the {} it was opened on. Nothing was deleted.",
                R::WHAT
            );
            StatusCode::CONFLICT
        }
    };
    // The form shows the record as it is now; what was typed in the delete form is its reason.
    let mut shown = Form::filled(current.values(&dir));
    shown.message = if f.e(REASON).is_empty() {
        f.message
    } else {
        format!(
            "Nothing was deleted: the reason given {}",
            f.e(REASON).to_lowercase()
        )
    };
    Ok(page::<R>(
        s.csrf,
        &dir,
        Some(Editing {
            record: &current,
            version,
            base: base_of(&current, &dir),
            history: history_of(&app, &actor, &current, version).await?,
        }),
        shown,
        BTreeMap::new(),
        R::help(&app, Some(&current)).await?,
        status,
    ))
}
