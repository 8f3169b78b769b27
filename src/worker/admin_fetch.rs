//! The administrative reads for the worker: tags, delegated services and administrators,
//! trusted services, the resource policy and handshakes.

use crate::net::Gate;
use crate::org::{HandshakeFilter, OrgBackend, OrgResult, BILLING};
use crate::protocol::{AdminFetch, AdminReply, Transfers};

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
        AdminFetch::Transfers => {
            let (inbound, outbound) = futures::try_join!(
                g.all(|t| b.list_inbound_responsibility_transfers(BILLING, None, t)),
                g.all(|t| b.list_outbound_responsibility_transfers(BILLING, t)),
            )?;
            let read_at = crate::time::now_rfc3339();
            AdminReply::Transfers(Transfers {
                inbound,
                outbound,
                read_at,
            })
        }
        AdminFetch::Transfer { id } => {
            AdminReply::Transfer(g.read(|| b.describe_responsibility_transfer(&id)).await?)
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

    fn gate() -> Gate {
        Gate::new(Timeouts {
            attempt: Duration::from_secs(2),
            operation: Duration::from_secs(5),
        })
    }

    #[tokio::test]
    async fn reads_answer_an_empty_organization_plainly() {
        let (g, b) = (gate(), DemoBackend::from_asset().expect("demo"));
        let member = b.a_member().await;
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
