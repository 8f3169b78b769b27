//! The account lifecycle's rules in the demo: asynchronous creation and its failures,
//! removal, closing and its quota, deleting the organization, tags, delegated
//! administrators, trusted services and the resource policy.

use std::time::Duration;

use super::*;
use crate::org::lifecycle::DEFAULT_ROLE_NAME;

const MASTER: &str = "111111111111";

/// A fresh organization with all features, as its management account.
async fn fresh() -> (DemoBackend, String) {
    let b = DemoBackend::empty(MASTER);
    b.create_organization("ALL").await.unwrap();
    let root = root_id(&b).await;
    (b, root)
}

fn reason<T: std::fmt::Debug>(r: OrgResult<T>) -> (String, String) {
    let e = r.expect_err("expected an error");
    (e.code, e.message)
}

#[tokio::test(start_paused = true)]
async fn creation_settles_on_the_second_read_or_in_time() {
    let (b, root) = fresh().await;
    let mut req = NewAccount::new("dev@example.com", "Dev");
    req.role_name = Some("Admin".into());
    req.iam_user_access_to_billing = Some(false);
    req.tags = vec![tag("team", "core")];
    let st = b.create_account(&req).await.unwrap();
    assert_eq!(st.state, "IN_PROGRESS");
    let listed = collect_all(|t| b.list_create_account_status(&["IN_PROGRESS"], t))
        .await
        .unwrap();
    assert_eq!(listed, vec![st.clone()]);
    assert_eq!(
        b.list_accounts_for_parent(&root, None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let id = created(&b, "ops@example.com", "Ops").await;
    assert!(ids::is_account_id(&id));
    // Without reads, the first request finishes once its time has passed.
    tokio::time::advance(Duration::from_secs(4)).await;
    let done = collect_all(|t| b.list_create_account_status(&["SUCCEEDED"], t))
        .await
        .unwrap();
    assert_eq!(done.len(), 2, "{done:?}");
    let dev = done.iter().find(|s| s.id == st.id).unwrap();
    let dev_id = dev.account_id.clone().unwrap();
    assert_eq!(
        b.list_tags_for_resource(&dev_id, None).await.unwrap().items,
        vec![tag("team", "core")]
    );
    assert!(
        collect_all(|t| b.list_create_account_status(&["FAILED"], t))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        code(b.list_create_account_status(&["DONE"], None).await),
        "InvalidInputException"
    );
}

#[tokio::test]
async fn creation_failures_and_input_rules() {
    let (b, _) = fresh().await;
    created(&b, "taken@example.com", "First").await;
    let again = b
        .create_account(&NewAccount::new("TAKEN@example.com", "Second"))
        .await
        .unwrap();
    assert_eq!(
        settled(&b, &again.id).await.failure_reason.as_deref(),
        Some("EMAIL_ALREADY_EXISTS")
    );
    let bad = b
        .create_account(&NewAccount::new("x@mail.invalid", "Bad"))
        .await
        .unwrap();
    assert_eq!(
        settled(&b, &bad.id).await.failure_reason.as_deref(),
        Some("INVALID_EMAIL")
    );
    let mut role = NewAccount::new("r@example.com", "Role");
    role.role_name = Some("has space".into());
    let (c, m) = reason(b.create_account(&role).await);
    assert_eq!(c, "InvalidInputException");
    assert!(m.starts_with("INVALID_ROLE_NAME"), "{m}");
    role.role_name = Some(DEFAULT_ROLE_NAME.into());
    role.tags = vec![tag("aws:reserved", "x")];
    assert_eq!(code(b.create_account(&role).await), "InvalidInputException");
}

#[tokio::test]
async fn creation_beyond_the_account_limit_fails() {
    let b = DemoBackend::generated(10_000).unwrap();
    let st = b
        .create_account(&NewAccount::new("one-more@example.com", "One more"))
        .await
        .unwrap();
    let done = settled(&b, &st.id).await;
    assert_eq!(done.state, "FAILED");
    assert_eq!(
        done.failure_reason.as_deref(),
        Some("ACCOUNT_LIMIT_EXCEEDED")
    );
}

#[tokio::test]
async fn removal_rules() {
    let (b, _) = fresh().await;
    let (c, m) = reason(b.remove_account_from_organization(MASTER).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(m.starts_with("ACCOUNT_CANNOT_LEAVE_ORGANIZATION"), "{m}");
    let made = created(&b, "made@example.com", "Made").await;
    let (c, m) = reason(b.remove_account_from_organization(&made).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(
        m.starts_with("ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION"),
        "{m}"
    );
    assert_eq!(
        code(b.remove_account_from_organization("000000000001").await),
        "AccountNotFoundException"
    );
    // The built-in organization has invited accounts, which can go.
    let demo = demo();
    let accounts = collect_all(|t| demo.list_accounts(t)).await.unwrap();
    let invited = accounts
        .iter()
        .find(|a| a.joined_method == "INVITED")
        .expect("the asset has an invited account");
    demo.remove_account_from_organization(&invited.id)
        .await
        .unwrap();
    assert_eq!(
        code(demo.describe_account(&invited.id).await),
        "AccountNotFoundException"
    );
    let left = collect_all(|t| demo.list_accounts(t)).await.unwrap();
    assert_eq!(left.len(), accounts.len() - 1);
    // The index still finds every other account.
    for a in &left {
        assert_eq!(demo.describe_account(&a.id).await.unwrap(), *a);
    }
}

#[tokio::test]
async fn delete_and_leave_the_organization() {
    let (b, _) = fresh().await;
    assert_eq!(
        code(b.leave_organization().await),
        "MasterCannotLeaveOrganizationException"
    );
    let member = created(&b, "m@example.com", "Member").await;
    assert_eq!(
        code(b.delete_organization().await),
        "OrganizationNotEmptyException"
    );
    b.act_as(&member, "m@example.com");
    assert_eq!(code(b.delete_organization().await), "AccessDeniedException");
    let (c, m) = reason(b.leave_organization().await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(
        m.starts_with("ACCOUNT_CANNOT_LEAVE_WITHOUT_PHONE_VERIFICATION"),
        "{m}"
    );

    let (b, _) = fresh().await;
    b.delete_organization().await.unwrap();
    assert_eq!(
        code(b.describe_organization().await),
        "AWSOrganizationsNotInUseException"
    );
    assert_eq!(
        code(b.delete_organization().await),
        "AWSOrganizationsNotInUseException"
    );
}

#[tokio::test(start_paused = true)]
async fn closing_goes_pending_then_suspended_within_the_quota() {
    let (b, _) = fresh().await;
    let (c, m) = reason(b.close_account(MASTER).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(m.starts_with("CANNOT_CLOSE_MANAGEMENT_ACCOUNT"), "{m}");
    let mut ids = Vec::new();
    for i in 0..11 {
        ids.push(created(&b, &format!("c{i}@example.com"), &format!("C{i}")).await);
    }
    b.close_account(&ids[0]).await.unwrap();
    assert_eq!(
        b.describe_account(&ids[0]).await.unwrap().state,
        AccountState::PendingClosure
    );
    assert_eq!(
        code(b.close_account(&ids[0]).await),
        "AccountAlreadyClosedException"
    );
    tokio::time::advance(Duration::from_secs(2)).await;
    assert_eq!(
        b.describe_account(&ids[0]).await.unwrap().state,
        AccountState::Suspended
    );
    assert_eq!(
        code(b.close_account(&ids[0]).await),
        "AccountAlreadyClosedException"
    );
    // 11 members: the quota is the minimum, 10 closures in 30 days.
    for id in &ids[1..10] {
        b.close_account(id).await.unwrap();
    }
    let (c, m) = reason(b.close_account(&ids[10]).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(m.starts_with("CLOSE_ACCOUNT_QUOTA_EXCEEDED"), "{m}");
    tokio::time::advance(Duration::from_secs(31 * 24 * 3600)).await;
    b.close_account(&ids[10]).await.unwrap();
}

#[tokio::test]
async fn tag_rules_and_untag() {
    let (b, root) = fresh().await;
    b.tag_resource(
        &root,
        &[tag("Owner", "a b_c.d:e/f=g+h-i@j"), tag("Empty", "")],
    )
    .await
    .unwrap();
    assert_eq!(
        code(b.tag_resource(&root, &[tag("bad*key", "v")]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.tag_resource(&root, &[tag("k", "bad#value")]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.tag_resource(&root, &[tag("", "v")]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.tag_resource(&root, &[tag(&"k".repeat(129), "v")]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.tag_resource(&root, &[tag("k", &"v".repeat(257))]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.tag_resource(&root, &[tag("AWS:x", "v")]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.tag_resource(&root, &[tag("d", "1"), tag("d", "2")]).await),
        "InvalidInputException"
    );
    b.tag_resource(&root, &[tag(&"k".repeat(128), &"v".repeat(256))])
        .await
        .unwrap();
    b.untag_resource(&root, &["Empty".into(), "absent".into()])
        .await
        .unwrap();
    let keys: Vec<String> = b
        .list_tags_for_resource(&root, None)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|t| t.key)
        .collect();
    assert_eq!(keys, vec!["Owner".to_string(), "k".repeat(128)]);
    assert_eq!(
        code(b.untag_resource(&root, &["aws:x".into()]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.untag_resource("000000000001", &["a".into()]).await),
        "TargetNotFoundException"
    );
}

#[tokio::test]
async fn delegated_administrator_rules() {
    let (b, _) = fresh().await;
    let member = created(&b, "sec@example.com", "Security").await;
    let gd = "guardduty.amazonaws.com";
    let (c, m) = reason(b.register_delegated_administrator(&member, gd).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(m.starts_with("TRUSTED_ACCESS_NOT_ENABLED"), "{m}");
    b.enable_aws_service_access(gd).await.unwrap();
    let (c, m) = reason(b.register_delegated_administrator(MASTER, gd).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(
        m.starts_with("CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"),
        "{m}"
    );
    assert_eq!(
        code(
            b.register_delegated_administrator(&member, "nope.amazonaws.com")
                .await
        ),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.list_delegated_services_for_account(&member, None).await),
        "AccountNotRegisteredException"
    );
    b.register_delegated_administrator(&member, gd)
        .await
        .unwrap();
    assert_eq!(
        code(b.register_delegated_administrator(&member, gd).await),
        "AccountAlreadyRegisteredException"
    );
    let admins = b
        .list_delegated_administrators(Some(gd), None)
        .await
        .unwrap()
        .items;
    assert_eq!(admins.len(), 1);
    assert_eq!(admins[0].account.id, member);
    assert!(b
        .list_delegated_administrators(Some("ssm.amazonaws.com"), None)
        .await
        .unwrap()
        .items
        .is_empty());
    let services = b
        .list_delegated_services_for_account(&member, None)
        .await
        .unwrap()
        .items;
    assert_eq!(services[0].service_principal, gd);
    let (c, m) = reason(b.remove_account_from_organization(&member).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(
        m.starts_with("CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG"),
        "{m}"
    );
    b.deregister_delegated_administrator(&member, gd)
        .await
        .unwrap();
    assert_eq!(
        code(b.deregister_delegated_administrator(&member, gd).await),
        "AccountNotRegisteredException"
    );
    assert!(b
        .list_delegated_administrators(None, None)
        .await
        .unwrap()
        .items
        .is_empty());
    b.close_account(&member).await.unwrap();
    let (c, m) = reason(b.register_delegated_administrator(&member, gd).await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(m.starts_with("CANNOT_REGISTER_SUSPENDED_ACCOUNT"), "{m}");
}

async fn enable(b: &DemoBackend, services: &[&str]) {
    for s in services {
        b.enable_aws_service_access(s).await.unwrap();
    }
}

#[tokio::test]
async fn trusted_service_rules() {
    let (b, _) = fresh().await;
    // Enabling twice changes nothing.
    enable(
        &b,
        &[
            "sso.amazonaws.com",
            "sso.amazonaws.com",
            "ssm.amazonaws.com",
        ],
    )
    .await;
    let on: Vec<String> = b
        .list_aws_service_access_for_organization(None)
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| s.service_principal)
        .collect();
    assert_eq!(on, ["sso.amazonaws.com", "ssm.amazonaws.com"]);
    assert_eq!(
        code(b.enable_aws_service_access("x.example.com").await),
        "InvalidInputException"
    );
    b.disable_aws_service_access("sso.amazonaws.com")
        .await
        .unwrap();
    assert_eq!(
        b.list_aws_service_access_for_organization(None)
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    let cb = DemoBackend::empty(MASTER);
    cb.create_organization("CONSOLIDATED_BILLING")
        .await
        .unwrap();
    let (c, m) = reason(cb.enable_aws_service_access("sso.amazonaws.com").await);
    assert_eq!(c, "ConstraintViolationException");
    assert!(
        m.starts_with("ORGANIZATION_NOT_IN_ALL_FEATURES_MODE"),
        "{m}"
    );
}

#[tokio::test]
async fn resource_policy_rules() {
    let (b, _) = fresh().await;
    assert_eq!(
        code(b.describe_resource_policy().await),
        "ResourcePolicyNotFoundException"
    );
    assert_eq!(
        code(b.delete_resource_policy().await),
        "ResourcePolicyNotFoundException"
    );
    assert_eq!(
        code(b.put_resource_policy("{not json", &[]).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.put_resource_policy("[1]", &[]).await),
        "InvalidInputException"
    );
    let big = format!(r#"{{"Sid":"{}"}}"#, "x".repeat(40_000));
    let (c, m) = reason(b.put_resource_policy(&big, &[]).await);
    assert_eq!(c, "InvalidInputException");
    assert!(m.starts_with("MAX_LENGTH_EXCEEDED"), "{m}");
    let doc = r#"{"Version":"2012-10-17","Statement":[]}"#;
    let p = b
        .put_resource_policy(doc, &[tag("owner", "sec")])
        .await
        .unwrap();
    assert!(p.id.starts_with("rp-") && p.arn.ends_with(&p.id), "{p:?}");
    assert_eq!(b.describe_resource_policy().await.unwrap(), p);
    assert_eq!(
        b.list_tags_for_resource(&p.id, None).await.unwrap().items,
        vec![tag("owner", "sec")]
    );
    let q = b.put_resource_policy("{}", &[]).await.unwrap();
    assert_eq!((q.id.as_str(), q.content.as_str()), (p.id.as_str(), "{}"));
    b.delete_resource_policy().await.unwrap();
    assert_eq!(
        code(b.describe_resource_policy().await),
        "ResourcePolicyNotFoundException"
    );
}

#[tokio::test]
async fn lifecycle_lists_page() {
    let b = DemoBackend::empty(MASTER).with_page_size(1);
    b.create_organization("ALL").await.unwrap();
    for i in 0..3 {
        created(&b, &format!("p{i}@example.com"), &format!("P{i}")).await;
    }
    let page = b.list_create_account_status(&[], None).await.unwrap();
    assert_eq!(page.items.len(), 1);
    let all = collect_all(|t| b.list_create_account_status(&[], t))
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
    // A token is only good for the states it was issued for.
    let other = b
        .list_create_account_status(&["FAILED"], page.next_token.clone())
        .await;
    assert_eq!(code(other), "InvalidInputException");
    enable(&b, &["sso.amazonaws.com", "ssm.amazonaws.com"]).await;
    let services = collect_all(|t| b.list_aws_service_access_for_organization(t))
        .await
        .unwrap();
    assert_eq!(services.len(), 2);
}
