//! What has been read from the API, keyed by what was fetched. Every fetch that fills one
//! entry maps to its entry in `Cache::slot` (one match), so starting, failing and
//! forgetting a load is the same code for all of them.

use std::collections::HashMap;

use crate::org::{Account, OrgError, OrgUnit, Policy, PolicySummary, PolicyTarget, Tag};

use super::msg::{Ancestor, Fetch};

/// Something fetched on demand. Absence (in a map or an `Option`) means "not loaded".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loadable<T> {
    Loading,
    Loaded(T),
    Failed(OrgError),
}

impl<T> Loadable<T> {
    pub fn loaded(&self) -> Option<&T> {
        match self {
            Loadable::Loaded(v) => Some(v),
            _ => None,
        }
    }
}

impl<T> From<Result<T, OrgError>> for Loadable<T> {
    fn from(r: Result<T, OrgError>) -> Self {
        match r {
            Ok(v) => Loadable::Loaded(v),
            Err(e) => Loadable::Failed(e),
        }
    }
}

/// Loaded values of one kind, by id.
pub type Store<T> = HashMap<String, Loadable<T>>;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cache {
    /// DescribeAccount / DescribeOrganizationalUnit, by id (the data goes into the node).
    pub details: Store<()>,
    /// Tags of accounts, read with their details.
    pub tags: HashMap<String, Vec<Tag>>,
    /// Ancestors (nearest first, ending with the root) found with ListParents, by id.
    pub ancestors: Store<Vec<Ancestor>>,
    /// Policies attached directly to a target (any enabled type), by target id.
    pub attached: Store<Vec<PolicySummary>>,
    pub policy_docs: Store<Policy>,
    pub policy_targets: Store<Vec<PolicyTarget>>,
    /// OUs under each parent (parent id →), for pickers: filled from tree listings and
    /// from ListOrganizationalUnitsForParent.
    pub ou_dir: Store<Vec<OrgUnit>>,
    /// Every policy of the types the organization offers (the policies view, pickers).
    pub policies: Option<Loadable<Vec<PolicySummary>>>,
    /// Every account (the accounts view).
    pub accounts: Option<Loadable<Vec<Account>>>,
    /// Tags, delegated administrators, trusted services, the resource policy.
    pub admin: super::admin_fetch::AdminCache,
}

/// The state of one entry, whatever its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Absent,
    Loading,
    Loaded,
    Failed,
}

/// One entry of the cache, seen through what every entry can do.
pub trait Slot {
    fn state(&self) -> State;
    fn set_loading(&mut self);
    fn set_failed(&mut self, err: OrgError);
    fn forget(&mut self);
}

fn state_of<T>(l: Option<&Loadable<T>>) -> State {
    match l {
        None => State::Absent,
        Some(Loadable::Loading) => State::Loading,
        Some(Loadable::Loaded(_)) => State::Loaded,
        Some(Loadable::Failed(_)) => State::Failed,
    }
}

struct Keyed<'a, T> {
    store: &'a mut Store<T>,
    key: &'a str,
}

impl<T> Slot for Keyed<'_, T> {
    fn state(&self) -> State {
        state_of(self.store.get(self.key))
    }
    fn set_loading(&mut self) {
        self.store.insert(self.key.to_string(), Loadable::Loading);
    }
    fn set_failed(&mut self, err: OrgError) {
        self.store
            .insert(self.key.to_string(), Loadable::Failed(err));
    }
    fn forget(&mut self) {
        self.store.remove(self.key);
    }
}

impl<T> Slot for Option<Loadable<T>> {
    fn state(&self) -> State {
        state_of(self.as_ref())
    }
    fn set_loading(&mut self) {
        *self = Some(Loadable::Loading);
    }
    fn set_failed(&mut self, err: OrgError) {
        *self = Some(Loadable::Failed(err));
    }
    fn forget(&mut self) {
        *self = None;
    }
}

/// The slot of one keyed entry.
pub(super) fn keyed<'a, T: 'a>(store: &'a mut Store<T>, key: &'a str) -> Box<dyn Slot + 'a> {
    Box::new(Keyed { store, key })
}

impl Cache {
    /// The entry `fetch` fills, or `None` for fetches whose answers go elsewhere (the
    /// organization and tree listings live in the model's node arena; ListChildren
    /// answers a question and is not kept).
    pub fn slot<'a>(&'a mut self, fetch: &'a Fetch) -> Option<Box<dyn Slot + 'a>> {
        Some(match fetch {
            Fetch::OrgUnit { id } | Fetch::Account { id } => keyed(&mut self.details, id),
            Fetch::Ancestors { id } => keyed(&mut self.ancestors, id),
            Fetch::PoliciesForTarget { target, .. } => keyed(&mut self.attached, target),
            Fetch::Policy { id } => keyed(&mut self.policy_docs, id),
            Fetch::Targets { policy } => keyed(&mut self.policy_targets, policy),
            Fetch::OrgUnitsOf { parent } => keyed(&mut self.ou_dir, parent),
            Fetch::Policies { .. } => Box::new(&mut self.policies),
            Fetch::AllAccounts => Box::new(&mut self.accounts),
            Fetch::Admin(f) => self.admin.slot(f),
            Fetch::Organization
            | Fetch::Children { .. }
            | Fetch::Subtree { .. }
            | Fetch::ChildIds { .. }
            | Fetch::EvalInput { .. }
            | Fetch::EvalAll { .. }
            | Fetch::Judge { .. }
            | Fetch::WhatIf { .. }
            | Fetch::Effective { .. }
            | Fetch::CreateAccountStatus { .. }
            | Fetch::CreationRequests { .. }
            | Fetch::PlanReview { .. } => return None,
        })
    }
}

impl<S: Slot + ?Sized> Slot for &mut S {
    fn state(&self) -> State {
        (**self).state()
    }
    fn set_loading(&mut self) {
        (**self).set_loading()
    }
    fn set_failed(&mut self, err: OrgError) {
        (**self).set_failed(err)
    }
    fn forget(&mut self) {
        (**self).forget()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cached_fetch_fails_the_same_way() {
        let fetches = [
            Fetch::Account { id: "1".into() },
            Fetch::Ancestors { id: "1".into() },
            Fetch::Policy { id: "p".into() },
            Fetch::Targets { policy: "p".into() },
            Fetch::OrgUnitsOf { parent: "r".into() },
            Fetch::AllAccounts,
            Fetch::Policies { types: Vec::new() },
        ];
        let mut cache = Cache::default();
        for f in &fetches {
            let mut slot = cache.slot(f).expect("cached");
            assert_eq!(slot.state(), State::Absent);
            slot.set_loading();
            assert_eq!(slot.state(), State::Loading);
            slot.set_failed(OrgError::new("AccessDeniedException", "no"));
            assert_eq!(slot.state(), State::Failed);
        }
        assert!(matches!(
            cache.ancestors.get("1"),
            Some(Loadable::Failed(e)) if e.code == "AccessDeniedException"
        ));
        for f in &fetches {
            let mut slot = cache.slot(f).expect("cached");
            slot.forget();
            assert_eq!(slot.state(), State::Absent);
        }
    }

    #[test]
    fn tree_listings_are_not_cache_entries() {
        let mut cache = Cache::default();
        assert!(cache.slot(&Fetch::Organization).is_none());
        let children = Fetch::Children { parent: "r".into() };
        assert!(cache.slot(&children).is_none());
    }
}
