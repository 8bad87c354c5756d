//! Shared state of the web shell: the store, the site's settings, the clock, and what is kept
//! in memory between requests.
//!
//! The registers (states, organizations, people, bodies, chairmanships) are small; they are
//! held in memory as a [`Directory`] and reloaded whenever the store's revision changes. Whole
//! responses are cached the same way ([`crate::cache`]). The revision is read from the
//! database on each request, so several app servers sharing one database stay consistent
//! without talking to each other.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

pub use cica_app::Clock;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use cica_domain::{Body, Chairmanship, Organization, Person, Slug, State, StateCode};
use cica_store::{Catalogue, Registers, Store};

use crate::cache::PageCache;
use crate::error::WebError;

/// Settings of one installation.
#[derive(Clone)]
pub struct SiteConfig {
    /// The public address of the portal, used in feeds (`https://portal.example.org`).
    pub base_url: String,
    pub site_name: String,
    /// Keep whole responses in memory between data changes (on by default; benchmarks turn it
    /// off to measure rendering itself).
    pub response_cache: bool,
    /// How long a read of the store's revision is trusted before it is read again. Changes
    /// made through another process (`cica load`, another app server) show within this time;
    /// zero reads it on every request.
    pub freshness: Duration,
    /// How long a client may take to send a request's headers, and then its body; past it
    /// the connection is closed (headers) or the request refused (body), so slow clients
    /// cannot hold the server's connections.
    pub header_timeout: Duration,
    pub body_timeout: Duration,
    /// How imported PDFs are read: in the server's process when `None`; the `cica` command
    /// gives a helper that reads them in a child process with limits.
    pub pdf_text: Option<Arc<cica_import::PdfText>>,
}

impl std::fmt::Debug for SiteConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteConfig")
            .field("base_url", &self.base_url)
            .field("site_name", &self.site_name)
            .field("response_cache", &self.response_cache)
            .field("freshness", &self.freshness)
            .field("header_timeout", &self.header_timeout)
            .field("body_timeout", &self.body_timeout)
            .field(
                "pdf_text",
                &if self.pdf_text.is_some() {
                    "a helper"
                } else {
                    "in process"
                },
            )
            .finish()
    }
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            base_url: "http://127.0.0.1:8080".into(),
            site_name: "CICA Secretariat".into(),
            response_cache: true,
            freshness: Duration::from_millis(250),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            pdf_text: None,
        }
    }
}

/// The registers as of one store revision.
#[derive(Debug, Default)]
pub struct Directory {
    pub revision: i64,
    pub states: BTreeMap<StateCode, State>,
    pub organizations: BTreeMap<Slug, Organization>,
    pub people: BTreeMap<Slug, Person>,
    pub bodies: BTreeMap<Slug, Body>,
    /// Earliest first.
    pub chairmanships: Vec<Chairmanship>,
    /// The Catalogue's priority areas (slug, name for people), in the Catalogue's order.
    pub cbm_areas: Vec<(String, String)>,
}

impl Directory {
    async fn load(
        store: &(impl Registers + Catalogue + ?Sized),
        revision: i64,
    ) -> Result<Self, WebError> {
        Ok(Self {
            revision,
            states: store
                .states()
                .await?
                .into_iter()
                .map(|s| (s.code.clone(), s))
                .collect(),
            organizations: store
                .organizations()
                .await?
                .into_iter()
                .map(|o| (o.slug.clone(), o))
                .collect(),
            people: store
                .people()
                .await?
                .into_iter()
                .map(|p| (p.slug.clone(), p))
                .collect(),
            bodies: store
                .bodies()
                .await?
                .into_iter()
                .map(|b| (b.slug.clone(), b))
                .collect(),
            chairmanships: store.chairmanships().await?,
            cbm_areas: store
                .cbm_areas()
                .await?
                .into_iter()
                .map(|a| {
                    let name = format!("{} — {}", a.dimension.label(), a.label());
                    (a.slug.to_string(), name)
                })
                .collect(),
        })
    }

    pub fn state_name<'a>(&'a self, code: &'a StateCode) -> &'a str {
        self.states
            .get(code)
            .map_or(code.as_str(), |s| s.name.as_str())
    }

    pub fn body_label<'a>(&'a self, slug: &'a Slug) -> &'a str {
        self.bodies.get(slug).map_or(slug.as_str(), |b| b.label())
    }

    pub fn body_name<'a>(&'a self, slug: &'a Slug) -> &'a str {
        self.bodies
            .get(slug)
            .map_or(slug.as_str(), |b| b.name.as_str())
    }

    pub fn person_name<'a>(&'a self, slug: &'a Slug) -> &'a str {
        self.people
            .get(slug)
            .map_or(slug.as_str(), |p| p.name.as_str())
    }

    pub fn organization_name<'a>(&'a self, slug: &'a Slug) -> &'a str {
        self.organizations
            .get(slug)
            .map_or(slug.as_str(), |o| o.acronym.as_deref().unwrap_or(&o.name))
    }
}

struct Inner {
    app: cica_app::App,
    config: SiteConfig,
    directory: RwLock<Arc<Directory>>,
    reload: tokio::sync::Mutex<()>,
    pages: Mutex<PageCache>,
    press: crate::digest::Press,
    /// When the revision was last read, in microseconds since `started`; 0 = never.
    checked_at: AtomicU64,
    started: Instant,
}

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: SiteConfig, clock: Clock) -> Self {
        Self {
            inner: Arc::new(Inner {
                app: match &config.pdf_text {
                    Some(f) => cica_app::App::new(store, clock).with_pdf_text(Arc::clone(f)),
                    None => cica_app::App::new(store, clock),
                },
                config,
                directory: RwLock::new(Arc::new(Directory {
                    revision: -1,
                    ..Directory::default()
                })),
                reload: tokio::sync::Mutex::new(()),
                pages: Mutex::new(PageCache::default()),
                press: crate::digest::Press::default(),
                checked_at: AtomicU64::new(0),
                started: Instant::now(),
            }),
        }
    }

    /// The store, to share with another state or task.
    pub fn shared_store(&self) -> Arc<dyn Store> {
        self.inner.app.shared_store()
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.app.store()
    }

    /// The use cases, for every write and every check of who may do what. Within a request
    /// they are those of the request (see [`crate::guard`]): their writes carry the reason it
    /// gave (`X-Audit-Note`) into the audit trail.
    pub fn uses(&self) -> cica_app::App {
        crate::guard::REQUEST_USES
            .try_with(cica_app::App::clone)
            .unwrap_or_else(|_| self.inner.app.clone())
    }

    pub fn config(&self) -> &SiteConfig {
        &self.inner.config
    }

    pub fn today(&self) -> NaiveDate {
        self.inner.app.today()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.inner.app.now()
    }

    pub fn clock(&self) -> &Clock {
        self.inner.app.clock()
    }

    /// The registers as last synchronised.
    pub fn directory(&self) -> Arc<Directory> {
        self.inner
            .directory
            .read()
            .map(|d| Arc::clone(&d))
            .unwrap_or_default()
    }

    pub(crate) fn pages(&self) -> &Mutex<PageCache> {
        &self.inner.pages
    }

    pub(crate) fn press(&self) -> &crate::digest::Press {
        &self.inner.press
    }

    /// Forgets when the revision was last read, so the next request reads it again. Call it
    /// after writing through the store.
    pub fn invalidate(&self) {
        self.inner.checked_at.store(0, Ordering::Release);
    }

    /// Reads the store's revision (at most once per `freshness`) and, if it moved, reloads the
    /// registers and empties the page cache. Returns the current revision.
    pub async fn sync(&self) -> Result<i64, WebError> {
        let now = u64::try_from(self.inner.started.elapsed().as_micros())
            .unwrap_or(u64::MAX)
            .max(1);
        let checked = self.inner.checked_at.load(Ordering::Acquire);
        let fresh = u64::try_from(self.inner.config.freshness.as_micros()).unwrap_or(u64::MAX);
        let known = self.directory().revision;
        if checked != 0 && known >= 0 && now.saturating_sub(checked) < fresh {
            return Ok(known);
        }
        let revision = self.store().revision().await?;
        if known != revision {
            let _guard = self.inner.reload.lock().await;
            if self.directory().revision != revision {
                let loaded = Arc::new(Directory::load(self.store(), revision).await?);
                if let Ok(mut d) = self.inner.directory.write() {
                    *d = loaded;
                }
                if let Ok(mut p) = self.inner.pages.lock() {
                    p.clear();
                }
            }
        }
        self.inner.checked_at.store(now, Ordering::Release);
        Ok(revision)
    }
}
