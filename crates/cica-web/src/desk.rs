//! The editors' desk (`/desk`): what waits for the Secretariat. Drafts to review and publish,
//! the importer's proposals to accept or reject, silence procedures running with their
//! deadlines, and how far the next issue of the Digest is from going to print (its items,
//! drafts among them, the cover, the foreword, photographs without a description). To anyone
//! but the Secretariat the address does not exist (404).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::Response;
use cica_domain::{DigestStatus, Quarter, Readiness};
use cica_store::{Drafts, NewsQuery};

use crate::accounts::{private, render};
use crate::pages::{Layout, Link, PageError};
use crate::present::iso;
use crate::state::AppState;
use crate::write::Editor;

/// A draft waiting, as the desk lists it.
pub struct DraftRow {
    pub title: String,
    pub url: String,
    pub edit: String,
    pub date: String,
    pub datetime: String,
    /// Proposals of the importer waiting with it.
    pub proposals: usize,
}

/// The next issue's state, as the desk shows it.
pub struct IssueRow {
    pub quarter: String,
    pub recorded: bool,
    pub url: String,
    pub published: usize,
    pub drafts: Vec<Link>,
    pub cover: String,
    pub cover_ready: bool,
    pub foreword: bool,
    pub photos_without_alt: Vec<Link>,
}

#[derive(Template, WebTemplate)]
#[template(path = "desk.html")]
struct DeskPage {
    l: Layout,
    drafts: Vec<DraftRow>,
    more_drafts: bool,
    proposals: usize,
    silences: Vec<crate::silence::SilenceRow>,
    issue: IssueRow,
}

/// The most drafts listed; the rest are counted.
const DRAFTS_LISTED: u32 = 50;

/// The issue the editors work on next: the earliest issue record still a draft after the
/// latest published one; else the issue after the latest published; else, with none
/// published, the earliest draft, or the quarter before today's (an issue is made once its
/// quarter is over).
fn next_issue(digests: &[cica_domain::Digest], today: chrono::NaiveDate) -> Quarter {
    let published = digests
        .iter()
        .filter(|d| d.status == DigestStatus::Published)
        .map(|d| d.quarter)
        .max();
    let draft = digests
        .iter()
        .filter(|d| d.status == DigestStatus::Draft && published.is_none_or(|p| d.quarter > p))
        .map(|d| d.quarter)
        .min();
    draft
        .or_else(|| published.map(|p| p.next()))
        .unwrap_or_else(|| Quarter::containing(today).previous())
}

/// `GET /desk`: what waits for the editors.
pub async fn desk(
    State(app): State<AppState>,
    Editor(actor): Editor,
) -> Result<Response, PageError> {
    app.sync().await?;
    let store = app.store();
    let drafts = store
        .news(&NewsQuery {
            drafts: Drafts::Only,
            limit: DRAFTS_LISTED,
            ..NewsQuery::default()
        })
        .await?;
    let pending = app.uses().pending_proposals(&actor).await?;
    let draft_rows = drafts
        .items
        .iter()
        .map(|n| DraftRow {
            title: n.title.clone(),
            url: format!("/news/{}", n.slug),
            edit: format!("/news/{}/edit", n.slug),
            date: cica_domain::DateSpan::day(n.date).human(),
            datetime: iso(n.date),
            proposals: pending.iter().filter(|p| p.news == n.slug).count(),
        })
        .collect();
    let now = app.now();
    let dir = app.directory();
    let silences = store
        .silences()
        .await?
        .iter()
        .map(|s| crate::silence::silence_row(s, now, &dir))
        .filter(|r| r.open)
        .collect();
    let digests = store.digests().await?;
    let quarter = next_issue(&digests, app.today());
    let record = digests.iter().find(|d| d.quarter == quarter);
    let items = crate::digest::issue_items(&app, quarter).await?;
    let ready = Readiness::of(quarter, record, &items);
    let title = |slug: &cica_domain::Slug| {
        items
            .iter()
            .find(|n| &n.slug == slug)
            .map_or_else(|| slug.to_string(), |n| n.title.clone())
    };
    let issue = IssueRow {
        quarter: quarter.to_string(),
        recorded: ready.recorded,
        url: format!("/digest/{quarter}"),
        published: ready.published.len(),
        drafts: ready
            .drafts
            .iter()
            .map(|s| Link {
                url: format!("/news/{s}"),
                label: title(s),
            })
            .collect(),
        cover: match (ready.cover, ready.spotlight) {
            (0, 0) => "not chosen: no headline named, no item in the spotlight".into(),
            (0, n) => format!("made of the {n} spotlight items"),
            (n, _) => format!("{n} headlines chosen"),
        },
        cover_ready: ready.cover_ready(),
        foreword: ready.foreword,
        photos_without_alt: ready
            .photos_without_alt
            .iter()
            .map(|(s, m)| Link {
                url: format!("/news/{s}/edit"),
                label: format!("{} ({m})", title(s)),
            })
            .collect(),
    };
    Ok(private(render(
        DeskPage {
            l: Layout::new("Editors' desk", "account"),
            more_drafts: drafts.next.is_some(),
            drafts: draft_rows,
            proposals: pending.len(),
            silences,
            issue,
        },
        axum::http::StatusCode::OK,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(q: &str, status: DigestStatus) -> cica_domain::Digest {
        cica_domain::Digest {
            quarter: Quarter::parse(q).expect("quarter"),
            title: "Voice of Asia".into(),
            status,
            highlights: vec![],
            order: vec![],
            spotlight: None,
            foreword_author: None,
            foreword_title: None,
            foreword: None,
            foreword_kind: cica_domain::ForewordKind::Reported,
            provenance: cica_domain::Provenance::default(),
        }
    }

    #[test]
    fn the_next_issue_is_the_first_draft_after_the_last_published_one() {
        use DigestStatus::{Draft, Published};
        let today = cica_domain::parse_day("2025-07-10").expect("day");
        let q = |t: &str| Quarter::parse(t).expect("quarter");
        let cases: Vec<(&str, Vec<cica_domain::Digest>, Quarter)> = vec![
            (
                "nothing on record: the quarter just over",
                vec![],
                q("2025-Q2"),
            ),
            (
                "one published: the one after it",
                vec![issue("2025-Q1", Published)],
                q("2025-Q2"),
            ),
            (
                "a draft after it: that draft, the earliest",
                vec![
                    issue("2025-Q1", Published),
                    issue("2025-Q3", Draft),
                    issue("2025-Q2", Draft),
                ],
                q("2025-Q2"),
            ),
            (
                "an old draft before the last published does not count",
                vec![issue("2024-Q3", Draft), issue("2025-Q1", Published)],
                q("2025-Q2"),
            ),
            (
                "only a draft: that draft",
                vec![issue("2025-Q2", Draft)],
                q("2025-Q2"),
            ),
        ];
        for (what, digests, expected) in cases {
            assert_eq!(next_issue(&digests, today), expected, "{what}");
        }
    }
}
