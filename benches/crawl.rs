//! The whole-organization read (issue 10): seeds moto_server with 1,000 accounts in 100 OUs
//! on three levels, then crawls it through a loopback latency proxy at 0, 50 and 100 ms per
//! call, and prints the calls made, the time taken, and the lower bounds: the longest chain
//! of dependent calls × latency, and calls ÷ concurrency × latency. With `ORGTUI_BIN` set,
//! also times `orgtui export --format json` end to end. Run: `scripts/bench-crawl.sh`.

// Bench and test code: a failed setup step should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "../tests/suite/support/fault_proxy.rs"]
mod fault_proxy;
#[path = "../tests/suite/support/http.rs"]
mod http;
#[allow(dead_code)]
#[path = "../tests/suite/support/moto.rs"]
mod moto;
/// The bounds (longest chain of dependent pages, rounds in the crawl's order).
#[allow(dead_code)]
mod standin;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use orgtui::crawl::{crawl, minimum_calls};
use orgtui::export::{render, Format, Options};
use orgtui::net::{Gate, Timeouts, MAX_CONCURRENCY};
use orgtui::org::{AwsBackend, Lifecycle, NewAccount, OrgBackend};

use fault_proxy::{Fault, FaultProxy, Rule};
use moto::Moto;
use standin::org::Org;

const ACCOUNTS: usize = 1000;
/// OUs per level: 5 under the root, 20 below them, 75 below those.
const LEVELS: [usize; 3] = [5, 20, 75];
/// Seeding calls in flight at once (moto answers them one by one anyway).
const SEED_CONCURRENCY: usize = 8;

/// The gate's width: `ORGTUI_CONCURRENCY` (what `concurrency` in the config sets), else
/// the default.
fn width() -> usize {
    std::env::var("ORGTUI_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(MAX_CONCURRENCY)
}
const RUNS: usize = 3;

fn main() {
    // `cargo test --all-targets` runs benches too; this one is a measurement against moto,
    // run by `cargo bench` (scripts/bench-crawl.sh), not a test.
    if !std::env::args().any(|a| a == "--bench") {
        println!("crawl: a measurement; run scripts/bench-crawl.sh");
        return;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let moto = Moto::start();
    let started = Instant::now();
    rt.block_on(seed(&moto.endpoint()));
    println!(
        "seeded {ACCOUNTS} accounts in {} OUs in {:.1} s",
        LEVELS.iter().sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    let bin = std::env::var("ORGTUI_BIN").ok();
    for ms in [0, 50, 100] {
        let latency = Duration::from_millis(ms);
        let proxy = FaultProxy::start(&moto.endpoint(), 1);
        proxy.add_rule(Rule::probability(None, 1.0, Fault::Delay(latency)));
        let b = AwsBackend::for_emulator(&proxy.endpoint(), None);
        let mut times = Vec::new();
        let mut snapshot = None;
        let mut calls = 0;
        for _ in 0..RUNS {
            let before: u32 = proxy.counters().seen.values().sum();
            let gate = Gate::new(Timeouts::default()).with_max(width());
            let t = Instant::now();
            let s = rt.block_on(crawl(&gate, &b, |_| {})).expect("crawl");
            times.push(t.elapsed());
            calls = proxy.counters().seen.values().sum::<u32>() - before;
            snapshot = Some(s);
        }
        let s = snapshot.expect("at least one run");
        assert_eq!(s.accounts.len(), ACCOUNTS + 1, "the management account too");
        times.sort();
        let shape = Org::from_snapshot(&s);
        let (chain, minimum) = (shape.longest_chain(), minimum_calls(&s, 20));
        let by_chain = latency * chain as u32;
        let by_width = latency.mul_f64(minimum as f64 / width() as f64);
        let packed = shape.rounds(width());
        println!(
            "{ms:>3} ms/call: crawl {} calls (minimum {minimum}), median {:.3} s (min {:.3} s), \
             at most {} in flight; bound: chain {chain} × latency = {:.3} s, \
             {minimum} calls ÷ {} × latency = {:.3} s, \
             both together {packed} rounds × latency = {:.3} s",
            calls,
            times[RUNS / 2].as_secs_f64(),
            times[0].as_secs_f64(),
            proxy.counters().max_in_flight,
            by_chain.as_secs_f64(),
            width(),
            by_width.as_secs_f64(),
            (latency * packed as u32).as_secs_f64(),
        );
        if ms == 100 {
            for width in [16, 24] {
                let r = shape.rounds(width);
                println!(
                    "{ms:>3} ms/call: at concurrency {width} the bound would be {r} rounds = {:.3} s",
                    (latency * r as u32).as_secs_f64()
                );
            }
        }
        if let Some(bin) = &bin {
            let t = Instant::now();
            let status = Command::new(bin)
                .args([
                    "export",
                    "--format",
                    "json",
                    "--endpoint-url",
                    &proxy.endpoint(),
                ])
                .env("AWS_ACCESS_KEY_ID", "test")
                .env("AWS_SECRET_ACCESS_KEY", "test")
                .env("AWS_REGION", "us-east-1")
                .stdout(Stdio::null())
                .status()
                .expect("orgtui runs");
            assert!(status.success());
            println!(
                "{ms:>3} ms/call: orgtui export --format json {:.3} s",
                t.elapsed().as_secs_f64()
            );
        }
        if ms == 0 {
            for format in [Format::Json, Format::Csv, Format::Tree, Format::Dot] {
                let t = Instant::now();
                let text = render(&s, format, Options { accounts: true });
                println!(
                    "  render {format:?}: {} bytes in {:.1} ms",
                    text.len(),
                    t.elapsed().as_secs_f64() * 1000.0
                );
            }
        }
    }
}

/// The organization, the OUs level by level, then the accounts, each moved into an OU
/// (round robin over all 100), many at a time.
async fn seed(endpoint: &str) {
    let b = AwsBackend::for_emulator(endpoint, None);
    b.create_organization("ALL").await.expect("organization");
    let root = b.list_roots(None).await.expect("roots").items[0].id.clone();
    let mut parents = vec![root.clone()];
    let mut all = Vec::new();
    for (level, n) in LEVELS.iter().enumerate() {
        let jobs = (0..*n).map(|i| {
            let parent = parents[i % parents.len()].clone();
            let b = &b;
            async move {
                b.create_organizational_unit(&parent, &format!("L{}-{i:03}", level + 1))
                    .await
                    .expect("OU")
                    .id
            }
        });
        parents = stream::iter(jobs)
            .buffer_unordered(SEED_CONCURRENCY)
            .collect()
            .await;
        all.extend(parents.iter().cloned());
    }
    let jobs = (0..ACCOUNTS).map(|i| {
        let (b, root, ou) = (&b, &root, all[i % all.len()].clone());
        async move {
            let name = format!("account-{i:04}");
            let mut status = b
                .create_account(&NewAccount::new(&format!("{name}@example.com"), &name))
                .await
                .expect("create account");
            while status.state == "IN_PROGRESS" {
                tokio::time::sleep(Duration::from_millis(20)).await;
                status = b
                    .describe_create_account_status(&status.id)
                    .await
                    .expect("status");
            }
            let id = status.account_id.expect("an account id");
            b.move_account(&id, root, &ou).await.expect("move");
        }
    });
    stream::iter(jobs)
        .buffer_unordered(SEED_CONCURRENCY)
        .collect::<Vec<()>>()
        .await;
}
