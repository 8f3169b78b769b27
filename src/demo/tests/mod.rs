//! Tests of the demo backend: the built-in organization and paging (`reading`), the rules
//! changes follow (`changes`, `policy_admin`), effective policies (`effective`), building an
//! organization from nothing (`seeding`), the account lifecycle (`lifecycle`) and
//! handshakes (`handshakes`) of issue 9, and responsibility transfers (`transfers`).

mod changes;
mod effective;
mod handshakes;
mod lifecycle;
mod policy_admin;
mod reading;
mod seeding;
mod transfers;

use super::asset::{org_from_asset, ASSET};
use super::state::FULL_AWS_ACCESS;
use super::*;
use crate::org::ids;
use crate::org::lifecycle::{Lifecycle, NewAccount};
use crate::org::paging::collect_all;
use crate::org::policy_admin::{NewPolicy, PolicyAdmin};
use crate::time::now_rfc3339;
use std::collections::HashSet;

fn demo() -> DemoBackend {
    DemoBackend::from_asset().expect("the built-in asset loads")
}

fn code<T: std::fmt::Debug>(r: OrgResult<T>) -> String {
    r.expect_err("expected an error").code
}

async fn root_id(b: &DemoBackend) -> String {
    b.list_roots(None).await.unwrap().items[0].id.clone()
}

async fn ou_named(b: &DemoBackend, parent: &str, name: &str) -> String {
    let ous = collect_all(|t| b.list_organizational_units_for_parent(parent, t))
        .await
        .unwrap();
    ous.into_iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no OU {name} under {parent}"))
        .id
}

async fn policy_named(b: &DemoBackend, kind: &PolicyType, name: &str) -> PolicySummary {
    collect_all(|t| b.list_policies(kind, t))
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no policy {name}"))
}

async fn scp_names(b: &DemoBackend, target: &str) -> Vec<String> {
    collect_all(|t| b.list_policies_for_target(target, &PolicyType::ServiceControl, t))
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect()
}

const SCP: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteBucket","Resource":"*"}]}"#;

/// Reads creation `request_id` until it settles (at most 5 reads); its final status.
async fn settled(b: &DemoBackend, request_id: &str) -> CreateAccountStatus {
    for _ in 0..5 {
        let st = b.describe_create_account_status(request_id).await.unwrap();
        if st.state != "IN_PROGRESS" {
            return st;
        }
    }
    panic!("creation {request_id} did not settle in 5 reads");
}

/// Creates an account and waits for it; its id.
async fn created(b: &DemoBackend, email: &str, name: &str) -> String {
    let st = b
        .create_account(&NewAccount::new(email, name))
        .await
        .unwrap();
    let done = settled(b, &st.id).await;
    assert_eq!(done.state, "SUCCEEDED", "{done:?}");
    done.account_id.expect("a created account has an id")
}

fn tag(k: &str, v: &str) -> Tag {
    Tag {
        key: k.into(),
        value: v.into(),
    }
}
