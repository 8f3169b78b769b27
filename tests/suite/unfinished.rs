//! Changes an earlier run attempted without an outcome in the audit log: found at start,
//! shown, re-read on `r` through the real worker, and closed in the audit log.

use crate::fixtures;

use std::sync::Arc;
use std::time::Duration;

use fixtures::*;
use orgtui::app::{self, Change, Cmd, Dialog, Loadable, Mode, Msg, Reply, UnfinishedChange};
use orgtui::demo::DemoBackend;
use orgtui::org::{collect_all, OrgBackend};
use orgtui::store::audit::{unfinished, AuditLog, Phase};
use orgtui::worker::{Options, Worker};
use tokio::sync::mpsc;

fn a_move(account: &str, source: &str, destination: &str) -> Change {
    Change::MoveAccount(orgtui::change::MoveAccount {
        account: account.into(),
        source: source.into(),
        destination: destination.into(),
    })
}

#[test]
fn audit_lines_turn_back_into_the_changes_they_record() {
    let changes = [
        a_move("222222220001", ROOT, &ou_id(1)),
        Change::AttachPolicy(orgtui::change::AttachPolicy {
            policy: "p-1".into(),
            target: ROOT.into(),
        }),
        Change::DetachPolicy(orgtui::change::DetachPolicy {
            policy: "p-1".into(),
            target: ROOT.into(),
        }),
        Change::CreateOu(orgtui::change::CreateOu {
            parent: ROOT.into(),
            name: "Data".into(),
        }),
        Change::RenameOu(orgtui::change::RenameOu {
            ou: ou_id(1),
            name: "Sec".into(),
        }),
        Change::DeleteOu(orgtui::change::DeleteOu { ou: ou_id(1) }),
    ];
    for c in changes {
        assert_eq!(
            Change::from_audit(c.operation(), &c.parameters()),
            Some(c.clone())
        );
    }
    assert_eq!(
        Change::from_audit("MoveAccount", &serde_json::json!({"AccountId": "1"})),
        None
    );
}

#[test]
fn unfinished_changes_are_shown_at_start_and_re_read_on_r() {
    let mut m = loaded((120, 40));
    let change = a_move("222222220001", ROOT, &ou_id(1));
    app::update(
        &mut m,
        Msg::Unfinished(vec![UnfinishedChange::new("run-7", change.clone(), None)]),
    );
    assert!(matches!(m.dialog(), Some(Dialog::Unfinished(_))));
    let cmds = app::update(&mut m, ch('r'));
    let req = cmds
        .iter()
        .find_map(|c| match c {
            Cmd::Work(orgtui::app::Job::Check {
                req, id, change: c, ..
            }) if id == "run-7" && *c == change => Some(*req),
            _ => None,
        })
        .expect("a check of the unfinished change");
    // A second r while it is being re-read sends nothing more.
    assert!(!app::update(&mut m, ch('r'))
        .iter()
        .any(|c| matches!(c, Cmd::Work(orgtui::app::Job::Check { .. }))));
    app::update(
        &mut m,
        ok(
            req,
            Reply::Checked {
                id: "run-7".into(),
                happened: true,
            },
        ),
    );
    match m.overlay() {
        Mode::Dialog(Dialog::Unfinished(u)) => {
            assert_eq!(u.changes[0].happened, Some(Loadable::Loaded(true)))
        }
        other => panic!("{other:?}"),
    }
    app::update(&mut m, key(ratatui::crossterm::event::KeyCode::Esc));
    assert_eq!(*m.overlay(), Mode::Normal);
}

#[tokio::test]
async fn the_worker_re_reads_an_unfinished_move_and_records_its_outcome() {
    let demo = Arc::new(DemoBackend::from_asset().expect("demo"));
    let root = collect_all(|t| demo.list_roots(t)).await.expect("roots")[0]
        .id
        .clone();
    let ous = collect_all(|t| demo.list_organizational_units_for_parent(&root, t))
        .await
        .expect("ous");
    let (from, to) = (&ous[0].id, &ous[1].id);
    let accounts = collect_all(|t| demo.list_accounts_for_parent(from, t))
        .await
        .expect("accounts");
    let (moved, stayed) = (&accounts[0].id, &accounts[1].id);
    // The earlier run: two attempts logged; only the first move happened.
    let dir = std::env::temp_dir().join(format!("orgtui-unfinished-{}", std::process::id()));
    let path = dir.join("audit.jsonl");
    let log = AuditLog::new(path.clone());
    let (a, b) = (a_move(moved, from, to), a_move(stayed, from, to));
    for (id, c) in [("old-1", &a), ("old-2", &b)] {
        let entry =
            orgtui::change::engine::audit_entry(id, Phase::Attempt, "111111111111", c, None, false);
        log.record(&entry).expect("write");
    }
    demo.move_account(moved, from, to).await.expect("move");
    assert_eq!(unfinished(&path).len(), 2);

    let (tx, mut rx) = mpsc::unbounded_channel();
    let options = Options {
        audit: Some(Arc::new(AuditLog::new(path.clone()))),
        ..Options::default()
    };
    let worker = Worker::spawn(demo.clone(), tx, options);
    for (req, (id, c)) in [(1, ("old-1", a)), (2, ("old-2", b))] {
        let job = Cmd::Work(orgtui::app::Job::Check {
            req,
            id: id.into(),
            change: c,
            attempted: None,
            caller: "111111111111".into(),
        });
        assert!(worker.send(job.into_job().expect("a worker job")));
    }
    let mut answers = Vec::new();
    while answers.len() < 2 {
        let msg = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .expect("an answer within 5 s")
            .expect("worker alive");
        if let Msg::Reply { result, .. } = msg {
            answers.push(result.expect("re-read"));
        }
    }
    answers.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(
        answers,
        vec![
            Reply::Checked {
                id: "old-1".into(),
                happened: true
            },
            Reply::Checked {
                id: "old-2".into(),
                happened: false
            },
        ]
    );
    // Both now have outcomes: the next start reports nothing.
    assert!(unfinished(&path).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// The unfinished changes of an earlier run as the user sees them: named as the tree names
/// them, with when each was attempted; the list scrolls when it does not fit.
#[test]
fn the_unfinished_changes_are_named_and_scroll() {
    for size in [(120, 40), (80, 24)] {
        let mut m = loaded(size);
        let list = (0..60)
            .map(|i| {
                let change = a_move("222222220001", ROOT, &ou_id(1 + i % 2));
                let at = format!("2026-12-07T10:{i:02}:00.000Z");
                UnfinishedChange::new(&format!("run-{i}"), change, Some(at))
            })
            .collect();
        app::update(&mut m, Msg::Unfinished(list));
        let screen = |m: &orgtui::app::Model| {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1))
                    .expect("terminal");
            terminal
                .draw(|f| orgtui::ui::view(m, &orgtui::ui::theme::Theme::default(), f))
                .expect("draw");
            terminal.backend().to_string()
        };
        let top = screen(&m);
        assert!(top.contains("MoveAccount management"), "{top}");
        assert!(top.contains("2026-12-07T10:00:00.000Z"), "{top}");
        assert!(!top.contains("222222220001\""), "no raw parameters: {top}");
        for _ in 0..70 {
            app::update(&mut m, ch('j'));
        }
        let bottom = screen(&m);
        assert!(bottom.contains("2026-12-07T10:59:00.000Z"), "{bottom}");
        assert!(!bottom.contains("2026-12-07T10:00:00.000Z"), "{bottom}");
        insta::assert_snapshot!(format!("unfinished_scrolled_{}x{}", size.0, size.1), bottom);
    }
}
