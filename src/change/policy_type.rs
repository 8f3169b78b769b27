//! EnablePolicyType and DisablePolicyType on a root.

use async_trait::async_trait;
use serde_json::{json, Value};

use super::{param, About, ChangeKind, Found, Known, Names};
use crate::net::Gate;
use crate::org::{OrgBackend, OrgError, OrgResult, PolicyType};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnablePolicyType {
    pub root: String,
    pub kind: PolicyType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisablePolicyType {
    pub root: String,
    pub kind: PolicyType,
}

fn from_audit(operation: &str, expected: &str, p: &Value) -> Option<(String, PolicyType)> {
    (operation == expected).then_some(())?;
    Some((
        param(p, "RootId")?,
        PolicyType::from_api_str(&param(p, "PolicyType")?),
    ))
}

impl EnablePolicyType {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        let (root, kind) = from_audit(operation, "EnablePolicyType", p)?;
        Some(EnablePolicyType { root, kind })
    }
}

impl DisablePolicyType {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        let (root, kind) = from_audit(operation, "DisablePolicyType", p)?;
        Some(DisablePolicyType { root, kind })
    }
}

/// Whether the type is enabled (or being enabled) on the root now.
async fn enabled(g: &Gate, b: &dyn OrgBackend, root: &str, kind: &PolicyType) -> OrgResult<bool> {
    let roots = g.all(|t| b.list_roots(t)).await?;
    let status = roots
        .iter()
        .find(|r| r.id == root)
        .and_then(|r| r.policy_types.iter().find(|t| &t.kind == kind))
        .map(|t| t.status.as_str());
    Ok(matches!(status, Some("ENABLED" | "PENDING_ENABLE")))
}

/// Enabling or disabling a type changes the root and (for SCPs) every attachment.
fn stale() -> Vec<About> {
    vec![About::Organization, About::Policies, About::EveryAttachment]
}

fn parameters(root: &str, kind: &PolicyType) -> Value {
    json!({ "RootId": root, "PolicyType": kind.as_api_str() })
}

#[async_trait]
impl ChangeKind for EnablePolicyType {
    /// Policies need all features (AWS: PolicyTypeNotAvailableForOrganizationException).
    fn refusal(&self, known: &dyn Known) -> Option<String> {
        (known.feature_set() == Some("CONSOLIDATED_BILLING")).then(|| {
            format!(
                "{} policies need an organization with all features; this one has consolidated billing only (:enable-all-features)",
                self.kind.as_api_str()
            )
        })
    }

    fn subject(&self) -> String {
        self.kind.as_api_str().to_string()
    }

    fn done(&self, _: &dyn Names) -> String {
        format!("Enabled {} on the root", self.kind.as_api_str())
    }

    fn operation(&self) -> &'static str {
        "EnablePolicyType"
    }

    fn parameters(&self) -> Value {
        parameters(&self.root, &self.kind)
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.enable_policy_type(&self.root, &self.kind)
            .await
            .map(|_| None)
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "PolicyTypeAlreadyEnabledException"
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        Ok(Found::done(enabled(g, b, &self.root, &self.kind).await?))
    }

    fn stale(&self) -> Vec<About> {
        stale()
    }
}

#[async_trait]
impl ChangeKind for DisablePolicyType {
    fn subject(&self) -> String {
        self.kind.as_api_str().to_string()
    }

    fn done(&self, _: &dyn Names) -> String {
        format!("Disabled {} on the root", self.kind.as_api_str())
    }

    fn operation(&self) -> &'static str {
        "DisablePolicyType"
    }

    fn parameters(&self) -> Value {
        parameters(&self.root, &self.kind)
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.disable_policy_type(&self.root, &self.kind)
            .await
            .map(|_| None)
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "PolicyTypeNotEnabledException"
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        Ok(Found::done(!enabled(g, b, &self.root, &self.kind).await?))
    }

    fn stale(&self) -> Vec<About> {
        stale()
    }
}
