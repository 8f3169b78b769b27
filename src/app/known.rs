//! What the model knows of the organization, as the change kinds' rules ask for it.

use crate::change::Known;
use crate::org::AccountState;

use super::cache::Loadable;
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
