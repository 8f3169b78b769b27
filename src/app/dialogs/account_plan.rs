//! What the confirmations of account changes say: creating an account (and the move to its
//! OU that follows), removing one from the organization, closing one.

use crate::text::safe;

use super::super::directory::place;
use super::super::model::Model;
use super::super::msg::Change;
use super::plan::{Text, Tone};
use crate::change::AccountChange;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountPlan {
    /// CreateAccount, then MoveAccount from the root to `destination` once it exists.
    Create {
        change: AccountChange,
        destination: String,
    },
    Remove {
        account: String,
    },
    Close {
        account: String,
    },
}

impl AccountPlan {
    /// What is sent now; the move of a new account follows once it exists.
    pub fn changes(&self) -> Vec<Change> {
        let a = match self {
            AccountPlan::Create { change, .. } => change.clone(),
            AccountPlan::Remove { account } => AccountChange::RemoveAccount {
                account: account.clone(),
            },
            AccountPlan::Close { account } => AccountChange::CloseAccount {
                account: account.clone(),
            },
        };
        vec![Change::Account(a)]
    }

    /// The account id a typed confirmation asks for (removing and closing).
    pub fn typed_id(&self) -> Option<&str> {
        match self {
            AccountPlan::Remove { account } | AccountPlan::Close { account } => Some(account),
            AccountPlan::Create { .. } => None,
        }
    }
}

fn label(m: &Model, id: &str) -> String {
    match m.node_by_id(id) {
        Some(n) => format!("{} ({})", safe(n.name()), safe(id)),
        None => safe(id).into_owned(),
    }
}

fn lines(t: &mut Text, tone: Tone, lines: &[&str]) {
    t.extend(lines.iter().map(|l| (tone, l.to_string())));
}

pub fn describe(m: &Model, plan: &AccountPlan, t: &mut Text) {
    match plan {
        AccountPlan::Create {
            change:
                change @ (AccountChange::CreateAccount(crate::change::NewAccountRequest {
                    email,
                    name,
                    role_name,
                    billing,
                    tags,
                })
                | AccountChange::CreateGovCloudAccount(crate::change::NewAccountRequest {
                    email,
                    name,
                    role_name,
                    billing,
                    tags,
                })),
            destination,
        } => {
            let gov = matches!(change, AccountChange::CreateGovCloudAccount(_));
            t.push((
                Tone::Strong,
                format!(
                    "Create a new account \"{}\" with email {}",
                    safe(name),
                    safe(email)
                ),
            ));
            if gov {
                t.push((
                    Tone::Warn,
                    "  and its pair in the AWS GovCloud (US) Region (CreateGovCloudAccount)".into(),
                ));
            }
            t.push((
                Tone::Plain,
                format!(
                    "  IAM role {} in it, for the management account",
                    safe(role_name)
                ),
            ));
            let billing = if *billing { "ALLOW" } else { "DENY" };
            t.push((
                Tone::Plain,
                format!("  IAM user access to billing: {billing}"),
            ));
            let tags = if tags.is_empty() {
                "no tags".to_string()
            } else {
                let list: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("tagged {}", safe(&list.join(", ")))
            };
            t.push((Tone::Plain, format!("  {tags}")));
            t.push((Tone::Plain, String::new()));
            if gov {
                t.push((
                    Tone::Plain,
                    "The GovCloud account is standalone, in no organization; AWS refuses unless"
                        .into(),
                ));
                t.push((
                    Tone::Plain,
                    "this management account has a paired GovCloud account of its own.".into(),
                ));
            }
            t.push((
                Tone::Plain,
                "AWS creates it in the background; orgtui follows it while you browse.".into(),
            ));
            let root = m.roots.first().map(|&r| m.node(r).id.clone());
            if root.as_deref() == Some(destination.as_str()) {
                t.push((
                    Tone::Plain,
                    format!("It stays in the root, {}.", place(m, destination)),
                ));
            } else {
                t.push((
                    Tone::Warn,
                    format!(
                        "Once it exists it is moved from the root to {} (MoveAccount): y confirms that move too.",
                        place(m, destination)
                    ),
                ));
            }
        }
        AccountPlan::Create { .. } => {}
        AccountPlan::Remove { account } => {
            t.push((
                Tone::Strong,
                format!("Remove account {} from the organization", label(m, account)),
            ));
            t.push((Tone::Plain, String::new()));
            lines(
                t,
                Tone::Warn,
                &[
                    "It becomes a standalone account: it needs its own payment method, support",
                    "plan and contact details (set by its root user), or AWS refuses the removal.",
                    "It is billed on its own from then on; consolidated billing stops for it.",
                    "The organization's SCPs, RCPs and other policies no longer apply to it;",
                    "its delegated-administrator roles here end. Roles in it trusting this",
                    "organization (OrganizationAccountAccessRole) stay until removed there.",
                    "Bringing it back takes an invitation that its owner accepts.",
                ],
            );
        }
        AccountPlan::Close { account } => {
            t.push((Tone::Strong, format!("Close account {}", label(m, account))));
            t.push((Tone::Plain, String::new()));
            lines(
                t,
                Tone::Warn,
                &[
                    "It goes PENDING_CLOSURE, then SUSPENDED: nothing in it can be used. It stays",
                    "in its OU during the 90-day post-closure period, then AWS deletes it for good.",
                    "Within those 90 days AWS Support can reopen it; after, nothing can.",
                    "Quota: at most 10% of the member accounts (10 to 1000) may be closed in 30",
                    "days. Its email address can never be used for another account.",
                ],
            );
        }
    }
}
