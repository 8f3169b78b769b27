//! After a change: the cached reads it made stale, named by what they are about
//! (`ChangeKind::stale`), are forgotten here, and what is on screen is read again. No
//! change decides by hand what to re-read.

use std::collections::BTreeSet;

use crate::change::About;

use super::super::model::Model;
use super::super::msg::{AdminFetch, Cmd, Fetch};
use super::{all_accounts, children, ensure, forget, organization, policies, reload};

/// Forgets what `stale` names (each once, however many changes named it) and reads again
/// what the screen shows.
pub fn invalidate(m: &mut Model, stale: impl IntoIterator<Item = About>, cmds: &mut Vec<Cmd>) {
    // A parent is looked up before anything is forgotten or moved.
    let stale: BTreeSet<About> = stale
        .into_iter()
        .filter_map(|a| match a {
            About::ParentOf(id) => {
                let parent = m.node_by_id(&id).and_then(|n| n.parent)?;
                Some(About::Children(m.node(parent).id.clone()))
            }
            a => Some(a),
        })
        .collect();
    for about in stale {
        match about {
            About::Organization => organization(m, cmds),
            About::Children(parent) => {
                let dir = Fetch::OrgUnitsOf {
                    parent: parent.clone(),
                };
                let had_dir = m.cache.ou_dir.contains_key(&parent);
                forget(m, &dir);
                if had_dir {
                    ensure(m, dir, cmds);
                }
                if let Some(&ix) = m.index.get(&parent) {
                    if m.nodes[ix].children_load.is_some() {
                        children(m, ix, cmds);
                    }
                }
            }
            About::ParentOf(_) => {}
            About::Details(id) => {
                m.cache.details.remove(&id);
            }
            About::Attached(target) => {
                m.cache.attached.remove(&target);
                super::attached(m, &target, cmds);
            }
            About::EveryAttachment => {
                m.cache.attached.clear();
                m.cache.policy_targets.clear();
            }
            About::Targets(policy) => forget(m, &Fetch::Targets { policy }),
            About::Policy(id) => forget(m, &Fetch::Policy { id }),
            About::Policies => policies(m, cmds),
            // The accounts view (and what counts members) reads the list again.
            About::Accounts => {
                if m.cache.accounts.is_some() {
                    all_accounts(m, cmds);
                }
            }
            About::Tags(resource) => reload(m, Fetch::Admin(AdminFetch::Tags { resource }), cmds),
            About::DelegatedServices(account) => {
                let f = AdminFetch::DelegatedServices { account };
                reload(m, Fetch::Admin(f), cmds)
            }
            About::DelegatedAdmins => reload(m, Fetch::Admin(AdminFetch::DelegatedAdmins), cmds),
            About::TrustedServices => reload(m, Fetch::Admin(AdminFetch::TrustedServices), cmds),
            About::ResourcePolicy => reload(m, Fetch::Admin(AdminFetch::ResourcePolicy), cmds),
            About::Handshakes => {
                m.cache.admin.handshakes = None;
                m.cache.admin.handshake.clear();
            }
            About::Transfers => {
                m.cache.admin.transfer.clear();
                let had = m.cache.admin.transfers.is_some();
                forget(m, &Fetch::Admin(AdminFetch::Transfers));
                if had {
                    ensure(m, Fetch::Admin(AdminFetch::Transfers), cmds);
                }
            }
        }
    }
    // What the panes show of the selection is requested again at the next pause, not
    // only when the selection moves.
    m.settled = false;
}
