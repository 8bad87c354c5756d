//! The print edition: the edition written as `data.json`, typeset by Typst with the layout in
//! `templates/digest.typ` and the fonts in `fonts/`, and exported as PDF.
//!
//! Nothing is read from the file system at run time: the layout and the fonts are compiled in,
//! and the only files the layout can open are the edition's data and its photographs.

use std::collections::BTreeMap;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::introspection::Introspector;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

use crate::{DigestError, Edition};

/// The layout source, compiled into the binary.
pub const LAYOUT: &str = include_str!("../templates/digest.typ");

const FONTS: &[&[u8]] = &[
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../fonts/DroidSansFallbackFull.ttf"),
];

/// The data file the layout reads, exactly as it is handed to Typst.
pub fn data_json(edition: &Edition) -> String {
    // Serialising plain structs of strings cannot fail.
    serde_json::to_string_pretty(edition).unwrap_or_default()
}

/// A typeset edition.
#[derive(Debug, Clone)]
pub struct Printed {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// The page (from 1) each labelled place starts on: every article and brief by its key,
    /// and the sections ("foreword", "flash-briefing", "calendar", "contacts").
    pub starts: BTreeMap<String, usize>,
    /// What Typst warned about (a missing glyph, an unknown font); empty for a clean build.
    pub warnings: Vec<String>,
}

/// Fonts and the standard library, loaded once and shared by every build.
pub struct Typesetter {
    library: LazyHash<Library>,
    fonts: FontStore,
    main: Source,
    data_id: FileId,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("fonts", &self.fonts.book().families().count())
            .finish()
    }
}

fn project_file(name: &str) -> FileId {
    // The names are constants and `media/` plus a checked image name: always valid paths.
    let path = VirtualPath::new(name)
        .unwrap_or_else(|_| VirtualPath::new("invalid").unwrap_or_else(|_| unreachable!()));
    RootedPath::new(VirtualRoot::Project, path).intern()
}

impl Default for Typesetter {
    fn default() -> Self {
        Self::new()
    }
}

impl Typesetter {
    /// Forgets every layout remembered between runs, as after a restart: the next print lays
    /// its issue out from scratch. For measuring a cold layout.
    pub fn forget_layouts() {
        typst::comemo::evict(0);
    }

    pub fn new() -> Self {
        Self::with_layout(LAYOUT.to_owned())
    }

    /// A typesetter with another layout: for designers trying changes to `digest.typ`
    /// without rebuilding (see `examples/layout.rs`).
    pub fn with_layout(layout: String) -> Self {
        let mut fonts = FontStore::new();
        for data in FONTS {
            fonts.extend(Font::iter(Bytes::new(*data)).map(|f| {
                let info = f.info().clone();
                (f, info)
            }));
        }
        fonts.extend(typst_kit::fonts::embedded());
        Self {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main: Source::new(project_file("digest.typ"), layout),
            data_id: project_file("data.json"),
        }
    }

    /// The font families available to the layout.
    pub fn families(&self) -> Vec<String> {
        self.fonts
            .book()
            .families()
            .map(|(name, _)| name.to_owned())
            .collect()
    }

    /// Typesets the edition and exports it as PDF.
    pub fn print(&self, edition: &Edition) -> Result<Printed, DigestError> {
        let job = Job {
            ts: self,
            data: Bytes::new(data_json(edition).into_bytes()),
            media: edition
                .media
                .iter()
                .map(|(path, m)| (project_file(path), Bytes::new(m.bytes.clone())))
                .collect(),
        };
        let warned = typst::compile::<PagedDocument>(&job);
        let warnings = warned
            .warnings
            .iter()
            .map(|w| w.message.to_string())
            .collect();
        let doc = warned
            .output
            .map_err(|errors| DigestError::Typeset(describe(&errors)))?;
        let mut starts = BTreeMap::new();
        let found = doc.introspector();
        for element in found.query_labelled() {
            let page = element.location().and_then(|at| found.page(at));
            if let (Some(label), Some(page)) = (element.label(), page) {
                starts
                    .entry(label.resolve().to_string())
                    .or_insert(page.get());
            }
        }
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(format!("cica-digest-{}", edition.quarter)),
            creator: Smart::Custom(Some("CICA Secretariat".to_owned())),
            ..typst_pdf::PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&doc, &options)
            .map_err(|errors| DigestError::Typeset(describe(&errors)))?;
        Ok(Printed {
            pdf,
            pages: doc.pages().len(),
            starts,
            warnings,
        })
    }
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// One build: the shared typesetter plus this edition's data and images.
struct Job<'a> {
    ts: &'a Typesetter,
    data: Bytes,
    media: Vec<(FileId, Bytes)>,
}

impl World for Job<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.ts.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.ts.fonts.book()
    }

    fn main(&self) -> FileId {
        self.ts.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.ts.main.id() {
            Ok(self.ts.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.ts.data_id {
            return Ok(self.data.clone());
        }
        self.media
            .iter()
            .find(|(path, _)| *path == id)
            .map(|(_, bytes)| bytes.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.ts.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // The layout prints no "today": an edition is the same whenever it is built.
        None
    }
}
