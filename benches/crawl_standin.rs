//! The whole-organization read against a stand-in server that is not the bottleneck
//! (issue 18, item 4): generated organizations of 1,001 accounts / 100 OUs and 10,001
//! accounts / 1,000 OUs (one parent holding ~70% of the OUs), answered after 0, 50 and
//! 100 ms per call at ~no CPU cost, read by the real `AwsBackend` (the SDK client) through
//! `crawl()` with the default gate. Prints calls made against the minimum, and the time
//! against the bound max(longest chain of dependent pages, calls ÷ limit) × latency.
//! `cargo bench --bench crawl_standin` (scripts/bench-crawl-standin.sh) prints the table;
//! `cargo test --bench crawl_standin` only checks a small organization at 0 ms. "rounds"
//! is what a perfect scheduler in the crawl's order needs: whole rounds of at most
//! `limit` calls, each round one latency (benches/standin/bound.rs).

// Bench code: a failed setup step should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod standin;

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use orgtui::crawl::{crawl, minimum_calls};
use orgtui::net::{Gate, Timeouts, MAX_CONCURRENCY};
use orgtui::org::AwsBackend;

use standin::bound::PAGE;
use standin::org::Org;
use standin::server::Standin;

const RUNS: usize = 3;

/// The gate's widths to compare: `ORGTUI_CONCURRENCY=8,20,32` (what `concurrency` in
/// the config sets), else only the default.
fn widths() -> Vec<usize> {
    let Ok(list) = std::env::var("ORGTUI_CONCURRENCY") else {
        return vec![MAX_CONCURRENCY];
    };
    list.split(',').map(|w| w.trim().parse().unwrap()).collect()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    if !std::env::args().any(|a| a == "--bench") {
        // Under `cargo test`: a small organization whose wide parent spans two pages.
        let (calls, minimum, chain, rounds) = rt.block_on(read_once(Org::generate(60, 30)));
        assert_eq!(calls, minimum, "calls made vs the minimum");
        // ListRoots, the root's OUs, the wide OU's two pages, its 21st OU's listings.
        assert_eq!(chain, 5);
        // 2 (DescribeOrganization, ListRoots), 2 (the root's), 12 (its 6 OUs'), 32, 17.
        assert_eq!(rounds, 5);
        println!("crawl_standin: {calls} calls, the minimum; cargo bench prints the table");
        return;
    }
    println!(
        "| organization | limit | latency | calls / minimum | time (median of {RUNS}) | chain | calls ÷ limit | bound | time / bound | rounds | most in flight |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (accounts, ous) in [(1000, 100), (10_000, 1000)] {
        let org = Org::generate(accounts, ous);
        let (name, chain, minimum) = (org.name.clone(), org.longest_chain(), org.minimum_calls());
        let rounds: Vec<usize> = widths().into_iter().map(|w| org.rounds(w)).collect();
        let server = Standin::start(org);
        let b = AwsBackend::for_emulator(&server.endpoint, None);
        // Connections made once, before anything is timed.
        rt.block_on(crawl(&Gate::new(Timeouts::default()), &b, |_| {}))
            .unwrap();
        for (width, rounds) in widths().into_iter().zip(rounds) {
            for ms in [0, 50, 100] {
                let latency = Duration::from_millis(ms);
                server.set_latency(latency);
                let mut times = Vec::new();
                let mut calls = 0;
                let mut most = 0;
                for _ in 0..RUNS {
                    server.counters.reset();
                    let gate = Gate::configured(Timeouts::default(), Some(width));
                    let t = Instant::now();
                    let s = rt.block_on(crawl(&gate, &b, |_| {})).unwrap();
                    times.push(t.elapsed());
                    calls = server.counters.total();
                    most = server.counters.max_in_flight.load(Ordering::SeqCst);
                    assert_eq!(minimum_calls(&s, PAGE), minimum);
                    assert_eq!((s.accounts.len(), s.ous.len()), (accounts + 1, ous));
                }
                times.sort();
                let time = times[RUNS / 2];
                let per_width = calls as f64 / width as f64;
                let bound = latency.mul_f64(per_width.max(chain as f64));
                let ratio = match bound.is_zero() {
                    true => "—".to_string(),
                    false => format!("{:.2}", time.as_secs_f64() / bound.as_secs_f64()),
                };
                println!(
                    "| {name} | {width} | {ms} ms | {calls} / {minimum} | {:.3} s | {chain} | {per_width:.1} | {:.3} s | {ratio} | {rounds} ({:.3} s) | {most} |",
                    time.as_secs_f64(),
                    bound.as_secs_f64(),
                    (latency * rounds as u32).as_secs_f64(),
                );
            }
        }
    }
}

/// One read of `org` at 0 ms: the calls the server saw, the minimum, the longest chain
/// and the rounds at the default limit.
async fn read_once(org: Org) -> (usize, usize, usize, usize) {
    let (minimum, accounts, ous) = (org.minimum_calls(), org.account_count(), org.ou_count());
    let (chain, rounds) = (org.longest_chain(), org.rounds(MAX_CONCURRENCY));
    let server = Standin::start(org);
    let b = AwsBackend::for_emulator(&server.endpoint, None);
    let s = crawl(&Gate::new(Timeouts::default()), &b, |_| {})
        .await
        .unwrap();
    assert_eq!((s.accounts.len(), s.ous.len()), (accounts, ous));
    assert_eq!(minimum_calls(&s, PAGE), minimum);
    // The snapshot keeps the order AWS listed, so its bounds are the generated org's.
    let shape = Org::from_snapshot(&s);
    let read = (shape.longest_chain(), shape.rounds(MAX_CONCURRENCY));
    assert_eq!(read, (chain, rounds));
    (server.counters.total(), minimum, chain, rounds)
}
