//! Accounts, tokens, rights and the audit trail, through the use cases over a real SQLite
//! file holding the built-in dataset.

use crate::common;

use cica_app::accounts::{NewAccount, TOKEN_PREFIX};
use cica_app::records::Replace;
use cica_app::{Actor, App, AppError, Clock};
use cica_domain::access::{Binding, Denied, Role};
use cica_domain::{Slug, StateCode};

struct Fixture {
    app: App,
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

async fn fixture() -> Fixture {
    let (app, dir, path) = common::loaded("app.db").await;
    Fixture {
        app,
        _dir: dir,
        path,
    }
}

fn cli() -> Actor {
    Actor::Cli {
        user: "operator".into(),
    }
}

fn new(email: &str, role: Role, binding: Binding) -> NewAccount {
    NewAccount {
        email: email.into(),
        role,
        binding,
        password: "correct horse battery staple".into(),
    }
}

fn state(c: &str) -> Binding {
    Binding::State(StateCode::parse(c).expect("code"))
}

#[tokio::test]
async fn the_first_administrator_comes_from_the_command_line_and_then_manages_accounts() {
    let f = fixture().await;
    let admin = f
        .app
        .add_account(
            &cli(),
            new("admin@cica.example.org", Role::Administrator, Binding::None),
        )
        .await
        .expect("the command line adds the first administrator");
    let admin = admin.actor(f.app.today());
    f.app
        .add_account(
            &admin,
            new("editor@cica.example.org", Role::Editor, Binding::None),
        )
        .await
        .expect("an administrator adds an editor");
    let editor = f
        .app
        .store()
        .account("EDITOR@cica.example.org")
        .await
        .expect("reads")
        .expect("found without regard to case")
        .actor(f.app.today());
    let refused = f
        .app
        .add_account(
            &editor,
            new("x@cica.example.org", Role::Editor, Binding::None),
        )
        .await;
    assert!(
        matches!(refused, Err(AppError::Denied(Denied::Forbidden(_)))),
        "an editor manages no accounts: {refused:?}"
    );
    let refused = f
        .app
        .add_account(
            &Actor::Public,
            new("y@cica.example.org", Role::Editor, Binding::None),
        )
        .await;
    assert!(matches!(refused, Err(AppError::Denied(Denied::Anonymous))));
}

#[tokio::test]
async fn bad_account_requests_name_the_field_and_write_nothing() {
    let f = fixture().await;
    let cases: Vec<(&str, NewAccount, &str)> = vec![
        (
            "no e-mail",
            new("not-an-address", Role::Editor, Binding::None),
            "email",
        ),
        (
            "short password",
            NewAccount {
                password: "short".into(),
                ..new("a@cica.example.org", Role::Editor, Binding::None)
            },
            "password",
        ),
        (
            "a delegate of no state",
            new("b@cica.example.org", Role::MemberDelegate, Binding::None),
            "role",
        ),
        (
            "a member delegate of an observer",
            new("c@cica.example.org", Role::MemberDelegate, state("JPN")),
            "binding",
        ),
        (
            "an unknown state",
            new("d@cica.example.org", Role::MemberDelegate, state("XXX")),
            "state",
        ),
        (
            "an editor bound to a state",
            new("e@cica.example.org", Role::Editor, state("KAZ")),
            "role",
        ),
    ];
    for (what, account, field) in cases {
        match f.app.add_account(&cli(), account).await {
            Err(AppError::Invalid {
                field: got,
                problem,
            }) => {
                assert_eq!(got, field, "{what}: {problem}");
            }
            other => panic!("{what}: {other:?}"),
        }
    }
    assert!(f.app.accounts(&cli()).await.expect("lists").is_empty());
    f.app
        .add_account(
            &cli(),
            new("dup@cica.example.org", Role::Editor, Binding::None),
        )
        .await
        .expect("adds");
    assert!(matches!(
        f.app
            .add_account(
                &cli(),
                new("Dup@cica.example.org", Role::Editor, Binding::None)
            )
            .await,
        Err(AppError::Conflict(_))
    ));
}

#[tokio::test]
async fn a_personal_token_stands_for_its_account_until_revoked_or_disabled() {
    let f = fixture().await;
    f.app
        .add_account(
            &cli(),
            new("kz@cica.example.org", Role::MemberDelegate, state("KAZ")),
        )
        .await
        .expect("adds");
    let token = f
        .app
        .issue_token(&cli(), "kz@cica.example.org", "script")
        .await
        .expect("issues");
    assert!(
        token.starts_with(TOKEN_PREFIX) && token.len() > 60,
        "{token}"
    );
    let actor = f.app.token_actor(&token).await.expect("valid");
    assert_eq!(
        actor,
        Actor::Account {
            id: 1,
            email: "kz@cica.example.org".into(),
            grant: Some((Role::MemberDelegate, state("KAZ"))),
        }
    );
    assert!(matches!(
        f.app
            .issue_token(&cli(), "kz@cica.example.org", "script")
            .await,
        Err(AppError::Conflict(_))
    ));
    assert!(matches!(
        f.app.token_actor("cica_not-a-token").await,
        Err(AppError::Unauthenticated(_))
    ));
    f.app
        .set_disabled(&cli(), "kz@cica.example.org", true)
        .await
        .expect("disables");
    assert!(f.app.token_actor(&token).await.is_err(), "disabled");
    f.app
        .set_disabled(&cli(), "kz@cica.example.org", false)
        .await
        .expect("enables");
    assert!(f.app.token_actor(&token).await.is_ok(), "enabled again");
    f.app
        .revoke_token(&cli(), "kz@cica.example.org", "script")
        .await
        .expect("revokes");
    assert!(f.app.token_actor(&token).await.is_err(), "revoked");
    let listed = f
        .app
        .tokens(&cli(), "kz@cica.example.org")
        .await
        .expect("lists");
    assert_eq!(listed.len(), 1);
    assert!(listed[0].revoked_at.is_some());
}

#[tokio::test]
async fn passwords_are_hashed_with_argon2id_and_checked() {
    let f = fixture().await;
    f.app
        .add_account(
            &cli(),
            new("pw@cica.example.org", Role::Editor, Binding::None),
        )
        .await
        .expect("adds");
    let phc = f
        .app
        .store()
        .password_hash("pw@cica.example.org")
        .await
        .expect("reads")
        .expect("kept");
    assert!(phc.starts_with("$argon2id$"), "{phc}");
    assert!(!phc.contains("correct horse"));
    f.app
        .check_password("pw@cica.example.org", "correct horse battery staple")
        .await
        .expect("the right password");
    for (email, password) in [
        ("pw@cica.example.org", "wrong password entirely"),
        ("nobody@cica.example.org", "correct horse battery staple"),
    ] {
        assert!(matches!(
            f.app.check_password(email, password).await,
            Err(AppError::Unauthenticated(_))
        ));
    }
    f.app
        .reset_password(&cli(), "pw@cica.example.org", "a brand new passphrase")
        .await
        .expect("resets");
    assert!(
        f.app
            .check_password("pw@cica.example.org", "correct horse battery staple")
            .await
            .is_err()
    );
    let account = f
        .app
        .check_password("pw@cica.example.org", "a brand new passphrase")
        .await
        .expect("the new one");
    let me = account.actor(f.app.today());
    f.app
        .change_password(&me, "a brand new passphrase", "and yet another one")
        .await
        .expect("changes its own");
    assert!(matches!(
        f.app
            .change_password(&me, "not the current one", "whatever it may be")
            .await,
        Err(AppError::Invalid { .. })
    ));
}

#[tokio::test]
async fn every_write_is_in_the_audit_trail_which_verifies() {
    let f = fixture().await;
    f.app
        .add_account(
            &cli(),
            new("ed@cica.example.org", Role::Editor, Binding::None),
        )
        .await
        .expect("adds");
    let editor = f
        .app
        .store()
        .account("ed@cica.example.org")
        .await
        .expect("reads")
        .expect("found")
        .actor(f.app.today());
    let digest = f
        .app
        .store()
        .digest(cica_domain::Quarter::parse("2025-Q1").expect("quarter"))
        .await
        .expect("reads")
        .expect("the issue");
    f.app
        .save_digest(&editor, &digest, cica_app::Expect::Any)
        .await
        .expect("an editor saves the issue");
    let trail = f
        .app
        .audit_trail(&cli(), None)
        .await
        .expect("the command line reads the trail");
    let actions: Vec<(&str, &str, &str)> = trail
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str(), e.record.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("system:first-start", "dataset.load", "dataset"),
            ("cli:operator", "account.add", "account/ed@cica.example.org"),
            (
                "account:ed@cica.example.org",
                "digest.save",
                "digest/2025-Q1"
            ),
        ]
    );
    let save = &trail[2];
    assert!(save.before.is_some() && save.after.is_some(), "{save:?}");
    let v = f.app.verify_audit(&cli()).await.expect("verifies");
    assert_eq!((v.entries, v.broken), (3, None));
    assert!(matches!(
        f.app.audit_trail(&editor, None).await,
        Err(AppError::Denied(_))
    ));
}

#[tokio::test]
async fn a_load_is_refused_while_anything_recorded_since_would_be_lost() {
    let f = fixture().await;
    let ds = cica_data::builtin().expect("dataset");
    f.app
        .load_dataset(&cli(), &ds, Replace::No)
        .await
        .expect("nothing was written since the last load");
    f.app
        .publish_news(
            &cli(),
            &Slug::parse("no-such-item").expect("slug"),
            cica_app::Expect::Any,
        )
        .await
        .expect_err("nothing to publish");
    let digest = f
        .app
        .store()
        .digest(cica_domain::Quarter::parse("2025-Q1").expect("quarter"))
        .await
        .expect("reads")
        .expect("the issue");
    f.app
        .save_digest(&cli(), &digest, cica_app::Expect::Any)
        .await
        .expect("saves");
    match f.app.load_dataset(&cli(), &ds, Replace::No).await {
        Err(AppError::Conflict(m)) => assert!(m.contains("1 × digest.save"), "{m}"),
        other => panic!("{other:?}"),
    }
    let backup = f.path.with_file_name("backup.db");
    f.app
        .load_dataset(&cli(), &ds, Replace::AfterBackup(&backup))
        .await
        .expect("replaces after a backup");
    let copy = cica_store::open(backup.to_str().expect("utf-8"))
        .await
        .expect("the backup opens");
    let kept = copy.audit(None).await.expect("reads");
    assert_eq!(kept.last().map(|e| e.action.as_str()), Some("digest.save"));
}

#[tokio::test]
async fn a_change_of_role_is_dated_and_keeps_what_held_before() {
    let f = fixture().await;
    f.app
        .add_account(
            &cli(),
            new("mover@cica.example.org", Role::MemberDelegate, state("KAZ")),
        )
        .await
        .expect("adds");
    let later = App::new(
        f.app.shared_store(),
        Clock::Day(cica_domain::parse_day("2025-05-01").expect("day")),
    );
    let a = later
        .change_role(
            &cli(),
            "mover@cica.example.org",
            Role::Editor,
            Binding::None,
        )
        .await
        .expect("changes");
    let spans: Vec<(Role, String, Option<String>)> = a
        .grants
        .iter()
        .map(|g| (g.role, g.from.to_string(), g.until.map(|u| u.to_string())))
        .collect();
    assert_eq!(
        spans,
        [
            (
                Role::MemberDelegate,
                "2025-04-01".to_owned(),
                Some("2025-04-30".to_owned())
            ),
            (Role::Editor, "2025-05-01".to_owned(), None),
        ]
    );
    assert!(matches!(
        later
            .change_role(
                &cli(),
                "mover@cica.example.org",
                Role::MemberDelegate,
                state("JPN")
            )
            .await,
        Err(AppError::Invalid { .. })
    ));
    let trail = later
        .audit_trail(&cli(), Some("account/mover@cica.example.org"))
        .await
        .expect("reads");
    assert_eq!(
        trail.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["account.add", "account.role"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attempts_sent_at_once_cannot_slip_past_the_sign_in_limit() {
    let f = fixture().await;
    f.app
        .add_account(
            &cli(),
            new("target@cica.example.org", Role::Editor, Binding::None),
        )
        .await
        .expect("adds");
    let tries: Vec<_> = (0..12)
        .map(|i| {
            let app = f.app.clone();
            tokio::spawn(async move {
                app.sign_in(
                    "target@cica.example.org",
                    &format!("guess number {i:02}"),
                    Some(&format!("192.0.2.{i}")),
                )
                .await
            })
        })
        .collect();
    let mut checked = 0;
    let mut throttled = 0;
    for t in tries {
        match t.await.expect("joins") {
            Err(AppError::Unauthenticated(_)) => checked += 1,
            Err(AppError::Throttled(_)) => throttled += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(checked, 5, "only five guesses were checked");
    assert_eq!(throttled, 7);
    assert!(matches!(
        f.app
            .sign_in(
                "target@cica.example.org",
                "correct horse battery staple",
                None
            )
            .await,
        Err(AppError::Throttled(_))
    ));
}
