//! Reducer tests of authoring policies: the editor (validation at line and column,
//! warnings that never block a save, each type's size limit, completion of actions and
//! condition keys, failed calls keep the text, drafts), $EDITOR, deleting (detach
//! everywhere first) and policy types; and snapshots of the editor with a warning, with the
//! completion list and with an RCP at its limit.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Change, Cmd, Dialog, Editor, Fetch, Mode, Model, Msg, Plan, Reply};
use orgtui::org::{OrgError, Policy, PolicySummary, PolicyTarget, PolicyType, TargetKind};
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui_textarea::CursorMove;

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
    policies_view_sized((120, 40), read_only)
}

fn policies_view_sized(size: (u16, u16), read_only: bool) -> Model {
    let mut m = loaded(size);
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
    // What detaching it everywhere does to the watched actions is asked too.
    let detach_all = orgtui::policy::whatif::Proposed::DetachAll {
        policy: "p-denydelete".into(),
        targets: vec![ROOT.to_string()],
    };
    assert_eq!(app::whatif::proposed(plan(&m)), Some(detach_all));
    match m.overlay() {
        Mode::Dialog(Dialog::Confirm(c)) => assert!(c.whatif.is_some(), "{c:?}"),
        other => panic!("{other:?}"),
    }
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

/// A new SCP named Typed in the editor on a screen of `size`, its document `before` then
/// `after`, the cursor between them.
fn editing_sized(size: (u16, u16), before: &str, after: &str) -> Model {
    let mut m = policies_view_sized(size, false);
    app::update(&mut m, ch('n'));
    for c in "Typed".chars() {
        app::update(&mut m, ch(c));
    }
    for _ in 0..3 {
        app::update(&mut m, key(KeyCode::Tab));
    }
    if let Mode::Dialog(Dialog::Editor(e)) = &mut m.mode {
        e.set_text(&format!("{before}{after}"));
        let row = before.matches('\n').count();
        let col = before.rsplit('\n').next().unwrap_or(before).chars().count();
        e.content
            .move_cursor(CursorMove::Jump(row as u16, col as u16));
    }
    assert_eq!(editor(&m).focus, app::EditorField::Content);
    m
}

fn editing(before: &str, after: &str) -> Model {
    editing_sized((120, 40), before, after)
}

/// A statement up to its Action value's opening quote, for completing what follows.
const ACTION_AT: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"";
/// What follows the Action value: the document is whole around the cursor.
const ACTION_REST: &str = "\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

/// A valid SCP with one typo'd action: AWS accepts it, it denies nothing.
const TYPO: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"s3:DeleteBuckett\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

fn ctrl_space() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(' '), KeyModifiers::CONTROL))
}

#[test]
fn a_warning_is_shown_as_typed_and_never_blocks_the_save() {
    let mut m = editing(TYPO, "");
    let problems = editor(&m).problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let w = &problems[0];
    assert_eq!(w.severity, orgtui::policy::Severity::Warning);
    assert_eq!((w.line, w.column), (6, 17));
    assert!(w.message.contains("did you mean s3:DeleteBucket"), "{w:?}");
    assert!(editor(&m).errors().is_empty());
    // Ctrl-S goes on to the confirmation, which says the warning once more.
    let cmds = app::update(&mut m, ctrl('s'));
    assert!(sent(&cmds).is_empty());
    let text = app::describe(&m, plan(&m));
    assert!(
        text.iter().any(|(tone, line)| *tone == app::Tone::Warn
            && line.contains("6:17 unknown action s3:DeleteBuckett")),
        "{text:?}"
    );
    let changes = sent(&confirm(&mut m));
    assert!(
        matches!(&changes[..], [(_, Change::CreatePolicy(c))] if c.content == TYPO),
        "{changes:?}"
    );
}

#[test]
fn an_error_blocks_the_save_and_the_cursor_skips_the_warnings_before_it() {
    // A warning on line 5, then an error on line 6.
    let doc = TYPO.replace(
        "\"Effect\": \"Deny\",\n      \"Action\": \"s3:DeleteBuckett\",",
        "\"Action\": \"s3:DeleteBuckett\",\n      \"Effect\": \"Denny\",",
    );
    let mut m = editing(&doc, "");
    let e = editor(&m);
    let lines: Vec<(usize, bool)> = e
        .problems()
        .iter()
        .map(|p| (p.line, p.is_warning()))
        .collect();
    assert_eq!(lines, vec![(5, true), (6, false)]);
    assert_eq!(e.errors().len(), 1);
    let cmds = app::update(&mut m, ctrl('s'));
    assert!(sent(&cmds).is_empty(), "an invalid document was sent");
    assert!(m.editor().is_some(), "{:?}", m.overlay());
    // At the error (row 5, 0-based), not at the warning before it.
    assert_eq!(editor(&m).content.cursor().0, 5);
}

/// An RCP document of exactly `chars` characters (spaces pad the Sid's line).
fn rcp_of(chars: usize) -> String {
    let doc = orgtui::app::template(&PolicyType::ResourceControl);
    let pad = chars - doc.chars().count();
    doc.replacen(
        "\"DenyExample\",",
        &format!("\"DenyExample\",{}", " ".repeat(pad)),
        1,
    )
}

/// The RCP editor (a new RCP) holding `content`.
fn rcp_editor(size: (u16, u16), content: &str) -> Model {
    let mut m = policies_view_sized(size, false);
    let mut e = Editor::new_policy(vec![PolicyType::ResourceControl]);
    e.name = app::TextInput::new("LimitRcp");
    e.set_text(content);
    m.mode = Mode::Dialog(Dialog::Editor(Box::new(e)));
    m
}

#[test]
fn an_rcp_is_held_to_its_own_limit_of_5120_characters() {
    let at = rcp_of(5_120);
    assert_eq!(at.chars().count(), 5_120);
    let mut m = rcp_editor((120, 40), &at);
    assert_eq!(editor(&m).max_chars(), Some(5_120));
    assert!(
        editor(&m).problems().is_empty(),
        "{:?}",
        editor(&m).problems()
    );
    // The confirmation says the size against the RCP's limit, not the SCP's.
    app::update(&mut m, ctrl('s'));
    let text = app::describe(&m, plan(&m));
    assert!(
        text.iter()
            .any(|(_, l)| l.trim() == "5120 of 5120 characters"),
        "{text:?}"
    );
    // One more is an error that stops the save, though an SCP of that size is fine.
    let over = rcp_of(5_121);
    let mut m = rcp_editor((120, 40), &over);
    let errors = editor(&m).errors();
    assert!(
        errors
            .iter()
            .any(|p| p.message.contains("1 character over the limit of 5120")),
        "{errors:?}"
    );
    app::update(&mut m, ctrl('s'));
    assert!(m.editor().is_some());
    let scp = over.replace("\"Principal\": \"*\",\n      ", "");
    assert!(orgtui::policy::validate(&PolicyType::ServiceControl, &scp)
        .iter()
        .all(|p| !p.message.contains("over the limit")));
}

#[test]
fn ctrl_space_completes_a_unique_action() {
    let names = orgtui::policy::catalog::catalog().action_names("s3:GetObjectAtt");
    assert_eq!(names, vec!["s3:GetObjectAttributes".to_string()]);
    let mut m = editing(&format!("{ACTION_AT}s3:GetObjectAtt"), ACTION_REST);
    app::update(&mut m, ctrl_space());
    let e = editor(&m);
    assert!(e.completion.is_none());
    assert!(
        e.text()
            .contains("\"Action\": \"s3:GetObjectAttributes\",\n"),
        "{}",
        e.text()
    );
    // The cursor is after what was completed: typing goes on from there.
    assert_eq!(
        e.content.cursor(),
        (5, "      \"Action\": \"s3:GetObjectAttributes".len())
    );
    // Without its colon, an action completes its service prefix.
    let mut m = editing(&format!("{ACTION_AT}organiz"), ACTION_REST);
    app::update(&mut m, ctrl_space());
    assert!(
        editor(&m).text().contains("\"organizations:\""),
        "{}",
        editor(&m).text()
    );
}

#[test]
fn ctrl_space_completes_as_far_as_the_names_agree_and_lists_them() {
    // Typed in lower case: the common start is written as AWS spells it.
    let mut m = editing(&format!("{ACTION_AT}s3:getobjectv"), ACTION_REST);
    app::update(&mut m, ctrl_space());
    let e = editor(&m);
    assert!(e.text().contains("\"s3:GetObjectVersion\""), "{}", e.text());
    let c = e.completion.as_ref().expect("several names: a list");
    assert_eq!(c.what, app::Completing::Action);
    assert_eq!(c.word, "s3:GetObjectVersion");
    assert_eq!(c.candidates[0], "s3:GetObjectVersion");
    assert!(c.candidates.len() > 2, "{c:?}");
    assert!(c
        .candidates
        .iter()
        .all(|n| n.starts_with("s3:GetObjectVersion")));
    // Down then Enter picks the second; the list closes.
    app::update(&mut m, key(KeyCode::Down));
    let second = editor(&m)
        .completion
        .as_ref()
        .map(|c| c.candidates[1].clone());
    assert_eq!(editor(&m).completion.as_ref().map(|c| c.selected), Some(1));
    app::update(&mut m, key(KeyCode::Enter));
    let e = editor(&m);
    assert!(e.completion.is_none());
    let second = second.expect("a second name");
    assert!(
        e.text().contains(&format!("\"{second}\",\n")),
        "{}",
        e.text()
    );
    assert!(e.problems().is_empty(), "{:?}", e.problems());
}

#[test]
fn the_list_narrows_as_you_type_and_esc_closes_only_the_list() {
    let mut m = editing(&format!("{ACTION_AT}s3:GetObjectVersion"), ACTION_REST);
    app::update(&mut m, ctrl_space());
    let all = editor(&m)
        .completion
        .as_ref()
        .map_or(0, |c| c.candidates.len());
    app::update(&mut m, ch('T'));
    let c = editor(&m).completion.clone().expect("still open");
    assert!(c.candidates.len() < all, "{c:?}");
    assert!(
        c.candidates
            .iter()
            .all(|n| n.starts_with("s3:GetObjectVersionT")),
        "{c:?}"
    );
    // Up from the first wraps to the last.
    app::update(&mut m, key(KeyCode::Up));
    assert_eq!(
        editor(&m).completion.as_ref().map(|c| c.selected),
        Some(c.candidates.len() - 1)
    );
    app::update(&mut m, key(KeyCode::Esc));
    assert!(editor(&m).completion.is_none());
    assert!(
        !editor(&m).leaving,
        "Esc on the list asked to leave the editor"
    );
    // Typing what no name starts with closes it.
    app::update(&mut m, ctrl_space());
    app::update(&mut m, ch('x'));
    assert!(editor(&m).completion.is_none());
    assert!(editor(&m).text().contains("s3:GetObjectVersionTx"));
}

#[test]
fn completion_knows_notaction_lists_and_condition_keys_and_nothing_else() {
    let before = "{\"Statement\": [{\"Effect\": \"Deny\", \"NotAction\": [\"s3:PutObject\", \"s3:GetObjectAtt";
    let mut m = editing(before, "\"], \"Resource\": \"*\"}]}");
    app::update(&mut m, ctrl_space());
    assert!(
        editor(&m).text().contains("\"s3:GetObjectAttributes\"]"),
        "{}",
        editor(&m).text()
    );
    let before = "{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\",\n  \"Condition\": {\"StringNotEquals\": {\"aws:RequestedReg";
    let mut m = editing(before, "\": \"eu-west-1\"}}}]}");
    app::update(&mut m, ctrl_space());
    let e = editor(&m);
    assert!(
        e.text()
            .contains("{\"aws:RequestedRegion\": \"eu-west-1\"}"),
        "{}",
        e.text()
    );
    assert!(e.problems().is_empty(), "{:?}", e.problems());
    // A key with a variable part completes up to it.
    let mut m = editing(
        &before.replace("aws:RequestedReg", "aws:PrincipalTa"),
        "\": \"x\"}}}]}",
    );
    app::update(&mut m, ctrl_space());
    assert!(
        editor(&m).text().contains("\"aws:PrincipalTag/\""),
        "{}",
        editor(&m).text()
    );
    // Not a name completion knows (a Resource, a Condition value, a wildcard): the text is
    // left alone and a note says where it works.
    for (before, after) in [
        (
            "{\"Statement\": [{\"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3",
            "\"}]}",
        ),
        (
            "{\"Condition\": {\"StringEquals\": {\"aws:RequestedRegion\": \"eu-w",
            "\"}}}",
        ),
        (&format!("{ACTION_AT}s3:Get*Ob") as &str, ACTION_REST),
    ] {
        let mut m = editing(before, after);
        app::update(&mut m, ctrl_space());
        let e = editor(&m);
        assert_eq!(e.text(), format!("{before}{after}"));
        assert!(e.completion.is_none());
        assert!(
            e.note
                .as_deref()
                .unwrap_or("")
                .contains("completes an action"),
            "{:?}",
            e.note
        );
    }
    // No such action: said, nothing changed.
    let mut m = editing(&format!("{ACTION_AT}s3:Frobnicate"), ACTION_REST);
    app::update(&mut m, ctrl_space());
    assert!(editor(&m)
        .note
        .as_deref()
        .unwrap_or("")
        .contains("No action starts with"));
}

fn snap(name: &str, build: impl Fn((u16, u16)) -> Model) {
    for size in [(120, 40), (80, 24)] {
        let m = build(size);
        let screen = snap_text(&m, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn editor_snapshots_of_a_warning_the_completion_list_and_an_rcp_at_its_limit() {
    // A warning and an error: each in its colour, counted apart.
    snap("editor_warning", |size| {
        let doc = TYPO.replace("\"Resource\": \"*\"", "\"Resource\": 5");
        let m = editing_sized(size, &doc, "");
        let screen = snap_text(&m, size);
        assert!(screen.contains("✗ 1 error, 1 warning · "), "{screen}");
        assert!(
            screen.contains("⚠ 6:17 unknown action s3:DeleteBuckett"),
            "{screen}"
        );
        m
    });
    snap("editor_completion", |size| {
        let mut m = editing_sized(size, &format!("{ACTION_AT}s3:GetObjectV"), ACTION_REST);
        app::update(&mut m, ctrl_space());
        app::update(&mut m, key(KeyCode::Down));
        let screen = snap_text(&m, size);
        assert!(screen.contains("s3:GetObjectVersionAcl"), "{screen}");
        assert!(screen.contains("Enter complete"), "{screen}");
        m
    });
    snap("editor_rcp_limit", |size| {
        let m = rcp_editor(size, &rcp_of(5_120));
        let screen = snap_text(&m, size);
        assert!(
            screen.contains("✓ valid · 5120 of 5120 characters"),
            "{screen}"
        );
        m
    });
}

fn snap_text(m: &Model, size: (u16, u16)) -> String {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &Theme::default(), f))
        .expect("draw");
    terminal.backend().to_string()
}

/// The editor's save of an existing SCP asks what it does to the watched actions, and the
/// confirmation shows the answer before `y` (issue 16, item 5).
fn saving_with_whatif(size: (u16, u16)) -> Model {
    let mut m = policies_view_sized(size, false);
    settle_selection(&mut m, vec!["ou-ab12-11111111"]);
    app::update(&mut m, ch('e'));
    assert_eq!(editor(&m).policy.as_deref(), Some("p-denydelete"));
    app::update(&mut m, Msg::Paste(" ".into()));
    let cmds = app::update(&mut m, ctrl('s'));
    let req = one(
        &cmds,
        |f| matches!(f, Fetch::WhatIf { proposed: orgtui::policy::whatif::Proposed::Update { policy, .. }, .. } if policy == "p-denydelete"),
    );
    assert!(sent(&cmds).is_empty(), "nothing is sent before y");
    let summary = orgtui::policy::whatif::Summary {
        accounts: 37,
        only: None,
        actions: vec![orgtui::policy::whatif::ActionChange {
            action: "s3:PutObject".into(),
            lost: (0..37).map(|n| format!("{n:012}")).collect(),
            ..Default::default()
        }],
        invalid: vec![],
    };
    app::update(&mut m, ok(req, Reply::WhatIf(Box::new(summary))));
    m
}

#[test]
fn saving_an_attached_scp_shows_what_it_does_to_the_watched_actions() {
    let m = saving_with_whatif((120, 40));
    let screen = snap_text(&m, (120, 40));
    assert!(
        screen.contains("After this, 37 accounts can no longer s3:PutObject"),
        "{screen}"
    );
    snap("editor_save_whatif", saving_with_whatif);
}

/// An SCP one character over 10,240 is refused in the editor, saying by how much, and
/// nothing is sent; at exactly 10,240 it goes on to the confirmation.
#[test]
fn an_scp_over_10240_characters_is_refused_before_sending() {
    let scp_of = |chars: usize| {
        let doc = orgtui::app::template(&PolicyType::ServiceControl);
        let pad = chars - doc.chars().count();
        let at = doc.find("\"Statement\"").expect("a Statement");
        format!("{}{}{}", &doc[..at], " ".repeat(pad), &doc[at..])
    };
    let mut m = policies_view(false);
    let mut e = Editor::new_policy(vec![PolicyType::ServiceControl]);
    e.name = app::TextInput::new("Big");
    e.set_text(&scp_of(10_241));
    m.mode = Mode::Dialog(Dialog::Editor(Box::new(e)));
    let errors: Vec<String> = editor(&m)
        .errors()
        .iter()
        .map(|p| p.message.clone())
        .collect();
    assert!(
        errors
            .iter()
            .any(|e| e.contains("1 character over the limit of 10240")),
        "{errors:?}"
    );
    let cmds = app::update(&mut m, ctrl('s'));
    assert!(sent(&cmds).is_empty());
    assert!(m.editor().is_some());
    if let Mode::Dialog(Dialog::Editor(e)) = &mut m.mode {
        e.set_text(&scp_of(10_240));
    }
    assert!(editor(&m).errors().is_empty());
    app::update(&mut m, ctrl('s'));
    let changes = sent(&confirm(&mut m));
    assert!(
        matches!(&changes[..], [(_, Change::CreatePolicy(c))] if c.content.chars().count() == 10_240),
        "{changes:?}"
    );
}
