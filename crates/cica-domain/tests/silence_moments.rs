//! A silence procedure's moments are stated as precisely as the record knows them.

use chrono::{DateTime, Utc};
use cica_domain::decision::{DecisionAct, SilenceRecord};
use cica_domain::silence::Procedure;
use cica_domain::{Provenance, Slug, StateCode};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("instant")
        .with_timezone(&Utc)
}

fn record(times_known: bool) -> SilenceRecord {
    SilenceRecord {
        id: Slug::parse("mc-test").expect("slug"),
        organ: Slug::parse("ministerial-council").expect("slug"),
        act: DecisionAct::ALL[0],
        subject: "a test".into(),
        document: None,
        chair: StateCode::parse("AZE").expect("code"),
        chair_time_zone: "Asia/Baku".into(),
        procedure: Procedure {
            opened_at: at("2025-03-10T08:00:00Z"),
            expires_at: at("2025-03-14T20:30:00Z"),
            events: Vec::new(),
        },
        decision: None,
        basis: None,
        times_known,
        provenance: Provenance::default(),
    }
}

#[test]
fn a_moment_is_stated_to_the_minute_only_when_the_record_knows_it() {
    let deadline = at("2025-03-14T20:30:00Z");
    // (hours known, zone, as stated)
    let table = [
        (true, "Asia/Baku", "15 March 2025, 00:30 (UTC+04:00)"),
        (false, "Asia/Baku", "15 March 2025 (hour not recorded)"),
        // Known only to the day: the Chair's day, whatever the reader's zone.
        (false, "Europe/Paris", "15 March 2025 (hour not recorded)"),
        (true, "Europe/Paris", "14 March 2025, 21:30 (UTC+01:00)"),
    ];
    for (known, zone, stated) in table {
        assert_eq!(record(known).moment_in(deadline, zone), stated, "{zone}");
    }
    assert_eq!(
        record(false).moment(deadline),
        "15 March 2025 (hour not recorded)",
        "on the Chair's clock by default"
    );
}
