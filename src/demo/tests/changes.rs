//! The rules moves, attachments, OU changes and new policies follow.

use super::*;

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
        .create_policy(&NewPolicy::new(
            "Backups",
            "",
            r#"{"plans":{}}"#,
            &PolicyType::Backup,
        ))
        .await
        .unwrap();
    assert_eq!(
        code(b.attach_policy(&backup.id, &root).await),
        "PolicyTypeNotEnabledException"
    );

    // Workloads has 3 SCPs; seven more fit (10 since 2026-05-15), the eleventh does not.
    assert_eq!(scp_names(&b, &workloads).await.len(), 3);
    for n in 0..8 {
        let p = b
            .create_policy(&NewPolicy::new(
                &format!("Extra{n}"),
                "",
                SCP,
                &PolicyType::ServiceControl,
            ))
            .await
            .unwrap();
        let r = b.attach_policy(&p.id, &workloads).await;
        if n < 7 {
            r.unwrap();
        } else {
            let e = r.unwrap_err();
            assert_eq!(e.code, "ConstraintViolationException");
            assert!(e
                .message
                .contains("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"));
        }
    }
    assert_eq!(scp_names(&b, &workloads).await.len(), 10);

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
            b.create_policy(&NewPolicy::new(
                "Bad",
                "",
                "{not json",
                &PolicyType::ServiceControl
            ))
            .await
        ),
        "MalformedPolicyDocumentException"
    );
    assert_eq!(
        code(
            b.create_policy(&NewPolicy::new(
                "Bad",
                "",
                r#"{"Statement":[{"Effect":"Maybe"}]}"#,
                &PolicyType::ServiceControl
            ))
            .await
        ),
        "MalformedPolicyDocumentException"
    );
    let long = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Deny","Action":"s3:*","Resource":"*","Sid":"{}"}}]}}"#,
        "x".repeat(10_220)
    );
    let e = b
        .create_policy(&NewPolicy::new(
            "Long",
            "",
            &long,
            &PolicyType::ServiceControl,
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code, "ConstraintViolationException");
    assert!(e.message.contains("POLICY_CONTENT_LIMIT_EXCEEDED"));
    assert_eq!(
        code(
            b.create_policy(&NewPolicy::new(
                "RegionLock",
                "",
                SCP,
                &PolicyType::ServiceControl
            ))
            .await
        ),
        "DuplicatePolicyException"
    );
    assert_eq!(
        code(
            b.create_policy(&NewPolicy::new("", "", SCP, &PolicyType::ServiceControl))
                .await
        ),
        "InvalidInputException"
    );
    let p = b
        .create_policy(&NewPolicy::new(
            "DenyBucketDelete",
            "why",
            SCP,
            &PolicyType::ServiceControl,
        ))
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
