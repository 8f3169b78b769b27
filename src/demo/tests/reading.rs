//! The built-in organization, paging, unknown ids and tree navigation.

use super::*;

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
