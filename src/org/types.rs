//! Domain types of an organization, independent of the SDK.

use serde::{Deserialize, Serialize};

pub use super::ids::TargetKind;

/// An Organizations policy type. Types newer than this list arrive as `Other` with AWS's
/// string, so they still show and round-trip. Serialised as AWS's string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum PolicyType {
    ServiceControl,
    ResourceControl,
    Tag,
    Backup,
    AiServicesOptOut,
    Chatbot,
    DeclarativeEc2,
    SecurityHub,
    Inspector,
    GuardDuty,
    Bedrock,
    S3,
    UpgradeRollout,
    NetworkSecurityDirector,
    Other(String),
}

/// What orgtui shows about a known policy type.
struct TypeInfo {
    api: &'static str,
    short: &'static str,
    label: &'static str,
    description: &'static str,
}

const fn info(
    api: &'static str,
    short: &'static str,
    label: &'static str,
    description: &'static str,
) -> TypeInfo {
    TypeInfo {
        api,
        short,
        label,
        description,
    }
}

impl PolicyType {
    /// Every type aws-sdk-organizations 1.137 knows, SCPs first (the order lists use).
    pub const KNOWN: [PolicyType; 14] = [
        PolicyType::ServiceControl,
        PolicyType::ResourceControl,
        PolicyType::Tag,
        PolicyType::Backup,
        PolicyType::AiServicesOptOut,
        PolicyType::Chatbot,
        PolicyType::DeclarativeEc2,
        PolicyType::SecurityHub,
        PolicyType::Inspector,
        PolicyType::GuardDuty,
        PolicyType::Bedrock,
        PolicyType::S3,
        PolicyType::UpgradeRollout,
        PolicyType::NetworkSecurityDirector,
    ];

    fn info(&self) -> Option<TypeInfo> {
        use PolicyType::*;
        Some(match self {
            ServiceControl => info(
                "SERVICE_CONTROL_POLICY",
                "SCP",
                "Service control policy",
                "Sets the most permissions IAM users and roles in member accounts can have.",
            ),
            ResourceControl => info(
                "RESOURCE_CONTROL_POLICY",
                "RCP",
                "Resource control policy",
                "Sets the most permissions anyone can have on resources in member accounts.",
            ),
            Tag => info(
                "TAG_POLICY",
                "TAG",
                "Tag policy",
                "Standardizes the tag keys and values used on resources in member accounts.",
            ),
            Backup => info(
                "BACKUP_POLICY",
                "BACKUP",
                "Backup policy",
                "Deploys AWS Backup plans that protect resources in member accounts.",
            ),
            AiServicesOptOut => info(
                "AISERVICES_OPT_OUT_POLICY",
                "AI-OPT-OUT",
                "AI services opt-out policy",
                "Decides whether AWS AI services may store and use content from member accounts.",
            ),
            Chatbot => info(
                "CHATBOT_POLICY",
                "CHATBOT",
                "Chat applications policy",
                "Controls which chat channels may reach member accounts through Amazon Q Developer in chat applications.",
            ),
            DeclarativeEc2 => info(
                "DECLARATIVE_POLICY_EC2",
                "DECL-EC2",
                "Declarative policy (EC2)",
                "Enforces a baseline configuration of EC2 and related services in member accounts.",
            ),
            SecurityHub => info(
                "SECURITYHUB_POLICY",
                "SECHUB",
                "Security Hub policy",
                "Enables and configures AWS Security Hub across member accounts and Regions.",
            ),
            Inspector => info(
                "INSPECTOR_POLICY",
                "INSPECTOR",
                "Inspector policy",
                "Enables Amazon Inspector scanning across member accounts.",
            ),
            GuardDuty => info(
                "GUARDDUTY_POLICY",
                "GUARDDUTY",
                "GuardDuty policy",
                "Enables and configures Amazon GuardDuty threat detection across member accounts.",
            ),
            Bedrock => info(
                "BEDROCK_POLICY",
                "BEDROCK",
                "Bedrock policy",
                "Enforces safeguards, such as guardrails, on Amazon Bedrock use in member accounts.",
            ),
            S3 => info(
                "S3_POLICY",
                "S3",
                "S3 policy",
                "Sets Amazon S3 account settings, such as Block Public Access, in member accounts.",
            ),
            UpgradeRollout => info(
                "UPGRADE_ROLLOUT_POLICY",
                "UPGRADE",
                "Upgrade rollout policy",
                "Orders when automatic upgrades of AWS managed services roll out to member accounts.",
            ),
            NetworkSecurityDirector => info(
                "NETWORK_SECURITY_DIRECTOR_POLICY",
                "NETSEC",
                "Network security director policy",
                "Configures network security analysis by AWS Security Hub's network security director in member accounts.",
            ),
            Other(_) => return None,
        })
    }

    pub fn as_api_str(&self) -> &str {
        match (self, self.info()) {
            (PolicyType::Other(s), _) => s,
            (_, Some(i)) => i.api,
            (_, None) => "",
        }
    }

    pub fn from_api_str(s: &str) -> PolicyType {
        PolicyType::KNOWN
            .iter()
            .find(|t| t.as_api_str() == s)
            .cloned()
            .unwrap_or_else(|| PolicyType::Other(s.to_string()))
    }

    /// Short label for narrow columns; an unknown type shows AWS's string.
    pub fn short(&self) -> &str {
        self.info().map_or(self.as_api_str(), |i| i.short)
    }

    /// The type's name in words, e.g. "Service control policy".
    pub fn label(&self) -> &str {
        self.info().map_or(self.as_api_str(), |i| i.label)
    }

    /// One plain line on what policies of this type do ("" for an unknown type).
    /// The short label of a known type, for fixed-width columns; unknown types are "OTHER"
    /// (their API name is shown beside it).
    pub fn short_static(&self) -> &'static str {
        self.info().map_or("OTHER", |i| i.short)
    }

    pub fn description(&self) -> &'static str {
        self.info().map_or("", |i| i.description)
    }

    /// SCPs and RCPs: they limit permissions and are evaluated, not merged.
    pub fn is_authorization(&self) -> bool {
        matches!(
            self,
            PolicyType::ServiceControl | PolicyType::ResourceControl
        )
    }

    /// Management policy types (every known type but SCPs and RCPs): their policies combine
    /// by inheritance operators into an effective policy per account.
    pub fn has_effective_policy(&self) -> bool {
        !self.is_authorization() && !matches!(self, PolicyType::Other(_))
    }
}

impl From<String> for PolicyType {
    fn from(s: String) -> Self {
        PolicyType::from_api_str(&s)
    }
}

impl From<PolicyType> for String {
    fn from(t: PolicyType) -> Self {
        match t {
            PolicyType::Other(s) => s,
            known => known.as_api_str().to_string(),
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
    /// Whether `kind` is enabled on this root or being enabled (so the choice is to
    /// disable it).
    pub fn has_policy_type(&self, kind: &PolicyType) -> bool {
        self.policy_types
            .iter()
            .any(|t| &t.kind == kind && matches!(t.status.as_str(), "ENABLED" | "PENDING_ENABLE"))
    }

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

/// The status of a CreateAccount or CreateGovCloudAccount request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateAccountStatus {
    pub id: String,
    pub account_name: String,
    /// IN_PROGRESS, SUCCEEDED or FAILED.
    pub state: String,
    pub account_id: Option<String>,
    /// For a CreateGovCloudAccount request that succeeded: the account in the AWS GovCloud
    /// (US) Region (`account_id` is its commercial partner in the organization).
    pub gov_cloud_account_id: Option<String>,
    pub failure_reason: Option<String>,
}

/// A list call's NextToken: `None` asks for the first page.
pub type Token = Option<String>;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_type_round_trips_with_distinct_names() {
        let mut apis = std::collections::HashSet::new();
        let mut shorts = std::collections::HashSet::new();
        for t in &PolicyType::KNOWN {
            assert_eq!(&PolicyType::from_api_str(t.as_api_str()), t);
            assert!(apis.insert(t.as_api_str()), "{t:?}");
            assert!(shorts.insert(t.short()), "{t:?}");
            assert!(
                !t.label().is_empty() && !t.description().is_empty(),
                "{t:?}"
            );
            let json = serde_json::to_string(t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.as_api_str()));
            assert_eq!(&serde_json::from_str::<PolicyType>(&json).unwrap(), t);
        }
        assert_eq!(apis.len(), 14);
    }

    #[test]
    fn unknown_types_keep_their_string() {
        let t = PolicyType::from_api_str("QUANTUM_POLICY");
        assert_eq!(t, PolicyType::Other("QUANTUM_POLICY".into()));
        assert_eq!(
            (t.as_api_str(), t.short(), t.label()),
            ("QUANTUM_POLICY", "QUANTUM_POLICY", "QUANTUM_POLICY")
        );
        assert_eq!(t.description(), "");
        assert!(!t.has_effective_policy() && !t.is_authorization());
        let back: PolicyType = serde_json::from_str("\"QUANTUM_POLICY\"").unwrap();
        assert_eq!(back, t);
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"QUANTUM_POLICY\"");
    }

    #[test]
    fn only_management_types_have_effective_policies() {
        assert!(PolicyType::ServiceControl.is_authorization());
        assert!(PolicyType::ResourceControl.is_authorization());
        assert!(!PolicyType::ServiceControl.has_effective_policy());
        assert!(PolicyType::Tag.has_effective_policy());
        assert!(PolicyType::NetworkSecurityDirector.has_effective_policy());
        assert_eq!(
            PolicyType::KNOWN
                .iter()
                .filter(|t| t.has_effective_policy())
                .count(),
            12
        );
    }
}
