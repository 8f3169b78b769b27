//! The administrative changes and reads of issue 9 for the worker: sending each change,
//! the answers that mean "already so", re-reading whether one happened (tags, the lists,
//! the policy), and carrying out the administrative reads.

use crate::org::{ErrorKind, HandshakeFilter, OrgBackend, OrgResult};
use crate::protocol::{AdminChange, AdminFetch, AdminReply};

use crate::net::gate::Gate;

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
        AdminFetch::Handshakes { member, action } => {
            let filter =
                action.map_or_else(HandshakeFilter::default, |a| HandshakeFilter::action(&a));
            AdminReply::Handshakes(if member {
                g.all(|t| b.list_handshakes_for_account(&filter, t)).await?
            } else {
                g.all(|t| b.list_handshakes_for_organization(&filter, t))
                    .await?
            })
        }
        AdminFetch::Handshake { id } => {
            AdminReply::Handshake(g.read(|| b.describe_handshake(&id)).await?)
        }
        AdminFetch::ResourcePolicy => match g.read(|| b.describe_resource_policy()).await {
            Ok(p) => AdminReply::ResourcePolicy(Some(p)),
            Err(e) if e.code == "ResourcePolicyNotFoundException" => {
                AdminReply::ResourcePolicy(None)
            }
            Err(e) => return Err(e),
        },
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::demo::DemoBackend;
    use crate::net::Timeouts;
    use crate::org::{collect_all, Tag};

    fn gate() -> Gate {
        Gate::new(Timeouts {
            attempt: Duration::from_secs(2),
            operation: Duration::from_secs(5),
        })
    }

    /// A member account of the demo (not its management account).
    async fn member_of(b: &DemoBackend) -> String {
        let mgmt = b
            .describe_organization()
            .await
            .expect("org")
            .master_account_id;
        let accounts = collect_all(|t| b.list_accounts(t)).await.expect("accounts");
        accounts
            .into_iter()
            .find(|a| a.id != mgmt)
            .expect("a member")
            .id
    }

    /// Each change is found not done before it is sent and done after, so a reply lost
    /// on the way back is reconciled right; a resend that answers "already so" is
    /// recognised as such.
    #[tokio::test]
    async fn every_change_is_found_by_re_reading_what_it_changes() {
        let (g, b) = (gate(), DemoBackend::from_asset().expect("demo"));
        let member = member_of(&b).await;
        let root = collect_all(|t| b.list_roots(t)).await.expect("roots")[0]
            .id
            .clone();
        let service = "guardduty.amazonaws.com".to_string();
        let content = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"organizations:Describe*","Resource":"*"}]}"#;
        let changes = [
            AdminChange::TagResource {
                resource: root.clone(),
                tags: vec![Tag {
                    key: "env".into(),
                    value: "prod".into(),
                }],
            },
            AdminChange::UntagResource {
                resource: root,
                keys: vec!["env".into()],
            },
            AdminChange::EnableServiceAccess {
                service: service.clone(),
            },
            AdminChange::RegisterDelegatedAdministrator {
                account: member.clone(),
                service: service.clone(),
            },
            AdminChange::DeregisterDelegatedAdministrator {
                account: member,
                service: service.clone(),
            },
            AdminChange::DisableServiceAccess { service },
            AdminChange::PutResourcePolicy {
                content: content.into(),
            },
            AdminChange::DeleteResourcePolicy,
        ];
        for c in &changes {
            // In order, each undoes or needs the one before: none is in effect yet.
            let before = happened(&g, &b, c).await.expect("re-read");
            assert!(!before, "before {}", c.operation());
            send(&b, c)
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", c.operation()));
            assert!(
                happened(&g, &b, c).await.expect("re-read"),
                "{}",
                c.operation()
            );
            // A resend: these three answer an error that means "already so".
            let answers_already = matches!(
                c,
                AdminChange::RegisterDelegatedAdministrator { .. }
                    | AdminChange::DeregisterDelegatedAdministrator { .. }
                    | AdminChange::DeleteResourcePolicy
            );
            match send(&b, c).await {
                Err(e) => assert!(
                    answers_already && already_there(&e.code, c),
                    "{}: {e:?}",
                    c.operation()
                ),
                Ok(_) => assert!(!answers_already, "{} resent", c.operation()),
            }
        }
    }

    #[tokio::test]
    async fn reads_answer_an_empty_organization_plainly() {
        let (g, b) = (gate(), DemoBackend::from_asset().expect("demo"));
        let member = member_of(&b).await;
        let services = read(&g, &b, AdminFetch::DelegatedServices { account: member })
            .await
            .expect("services");
        assert!(
            matches!(services, AdminReply::DelegatedServices { services, .. } if services.is_empty())
        );
        let policy = read(&g, &b, AdminFetch::ResourcePolicy)
            .await
            .expect("policy");
        assert_eq!(policy, AdminReply::ResourcePolicy(None));
    }
}
