//! Snapshot tests of issue 9's administrative screens (the tag editor and its diff
//! confirmation) at 120×40 and 80×24, drawn as in tests/snapshots.rs.

mod fixtures;

use fixtures::*;
use orgtui::app::{self, AdminFetch, AdminReply, Fetch, Model, Msg, Reply};
use orgtui::org::Tag;
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn snap(name: &str, build: impl Fn((u16, u16)) -> Model) {
    for size in SIZES {
        let m = build(size);
        let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
        terminal
            .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
            .expect("draw");
        let screen = terminal.backend().to_string();
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        app::update(m, ch(c));
    }
}

/// The Security OU's tag editor: env = dev and team = platform read, the value of env
/// being retyped and a new row holding a reserved key.
fn tag_editor(size: (u16, u16)) -> Model {
    let mut m = loaded(size);
    select(&mut m, &ou_id(1));
    let cmds = app::update(&mut m, Msg::Idle);
    let req = one(&cmds, |f| {
        matches!(f, Fetch::Admin(AdminFetch::Tags { .. }))
    });
    let tags = vec![
        Tag {
            key: "env".into(),
            value: "dev".into(),
        },
        Tag {
            key: "team".into(),
            value: "platform".into(),
        },
    ];
    let resource = ou_id(1);
    app::update(
        &mut m,
        ok(req, Reply::Admin(AdminReply::Tags { resource, tags })),
    );
    app::update(&mut m, ch('T'));
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, ctrl('u'));
    typed(&mut m, "prod");
    app::update(&mut m, ctrl('n'));
    typed(&mut m, "aws:owner");
    m
}

#[test]
fn tag_editor_shows_the_problem_at_the_row() {
    snap("tag_editor_problem", tag_editor);
}

#[test]
fn tag_confirmation_lists_the_diff() {
    snap("tag_confirmation_diff", |size| {
        let mut m = tag_editor(size);
        for _ in 0.."aws:".len() {
            app::update(&mut m, key(KeyCode::Home));
            app::update(&mut m, key(KeyCode::Delete));
        }
        app::update(&mut m, key(KeyCode::Tab));
        typed(&mut m, "me");
        // Remove team (the second row).
        app::update(&mut m, key(KeyCode::Up));
        app::update(&mut m, ctrl('x'));
        app::update(&mut m, ctrl('s'));
        m
    });
}
