//! The describe view (`v`, issue 17): everything known about a node or a policy, full
//! width, scrollable to the end of a long document, searchable; and the policy document
//! panes that scroll.

use crate::fixtures::*;
use orgtui::app::{self, Dialog, Fetch, Model, Msg, Reply};
use orgtui::org::{Policy, PolicyTarget, TargetKind};
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;

/// An SCP of about 5,000 characters: many statements, the last one named so the end of
/// the document can be recognised.
pub fn long_policy() -> String {
    let mut statements: Vec<String> = (0..30)
        .map(|i| {
            format!(
                r#"{{"Sid":"DenyRegion{i:02}","Effect":"Deny","Action":["ec2:RunInstances","s3:CreateBucket"],"Resource":"*","Condition":{{"StringEquals":{{"aws:RequestedRegion":"xx-{i:02}"}}}}}}"#
            )
        })
        .collect();
    statements.push(r#"{"Sid":"TheVeryLastStatement","Effect":"Deny","Action":"iam:CreateUser","Resource":"*"}"#.into());
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

fn render(m: &Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(m.size.0, m.size.1)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &Theme::default(), f))
        .expect("draw");
    terminal.backend().to_string()
}

/// The policies view with DenyLeave's targets and the long document read, then `v`.
pub fn describing_long_policy(size: (u16, u16)) -> Model {
    describing_policy(size, &long_policy())
}

/// The policies view with DenyLeave's targets and `content` as its document, then `v`.
fn describing_policy(size: (u16, u16), content: &str) -> Model {
    let mut m = loaded(size);
    let cmds = app::update(&mut m, ch('2'));
    settle(&mut m, cmds);
    let cmds = app::update(&mut m, ch('v'));
    for (req, f) in fetches(&cmds) {
        let reply = match f {
            Fetch::Targets { policy } => Reply::Targets {
                policy,
                targets: vec![PolicyTarget {
                    target_id: ROOT.into(),
                    arn: String::new(),
                    name: "Root".into(),
                    kind: TargetKind::Root,
                }],
            },
            Fetch::Policy { id } => Reply::Policy(Policy {
                summary: scp(&id, "DenyLeave"),
                content: content.to_string(),
            }),
            _ => continue,
        };
        app::update(&mut m, ok(req, reply));
    }
    assert!(
        matches!(m.dialog(), Some(Dialog::Describe(_))),
        "{:?}",
        m.dialog()
    );
    m
}

#[test]
fn the_long_policy_is_about_5000_characters() {
    let n = long_policy().chars().count();
    assert!((4_800..=5_200).contains(&n), "{n}");
}

#[test]
fn describe_a_long_policy_scrolled_to_its_end() {
    for size in [(120, 40), (80, 24)] {
        let mut m = describing_long_policy(size);
        let top = render(&m);
        assert!(top.contains("DenyLeave"), "{top}");
        assert!(top.contains("Targets"), "{top}");
        assert!(!top.contains("TheVeryLastStatement"), "{top}");
        app::update(&mut m, ch('G'));
        let end = render(&m);
        assert!(end.contains("TheVeryLastStatement"), "{end}");
        // The closing brace of the document is the last row shown.
        insta::assert_snapshot!(
            format!("describe_long_policy_end_{}x{}", size.0, size.1),
            end
        );
    }
}

#[test]
fn every_row_scrolls_into_view_one_at_a_time() {
    let mut m = describing_long_policy((80, 24));
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    let rows = app::describe::rows(&m, d).len();
    let page = app::describe::page(&m);
    assert!(rows > 200, "{rows}");
    for _ in 0..rows {
        app::update(&mut m, ch('j'));
    }
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    assert_eq!(d.scroll, rows - page, "j stops at the last page");
    app::update(&mut m, ch('g'));
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    assert_eq!(d.scroll, 0);
}

#[test]
fn search_finds_and_n_goes_on_wrapping_around() {
    let mut m = describing_long_policy((120, 40));
    for c in "/denyregion20".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    let rows = app::describe::rows(&m, d);
    let first = d.scroll;
    assert!(
        rows[first].text.contains("DenyRegion20"),
        "{:?}",
        rows[first]
    );
    // Not found: said, and the view stays.
    for c in "/nowhere-at-all".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    assert_eq!(d.scroll, first);
    assert!(
        d.note.as_deref().is_some_and(|n| n.contains("nowhere")),
        "{:?}",
        d.note
    );
    // "Sid" is on every statement: n goes to the next one.
    for c in "/\"sid\"".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    let at = d.scroll;
    app::update(&mut m, ch('n'));
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    assert!(d.scroll > at, "{} then {}", at, d.scroll);
}

#[test]
fn y_copies_the_document_and_esc_goes_back() {
    let mut m = describing_long_policy((120, 40));
    let cmds = app::update(&mut m, ch('y'));
    assert!(
        cmds.iter().any(|c| *c == app::Cmd::Copy(long_policy())),
        "{cmds:?}"
    );
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), app::Mode::Normal);
    assert_eq!(m.current_view(), app::View::Policies);
}

#[test]
fn describe_a_node_shows_every_field_whole_and_its_policies() {
    let mut m = loaded((80, 24));
    let cmds = app::update(&mut m, Msg::Idle);
    settle(&mut m, cmds);
    let cmds = app::update(&mut m, ch('v'));
    settle(&mut m, cmds);
    let screen = render(&m);
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!("{screen}")
    };
    let text: String = app::describe::rows(&m, d)
        .iter()
        .map(|r| r.text.trim())
        .collect();
    // The organization's ARN, cut in the 80-column detail pane, is here whole.
    let arn = m.organization().expect("read").arn.clone();
    assert!(text.contains(&arn), "{text}");
    assert!(text.contains("DenyLeave"), "{text}");
}

#[test]
fn the_policies_view_document_takes_the_focus_and_scrolls() {
    let mut m = describing_long_policy((80, 24));
    app::update(&mut m, key(KeyCode::Esc));
    let before = render(&m);
    assert!(!before.contains("DenyRegion10"), "{before}");
    // Tab: targets, then the document.
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, key(KeyCode::Tab));
    assert!(m.policies_view.on_document);
    for _ in 0..6 {
        app::update(&mut m, key(KeyCode::PageDown));
    }
    let after = render(&m);
    assert!(after.contains("Document "), "{after}");
    assert!(after.contains("DenyRegion"), "{after}");
    assert_ne!(before, after);
    // Tab back to the list; j moves the selection again, not the document.
    app::update(&mut m, key(KeyCode::Tab));
    assert!(!m.policies_view.on_document && !m.policies_view.on_targets);
}

#[test]
fn pgdn_in_the_tree_policy_pane_scrolls_the_document_shown_beside_it() {
    let mut m = loaded((80, 24));
    let cmds = app::update(&mut m, Msg::Idle);
    settle(&mut m, cmds);
    // The policy pane has the keys (Shift-Tab from the tree), j/k choose the policy.
    app::update(&mut m, key(KeyCode::BackTab));
    let id = m
        .policy_rows(m.selected.expect("the root"))
        .first()
        .map(|r| r.policy.id.clone())
        .expect("a policy on the root");
    app::update(&mut m, key(KeyCode::PageDown));
    assert!(m.doc_scroll(&id) > 0);
    app::update(&mut m, key(KeyCode::PageUp));
    assert_eq!(m.doc_scroll(&id), 0);
}

/// Where `text` is drawn, as (column, row) of its first cell.
fn find(buf: &ratatui::buffer::Buffer, text: &str) -> (u16, u16) {
    let want: Vec<String> = text.chars().map(String::from).collect();
    for y in 0..buf.area.height {
        let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(x) = row.windows(want.len()).position(|w| w == want.as_slice()) {
            return (x as u16, y);
        }
    }
    panic!("{text:?} not on screen:\n{buf:?}");
}

#[test]
fn the_document_is_highlighted_as_json_keys_strings_numbers_and_punctuation_apart() {
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Sid":"OldMfa","Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"NumericGreaterThan":{"aws:MultiFactorAuthAge":86400}}}]}"#;
    let m = describing_policy((120, 40), doc);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
        .expect("draw");
    let buf = terminal.backend().buffer().clone();
    let t = Theme::default();
    let fg = |text: &str| {
        let (x, y) = find(&buf, text);
        buf[(x, y)].style().fg
    };
    // The key, its value and the colon between them, each in its role's colour.
    assert_eq!(fg("\"Sid\""), t.key().fg, "a key");
    assert_eq!(fg("\"OldMfa\""), t.ok().fg, "a string");
    assert_eq!(fg("86400"), t.warn().fg, "a number");
    let (x, y) = find(&buf, "\"Effect\":");
    assert_eq!(buf[(x + 8, y)].style().fg, t.dim().fg, "the colon");
    // A key and a string of the same text are told apart by where they stand.
    let (x, y) = find(&buf, "\"aws:MultiFactorAuthAge\"");
    assert_eq!(buf[(x + 1, y)].style().fg, t.key().fg);
    let roles = [t.key().fg, t.ok().fg, t.warn().fg, t.dim().fg];
    for (i, a) in roles.iter().enumerate() {
        for b in &roles[i + 1..] {
            assert_ne!(a, b, "the theme gives each role its own colour");
        }
    }
}

#[test]
fn e_in_the_describe_view_of_a_policy_opens_the_editor_on_it() {
    let mut m = describing_long_policy((120, 40));
    let Some(Dialog::Describe(d)) = m.dialog() else {
        panic!()
    };
    let app::describe::Subject::Policy(id) = d.subject.clone() else {
        panic!("{:?}", d.subject)
    };
    let cmds = app::update(&mut m, ch('E'));
    let Some(Dialog::Editor(e)) = m.dialog() else {
        panic!("{:?}", m.dialog())
    };
    // The policy described, with its document, not a new one.
    assert_eq!(e.policy.as_deref(), Some(id.as_str()));
    assert_eq!(e.name.to_string(), "DenyLeave");
    assert!(e.text().contains("TheVeryLastStatement"), "{}", e.text());
    // The document goes to $VISUAL/$EDITOR, as E does in the policies view.
    assert!(
        cmds.iter()
            .any(|c| matches!(c, app::Cmd::EditExternal { text } if text.contains("TheVeryLastStatement"))),
        "{cmds:?}"
    );
    assert_eq!(m.current_view(), app::View::Policies);
}

#[test]
fn an_accounts_describe_view_shows_its_email_and_joined_whole_at_80x24() {
    let mut m = loaded((80, 24));
    let cmds = app::update(&mut m, Msg::Idle);
    settle(&mut m, cmds);
    let req = expand(&mut m, &ou_id(1));
    let mut long = account(7, "security-log-archive-production-eu");
    long.joined_method = "INVITED".into();
    long.joined_at = "2019-11-23T08:41:05.123000+00:00".into();
    let email = long.email.clone();
    let cmds = answer_children(&mut m, req, &ou_id(1), vec![], vec![long.clone()]);
    settle(&mut m, cmds);
    select(&mut m, &long.id);
    let cmds = app::update(&mut m, Msg::Idle);
    settle(&mut m, cmds);
    // In the tree view at 80 columns the detail pane cuts the email.
    let tree = render(&m);
    assert!(!tree.contains(&email), "{tree}");
    let cmds = app::update(&mut m, ch('v'));
    settle(&mut m, cmds);
    let screen = render(&m);
    assert!(matches!(m.dialog(), Some(Dialog::Describe(_))), "{screen}");
    assert!(screen.contains(&email), "{screen}");
    assert!(
        screen.contains("INVITED 2019-11-23T08:41:05.123000+00:00"),
        "{screen}"
    );
}
