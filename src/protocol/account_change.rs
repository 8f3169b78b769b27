//! Changes to accounts themselves (issue 9): creating one, removing one from the
//! organization, closing one. Kept apart from `Change` so the lifecycle grows here.

use serde::{Deserialize, Serialize};

use crate::org::{NewAccount, Tag};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountChange {
    /// CreateAccount; the account lands in the root and is moved to its OU afterwards.
    CreateAccount {
        email: String,
        name: String,
        role_name: String,
        /// IAM users may see billing (ALLOW) or not (DENY).
        billing: bool,
        tags: Vec<(String, String)>,
    },
    RemoveAccount {
        account: String,
    },
    CloseAccount {
        account: String,
    },
}

impl AccountChange {
    pub fn operation(&self) -> &'static str {
        match self {
            AccountChange::CreateAccount { .. } => "CreateAccount",
            AccountChange::RemoveAccount { .. } => "RemoveAccountFromOrganization",
            AccountChange::CloseAccount { .. } => "CloseAccount",
        }
    }

    pub fn parameters(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            AccountChange::CreateAccount {
                email,
                name,
                role_name,
                billing,
                tags,
            } => {
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

    pub fn from_audit(operation: &str, p: &serde_json::Value) -> Option<AccountChange> {
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_string);
        Some(match operation {
            "CreateAccount" => AccountChange::CreateAccount {
                email: s("Email")?,
                name: s("AccountName")?,
                role_name: s("RoleName")?,
                billing: s("IamUserAccessToBilling")? == "ALLOW",
                tags: p
                    .get("Tags")?
                    .as_array()?
                    .iter()
                    .filter_map(|t| {
                        let f = |k: &str| t.get(k)?.as_str().map(str::to_string);
                        Some((f("Key")?, f("Value")?))
                    })
                    .collect(),
            },
            "RemoveAccountFromOrganization" => AccountChange::RemoveAccount {
                account: s("AccountId")?,
            },
            "CloseAccount" => AccountChange::CloseAccount {
                account: s("AccountId")?,
            },
            _ => return None,
        })
    }

    /// What CreateAccount sends.
    pub fn new_account(&self) -> Option<NewAccount> {
        let AccountChange::CreateAccount {
            email,
            name,
            role_name,
            billing,
            tags,
        } = self
        else {
            return None;
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_reads_back_from_its_audit_parameters() {
        let all = [
            AccountChange::CreateAccount {
                email: "a@example.com".into(),
                name: "A".into(),
                role_name: "Admin".into(),
                billing: false,
                tags: vec![("team".into(), "x".into())],
            },
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
        let c = AccountChange::CreateAccount {
            email: "a@example.com".into(),
            name: "A".into(),
            role_name: "Admin".into(),
            billing: false,
            tags: vec![("team".into(), "x".into())],
        };
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
