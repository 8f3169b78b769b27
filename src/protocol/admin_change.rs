//! The administrative changes of issue 9 (tags, delegated administrators, trusted
//! services, the organization's resource policy) as one sub-enum of `Change`, with their
//! audit names and parameters, so they ride the same confirmed, audited, exactly-once path.

use serde_json::{json, Value};

use crate::org::Tag;

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
