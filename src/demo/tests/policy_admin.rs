//! UpdatePolicy, DeletePolicy and Enable/DisablePolicyType on the demo backend: each rule
//! AWS enforces, with its error code.

use super::*;
use crate::org::policy_admin::PolicyUpdate;

const SCP2: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutBucketPolicy","Resource":"*"}]}"#;

async fn new_scp(b: &DemoBackend, name: &str) -> PolicySummary {
    b.create_policy(&NewPolicy::new(
        name,
        "first",
        SCP,
        &PolicyType::ServiceControl,
    ))
    .await
    .unwrap()
}

fn rename(name: &str) -> PolicyUpdate {
    PolicyUpdate {
        name: Some(name.into()),
        ..PolicyUpdate::default()
    }
}

fn content(text: &str) -> PolicyUpdate {
    PolicyUpdate {
        content: Some(text.into()),
        ..PolicyUpdate::default()
    }
}

async fn targets_of(b: &DemoBackend, policy: &str) -> Vec<String> {
    collect_all(|t| b.list_targets_for_policy(policy, t))
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.target_id)
        .collect()
}

/// Every root, OU and account id of the organization.
async fn every_target(b: &DemoBackend) -> HashSet<String> {
    let st = b.lock();
    let org = st.org().unwrap();
    std::iter::once(org.root.id.clone())
        .chain(org.ous.iter().map(|o| o.id.clone()))
        .chain(org.accounts.iter().map(|a| a.account.id.clone()))
        .collect()
}

#[tokio::test]
async fn update_changes_only_what_is_given() {
    let b = demo();
    let p = new_scp(&b, "DenyBucketDelete").await;
    let renamed = b
        .update_policy(&p.id, &rename("NoBucketDelete"))
        .await
        .unwrap();
    assert_eq!(renamed.summary.name, "NoBucketDelete");
    assert_eq!(renamed.summary.description, "first");
    assert_eq!(renamed.content, SCP);
    let changed = b.update_policy(&p.id, &content(SCP2)).await.unwrap();
    assert_eq!(changed.summary.name, "NoBucketDelete");
    assert_eq!(changed.content, SCP2);
    assert_eq!(b.describe_policy(&p.id).await.unwrap(), changed);
    let described = PolicyUpdate {
        description: Some("second".into()),
        ..PolicyUpdate::default()
    };
    let d = b.update_policy(&p.id, &described).await.unwrap();
    assert_eq!(
        (d.summary.description.as_str(), d.content.as_str()),
        ("second", SCP2)
    );
    // Its own name is no clash.
    b.update_policy(&p.id, &rename("NoBucketDelete"))
        .await
        .unwrap();
}

#[tokio::test]
async fn update_rules() {
    let b = demo();
    let p = new_scp(&b, "DenyBucketDelete").await;
    assert_eq!(
        code(b.update_policy("p-zzzzzzzz", &rename("X")).await),
        "PolicyNotFoundException"
    );
    assert_eq!(
        code(b.update_policy("nonsense", &rename("X")).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.update_policy(FULL_AWS_ACCESS, &rename("Mine")).await),
        "AccessDeniedException"
    );
    assert_eq!(
        code(b.update_policy(&p.id, &rename("RegionLock")).await),
        "DuplicatePolicyException"
    );
    assert_eq!(
        code(b.update_policy(&p.id, &rename("")).await),
        "InvalidInputException"
    );
    let e = b
        .update_policy(&p.id, &content("{\n  \"Version\": "))
        .await
        .unwrap_err();
    assert_eq!(e.code, "MalformedPolicyDocumentException");
    assert!(e.message.contains("line 2, column"), "{}", e.message);
    let e = b
        .update_policy(&p.id, &content(r#"{"Statement":[{"Effect":"Maybe"}]}"#))
        .await
        .unwrap_err();
    assert_eq!(e.code, "MalformedPolicyDocumentException");
    let long = SCP.replace("s3:DeleteBucket", &format!("s3:{}", "x".repeat(10_220)));
    let e = b.update_policy(&p.id, &content(&long)).await.unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(
        e.message.starts_with("POLICY_CONTENT_LIMIT_EXCEEDED"),
        "{}",
        e.message
    );
    // Nothing of a refused update sticks.
    let now = b.describe_policy(&p.id).await.unwrap();
    assert_eq!(
        (now.summary.name.as_str(), now.content.as_str()),
        ("DenyBucketDelete", SCP)
    );
}

#[tokio::test]
async fn delete_rules() {
    let b = demo();
    let root = root_id(&b).await;
    let p = new_scp(&b, "DenyBucketDelete").await;
    b.attach_policy(&p.id, &root).await.unwrap();
    assert_eq!(code(b.delete_policy(&p.id).await), "PolicyInUseException");
    assert_eq!(
        code(b.delete_policy(FULL_AWS_ACCESS).await),
        "AccessDeniedException"
    );
    assert_eq!(
        code(b.delete_policy("p-zzzzzzzz").await),
        "PolicyNotFoundException"
    );
    b.detach_policy(&p.id, &root).await.unwrap();
    b.delete_policy(&p.id).await.unwrap();
    assert_eq!(
        code(b.describe_policy(&p.id).await),
        "PolicyNotFoundException"
    );
    assert_eq!(
        code(b.delete_policy(&p.id).await),
        "PolicyNotFoundException"
    );
    // Its name is free again.
    new_scp(&b, "DenyBucketDelete").await;
}

#[tokio::test]
async fn disabling_scps_detaches_every_scp_and_enabling_attaches_full_access_everywhere() {
    let b = demo();
    let root = root_id(&b).await;
    let region_lock = policy_named(&b, &PolicyType::ServiceControl, "RegionLock").await;
    assert!(!targets_of(&b, &region_lock.id).await.is_empty());
    let scp = PolicyType::ServiceControl;
    let r = b.disable_policy_type(&root, &scp).await.unwrap();
    assert!(!r.enabled_policy_types().contains(&scp), "{r:?}");
    assert_eq!(r.enabled_policy_types(), vec![PolicyType::Tag]);
    assert!(targets_of(&b, &region_lock.id).await.is_empty());
    assert!(targets_of(&b, FULL_AWS_ACCESS).await.is_empty());
    // Tag policies stay attached.
    let tags = policy_named(&b, &PolicyType::Tag, "RequireCostCenter").await;
    assert_eq!(targets_of(&b, &tags.id).await, vec![root.clone()]);
    assert_eq!(
        code(b.disable_policy_type(&root, &scp).await),
        "PolicyTypeNotEnabledException"
    );
    assert_eq!(
        code(b.attach_policy(&region_lock.id, &root).await),
        "PolicyTypeNotEnabledException"
    );

    let r = b.enable_policy_type(&root, &scp).await.unwrap();
    assert!(r.enabled_policy_types().contains(&scp));
    let full: HashSet<String> = targets_of(&b, FULL_AWS_ACCESS).await.into_iter().collect();
    assert_eq!(full, every_target(&b).await);
    assert!(
        targets_of(&b, &region_lock.id).await.is_empty(),
        "only FullAWSAccess comes back"
    );
    assert_eq!(
        code(b.enable_policy_type(&root, &scp).await),
        "PolicyTypeAlreadyEnabledException"
    );
}

#[tokio::test]
async fn rcp_full_access_is_attached_everywhere_and_cannot_be_detached_or_changed() {
    let b = demo();
    let root = root_id(&b).await;
    let rcp = PolicyType::ResourceControl;
    b.enable_policy_type(&root, &rcp).await.unwrap();
    let full = policy_named(&b, &rcp, "RCPFullAWSAccess").await;
    assert!(full.aws_managed);
    let on: HashSet<String> = targets_of(&b, &full.id).await.into_iter().collect();
    assert_eq!(on, every_target(&b).await);
    // New OUs get it too.
    let ou = b.create_organizational_unit(&root, "Fresh").await.unwrap();
    assert!(targets_of(&b, &full.id).await.contains(&ou.id));
    let e = b.detach_policy(&full.id, &ou.id).await.unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert_eq!(
        code(b.update_policy(&full.id, &rename("Mine")).await),
        "AccessDeniedException"
    );
    assert_eq!(
        code(b.delete_policy(&full.id).await),
        "AccessDeniedException"
    );
    b.disable_policy_type(&root, &rcp).await.unwrap();
    assert!(targets_of(&b, &full.id).await.is_empty());
    // A second enable brings it back without a second copy of the policy.
    b.enable_policy_type(&root, &rcp).await.unwrap();
    let rcps = collect_all(|t| b.list_policies(&rcp, t)).await.unwrap();
    assert_eq!(rcps.iter().filter(|p| p.aws_managed).count(), 1);
}

#[tokio::test]
async fn every_known_type_can_be_enabled_and_disabled() {
    let b = demo();
    let root = root_id(&b).await;
    for t in PolicyType::KNOWN
        .iter()
        .filter(|t| !matches!(t, PolicyType::ServiceControl | PolicyType::Tag))
    {
        let r = b.enable_policy_type(&root, t).await.unwrap();
        assert!(r.enabled_policy_types().contains(t), "{t:?}");
    }
    assert_eq!(
        b.list_roots(None).await.unwrap().items[0]
            .enabled_policy_types()
            .len(),
        14
    );
    for t in &PolicyType::KNOWN {
        b.disable_policy_type(&root, t).await.unwrap();
    }
    assert!(b.list_roots(None).await.unwrap().items[0]
        .policy_types
        .is_empty());
    let other = PolicyType::Other("QUANTUM_POLICY".into());
    assert_eq!(
        code(b.enable_policy_type(&root, &other).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.disable_policy_type(&root, &other).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.enable_policy_type("r-zzzz", &PolicyType::Tag).await),
        "RootNotFoundException"
    );
    assert_eq!(
        code(b.disable_policy_type("r-zzzz", &PolicyType::Tag).await),
        "RootNotFoundException"
    );
}
