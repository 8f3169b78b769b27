//! Shared test support: the moto_server harness, per-test isolation helpers, and seeding an
//! organization through `OrgBackend`.
#![allow(dead_code)]

pub mod api_stub;
#[macro_use]
pub mod contract;
pub mod fault_proxy;
pub mod harness;
pub mod http;
pub mod look;
pub mod moto;
pub mod seed;

pub use look::Look;
pub use moto::Moto;

use std::sync::atomic::{AtomicU32, Ordering};

/// A 12-digit account id unique to this test (within the process, and across concurrently
/// running test processes): moto keeps one state per `x-moto-account-id`, so each test gets
/// its own organization on the shared server.
pub fn unique_account_id() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed) % 10_000;
    let pid = std::process::id() % 10_000_000;
    format!("9{pid:07}{n:04}")
}

/// Runs the `orgtui` binary with `args` in a clean environment: `home` as HOME (so every XDG
/// directory is under it), dummy AWS keys, no instance metadata, nothing of the user's.
pub fn orgtui_in(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    orgtui_command(home, args).output().expect("orgtui runs")
}

/// The command `orgtui_in` runs, to spawn it or give it input.
pub fn orgtui_command(home: &std::path::Path, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_orgtui"));
    c.args(args)
        .env_clear()
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("aws-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("aws-credentials"));
    c
}
