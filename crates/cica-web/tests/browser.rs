//! The portal in a real browser: headless Chromium loads pages from a server listening on
//! loopback and we read back the DOM it built and the pictures it drew.
//!
//! Chromium is found at `$CICA_CHROMIUM` or `/usr/bin/chromium`. Without it the test is skipped
//! with a message, except under `CI=true`, where a missing browser is a failure.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CICA_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "Chromium is required under CI=true but {} does not exist",
            path.display()
        );
    }
    eprintln!(
        "skipping browser test: no Chromium at {} (set CICA_CHROMIUM)",
        path.display()
    );
    None
}

fn run(browser: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd.args(args);
    cmd.output().expect("chromium runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_in_chromium_on_desktop_and_phone() {
    let Some(browser) = chromium() else { return };
    let app = common::TestApp::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("loopback port");
    let addr = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cica_web::serve(listener, app.state.clone(), async {
        let _ = stopped.await;
    }));
    let profile = tempfile::tempdir().expect("profile dir");
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");

    for (name, path, expect) in [
        ("home", "/", "Dialogue, trust and cooperation across Asia"),
        ("members", "/members", "Member States (28)"),
        ("news", "/news?month=2025-02", "News"),
        ("state", "/states/AZE", "Azerbaijan"),
        ("calendar", "/calendar", "Upcoming"),
        ("engagements", "/engagements", "Engagements"),
        ("digests", "/digest", "Print edition (PDF)"),
        ("cbm", "/cbm", "Who does what"),
        (
            "cbm-area",
            "/cbm/areas/ict-security",
            "Coordinating states over time",
        ),
        (
            "contributions",
            "/contributions?year=2025",
            "Secretariat budget",
        ),
        (
            "fund-project",
            "/fund/projects/afghanistan-wheat-2025",
            "Farming households reached",
        ),
        (
            "digest-2025-q1",
            "/digest/2025-Q1",
            "The Quarter in Meetings and Decisions",
        ),
    ] {
        let url = format!("http://{addr}{path}");
        let b = browser.clone();
        let p = profile.path().to_owned();
        let dom = tokio::task::spawn_blocking(move || run(&b, &p, &["--dump-dom", &url]))
            .await
            .expect("join");
        let html = String::from_utf8_lossy(&dom.stdout);
        assert!(
            html.contains(expect),
            "{name}: the browser's DOM lacks {expect:?}; stderr: {}",
            String::from_utf8_lossy(&dom.stderr)
        );
        assert!(html.contains("<nav"), "{name}: navigation rendered");

        for (size, label) in [("1280,900", "desktop"), ("390,844", "phone")] {
            let file = shots.join(format!("{name}-{label}.png"));
            let url = format!("http://{addr}{path}");
            let b = browser.clone();
            let p = profile.path().to_owned();
            let arg = format!("--screenshot={}", file.display());
            let size = format!("--window-size={size}");
            let out = tokio::task::spawn_blocking(move || run(&b, &p, &[&arg, &size, &url]))
                .await
                .expect("join");
            let png = std::fs::read(&file).unwrap_or_else(|e| {
                panic!(
                    "{name} {label}: no screenshot ({e}); {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
            assert!(png.starts_with(b"\x89PNG"), "{name} {label}: a PNG");
            assert!(
                png.len() > 10_000,
                "{name} {label}: the page drew something ({} bytes)",
                png.len()
            );
        }
    }
    let _ = stop.send(());
    server.await.expect("join").expect("server stops cleanly");
}
