//! Speed targets: drawing one frame and rebuilding the visible rows of a large
//! organization (5,000 accounts expanded; 10,000 accounts in 2,000 OUs).
//! Run: `cargo bench --bench render`.

// Bench and test code: a failed setup step should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use orgtui::app::{self, Context, Fetch, Model, Msg, Reply};
use orgtui::org::*;
use orgtui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;

fn account(n: usize) -> Account {
    let id = format!("{:012}", 300000000000usize + n);
    Account {
        arn: format!("arn:aws:organizations::111111111111:account/o-bench/{id}"),
        id,
        name: format!("account-{n:05}"),
        email: format!("aws+{n}@example.com"),
        state: AccountState::Active,
        joined_method: "CREATED".into(),
        joined_at: "2024-01-01T00:00:00Z".into(),
    }
}

fn ou(n: usize) -> OrgUnit {
    let id = format!("ou-ab12-{n:08}");
    OrgUnit {
        arn: format!("arn:aws:organizations::111111111111:ou/o-bench/{id}"),
        id,
        name: format!("ou-{n:04}"),
    }
}

fn reply(m: &mut Model, req: u64, r: Reply) -> Vec<app::Cmd> {
    app::update(m, Msg::Reply { req, result: Ok(r) })
}

fn children_req(cmds: &[app::Cmd]) -> Vec<(u64, String)> {
    cmds.iter()
        .filter_map(|c| match c {
            app::Cmd::Work(orgtui::app::Job::Fetch {
                req,
                fetch: Fetch::Children { parent },
            }) => Some((*req, parent.clone())),
            _ => None,
        })
        .collect()
}

/// A root holding `ous` OUs (each with `per_ou` accounts, expanded) and `direct` accounts.
fn org_model(ous: usize, per_ou: usize, direct: usize) -> Model {
    let mut m = Model::new(Context::default());
    m.size = (120, 40);
    let cmds = app::init(&mut m);
    let org = Organization {
        id: "o-bench".into(),
        arn: String::new(),
        feature_set: "ALL".into(),
        master_account_id: "111111111111".into(),
        master_account_arn: String::new(),
        master_account_email: String::new(),
        available_policy_types: vec![],
    };
    let root = Root {
        id: "r-ab12".into(),
        arn: String::new(),
        name: "Root".into(),
        policy_types: vec![],
    };
    let cmds = reply(
        &mut m,
        children_req_org(&cmds),
        Reply::Organization {
            org,
            roots: vec![root],
        },
    );
    let (req, parent) = children_req(&cmds)[0].clone();
    reply(
        &mut m,
        req,
        Reply::OrgUnitsPage {
            parent: parent.clone(),
            items: (0..ous).map(ou).collect(),
            last: true,
        },
    );
    reply(
        &mut m,
        req,
        Reply::AccountsPage {
            parent,
            items: (0..direct).map(account).collect(),
            last: true,
        },
    );
    for o in 0..ous {
        let id = ou(o).id;
        let ix = m.index[&id];
        m.selected = Some(ix);
        let cmds = app::update(
            &mut m,
            Msg::Key(KeyEvent::new(KeyCode::Right, KeyModifiers::NONE)),
        );
        let (req, parent) = children_req(&cmds)[0].clone();
        reply(
            &mut m,
            req,
            Reply::OrgUnitsPage {
                parent: parent.clone(),
                items: vec![],
                last: true,
            },
        );
        let accounts = (0..per_ou)
            .map(|a| account(direct + o * per_ou + a))
            .collect();
        reply(
            &mut m,
            req,
            Reply::AccountsPage {
                parent,
                items: accounts,
                last: true,
            },
        );
    }
    m
}

/// Resident memory of this process (Linux), in KiB.
fn resident_kib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4)
}

fn children_req_org(cmds: &[app::Cmd]) -> u64 {
    cmds.iter()
        .find_map(|c| match c {
            app::Cmd::Work(orgtui::app::Job::Fetch {
                req,
                fetch: Fetch::Organization,
            }) => Some(*req),
            _ => None,
        })
        .expect("organization fetch")
}

fn benches(c: &mut Criterion) {
    let mut m = org_model(0, 0, 5_000);
    // Select a row in the middle so the window is not at the top.
    let mid = m.rows[2_500].node;
    m.selected = Some(mid);
    app::update(&mut m, Msg::Resize(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function("render 120x40, 5,000 accounts expanded", |b| {
        b.iter(|| {
            terminal
                .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
                .expect("draw");
        })
    });

    let before = resident_kib();
    let mut big = org_model(2_000, 5, 0);
    // Memory target: the whole model of a large organization stays well under 100 MiB.
    if let (Some(a), Some(b)) = (before, resident_kib()) {
        eprintln!(
            "memory: model of 2,000 OUs + 10,000 accounts adds {:.1} MiB resident",
            (b.saturating_sub(a)) as f64 / 1024.0
        );
    }
    c.bench_function("rebuild rows, 2,000 OUs + 10,000 accounts expanded", |b| {
        b.iter(|| big.rebuild_rows())
    });
    big.selected = Some(big.rows[6_000].node);
    app::update(&mut big, Msg::Resize(120, 40));
    c.bench_function("frame, 2,000 OUs + 10,000 accounts expanded", |b| {
        b.iter(|| {
            terminal
                .draw(|f| orgtui::ui::view(&big, &Theme::default(), f))
                .expect("draw");
        })
    });
    // A page of a listing arrives for an OU in the middle: only its rows are re-derived.
    let ou_mid = big.rows[6_000].node;
    let ou_mid = big.nodes[ou_mid].parent.expect("an account's OU");
    let parent = big.nodes[ou_mid].id.clone();
    let kids: Vec<Account> = big.nodes[ou_mid]
        .children
        .iter()
        .filter_map(|&c| big.nodes[c].account().cloned())
        .collect();
    big.selected = Some(ou_mid);
    let refresh = Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE));
    let cmds = app::update(&mut big, refresh.clone());
    assert!(
        children_req(&cmds).iter().any(|(_, p)| *p == parent),
        "r on an OU lists it again"
    );
    c.bench_function("listing of one OU arrives, 12,000 rows", |b| {
        b.iter(|| {
            let cmds = app::update(&mut big, refresh.clone());
            for (req, p) in children_req(&cmds)
                .into_iter()
                .filter(|(_, p)| *p == parent)
            {
                reply(
                    &mut big,
                    req,
                    Reply::OrgUnitsPage {
                        parent: p.clone(),
                        items: vec![],
                        last: true,
                    },
                );
                reply(
                    &mut big,
                    req,
                    Reply::AccountsPage {
                        parent: p,
                        items: kids.clone(),
                        last: true,
                    },
                );
            }
        })
    });
    c.bench_function("key press (j) with 12,000 rows", |b| {
        b.iter(|| {
            app::update(
                &mut big,
                Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
            )
        })
    });
    // The accounts view over 10,000 accounts sorted by OU path: its rows are kept between
    // frames, so a frame costs the drawing, not a filter and a sort by every account's path.
    let every: Vec<Account> = big
        .nodes
        .iter()
        .filter_map(|n| n.account().cloned())
        .collect();
    big.cache.accounts = Some(app::Loadable::Loaded(every));
    big.view = app::View::Accounts;
    big.accounts_view.sort = app::AccountSort::Path;
    c.bench_function(
        "accounts view: derive rows, 10,000 sorted by OU path",
        |b| b.iter(|| big.derive_accounts()),
    );
    big.accounts_changed();
    app::update(&mut big, Msg::Resize(120, 40));
    c.bench_function("accounts view: frame, 10,000 sorted by OU path", |b| {
        b.iter(|| {
            terminal
                .draw(|f| orgtui::ui::view(&big, &Theme::default(), f))
                .expect("draw");
        })
    });
    big.view = app::View::Tree;
    big.filter = "account-0999".into();
    c.bench_function("filter 12,000 loaded nodes", |b| {
        b.iter(|| big.rebuild_rows())
    });

    // Start from the snapshot of a large organization: load it and draw the first frame.
    let snap = orgtui::app::cached::snapshot_of(&big, "2026-12-01T10:00:00.000Z")
        .expect("a snapshot of the large model");
    let text = serde_json::to_string(&snap).expect("json");
    eprintln!(
        "snapshot: {} OUs, {} accounts, {:.1} MiB of JSON",
        snap.ous.len(),
        snap.accounts.len(),
        text.len() as f64 / (1024.0 * 1024.0)
    );
    c.bench_function(
        "first frame from a snapshot, 2,000 OUs + 10,000 accounts",
        |b| {
            b.iter(|| {
                let snap: orgtui::org::OrgSnapshot = serde_json::from_str(&text).expect("parse");
                let mut m = Model::new(Context::default());
                m.size = (120, 40);
                orgtui::app::cached::load_snapshot(&mut m, snap, "1 min ago".into());
                terminal
                    .draw(|f| orgtui::ui::view(&m, &Theme::default(), f))
                    .expect("draw");
            })
        },
    );
    // One keystroke of a search over the whole organization (12,000 nodes): the filter
    // grows by a character, the rows are rebuilt and a frame drawn.
    big.filter = "account-01".into();
    big.mode = app::Mode::Filter;
    c.bench_function("search keystroke over 12,000 nodes + frame", |b| {
        b.iter(|| {
            app::update(
                &mut big,
                Msg::Key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
            );
            app::update(
                &mut big,
                Msg::Key(KeyEvent::new(KeyCode::Char('1'), KeyModifiers::NONE)),
            );
            terminal
                .draw(|f| orgtui::ui::view(&big, &Theme::default(), f))
                .expect("draw");
        })
    });

    // The move picker over 2,000 OUs (40 top-level, 49 below each): fuzzy filter + draw.
    let mut dir = org_model(0, 0, 1);
    let top: Vec<OrgUnit> = (0..40).map(ou).collect();
    for (i, parent) in top.iter().enumerate() {
        let below = (0..49).map(|j| ou(1_000 + i * 49 + j)).collect();
        dir.cache
            .ou_dir
            .insert(parent.id.clone(), app::Loadable::Loaded(below));
    }
    dir.cache
        .ou_dir
        .insert("r-ab12".into(), app::Loadable::Loaded(top));
    dir.selected = Some(dir.rows[1].node);
    let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    app::update(&mut dir, key(KeyCode::Char('m')));
    for ch in "ou-12".chars() {
        app::update(&mut dir, key(KeyCode::Char(ch)));
    }
    let app::Mode::Dialog(app::Dialog::Picker(picker)) = dir.mode.clone() else {
        panic!("the picker is open")
    };
    assert_eq!(app::destinations(&dir).len(), 2_001);
    c.bench_function("move picker: fuzzy filter 2,000 OUs", |b| {
        b.iter(|| app::choices(&dir, &picker))
    });
    c.bench_function("move picker: key + frame with 2,000 OUs", |b| {
        b.iter(|| {
            app::update(&mut dir, key(KeyCode::Backspace));
            app::update(&mut dir, key(KeyCode::Char('2')));
            terminal
                .draw(|f| orgtui::ui::view(&dir, &Theme::default(), f))
                .expect("draw");
        })
    });
}

criterion_group! {
    name = render;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(render);
