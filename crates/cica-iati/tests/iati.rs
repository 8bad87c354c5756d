//! The IATI writer's output, validated by `xmllint` against the crate's copy of the official
//! IATI 2.03 schema and read back with quick-xml.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use cica_domain::fund::{
    ActivityStatus, Budget, BudgetStatus, BudgetType, Indicator, IndicatorMeasure, Location,
    Measurement, OrgRole, OrgType, Participant, Party, Project, ProjectResult, ReviewStage,
    ReviewStep, Transaction, TransactionType,
};
use cica_domain::money::{Currency, Money};
use cica_domain::{Provenance, Slug, StateCode};
use cica_iati::{Names, Org, Publisher, activities};
use quick_xml::Reader;
use quick_xml::events::Event;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a day of the fixture")
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a slug of the fixture")
}

fn state(code: &str) -> StateCode {
    StateCode::parse(code).expect("a state code of the fixture")
}

fn money(amount: &str, currency: &str) -> Money {
    let currency = Currency::parse(currency).expect("a currency of the fixture");
    Money::parse(amount, currency).expect("an amount of the fixture")
}

fn generated() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 6, 30, 9, 15, 0)
        .single()
        .expect("a valid time")
}

fn publisher() -> Publisher {
    Publisher {
        reference: "XI-IATI-CICA".into(),
        name: "Conference on Interaction and Confidence Building Measures in Asia (CICA)".into(),
        org_type: OrgType::Multilateral,
    }
}

/// The registers' names, as the application would look them up.
struct Register;

impl Names for Register {
    fn state(&self, code: &StateCode) -> Org {
        let name = match code.as_str() {
            "KAZ" => "Kazakhstan",
            "IRQ" => "Iraq",
            other => other,
        };
        Org {
            reference: None,
            name: name.into(),
            org_type: None,
        }
    }

    fn organization(&self, slug: &Slug) -> Org {
        let (reference, name) = match slug.as_str() {
            "cica-fund" => (Some("XI-IATI-CICA"), "CICA Fund"),
            "iofs" => (None, "Islamic Organization for Food Security"),
            other => (None, other),
        };
        Org {
            reference: reference.map(Into::into),
            name: name.into(),
            org_type: Some(OrgType::Multilateral),
        }
    }
}

fn step(stage: ReviewStage, on: &str) -> ReviewStep {
    let decided_by = stage.is_determination().then(|| slug("prc-2025-1"));
    ReviewStep {
        stage,
        day: Some(day(on)),
        decided_by,
        note: None,
    }
}

fn target(value: &str) -> Indicator {
    Indicator {
        title: String::new(),
        measure: IndicatorMeasure::Unit,
        unit: None,
        baseline: Some(Measurement {
            year_or_day: day("2025-01-01"),
            value: "0".into(),
            comment: None,
        }),
        target: Some(Measurement {
            year_or_day: day("2025-12-31"),
            value: value.into(),
            comment: None,
        }),
        actual: None,
    }
}

/// A project like the CICA Fund's first: wheat seed and fertilizer for farmers of Logar
/// province, proposed by Kazakhstan, implemented with IOFS and co-financed by TİKA. The days
/// of the review and the amounts are the fixture's own.
fn wheat() -> Project {
    use ReviewStage as S;
    let participant = |party, role| Participant { party, role };
    let tika = Party::Named {
        name: "Turkish Cooperation and Coordination Agency (TİKA)".into(),
        kind: OrgType::Government,
    };
    let indicator = |title: &str, value: &str, unit: &str| Indicator {
        title: title.into(),
        unit: Some(unit.into()),
        ..target(value)
    };
    Project {
        id: slug("afghanistan-wheat-2025"),
        title: "Advancing Wheat Cultivation for Sustainable Development in Central Afghanistan"
            .into(),
        description: "Certified spring wheat seed and fertilizer for farmers of Logar province."
            .into(),
        proposed_by: state("KAZ"),
        participants: vec![
            participant(Party::Organization(slug("iofs")), OrgRole::Implementing),
            participant(Party::Organization(slug("iofs")), OrgRole::Funding),
            participant(tika, OrgRole::Funding),
            participant(Party::Organization(slug("cica-fund")), OrgRole::Funding),
        ],
        review: vec![
            step(S::Submitted, "2025-01-15"),
            step(S::Screening, "2025-01-20"),
            step(S::CommitteeReview, "2025-02-10"),
            step(S::Approved, "2025-03-07"),
            step(S::Implementation, "2025-03-07"),
        ],
        planned_start: None,
        actual_start: Some(day("2025-03-07")),
        planned_end: None,
        actual_end: None,
        locations: vec![Location {
            name: "Logar province".into(),
            country: "AF".into(),
            note: None,
        }],
        recipient_countries: vec!["AF".into()],
        budgets: vec![Budget {
            kind: BudgetType::Original,
            status: BudgetStatus::Committed,
            start: day("2025-03-07"),
            end: day("2025-12-31"),
            value: money("150000", "USD"),
            value_date: day("2025-03-07"),
        }],
        transactions: vec![Transaction {
            kind: TransactionType::IncomingFunds,
            day: day("2025-03-10"),
            value: money("50000.00", "USD"),
            value_date: day("2025-03-10"),
            provider: Some(Party::State(state("IRQ"))),
            receiver: Some(Party::Organization(slug("cica-fund"))),
            description: Some("Iraq's contribution, allocated to the project".into()),
            contribution: Some(slug("iraq-cica-fund")),
        }],
        results: vec![ProjectResult {
            title: "Seed and fertilizer delivered to farmers".into(),
            description: None,
            indicators: vec![
                indicator("Certified spring wheat seed delivered", "15", "t"),
                indicator("Fertilizer delivered", "45", "t"),
                indicator("Farmers supplied", "300", "farmers"),
            ],
        }],
        news: vec![slug("cica-fund-first-project-afghanistan")],
        provenance: Provenance::default(),
    }
}

static FILES: AtomicUsize = AtomicUsize::new(0);

/// What `xmllint` says of `xml` against the schema; none where it is not installed, which
/// fails the test on CI.
fn xmllint(xml: &str) -> Option<Output> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = dir.join("schema/iati-activities-schema.xsd");
    let n = FILES.fetch_add(1, Ordering::Relaxed);
    let file = std::env::temp_dir().join(format!("cica-iati-{}-{n}.xml", std::process::id()));
    std::fs::write(&file, xml).expect("the temporary directory is writable");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output();
    std::fs::remove_file(&file).expect("the temporary file is ours to remove");
    match out {
        Ok(out) => Some(out),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert_ne!(
                std::env::var("CI").as_deref(),
                Ok("true"),
                "install xmllint"
            );
            eprintln!("note: xmllint is not installed; the schema check is skipped");
            None
        }
        Err(e) => panic!("xmllint did not run: {e}"),
    }
}

fn assert_valid(xml: &str) {
    if let Some(out) = xmllint(xml) {
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{said}\n{xml}");
    }
}

/// An element read back: its name, attributes and text (its own, without its children's).
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
}

impl Element {
    fn attr(&self, key: &str) -> Option<&str> {
        let found = self.attrs.iter().find(|(k, _)| k == key);
        found.map(|(_, v)| v.as_str())
    }
}

/// Every element of `xml` in document order, read with quick-xml.
fn elements(xml: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(xml);
    let (mut all, mut open) = (Vec::<Element>::new(), Vec::<usize>::new());
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let (start, is_empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
            let attrs = e.attributes().map(|a| {
                let a = a.expect("a well-formed attribute");
                let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                (key, a.unescape_value().expect("escaped").into_owned())
            });
            let attrs = attrs.collect();
            all.push(Element {
                name,
                attrs,
                text: String::new(),
            });
            if !is_empty {
                open.push(all.len() - 1);
            }
            continue;
        }
        let text = match event {
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Text(t) => t.decode().expect("UTF-8").into_owned(),
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("a character") {
                Some(c) => c.to_string(),
                None => match r.decode().expect("UTF-8").as_ref() {
                    "lt" => "<".into(),
                    "gt" => ">".into(),
                    "amp" => "&".into(),
                    "quot" => "\"".into(),
                    "apos" => "'".into(),
                    other => panic!("an unknown entity &{other};"),
                },
            },
            Event::Eof => return all,
            _ => continue,
        };
        if let Some(&i) = open.last() {
            all[i].text.push_str(&text);
        }
    }
}

fn named<'a>(all: &'a [Element], name: &str) -> Vec<&'a Element> {
    all.iter().filter(|e| e.name == name).collect()
}

#[test]
fn the_first_fund_project_validates_against_the_iati_schema() {
    let project = wheat();
    assert!(project.problems().is_empty(), "{:?}", project.problems());
    let xml = activities(&[&project], &publisher(), &Register, generated());
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities"));
    assert!(
        xml.contains(
            r#"<iati-activities version="2.03" generated-datetime="2025-06-30T09:15:00Z">"#
        )
    );
    assert!(xml.contains(r#"xml:lang="en" default-currency="USD">"#));
    assert!(xml.contains("<narrative>Logar province</narrative>"));
    assert!(xml.contains(r#"<recipient-country code="AF" percentage="100"/>"#));
    assert_valid(&xml);

    let all = elements(&xml);
    let indicators: Vec<_> = named(&all, "target")
        .iter()
        .map(|t| t.attr("value"))
        .collect();
    assert_eq!(indicators, [Some("15"), Some("45"), Some("300")]);
    let period: Vec<_> = ["period-start", "period-end"]
        .iter()
        .map(|n| named(&all, n)[1].attr("iso-date"))
        .collect();
    assert_eq!(period, [Some("2025-03-07"), Some("2025-12-31")]);
    let baseline = named(&all, "baseline")[0];
    assert_eq!(
        (baseline.attr("year"), baseline.attr("value")),
        (Some("2025"), Some("0"))
    );
}

#[test]
fn identifiers_read_back_are_the_publisher_prefix_and_the_project_slug() {
    let (first, mut second) = (wheat(), wheat());
    second.id = slug("second-project");
    let xml = activities(&[&first, &second], &publisher(), &Register, generated());
    let all = elements(&xml);
    let ids: Vec<_> = named(&all, "iati-identifier")
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "XI-IATI-CICA-afghanistan-wheat-2025",
            "XI-IATI-CICA-second-project"
        ]
    );
    let reporting = named(&all, "reporting-org");
    assert!(
        reporting
            .iter()
            .all(|r| r.attr("ref") == Some("XI-IATI-CICA") && r.attr("type") == Some("40"))
    );
    assert_valid(&xml);
}

#[test]
fn text_with_markup_characters_is_escaped_and_still_validates() {
    let mut p = wheat();
    let tricky = r#"Seed <"certified"> & fertilizer for 'Logar' farmers"#;
    p.title = tricky.into();
    p.description = "1 < 2 && 3 > 2]]>".into();
    p.locations[0].note = Some("Near \"Pul-i-Alam\" & <Baraki Barak>".into());
    p.transactions[0].description = Some("A&B <gift>".into());
    p.participants[2].party = Party::Named {
        name: "Donor \"Q\" & <Sons>".into(),
        kind: OrgType::PrivateSector,
    };
    p.results[0].indicators[0].actual = Some(Measurement {
        year_or_day: day("2025-05-01"),
        value: "15".into(),
        comment: Some("Delivered in <two> lots & \"on time\"".into()),
    });
    let xml = activities(&[&p], &publisher(), &Register, generated());
    assert!(!xml.contains(tricky) && !xml.contains("<gift>") && !xml.contains("<Sons>"));
    assert!(xml.contains("Seed &lt;&quot;certified&quot;&gt; &amp; fertilizer"));
    assert_valid(&xml);

    let all = elements(&xml);
    let narratives: Vec<_> = named(&all, "narrative")
        .iter()
        .map(|n| n.text.as_str())
        .collect();
    for text in [
        tricky,
        "1 < 2 && 3 > 2]]>",
        "A&B <gift>",
        "Donor \"Q\" & <Sons>",
        "Delivered in <two> lots & \"on time\"",
    ] {
        assert!(narratives.contains(&text), "{text} in {narratives:?}");
    }
}

#[test]
fn every_value_is_the_exact_decimal_of_its_money() {
    let mut p = wheat();
    let amounts = [
        ("0.01", "USD"),
        ("999999999999.99", "USD"),
        ("300", "JPY"),
        ("0.250", "KWD"),
        ("12500000", "KZT"),
    ];
    let template = p.budgets[0].clone();
    p.budgets = amounts
        .iter()
        .map(|&(amount, currency)| Budget {
            value: money(amount, currency),
            ..template.clone()
        })
        .collect();
    let sent = p.transactions[0].clone();
    p.transactions.push(Transaction {
        kind: TransactionType::Disbursement,
        value: money("1000000000.5", "USD"),
        provider: Some(Party::Organization(slug("cica-fund"))),
        receiver: Some(Party::Organization(slug("iofs"))),
        description: None,
        ..sent
    });
    let xml = activities(&[&p], &publisher(), &Register, generated());
    assert_valid(&xml);

    let money_of_project = p.budgets.iter().map(|b| b.value);
    let money_of_project = money_of_project.chain(p.transactions.iter().map(|t| t.value));
    let want: Vec<_> = money_of_project
        .map(|m| (m.amount_text(), m.currency().code().to_owned()))
        .collect();
    let all = elements(&xml);
    let got: Vec<_> = named(&all, "value")
        .iter()
        .map(|v| (v.text.clone(), v.attr("currency").unwrap_or("").to_owned()))
        .collect();
    assert_eq!(got, want);
    assert!(got.iter().any(|(t, _)| t == "999999999999.99"));
    assert!(got.iter().any(|(t, _)| t == "1000000000.50"));
    assert!(got.iter().all(|(t, _)| !t.contains(['e', 'E', '+'])));
    assert!(
        named(&all, "value")
            .iter()
            .all(|v| v.attr("value-date").is_some())
    );
}

#[test]
fn an_empty_list_gives_an_iati_activities_document_without_activities() {
    let xml = activities(&[], &publisher(), &Register, generated());
    let all = elements(&xml);
    assert_eq!(all.len(), 1, "{xml}");
    assert_eq!(all[0].name, "iati-activities");
    assert_eq!(all[0].attr("version"), Some("2.03"));
    assert_eq!(
        all[0].attr("generated-datetime"),
        Some("2025-06-30T09:15:00Z")
    );
    // The schema asks for at least one activity: that is xmllint's only complaint.
    if let Some(out) = xmllint(&xml) {
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{said}");
        let complaints: Vec<_> = said.lines().filter(|l| l.contains("error")).collect();
        assert_eq!(complaints.len(), 1, "{said}");
        assert!(
            complaints[0].contains("Expected is ( iati-activity )"),
            "{said}"
        );
    }
}

#[test]
fn codes_come_from_the_iati_enums() {
    let p = wheat();
    let xml = activities(&[&p], &publisher(), &Register, generated());
    let all = elements(&xml);
    let attr = |name: &str, key: &str| -> Vec<String> {
        let found = named(&all, name).into_iter().filter_map(|e| e.attr(key));
        found.map(Into::into).collect()
    };
    let roles: Vec<_> = p.participants.iter().map(|q| q.role.code()).collect();
    assert_eq!(attr("participating-org", "role"), roles);
    assert_eq!(attr("participating-org", "role"), ["4", "1", "1", "1"]);
    // IOFS and the Fund are registered multilaterals; TİKA is named as a government body.
    assert_eq!(attr("participating-org", "type"), ["40", "40", "10", "40"]);
    assert_eq!(attr("participating-org", "ref"), ["XI-IATI-CICA"]);
    assert_eq!(p.status(), ActivityStatus::Implementation);
    assert_eq!(attr("activity-status", "code"), [p.status().code()]);
    assert_eq!(attr("activity-status", "code"), ["2"]);
    assert_eq!(
        attr("transaction-type", "code"),
        [TransactionType::IncomingFunds.code()]
    );
    assert_eq!(attr("activity-date", "type"), ["2"]);
    assert_eq!(attr("budget", "type"), ["1"]);
    assert_eq!(attr("budget", "status"), ["2"]);
    assert_eq!(attr("indicator", "measure"), ["1", "1", "1"]);
    assert_eq!(attr("result", "type"), ["1"]);
    assert_eq!(attr("provider-org", "type"), ["10"]);
    assert_eq!(attr("receiver-org", "ref"), ["XI-IATI-CICA"]);
}

#[test]
fn a_bare_pipeline_project_still_validates() {
    let mut p = wheat();
    p.review.truncate(3);
    p.participants.clear();
    p.actual_start = None;
    p.description = " ".into();
    p.locations.clear();
    p.recipient_countries = vec!["AF".into(), "KZ".into(), "TJ".into()];
    p.budgets.clear();
    p.transactions.clear();
    p.results[0].indicators.clear();
    let xml = activities(&[&p], &publisher(), &Register, generated());
    assert_valid(&xml);

    let all = elements(&xml);
    let shares: Vec<_> = named(&all, "recipient-country")
        .iter()
        .map(|c| c.attr("percentage"))
        .collect();
    assert_eq!(shares, [Some("33.33"), Some("33.33"), Some("33.34")]);
    assert_eq!(named(&all, "activity-status")[0].attr("code"), Some("1"));
    let date = named(&all, "activity-date")[0];
    assert_eq!(
        (date.attr("type"), date.attr("iso-date")),
        (Some("1"), Some("2025-01-15"))
    );
    let org = named(&all, "participating-org")[0];
    assert_eq!(
        (org.attr("role"), org.attr("ref")),
        (Some("3"), Some("XI-IATI-CICA"))
    );
    assert!(named(&all, "result").is_empty() && named(&all, "budget").is_empty());
    assert!(xml.contains(r#"default-currency="USD""#));
}
