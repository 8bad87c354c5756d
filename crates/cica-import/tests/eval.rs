//! The importer held to a bar on releases as the Secretariat receives them: agency copy,
//! ministries' releases, the Secretariat's own over the years, saved web pages. Each file in
//! `fixtures/eval/` is one item, written in our own words in the format of a real source, and
//! annotated by hand in the set's JSON file (what a careful reader finds: the dateline's place
//! and days, the Member States named, those only implied). A Member State is one on the day
//! the item reports: Qatar, named in a release of 2008, was an Observer State then.
//!
//! The bar the Secretariat set is the dateline (place and days) right on at least 95% of the
//! items, and the Member States named found with an F1 of at least 95%. This set is held to
//! what the importer reaches on it (98%, and 95% for the item's day), so that a change that
//! loses a style fails here; an item read as several counts as a wrong dateline. Every miss is
//! printed, so a failure says which items and what was read instead.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cica_import::{Gazetteer, ImportedItem};
use serde_json::Value;

/// The share of items whose dateline must be read right, the F1 the Member States named must
/// reach, and the share of items whose day must be right.
const DATELINE_BAR: f64 = 0.98;
const STATES_BAR: f64 = 0.98;
const DAY_BAR: f64 = 0.95;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eval")
}

/// One annotated item.
struct Case {
    file: String,
    headline: String,
    place: Option<String>,
    first: Option<String>,
    last: Option<String>,
    date: Option<String>,
    states: BTreeSet<String>,
    implied: BTreeSet<String>,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn codes(v: &Value, key: &str) -> BTreeSet<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The JSON files of a folder, in name order, each with what it holds.
fn json_files(dir: &Path) -> Vec<(PathBuf, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            let json =
                serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
            (f, json)
        })
        .collect()
}

/// Every annotated item of every set, in the sets' order.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (_, json) in json_files(&dir()) {
        for v in json.as_array().expect("a set is a list of items") {
            cases.push(Case {
                file: text(v, "file").expect("each item names its file"),
                headline: text(v, "headline").unwrap_or_default(),
                place: text(v, "place"),
                first: text(v, "first"),
                last: text(v, "last"),
                date: text(v, "date"),
                states: codes(v, "states"),
                implied: codes(v, "implied"),
            });
        }
    }
    cases
}

/// What was read of one item, in the annotation's terms.
struct Read {
    place: Option<String>,
    first: Option<String>,
    last: Option<String>,
    date: Option<String>,
    headline: String,
    states: BTreeSet<String>,
    implied: BTreeSet<String>,
    items: usize,
}

fn read(g: &Gazetteer, case: &Case) -> Result<Read, String> {
    let bytes = std::fs::read(dir().join(&case.file)).map_err(|e| e.to_string())?;
    read_bytes(g, &case.file, &bytes)
}

fn read_bytes(g: &Gazetteer, name: &str, bytes: &[u8]) -> Result<Read, String> {
    let (_, items) = cica_import::read(name, bytes, None, g, &[]).map_err(|e| e.to_string())?;
    let first: &ImportedItem = items.first().ok_or("no item")?;
    let dateline = first.dateline();
    Ok(Read {
        place: dateline.map(|d| d.place.clone()).filter(|p| !p.is_empty()),
        first: dateline.and_then(|d| d.start).map(|d| d.to_string()),
        last: dateline.and_then(|d| d.end).map(|d| d.to_string()),
        date: first.day().map(|d| d.to_string()),
        headline: first.raw.title.clone(),
        // Member States on the day the item reports: an Observer State then, or a state that
        // was neither, is not one.
        states: first
            .members
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        implied: first
            .found
            .states_implied
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        items: items.len(),
    })
}

fn same_place(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.to_lowercase() == b.to_lowercase(),
        (None, None) => true,
        _ => false,
    }
}

/// True positives, false positives, false negatives.
#[derive(Default)]
struct Counts(usize, usize, usize);

impl Counts {
    fn add(&mut self, want: &BTreeSet<String>, got: &BTreeSet<String>) {
        self.0 += want.intersection(got).count();
        self.1 += got.difference(want).count();
        self.2 += want.difference(got).count();
    }
    fn f1(&self) -> f64 {
        let Counts(tp, fp, fneg) = *self;
        if tp + fp + fneg == 0 {
            return 1.0;
        }
        2.0 * tp as f64 / (2 * tp + fp + fneg) as f64
    }
}

#[test]
fn releases_as_the_secretariat_receives_them_are_read_to_the_bar() {
    let cases = cases();
    if cases.is_empty() {
        panic!("the evaluation set in {} is empty", dir().display());
    }
    let ds = cica_data::builtin().expect("dataset");
    let g = Gazetteer::new(&ds, cica_domain::parse_day("2026-12-01").expect("day"));
    let (mut datelines, mut days, mut headlines) = (0, 0, 0);
    let (mut states, mut implied) = (Counts::default(), Counts::default());
    let mut misses = String::new();
    // Per set (the folder of the file): items, datelines right, days right, Member States.
    let mut sets: std::collections::BTreeMap<String, (usize, usize, usize, Counts)> =
        Default::default();
    for case in &cases {
        let set = case.file.split('/').next().unwrap_or_default().to_owned();
        let per = sets.entry(set).or_default();
        per.0 += 1;
        let got = match read(&g, case) {
            Ok(got) => got,
            Err(e) => {
                let _ = writeln!(misses, "{}: refused: {e}", case.file);
                states.add(&case.states, &BTreeSet::new());
                per.3.add(&case.states, &BTreeSet::new());
                implied.add(&case.implied, &BTreeSet::new());
                continue;
            }
        };
        let mut miss = Vec::new();
        if got.items != 1 {
            miss.push(format!("read as {} items", got.items));
        }
        if got.items == 1
            && same_place(&got.place, &case.place)
            && got.first == case.first
            && got.last == case.last
        {
            datelines += 1;
            per.1 += 1;
        } else {
            miss.push(format!(
                "dateline {:?} {:?}–{:?}, want {:?} {:?}–{:?}",
                got.place, got.first, got.last, case.place, case.first, case.last
            ));
        }
        if got.date == case.date {
            days += 1;
            per.2 += 1;
        } else {
            miss.push(format!("day {:?}, want {:?}", got.date, case.date));
        }
        if got.headline.trim() == case.headline.trim() {
            headlines += 1;
        } else {
            miss.push(format!(
                "headline {:?}, want {:?}",
                got.headline, case.headline
            ));
        }
        if got.states != case.states {
            miss.push(format!("states {:?}, want {:?}", got.states, case.states));
        }
        if got.implied != case.implied {
            miss.push(format!(
                "implied {:?}, want {:?}",
                got.implied, case.implied
            ));
        }
        states.add(&case.states, &got.states);
        per.3.add(&case.states, &got.states);
        implied.add(&case.implied, &got.implied);
        if !miss.is_empty() {
            let _ = writeln!(misses, "{}: {}", case.file, miss.join("; "));
        }
    }
    for (set, (n, d, day, st)) in &sets {
        let pc = |k: &usize| 100.0 * *k as f64 / *n as f64;
        println!(
            "set {set}: {n} items, dateline {:.1}%, day {:.1}%, Member States F1 {:.1}%",
            pc(d),
            pc(day),
            100.0 * st.f1()
        );
    }
    let n = cases.len() as f64;
    let share = |k: usize| k as f64 / n;
    println!(
        "{} items: dateline {:.1}%, day {:.1}%, headline {:.1}%, Member States F1 {:.1}% \
         ({} found right, {} too many, {} missed), implied F1 {:.1}%\n{misses}",
        cases.len(),
        100.0 * share(datelines),
        100.0 * share(days),
        100.0 * share(headlines),
        100.0 * states.f1(),
        states.0,
        states.1,
        states.2,
        100.0 * implied.f1(),
    );
    assert!(
        share(datelines) >= DATELINE_BAR && states.f1() >= STATES_BAR && share(days) >= DAY_BAR,
        "below the bar: dateline {:.1}%, Member States F1 {:.1}%, day {:.1}%\n{misses}",
        100.0 * share(datelines),
        100.0 * states.f1(),
        100.0 * share(days)
    );
}

/// The openings of items from many outlets and offices (headline, the lines under it, the
/// first paragraphs), each written in our own words in the format of a real source and
/// annotated by hand: a wider net for the dateline's styles than whole items can be.
fn openings() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openings");
    let mut all = Vec::new();
    for (f, json) in json_files(&dir) {
        let name = f
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        for (i, v) in json
            .as_array()
            .expect("a list of openings")
            .iter()
            .enumerate()
        {
            all.push((format!("{name}/{}", i + 1), v.clone()));
        }
    }
    all
}

/// The shares of openings whose dateline, and whose day, must be read right: what the importer
/// reaches on them (95% and 94%), held so that a change that loses a style fails here. Not the
/// Secretariat's bar: the openings were gathered to find what is not read yet, a few are in
/// languages other than English, and a few are annotated by conventions of their own (two
/// places in one dateline, a day with no place read as a dateline).
const OPENINGS_DATELINE_BAR: f64 = 0.94;
const OPENINGS_DAY_BAR: f64 = 0.93;

#[test]
fn openings_of_many_outlets_are_read_to_the_bar() {
    let all = openings();
    assert!(!all.is_empty(), "no openings");
    let ds = cica_data::builtin().expect("dataset");
    let g = Gazetteer::new(&ds, cica_domain::parse_day("2026-12-01").expect("day"));
    let (mut datelines, mut days) = (0, 0);
    let mut misses = String::new();
    // Per file: openings, datelines right, days right.
    let mut files: std::collections::BTreeMap<String, (usize, usize, usize)> = Default::default();
    for (name, v) in &all {
        let file = files
            .entry(name.split('/').next().unwrap_or_default().to_owned())
            .or_default();
        file.0 += 1;
        let body = text(v, "text").expect("each opening has its text");
        let source = text(v, "source").unwrap_or_default();
        let (place, first, last, date) = (
            text(v, "place"),
            text(v, "first"),
            text(v, "last"),
            text(v, "date"),
        );
        let got = match read_bytes(&g, &format!("{name}.txt"), body.as_bytes()) {
            Ok(got) => got,
            Err(e) => {
                let _ = writeln!(misses, "{name} ({source}): refused: {e}");
                continue;
            }
        };
        let mut miss = Vec::new();
        if got.items == 1
            && same_place(&got.place, &place)
            && got.first == first
            && got.last == last
        {
            datelines += 1;
            file.1 += 1;
        } else {
            miss.push(format!(
                "{} items, dateline {:?} {:?}–{:?}, want {:?} {:?}–{:?}",
                got.items, got.place, got.first, got.last, place, first, last
            ));
        }
        if got.date == date {
            days += 1;
            file.2 += 1;
        } else {
            miss.push(format!("day {:?}, want {:?}", got.date, date));
        }
        if !miss.is_empty() {
            let _ = writeln!(misses, "{name} ({source}): {}", miss.join("; "));
        }
    }
    for (file, (n, d, day)) in &files {
        let pc = |k: &usize| 100.0 * *k as f64 / *n as f64;
        println!(
            "openings {file}: {n}, dateline {:.1}%, day {:.1}%",
            pc(d),
            pc(day)
        );
    }
    let n = all.len() as f64;
    let share = |k: usize| k as f64 / n;
    println!(
        "openings: {} read, dateline {:.1}%, day {:.1}%\n{misses}",
        all.len(),
        100.0 * share(datelines),
        100.0 * share(days)
    );
    assert!(
        share(datelines) >= OPENINGS_DATELINE_BAR && share(days) >= OPENINGS_DAY_BAR,
        "below the bar: dateline {:.1}%, day {:.1}%\n{misses}",
        100.0 * share(datelines),
        100.0 * share(days)
    );
}
