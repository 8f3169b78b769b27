//! The policy-management calls of `PolicyAdmin` (UpdatePolicy, DeletePolicy, Enable- and
//! DisablePolicyType) with the same assertions on both backends: `AwsBackend` against
//! moto_server (each test its own organization through `x-moto-account-id`) and the demo
//! backend. Where moto is laxer than AWS (it accepts any content, attaches policies of a
//! disabled type, and disabling a type does not detach its policies), only what both do is
//! asserted here; the demo's stricter rules are tested in `src/org/demo/tests`. The
//! effective-policy calls, which moto lacks, are tested against the API stub in
//! `stub_policies.rs`.

use crate::support;

use orgtui::demo::DemoBackend;
use orgtui::org::*;
use support::seed::{err, new_org, new_ou, ok, SCP_DENY_LEAVE};

const TAG_POLICY: &str = r#"{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}}}}"#;
const SCP_DENY_REGIONS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ec2:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#;

// Each behaviour below, once against moto and once against the demo (tests/support/contract.rs).
contract! {
    async fn update_changes_only_the_fields_given(b, _caller) {
        super::update_changes_only_the_fields_given(b).await
    }
    async fn delete_removes_a_detached_policy_and_refuses_an_attached_one(b, _caller) {
        super::delete_removes_a_detached_policy_and_refuses_an_attached_one(b).await
    }
    async fn enable_and_disable_a_policy_type(b, _caller) {
        super::enable_and_disable_a_policy_type(b).await
    }
    async fn tag_policies_can_be_created_updated_and_deleted(b, _caller) {
        super::tag_policies_can_be_created_updated_and_deleted(b).await
    }
}

async fn new_policy(
    b: &dyn OrgBackend,
    name: &str,
    content: &str,
    kind: &PolicyType,
) -> PolicySummary {
    ok(
        "create_policy",
        b.create_policy(&NewPolicy::new(name, "first", content, kind))
            .await,
    )
}

async fn enable(b: &dyn OrgBackend, root: &str, kind: &PolicyType) -> Root {
    ok("enable_policy_type", b.enable_policy_type(root, kind).await)
}

async fn update_changes_only_the_fields_given(b: &dyn OrgBackend) {
    new_org(b).await;
    let scp = PolicyType::ServiceControl;
    let p = new_policy(b, "DenyLeave", SCP_DENY_LEAVE, &scp).await;
    let rename = PolicyUpdate {
        name: Some("NoLeaving".into()),
        ..PolicyUpdate::default()
    };
    let renamed = ok("update_policy", b.update_policy(&p.id, &rename).await);
    assert_eq!(renamed.summary.id, p.id);
    assert_eq!(renamed.summary.name, "NoLeaving");
    assert_eq!(renamed.summary.description, "first");
    assert_eq!(renamed.summary.kind, scp);
    assert_eq!(renamed.content, SCP_DENY_LEAVE);

    let change = PolicyUpdate {
        description: Some("region lock".into()),
        content: Some(SCP_DENY_REGIONS.into()),
        ..PolicyUpdate::default()
    };
    let changed = ok("update_policy", b.update_policy(&p.id, &change).await);
    assert_eq!(changed.summary.name, "NoLeaving");
    assert_eq!(changed.summary.description, "region lock");
    assert_eq!(changed.content, SCP_DENY_REGIONS);
    let described = ok("describe_policy", b.describe_policy(&p.id).await);
    assert_eq!(described, changed);

    let e = err(
        "update_policy",
        b.update_policy("p-zzzzzzzz", &rename).await,
    );
    assert_eq!(e.code, "PolicyNotFoundException");
    assert_eq!(e.kind, ErrorKind::NotFound);
}

async fn delete_removes_a_detached_policy_and_refuses_an_attached_one(b: &dyn OrgBackend) {
    let (_, root) = new_org(b).await;
    let ou = new_ou(b, &root.id, "Guarded").await;
    let scp = PolicyType::ServiceControl;
    let p = new_policy(b, "DenyLeave", SCP_DENY_LEAVE, &scp).await;
    ok("attach_policy", b.attach_policy(&p.id, &ou.id).await);
    let e = err("delete_policy", b.delete_policy(&p.id).await);
    assert_eq!(e.code, "PolicyInUseException");
    assert_eq!(e.kind, ErrorKind::Constraint);
    assert!(ok("describe_policy", b.describe_policy(&p.id).await).summary == p);

    ok("detach_policy", b.detach_policy(&p.id, &ou.id).await);
    ok("delete_policy", b.delete_policy(&p.id).await);
    let e = err("describe_policy", b.describe_policy(&p.id).await);
    assert_eq!(e.code, "PolicyNotFoundException");
    let left = ok(
        "list_policies",
        collect_all(|t| b.list_policies(&scp, t)).await,
    );
    assert!(left.iter().all(|q| q.id != p.id), "{left:?}");
    let e = err("delete_policy", b.delete_policy(&p.id).await);
    assert_eq!(e.code, "PolicyNotFoundException");
}

async fn enable_and_disable_a_policy_type(b: &dyn OrgBackend) {
    let (_, root) = new_org(b).await;
    let tag = PolicyType::Tag;
    let ai = PolicyType::AiServicesOptOut;
    let r = enable(b, &root.id, &tag).await;
    assert_eq!(r.id, root.id);
    assert!(r.enabled_policy_types().contains(&tag), "{r:?}");
    let e = err(
        "enable_policy_type",
        b.enable_policy_type(&root.id, &tag).await,
    );
    assert_eq!(e.code, "PolicyTypeAlreadyEnabledException");
    let r = enable(b, &root.id, &ai).await;
    assert!(r.enabled_policy_types().contains(&ai));

    let r = ok(
        "disable_policy_type",
        b.disable_policy_type(&root.id, &tag).await,
    );
    assert_eq!(r.id, root.id);
    assert!(!r.enabled_policy_types().contains(&tag), "{r:?}");
    assert!(r.enabled_policy_types().contains(&ai), "{r:?}");
    let roots = ok("list_roots", collect_all(|t| b.list_roots(t)).await);
    assert_eq!(roots[0].enabled_policy_types(), r.enabled_policy_types());
    let e = err(
        "disable_policy_type",
        b.disable_policy_type(&root.id, &tag).await,
    );
    assert_eq!(e.code, "PolicyTypeNotEnabledException");
    assert_eq!(e.kind, ErrorKind::Constraint);
}

async fn tag_policies_can_be_created_updated_and_deleted(b: &dyn OrgBackend) {
    let (_, root) = new_org(b).await;
    let tag = PolicyType::Tag;
    enable(b, &root.id, &tag).await;
    let p = new_policy(b, "CostCenter", TAG_POLICY, &tag).await;
    assert_eq!(p.kind, tag);
    ok("attach_policy", b.attach_policy(&p.id, &root.id).await);
    let wider = TAG_POLICY.replace("CostCenter", "Cost-Center");
    let change = PolicyUpdate {
        content: Some(wider.clone()),
        ..PolicyUpdate::default()
    };
    let changed = ok("update_policy", b.update_policy(&p.id, &change).await);
    assert_eq!(changed.content, wider);
    assert_eq!(changed.summary.kind, tag);
    ok("detach_policy", b.detach_policy(&p.id, &root.id).await);
    ok("delete_policy", b.delete_policy(&p.id).await);
    let left = ok(
        "list_policies",
        collect_all(|t| b.list_policies(&tag, t)).await,
    );
    assert!(left.is_empty(), "{left:?}");
}

/// moto answers HTTP 500 to CreatePolicy of a BACKUP_POLICY (AWS and the demo accept it):
/// asserted so that the day moto fixes it, this test says so.
#[tokio::test]
async fn moto_answers_500_to_creating_a_backup_policy() {
    let caller = support::unique_account_id();
    let b = AwsBackend::for_emulator(&support::Moto::shared().endpoint(), Some(&caller));
    let (_, root) = new_org(&b).await;
    enable(&b, &root.id, &PolicyType::Backup).await;
    let backup = r#"{"plans":{"daily":{"regions":{"@@assign":["us-east-1"]}}}}"#;
    let e = err(
        "create_policy",
        b.create_policy(&NewPolicy::new("Daily", "", backup, &PolicyType::Backup))
            .await,
    );
    assert_eq!(e.code, "HTTP 500", "{e}");

    let demo = DemoBackend::empty(&support::unique_account_id());
    let (_, root) = new_org(&demo).await;
    enable(&demo, &root.id, &PolicyType::Backup).await;
    let p = new_policy(&demo, "Daily", backup, &PolicyType::Backup).await;
    assert_eq!(p.kind, PolicyType::Backup);
}
