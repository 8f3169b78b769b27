//! A small organization for the unit tests: Root/{Workloads/{Prod}, Legacy, Sandbox}, two
//! accounts in Legacy, one in Prod, one in Sandbox; SCPs enabled, FullAWSAccess everywhere,
//! RegionLock on Workloads.

use super::file::parse;
use super::model::{OrgModel, PolicyInfo};
use crate::org::ids::TargetKind;
use crate::org::PolicyType;

pub const ROOT: &str = "r-root";
pub const WORKLOADS: &str = "ou-root-workload";
pub const PROD: &str = "ou-root-prod0000";
pub const LEGACY: &str = "ou-root-legacy00";
pub const SANDBOX: &str = "ou-root-sandbox0";
pub const ALICE: &str = "111111111111";
pub const BOB: &str = "222222222222";
pub const CAROL: &str = "333333333333";
pub const DAN: &str = "444444444444";
pub const REGION_LOCK: &str = "p-regionlock";
pub const DENY_ALL_S3: &str = "p-denys3000";

pub fn org() -> OrgModel {
    let mut m = OrgModel {
        organization_id: "o-sample".into(),
        management_account: "999999999999".into(),
        root: ROOT.into(),
        ..OrgModel::default()
    };
    m.enabled.insert(PolicyType::ServiceControl);
    m.add(ROOT, "Root", None, TargetKind::Root);
    for (id, name, parent) in [
        (WORKLOADS, "Workloads", ROOT),
        (PROD, "Prod", WORKLOADS),
        (LEGACY, "Legacy", ROOT),
        (SANDBOX, "Sandbox", ROOT),
    ] {
        m.add(id, name, Some(parent), TargetKind::OrganizationalUnit);
    }
    for (id, name, parent) in [
        (ALICE, "alice", LEGACY),
        (BOB, "bob", LEGACY),
        (CAROL, "carol", PROD),
        (DAN, "dan", SANDBOX),
    ] {
        m.add(id, name, Some(parent), TargetKind::Account);
    }
    let scp = |name: &str, managed: bool, content: &str| PolicyInfo {
        name: name.into(),
        description: String::new(),
        kind: PolicyType::ServiceControl,
        aws_managed: managed,
        content: Some(content.into()),
    };
    m.policies.insert("p-FullAWSAccess".into(), scp("FullAWSAccess", true, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#));
    m.policies.insert(REGION_LOCK.into(), scp("RegionLock", false, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:RunInstances","Resource":"*"}]}"#));
    m.policies.insert(DENY_ALL_S3.into(), scp("DenyS3", false, r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#));
    let ids: Vec<String> = m.nodes.keys().cloned().collect();
    for id in ids {
        m.attached
            .entry(id)
            .or_default()
            .insert("p-FullAWSAccess".into());
    }
    m.attached
        .entry(WORKLOADS.into())
        .or_default()
        .insert(REGION_LOCK.into());
    m
}

/// The plan of `text` checked against `org()`.
pub fn checked(text: &str) -> super::Checked {
    let plan = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
    super::check(&plan, &org(), None)
}

/// Each problem as "line N: message".
pub fn problems(text: &str) -> Vec<String> {
    checked(text)
        .problems
        .iter()
        .map(|p| p.to_string())
        .collect()
}
