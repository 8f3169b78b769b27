//! An empty backend: creating the organization, accounts, tags, and the time stamps.

use super::*;

#[tokio::test]
async fn empty_backend_until_create_organization() {
    let b = DemoBackend::empty("222222222222").with_latency(Duration::from_millis(1));
    assert_eq!(
        code(b.describe_organization().await),
        "AWSOrganizationsNotInUseException"
    );
    assert_eq!(
        code(b.list_roots(None).await),
        "AWSOrganizationsNotInUseException"
    );
    assert_eq!(
        code(b.list_accounts(None).await),
        "AWSOrganizationsNotInUseException"
    );
    assert_eq!(
        code(b.create_organization("SOME").await),
        "InvalidInputException"
    );
    let org = b.create_organization("ALL").await.unwrap();
    assert_eq!(org.id.len(), 12);
    assert!(org.id.starts_with("o-"));
    assert_eq!(org.master_account_id, "222222222222");
    assert_eq!(b.describe_organization().await.unwrap(), org);
    let root = b.list_roots(None).await.unwrap().items.remove(0);
    assert!(ids::is_root_id(&root.id));
    assert_eq!(
        root.enabled_policy_types(),
        vec![PolicyType::ServiceControl]
    );
    let scp = PolicyType::ServiceControl;
    assert_eq!(
        code(b.enable_policy_type(&root.id, &scp).await),
        "PolicyTypeAlreadyEnabledException"
    );
    assert_eq!(
        code(b.enable_policy_type("r-zzzz", &scp).await),
        "RootNotFoundException"
    );
    let tagged = b
        .enable_policy_type(&root.id, &PolicyType::Tag)
        .await
        .unwrap();
    assert_eq!(tagged.enabled_policy_types(), vec![scp, PolicyType::Tag]);
    let accounts = b
        .list_accounts_for_parent(&root.id, None)
        .await
        .unwrap()
        .items;
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].id, "222222222222");
    assert_eq!(scp_names(&b, &root.id).await, ["FullAWSAccess"]);
    assert_eq!(scp_names(&b, "222222222222").await, ["FullAWSAccess"]);
    assert_eq!(
        code(b.create_organization("ALL").await),
        "AlreadyInOrganizationException"
    );
    let ou = b
        .create_organizational_unit(&root.id, "Prod")
        .await
        .unwrap();
    assert!(ids::is_ou_id(&ou.id), "{}", ou.id);
    assert!(ou.id.starts_with(&format!("ou-{}-", &root.id[2..])));
}

#[tokio::test]
async fn create_account_and_tags() {
    let b = demo();
    let root = root_id(&b).await;
    let st = b
        .create_account(&NewAccount::new(
            "aws+new-team@example-corp.com",
            "new-team",
        ))
        .await
        .unwrap();
    // Asynchronous as in AWS: IN_PROGRESS at first, SUCCEEDED on the second status read.
    assert_eq!(st.state, "IN_PROGRESS");
    assert!(st.id.starts_with("car-") && st.id.len() >= 12);
    assert_eq!(st.account_id, None);
    let first = b.describe_create_account_status(&st.id).await.unwrap();
    assert_eq!(first.state, "IN_PROGRESS");
    let done = b.describe_create_account_status(&st.id).await.unwrap();
    assert_eq!(done.state, "SUCCEEDED");
    let id = done.account_id.clone().unwrap();
    assert!(ids::is_account_id(&id));
    assert_eq!(
        b.describe_create_account_status(&st.id).await.unwrap(),
        done
    );
    let a = b.describe_account(&id).await.unwrap();
    assert_eq!(a.state, AccountState::Active);
    assert_eq!(a.joined_method, "CREATED");
    assert_eq!(b.list_parents(&id, None).await.unwrap().items[0].id, root);
    assert_eq!(scp_names(&b, &id).await, ["FullAWSAccess"]);
    assert_eq!(collect_all(|t| b.list_accounts(t)).await.unwrap().len(), 41);

    let dup = b
        .create_account(&NewAccount::new("aws+audit@example-corp.com", "again"))
        .await
        .unwrap();
    let dup = settled(&b, &dup.id).await;
    assert_eq!(dup.state, "FAILED");
    assert_eq!(dup.failure_reason.as_deref(), Some("EMAIL_ALREADY_EXISTS"));
    assert_eq!(
        code(b.create_account(&NewAccount::new("nope", "x")).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(
            b.create_account(&NewAccount::new("a@example.com", &"n".repeat(51)))
                .await
        ),
        "InvalidInputException"
    );

    b.tag_resource(&id, &[tag("Owner", "a"), tag("CostCenter", "CC-1")])
        .await
        .unwrap();
    b.tag_resource(&id, &[tag("Owner", "b")]).await.unwrap();
    let tags = b.list_tags_for_resource(&id, None).await.unwrap().items;
    assert_eq!(tags, vec![tag("Owner", "b"), tag("CostCenter", "CC-1")]);
    let many: Vec<Tag> = (0..48).map(|i| tag(&format!("k{i}"), "v")).collect();
    b.tag_resource(&id, &many).await.unwrap();
    let e = b
        .tag_resource(&id, &[tag("one-too-many", "v")])
        .await
        .unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(e.message.contains("MAX_TAG_LIMIT_EXCEEDED"));
    assert_eq!(
        code(b.tag_resource(&id, &[tag("aws:x", "v")]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.tag_resource("999999999999", &[tag("a", "b")]).await),
        "TargetNotFoundException"
    );
    // Roots, OUs and policies take tags too.
    b.tag_resource(&root, &[tag("Owner", "cloud")])
        .await
        .unwrap();
    let region = policy_named(&b, &PolicyType::ServiceControl, "RegionLock").await;
    b.tag_resource(&region.id, &[tag("Owner", "sec")])
        .await
        .unwrap();
    assert_eq!(
        b.list_tags_for_resource(&region.id, None)
            .await
            .unwrap()
            .items,
        vec![tag("Owner", "sec")]
    );
}

#[tokio::test]
async fn consolidated_billing_has_no_policies() {
    let b = DemoBackend::empty("333333333333");
    let org = b.create_organization("CONSOLIDATED_BILLING").await.unwrap();
    assert_eq!(org.feature_set, "CONSOLIDATED_BILLING");
    let root = root_id(&b).await;
    assert!(scp_names(&b, &root).await.is_empty());
    assert_eq!(
        code(
            b.enable_policy_type(&root, &PolicyType::ServiceControl)
                .await
        ),
        "PolicyTypeNotAvailableForOrganizationException"
    );
    assert_eq!(
        code(
            b.create_policy(&NewPolicy::new("X", "", SCP, &PolicyType::ServiceControl))
                .await
        ),
        "PolicyTypeNotAvailableForOrganizationException"
    );
    assert_eq!(
        code(b.attach_policy(FULL_AWS_ACCESS, &root).await),
        "PolicyTypeNotEnabledException"
    );
}

#[test]
fn now_is_rfc3339() {
    use aws_sdk_organizations::primitives::{DateTime, DateTimeFormat};
    let before = std::time::SystemTime::now();
    let t = now_rfc3339();
    let after = std::time::SystemTime::now();
    // Millisecond precision in UTC: "YYYY-MM-DDTHH:MM:SS.mmmZ".
    assert_eq!(t.len(), 24, "{t}");
    assert!(t.ends_with('Z'), "{t}");
    let parsed = DateTime::from_str(&t, DateTimeFormat::DateTime)
        .unwrap_or_else(|e| panic!("{t} is not RFC 3339: {e}"));
    // It is the time it was made, to the millisecond (the string truncates, never rounds up).
    let millis = |s: std::time::SystemTime| DateTime::from(s).to_millis().unwrap();
    let at = parsed.to_millis().unwrap();
    assert!(
        millis(before) <= at && at <= millis(after),
        "{t} is not between {before:?} and {after:?}"
    );
    // And formatting it again gives the same instant.
    let again = parsed.fmt(DateTimeFormat::DateTime).unwrap();
    assert_eq!(
        DateTime::from_str(&again, DateTimeFormat::DateTime).unwrap(),
        parsed,
        "{t} -> {again}"
    );
}
