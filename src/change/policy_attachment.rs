//! AttachPolicy and DetachPolicy: a policy on a root, OU or account, or off it.

use async_trait::async_trait;
use serde_json::{json, Value};

use super::{param, About, ChangeKind, Found, Names};
use crate::net::Gate;
use crate::org::{OrgBackend, OrgError, OrgResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachPolicy {
    pub policy: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachPolicy {
    pub policy: String,
    pub target: String,
}

fn ids(operation: &str, expected: &str, p: &Value) -> Option<(String, String)> {
    (operation == expected).then_some(())?;
    Some((param(p, "PolicyId")?, param(p, "TargetId")?))
}

impl AttachPolicy {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        let (policy, target) = ids(operation, "AttachPolicy", p)?;
        Some(AttachPolicy { policy, target })
    }
}

impl DetachPolicy {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        let (policy, target) = ids(operation, "DetachPolicy", p)?;
        Some(DetachPolicy { policy, target })
    }
}

/// Whether `policy` is attached to `target` now.
async fn attached(g: &Gate, b: &dyn OrgBackend, policy: &str, target: &str) -> OrgResult<bool> {
    let targets = g.all(|t| b.list_targets_for_policy(policy, t)).await?;
    Ok(targets.iter().any(|t| t.target_id == target))
}

fn stale(policy: &str, target: &str) -> Vec<About> {
    vec![
        About::Attached(target.to_string()),
        About::Targets(policy.to_string()),
    ]
}

#[async_trait]
impl ChangeKind for AttachPolicy {
    fn subject(&self) -> String {
        self.target.clone()
    }

    fn done(&self, names: &dyn Names) -> String {
        format!(
            "Attached {} to {}",
            names.name(&self.policy),
            names.name(&self.target)
        )
    }

    fn operation(&self) -> &'static str {
        "AttachPolicy"
    }

    fn parameters(&self) -> Value {
        json!({ "PolicyId": self.policy, "TargetId": self.target })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.attach_policy(&self.policy, &self.target)
            .await
            .map(|_| None)
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "DuplicatePolicyAttachmentException"
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        Ok(Found::done(
            attached(g, b, &self.policy, &self.target).await?,
        ))
    }

    fn stale(&self) -> Vec<About> {
        stale(&self.policy, &self.target)
    }
}

#[async_trait]
impl ChangeKind for DetachPolicy {
    fn subject(&self) -> String {
        self.target.clone()
    }

    fn done(&self, names: &dyn Names) -> String {
        format!(
            "Detached {} from {}",
            names.name(&self.policy),
            names.name(&self.target)
        )
    }

    fn operation(&self) -> &'static str {
        "DetachPolicy"
    }

    fn parameters(&self) -> Value {
        json!({ "PolicyId": self.policy, "TargetId": self.target })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.detach_policy(&self.policy, &self.target)
            .await
            .map(|_| None)
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "PolicyNotAttachedException"
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        Ok(Found::done(
            !attached(g, b, &self.policy, &self.target).await?,
        ))
    }

    fn stale(&self) -> Vec<About> {
        stale(&self.policy, &self.target)
    }
}
