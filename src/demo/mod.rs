//! `DemoBackend`: an in-process organization that follows the real API's rules and answers
//! with the real error codes (stricter than the moto emulator), so the UI can be tried, tested
//! and benchmarked without AWS. The built-in organization comes from `assets/demo-org.json`.
//!
//! All state sits behind one `std::sync::Mutex`; every call locks it once, does its work
//! synchronously and releases it before returning, so the lock is never held across an await.
//!
//! Asset schema (`assets/demo-org.json`): `organization {id, feature_set,
//! management_account_id}`, `root {id, name, policy_types, tags?}`, `organizational_units
//! [{id, name, parent, tags?}]` (parents before children), `accounts [{id, name, email, parent,
//! state, joined_method, joined_at, tags?}]`, `policies [{id, name, description, type, content
//! (JSON), targets, tags?}]`. FullAWSAccess is not listed: like AWS, it exists in every
//! organization and is attached to the root, every OU and every account when SCPs are enabled.

mod accounts;
mod admin_state;
mod asset;
mod clock;
mod creation;
mod effective;
mod errors;
mod generated;
mod handshakes;
mod id_gen;
mod lifecycle;
mod limits;
mod membership;
mod organization;
mod ous;
mod paging;
mod policies;
mod policy_admin;
mod policy_types;
mod resource_policy;
mod services;
mod state;
mod tags;
#[cfg(test)]
mod tests;
mod transfers;
mod tree;
mod validate;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use anyhow::Context;
use async_trait::async_trait;

use self::asset::{org_from_asset, ASSET};
use self::clock::Clock;
use self::id_gen::IdGen;
use self::paging::DEFAULT_PAGE_SIZE;
use self::state::{Org, State};

/// The management account of a generated organization (`--demo-size`).
pub use self::generated::MANAGEMENT as GENERATED_MANAGEMENT;
use crate::org::backend::OrgBackend;
use crate::org::error::OrgResult;
use crate::org::types::*;
use crate::org::Token;

// ---------------------------------------------------------------------------------------------
// The backend.

pub struct DemoBackend {
    state: Mutex<State>,
    /// A generated organization still being built (on a thread of its own, so that a
    /// large demo's first frame, drawn from a snapshot, does not wait for it): the first
    /// call waits for it (`built`) and files it into `state`.
    building: Mutex<Option<std::thread::JoinHandle<anyhow::Result<Org>>>>,
    /// Turns true once that organization is built: calls wait for it here, without
    /// holding up the runtime's threads (STS, the snapshot, the first frame go on).
    built: Option<tokio::sync::watch::Receiver<bool>>,
    page_size: usize,
    latency: Duration,
    /// Calls made so far, by operation (to check that the UI makes only the calls it needs).
    calls: Mutex<BTreeMap<&'static str, usize>>,
    /// The demo's time: elapsed tokio time since it started (see `clock`).
    clock: Clock,
}

impl DemoBackend {
    /// The built-in demo organization from `assets/demo-org.json`; the caller is its
    /// management account.
    pub fn from_asset() -> anyhow::Result<Self> {
        let org = org_from_asset(ASSET).context("loading the built-in demo organization")?;
        Ok(Self::with_state(State {
            caller: org.master_id.clone(),
            org: Some(org),
            ids: IdGen(0x0D3E_0000_0000_0001),
        }))
    }

    /// A generated organization of `accounts` accounts in `accounts / 5` OUs (at most 1,000;
    /// three levels),
    /// for trying large organizations.
    pub fn generated(accounts: usize) -> anyhow::Result<Self> {
        let (done, built) = tokio::sync::watch::channel(false);
        let build = move || {
            let text = generated::asset(accounts.max(1));
            let org = org_from_asset(&text).context("generating a demo organization");
            let _ = done.send(true);
            org
        };
        let mut demo = Self::with_state(State {
            caller: generated::MANAGEMENT.to_string(),
            org: None,
            ids: IdGen(0x0F3E_0000_0000_0003),
        });
        let thread = std::thread::Builder::new()
            .name("demo-organization".into())
            .spawn(build)
            .context("starting to generate the demo organization")?;
        *demo.building.lock().unwrap_or_else(|e| e.into_inner()) = Some(thread);
        demo.built = Some(built);
        Ok(demo)
    }

    /// A caller (`caller_account_id`, 12 digits) that is in no organization until
    /// `create_organization` is called.
    pub fn empty(caller_account_id: &str) -> Self {
        Self::with_state(State {
            caller: caller_account_id.to_string(),
            org: None,
            ids: IdGen(0x0E3E_0000_0000_0002),
        })
    }

    /// At most `n` items per list call (at least 1); AWS's own ceiling is 20.
    pub fn with_page_size(mut self, n: usize) -> Self {
        self.page_size = n.max(1);
        self
    }

    /// Sleeps this long before every call, to show loading states and races.
    pub fn with_latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    fn with_state(state: State) -> Self {
        DemoBackend {
            state: Mutex::new(state),
            building: Mutex::new(None),
            built: None,
            page_size: DEFAULT_PAGE_SIZE,
            latency: Duration::ZERO,
            calls: Mutex::new(BTreeMap::new()),
            clock: Clock::start(),
        }
    }

    /// How many times each trait method has been called.
    pub fn calls(&self) -> BTreeMap<&'static str, usize> {
        self.calls.lock().map(|c| c.clone()).unwrap_or_default()
    }

    async fn pause(&self, operation: &'static str) {
        if let Some(built) = &self.built {
            // Only errs when the builder is gone, which `lock` then reports.
            let _ = built.clone().wait_for(|done| *done).await;
        }
        if let Ok(mut calls) = self.calls.lock() {
            *calls.entry(operation).or_default() += 1;
        }
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        let now = self.now();
        // No code panics while holding the lock, so a poisoned state is still consistent.
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let building = self
            .building
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(thread) = building {
            match thread.join() {
                Ok(Ok(org)) => state.org = Some(org),
                // Generated from code, so it cannot fail unless the generator is wrong;
                // the demo then answers as for a caller in no organization.
                Ok(Err(e)) => tracing::error!("the demo organization was not generated: {e:#}"),
                Err(_) => tracing::error!("generating the demo organization panicked"),
            }
        }
        // Time passes before every call: creations and closures finish, handshakes expire.
        state.tick(now);
        state
    }
}

#[async_trait]
impl OrgBackend for DemoBackend {
    async fn describe_organization(&self) -> OrgResult<Organization> {
        self.pause("describe_organization").await;
        Ok(self.lock().org()?.organization())
    }

    async fn list_roots(&self, token: Token) -> OrgResult<Page<Root>> {
        self.pause("list_roots").await;
        let roots = vec![self.lock().org()?.root_info()];
        self.page("ListRoots", roots, token)
    }

    async fn list_organizational_units_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<OrgUnit>> {
        self.pause("list_organizational_units_for_parent").await;
        let items = self
            .lock()
            .list_organizational_units_for_parent(parent_id)?;
        self.page(&format!("ListOUsForParent/{parent_id}"), items, token)
    }

    async fn list_accounts_for_parent(
        &self,
        parent_id: &str,
        token: Token,
    ) -> OrgResult<Page<Account>> {
        self.pause("list_accounts_for_parent").await;
        let items = self.lock().list_accounts_for_parent(parent_id)?;
        self.page(&format!("ListAccountsForParent/{parent_id}"), items, token)
    }

    async fn list_children(
        &self,
        parent_id: &str,
        child_type: ChildType,
        token: Token,
    ) -> OrgResult<Page<Child>> {
        self.pause("list_children").await;
        let items = self.lock().list_children(parent_id, child_type)?;
        let scope = format!("ListChildren/{parent_id}/{}", child_type.as_api_str());
        self.page(&scope, items, token)
    }

    async fn list_parents(&self, child_id: &str, token: Token) -> OrgResult<Page<Parent>> {
        self.pause("list_parents").await;
        let items = self.lock().list_parents(child_id)?;
        self.page(&format!("ListParents/{child_id}"), items, token)
    }

    async fn describe_organizational_unit(&self, ou_id: &str) -> OrgResult<OrgUnit> {
        self.pause("describe_organizational_unit").await;
        let st = self.lock();
        let org = st.org()?;
        let ou = org.existing_ou(ou_id)?;
        Ok(org.ou_info(ou))
    }

    async fn describe_account(&self, account_id: &str) -> OrgResult<Account> {
        self.pause("describe_account").await;
        let st = self.lock();
        Ok(st.org()?.existing_account(account_id)?.account.clone())
    }

    async fn list_accounts(&self, token: Token) -> OrgResult<Page<Account>> {
        self.pause("list_accounts").await;
        let items = self.lock().list_accounts()?;
        self.page("ListAccounts", items, token)
    }

    async fn list_tags_for_resource(
        &self,
        resource_id: &str,
        token: Token,
    ) -> OrgResult<Page<Tag>> {
        self.pause("list_tags_for_resource").await;
        let items = self.lock().list_tags_for_resource(resource_id)?;
        self.page(&format!("ListTagsForResource/{resource_id}"), items, token)
    }

    async fn list_policies(
        &self,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        self.pause("list_policies").await;
        let items = self.lock().list_policies(filter)?;
        self.page(
            &format!("ListPolicies/{}", filter.as_api_str()),
            items,
            token,
        )
    }

    async fn list_policies_for_target(
        &self,
        target_id: &str,
        filter: &PolicyType,
        token: Token,
    ) -> OrgResult<Page<PolicySummary>> {
        self.pause("list_policies_for_target").await;
        let items = self.lock().list_policies_for_target(target_id, filter)?;
        let scope = format!("ListPoliciesForTarget/{target_id}/{}", filter.as_api_str());
        self.page(&scope, items, token)
    }

    async fn describe_policy(&self, policy_id: &str) -> OrgResult<Policy> {
        self.pause("describe_policy").await;
        let st = self.lock();
        Ok(st.org()?.existing_policy(policy_id)?.clone())
    }

    async fn list_targets_for_policy(
        &self,
        policy_id: &str,
        token: Token,
    ) -> OrgResult<Page<PolicyTarget>> {
        self.pause("list_targets_for_policy").await;
        let state = self.lock();
        let ids = state.list_targets_for_policy(policy_id)?;
        let page = self.page(&format!("ListTargetsForPolicy/{policy_id}"), ids, token)?;
        Ok(Page {
            items: page
                .items
                .iter()
                .filter_map(|id| state.policy_target(id))
                .collect(),
            next_token: page.next_token,
        })
    }

    async fn attach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.pause("attach_policy").await;
        self.lock().org_mut()?.attach(policy_id, target_id)
    }

    async fn detach_policy(&self, policy_id: &str, target_id: &str) -> OrgResult<()> {
        self.pause("detach_policy").await;
        self.lock().org_mut()?.detach(policy_id, target_id)
    }

    async fn move_account(
        &self,
        account_id: &str,
        source_parent_id: &str,
        destination_parent_id: &str,
    ) -> OrgResult<()> {
        self.pause("move_account").await;
        self.lock()
            .move_account(account_id, source_parent_id, destination_parent_id)
    }

    async fn create_organizational_unit(&self, parent_id: &str, name: &str) -> OrgResult<OrgUnit> {
        self.pause("create_organizational_unit").await;
        self.lock().create_organizational_unit(parent_id, name)
    }

    async fn update_organizational_unit(&self, ou_id: &str, name: &str) -> OrgResult<OrgUnit> {
        self.pause("update_organizational_unit").await;
        self.lock().update_organizational_unit(ou_id, name)
    }

    async fn delete_organizational_unit(&self, ou_id: &str) -> OrgResult<()> {
        self.pause("delete_organizational_unit").await;
        self.lock().delete_organizational_unit(ou_id)
    }
}

#[cfg(test)]
impl DemoBackend {
    /// A member account of the organization (not its management account), for tests.
    pub(crate) async fn a_member(&self) -> String {
        let mgmt = self
            .describe_organization()
            .await
            .expect("org")
            .master_account_id;
        let accounts = crate::org::collect_all(|t| self.list_accounts(t))
            .await
            .expect("accounts");
        accounts
            .into_iter()
            .find(|a| a.id != mgmt)
            .expect("a member")
            .id
    }
}
