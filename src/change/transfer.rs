//! Responsibility transfers: inviting another organization's management account
//! (InviteOrganizationToTransferResponsibility), renaming a transfer
//! (UpdateResponsibilityTransfer) and ending one (TerminateResponsibilityTransfer). An
//! invitation is answered through the handshakes (accept, decline, cancel: `OrgChange`).

use async_trait::async_trait;
use serde_json::{json, Value};

use super::{param, About, ChangeKind, Found, Known, Names};
use crate::net::Gate;
use crate::org::{ErrorKind, HandshakeParty, OrgBackend, OrgError, OrgResult, TransferInvitation};
use crate::text::safe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferChange {
    /// The caller will manage `kind` (BILLING) for the organization of `target` (an account
    /// id or an email) from `start` (RFC 3339).
    Invite {
        target: String,
        kind: String,
        start: String,
        name: String,
        notes: String,
    },
    Rename {
        transfer: String,
        name: String,
    },
    /// Ends it at `end` (RFC 3339), or at the end of the month when empty.
    Terminate {
        transfer: String,
        end: String,
    },
}

impl TransferChange {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        Some(match operation {
            "InviteOrganizationToTransferResponsibility" => TransferChange::Invite {
                target: p.get("Target")?.get("Id")?.as_str()?.to_string(),
                kind: param(p, "Type")?,
                start: param(p, "StartTimestamp")?,
                name: param(p, "SourceName")?,
                notes: param(p, "Notes").unwrap_or_default(),
            },
            "UpdateResponsibilityTransfer" => TransferChange::Rename {
                transfer: param(p, "Id")?,
                name: param(p, "Name")?,
            },
            "TerminateResponsibilityTransfer" => TransferChange::Terminate {
                transfer: param(p, "Id")?,
                end: param(p, "EndTimestamp").unwrap_or_default(),
            },
            _ => return None,
        })
    }

    /// The invitation's party: an account id, or else an email address.
    fn party(target: &str) -> HandshakeParty {
        if crate::org::ids::is_account_id(target) {
            HandshakeParty::account(target)
        } else {
            HandshakeParty::email(target)
        }
    }
}

/// The inbound and outbound transfers of `kind` (BILLING), whatever the caller's side.
async fn all_transfers(
    g: &Gate,
    b: &dyn OrgBackend,
    kind: &str,
) -> OrgResult<Vec<crate::org::ResponsibilityTransfer>> {
    let mut all = g
        .all(|t| b.list_inbound_responsibility_transfers(kind, None, t))
        .await?;
    all.extend(
        g.all(|t| b.list_outbound_responsibility_transfers(kind, t))
            .await?,
    );
    Ok(all)
}

#[async_trait]
impl ChangeKind for TransferChange {
    fn refusal(&self, known: &dyn Known) -> Option<String> {
        match self {
            TransferChange::Invite { .. } => (known.feature_set() == Some("CONSOLIDATED_BILLING"))
                .then(|| "responsibility transfers need an organization with all features".into()),
            _ => None,
        }
    }

    fn subject(&self) -> String {
        match self {
            TransferChange::Invite { target, .. } => target.clone(),
            TransferChange::Rename { transfer, .. }
            | TransferChange::Terminate { transfer, .. } => transfer.clone(),
        }
    }

    fn done(&self, _: &dyn Names) -> String {
        match self {
            TransferChange::Invite { target, kind, .. } => format!(
                "Invited {} to have its {} managed by this organization: the handshake is open until answered",
                safe(target),
                safe(kind).to_lowercase()
            ),
            TransferChange::Rename { name, .. } => format!("Renamed the transfer to {}", safe(name)),
            TransferChange::Terminate { transfer, end } => {
                let when = if end.is_empty() {
                    "at the end of the month".to_string()
                } else {
                    format!("at {}", safe(end))
                };
                format!("Responsibility transfer {} ends {when}", safe(transfer))
            }
        }
    }

    fn operation(&self) -> &'static str {
        match self {
            TransferChange::Invite { .. } => "InviteOrganizationToTransferResponsibility",
            TransferChange::Rename { .. } => "UpdateResponsibilityTransfer",
            TransferChange::Terminate { .. } => "TerminateResponsibilityTransfer",
        }
    }

    fn parameters(&self) -> Value {
        match self {
            TransferChange::Invite {
                target,
                kind,
                start,
                name,
                notes,
            } => {
                let party = TransferChange::party(target);
                json!({
                    "Type": kind,
                    "Target": { "Id": party.id, "Type": party.kind },
                    "StartTimestamp": start,
                    "SourceName": name,
                    "Notes": notes,
                })
            }
            TransferChange::Rename { transfer, name } => json!({ "Id": transfer, "Name": name }),
            TransferChange::Terminate { transfer, end } => {
                json!({ "Id": transfer, "EndTimestamp": end })
            }
        }
    }

    /// An invitation answers its handshake's id.
    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        match self {
            TransferChange::Invite {
                target,
                kind,
                start,
                name,
                notes,
            } => {
                let mut invitation =
                    TransferInvitation::billing(TransferChange::party(target), start, name);
                invitation.kind = kind.clone();
                invitation.notes = Some(notes.clone()).filter(|n| !n.is_empty());
                let handshake = b
                    .invite_organization_to_transfer_responsibility(&invitation)
                    .await?;
                Ok(Some(handshake.id))
            }
            TransferChange::Rename { transfer, name } => b
                .update_responsibility_transfer(transfer, name)
                .await
                .map(|_| None),
            TransferChange::Terminate { transfer, end } => {
                let end = Some(end.as_str()).filter(|e| !e.is_empty());
                b.terminate_responsibility_transfer(transfer, end)
                    .await
                    .map(|_| None)
            }
        }
    }

    fn already_there(&self, e: &OrgError) -> bool {
        matches!(
            (self, e.code.as_str()),
            (TransferChange::Invite { .. }, "DuplicateHandshakeException")
                | (
                    TransferChange::Terminate { .. },
                    "ResponsibilityTransferAlreadyInStatusException"
                        | "InvalidResponsibilityTransferTransitionException"
                )
        )
    }

    /// An invitation is found as an open transfer with its name; a rename by the name the
    /// transfer has; an ending by the transfer's status.
    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        match self {
            TransferChange::Invite { kind, name, .. } => {
                let all = all_transfers(g, b, kind).await?;
                Ok(
                    match all.into_iter().find(|t| t.is_open() && t.name == *name) {
                        Some(t) => Found::Done {
                            created: t.active_handshake_id.or(Some(t.id)),
                        },
                        None => Found::NotDone,
                    },
                )
            }
            TransferChange::Rename { transfer, name } => {
                let now = g
                    .read(|| b.describe_responsibility_transfer(transfer))
                    .await?;
                Ok(Found::done(now.name == *name))
            }
            TransferChange::Terminate { transfer, .. } => {
                match g
                    .read(|| b.describe_responsibility_transfer(transfer))
                    .await
                {
                    Ok(now) => Ok(Found::done(
                        now.status == "WITHDRAWN" || !now.end.is_empty(),
                    )),
                    Err(e) if e.kind == ErrorKind::NotFound => Ok(Found::NotDone),
                    Err(e) => Err(e),
                }
            }
        }
    }

    fn stale(&self) -> Vec<About> {
        match self {
            TransferChange::Invite { .. } => vec![About::Transfers, About::Handshakes],
            _ => vec![About::Transfers],
        }
    }
}
