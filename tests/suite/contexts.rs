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

/// One step staged, as `p` on a confirmation leaves it.
fn stage_one(m: &mut app::Model) {
    m.staged.plan.steps.push(orgtui::changeset::Step {
        line: 0,
        action: orgtui::changeset::Action::CreateOu {
            path: "Root/Prod2".into(),
        },
    });
}

#[test]
fn ctx_is_refused_while_a_plan_is_applied_or_staged_and_not_applied() {
    let mut m = with_profiles((120, 40));
    stage_one(&mut m);
    palette(&mut m, "ctx staging");
    let said = status(&m);
    assert!(said.contains("1 staged step(s)"), "{said}");
    assert!(
        said.contains(":plan save FILE") && said.contains(":plan clear"),
        "{said}"
    );
    assert_eq!(m.switch_to, None);
    assert!(!m.quit);
    // Being applied: the switch would cut it off.
    m.staged.applying = Some(app::staged::Applying::default());
    palette(&mut m, "ctx staging");
    assert!(
        status(&m).contains("being checked or applied"),
        "{}",
        status(&m)
    );
    assert_eq!(m.switch_to, None);
    // Applied (its journal is on disk): nothing is lost by switching.
    m.staged.applying = Some(app::staged::Applying {
        ended: Some(Err(orgtui::org::OrgError::new("X", "y"))),
        ..Default::default()
    });
    let cmds = palette(&mut m, "ctx staging");
    assert_eq!(m.switch_to.as_deref(), Some("staging"));
    assert!(cmds.contains(&Cmd::Quit));
    // `:plan clear` lets the switch go on as well.
    let mut m = with_profiles((120, 40));
    stage_one(&mut m);
    palette(&mut m, "plan clear");
    palette(&mut m, "ctx staging");
    assert_eq!(m.switch_to.as_deref(), Some("staging"));
}

#[test]
fn q_asks_before_dropping_a_staged_plan_and_quits_when_pressed_again() {
    let mut m = with_profiles((120, 40));
    stage_one(&mut m);
    let cmds = app::update(&mut m, ch('q'));
    assert!(!m.quit && !cmds.contains(&Cmd::Quit));
    let said = status(&m);
    assert!(said.contains(":plan save FILE"), "{said}");
    assert!(said.contains("q again quits"), "{said}");
    // Another message in between: asked again.
    app::update(&mut m, ch('L'));
    let cmds = app::update(&mut m, ch('q'));
    assert!(!m.quit && !cmds.contains(&Cmd::Quit), "{}", status(&m));
    assert!(status(&m).contains("q again quits"), "{}", status(&m));
    let cmds = app::update(&mut m, ch('q'));
    assert!(m.quit && cmds.contains(&Cmd::Quit));
    // Nothing staged: q quits at once, as ever.
    let mut m = with_profiles((120, 40));
    let cmds = app::update(&mut m, ch('q'));
    assert!(m.quit && cmds.contains(&Cmd::Quit));
}

#[test]
fn a_long_profile_name_is_shortened_in_the_middle_and_read_only_always_shows() {
    let mut m = with_profiles((80, 24));
    let name = "production-organization-management-admins";
    assert_eq!(name.len(), 41);
    m.context.source = format!("profile {name}");
    m.context.read_only = true;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
        .expect("draw");
    let screen = terminal.backend().to_string();
    let title = screen.lines().next().unwrap_or_default();
    assert!(title.contains("READ-ONLY"), "{title}");
    assert!(title.contains("o-"), "{title}");
    // Both ends of the name, the middle taken out.
    assert!(title.contains("profile produc"), "{title}");
    assert!(title.contains("…admins · READ-ONLY"), "{title}");
}

/// A profile signing in with SSO whose organization could not be read for want of a
/// token: `corp`.
fn sso_expired() -> (app::Model, Vec<Cmd>) {
    let mut m = app::Model::new(app::Context {
        source: "profile corp".into(),
        read_only: false,
    });
    m.size = (120, 40);
    let cmds = app::init(&mut m);
    app::update(
        &mut m,
        Msg::Contexts(vec![ContextChoice {
            name: "corp".into(),
            uses: "SSO · endpoint http://x".into(),
        }]),
    );
    (m, cmds)
}

fn credentials_error() -> orgtui::org::OrgError {
    orgtui::org::OrgError::with_kind(
        orgtui::org::ErrorKind::Credentials,
        "CredentialsError",
        "the SSO token has expired and cannot be refreshed",
    )
}

#[test]
fn l_on_an_expired_sso_session_runs_aws_sso_login_then_reads_the_organization_again() {
    let (mut m, cmds) = sso_expired();
    let req = one(&cmds, |f| *f == app::Fetch::Organization);
    app::update(
        &mut m,
        Msg::Reply {
            req,
            result: Err(credentials_error()),
        },
    );
    assert_eq!(app::contexts::sso_login_offer(&m).as_deref(), Some("corp"));
    let cmds = app::update(&mut m, ch('L'));
    assert!(
        cmds.contains(&Cmd::SsoLogin {
            profile: "corp".into()
        }),
        "{cmds:?}"
    );
    let cmds = app::update(&mut m, Msg::SsoLoggedIn(Ok(())));
    one(&cmds, |f| *f == app::Fetch::Organization);
    assert!(status(&m).contains("Signed in again"), "{}", status(&m));
    // `aws sso login` failed: said, nothing read.
    let cmds = app::update(&mut m, Msg::SsoLoggedIn(Err("exit status 1".into())));
    assert!(fetches(&cmds).is_empty());
    assert!(status(&m).contains("aws sso login: exit status 1"));
}

#[test]
fn l_is_offered_too_when_a_later_read_fails_for_want_of_credentials() {
    let mut m = with_profiles((120, 40));
    // Not while nothing failed.
    assert_eq!(app::contexts::sso_login_offer(&m), None);
    assert!(app::update(&mut m, ch('L')).is_empty());
    let req = expand(&mut m, &ou_id(2));
    app::update(
        &mut m,
        Msg::Reply {
            req,
            result: Err(credentials_error()),
        },
    );
    assert_eq!(
        app::contexts::sso_login_offer(&m).as_deref(),
        Some("prod-admin")
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
        .expect("draw");
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("L runs aws sso login --profile prod-admin"),
        "{screen}"
    );
    let cmds = app::update(&mut m, ch('L'));
    assert!(cmds.contains(&Cmd::SsoLogin {
        profile: "prod-admin".into()
    }));
    // Signed in again: what is loaded is read again, the failed listing with it.
    let cmds = app::update(&mut m, Msg::SsoLoggedIn(Ok(())));
    one(&cmds, children_of(&ou_id(2)));
}
