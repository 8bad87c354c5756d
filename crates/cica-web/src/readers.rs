//! Which documents a reader may know of, for every area that names documents (documents,
//! decisions, silence procedures, feeds): a reader never learns that a document it may not
//! read exists.

use std::collections::BTreeSet;

use cica_app::Actor;
use cica_domain::Slug;
use cica_domain::access::may_read;
use cica_domain::decision::Visibility;
use serde::Serialize;

use crate::error::WebError;
use crate::state::AppState;

/// What a reader may see of a document: all of it when the reader's role may read its
/// visibility ([`may_read`]: the public what is public, an observer delegate also what is for
/// Members and Observers, a member-state delegate also what is for Member States, the
/// Secretariat everything); otherwise nothing: the reader never learns that it exists. It is
/// not listed, its address answers 404, and decisions and procedures on it do not name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Access {
    Full,
    Hidden,
}

pub(crate) fn access(actor: &Actor, v: Visibility) -> Access {
    if may_read(actor, v) {
        Access::Full
    } else {
        Access::Hidden
    }
}

/// The documents this reader may not know of: referred to by a decision or a procedure, they
/// are left out of what it is shown.
pub(crate) async fn hidden_documents(
    app: &AppState,
    actor: &Actor,
) -> Result<BTreeSet<Slug>, WebError> {
    if actor.is_secretariat() {
        return Ok(BTreeSet::new());
    }
    Ok(app
        .store()
        .documents()
        .await?
        .into_iter()
        .filter(|d| access(actor, d.visibility) == Access::Hidden)
        .map(|d| d.slug)
        .collect())
}

/// The document `slug` names, when this reader may read it; `None` when it may not (or there
/// is none): what every record that links a document (a financial report, in a page, the API
/// and the exports alike) shows of it.
pub(crate) async fn readable_document(
    app: &AppState,
    actor: &Actor,
    slug: &Slug,
) -> Result<Option<cica_domain::decision::Document>, WebError> {
    Ok(app
        .store()
        .document(slug)
        .await?
        .filter(|d| access(actor, d.visibility) == Access::Full))
}

/// A document reference as this reader may see it.
pub(crate) fn visible(d: &Option<(Slug, u32)>, hidden: &BTreeSet<Slug>) -> Option<(Slug, u32)> {
    d.clone().filter(|(s, _)| !hidden.contains(s))
}

#[derive(Serialize)]
pub struct DocRefView {
    slug: String,
    version: u32,
    url: String,
}

pub(crate) fn doc_ref(d: &Option<(Slug, u32)>) -> Option<DocRefView> {
    d.as_ref().map(|(s, v)| DocRefView {
        slug: s.to_string(),
        version: *v,
        url: format!("/documents/{s}"),
    })
}
