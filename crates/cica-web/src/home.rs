//! The home page: the Chair, the membership counts, the latest news and meetings.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use chrono::NaiveDate;
use cica_domain::{NewsKind, Participation, StatusPeriod, rules, status_on};
use cica_store::{MeetingQuery, NewsQuery, Order};

use crate::calendar::{MeetingRow, meeting_row};
use crate::news::{NewsCard, news_card};
use crate::pages::{Layout, Link, PageResult, person_link, state_link};
use crate::state::AppState;

pub struct ChairCard {
    pub state: Link,
    pub since: crate::present::Timed,
    pub theme: String,
    pub priorities: Vec<String>,
    pub soc_chair: Option<Link>,
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    l: Layout,
    chair: Option<ChairCard>,
    members: usize,
    observers: usize,
    organizations: usize,
    news: Vec<NewsCard>,
    upcoming: Vec<MeetingRow>,
    recent: Vec<MeetingRow>,
}

pub(crate) fn count_status(
    periods: impl Iterator<Item = impl AsRef<[StatusPeriod]>>,
    day: NaiveDate,
    want: Participation,
) -> usize {
    periods
        .filter(|p| status_on(p.as_ref(), day).is_some_and(|s| s.status == want))
        .count()
}

pub async fn home_page(
    State(app): State<AppState>,
    _: crate::params::NoQuery,
) -> PageResult<HomePage> {
    let dir = app.directory();
    let today = app.today();
    let chair = rules::chair_on(&dir.chairmanships, today).map(|c| ChairCard {
        state: state_link(&dir, &c.state),
        since: crate::present::Timed::partial(c.from),
        theme: c.theme.clone().unwrap_or_default(),
        priorities: c.priorities.clone(),
        soc_chair: c.soc_chair.as_ref().map(|p| person_link(&dir, p)),
    });
    let news = app
        .store()
        .news(&NewsQuery {
            kind: Some(NewsKind::Article),
            limit: 6,
            ..NewsQuery::default()
        })
        .await?;
    let upcoming = app
        .store()
        .meetings(&MeetingQuery {
            from: Some(today),
            limit: 5,
            ..MeetingQuery::default()
        })
        .await?;
    let recent = app
        .store()
        .meetings(&MeetingQuery {
            ended_before: Some(today),
            order: Order::Descending,
            limit: 4,
            ..MeetingQuery::default()
        })
        .await?;
    let orgs = dir
        .organizations
        .values()
        .filter(|o| status_on(&o.statuses, today).is_some())
        .count();
    Ok(HomePage {
        l: Layout::new("Home", "home"),
        chair,
        members: count_status(
            dir.states.values().map(|s| s.statuses.as_slice()),
            today,
            Participation::Member,
        ),
        observers: count_status(
            dir.states.values().map(|s| s.statuses.as_slice()),
            today,
            Participation::Observer,
        ),
        organizations: orgs,
        news: news.items.iter().map(|n| news_card(n, &dir)).collect(),
        upcoming: upcoming
            .items
            .iter()
            .map(|m| meeting_row(m, &dir))
            .collect(),
        recent: recent.items.iter().map(|m| meeting_row(m, &dir)).collect(),
    })
}
