//! Plans applied in-process on the demo organization: the organization then is exactly
//! the planned one; and the time to check and compute the effect of 1,000 moves in a
//! 10,000-account organization (printed, not asserted: a timing depends on the machine).

use std::collections::HashMap;
use std::time::Instant;

use crate::plan_support::shape;

use orgtui::change::engine::Engine;
use orgtui::changeset::apply::{Applier, OnFailure};
use orgtui::changeset::journal::Journal;
use orgtui::changeset::{check, effect::effect, file, read::read};
use orgtui::demo::DemoBackend;
use orgtui::net::{Gate, Timeouts};
use orgtui::org::ids::TargetKind;
use orgtui::policy::whatif::default_watched;

#[tokio::test]
async fn a_plan_applied_to_the_demo_leaves_exactly_the_planned_organization() {
    let b = DemoBackend::from_asset().unwrap();
    let gate = Gate::new(Timeouts::default());
    let text = "[[step]]\ncreate-ou = \"Root/Workloads/Preprod\"\n[[step]]\ncreate-ou = \"Root/Workloads/Preprod/Web\"\n[[step]]\nmove = \"api-dev\"\nto = \"Root/Workloads/Preprod/Web\"\n[[step]]\nmove = \"web-dev\"\nto = \"Root/Workloads/Preprod\"\n[[step]]\ncreate-policy = \"NoS3\"\ntype = \"SCP\"\ndocument = '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}'\n[[step]]\nattach = \"NoS3\"\nto = \"Root/Workloads/Preprod/Web\"\n[[step]]\nrename-ou = \"Root/Sandbox\"\nname = \"Playground\"\n";
    let plan = file::parse(text).unwrap();
    let (before, _) = read(&gate, &b, &plan).await.unwrap();
    let c = check(&plan, &before, None);
    assert_eq!(c.problems, vec![]);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::create(&dir.path().join("j.jsonl"), "plan.toml", &c.steps).unwrap();
    let engine = Engine {
        gate: &gate,
        backend: &b,
        audit: None,
        read_only: false,
    };
    let applier = Applier {
        engine: &engine,
        journal: &journal,
        on_failure: OnFailure::Continue,
        caller: "test",
        run_id: "t",
    };
    let report = applier.run(&c.steps, &HashMap::new(), &|_| {}).await;
    assert!(report.all_done(), "{report:?}");
    let (after, _) = read(&gate, &b, &plan).await.unwrap();
    assert_eq!(shape(&after), shape(&c.after));
    assert_ne!(shape(&after), shape(&before));
    // Under read-only nothing is done, and what waits on a failed step is skipped.
    let plan = file::parse("[[step]]\ncreate-ou = \"Root/X\"\n[[step]]\nmove = \"api-dev\"\nto = \"Root/X\"\n[[step]]\nmove = \"web-dev\"\nto = \"Root/Playground\"\n").unwrap();
    let c = check(&plan, &after, None);
    let journal = Journal::create(&dir.path().join("k.jsonl"), "plan.toml", &c.steps).unwrap();
    let engine = Engine {
        read_only: true,
        ..engine
    };
    let applier = Applier {
        engine: &engine,
        journal: &journal,
        ..applier
    };
    let report = applier.run(&c.steps, &HashMap::new(), &|_| {}).await;
    let words: Vec<String> = report
        .states
        .iter()
        .map(|(_, s)| format!("{s:?}").split(' ').next().unwrap().to_string())
        .collect();
    assert_eq!(words, vec!["Failed", "Skipped", "Failed"]);
}

#[tokio::test]
async fn timing_of_1000_moves_in_a_10000_account_demo() {
    let b = DemoBackend::generated(10_000).unwrap();
    let gate = Gate::new(Timeouts::default());
    let started = Instant::now();
    let (before, calls) = read(&gate, &b, &file::PlanFile::default()).await.unwrap();
    let read_ms = started.elapsed().as_millis();
    let mut accounts: Vec<(&String, &String)> = before
        .nodes
        .iter()
        .filter(|(_, n)| n.kind == TargetKind::Account)
        .filter_map(|(id, n)| Some((id, n.parent.as_ref()?)))
        .collect();
    accounts.sort();
    let mut text = String::new();
    // Each of 1,000 accounts to the parent of another account (elsewhere in the tree).
    for i in 0..1000 {
        let (id, from) = accounts[i * 7];
        let to = accounts[(i * 7 + 5003) % accounts.len()].1;
        if to != from {
            text += &format!("[[step]]\nmove = \"{id}\"\nto = \"{to}\"\n");
        }
    }
    let plan = file::parse(&text).unwrap();
    let started = Instant::now();
    let c = check(&plan, &before, None);
    let check_ms = started.elapsed().as_millis();
    let started = Instant::now();
    let e = effect(&before, &c.after, &default_watched());
    let effect_ms = started.elapsed().as_millis();
    // The same without the evaluator: the share of the bookkeeping.
    let started = Instant::now();
    let bare = effect(&before, &c.after, &[]);
    let bare_ms = started.elapsed().as_millis();
    assert_eq!(bare.accounts.len(), e.accounts.len());
    assert_eq!(c.problems, vec![]);
    assert_eq!(e.accounts.len(), plan.steps.len());
    eprintln!(
        "plan of {} moves in a {}-node demo: read {read_ms} ms ({calls} calls), check and order {check_ms} ms, effect {effect_ms} ms ({bare_ms} ms of it without the watched actions)",
        plan.steps.len(),
        before.nodes.len()
    );
}
