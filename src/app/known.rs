//! What the model knows of the organization, as the change kinds ask for it: for their
//! rules (`Known`) and to name what they did (`Names`).

use crate::change::{Known, Names};
use crate::org::AccountState;
use crate::text::safe;

use super::cache::Loadable;
use super::directory::place;
use super::model::Model;

impl Known for Model {
    fn feature_set(&self) -> Option<&str> {
        self.organization().map(|o| o.feature_set.as_str())
    }

    fn account_state(&self, account: &str) -> Option<&AccountState> {
        let listed = || {
            self.cache
                .accounts
                .as_ref()
                .and_then(Loadable::loaded)
                .and_then(|list| list.iter().find(|a| a.id == account))
        };
        self.node_by_id(account)
            .and_then(|n| n.account())
            .or_else(listed)
            .map(|a| &a.state)
    }

    fn trusted_access(&self, service: &str) -> Option<bool> {
        let list = self.cache.admin.trusted_services.as_ref()?.loaded()?;
        Some(list.iter().any(|s| s.service_principal == service))
    }
}

impl Names for Model {
    fn name(&self, id: &str) -> String {
        let accounts = self.cache.accounts.as_ref().and_then(Loadable::loaded);
        let policies = self
            .cache
            .policies
            .iter()
            .chain(self.cache.attached.values())
            .filter_map(Loadable::loaded)
            .flatten();
        let name = self
            .node_by_id(id)
            .map(|n| n.name())
            .or_else(|| Some(accounts?.iter().find(|a| a.id == id)?.name.as_str()))
            .or_else(|| {
                policies
                    .clone()
                    .find(|p| p.id == id)
                    .map(|p| p.name.as_str())
            })
            .unwrap_or(id);
        safe(name).into_owned()
    }

    fn place(&self, id: &str) -> String {
        place(self, id)
    }
}
