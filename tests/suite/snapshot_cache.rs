//! The snapshot cache through the reducer: what was read round-trips, the next start
//! draws it at once, and every cached listing is re-read when shown (stale-while-
//! revalidate), replaced by what AWS says now.

use crate::fixtures;

use fixtures::*;
use orgtui::app::cached::{load_snapshot, snapshot_of};
use orgtui::app::{self, Context, Fetch, Model, Reply};

fn fresh() -> Model {
    Model::new(Context {
        source: "test".into(),
        read_only: false,
    })
}

/// The fixture organization with Workloads listed too.
fn read_twice_deep() -> Model {
    let mut m = loaded((120, 40));
    let req = expand(&mut m, &ou_id(2));
    answer_children(
        &mut m,
        req,
        &ou_id(2),
        vec![ou(3, "Prod")],
        vec![account(10, "app-10"), account(11, "app-11")],
    );
    m
}

#[test]
fn what_was_read_round_trips_and_is_drawn_at_once() {
    let before = read_twice_deep();
    let snap = snapshot_of(&before, "2026-12-01T10:00:00.000Z").expect("a snapshot");
    assert_eq!(snap.listed, vec![ROOT.to_string(), ou_id(2)]);
    assert_eq!(snap.accounts.len(), 3);
    // Through JSON, as on disk.
    let snap = serde_json::from_str(&serde_json::to_string(&snap).expect("json")).expect("back");
    let mut m = fresh();
    load_snapshot(&mut m, snap, "3 min ago".into());
    assert_eq!(m.organization(), before.organization());
    assert_eq!(m.snapshot_age(), Some("3 min ago"));
    // The root is shown expanded at once; Workloads' children are there for when it opens.
    assert_eq!(
        row_ids(&m),
        vec![ROOT.to_string(), ou_id(1), ou_id(2), account(1, "x").id]
    );
    let workloads = m.node_by_id(&ou_id(2)).expect("Workloads");
    assert_eq!(workloads.children.len(), 3);
}

#[test]
fn cached_listings_are_re_read_when_shown_and_replaced_by_what_aws_says() {
    let snap = snapshot_of(&read_twice_deep(), "2026-12-01T10:00:00.000Z").expect("snapshot");
    let mut m = fresh();
    load_snapshot(&mut m, snap, "3 min ago".into());
    let cmds = app::init(&mut m);
    // The organization is read again while the cached tree stays on screen.
    let req = one(&cmds, |f| *f == Fetch::Organization);
    assert!(m.organization().is_some());
    assert_eq!(row_ids(&m).len(), 4);
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
    // The root's cached listing is re-read although it is "loaded".
    let req = one(&cmds, children_of(ROOT));
    assert_eq!(row_ids(&m).len(), 4, "still drawn while it is re-read");
    // Meanwhile Security was deleted elsewhere.
    answer_children(
        &mut m,
        req,
        ROOT,
        vec![ou(2, "Workloads")],
        vec![account(1, "management")],
    );
    assert_eq!(
        row_ids(&m),
        vec![ROOT.to_string(), ou_id(2), account(1, "x").id]
    );
    assert_eq!(m.snapshot_age(), None, "no longer only the snapshot");
    // Opening Workloads shows its cached children and re-reads them, once.
    let req = expand(&mut m, &ou_id(2));
    assert_eq!(m.node_by_id(&ou_id(2)).map(|n| n.children.len()), Some(3));
    answer_children(&mut m, req, &ou_id(2), vec![ou(3, "Prod")], vec![]);
    assert_eq!(m.node_by_id(&ou_id(2)).map(|n| n.children.len()), Some(1));
    app::update(&mut m, key(ratatui::crossterm::event::KeyCode::Left));
    let cmds = app::update(&mut m, key(ratatui::crossterm::event::KeyCode::Right));
    assert!(
        fetches(&cmds).is_empty(),
        "read once, then cached: {cmds:?}"
    );
}
