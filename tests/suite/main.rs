//! Every integration test in one binary, so the suite links orgtui and the AWS SDK once.
//! Each former test file is a module; the shared harnesses are `support` (moto, the API
//! stub, the fault proxy, seeding), `fixtures`, `e2e_support` and `eval_fixtures`.

// Test code: helpers outside #[test] functions (support, fixtures, harnesses) may unwrap;
// a failed setup step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[macro_use]
mod support;
mod e2e_support;
mod eval_fixtures;
mod fixtures;

mod account_lifecycle;
mod admin_snapshots;
mod admin_ui;
mod api_stub;
mod caller;
mod changes;
mod cli;
mod config;
mod contexts;
mod contract;
mod contract_lifecycle;
mod contract_policies;
mod creation_cost;
mod demo_handshakes;
mod describe;
mod e2e;
mod e2e_account;
mod e2e_changes;
mod e2e_contexts;
mod e2e_member;
mod e2e_mouse;
mod e2e_policies;
mod e2e_safety;
mod e2e_shell;
mod e2e_signals;
mod e2e_tags;
mod e2e_transfers;
mod eval_all;
mod eval_cli;
mod exactly_once;
mod export;
mod fault_proxy;
mod faults;
mod faults_account;
mod govcloud_ui;
mod habits;
mod handshakes_ui;
mod limits;
mod mouse;
mod plan_cli;
mod plan_demo;
mod plan_support;
mod plan_ui;
mod policy_conditions;
mod policy_editing;
mod policy_eval;
mod policy_props;
mod policy_reference;
mod policy_validate;
mod private_files;
mod reducer;
mod reducer_props;
mod shell;
mod snapshot_cache;
mod snapshots;
mod stub_lifecycle;
mod stub_member;
mod stub_policies;
mod stub_transfers;
mod text_input;
mod throttling;
mod trace;
mod transfers;
mod transfers_ui;
mod unfinished;
mod whatif;
mod worker;
