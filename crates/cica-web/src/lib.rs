//! The web shell: the public portal (server-rendered HTML), the JSON API under `/api/v1/`
//! and the calendar and news feeds, as one axum [`Router`] over a [`cica_store::Store`].
//!
//! **Architecture invariant:** handlers parse input, call the store or the domain's rules, and
//! map records to view types. They contain no SQL and no business rule.
#![forbid(unsafe_code)]

mod accounts;
mod actions_forms;
mod admin;
pub mod api;
mod cache;
mod calendar;
mod calendar_forms;
mod cbm;
mod cbm_forms;
mod conn;
mod decisions;
mod decisions_forms;
mod desk;
mod digest;
mod documents;
mod documents_forms;
pub mod error;
mod exports;
mod feeds;
mod forms;
mod fund;
mod fund_forms;
mod guard;
mod home;
pub mod import;
mod input;
mod money;
mod money_forms;
mod news;
mod news_forms;
mod pages;
pub mod params;
mod present;
mod readers;
mod record_forms;
mod registers;
mod registers_forms;
mod restore;
mod silence;
pub mod state;
mod treaties;
mod versions;
mod write;

use std::future::Future;

use axum::Router;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tokio::net::TcpListener;

/// The word-level comparison of two document versions, for the command line.
pub use documents::word_diff;
pub use state::{AppState, Clock, SiteConfig};

const STYLESHEET: &str = include_str!("../static/site.css");
const LOCAL_TIME: &str = include_str!("../static/local-time.js");

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/css; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLESHEET,
    )
}

async fn local_time() -> impl IntoResponse {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=3600"),
        ],
        LOCAL_TIME,
    )
}

/// One route of the JSON API: its address under `/api/v1`, the methods it takes, and their
/// handlers.
struct ApiRoute {
    path: &'static str,
    methods: &'static [&'static str],
    handlers: axum::routing::MethodRouter<AppState>,
}

fn route(
    path: &'static str,
    methods: &'static [&'static str],
    handlers: axum::routing::MethodRouter<AppState>,
) -> ApiRoute {
    ApiRoute {
        path,
        methods,
        handlers,
    }
}

/// Every route of the JSON API, in one table: the router is built from it, `/api/v1` lists it,
/// and the tests hold the documentation and the rights matrix to it.
fn api_routes() -> Vec<ApiRoute> {
    const GET: &[&str] = &["GET"];
    const POST: &[&str] = &["POST"];
    const GET_POST: &[&str] = &["GET", "POST"];
    const GET_PUT: &[&str] = &["GET", "PUT"];
    const GET_PUT_DELETE: &[&str] = &["GET", "PUT", "DELETE"];
    vec![
        route("/", GET, get(api::index)),
        route("/states", GET, get(registers::api_states)),
        route("/states/last-engaged", GET, get(calendar::api_last_engaged)),
        route(
            "/states/{code}",
            GET_PUT,
            get(registers::api_state).put(registers::api_save_state),
        ),
        route(
            "/states/{code}/treaties",
            GET,
            get(treaties::api_state_treaties),
        ),
        route(
            "/organizations",
            GET_POST,
            get(registers::api_organizations).post(registers::api_create_organization),
        ),
        route(
            "/organizations/{slug}",
            GET_PUT_DELETE,
            get(registers::api_organization)
                .put(registers::api_save_organization)
                .delete(registers::api_delete_organization),
        ),
        route(
            "/people",
            GET_POST,
            get(registers::api_people).post(registers::api_create_person),
        ),
        route(
            "/people/{slug}",
            GET_PUT_DELETE,
            get(registers::api_person)
                .put(registers::api_save_person)
                .delete(registers::api_delete_person),
        ),
        route(
            "/bodies",
            GET_POST,
            get(registers::api_bodies).post(registers::api_create_body),
        ),
        route(
            "/bodies/{slug}",
            GET_PUT_DELETE,
            get(registers::api_body)
                .put(registers::api_save_body)
                .delete(registers::api_delete_body),
        ),
        route(
            "/chairmanships",
            GET_POST,
            get(registers::api_chairmanships).post(registers::api_create_chairmanship),
        ),
        route(
            "/chairmanships/{key}",
            GET_PUT,
            get(registers::api_chairmanship).put(registers::api_save_chairmanship),
        ),
        route(
            "/meetings",
            GET_POST,
            get(calendar::api_meetings).post(calendar::api_create_meeting),
        ),
        route(
            "/meetings/{id}",
            GET_PUT_DELETE,
            get(calendar::api_meeting)
                .put(calendar::api_save_meeting)
                .delete(calendar::api_delete_meeting),
        ),
        route(
            "/engagements",
            GET_POST,
            get(calendar::api_engagements).post(calendar::api_create_engagement),
        ),
        route(
            "/engagements/{id}",
            GET_PUT_DELETE,
            get(calendar::api_engagement)
                .put(calendar::api_save_engagement)
                .delete(calendar::api_delete_engagement),
        ),
        route(
            "/news",
            GET_POST,
            get(news::api_news).post(news::api_create_news),
        ),
        route(
            "/news/{slug}",
            GET_PUT_DELETE,
            get(news::api_news_item)
                .put(news::api_save_news)
                .delete(news::api_delete_news),
        ),
        route("/news/{slug}/publish", POST, post(import::api_publish)),
        route("/news/{slug}/restore", POST, post(news::api_restore_news)),
        route("/states/{code}/restore", POST, restore::api_route("state")),
        route(
            "/organizations/{slug}/restore",
            POST,
            restore::api_route("organization"),
        ),
        route("/people/{slug}/restore", POST, restore::api_route("person")),
        route("/bodies/{slug}/restore", POST, restore::api_route("body")),
        route(
            "/chairmanships/{key}/restore",
            POST,
            restore::api_route("chairmanship"),
        ),
        route(
            "/meetings/{id}/restore",
            POST,
            restore::api_route("meeting"),
        ),
        route(
            "/engagements/{id}/restore",
            POST,
            restore::api_route("engagement"),
        ),
        route(
            "/documents/{slug}/restore",
            POST,
            restore::api_route("document"),
        ),
        route(
            "/decisions/{id}/restore",
            POST,
            restore::api_route("decision"),
        ),
        route(
            "/digests/{quarter}/restore",
            POST,
            restore::api_route("digest"),
        ),
        route(
            "/news/{slug}/photos",
            POST,
            post(news::api_add_photo)
                .layer(axum::extract::DefaultBodyLimit::max(news::PHOTO_BODY_LIMIT)),
        ),
        route(
            "/documents",
            GET_POST,
            get(documents::api_documents)
                .post(documents::api_create_document)
                .layer(axum::extract::DefaultBodyLimit::max(documents::BODY_LIMIT)),
        ),
        route(
            "/documents/{slug}",
            GET_PUT,
            get(documents::api_document)
                .put(documents::api_save_document)
                .layer(axum::extract::DefaultBodyLimit::max(documents::BODY_LIMIT)),
        ),
        route(
            "/documents/{slug}/diff",
            GET,
            get(documents::api_document_diff),
        ),
        route(
            "/documents/{slug}/versions",
            POST,
            post(documents::api_add_version),
        ),
        route(
            "/decisions",
            GET_POST,
            get(decisions::api_decisions).post(decisions::api_record_decision),
        ),
        route(
            "/decisions/{id}",
            GET_PUT,
            get(decisions::api_decision).put(decisions::api_save_decision),
        ),
        route(
            "/decisions/{id}/statements",
            POST,
            post(decisions::api_add_statement),
        ),
        route(
            "/silence-procedures",
            GET_POST,
            get(silence::api_silences).post(silence::api_open_silence),
        ),
        route("/silence-procedures/{id}", GET, get(silence::api_silence)),
        route(
            "/silence-procedures/{id}/breaks",
            POST,
            post(silence::api_break_silence),
        ),
        route(
            "/silence-procedures/{id}/extension",
            POST,
            post(silence::api_extend_silence),
        ),
        route(
            "/silence-procedures/{id}/withdrawal",
            POST,
            post(silence::api_withdraw_silence),
        ),
        route("/treaties", GET, get(treaties::api_treaties)),
        route("/treaties/{slug}", GET, get(treaties::api_treaty)),
        route("/treaties/{slug}/what-if", GET, get(treaties::api_what_if)),
        route(
            "/treaties/{slug}/actions",
            POST,
            post(treaties::api_record_action),
        ),
        route(
            "/treaties/{slug}/actions/withdrawal",
            POST,
            post(treaties::api_withdraw_action),
        ),
        route("/notifications", GET, get(treaties::api_notifications)),
        route("/cbm/areas", GET, get(cbm::api_areas)),
        route(
            "/cbm/areas/{slug}",
            GET_PUT,
            get(cbm::api_area).put(cbm::api_save_area),
        ),
        route("/cbm/activities", GET, get(cbm::api_activities)),
        route(
            "/cbm/activities/{slug}",
            GET_PUT_DELETE,
            get(cbm::api_activity)
                .put(cbm::api_save_activity)
                .delete(cbm::api_delete_activity),
        ),
        route("/cbm/reports", GET, get(cbm::api_reports)),
        route(
            "/cbm/reports/{year}/{state}",
            GET_PUT,
            get(cbm::api_report).put(cbm::api_file_report),
        ),
        route("/cbm/rounds", GET, get(cbm::api_rounds)),
        route(
            "/cbm/rounds/{year}",
            GET_PUT,
            get(cbm::api_round).put(cbm::api_set_round),
        ),
        route("/contributions", GET, get(money::api_contributions)),
        route("/contributions/statement", GET, get(money::api_statement)),
        route(
            "/contributions/{id}",
            GET_PUT_DELETE,
            get(money::api_contribution)
                .put(money::api_save_contribution)
                .delete(money::api_delete_contribution),
        ),
        route("/financial-reports", GET, get(money::api_financial_reports)),
        route(
            "/financial-reports/{id}",
            GET_PUT_DELETE,
            get(money::api_financial_report)
                .put(money::api_save_financial_report)
                .delete(money::api_delete_financial_report),
        ),
        route("/fund/projects", GET, get(fund::api_projects)),
        route(
            "/fund/projects/{id}",
            GET_PUT,
            get(fund::api_project).put(fund::api_save_project),
        ),
        route(
            "/fund/projects/{id}/review",
            POST,
            post(fund::api_advance_project),
        ),
        route("/digests", GET, get(digest::api_digests)),
        route(
            "/digests/{quarter}",
            GET_PUT,
            get(digest::api_digest).put(digest::api_save_digest),
        ),
        route(
            "/import",
            POST,
            post(import::api_import)
                .layer(axum::extract::DefaultBodyLimit::max(import::BODY_LIMIT)),
        ),
        route("/import/proposals", GET, get(import::api_proposals)),
        route(
            "/import/proposals/{news}/{kind}/{subject}/accept",
            POST,
            post(import::api_accept),
        ),
        route(
            "/import/proposals/{news}/{kind}/{subject}/reject",
            POST,
            post(import::api_reject),
        ),
        route("/audit", GET, get(accounts::api_audit)),
    ]
}

/// Every API address (under `/api/v1`) with the methods it takes, as the router serves them.
pub fn api_index() -> Vec<(&'static str, &'static [&'static str])> {
    api_routes()
        .into_iter()
        .map(|r| (r.path, r.methods))
        .collect()
}

/// Every address of the account administration (administrators only; 404 for anyone else)
/// with the methods it takes, as the router serves them.
pub fn admin_index() -> Vec<(&'static str, &'static [&'static str])> {
    admin::routes()
        .into_iter()
        .map(|(path, methods, _)| (path, methods))
        .collect()
}

/// Every route of the portal, the API and the feeds, in one place.
pub fn router(state: AppState) -> Router {
    let api = api_routes()
        .into_iter()
        .fold(Router::new(), |r, a| r.route(a.path, a.handlers))
        .fallback(api::not_found);

    let cached = Router::new()
        .route("/", get(home::home_page))
        .route("/members", get(registers::members_page))
        .route("/states/{code}", get(registers::state_page))
        .route("/organizations/{slug}", get(registers::organization_page))
        .route("/people/{slug}", get(registers::person_page))
        .route("/bodies", get(registers::bodies_page))
        .route("/bodies/{slug}", get(registers::body_page))
        .route("/calendar", get(calendar::calendar_page))
        .route("/meetings/{id}", get(calendar::meeting_page))
        .route("/news", get(news::news_page))
        .route("/news/{slug}", get(news::news_item_page))
        .route("/news/{slug}/publish", post(accounts::publish_form))
        .route("/engagements", get(calendar::engagements_page))
        .route("/engagements/{id}", get(calendar::engagement_page))
        .route("/decisions", get(decisions::decisions_page))
        .route("/decisions/{id}", get(decisions::decision_page))
        .route("/documents", get(documents::documents_page))
        .route("/documents/{slug}", get(documents::document_page))
        .route("/silence", get(silence::silences_page))
        .route("/silence/{id}", get(silence::silence_page))
        .route("/silence/{id}/break", post(accounts::break_form))
        .route("/treaties", get(treaties::treaties_page))
        .route("/treaties/{slug}", get(treaties::treaty_page))
        .route("/notifications", get(treaties::notifications_page))
        .route("/cbm", get(cbm::cbm_page))
        .route("/cbm/areas/{slug}", get(cbm::area_page))
        .route("/contributions", get(money::contributions_page))
        .route("/contributions/{id}", get(money::contribution_page))
        .route("/fund/projects", get(fund::projects_page))
        .route("/fund/projects/{id}", get(fund::project_page))
        .route("/fund/iati.xml", get(fund::iati_xml))
        .route("/exports", get(exports::exports_page))
        .route("/exports/{file}", get(exports::export))
        .route("/digest", get(digest::digests))
        .route("/digest/{issue}", get(digest::issue))
        .route("/media/{name}", get(digest::media))
        .route("/media/{size}/{name}", get(digest::media_copy))
        .route("/notifications.atom", get(feeds::notifications))
        .route("/silence.atom", get(feeds::silences))
        .route("/calendar.ics", get(feeds::calendar))
        .route("/news.atom", get(feeds::news))
        .nest("/api/v1", api)
        .route("/api/v1/", get(api::index))
        .route("/api", get(api::not_found))
        .route("/api/{*rest}", axum::routing::any(api::not_found))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn(cache::mark))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::identified,
        ));

    // Signing in and out, and the account administration: never cached (each form carries
    // its own token).
    let signin = admin::routes()
        .into_iter()
        .fold(Router::new(), |r, (path, _, handlers)| {
            r.route(path, handlers)
        })
        .route("/desk", get(desk::desk))
        .route(
            "/news/new",
            get(news_forms::new_form)
                .post(news_forms::create)
                .layer(axum::extract::DefaultBodyLimit::max(news_forms::BODY_LIMIT)),
        )
        .route(
            "/meetings/new",
            get(record_forms::new_form::<cica_domain::Meeting>)
                .post(record_forms::create::<cica_domain::Meeting>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/meetings/{id}/edit",
            get(record_forms::edit_form::<cica_domain::Meeting>)
                .post(record_forms::save::<cica_domain::Meeting>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/chairmanships/new",
            get(record_forms::new_form::<cica_domain::Chairmanship>)
                .post(record_forms::create::<cica_domain::Chairmanship>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/chairmanships/{key}/edit",
            get(record_forms::edit_form::<cica_domain::Chairmanship>)
                .post(record_forms::save::<cica_domain::Chairmanship>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/people/new",
            get(record_forms::new_form::<cica_domain::Person>)
                .post(record_forms::create::<cica_domain::Person>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/people/{slug}/edit",
            get(record_forms::edit_form::<cica_domain::Person>)
                .post(record_forms::save::<cica_domain::Person>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/bodies/new",
            get(record_forms::new_form::<cica_domain::Body>)
                .post(record_forms::create::<cica_domain::Body>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/bodies/{slug}/edit",
            get(record_forms::edit_form::<cica_domain::Body>)
                .post(record_forms::save::<cica_domain::Body>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/states/new",
            get(record_forms::new_form::<cica_domain::State>)
                .post(record_forms::create::<cica_domain::State>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/states/{code}/edit",
            get(record_forms::edit_form::<cica_domain::State>)
                .post(record_forms::save::<cica_domain::State>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/organizations/new",
            get(record_forms::new_form::<cica_domain::Organization>)
                .post(record_forms::create::<cica_domain::Organization>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/organizations/{slug}/edit",
            get(record_forms::edit_form::<cica_domain::Organization>)
                .post(record_forms::save::<cica_domain::Organization>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/silence/new",
            get(record_forms::new_form::<actions_forms::SilenceOpening>)
                .post(record_forms::create::<actions_forms::SilenceOpening>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/treaty-actions/new",
            get(record_forms::new_form::<actions_forms::TreatyActionEntry>)
                .post(record_forms::create::<actions_forms::TreatyActionEntry>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/decisions/new",
            get(record_forms::new_form::<cica_domain::decision::Decision>)
                .post(record_forms::create::<cica_domain::decision::Decision>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/decisions/{id}/edit",
            get(record_forms::edit_form::<cica_domain::decision::Decision>)
                .post(record_forms::save::<cica_domain::decision::Decision>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/documents/new",
            get(record_forms::new_form::<cica_domain::decision::Document>)
                .post(record_forms::create::<cica_domain::decision::Document>)
                .layer(axum::extract::DefaultBodyLimit::max(documents::BODY_LIMIT)),
        )
        .route(
            "/documents/{slug}/edit",
            get(record_forms::edit_form::<cica_domain::decision::Document>)
                .post(record_forms::save::<cica_domain::decision::Document>)
                .layer(axum::extract::DefaultBodyLimit::max(documents::BODY_LIMIT)),
        )
        .route(
            "/meetings/{id}/delete",
            post(record_forms::delete::<cica_domain::Meeting>),
        )
        .route(
            "/engagements/{id}/delete",
            post(record_forms::delete::<cica_domain::Engagement>),
        )
        .route(
            "/people/{slug}/delete",
            post(record_forms::delete::<cica_domain::Person>),
        )
        .route(
            "/bodies/{slug}/delete",
            post(record_forms::delete::<cica_domain::Body>),
        )
        .route(
            "/organizations/{slug}/delete",
            post(record_forms::delete::<cica_domain::Organization>),
        )
        .route(
            "/engagements/new",
            get(record_forms::new_form::<cica_domain::Engagement>)
                .post(record_forms::create::<cica_domain::Engagement>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/engagements/{id}/edit",
            get(record_forms::edit_form::<cica_domain::Engagement>)
                .post(record_forms::save::<cica_domain::Engagement>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/digest/new",
            get(record_forms::new_form::<cica_domain::Digest>)
                .post(record_forms::create::<cica_domain::Digest>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/digest/{issue}/edit",
            get(record_forms::edit_form::<cica_domain::Digest>)
                .post(record_forms::save::<cica_domain::Digest>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/cbm/areas/new",
            get(record_forms::new_form::<cica_domain::cbm::PriorityArea>)
                .post(record_forms::create::<cica_domain::cbm::PriorityArea>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/cbm/areas/{slug}/edit",
            get(record_forms::edit_form::<cica_domain::cbm::PriorityArea>)
                .post(record_forms::save::<cica_domain::cbm::PriorityArea>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/cbm/activities/new",
            get(record_forms::new_form::<cica_domain::cbm::Activity>)
                .post(record_forms::create::<cica_domain::cbm::Activity>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/cbm/activities/{slug}/edit",
            get(record_forms::edit_form::<cica_domain::cbm::Activity>)
                .post(record_forms::save::<cica_domain::cbm::Activity>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/cbm/activities/{slug}/delete",
            post(record_forms::delete::<cica_domain::cbm::Activity>),
        )
        .route(
            "/contributions/new",
            get(record_forms::new_form::<cica_domain::money::Contribution>)
                .post(record_forms::create::<cica_domain::money::Contribution>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/contributions/{id}/edit",
            get(record_forms::edit_form::<cica_domain::money::Contribution>)
                .post(record_forms::save::<cica_domain::money::Contribution>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/contributions/{id}/delete",
            post(record_forms::delete::<cica_domain::money::Contribution>),
        )
        .route(
            "/fund/projects/new",
            get(record_forms::new_form::<cica_domain::fund::Project>)
                .post(record_forms::create::<cica_domain::fund::Project>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/fund/projects/{id}/edit",
            get(record_forms::edit_form::<cica_domain::fund::Project>)
                .post(record_forms::save::<cica_domain::fund::Project>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/financial-reports/new",
            get(record_forms::new_form::<cica_domain::money::FinancialReport>)
                .post(record_forms::create::<cica_domain::money::FinancialReport>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/financial-reports/{id}/edit",
            get(record_forms::edit_form::<cica_domain::money::FinancialReport>)
                .post(record_forms::save::<cica_domain::money::FinancialReport>)
                .layer(axum::extract::DefaultBodyLimit::max(
                    record_forms::BODY_LIMIT,
                )),
        )
        .route(
            "/financial-reports/{id}/delete",
            post(record_forms::delete::<cica_domain::money::FinancialReport>),
        )
        .route("/restore", post(restore::restore_form))
        .route("/treaties/{slug}/withdrawal", post(treaties::withdraw_form))
        .route("/news/{slug}/delete", post(news_forms::delete))
        .route("/silence/{id}/extend", post(silence::extend_form))
        .route("/silence/{id}/withdraw", post(silence::withdraw_form))
        .route(
            "/news/{slug}/photos",
            post(news_forms::add_photo)
                .layer(axum::extract::DefaultBodyLimit::max(news::PHOTO_BODY_LIMIT)),
        )
        .route(
            "/news/{slug}/edit",
            get(news_forms::edit_form)
                .post(news_forms::save)
                .layer(axum::extract::DefaultBodyLimit::max(news_forms::BODY_LIMIT)),
        )
        .route("/login", get(accounts::login_page).post(accounts::login))
        .route("/logout", post(accounts::logout))
        .route("/account", get(accounts::account))
        .route("/account/password", post(accounts::change_password))
        .layer(axum::extract::DefaultBodyLimit::max(16 * 1024))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::identified,
        ));

    Router::new()
        .route("/static/site.css", get(stylesheet))
        .merge(signin)
        .route("/static/local-time.js", get(local_time))
        .merge(cached)
        // After every route is in place: a layer only wraps the routes already there.
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            state.config().body_timeout,
        ))
        .layer(axum::middleware::from_fn(guard::secured))
        .layer(
            tower_http::compression::CompressionLayer::new().compress_when({
                use tower_http::compression::Predicate as _;
                tower_http::compression::predicate::DefaultPredicate::new().and(
                    tower_http::compression::predicate::NotForContentType::new("application/pdf"),
                )
            }),
        )
        // Outside everything: a kept answer to the public goes out from here.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache::front,
        ))
        .with_state(state)
}

/// The largest request head (request line and headers) a connection reads; hyper refuses a
/// larger one with 431, answered in the JSON shape.
const MAX_HEAD: usize = 128 * 1024;

/// Serves the router on `listener` until `shutdown` completes, then lets the requests under
/// way finish (for at most 30 seconds). Each connection must send its headers within
/// `header_timeout`; the client's address is given to the handlers (`ConnectInfo`).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt as _;

    let header_timeout = state.config().header_timeout;
    let app = router(state);
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment, keep serving.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                request
            },
        );
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            // A request's head (request line and headers) is read up to this size.
            .max_buf_size(MAX_HEAD)
            .serve_connection(
                TokioIo::new(conn::Refusals::new(stream)),
                hyper_util::service::TowerToHyperService::new(service),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(std::time::Duration::from_secs(30)) => {
            tracing::warn!("requests still under way after 30 s were cut off");
        }
    }
    Ok(())
}
