//! What the confirmations of responsibility-transfer changes say: the invitation (who,
//! what, from when), a rename, and the end of a transfer (which one, which side, when).

use crate::change::TransferChange;
use crate::text::safe;

use super::super::model::Model;
use super::plan::{Text, Tone};
use super::transfers::{names_account, transfer_by_id, Side, TransferRow};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "1 July 2026" from an RFC 3339 time (as it is when it cannot be read).
fn day_words(time: &str) -> String {
    let parts = (
        time.get(0..4),
        time.get(5..7).and_then(|m| m.parse::<usize>().ok()),
        time.get(8..10).and_then(|d| d.parse::<u32>().ok()),
    );
    match parts {
        (Some(y), Some(mo @ 1..=12), Some(d)) => format!("{d} {} {y}", MONTHS[mo - 1]),
        _ => safe(time).into_owned(),
    }
}

/// "billing" from BILLING.
fn what(kind: &str) -> String {
    safe(kind).to_lowercase()
}

fn organization(m: &Model) -> String {
    m.organization().map_or_else(
        || "this organization".into(),
        |o| format!("this organization ({})", safe(&o.id)),
    )
}

/// "transfer NAME (rt-…)" as read, else its id.
fn transfer_words(row: Option<&TransferRow>, id: &str) -> String {
    match row {
        Some(r) => format!(
            "responsibility transfer \"{}\" ({})",
            safe(&r.transfer.name),
            safe(id)
        ),
        None => format!("responsibility transfer {}", safe(id)),
    }
}

pub fn describe(m: &Model, change: &TransferChange, t: &mut Text) {
    let mut line = |tone, s: String| t.push((tone, s));
    match change {
        TransferChange::Invite {
            target,
            kind,
            start,
            name,
            notes,
        } => {
            let by = if names_account(target) {
                "the management account"
            } else {
                "the management account with email"
            };
            line(
                Tone::Strong,
                format!(
                    "Invite {by} {} to transfer its {}",
                    safe(target),
                    what(kind)
                ),
            );
            line(
                Tone::Plain,
                format!(
                    "  to {}, from {} (00:00 UTC)",
                    organization(m),
                    day_words(start)
                ),
            );
            line(Tone::Plain, format!("  name: {}", safe(name)));
            if !notes.is_empty() {
                line(Tone::Plain, format!("  notes: {}", safe(notes)));
            }
            line(Tone::Plain, String::new());
            line(
                Tone::Plain,
                "Sends InviteOrganizationToTransferResponsibility: a TRANSFER_RESPONSIBILITY"
                    .into(),
            );
            line(
                Tone::Plain,
                "handshake, open until that account accepts or declines it (handshakes: 8).".into(),
            );
            line(
                Tone::Warn,
                format!(
                    "Once accepted, this organization manages and pays that organization's {}.",
                    what(kind)
                ),
            );
        }
        TransferChange::Rename { transfer, name } => {
            let row = transfer_by_id(m, transfer);
            line(
                Tone::Strong,
                format!("Rename {}", transfer_words(row.as_ref(), transfer)),
            );
            line(Tone::Plain, format!("  to \"{}\"", safe(name)));
            line(Tone::Plain, String::new());
            line(
                Tone::Plain,
                "Sends UpdateResponsibilityTransfer; only the name changes.".into(),
            );
        }
        TransferChange::Terminate { transfer, end } => {
            let row = transfer_by_id(m, transfer);
            line(
                Tone::Strong,
                format!("End {}", transfer_words(row.as_ref(), transfer)),
            );
            if let Some(r) = &row {
                let kind = what(&r.transfer.kind);
                let other = safe(r.other_party()).into_owned();
                let who = match r.side {
                    Side::Inbound => format!(
                        "  this organization stops managing the {kind} of {other}'s organization"
                    ),
                    Side::Outbound => {
                        format!("  {other} stops managing this organization's {kind}")
                    }
                };
                line(Tone::Plain, who);
            }
            let at = if end.is_empty() {
                "at the end of the month (AWS decides)".to_string()
            } else {
                format!(
                    "at the end of {} ({} UTC)",
                    day_words(end),
                    safe(&end.replace('T', " ").replace('Z', ""))
                )
            };
            line(Tone::Plain, format!("  {at}"));
            line(Tone::Plain, String::new());
            line(
                Tone::Plain,
                "Sends TerminateResponsibilityTransfer; the transfer becomes WITHDRAWN.".into(),
            );
            line(
                Tone::Warn,
                "It cannot be undone: managing it again takes a new invitation, accepted.".into(),
            );
        }
    }
}
