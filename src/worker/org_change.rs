//! Invitations, handshakes and the organization itself in the exactly-once change path:
//! sending each, the answers to a resend that mean the first send did it, and the re-reads
//! (the handshake's state, the organization) that say whether one happened.

use crate::org::{HandshakeFilter, HandshakeParty, OrgBackend, OrgResult};
use crate::protocol::OrgChange;

use super::change::Found;
use crate::net::gate::Gate;

/// Sends one change; an invitation or EnableAllFeatures answers its handshake's id.
pub async fn send(b: &dyn OrgBackend, change: &OrgChange) -> OrgResult<Option<String>> {
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
pub fn already_there(code: &str, change: &OrgChange) -> bool {
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

fn found(done: bool) -> Found {
    if done {
        Found::Done { created: None }
    } else {
        Found::NotDone
    }
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
pub async fn find(gate: &Gate, b: &dyn OrgBackend, change: &OrgChange) -> OrgResult<Found> {
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
        OrgChange::AcceptHandshake { handshake } => found(state(handshake).await? == "ACCEPTED"),
        OrgChange::DeclineHandshake { handshake } => found(state(handshake).await? == "DECLINED"),
        OrgChange::CancelHandshake { handshake } => found(state(handshake).await? == "CANCELED"),
        OrgChange::EnableAllFeatures => {
            match open_handshake(gate, b, "ENABLE_ALL_FEATURES", None).await? {
                Some(id) => Found::Done { created: Some(id) },
                None => Found::NotDone,
            }
        }
        OrgChange::DeleteOrganization { organization: o }
        | OrgChange::LeaveOrganization { organization: o } => {
            found(organization(gate, b).await?.as_deref() != Some(o.as_str()))
        }
        OrgChange::CreateOrganization { .. } => found(organization(gate, b).await?.is_some()),
    })
}
