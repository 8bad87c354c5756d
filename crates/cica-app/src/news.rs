//! Writing news items as an editor does: a whole item created or saved over the version the
//! editor read, after the item's own rules (`NewsItem::problems`) and the checks of every free
//! text; the store checks what it names and the version, and audits, in one transaction.

use cica_domain::access::{Act, may};
use cica_domain::{NewsItem, Slug};
use cica_store::{Expect, Version};

use crate::records::{MAX_LINE, MAX_TEXT};
use crate::{Actor, App, AppError, Result};

/// The longest body of a news item accepted, in characters (the longest article of the 2025-Q1
/// Digest has about 6,000).
pub const MAX_BODY: usize = 100_000;

/// Every problem of `item` as an editor would be told of it, field by field: the item's own
/// rules, then each free text's characters and length.
pub fn problems(item: &NewsItem) -> Vec<(String, String)> {
    let mut out = item.problems();
    let mut texts: Vec<(String, &str, usize)> = vec![
        ("title".into(), item.title.as_str(), MAX_LINE),
        ("body".into(), item.body.as_str(), MAX_BODY),
        ("source".into(), item.source.as_str(), MAX_LINE),
    ];
    if let Some(d) = &item.dateline {
        texts.push(("dateline.place".into(), d.place.as_str(), MAX_LINE));
    }
    if let Some(n) = &item.date_note {
        texts.push(("date_note".into(), n.as_str(), MAX_LINE));
    }
    let photos = if item.photos.len() > NewsItem::MAX_PHOTOS {
        &[][..]
    } else {
        &item.photos[..]
    };
    for (i, p) in photos.iter().enumerate() {
        texts.push((format!("photos[{i}].caption"), p.caption.as_str(), MAX_TEXT));
        if let Some(c) = &p.credit {
            texts.push((format!("photos[{i}].credit"), c.as_str(), MAX_LINE));
        }
        if let Some(a) = &p.alt {
            texts.push((format!("photos[{i}].alt"), a.as_str(), MAX_LINE));
        }
    }
    crate::texts_checked(&mut out, texts);
    out
}

/// The one address no item may take: the form that writes a new one (`/news/new`).
const RESERVED: &str = "new";

/// The address a new item takes: its day and its headline's words in Latin letters, and a
/// fingerprint of the headline when it has letters of other scripts.
fn address(item: &NewsItem) -> Slug {
    let slug = cica_import::analyze::slug_for(Some(item.date), &item.title);
    // Letters the address cannot spell (Cyrillic, Chinese…) would be lost from it: two
    // headlines differing only in them would take one address.
    const FOLDED: &str = "üÜöÖçÇşŞğĞıİəƏéèêáàâä";
    let lost = item
        .title
        .chars()
        .any(|c| c.is_alphabetic() && !c.is_ascii() && !FOLDED.contains(c));
    if !lost {
        return slug;
    }
    use sha2::Digest as _;
    let hash = sha2::Sha256::digest(item.title.trim().as_bytes());
    let print: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    // `slug_for` keeps an address short enough for nine characters more.
    Slug::parse(&format!("{slug}-{print}")).unwrap_or(slug)
}

impl App {
    /// Deletes a draft news item at the version expected (an editor): a release imported by
    /// mistake, an item written twice. A published item is not deleted; one an issue of the
    /// Digest names is not either, until the issue names it no more (the store says which).
    pub async fn delete_news(&self, actor: &Actor, slug: &Slug, expect: Expect) -> Result<()> {
        may(actor, Act::KeepRecord)?;
        Ok(self
            .store()
            .delete_news(slug, expect, &self.by(actor, None))
            .await?)
    }

    /// Saves `item` (an editor): creates it when `expect` is [`Expect::Absent`], else replaces
    /// the stored item when its version is the one expected. Whether it is a draft is kept (a
    /// new item is one, until published). Returns the new version.
    pub async fn save_news(
        &self,
        actor: &Actor,
        item: &NewsItem,
        expect: Expect,
    ) -> Result<Version> {
        may(actor, Act::KeepRecord)?;
        let mut problems = problems(item);
        if expect == Expect::Absent && item.slug.as_str() == RESERVED {
            problems.insert(
                0,
                (
                    "slug".into(),
                    "`new` is the address of the form that writes a new item; choose another"
                        .into(),
                ),
            );
        }
        if !problems.is_empty() {
            return Err(AppError::Fields(problems));
        }
        Ok(self
            .store()
            .save_news(item, expect, &self.by(actor, None))
            .await?)
    }

    /// Creates a news item at the address its day and headline give, as the importer names
    /// items (`2025-04-02-a-headline`): refused as a conflict when an item is there already.
    /// A headline with letters the address cannot spell (Cyrillic, Chinese…) would lose them,
    /// so a short fingerprint of it ends the address: two such items of one day do not
    /// collide, and the same item sent twice still does.
    pub async fn create_news(&self, actor: &Actor, mut item: NewsItem) -> Result<(Slug, Version)> {
        item.slug = address(&item);
        let version = self.save_news(actor, &item, Expect::Absent).await?;
        Ok((item.slug, version))
    }
}
