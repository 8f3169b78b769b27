//! The administrative changes (tags, delegated administrators, trusted services, the
//! organization's resource policy): their audit names and parameters, sending each, the
//! answers that mean "already so", and re-reading whether one happened.

use serde_json::{json, Value};

use async_trait::async_trait;

use super::{About, ChangeKind, Found, Known, Names};
use crate::net::Gate;
use crate::org::{ErrorKind, OrgBackend, OrgError, OrgResult, Tag};
use crate::text::safe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminChange {
    /// Adds tags, or replaces the values of keys the resource has.
    TagResource {
        resource: String,
        tags: Vec<Tag>,
    },
    UntagResource {
        resource: String,
        keys: Vec<String>,
    },
    RegisterDelegatedAdministrator {
        account: String,
        service: String,
    },
    DeregisterDelegatedAdministrator {
        account: String,
        service: String,
    },
    EnableServiceAccess {
        service: String,
    },
    DisableServiceAccess {
        service: String,
    },
    /// Creates or replaces the organization's resource policy.
    PutResourcePolicy {
        content: String,
    },
    DeleteResourcePolicy,
}

impl AdminChange {
    /// The API operation's name, as in the audit log.
    pub fn operation(&self) -> &'static str {
        match self {
            AdminChange::TagResource { .. } => "TagResource",
            AdminChange::UntagResource { .. } => "UntagResource",
            AdminChange::RegisterDelegatedAdministrator { .. } => "RegisterDelegatedAdministrator",
            AdminChange::DeregisterDelegatedAdministrator { .. } => {
                "DeregisterDelegatedAdministrator"
            }
            AdminChange::EnableServiceAccess { .. } => "EnableAWSServiceAccess",
            AdminChange::DisableServiceAccess { .. } => "DisableAWSServiceAccess",
            AdminChange::PutResourcePolicy { .. } => "PutResourcePolicy",
            AdminChange::DeleteResourcePolicy => "DeleteResourcePolicy",
        }
    }

    /// The request parameters, named as in the API.
    pub fn parameters(&self) -> Value {
        match self {
            AdminChange::TagResource { resource, tags } => {
                let tags: Vec<Value> = tags
                    .iter()
                    .map(|t| json!({ "Key": t.key, "Value": t.value }))
                    .collect();
                json!({ "ResourceId": resource, "Tags": tags })
            }
            AdminChange::UntagResource { resource, keys } => {
                json!({ "ResourceId": resource, "TagKeys": keys })
            }
            AdminChange::RegisterDelegatedAdministrator { account, service }
            | AdminChange::DeregisterDelegatedAdministrator { account, service } => {
                json!({ "AccountId": account, "ServicePrincipal": service })
            }
            AdminChange::EnableServiceAccess { service }
            | AdminChange::DisableServiceAccess { service } => {
                json!({ "ServicePrincipal": service })
            }
            AdminChange::PutResourcePolicy { content } => json!({ "Content": content }),
            AdminChange::DeleteResourcePolicy => json!({}),
        }
    }

    /// The change an audit line describes, if it is one of these.
    pub fn from_audit(operation: &str, p: &Value) -> Option<AdminChange> {
        let s = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
        Some(match operation {
            "TagResource" => AdminChange::TagResource {
                resource: s("ResourceId")?,
                tags: p
                    .get("Tags")?
                    .as_array()?
                    .iter()
                    .map(|t| {
                        Some(Tag {
                            key: t.get("Key")?.as_str()?.to_string(),
                            value: t.get("Value")?.as_str()?.to_string(),
                        })
                    })
                    .collect::<Option<Vec<Tag>>>()?,
            },
            "UntagResource" => AdminChange::UntagResource {
                resource: s("ResourceId")?,
                keys: p
                    .get("TagKeys")?
                    .as_array()?
                    .iter()
                    .map(|k| k.as_str().map(str::to_string))
                    .collect::<Option<Vec<String>>>()?,
            },
            "RegisterDelegatedAdministrator" => AdminChange::RegisterDelegatedAdministrator {
                account: s("AccountId")?,
                service: s("ServicePrincipal")?,
            },
            "DeregisterDelegatedAdministrator" => AdminChange::DeregisterDelegatedAdministrator {
                account: s("AccountId")?,
                service: s("ServicePrincipal")?,
            },
            "EnableAWSServiceAccess" => AdminChange::EnableServiceAccess {
                service: s("ServicePrincipal")?,
            },
            "DisableAWSServiceAccess" => AdminChange::DisableServiceAccess {
                service: s("ServicePrincipal")?,
            },
            "PutResourcePolicy" => AdminChange::PutResourcePolicy {
                content: s("Content")?,
            },
            "DeleteResourcePolicy" => AdminChange::DeleteResourcePolicy,
            _ => return None,
        })
    }

    /// What the change is about, for lists of changes (a resource, account or service).
    pub fn subject(&self) -> &str {
        match self {
            AdminChange::TagResource { resource, .. }
            | AdminChange::UntagResource { resource, .. } => resource,
            AdminChange::RegisterDelegatedAdministrator { account, .. }
            | AdminChange::DeregisterDelegatedAdministrator { account, .. } => account,
            AdminChange::EnableServiceAccess { service }
            | AdminChange::DisableServiceAccess { service } => service,
            AdminChange::PutResourcePolicy { .. } | AdminChange::DeleteResourcePolicy => {
                "the organization's resource policy"
            }
        }
    }
}

#[async_trait]
impl ChangeKind for AdminChange {
    /// A delegated administrator needs the service's trusted access first.
    fn refusal(&self, known: &dyn Known) -> Option<String> {
        let AdminChange::RegisterDelegatedAdministrator { service, .. } = self else {
            return None;
        };
        (known.trusted_access(service) == Some(false)).then(|| {
            format!("trusted access is not enabled for {service}: enable it first (6, trusted services)")
        })
    }

    fn subject(&self) -> String {
        AdminChange::subject(self).to_string()
    }

    fn done(&self, names: &dyn Names) -> String {
        let count = |n: usize| {
            if n == 1 {
                "1 tag".to_string()
            } else {
                format!("{n} tags")
            }
        };
        match self {
            AdminChange::TagResource { resource, tags } => {
                format!("Set {} on {}", count(tags.len()), names.name(resource))
            }
            AdminChange::UntagResource { resource, keys } => {
                format!(
                    "Removed {} from {}",
                    count(keys.len()),
                    names.name(resource)
                )
            }
            AdminChange::RegisterDelegatedAdministrator { account, service } => format!(
                "{} is now delegated administrator of {}",
                names.name(account),
                safe(service)
            ),
            AdminChange::DeregisterDelegatedAdministrator { account, service } => format!(
                "{} is no longer delegated administrator of {}",
                names.name(account),
                safe(service)
            ),
            AdminChange::EnableServiceAccess { service } => {
                format!("Enabled trusted access for {}", safe(service))
            }
            AdminChange::DisableServiceAccess { service } => {
                format!("Disabled trusted access for {}", safe(service))
            }
            AdminChange::PutResourcePolicy { .. } => {
                "Saved the organization's resource policy".into()
            }
            AdminChange::DeleteResourcePolicy => {
                "Deleted the organization's resource policy".into()
            }
        }
    }

    fn operation(&self) -> &'static str {
        AdminChange::operation(self)
    }

    fn parameters(&self) -> Value {
        AdminChange::parameters(self)
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        send(b, self).await
    }

    fn already_there(&self, e: &OrgError) -> bool {
        already_there(&e.code, self)
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        Ok(Found::done(happened(g, b, self).await?))
    }

    fn stale(&self) -> Vec<About> {
        match self {
            AdminChange::TagResource { resource, .. }
            | AdminChange::UntagResource { resource, .. } => {
                vec![About::Tags(resource.clone())]
            }
            AdminChange::RegisterDelegatedAdministrator { account, .. }
            | AdminChange::DeregisterDelegatedAdministrator { account, .. } => vec![
                About::DelegatedServices(account.clone()),
                About::DelegatedAdmins,
            ],
            AdminChange::EnableServiceAccess { .. } | AdminChange::DisableServiceAccess { .. } => {
                vec![About::TrustedServices]
            }
            AdminChange::PutResourcePolicy { .. } | AdminChange::DeleteResourcePolicy => {
                vec![About::ResourcePolicy]
            }
        }
    }
}

/// Sends one change; answers the id of what it created, if anything.
async fn send(b: &dyn OrgBackend, change: &AdminChange) -> OrgResult<Option<String>> {
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
fn already_there(code: &str, change: &AdminChange) -> bool {
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
async fn happened(g: &Gate, b: &dyn OrgBackend, change: &AdminChange) -> OrgResult<bool> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_reads_back_from_its_audit_line() {
        let tag = |k: &str, v: &str| Tag {
            key: k.into(),
            value: v.into(),
        };
        let all = [
            AdminChange::TagResource {
                resource: "ou-1".into(),
                tags: vec![tag("env", "prod"), tag("team", "")],
            },
            AdminChange::UntagResource {
                resource: "111111111111".into(),
                keys: vec!["env".into()],
            },
            AdminChange::RegisterDelegatedAdministrator {
                account: "1".into(),
                service: "s.amazonaws.com".into(),
            },
            AdminChange::DeregisterDelegatedAdministrator {
                account: "1".into(),
                service: "s.amazonaws.com".into(),
            },
            AdminChange::EnableServiceAccess {
                service: "s.amazonaws.com".into(),
            },
            AdminChange::DisableServiceAccess {
                service: "s.amazonaws.com".into(),
            },
            AdminChange::PutResourcePolicy {
                content: "{}".into(),
            },
            AdminChange::DeleteResourcePolicy,
        ];
        for c in all {
            let back = AdminChange::from_audit(c.operation(), &c.parameters());
            assert_eq!(back.as_ref(), Some(&c), "{}", c.operation());
        }
        assert_eq!(AdminChange::from_audit("MoveAccount", &json!({})), None);
    }
}

#[cfg(test)]
mod reread_tests {
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

    /// Each change is found not done before it is sent and done after, so a reply lost
    /// on the way back is reconciled right; a resend that answers "already so" is
    /// recognised as such.
    #[tokio::test]
    async fn every_change_is_found_by_re_reading_what_it_changes() {
        let (g, b) = (gate(), DemoBackend::from_asset().expect("demo"));
        let member = b.a_member().await;
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
}
