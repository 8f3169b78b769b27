//! Reducer tests of issue 9's administrative UI: the tag editor (validation at the field,
//! the exact diff confirmed, the exact TagResource/UntagResource sent, the re-read, a
//! failure bringing the rows back); the delegated-administrators, trusted-services and
//! resource-policy screens (register, deregister, enable, disable, put, delete, each
//! confirmed and sent exactly); and read-only refusing every change.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{
    self, candidates, delegations, describe, trusted, AdminChange, AdminFetch, AdminPlan,
    AdminReply, AdminScreen, Change, Cmd, Dialog, Editor, Fetch, Mode, Model, Msg, Plan, Reply,
    Step, TagEditor, TagField,
};
use orgtui::org::{
    DelegatedAdministrator, DelegatedService, EnabledService, OrgError, ResourcePolicy, Tag,
};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn tag(k: &str, v: &str) -> Tag {
    Tag {
        key: k.into(),
        value: v.into(),
    }
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        app::update(m, ch(c));
    }
}

fn editor(m: &Model) -> &TagEditor {
    match m.overlay() {
        Mode::Dialog(Dialog::Tags(e)) => e,
        other => panic!("expected the tag editor, got {other:?}"),
    }
}

fn is_tags_of(resource: &str) -> impl Fn(&Fetch) -> bool + '_ {
    move |f| matches!(f, Fetch::Admin(AdminFetch::Tags { resource: r }) if r == resource)
}

/// The Security OU selected, its tags read as `tags`, and `T` pressed: the editor is open.
fn editing(tags: Vec<Tag>, read_only: bool) -> Model {
    let mut m = loaded((120, 40));
    m.context.read_only = read_only;
    select(&mut m, &ou_id(1));
    let cmds = app::update(&mut m, Msg::Idle);
    let req = one(&cmds, is_tags_of(&ou_id(1)));
    let resource = ou_id(1);
    app::update(
        &mut m,
        ok(req, Reply::Admin(AdminReply::Tags { resource, tags })),
    );
    app::update(&mut m, ch('T'));
    m
}

const ENV_TEAM_OLD: [(&str, &str); 3] = [("env", "dev"), ("old", "x"), ("team", "a")];

fn original() -> Vec<Tag> {
    ENV_TEAM_OLD.iter().map(|(k, v)| tag(k, v)).collect()
}

#[test]
fn tags_of_an_ou_are_read_with_its_details_and_shown() {
    let m = editing(original(), false);
    let ix = m
        .node_by_id(&ou_id(1))
        .map(|_| ())
        .and(m.selected_ix())
        .expect("selected");
    let fields = app::fields::node_fields(&m, ix);
    let tags: Vec<&str> = fields
        .iter()
        .skip_while(|f| f.label != "Tags")
        .map(|f| f.value.as_str())
        .collect();
    assert_eq!(tags, ["env = dev", "old = x", "team = a"]);
}

#[test]
fn t_waits_for_tags_not_read_yet_and_opens_once_they_are() {
    let mut m = loaded((120, 40));
    select(&mut m, &ou_id(2));
    let cmds = app::update(&mut m, ch('T'));
    let req = one(&cmds, is_tags_of(&ou_id(2)));
    assert!(status(&m).contains("Reading the tags"), "{}", status(&m));
    assert_eq!(*m.overlay(), Mode::Normal);
    let resource = ou_id(2);
    let tags = vec![tag("a", "1")];
    app::update(
        &mut m,
        ok(req, Reply::Admin(AdminReply::Tags { resource, tags })),
    );
    app::update(&mut m, ch('T'));
    assert_eq!(editor(&m).original, vec![tag("a", "1")]);
    assert!(editor(&m).label.contains("Workloads"));
}

#[test]
fn each_rule_is_checked_at_its_field_as_typed() {
    let mut m = editing(Vec::new(), false);
    // The editor starts on an empty row; a blank row is no problem.
    assert_eq!(editor(&m).first_problem(), None);
    typed(&mut m, "aws:owner");
    let why = editor(&m)
        .problem(0, TagField::Key)
        .expect("reserved prefix");
    assert!(why.contains("aws:"), "{why}");
    // Ctrl-S refuses and stays on the bad field.
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, ctrl('s'));
    assert_eq!(editor(&m).field, TagField::Key);
    assert!(matches!(m.dialog(), Some(Dialog::Tags(_))));
    for _ in 0.."aws:owner".len() {
        app::update(&mut m, key(KeyCode::Backspace));
    }
    typed(&mut m, "cost#center");
    let why = editor(&m).problem(0, TagField::Key).expect("bad character");
    assert!(why.contains("'#'"), "{why}");
    app::update(&mut m, ctrl('u'));
    typed(&mut m, &"k".repeat(129));
    let why = editor(&m).problem(0, TagField::Key).expect("too long");
    assert!(why.contains("1–128"), "{why}");
    app::update(&mut m, key(KeyCode::Backspace));
    assert_eq!(editor(&m).problem(0, TagField::Key), None);
    // Values: at most 256 characters, the same characters; empty is fine.
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(editor(&m).problem(0, TagField::Value), None);
    typed(&mut m, &"v".repeat(257));
    let why = editor(&m).problem(0, TagField::Value).expect("too long");
    assert!(why.contains("256"), "{why}");
    app::update(&mut m, ctrl('u'));
    typed(&mut m, "a b_c.d:e/f=g+h-i@j");
    assert_eq!(editor(&m).problem(0, TagField::Value), None);
    // A second row with the same key.
    app::update(&mut m, ctrl('n'));
    typed(&mut m, &"k".repeat(128));
    let why = editor(&m).problem(1, TagField::Key).expect("duplicate");
    assert!(why.contains("already a key"), "{why}");
}

#[test]
fn at_most_fifty_tags() {
    let fifty: Vec<Tag> = (0..50).map(|i| tag(&format!("k{i}"), "v")).collect();
    let mut m = editing(fifty, false);
    app::update(&mut m, ctrl('n'));
    assert_eq!(editor(&m).rows.len(), 50);
    assert!(editor(&m).note.as_deref().unwrap_or("").contains("50"));
}

/// env dev → prod, old removed, owner = me added.
fn edit_all_three(m: &mut Model) {
    // Rows: env, old, team. Change env's value.
    app::update(m, key(KeyCode::Tab));
    app::update(m, ctrl('u'));
    typed(m, "prod");
    // Remove old.
    app::update(m, key(KeyCode::Down));
    app::update(m, ctrl('x'));
    // Add owner = me.
    app::update(m, ctrl('n'));
    typed(m, "owner");
    app::update(m, key(KeyCode::Tab));
    typed(m, "me");
}

#[test]
fn saving_confirms_the_exact_diff() {
    let mut m = editing(original(), false);
    edit_all_three(&mut m);
    app::update(&mut m, ctrl('s'));
    let Some(c) = m.confirmation() else {
        panic!("expected a confirmation, got {:?}", m.overlay());
    };
    let Plan::Admin(AdminPlan::Tags { resource, diff, .. }) = &c.plan else {
        panic!("expected a tag plan, got {:?}", c.plan);
    };
    assert_eq!(resource, &ou_id(1));
    assert_eq!(diff.added, vec![tag("owner", "me")]);
    assert_eq!(
        diff.changed,
        vec![("env".to_string(), "dev".to_string(), "prod".to_string())]
    );
    assert_eq!(diff.removed, vec![tag("old", "x")]);
    let text: Vec<String> = describe(&m, &c.plan).into_iter().map(|(_, s)| s).collect();
    for line in [
        "  + owner = me",
        "  ~ env = dev → prod",
        "  − old = x",
        "Sends UntagResource (1 key), then TagResource (2 tags).",
    ] {
        assert!(text.iter().any(|l| l == line), "{line:?} not in {text:?}");
    }
    assert!(text[0].contains("Security"), "{}", text[0]);
}

#[test]
fn confirmed_it_sends_untag_then_tag_one_at_a_time_then_rereads_the_tags() {
    let mut m = editing(original(), false);
    edit_all_three(&mut m);
    app::update(&mut m, ctrl('s'));
    let resource = ou_id(1);
    // One at a time: the untag first, the tag once it has answered.
    let first = sent(&confirm(&mut m));
    let [(req, untag)] = first.try_into().expect("only the untag is sent first");
    assert_eq!(
        untag,
        Change::Admin(AdminChange::UntagResource {
            resource: resource.clone(),
            keys: vec!["old".into()],
        })
    );
    let after = app::update(&mut m, changed(req, untag, Ok(())));
    let [(req, tag_)] = sent(&after).try_into().expect("then the tag");
    assert_eq!(
        tag_,
        Change::Admin(AdminChange::TagResource {
            resource: resource.clone(),
            tags: vec![tag("owner", "me"), tag("env", "prod")],
        })
    );
    let after = app::update(&mut m, changed(req, tag_, Ok(())));
    one(&after, is_tags_of(&resource));
}

#[test]
fn a_failed_save_brings_the_rows_back_with_the_error() {
    let mut m = editing(original(), false);
    app::update(&mut m, key(KeyCode::Tab));
    typed(&mut m, "2");
    app::update(&mut m, ctrl('s'));
    let cmds = confirm(&mut m);
    let [(req, change)] = sent(&cmds).try_into().expect("one change");
    let denied = OrgError::new("AccessDeniedException", "no");
    app::update(&mut m, changed(req, change, Err(denied)));
    let e = editor(&m);
    assert_eq!(
        e.failure.as_ref().map(|f| f.code.as_str()),
        Some("AccessDeniedException")
    );
    assert_eq!(e.tags()[0], tag("env", "dev2"));
}

#[test]
fn nothing_changed_saves_nothing() {
    let mut m = editing(original(), false);
    app::update(&mut m, ctrl('s'));
    assert!(matches!(m.dialog(), Some(Dialog::Tags(_))));
    assert!(editor(&m)
        .note
        .as_deref()
        .unwrap_or("")
        .contains("Nothing changed"));
}

#[test]
fn read_only_refuses_the_tag_editor() {
    let m = editing(original(), true);
    assert_eq!(*m.overlay(), Mode::Normal);
    assert!(status(&m).contains("Read-only"), "{}", status(&m));
}

// --- delegated administrators, trusted services, the resource policy ---

const GUARDDUTY: &str = "guardduty.amazonaws.com";

fn screen(m: &Model) -> &AdminScreen {
    match m.overlay() {
        Mode::Dialog(Dialog::Admin(s)) => s,
        other => panic!("expected an admin screen, got {other:?}"),
    }
}

fn confirmation(m: &Model) -> (Plan, Vec<String>) {
    match m.overlay() {
        Mode::Dialog(Dialog::Confirm(c)) => (
            c.plan.clone(),
            describe(m, &c.plan).into_iter().map(|(_, s)| s).collect(),
        ),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

/// Answers the screens' reads: `audit` (account 5) is delegated administrator of
/// GuardDuty, which has trusted access; `policy` is the resource policy, if any.
fn answer_admin(m: &mut Model, cmds: Vec<Cmd>, policy: Option<&str>) {
    let mut cmds = cmds;
    for _ in 0..5 {
        let mut more = Vec::new();
        for (req, f) in fetches(&cmds) {
            let reply = match f {
                Fetch::AllAccounts => Reply::AllAccountsPage {
                    items: vec![account(1, "management"), account(5, "audit")],
                    last: true,
                },
                Fetch::Admin(AdminFetch::DelegatedAdmins) => {
                    Reply::Admin(AdminReply::DelegatedAdmins(vec![DelegatedAdministrator {
                        account: account(5, "audit"),
                        delegation_enabled_at: "2024-05-01T00:00:00Z".into(),
                    }]))
                }
                Fetch::Admin(AdminFetch::DelegatedServices { account }) => {
                    Reply::Admin(AdminReply::DelegatedServices {
                        account,
                        services: vec![DelegatedService {
                            service_principal: GUARDDUTY.into(),
                            delegation_enabled_at: "2024-05-01T00:00:00Z".into(),
                        }],
                    })
                }
                Fetch::Admin(AdminFetch::TrustedServices) => {
                    Reply::Admin(AdminReply::TrustedServices(vec![EnabledService {
                        service_principal: GUARDDUTY.into(),
                        enabled_at: "2024-04-01T00:00:00Z".into(),
                    }]))
                }
                Fetch::Admin(AdminFetch::ResourcePolicy) => {
                    Reply::Admin(AdminReply::ResourcePolicy(policy.map(|c| {
                        ResourcePolicy {
                        id: "rp-1".into(),
                        arn: "arn:aws:organizations::111111111111:resourcepolicy/o-exampleorg/rp-1"
                            .into(),
                        content: c.into(),
                    }
                    })))
                }
                _ => continue,
            };
            more.extend(app::update(m, ok(req, reply)));
        }
        more.extend(app::update(m, Msg::Idle));
        if fetches(&more).is_empty() {
            return;
        }
        cmds = more;
    }
}

fn opened(key: char, read_only: bool, policy: Option<&str>) -> Model {
    let mut m = loaded((120, 40));
    m.context.read_only = read_only;
    let cmds = app::update(&mut m, ch(key));
    answer_admin(&mut m, cmds, policy);
    m
}

fn sent_after_confirm(m: &mut Model) -> Vec<Change> {
    sent(&confirm(m)).into_iter().map(|(_, c)| c).collect()
}

#[test]
fn the_delegated_administrators_list_each_service_and_filter_by_it() {
    let mut m = opened('5', false, None);
    let rows = delegations(&m, "");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].service.as_deref(), Some(GUARDDUTY));
    assert_eq!(rows[0].account.name, "audit");
    typed(&mut m, "securityhub");
    assert!(delegations(&m, screen(&m).query.as_str()).is_empty());
}

#[test]
fn register_picks_an_account_then_a_service_and_sends_exactly_that() {
    let mut m = opened('5', false, None);
    // Security Hub's trusted access is enabled too: AWS refuses a delegated administrator
    // for a service without it, and orgtui says so before sending.
    if let Some(orgtui::app::Loadable::Loaded(list)) = &mut m.cache.admin.trusted_services {
        list.push(EnabledService {
            service_principal: "securityhub.amazonaws.com".into(),
            enabled_at: "2024-04-02T00:00:00Z".into(),
        });
    }
    app::update(&mut m, ctrl('n'));
    assert_eq!(screen(&m).step, Step::Account);
    // The management account cannot be one; it is not offered.
    assert!(candidates(&m, "").iter().all(|a| a.id != "111111111111"));
    typed(&mut m, "audit");
    app::update(&mut m, key(KeyCode::Enter));
    let audit = account(5, "audit").id;
    assert_eq!(
        screen(&m).step,
        Step::Service {
            account: Some(audit.clone())
        }
    );
    typed(&mut m, "not a principal");
    app::update(&mut m, key(KeyCode::Enter));
    assert!(screen(&m)
        .note
        .as_deref()
        .unwrap_or("")
        .contains("service principal"));
    app::update(&mut m, ctrl('u'));
    typed(&mut m, "securityhub.amazonaws.com");
    app::update(&mut m, key(KeyCode::Enter));
    let (plan, text) = confirmation(&m);
    assert!(
        text[0].starts_with(&format!("Register audit ({audit})")),
        "{text:?}"
    );
    assert!(
        text.iter().any(|l| l.contains("administer this service")),
        "{text:?}"
    );
    assert_eq!(
        plan.changes(),
        vec![Change::Admin(AdminChange::RegisterDelegatedAdministrator {
            account: audit.clone(),
            service: "securityhub.amazonaws.com".into(),
        })]
    );
    let changes = sent_after_confirm(&mut m);
    assert_eq!(changes, plan.changes());
}

#[test]
fn deregister_the_selected_delegation_after_saying_what_it_means() {
    let mut m = opened('5', false, None);
    app::update(&mut m, ctrl('x'));
    let (plan, text) = confirmation(&m);
    assert!(text[0].starts_with("Deregister audit"), "{text:?}");
    assert!(text.iter().any(|l| l.contains("loses")), "{text:?}");
    let expected = vec![Change::Admin(
        AdminChange::DeregisterDelegatedAdministrator {
            account: account(5, "audit").id,
            service: GUARDDUTY.into(),
        },
    )];
    assert_eq!(plan.changes(), expected);
    let cmds = confirm(&mut m);
    let [(req, change)] = sent(&cmds).try_into().expect("one change");
    assert_eq!(vec![change.clone()], expected);
    // Done: back on the list, its lists read again.
    let after = app::update(&mut m, changed(req, change, Ok(())));
    assert_eq!(screen(&m).step, Step::List);
    assert_eq!(
        status(&m),
        format!("audit is no longer delegated administrator of {GUARDDUTY}")
    );
    one(&after, |f| *f == Fetch::Admin(AdminFetch::DelegatedAdmins));
}

#[test]
fn enable_and_disable_trusted_access_each_explained() {
    let mut m = opened('6', false, None);
    assert_eq!(trusted(&m, "").len(), 1);
    app::update(&mut m, ctrl('x'));
    let (plan, text) = confirmation(&m);
    assert_eq!(text[0], format!("Disable trusted access for {GUARDDUTY}"));
    assert!(
        text.iter().any(|l| l.contains("loses its access")),
        "{text:?}"
    );
    assert!(text.iter().any(|l| l.contains("stop")), "{text:?}");
    assert_eq!(
        sent_after_confirm(&mut m),
        vec![Change::Admin(AdminChange::DisableServiceAccess {
            service: GUARDDUTY.into()
        })]
    );
    assert_eq!(plan.changes().len(), 1);

    let mut m = opened('6', false, None);
    app::update(&mut m, ctrl('n'));
    typed(&mut m, "sso.amazonaws.com");
    app::update(&mut m, key(KeyCode::Enter));
    let (_, text) = confirmation(&m);
    assert!(text[0].starts_with("Enable trusted access for sso.amazonaws.com"));
    assert_eq!(
        sent_after_confirm(&mut m),
        vec![Change::Admin(AdminChange::EnableServiceAccess {
            service: "sso.amazonaws.com".into()
        })]
    );
}

const RP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222220005:root"},"Action":"organizations:Describe*","Resource":"*"}]}"#;

fn rp_editor(m: &Model) -> &Editor {
    match m.overlay() {
        Mode::Dialog(Dialog::Editor(e)) if e.resource_policy.is_some() => e,
        other => panic!("expected the resource policy editor, got {other:?}"),
    }
}

#[test]
fn the_resource_policy_is_edited_checked_and_put() {
    let mut m = opened('7', false, None);
    app::update(&mut m, ch('e'));
    assert_eq!(rp_editor(&m).resource_policy, Some(false));
    // Broken JSON is caught at its line and column; nothing is submitted.
    app::update(&mut m, key(KeyCode::Home));
    typed(&mut m, "x");
    let problems = rp_editor(&m).problems();
    assert_eq!(
        (problems[0].line, problems[0].column),
        (1, 1),
        "{problems:?}"
    );
    app::update(&mut m, ctrl('s'));
    // Ctrl-S went to the problem: the cursor is before the x.
    rp_editor(&m);
    app::update(&mut m, key(KeyCode::Delete));
    assert!(rp_editor(&m).problems().is_empty());
    let content = rp_editor(&m).text();
    app::update(&mut m, ctrl('s'));
    let (_, text) = confirmation(&m);
    assert_eq!(text[0], "Create the organization's resource policy");
    assert_eq!(
        sent_after_confirm(&mut m),
        vec![Change::Admin(AdminChange::PutResourcePolicy { content })]
    );
    // No policy draft is kept for it.
    assert_eq!(m.draft_count(), 0);
}

#[test]
fn the_resource_policy_is_shown_and_deleted_after_a_confirmation() {
    let mut m = opened('7', false, Some(RP));
    assert!(matches!(
        m.cached_resource_policy(),
        Some(orgtui::app::Loadable::Loaded(Some(p))) if p.content == RP
    ));
    app::update(&mut m, ch('D'));
    let (_, text) = confirmation(&m);
    assert_eq!(text[0], "Delete the organization's resource policy");
    assert_eq!(
        sent_after_confirm(&mut m),
        vec![Change::Admin(AdminChange::DeleteResourcePolicy)]
    );
}

#[test]
fn read_only_shows_the_screens_but_refuses_their_changes() {
    for (key_, act) in [
        ('5', ctrl('x')),
        ('6', ctrl('x')),
        ('7', ch('D')),
        ('7', ch('e')),
    ] {
        let mut m = opened(key_, true, Some(RP));
        app::update(&mut m, act);
        assert!(
            screen(&m)
                .note
                .as_deref()
                .unwrap_or("")
                .contains("Read-only"),
            "{key_}: {:?}",
            m.overlay()
        );
    }
}

#[test]
fn read_only_refuses_ctrl_n_at_the_key_in_screens_5_6_and_7() {
    for screen_key in ['5', '6', '7'] {
        let mut m = opened(screen_key, true, Some(RP));
        let cmds = app::update(&mut m, ctrl('n'));
        let s = screen(&m);
        // No form opened (and on 7 no editor): the note says why, at the key.
        assert_eq!(s.step, Step::List, "{screen_key}");
        assert!(
            s.note.as_deref().unwrap_or("").contains("Read-only"),
            "{screen_key}: {:?}",
            s.note
        );
        assert!(cmds.iter().all(|c| !matches!(c, Cmd::Work(_))), "{cmds:?}");
    }
    // Not read-only: the form opens.
    let mut m = opened('5', false, None);
    app::update(&mut m, ctrl('n'));
    assert_eq!(screen(&m).step, Step::Account);
}

#[test]
fn r_reads_the_tags_again_with_the_details() {
    let mut m = editing(original(), false);
    app::update(&mut m, key(KeyCode::Esc));
    let cmds = app::update(&mut m, ch('r'));
    one(&cmds, is_tags_of(&ou_id(1)));
}

#[test]
fn t_in_the_policies_view_edits_the_selected_policy_s_tags() {
    let mut m = loaded((120, 40));
    let cmds = app::update(&mut m, ch('2'));
    let req = one(&cmds, |f| matches!(f, Fetch::Policies { .. }));
    app::update(
        &mut m,
        ok(
            req,
            Reply::Policies(vec![
                scp("p-denydelete", "DenyDelete"),
                scp("p-FullAWSAccess", "FullAWSAccess"),
            ]),
        ),
    );
    let cmds = app::update(&mut m, Msg::Idle);
    let req = one(&cmds, is_tags_of("p-denydelete"));
    let resource = "p-denydelete".to_string();
    app::update(
        &mut m,
        ok(
            req,
            Reply::Admin(AdminReply::Tags {
                resource,
                tags: vec![tag("a", "b")],
            }),
        ),
    );
    app::update(&mut m, ch('T'));
    assert_eq!(editor(&m).resource, "p-denydelete");
    assert!(editor(&m).label.starts_with("policy DenyDelete"));
    // AWS-managed policies cannot be tagged.
    app::update(&mut m, key(KeyCode::Esc));
    app::update(&mut m, key(KeyCode::Down));
    app::update(&mut m, ch('T'));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert!(status(&m).contains("managed by AWS"), "{}", status(&m));
}

#[test]
fn a_member_account_s_delegated_services_are_read_lazily_and_shown() {
    let mut m = loaded((120, 40));
    let member = account(1, "management").id;
    select(&mut m, &member);
    let cmds = app::update(&mut m, Msg::Idle);
    let req = one(
        &cmds,
        |f| matches!(f, Fetch::Admin(AdminFetch::DelegatedServices { account }) if *account == member),
    );
    let services = vec![DelegatedService {
        service_principal: GUARDDUTY.into(),
        delegation_enabled_at: "2024-05-01T00:00:00Z".into(),
    }];
    let account_id = member.clone();
    app::update(
        &mut m,
        ok(
            req,
            Reply::Admin(AdminReply::DelegatedServices {
                account: account_id,
                services,
            }),
        ),
    );
    let ix = m.selected_ix().expect("selected");
    let fields = app::fields::node_fields(&m, ix);
    assert!(
        fields
            .iter()
            .any(|f| f.label == "Delegated" && f.value == GUARDDUTY),
        "{fields:?}"
    );

    // The management account is never a delegated administrator: nothing is asked.
    let req = expand(&mut m, &ou_id(1));
    let mut mgmt = account(9, "root-account");
    mgmt.id = "111111111111".into();
    answer_children(&mut m, req, &ou_id(1), Vec::new(), vec![mgmt]);
    select(&mut m, "111111111111");
    let cmds = app::update(&mut m, Msg::Idle);
    assert!(
        !fetches(&cmds)
            .iter()
            .any(|(_, f)| matches!(f, Fetch::Admin(AdminFetch::DelegatedServices { .. }))),
        "{cmds:?}"
    );
}

#[test]
fn leaving_the_resource_policy_editor_keeps_nothing_and_goes_back_to_it() {
    let mut m = opened('7', false, Some(RP));
    app::update(&mut m, ch('e'));
    typed(&mut m, "x");
    app::update(&mut m, key(KeyCode::Esc));
    app::update(&mut m, ch('d'));
    assert_eq!(screen(&m).screen, orgtui::app::Screen::ResourcePolicy);
    assert_eq!(m.draft_count(), 0);
    assert!(status(&m).contains("unchanged"), "{}", status(&m));
}

fn drawn(m: &Model) -> String {
    let backend = ratatui::backend::TestBackend::new(m.size.0, m.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &orgtui::ui::theme::Theme::default(), f))
        .expect("draw");
    terminal.backend().to_string()
}

#[test]
fn esc_with_unsaved_tags_asks_before_dropping_them() {
    // Nothing changed: Esc closes at once.
    let mut m = editing(original(), false);
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
    // One value edited: Esc asks.
    let mut m = editing(original(), false);
    app::update(&mut m, key(KeyCode::Tab));
    typed(&mut m, "X");
    app::update(&mut m, key(KeyCode::Esc));
    assert!(editor(&m).asking_discard);
    assert!(drawn(&m).contains("Discard 1 change? y"), "{}", drawn(&m));
    // While it asks, other keys neither discard nor edit.
    typed(&mut m, "q");
    assert!(editor(&m).asking_discard);
    assert_eq!(editor(&m).rows[0].value.as_str(), "devX");
    // n, or Esc again, goes back to editing with the edit kept.
    typed(&mut m, "n");
    assert!(!editor(&m).asking_discard);
    app::update(&mut m, key(KeyCode::Esc));
    app::update(&mut m, key(KeyCode::Esc));
    assert!(!editor(&m).asking_discard);
    typed(&mut m, "Y");
    assert_eq!(editor(&m).rows[0].value.as_str(), "devXY");
    // y drops them.
    app::update(&mut m, key(KeyCode::Esc));
    let cmds = app::update(&mut m, ch('y'));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert!(sent(&cmds).is_empty());
}

#[test]
fn j_and_k_scroll_the_resource_policy_but_type_into_a_search() {
    let mut m = opened('7', false, Some(RP));
    app::update(&mut m, ch('j'));
    app::update(&mut m, ch('j'));
    assert_eq!(screen(&m).selected, 2);
    app::update(&mut m, ch('k'));
    assert_eq!(screen(&m).selected, 1);
    // The delegated administrators' list filters as typed: j is part of the search.
    let mut m = opened('5', false, None);
    app::update(&mut m, ch('j'));
    assert_eq!(screen(&m).query.as_str(), "j");
}
