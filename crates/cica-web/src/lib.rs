//! The web shell: the public portal (server-rendered HTML), the JSON API under `/api/v1/`
//! and the calendar and news feeds, as one axum [`Router`] over a [`cica_store::Store`].
//!
//! **Architecture invariant:** handlers parse input, call the store or the domain's rules, and
//! map records to view types. They contain no SQL and no business rule.
#![forbid(unsafe_code)]

pub mod api;
mod cache;
pub mod error;
mod feeds;
mod pages;
pub mod params;
mod present;
pub mod state;

use std::future::Future;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;

pub use state::{AppState, Clock, SiteConfig};

const STYLESHEET: &str = include_str!("../static/site.css");

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

/// Every route of the portal, the API and the feeds, in one place.
pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/", get(api::index))
        .route("/states", get(api::states))
        .route("/states/last-engaged", get(api::last_engaged))
        .route("/states/{code}", get(api::state))
        .route("/organizations", get(api::organizations))
        .route("/organizations/{slug}", get(api::organization))
        .route("/people", get(api::people))
        .route("/people/{slug}", get(api::person))
        .route("/bodies", get(api::bodies))
        .route("/bodies/{slug}", get(api::body))
        .route("/chairmanships", get(api::chairmanships))
        .route("/meetings", get(api::meetings))
        .route("/meetings/{id}", get(api::meeting))
        .route("/engagements", get(api::engagements))
        .route("/news", get(api::news))
        .route("/news/{slug}", get(api::news_item))
        .fallback(api::not_found);

    let cached = Router::new()
        .route("/", get(pages::home))
        .route("/members", get(pages::members))
        .route("/states/{code}", get(pages::state))
        .route("/organizations/{slug}", get(pages::organization))
        .route("/people/{slug}", get(pages::person))
        .route("/bodies", get(pages::bodies))
        .route("/bodies/{slug}", get(pages::body))
        .route("/calendar", get(pages::calendar))
        .route("/meetings/{id}", get(pages::meeting))
        .route("/news", get(pages::news))
        .route("/news/{slug}", get(pages::news_item))
        .route("/engagements", get(pages::engagements))
        .route("/calendar.ics", get(feeds::calendar))
        .route("/news.atom", get(feeds::news))
        .nest("/api/v1", api)
        .route("/api/v1/", get(api::index))
        .route("/api", get(api::not_found))
        .route("/api/{*rest}", get(api::not_found))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::cached,
        ));

    Router::new()
        .route("/static/site.css", get(stylesheet))
        .merge(cached)
        .with_state(state)
}

/// Serves the router on `listener` until `shutdown` completes.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
