//! Snapshot tests of issue 9's administrative screens (the tag editor and its diff
//! confirmation) at 120×40 and 80×24, drawn as in tests/snapshots.rs.

use crate::fixtures;

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
fn tag_editor_asks_before_esc_drops_the_edits() {
    snap("tag_editor_discard", |size| {
        let mut m = tag_editor(size);
        app::update(&mut m, key(KeyCode::Esc));
        m
    });
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

/// Answers the screens' reads as an organization where `audit` administers GuardDuty
/// (which has trusted access) and the resource policy lets it describe the organization.
fn answer_admin(m: &mut Model, mut cmds: Vec<app::Cmd>) {
    use orgtui::org::{DelegatedAdministrator, DelegatedService, EnabledService, ResourcePolicy};
    let since = "2024-05-01T00:00:00Z".to_string();
    for _ in 0..5 {
        let mut more = Vec::new();
        for (req, f) in fetches(&cmds) {
            let reply = match f {
                Fetch::AllAccounts => Reply::AllAccountsPage {
                    items: vec![account(1, "management"), account(5, "audit")],
                    last: true,
                },
                Fetch::Admin(AdminFetch::DelegatedAdmins) => {
                    AdminReply::DelegatedAdmins(vec![DelegatedAdministrator {
                        account: account(5, "audit"),
                        delegation_enabled_at: since.clone(),
                    }])
                    .into()
                }
                Fetch::Admin(AdminFetch::DelegatedServices { account }) => {
                    AdminReply::DelegatedServices {
                        account,
                        services: vec![DelegatedService {
                            service_principal: "guardduty.amazonaws.com".into(),
                            delegation_enabled_at: since.clone(),
                        }],
                    }
                    .into()
                }
                Fetch::Admin(AdminFetch::TrustedServices) => {
                    AdminReply::TrustedServices(vec![EnabledService {
                        service_principal: "guardduty.amazonaws.com".into(),
                        enabled_at: since.clone(),
                    }])
                    .into()
                }
                Fetch::Admin(AdminFetch::ResourcePolicy) => {
                    AdminReply::ResourcePolicy(Some(ResourcePolicy {
                        id: "rp-1".into(),
                        arn: "arn:aws:organizations::111111111111:resourcepolicy/o-exampleorg/rp-1"
                            .into(),
                        content: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222220005:root"},"Action":"organizations:Describe*","Resource":"*"}]}"#.into(),
                    }))
                    .into()
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

fn screen(size: (u16, u16), key_: char) -> Model {
    let mut m = loaded(size);
    let cmds = app::update(&mut m, ch(key_));
    answer_admin(&mut m, cmds);
    m
}

#[test]
fn delegated_administrators_screen() {
    snap("admin_delegated", |size| screen(size, '5'));
}

#[test]
fn register_asks_for_the_service() {
    snap("admin_register_service", |size| {
        let mut m = screen(size, '5');
        app::update(&mut m, ctrl('n'));
        typed(&mut m, "aud");
        app::update(&mut m, key(KeyCode::Enter));
        typed(&mut m, "guard");
        m
    });
}

#[test]
fn trusted_services_screen_and_disable_confirmation() {
    snap("admin_trusted", |size| screen(size, '6'));
    snap("admin_disable_confirmation", |size| {
        let mut m = screen(size, '6');
        app::update(&mut m, ctrl('x'));
        m
    });
}

#[test]
fn resource_policy_screen_and_editor() {
    snap("admin_resource_policy", |size| screen(size, '7'));
    snap("admin_resource_policy_editor", |size| {
        let mut m = screen(size, '7');
        app::update(&mut m, ch('e'));
        m
    });
}
