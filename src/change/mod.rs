//! A change to the organization is one type per kind, each in a file of its own
//! implementing `ChangeKind`: the rules AWS would refuse it by (from what the app knows),
//! what it is about and what it did (in the app's names), its audit name and parameters,
//! how it is sent, which answers to a resend mean "already so", how a re-read settles an
//! ambiguous outcome, and which cached reads it leaves stale. `Change` lists the kinds once
//! (`kinds!`); the exactly-once engine (`engine`) and the app's flow are generic over it.

pub mod account;
pub mod admin;
pub mod engine;
pub mod move_account;
pub mod organization;
pub mod ou;
pub mod policy;
pub mod policy_attachment;
pub mod policy_type;
pub mod transfer;

pub use account::{AccountChange, NewAccountRequest};
pub use admin::AdminChange;
pub use move_account::MoveAccount;
pub use organization::OrgChange;
pub use ou::{CreateOu, DeleteOu, RenameOu};
pub use policy::{CreatePolicy, DeletePolicy, UpdatePolicy};
pub use policy_attachment::{AttachPolicy, DetachPolicy};
pub use policy_type::{DisablePolicyType, EnablePolicyType};
pub use transfer::TransferChange;

use async_trait::async_trait;
use serde_json::Value;

use crate::net::Gate;
use crate::org::{AccountState, OrgBackend, OrgError, OrgResult};

/// What a re-read says about a change whose answer was lost or ambiguous.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    Done { created: Option<String> },
    NotDone,
}

impl Found {
    pub fn done(yes: bool) -> Found {
        if yes {
            Found::Done { created: None }
        } else {
            Found::NotDone
        }
    }
}

/// What a cached read is about. A change names those it leaves stale; the app's cache
/// decides what to forget and what to read again (what is on screen).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum About {
    /// DescribeOrganization and the roots (feature set, policy types).
    Organization,
    /// The OUs and accounts under a root or OU.
    Children(String),
    /// The listing that holds this account or OU (its parent, as the model knows it).
    ParentOf(String),
    /// DescribeAccount or DescribeOrganizationalUnit of one id.
    Details(String),
    /// The policies attached directly to a target.
    Attached(String),
    /// The policies attached to every target (a policy type enabled or disabled).
    EveryAttachment,
    /// The targets of a policy.
    Targets(String),
    /// A policy's document.
    Policy(String),
    /// The policy list.
    Policies,
    /// The account list (ListAccounts).
    Accounts,
    Tags(String),
    DelegatedAdmins,
    DelegatedServices(String),
    TrustedServices,
    ResourcePolicy,
    Handshakes,
    /// The inbound and outbound responsibility transfers.
    Transfers,
}

/// What the app knows of the organization, for the rules AWS would refuse a change by
/// (`None`: not read yet; AWS then decides).
pub trait Known {
    /// ALL or CONSOLIDATED_BILLING.
    fn feature_set(&self) -> Option<&str>;
    fn account_state(&self, account: &str) -> Option<&AccountState>;
    /// Whether trusted access is enabled for the service.
    fn trusted_access(&self, service: &str) -> Option<bool>;
}

/// How the app names things, for what a change says it did.
pub trait Names {
    /// The name of a root, OU, account or policy (escaped for the terminal), else its id.
    fn name(&self, id: &str) -> String;
    /// "Root / Workloads / Prod" for a root or OU.
    fn place(&self, id: &str) -> String;
}

/// One kind of change.
#[async_trait]
pub trait ChangeKind: Send + Sync {
    /// Why AWS would refuse it, from what is known: checked before it is sent.
    fn refusal(&self, _known: &dyn Known) -> Option<String> {
        None
    }
    /// One line saying what it did, once done.
    fn done(&self, names: &dyn Names) -> String;
    /// What it is about: an id (named by the app where it knows the name) or a name.
    fn subject(&self) -> String;
    /// The API operation's name, as in the audit log.
    fn operation(&self) -> &'static str;
    /// The request's parameters, named as in the API (the audit line's `parameters`).
    fn parameters(&self) -> Value;
    /// Sends it once; answers the id of what it created, if anything.
    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>>;
    /// Whether AWS's answer to a resend may mean the first send did it (a re-read decides).
    fn already_there(&self, e: &OrgError) -> bool;
    /// Re-reads what it would have changed: done (with what it created) or not.
    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found>;
    /// The cached reads it leaves stale once done.
    fn stale(&self) -> Vec<About>;
}

/// Declares `Change` with one variant per kind, and everything that needs every kind: the
/// dispatch to the kind and the parsing of audit lines.
macro_rules! kinds {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// A change to the organization. Each is confirmed by the user before it is sent.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Change {
            $($variant($ty)),*
        }

        impl Change {
            fn kind(&self) -> &dyn ChangeKind {
                match self {
                    $(Change::$variant(k) => k),*
                }
            }

            /// The change an audit line describes (its operation and parameters), if it is
            /// one orgtui makes.
            pub fn from_audit(operation: &str, p: &Value) -> Option<Change> {
                None$(.or_else(|| <$ty>::from_audit(operation, p).map(Change::$variant)))*
            }
        }

        $(impl From<$ty> for Change {
            fn from(k: $ty) -> Change {
                Change::$variant(k)
            }
        })*
    };
}

kinds! {
    MoveAccount(MoveAccount),
    AttachPolicy(AttachPolicy),
    DetachPolicy(DetachPolicy),
    CreateOu(CreateOu),
    RenameOu(RenameOu),
    DeleteOu(DeleteOu),
    CreatePolicy(CreatePolicy),
    UpdatePolicy(UpdatePolicy),
    DeletePolicy(DeletePolicy),
    EnablePolicyType(EnablePolicyType),
    DisablePolicyType(DisablePolicyType),
    Account(AccountChange),
    Admin(AdminChange),
    Org(OrgChange),
    Transfer(TransferChange),
}

impl Change {
    /// The API operation's name, as in the audit log.
    pub fn operation(&self) -> &'static str {
        self.kind().operation()
    }

    /// The request's parameters, named as in the API.
    pub fn parameters(&self) -> Value {
        self.kind().parameters()
    }
}

#[async_trait]
impl ChangeKind for Change {
    fn refusal(&self, known: &dyn Known) -> Option<String> {
        self.kind().refusal(known)
    }
    fn subject(&self) -> String {
        self.kind().subject()
    }
    fn done(&self, names: &dyn Names) -> String {
        self.kind().done(names)
    }
    fn operation(&self) -> &'static str {
        self.kind().operation()
    }
    fn parameters(&self) -> Value {
        self.kind().parameters()
    }
    async fn send(&self, b: &dyn OrgBackend) -> OrgResult<Option<String>> {
        self.kind().send(b).await
    }
    fn already_there(&self, e: &OrgError) -> bool {
        self.kind().already_there(e)
    }
    async fn find(&self, g: &Gate, b: &dyn OrgBackend) -> OrgResult<Found> {
        self.kind().find(g, b).await
    }
    fn stale(&self) -> Vec<About> {
        self.kind().stale()
    }
}

/// A change was attempted; the outcome is here rather than in the message's result so
/// that a failed audit write can be reported either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub change: Change,
    pub outcome: Result<(), OrgError>,
    /// The id of what the change created (an OU or a policy).
    pub created: Option<String>,
    /// The reply was lost or ambiguous and the outcome was found by re-reading what the
    /// change would have changed.
    pub reconciled: bool,
    pub audit_error: Option<String>,
}

impl Changed {
    /// A change that failed before or without any answer worth more than its error.
    pub fn failed(change: Change, err: OrgError) -> Self {
        Changed {
            change,
            outcome: Err(err),
            created: None,
            reconciled: false,
            audit_error: None,
        }
    }
}

/// A string parameter of an audit line.
fn param(p: &Value, key: &str) -> Option<String> {
    p.get(key).and_then(Value::as_str).map(str::to_string)
}
