//! CreatePolicy, UpdatePolicy and DeletePolicy.

use async_trait::async_trait;
use serde_json::{json, Value};

use super::{param, About, ChangeKind, Found, Names};
use crate::net::Gate;
use crate::org::{ErrorKind, NewPolicy, OrgBackend, OrgError, OrgResult, PolicyType, PolicyUpdate};
use crate::text::safe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatePolicy {
    pub name: String,
    pub description: String,
    pub kind: PolicyType,
    pub content: String,
}

/// UpdatePolicy; every field is sent (what the editor shows is what AWS keeps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdatePolicy {
    pub policy: String,
    pub name: String,
    pub description: String,
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeletePolicy {
    pub policy: String,
}

impl CreatePolicy {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        (operation == "CreatePolicy").then_some(())?;
        Some(CreatePolicy {
            name: param(p, "Name")?,
            description: param(p, "Description")?,
            kind: PolicyType::from_api_str(&param(p, "Type")?),
            content: param(p, "Content")?,
        })
    }
}

impl UpdatePolicy {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        (operation == "UpdatePolicy").then_some(())?;
        Some(UpdatePolicy {
            policy: param(p, "PolicyId")?,
            name: param(p, "Name")?,
            description: param(p, "Description")?,
            content: param(p, "Content")?,
        })
    }
}

impl DeletePolicy {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        (operation == "DeletePolicy").then_some(())?;
        Some(DeletePolicy {
            policy: param(p, "PolicyId")?,
        })
    }
}

#[async_trait]
impl ChangeKind for CreatePolicy {
    fn subject(&self) -> String {
        self.name.clone()
    }

    fn done(&self, _: &dyn Names) -> String {
        format!("Created {} {}", self.kind.short(), safe(&self.name))
    }

    fn operation(&self) -> &'static str {
        "CreatePolicy"
    }

    fn parameters(&self) -> Value {
        json!({
            "Name": self.name, "Description": self.description,
            "Type": self.kind.as_api_str(), "Content": self.content
        })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        let new = NewPolicy::new(&self.name, &self.description, &self.content, &self.kind);
        b.create_policy(&new).await.map(|p| Some(p.id))
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "DuplicatePolicyException"
    }

    /// The name is unique among policies; the same name with other content is not ours.
    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        let all = g.all(|t| b.list_policies(&self.kind, t)).await?;
        Ok(match all.into_iter().find(|p| p.name == self.name) {
            Some(p) if g.read(|| b.describe_policy(&p.id)).await?.content == self.content => {
                Found::Done {
                    created: Some(p.id),
                }
            }
            _ => Found::NotDone,
        })
    }

    fn stale(&self) -> Vec<About> {
        vec![About::Policies]
    }
}

#[async_trait]
impl ChangeKind for UpdatePolicy {
    fn subject(&self) -> String {
        self.name.clone()
    }

    fn done(&self, _: &dyn Names) -> String {
        format!("Saved policy {}", safe(&self.name))
    }

    fn operation(&self) -> &'static str {
        "UpdatePolicy"
    }

    fn parameters(&self) -> Value {
        json!({
            "PolicyId": self.policy, "Name": self.name,
            "Description": self.description, "Content": self.content
        })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        let update = PolicyUpdate {
            name: Some(self.name.clone()),
            description: Some(self.description.clone()),
            content: Some(self.content.clone()),
        };
        b.update_policy(&self.policy, &update).await.map(|_| None)
    }

    fn already_there(&self, _: &OrgError) -> bool {
        false
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        let now = g.read(|| b.describe_policy(&self.policy)).await?;
        Ok(Found::done(
            now.summary.name == self.name
                && now.summary.description == self.description
                && now.content == self.content,
        ))
    }

    fn stale(&self) -> Vec<About> {
        policy_stale(&self.policy)
    }
}

#[async_trait]
impl ChangeKind for DeletePolicy {
    fn subject(&self) -> String {
        self.policy.clone()
    }

    fn done(&self, names: &dyn Names) -> String {
        format!("Deleted policy {}", names.name(&self.policy))
    }

    fn operation(&self) -> &'static str {
        "DeletePolicy"
    }

    fn parameters(&self) -> Value {
        json!({ "PolicyId": self.policy })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.delete_policy(&self.policy).await.map(|_| None)
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "PolicyNotFoundException"
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        match g.read(|| b.describe_policy(&self.policy)).await {
            Ok(_) => Ok(Found::NotDone),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(Found::done(true)),
            Err(e) => Err(e),
        }
    }

    fn stale(&self) -> Vec<About> {
        policy_stale(&self.policy)
    }
}

fn policy_stale(policy: &str) -> Vec<About> {
    vec![
        About::Policy(policy.to_string()),
        About::Targets(policy.to_string()),
        About::Policies,
    ]
}
