//! Speed targets: drawing one frame and rebuilding the visible rows of a large
//! organization (5,000 accounts expanded; 10,000 accounts in 2,000 OUs).
//! Run: `cargo bench --bench render`.

use criterion::{criterion_group, criterion_main, Criterion};
use orgtui::app::{self, Context, Fetch, Model, Msg, Reply};
use orgtui::org::*;
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
            app::Cmd::Fetch {
                req,
                fetch: Fetch::Children { parent },
            } => Some((*req, parent.clone())),
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

fn children_req_org(cmds: &[app::Cmd]) -> u64 {
    cmds.iter()
        .find_map(|c| match c {
            app::Cmd::Fetch {
                req,
                fetch: Fetch::Organization,
            } => Some(*req),
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
            terminal.draw(|f| orgtui::ui::view(&m, f)).expect("draw");
        })
    });

    let mut big = org_model(2_000, 5, 0);
    c.bench_function("rebuild rows, 2,000 OUs + 10,000 accounts expanded", |b| {
        b.iter(|| big.rebuild_rows())
    });
    c.bench_function("key press (j) with 12,000 rows", |b| {
        b.iter(|| {
            app::update(
                &mut big,
                Msg::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE)),
            )
        })
    });
    big.filter = "account-0999".into();
    c.bench_function("filter 12,000 loaded nodes", |b| {
        b.iter(|| big.rebuild_rows())
    });
}

criterion_group! {
    name = render;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = benches
}
criterion_main!(render);
