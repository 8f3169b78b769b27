//! `:ctx` / `:profile` in the reducer (issue 17): the profiles offered, a switch refused
//! while changes are being sent, an unknown profile named with the real ones, and the
//! title that says which profile is on screen at 80 columns too.

use crate::fixtures::*;
use orgtui::app::{self, Cmd, ContextChoice, Dialog, Mode, Msg, PickFor};
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;

fn with_profiles(size: (u16, u16)) -> app::Model {
    let mut m = loaded(size);
    m.context.source = "profile prod-admin @ http://127.0.0.1:54321/a/long/path".into();
    app::update(
        &mut m,
        Msg::Contexts(vec![
            ContextChoice {
                name: "prod-admin".into(),
                uses: "SSO".into(),
            },
            ContextChoice {
                name: "staging".into(),
                uses: "role arn:aws:iam::1:role/A".into(),
            },
            ContextChoice {
                name: app::contexts::DEMO.into(),
                uses: "built in".into(),
            },
        ]),
    );
    m
}

fn palette(m: &mut app::Model, line: &str) -> Vec<Cmd> {
    app::update(m, ch(':'));
    for c in line.chars() {
        app::update(m, ch(c));
    }
    app::update(m, key(KeyCode::Enter))
}

#[test]
fn ctx_offers_every_profile_and_switches_to_the_one_picked() {
    let mut m = with_profiles((120, 40));
    palette(&mut m, "ctx");
    assert!(matches!(
        m.dialog(),
        Some(Dialog::Picker(p)) if p.purpose == PickFor::Context
    ));
    let Some(Dialog::Picker(p)) = m.dialog() else {
        panic!()
    };
    let choices = app::choices(&m, p);
    assert_eq!(choices.len(), 3);
    assert!(
        choices[0].note.starts_with("● on screen"),
        "{:?}",
        choices[0]
    );
    for c in "stag".chars() {
        app::update(&mut m, ch(c));
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(m.switch_to.as_deref(), Some("staging"));
    assert!(m.quit && cmds.contains(&Cmd::Quit));
}

#[test]
fn profile_by_name_unknown_or_current_or_while_sending() {
    let mut m = with_profiles((120, 40));
    palette(&mut m, "profile nope");
    assert!(status(&m).contains("no profile \"nope\""), "{}", status(&m));
    assert!(status(&m).contains("prod-admin, staging"), "{}", status(&m));
    palette(&mut m, "ctx prod-admin");
    assert!(status(&m).contains("on screen already"), "{}", status(&m));
    assert_eq!(m.switch_to, None);
    // A move sent and not answered yet: the switch waits for it.
    select(&mut m, &account(1, "x").id);
    let cmds = app::update(&mut m, ch('m'));
    settle(&mut m, cmds);
    for c in "prod".chars() {
        let cmds = app::update(&mut m, ch(c));
        settle(&mut m, cmds);
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    settle(&mut m, cmds);
    app::update(&mut m, Msg::Drawn);
    let sent = confirm(&mut m);
    assert!(
        !self::sent(&sent).is_empty(),
        "no change went out: {sent:?}"
    );
    // The progress dialog has the keyboard while it is sent; asked anyway (as the picker
    // would), the switch is refused.
    assert!(
        matches!(m.dialog(), Some(Dialog::Progress(_))),
        "{:?}",
        m.overlay()
    );
    let refused = app::contexts::switch(&mut m, "staging", &mut Vec::new());
    assert!(refused.is_err_and(|why| why.contains("still being sent")));
    assert_eq!(m.switch_to, None);
    assert!(!m.quit);
}

fn sent(cmds: &[Cmd]) -> Vec<(u64, app::Change)> {
    crate::fixtures::sent(cmds)
}

#[test]
fn ctx_completes_profile_names() {
    let mut m = with_profiles((120, 40));
    app::update(&mut m, ch(':'));
    for c in "ctx st".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(m.command_text(), "ctx staging");
    assert_eq!(*m.overlay(), Mode::Command);
}

#[test]
fn the_title_names_the_profile_at_80_columns_and_the_endpoint_gives_way() {
    let m = with_profiles((80, 24));
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
        .expect("draw");
    let screen = terminal.backend().to_string();
    let title = screen.lines().next().unwrap_or_default();
    assert!(title.contains("profile prod-admin"), "{title}");
    assert!(
        title.contains("o-"),
        "the organization's id is cut: {title}"
    );
    assert!(!title.contains("/a/long/path"), "{title}");
}
