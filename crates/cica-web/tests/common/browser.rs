//! A real browser for page tests: headless Chromium driven over WebDriver (chromedriver), with
//! the portal served on loopback.
//!
//! chromedriver is found at `$CICA_CHROMEDRIVER` or `/usr/bin/chromedriver`, Chromium at
//! `$CICA_CHROMIUM` or `/usr/bin/chromium`. Without them a test is skipped with a message,
//! except under `CI=true`, where a missing browser is a failure.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

pub fn tool(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is required under CI=true but {} does not exist",
            var,
            path.display()
        );
    }
    eprintln!("skipping browser test: no {} (set {var})", path.display());
    None
}

/// chromedriver on a free loopback port, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub async fn driver(path: &std::path::Path) -> Driver {
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    // Wait until it listens.
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Driver { child, port }
}

pub async fn browser(
    driver: &Driver,
    chromium: &std::path::Path,
    profile: &std::path::Path,
) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": chromium.to_string_lossy(),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

pub async fn shot(c: &Client, dir: &std::path::Path, name: &str) {
    for (label, width, height) in [("desktop", 1280, 900), ("phone", 390, 844)] {
        c.set_window_size(width, height).await.expect("resize");
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}-{label}.png")), png).expect("saved");
    }
    c.set_window_size(1280, 900).await.expect("resize");
}

/// Like [`shot`], but of the whole page, however long, at each width.
pub async fn shot_whole(c: &Client, dir: &std::path::Path, name: &str) {
    for (label, width) in [("desktop", 1280), ("phone", 390)] {
        c.set_window_size(width, 900).await.expect("resize");
        let height = c
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .ok()
            .and_then(|v| v.as_u64())
            .unwrap_or(900)
            .clamp(900, 8000);
        c.set_window_size(width, u32::try_from(height).unwrap_or(900))
            .await
            .expect("resize");
        let png = c.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}-{label}.png")), png).expect("saved");
    }
    c.set_window_size(1280, 900).await.expect("resize");
}

/// The page once `ready` holds of its source (a form's answer may still be loading), or
/// after five seconds whatever it is.
pub async fn page_when(c: &Client, ready: impl Fn(&str) -> bool) -> String {
    let mut page = String::new();
    for _ in 0..50 {
        page = c.source().await.expect("page");
        if ready(&page) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    page
}

/// Chromium and chromedriver, or `None` (the test is then skipped, outside CI).
pub fn tools() -> Option<(PathBuf, PathBuf)> {
    match (
        tool("CICA_CHROMEDRIVER", "/usr/bin/chromedriver"),
        tool("CICA_CHROMIUM", "/usr/bin/chromium"),
    ) {
        (Some(d), Some(c)) => Some((d, c)),
        _ => None,
    }
}

/// The portal of `state` served on a loopback port: its base address, and the sender that
/// stops it.
pub async fn serve(state: cica_web::AppState) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(cica_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    (base, stop)
}

/// Signs in through the form as `email` (the test accounts' password) and waits for the
/// account page.
pub async fn sign_in(c: &Client, base: &str, email: &str) {
    c.goto(&format!("{base}/login")).await.expect("login page");
    c.find(Locator::Id("email"))
        .await
        .expect("email field")
        .send_keys(email)
        .await
        .expect("typed");
    c.find(Locator::Id("password"))
        .await
        .expect("password field")
        .send_keys("a long test password")
        .await
        .expect("typed");
    c.find(Locator::Css("form.form button[type=submit]"))
        .await
        .expect("button")
        .click()
        .await
        .expect("submitted");
    let page = page_when(c, |p| p.contains("Your account")).await;
    assert!(page.contains(email), "signed in as {email}: {page}");
}
