//! A document as the editors' form shows it (see `record_forms`): its own fields, and a new
//! version added below the versions recorded, which the form lists and never changes (a
//! version is what was circulated; a correction is a new version). The form is read into the
//! input the API reads ([`DocumentInput`]).

use std::collections::BTreeMap;

use cica_app::{Actor, App, AppError};
use cica_domain::Slug;
use cica_domain::decision::{Document, DocumentKind, DocumentStatus, Visibility};
use cica_store::{Expect, Version};

use crate::documents::{DocumentInput, VersionInput};
use crate::error::WebError;
use crate::forms::Form;
use crate::present::proposer_name;
use crate::record_forms::{
    Field, FormRecord, Kind, Section, body_choices, keyword_choices, lines, sources_section, typed,
};
use crate::state::{AppState, Directory};

/// Who may put a version forward: the Secretariat, the Chair, a state, a body.
fn proposers(dir: &Directory) -> Vec<(String, String)> {
    let mut states: Vec<(String, String)> = dir
        .states
        .values()
        .map(|s| (s.code.to_string(), s.name.clone()))
        .collect();
    states.sort_by(|a, b| a.1.cmp(&b.1));
    let bodies = body_choices(dir)
        .into_iter()
        .map(|(slug, name)| (format!("body:{slug}"), name));
    let mut out = vec![
        (String::new(), "—".to_owned()),
        ("secretariat".into(), "The Secretariat".into()),
        ("chair".into(), "The Chair".into()),
    ];
    out.extend(states);
    out.extend(bodies);
    out
}

#[async_trait::async_trait]
impl FormRecord for Document {
    type Key = Slug;
    const WHAT: &'static str = "document";
    const PAGES: &'static str = "/documents";
    const AREA: &'static str = "documents";
    const LIST: (&'static str, &'static str) = ("/documents", "Documents");
    const NEW: &'static str = "Record a document";
    const EDIT: &'static str = "Edit a document";

    fn sections(dir: &Directory, new: bool) -> Vec<Section> {
        let mut organs = body_choices(dir);
        organs.insert(0, (String::new(), "—".into()));
        let visibility = vec![
            ("public".to_owned(), "Everyone (public)".to_owned()),
            (
                "members-and-observers".into(),
                "Member and Observer States".into(),
            ),
            ("members".into(), "Member States".into()),
            ("secretariat".into(), "The Secretariat only".into()),
        ];
        vec![
            Section {
                legend: "The document",
                fields: vec![
                    Field::new("title", "Title", "as the document is titled", Kind::Line),
                    Field::new(
                        "kind",
                        "Kind",
                        "",
                        Kind::Select(keyword_choices(DocumentKind::expected())),
                    ),
                    Field::new(
                        "status",
                        "Status",
                        "",
                        Kind::Select(keyword_choices(DocumentStatus::expected())),
                    ),
                    Field::new(
                        "visibility",
                        "Readers",
                        "who may know of it and read it; to anyone else it does not exist",
                        Kind::Select(visibility),
                    ),
                    Field::new(
                        "body",
                        "Before",
                        "the organ or body that considers it",
                        Kind::Select(organs),
                    ),
                    Field::new(
                        "unconfirmed",
                        "Unconfirmed",
                        "the sources leave it uncertain",
                        Kind::Check,
                    ),
                ],
            },
            Section {
                legend: if new {
                    "Its first version"
                } else {
                    "A new version"
                },
                fields: vec![
                    Field::new(
                        "new_version_by",
                        "Proposed by",
                        if new {
                            "leave empty to record the document without a version yet"
                        } else {
                            "leave empty to add no version; the versions recorded are listed above and stay as they are"
                        },
                        Kind::Select(proposers(dir)),
                    ),
                    Field::new(
                        "new_version_date",
                        "Date",
                        "a day (2025-03-14), a month (2025-03) or a year",
                        Kind::Line,
                    ),
                    Field::new(
                        "new_version_note",
                        "What this version is",
                        "optional, one sentence: “Kazakhstan's draft, discussed by the SOC”",
                        Kind::Line,
                    ),
                    Field::new(
                        "new_version_text",
                        "Text",
                        "the text as circulated; leave empty when the platform does not hold it",
                        Kind::Text { rows: 14 },
                    ),
                ],
            },
            sources_section(),
        ]
    }

    fn defaults() -> BTreeMap<String, String> {
        [
            ("kind".to_owned(), "other".to_owned()),
            ("status".to_owned(), "draft".to_owned()),
            ("visibility".to_owned(), "members".to_owned()),
        ]
        .into()
    }

    fn key(&self) -> Slug {
        self.slug.clone()
    }

    fn parse_key(text: &str) -> Option<Slug> {
        Slug::parse(text).ok()
    }

    fn title(&self, _dir: &Directory) -> String {
        self.title.clone()
    }

    fn values(&self, _dir: &Directory) -> BTreeMap<String, String> {
        let mut v = BTreeMap::new();
        let mut put = |k: &str, x: String| {
            if !x.is_empty() {
                v.insert(k.to_owned(), x);
            }
        };
        put("title", self.title.clone());
        put("kind", self.kind.as_str().to_owned());
        put("status", self.status.as_str().to_owned());
        put("visibility", self.visibility.as_str().to_owned());
        put(
            "body",
            self.body
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        );
        if self.provenance.unconfirmed {
            put("unconfirmed", "on".into());
        }
        put("sources", self.provenance.sources.join("\n"));
        put("note", self.provenance.note.clone().unwrap_or_default());
        // Not a field: carried with the form, so a version recorded meanwhile is told of.
        put("versions", self.versions.len().to_string());
        v
    }

    fn read(
        f: &Form,
        key: Option<Slug>,
        stored: Option<&Self>,
        _dir: &Directory,
    ) -> Result<Self, WebError> {
        let mut versions: Vec<VersionInput> = stored
            .map(|d| d.versions.iter().map(VersionInput::of).collect())
            .unwrap_or_default();
        let by = typed(f, "new_version_by");
        let text = typed(f, "new_version_text");
        if by.is_some() || text.is_some() {
            versions.push(VersionInput {
                number: None,
                date: typed(f, "new_version_date"),
                proposed_by: by.unwrap_or_default(),
                note: typed(f, "new_version_note"),
                text: Some(text),
                _proposed_by_name: None,
                _has_text: None,
            });
        }
        let input = DocumentInput {
            slug: None,
            title: f.v("title").to_owned(),
            kind: f.v("kind").to_owned(),
            visibility: f.v("visibility").to_owned(),
            status: f.v("status").to_owned(),
            body: typed(f, "body"),
            versions,
            unconfirmed: !f.v("unconfirmed").is_empty(),
            note: typed(f, "note"),
            sources: lines(f.v("sources")),
            _restricted: None,
            _url: None,
        };
        let slug = match key {
            Some(k) => k,
            None => Slug::parse("new").map_err(|e| WebError::Internal(e.to_string()))?,
        };
        input.document(slug, None, stored)
    }

    /// A refusal of a version concerns the new one (those recorded are sent as they are).
    fn field_of(field: &str) -> String {
        match field.strip_prefix("versions") {
            Some(rest) => {
                let part = rest.rsplit('.').next().unwrap_or("");
                match (rest.contains('.'), part) {
                    (true, "proposed_by") => "new_version_by",
                    (true, "date") => "new_version_date",
                    (true, "note") => "new_version_note",
                    _ => "new_version_text",
                }
                .to_owned()
            }
            None => field.split(['[', '.']).next().unwrap_or(field).to_owned(),
        }
    }

    fn meanwhile(key: &str, now: &str, then: &str) -> String {
        if key == "versions" {
            format!(
                "Versions were recorded meanwhile: there are {now} now, {then} when you opened the form; a version you add follows them."
            )
        } else {
            format!("{key}: {now} now; {then} when the form was opened.")
        }
    }

    /// The new version's fields are the entry: no label before their refusals.
    fn entry_label(field: &str) -> Option<String> {
        (!field.starts_with("versions")).then(|| field.to_owned())
    }

    async fn stored(app: &AppState, key: &Slug) -> Result<Option<(Self, Version)>, WebError> {
        Ok(app.store().document_versioned(key).await?)
    }

    async fn save(
        uses: &App,
        actor: &Actor,
        _key: &Self::Key,
        record: &Self,
        expect: Expect,
    ) -> Result<Version, AppError> {
        uses.save_document(actor, record, expect).await
    }

    async fn create(uses: &App, actor: &Actor, record: Self) -> Result<(Slug, Version), AppError> {
        uses.create_document(actor, record).await
    }

    fn lede(&self) -> String {
        match self.visibility {
            Visibility::Public => "Saving changes its public page at once.".to_owned(),
            v => format!(
                "Its readers are {}; to anyone else, the public included, it does not exist.",
                match v {
                    Visibility::MembersAndObservers => "the Member and Observer States",
                    Visibility::Members => "the Member States",
                    _ => "the Secretariat only",
                }
            ),
        }
    }

    async fn help(
        app: &AppState,
        record: Option<&Self>,
    ) -> Result<(&'static str, Vec<(String, String)>), WebError> {
        let Some(d) = record else {
            return Ok(("", Vec::new()));
        };
        let dir = app.directory();
        Ok((
            "Versions recorded (kept as circulated)",
            d.versions
                .iter()
                .map(|v| {
                    (
                        format!("Version {}", v.number),
                        format!(
                            "{}, proposed by {}{}{}",
                            v.date.human(),
                            proposer_name(&v.proposed_by, &dir),
                            v.note
                                .as_deref()
                                .map(|n| format!(": {n}"))
                                .unwrap_or_default(),
                            if v.text.is_some() {
                                ""
                            } else {
                                " (text not held)"
                            }
                        ),
                    )
                })
                .collect(),
        ))
    }
}
