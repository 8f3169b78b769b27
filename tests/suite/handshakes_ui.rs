//! Reducer tests of the handshakes screen and the organization changes (issue 9): each
//! flow sends exactly its change after its confirmation, typed confirmations refuse a
//! wrong organization id, read-only refuses, and a member account (or one in no
//! organization) is told so and offered what it can do.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{
    self, describe, listed, AdminFetch, AdminReply, Change, Cmd, Dialog, Fetch, HsStep, Loadable,
    Mode, Model, Msg, OrgChange, Reply, Status,
};
use orgtui::org::{Handshake, HandshakeParty, HandshakeResource};
use orgtui::sts::{CallerIdentity, StsReply};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(m: &mut Model, text: &str) -> Vec<Cmd> {
    text.chars().flat_map(|c| app::update(m, ch(c))).collect()
}

fn status(m: &Model) -> String {
    match m.status_shown() {
        Some(Status::Info(s)) => s.clone(),
        Some(Status::Error(e)) => format!("{}: {}", e.code, e.message),
        None => String::new(),
    }
}

fn changes(cmds: &[Cmd]) -> Vec<Change> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Work(orgtui::app::Job::Change { change, .. }) => Some(change.clone()),
            _ => None,
        })
        .collect()
}

fn confirmation_text(m: &Model) -> String {
    let plan = match m.overlay() {
        Mode::Dialog(Dialog::Confirm(c)) => &c.plan,
        Mode::Dialog(Dialog::Typed(t)) => &t.plan,
        other => panic!("expected a confirmation, got {other:?}"),
    };
    describe(m, plan)
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

fn screen(m: &Model) -> &orgtui::app::HandshakeScreen {
    match m.overlay() {
        Mode::Dialog(Dialog::Handshakes(s)) => s,
        other => panic!("expected the handshakes screen, got {other:?}"),
    }
}

fn handshake(id: &str, action: &str, state: &str, party: &str) -> Handshake {
    Handshake {
        id: id.into(),
        arn: format!("arn:aws:organizations::111111111111:handshake/o-exampleorg/{id}"),
        parties: vec![
            HandshakeParty {
                id: "o-exampleorg".into(),
                kind: "ORGANIZATION".into(),
            },
            HandshakeParty::account(party),
        ],
        state: state.into(),
        // The last digit of the id is the day: the later, the higher in the list.
        requested_at: format!("2026-11-2{}T10:00:00Z", &id[id.len() - 1..]),
        expires_at: "2026-12-10T10:00:00Z".into(),
        action: action.into(),
        resources: vec![
            HandshakeResource::new("MASTER_EMAIL", "aws+management@example-corp.com"),
            HandshakeResource::new("NOTES", "welcome aboard"),
        ],
    }
}

pub fn sample() -> Vec<Handshake> {
    vec![
        handshake("h-open00001", "INVITE", "OPEN", "333333333333"),
        handshake("h-acc000002", "INVITE", "ACCEPTED", "444444444444"),
        handshake(
            "h-eaf00003",
            "ENABLE_ALL_FEATURES",
            "REQUESTED",
            "111111111111",
        ),
    ]
}

fn is_list(member: bool, action: Option<&str>) -> impl Fn(&Fetch) -> bool + '_ {
    move |f| {
        *f == Fetch::Admin(AdminFetch::Handshakes {
            member,
            action: action.map(str::to_string),
        })
    }
}

/// `8` pressed and the list answered with `list`.
fn open_screen(m: &mut Model, member: bool, list: Vec<Handshake>) {
    let cmds = app::update(m, ch('8'));
    let req = one(&cmds, is_list(member, None));
    app::update(m, ok(req, Reply::Admin(AdminReply::Handshakes(list))));
}

fn as_member(m: &mut Model) {
    let me = CallerIdentity {
        arn: "arn:aws:iam::999999999999:user/bob".into(),
        account: "999999999999".into(),
        user_id: "AIDA".into(),
    };
    app::update(m, Msg::Sts(StsReply::Caller(Ok(me))));
}

fn palette(m: &mut Model, line: &str) -> Vec<Cmd> {
    app::update(m, ch(':'));
    let mut cmds = typed(m, line);
    cmds.extend(app::update(m, key(KeyCode::Enter)));
    cmds
}

#[test]
fn the_screen_lists_filters_by_state_and_type_and_describes_one() {
    let mut m = loaded((120, 40));
    open_screen(&mut m, false, sample());
    assert_eq!(listed(&m, screen(&m)).len(), 3);
    // State: REQUESTED, then OPEN.
    app::update(&mut m, ch('s'));
    let ids: Vec<String> = listed(&m, screen(&m)).into_iter().map(|h| h.id).collect();
    assert_eq!(ids, ["h-eaf00003"]);
    app::update(&mut m, ch('s'));
    let ids: Vec<String> = listed(&m, screen(&m)).into_iter().map(|h| h.id).collect();
    assert_eq!(ids, ["h-open00001"]);
    // Type: the filter goes to the API.
    let cmds = app::update(&mut m, ch('t'));
    let req = one(&cmds, is_list(false, Some("INVITE")));
    app::update(
        &mut m,
        ok(req, Reply::Admin(AdminReply::Handshakes(sample()))),
    );
    assert_eq!(listed(&m, screen(&m)).len(), 1);
    // Enter: DescribeHandshake.
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let id = "h-open00001".to_string();
    one(&cmds, |f| {
        *f == Fetch::Admin(AdminFetch::Handshake { id: id.clone() })
    });
    assert_eq!(screen(&m).step, HsStep::Detail { id });
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(screen(&m).step, HsStep::List);
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
}

#[test]
fn cancel_is_confirmed_then_sent_exactly_once_and_only_when_open() {
    let mut m = loaded((120, 40));
    open_screen(&mut m, false, sample());
    // Newest first: the ACCEPTED one (the 22nd) is above the OPEN one (the 21st).
    let rows: Vec<String> = listed(&m, screen(&m))
        .into_iter()
        .map(|h| h.state)
        .collect();
    let accepted = rows
        .iter()
        .position(|s| s == "ACCEPTED")
        .expect("accepted row");
    for _ in 0..accepted {
        app::update(&mut m, key(KeyCode::Down));
    }
    let cmds = app::update(&mut m, ctrl('x'));
    assert!(changes(&cmds).is_empty());
    let note = screen(&m).note.clone().unwrap_or_default();
    assert!(note.contains("OPEN or REQUESTED"), "{note}");
    let open = rows.iter().position(|s| s == "OPEN").expect("open row");
    app::update(&mut m, key(KeyCode::Home));
    for _ in 0..10 {
        app::update(&mut m, key(KeyCode::Up));
    }
    for _ in 0..open {
        app::update(&mut m, key(KeyCode::Down));
    }
    app::update(&mut m, ctrl('x'));
    let text = confirmation_text(&m);
    // "Withdraw", not "Cancel": the confirmation's own n/Esc is "cancel" (issue 17).
    assert!(
        text.contains("Withdraw INVITE handshake h-open00001"),
        "{text}"
    );
    assert!(!text.contains("Cancel"), "{text}");
    assert!(text.contains("CANCELED"), "{text}");
    let cmds = confirm(&mut m);
    assert_eq!(
        changes(&cmds),
        vec![Change::Org(OrgChange::CancelHandshake {
            handshake: "h-open00001".into()
        })]
    );
}

#[test]
fn the_invitation_form_checks_the_target_and_sends_what_was_typed() {
    let mut m = loaded((120, 40));
    open_screen(&mut m, false, sample());
    app::update(&mut m, ctrl('n'));
    assert_eq!(screen(&m).step, HsStep::Invite { field: 0 });
    typed(&mut m, "12345");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(changes(&cmds).is_empty());
    assert!(screen(&m)
        .note
        .as_deref()
        .unwrap_or("")
        .contains("12 digits"));
    app::update(&mut m, ctrl('u'));
    typed(&mut m, "not-an-email");
    app::update(&mut m, key(KeyCode::Enter));
    assert!(screen(&m).note.as_deref().unwrap_or("").contains('@'));
    app::update(&mut m, ctrl('u'));
    typed(&mut m, "555555555555");
    app::update(&mut m, key(KeyCode::Tab));
    typed(&mut m, "join us");
    app::update(&mut m, key(KeyCode::Enter));
    let text = confirmation_text(&m);
    assert!(
        text.contains("Invite account 555555555555 to join o-exampleorg"),
        "{text}"
    );
    assert!(text.contains("notes: join us"), "{text}");
    assert!(text.contains("15 days"), "{text}");
    let cmds = confirm(&mut m);
    assert_eq!(
        changes(&cmds),
        vec![Change::Org(OrgChange::InviteAccount {
            target: "555555555555".into(),
            notes: "join us".into()
        })]
    );
}

#[test]
fn enable_all_features_only_from_consolidated_billing_and_explains_its_handshake() {
    let mut m = loaded((120, 40));
    let cmds = palette(&mut m, "enable-all-features");
    assert!(changes(&cmds).is_empty());
    assert!(
        status(&m).contains("all features are enabled already"),
        "{}",
        status(&m)
    );
    let mut org = org();
    org.feature_set = "CONSOLIDATED_BILLING".into();
    m.org = Some(Loadable::Loaded(org));
    palette(&mut m, "enable-all-features");
    let text = confirmation_text(&m);
    assert!(text.contains("APPROVE_ALL_FEATURES"), "{text}");
    // Only invited accounts get one (issue 17): created accounts approve without one.
    assert!(
        text.contains("every member account that joined by invitation"),
        "{text}"
    );
    assert!(
        text.contains("accounts created in the organization approve without one"),
        "{text}"
    );
    assert!(text.contains("management account accepts"), "{text}");
    let cmds = confirm(&mut m);
    let sent = changes(&cmds);
    assert_eq!(sent, vec![Change::Org(OrgChange::EnableAllFeatures)]);
    // Its progress: the handshakes screen, re-read once the change is through.
    let (req, change) = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Work(orgtui::app::Job::Change { req, change, .. }) => Some((*req, change.clone())),
            _ => None,
        })
        .expect("sent");
    let cmds = app::update(
        &mut m,
        ok(
            req,
            Reply::Changed(app::Changed {
                change,
                outcome: Ok(()),
                created: Some("h-eaf00003".into()),
                audit_error: None,
                reconciled: false,
            }),
        ),
    );
    assert!(!screen(&m).member);
    one(&cmds, is_list(false, None));
}

#[test]
fn delete_organization_needs_it_empty_and_its_id_typed() {
    let mut m = loaded((120, 40));
    let cmds = palette(&mut m, "delete-organization");
    // The accounts are read first.
    let req = one(&cmds, |f| *f == Fetch::AllAccounts);
    let accounts = vec![account(1, "management"), account(2, "member")];
    app::update(
        &mut m,
        ok(
            req,
            Reply::AllAccountsPage {
                items: accounts,
                last: true,
            },
        ),
    );
    let cmds = palette(&mut m, "delete-organization");
    assert!(changes(&cmds).is_empty());
    assert_eq!(*m.overlay(), Mode::Normal);
    assert!(status(&m).contains("2 member accounts"), "{}", status(&m));
    // Only the management account left.
    let mut only = org();
    only.master_account_id = account(1, "management").id;
    m.org = Some(Loadable::Loaded(only));
    m.cache.accounts = Some(Loadable::Loaded(vec![account(1, "management")]));
    palette(&mut m, "delete-organization");
    let text = confirmation_text(&m);
    assert!(text.contains("Delete organization o-exampleorg"), "{text}");
    assert!(text.contains("cannot be undone"), "{text}");
    app::update(&mut m, Msg::Drawn);
    let mut cmds = app::update(&mut m, ch('y'));
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    cmds.extend(typed(&mut m, "o-wrong"));
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    assert!(changes(&cmds).is_empty());
    match m.overlay() {
        Mode::Dialog(Dialog::Typed(t)) => assert!(t.wrong),
        other => panic!("the typed confirmation stays: {other:?}"),
    }
    app::update(&mut m, ctrl('u'));
    typed(&mut m, "o-exampleorg");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(
        changes(&cmds),
        vec![Change::Org(OrgChange::DeleteOrganization {
            organization: "o-exampleorg".into()
        })]
    );
}

#[test]
fn read_only_refuses_every_organization_change() {
    let mut m = loaded((120, 40));
    m.context.read_only = true;
    open_screen(&mut m, false, sample());
    // The OPEN one is last.
    app::update(&mut m, key(KeyCode::Down));
    app::update(&mut m, key(KeyCode::Down));
    let mut cmds = Vec::new();
    for k in [ctrl('x'), ch('a'), ch('d')] {
        cmds.extend(app::update(&mut m, k));
        let note = screen(&m).note.clone().unwrap_or_default();
        assert!(note.contains("Read-only"), "{note}");
    }
    // Ctrl-N is refused at the key: no invitation form to fill in first.
    app::update(&mut m, ctrl('n'));
    assert_eq!(screen(&m).step, HsStep::List);
    assert!(screen(&m)
        .note
        .as_deref()
        .unwrap_or("")
        .contains("Read-only"));
    app::update(&mut m, key(KeyCode::Esc));
    let mut org = org();
    org.feature_set = "CONSOLIDATED_BILLING".into();
    m.org = Some(Loadable::Loaded(org));
    cmds.extend(palette(&mut m, "enable-all-features"));
    assert!(status(&m).contains("Read-only"), "{}", status(&m));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert!(changes(&cmds).is_empty());
}

#[test]
fn a_member_account_is_told_so_and_answers_its_invitations() {
    let mut m = loaded((120, 40));
    as_member(&mut m);
    let said = status(&m);
    assert!(
        said.contains("999999999999) is a member of o-exampleorg"),
        "{said}"
    );
    assert!(said.contains(":leave-organization"), "{said}");
    open_screen(
        &mut m,
        true,
        vec![handshake("h-mine00001", "INVITE", "OPEN", "999999999999")],
    );
    // A member does not invite.
    app::update(&mut m, ctrl('n'));
    assert_eq!(screen(&m).step, HsStep::List);
    app::update(&mut m, ch('a'));
    let text = confirmation_text(&m);
    assert!(
        text.contains("Accept INVITE handshake h-mine00001"),
        "{text}"
    );
    assert!(text.contains("joins that organization"), "{text}");
    let cmds = confirm(&mut m);
    let accept = Change::Org(OrgChange::AcceptHandshake {
        handshake: "h-mine00001".into(),
    });
    assert_eq!(changes(&cmds), vec![accept]);
    // Decline, from a fresh screen.
    let mut m = loaded((120, 40));
    as_member(&mut m);
    open_screen(
        &mut m,
        true,
        vec![handshake("h-mine00001", "INVITE", "OPEN", "999999999999")],
    );
    app::update(&mut m, ch('d'));
    assert!(confirmation_text(&m).contains("DECLINED"));
    let cmds = confirm(&mut m);
    let decline = Change::Org(OrgChange::DeclineHandshake {
        handshake: "h-mine00001".into(),
    });
    assert_eq!(changes(&cmds), vec![decline]);
}

#[test]
fn a_member_leaves_only_with_the_organization_id_typed() {
    let mut m = loaded((120, 40));
    // The management account cannot leave.
    let me = CallerIdentity {
        arn: "arn:aws:iam::111111111111:user/alice".into(),
        account: "111111111111".into(),
        user_id: "AIDA".into(),
    };
    app::update(&mut m, Msg::Sts(StsReply::Caller(Ok(me))));
    let cmds = palette(&mut m, "leave-organization");
    assert!(changes(&cmds).is_empty());
    assert!(
        status(&m).contains("management account cannot leave"),
        "{}",
        status(&m)
    );
    as_member(&mut m);
    palette(&mut m, "leave-organization");
    let text = confirmation_text(&m);
    assert!(
        text.contains("This account leaves organization o-exampleorg"),
        "{text}"
    );
    let mut cmds = typed(&mut m, "o-exampleor");
    cmds.extend(app::update(&mut m, key(KeyCode::Enter)));
    assert!(changes(&cmds).is_empty());
    typed(&mut m, "g");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(
        changes(&cmds),
        vec![Change::Org(OrgChange::LeaveOrganization {
            organization: "o-exampleorg".into()
        })]
    );
}

/// A model whose start found no organization.
pub fn in_none() -> Model {
    let mut m = Model::new(app::Context {
        source: "test".into(),
        read_only: false,
    });
    m.size = (120, 40);
    let cmds = app::init(&mut m);
    let req = one(&cmds, |f| *f == Fetch::Organization);
    app::update(&mut m, err(req, "AWSOrganizationsNotInUseException"));
    m
}

#[test]
fn an_account_in_no_organization_sees_its_invitations_and_may_create_one() {
    let mut m = in_none();
    // Its invitations: ListHandshakesForAccount.
    open_screen(
        &mut m,
        true,
        vec![handshake("h-mine00001", "INVITE", "OPEN", "999999999999")],
    );
    assert_eq!(listed(&m, screen(&m)).len(), 1);
    app::update(&mut m, key(KeyCode::Esc));
    let cmds = palette(&mut m, "create-organization sideways");
    assert!(changes(&cmds).is_empty());
    assert!(
        status(&m).contains("ALL or CONSOLIDATED_BILLING"),
        "{}",
        status(&m)
    );
    palette(&mut m, "create-organization consolidated_billing");
    let text = confirmation_text(&m);
    assert!(text.contains("feature set CONSOLIDATED_BILLING"), "{text}");
    let cmds = confirm(&mut m);
    assert_eq!(
        changes(&cmds),
        vec![Change::Org(OrgChange::CreateOrganization {
            feature_set: "CONSOLIDATED_BILLING".into()
        })]
    );
    // In an organization, creating another is refused.
    let mut m = loaded((120, 40));
    let cmds = palette(&mut m, "create-organization");
    assert!(changes(&cmds).is_empty());
    assert!(
        status(&m).contains("in an organization already"),
        "{}",
        status(&m)
    );
}

#[test]
fn the_screen_counts_the_members_that_approved_all_features() {
    let mut m = loaded((120, 40));
    let mut list = vec![handshake(
        "h-eaf00003",
        "ENABLE_ALL_FEATURES",
        "OPEN",
        "111111111111",
    )];
    list.push(handshake(
        "h-apr00001",
        "APPROVE_ALL_FEATURES",
        "ACCEPTED",
        "333333333333",
    ));
    list.push(handshake(
        "h-apr00002",
        "APPROVE_ALL_FEATURES",
        "OPEN",
        "444444444444",
    ));
    list.push(handshake(
        "h-apr00004",
        "APPROVE_ALL_FEATURES",
        "OPEN",
        "555555555555",
    ));
    open_screen(&mut m, false, list);
    assert_eq!(app::all_features_progress(&m), Some((1, 3)));
    // Once it is finished (or with none open), nothing is waiting.
    let done = vec![handshake(
        "h-eaf00003",
        "ENABLE_ALL_FEATURES",
        "ACCEPTED",
        "111111111111",
    )];
    let cmds = app::update(&mut m, ctrl('r'));
    let req = one(&cmds, is_list(false, None));
    app::update(&mut m, ok(req, Reply::Admin(AdminReply::Handshakes(done))));
    assert_eq!(app::all_features_progress(&m), None);
}

#[test]
fn j_and_k_move_in_the_handshakes_list() {
    for member in [false, true] {
        let mut m = loaded((120, 40));
        if member {
            as_member(&mut m);
        }
        open_screen(&mut m, member, sample());
        app::update(&mut m, ch('j'));
        app::update(&mut m, ch('j'));
        assert_eq!(screen(&m).selected, 2, "member {member}");
        app::update(&mut m, ch('k'));
        assert_eq!(screen(&m).selected, 1, "member {member}");
    }
}

/// `:leave-organization` by the member account 222222220001 (under the root), with the
/// SCPs of its path read when `deny_leave` is given: FullAWSAccess at both levels, and on
/// the root DenyLeave with that document.
fn leaving_says(deny_leave: Option<&str>) -> String {
    let mut m = loaded((120, 40));
    let me = CallerIdentity {
        arn: "arn:aws:iam::222222220001:user/bob".into(),
        account: "222222220001".into(),
        user_id: "AIDA".into(),
    };
    app::update(&mut m, Msg::Sts(StsReply::Caller(Ok(me))));
    if let Some(doc) = deny_leave {
        let full = scp("p-FullAWSAccess", "FullAWSAccess");
        let deny = scp("p-denyleave1", "DenyLeave");
        let allow_all = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        for (summary, content) in [(&full, allow_all), (&deny, doc)] {
            let policy = orgtui::org::Policy {
                summary: summary.clone(),
                content: content.into(),
            };
            m.cache
                .policy_docs
                .insert(summary.id.clone(), Loadable::Loaded(policy));
        }
        m.cache
            .attached
            .insert(ROOT.into(), Loadable::Loaded(vec![full.clone(), deny]));
        m.cache
            .attached
            .insert(account(1, "x").id, Loadable::Loaded(vec![full]));
    }
    palette(&mut m, "leave-organization");
    confirmation_text(&m)
}

#[test]
fn leaving_warns_when_a_known_scp_denies_it_or_says_aws_checks_when_unread() {
    let text = leaving_says(None);
    assert!(
        text.contains(
            "AWS refuses if an SCP on this account's path denies organizations:LeaveOrganization"
        ),
        "{text}"
    );
    let deny = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;
    let text = leaving_says(Some(deny));
    assert!(text.contains("✗ AWS will refuse"), "{text}");
    assert!(text.contains("DenyLeave"), "{text}");
    let when = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*","Condition":{"StringNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}}]}"#;
    let text = leaving_says(Some(when));
    assert!(text.contains("An SCP may deny it"), "{text}");
    // An SCP that denies something else: nothing to warn about.
    let other = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:DeleteOrganization","Resource":"*"}]}"#;
    let text = leaving_says(Some(other));
    assert!(!text.contains("AWS will refuse"), "{text}");
    assert!(!text.contains("AWS refuses if"), "{text}");
    assert!(!text.contains("may deny"), "{text}");
}
