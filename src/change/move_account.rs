//! MoveAccount: an account from its parent to another root or OU.

use async_trait::async_trait;
use serde_json::{json, Value};

use super::{param, About, ChangeKind, Found, Names};
use crate::net::Gate;
use crate::org::{OrgBackend, OrgError, OrgResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveAccount {
    pub account: String,
    pub source: String,
    pub destination: String,
}

impl MoveAccount {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        (operation == "MoveAccount").then_some(())?;
        Some(MoveAccount {
            account: param(p, "AccountId")?,
            source: param(p, "SourceParentId")?,
            destination: param(p, "DestinationParentId")?,
        })
    }
}

#[async_trait]
impl ChangeKind for MoveAccount {
    fn subject(&self) -> String {
        self.account.clone()
    }

    fn done(&self, names: &dyn Names) -> String {
        format!(
            "Moved {} to {}",
            names.name(&self.account),
            names.place(&self.destination)
        )
    }

    fn operation(&self) -> &'static str {
        "MoveAccount"
    }

    fn parameters(&self) -> Value {
        json!({
            "AccountId": self.account,
            "SourceParentId": self.source,
            "DestinationParentId": self.destination
        })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.move_account(&self.account, &self.source, &self.destination)
            .await
            .map(|_| None)
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "DuplicateAccountException"
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        let parents = g.all(|t| b.list_parents(&self.account, t)).await?;
        Ok(Found::done(
            parents.iter().any(|p| p.id == self.destination),
        ))
    }

    fn stale(&self) -> Vec<About> {
        vec![
            About::Children(self.source.clone()),
            About::Children(self.destination.clone()),
            About::Accounts,
        ]
    }
}
