//! What the confirmations of organization changes say: an invitation, the answers to a
//! handshake, enabling all features, creating, deleting and leaving an organization.

use crate::org::handshakes::HANDSHAKE_LIFETIME_DAYS;
use crate::org::Handshake;
use crate::text::safe;

use super::super::cache::Loadable;
use super::super::model::Model;
use super::plan::{Text, Tone};
use crate::change::OrgChange;

/// A handshake as read (described, or listed on the handshakes screen).
fn read_handshake<'a>(m: &'a Model, id: &str) -> Option<&'a Handshake> {
    if let Some(Loadable::Loaded(h)) = m.cache.admin.handshake.get(id) {
        return Some(h);
    }
    match &m.cache.admin.handshakes {
        Some(Loadable::Loaded(list)) => list.iter().find(|h| h.id == id),
        _ => None,
    }
}

/// "INVITE from o-… (admin@example.com)", or the id alone when it is not read.
fn about(m: &Model, id: &str) -> String {
    let Some(h) = read_handshake(m, id) else {
        return format!("handshake {}", safe(id));
    };
    let from = h
        .resource("MASTER_EMAIL")
        .or_else(|| h.resource("ORGANIZATION"))
        .or_else(|| h.parties.first().map(|p| p.id.as_str()))
        .unwrap_or("?");
    format!(
        "{} handshake {} ({}, from {})",
        safe(&h.action),
        safe(id),
        safe(&h.state),
        safe(from)
    )
}

fn push(t: &mut Text, tone: Tone, lines: &[&str]) {
    t.extend(lines.iter().map(|l| (tone, l.to_string())));
}

fn organization(m: &Model) -> String {
    m.organization()
        .map_or_else(|| "the organization".into(), |o| safe(&o.id).into_owned())
}

pub fn describe(m: &Model, change: &OrgChange, t: &mut Text) {
    match change {
        OrgChange::InviteAccount { target, notes } => {
            let by = if OrgChange::target_is_account(target) {
                "account"
            } else {
                "the account with email"
            };
            t.push((
                Tone::Strong,
                format!("Invite {by} {} to join {}", safe(target), organization(m)),
            ));
            if !notes.is_empty() {
                t.push((Tone::Plain, format!("  notes: {}", safe(notes))));
            }
            t.push((Tone::Plain, String::new()));
            t.push((
                Tone::Plain,
                format!(
                    "AWS sends an INVITE handshake; it stays OPEN for {HANDSHAKE_LIFETIME_DAYS} days until the account accepts or declines it (then EXPIRED)."
                ),
            ));
            push(
                t,
                Tone::Plain,
                &["You can cancel it from the handshakes screen while it is open."],
            );
        }
        OrgChange::AcceptHandshake { handshake } => {
            t.push((Tone::Strong, format!("Accept {}", about(m, handshake))));
            t.push((Tone::Plain, String::new()));
            let action = read_handshake(m, handshake).map(|h| h.action.as_str());
            let what = match action {
                Some("APPROVE_ALL_FEATURES") => "The management account gains full control of the policies (SCPs, RCPs…) that apply to this account.",
                Some("ENABLE_ALL_FEATURES") => "Every member approved: this finishes enabling all features; the organization cannot go back to consolidated billing only.",
                Some("TRANSFER_RESPONSIBILITY") => "The inviting organization's management account then manages and pays this organization's billing from the transfer's start, until either side ends it (transfers: 9).",
                _ => "This account joins that organization: its policies (SCPs, RCPs…) apply to it and its bills go to the management account.",
            };
            push(t, Tone::Warn, &[what]);
        }
        OrgChange::DeclineHandshake { handshake } => {
            t.push((Tone::Strong, format!("Decline {}", about(m, handshake))));
            push(
                t,
                Tone::Plain,
                &["", "It ends DECLINED; nothing else changes."],
            );
        }
        OrgChange::CancelHandshake { handshake } => {
            t.push((Tone::Strong, format!("Cancel {}", about(m, handshake))));
            push(
                t,
                Tone::Plain,
                &[
                    "",
                    "It ends CANCELED: the recipient can no longer accept it.",
                ],
            );
        }
        OrgChange::EnableAllFeatures => {
            t.push((
                Tone::Strong,
                format!("Start enabling all features in {}", organization(m)),
            ));
            t.push((Tone::Plain, String::new()));
            push(
                t,
                Tone::Warn,
                &["This starts an ENABLE_ALL_FEATURES handshake: every member account gets an APPROVE_ALL_FEATURES handshake that it must accept. Once all have approved, the management account accepts the ENABLE_ALL_FEATURES handshake to finish; from then on SCPs, RCPs and the other policy types can be used, and it cannot go back to consolidated billing only. Invitations cannot be sent meanwhile."],
            );
            push(
                t,
                Tone::Plain,
                &["The handshakes screen (8) shows its progress."],
            );
        }
        OrgChange::DeleteOrganization { organization } => {
            t.push((
                Tone::Strong,
                format!("Delete organization {}", safe(organization)),
            ));
            t.push((Tone::Plain, String::new()));
            push(
                t,
                Tone::Warn,
                &["It has no member accounts. Its OUs, policies and settings are deleted and the management account becomes a standalone account. This cannot be undone."],
            );
        }
        OrgChange::LeaveOrganization { organization } => {
            t.push((
                Tone::Strong,
                format!("This account leaves organization {}", safe(organization)),
            ));
            t.push((Tone::Plain, String::new()));
            push(
                t,
                Tone::Warn,
                &["It becomes a standalone account: it needs its own payment method, support plan and contact details, or AWS refuses. The organization's policies no longer apply to it; coming back takes a new invitation."],
            );
        }
        OrgChange::CreateOrganization { feature_set } => {
            t.push((
                Tone::Strong,
                format!(
                    "Create an organization with feature set {}, this account as its management account",
                    safe(feature_set)
                ),
            ));
            let what = if feature_set == "ALL" {
                "ALL: consolidated billing and every policy type (SCPs, RCPs, tag policies…)."
            } else {
                "CONSOLIDATED_BILLING: shared billing only; all features can be enabled later."
            };
            push(t, Tone::Plain, &["", what]);
        }
    }
}
