//! Reading a quarter's records from the store: what both the command line and the portal
//! build an edition from.

use chrono::Datelike;
use cica_domain::{NewsItem, Quarter};
use cica_store::{
    Calendar, DecisionQuery, Decisions, Digests, MeetingQuery, News, NewsQuery, Registers,
    StoreError,
};

use crate::{DigestError, Edition, Records, edition};

/// Why the records of an edition could not be gathered.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Digest(#[from] DigestError),
}

/// Reads the quarter's records and builds its edition. Drafts are never included. It needs
/// the store's roles of registers, calendar, news, decisions and digests, and no other.
pub async fn collect<S>(store: &S, quarter: Quarter) -> Result<Edition, CollectError>
where
    S: Registers + Calendar + News + Decisions + Digests + ?Sized,
{
    let digest = store
        .digest(quarter)
        .await?
        .ok_or(DigestError::NoRecord(quarter))?;
    let span = quarter.span();

    // Items filed in the quarter, and items an editor assigned to its issue from elsewhere.
    let mut items: Vec<NewsItem> = Vec::new();
    for base in [
        NewsQuery {
            from: Some(span.start()),
            to: Some(span.end()),
            ..NewsQuery::default()
        },
        NewsQuery {
            issue: Some(quarter),
            ..NewsQuery::default()
        },
    ] {
        let mut q = NewsQuery {
            limit: 1000,
            ..base
        };
        loop {
            let page = store.news(&q).await?;
            for n in page.items {
                if !items.iter().any(|m| m.slug == n.slug) {
                    items.push(n);
                }
            }
            match page.next {
                Some(c) => q.after = Some(c),
                None => break,
            }
        }
    }

    let mut meetings = Vec::new();
    let mut mq = MeetingQuery {
        from: Some(span.start()),
        to: Some(span.end()),
        limit: 1000,
        ..MeetingQuery::default()
    };
    loop {
        let page = store.meetings(&mq).await?;
        meetings.extend(page.items);
        match page.next {
            Some(c) => mq.after = Some(c),
            None => break,
        }
    }

    let mut decisions = Vec::new();
    let mut dq = DecisionQuery {
        year: Some(span.start().year()),
        limit: 1000,
        ..DecisionQuery::default()
    };
    loop {
        let page = store.decisions(&dq).await?;
        decisions.extend(page.items.into_iter().filter(|d| span.contains(d.date)));
        match page.next {
            Some(c) => dq.after = Some(c),
            None => break,
        }
    }

    // The images of the photos printed with the issue's items.
    let mut media = Vec::new();
    for p in items
        .iter()
        .filter(|n| digest.includes(n))
        .flat_map(|n| n.photos.iter())
    {
        if media.iter().any(|m: &cica_domain::Media| m.name == p.media) {
            continue;
        }
        if let Some(m) = store.media(&p.media).await? {
            media.push(m);
        }
    }

    let bodies = store.bodies().await?;
    let states = store.states().await?;
    let people = store.people().await?;
    let contact = store.contact().await?;
    Ok(edition(&Records {
        digest: &digest,
        items: &items,
        meetings: &meetings,
        decisions: &decisions,
        bodies: &bodies,
        states: &states,
        people: &people,
        contact: contact.as_ref(),
        media: &media,
    })?)
}
