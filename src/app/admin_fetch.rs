//! Issue 9's administrative reads: tags of any resource, an account's delegated services,
//! the delegated administrators, the trusted services and the organization's resource
//! policy — what is asked (`AdminFetch`), answered (`AdminReply`) and kept (`AdminCache`).

use crate::org::{
    DelegatedAdministrator, DelegatedService, EnabledService, Handshake, ResourcePolicy,
    ResponsibilityTransfer, Tag,
};

use super::cache::{keyed, Loadable, Slot, Store};
use super::model::Model;
use super::msg::{AdminFetch, AdminReply, Transfers};

/// What the administrative reads brought.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdminCache {
    /// Tags by resource id (accounts' tags also arrive with DescribeAccount).
    pub tags: Store<Vec<Tag>>,
    pub delegated_services: Store<Vec<DelegatedService>>,
    pub delegated_admins: Option<Loadable<Vec<DelegatedAdministrator>>>,
    pub trusted_services: Option<Loadable<Vec<EnabledService>>>,
    pub resource_policy: Option<Loadable<Option<ResourcePolicy>>>,
    /// The handshakes screen's list, as last filtered.
    pub handshakes: Option<Loadable<Vec<Handshake>>>,
    /// DescribeHandshake answers by id.
    pub handshake: Store<Handshake>,
    /// The responsibility transfers, inbound and outbound.
    pub transfers: Option<Loadable<Transfers>>,
    /// DescribeResponsibilityTransfer answers by id.
    pub transfer: Store<ResponsibilityTransfer>,
}

impl AdminCache {
    pub fn slot<'a>(&'a mut self, fetch: &'a AdminFetch) -> Box<dyn Slot + 'a> {
        match fetch {
            AdminFetch::Tags { resource } => keyed(&mut self.tags, resource),
            AdminFetch::DelegatedServices { account } => {
                keyed(&mut self.delegated_services, account)
            }
            AdminFetch::DelegatedAdmins => Box::new(&mut self.delegated_admins),
            AdminFetch::TrustedServices => Box::new(&mut self.trusted_services),
            AdminFetch::ResourcePolicy => Box::new(&mut self.resource_policy),
            AdminFetch::Handshakes { .. } => Box::new(&mut self.handshakes),
            AdminFetch::Handshake { id } => keyed(&mut self.handshake, id),
            AdminFetch::Transfers => Box::new(&mut self.transfers),
            AdminFetch::Transfer { id } => keyed(&mut self.transfer, id),
        }
    }
}

/// Files an answer where the views read it.
pub fn file(m: &mut Model, reply: AdminReply) {
    let c = &mut m.cache;
    match reply {
        AdminReply::Tags { resource, tags } => {
            // The detail pane reads every resource's tags from the one map.
            c.tags.insert(resource.clone(), tags.clone());
            c.admin.tags.insert(resource, Loadable::Loaded(tags));
            m.node_data_changed();
        }
        AdminReply::DelegatedServices { account, services } => {
            c.admin
                .delegated_services
                .insert(account, Loadable::Loaded(services));
        }
        AdminReply::DelegatedAdmins(list) => {
            c.admin.delegated_admins = Some(Loadable::Loaded(list));
            // Each administrator's services are read at the next pause (`missing`).
            m.settled = false;
        }
        AdminReply::TrustedServices(list) => {
            c.admin.trusted_services = Some(Loadable::Loaded(list));
        }
        AdminReply::ResourcePolicy(p) => c.admin.resource_policy = Some(Loadable::Loaded(p)),
        AdminReply::Handshakes(list) => c.admin.handshakes = Some(Loadable::Loaded(list)),
        AdminReply::Handshake(h) => {
            c.admin.handshake.insert(h.id.clone(), Loadable::Loaded(h));
        }
        AdminReply::Transfers(t) => c.admin.transfers = Some(Loadable::Loaded(t)),
        AdminReply::Transfer(t) => {
            c.admin.transfer.insert(t.id.clone(), Loadable::Loaded(t));
        }
    }
}

/// `r` on a node: its tags and delegated services are read again with its details.
pub fn forget_details(m: &mut Model, id: &str) {
    let resource = id.to_string();
    let account = id.to_string();
    for f in [
        AdminFetch::Tags { resource },
        AdminFetch::DelegatedServices { account },
    ] {
        super::load::forget(m, &super::msg::Fetch::Admin(f));
    }
}

/// What the delegated-administrators screen still lacks: the services of each account
/// listed as a delegated administrator.
pub fn missing(m: &Model) -> Vec<AdminFetch> {
    let Some(Loadable::Loaded(admins)) = &m.cache.admin.delegated_admins else {
        return Vec::new();
    };
    admins
        .iter()
        .filter(|d| !m.cache.admin.delegated_services.contains_key(&d.account.id))
        .map(|d| AdminFetch::DelegatedServices {
            account: d.account.id.clone(),
        })
        .collect()
}
