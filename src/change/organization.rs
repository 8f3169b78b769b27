//! Changes to the organization itself and its handshakes: inviting an account, answering
//! or cancelling a handshake, enabling all features, creating, deleting and leaving an
//! organization; sending each, the answers to a resend that may mean the first send did
//! it, and the re-reads (the handshake's state, the organization) that say whether one
//! happened.

use async_trait::async_trait;
use serde_json::{json, Value};

use super::{About, ChangeKind, Found, Names};
use crate::net::Gate;
use crate::org::{HandshakeFilter, HandshakeParty, OrgBackend, OrgError, OrgResult};
use crate::text::safe;

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

#[async_trait]
impl ChangeKind for OrgChange {
    fn subject(&self) -> String {
        OrgChange::subject(self).to_string()
    }

    fn done(&self, _: &dyn Names) -> String {
        match self {
            OrgChange::InviteAccount { target, .. } => format!(
                "Invited {}: the handshake is OPEN until it is answered (15 days at most)",
                safe(target)
            ),
            OrgChange::AcceptHandshake { handshake } => {
                format!("Accepted handshake {}", safe(handshake))
            }
            OrgChange::DeclineHandshake { handshake } => {
                format!("Declined handshake {}", safe(handshake))
            }
            OrgChange::CancelHandshake { handshake } => {
                format!("Canceled handshake {}", safe(handshake))
            }
            OrgChange::EnableAllFeatures => {
                "Enabling all features: every member must approve its handshake; progress below"
                    .into()
            }
            OrgChange::DeleteOrganization { organization } => {
                format!("Deleted organization {}", safe(organization))
            }
            OrgChange::LeaveOrganization { organization } => format!(
                "This account left organization {}: it is standalone now",
                safe(organization)
            ),
            OrgChange::CreateOrganization { feature_set } => format!(
                "Created an organization ({}) with this account as management account — r reads it",
                safe(feature_set)
            ),
        }
    }

    fn operation(&self) -> &'static str {
        OrgChange::operation(self)
    }

    fn parameters(&self) -> Value {
        OrgChange::parameters(self)
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        send(b, self).await
    }

    fn already_there(&self, e: &OrgError) -> bool {
        already_there(&e.code, self)
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        find(g, b, self).await
    }

    fn stale(&self) -> Vec<About> {
        match self {
            OrgChange::InviteAccount { .. } => vec![About::Handshakes],
            // The answer to a TRANSFER_RESPONSIBILITY handshake is the transfer's status.
            OrgChange::DeclineHandshake { .. } | OrgChange::CancelHandshake { .. } => {
                vec![About::Handshakes, About::Transfers]
            }
            // Accepting may make the caller a member, complete all features, or put a
            // responsibility transfer in force.
            OrgChange::AcceptHandshake { .. } => {
                vec![About::Handshakes, About::Organization, About::Transfers]
            }
            OrgChange::EnableAllFeatures => vec![About::Handshakes, About::Organization],
            OrgChange::DeleteOrganization { .. }
            | OrgChange::LeaveOrganization { .. }
            | OrgChange::CreateOrganization { .. } => {
                vec![About::Organization, About::Accounts, About::Handshakes]
            }
        }
    }
}

/// Sends one change; an invitation or EnableAllFeatures answers its handshake's id.
async fn send(b: &dyn OrgBackend, change: &OrgChange) -> OrgResult<Option<String>> {
    Ok(match change {
        OrgChange::InviteAccount { target, notes } => {
            let party = if OrgChange::target_is_account(target) {
                HandshakeParty::account(target)
            } else {
                HandshakeParty::email(target)
            };
            let notes = Some(notes.as_str()).filter(|n| !n.is_empty());
            Some(b.invite_account_to_organization(&party, notes).await?.id)
        }
        OrgChange::AcceptHandshake { handshake } => {
            b.accept_handshake(handshake).await.map(|_| None)?
        }
        OrgChange::DeclineHandshake { handshake } => {
            b.decline_handshake(handshake).await.map(|_| None)?
        }
        OrgChange::CancelHandshake { handshake } => {
            b.cancel_handshake(handshake).await.map(|_| None)?
        }
        OrgChange::EnableAllFeatures => Some(b.enable_all_features().await?.id),
        OrgChange::DeleteOrganization { .. } => b.delete_organization().await.map(|_| None)?,
        OrgChange::LeaveOrganization { .. } => b.leave_organization().await.map(|_| None)?,
        OrgChange::CreateOrganization { feature_set } => {
            b.create_organization(feature_set).await.map(|_| None)?
        }
    })
}

/// The answers to a resend that may mean the first send did it (the re-read decides).
fn already_there(code: &str, change: &OrgChange) -> bool {
    matches!(
        (change, code),
        (
            OrgChange::InviteAccount { .. },
            "DuplicateHandshakeException"
        ) | (
            OrgChange::AcceptHandshake { .. }
                | OrgChange::DeclineHandshake { .. }
                | OrgChange::CancelHandshake { .. },
            "HandshakeAlreadyInStateException" | "InvalidHandshakeTransitionException"
        ) | (
            OrgChange::EnableAllFeatures,
            "HandshakeConstraintViolationException"
        ) | (
            OrgChange::DeleteOrganization { .. } | OrgChange::LeaveOrganization { .. },
            "AWSOrganizationsNotInUseException"
        ) | (
            OrgChange::CreateOrganization { .. },
            "AlreadyInOrganizationException"
        )
    )
}

/// The organization the caller is in, `None` when in none.
async fn organization(gate: &Gate, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
    match gate.read(|| b.describe_organization()).await {
        Ok(o) => Ok(Some(o.id)),
        Err(e) if e.code == "AWSOrganizationsNotInUseException" => Ok(None),
        Err(e) => Err(e),
    }
}

/// An open handshake of `action` (INVITE for an invitation to `target`), if there is one.
async fn open_handshake(
    gate: &Gate,
    b: &dyn OrgBackend,
    action: &str,
    target: Option<&str>,
) -> OrgResult<Option<String>> {
    let filter = HandshakeFilter::action(action);
    let list = gate
        .all(|t| b.list_handshakes_for_organization(&filter, t))
        .await?;
    let open = |s: &str| matches!(s, "OPEN" | "REQUESTED" | "ACCEPTED");
    Ok(list
        .into_iter()
        .filter(|h| open(&h.state))
        .find(|h| target.is_none_or(|t| h.parties.iter().any(|p| p.id.eq_ignore_ascii_case(t))))
        .map(|h| h.id))
}

/// Whether `change` happened: the handshake's state, or the organization, re-read.
async fn find(gate: &Gate, b: &dyn OrgBackend, change: &OrgChange) -> OrgResult<Found> {
    let state = |h: &str| {
        let h = h.to_string();
        async move {
            gate.read(|| b.describe_handshake(&h))
                .await
                .map(|h| h.state)
        }
    };
    Ok(match change {
        OrgChange::InviteAccount { target, .. } => {
            match open_handshake(gate, b, "INVITE", Some(target)).await? {
                Some(id) => Found::Done { created: Some(id) },
                None => Found::NotDone,
            }
        }
        OrgChange::AcceptHandshake { handshake } => {
            Found::done(state(handshake).await? == "ACCEPTED")
        }
        OrgChange::DeclineHandshake { handshake } => {
            Found::done(state(handshake).await? == "DECLINED")
        }
        OrgChange::CancelHandshake { handshake } => {
            Found::done(state(handshake).await? == "CANCELED")
        }
        OrgChange::EnableAllFeatures => {
            match open_handshake(gate, b, "ENABLE_ALL_FEATURES", None).await? {
                Some(id) => Found::Done { created: Some(id) },
                None => Found::NotDone,
            }
        }
        OrgChange::DeleteOrganization { organization: o }
        | OrgChange::LeaveOrganization { organization: o } => {
            Found::done(organization(gate, b).await?.as_deref() != Some(o.as_str()))
        }
        OrgChange::CreateOrganization { .. } => Found::done(organization(gate, b).await?.is_some()),
    })
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
