//! Changes to the organization itself and its handshakes (issue 9): inviting an account,
//! answering or cancelling a handshake, enabling all features, creating, deleting and
//! leaving an organization — one sub-enum of `Change`, so they ride the confirmed,
//! audited, exactly-once change path.

use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgChange {
    /// InviteAccountToOrganization; `target` is a 12-digit account id or an email.
    InviteAccount {
        target: String,
        notes: String,
    },
    AcceptHandshake {
        handshake: String,
    },
    DeclineHandshake {
        handshake: String,
    },
    CancelHandshake {
        handshake: String,
    },
    EnableAllFeatures,
    /// Deletes `organization` (named so the audit line says which).
    DeleteOrganization {
        organization: String,
    },
    LeaveOrganization {
        organization: String,
    },
    /// `feature_set`: ALL or CONSOLIDATED_BILLING.
    CreateOrganization {
        feature_set: String,
    },
}

impl OrgChange {
    /// The API operation's name, as in the audit log.
    pub fn operation(&self) -> &'static str {
        match self {
            OrgChange::InviteAccount { .. } => "InviteAccountToOrganization",
            OrgChange::AcceptHandshake { .. } => "AcceptHandshake",
            OrgChange::DeclineHandshake { .. } => "DeclineHandshake",
            OrgChange::CancelHandshake { .. } => "CancelHandshake",
            OrgChange::EnableAllFeatures => "EnableAllFeatures",
            OrgChange::DeleteOrganization { .. } => "DeleteOrganization",
            OrgChange::LeaveOrganization { .. } => "LeaveOrganization",
            OrgChange::CreateOrganization { .. } => "CreateOrganization",
        }
    }

    /// Whether an invitation's target is an account id (else an email address).
    pub fn target_is_account(target: &str) -> bool {
        crate::org::ids::is_account_id(target)
    }

    /// The request parameters, named as in the API (the organization of a delete or a
    /// leave is not sent; it is kept so the audit line says which one it was).
    pub fn parameters(&self) -> Value {
        match self {
            OrgChange::InviteAccount { target, notes } => {
                let kind = if Self::target_is_account(target) {
                    "ACCOUNT"
                } else {
                    "EMAIL"
                };
                json!({ "Target": { "Id": target, "Type": kind }, "Notes": notes })
            }
            OrgChange::AcceptHandshake { handshake }
            | OrgChange::DeclineHandshake { handshake }
            | OrgChange::CancelHandshake { handshake } => json!({ "HandshakeId": handshake }),
            OrgChange::EnableAllFeatures => json!({}),
            OrgChange::DeleteOrganization { organization }
            | OrgChange::LeaveOrganization { organization } => {
                json!({ "OrganizationId": organization })
            }
            OrgChange::CreateOrganization { feature_set } => json!({ "FeatureSet": feature_set }),
        }
    }

    pub fn from_audit(operation: &str, p: &Value) -> Option<OrgChange> {
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let handshake = || s("HandshakeId");
        let organization = || s("OrganizationId");
        Some(match operation {
            "InviteAccountToOrganization" => OrgChange::InviteAccount {
                target: p.get("Target")?.get("Id")?.as_str()?.to_string(),
                notes: s("Notes").unwrap_or_default(),
            },
            "AcceptHandshake" => OrgChange::AcceptHandshake {
                handshake: handshake()?,
            },
            "DeclineHandshake" => OrgChange::DeclineHandshake {
                handshake: handshake()?,
            },
            "CancelHandshake" => OrgChange::CancelHandshake {
                handshake: handshake()?,
            },
            "EnableAllFeatures" => OrgChange::EnableAllFeatures,
            "DeleteOrganization" => OrgChange::DeleteOrganization {
                organization: organization()?,
            },
            "LeaveOrganization" => OrgChange::LeaveOrganization {
                organization: organization()?,
            },
            "CreateOrganization" => OrgChange::CreateOrganization {
                feature_set: s("FeatureSet")?,
            },
            _ => return None,
        })
    }

    /// What the change is about, for lists of changes.
    pub fn subject(&self) -> &str {
        match self {
            OrgChange::InviteAccount { target, .. } => target,
            OrgChange::AcceptHandshake { handshake }
            | OrgChange::DeclineHandshake { handshake }
            | OrgChange::CancelHandshake { handshake } => handshake,
            OrgChange::EnableAllFeatures => "all features",
            OrgChange::DeleteOrganization { organization }
            | OrgChange::LeaveOrganization { organization } => organization,
            OrgChange::CreateOrganization { feature_set } => feature_set,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_reads_back_from_its_audit_parameters() {
        let h = || "h-0123456789".to_string();
        let o = || "o-abcdefghij".to_string();
        let all = [
            OrgChange::InviteAccount {
                target: "123456789012".into(),
                notes: "welcome".into(),
            },
            OrgChange::InviteAccount {
                target: "a@example.com".into(),
                notes: String::new(),
            },
            OrgChange::AcceptHandshake { handshake: h() },
            OrgChange::DeclineHandshake { handshake: h() },
            OrgChange::CancelHandshake { handshake: h() },
            OrgChange::EnableAllFeatures,
            OrgChange::DeleteOrganization { organization: o() },
            OrgChange::LeaveOrganization { organization: o() },
            OrgChange::CreateOrganization {
                feature_set: "ALL".into(),
            },
        ];
        for c in all {
            let back = OrgChange::from_audit(c.operation(), &c.parameters());
            assert_eq!(back.as_ref(), Some(&c), "{}", c.operation());
        }
        assert_eq!(OrgChange::from_audit("AcceptHandshake", &json!({})), None);
    }

    #[test]
    fn an_invitation_says_whether_it_targets_an_account_or_an_email() {
        let by_id = OrgChange::InviteAccount {
            target: "123456789012".into(),
            notes: String::new(),
        };
        assert_eq!(by_id.parameters()["Target"]["Type"], "ACCOUNT");
        let by_mail = OrgChange::InviteAccount {
            target: "a@example.com".into(),
            notes: String::new(),
        };
        assert_eq!(by_mail.parameters()["Target"]["Type"], "EMAIL");
    }
}
