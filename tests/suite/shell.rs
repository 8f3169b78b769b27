//! `s`, `:creds` and the caller through the reducer (no IO): which role is asked for and
//! when nothing is, read-only, replies (late, failed, for the demo), the export overlay,
//! and the `[shell]` config.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Cmd, Context, Loadable, Model, Msg, Status};
use orgtui::demo::DemoBackend;
use orgtui::org::{OrgBackend, OrgError};
use orgtui::shell::{Launch, ShellSettings};
use orgtui::sts::{
    Assumed, CallerIdentity, DemoSts, Purpose, RoleRequest, StsBackend, StsCmd, StsReply,
    TempCredentials,
};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;

const MGMT_ACCOUNT: &str = "222222220001";
const ARN: &str = "arn:aws:sts::111111111111:assumed-role/Admin/alice";

fn role_requests(cmds: &[Cmd]) -> Vec<RoleRequest> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Work(orgtui::app::Job::Sts(StsCmd::AssumeRole(r))) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn creds() -> TempCredentials {
    TempCredentials {
        access_key_id: "ASIATEST".into(),
        secret_access_key: "secret/key".into(),
        session_token: "session-token".into(),
        expiration: Some("2026-12-01T07:00:00Z".into()),
    }
}

fn assumed(request: RoleRequest) -> Msg {
    Msg::Sts(StsReply::Assumed {
        request,
        result: Ok(Assumed {
            credentials: creds(),
            session: "orgtui-alice".into(),
            region: Some("eu-west-1".into()),
        }),
    })
}

fn caller_known(m: &mut Model) {
    app::update(
        m,
        Msg::Sts(StsReply::Caller(Ok(CallerIdentity {
            arn: ARN.into(),
            account: "111111111111".into(),
            user_id: "AROA:alice".into(),
        }))),
    );
}

fn info(m: &Model) -> String {
    match m.status_shown() {
        Some(Status::Info(s)) => s.clone(),
        other => panic!("expected an info status, got {other:?}"),
    }
}

fn error(m: &Model) -> OrgError {
    match m.status_shown() {
        Some(Status::Error(e)) => e.clone(),
        other => panic!("expected an error status, got {other:?}"),
    }
}

fn screen(m: &Model, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    let theme = orgtui::ui::theme::Theme::detect(Some("1"), None);
    t.draw(|f| orgtui::ui::view(m, &theme, f)).expect("draw");
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn start_asks_who_is_calling_and_the_title_bar_shows_it() {
    let mut m = Model::new(Context::default());
    let cmds = app::init(&mut m);
    assert!(cmds.contains(&Cmd::Work(orgtui::app::Job::Sts(StsCmd::Caller))));
    let mut m = loaded((120, 40));
    assert!(!screen(&m, 120, 40).contains(ARN));
    caller_known(&mut m);
    // The title bar shows as much of the caller as the rest leaves room for.
    let title = screen(&m, 160, 40);
    assert!(title.contains(&format!("as {ARN}")), "{title}");
    assert_eq!(app::caller::audit_caller(&m), ARN);
}

#[test]
fn a_failed_get_caller_identity_is_said_and_the_audit_falls_back_to_the_account() {
    let mut m = loaded((120, 40));
    app::update(
        &mut m,
        Msg::Sts(StsReply::Caller(Err(OrgError::new(
            "InvalidClientTokenId",
            "The security token included in the request is invalid",
        )))),
    );
    let e = error(&m);
    assert_eq!(e.code, "InvalidClientTokenId");
    assert!(e.message.contains("GetCallerIdentity failed"), "{e:?}");
    assert!(screen(&m, 120, 40).contains("caller unknown"));
    assert_eq!(app::caller::audit_caller(&m), "111111111111");

    // When Organizations failed too, its own error stays in the status line.
    let mut m = Model::new(Context::default());
    let req = one(&app::init(&mut m), |f| *f == app::Fetch::Organization);
    app::update(&mut m, err(req, "ExpiredTokenException"));
    app::update(
        &mut m,
        Msg::Sts(StsReply::Caller(Err(OrgError::new(
            "ExpiredTokenException",
            "expired",
        )))),
    );
    assert_eq!(error(&m).message, "simulated");
}

#[test]
fn a_change_is_audited_as_the_principal() {
    let mut m = loaded((120, 40));
    caller_known(&mut m);
    select(&mut m, ROOT);
    app::update(&mut m, ch('n'));
    for c in "Audited".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    let sent: Vec<String> = confirm(&mut m)
        .into_iter()
        .filter_map(|c| match c {
            Cmd::Work(orgtui::app::Job::Change { caller, .. }) => Some(caller),
            _ => None,
        })
        .collect();
    assert_eq!(sent, vec![ARN.to_string()]);
}

#[test]
fn s_on_anything_but_an_account_says_why_and_asks_nothing() {
    let mut m = loaded((120, 40));
    for id in [ROOT.to_string(), ou_id(1)] {
        select(&mut m, &id);
        let cmds = app::update(&mut m, ch('s'));
        assert!(role_requests(&cmds).is_empty(), "{cmds:?}");
        assert!(info(&m).contains("select one"), "{:?}", m.status_shown());
    }
    // The policies view lists no accounts.
    app::update(&mut m, ch('2'));
    let cmds = app::update(&mut m, ch('s'));
    assert!(role_requests(&cmds).is_empty());
    assert!(info(&m).contains("in an account"));
}

#[test]
fn s_on_an_account_assumes_the_default_role_then_opens_the_shell() {
    let mut m = loaded((120, 40));
    select(&mut m, MGMT_ACCOUNT);
    let cmds = app::update(&mut m, ch('s'));
    let [r] = role_requests(&cmds).try_into().expect("one AssumeRole");
    assert_eq!(
        r.role_arn,
        format!("arn:aws:iam::{MGMT_ACCOUNT}:role/OrganizationAccountAccessRole")
    );
    assert_eq!(r.account, MGMT_ACCOUNT);
    assert_eq!(r.duration_seconds, 3600);
    assert_eq!(r.purpose, Purpose::Shell);
    // Before STS said who is calling, the management account stands in.
    assert_eq!(r.caller, "111111111111");
    assert!(info(&m).contains("Assuming"));

    // A second `s` while the first is under way asks nothing more.
    assert!(role_requests(&app::update(&mut m, ch('s'))).is_empty());
    assert!(info(&m).contains("already"));

    // A late answer to an earlier request is dropped.
    let mut stale = r.clone();
    stale.seq += 100;
    assert!(app::update(&mut m, assumed(stale)).is_empty());

    let cmds = app::update(&mut m, assumed(r.clone()));
    let launch: Vec<&Launch> = cmds
        .iter()
        .filter_map(|c| match c {
            Cmd::Shell(l) => Some(l),
            _ => None,
        })
        .collect();
    let [launch] = launch.try_into().expect("one shell");
    let env = launch.env();
    let get = |k: &str| env.iter().find(|(n, _)| *n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("AWS_SESSION_TOKEN"), Some("session-token"));
    assert_eq!(get("AWS_ACCESS_KEY_ID"), Some("ASIATEST"));
    assert_eq!(get("AWS_REGION"), Some("eu-west-1"));
    assert_eq!(get("ORGTUI_ACCOUNT"), Some(MGMT_ACCOUNT));

    // Back from the shell.
    app::update(
        &mut m,
        Msg::Sts(StsReply::ShellEnded {
            account: MGMT_ACCOUNT.into(),
            result: Ok("exit status 0".into()),
        }),
    );
    assert_eq!(
        info(&m),
        format!("Back from the shell in {MGMT_ACCOUNT} (exit status 0)")
    );
}

#[test]
fn a_refused_assume_role_shows_the_aws_code_and_what_it_means() {
    let mut m = loaded((120, 40));
    select(&mut m, MGMT_ACCOUNT);
    let [r] = role_requests(&app::update(&mut m, ch('s')))
        .try_into()
        .expect("one AssumeRole");
    let cmds = app::update(
        &mut m,
        Msg::Sts(StsReply::Assumed {
            request: r,
            result: Err(OrgError::new(
                "AccessDenied",
                "not authorized to perform: sts:AssumeRole",
            )),
        }),
    );
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::Shell(_))));
    let e = error(&m);
    assert_eq!(e.code, "AccessDenied");
    assert_eq!(
        e.message,
        format!("OrganizationAccountAccessRole in {MGMT_ACCOUNT}")
    );
    assert!(
        e.explanation().contains("does not trust you"),
        "{}",
        e.explanation()
    );
    // Nothing is pending any more: `s` asks again.
    assert_eq!(role_requests(&app::update(&mut m, ch('s'))).len(), 1);
}

fn settings(toml_text: &str) -> Result<ShellSettings, String> {
    ShellSettings::from_config(&toml::from_str(toml_text).expect("TOML"))
}

#[test]
fn read_only_allows_a_shell_unless_the_config_says_no() {
    let read_only = || {
        let mut m = loaded((120, 40));
        m.context.read_only = true;
        select(&mut m, MGMT_ACCOUNT);
        m
    };
    let mut m = read_only();
    assert_eq!(role_requests(&app::update(&mut m, ch('s'))).len(), 1);

    let mut m = read_only();
    m.sts.settings = settings("shell_in_read_only = false").expect("valid");
    assert!(role_requests(&app::update(&mut m, ch('s'))).is_empty());
    assert!(
        info(&m).contains("shell_in_read_only"),
        "{:?}",
        m.status_shown()
    );
    // Nor through :creds.
    let mut cmds = app::update(&mut m, ch(':'));
    for c in "creds".chars() {
        cmds.extend(app::update(&mut m, ch(c)));
    }
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    assert!(role_requests(&cmds).is_empty());
    assert!(error(&m).message.contains("read-only"));
}

#[test]
fn roles_come_from_the_config_by_account_pattern() {
    let s = settings(
        r#"
        [shell]
        role = "ReadOnly"
        duration_seconds = 900
        [[shell.roles]]
        accounts = "2222*"
        role = "Admin"
        [[shell.roles]]
        accounts = "*-prod"
        role = "arn:aws:iam::999999999999:role/Jump"
        "#,
    )
    .expect("valid");
    assert_eq!(s.role_for("222211110000", "x"), "Admin");
    assert_eq!(
        s.role_for("333311110000", "web-prod"),
        "arn:aws:iam::999999999999:role/Jump"
    );
    assert_eq!(s.role_for("333311110000", "dev"), "ReadOnly");
    assert!(s.in_read_only);

    let mut m = loaded((120, 40));
    caller_known(&mut m);
    m.sts.settings = s;
    select(&mut m, MGMT_ACCOUNT);
    let [r] = role_requests(&app::update(&mut m, ch('s')))
        .try_into()
        .expect("one AssumeRole");
    assert_eq!(
        r.role_arn,
        format!("arn:aws:iam::{MGMT_ACCOUNT}:role/Admin")
    );
    assert_eq!(r.duration_seconds, 900);
    assert_eq!(r.caller, ARN);

    assert_eq!(settings("").expect("empty"), ShellSettings::default());
    for bad in [
        "[shell]\nduration_seconds = 60",
        "[shell]\nrole = \"\"",
        "[shell]\nrol = \"typo\"",
        "[[shell.roles]]\naccounts = \"1*\"",
        "shell_in_read_only = \"no\"",
    ] {
        assert!(settings(bad).is_err(), "{bad:?} was accepted");
    }
}

#[test]
fn creds_shows_export_lines_and_y_copies_them() {
    let mut m = loaded((80, 24));
    select(&mut m, MGMT_ACCOUNT);
    let mut cmds = app::update(&mut m, ch(':'));
    for c in "creds".chars() {
        cmds.extend(app::update(&mut m, ch(c)));
    }
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    let [r] = role_requests(&cmds).try_into().expect("one AssumeRole");
    assert_eq!(r.purpose, Purpose::Exports);
    let cmds = app::update(&mut m, assumed(r));
    assert!(cmds.is_empty(), "no shell for :creds: {cmds:?}");
    let shown = screen(&m, 80, 24);
    assert!(
        shown.contains("export AWS_ACCESS_KEY_ID='ASIATEST'"),
        "{shown}"
    );
    assert!(shown.contains("y copy to the clipboard"), "{shown}");
    // `y` is the overlay's (the tree's `y` would copy the account id).
    let cmds = app::update(&mut m, ch('y'));
    let [Cmd::Copy(text)] = cmds.as_slice() else {
        panic!("one copy: {cmds:?}")
    };
    assert!(text.contains("export AWS_SESSION_TOKEN='session-token'"));
    assert!(text.contains("unset AWS_PROFILE"));
    assert!(m.credential_exports().is_none(), "y closes it");
    assert!(!screen(&m, 80, 24).contains("ASIATEST"));
}

#[tokio::test]
async fn the_demo_has_a_plausible_caller_and_says_it_has_no_accounts_to_go_into() {
    let demo: std::sync::Arc<dyn OrgBackend> =
        std::sync::Arc::new(DemoBackend::from_asset().expect("demo asset"));
    let mgmt = demo
        .describe_organization()
        .await
        .expect("org")
        .master_account_id;
    let sts = DemoSts::new(demo);
    let me = sts.caller_identity().await.expect("the demo caller");
    assert_eq!(me.arn, format!("arn:aws:iam::{mgmt}:user/demo"));
    assert_eq!(me.account, mgmt);
    let e = sts
        .assume_role("arn:aws:iam::1:role/R", "orgtui-x", 3600)
        .await
        .expect_err("no AssumeRole in the demo");

    let mut m = loaded((120, 40));
    select(&mut m, MGMT_ACCOUNT);
    let [r] = role_requests(&app::update(&mut m, ch('s')))
        .try_into()
        .expect("one AssumeRole");
    let cmds = app::update(
        &mut m,
        Msg::Sts(StsReply::Assumed {
            request: r,
            result: Err(e),
        }),
    );
    assert!(cmds.is_empty());
    let shown = screen(&m, 200, 40);
    assert!(
        shown.contains("The demo has no real accounts to go into."),
        "{shown}"
    );
    assert!(matches!(m.caller(), Some(Loadable::Loading)));
}

#[test]
fn a_long_caller_is_shortened_to_its_principal_and_account() {
    let mut m = loaded((80, 24));
    let long = "arn:aws:sts::333333333333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example-corp.com";
    let known = |m: &mut Model, arn: &str, account: &str| {
        app::update(
            m,
            Msg::Sts(StsReply::Caller(Ok(CallerIdentity {
                arn: arn.into(),
                account: account.into(),
                user_id: "AROA:alice".into(),
            }))),
        )
    };
    known(&mut m, long, "333333333333");
    assert_eq!(
        app::caller::caller_label(&m, 200),
        Some(Ok(long.to_string()))
    );
    assert_eq!(
        app::caller::caller_label(&m, 40),
        Some(Ok("333333333333:assumed-role/AWSReservedSS…".to_string()))
    );
    assert_eq!(app::caller::caller_label(&m, 11), None);
    // At 80 columns the rest of the title bar comes first; the account stays in sight.
    let title = screen(&m, 80, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(title.contains("· as 33333333"), "{title}");
    assert!(title.ends_with("tree view"), "{title:?}");
    // The ARN is the audit log's caller all the same.
    assert_eq!(app::caller::audit_caller(&m), long);
    // The management account is in the title bar already.
    known(
        &mut m,
        &long.replace("333333333333", "111111111111"),
        "111111111111",
    );
    assert_eq!(
        app::caller::caller_label(&m, 30),
        Some(Ok("assumed-role/AWSReservedSSO_A…".to_string()))
    );
    assert!(screen(&m, 160, 40).contains("· as assumed-role/AWSReservedSSO_Admin"));
}

#[test]
fn s_in_the_accounts_view_takes_the_selected_row() {
    let mut m = loaded((120, 40));
    let opened = app::update(&mut m, ch('3'));
    let req = one(&opened, |f| *f == app::Fetch::AllAccounts);
    app::update(
        &mut m,
        ok(
            req,
            app::Reply::AllAccountsPage {
                items: vec![account(7, "alpha"), account(8, "beta")],
                last: true,
            },
        ),
    );
    app::update(&mut m, key(KeyCode::Down));
    let [r] = role_requests(&app::update(&mut m, ch('s')))
        .try_into()
        .expect("one AssumeRole");
    assert_eq!(r.account, account(8, "beta").id);
    assert_eq!(r.account_name, "beta");
}
