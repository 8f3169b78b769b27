use super::asset::{org_from_asset, ASSET};
use super::state::FULL_AWS_ACCESS;
use super::*;
use crate::org::ids;
use crate::org::paging::collect_all;
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

#[tokio::test]
async fn asset_matches_the_description() {
    let b = demo();
    let org = b.describe_organization().await.unwrap();
    assert_eq!(org.master_account_id, "111111111111");
    assert_eq!(org.feature_set, "ALL");
    let roots = b.list_roots(None).await.unwrap().items;
    assert_eq!(roots.len(), 1);
    let root = &roots[0];
    assert!(ids::is_root_id(&root.id));
    assert_eq!(
        root.enabled_policy_types(),
        vec![PolicyType::ServiceControl, PolicyType::Tag]
    );

    let top: Vec<String> = collect_all(|t| b.list_organizational_units_for_parent(&root.id, t))
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(
        top,
        [
            "Security",
            "Infrastructure",
            "Workloads",
            "Sandbox",
            "Suspended"
        ]
    );
    let workloads = ou_named(&b, &root.id, "Workloads").await;
    let prod = ou_named(&b, &workloads, "Prod").await;
    ou_named(&b, &workloads, "Staging").await;
    ou_named(&b, &workloads, "Dev").await;
    let payments = ou_named(&b, &prod, "Payments").await;
    assert_eq!(
        b.describe_organizational_unit(&payments)
            .await
            .unwrap()
            .name,
        "Payments"
    );

    let accounts = collect_all(|t| b.list_accounts(t)).await.unwrap();
    assert_eq!(accounts.len(), 40);
    let mgmt = b.describe_account("111111111111").await.unwrap();
    assert_eq!(mgmt.name, "Management");
    let parents = b.list_parents("111111111111", None).await.unwrap().items;
    assert_eq!(parents[0].id, root.id);
    assert_eq!(parents[0].kind, TargetKind::Root);
    let suspended: Vec<&Account> = accounts
        .iter()
        .filter(|a| a.state == AccountState::Suspended)
        .collect();
    assert_eq!(suspended.len(), 1);
    let suspended_ou = ou_named(&b, &root.id, "Suspended").await;
    let p = b.list_parents(&suspended[0].id, None).await.unwrap().items;
    assert_eq!(p[0].id, suspended_ou);
    assert!(accounts.iter().any(|a| a.joined_method == "INVITED"));
    assert!(
        accounts
            .iter()
            .filter(|a| a.joined_method == "CREATED")
            .count()
            > 30
    );
    for a in &accounts {
        assert!(ids::is_account_id(&a.id), "{}", a.id);
        assert!(a.email.ends_with("@example-corp.com"), "{}", a.email);
        assert_eq!(a.joined_at.len(), 24, "{}", a.joined_at);
        assert!(a.arn.ends_with(&a.id));
    }
    assert!(accounts.iter().any(|a| a.name == "log-archive"));
    assert!(accounts.iter().any(|a| a.name == "payments-prod"));
    let unique: HashSet<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(unique.len(), 40);

    // FullAWSAccess sits on the root, all 10 OUs and all 40 accounts.
    let full = b.describe_policy(FULL_AWS_ACCESS).await.unwrap();
    assert!(full.summary.aws_managed);
    let targets = collect_all(|t| b.list_targets_for_policy(FULL_AWS_ACCESS, t))
        .await
        .unwrap();
    assert_eq!(targets.len(), 1 + 10 + 40);
    for name in [
        "DenyLeaveOrganization",
        "RegionLock",
        "ProtectSecurityTooling",
    ] {
        let p = policy_named(&b, &PolicyType::ServiceControl, name).await;
        let doc = b.describe_policy(&p.id).await.unwrap();
        assert!(doc.content.contains("\"Deny\""), "{name}");
        assert!(!p.aws_managed);
    }
    assert!(b
        .describe_policy(
            &policy_named(&b, &PolicyType::ServiceControl, "RegionLock")
                .await
                .id
        )
        .await
        .unwrap()
        .content
        .contains("eu-west-1"));
    assert_eq!(
        scp_names(&b, &root.id).await,
        ["FullAWSAccess", "DenyLeaveOrganization", "DenyRootUser"]
    );
    assert!(scp_names(&b, &workloads)
        .await
        .contains(&"RegionLock".to_string()));
    let security = ou_named(&b, &root.id, "Security").await;
    assert!(scp_names(&b, &security)
        .await
        .contains(&"ProtectSecurityTooling".to_string()));
    let tag_policies = b
        .list_policies_for_target(&root.id, &PolicyType::Tag, None)
        .await
        .unwrap()
        .items;
    assert_eq!(tag_policies.len(), 1);
    assert_eq!(tag_policies[0].name, "RequireCostCenter");

    let tags = b
        .list_tags_for_resource(&mgmt.id, None)
        .await
        .unwrap()
        .items;
    assert!(tags.iter().any(|t| t.key == "CostCenter"));
    let with_env = {
        let mut n = 0;
        for a in &accounts {
            let tags = b.list_tags_for_resource(&a.id, None).await.unwrap().items;
            n += usize::from(tags.iter().any(|t| t.key == "Environment"));
        }
        n
    };
    assert!(with_env > 10, "{with_env}");
}

#[tokio::test]
async fn paging_returns_every_item_once() {
    let b = demo().with_page_size(3);
    let mut seen = Vec::new();
    let mut token = None;
    let mut pages = 0;
    loop {
        let page = b.list_accounts(token).await.unwrap();
        assert!(page.items.len() <= 3);
        pages += 1;
        seen.extend(page.items.into_iter().map(|a| a.id));
        match page.next_token {
            Some(t) => token = Some(t),
            None => break,
        }
    }
    assert_eq!(pages, 14);
    assert_eq!(seen.len(), 40);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 40);

    let targets = collect_all(|t| b.list_targets_for_policy(FULL_AWS_ACCESS, t))
        .await
        .unwrap();
    assert_eq!(targets.len(), 51);
    assert_eq!(
        targets
            .iter()
            .map(|t| &t.target_id)
            .collect::<HashSet<_>>()
            .len(),
        51
    );
    let root = root_id(&b).await;
    let ous = collect_all(|t| b.list_children(&root, ChildType::OrganizationalUnit, t))
        .await
        .unwrap();
    assert_eq!(ous.len(), 5);
    let scps = collect_all(|t| b.list_policies(&PolicyType::ServiceControl, t))
        .await
        .unwrap();
    assert_eq!(scps.len(), 7);
}

#[tokio::test]
async fn bad_tokens_are_invalid_input() {
    let b = demo().with_page_size(3);
    let first = b.list_accounts(None).await.unwrap();
    let token = first.next_token.clone().unwrap();
    assert_eq!(
        code(b.list_accounts(Some("garbage".into())).await),
        "InvalidInputException"
    );
    // A token belongs to the call that issued it.
    assert_eq!(
        code(
            b.list_policies(&PolicyType::ServiceControl, Some(token.clone()))
                .await
        ),
        "InvalidInputException"
    );
    let second = b.list_accounts(Some(token)).await.unwrap();
    assert_ne!(first.items[0].id, second.items[0].id);
}

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
async fn unknown_and_malformed_ids() {
    let b = demo();
    assert_eq!(
        code(b.describe_account("999999999999").await),
        "AccountNotFoundException"
    );
    assert_eq!(
        code(b.describe_account("12345").await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.describe_organizational_unit("ou-7f3k-zzzzzzzz").await),
        "OrganizationalUnitNotFoundException"
    );
    assert_eq!(
        code(b.describe_organizational_unit("ou-x").await),
        "InvalidInputException"
    );
    assert_eq!(
        code(
            b.list_children("ou-7f3k-zzzzzzzz", ChildType::Account, None)
                .await
        ),
        "ParentNotFoundException"
    );
    assert_eq!(
        code(b.list_accounts_for_parent("r-zzzz", None).await),
        "ParentNotFoundException"
    );
    assert_eq!(
        code(
            b.list_organizational_units_for_parent("111111111111", None)
                .await
        ),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.describe_policy("p-zzzzzzzz").await),
        "PolicyNotFoundException"
    );
    assert_eq!(
        code(b.describe_policy("policy").await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.list_targets_for_policy("p-zzzzzzzz", None).await),
        "PolicyNotFoundException"
    );
    assert_eq!(
        code(
            b.list_policies_for_target("999999999999", &PolicyType::ServiceControl, None)
                .await
        ),
        "TargetNotFoundException"
    );
    assert_eq!(
        code(
            b.list_policies_for_target("nope", &PolicyType::ServiceControl, None)
                .await
        ),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.list_policies(&PolicyType::Other("X".into()), None).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.list_parents("999999999999", None).await),
        "ChildNotFoundException"
    );
    assert_eq!(
        code(b.list_parents("r-7f3k", None).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.list_tags_for_resource("999999999999", None).await),
        "TargetNotFoundException"
    );
    assert_eq!(
        code(b.describe_create_account_status("car-zzzzzzzz").await),
        "CreateAccountStatusNotFoundException"
    );
    assert_eq!(
        code(b.describe_create_account_status("car-1").await),
        "InvalidInputException"
    );
}

#[tokio::test]
async fn move_account_rules() {
    let b = demo();
    let root = root_id(&b).await;
    let sandbox = ou_named(&b, &root, "Sandbox").await;
    let security = ou_named(&b, &root, "Security").await;
    let acct = b
        .list_accounts_for_parent(&sandbox, None)
        .await
        .unwrap()
        .items[0]
        .id
        .clone();
    assert_eq!(
        code(b.move_account(&acct, &security, &root).await),
        "SourceParentNotFoundException"
    );
    assert_eq!(
        code(b.move_account(&acct, "ou-7f3k-zzzzzzzz", &root).await),
        "SourceParentNotFoundException"
    );
    assert_eq!(
        code(b.move_account(&acct, &sandbox, "ou-7f3k-zzzzzzzz").await),
        "DestinationParentNotFoundException"
    );
    assert_eq!(
        code(b.move_account(&acct, &sandbox, &sandbox).await),
        "DuplicateAccountException"
    );
    assert_eq!(
        code(b.move_account("999999999999", &sandbox, &root).await),
        "AccountNotFoundException"
    );
    assert_eq!(
        code(b.move_account(&acct, "bad", &root).await),
        "InvalidInputException"
    );
    b.move_account(&acct, &sandbox, &security).await.unwrap();
    assert_eq!(
        b.list_parents(&acct, None).await.unwrap().items[0].id,
        security
    );
}

#[tokio::test]
async fn attach_and_detach_rules() {
    let b = demo();
    let root = root_id(&b).await;
    let workloads = ou_named(&b, &root, "Workloads").await;
    let region = policy_named(&b, &PolicyType::ServiceControl, "RegionLock").await;
    assert_eq!(
        code(b.attach_policy(&region.id, &workloads).await),
        "DuplicatePolicyAttachmentException"
    );
    assert_eq!(
        code(b.attach_policy(&region.id, "999999999999").await),
        "TargetNotFoundException"
    );
    assert_eq!(
        code(b.attach_policy("p-zzzzzzzz", &workloads).await),
        "PolicyNotFoundException"
    );
    let backup = b
        .create_policy("Backups", "", r#"{"plans":{}}"#, &PolicyType::Backup)
        .await
        .unwrap();
    assert_eq!(
        code(b.attach_policy(&backup.id, &root).await),
        "PolicyTypeNotEnabledException"
    );

    // Workloads has 3 SCPs; two more fit, the sixth does not.
    assert_eq!(scp_names(&b, &workloads).await.len(), 3);
    for n in 0..3 {
        let p = b
            .create_policy(&format!("Extra{n}"), "", SCP, &PolicyType::ServiceControl)
            .await
            .unwrap();
        let r = b.attach_policy(&p.id, &workloads).await;
        if n < 2 {
            r.unwrap();
        } else {
            let e = r.unwrap_err();
            assert_eq!(e.code, "ConstraintViolationException");
            assert!(e
                .message
                .contains("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"));
        }
    }
    assert_eq!(scp_names(&b, &workloads).await.len(), 5);

    let sandbox = ou_named(&b, &root, "Sandbox").await;
    let acct = b
        .list_accounts_for_parent(&sandbox, None)
        .await
        .unwrap()
        .items[0]
        .id
        .clone();
    assert_eq!(
        code(b.detach_policy(&region.id, &acct).await),
        "PolicyNotAttachedException"
    );
    let e = b.detach_policy(FULL_AWS_ACCESS, &acct).await.unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(e
        .message
        .contains("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"));
    // With a replacement attached first, FullAWSAccess can go.
    b.attach_policy(&region.id, &acct).await.unwrap();
    b.detach_policy(FULL_AWS_ACCESS, &acct).await.unwrap();
    assert_eq!(scp_names(&b, &acct).await, ["RegionLock"]);
    assert!(
        !collect_all(|t| b.list_targets_for_policy(FULL_AWS_ACCESS, t))
            .await
            .unwrap()
            .iter()
            .any(|t| t.target_id == acct)
    );
    // Tag policies have no minimum.
    let tagp = policy_named(&b, &PolicyType::Tag, "RequireCostCenter").await;
    b.detach_policy(&tagp.id, &root).await.unwrap();
}

#[tokio::test]
async fn organizational_unit_rules() {
    let b = demo();
    let root = root_id(&b).await;
    let workloads = ou_named(&b, &root, "Workloads").await;
    assert_eq!(
        code(b.create_organizational_unit(&root, "Security").await),
        "DuplicateOrganizationalUnitException"
    );
    assert_eq!(
        code(b.create_organizational_unit(&root, "").await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.create_organizational_unit(&root, &"x".repeat(129)).await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.create_organizational_unit("ou-7f3k-zzzzzzzz", "A").await),
        "ParentNotFoundException"
    );
    // Workloads/Prod/Payments/PCI is 4 deep: one more level fits, a sixth does not.
    let prod = ou_named(&b, &workloads, "Prod").await;
    let payments = ou_named(&b, &prod, "Payments").await;
    let pci = ou_named(&b, &payments, "PCI").await;
    let fifth = b.create_organizational_unit(&pci, "Level5").await.unwrap();
    assert_eq!(scp_names(&b, &fifth.id).await, ["FullAWSAccess"]);
    assert_eq!(
        b.list_parents(&fifth.id, None).await.unwrap().items[0].id,
        pci
    );
    let e = b
        .create_organizational_unit(&fifth.id, "Level6")
        .await
        .unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(e.message.contains("OU_DEPTH_LIMIT_EXCEEDED"));

    // Rename, with the sibling check.
    assert_eq!(
        code(b.update_organizational_unit(&workloads, "Sandbox").await),
        "DuplicateOrganizationalUnitException"
    );
    let renamed = b
        .update_organizational_unit(&workloads, "Apps")
        .await
        .unwrap();
    assert_eq!(renamed.name, "Apps");
    assert_eq!(
        b.describe_organizational_unit(&workloads)
            .await
            .unwrap()
            .name,
        "Apps"
    );
    b.update_organizational_unit(&workloads, "Apps")
        .await
        .unwrap();
    assert_eq!(
        code(b.update_organizational_unit("ou-7f3k-zzzzzzzz", "X").await),
        "OrganizationalUnitNotFoundException"
    );

    assert_eq!(
        code(b.delete_organizational_unit(&workloads).await),
        "OrganizationalUnitNotEmptyException"
    );
    let suspended = ou_named(&b, &root, "Suspended").await;
    assert_eq!(
        code(b.delete_organizational_unit(&suspended).await),
        "OrganizationalUnitNotEmptyException"
    );
    b.delete_organizational_unit(&fifth.id).await.unwrap();
    assert_eq!(
        code(b.describe_organizational_unit(&fifth.id).await),
        "OrganizationalUnitNotFoundException"
    );
    assert_eq!(
        code(b.delete_organizational_unit(&fifth.id).await),
        "OrganizationalUnitNotFoundException"
    );
}

#[tokio::test]
async fn create_policy_rules() {
    let b = demo();
    assert_eq!(
        code(
            b.create_policy("Bad", "", "{not json", &PolicyType::ServiceControl)
                .await
        ),
        "MalformedPolicyDocumentException"
    );
    assert_eq!(
        code(
            b.create_policy(
                "Bad",
                "",
                r#"{"Statement":[{"Effect":"Maybe"}]}"#,
                &PolicyType::ServiceControl
            )
            .await
        ),
        "MalformedPolicyDocumentException"
    );
    let long = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"s3:*","Resource":"*","Sid":"{}"}}]}}"#,
        "x".repeat(5100)
    );
    let e = b
        .create_policy("Long", "", &long, &PolicyType::ServiceControl)
        .await
        .unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(e.message.contains("POLICY_CONTENT_LIMIT_EXCEEDED"));
    assert_eq!(
        code(
            b.create_policy("RegionLock", "", SCP, &PolicyType::ServiceControl)
                .await
        ),
        "DuplicatePolicyException"
    );
    assert_eq!(
        code(
            b.create_policy("", "", SCP, &PolicyType::ServiceControl)
                .await
        ),
        "InvalidInputException"
    );
    let p = b
        .create_policy("DenyBucketDelete", "why", SCP, &PolicyType::ServiceControl)
        .await
        .unwrap();
    assert!(ids::is_policy_id(&p.id));
    assert!(p.arn.contains("service_control_policy"));
    let d = b.describe_policy(&p.id).await.unwrap();
    assert_eq!(d.content, SCP);
    assert_eq!(d.summary, p);
    assert!(b
        .list_targets_for_policy(&p.id, None)
        .await
        .unwrap()
        .items
        .is_empty());
}

#[tokio::test]
async fn create_account_and_tags() {
    let b = demo();
    let root = root_id(&b).await;
    let st = b
        .create_account("aws+new-team@example-corp.com", "new-team")
        .await
        .unwrap();
    assert_eq!(st.state, "SUCCEEDED");
    assert!(st.id.starts_with("car-") && st.id.len() >= 12);
    let id = st.account_id.clone().unwrap();
    assert!(ids::is_account_id(&id));
    assert_eq!(b.describe_create_account_status(&st.id).await.unwrap(), st);
    let a = b.describe_account(&id).await.unwrap();
    assert_eq!(a.state, AccountState::Active);
    assert_eq!(a.joined_method, "CREATED");
    assert_eq!(b.list_parents(&id, None).await.unwrap().items[0].id, root);
    assert_eq!(scp_names(&b, &id).await, ["FullAWSAccess"]);
    assert_eq!(collect_all(|t| b.list_accounts(t)).await.unwrap().len(), 41);

    let dup = b
        .create_account("aws+audit@example-corp.com", "again")
        .await
        .unwrap();
    assert_eq!(dup.state, "FAILED");
    assert_eq!(dup.failure_reason.as_deref(), Some("EMAIL_ALREADY_EXISTS"));
    assert_eq!(
        code(b.create_account("nope", "x").await),
        "InvalidInputException"
    );
    assert_eq!(
        code(b.create_account("a@example.com", &"n".repeat(51)).await),
        "InvalidInputException"
    );

    let tag = |k: &str, v: &str| Tag {
        key: k.into(),
        value: v.into(),
    };
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
            b.create_policy("X", "", SCP, &PolicyType::ServiceControl)
                .await
        ),
        "PolicyTypeNotAvailableForOrganizationException"
    );
    assert_eq!(
        code(b.attach_policy(FULL_AWS_ACCESS, &root).await),
        "PolicyTypeNotEnabledException"
    );
}

#[tokio::test]
async fn children_and_parents_agree() {
    let b: std::sync::Arc<dyn OrgBackend> = std::sync::Arc::new(demo().with_page_size(2));
    let root = b.list_roots(None).await.unwrap().items.remove(0).id;
    let ous = collect_all(|t| b.list_children(&root, ChildType::OrganizationalUnit, t))
        .await
        .unwrap();
    for ou in &ous {
        assert_eq!(ou.kind, ChildType::OrganizationalUnit);
        let parents = b.list_parents(&ou.id, None).await.unwrap();
        assert_eq!(parents.items.len(), 1);
        assert_eq!(parents.items[0].id, root);
        assert_eq!(parents.next_token, None);
    }
    let accounts = collect_all(|t| b.list_children(&root, ChildType::Account, t))
        .await
        .unwrap();
    assert_eq!(accounts.len(), 1);
    assert_eq!(accounts[0].id, "111111111111");
    let security = &ous[0].id;
    let by_parent = collect_all(|t| b.list_accounts_for_parent(security, t))
        .await
        .unwrap();
    let names: Vec<&str> = by_parent.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "log-archive",
            "audit",
            "security-tooling",
            "incident-response"
        ]
    );
}

#[test]
fn broken_assets_are_rejected() {
    let mut doc: serde_json::Value = serde_json::from_str(ASSET).unwrap();
    doc["organizational_units"][0]["parent"] = "ou-7f3k-zzzzzzzz".into();
    assert!(org_from_asset(&doc.to_string()).is_err());
    assert!(org_from_asset("{}").is_err());
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
