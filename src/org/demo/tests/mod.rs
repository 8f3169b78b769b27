//! Tests of the demo backend: the built-in organization and paging (`reading`), the rules
//! changes follow (`changes`, `policy_admin`), effective policies (`effective`), and building an
//! organization from nothing (`seeding`).

mod changes;
mod effective;
mod policy_admin;
mod reading;
mod seeding;

use super::asset::{org_from_asset, ASSET};
use super::state::FULL_AWS_ACCESS;
use super::*;
use crate::org::ids;
use crate::org::paging::collect_all;
use crate::org::policy_admin::{NewPolicy, PolicyAdmin};
use crate::org::seed::OrgSeeder;
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
