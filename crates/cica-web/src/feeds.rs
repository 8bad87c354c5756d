//! The calendar (RFC 5545) and news (Atom, RFC 4287) feeds.
//!
//! Meetings with exact days are all-day events spanning their days (DTEND is the day after the
//! last, as the RFC wants), with a CATEGORIES value naming the organ. Announced meetings with
//! only an approximate time ("summer 2025") are left out: calendar programs would show them as
//! months-long blocks. They are on the portal's calendar page instead.

use atom_syndication::{Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};
use cica_domain::{MeetingStatus, rules};
use cica_store::{MeetingQuery, NewsQuery, Order};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

use crate::error::{ApiError, WebError};
use crate::params::Params;
use crate::state::AppState;

/// How many meetings and news items the feeds carry at most.
const FEED_LIMIT: u32 = 1000;
const NEWS_FEED_ITEMS: u32 = 50;

pub async fn calendar(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &["body"], true)?;
    let dir = app.directory();
    let body = crate::api::known_body(&dir, "body", p.slug("body")?)?;
    let page = app
        .store()
        .meetings(&MeetingQuery {
            body: body.clone(),
            order: Order::Ascending,
            limit: FEED_LIMIT,
            ..MeetingQuery::default()
        })
        .await?;
    let host = app.config().base_url.trim_end_matches('/').to_owned();
    let domain = host
        .split("://")
        .nth(1)
        .unwrap_or(&host)
        .split('/')
        .next()
        .unwrap_or("cica")
        .to_owned();
    // `Calendar::new()` would write a PRODID of its own; RFC 5545 allows exactly one.
    let mut cal = Calendar::empty();
    cal.append_property(icalendar::Property::new("VERSION", "2.0"));
    cal.append_property(icalendar::Property::new(
        "PRODID",
        "-//CICA Secretariat//Secretariat Platform//EN",
    ));
    cal.append_property(icalendar::Property::new("CALSCALE", "GREGORIAN"));
    cal.name(&format!("{} — CICA meetings", app.config().site_name));
    cal.description("Meetings of the organs and bodies of the Conference on Interaction and Confidence Building Measures in Asia");
    let stamp = Utc.from_utc_datetime(&app.today().and_hms_opt(0, 0, 0).unwrap_or_default());
    for m in page.items.iter().filter(|m| m.when.is_exact()) {
        let span = m.when.span();
        let title = rules::meeting_title(m, dir.bodies.get(&m.body));
        let mut ev = Event::new();
        ev.uid(&format!("meeting-{}@{domain}", m.id));
        ev.timestamp(stamp);
        ev.summary(&title);
        ev.add_property("CATEGORIES", dir.body_name(&m.body));
        match m.time {
            Some(t) if span.is_single_day() => {
                let start = span.start().and_time(t.time);
                if let Some(local) = t.offset.from_local_datetime(&start).single() {
                    ev.starts(local.with_timezone(&Utc));
                }
            }
            _ => {
                ev.starts(span.start());
                ev.ends(span.end().succ_opt().unwrap_or(span.end()));
            }
        }
        let place: Vec<String> = [
            m.city.clone(),
            m.country.as_ref().map(|c| dir.state_name(c).to_owned()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !place.is_empty() {
            ev.location(&place.join(", "));
        }
        if let Some(s) = &m.summary {
            ev.description(s);
        }
        ev.url(&format!("{host}/meetings/{}", m.id));
        ev.status(match m.status {
            MeetingStatus::Held => EventStatus::Confirmed,
            MeetingStatus::Planned => EventStatus::Tentative,
        });
        cal.push(ev.done());
    }
    if body.is_none() {
        // Open silence procedures, as the instant their silence ends.
        let silences = app.store().silences().await?;
        for (s, deadline) in crate::silence::open_deadlines(&silences, app.now()) {
            let mut ev = Event::new();
            ev.uid(&format!("silence-{}@{domain}", s.id));
            ev.timestamp(stamp);
            ev.summary(&format!(
                "Silence ends: {} {}",
                s.act.as_str().replace('-', " "),
                s.subject
            ));
            ev.add_property("CATEGORIES", "Silence procedure");
            ev.starts(deadline);
            ev.ends(deadline);
            ev.description(&format!(
                "Unless a Member State breaks silence before then, the text is adopted at {} (the Chair's time).",
                s.moment(deadline)
            ));
            ev.url(&format!("{host}/silence/{}", s.id));
            ev.status(EventStatus::Confirmed);
            cal.push(ev.done());
        }
    }
    let text = cal.done().to_string();
    Ok(([(CONTENT_TYPE, "text/calendar; charset=utf-8")], text).into_response())
}

/// Midnight in Astana of a calendar day: the instant news items are stamped with.
fn astana_midnight(day: NaiveDate) -> FixedDateTime {
    let astana = FixedOffset::east_opt(5 * 3600)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    astana
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .unwrap_or_default()
}

fn feed_base(app: &AppState, title: &str, path: &str, updated: FixedDateTime) -> (Feed, String) {
    let host = app.config().base_url.trim_end_matches('/').to_owned();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(format!("{} — {title}", app.config().site_name)));
    feed.set_id(format!("{host}{path}"));
    feed.set_lang(Some("en".to_owned()));
    feed.set_updated(updated);
    feed.set_links(vec![Link {
        href: format!("{host}{path}"),
        rel: "self".into(),
        mime_type: Some("application/atom+xml".into()),
        ..Link::default()
    }]);
    feed.set_authors(vec![Person {
        name: "CICA Secretariat".into(),
        ..Person::default()
    }]);
    (feed, host)
}

fn atom(feed: &Feed) -> Response {
    (
        [(CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response()
}

/// Depositary notifications, newest first.
pub async fn notifications(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let notes = app.store().notifications(None).await?;
    let updated = notes
        .first()
        .map_or_else(|| astana_midnight(app.today()), |n| astana_midnight(n.date));
    let (mut feed, host) = feed_base(
        &app,
        "Depositary notifications",
        "/notifications.atom",
        updated,
    );
    feed.set_entries(
        notes
            .iter()
            .map(|n| {
                let mut e = Entry::default();
                let url = format!("{host}/notifications#{}", n.reference());
                // The deposit, not the number, names the entry: a number once given to one
                // deposit may, after a correction of the record, go to another.
                // A notification that withdraws another is an entry of its own.
                e.set_id(match &n.withdraws {
                    Some(_) => format!(
                        "{host}/notifications/withdrawal/{}/{}/{}/{}",
                        n.treaty, n.party, n.kind, n.date
                    ),
                    None => format!(
                        "{host}/notifications/{}/{}/{}/{}",
                        n.treaty, n.party, n.kind, n.date
                    ),
                });
                e.set_title(Text::plain(match &n.withdraws {
                    Some(earlier) => format!("{}: {earlier} withdrawn", n.reference()),
                    None => format!("{}: {} {}", n.reference(), n.party, n.kind),
                }));
                e.set_updated(astana_midnight(n.date));
                e.set_links(vec![Link {
                    href: url,
                    rel: "alternate".into(),
                    mime_type: Some("text/html".into()),
                    ..Link::default()
                }]);
                e.set_summary(Some(Text::plain(n.text.clone())));
                e
            })
            .collect::<Vec<_>>(),
    );
    Ok(atom(&feed))
}

/// Silence procedures with where they stand: opened, adopted, not adopted, withdrawn.
pub async fn silences(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(q.as_deref(), &[], true)?;
    let now = app.now();
    let all = app.store().silences().await?;
    let (mut feed, host) = feed_base(
        &app,
        "Silence procedures",
        "/silence.atom",
        now.fixed_offset(),
    );
    let entries = all
        .iter()
        .map(|s| {
            let outcome = cica_domain::silence::outcome(&s.procedure, now);
            let when = match &outcome {
                cica_domain::silence::Outcome::Open { .. } => s.procedure.opened_at,
                cica_domain::silence::Outcome::Adopted { at }
                | cica_domain::silence::Outcome::NotAdopted { at, .. }
                | cica_domain::silence::Outcome::Withdrawn { at } => *at,
            };
            let mut e = Entry::default();
            let url = format!("{host}/silence/{}", s.id);
            e.set_id(format!("{url}#{}", outcome.label()));
            e.set_title(Text::plain(format!(
                "[{}] {} {}",
                outcome.label(),
                s.act.as_str().replace('-', " "),
                s.subject
            )));
            e.set_updated(when.fixed_offset());
            e.set_links(vec![Link {
                href: url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            }]);
            e.set_summary(Some(Text::plain(format!(
                "Deadline {} (the Chair's time).",
                s.moment(s.procedure.deadline())
            ))));
            e
        })
        .collect::<Vec<_>>();
    feed.set_entries(entries);
    Ok(atom(&feed))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub async fn news(
    State(app): State<AppState>,
    RawQuery(q): RawQuery,
) -> Result<Response, ApiError> {
    let p = Params::parse(q.as_deref(), &["state", "body"], true)?;
    let dir = app.directory();
    let query = NewsQuery {
        state: crate::api::known_state(&dir, "state", p.state("state")?)?,
        body: crate::api::known_body(&dir, "body", p.slug("body")?)?,
        limit: NEWS_FEED_ITEMS,
        ..NewsQuery::default()
    };
    let page = app.store().news(&query).await?;
    let host = app.config().base_url.trim_end_matches('/').to_owned();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(format!("{} — News", app.config().site_name)));
    feed.set_id(format!("{host}/news.atom"));
    feed.set_lang(Some("en".to_owned()));
    feed.set_updated(
        page.items
            .first()
            .map_or_else(|| astana_midnight(app.today()), |n| astana_midnight(n.date)),
    );
    feed.set_links(vec![
        Link {
            href: format!("{host}/news.atom"),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Link::default()
        },
        Link {
            href: format!("{host}/news"),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        },
    ]);
    feed.set_authors(vec![Person {
        name: "CICA Secretariat".into(),
        ..Person::default()
    }]);
    let entries = page
        .items
        .iter()
        .map(|n| {
            let url = format!("{host}/news/{}", n.slug);
            let mut html = String::new();
            if let Some(d) = &n.dateline {
                html.push_str(&format!(
                    "<p><em>{}, {}</em></p>",
                    escape(&d.place),
                    escape(&d.span.human())
                ));
            }
            html.push_str(&cica_digest::rich::html(
                &cica_digest::rich::blocks(&n.body),
                None,
                Some(n.date),
                cica_digest::rich::Site::At(&host),
            ));
            let mut categories: Vec<Category> = n
                .states
                .iter()
                .map(|c| Category {
                    term: c.to_string(),
                    label: Some(dir.state_name(c).to_owned()),
                    ..Category::default()
                })
                .collect();
            categories.extend(n.bodies.iter().map(|b| Category {
                term: b.to_string(),
                label: Some(dir.body_name(b).to_owned()),
                ..Category::default()
            }));
            let mut entry = Entry::default();
            entry.set_id(url.clone());
            entry.set_title(Text::plain(n.title.clone()));
            entry.set_updated(astana_midnight(n.date));
            entry.set_published(Some(astana_midnight(n.date)));
            entry.set_links(vec![Link {
                href: url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            }]);
            entry.set_summary(Some(Text::plain(crate::present::excerpt(&n.body, 280))));
            entry.set_content(Some(Content {
                value: Some(html),
                content_type: Some("html".into()),
                ..Content::default()
            }));
            entry.set_categories(categories);
            entry
        })
        .collect::<Vec<_>>();
    feed.set_entries(entries);
    let text = feed.to_string();
    if text.is_empty() {
        return Err(ApiError(WebError::Internal(
            "the news feed rendered empty".into(),
        )));
    }
    Ok((
        [(CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        text,
    )
        .into_response())
}
