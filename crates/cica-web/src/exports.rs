//! Every register as a table to download: `/exports` lists them, `/exports/{register}.csv`
//! and `/exports/{register}.xlsx` give one as CSV (RFC 4180, UTF-8) or as an Excel workbook.
//!
//! A table holds what the reader may read and nothing more: published news only, the Fund's
//! projects once approved (before, to Member States and the Secretariat), amounts as the
//! contribution pages show them (undisclosed to all but the Secretariat), and documents, and a
//! financial report's document, only where the reader's role may read them (as the documents
//! area decides, `readers`). Amounts are written
//! as exact decimal text beside their currency, never as spreadsheet numbers.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, NaiveDate};
use cica_domain::access::Actor;
use cica_domain::money::{Shown, sees_all_amounts};
use cica_store::{Cursor, DecisionQuery, Drafts, EngagementQuery, MeetingQuery, NewsQuery, Order};

use crate::error::{ApiError, WebError};
use crate::pages::Layout;
use crate::params::Params;
use crate::state::AppState;
use crate::write::Caller;

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// A count: written as a number.
    Count(u64),
    /// An exact day: a date in the workbook.
    Day(NaiveDate),
    Empty,
}

impl Cell {
    fn text(t: impl Into<String>) -> Self {
        let t = t.into();
        if t.is_empty() {
            Self::Empty
        } else {
            Self::Text(t)
        }
    }

    fn opt(t: Option<impl Into<String>>) -> Self {
        t.map_or(Self::Empty, Self::text)
    }

    fn list<T: ToString>(items: &[T]) -> Self {
        Self::text(
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; "),
        )
    }

    /// As CSV writes it: a text a spreadsheet would take for a formula is written with a
    /// leading apostrophe, so that opening the file never runs anything.
    fn csv(&self) -> String {
        match self {
            Self::Text(t)
                if t.trim_start()
                    .starts_with(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']) =>
            {
                format!("'{t}")
            }
            Self::Text(t) => t.clone(),
            Self::Count(n) => n.to_string(),
            Self::Day(d) => d.format("%Y-%m-%d").to_string(),
            Self::Empty => String::new(),
        }
    }
}

/// A register as a table: its column headings and one row per record.
pub struct Table {
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Cell>>,
}

/// The registers, by the name their files take, with what each holds.
const REGISTERS: &[(&str, &str)] = &[
    (
        "states",
        "Member, Observer and other states, with their status today",
    ),
    ("organizations", "Organizations, with their status today"),
    ("people", "People, with their latest role"),
    ("bodies", "Organs and bodies"),
    ("chairmanships", "Terms of the Chair"),
    ("meetings", "Meetings"),
    ("engagements", "The Secretary General's engagements"),
    ("news", "Published news items"),
    ("decisions", "Decisions, numbered per organ and year"),
    ("treaties", "Treaties"),
    (
        "silence-procedures",
        "Silence procedures and how each ended",
    ),
    (
        "cbm-areas",
        "Priority areas of the Catalogue of CBMs, with their coordinators today",
    ),
    ("cbm-activities", "Activities that implemented the CBMs"),
    (
        "cbm-terms",
        "The coordinators and co-coordinators of the CBM priority areas over time",
    ),
    (
        "cbm-reports",
        "Member States' reports on their implementation of CBMs",
    ),
    (
        "contributions",
        "Contributions to the Secretariat's budget and to the CICA Fund",
    ),
    ("fund-projects", "Projects of the CICA Fund"),
    (
        "financial-reports",
        "Financial reports and external audits of the Secretariat's accounts",
    ),
    ("documents", "Documents, with their latest version"),
];

/// How many records a paged read asks for at a time.
const PAGE: u32 = 500;

fn day_or_text(p: cica_domain::PartialDate) -> Cell {
    if p.is_exact() {
        Cell::Day(p.first_day())
    } else {
        Cell::text(p.iso())
    }
}

fn amount(s: Option<Shown>) -> (Cell, Cell) {
    match s {
        Some(Shown::Amount(m)) => (Cell::text(m.amount_text()), Cell::text(m.currency().code())),
        Some(Shown::Undisclosed) => (Cell::text("undisclosed"), Cell::Empty),
        Some(Shown::NotRecorded) => (Cell::text("not recorded"), Cell::Empty),
        None => (Cell::Empty, Cell::Empty),
    }
}

/// The table of `register` as `actor` may read it; `None` for a name no register has.
pub async fn table(
    app: &AppState,
    actor: &Actor,
    register: &str,
) -> Result<Option<Table>, WebError> {
    let dir = app.directory();
    let today = app.today();
    let store = app.store();
    let status_today = |periods: &[cica_domain::StatusPeriod], of_state: bool| {
        crate::present::current_status(periods, today)
            .map(|s| crate::present::status_label(s.status, of_state).to_owned())
            .unwrap_or_default()
    };
    let table = match register {
        "states" => Table {
            columns: &["code", "name", "official_name", "status_today"],
            rows: dir
                .states
                .values()
                .map(|s| {
                    vec![
                        Cell::text(s.code.as_str()),
                        Cell::text(&s.name),
                        Cell::opt(s.official_name.clone()),
                        Cell::text(status_today(&s.statuses, true)),
                    ]
                })
                .collect(),
        },
        "organizations" => Table {
            columns: &[
                "slug",
                "name",
                "acronym",
                "kind",
                "state",
                "status_today",
                "website",
            ],
            rows: dir
                .organizations
                .values()
                .map(|o| {
                    vec![
                        Cell::text(o.slug.as_str()),
                        Cell::text(&o.name),
                        Cell::opt(o.acronym.clone()),
                        Cell::text(o.kind.as_str()),
                        Cell::opt(o.state.as_ref().map(ToString::to_string)),
                        Cell::text(status_today(&o.statuses, false)),
                        Cell::opt(o.website.clone()),
                    ]
                })
                .collect(),
        },
        "people" => Table {
            columns: &["slug", "name", "latest_title", "latest_held_in"],
            rows: dir
                .people
                .values()
                .map(|p| {
                    let latest = p.roles.iter().max_by_key(|r| r.from.map(|f| f.first_day()));
                    vec![
                        Cell::text(p.slug.as_str()),
                        Cell::text(&p.name),
                        Cell::opt(latest.map(|r| r.title.clone())),
                        Cell::opt(latest.map(|r| match &r.affiliation {
                            cica_domain::Affiliation::State(s) => s.to_string(),
                            cica_domain::Affiliation::Organization(o) => o.to_string(),
                            cica_domain::Affiliation::Body(b) => b.to_string(),
                        })),
                    ]
                })
                .collect(),
        },
        "bodies" => Table {
            columns: &["slug", "name", "kind", "parent", "established"],
            rows: dir
                .bodies
                .values()
                .map(|b| {
                    vec![
                        Cell::text(b.slug.as_str()),
                        Cell::text(&b.name),
                        Cell::text(b.kind.as_str()),
                        Cell::opt(b.parent.as_ref().map(ToString::to_string)),
                        b.established.map_or(Cell::Empty, day_or_text),
                    ]
                })
                .collect(),
        },
        "chairmanships" => Table {
            columns: &["state", "from", "until", "theme"],
            rows: dir
                .chairmanships
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(c.state.as_str()),
                        day_or_text(c.from),
                        c.until.map_or(Cell::Empty, day_or_text),
                        Cell::opt(c.theme.clone()),
                    ]
                })
                .collect(),
        },
        "meetings" => {
            let mut rows = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let page = store
                    .meetings(&MeetingQuery {
                        order: Order::Ascending,
                        after,
                        limit: PAGE,
                        ..MeetingQuery::default()
                    })
                    .await?;
                for m in &page.items {
                    rows.push(vec![
                        Cell::text(m.id.as_str()),
                        Cell::text(m.body.as_str()),
                        Cell::opt(m.title.clone()),
                        Cell::text(m.when.iso()),
                        Cell::opt(m.city.clone()),
                        Cell::opt(m.country.as_ref().map(ToString::to_string)),
                        Cell::text(m.status.as_str()),
                        Cell::list(&m.states),
                    ]);
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            Table {
                columns: &[
                    "id", "body", "title", "when", "city", "country", "status", "states",
                ],
                rows,
            }
        }
        "engagements" => {
            let mut rows = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let page = store
                    .engagements(&EngagementQuery {
                        after,
                        limit: PAGE,
                        ..EngagementQuery::default()
                    })
                    .await?;
                for e in &page.items {
                    rows.push(vec![
                        Cell::text(e.id.as_str()),
                        Cell::Day(e.when.start()),
                        Cell::Day(e.when.end()),
                        Cell::opt(e.city.clone()),
                        Cell::text(e.kind.as_str()),
                        Cell::list(&e.states),
                        Cell::list(&e.organizations),
                        Cell::list(&e.topics),
                    ]);
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            Table {
                columns: &[
                    "id",
                    "start",
                    "end",
                    "city",
                    "kind",
                    "states",
                    "organizations",
                    "topics",
                ],
                rows,
            }
        }
        "news" => {
            let mut rows = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let page = store
                    .news(&NewsQuery {
                        drafts: Drafts::Exclude,
                        after,
                        limit: PAGE,
                        ..NewsQuery::default()
                    })
                    .await?;
                for n in page.items.iter().filter(|n| !n.draft) {
                    rows.push(vec![
                        Cell::text(n.slug.as_str()),
                        Cell::text(&n.title),
                        Cell::Day(n.date),
                        Cell::opt(n.dateline.as_ref().map(|d| d.place.clone())),
                        Cell::text(n.kind.as_str()),
                        Cell::list(&n.states),
                        Cell::list(&n.bodies),
                        Cell::opt(n.issue.map(|q| q.to_string())),
                    ]);
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            Table {
                columns: &[
                    "slug",
                    "title",
                    "date",
                    "place",
                    "kind",
                    "states",
                    "bodies",
                    "digest_issue",
                ],
                rows,
            }
        }
        "decisions" => {
            let mut rows = Vec::new();
            let mut after: Option<Cursor> = None;
            loop {
                let page = store
                    .decisions(&DecisionQuery {
                        after,
                        limit: PAGE,
                        ..DecisionQuery::default()
                    })
                    .await?;
                for d in &page.items {
                    rows.push(vec![
                        Cell::text(d.id.as_str()),
                        Cell::text(d.organ.as_str()),
                        Cell::Day(d.date),
                        Cell::Count(u64::from(d.number)),
                        Cell::text(d.act.as_str()),
                        Cell::text(&d.subject),
                    ]);
                }
                match page.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            Table {
                columns: &["id", "organ", "date", "number", "act", "subject"],
                rows,
            }
        }
        "treaties" => Table {
            columns: &[
                "slug",
                "title",
                "concluded",
                "place",
                "depositary",
                "parties_today",
                "in_force_from",
            ],
            rows: store
                .treaties()
                .await?
                .iter()
                .map(|t| {
                    let name = |code: &str| {
                        cica_domain::StateCode::parse(code)
                            .map(|c| dir.state_name(&c).to_owned())
                            .unwrap_or_else(|_| code.to_owned())
                    };
                    let reading = t.read(today, &name);
                    vec![
                        Cell::text(t.slug.as_str()),
                        Cell::text(&t.title),
                        t.concluded.map_or(Cell::Empty, Cell::Day),
                        Cell::opt(t.place.clone()),
                        Cell::opt(t.depositary.clone()),
                        Cell::Count(reading.status.parties.len() as u64),
                        reading.status.in_force.map_or(Cell::Empty, Cell::Day),
                    ]
                })
                .collect(),
        },
        "cbm-areas" => Table {
            columns: &[
                "slug",
                "dimension",
                "name",
                "coordinator_today",
                "co_coordinators_today",
            ],
            rows: store
                .cbm_areas()
                .await?
                .iter()
                .map(|a| {
                    let (coordinator, co) = a.terms_on(today);
                    vec![
                        Cell::text(a.slug.as_str()),
                        Cell::text(a.dimension.as_str()),
                        Cell::text(&a.name),
                        Cell::opt(coordinator.map(|t| t.state.to_string())),
                        Cell::list(&co.iter().map(|t| t.state.to_string()).collect::<Vec<_>>()),
                    ]
                })
                .collect(),
        },
        "cbm-activities" => Table {
            columns: &[
                "slug",
                "area",
                "kind",
                "title",
                "start",
                "end",
                "organisers",
                "states_taking_part",
            ],
            rows: store
                .cbm_activities(None)
                .await?
                .iter()
                .map(|a| {
                    vec![
                        Cell::text(a.slug.as_str()),
                        Cell::text(a.area.as_str()),
                        Cell::text(a.kind.as_str()),
                        Cell::text(&a.title),
                        Cell::Day(a.when.start()),
                        Cell::Day(a.when.end()),
                        Cell::list(&a.organisers),
                        Cell::Count(u64::from(a.states_count())),
                    ]
                })
                .collect(),
        },
        "silence-procedures" => {
            let hidden = crate::readers::hidden_documents(app, actor).await?;
            let now = app.now();
            Table {
                columns: &[
                    "id",
                    "organ",
                    "act",
                    "subject",
                    "document",
                    "opened_at",
                    "deadline",
                    "status",
                    "settled_at",
                    "broken_by",
                    "decision",
                ],
                rows: store
                    .silences()
                    .await?
                    .iter()
                    .map(|s| {
                        let model = crate::silence::SilenceModel::new(s, now, &dir, &hidden);
                        let v = model.view(None);
                        vec![
                            Cell::text(v.id),
                            Cell::text(v.organ),
                            Cell::text(v.act),
                            Cell::text(v.subject),
                            Cell::opt(model.document.as_ref().map(|(d, n)| format!("{d} {n}"))),
                            Cell::text(v.opened_at),
                            Cell::text(v.deadline),
                            Cell::text(v.status),
                            Cell::opt(v.settled_at),
                            Cell::list(&v.broken_by),
                            Cell::opt(v.decision),
                        ]
                    })
                    .collect(),
            }
        }
        "cbm-terms" => Table {
            columns: &[
                "area",
                "state",
                "role",
                "from",
                "until",
                "current",
                "decision",
                "unconfirmed",
            ],
            rows: store
                .cbm_areas()
                .await?
                .iter()
                .flat_map(|a| {
                    a.terms.iter().map(move |t| {
                        vec![
                            Cell::text(a.slug.as_str()),
                            Cell::text(t.state.as_str()),
                            Cell::text(t.role.as_str()),
                            Cell::text(t.from.iso()),
                            Cell::opt(t.until.map(|u| u.iso())),
                            Cell::text(if t.holds_on(today) { "yes" } else { "no" }),
                            Cell::opt(t.decided_by.as_ref().map(ToString::to_string)),
                            Cell::text(if t.provenance.unconfirmed {
                                "yes"
                            } else {
                                "no"
                            }),
                        ]
                    })
                })
                .collect(),
        },
        "cbm-reports" => {
            let rounds = store.cbm_rounds().await?;
            Table {
                columns: &[
                    "state",
                    "year",
                    "visibility",
                    "received",
                    "filed",
                    "late",
                    "areas",
                    "text",
                ],
                rows: store
                    .cbm_reports(None)
                    .await?
                    .iter()
                    .map(|(r, _)| r)
                    .filter(|r| r.visible_to(actor))
                    .map(|r| {
                        let round = rounds.iter().find(|x| x.year == r.year);
                        vec![
                            Cell::text(r.state.as_str()),
                            Cell::Count(u64::try_from(r.year).unwrap_or(0)),
                            Cell::text(r.visibility.as_str()),
                            Cell::Day(r.received),
                            Cell::Day(r.filed),
                            Cell::text(if r.late(round) { "yes" } else { "no" }),
                            Cell::list(&r.areas),
                            Cell::text(&r.text),
                        ]
                    })
                    .collect(),
            }
        }
        "contributions" => {
            let sees_all = sees_all_amounts(actor);
            let hidden = crate::money::hidden_projects(app, actor).await?;
            Table {
                columns: &[
                    "id",
                    "contributor",
                    "recipient",
                    "kind",
                    "in_kind",
                    "stage",
                    "first_day",
                    "promised",
                    "promised_currency",
                    "received",
                    "received_currency",
                    "project",
                ],
                rows: store
                    .contributions()
                    .await?
                    .iter()
                    .map(|(c, _)| {
                        let m = crate::money::ContributionModel::new(c, &dir, sees_all, &hidden);
                        let (promised, promised_currency) = amount(m.promised());
                        let (received, received_currency) = amount(m.received());
                        vec![
                            Cell::text(c.id.as_str()),
                            Cell::text(&m.contributor.name),
                            Cell::text(c.recipient.as_str()),
                            Cell::text(c.kind.as_str()),
                            Cell::opt(c.in_kind.map(|k| k.as_str())),
                            Cell::opt(c.stage().map(|s| s.as_str())),
                            c.movements
                                .first()
                                .map_or(Cell::Empty, |m| day_or_text(m.day)),
                            promised,
                            promised_currency,
                            received,
                            received_currency,
                            Cell::opt(m.project.map(ToString::to_string)),
                        ]
                    })
                    .collect(),
            }
        }
        "fund-projects" => Table {
            columns: &[
                "id",
                "title",
                "proposed_by",
                "iati_status",
                "stage",
                "approved",
            ],
            rows: store
                .fund_projects()
                .await?
                .iter()
                .map(|(p, _)| p)
                .filter(|p| p.visible_to(actor))
                .map(|p| {
                    vec![
                        Cell::text(p.id.as_str()),
                        Cell::text(&p.title),
                        Cell::text(p.proposed_by.as_str()),
                        Cell::text(p.status().as_str()),
                        Cell::opt(p.stage().map(|s| s.as_str())),
                        p.approved_on().map_or(Cell::Empty, Cell::Day),
                    ]
                })
                .collect(),
        },
        "financial-reports" => {
            let mut rows = Vec::new();
            for r in store.financial_reports().await?.iter() {
                let m = crate::money::FinancialReportModel::new(app, actor, r).await?;
                rows.push(vec![
                    Cell::text(r.id.as_str()),
                    Cell::text(r.kind.as_str()),
                    Cell::Day(r.from),
                    Cell::Day(r.to),
                    Cell::opt(r.auditor.clone()),
                    Cell::opt(m.document.as_ref().map(|d| d.slug.to_string())),
                    Cell::opt(m.decision.as_ref().map(|d| d.id.to_string())),
                    Cell::opt(r.provenance.note.clone()),
                ]);
            }
            Table {
                columns: &[
                    "id", "kind", "from", "to", "auditor", "document", "decision", "note",
                ],
                rows,
            }
        }
        "documents" => Table {
            columns: &[
                "slug",
                "title",
                "kind",
                "visibility",
                "status",
                "body",
                "versions",
                "latest_version",
                "latest_date",
                "latest_proposed_by",
            ],
            rows: crate::documents::readable_documents(app, actor)
                .await?
                .iter()
                .map(|(d, a)| {
                    let m = crate::documents::DocumentModel::new(d, &dir, *a);
                    let latest = m.versions.iter().max_by_key(|v| v.record.number);
                    vec![
                        Cell::text(d.slug.as_str()),
                        Cell::text(&d.title),
                        Cell::text(d.kind.as_str()),
                        Cell::text(d.visibility.as_str()),
                        Cell::text(d.status.as_str()),
                        Cell::opt(m.body.as_ref().map(|b| b.key.clone())),
                        Cell::Count(m.versions.len() as u64),
                        latest.map_or(Cell::Empty, |v| Cell::Count(u64::from(v.record.number))),
                        latest.map_or(Cell::Empty, |v| day_or_text(v.record.date)),
                        // Who proposed it, where the reader may see that.
                        Cell::opt(
                            latest
                                .filter(|v| v.proposer.is_some())
                                .map(|v| v.record.proposed_by.to_string()),
                        ),
                    ]
                })
                .collect(),
        },
        _ => return Ok(None),
    };
    Ok(Some(table))
}

/// The table as CSV: a header row, then one row per record; UTF-8 with a byte-order mark, so
/// that spreadsheets read the letters of every language right.
pub fn csv(table: &Table) -> Result<Vec<u8>, WebError> {
    let mut w = ::csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let fail = |e: ::csv::Error| WebError::Internal(format!("writing CSV: {e}"));
    w.write_record(table.columns).map_err(fail)?;
    for row in &table.rows {
        w.write_record(row.iter().map(Cell::csv)).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| WebError::Internal(format!("writing CSV: {e}")))
}

/// The table as an Excel workbook of one sheet named after the register: headings in bold and
/// frozen, days as dates, counts as numbers, everything else (amounts included) as text.
pub fn xlsx(name: &str, table: &Table) -> Result<Vec<u8>, WebError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| WebError::Internal(format!("writing XLSX: {e}"));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(fail)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, heading) in table.columns.iter().enumerate() {
        let col = u16::try_from(c).map_err(|e| WebError::Internal(e.to_string()))?;
        sheet
            .write_string_with_format(0, col, *heading, &bold)
            .map_err(fail)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let at = u32::try_from(r + 1).map_err(|e| WebError::Internal(e.to_string()))?;
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).map_err(|e| WebError::Internal(e.to_string()))?;
            match cell {
                Cell::Text(t) => {
                    sheet
                        .write_string(at, col, fitted(t).as_ref())
                        .map_err(fail)?;
                }
                Cell::Count(n) => {
                    // Counts are small whole numbers: exact in a spreadsheet's number.
                    #[allow(clippy::cast_precision_loss)]
                    sheet.write_number(at, col, *n as f64).map_err(fail)?;
                }
                Cell::Day(d) if !(1900..=9999).contains(&d.year()) => {
                    // Excel counts days from 1900: an earlier day is written as text.
                    sheet
                        .write_string(at, col, d.format("%Y-%m-%d").to_string())
                        .map_err(fail)?;
                }
                Cell::Day(d) => {
                    let year =
                        u16::try_from(d.year()).map_err(|e| WebError::Internal(e.to_string()))?;
                    let month =
                        u8::try_from(d.month()).map_err(|e| WebError::Internal(e.to_string()))?;
                    let day =
                        u8::try_from(d.day()).map_err(|e| WebError::Internal(e.to_string()))?;
                    let when = ExcelDateTime::from_ymd(year, month, day).map_err(fail)?;
                    sheet
                        .write_date_with_format(at, col, &when, &date)
                        .map_err(fail)?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    sheet.autofit();
    book.save_to_buffer().map_err(fail)
}

/// A workbook cell holds at most 32,767 characters: a longer text is cut there, marked.
fn fitted(text: &str) -> std::borrow::Cow<'_, str> {
    const MOST: usize = 32_767;
    if text.chars().count() <= MOST {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut cut: String = text.chars().take(MOST - 1).collect();
    cut.push('…');
    std::borrow::Cow::Owned(cut)
}

/// `/exports/{register}.csv` and `/exports/{register}.xlsx`.
pub async fn export(
    State(app): State<AppState>,
    Caller(actor): Caller,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let not_found = || {
        WebError::not_found(format!(
            "no register is exported as `{file}`: see /exports for the files there are"
        ))
    };
    let (name, ext) = file
        .rsplit_once('.')
        .filter(|(_, ext)| matches!(*ext, "csv" | "xlsx"))
        .ok_or_else(not_found)?;
    let table = table(&app, &actor, name).await?.ok_or_else(not_found)?;
    let (body, kind) = match ext {
        "csv" => (csv(&table)?, "text/csv; charset=utf-8"),
        "xlsx" => (
            xlsx(name, &table)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => return Err(not_found().into()),
    };
    let disposition = format!("attachment; filename=\"cica-{name}-{}.{ext}\"", app.today());
    let mut response = body.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = kind.parse() {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = disposition.parse() {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    // What a table holds depends on who asks.
    if let Ok(v) = "private, no-store".parse() {
        headers.insert(header::CACHE_CONTROL, v);
    }
    Ok(response)
}

#[derive(Template, WebTemplate)]
#[template(path = "exports.html")]
pub struct ExportsPage {
    l: Layout,
    registers: &'static [(&'static str, &'static str)],
}

/// `/exports`: every register to download.
pub async fn exports_page(_: crate::params::NoQuery) -> crate::pages::PageResult<ExportsPage> {
    Ok(ExportsPage {
        l: Layout::new("Download the registers", "exports"),
        registers: REGISTERS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn a_workbook_takes_any_day_and_any_length_of_text() {
        let long = "x".repeat(40_000);
        let table = Table {
            columns: &["day", "text"],
            rows: vec![vec![
                Cell::Day(NaiveDate::from_ymd_opt(1850, 6, 1).expect("a day")),
                Cell::Text(long),
            ]],
        };
        let bytes = xlsx("sheet", &table).expect("a workbook");
        let mut book: Xlsx<_> =
            Xlsx::new(std::io::Cursor::new(bytes)).expect("read back by calamine");
        let range = book.worksheet_range("sheet").expect("the sheet");
        let row: Vec<Data> = range.rows().nth(1).expect("the record").to_vec();
        assert_eq!(row[0], Data::String("1850-06-01".into()));
        match &row[1] {
            Data::String(s) => {
                assert_eq!(s.chars().count(), 32_767);
                assert!(s.ends_with('…'));
            }
            other => panic!("not a text: {other:?}"),
        }
    }

    #[test]
    fn a_text_a_spreadsheet_would_run_is_written_inert_in_csv() {
        let cases = [
            ("=1+1", "'=1+1"),
            ("  =1+1", "'  =1+1"),
            ("＝1", "'＝1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("plain", "plain"),
        ];
        for (text, written) in cases {
            assert_eq!(Cell::text(text).csv(), written, "{text}");
        }
        assert_eq!(Cell::Count(3).csv(), "3");
    }
}
