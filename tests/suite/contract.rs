//! One suite of backend behaviours, run against every `OrgBackend`:
//! - `moto::*`: `AwsBackend` (the real SDK) against moto_server, each test acting as its own
//!   account (`x-moto-account-id`), so each test has its own organization on one shared server;
//! - `demo::*`: the in-process `DemoBackend`.
//!
//! The harness (`contract!`) is in tests/support/contract.rs. Every test seeds its organization through `OrgBackend`. Where moto and AWS differ, the tests
//! assert only what both (and the demo backend, which follows AWS) do, and say so.

use crate::support;

use std::collections::BTreeSet;

use orgtui::org::ids::{is_policy_id, is_root_id};
use orgtui::org::*;
use support::seed::{
    enable_scps, err, new_account, new_account_in, new_org, new_ou, ok, SCP_DENY_LEAVE,
};

// ---------------------------------------------------------------------------------------------
// Seeding (through `OrgBackend`, in tests/support/seed.rs) and listing helpers.

async fn accounts_in(b: &dyn OrgBackend, parent: &str) -> Vec<Account> {
    ok(
        "list_accounts_for_parent",
        collect_all(|t| b.list_accounts_for_parent(parent, t)).await,
    )
}

async fn ous_in(b: &dyn OrgBackend, parent: &str) -> Vec<OrgUnit> {
    ok(
        "list_organizational_units_for_parent",
        collect_all(|t| b.list_organizational_units_for_parent(parent, t)).await,
    )
}

async fn parents_of(b: &dyn OrgBackend, child: &str) -> Vec<Parent> {
    ok(
        "list_parents",
        collect_all(|t| b.list_parents(child, t)).await,
    )
}

async fn policies_for(b: &dyn OrgBackend, target: &str, kind: &PolicyType) -> Vec<PolicySummary> {
    ok(
        "list_policies_for_target",
        collect_all(|t| b.list_policies_for_target(target, kind, t)).await,
    )
}

fn names<T>(items: &[T], name: impl Fn(&T) -> &str) -> BTreeSet<String> {
    items.iter().map(|i| name(i).to_string()).collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Ids of a made-up OU / account / policy that look valid but exist nowhere.
fn missing_ou(root: &Root) -> String {
    format!("ou-{}-zzzzzzzz", root.id.trim_start_matches("r-"))
}
const MISSING_ACCOUNT: &str = "000000000001";
const MISSING_POLICY: &str = "p-zzzzzzzz";

// ---------------------------------------------------------------------------------------------
// The contract.

contract! {
    async fn organization_has_all_features_and_caller_as_management(b, caller) {
        let (created, root) = new_org(b).await;
        assert_eq!(created.feature_set, "ALL");
        assert_eq!(created.master_account_id, caller);
        assert!(created.id.starts_with("o-"), "org id {:?}", created.id);

        let org = ok("describe_organization", b.describe_organization().await);
        assert_eq!(org.id, created.id);
        assert_eq!(org.feature_set, "ALL");
        assert_eq!(org.master_account_id, caller);
        assert!(org.arn.contains(&org.id), "org arn {:?}", org.arn);
        assert!(is_root_id(&root.id), "root id {:?}", root.id);
        assert_eq!(root.name, "Root");
    }

    async fn list_roots_returns_the_one_root(b, _caller) {
        let (org, root) = new_org(b).await;
        let page = ok("list_roots", b.list_roots(None).await);
        assert_eq!(page.items, vec![root.clone()]);
        assert_eq!(page.next_token, None);
        assert!(root.arn.contains(&org.id) && root.arn.ends_with(&root.id), "{root:?}");
        // A root lists only policy types that are enabled (or being enabled) on it. A new
        // organization may have none (moto) or SCPs already (the demo backend), so SCPs are
        // enabled first: the list is then never empty.
        enable_scps(b, &root.id).await;
        let roots = ok("list_roots", collect_all(|t| b.list_roots(t)).await);
        assert_eq!(roots.len(), 1, "{roots:?}");
        let types = &roots[0].policy_types;
        assert!(!types.is_empty(), "SCPs are enabled: {roots:?}");
        assert!(
            types.iter().all(|t| t.status.starts_with("ENABLED")
                || t.status.starts_with("PENDING")),
            "{types:?}"
        );
        assert!(roots[0].enabled_policy_types().contains(&PolicyType::ServiceControl));
    }

    async fn management_account_sits_under_the_root(b, caller) {
        let (org, root) = new_org(b).await;
        let accounts = accounts_in(b, &root.id).await;
        assert_eq!(accounts.len(), 1, "{accounts:?}");
        assert_eq!(accounts[0].id, caller);
        assert_eq!(accounts[0].email, org.master_account_email);
        assert_eq!(accounts[0].state, AccountState::Active);
        let parents = parents_of(b, caller).await;
        assert_eq!(parents, vec![Parent { id: root.id.clone(), kind: TargetKind::Root }]);
    }

    async fn nested_ous_and_their_accounts(b, _caller) {
        let (_, root) = new_org(b).await;
        let prod = new_ou(b, &root.id, "Prod").await;
        let dev = new_ou(b, &root.id, "Dev").await;
        let web = new_ou(b, &prod.id, "Web").await;
        let db = new_ou(b, &prod.id, "Data").await;
        let deep = new_ou(b, &web.id, "Edge").await;
        let a1 = new_account_in(b, &root.id, &prod.id, "Prod Shared").await;
        let a2 = new_account_in(b, &root.id, &web.id, "Web One").await;
        let a3 = new_account_in(b, &root.id, &web.id, "Web Two").await;

        assert_eq!(names(&ous_in(b, &root.id).await, |o| &o.name), set(&["Prod", "Dev"]));
        assert_eq!(names(&ous_in(b, &prod.id).await, |o| &o.name), set(&["Web", "Data"]));
        assert_eq!(names(&ous_in(b, &web.id).await, |o| &o.name), set(&["Edge"]));
        assert!(ous_in(b, &dev.id).await.is_empty());
        assert!(ous_in(b, &db.id).await.is_empty());
        assert!(ous_in(b, &deep.id).await.is_empty());

        let in_prod = accounts_in(b, &prod.id).await;
        assert_eq!(names(&in_prod, |a| &a.id), set(&[&a1]));
        assert_eq!(in_prod[0].name, "Prod Shared");
        assert_eq!(in_prod[0].email, "prod-shared@example.com");
        assert_eq!(in_prod[0].state, AccountState::Active);
        let in_web = accounts_in(b, &web.id).await;
        assert_eq!(names(&in_web, |a| &a.name), set(&["Web One", "Web Two"]));
        assert_eq!(names(&in_web, |a| &a.id), set(&[&a2, &a3]));
        assert!(in_web.iter().all(|a| a.state == AccountState::Active));
        assert!(accounts_in(b, &deep.id).await.is_empty());
        // The root still holds only the management account.
        assert_eq!(accounts_in(b, &root.id).await.len(), 1);
    }

    async fn list_children_of_both_types(b, _caller) {
        let (_, root) = new_org(b).await;
        let prod = new_ou(b, &root.id, "Prod").await;
        let web = new_ou(b, &prod.id, "Web").await;
        let a1 = new_account_in(b, &root.id, &prod.id, "Child One").await;
        let a2 = new_account_in(b, &root.id, &prod.id, "Child Two").await;

        let ous = ok(
            "list_children",
            collect_all(|t| b.list_children(&prod.id, ChildType::OrganizationalUnit, t)).await,
        );
        assert_eq!(ous, vec![Child { id: web.id.clone(), kind: ChildType::OrganizationalUnit }]);
        let accts = ok(
            "list_children",
            collect_all(|t| b.list_children(&prod.id, ChildType::Account, t)).await,
        );
        assert_eq!(names(&accts, |c| &c.id), set(&[&a1, &a2]));
        assert!(accts.iter().all(|c| c.kind == ChildType::Account));
        let root_ous = ok(
            "list_children",
            collect_all(|t| b.list_children(&root.id, ChildType::OrganizationalUnit, t)).await,
        );
        assert_eq!(names(&root_ous, |c| &c.id), set(&[&prod.id]));
        let web_accts = ok(
            "list_children",
            collect_all(|t| b.list_children(&web.id, ChildType::Account, t)).await,
        );
        assert!(web_accts.is_empty());
    }

    async fn list_parents_of_accounts_and_ous(b, _caller) {
        let (_, root) = new_org(b).await;
        let prod = new_ou(b, &root.id, "Prod").await;
        let web = new_ou(b, &prod.id, "Web").await;
        let acct = new_account_in(b, &root.id, &web.id, "Parented").await;

        assert_eq!(
            parents_of(b, &acct).await,
            vec![Parent { id: web.id.clone(), kind: TargetKind::OrganizationalUnit }]
        );
        assert_eq!(
            parents_of(b, &web.id).await,
            vec![Parent { id: prod.id.clone(), kind: TargetKind::OrganizationalUnit }]
        );
        assert_eq!(
            parents_of(b, &prod.id).await,
            vec![Parent { id: root.id.clone(), kind: TargetKind::Root }]
        );
    }

    async fn describe_ou_and_account(b, _caller) {
        let (org, root) = new_org(b).await;
        let ou = new_ou(b, &root.id, "Security").await;
        let acct = new_account_in(b, &root.id, &ou.id, "Audit").await;

        let d = ok("describe_organizational_unit", b.describe_organizational_unit(&ou.id).await);
        assert_eq!(d, ou);
        assert!(d.arn.contains(&ou.id) && d.arn.contains(&org.id), "OU arn {:?}", d.arn);

        let a = ok("describe_account", b.describe_account(&acct).await);
        assert_eq!(a.id, acct);
        assert_eq!(a.name, "Audit");
        assert_eq!(a.email, "audit@example.com");
        assert_eq!(a.state, AccountState::Active);
        assert_eq!(a.joined_method, "CREATED");
        assert!(a.arn.contains(&acct) && a.arn.contains(&org.id), "account arn {:?}", a.arn);
        assert!(
            a.joined_at.len() >= 20 && a.joined_at.contains('T'),
            "RFC 3339 joined_at {:?}",
            a.joined_at
        );
    }

    async fn list_accounts_has_every_account_once(b, caller) {
        let (_, root) = new_org(b).await;
        let ou = new_ou(b, &root.id, "Workloads").await;
        let a1 = new_account(b, "Alpha").await;
        let a2 = new_account_in(b, &root.id, &ou.id, "Beta").await;
        let all = ok("list_accounts", collect_all(|t| b.list_accounts(t)).await);
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(names(&all, |a| &a.id), set(&[caller, &a1, &a2]));
        let beta = all.iter().find(|a| a.id == a2).map(|a| a.name.as_str());
        assert_eq!(beta, Some("Beta"));
    }

    async fn paging_23_accounts_never_more_than_20_per_page(b, caller) {
        let (_, root) = new_org(b).await;
        let big = new_ou(b, &root.id, "Big").await;
        let mut want = BTreeSet::new();
        for i in 0..23 {
            want.insert(new_account_in(b, &root.id, &big.id, &format!("Paged {i:02}")).await);
        }

        // Page by page: no page above 20 items, a token while more remain, each account once.
        let mut seen = Vec::new();
        let mut token = None;
        let mut pages = 0;
        loop {
            let page = ok(
                "list_accounts_for_parent",
                b.list_accounts_for_parent(&big.id, token.clone()).await,
            );
            pages += 1;
            assert!(page.items.len() <= 20, "page of {} items", page.items.len());
            seen.extend(page.items.into_iter().map(|a| a.id));
            token = page.next_token;
            if token.is_none() {
                break;
            }
            assert!(pages < 30, "NextToken never ends");
        }
        assert!(pages >= 2, "23 accounts fit in {pages} page(s)");
        assert_eq!(seen.len(), 23, "each account exactly once: {seen:?}");
        assert_eq!(seen.iter().cloned().collect::<BTreeSet<_>>(), want);

        let first = ok("list_accounts", b.list_accounts(None).await);
        assert!(first.items.len() <= 20 && first.next_token.is_some(), "{first:?}");
        let all = ok("list_accounts", collect_all(|t| b.list_accounts(t)).await);
        let ids: Vec<_> = all.iter().map(|a| a.id.clone()).collect();
        let unique: BTreeSet<_> = ids.iter().cloned().collect();
        assert_eq!(ids.len(), 24, "23 + management");
        assert_eq!(unique.len(), 24, "no duplicates across pages");
        assert!(unique.contains(caller));

        // ListChildren: moto ignores MaxResults (one page of 23 where AWS sends at most 20),
        // so only the union is part of the contract.
        let children = ok(
            "list_children",
            collect_all(|t| b.list_children(&big.id, ChildType::Account, t)).await,
        );
        assert_eq!(children.iter().map(|c| c.id.clone()).collect::<BTreeSet<_>>(), want);
        assert_eq!(children.len(), 23);
    }

    async fn tags_round_trip(b, _caller) {
        let (_, root) = new_org(b).await;
        let ou = new_ou(b, &root.id, "Tagged").await;
        let acct = new_account(b, "Tagged Account").await;
        let tag = |k: &str, v: &str| Tag { key: k.into(), value: v.into() };

        ok("tag_resource", b.tag_resource(&acct, &[tag("env", "prod"), tag("team", "core")]).await);
        ok("tag_resource", b.tag_resource(&ou.id, &[tag("owner", "sec")]).await);
        let mut got = ok("list_tags", collect_all(|t| b.list_tags_for_resource(&acct, t)).await);
        got.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(got, vec![tag("env", "prod"), tag("team", "core")]);
        let got = ok("list_tags", collect_all(|t| b.list_tags_for_resource(&ou.id, t)).await);
        assert_eq!(got, vec![tag("owner", "sec")]);

        // Tagging an existing key replaces its value.
        ok("tag_resource", b.tag_resource(&acct, &[tag("env", "dev")]).await);
        let mut got = ok("list_tags", collect_all(|t| b.list_tags_for_resource(&acct, t)).await);
        got.sort_by(|a, b| a.key.cmp(&b.key));
        assert_eq!(got, vec![tag("env", "dev"), tag("team", "core")]);
    }

    async fn policies_list_filter_and_describe(b, _caller) {
        new_org(b).await;
        let created = ok(
            "create_policy",
            b.create_policy(&NewPolicy::new("DenyLeave", "no leaving", SCP_DENY_LEAVE, &PolicyType::ServiceControl))
                .await,
        );
        assert!(is_policy_id(&created.id), "policy id {:?}", created.id);
        assert_eq!(created.name, "DenyLeave");
        assert_eq!(created.description, "no leaving");
        assert_eq!(created.kind, PolicyType::ServiceControl);
        assert!(!created.aws_managed);

        let scps = ok(
            "list_policies",
            collect_all(|t| b.list_policies(&PolicyType::ServiceControl, t)).await,
        );
        assert!(scps.contains(&created), "{scps:?}");
        let full = scps.iter().find(|p| p.name == "FullAWSAccess");
        assert!(full.is_some_and(|p| p.aws_managed), "FullAWSAccess is listed: {scps:?}");
        assert!(scps.iter().all(|p| p.kind == PolicyType::ServiceControl));

        let tags = ok("list_policies", collect_all(|t| b.list_policies(&PolicyType::Tag, t)).await);
        assert!(tags.iter().all(|p| p.id != created.id), "{tags:?}");

        let p = ok("describe_policy", b.describe_policy(&created.id).await);
        assert_eq!(p.summary, created);
        assert_eq!(p.content, SCP_DENY_LEAVE);
    }

    async fn attach_and_detach_policies(b, _caller) {
        let (_, root) = new_org(b).await;
        let ou = new_ou(b, &root.id, "Guarded").await;
        let acct = new_account(b, "Guarded Account").await;
        let scp = ok(
            "create_policy",
            b.create_policy(&NewPolicy::new("DenyLeave", "", SCP_DENY_LEAVE, &PolicyType::ServiceControl)).await,
        );
        let scp_kind = PolicyType::ServiceControl;

        let before = policies_for(b, &ou.id, &scp_kind).await;
        assert!(before.iter().all(|p| p.id != scp.id));

        ok("attach_policy", b.attach_policy(&scp.id, &ou.id).await);
        ok("attach_policy", b.attach_policy(&scp.id, &acct).await);
        let on_ou = policies_for(b, &ou.id, &scp_kind).await;
        assert!(on_ou.iter().any(|p| p.id == scp.id), "{on_ou:?}");
        assert_eq!(on_ou.len(), before.len() + 1);
        assert!(policies_for(b, &ou.id, &PolicyType::Tag).await.is_empty());

        let mut targets = ok(
            "list_targets_for_policy",
            collect_all(|t| b.list_targets_for_policy(&scp.id, t)).await,
        );
        targets.sort_by(|a, b| a.target_id.cmp(&b.target_id));
        let mut want = vec![
            (ou.id.clone(), TargetKind::OrganizationalUnit, "Guarded".to_string()),
            (acct.clone(), TargetKind::Account, "Guarded Account".to_string()),
        ];
        want.sort();
        let got: Vec<_> = targets
            .iter()
            .map(|t| (t.target_id.clone(), t.kind, t.name.clone()))
            .collect();
        assert_eq!(got, want);

        ok("detach_policy", b.detach_policy(&scp.id, &ou.id).await);
        let after = policies_for(b, &ou.id, &scp_kind).await;
        assert!(after.iter().all(|p| p.id != scp.id), "{after:?}");
        let targets = ok(
            "list_targets_for_policy",
            collect_all(|t| b.list_targets_for_policy(&scp.id, t)).await,
        );
        assert_eq!(names(&targets, |t| &t.target_id), set(&[&acct]));
    }

    async fn move_account_changes_its_parent(b, _caller) {
        let (_, root) = new_org(b).await;
        let a = new_ou(b, &root.id, "A").await;
        let bb = new_ou(b, &root.id, "B").await;
        let acct = new_account_in(b, &root.id, &a.id, "Mover").await;
        assert_eq!(parents_of(b, &acct).await[0].id, a.id);

        ok("move_account", b.move_account(&acct, &a.id, &bb.id).await);
        assert_eq!(
            parents_of(b, &acct).await,
            vec![Parent { id: bb.id.clone(), kind: TargetKind::OrganizationalUnit }]
        );
        assert!(accounts_in(b, &a.id).await.is_empty());
        assert_eq!(names(&accounts_in(b, &bb.id).await, |x| &x.id), set(&[&acct]));

        ok("move_account", b.move_account(&acct, &bb.id, &root.id).await);
        assert_eq!(
            parents_of(b, &acct).await,
            vec![Parent { id: root.id.clone(), kind: TargetKind::Root }]
        );
        assert!(accounts_in(b, &root.id).await.iter().any(|x| x.id == acct));
    }

    async fn create_rename_and_delete_an_ou(b, _caller) {
        let (_, root) = new_org(b).await;
        let ou = new_ou(b, &root.id, "Sandbox").await;
        let renamed = ok(
            "update_organizational_unit",
            b.update_organizational_unit(&ou.id, "Playground").await,
        );
        assert_eq!(renamed.id, ou.id);
        assert_eq!(renamed.name, "Playground");
        let d = ok("describe_organizational_unit", b.describe_organizational_unit(&ou.id).await);
        assert_eq!(d.name, "Playground");
        assert_eq!(names(&ous_in(b, &root.id).await, |o| &o.name), set(&["Playground"]));

        ok("delete_organizational_unit", b.delete_organizational_unit(&ou.id).await);
        assert!(ous_in(b, &root.id).await.is_empty());
        let e = err("describe deleted OU", b.describe_organizational_unit(&ou.id).await);
        assert_eq!(e.code, "OrganizationalUnitNotFoundException");
        assert_eq!(e.kind, ErrorKind::NotFound);
    }

    async fn create_account_status_is_describable(b, _caller) {
        new_org(b).await;
        let status = ok("create_account", b.create_account(&NewAccount::new("status@example.com", "Status")).await);
        assert_eq!(status.account_name, "Status");
        assert!(!status.id.is_empty());
        assert!(matches!(status.state.as_str(), "IN_PROGRESS" | "SUCCEEDED"), "{status:?}");
        let again = ok(
            "describe_create_account_status",
            b.describe_create_account_status(&status.id).await,
        );
        assert_eq!(again.id, status.id);
        assert_eq!(again.account_name, "Status");
        let id = new_account(b, "Second").await;
        let a = ok("describe_account", b.describe_account(&id).await);
        assert_eq!(a.name, "Second");
    }

    async fn unknown_ids_are_not_found(b, _caller) {
        let (_, root) = new_org(b).await;
        let e = err("describe_account", b.describe_account(MISSING_ACCOUNT).await);
        assert_eq!(e.code, "AccountNotFoundException");
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(!e.message.is_empty());

        let e = err("describe_ou", b.describe_organizational_unit(&missing_ou(&root)).await);
        assert_eq!(e.code, "OrganizationalUnitNotFoundException");
        assert_eq!(e.kind, ErrorKind::NotFound);

        let e = err("describe_policy", b.describe_policy(MISSING_POLICY).await);
        assert_eq!(e.code, "PolicyNotFoundException");
        assert_eq!(e.kind, ErrorKind::NotFound);
    }

    async fn moving_to_a_missing_parent_is_not_found(b, _caller) {
        let (_, root) = new_org(b).await;
        let acct = new_account(b, "Stay Put").await;
        // AWS answers DestinationParentNotFoundException, moto ParentNotFoundException:
        // the contract is the kind.
        let e = err("move_account", b.move_account(&acct, &root.id, &missing_ou(&root)).await);
        assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
        assert!(e.code.ends_with("ParentNotFoundException"), "{e}");
        assert_eq!(parents_of(b, &acct).await[0].id, root.id);
    }

    async fn calls_before_an_organization_exists_fail(b, _caller) {
        let e = err("describe_organization", b.describe_organization().await);
        assert_eq!(e.code, "AWSOrganizationsNotInUseException");
        assert_eq!(e.kind, ErrorKind::NoOrganization);
    }
}

// ---------------------------------------------------------------------------------------------
// AwsBackend only: how SDK failures map to OrgError (moto supplies the failures).

mod aws_errors {
    use super::*;
    use aws_sdk_organizations as sdk;
    use orgtui::org::aws::map_sdk_error;

    #[tokio::test]
    async fn unimplemented_call_is_http_500_other() {
        let caller = support::unique_account_id();
        let b = AwsBackend::for_emulator(&support::Moto::shared().endpoint(), Some(&caller));
        ok("create_organization", b.create_organization("ALL").await);
        // Handshakes are not implemented by moto: HTTP 500 with an HTML page.
        let e = b
            .client()
            .list_handshakes_for_organization()
            .send()
            .await
            .map_err(map_sdk_error)
            .err()
            .unwrap_or_else(|| panic!("moto implements handshakes now?"));
        assert_eq!(e.code, "HTTP 500");
        assert_eq!(e.kind, ErrorKind::ServerError { status: 500 });
        assert!(e.message.contains("does not implement"), "{e}");
    }

    #[tokio::test]
    async fn root_policy_types_are_converted() {
        let caller = support::unique_account_id();
        let b = AwsBackend::for_emulator(&support::Moto::shared().endpoint(), Some(&caller));
        let (_, root) = new_org(&b).await;
        let out = b
            .client()
            .enable_policy_type()
            .root_id(&root.id)
            .policy_type(sdk::types::PolicyType::ServiceControlPolicy)
            .send()
            .await
            .map_err(map_sdk_error);
        ok("enable_policy_type", out);
        let roots = ok("list_roots", collect_all(|t| b.list_roots(t)).await);
        assert_eq!(roots.len(), 1);
        assert_eq!(
            roots[0].enabled_policy_types(),
            vec![PolicyType::ServiceControl]
        );
    }

    #[tokio::test]
    async fn unreachable_endpoint_is_network() {
        // A port nothing listens on.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or(9);
        let b = AwsBackend::for_emulator(&format!("http://127.0.0.1:{port}"), None);
        let e = err("describe_organization", b.describe_organization().await);
        assert_eq!(e.kind, ErrorKind::Unreachable, "{e}");
    }

    #[tokio::test]
    async fn missing_credentials_are_credentials() {
        let conf = sdk::Config::builder()
            .behavior_version(sdk::config::BehaviorVersion::latest())
            .region(sdk::config::Region::new("us-east-1"))
            .endpoint_url(support::Moto::shared().endpoint())
            .build();
        let b = AwsBackend::from_client(sdk::Client::from_conf(conf));
        let e = err("describe_organization", b.describe_organization().await);
        assert_eq!(e.kind, ErrorKind::Credentials, "{e}");
        assert!(!e.message.is_empty());
    }

    #[tokio::test]
    async fn unknown_profile_is_credentials() {
        let b = AwsBackend::from_env(
            Some("orgtui-no-such-profile"),
            Some("us-east-1"),
            Some(&support::Moto::shared().endpoint()),
            orgtui::org::aws::ClientOptions::emulator(),
        )
        .await;
        let e = err("describe_organization", b.describe_organization().await);
        assert_eq!(e.kind, ErrorKind::Credentials, "{e}");
        assert!(e.message.contains("orgtui-no-such-profile"), "{e}");
    }

    #[tokio::test]
    async fn each_account_header_is_its_own_organization() {
        let endpoint = support::Moto::shared().endpoint();
        let (c1, c2) = (support::unique_account_id(), support::unique_account_id());
        let b1 = AwsBackend::for_emulator(&endpoint, Some(&c1));
        let b2 = AwsBackend::for_emulator(&endpoint, Some(&c2));
        let o1 = ok("create_organization", b1.create_organization("ALL").await);
        let o2 = ok("create_organization", b2.create_organization("ALL").await);
        assert_ne!(o1.id, o2.id);
        assert_eq!(o1.master_account_id, c1);
        assert_eq!(o2.master_account_id, c2);
    }
}
