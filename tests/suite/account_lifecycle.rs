//! Reducer tests of the account lifecycle: the creation form, its confirmation, exactly
//! one CreateAccount, polling until SUCCEEDED then the move, FAILED in plain words, a
//! creation resumed after a restart, removing and closing with a typed account id, the
//! management account refused, and read-only mode.

use crate::fixtures;

use fixtures::*;
use orgtui::app::creation::Tracked;
use orgtui::app::{
    self, AccountChange, Change, Changed, Cmd, Dialog, FormField, Loadable, Mode, Model, Msg,
    Reply, Status,
};
use orgtui::org::CreateAccountStatus;
use ratatui::crossterm::event::KeyCode;

fn typed(m: &mut Model, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| app::update(m, ch(c))).collect()
}

fn changes(cmds: &[Cmd]) -> Vec<(u64, Change)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Work(orgtui::app::Job::Change { req, change, .. }) => Some((*req, change.clone())),
            _ => None,
        })
        .collect()
}

fn polls(cmds: &[Cmd]) -> Vec<(u64, String, u64)> {
    fetches(cmds)
        .into_iter()
        .filter_map(|(req, f)| match f {
            app::Fetch::CreateAccountStatus { request, after_ms } => Some((req, request, after_ms)),
            _ => None,
        })
        .collect()
}

fn form(m: &Model) -> &app::AccountForm {
    match m.overlay() {
        Mode::Dialog(Dialog::AccountForm(f)) => f,
        other => panic!("expected the account form, got {other:?}"),
    }
}

fn status_text(m: &Model) -> String {
    match m.status_shown() {
        Some(Status::Info(s)) => s.clone(),
        Some(Status::Error(e)) => format!("{}: {}", e.code, e.message),
        None => String::new(),
    }
}

fn confirmation_text(m: &Model) -> String {
    let plan = match m.overlay() {
        Mode::Dialog(Dialog::Confirm(c)) => &c.plan,
        Mode::Dialog(Dialog::Typed(t)) => &t.plan,
        other => panic!("expected a confirmation, got {other:?}"),
    };
    app::describe(m, plan)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Opens the form on Security and fills it in (Tab between fields).
fn filled(m: &mut Model) {
    select(m, &ou_id(1));
    let cmds = app::update(m, ch('A'));
    settle(m, cmds);
    typed(m, "data@example.com");
    app::update(m, key(KeyCode::Tab));
    typed(m, "Data Lake");
    for _ in 0..4 {
        app::update(m, key(KeyCode::Tab));
    }
    typed(m, "team=data, cost=42");
}

fn status(id: &str, state: &str, account: Option<&str>, reason: Option<&str>) -> Reply {
    Reply::CreateAccountStatus(CreateAccountStatus {
        id: id.into(),
        account_name: "Data Lake".into(),
        state: state.into(),
        account_id: account.map(str::to_string),
        failure_reason: reason.map(str::to_string),
        ..Default::default()
    })
}

fn accepted(req: u64, change: Change, created: Option<&str>) -> Msg {
    ok(
        req,
        Reply::Changed(Changed {
            change,
            outcome: Ok(()),
            created: created.map(str::to_string),
            reconciled: created.is_none(),
            audit_error: None,
        }),
    )
}

/// Fills the form, confirms it and answers the CreateAccount with request `car-1`;
/// returns the commands after the answer.
fn created(m: &mut Model) -> Vec<Cmd> {
    filled(m);
    app::update(m, key(KeyCode::Enter));
    let sent = changes(&confirm(m));
    assert_eq!(sent.len(), 1, "{sent:?}");
    let (req, change) = sent[0].clone();
    app::update(m, accepted(req, change, Some("car-1")))
}

#[test]
fn the_form_checks_every_field_as_it_is_typed() {
    let mut m = loaded((120, 40));
    select(&mut m, ROOT);
    app::update(&mut m, ch('A'));
    let f = form(&m);
    assert_eq!(f.role.as_str(), "OrganizationAccountAccessRole");
    assert!(f.billing);
    assert_eq!(f.destination, ROOT);
    typed(&mut m, "nobody");
    assert_eq!(
        form(&m).error(FormField::Email).as_deref(),
        Some("email needs an @")
    );
    typed(&mut m, "@example.com");
    assert_eq!(form(&m).error(FormField::Email), None);
    // Enter with the name still empty goes to the name instead of on.
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(form(&m).focus, FormField::Name);
    assert!(form(&m).error(FormField::Name).is_some());
    typed(&mut m, &"n".repeat(51));
    assert_eq!(
        form(&m).error(FormField::Name).as_deref(),
        Some("account name is 51 characters; 1 to 50 allowed")
    );
    app::update(&mut m, key(KeyCode::Backspace));
    assert_eq!(form(&m).error(FormField::Name), None);
    app::update(&mut m, key(KeyCode::Tab));
    typed(&mut m, " x");
    assert!(form(&m)
        .error(FormField::Role)
        .is_some_and(|e| e.contains("may not contain ' '")));
    app::update(&mut m, key(KeyCode::Backspace));
    app::update(&mut m, key(KeyCode::Backspace));
    // Billing flips with Space; tags are checked against AWS's rules.
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, ch(' '));
    assert!(!form(&m).billing);
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, key(KeyCode::Tab));
    typed(&mut m, "aws:owner=me");
    assert!(form(&m)
        .error(FormField::Tags)
        .is_some_and(|e| e.contains("aws: are reserved for AWS")));
    assert!(app::parse_tags("a=1, a=2").is_err());
    assert!(app::parse_tags(&"k".repeat(129).to_string()).is_err());
    assert!(app::parse_tags(&format!("k={}", "v".repeat(257))).is_err());
    let fifty_one: Vec<String> = (0..51).map(|i| format!("k{i}=v")).collect();
    assert!(app::parse_tags(&fifty_one.join(",")).is_err_and(|e| e.contains("at most 50")));
    assert_eq!(
        app::parse_tags("team=data, empty=").unwrap(),
        vec![
            ("team".into(), "data".into()),
            ("empty".into(), String::new())
        ]
    );
    // Nothing invalid goes on: Enter lands on the tags field.
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(form(&m).focus, FormField::Tags);
}

#[test]
fn the_confirmation_says_what_is_created_where_it_goes_and_its_tags() {
    let mut m = loaded((120, 40));
    filled(&mut m);
    app::update(&mut m, key(KeyCode::Enter));
    let text = confirmation_text(&m);
    assert!(
        text.contains("Create a new account \"Data Lake\" with email data@example.com"),
        "{text}"
    );
    assert!(
        text.contains("IAM role OrganizationAccountAccessRole"),
        "{text}"
    );
    assert!(text.contains("IAM user access to billing: ALLOW"), "{text}");
    assert!(text.contains("tagged team=data, cost=42"), "{text}");
    assert!(
        text.contains(
            "moved from the root to Root / Security (MoveAccount): y confirms that move too"
        ),
        "{text}"
    );
    // Cancelling goes back to the form with what was typed.
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(form(&m).name.as_str(), "Data Lake");
}

#[test]
fn one_create_account_is_sent_then_polled_with_backoff_until_succeeded_then_moved() {
    let mut m = loaded((120, 40));
    filled(&mut m);
    app::update(&mut m, key(KeyCode::Enter));
    let sent = changes(&confirm(&mut m));
    assert_eq!(
        sent.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        vec![Change::Account(AccountChange::CreateAccount(
            orgtui::change::NewAccountRequest {
                email: "data@example.com".into(),
                name: "Data Lake".into(),
                role_name: "OrganizationAccountAccessRole".into(),
                billing: true,
                tags: vec![("team".into(), "data".into()), ("cost".into(), "42".into())],
            }
        ))]
    );
    let (req, change) = sent[0].clone();
    let cmds = app::update(&mut m, accepted(req, change, Some("car-1")));
    assert_eq!(*m.overlay(), Mode::Normal, "the user goes on browsing");
    let p = polls(&cmds);
    assert_eq!(p.len(), 1);
    assert_eq!((p[0].1.as_str(), p[0].2), ("car-1", 1_000));
    // The request is kept at the next pause.
    let idle = app::update(&mut m, Msg::Idle);
    assert!(idle.iter().any(|c| matches!(c, Cmd::SaveCreations(l)
        if l.len() == 1 && l[0].request == "car-1" && l[0].destination == ou_id(1))));

    // In progress: polled again, each wait twice the last, at most 10 s.
    let mut req = p[0].0;
    let mut waits = Vec::new();
    for _ in 0..5 {
        let cmds = app::update(&mut m, ok(req, status("car-1", "IN_PROGRESS", None, None)));
        assert!(changes(&cmds).is_empty());
        let p = polls(&cmds);
        assert_eq!(p.len(), 1);
        req = p[0].0;
        waits.push(p[0].2);
        assert!(status_text(&m).contains("Creating account Data Lake… in progress"));
    }
    assert_eq!(waits, vec![2_000, 4_000, 8_000, 10_000, 10_000]);

    // Succeeded: the root is re-read (the account is there) and it is moved, once.
    let new_id = "333333333333";
    let cmds = app::update(
        &mut m,
        ok(req, status("car-1", "SUCCEEDED", Some(new_id), None)),
    );
    assert!(polls(&cmds).is_empty(), "polling stops");
    let root_req = one(&cmds, children_of(ROOT));
    let sent = changes(&cmds);
    assert_eq!(
        sent.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        vec![Change::MoveAccount(orgtui::change::MoveAccount {
            account: new_id.into(),
            source: ROOT.into(),
            destination: ou_id(1),
        })]
    );
    assert_eq!(m.creation_polls().get("car-1"), Some(&6));
    let mut new = account(1, "Data Lake");
    new.id = new_id.into();
    answer_children(
        &mut m,
        root_req,
        ROOT,
        vec![ou(2, "Workloads"), ou(1, "Security")],
        vec![account(1, "management"), new],
    );
    let (req, change) = sent[0].clone();
    let cmds = app::update(&mut m, accepted(req, change, None));
    assert!(
        status_text(&m)
            .contains("Created account Data Lake (333333333333) and moved it to Root / Security"),
        "{}",
        status_text(&m)
    );
    assert_eq!(*m.overlay(), Mode::Normal);
    // The root is read again (the account left it), then the selection follows it.
    let req = one(&cmds, children_of(ROOT));
    let cmds = answer_children(
        &mut m,
        req,
        ROOT,
        vec![ou(2, "Workloads"), ou(1, "Security")],
        vec![account(1, "management")],
    );
    let req = one(&cmds, children_of(&ou_id(1)));
    let mut moved = account(1, "Data Lake");
    moved.id = new_id.into();
    answer_children(&mut m, req, &ou_id(1), vec![], vec![moved]);
    assert_eq!(selected_id(&m).as_deref(), Some(new_id));
    assert_eq!(m.tracked_creations(), 0);
    let idle = app::update(&mut m, Msg::Idle);
    assert!(idle
        .iter()
        .any(|c| matches!(c, Cmd::SaveCreations(l) if l.is_empty())));
}

#[test]
fn a_failed_creation_says_why_in_plain_words_and_stops_polling() {
    let mut m = loaded((120, 40));
    let cmds = created(&mut m);
    let req = polls(&cmds)[0].0;
    let cmds = app::update(
        &mut m,
        ok(
            req,
            status("car-1", "FAILED", None, Some("EMAIL_ALREADY_EXISTS")),
        ),
    );
    assert!(polls(&cmds).is_empty());
    assert!(changes(&cmds).is_empty());
    let text = status_text(&m);
    assert!(
        text.contains("Creating account Data Lake failed: an AWS account with this email address already exists"),
        "{text}"
    );
    assert!(m.error().is_some());
    assert_eq!(m.tracked_creations(), 0);
    assert!(app::creation::failure_text("ACCOUNT_LIMIT_EXCEEDED").contains("quota"));
}

#[test]
fn a_failed_status_read_keeps_polling() {
    let mut m = loaded((120, 40));
    let cmds = created(&mut m);
    let req = polls(&cmds)[0].0;
    let cmds = app::update(&mut m, err(req, "ThrottlingException"));
    let p = polls(&cmds);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].2, 2_000);
    assert_eq!(m.tracked_creations(), 1);
}

#[test]
fn a_creation_found_by_re_read_is_not_sent_again() {
    let mut m = loaded((120, 40));
    filled(&mut m);
    app::update(&mut m, key(KeyCode::Enter));
    let sent = changes(&confirm(&mut m));
    let (req, change) = sent[0].clone();
    let cmds = app::update(&mut m, accepted(req, change, None));
    assert!(changes(&cmds).is_empty());
    assert!(
        status_text(&m).contains("not created again"),
        "{}",
        status_text(&m)
    );
}

#[test]
fn creations_of_an_earlier_session_are_polled_again() {
    let mut m = loaded((120, 40));
    let mine = Tracked {
        request: "car-7".into(),
        name: "Kept".into(),
        destination: ROOT.into(),
        source: "test".into(),
    };
    let other = Tracked {
        source: "another-profile".into(),
        request: "car-8".into(),
        ..mine.clone()
    };
    let cmds = app::update(&mut m, Msg::Creations(vec![mine, other]));
    let p = polls(&cmds);
    assert_eq!(p.len(), 1, "only this organization's: {p:?}");
    assert_eq!(p[0].1, "car-7");
    assert_eq!(m.tracked_creations(), 2);
    // Succeeded in the root: selected there, nothing moved.
    let cmds = app::update(
        &mut m,
        ok(
            p[0].0,
            status("car-7", "SUCCEEDED", Some("444444444444"), None),
        ),
    );
    assert!(changes(&cmds).is_empty());
    one(&cmds, children_of(ROOT));
    assert_eq!(m.tracked_creations(), 1);
}

#[test]
fn removing_needs_the_account_id_typed_and_states_the_consequences() {
    let mut m = loaded((120, 40));
    let acct = account(1, "management").id;
    select(&mut m, &acct);
    app::update(&mut m, ch('X'));
    let text = confirmation_text(&m);
    assert!(text.contains("Remove account management (222222220001) from the organization"));
    assert!(text.contains("standalone account"), "{text}");
    assert!(text.contains("payment method, support"), "{text}");
    assert!(text.contains("policies no longer apply"), "{text}");
    app::update(&mut m, Msg::Drawn);
    // `y` types a y; Enter with the wrong id sends nothing.
    let mut cmds = app::update(&mut m, ch('y'));
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    cmds.extend(typed(&mut m, "22222222000"));
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    assert!(changes(&cmds).is_empty());
    match m.overlay() {
        Mode::Dialog(Dialog::Typed(t)) => assert!(t.wrong),
        other => panic!("the typed confirmation stays: {other:?}"),
    }
    app::update(&mut m, ch('1'));
    let cmds = app::update(&mut m, key(KeyCode::Backspace));
    assert!(changes(&cmds).is_empty());
    // Clear the stray y, type the id exactly.
    app::update(&mut m, ctrl_u());
    typed(&mut m, &acct);
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let sent = changes(&cmds);
    assert_eq!(
        sent.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        vec![Change::Account(AccountChange::RemoveAccount {
            account: acct.clone()
        })]
    );
}

fn ctrl_u() -> Msg {
    Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ))
}

#[test]
fn closing_states_its_caveats_and_needs_the_id_typed() {
    let mut m = loaded((120, 40));
    let acct = account(1, "management").id;
    select(&mut m, &acct);
    app::update(&mut m, ch('C'));
    let text = confirmation_text(&m);
    for caveat in [
        "PENDING_CLOSURE, then SUSPENDED",
        "90-day",
        "AWS Support can reopen",
        "Quota",
    ] {
        assert!(text.contains(caveat), "{caveat}: {text}");
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(changes(&cmds).is_empty());
    typed(&mut m, &acct);
    let sent = changes(&app::update(&mut m, key(KeyCode::Enter)));
    assert_eq!(
        sent.into_iter().map(|(_, c)| c).collect::<Vec<_>>(),
        vec![Change::Account(AccountChange::CloseAccount {
            account: acct
        })]
    );
}

#[test]
fn the_management_account_is_neither_removed_nor_closed() {
    let mut m = loaded((120, 40));
    let acct = account(1, "management").id;
    let mut o = org();
    o.master_account_id = acct.clone();
    m.org = Some(Loadable::Loaded(o));
    select(&mut m, &acct);
    for key in ['X', 'C'] {
        let cmds = app::update(&mut m, ch(key));
        assert_eq!(*m.overlay(), Mode::Normal);
        assert!(cmds.is_empty());
        assert!(
            status_text(&m).contains("management account: it cannot be"),
            "{}",
            status_text(&m)
        );
    }
}

#[test]
fn read_only_refuses_creating_removing_and_closing() {
    let mut m = loaded((120, 40));
    m.context.read_only = true;
    select(&mut m, &account(1, "management").id);
    for key in ['A', 'X', 'C'] {
        let cmds = app::update(&mut m, ch(key));
        assert_eq!(*m.overlay(), Mode::Normal, "{key}");
        assert!(cmds.is_empty());
        assert!(status_text(&m).starts_with("Read-only"), "{key}");
    }
}

#[test]
fn the_requests_view_lists_by_state() {
    let mut m = loaded((120, 40));
    let cmds = app::update(&mut m, ch('4'));
    assert_eq!(m.current_view(), app::View::Creations);
    let req = one(
        &cmds,
        |f| matches!(f, app::Fetch::CreationRequests { states } if states.is_empty()),
    );
    let list = vec![CreateAccountStatus {
        id: "car-1".into(),
        account_name: "Data Lake".into(),
        state: "FAILED".into(),
        account_id: None,
        failure_reason: Some("EMAIL_ALREADY_EXISTS".into()),
        ..Default::default()
    }];
    app::update(&mut m, ok(req, Reply::CreationRequests(list)));
    assert_eq!(m.creation_requests_listed(), Some(1));
    let cmds = app::update(&mut m, ch('f'));
    one(
        &cmds,
        |f| matches!(f, app::Fetch::CreationRequests { states } if states == &["IN_PROGRESS".to_string()]),
    );
}

#[test]
fn enter_on_the_destination_submits_and_space_opens_the_ou_picker() {
    let mut m = loaded((120, 40));
    select(&mut m, ROOT);
    let cmds = app::update(&mut m, ch('A'));
    settle(&mut m, cmds);
    typed(&mut m, "data@example.com");
    for _ in 0..4 {
        app::update(&mut m, key(KeyCode::Tab));
    }
    assert_eq!(form(&m).focus, FormField::Destination);
    // Enter submits from the destination as from every field (issue 17: it used to reopen
    // the picker, so the form could not be sent from there). The name is missing: the
    // focus goes to it, and no picker opens.
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(form(&m).focus, FormField::Name);
    typed(&mut m, "Data Lake");
    for _ in 0..3 {
        app::update(&mut m, key(KeyCode::Tab));
    }
    assert_eq!(form(&m).focus, FormField::Destination);
    // Space on the destination opens the picker.
    let cmds = app::update(&mut m, ch(' '));
    assert!(matches!(m.dialog(), Some(Dialog::Picker(_))));
    settle(&mut m, cmds);
    let cmds = typed(&mut m, "prod");
    settle(&mut m, cmds);
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(form(&m).destination, ou_id(3));
    assert_eq!(form(&m).email.as_str(), "data@example.com");
    // Esc in the picker keeps the destination and the form.
    app::update(&mut m, ch(' '));
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(form(&m).destination, ou_id(3));
    // ←/→ step through the same directory, in path order.
    app::update(&mut m, key(KeyCode::Left));
    assert_eq!(
        form(&m).destination,
        ou_id(2),
        "Root / Workloads before Root / Workloads / Prod"
    );
    // Everything valid: Enter on the destination goes on to the confirmation.
    app::update(&mut m, key(KeyCode::Enter));
    assert!(
        matches!(m.dialog(), Some(Dialog::Confirm(_))),
        "{:?}",
        m.dialog()
    );
}

/// After a change failed (closing an account closed already), closing what says so must
/// not claim it was cancelled.
#[test]
fn closing_what_failed_never_says_cancelled() {
    for close_with in [key(KeyCode::Esc), ch('x'), key(KeyCode::Enter)] {
        let mut m = loaded((120, 40));
        let acct = account(1, "management").id;
        select(&mut m, &acct);
        app::update(&mut m, ch('C'));
        typed(&mut m, &acct);
        let sent = changes(&app::update(&mut m, key(KeyCode::Enter)));
        let [(req, change)] = sent.as_slice() else {
            panic!("one CloseAccount: {sent:?}")
        };
        let failed = orgtui::org::OrgError::new(
            "AccountAlreadyClosedException",
            "You attempted to close an account that is already closed.",
        );
        let cmds = app::update(&mut m, changed(*req, change.clone(), Err(failed)));
        settle(&mut m, cmds);
        let before = format!("{:?} / {}", m.overlay(), status_text(&m));
        assert!(before.contains("AccountAlreadyClosed"), "{before}");
        let cmds = app::update(&mut m, close_with.clone());
        settle(&mut m, cmds);
        let after = status_text(&m);
        assert!(
            !after.contains("Cancelled"),
            "{close_with:?}: {before} → {after}"
        );
        assert_eq!(*m.overlay(), Mode::Normal, "{close_with:?}");
    }
}
