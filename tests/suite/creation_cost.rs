//! What one account creation costs on the demo: the app and the worker whole, the form
//! typed, the creation followed until SUCCEEDED and moved. Counts the
//! DescribeCreateAccountStatus calls (the polling's backoff is 1 s, then 2 s, …). The test
//! runs in tokio's paused time, which the demo's clock and the worker's backoff both follow:
//! the seconds the creation takes pass at once.

use crate::support::{self, Look};

use std::sync::Arc;
use std::time::Duration;

use orgtui::app::{Mode, Status};
use orgtui::demo::DemoBackend;
use orgtui::worker::Options;
use ratatui::crossterm::event::KeyCode;
use support::harness::Harness;

const LIMIT: Duration = Duration::from_secs(30);

fn info(m: &orgtui::app::Model) -> &str {
    match m.status_shown() {
        Some(Status::Info(s)) => s,
        _ => "",
    }
}

#[tokio::test(start_paused = true)]
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
    let started = tokio::time::Instant::now();
    h.confirm(LIMIT).await;
    // The user first sees the creation in progress after one status read...
    h.until(LIMIT, "the creation is shown in progress", |m| {
        info(m).contains("Creating account Cost… in progress (1 status read so far")
    })
    .await;
    // ...then created and moved.
    h.until(LIMIT, "the account is created and moved", |m| {
        info(m).contains("and moved it to Root / Sandbox")
    })
    .await;
    let took = started.elapsed();
    assert_eq!(*h.model.overlay(), Mode::Normal);
    let polls: Vec<u32> = h.model.creation_polls().values().copied().collect();
    eprintln!(
        "DescribeCreateAccountStatus calls for one creation on the demo: {polls:?}, {took:?} of tokio time"
    );
    assert_eq!(
        polls,
        vec![2],
        "IN_PROGRESS on the first read, SUCCEEDED on the second"
    );
    assert!(
        info(&h.model).ends_with("· 2 status reads"),
        "{:?}",
        h.model.status_shown()
    );
    assert_eq!(h.model.tracked_creations(), 0);
}
