//! The account lifecycle's part of the exactly-once change path: sending CreateAccount,
//! RemoveAccountFromOrganization and CloseAccount, the answers that mean "already so", and
//! the re-reads that say whether one happened after an ambiguous failure.

use crate::org::{AccountState, ErrorKind, OrgBackend, OrgError, OrgResult};
use crate::protocol::AccountChange;

use super::change::Found;
use crate::net::gate::Gate;

/// Sends one change; a creation answers its request id (polled afterwards).
pub async fn send(b: &dyn OrgBackend, change: &AccountChange) -> OrgResult<Option<String>> {
    match change {
        AccountChange::CreateAccount { .. } => {
            let Some(new) = change.new_account() else {
                return Err(OrgError::new("InvalidInput", "not an account to create"));
            };
            b.create_account(&new).await.map(|s| Some(s.id))
        }
        AccountChange::RemoveAccount { account } => b
            .remove_account_from_organization(account)
            .await
            .map(|_| None),
        AccountChange::CloseAccount { account } => b.close_account(account).await.map(|_| None),
    }
}

/// The answers to a resend that mean the first send did it.
pub fn already_there(e: &OrgError, change: &AccountChange) -> bool {
    matches!(
        (change, e.code.as_str()),
        (
            AccountChange::RemoveAccount { .. },
            "AccountNotFoundException"
        ) | (
            AccountChange::CloseAccount { .. },
            "AccountAlreadyClosedException"
        )
    )
}

/// Whether `change` happened. A creation is found by its request (same account name,
/// not failed) or by an account with its email: either way it is never sent twice.
pub async fn find(gate: &Gate, b: &dyn OrgBackend, change: &AccountChange) -> OrgResult<Found> {
    Ok(match change {
        AccountChange::CreateAccount { email, name, .. } => {
            let requests = gate
                .all(|t| b.list_create_account_status(&["IN_PROGRESS", "SUCCEEDED"], t))
                .await?;
            let accounts = gate.all(|t| b.list_accounts(t)).await?;
            let by_email = accounts
                .iter()
                .find(|a| a.email.eq_ignore_ascii_case(email));
            let ours = requests.iter().find(|r| match (&r.account_id, by_email) {
                (Some(id), Some(a)) => *id == a.id,
                _ => r.state == "IN_PROGRESS" && r.account_name == *name,
            });
            match (ours, by_email) {
                (Some(r), _) => Found::Done {
                    created: Some(r.id.clone()),
                },
                (None, Some(_)) => Found::Done { created: None },
                (None, None) => Found::NotDone,
            }
        }
        AccountChange::RemoveAccount { account } => {
            match gate.read(|| b.describe_account(account)).await {
                Ok(_) => Found::NotDone,
                Err(e) if e.kind == ErrorKind::NotFound => Found::Done { created: None },
                Err(e) => return Err(e),
            }
        }
        AccountChange::CloseAccount { account } => {
            let a = gate.read(|| b.describe_account(account)).await?;
            if matches!(
                a.state,
                AccountState::PendingClosure | AccountState::Suspended | AccountState::Closed
            ) {
                Found::Done { created: None }
            } else {
                Found::NotDone
            }
        }
    })
}
