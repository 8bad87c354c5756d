//! Who may do what: the rights table of DOMAIN §9, row by row.

use cica_domain::access::{
    Act, Actor, Binding, Denied, Grant, GrantError, Role, check_grant, grant_on, may, may_read,
};
use cica_domain::decision::Visibility;
use cica_domain::{
    PartialDate, Participation, Provenance, Slug, StateCode, StatusPeriod, parse_day,
};

fn code(c: &str) -> StateCode {
    StateCode::parse(c).expect("code")
}

fn account(role: Role, binding: Binding) -> Actor {
    Actor::Account {
        id: 1,
        email: "someone@example.org".into(),
        grant: Some((role, binding)),
    }
}

fn delegate(c: &str) -> Actor {
    account(Role::MemberDelegate, Binding::State(code(c)))
}

fn observer(c: &str) -> Actor {
    account(Role::ObserverDelegate, Binding::State(code(c)))
}

#[test]
fn each_role_may_do_exactly_its_share_of_the_work() {
    let kaz = code("KAZ");
    let tur = code("TUR");
    let jpn = code("JPN");
    let editor = account(Role::Editor, Binding::None);
    let admin = account(Role::Administrator, Binding::None);
    let cli = Actor::Cli {
        user: "secretariat".into(),
    };
    let lapsed = Actor::Account {
        id: 2,
        email: "former@example.org".into(),
        grant: None,
    };
    // (who, act, allowed)
    let table: Vec<(&str, Actor, Act<'_>, bool)> = vec![
        (
            "public keeps no record",
            Actor::Public,
            Act::KeepRecord,
            false,
        ),
        (
            "public breaks no silence",
            Actor::Public,
            Act::BreakSilence(&kaz),
            false,
        ),
        (
            "editor keeps the record",
            editor.clone(),
            Act::KeepRecord,
            true,
        ),
        (
            "editor records a break a state sent",
            editor.clone(),
            Act::BreakSilence(&kaz),
            true,
        ),
        (
            "editor manages no accounts",
            editor.clone(),
            Act::ManageAccounts,
            false,
        ),
        (
            "editor reads no audit trail",
            editor.clone(),
            Act::ReadAudit,
            false,
        ),
        (
            "administrator keeps the record",
            admin.clone(),
            Act::KeepRecord,
            true,
        ),
        (
            "administrator manages accounts",
            admin.clone(),
            Act::ManageAccounts,
            true,
        ),
        (
            "administrator reads the audit trail",
            admin,
            Act::ReadAudit,
            true,
        ),
        (
            "command line does everything",
            cli.clone(),
            Act::ManageAccounts,
            true,
        ),
        ("command line keeps the record", cli, Act::KeepRecord, true),
        (
            "delegate breaks silence for own state",
            delegate("KAZ"),
            Act::BreakSilence(&kaz),
            true,
        ),
        (
            "delegate cannot break for another state",
            delegate("KAZ"),
            Act::BreakSilence(&tur),
            false,
        ),
        (
            "delegate states for own state",
            delegate("KAZ"),
            Act::MakeStatement(&kaz),
            true,
        ),
        (
            "delegate cannot state for another state",
            delegate("KAZ"),
            Act::MakeStatement(&tur),
            false,
        ),
        (
            "delegate keeps no record",
            delegate("KAZ"),
            Act::KeepRecord,
            false,
        ),
        (
            "observer never breaks silence",
            observer("JPN"),
            Act::BreakSilence(&kaz),
            false,
        ),
        (
            "observer never breaks for itself",
            observer("JPN"),
            Act::BreakSilence(&jpn),
            false,
        ),
        (
            "observer keeps no record",
            observer("JPN"),
            Act::KeepRecord,
            false,
        ),
        (
            "an account without a grant today does nothing",
            lapsed,
            Act::KeepRecord,
            false,
        ),
    ];
    for (what, actor, act, allowed) in table {
        assert_eq!(may(&actor, act).is_ok(), allowed, "{what}");
    }
}

#[test]
fn the_public_is_asked_to_sign_in_and_observers_are_told_why() {
    assert_eq!(may(&Actor::Public, Act::KeepRecord), Err(Denied::Anonymous));
    let kaz = code("KAZ");
    match may(&observer("JPN"), Act::BreakSilence(&kaz)) {
        Err(Denied::Forbidden(m)) => assert!(m.contains("observers never break silence"), "{m}"),
        other => panic!("{other:?}"),
    }
    match may(&delegate("KAZ"), Act::BreakSilence(&code("TUR"))) {
        Err(Denied::Forbidden(m)) => assert!(m.contains("TUR") && m.contains("KAZ"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_role_reads_the_documents_of_its_level() {
    use Visibility::*;
    let editor = account(Role::Editor, Binding::None);
    let rows: Vec<(&str, Actor, [bool; 4])> = vec![
        // public, members-and-observers, members, secretariat
        ("public", Actor::Public, [true, false, false, false]),
        ("observer", observer("JPN"), [true, true, false, false]),
        (
            "member delegate",
            delegate("KAZ"),
            [true, true, true, false],
        ),
        ("editor", editor, [true, true, true, true]),
    ];
    for (who, actor, expected) in rows {
        for (v, e) in [Public, MembersAndObservers, Members, Secretariat]
            .into_iter()
            .zip(expected)
        {
            assert_eq!(may_read(&actor, v), e, "{who} reading {v}");
        }
    }
}

fn period(status: Participation, from: &str) -> StatusPeriod {
    StatusPeriod {
        status,
        from: Some(PartialDate::Day(parse_day(from).expect("day"))),
        until: None,
        provenance: Provenance::default(),
    }
}

/// What is granted, to whom, with what status history, and the answer.
type GrantRow<'a> = (
    &'a str,
    Role,
    &'a Binding,
    &'a [StatusPeriod],
    Result<(), GrantError>,
);

#[test]
fn a_role_is_granted_only_with_a_binding_that_suits_it() {
    let day = parse_day("2025-04-01").expect("day");
    let member = [period(Participation::Member, "1999-09-14")];
    let obs = [period(Participation::Observer, "2005-01-01")];
    let kaz = Binding::State(code("KAZ"));
    let jpn = Binding::State(code("JPN"));
    let org = Binding::Organization(Slug::parse("un").expect("slug"));
    let rows: Vec<GrantRow<'_>> = vec![
        ("editor unbound", Role::Editor, &Binding::None, &[], Ok(())),
        (
            "editor bound",
            Role::Editor,
            &kaz,
            &member,
            Err(GrantError::Unbound(Role::Editor)),
        ),
        (
            "member delegate of a member",
            Role::MemberDelegate,
            &kaz,
            &member,
            Ok(()),
        ),
        (
            "member delegate unbound",
            Role::MemberDelegate,
            &Binding::None,
            &[],
            Err(GrantError::NeedsState),
        ),
        (
            "member delegate of an observer",
            Role::MemberDelegate,
            &jpn,
            &obs,
            Err(GrantError::NotMember(code("JPN"), day)),
        ),
        (
            "observer delegate of an observer",
            Role::ObserverDelegate,
            &jpn,
            &obs,
            Ok(()),
        ),
        (
            "observer delegate of an organization",
            Role::ObserverDelegate,
            &org,
            &obs,
            Ok(()),
        ),
        (
            "observer delegate of a member",
            Role::ObserverDelegate,
            &kaz,
            &member,
            Err(GrantError::NotObserver("KAZ".into(), day)),
        ),
        (
            "observer delegate unbound",
            Role::ObserverDelegate,
            &Binding::None,
            &[],
            Err(GrantError::NeedsObserver),
        ),
    ];
    for (what, role, binding, statuses, expected) in rows {
        assert_eq!(
            check_grant(role, binding, statuses, day),
            expected,
            "{what}"
        );
    }
}

#[test]
fn the_grant_in_force_is_the_one_covering_the_day() {
    let d = |s: &str| parse_day(s).expect("day");
    let grants = [
        Grant {
            role: Role::MemberDelegate,
            binding: Binding::State(code("KAZ")),
            from: d("2024-01-01"),
            until: Some(d("2024-12-31")),
        },
        Grant {
            role: Role::Editor,
            binding: Binding::None,
            from: d("2025-01-01"),
            until: None,
        },
    ];
    assert_eq!(grant_on(&grants, d("2023-12-31")), None);
    assert_eq!(
        grant_on(&grants, d("2024-12-31")).map(|g| g.role),
        Some(Role::MemberDelegate)
    );
    assert_eq!(
        grant_on(&grants, d("2025-06-01")).map(|g| g.role),
        Some(Role::Editor)
    );
}
