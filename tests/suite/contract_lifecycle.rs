//! The account lifecycle's contract (issue 9), run against `AwsBackend` on moto and against
//! `DemoBackend` with the same assertions: account creation followed to its end, creation
//! requests by state, tags, closing, trusted services, delegated administrators, removal
//! and deleting the organization. Where moto and AWS (which the demo follows) differ, the
//! tests assert what both do, and say so. moto lacks the handshake and resource-policy calls:
//! tests/stub_lifecycle.rs covers them for `AwsBackend`.

use crate::support;

use std::time::Duration;

use orgtui::org::*;
use support::seed::{err, new_account, new_org, ok};

fn tag(k: &str, v: &str) -> Tag {
    Tag {
        key: k.into(),
        value: v.into(),
    }
}

async fn tags_of(b: &dyn OrgBackend, id: &str) -> Vec<Tag> {
    ok(
        "list_tags_for_resource",
        collect_all(|t| b.list_tags_for_resource(id, t)).await,
    )
}

/// Follows a creation to its end (bounded); the final status and how many
/// DescribeCreateAccountStatus reads it took.
async fn follow(b: &dyn OrgBackend, mut status: CreateAccountStatus) -> (CreateAccountStatus, u32) {
    let mut reads = 0;
    while status.state == "IN_PROGRESS" && reads < 100 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        status = ok(
            "describe_create_account_status",
            b.describe_create_account_status(&status.id).await,
        );
        reads += 1;
    }
    (status, reads)
}

async fn state_of(b: &dyn OrgBackend, id: &str) -> AccountState {
    ok("describe_account", b.describe_account(id).await).state
}

const GUARDDUTY: &str = "guardduty.amazonaws.com";
const SSM: &str = "ssm.amazonaws.com";

contract! {
    async fn account_creation_is_followed_to_success(b, _caller) {
        let (_, root) = new_org(b).await;
        let mut request = NewAccount::new("built@example.com", "Built");
        request.role_name = Some("OrgAdmin".into());
        request.iam_user_access_to_billing = Some(false);
        request.tags = vec![tag("team", "platform")];
        let first = ok("create_account", b.create_account(&request).await);
        assert_eq!(first.account_name, "Built");
        assert!(first.id.starts_with("car-"), "{first:?}");
        let (done, reads) = follow(b, first.clone()).await;
        // moto finishes at once (0 reads); the demo on the second read, like a quick AWS.
        eprintln!("DescribeCreateAccountStatus reads until SUCCEEDED: {reads}");
        assert!(reads <= 2, "{reads} reads");
        assert_eq!(done.state, "SUCCEEDED", "{done:?}");
        assert_eq!(done.id, first.id);
        let id = done.account_id.clone().expect("a created account has an id");
        let a = ok("describe_account", b.describe_account(&id).await);
        assert_eq!((a.name.as_str(), a.email.as_str()), ("Built", "built@example.com"));
        assert_eq!(a.joined_method, "CREATED");
        let parents = ok("list_parents", collect_all(|t| b.list_parents(&id, t)).await);
        assert_eq!(parents[0].id, root.id);
        assert_eq!(tags_of(b, &id).await, vec![tag("team", "platform")]);
    }

    async fn creation_requests_are_listed_by_state(b, _caller) {
        new_org(b).await;
        let one = new_account(b, "Listed One").await;
        let two = new_account(b, "Listed Two").await;
        let succeeded = ok(
            "list_create_account_status",
            collect_all(|t| b.list_create_account_status(&["SUCCEEDED"], t)).await,
        );
        let ids: Vec<Option<String>> = succeeded.iter().map(|s| s.account_id.clone()).collect();
        assert!(ids.contains(&Some(one.clone())) && ids.contains(&Some(two)), "{succeeded:?}");
        assert!(succeeded.iter().all(|s| s.state == "SUCCEEDED"));
        let all = ok(
            "list_create_account_status",
            collect_all(|t| b.list_create_account_status(&[], t)).await,
        );
        assert!(all.len() >= 2, "{all:?}");
        let failed = ok(
            "list_create_account_status",
            collect_all(|t| b.list_create_account_status(&["FAILED"], t)).await,
        );
        assert!(failed.is_empty(), "{failed:?}");
    }

    async fn tags_are_added_replaced_and_removed(b, _caller) {
        let (_, root) = new_org(b).await;
        let acct = new_account(b, "Tagged").await;
        ok("tag_resource", b.tag_resource(&acct, &[tag("env", "prod"), tag("cost", "cc-1")]).await);
        ok("tag_resource", b.tag_resource(&acct, &[tag("env", "dev")]).await);
        ok("untag_resource", b.untag_resource(&acct, &["cost".into(), "absent".into()]).await);
        assert_eq!(tags_of(b, &acct).await, vec![tag("env", "dev")]);
        ok("tag_resource", b.tag_resource(&root.id, &[tag("owner", "cloud")]).await);
        ok("untag_resource", b.untag_resource(&root.id, &["owner".into()]).await);
        assert!(tags_of(b, &root.id).await.is_empty());
        let e = err("tag a missing account", b.tag_resource("000000000001", &[tag("a", "b")]).await);
        assert_eq!(e.code, "TargetNotFoundException");
    }

    async fn closing_suspends_the_account_once(b, _caller) {
        new_org(b).await;
        let acct = new_account(b, "Closing").await;
        ok("close_account", b.close_account(&acct).await);
        // AWS (and the demo) pass through PENDING_CLOSURE; moto suspends at once.
        let mut state = state_of(b, &acct).await;
        for _ in 0..100 {
            if state != AccountState::PendingClosure {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            state = state_of(b, &acct).await;
        }
        assert_eq!(state, AccountState::Suspended);
        let e = err("close again", b.close_account(&acct).await);
        assert_eq!(e.code, "AccountAlreadyClosedException");
        assert_eq!(e.kind, ErrorKind::Constraint);
    }

    async fn trusted_services_are_enabled_and_disabled(b, _caller) {
        new_org(b).await;
        ok("enable", b.enable_aws_service_access(GUARDDUTY).await);
        ok("enable", b.enable_aws_service_access(SSM).await);
        // Enabling again changes nothing.
        ok("enable again", b.enable_aws_service_access(SSM).await);
        let on = ok(
            "list_aws_service_access_for_organization",
            collect_all(|t| b.list_aws_service_access_for_organization(t)).await,
        );
        let mut names: Vec<&str> = on.iter().map(|s| s.service_principal.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, [GUARDDUTY, SSM]);
        assert!(on.iter().all(|s| !s.enabled_at.is_empty()), "{on:?}");
        ok("disable", b.disable_aws_service_access(SSM).await);
        let on = ok(
            "list_aws_service_access_for_organization",
            collect_all(|t| b.list_aws_service_access_for_organization(t)).await,
        );
        assert_eq!(on.len(), 1);
        assert_eq!(on[0].service_principal, GUARDDUTY);
        let e = err("unknown service", b.enable_aws_service_access("nothing.example.com").await);
        assert_eq!(e.code, "InvalidInputException");
    }

    async fn delegated_administrators_are_registered_and_deregistered(b, caller) {
        new_org(b).await;
        let admin = new_account(b, "Security Tooling").await;
        ok("enable", b.enable_aws_service_access(GUARDDUTY).await);
        let e = err("not registered yet", b.list_delegated_services_for_account(&admin, None).await);
        assert_eq!(e.code, "AccountNotRegisteredException");
        let e = err("register the management account", b.register_delegated_administrator(caller, GUARDDUTY).await);
        assert_eq!(e.code, "ConstraintViolationException");
        ok("register", b.register_delegated_administrator(&admin, GUARDDUTY).await);
        let e = err("register again", b.register_delegated_administrator(&admin, GUARDDUTY).await);
        assert_eq!(e.code, "AccountAlreadyRegisteredException");
        let admins = ok(
            "list_delegated_administrators",
            collect_all(|t| b.list_delegated_administrators(Some(GUARDDUTY), t)).await,
        );
        assert_eq!(admins.len(), 1, "{admins:?}");
        assert_eq!(admins[0].account.id, admin);
        assert_eq!(admins[0].account.name, "Security Tooling");
        let everyone = ok(
            "list_delegated_administrators",
            collect_all(|t| b.list_delegated_administrators(None, t)).await,
        );
        assert_eq!(everyone.len(), 1);
        let services = ok(
            "list_delegated_services_for_account",
            collect_all(|t| b.list_delegated_services_for_account(&admin, t)).await,
        );
        assert_eq!(services.len(), 1);
        assert_eq!(services[0].service_principal, GUARDDUTY);
        ok("deregister", b.deregister_delegated_administrator(&admin, GUARDDUTY).await);
        let e = err("deregister again", b.deregister_delegated_administrator(&admin, GUARDDUTY).await);
        assert_eq!(e.code, "AccountNotRegisteredException");
        let none = ok(
            "list_delegated_administrators",
            collect_all(|t| b.list_delegated_administrators(None, t)).await,
        );
        assert!(none.is_empty(), "{none:?}");
    }

    async fn removing_a_created_account(b, _caller) {
        let (_, root) = new_org(b).await;
        let acct = new_account(b, "Leaving").await;
        // AWS refuses to remove an account it created until it has what a standalone
        // account needs (the demo follows AWS); moto removes it.
        match b.remove_account_from_organization(&acct).await {
            Ok(()) => {
                let e = err("describe the removed account", b.describe_account(&acct).await);
                assert_eq!(e.code, "AccountNotFoundException");
            }
            Err(e) => {
                assert_eq!(e.code, "ConstraintViolationException", "{e}");
                assert!(e.message.starts_with("ACCOUNT_CANNOT_LEAVE_WITHOUT_"), "{e}");
                let here = ok(
                    "list_accounts_for_parent",
                    collect_all(|t| b.list_accounts_for_parent(&root.id, t)).await,
                );
                assert!(here.iter().any(|a| a.id == acct), "{here:?}");
            }
        }
    }

    async fn only_an_empty_organization_is_deleted(b, _caller) {
        new_org(b).await;
        new_account(b, "Member").await;
        let e = err("delete with a member", b.delete_organization().await);
        assert_eq!(e.code, "OrganizationNotEmptyException");
        assert_eq!(e.kind, ErrorKind::Constraint);
        ok("describe_organization", b.describe_organization().await);
    }

    async fn deleting_an_empty_organization(b, caller) {
        new_org(b).await;
        ok("delete_organization", b.delete_organization().await);
        let e = err("describe the deleted organization", b.describe_organization().await);
        assert_eq!(e.code, "AWSOrganizationsNotInUseException");
        // The caller is free to create another.
        let again = ok("create_organization", b.create_organization("ALL").await);
        assert_eq!(again.master_account_id, caller);
    }
}
