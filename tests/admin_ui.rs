//! Reducer tests of issue 9's administrative UI: the tag editor (validation at the field,
//! the exact diff confirmed, the exact TagResource/UntagResource sent, the re-read, a
//! failure bringing the rows back), and read-only refusing it.

mod fixtures;

use fixtures::*;
use orgtui::app::{
    self, describe, AdminChange, AdminFetch, AdminPlan, AdminReply, Change, Changed, Cmd, Dialog,
    Fetch, Mode, Model, Msg, Plan, Reply, Status, TagEditor, TagField,
};
use orgtui::org::{OrgError, Tag};
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
    match &m.mode {
        Mode::Dialog(Dialog::Tags(e)) => e,
        other => panic!("expected the tag editor, got {other:?}"),
    }
}

fn status(m: &Model) -> String {
    match &m.status {
        Some(Status::Info(s)) => s.clone(),
        Some(Status::Error(e)) => format!("{}: {}", e.code, e.message),
        None => String::new(),
    }
}

fn sent(cmds: &[Cmd]) -> Vec<(u64, Change)> {
    cmds.iter()
        .filter_map(|c| match c {
            Cmd::Change { req, change, .. } => Some((*req, change.clone())),
            _ => None,
        })
        .collect()
}

fn changed(req: u64, change: Change, outcome: Result<(), OrgError>) -> Msg {
    ok(
        req,
        Reply::Changed(Changed {
            change,
            outcome,
            created: None,
            audit_error: None,
            reconciled: false,
        }),
    )
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
        .and(m.selected)
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
    assert_eq!(m.mode, Mode::Normal);
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
    assert!(matches!(m.mode, Mode::Dialog(Dialog::Tags(_))));
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
    let Mode::Dialog(Dialog::Confirm(c)) = &m.mode else {
        panic!("expected a confirmation, got {:?}", m.mode);
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
        "Sends TagResource (2 tags) and UntagResource (1 key).",
    ] {
        assert!(text.iter().any(|l| l == line), "{line:?} not in {text:?}");
    }
    assert!(text[0].contains("Security"), "{}", text[0]);
}

#[test]
fn confirmed_it_sends_exactly_tag_and_untag_then_rereads_the_tags() {
    let mut m = editing(original(), false);
    edit_all_three(&mut m);
    app::update(&mut m, ctrl('s'));
    let cmds = confirm(&mut m);
    let changes = sent(&cmds);
    let resource = ou_id(1);
    assert_eq!(
        changes.iter().map(|(_, c)| c.clone()).collect::<Vec<_>>(),
        vec![
            Change::Admin(AdminChange::TagResource {
                resource: resource.clone(),
                tags: vec![tag("owner", "me"), tag("env", "prod")],
            }),
            Change::Admin(AdminChange::UntagResource {
                resource: resource.clone(),
                keys: vec!["old".into()],
            }),
        ]
    );
    let mut after = Vec::new();
    for (req, change) in changes {
        after.extend(app::update(&mut m, changed(req, change, Ok(()))));
    }
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
    assert!(matches!(m.mode, Mode::Dialog(Dialog::Tags(_))));
    assert!(editor(&m)
        .note
        .as_deref()
        .unwrap_or("")
        .contains("Nothing changed"));
}

#[test]
fn read_only_refuses_the_tag_editor() {
    let m = editing(original(), true);
    assert_eq!(m.mode, Mode::Normal);
    assert!(status(&m).contains("Read-only"), "{}", status(&m));
}
