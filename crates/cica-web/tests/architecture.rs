//! The web crate is cut by area (registers, calendar, news and import, documents, decisions,
//! silence, treaties, digest, accounts, the home page), each with its routes, API and pages,
//! over a kit every area shares (API and page helpers, parameters, errors, the state, the
//! extractors). An area may use another only one way: the areas form no cycle, and the kit
//! uses no area.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const AREAS: &[&str] = &[
    "registers",
    "calendar",
    "calendar_forms",
    "record_forms",
    "registers_forms",
    "news",
    "news_forms",
    "import",
    "documents",
    "documents_forms",
    "decisions",
    "decisions_forms",
    "actions_forms",
    "silence",
    "treaties",
    "cbm",
    "cbm_forms",
    "money",
    "money_forms",
    "fund",
    "fund_forms",
    "exports",
    "digest",
    "accounts",
    "restore",
    "admin",
    "desk",
    "home",
    "feeds",
];
const KIT: &[&str] = &[
    "api", "pages", "present", "readers", "params", "error", "state", "write", "guard", "cache",
    "conn", "versions", "forms", "input",
];

/// Which modules of the crate each module names (`crate::x`).
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("source");
        let named: BTreeSet<String> = text
            .match_indices("crate::")
            .map(|(i, _)| {
                text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect::<String>()
            })
            .filter(|m| m != name)
            .collect();
        out.insert(name.to_owned(), named);
    }
    out
}

#[test]
fn every_module_is_an_area_or_the_kit() {
    for name in uses().keys() {
        assert!(
            name == "lib" || AREAS.contains(&name.as_str()) || KIT.contains(&name.as_str()),
            "src/{name}.rs is neither an area nor the kit: add it to one list"
        );
    }
}

/// The one way the kit names an area: the state holds the Digest's press (its queue of
/// typesetting work and the PDFs kept), which lives as long as the server.
const HELD_BY_THE_STATE: &[(&str, &str)] = &[("state", "digest")];

#[test]
fn the_kit_uses_no_area() {
    for (name, named) in uses() {
        if KIT.contains(&name.as_str()) {
            let areas: Vec<_> = named
                .iter()
                .filter(|m| AREAS.contains(&m.as_str()))
                .filter(|m| !HELD_BY_THE_STATE.contains(&(name.as_str(), m.as_str())))
                .collect();
            assert!(
                areas.is_empty(),
                "the kit's {name} uses the areas {areas:?}"
            );
        }
    }
}

#[test]
fn areas_use_each_other_one_way_only() {
    let uses = uses();
    let edges = |a: &str| -> Vec<String> {
        uses.get(a)
            .into_iter()
            .flatten()
            .filter(|m| AREAS.contains(&m.as_str()))
            .cloned()
            .collect()
    };
    // Depth-first search for a cycle, reporting its path.
    fn visit(
        a: &str,
        edges: &dyn Fn(&str) -> Vec<String>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if let Some(start) = path.iter().position(|p| p == a) {
            panic!(
                "the areas use each other in a cycle: {} -> {a}",
                path[start..].join(" -> ")
            );
        }
        if done.contains(a) {
            return;
        }
        path.push(a.to_owned());
        for b in edges(a) {
            visit(&b, edges, path, done);
        }
        path.pop();
        done.insert(a.to_owned());
    }
    let mut done = BTreeSet::new();
    for a in AREAS {
        visit(a, &edges, &mut Vec::new(), &mut done);
    }
}
