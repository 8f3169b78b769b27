//! Changes to accounts themselves: creating one (CreateAccount), removing one from the
//! organization (RemoveAccountFromOrganization), closing one (CloseAccount): sent once, the
//! answers to a resend that mean "already so", and the re-reads that settle an ambiguous
//! outcome (a creation is found by its request or its email, so it is never sent twice).

use serde::{Deserialize, Serialize};

use async_trait::async_trait;

use super::{About, ChangeKind, Found, Known, Names};
use crate::net::Gate;
use crate::org::{AccountState, ErrorKind, NewAccount, OrgBackend, OrgError, OrgResult, Tag};
use crate::text::safe;

/// What CreateAccount and CreateGovCloudAccount send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAccountRequest {
    pub email: String,
    pub name: String,
    pub role_name: String,
    /// IAM users may see billing (ALLOW) or not (DENY).
    pub billing: bool,
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountChange {
    /// CreateAccount; the account lands in the root and is moved to its OU afterwards.
    CreateAccount(NewAccountRequest),
    /// CreateGovCloudAccount: the same request, creating an account in the AWS GovCloud
    /// (US) Region too; the commercial one lands in the root, as with CreateAccount.
    CreateGovCloudAccount(NewAccountRequest),
    RemoveAccount {
        account: String,
    },
    CloseAccount {
        account: String,
    },
}

impl AccountChange {
    pub fn from_audit(operation: &str, p: &serde_json::Value) -> Option<AccountChange> {
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let tags = || -> Option<Vec<(String, String)>> {
            Some(
                p.get("Tags")?
                    .as_array()?
                    .iter()
                    .filter_map(|t| {
                        let f = |k: &str| t.get(k)?.as_str().map(str::to_string);
                        Some((f("Key")?, f("Value")?))
                    })
                    .collect(),
            )
        };
        let request = || {
            Some(NewAccountRequest {
                email: s("Email")?,
                name: s("AccountName")?,
                role_name: s("RoleName")?,
                billing: s("IamUserAccessToBilling")? == "ALLOW",
                tags: tags()?,
            })
        };
        Some(match operation {
            "CreateAccount" => AccountChange::CreateAccount(request()?),
            "CreateGovCloudAccount" => AccountChange::CreateGovCloudAccount(request()?),
            "RemoveAccountFromOrganization" => AccountChange::RemoveAccount {
                account: s("AccountId")?,
            },
            "CloseAccount" => AccountChange::CloseAccount {
                account: s("AccountId")?,
            },
            _ => return None,
        })
    }

    /// What CreateAccount (or CreateGovCloudAccount) sends.
    pub fn new_account(&self) -> Option<NewAccount> {
        let (AccountChange::CreateAccount(r) | AccountChange::CreateGovCloudAccount(r)) = self
        else {
            return None;
        };
        let NewAccountRequest {
            email,
            name,
            role_name,
            billing,
            tags,
        } = r;
        let mut a = NewAccount::new(email, name);
        a.role_name = Some(role_name.clone());
        a.iam_user_access_to_billing = Some(*billing);
        a.tags = tags
            .iter()
            .map(|(k, v)| Tag {
                key: k.clone(),
                value: v.clone(),
            })
            .collect();
        Some(a)
    }
}

#[async_trait]
impl ChangeKind for AccountChange {
    /// An account already closing or closed cannot be closed again
    /// (AccountAlreadyClosedException).
    fn refusal(&self, known: &dyn Known) -> Option<String> {
        let AccountChange::CloseAccount { account } = self else {
            return None;
        };
        match known.account_state(account)? {
            s @ (AccountState::Suspended | AccountState::PendingClosure | AccountState::Closed) => {
                Some(format!(
                    "the account is {} already: it is closed or closing",
                    s.as_api_str()
                ))
            }
            _ => None,
        }
    }

    fn subject(&self) -> String {
        match self {
            AccountChange::CreateAccount(r) | AccountChange::CreateGovCloudAccount(r) => {
                r.name.clone()
            }
            AccountChange::RemoveAccount { account } | AccountChange::CloseAccount { account } => {
                account.clone()
            }
        }
    }

    fn done(&self, names: &dyn Names) -> String {
        match self {
            AccountChange::CreateAccount(NewAccountRequest { name, .. }) => {
                format!("⟳ Creating account {}… AWS is working on it", safe(name))
            }
            AccountChange::CreateGovCloudAccount(NewAccountRequest { name, .. }) => format!(
                "⟳ Creating account {} and its GovCloud (US) pair… AWS is working on it",
                safe(name)
            ),
            AccountChange::RemoveAccount { account } => format!(
                "Removed {} from the organization: it is a standalone account now",
                names.name(account)
            ),
            AccountChange::CloseAccount { account } => format!(
                "Closing {}: PENDING_CLOSURE, then SUSPENDED for 90 days",
                names.name(account)
            ),
        }
    }

    fn operation(&self) -> &'static str {
        match self {
            AccountChange::CreateAccount(_) => "CreateAccount",
            AccountChange::CreateGovCloudAccount(_) => "CreateGovCloudAccount",
            AccountChange::RemoveAccount { .. } => "RemoveAccountFromOrganization",
            AccountChange::CloseAccount { .. } => "CloseAccount",
        }
    }

    fn parameters(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            AccountChange::CreateAccount(r) | AccountChange::CreateGovCloudAccount(r) => {
                let NewAccountRequest {
                    email,
                    name,
                    role_name,
                    billing,
                    tags,
                } = r;
                let tags: Vec<_> = tags
                    .iter()
                    .map(|(k, v)| json!({ "Key": k, "Value": v }))
                    .collect();
                json!({
                    "Email": email, "AccountName": name, "RoleName": role_name,
                    "IamUserAccessToBilling": if *billing { "ALLOW" } else { "DENY" },
                    "Tags": tags
                })
            }
            AccountChange::RemoveAccount { account } | AccountChange::CloseAccount { account } => {
                json!({ "AccountId": account })
            }
        }
    }

    /// A creation answers its request id (polled afterwards).
    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        match self {
            AccountChange::CreateAccount(_) => {
                let Some(new) = self.new_account() else {
                    return Err(OrgError::new("InvalidInput", "not an account to create"));
                };
                b.create_account(&new).await.map(|s| Some(s.id))
            }
            AccountChange::CreateGovCloudAccount(_) => {
                let Some(new) = self.new_account() else {
                    return Err(OrgError::new("InvalidInput", "not an account to create"));
                };
                b.create_gov_cloud_account(&new).await.map(|s| Some(s.id))
            }
            AccountChange::RemoveAccount { account } => b
                .remove_account_from_organization(account)
                .await
                .map(|_| None),
            AccountChange::CloseAccount { account } => b.close_account(account).await.map(|_| None),
        }
    }

    fn already_there(&self, e: &OrgError) -> bool {
        matches!(
            (self, e.code.as_str()),
            (
                AccountChange::RemoveAccount { .. },
                "AccountNotFoundException"
            ) | (
                AccountChange::CloseAccount { .. },
                "AccountAlreadyClosedException"
            )
        )
    }

    /// A creation is found by its request (same account name, not failed) or by an
    /// account with its email: either way it is never sent twice.
    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        Ok(match self {
            AccountChange::CreateAccount(NewAccountRequest { email, name, .. })
            | AccountChange::CreateGovCloudAccount(NewAccountRequest { email, name, .. }) => {
                let requests = g
                    .all(|t| b.list_create_account_status(&["IN_PROGRESS", "SUCCEEDED"], t))
                    .await?;
                let accounts = g.all(|t| b.list_accounts(t)).await?;
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
                match g.read(|| b.describe_account(account)).await {
                    Ok(_) => Found::NotDone,
                    Err(e) if e.kind == ErrorKind::NotFound => Found::Done { created: None },
                    Err(e) => return Err(e),
                }
            }
            AccountChange::CloseAccount { account } => {
                let a = g.read(|| b.describe_account(account)).await?;
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

    fn stale(&self) -> Vec<About> {
        match self {
            // The root is re-read once the account exists (`app::creation`).
            AccountChange::CreateAccount(_) | AccountChange::CreateGovCloudAccount(_) => {
                vec![About::Accounts]
            }
            AccountChange::RemoveAccount { account } | AccountChange::CloseAccount { account } => {
                vec![
                    About::Details(account.clone()),
                    About::ParentOf(account.clone()),
                    About::Accounts,
                ]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_reads_back_from_its_audit_parameters() {
        let all = [
            AccountChange::CreateAccount(NewAccountRequest {
                email: "a@example.com".into(),
                name: "A".into(),
                role_name: "Admin".into(),
                billing: false,
                tags: vec![("team".into(), "x".into())],
            }),
            AccountChange::CreateGovCloudAccount(NewAccountRequest {
                email: "g@example.com".into(),
                name: "G".into(),
                role_name: "Admin".into(),
                billing: true,
                tags: Vec::new(),
            }),
            AccountChange::RemoveAccount {
                account: "123456789012".into(),
            },
            AccountChange::CloseAccount {
                account: "123456789012".into(),
            },
        ];
        for c in all {
            let back = AccountChange::from_audit(c.operation(), &c.parameters());
            assert_eq!(back.as_ref(), Some(&c));
        }
        assert_eq!(
            AccountChange::from_audit("CreateAccount", &serde_json::json!({})),
            None
        );
    }

    #[test]
    fn create_account_sends_what_the_form_said() {
        let c = AccountChange::CreateAccount(NewAccountRequest {
            email: "a@example.com".into(),
            name: "A".into(),
            role_name: "Admin".into(),
            billing: false,
            tags: vec![("team".into(), "x".into())],
        });
        let a = c.new_account().expect("a creation");
        assert_eq!(a.role_name.as_deref(), Some("Admin"));
        assert_eq!(a.iam_user_access_to_billing, Some(false));
        assert_eq!(a.tags[0].key, "team");
        let remove = AccountChange::RemoveAccount {
            account: "1".into(),
        };
        assert_eq!(remove.new_account(), None);
    }
}
