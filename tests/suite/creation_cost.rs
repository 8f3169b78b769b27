//! What one account creation costs on the demo: the app and the worker whole, the form
//! typed, the creation followed until SUCCEEDED and moved. Counts the
//! DescribeCreateAccountStatus calls (the polling's backoff is 1 s, then 2 s, …).

use crate::support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use orgtui::app::{Mode, Status};
use orgtui::demo::DemoBackend;
use orgtui::worker::Options;
use ratatui::crossterm::event::KeyCode;
use support::harness::Harness;

const LIMIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_creation_on_the_demo_costs_two_status_reads() {
    let demo = Arc::new(DemoBackend::from_asset().expect("the demo organization"));
    let mut h = Harness::new(demo, Options::default());
    h.settle(LIMIT).await;
    h.select("Sandbox");
    h.ch('A');
    h.typed("cost@example.com");
    h.key(KeyCode::Tab);
    h.typed("Cost");
    h.key(KeyCode::Enter);
    let started = Instant::now();
    h.confirm(LIMIT).await;
    h.until(LIMIT, "the account is created and moved", |m| {
        matches!(&m.status, Some(Status::Info(s)) if s.contains("and moved it to Root / Sandbox"))
    })
    .await;
    let took = started.elapsed();
    assert_eq!(h.model.mode, Mode::Normal);
    let polls: Vec<u32> = h.model.creations.polls.values().copied().collect();
    eprintln!(
        "DescribeCreateAccountStatus calls for one creation on the demo: {polls:?}, {took:?}"
    );
    assert_eq!(polls, vec![2], "IN_PROGRESS after 1 s, SUCCEEDED 2 s later");
    assert!(took >= Duration::from_secs(3), "{took:?}");
    assert!(h.model.creations.tracked.is_empty());
}
