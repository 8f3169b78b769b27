//! CreateOrganizationalUnit, UpdateOrganizationalUnit (a new name) and
//! DeleteOrganizationalUnit.

use async_trait::async_trait;
use serde_json::{json, Value};

use super::{param, About, ChangeKind, Found, Names};
use crate::net::Gate;
use crate::org::{ErrorKind, OrgBackend, OrgError, OrgResult};
use crate::text::safe;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOu {
    pub parent: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameOu {
    pub ou: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteOu {
    pub ou: String,
}

impl CreateOu {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        (operation == "CreateOrganizationalUnit").then_some(())?;
        Some(CreateOu {
            parent: param(p, "ParentId")?,
            name: param(p, "Name")?,
        })
    }
}

impl RenameOu {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        (operation == "UpdateOrganizationalUnit").then_some(())?;
        Some(RenameOu {
            ou: param(p, "OrganizationalUnitId")?,
            name: param(p, "Name")?,
        })
    }
}

impl DeleteOu {
    pub fn from_audit(operation: &str, p: &Value) -> Option<Self> {
        (operation == "DeleteOrganizationalUnit").then_some(())?;
        Some(DeleteOu {
            ou: param(p, "OrganizationalUnitId")?,
        })
    }
}

#[async_trait]
impl ChangeKind for CreateOu {
    fn subject(&self) -> String {
        self.name.clone()
    }

    fn done(&self, names: &dyn Names) -> String {
        format!(
            "Created OU {} under {}",
            safe(&self.name),
            names.place(&self.parent)
        )
    }

    fn operation(&self) -> &'static str {
        "CreateOrganizationalUnit"
    }

    fn parameters(&self) -> Value {
        json!({ "ParentId": self.parent, "Name": self.name })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.create_organizational_unit(&self.parent, &self.name)
            .await
            .map(|ou| Some(ou.id))
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "DuplicateOrganizationalUnitException"
    }

    /// An OU of that name under the parent (names are unique under a parent).
    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        let ous = g
            .all(|t| b.list_organizational_units_for_parent(&self.parent, t))
            .await?;
        Ok(match ous.into_iter().find(|o| o.name == self.name) {
            Some(ou) => Found::Done {
                created: Some(ou.id),
            },
            None => Found::NotDone,
        })
    }

    fn stale(&self) -> Vec<About> {
        vec![About::Children(self.parent.clone())]
    }
}

#[async_trait]
impl ChangeKind for RenameOu {
    fn subject(&self) -> String {
        self.name.clone()
    }

    fn done(&self, _: &dyn Names) -> String {
        format!("Renamed the OU to {}", safe(&self.name))
    }

    fn operation(&self) -> &'static str {
        "UpdateOrganizationalUnit"
    }

    fn parameters(&self) -> Value {
        json!({ "OrganizationalUnitId": self.ou, "Name": self.name })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.update_organizational_unit(&self.ou, &self.name)
            .await
            .map(|_| None)
    }

    fn already_there(&self, _: &OrgError) -> bool {
        false
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        let now = g.read(|| b.describe_organizational_unit(&self.ou)).await?;
        Ok(Found::done(now.name == self.name))
    }

    fn stale(&self) -> Vec<About> {
        vec![
            About::Details(self.ou.clone()),
            About::ParentOf(self.ou.clone()),
        ]
    }
}

#[async_trait]
impl ChangeKind for DeleteOu {
    fn subject(&self) -> String {
        self.ou.clone()
    }

    fn done(&self, names: &dyn Names) -> String {
        format!("Deleted OU {}", names.name(&self.ou))
    }

    fn operation(&self) -> &'static str {
        "DeleteOrganizationalUnit"
    }

    fn parameters(&self) -> Value {
        json!({ "OrganizationalUnitId": self.ou })
    }

    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        b.delete_organizational_unit(&self.ou).await.map(|_| None)
    }

    fn already_there(&self, e: &OrgError) -> bool {
        e.code == "OrganizationalUnitNotFoundException"
    }

    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        match g.read(|| b.describe_organizational_unit(&self.ou)).await {
            Ok(_) => Ok(Found::NotDone),
            Err(e) if e.kind == ErrorKind::NotFound => Ok(Found::done(true)),
            Err(e) => Err(e),
        }
    }

    fn stale(&self) -> Vec<About> {
        vec![
            About::Details(self.ou.clone()),
            About::Children(self.ou.clone()),
            About::ParentOf(self.ou.clone()),
        ]
    }
}
