//! Reducer tests of authoring policies: the editor (validation at line and column, failed
//! calls keep the text, drafts), $EDITOR, deleting (detach everywhere first) and policy
//! types.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Change, Cmd, Dialog, Editor, Fetch, Mode, Model, Msg, Plan, Reply};
use orgtui::org::{OrgError, Policy, PolicySummary, PolicyTarget, PolicyType, TargetKind};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const DENY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn editor(m: &Model) -> &Editor {
    match m.overlay() {
        Mode::Dialog(Dialog::Editor(e)) => e,
        other => panic!("expected the editor, got {other:?}"),
    }
}

fn plan(m: &Model) -> &Plan {
    match m.overlay() {
        Mode::Dialog(Dialog::Confirm(c)) => &c.plan,
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

fn managed(id: &str, name: &str) -> PolicySummary {
    PolicySummary {
        aws_managed: true,
        ..scp(id, name)
    }
}

/// The policies view with DenyDelete (custom) and FullAWSAccess (AWS-managed) listed.
fn policies_view(read_only: bool) -> Model {
    let mut m = loaded((120, 40));
    m.context.read_only = read_only;
    let req = one(&app::update(&mut m, ch('2')), |f| {
        matches!(f, Fetch::Policies { .. })
    });
    app::update(
        &mut m,
        ok(
            req,
            Reply::Policies(vec![
                scp("p-denydelete", "DenyDelete"),
                managed("p-FullAWSAccess", "FullAWSAccess"),
            ]),
        ),
    );
    m
}

/// Reads the selected policy's document and targets as the view does when input pauses.
fn settle_selection(m: &mut Model, targets: Vec<&str>) {
    let cmds = app::update(m, Msg::Idle);
    for (req, f) in fetches(&cmds) {
        let reply = match f {
            Fetch::Policy { id } => Reply::Policy(Policy {
                summary: scp(&id, "DenyDelete"),
                content: DENY.into(),
            }),
            Fetch::Targets { policy } => Reply::Targets {
                policy,
                targets: targets
                    .iter()
                    .map(|t| PolicyTarget {
                        target_id: t.to_string(),
                        arn: String::new(),
                        name: t.to_string(),
                        kind: TargetKind::of(t).unwrap_or(TargetKind::Account),
                    })
                    .collect(),
            },
            _ => continue,
        };
        app::update(m, ok(req, reply));
    }
}

#[test]
fn a_new_policy_is_checked_confirmed_and_created_once() {
    let mut m = policies_view(false);
    app::update(&mut m, ch('n'));
    assert_eq!(editor(&m).kind, PolicyType::ServiceControl);
    // No name yet: Ctrl-S stays in the editor with the name field focused.
    app::update(&mut m, ctrl('s'));
    assert_eq!(editor(&m).focus, app::EditorField::Name);
    for c in "DenyDeletes".chars() {
        app::update(&mut m, ch(c));
    }
    // The document: replaced by a paste with a broken line.
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(editor(&m).focus, app::EditorField::Content);
    let broken =
        "{\"Version\":\"2012-10-17\",\n\"Statement\":[{\"Effect\":\"Deny\" \"Action\":\"s3:*\"}]}";
    if let Mode::Dialog(Dialog::Editor(e)) = &mut m.mode {
        e.set_text("");
    }
    app::update(&mut m, Msg::Paste(broken.into()));
    let problems = editor(&m).problems();
    assert!(!problems.is_empty());
    assert_eq!(problems[0].line, 2, "{problems:?}");
    let cmds = app::update(&mut m, ctrl('s'));
    assert!(sent(&cmds).is_empty(), "invalid content was sent");
    // The cursor went to the problem.
    assert_eq!(editor(&m).content.cursor().0, 1);
    if let Mode::Dialog(Dialog::Editor(e)) = &mut m.mode {
        e.set_text(DENY);
    }
    app::update(&mut m, ctrl('s'));
    let Plan::SavePolicy { draft } = plan(&m) else {
        panic!("expected a save plan, got {:?}", plan(&m));
    };
    assert_eq!(draft.name, "DenyDeletes");
    let cmds = confirm(&mut m);
    let changes = sent(&cmds);
    assert_eq!(
        changes.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        vec![Change::CreatePolicy(orgtui::change::CreatePolicy {
            name: "DenyDeletes".into(),
            description: String::new(),
            kind: PolicyType::ServiceControl,
            content: DENY.into(),
        })]
    );
    let (req, change) = changes[0].clone();
    let cmds = app::update(&mut m, changed(req, change, Ok(())));
    // The list is read again from the API; the draft is gone.
    one(&cmds, |f| matches!(f, Fetch::Policies { .. }));
    assert_eq!(m.draft_count(), 0);
    assert!(
        status(&m).contains("Created SCP DenyDeletes"),
        "{}",
        status(&m)
    );
}

#[test]
fn a_failed_update_brings_the_editor_back_with_the_text() {
    let mut m = policies_view(false);
    settle_selection(&mut m, vec![]);
    app::update(&mut m, ch('e'));
    assert_eq!(editor(&m).policy.as_deref(), Some("p-denydelete"));
    // Unchanged: nothing to save.
    app::update(&mut m, ctrl('s'));
    assert!(m.editor().is_some());
    app::update(&mut m, Msg::Paste(" ".into()));
    let text = editor(&m).text();
    app::update(&mut m, ctrl('s'));
    let cmds = confirm(&mut m);
    let (req, change) = sent(&cmds)[0].clone();
    assert!(
        matches!(change, Change::UpdatePolicy(orgtui::change::UpdatePolicy { ref policy, .. }) if policy == "p-denydelete")
    );
    app::update(
        &mut m,
        changed(
            req,
            change,
            Err(OrgError::new(
                "MalformedPolicyDocumentException",
                "bad document",
            )),
        ),
    );
    let e = editor(&m);
    assert_eq!(e.text(), text);
    assert_eq!(
        e.failure.as_ref().map(|f| f.code.as_str()),
        Some("MalformedPolicyDocumentException")
    );
    // The draft stays until it is saved or discarded.
    assert_eq!(m.draft_count(), 1);
}

#[test]
fn aws_managed_policies_cannot_be_edited_or_deleted() {
    let mut m = policies_view(false);
    app::update(&mut m, key(KeyCode::Down));
    app::update(&mut m, ch('e'));
    assert!(matches!(m.overlay(), Mode::Normal));
    assert!(status(&m).contains("managed by AWS"), "{}", status(&m));
    app::update(&mut m, ch('D'));
    assert!(matches!(m.overlay(), Mode::Normal));
    assert!(status(&m).contains("cannot be deleted"), "{}", status(&m));
}

#[test]
fn the_external_editor_gets_the_document_and_its_text_comes_back() {
    let mut m = policies_view(false);
    settle_selection(&mut m, vec![]);
    let cmds = app::update(&mut m, ch('E'));
    let text = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::EditExternal { text } => Some(text.clone()),
            _ => None,
        })
        .expect("E hands the document to $EDITOR");
    assert!(text.contains("s3:DeleteBucket"), "{text}");
    app::update(
        &mut m,
        Msg::Edited(Ok(text.replace("DeleteBucket", "PutObject"))),
    );
    assert!(editor(&m).text().contains("s3:PutObject"));
    // A failed editor leaves the document as it was.
    app::update(&mut m, Msg::Edited(Err("vi exited with 1".into())));
    assert!(editor(&m).text().contains("s3:PutObject"));
    assert!(status(&m).contains("vi exited with 1"), "{}", status(&m));
}

#[test]
fn drafts_are_kept_written_at_a_pause_and_discarded_only_on_request() {
    let mut m = policies_view(false);
    app::update(&mut m, ch('n'));
    for c in "Draft1".chars() {
        app::update(&mut m, ch(c));
    }
    let cmds = app::update(&mut m, Msg::Idle);
    let saved = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::SaveDrafts(d) => Some(d.clone()),
            _ => None,
        })
        .expect("the draft is written when input pauses");
    assert_eq!(saved[0].name, "Draft1");
    // Esc asks; k keeps the draft.
    app::update(&mut m, key(KeyCode::Esc));
    assert!(editor(&m).leaving);
    app::update(&mut m, ch('k'));
    assert!(matches!(m.overlay(), Mode::Normal));
    // n brings it back as it was.
    app::update(&mut m, ch('n'));
    assert_eq!(editor(&m).name.as_str(), "Draft1");
    app::update(&mut m, key(KeyCode::Esc));
    app::update(&mut m, ch('d'));
    assert_eq!(m.draft_count(), 0);
    let cmds = app::update(&mut m, Msg::Idle);
    assert!(cmds.contains(&Cmd::SaveDrafts(vec![])), "{cmds:?}");
}

#[test]
fn drafts_of_an_earlier_session_are_offered() {
    let mut m = policies_view(false);
    let draft = orgtui::store::drafts::Draft {
        policy: None,
        name: "Unsaved".into(),
        description: String::new(),
        kind: PolicyType::ServiceControl,
        content: DENY.into(),
        original: None,
    };
    app::update(&mut m, Msg::Drafts(vec![draft]));
    assert!(
        status(&m).contains("1 unsaved policy draft"),
        "{}",
        status(&m)
    );
    app::update(&mut m, ch('n'));
    assert_eq!(editor(&m).name.as_str(), "Unsaved");
    assert_eq!(editor(&m).text(), DENY);
}

#[test]
fn deleting_an_attached_policy_detaches_it_everywhere_first() {
    let mut m = policies_view(false);
    settle_selection(&mut m, vec![ROOT]);
    let cmds = app::update(&mut m, ch('D'));
    // The SCPs of each target are read first (a target must keep one SCP).
    settle(&mut m, cmds);
    app::update(&mut m, ch('D'));
    let Plan::DetachEverywhere { targets, .. } = plan(&m) else {
        panic!("expected detach-everywhere, got {:?}", plan(&m));
    };
    assert_eq!(targets, &vec![ROOT.to_string()]);
    let cmds = confirm(&mut m);
    let (req, change) = sent(&cmds)[0].clone();
    assert_eq!(
        change,
        Change::DetachPolicy(orgtui::change::DetachPolicy {
            policy: "p-denydelete".into(),
            target: ROOT.into()
        })
    );
    app::update(&mut m, changed(req, change, Ok(())));
    // Then the deletion is asked, with its own confirmation.
    assert!(matches!(plan(&m), Plan::DeletePolicy { policy } if policy.id == "p-denydelete"));
    let cmds = confirm(&mut m);
    assert_eq!(
        sent(&cmds)[0].1,
        Change::DeletePolicy(orgtui::change::DeletePolicy {
            policy: "p-denydelete".into()
        })
    );
}

#[test]
fn a_policy_type_is_enabled_after_a_confirmation_that_explains_it() {
    let mut m = loaded((120, 40));
    select(&mut m, ROOT);
    app::update(&mut m, ch('t'));
    for c in "TAG_POLICY".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(
        plan(&m),
        &Plan::PolicyType {
            root: ROOT.into(),
            kind: PolicyType::Tag,
            enable: true
        }
    );
    let text: Vec<String> = app::describe(&m, plan(&m))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert!(text[0].contains("Enable TAG_POLICY on root"), "{text:?}");
    let cmds = confirm(&mut m);
    assert_eq!(
        sent(&cmds)[0].1,
        Change::EnablePolicyType(orgtui::change::EnablePolicyType {
            root: ROOT.into(),
            kind: PolicyType::Tag
        })
    );
}

#[test]
fn read_only_mode_refuses_authoring() {
    let mut m = policies_view(true);
    for k in ['n', 'e', 'E', 'D'] {
        let cmds = app::update(&mut m, ch(k));
        assert!(matches!(m.overlay(), Mode::Normal), "{k} opened a dialog");
        assert!(sent(&cmds).is_empty());
        assert!(status(&m).contains("Read-only"), "{k}: {}", status(&m));
    }
}

#[test]
fn effective_policies_are_read_for_an_account_of_the_enabled_management_types() {
    let mut m = loaded((120, 40));
    select(&mut m, &ou_id(1));
    app::update(&mut m, ch('P'));
    assert!(
        status(&m).contains("computed for accounts"),
        "{}",
        status(&m)
    );
    let acct = account(1, "management").id;
    select(&mut m, &acct);
    // Only SCPs are enabled: nothing combines into an effective policy.
    let cmds = app::update(&mut m, ch('P'));
    assert!(fetches(&cmds).is_empty());
    assert!(
        status(&m).contains("No management policy type"),
        "{}",
        status(&m)
    );
    // With tag policies enabled, one read covers the type.
    for n in m.nodes.iter_mut() {
        if let orgtui::app::NodeData::Root(r) = &mut n.data {
            r.policy_types.push(orgtui::org::PolicyTypeSummary {
                kind: PolicyType::Tag,
                status: "ENABLED".into(),
            });
        }
    }
    let cmds = app::update(&mut m, ch('P'));
    let req = one(&cmds, |f| {
        *f == Fetch::Effective {
            account: acct.clone(),
            types: vec![PolicyType::Tag],
        }
    });
    let read = orgtui::protocol::EffectiveOfType {
        kind: PolicyType::Tag,
        policy: Err(OrgError::new("EffectivePolicyNotFoundException", "none")),
        errors: Ok(vec![]),
        invalid: Ok(vec![]),
    };
    app::update(
        &mut m,
        ok(
            req,
            Reply::Effective {
                account: acct.clone(),
                types: vec![read.clone()],
            },
        ),
    );
    match m.overlay() {
        Mode::Dialog(Dialog::Effective(e)) => {
            assert_eq!(e.read, orgtui::app::Loadable::Loaded(vec![read]))
        }
        other => panic!("expected the effective policies, got {other:?}"),
    }
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
}

#[test]
fn a_policy_key_waiting_for_a_read_goes_on_by_itself_unless_the_user_moved_on() {
    let mut m = policies_view(false);
    // E before the document is read: it is read, then handed to $EDITOR without a second E.
    let cmds = app::update(&mut m, ch('E'));
    let req = one(&cmds, |f| matches!(f, Fetch::Policy { .. }));
    assert!(status(&m).contains("Reading the policy"), "{}", status(&m));
    let doc = Reply::Policy(Policy {
        summary: scp("p-denydelete", "DenyDelete"),
        content: DENY.into(),
    });
    let cmds = app::update(&mut m, ok(req, doc.clone()));
    assert!(m.editor().is_some());
    assert!(
        cmds.iter().any(|c| matches!(c, Cmd::EditExternal { .. })),
        "{cmds:?}"
    );
    // D, then a key elsewhere before the targets arrive: nothing opens later.
    let mut m = policies_view(false);
    let cmds = app::update(&mut m, ch('D'));
    let req = one(&cmds, |f| matches!(f, Fetch::Targets { .. }));
    app::update(&mut m, key(KeyCode::Down));
    let targets = Reply::Targets {
        policy: "p-denydelete".into(),
        targets: vec![],
    };
    app::update(&mut m, ok(req, targets));
    assert_eq!(*m.overlay(), Mode::Normal);
}
