//! Snapshot tests of rendered frames (TestBackend + insta) at 120×40 and 80×24.

use crate::eval_fixtures;
use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Fetch, Model, Msg, Reply};
use orgtui::org::{AccountState, Policy, Tag};
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::Terminal;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn draw(m: &Model) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(m.screen_size().0, m.screen_size().1))
        .expect("test terminal");
    terminal
        .draw(|f| orgtui::ui::view(m, &Theme::default(), f))
        .expect("draw");
    terminal
}

fn render(m: &Model) -> String {
    draw(m).backend().to_string()
}

fn render_buffer(m: &Model) -> Buffer {
    draw(m).backend().buffer().clone()
}

fn snap(name: &str, build: impl Fn((u16, u16)) -> Model) {
    for size in SIZES {
        let m = build(size);
        let screen = render(&m);
        assert_nothing_lost(&m, &screen);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

/// What every screen keeps whatever its size: "? help" at the end of the hint line (in
/// the main panes), and every account id on screen whole, all 12 digits.
fn assert_nothing_lost(m: &Model, screen: &str) {
    let rows: Vec<&str> = screen.lines().collect();
    let hints = rows.last().expect("a hint line");
    // A message longer than its line takes the hint line too (issue 17): the status
    // row is then full and goes on below.
    let ends_with_help = |row: &str| {
        row.trim_end()
            .trim_end_matches('"')
            .trim_end()
            .ends_with("? help")
    };
    let status_row = rows[rows.len() - 2].trim_matches('"');
    let width = usize::from(m.screen_size().0);
    if !ends_with_help(hints) && status_row.trim_end().chars().count() * 3 >= width * 2 {
        assert!(
            !status(m).is_empty(),
            "the hint line is gone without a message:\n{screen}"
        );
    } else if !matches!(m.overlay(), app::Mode::Filter | app::Mode::Command) {
        assert!(ends_with_help(hints), "{hints}");
    }
    if *m.overlay() != app::Mode::Normal {
        return;
    }
    let ids: Vec<String> = match m.current_view() {
        app::View::Tree => {
            let height = orgtui::layout::tree_height(m.screen_size());
            m.row_nodes()
                .into_iter()
                .skip(m.tree_top())
                .take(height)
                .filter_map(|n| n.account().map(|a| a.id.clone()))
                .collect()
        }
        app::View::Accounts => m.visible_accounts().iter().map(|a| a.id.clone()).collect(),
        app::View::Policies | app::View::Creations => Vec::new(),
    };
    for id in ids {
        assert!(screen.contains(&id), "{id} cut or missing:\n{screen}");
    }
}

/// Answers every fetch in `cmds` the way a small organization would.
fn answer_all(m: &mut Model, cmds: Vec<orgtui::app::Cmd>) {
    for (req, f) in fetches(&cmds) {
        let reply = match f {
            Fetch::PoliciesForTarget { target, .. } => {
                let mut policies = vec![scp("p-FullAWSAccess", "FullAWSAccess")];
                if target == ROOT {
                    policies.push(scp("p-denyleave1", "DenyLeaveOrganization"));
                }
                if target == ou_id(2) {
                    policies.push(scp("p-regionlock", "RegionLock"));
                }
                Reply::PoliciesForTarget { target, policies }
            }
            Fetch::Account { id } => {
                let mut account = m.node_by_id(&id).and_then(|n| n.account().cloned()).expect("account in tree");
                account.joined_method = "INVITED".into();
                Reply::Account {
                    account,
                    tags: vec![
                        Tag { key: "CostCenter".into(), value: "cc-1234".into() },
                        Tag { key: "Owner".into(), value: "payments-team".into() },
                    ],
                }
            }
            Fetch::OrgUnit { id } => Reply::OrgUnit(m.node_by_id(&id).map(|n| ou(2, n.name())).expect("ou")),
            Fetch::Policy { id } => Reply::Policy(Policy {
                summary: scp(&id, "RegionLock"),
                content: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}"#.into(),
            }),
            _ => continue,
        };
        app::update(m, ok(req, reply));
    }
}

/// Root → Security, Workloads (expanded: Prod, Dev, three accounts), management.
fn expanded(size: (u16, u16)) -> Model {
    let mut m = loaded(size);
    let req = expand(&mut m, &ou_id(2));
    let mut suspended = account(22, "legacy-batch");
    suspended.state = AccountState::Suspended;
    answer_children(
        &mut m,
        req,
        &ou_id(2),
        vec![ou(3, "Prod"), ou(4, "Dev")],
        vec![
            account(20, "payments-prod"),
            account(21, "data-lake"),
            suspended,
        ],
    );
    m
}

fn settled(mut m: Model) -> Model {
    let cmds = app::update(&mut m, Msg::Idle);
    answer_all(&mut m, cmds);
    m
}

#[test]
fn first_load() {
    snap("first_load", |size| {
        let mut m = Model::new(orgtui::app::Context {
            source: "demo organization".into(),
            read_only: false,
        });
        m.size = size;
        app::init(&mut m);
        m
    });
}

#[test]
fn root_expanded_with_organization_detail() {
    snap("root_detail", |size| settled(loaded(size)));
}

#[test]
fn expanded_tree_with_ou_detail() {
    snap("ou_detail", |size| settled(expanded(size)));
}

#[test]
fn account_detail_with_inherited_policies() {
    snap("account_detail", |size| {
        let mut m = expanded(size);
        select(&mut m, &account(20, "x").id);
        settled(m)
    });
}

#[test]
fn policy_pane_focused_shows_the_document() {
    snap("policy_document", |size| {
        let mut m = expanded(size);
        select(&mut m, &account(20, "x").id);
        let mut m = settled(m);
        app::update(&mut m, key(KeyCode::BackTab));
        app::update(&mut m, ch('j'));
        app::update(&mut m, ch('j'));
        settled(m)
    });
}

#[test]
fn failed_node() {
    snap("failed_node", |size| {
        let mut m = loaded(size);
        let req = expand(&mut m, &ou_id(1));
        app::update(&mut m, err(req, "AccessDeniedException"));
        m
    });
}

#[test]
fn help_overlay() {
    snap("help", |size| {
        let mut m = loaded(size);
        app::update(&mut m, ch('?'));
        m
    });
}

#[test]
fn failed_start() {
    snap("failed_start", |size| {
        let mut m = Model::new(Default::default());
        m.size = size;
        let req = one(&app::init(&mut m), |f| *f == Fetch::Organization);
        app::update(&mut m, err(req, "AWSOrganizationsNotInUseException"));
        m
    });
}

#[test]
fn names_with_escape_sequences_are_shown_escaped() {
    let mut m = loaded((80, 24));
    let req = expand(&mut m, &ou_id(2));
    answer_children(
        &mut m,
        req,
        &ou_id(2),
        vec![],
        vec![account(60, "evil\u{1b}[31mred\u{7}")],
    );
    let screen = render(&m);
    // Elided to fit the pane at 80 columns, the escapes still show as text.
    assert!(screen.contains("evil\\x1b[31mred\\x"), "{screen}");
    assert!(!screen.contains('\u{1b}'));
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        let cmds = app::update(m, ch(c));
        settle(m, cmds);
    }
}

/// The management account selected and the move picker open, filtered by `query`.
fn move_picker(size: (u16, u16), query: &str) -> Model {
    let mut m = loaded(size);
    select(&mut m, &account(1, "x").id);
    let cmds = app::update(&mut m, ch('m'));
    settle(&mut m, cmds);
    typed(&mut m, query);
    m
}

#[test]
fn move_picker_filters_the_ou_directory() {
    snap("move_picker", |size| move_picker(size, "wl"));
}

#[test]
fn move_confirmation_lists_scps_gained() {
    snap("move_confirm", |size| {
        let mut m = move_picker(size, "prod");
        let cmds = app::update(&mut m, key(KeyCode::Enter));
        settle(&mut m, cmds);
        m
    });
}

/// The what-if fetch among `cmds`, answered with `summary`.
fn answer_whatif(m: &mut Model, cmds: &[app::Cmd], summary: orgtui::policy::whatif::Summary) {
    let req = one(cmds, |f| matches!(f, Fetch::WhatIf { .. }));
    app::update(m, ok(req, Reply::WhatIf(Box::new(summary))));
}

fn action_change(action: &str) -> orgtui::policy::whatif::ActionChange {
    orgtui::policy::whatif::ActionChange {
        action: action.into(),
        ..Default::default()
    }
}

#[test]
fn move_confirmation_with_what_it_does_to_the_watched_actions() {
    snap("move_confirm_whatif", move_whatif);
    // Lost in the error colour, gained in the ok colour, depends in the warning colour.
    let buf = render_buffer(&move_whatif((120, 40)));
    let theme = Theme::default();
    for (text, want) in [
        ("can no longer s3:PutObject", theme.error()),
        ("can now iam:CreateUser", theme.ok()),
        ("depends on aws:RequestedRegion", theme.warn()),
    ] {
        let (x, y) = find(&buf, text);
        assert_eq!(buf[(x, y)].style().fg, want.fg, "{text}");
    }
}

/// The move of `app` to Security confirmed, its what-if arrived: one action lost, one
/// gained, one depending on a condition.
fn move_whatif(size: (u16, u16)) -> Model {
    let (mut m, cmds) = move_app_to_security(size);
    answer_whatif(
        &mut m,
        &cmds,
        orgtui::policy::whatif::Summary {
            accounts: 1,
            only: Some("app".into()),
            actions: vec![
                orgtui::policy::whatif::ActionChange {
                    lost: vec![account(5, "app").id],
                    ..action_change("s3:PutObject")
                },
                orgtui::policy::whatif::ActionChange {
                    gained: vec![account(5, "app").id],
                    ..action_change("iam:CreateUser")
                },
                orgtui::policy::whatif::ActionChange {
                    depends: vec![account(5, "app").id],
                    keys: vec!["aws:RequestedRegion".into()],
                    ..action_change("ec2:RunInstances")
                },
            ],
            invalid: vec![],
        },
    );
    settle(&mut m, cmds);
    m
}

#[test]
fn attach_confirmation_with_what_it_does_to_the_watched_actions() {
    snap("attach_confirm_whatif", |size| {
        let mut m = loaded(size);
        select(&mut m, &ou_id(2));
        let cmds = app::update(&mut m, ch('a'));
        settle(&mut m, cmds);
        typed(&mut m, "leave");
        let cmds = app::update(&mut m, key(KeyCode::Enter));
        let ids: Vec<String> = (10..47).map(|n| account(n, "x").id).collect();
        answer_whatif(
            &mut m,
            &cmds,
            orgtui::policy::whatif::Summary {
                accounts: 37,
                only: None,
                actions: vec![orgtui::policy::whatif::ActionChange {
                    lost: ids,
                    ..action_change("organizations:LeaveOrganization")
                }],
                invalid: vec![],
            },
        );
        settle(&mut m, cmds);
        m
    });
}

#[test]
fn move_progress_and_summary() {
    let run = |size, answered: usize| {
        let mut m = move_picker(size, "prod");
        let cmds = app::update(&mut m, key(KeyCode::Enter));
        settle(&mut m, cmds);
        let cmds = confirm(&mut m);
        let sent = cmds
            .into_iter()
            .filter(|c| matches!(c, app::Cmd::Work(orgtui::app::Job::Change { .. })));
        for cmd in sent.take(answered) {
            if let orgtui::app::Cmd::Work(orgtui::app::Job::Change { req, change, .. }) = cmd {
                let outcome = Err(orgtui::org::OrgError::new(
                    "TooManyRequestsException",
                    "Rate exceeded",
                ));
                app::update(
                    &mut m,
                    ok(
                        req,
                        Reply::Changed(app::Changed {
                            change,
                            outcome,
                            created: None,
                            audit_error: None,
                            reconciled: false,
                        }),
                    ),
                );
            }
        }
        m
    };
    snap("move_progress", |size| run(size, 0));
    snap("move_failed_summary", |size| run(size, 1));
}

#[test]
fn new_ou_prompt_shows_validation_at_the_field() {
    snap("new_ou_prompt", |size| {
        let mut m = loaded(size);
        select(&mut m, ROOT);
        app::update(&mut m, ch('n'));
        typed(&mut m, "Workloads");
        m
    });
}

#[test]
fn new_ou_prompt_finds_no_fault_before_anything_is_typed() {
    snap("new_ou_prompt_empty", |size| {
        let mut m = loaded(size);
        select(&mut m, ROOT);
        app::update(&mut m, ch('n'));
        m
    });
}

#[test]
fn attach_picker_offers_unattached_policies() {
    snap("attach_picker", |size| {
        let mut m = loaded(size);
        select(&mut m, &ou_id(1));
        let cmds = app::update(&mut m, ch('a'));
        settle(&mut m, cmds);
        m
    });
}

#[test]
fn detach_confirmation_warns_about_full_aws_access() {
    snap("detach_full_aws_access", |size| {
        let mut m = loaded(size);
        select(&mut m, &ou_id(2));
        let cmds = app::update(&mut m, Msg::Idle);
        settle(&mut m, cmds);
        app::update(&mut m, key(KeyCode::BackTab));
        app::update(&mut m, ch('d'));
        m
    });
}

#[test]
fn policies_view_with_targets_and_document() {
    snap("policies_view", |size| {
        let mut m = loaded(size);
        let cmds = app::update(&mut m, ch('2'));
        settle(&mut m, cmds);
        let cmds = app::update(&mut m, Msg::Idle);
        for (req, f) in fetches(&cmds) {
            match f {
                Fetch::Targets { policy } => {
                    let targets = vec![orgtui::org::PolicyTarget {
                        target_id: ROOT.into(),
                        arn: String::new(),
                        name: "Root".into(),
                        kind: orgtui::org::TargetKind::Root,
                    }];
                    app::update(&mut m, ok(req, Reply::Targets { policy, targets }));
                }
                Fetch::Policy { id } => {
                    let policy = Policy {
                        summary: scp(&id, "DenyLeave"),
                        content: r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#.into(),
                    };
                    app::update(&mut m, ok(req, Reply::Policy(policy)));
                }
                _ => {}
            }
        }
        m
    });
}

#[test]
fn accounts_view_lists_every_account() {
    snap("accounts_view", |size| {
        let mut m = loaded(size);
        let req = one(&app::update(&mut m, ch('3')), |f| *f == Fetch::AllAccounts);
        let mut suspended = account(22, "legacy-batch");
        suspended.state = AccountState::Suspended;
        let items = vec![
            account(1, "management"),
            account(20, "payments-prod"),
            suspended,
        ];
        app::update(
            &mut m,
            ok(req, Reply::AllAccountsPage { items, last: true }),
        );
        m
    });
}

#[test]
fn an_empty_attach_picker_says_why() {
    let mut m = loaded((80, 24));
    select(&mut m, ROOT);
    let cmds = app::update(&mut m, ch('a'));
    settle(&mut m, cmds);
    // The fixture root has FullAWSAccess and DenyLeave; attach RegionLock there too.
    let all = vec![
        scp("p-FullAWSAccess", "FullAWSAccess"),
        scp("p-denyleave1", "DenyLeave"),
        scp("p-regionlock", "RegionLock"),
    ];
    m.cache
        .attached
        .insert(ROOT.into(), orgtui::app::Loadable::Loaded(all));
    let screen = render(&m);
    assert!(screen.contains("Nothing to attach"), "{screen}");
}

/// The cell position of the first occurrence of `text` on screen (one cell per char).
fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    let want: Vec<String> = text.chars().map(String::from).collect();
    for y in 0..buf.area.height {
        let row: Vec<&str> = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
        if let Some(x) = row.windows(want.len()).position(|w| w == want.as_slice()) {
            return (x as u16, y);
        }
    }
    panic!("{text:?} not on screen:\n{buf:?}");
}

/// Which of the `len` cells from `at` on carry the highlight style.
fn highlighted(buf: &Buffer, at: (u16, u16), len: u16) -> Vec<bool> {
    let hl = Theme::default().highlight();
    (at.0..at.0 + len)
        .map(|x| {
            let style = buf[(x, at.1)].style();
            style.fg == hl.fg && style.add_modifier.contains(hl.add_modifier)
        })
        .collect()
}

#[test]
fn picker_highlights_the_matched_component() {
    let m = move_picker((120, 40), "prod");
    let buf = render_buffer(&m);
    let at = find(&buf, "Root / Workloads / Prod");
    let marks = highlighted(&buf, at, 23);
    let expected: Vec<bool> = (0..23).map(|i| i >= 19).collect();
    assert_eq!(marks, expected, "only the Prod component");
}

#[test]
fn picker_highlights_fuzzy_positions() {
    let m = move_picker((120, 40), "wl");
    let buf = render_buffer(&m);
    let (x, y) = find(&buf, "Root / Workloads / Prod");
    let marks = highlighted(&buf, (x, y), 23);
    let on: Vec<usize> = (0..23).filter(|&i| marks[i]).collect();
    assert_eq!(on, vec![7, 11], "W of Workloads, l of loads");
}

#[test]
fn tree_filter_highlights_the_substring() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch('/'));
    typed(&mut m, "LOAD");
    let buf = render_buffer(&m);
    // The tree's row (the detail pane's title names the selected Workloads too).
    let (x, y) = find(&buf, "▾ Workloads");
    let at = (x + 2, y);
    let expected: Vec<bool> = (0..9).map(|i| (4..8).contains(&i)).collect();
    assert_eq!(highlighted(&buf, at, 9), expected);
    // Without a filter nothing is highlighted.
    app::update(&mut m, key(KeyCode::Esc));
    let buf = render_buffer(&m);
    assert!(m.filter_text().is_empty());
    assert_eq!(
        highlighted(&buf, find(&buf, "Workloads"), 9),
        vec![false; 9]
    );
}

#[test]
fn accounts_filter_highlights_name_and_email() {
    let mut m = loaded((120, 40));
    let req = one(&app::update(&mut m, ch('3')), |f| *f == Fetch::AllAccounts);
    let items = vec![account(1, "management"), account(20, "payments-prod")];
    app::update(
        &mut m,
        ok(req, Reply::AllAccountsPage { items, last: true }),
    );
    app::update(&mut m, ch('/'));
    typed(&mut m, "prod");
    let buf = render_buffer(&m);
    let at = find(&buf, "payments-prod");
    let expected: Vec<bool> = (0..13).map(|i| i >= 9).collect();
    assert_eq!(highlighted(&buf, at, 13), expected);
    let email = find(&buf, "aws+payments-prod@");
    let expected: Vec<bool> = (0..18).map(|i| (13..17).contains(&i)).collect();
    assert_eq!(highlighted(&buf, email, 18), expected);
    assert!(!render(&m).contains("management"), "filtered out");
}

/// 24 accounts of Workloads marked and the move to Security confirmed on screen.
fn bulk_confirmation(size: (u16, u16)) -> Model {
    let mut m = loaded(size);
    let req = expand(&mut m, &ou_id(2));
    let accounts = (10..34).map(|n| account(n, &format!("app-{n}"))).collect();
    answer_children(&mut m, req, &ou_id(2), vec![], accounts);
    app::update(&mut m, key(KeyCode::Down));
    for _ in 0..24 {
        app::update(&mut m, ch(' '));
    }
    let cmds = app::update(&mut m, ch('m'));
    settle(&mut m, cmds);
    typed(&mut m, "secu");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    settle(&mut m, cmds);
    m
}

#[test]
fn a_long_confirmation_scrolls_and_keeps_its_key_line() {
    snap("bulk_confirm", bulk_confirmation);
    for size in SIZES {
        let mut m = bulk_confirmation(size);
        app::update(&mut m, Msg::Drawn);
        for _ in 0..40 {
            app::update(&mut m, ch('j'));
        }
        let screen = render(&m);
        // Scrolled to the end: the last account and the SCP summary show, and still the keys.
        assert!(screen.contains("app-33"), "{screen}");
        assert!(screen.contains("loses SCP RegionLock"), "{screen}");
        assert!(screen.contains("y do it"), "{screen}");
        if size == (80, 24) {
            assert!(screen.contains("j/k scroll"), "{screen}");
        }
    }
}

#[test]
fn quitting_during_a_bulk_move_asks_how() {
    snap("quit_while_sending", |size| {
        let mut m = bulk_confirmation(size);
        let cmds = confirm(&mut m);
        assert!(cmds
            .iter()
            .any(|c| matches!(c, app::Cmd::Work(orgtui::app::Job::Change { .. }))));
        app::update(&mut m, ch('q'));
        m
    });
}

#[test]
fn search_results_show_their_ou_path_and_fill_in_from_a_crawl() {
    snap("search_results", |size| {
        let mut m = loaded(size);
        // The first search reads the whole organization: one read of what is not read yet.
        let cmds = app::update(&mut m, ch('/'));
        let req = one(&cmds, subtree_of(&[ou_id(1), ou_id(2)]));
        for c in "prod".chars() {
            app::update(&mut m, ch(c));
        }
        answer_listed(
            &mut m,
            req,
            &ou_id(2),
            vec![ou(3, "Prod")],
            vec![account(40, "prod-tools")],
        );
        answer_listed(
            &mut m,
            req,
            &ou_id(3),
            vec![],
            vec![account(41, "payments-prod"), account(42, "web")],
        );
        m
    });
}

/// A tree four OUs deep with long names, at 80×24: names give way, ids do not.
#[test]
fn deep_long_names_are_elided_and_ids_kept_whole() {
    let mut m = loaded((80, 24));
    let mut parent = ou_id(2);
    for level in 0..4u32 {
        let req = expand(&mut m, &parent);
        let n = 10 + level;
        let child = ou(
            n,
            &format!("a-rather-long-organizational-unit-name-{level}"),
        );
        let mut deep = account(
            u64::from(n),
            "an-account-name-far-too-long-for-eighty-columns",
        );
        // The longest state label, on the deepest rows.
        if level >= 2 {
            deep.state = AccountState::PendingClosure;
        }
        let accounts = vec![deep];
        answer_children(&mut m, req, &parent, vec![child], accounts);
        parent = ou_id(n);
    }
    let screen = render(&m);
    assert_nothing_lost(&m, &screen);
    // The deepest account: its name and state elided, its id whole.
    assert!(screen.contains(" [PEN…  222222220013"), "{screen}");
    for n in 10..14u64 {
        assert!(screen.contains(&account(n, "x").id), "{screen}");
    }
    insta::assert_snapshot!("deep_long_names_80x24", screen);
}

#[test]
fn read_only_hints_offer_no_changes() {
    for size in SIZES {
        let mut m = loaded(size);
        m.context.read_only = true;
        select(&mut m, &account(1, "x").id);
        let screen = render(&m);
        let hints = screen.lines().last().expect("hint line");
        for change in ["mark", "move", "new", "attach"] {
            assert!(!hints.contains(change), "{change} offered: {hints}");
        }
        assert!(hints.contains("? help"), "{hints}");
        assert!(screen.contains("READ-ONLY"));
    }
}

#[test]
fn status_messages_do_not_cover_the_hints() {
    let mut m = loaded((80, 24));
    select(&mut m, &account(1, "x").id);
    app::update(&mut m, ch('y'));
    let screen = render(&m);
    let rows: Vec<&str> = screen.lines().collect();
    assert!(
        rows[rows.len() - 2].contains("Copied id 222222220001"),
        "{screen}"
    );
    assert!(rows[rows.len() - 1].contains("Space mark"), "{screen}");
}

#[test]
fn no_credentials_dialog_keeps_its_keys_and_shows_no_escapes() {
    snap("no_credentials", |size| {
        let mut m = Model::new(orgtui::app::Context {
            source: "default credentials".into(),
            read_only: false,
        });
        m.size = size;
        let req = one(&app::init(&mut m), |f| *f == Fetch::Organization);
        let message = "dispatch failure: other: the credential provider was not enabled: no credentials found in chain. Attempted:\n  Environment: the credential provider was not enabled: environment variable not set\n  Profile: the credential provider was not enabled\n  WebIdentityToken: the credential provider was not enabled: $AWS_WEB_IDENTITY_TOKEN_FILE was not set\n  EcsContainer: the credential provider was not enabled: ECS provider not configured\n  Ec2InstanceMetadata: the credential provider was not enabled: IMDS disabled by AWS_EC2_METADATA_DISABLED env var set to `true`";
        let error = orgtui::org::OrgError::with_kind(
            orgtui::org::ErrorKind::Credentials,
            "CredentialsError",
            message,
        );
        app::update(
            &mut m,
            Msg::Reply {
                req,
                result: Err(error),
            },
        );
        let screen = render(&m);
        assert!(!screen.contains("\\n"), "{screen}");
        assert!(screen.contains("r retry   q quit"), "{screen}");
        assert!(screen.contains("No usable AWS credentials"), "{screen}");
        m
    });
}

#[test]
fn command_palette() {
    snap("palette", |size| {
        let mut m = loaded(size);
        app::update(&mut m, ch(':'));
        m
    });
    snap("palette_filtered", |size| {
        let mut m = loaded(size);
        app::update(&mut m, ch(':'));
        typed(&mut m, "ou");
        m
    });
}

#[test]
fn detail_pane_focused_highlights_a_field() {
    snap("detail_focused", |size| {
        let mut m = expanded(size);
        select(&mut m, &account(20, "x").id);
        let mut m = settled(m);
        app::update(&mut m, key(KeyCode::Tab));
        app::update(&mut m, ch('j'));
        app::update(&mut m, ch('j'));
        m
    });
}

// ---------------------------------------------------------------------------------------------
// Authoring and evaluating policies.

fn ctrl(c: char) -> Msg {
    Msg::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Char(c),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    ))
}

/// The policies view listed (DenyLeave selected).
fn policies_listed(size: (u16, u16)) -> Model {
    let mut m = loaded(size);
    let cmds = app::update(&mut m, ch('2'));
    settle(&mut m, cmds);
    m
}

/// The screen's text as one line of words, without borders: text wrapped over rows reads
/// as it would unwrapped.
fn flat(screen: &str) -> String {
    let rows: Vec<String> = screen
        .lines()
        .map(|l| l.trim_matches('"').replace(['┃', '│'], " "))
        .collect();
    rows.join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `n` in the policies view, the name typed, the document replaced by `document`.
fn new_policy(size: (u16, u16), document: &str) -> Model {
    let mut m = policies_listed(size);
    app::update(&mut m, ch('n'));
    typed(&mut m, "DenyDeletes");
    for _ in 0..3 {
        app::update(&mut m, key(KeyCode::Tab));
    }
    if let app::Mode::Dialog(app::Dialog::Editor(e)) = &mut m.mode {
        e.set_text(document);
    }
    m
}

const DENY_DELETES: &str = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Deny\",\n      \"Action\": \"s3:DeleteBucket\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";

#[test]
fn policy_editor() {
    snap("editor_new", |size| {
        let mut m = policies_listed(size);
        app::update(&mut m, ch('n'));
        m
    });
    // Four problems: three are listed with their line and column, then how many more
    // (kept whole at 80 columns: the message is what is cut).
    snap("editor_problems", |size| {
        let m = new_policy(
            size,
            "{\n  \"Version\": \"2012-10-18\",\n  \"Statement\": [\n    {\"Effect\": \"Denny\", \"Action\": \"s3DeleteBucket\", \"Resource\": \"*\"},\n    {\"Effect\": \"Deny\", \"Action\": \"s3:*\", \"Resource\": \"*\", \"Principal\": \"*\"}\n  ]\n}",
        );
        let screen = render(&m);
        assert!(screen.contains("(+1 more)"), "{screen}");
        assert!(screen.contains("✗ 4:35 "), "{screen}");
        m
    });
    snap("editor_leaving", |size| {
        let mut m = new_policy(size, DENY_DELETES);
        app::update(&mut m, key(KeyCode::Esc));
        m
    });
    snap("editor_save_confirm", |size| {
        let mut m = new_policy(size, DENY_DELETES);
        app::update(&mut m, ctrl('s'));
        m
    });
}

/// The editor back after AWS refused to create the policy: the failure above the fields.
fn refused(size: (u16, u16)) -> Model {
    let mut m = new_policy(size, DENY_DELETES);
    app::update(&mut m, ctrl('s'));
    let cmds = confirm(&mut m);
    let (req, change) = cmds
        .iter()
        .find_map(|c| match c {
            app::Cmd::Work(orgtui::app::Job::Change { req, change, .. }) => {
                Some((*req, change.clone()))
            }
            _ => None,
        })
        .expect("the creation is sent");
    let outcome = Err(orgtui::org::OrgError::new(
        "DuplicatePolicyException",
        "A policy with the specified name and type already exists.",
    ));
    let changed = app::Changed {
        change,
        outcome,
        created: None,
        audit_error: None,
        reconciled: false,
    };
    app::update(&mut m, ok(req, Reply::Changed(changed)));
    m
}

#[test]
fn a_refused_policy_comes_back_in_the_editor_with_why() {
    snap("editor_refused", |size| {
        let m = refused(size);
        // Wrapped, not cut: the end of the explanation is there at 80 columns too.
        let screen = flat(&render(&m));
        assert!(
            screen.contains("✗ DuplicatePolicyException: A policy with the specified name"),
            "{screen}"
        );
        assert!(
            screen.contains("with that name already exists. (your text is kept)"),
            "{screen}"
        );
        m
    });
}

#[test]
fn deleting_an_attached_policy_asks_to_detach_it_everywhere() {
    snap("detach_everywhere", |size| {
        let mut m = policies_listed(size);
        let cmds = app::update(&mut m, ch('D'));
        let req = one(&cmds, |f| matches!(f, Fetch::Targets { .. }));
        let target = |id: &str, name: &str, kind| orgtui::org::PolicyTarget {
            target_id: id.into(),
            arn: String::new(),
            name: name.into(),
            kind,
        };
        let targets = vec![
            target(ROOT, "Root", orgtui::org::TargetKind::Root),
            target(
                &ou_id(2),
                "Workloads",
                orgtui::org::TargetKind::OrganizationalUnit,
            ),
        ];
        let policy = "p-denyleave1".to_string();
        // One D: the targets, then their SCPs, are read, and the confirmation follows.
        let cmds = app::update(&mut m, ok(req, Reply::Targets { policy, targets }));
        settle(&mut m, cmds);
        assert!(
            matches!(m.overlay(), app::Mode::Dialog(app::Dialog::Confirm(c)) if matches!(c.plan, app::Plan::DetachEverywhere { .. })),
            "{:?}",
            m.overlay()
        );
        // The confirmation answers the earlier "Reading…".
        let screen = render(&m);
        assert!(!screen.contains("Reading"), "{screen}");
        m
    });
}

#[test]
fn policy_type_picker() {
    snap("policy_types", |size| {
        let mut m = loaded(size);
        select(&mut m, ROOT);
        app::update(&mut m, ch('t'));
        m
    });
}

#[test]
fn evaluator_dialog() {
    snap("trace_asking", |size| {
        let mut m = eval_fixtures::on_account(size);
        app::update(&mut m, ch('x'));
        typed(&mut m, "s3:DeleteBucket");
        m
    });
    // The deciding level (Workloads) is selected; its DenyDeletes is opened.
    snap("trace_denied", |size| {
        let mut m = eval_fixtures::traced(size, "s3:DeleteBucket");
        app::update(&mut m, key(KeyCode::Down));
        app::update(&mut m, key(KeyCode::Down));
        app::update(&mut m, key(KeyCode::Right));
        // The deciding policy is named in full, even at 80 columns.
        let screen = flat(&render(&m));
        assert!(
            screen.contains("denied by NoBucketDeletes of SCP DenyDeletes (p-denydeletes)"),
            "{screen}"
        );
        m
    });
}

#[test]
fn account_form_shows_each_problem_at_its_field() {
    snap("account_form", |size| {
        let mut m = loaded(size);
        select(&mut m, &ou_id(1));
        app::update(&mut m, ch('A'));
        typed(&mut m, "data@example");
        app::update(&mut m, key(KeyCode::Tab));
        typed(&mut m, "Data Lake");
        for _ in 0..4 {
            app::update(&mut m, key(KeyCode::Tab));
        }
        typed(&mut m, "team=data, aws:owner=me");
        m
    });
}

#[test]
fn remove_account_asks_for_the_id_typed() {
    snap("remove_account_typed", |size| {
        let mut m = loaded(size);
        select(&mut m, &account(1, "management").id);
        app::update(&mut m, ch('X'));
        typed(&mut m, "2222");
        app::update(&mut m, key(KeyCode::Enter));
        m
    });
}

#[test]
fn creation_requests_view_shows_state_and_id_or_reason() {
    snap("creation_requests", |size| {
        let mut m = loaded(size);
        let cmds = app::update(&mut m, ch('4'));
        let req = one(&cmds, |f| matches!(f, Fetch::CreationRequests { .. }));
        let request =
            |id: &str, name: &str, state: &str, account: Option<&str>, reason: Option<&str>| {
                orgtui::org::CreateAccountStatus {
                    id: id.into(),
                    account_name: name.into(),
                    state: state.into(),
                    account_id: account.map(str::to_string),
                    failure_reason: reason.map(str::to_string),
                    ..Default::default()
                }
            };
        // Oldest first, as the API lists them; the view shows the newest first.
        let list = vec![
            request(
                "car-1",
                "data-lake",
                "SUCCEEDED",
                Some("333333333333"),
                None,
            ),
            request("car-2", "dup", "FAILED", None, Some("EMAIL_ALREADY_EXISTS")),
            request("car-3", "sandbox-7", "IN_PROGRESS", None, None),
        ];
        app::update(&mut m, ok(req, Reply::CreationRequests(list)));
        m
    });
}

/// A handshake of the handshakes screens; the last digit of its id is the day requested.
fn handshake(id: &str, action: &str, state: &str, party: &str) -> orgtui::org::Handshake {
    use orgtui::org::{HandshakeParty, HandshakeResource};
    orgtui::org::Handshake {
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
        requested_at: format!("2026-11-2{}T10:00:00Z", &id[id.len() - 1..]),
        expires_at: "2026-12-10T10:00:00Z".into(),
        action: action.into(),
        resources: vec![HandshakeResource::new("NOTES", "welcome aboard")],
    }
}

/// `8` pressed, its list answered with `list`.
fn handshakes(size: (u16, u16), member: bool, list: Vec<orgtui::org::Handshake>) -> Model {
    let mut m = loaded(size);
    if member {
        let me = orgtui::sts::CallerIdentity {
            arn: "arn:aws:iam::999999999999:user/bob".into(),
            account: "999999999999".into(),
            user_id: "AIDA".into(),
        };
        app::update(&mut m, Msg::Sts(orgtui::sts::StsReply::Caller(Ok(me))));
    }
    let cmds = app::update(&mut m, ch('8'));
    let req = one(&cmds, |f| {
        matches!(f, Fetch::Admin(app::AdminFetch::Handshakes { .. }))
    });
    let reply = Reply::Admin(app::AdminReply::Handshakes(list));
    app::update(&mut m, ok(req, reply));
    m
}

#[test]
fn handshakes_screen() {
    snap("handshakes", |size| {
        let list = vec![
            handshake("h-open00001", "INVITE", "OPEN", "333333333333"),
            handshake("h-acc000002", "INVITE", "ACCEPTED", "444444444444"),
            handshake(
                "h-eaf00003",
                "ENABLE_ALL_FEATURES",
                "REQUESTED",
                "111111111111",
            ),
            handshake(
                "h-apr00004",
                "APPROVE_ALL_FEATURES",
                "ACCEPTED",
                "555555555555",
            ),
            handshake("h-apr00005", "APPROVE_ALL_FEATURES", "OPEN", "666666666666"),
        ];
        handshakes(size, false, list)
    });
    // Enter on the first row: DescribeHandshake's answer in full.
    snap("handshake_detail", |size| {
        let h = handshake(
            "h-eaf00003",
            "ENABLE_ALL_FEATURES",
            "REQUESTED",
            "111111111111",
        );
        let mut m = handshakes(size, false, vec![h.clone()]);
        let cmds = app::update(&mut m, key(KeyCode::Enter));
        let req = one(&cmds, |f| {
            matches!(f, Fetch::Admin(app::AdminFetch::Handshake { .. }))
        });
        app::update(&mut m, ok(req, Reply::Admin(app::AdminReply::Handshake(h))));
        m
    });
}

#[test]
fn handshakes_of_a_member_account() {
    snap("handshakes_member", |size| {
        let list = vec![handshake("h-mine00001", "INVITE", "OPEN", "999999999999")];
        handshakes(size, true, list)
    });
}

#[test]
fn delete_organization_asks_for_its_id() {
    snap("delete_organization_typed", |size| {
        let mut m = loaded(size);
        let mut only = org();
        only.master_account_id = account(1, "management").id;
        m.org = Some(app::Loadable::Loaded(only));
        m.cache.accounts = Some(app::Loadable::Loaded(vec![account(1, "management")]));
        app::update(&mut m, ch(':'));
        for c in "delete-organization".chars() {
            app::update(&mut m, ch(c));
        }
        app::update(&mut m, key(KeyCode::Enter));
        for c in "o-wrong".chars() {
            app::update(&mut m, ch(c));
        }
        app::update(&mut m, key(KeyCode::Enter));
        m
    });
}

#[test]
fn invitation_form_with_a_bad_target() {
    snap("handshake_invite", |size| {
        let mut m = handshakes(size, false, Vec::new());
        app::update(
            &mut m,
            Msg::Key(ratatui::crossterm::event::KeyEvent::new(
                KeyCode::Char('n'),
                ratatui::crossterm::event::KeyModifiers::CONTROL,
            )),
        );
        for c in "12345".chars() {
            app::update(&mut m, ch(c));
        }
        app::update(&mut m, key(KeyCode::Enter));
        m
    });
}
