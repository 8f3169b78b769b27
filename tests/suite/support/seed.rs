//! Seeding an organization through `OrgBackend` (and its `Lifecycle`), shared by the contract
//! tests and the end-to-end tests: the organization, OUs, accounts (waiting, bounded, until
//! each is created) and the results they unwrap.

use std::time::Duration;

use orgtui::org::ids::{is_account_id, is_ou_id};
use orgtui::org::{
    collect_all, NewAccount, OrgBackend, OrgError, OrgResult, OrgUnit, Organization, PolicyType,
    Root,
};

pub const SCP_DENY_LEAVE: &str = r#"{"Version":"2012-10-17","Statement":[{"Sid":"NoLeave","Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}]}"#;

/// The value of a call that must succeed; a panic naming `what` otherwise.
pub fn ok<T>(what: &str, r: OrgResult<T>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("{what} failed: {e} ({:?})", e.kind),
    }
}

/// The error of a call that must fail; a panic naming `what` otherwise.
pub fn err<T: std::fmt::Debug>(what: &str, r: OrgResult<T>) -> OrgError {
    match r {
        Ok(v) => panic!("{what} should have failed but returned {v:?}"),
        Err(e) => e,
    }
}

/// Creates an organization with all features and returns it with its one root.
pub async fn new_org(b: &dyn OrgBackend) -> (Organization, Root) {
    let org = ok("create_organization", b.create_organization("ALL").await);
    let roots = ok("list_roots", collect_all(|t| b.list_roots(t)).await);
    assert_eq!(roots.len(), 1, "one root: {roots:?}");
    (org, roots[0].clone())
}

/// Enables SCPs on the root, unless they are on already.
pub async fn enable_scps(b: &dyn OrgBackend, root: &str) {
    match b
        .enable_policy_type(root, &PolicyType::ServiceControl)
        .await
    {
        Err(e) if e.code != "PolicyTypeAlreadyEnabledException" => {
            panic!("enable_policy_type SCP failed: {e}")
        }
        _ => {}
    }
}

/// Creates an OU under `parent`.
pub async fn new_ou(b: &dyn OrgBackend, parent: &str, name: &str) -> OrgUnit {
    let ou = ok(
        "create_organizational_unit",
        b.create_organizational_unit(parent, name).await,
    );
    assert!(is_ou_id(&ou.id), "OU id {:?}", ou.id);
    assert_eq!(ou.name, name);
    ou
}

/// The email `new_account` gives an account: "Prod Shared" → prod-shared@example.com.
pub fn email_for(name: &str) -> String {
    format!("{}@example.com", name.to_lowercase().replace(' ', "-"))
}

/// Creates an account (emailed as `email_for(name)`) and waits until it exists.
pub async fn new_account(b: &dyn OrgBackend, name: &str) -> String {
    new_account_with_email(b, name, &email_for(name)).await
}

/// Creates an account and waits (bounded) until its creation has succeeded; its id.
pub async fn new_account_with_email(b: &dyn OrgBackend, name: &str, email: &str) -> String {
    let mut status = ok(
        "create_account",
        b.create_account(&NewAccount::new(email, name)).await,
    );
    for _ in 0..100 {
        match status.state.as_str() {
            "SUCCEEDED" => {
                let id = status
                    .account_id
                    .clone()
                    .unwrap_or_else(|| panic!("SUCCEEDED without an account id: {status:?}"));
                assert!(is_account_id(&id), "account id {id:?}");
                return id;
            }
            "FAILED" => panic!("create_account {name} failed: {status:?}"),
            _ => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                status = ok(
                    "describe_create_account_status",
                    b.describe_create_account_status(&status.id).await,
                );
            }
        }
    }
    panic!("account {name} was not created in time: {status:?}");
}

/// Moves a new account (which AWS puts under the root) into `parent`, unless that is the root.
pub async fn move_from_root(b: &dyn OrgBackend, account: &str, root: &str, parent: &str) {
    if parent != root {
        ok("move_account", b.move_account(account, root, parent).await);
    }
}

/// Creates an account and moves it from the root into `parent`.
pub async fn new_account_in(b: &dyn OrgBackend, root: &str, parent: &str, name: &str) -> String {
    let id = new_account(b, name).await;
    move_from_root(b, &id, root, parent).await;
    id
}
