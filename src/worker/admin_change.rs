//! The administrative changes and reads of issue 9 for the worker: sending each change,
//! the answers that mean "already so", re-reading whether one happened (tags, the lists,
//! the policy), and carrying out the administrative reads.

use crate::app::{AdminChange, AdminFetch, AdminReply};
use crate::org::{ErrorKind, OrgBackend, OrgResult};

use super::gate::Gate;

/// Sends one change; answers the id of what it created, if anything.
pub async fn send(b: &dyn OrgBackend, change: &AdminChange) -> OrgResult<Option<String>> {
    match change {
        AdminChange::TagResource { resource, tags } => b.tag_resource(resource, tags).await,
        AdminChange::UntagResource { resource, keys } => b.untag_resource(resource, keys).await,
        AdminChange::RegisterDelegatedAdministrator { account, service } => {
            b.register_delegated_administrator(account, service).await
        }
        AdminChange::DeregisterDelegatedAdministrator { account, service } => {
            b.deregister_delegated_administrator(account, service).await
        }
        AdminChange::EnableServiceAccess { service } => b.enable_aws_service_access(service).await,
        AdminChange::DisableServiceAccess { service } => {
            b.disable_aws_service_access(service).await
        }
        AdminChange::PutResourcePolicy { content } => {
            return b
                .put_resource_policy(content, &[])
                .await
                .map(|p| Some(p.id))
        }
        AdminChange::DeleteResourcePolicy => b.delete_resource_policy().await,
    }
    .map(|()| None)
}

/// The answers that mean "what you asked for is already so".
pub fn already_there(code: &str, change: &AdminChange) -> bool {
    matches!(
        (change, code),
        (
            AdminChange::RegisterDelegatedAdministrator { .. },
            "AccountAlreadyRegisteredException"
        ) | (
            AdminChange::DeregisterDelegatedAdministrator { .. },
            "AccountNotRegisteredException"
        ) | (
            AdminChange::DeleteResourcePolicy,
            "ResourcePolicyNotFoundException"
        )
    )
}

/// Whether `change` is in effect, re-read from the API.
pub async fn happened(g: &Gate, b: &dyn OrgBackend, change: &AdminChange) -> OrgResult<bool> {
    Ok(match change {
        AdminChange::TagResource { resource, tags } => {
            let now = g.all(|t| b.list_tags_for_resource(resource, t)).await?;
            tags.iter().all(|tag| now.contains(tag))
        }
        AdminChange::UntagResource { resource, keys } => {
            let now = g.all(|t| b.list_tags_for_resource(resource, t)).await?;
            !now.iter().any(|tag| keys.contains(&tag.key))
        }
        AdminChange::RegisterDelegatedAdministrator { account, service }
        | AdminChange::DeregisterDelegatedAdministrator { account, service } => {
            let listed = match g
                .all(|t| b.list_delegated_services_for_account(account, t))
                .await
            {
                Ok(list) => list.iter().any(|s| &s.service_principal == service),
                // Not a delegated administrator of anything.
                Err(e) if e.code == "AccountNotRegisteredException" => false,
                Err(e) => return Err(e),
            };
            listed == matches!(change, AdminChange::RegisterDelegatedAdministrator { .. })
        }
        AdminChange::EnableServiceAccess { service }
        | AdminChange::DisableServiceAccess { service } => {
            let list = g
                .all(|t| b.list_aws_service_access_for_organization(t))
                .await?;
            let enabled = list.iter().any(|s| &s.service_principal == service);
            enabled == matches!(change, AdminChange::EnableServiceAccess { .. })
        }
        AdminChange::PutResourcePolicy { content } => {
            match g.read(|| b.describe_resource_policy()).await {
                Ok(p) => same_json(&p.content, content),
                Err(e) if e.kind == ErrorKind::NotFound => false,
                Err(e) => return Err(e),
            }
        }
        AdminChange::DeleteResourcePolicy => match g.read(|| b.describe_resource_policy()).await {
            Ok(_) => false,
            Err(e) if e.kind == ErrorKind::NotFound => true,
            Err(e) => return Err(e),
        },
    })
}

/// Two documents are the same when they parse to the same JSON (AWS may reformat).
fn same_json(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// Carries out one administrative read.
pub async fn read(g: &Gate, b: &dyn OrgBackend, fetch: AdminFetch) -> OrgResult<AdminReply> {
    Ok(match fetch {
        AdminFetch::Tags { resource } => AdminReply::Tags {
            tags: g.all(|t| b.list_tags_for_resource(&resource, t)).await?,
            resource,
        },
        AdminFetch::DelegatedServices { account } => {
            let services = match g
                .all(|t| b.list_delegated_services_for_account(&account, t))
                .await
            {
                Ok(list) => list,
                // AWS answers this for an account that administers nothing.
                Err(e) if e.code == "AccountNotRegisteredException" => Vec::new(),
                Err(e) => return Err(e),
            };
            AdminReply::DelegatedServices { account, services }
        }
        AdminFetch::DelegatedAdmins => {
            AdminReply::DelegatedAdmins(g.all(|t| b.list_delegated_administrators(None, t)).await?)
        }
        AdminFetch::TrustedServices => AdminReply::TrustedServices(
            g.all(|t| b.list_aws_service_access_for_organization(t))
                .await?,
        ),
        AdminFetch::ResourcePolicy => match g.read(|| b.describe_resource_policy()).await {
            Ok(p) => AdminReply::ResourcePolicy(Some(p)),
            Err(e) if e.code == "ResourcePolicyNotFoundException" => {
                AdminReply::ResourcePolicy(None)
            }
            Err(e) => return Err(e),
        },
    })
}
