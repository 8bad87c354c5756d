//! The command line is a shell over the application layer: its commands call the use cases of
//! `cica-app` and take nothing from the web crate, which the binary links only to serve.

use std::path::Path;

#[test]
fn only_serving_uses_the_web_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        for (n, line) in text.lines().enumerate() {
            if !line.contains("cica_web::") {
                continue;
            }
            let serving = path.file_name().is_some_and(|f| f == "main.rs")
                && ["SiteConfig", "AppState::new", "serve("]
                    .iter()
                    .any(|allowed| line.contains(allowed));
            if !serving {
                offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "commands must call the application layer, not the web crate:\n{}",
        offenders.join("\n")
    );
}
