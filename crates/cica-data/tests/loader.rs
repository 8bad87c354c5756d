//! The loader's checks, driven by small datasets written inline: each broken input must be
//! refused with a message naming the file, the record and the field.

use cica_data::load_files;

/// A minimal valid dataset the cases below break in one place each.
const BASE: &str = r#"
[[state]]
code = "KAZ"
name = "Kazakhstan"
[[state.status]]
status = "member"
from = "1999-09-14"

[[state]]
code = "AZE"
name = "Azerbaijan"
[[state.status]]
status = "member"
from = "1999-09-14"

[[body]]
slug = "senior-officials-committee"
name = "Senior Officials Committee"
short_name = "SOC"
kind = "policy-making-organ"

[[person]]
slug = "kairat-sarybay"
name = "Kairat Sarybay"
[[person.role]]
title = "Secretary General"
body = "senior-officials-committee"
from = "2022-10-13"
"#;

const NEWS: &str = r#"
[[news]]
slug = "soc-baku"
title = "First Meeting of the SOC"
kind = "article"
dateline = { place = "Baku", date = "2025-02-27" }
states = ["AZE"]
bodies = ["senior-officials-committee"]
people = ["kairat-sarybay"]
source = "CICA Digest 2025-Q1, p. 22"
body = "Senior officials met in Baku."
"#;

fn problems(files: &[(&str, &str)]) -> Vec<String> {
    match load_files(files.iter().copied()) {
        Ok(_) => vec![],
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn the_base_dataset_loads() {
    let ds = load_files([("base.toml", BASE), ("news.toml", NEWS)]).expect("valid");
    assert_eq!(ds.states.len(), 2);
    assert_eq!(ds.news[0].date.to_string(), "2025-02-27");
    assert_eq!(
        ds.news[0].dateline.as_ref().map(|d| d.place.as_str()),
        Some("Baku")
    );
}

#[test]
fn broken_inputs_are_refused_with_file_record_and_field() {
    // (what the news file says instead, the expected problem text)
    let table: &[(&str, &str)] = &[
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "article"
dateline = { place = "Baku", date = "2025-02-27" }
states = ["KWX"]
source = "s"
body = "b"
"#,
            r#"news.toml: news "soc-baku", field `states`: no state has the key `KWX`"#,
        ),
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "article"
dateline = { place = "Baku", date = "2025-01-17/2025-01-15" }
source = "s"
body = "b"
"#,
            r#"news.toml: news "soc-baku", field `dateline.date`: the range ends (2025-01-15) before it starts (2025-01-17)"#,
        ),
        (
            r#"
[[person]]
slug = "kairat-sarybay"
name = "Someone Else"
"#,
            r#"news.toml: person "kairat-sarybay", field `slug`: duplicate key `kairat-sarybay`: person "kairat-sarybay" in base.toml already has it"#,
        ),
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "opinion"
date = "2025-02-27"
source = "s"
body = "b"
"#,
            r#"news.toml: news "soc-baku", field `kind`: `opinion` is not one of: article, brief"#,
        ),
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "brief"
source = "s"
body = "b"
"#,
            r#"news.toml: news "soc-baku", field `date`: an item without a dateline needs a `date`"#,
        ),
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "brief"
date = "2025-02-27"
bodies = ["soc"]
source = "s"
body = "b"
"#,
            r#"news.toml: news "soc-baku", field `bodies`: no body has the key `soc`"#,
        ),
        (
            r#"
[[news]]
slug = "Soc Baku"
title = "x"
kind = "brief"
date = "2025-02-27"
source = "s"
body = "b"
"#,
            r#"news.toml: news "Soc Baku", field `slug`: `Soc Baku` is not a slug"#,
        ),
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "brief"
date = "2025-02-27"
issue = "2025-Q5"
source = "s"
body = "b"
"#,
            r#"news.toml: news "soc-baku", field `issue`: `2025-Q5` is not a quarter"#,
        ),
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "brief"
date = "2025-02-27"
source = "s"
body = "   "
"#,
            r#"news.toml: news "soc-baku", field `body`: must not be empty"#,
        ),
        (
            r#"
[[news]]
slug = "soc-baku"
title = "x"
kind = "brief"
date = "2025-02-27"
source = "s"
body = "b"
headline = "misspelt field"
"#,
            "news.toml: is not valid: TOML parse error",
        ),
        (
            r#"
[[meeting]]
id = "soc-1"
body = "senior-officials-committee"
date = "2025-summer"
next = "soc-2"
time = "25:00+05:00"
"#,
            r#"news.toml: meeting "soc-1", field `time`: `25:00+05:00` is not a time with its UTC offset"#,
        ),
        (
            r#"
[[meeting]]
id = "soc-1"
body = "senior-officials-committee"
date = "2025-summer"
next = "soc-2"
"#,
            r#"news.toml: meeting "soc-1", field `next`: no meeting has the key `soc-2`"#,
        ),
        (
            r#"
[[state]]
code = "QAT"
name = "Qatar"
[[state.status]]
status = "observer"
from = "2008-08-25"
until = "2015"
[[state.status]]
status = "member"
from = "2014-05"
"#,
            r#"news.toml: state "QAT", field `status`: periods 1 and 2 overlap"#,
        ),
        (
            r#"
[[state]]
code = "QAT"
name = "Qatar"
[[state.status]]
status = "partner"
from = "2008-08-25"
"#,
            r#"news.toml: state "QAT", field `status[0].status`: `partner` is not one of: member, observer"#,
        ),
        (
            r#"
[[chairmanship]]
state = "AZE"
from = "2024-12-17"
until = "2024-03-19"
"#,
            r#"news.toml: chairmanship "AZE from 2024-12-17", field `until`: the period ends (2024-03-19) before it starts (2024-12-17)"#,
        ),
        (
            r#"
[[person]]
slug = "someone"
name = "Someone"
[[person.role]]
title = "Ambassador"
state = "KAZ"
organization = "un"
"#,
            r#"news.toml: person "someone", field `role[0].state`: give exactly one of `state`, `organization` or `body`"#,
        ),
        (
            r#"
[[chairmanship]]
state = "KAZ"
from = "2020-09-24"
until = "2025-01-10"

[[chairmanship]]
state = "AZE"
from = "2024-12-17"
"#,
            r#"news.toml: chairmanship "AZE from 2024-12-17", field `from`: overlaps the chairmanship of KAZ from 2020-09-24 (until 2025-01-10)"#,
        ),
        (
            r#"
[[chairmanship]]
state = "KAZ"
from = "2020-09-24"

[[chairmanship]]
state = "AZE"
from = "2024-12-17"
"#,
            r#"news.toml: chairmanship "AZE from 2024-12-17", field `from`: overlaps the chairmanship of KAZ from 2020-09-24 (open-ended)"#,
        ),
        (
            r#"
[[body]]
slug = "fund"
name = "Fund"
kind = "fund"
parent = "committee"

[[body]]
slug = "committee"
name = "Committee"
kind = "subsidiary"
parent = "fund"
"#,
            r#"news.toml: body "committee", field `parent`: the parents go round in a circle: committee → fund → committee"#,
        ),
    ];
    for (news, expected) in table {
        let got = problems(&[("base.toml", BASE), ("news.toml", news)]);
        assert!(
            got.iter().any(|p| p.contains(expected)),
            "expected a problem containing\n  {expected}\ngot\n  {got:#?}"
        );
    }
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let news = r#"
[[news]]
slug = "a"
title = "x"
kind = "brief"
date = "2025-02-30"
states = ["XXX"]
source = "s"
body = "b"
"#;
    let got = problems(&[("base.toml", BASE), ("news.toml", news)]);
    assert_eq!(got.len(), 2, "{got:#?}");
}

#[test]
fn the_error_message_says_nothing_was_loaded() {
    let err = load_files([("a.toml", "[[state]]\ncode = 1\n")]).expect_err("invalid");
    let text = err.to_string();
    assert!(
        text.starts_with("the dataset has 1 problem; nothing was loaded"),
        "{text}"
    );
    assert!(text.contains("a.toml: is not valid"), "{text}");
}

/// Issue 5: documents, decisions, silence procedures and treaties are checked as strictly.
#[test]
fn broken_decisions_and_treaties_are_refused() {
    let base = format!(
        "{BASE}{}",
        r#"
[[state]]
code = "JPN"
name = "Japan"
[[state.status]]
status = "observer"
from = "1999"

[[body]]
slug = "ministerial-council"
name = "Ministerial Council"
kind = "policy-making-organ"

[[document]]
slug = "plan"
title = "A plan"
kind = "action-plan"
visibility = "public"
status = "adopted"
[[document.version]]
number = 1
date = "2025-02-27"
proposed_by = "secretariat"
"#
    );
    let table: &[(&str, &str)] = &[
        (
            r#"
[[decision]]
id = "d1"
organ = "senior-officials-committee"
date = "2025-02-27"
act = "adopt"
subject = "the plan"
document = "plan"
version = 2
"#,
            r#"decision "d1", field `version`: document `plan` has no version 2"#,
        ),
        (
            r#"
[[decision]]
id = "d1"
organ = "senior-officials-committee"
date = "2025-02-27"
act = "veto"
subject = "the plan"
"#,
            r#"decision "d1", field `act`: `veto` is not one of: adopt, endorse"#,
        ),
        (
            r#"
[[silence]]
id = "s1"
organ = "ministerial-council"
act = "elect"
subject = "a Chair"
chair = "KAZ"
chair_time_zone = "Asia/Almaty"
opened_at = "2024-03-14T18:00:00+05:00"
expires_at = "2024-03-19T18:00:00+05:00"
[[silence.event]]
kind = "broken"
at = "2024-03-15T10:00:00+05:00"
state = "JPN"
stance = "objection"
text = "We object."
"#,
            r#"silence "s1", field `event[0]`: could not have happened: JPN is not a Member State on this day"#,
        ),
        (
            r#"
[[silence]]
id = "s1"
organ = "ministerial-council"
act = "elect"
subject = "a Chair"
chair = "KAZ"
chair_time_zone = "Asia/Almaty"
opened_at = "2024-03-14T18:00:00+05:00"
expires_at = "2024-03-19T18:00:00+05:00"
"#,
            r#"silence "s1", field `decision`: an adopted procedure names the decision it produced"#,
        ),
        (
            r#"
[[silence]]
id = "s1"
organ = "ministerial-council"
act = "elect"
subject = "a Chair"
chair = "KAZ"
chair_time_zone = "Mars/Olympus"
opened_at = "2024-03-14 18:00"
expires_at = "2024-03-19T18:00:00+05:00"
"#,
            r#"silence "s1", field `chair_time_zone`: `Mars/Olympus` is not an IANA time zone"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 14
counted = ["signature"]
delay = { days = 30 }
clause_text = "14 instruments, 30 days"
[[treaty.action]]
party = "XXX"
kind = "ratification"
deposit = "2024"
"#,
            r#"treaty "t1", field `counted`: a signature is not an instrument of consent"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 14
delay = { days = 30 }
clause_text = "14 instruments, 30 days"
[[treaty.action]]
party = "XXX"
kind = "ratification"
deposit = "2024"
"#,
            r#"treaty "t1", field `action[0].party`: no state has the key `XXX`"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 1
delay = { days = 30 }
clause_text = "one instrument and half the weight"
second_condition = { label = "half the weight", required = 100, weights = { KAZ = 40, AZE = 30 } }
"#,
            r#"treaty "t1", field `second_condition.required`: the weights add up to 70, less than the 100 required"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 1
delay = { days = 30 }
clause_text = "c"
second_condition = { label = "w", required = 10, weights = { KWX = 40 } }
"#,
            r#"treaty "t1", field `second_condition.weights`: no state has the key `KWX`"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 2
delay = { days = 30 }
clause_text = "c"
[[treaty.action]]
party = "KAZ"
kind = "signature"
act = "2010-06-08"
deposit = "2010-06-08"
"#,
            r#"treaty "t1", field `action[0]`: a signature is not deposited"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 2
delay = { days = 30 }
exit_delay = { months = 12 }
clause_text = "c"
[[treaty.action]]
party = "AZE"
kind = "denunciation"
deposit = "2020-01-01"
"#,
            r#"treaty "t1", field `action[0]`: AZE is not a party on 2020-01-01; there is nothing to end by a denunciation"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 2
delay = { days = 30 }
clause_text = "c"
[[treaty.action]]
party = "JPN"
kind = "accession"
deposit = "2020-01-01"
"#,
            r#"treaty "t1", field `action[0]`: JPN is not a Member State on 2020-01-01"#,
        ),
        (
            r#"
[[treaty]]
slug = "t1"
title = "A convention"
short_title = "Convention"
threshold = 2
delay = { days = 30 }
clause_text = "c"
[[treaty.action]]
party = "KAZ"
kind = "ratification"
deposit = "2020-01-01"
[[treaty.action]]
party = "KAZ"
kind = "ratification"
deposit = "2021-01-01"
"#,
            r#"treaty "t1", field `action[1]`: KAZ is already a party"#,
        ),
        (
            r#"
[[decision]]
id = "later"
organ = "senior-officials-committee"
date = "2024-03-20"
act = "recommend"
subject = "a candidate"

[[silence]]
id = "s1"
organ = "ministerial-council"
act = "elect"
subject = "a Chair"
chair = "KAZ"
chair_time_zone = "Asia/Almaty"
opened_at = "2024-03-14T18:00:00+05:00"
expires_at = "2024-03-19T18:00:00+05:00"
basis = "later"
[[silence.event]]
kind = "withdrawn"
at = "2024-03-15T10:00:00+05:00"
"#,
            r#"silence "s1", field `basis`: decision `later` of 2024-03-20 comes after the procedure was opened"#,
        ),
    ];
    for (extra, expected) in table {
        let got = problems(&[("base.toml", &base), ("news.toml", extra)]);
        assert!(
            got.iter().any(|p| p.contains(expected)),
            "expected a problem containing\n  {expected}\ngot\n  {got:#?}"
        );
    }
}

/// Issue 5: a clause with every part of the entry-into-force rule as data (the Paris
/// Agreement's shape: a count, instruments that do not count, a second condition, a delay for
/// exits) loads as written.
#[test]
fn a_full_clause_loads_as_data() {
    let treaty = r#"
[[treaty]]
slug = "t1"
title = "A convention with two conditions"
short_title = "Convention"
threshold = 2
delay = { days = 30 }
later_delay = { days = 30 }
exit_delay = { months = 12, first_of_next_month = true }
not_counted = ["AZE"]
clause_text = "two instruments, not counting Azerbaijan's, and 55 of the 100 units"
second_condition = { label = "55 of the 100 units", required = 55, weights = { KAZ = 40, AZE = 60 } }
"#;
    let ds = load_files([("base.toml", BASE), ("treaty.toml", treaty)]).expect("valid");
    let c = &ds.treaties[0].clause;
    assert_eq!(c.not_counted.iter().collect::<Vec<_>>(), ["AZE"]);
    assert_eq!(
        c.exit_delay,
        cica_domain::treaty::Delay::months(12).then_first_of_next_month()
    );
    let w = c.second_condition.as_ref().expect("a second condition");
    assert_eq!((w.label.as_str(), w.required), ("55 of the 100 units", 55));
    assert_eq!(w.weights.get("AZE"), Some(&60));
}

/// The smallest files that pass for a PNG and a JPEG (their signatures): the loader checks
/// what an image is by its first bytes, as readers do.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];

fn problems_with_media(news: &str, media: &[(&str, &[u8])]) -> Vec<String> {
    match cica_data::load_files_with_media(
        [("base.toml", BASE), ("news.toml", news)],
        media.iter().copied(),
    ) {
        Ok(_) => vec![],
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn photos_name_images_that_exist_and_are_images() {
    let with_photo = |file: &str, caption: &str| {
        format!("{NEWS}\n[[news.photo]]\nfile = \"{file}\"\ncaption = \"{caption}\"\n")
    };
    // A photo of an image that is there loads, with its caption.
    let ok = cica_data::load_files_with_media(
        [
            ("base.toml", BASE),
            (
                "news.toml",
                &with_photo("soc-baku.jpg", "The delegations in Baku"),
            ),
        ],
        [("media/soc-baku.jpg", JPEG)],
    )
    .expect("valid");
    assert_eq!(ok.news[0].photos.len(), 1);
    assert_eq!(ok.news[0].photos[0].caption, "The delegations in Baku");
    assert_eq!(ok.media.len(), 1);
    // (photo file, caption, images present, expected problem)
    type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [u8])], &'a str);
    let table: [Case<'_>; 6] = [
        (
            "soc-baku.jpg",
            "Baku",
            &[],
            r#"news.toml: news "soc-baku", field `photo[0].file`: no image under media/ has the key `soc-baku.jpg`"#,
        ),
        (
            "Soc Baku.JPG",
            "Baku",
            &[],
            "field `photo[0].file`: `Soc Baku.JPG` is not an image name",
        ),
        (
            "soc-baku.jpg",
            "  ",
            &[("media/soc-baku.jpg", JPEG)],
            "field `photo[0].caption`: must not be empty",
        ),
        (
            "soc-baku.jpg",
            "Baku",
            &[("media/soc-baku.jpg", b"GIF89a")],
            "media/soc-baku.jpg: `soc-baku.jpg` is not a PNG or JPEG image",
        ),
        (
            "soc-baku.jpg",
            "Baku",
            &[("media/soc-baku.jpg", PNG)],
            "media/soc-baku.jpg: `soc-baku.jpg` is named as a JPEG image but holds a PNG one",
        ),
        (
            "soc-baku.png",
            "Baku",
            &[
                ("2025/media/soc-baku.png", PNG),
                ("2026/media/soc-baku.png", PNG),
            ],
            "2026/media/soc-baku.png: image, field `file`: duplicate key `soc-baku.png`",
        ),
    ];
    for (file, caption, media, expected) in table {
        let got = problems_with_media(&with_photo(file, caption), media);
        assert!(
            got.iter().any(|p| p.contains(expected)),
            "expected a problem containing\n  {expected}\ngot\n  {got:#?}"
        );
    }
}

#[test]
fn an_issue_names_4_to_6_of_its_own_items() {
    let digest = |highlights: &str| {
        format!(
            "{NEWS}\n[[news]]\nslug = \"old\"\ntitle = \"Old\"\nkind = \"article\"\ndateline = {{ place = \"Baku\", date = \"2024-11-02\" }}\nsource = \"s\"\nbody = \"b\"\n\n[[digest]]\nquarter = \"2025-Q1\"\ntitle = \"Voice of Asia\"\n{highlights}\n"
        )
    };
    let table = [
        (
            r#"highlights = ["soc-baku", "soc-baku"]"#,
            "field `highlights`: `soc-baku` is listed twice",
        ),
        (
            r#"highlights = ["soc-baku"]"#,
            r#"news.toml: digest "2025-Q1", field `highlights`: the cover carries 4 to 6 headlines, not 1"#,
        ),
        (
            r#"order = ["old"]"#,
            r#"news.toml: digest "2025-Q1", field `order`: `old` is not an item of the 2025-Q1 issue"#,
        ),
        (
            r#"spotlight = ["nothing-like-it"]"#,
            "field `spotlight`: no news item has the key `nothing-like-it`",
        ),
        // Whose words a foreword is must be said.
        (
            r#"foreword = "Dear readers""#,
            r#"news.toml: digest "2025-Q1", field `foreword_kind`: say whose words the foreword is"#,
        ),
        (
            "foreword = \"Dear readers\"\nforeword_kind = \"ghost-written\"",
            "field `foreword_kind`: `ghost-written` is not one of: own, reported",
        ),
    ];
    for (lines, expected) in table {
        let got = problems(&[("base.toml", BASE), ("news.toml", &digest(lines))]);
        assert!(
            got.iter().any(|p| p.contains(expected)),
            "expected a problem containing\n  {expected}\ngot\n  {got:#?}"
        );
    }
    assert!(
        problems(&[
            ("base.toml", BASE),
            ("news.toml", &digest(r#"order = ["soc-baku"]"#))
        ])
        .is_empty()
    );
}

#[test]
fn a_record_loaded_obeys_the_rules_every_save_of_it_goes_through() {
    let people = r#"
[[person]]
slug = "a-person"
name = "A Person"

[[person.role]]
title = "Envoy | Adviser"
state = "KAZ"
sources = ["Interfax; TASS"]
"#;
    let got = problems(&[("base.toml", BASE), ("people.toml", people)]);
    for field in ["roles[0].title", "roles[0].sources"] {
        assert!(got.iter().any(|p| p.contains(field)), "{field}: {got:#?}");
    }
}

/// The Catalogue's records: each broken input is refused naming the record and the field.
#[test]
fn broken_catalogue_records_are_refused() {
    let base = format!(
        "{BASE}{}",
        r#"
[[state]]
code = "JPN"
name = "Japan"
[[state.status]]
status = "observer"
from = "1999"

[[cbm_area]]
slug = "ict"
dimension = "new-challenges-and-threats"
name = "Security of and in the use of ICTs"
[[cbm_area.term]]
state = "KAZ"
role = "coordinator"
from = "2022-07"
"#
    );
    let table: &[(&str, &str)] = &[
        (
            r#"
[[cbm_area]]
slug = "a1"
dimension = "cultural"
name = "Culture"
"#,
            r#"cbm_area "a1", field `dimension`: `cultural` is not one of: military-political"#,
        ),
        (
            r#"
[[cbm_area]]
slug = "a1"
dimension = "economic"
name = "Tourism"
[[cbm_area.term]]
state = "KAZ"
role = "coordinator"
from = "2021"
[[cbm_area.term]]
state = "AZE"
role = "coordinator"
from = "2022-05"
"#,
            r#"cbm_area "a1", field `term[1]`: AZE would coordinate while term[0]'s coordinator does"#,
        ),
        (
            r#"
[[cbm_area]]
slug = "a1"
dimension = "economic"
name = "Tourism"
[[cbm_area.term]]
state = "KAZ"
role = "coordinator"
from = "2021"
until = "2023"
[[cbm_area.term]]
state = "KAZ"
role = "co-coordinator"
from = "2022"
"#,
            r#"cbm_area "a1", field `term[1]`: KAZ already holds a role in the area"#,
        ),
        (
            r#"
[[cbm_area]]
slug = "a1"
dimension = "economic"
name = "Tourism"
[[cbm_area.term]]
state = "JPN"
role = "co-coordinator"
from = "2021"
"#,
            r#"cbm_area "a1", field `term[0].state`: JPN is not a Member State on 2021-01-01"#,
        ),
        (
            r#"
[[cbm_area]]
slug = "a1"
dimension = "economic"
name = "Tourism"
[[cbm_area.term]]
state = "KAZ"
role = "chair"
from = "2021"
"#,
            r#"cbm_area "a1", field `term[0].role`: `chair` is not one of: coordinator, co-coordinator"#,
        ),
        (
            r#"
[[cbm_area]]
slug = "a1"
dimension = "economic"
name = "Tourism"
[[cbm_area.term]]
state = "KAZ"
role = "coordinator"
from = "2021"
decision = "nowhere"
"#,
            r#"cbm_area "a1", field `term[0].decision`: no decision has the key `nowhere`"#,
        ),
        (
            r#"
[[cbm_area]]
slug = "a1"
dimension = "economic"
name = "Tourism"
[[cbm_area.plan]]
first_year = 2025
last_year = 2024
"#,
            r#"cbm_area "a1", field `plan[0].last_year`: the plan ends (2024) before it starts (2025)"#,
        ),
        (
            r#"
[[cbm_activity]]
slug = "w1"
area = "nowhere"
kind = "workshop"
title = "A workshop"
date = "2025-02-26"
organisers = ["KAZ"]
"#,
            r#"cbm_activity "w1", field `area`: no CBM priority area has the key `nowhere`"#,
        ),
        (
            r#"
[[cbm_activity]]
slug = "w1"
area = "ict"
kind = "party"
title = "A workshop"
date = "2025-02-26"
organisers = ["KAZ"]
"#,
            r#"cbm_activity "w1", field `kind`: `party` is not one of: workshop"#,
        ),
        (
            r#"
[[cbm_activity]]
slug = "w1"
area = "ict"
kind = "workshop"
title = "A workshop"
date = "2025-02-26"
"#,
            r#"cbm_activity "w1", field `organisers`: name who organised it"#,
        ),
        (
            r#"
[[cbm_activity]]
slug = "w1"
area = "ict"
kind = "workshop"
title = "A workshop"
date = "2025-02-26"
organisers = ["KAZ"]
participants = ["KAZ", "AZE"]
"#,
            r#"cbm_activity "w1", field `participants`: `KAZ` is an organiser already"#,
        ),
        (
            r#"
[[cbm_activity]]
slug = "w1"
area = "ict"
kind = "workshop"
title = "A workshop"
date = "2025-02-26"
organisers = ["KAZ"]
participants = ["JPN"]
"#,
            r#"cbm_activity "w1", field `participants`: JPN is not a Member State on 2025-02-26"#,
        ),
        (
            r#"
[[cbm_activity]]
slug = "w1"
area = "ict"
kind = "workshop"
title = "A workshop"
date = "2025-02-26"
organisers = ["KAZ"]
participants = ["AZE"]
states_reported = 1
"#,
            r#"cbm_activity "w1", field `states_reported`: 1 is fewer than the 2 states named"#,
        ),
        (
            r#"
[[cbm_activity]]
slug = "w1"
area = "ict"
kind = "workshop"
title = "A workshop"
date = "2025-02-26"
organisers = ["KAZ"]
meetings = ["nowhere"]
"#,
            r#"cbm_activity "w1", field `meetings`: no meeting has the key `nowhere`"#,
        ),
    ];
    for (extra, expected) in table {
        let got = problems(&[("base.toml", &base), ("cbm.toml", extra)]);
        assert!(
            got.iter().any(|p| p.contains(expected)),
            "expected a problem containing\n  {expected}\ngot\n  {got:#?}"
        );
    }
    let ds = load_files([("base.toml", base.as_str())]).expect("the base loads");
    assert_eq!(ds.cbm_areas.len(), 1);
    assert_eq!(ds.cbm_areas[0].terms[0].state.as_str(), "KAZ");
}
