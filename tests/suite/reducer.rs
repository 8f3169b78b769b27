//! Reducer tests: keys and replies into `update`, assertions on the model and the
//! commands it emits. No IO.

use crate::fixtures;

use fixtures::*;
use orgtui::app::{self, Fetch, Loadable, Mode, Msg, Pane, Reply, Status, View};
use orgtui::org::PolicyType;
use ratatui::crossterm::event::KeyCode;

#[test]
fn start_reads_the_organization_then_expands_the_root() {
    let mut m = orgtui::app::Model::new(Default::default());
    let cmds = app::init(&mut m);
    assert_eq!(fetches(&cmds).len(), 1);
    let req = one(&cmds, |f| *f == Fetch::Organization);
    let cmds = app::update(
        &mut m,
        ok(
            req,
            Reply::Organization {
                org: org(),
                roots: vec![root()],
            },
        ),
    );
    // Exactly one listing of the root's children.
    assert_eq!(fetches(&cmds).len(), 1);
    one(&cmds, children_of(ROOT));
    assert_eq!(selected_id(&m).as_deref(), Some(ROOT));
    assert_eq!(row_ids(&m), vec![ROOT]);
}

#[test]
fn children_are_ous_first_then_accounts_each_sorted_by_name() {
    let m = loaded((120, 40));
    assert_eq!(
        row_ids(&m),
        vec![ROOT.to_string(), ou_id(1), ou_id(2), account(1, "x").id]
    );
}

#[test]
fn expanding_an_unloaded_node_emits_exactly_one_fetch() {
    let mut m = loaded((120, 40));
    select(&mut m, &ou_id(2));
    let cmds = app::update(&mut m, key(KeyCode::Right));
    assert_eq!(
        fetches(&cmds),
        vec![(fetches(&cmds)[0].0, Fetch::Children { parent: ou_id(2) })]
    );
    assert_eq!(
        m.node_by_id(&ou_id(2)).unwrap().children_load,
        Some(Loadable::Loading)
    );
    // Collapsing and expanding again while loading does not ask twice.
    app::update(&mut m, key(KeyCode::Left));
    let cmds = app::update(&mut m, key(KeyCode::Right));
    assert!(fetches(&cmds).is_empty(), "{cmds:?}");
}

#[test]
fn a_loaded_node_expands_without_any_request() {
    let mut m = loaded((120, 40));
    select(&mut m, &ou_id(2));
    let cmds = app::update(&mut m, ch('l'));
    let req = one(&cmds, children_of(&ou_id(2)));
    answer_children(&mut m, req, &ou_id(2), vec![ou(3, "Prod")], vec![]);
    app::update(&mut m, ch('h'));
    assert!(!m.node_by_id(&ou_id(2)).unwrap().expanded);
    let cmds = app::update(&mut m, ch('l'));
    assert!(fetches(&cmds).is_empty());
    assert!(row_ids(&m).contains(&ou_id(3)));
}

#[test]
fn pages_are_merged_and_the_node_completes_after_both_last_pages() {
    let mut m = loaded((120, 40));
    select(&mut m, &ou_id(2));
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let req = one(&cmds, children_of(&ou_id(2)));
    let p = ou_id(2);
    let page = |items, last| {
        ok(
            req,
            Reply::AccountsPage {
                parent: p.clone(),
                items,
                last,
            },
        )
    };
    app::update(
        &mut m,
        page(vec![account(10, "b-two"), account(11, "a-one")], false),
    );
    assert_eq!(
        m.staged_for_selection(),
        2,
        "progress is visible while paging"
    );
    app::update(&mut m, page(vec![], false)); // an empty page with a token is not the end
    app::update(&mut m, page(vec![account(12, "c-three")], true));
    assert_eq!(
        m.node_by_id(&p).unwrap().children_load,
        Some(Loadable::Loading),
        "OUs still pending"
    );
    app::update(
        &mut m,
        ok(
            req,
            Reply::OrgUnitsPage {
                parent: p.clone(),
                items: vec![ou(5, "Dev")],
                last: true,
            },
        ),
    );
    let node = m.node_by_id(&p).unwrap();
    assert_eq!(node.children_load, Some(Loadable::Loaded(())));
    let names: Vec<_> = node
        .children
        .iter()
        .map(|&c| m.node(c).name().to_string())
        .collect();
    assert_eq!(names, vec!["Dev", "a-one", "b-two", "c-three"]);
}

#[test]
fn a_stale_reply_is_ignored() {
    let mut m = loaded((120, 40));
    select(&mut m, &ou_id(2));
    let first = one(
        &app::update(&mut m, key(KeyCode::Right)),
        children_of(&ou_id(2)),
    );
    // `r` supersedes the first listing.
    let second = one(&app::update(&mut m, ch('r')), children_of(&ou_id(2)));
    assert_ne!(first, second);
    answer_children(&mut m, first, &ou_id(2), vec![ou(7, "Stale")], vec![]);
    assert_eq!(
        m.node_by_id(&ou_id(2)).unwrap().children_load,
        Some(Loadable::Loading)
    );
    assert!(m.node_by_id(&ou_id(7)).is_none());
    answer_children(&mut m, second, &ou_id(2), vec![ou(8, "Fresh")], vec![]);
    assert!(m.node_by_id(&ou_id(8)).is_some());
    // A reply for a request nobody made is dropped too.
    let before = m.clone();
    app::update(&mut m, ok(9999, Reply::OrgUnit(ou(9, "Ghost"))));
    assert_eq!(m.known_nodes(), before.known_nodes());
}

#[test]
fn a_failure_marks_the_node_failed_and_r_retries() {
    let mut m = loaded((120, 40));
    let req = expand(&mut m, &ou_id(1));
    app::update(&mut m, err(req, "TooManyRequestsException"));
    match &m.node_by_id(&ou_id(1)).unwrap().children_load {
        Some(Loadable::Failed(e)) => assert_eq!(e.code, "TooManyRequestsException"),
        other => panic!("expected failed, got {other:?}"),
    }
    assert!(m
        .error()
        .is_some_and(|e| e.code == "TooManyRequestsException"));
    // Later pages of the failed listing are ignored.
    app::update(
        &mut m,
        ok(
            req,
            Reply::AccountsPage {
                parent: ou_id(1),
                items: vec![account(30, "late")],
                last: true,
            },
        ),
    );
    assert!(m.node_by_id(&account(30, "x").id).is_none());
    let retry = one(&app::update(&mut m, ch('r')), children_of(&ou_id(1)));
    answer_children(&mut m, retry, &ou_id(1), vec![], vec![account(31, "audit")]);
    assert_eq!(
        m.node_by_id(&ou_id(1)).unwrap().children_load,
        Some(Loadable::Loaded(()))
    );
    assert!(row_ids(&m).contains(&account(31, "x").id));
}

#[test]
fn selection_and_expansion_survive_a_refresh() {
    let mut m = loaded((120, 40));
    let req = expand(&mut m, &ou_id(2));
    answer_children(
        &mut m,
        req,
        &ou_id(2),
        vec![ou(3, "Prod")],
        vec![account(40, "payments")],
    );
    let req = expand(&mut m, &ou_id(3));
    answer_children(&mut m, req, &ou_id(3), vec![], vec![account(41, "api")]);
    // Refresh Workloads while it is selected: selection and the expanded subtree stay.
    select(&mut m, &ou_id(2));
    let req = one(&app::update(&mut m, ch('r')), children_of(&ou_id(2)));
    answer_children(
        &mut m,
        req,
        &ou_id(2),
        vec![ou(3, "Prod")],
        vec![account(40, "payments"), account(43, "new")],
    );
    assert_eq!(selected_id(&m), Some(ou_id(2)));
    let rows = row_ids(&m);
    assert!(
        rows.contains(&account(41, "x").id),
        "expanded subtree kept: {rows:?}"
    );
    assert!(rows.contains(&account(43, "x").id), "new child shown");
    // An account that vanished from a refreshed parent is gone from the tree.
    let req = one(&app::update(&mut m, ch('r')), children_of(&ou_id(2)));
    answer_children(
        &mut m,
        req,
        &ou_id(2),
        vec![ou(3, "Prod")],
        vec![account(43, "new")],
    );
    assert!(!row_ids(&m).contains(&account(40, "x").id));
    assert_eq!(selected_id(&m), Some(ou_id(2)));
}

#[test]
fn idle_loads_details_and_policies_once_for_the_settled_selection() {
    let mut m = loaded((120, 40));
    let acct = account(1, "x").id;
    select(&mut m, &acct);
    let cmds = app::update(&mut m, Msg::Idle);
    let f = fetches(&cmds);
    assert!(f
        .iter()
        .any(|(_, f)| *f == Fetch::Account { id: acct.clone() }));
    let types = vec![PolicyType::ServiceControl];
    assert!(f.iter().any(|(_, f)| *f
        == Fetch::PoliciesForTarget {
            target: acct.clone(),
            types: types.clone()
        }));
    assert!(f.iter().any(|(_, f)| *f
        == Fetch::PoliciesForTarget {
            target: ROOT.into(),
            types: types.clone()
        }));
    // Nothing again until the selection changes.
    assert!(fetches(&app::update(&mut m, Msg::Idle)).is_empty());
    app::update(&mut m, key(KeyCode::Up));
    app::update(&mut m, key(KeyCode::Down));
    assert!(
        fetches(&app::update(&mut m, Msg::Idle)).is_empty(),
        "cached"
    );
}

#[test]
fn moving_fast_requests_nothing_until_idle() {
    let mut m = loaded((120, 40));
    for _ in 0..3 {
        assert!(fetches(&app::update(&mut m, ch('j'))).is_empty());
    }
}

#[test]
fn inherited_policies_are_labelled_with_where_they_are_attached() {
    let mut m = loaded((120, 40));
    let acct = account(1, "x").id;
    select(&mut m, &acct);
    let cmds = app::update(&mut m, Msg::Idle);
    for (req, f) in fetches(&cmds) {
        if let Fetch::PoliciesForTarget { target, .. } = f {
            let policies = if target == ROOT {
                vec![
                    scp("p-FullAWSAccess", "FullAWSAccess"),
                    scp("p-denyleave1", "DenyLeave"),
                ]
            } else {
                vec![scp("p-FullAWSAccess", "FullAWSAccess")]
            };
            app::update(
                &mut m,
                ok(req, Reply::PoliciesForTarget { target, policies }),
            );
        }
    }
    let ix = m.selected_ix().unwrap();
    let rows = m.policy_rows(ix);
    let summary: Vec<_> = rows
        .iter()
        .map(|r| {
            (
                r.policy.name.as_str(),
                r.inherited,
                m.node(r.attached_to).id.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("FullAWSAccess", false, acct.clone()),
            ("DenyLeave", true, ROOT.to_string()),
            ("FullAWSAccess", true, ROOT.to_string()),
        ]
    );
    // Focusing the policy pane loads the selected policy's document.
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(m.focused_pane(), Pane::Policies);
    let cmds = app::update(&mut m, Msg::Idle);
    one(&cmds, |f| {
        *f == Fetch::Policy {
            id: "p-FullAWSAccess".into(),
        }
    });
    // Enter on an inherited policy goes to where it is attached.
    app::update(&mut m, ch('j'));
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(selected_id(&m).as_deref(), Some(ROOT));
    assert_eq!(m.focused_pane(), Pane::Tree);
}

#[test]
fn key_releases_are_ignored_and_q_quits() {
    let mut m = loaded((120, 40));
    let before = selected_id(&m);
    app::update(&mut m, release(KeyCode::Down));
    assert_eq!(selected_id(&m), before);
    let cmds = app::update(&mut m, ch('q'));
    assert!(m.has_quit());
    assert!(cmds.contains(&orgtui::app::Cmd::Quit));
}

#[test]
fn help_opens_scrolls_and_any_other_key_closes_it() {
    let mut m = loaded((80, 24));
    app::update(&mut m, ch('?'));
    assert_eq!(*m.overlay(), Mode::Help);
    let sel = selected_id(&m);
    // Movement keys scroll the help (it may not fit at 80×24).
    app::update(&mut m, ch('j'));
    app::update(&mut m, ch('j'));
    app::update(&mut m, ch('k'));
    assert_eq!((m.overlay().clone(), m.help_offset()), (Mode::Help, 1));
    app::update(&mut m, ch('x'));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert_eq!(m.help_offset(), 0);
    assert_eq!(selected_id(&m), sel, "the closing key does nothing else");
}

#[test]
fn filter_narrows_loaded_nodes_and_esc_clears_it() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch('/'));
    for c in "secu".chars() {
        app::update(&mut m, ch(c));
    }
    assert_eq!(row_ids(&m), vec![ROOT.to_string(), ou_id(1)]);
    // Esc clears it.
    app::update(&mut m, key(KeyCode::Esc));
    assert!(m.filter_text().is_empty());
    assert_eq!(row_ids(&m).len(), 4);
    // Enter goes to the chosen result, in the whole tree.
    app::update(&mut m, ch('/'));
    for c in "secu".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert!(m.filter_text().is_empty());
    assert_eq!(selected_id(&m), Some(ou_id(1)));
    assert_eq!(row_ids(&m).len(), 4);
    // Matching by id works too.
    app::update(&mut m, ch('/'));
    for c in account(1, "x").id.chars() {
        app::update(&mut m, ch(c));
    }
    assert_eq!(row_ids(&m), vec![ROOT.to_string(), account(1, "x").id]);
}

#[test]
fn a_failed_start_explains_and_r_retries() {
    let mut m = orgtui::app::Model::new(Default::default());
    let req = one(&app::init(&mut m), |f| *f == Fetch::Organization);
    app::update(&mut m, err(req, "AWSOrganizationsNotInUseException"));
    assert!(
        matches!(m.org_read(), Some(Loadable::Failed(e)) if e.code == "AWSOrganizationsNotInUseException")
    );
    let cmds = app::update(&mut m, ch('r'));
    one(&cmds, |f| *f == Fetch::Organization);
}

#[test]
fn accounts_view_lists_every_page_and_enter_jumps_into_the_tree() {
    let mut m = loaded((120, 40));
    let opened = app::update(&mut m, ch('3'));
    let req = one(&opened, |f| *f == Fetch::AllAccounts);
    assert_eq!(m.current_view(), View::Accounts);
    let deep = account(50, "deep-account");
    app::update(
        &mut m,
        ok(
            req,
            Reply::AllAccountsPage {
                items: vec![account(1, "management")],
                last: false,
            },
        ),
    );
    app::update(
        &mut m,
        ok(
            req,
            Reply::AllAccountsPage {
                items: vec![deep.clone()],
                last: true,
            },
        ),
    );
    assert_eq!(m.visible_accounts().len(), 2);
    assert_eq!(
        m.visible_accounts()[0].name,
        "deep-account",
        "sorted by name"
    );
    // Enter: the account is not in the tree yet, so its ancestors are looked up.
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    let req = one(&cmds, |f| {
        *f == Fetch::Ancestors {
            id: deep.id.clone(),
        }
    });
    assert_eq!(m.current_view(), View::Tree);
    let chain = vec![
        orgtui::app::Ancestor {
            id: ou_id(3),
            name: "Prod".into(),
        },
        orgtui::app::Ancestor {
            id: ou_id(2),
            name: "Workloads".into(),
        },
        orgtui::app::Ancestor {
            id: ROOT.into(),
            name: ROOT.into(),
        },
    ];
    let cmds = app::update(
        &mut m,
        ok(
            req,
            Reply::Ancestors {
                id: deep.id.clone(),
                chain,
            },
        ),
    );
    // Workloads is already being read: the accounts view reads the whole organization for
    // its OU path column, and the jump waits for that read instead of asking again.
    assert!(fetches(&cmds).is_empty(), "{cmds:?}");
    let read = one(&opened, subtree_of(&[ou_id(1), ou_id(2)]));
    answer_listed(&mut m, read, &ou_id(2), vec![ou(3, "Prod")], vec![]);
    answer_listed(&mut m, read, &ou_id(3), vec![], vec![deep.clone()]);
    assert_eq!(selected_id(&m), Some(deep.id.clone()));
    assert_eq!(
        m.selected_path().unwrap(),
        "Root / Workloads / Prod / deep-account"
    );
}

#[test]
fn policies_view_loads_targets_of_the_selected_policy() {
    let mut m = loaded((120, 40));
    let req = one(&app::update(&mut m, ch('2')), |f| {
        matches!(f, Fetch::Policies { .. })
    });
    app::update(
        &mut m,
        ok(
            req,
            Reply::Policies(vec![
                scp("p-denyleave1", "DenyLeave"),
                scp("p-FullAWSAccess", "FullAWSAccess"),
            ]),
        ),
    );
    assert_eq!(m.visible_policies()[0].name, "DenyLeave");
    let cmds = app::update(&mut m, Msg::Idle);
    one(&cmds, |f| {
        *f == Fetch::Targets {
            policy: "p-denyleave1".into(),
        }
    });
    one(&cmds, |f| {
        *f == Fetch::Policy {
            id: "p-denyleave1".into(),
        }
    });
}

#[test]
fn a_superseded_listing_is_cancelled_in_the_worker() {
    let mut m = loaded((120, 40));
    let first = expand(&mut m, &ou_id(2));
    // `r` lists Workloads again before the first listing answered: the first is stale.
    let cmds = app::update(&mut m, ch('r'));
    assert!(
        cmds.contains(&orgtui::app::Cmd::Work(orgtui::app::Job::Cancel(vec![
            first
        ]))),
        "{cmds:?}"
    );
    // Its late answer is dropped.
    let before = m.clone();
    app::update(&mut m, err(first, "Timeout"));
    assert_eq!(m.known_nodes(), before.known_nodes());
}

#[test]
fn the_status_line_says_when_aws_throttles() {
    let mut m = loaded((80, 24));
    let status = orgtui::net::throttle::LimitStatus {
        limit: 2,
        max: 8,
        in_flight: 2,
        waiting: 3,
        recently_throttled: true,
    };
    app::update(&mut m, Msg::Throttle(status));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| orgtui::ui::view(&m, &orgtui::ui::theme::Theme::default(), f))
        .expect("draw");
    let screen = terminal.backend().to_string();
    assert!(
        screen.contains("AWS is throttling; 3 calls wait"),
        "{screen}"
    );
}

#[test]
fn the_command_line_exports_once_the_whole_organization_is_read() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    assert_eq!(*m.overlay(), Mode::Command);
    let mut cmds = Vec::new();
    for c in "export csv out.csv".chars() {
        cmds.extend(app::update(&mut m, ch(c)));
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert!(!cmds
        .iter()
        .any(|c| matches!(c, orgtui::app::Cmd::Export { .. })));
    // The OUs not read yet are read first, in one subtree read; the export goes out once
    // it has ended.
    let read = one(&cmds, subtree_of(&[ou_id(1), ou_id(2)]));
    let export = |cmds: &[orgtui::app::Cmd]| {
        cmds.iter()
            .any(|c| matches!(c, orgtui::app::Cmd::Export { .. }))
    };
    assert!(!export(&answer_listed(
        &mut m,
        read,
        &ou_id(1),
        vec![],
        vec![]
    )));
    assert!(!export(&answer_listed(
        &mut m,
        read,
        &ou_id(2),
        vec![],
        vec![]
    )));
    let after = app::update(&mut m, ok(read, Reply::SubtreeDone));
    assert!(
        after.contains(&orgtui::app::Cmd::Export {
            format: orgtui::app::ExportFormat::Csv,
            path: "out.csv".into()
        }),
        "{after:?}"
    );
    app::update(&mut m, Msg::Exported(Ok("out.csv".into())));
    assert!(m.info().is_some_and(|s| s == "Wrote out.csv"));
    // A command nothing matches says how to see them all.
    app::update(&mut m, ch(':'));
    for c in "zzzq".chars() {
        app::update(&mut m, ch(c));
    }
    app::update(&mut m, key(KeyCode::Enter));
    assert!(
        m.error()
            .is_some_and(|e| e.message.contains("no command \"zzzq\"")),
        "{:?}",
        m.status_shown()
    );
}

#[test]
fn search_finds_accounts_by_email_and_by_tags_once_read() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch('/'));
    for c in "aws+management@".chars() {
        app::update(&mut m, ch(c));
    }
    assert_eq!(row_ids(&m), vec![ROOT.to_string(), account(1, "x").id]);
    app::update(&mut m, key(KeyCode::Esc));
    // Tags count once they have been read (with the account's details).
    let tags = vec![orgtui::org::Tag {
        key: "CostCenter".into(),
        value: "cc-4711".into(),
    }];
    m.cache.tags.insert(account(1, "x").id, tags);
    app::update(&mut m, ch('/'));
    for c in "cc-47".chars() {
        app::update(&mut m, ch(c));
    }
    assert_eq!(row_ids(&m), vec![ROOT.to_string(), account(1, "x").id]);
    assert_eq!(selected_id(&m), Some(account(1, "x").id));
}

/// The latest status message (info or error) as text.
fn status_text(m: &orgtui::app::Model) -> String {
    match m.status_shown() {
        Some(Status::Info(s)) => s.clone(),
        Some(Status::Error(e)) => e.message.clone(),
        None => String::new(),
    }
}

/// The accounts view with its list read (management, a second account).
fn accounts_view(m: &mut orgtui::app::Model) {
    let req = one(&app::update(m, ch('3')), |f| *f == Fetch::AllAccounts);
    let items = vec![account(1, "management"), account(30, "elsewhere")];
    app::update(m, ok(req, Reply::AllAccountsPage { items, last: true }));
}

#[test]
fn change_keys_in_the_policies_view_say_where_they_work() {
    let mut m = loaded((120, 40));
    let cmds = app::update(&mut m, ch('2'));
    settle(&mut m, cmds);
    for (c, says) in [
        ('a', "a attaches to an OU or account"),
        ('d', "d detaches in the tree"),
        ('m', "m moves accounts"),
        (' ', "Space marks accounts in the tree view"),
        ('*', "* expands the tree"),
        ('o', "sorts and filters the accounts view"),
    ] {
        m.status = None;
        let cmds = app::update(&mut m, ch(c));
        assert!(
            status_text(&m).contains(says),
            "{c:?}: {:?}",
            m.status_shown()
        );
        assert!(cmds.is_empty(), "{c:?} asked for {cmds:?}");
        assert_eq!(*m.overlay(), Mode::Normal);
    }
}

#[test]
fn m_in_the_accounts_view_moves_the_selected_account() {
    let mut m = loaded((120, 40));
    accounts_view(&mut m);
    // "elsewhere" (first by name) is not in the loaded tree yet: its OU is unknown, and
    // m says so.
    app::update(&mut m, ch('m'));
    assert!(
        status_text(&m).contains("still being read"),
        "{:?}",
        m.status_shown()
    );
    assert_eq!(*m.overlay(), Mode::Normal);
    // management is under the root: the move picker opens for it.
    app::update(&mut m, ch('j'));
    app::update(&mut m, ch('m'));
    match m.overlay() {
        Mode::Dialog(app::Dialog::Picker(p)) => assert_eq!(
            p.purpose,
            app::PickFor::Move {
                accounts: vec![account(1, "x").id]
            }
        ),
        other => panic!("no move picker: {other:?}"),
    }
    // Space in this view says where marking works.
    app::update(&mut m, key(KeyCode::Esc));
    app::update(&mut m, ch(' '));
    assert!(status_text(&m).contains("marks accounts in the tree view"));
    // Tab has no other pane to go to here.
    app::update(&mut m, key(KeyCode::Tab));
    assert!(
        status_text(&m).contains("This view is one list"),
        "{:?}",
        m.status_shown()
    );
}

#[test]
fn read_only_refuses_marks_and_changes_saying_read_only() {
    let mut m = loaded((120, 40));
    m.context.read_only = true;
    select(&mut m, &account(1, "x").id);
    for c in [' ', 'm', 'n', 'U'] {
        m.status = None;
        app::update(&mut m, ch(c));
        assert!(
            status_text(&m).starts_with("Read-only"),
            "{c:?}: {:?}",
            m.status_shown()
        );
        assert_eq!(m.marked_count(), 0);
        assert_eq!(*m.overlay(), Mode::Normal);
    }
    accounts_view(&mut m);
    app::update(&mut m, ch('m'));
    assert!(
        status_text(&m).starts_with("Read-only"),
        "{:?}",
        m.status_shown()
    );
}

#[test]
fn other_keys_while_changes_are_sent_say_why() {
    let mut m = loaded((120, 40));
    select(&mut m, &account(1, "x").id);
    let cmds = app::update(&mut m, ch('m'));
    settle(&mut m, cmds);
    for c in "security".chars() {
        let cmds = app::update(&mut m, ch(c));
        settle(&mut m, cmds);
    }
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    settle(&mut m, cmds);
    confirm(&mut m);
    let Some(p) = m.progress() else {
        panic!("no progress: {:?}", m.overlay());
    };
    assert_eq!(p.note, None);
    app::update(&mut m, ch('a'));
    let Some(p) = m.progress() else {
        panic!("progress closed: {:?}", m.overlay());
    };
    assert_eq!(p.note, Some(app::BUSY));
}

#[test]
fn y_copies_in_every_view_and_says_what() {
    let copied = |cmds: &[orgtui::app::Cmd]| -> Vec<String> {
        cmds.iter()
            .filter_map(|c| match c {
                orgtui::app::Cmd::Copy(s) => Some(s.clone()),
                _ => None,
            })
            .collect()
    };
    let mut m = loaded((120, 40));
    let id = account(1, "x").id;
    select(&mut m, &id);
    // Tree: the selected id.
    assert_eq!(copied(&app::update(&mut m, ch('y'))), vec![id.clone()]);
    assert_eq!(status_text(&m), format!("Copied id {id}"));
    // Detail: the focused field, whole (the ARN is the third).
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(m.focused_pane(), Pane::Detail);
    app::update(&mut m, ch('j'));
    app::update(&mut m, ch('j'));
    let arn = account(1, "x").arn;
    assert_eq!(copied(&app::update(&mut m, ch('y'))), vec![arn.clone()]);
    assert_eq!(status_text(&m), format!("Copied arn {arn}"));
    // Policies view: the selected policy's id, then the selected target's.
    let cmds = app::update(&mut m, ch('2'));
    settle(&mut m, cmds);
    let first = m.visible_policies()[0].id.clone();
    assert_eq!(copied(&app::update(&mut m, ch('y'))), vec![first]);
    // Accounts view: the selected account's id ("elsewhere", first by name).
    accounts_view(&mut m);
    let id = account(30, "x").id;
    assert_eq!(copied(&app::update(&mut m, ch('y'))), vec![id.clone()]);
    assert_eq!(status_text(&m), format!("Copied account id {id}"));
}

#[test]
fn enter_in_the_detail_pane_says_what_it_can_do() {
    let mut m = loaded((120, 40));
    app::update(&mut m, key(KeyCode::Tab));
    app::update(&mut m, key(KeyCode::Enter));
    assert!(
        status_text(&m).contains("y copies it"),
        "{:?}",
        m.status_shown()
    );
}

/// Types `text` into whatever has the keyboard.
fn type_text(m: &mut orgtui::app::Model, text: &str) -> Vec<orgtui::app::Cmd> {
    text.chars().flat_map(|c| app::update(m, ch(c))).collect()
}

#[test]
fn the_palette_runs_the_selected_action_by_its_description() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    assert_eq!(*m.overlay(), Mode::Command);
    // "accounts view" matches view-accounts by its description; Enter runs it.
    type_text(&mut m, "accounts view");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(*m.overlay(), Mode::Normal);
    assert_eq!(m.current_view(), View::Accounts);
    one(&cmds, |f| *f == Fetch::AllAccounts);
}

#[test]
fn the_palette_moves_its_selection_and_tab_completes() {
    let mut m = loaded((120, 40));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "view");
    let first = orgtui::app::command::matching("view")[1].name.clone();
    app::update(&mut m, key(KeyCode::Down));
    assert_eq!(m.palette_choice(), 1);
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(m.command_text(), first);
    assert_eq!(m.palette_choice(), 0);
    // An entry that needs an argument is completed by Enter too, and the palette stays.
    app::update(&mut m, key(KeyCode::Esc));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(*m.overlay(), Mode::Command);
    assert_eq!(m.command_text(), "goto ");
    assert!(
        status_text(&m).contains("goto needs ID|NAME"),
        "{:?}",
        m.status_shown()
    );
    app::update(&mut m, key(KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
}

#[test]
fn goto_jumps_by_id_and_by_name() {
    let mut m = loaded((120, 40));
    // By exact name, ignoring case: a loaded OU.
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto security");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(selected_id(&m), Some(ou_id(1)));
    // By id, not loaded: its ancestors are asked for, as after a search.
    let deep = account(77, "deep").id;
    app::update(&mut m, ch(':'));
    type_text(&mut m, &format!("goto {deep}"));
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    one(&cmds, |f| *f == Fetch::Ancestors { id: deep.clone() });
    assert_eq!(m.jumping_to(), Some(deep.as_str()));
    // Tab completes a name after goto.
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto manag");
    app::update(&mut m, key(KeyCode::Tab));
    assert_eq!(m.command_text(), "goto management");
    app::update(&mut m, key(KeyCode::Esc));
    // By a fuzzy name: the best match among what was read.
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto mgmnt");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(selected_id(&m), Some(account(1, "x").id));
    // A policy by name opens the policies view on it.
    let cmds = app::update(&mut m, ch('2'));
    settle(&mut m, cmds);
    app::update(&mut m, ch('1'));
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto RegionLock");
    app::update(&mut m, key(KeyCode::Enter));
    assert_eq!(m.current_view(), View::Policies);
    assert_eq!(m.visible_policies()[m.policy_row()].id, "p-regionlock");
    // Nothing read is called so: the rest of the organization is read first (the
    // search through it is tests/suite/habits.rs).
    app::update(&mut m, ch(':'));
    type_text(&mut m, "goto qqqqqqqq");
    app::update(&mut m, key(KeyCode::Enter));
    assert!(
        status_text(&m).contains("Looking for \"qqqqqqqq\""),
        "{:?}",
        m.status_shown()
    );
}

/// Whether `cmds` cancel request `req` in the worker.
fn cancels(cmds: &[orgtui::app::Cmd], req: u64) -> bool {
    cmds.iter().any(|c| {
        matches!(c, orgtui::app::Cmd::Work(orgtui::app::Job::Cancel(reqs)) if reqs.contains(&req))
    })
}

fn children_load(m: &orgtui::app::Model, id: &str) -> Option<Loadable<()>> {
    m.node_by_id(id).and_then(|n| n.children_load.clone())
}

#[test]
fn star_reads_the_subtree_in_one_request_and_files_each_parent_as_it_arrives() {
    let mut m = loaded((120, 40));
    select(&mut m, ROOT);
    let cmds = app::update(&mut m, ch('*'));
    // One read of both OUs not read yet (the root is), no listing per parent.
    assert_eq!(fetches(&cmds).len(), 1, "{cmds:?}");
    let read = one(&cmds, subtree_of(&[ou_id(1), ou_id(2)]));
    assert_eq!(children_load(&m, &ou_id(2)), Some(Loadable::Loading));
    // Workloads arrives whole: filed and expanded, its OU Prod is read next by the same
    // request, and nothing more is asked.
    let more = answer_listed(
        &mut m,
        read,
        &ou_id(2),
        vec![ou(3, "Prod")],
        vec![account(2, "dev")],
    );
    assert!(fetches(&more).is_empty(), "{more:?}");
    assert_eq!(children_load(&m, &ou_id(2)), Some(Loadable::Loaded(())));
    assert_eq!(children_load(&m, &ou_id(3)), Some(Loadable::Loading));
    let workloads = row_ids(&m);
    assert!(
        workloads.contains(&ou_id(3)) && workloads.contains(&account(2, "x").id),
        "{workloads:?}"
    );
    assert!(
        status_text(&m).contains("Reading Root… 1 parent listed"),
        "{}",
        status_text(&m)
    );
    answer_listed(&mut m, read, &ou_id(3), vec![], vec![account(3, "app")]);
    answer_listed(&mut m, read, &ou_id(1), vec![], vec![account(5, "audit")]);
    // Every parent is filed, but the read is not over until its end.
    assert!(
        status_text(&m).starts_with("Reading Root…"),
        "{}",
        status_text(&m)
    );
    let more = app::update(&mut m, ok(read, Reply::SubtreeDone));
    assert!(fetches(&more).is_empty(), "{more:?}");
    assert_eq!(status_text(&m), "Read all of Root: 3 OUs and 4 accounts");
    // The whole tree, every parent expanded, in the tree's order.
    let want: Vec<String> = vec![
        ROOT.into(),
        ou_id(1),
        account(5, "x").id,
        ou_id(2),
        ou_id(3),
        account(3, "x").id,
        account(2, "x").id,
        account(1, "x").id,
    ];
    assert_eq!(row_ids(&m), want);
    // Read whole: `*` again reads nothing.
    let again = app::update(&mut m, ch('*'));
    assert!(fetches(&again).is_empty(), "{again:?}");
}

#[test]
fn a_failed_subtree_read_fails_what_it_had_left_and_the_next_search_reads_only_that() {
    let mut m = loaded((120, 40));
    let cmds = app::update(&mut m, ch('/'));
    let read = one(&cmds, subtree_of(&[ou_id(1), ou_id(2)]));
    answer_listed(&mut m, read, &ou_id(2), vec![ou(3, "Prod")], vec![]);
    app::update(&mut m, err(read, "AccessDeniedException"));
    assert!(
        m.error().is_some_and(|e| e.code == "AccessDeniedException"),
        "{:?}",
        m.status_shown()
    );
    // What was filed stays; what it had still to read failed with it.
    assert_eq!(children_load(&m, &ou_id(2)), Some(Loadable::Loaded(())));
    for id in [ou_id(1), ou_id(3)] {
        assert!(
            matches!(children_load(&m, &id), Some(Loadable::Failed(_))),
            "{id}: {:?}",
            children_load(&m, &id)
        );
    }
    // The next search starts again with only what is not read.
    app::update(&mut m, key(KeyCode::Esc));
    let cmds = app::update(&mut m, ch('/'));
    let again = one(&cmds, subtree_of(&[ou_id(1), ou_id(3)]));
    answer_listed(&mut m, again, &ou_id(1), vec![], vec![]);
    answer_listed(&mut m, again, &ou_id(3), vec![], vec![]);
    app::update(&mut m, ok(again, Reply::SubtreeDone));
    assert_eq!(status_text(&m), "Read all of Root: 3 OUs and 1 account");
}

#[test]
fn a_subtree_read_supersedes_a_listing_in_flight_and_a_second_start_asks_nothing_more() {
    let mut m = loaded((120, 40));
    let workloads = expand(&mut m, &ou_id(2));
    select(&mut m, ROOT);
    let cmds = app::update(&mut m, ch('*'));
    // Workloads is read by the subtree read; its own listing is cancelled in the worker.
    let read = one(&cmds, subtree_of(&[ou_id(1), ou_id(2)]));
    assert!(cancels(&cmds, workloads), "{cmds:?}");
    // Its late answer is dropped: Workloads waits for the read.
    answer_children(&mut m, workloads, &ou_id(2), vec![ou(9, "Stale")], vec![]);
    assert!(m.node_by_id(&ou_id(9)).is_none());
    assert_eq!(children_load(&m, &ou_id(2)), Some(Loadable::Loading));
    // `:crawl` while the read is in flight: everything is covered by it already.
    app::update(&mut m, ch(':'));
    type_text(&mut m, "crawl");
    let cmds = app::update(&mut m, key(KeyCode::Enter));
    assert!(fetches(&cmds).is_empty(), "{cmds:?}");
    answer_listed(&mut m, read, &ou_id(2), vec![], vec![]);
    answer_listed(&mut m, read, &ou_id(1), vec![], vec![]);
    app::update(&mut m, ok(read, Reply::SubtreeDone));
    assert_eq!(status_text(&m), "Read all of Root: 2 OUs and 1 account");
}

#[test]
fn a_listing_that_names_an_ou_no_read_will_file_is_read_before_the_crawl_ends() {
    let mut m = loaded((120, 40));
    let cmds = app::update(&mut m, ch('/'));
    let read = one(&cmds, subtree_of(&[ou_id(1), ou_id(2)]));
    answer_listed(&mut m, read, &ou_id(1), vec![], vec![]);
    answer_listed(&mut m, read, &ou_id(2), vec![], vec![]);
    // `R` lists every loaded parent again on its own; the root's listing now names an OU
    // created meanwhile, which the subtree read never saw.
    app::update(&mut m, key(KeyCode::Esc));
    let cmds_r = app::update(&mut m, ch('R'));
    let root = one(&cmds_r, children_of(ROOT));
    let more = answer_children(
        &mut m,
        root,
        ROOT,
        vec![ou(1, "Security"), ou(2, "Workloads"), ou(8, "New")],
        vec![account(1, "management")],
    );
    assert!(
        fetches(&more).is_empty(),
        "the subtree read is still in flight"
    );
    // When the read and `R`'s other listings have ended, what is left is read by one more.
    let cmds = app::update(&mut m, ok(read, Reply::SubtreeDone));
    assert!(fetches(&cmds).is_empty(), "{cmds:?}");
    answer_unchanged_children(&mut m, one(&cmds_r, children_of(&ou_id(1))), &ou_id(1));
    let cmds = answer_unchanged_children(&mut m, one(&cmds_r, children_of(&ou_id(2))), &ou_id(2));
    let rest = one(&cmds, subtree_of(&[ou_id(8)]));
    assert!(
        status_text(&m).starts_with("Reading Root…"),
        "{}",
        status_text(&m)
    );
    answer_listed(&mut m, rest, &ou_id(8), vec![], vec![]);
    app::update(&mut m, ok(rest, Reply::SubtreeDone));
    assert!(
        status_text(&m).starts_with("Read all of Root: 3 OUs"),
        "{}",
        status_text(&m)
    );
}
