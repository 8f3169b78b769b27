//! Domain types of an organization, independent of the SDK.

use serde::{Deserialize, Serialize};

pub use super::ids::TargetKind;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PolicyType {
    #[serde(rename = "SERVICE_CONTROL_POLICY")]
    ServiceControl,
    #[serde(rename = "RESOURCE_CONTROL_POLICY")]
    ResourceControl,
    #[serde(rename = "TAG_POLICY")]
    Tag,
    #[serde(rename = "BACKUP_POLICY")]
    Backup,
    #[serde(rename = "AISERVICES_OPT_OUT_POLICY")]
    AiServicesOptOut,
    #[serde(untagged)]
    Other(String),
}

impl PolicyType {
    pub const KNOWN: [PolicyType; 5] = [
        PolicyType::ServiceControl,
        PolicyType::ResourceControl,
        PolicyType::Tag,
        PolicyType::Backup,
        PolicyType::AiServicesOptOut,
    ];

    pub fn as_api_str(&self) -> &str {
        match self {
            PolicyType::ServiceControl => "SERVICE_CONTROL_POLICY",
            PolicyType::ResourceControl => "RESOURCE_CONTROL_POLICY",
            PolicyType::Tag => "TAG_POLICY",
            PolicyType::Backup => "BACKUP_POLICY",
            PolicyType::AiServicesOptOut => "AISERVICES_OPT_OUT_POLICY",
            PolicyType::Other(s) => s,
        }
    }

    pub fn from_api_str(s: &str) -> PolicyType {
        PolicyType::KNOWN
            .iter()
            .find(|t| t.as_api_str() == s)
            .cloned()
            .unwrap_or_else(|| PolicyType::Other(s.to_string()))
    }

    /// Short label for narrow columns.
    pub fn short(&self) -> &str {
        match self {
            PolicyType::ServiceControl => "SCP",
            PolicyType::ResourceControl => "RCP",
            PolicyType::Tag => "TAG",
            PolicyType::Backup => "BACKUP",
            PolicyType::AiServicesOptOut => "AI-OPT-OUT",
            PolicyType::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyTypeSummary {
    #[serde(rename = "Type")]
    pub kind: PolicyType,
    /// ENABLED, PENDING_ENABLE, PENDING_DISABLE (roots) or AVAILABLE (organization).
    #[serde(rename = "Status")]
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: String,
    pub arn: String,
    /// ALL or CONSOLIDATED_BILLING.
    pub feature_set: String,
    pub master_account_id: String,
    pub master_account_arn: String,
    pub master_account_email: String,
    pub available_policy_types: Vec<PolicyTypeSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Root {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub policy_types: Vec<PolicyTypeSummary>,
}

impl Root {
    /// Policy types whose status is ENABLED on this root.
    pub fn enabled_policy_types(&self) -> Vec<PolicyType> {
        self.policy_types
            .iter()
            .filter(|t| t.status == "ENABLED")
            .map(|t| t.kind.clone())
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: String,
    pub arn: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccountState {
    PendingActivation,
    Active,
    Suspended,
    PendingClosure,
    Closed,
}

impl AccountState {
    pub fn as_api_str(&self) -> &'static str {
        match self {
            AccountState::PendingActivation => "PENDING_ACTIVATION",
            AccountState::Active => "ACTIVE",
            AccountState::Suspended => "SUSPENDED",
            AccountState::PendingClosure => "PENDING_CLOSURE",
            AccountState::Closed => "CLOSED",
        }
    }

    pub fn from_api_str(s: &str) -> AccountState {
        match s {
            "PENDING_ACTIVATION" => AccountState::PendingActivation,
            "SUSPENDED" => AccountState::Suspended,
            "PENDING_CLOSURE" => AccountState::PendingClosure,
            "CLOSED" => AccountState::Closed,
            _ => AccountState::Active,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub email: String,
    pub state: AccountState,
    /// INVITED or CREATED.
    pub joined_method: String,
    /// RFC 3339 time the account joined.
    pub joined_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySummary {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: String,
    pub kind: PolicyType,
    pub aws_managed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub summary: PolicySummary,
    /// The policy document as AWS returned it (JSON text).
    pub content: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyTarget {
    pub target_id: String,
    pub arn: String,
    pub name: String,
    pub kind: TargetKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChildType {
    Account,
    OrganizationalUnit,
}

impl ChildType {
    pub fn as_api_str(self) -> &'static str {
        match self {
            ChildType::Account => "ACCOUNT",
            ChildType::OrganizationalUnit => "ORGANIZATIONAL_UNIT",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub id: String,
    pub kind: ChildType,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parent {
    pub id: String,
    /// ROOT or ORGANIZATIONAL_UNIT.
    pub kind: TargetKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateAccountStatus {
    pub id: String,
    pub account_name: String,
    /// IN_PROGRESS, SUCCEEDED or FAILED.
    pub state: String,
    pub account_id: Option<String>,
    pub failure_reason: Option<String>,
}

/// One page of a list call; `next_token` is `None` on the last page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

impl<T> Page<T> {
    pub fn last(items: Vec<T>) -> Self {
        Page {
            items,
            next_token: None,
        }
    }
}
