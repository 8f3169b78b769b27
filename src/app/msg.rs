//! Messages into `update` and commands out of it. Commands are plain data; the worker
//! (src/worker.rs) carries them out and answers with `Msg::Reply`.

use ratatui::crossterm::event::KeyEvent;

use crate::org::{
    Account, Child, OrgError, OrgUnit, Organization, Policy, PolicySummary, PolicyTarget,
    PolicyType, Root, Tag,
};

/// Every request carries an id; a reply whose id the model no longer waits for is dropped.
pub type ReqId = u64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch {
    /// DescribeOrganization, then ListRoots (every page).
    Organization,
    /// ListOrganizationalUnitsForParent and ListAccountsForParent, every page of each;
    /// each page is answered as soon as it arrives.
    Children { parent: String },
    /// DescribeOrganizationalUnit.
    OrgUnit { id: String },
    /// DescribeAccount and ListTagsForResource.
    Account { id: String },
    /// ListParents repeatedly, up to the root.
    Ancestors { id: String },
    /// ListPoliciesForTarget for each of `types`.
    PoliciesForTarget {
        target: String,
        types: Vec<PolicyType>,
    },
    /// DescribePolicy.
    Policy { id: String },
    /// ListPolicies for each of `types`.
    Policies { types: Vec<PolicyType> },
    /// ListTargetsForPolicy.
    Targets { policy: String },
    /// ListAccounts, every page, answered page by page.
    AllAccounts,
    /// ListOrganizationalUnitsForParent, every page (for the OU directory of pickers).
    OrgUnitsOf { parent: String },
    /// ListChildren of both types, every page (ids suffice: is an OU empty?).
    ChildIds { parent: String },
    /// For an account and each of `types`: DescribeEffectivePolicy,
    /// ListEffectivePolicyValidationErrors and ListAccountsWithInvalidEffectivePolicy.
    Effective {
        account: String,
        types: Vec<PolicyType>,
    },
    /// What the evaluator needs for a target: its path from the root and the SCPs and RCPs
    /// attached along it, with their documents (`policy::gather`).
    EvalInput { target: String },
    /// DescribeCreateAccountStatus, sent after waiting `after_ms` (the poll's backoff:
    /// the worker waits, never `update`).
    CreateAccountStatus { request: String, after_ms: u64 },
    /// ListCreateAccountStatus in these states (all when empty), every page.
    CreationRequests { states: Vec<String> },
    /// Issue 9's administrative reads (tags, delegated administrators, trusted services,
    /// the resource policy).
    Admin(super::admin_fetch::AdminFetch),
}

/// A change to the organization. Each is confirmed by the user before it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    MoveAccount {
        account: String,
        source: String,
        destination: String,
    },
    AttachPolicy {
        policy: String,
        target: String,
    },
    DetachPolicy {
        policy: String,
        target: String,
    },
    CreateOu {
        parent: String,
        name: String,
    },
    RenameOu {
        ou: String,
        name: String,
    },
    DeleteOu {
        ou: String,
    },
    CreatePolicy {
        name: String,
        description: String,
        kind: PolicyType,
        content: String,
    },
    /// UpdatePolicy; every field is sent (what the editor shows is what AWS keeps).
    UpdatePolicy {
        policy: String,
        name: String,
        description: String,
        content: String,
    },
    DeletePolicy {
        policy: String,
    },
    EnablePolicyType {
        root: String,
        kind: PolicyType,
    },
    DisablePolicyType {
        root: String,
        kind: PolicyType,
    },
    /// Creating, removing or closing an account (`account_change`).
    Account(super::account_change::AccountChange),
    /// Tags, delegated administrators, trusted services, the resource policy.
    Admin(super::admin_change::AdminChange),
    /// Invitations, handshakes and the organization itself.
    Org(super::org_change::OrgChange),
}

impl Change {
    /// The API operation's name, as in the audit log.
    pub fn operation(&self) -> &'static str {
        match self {
            Change::MoveAccount { .. } => "MoveAccount",
            Change::AttachPolicy { .. } => "AttachPolicy",
            Change::DetachPolicy { .. } => "DetachPolicy",
            Change::CreateOu { .. } => "CreateOrganizationalUnit",
            Change::RenameOu { .. } => "UpdateOrganizationalUnit",
            Change::DeleteOu { .. } => "DeleteOrganizationalUnit",
            Change::CreatePolicy { .. } => "CreatePolicy",
            Change::UpdatePolicy { .. } => "UpdatePolicy",
            Change::DeletePolicy { .. } => "DeletePolicy",
            Change::EnablePolicyType { .. } => "EnablePolicyType",
            Change::DisablePolicyType { .. } => "DisablePolicyType",
            Change::Account(a) => a.operation(),
            Change::Admin(a) => a.operation(),
            Change::Org(o) => o.operation(),
        }
    }

    /// The change an audit line describes (its operation and parameters), if it is one
    /// orgtui makes.
    pub fn from_audit(operation: &str, p: &serde_json::Value) -> Option<Change> {
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).map(str::to_string);
        Some(match operation {
            "MoveAccount" => Change::MoveAccount {
                account: s("AccountId")?,
                source: s("SourceParentId")?,
                destination: s("DestinationParentId")?,
            },
            "AttachPolicy" => Change::AttachPolicy {
                policy: s("PolicyId")?,
                target: s("TargetId")?,
            },
            "DetachPolicy" => Change::DetachPolicy {
                policy: s("PolicyId")?,
                target: s("TargetId")?,
            },
            "CreateOrganizationalUnit" => Change::CreateOu {
                parent: s("ParentId")?,
                name: s("Name")?,
            },
            "UpdateOrganizationalUnit" => Change::RenameOu {
                ou: s("OrganizationalUnitId")?,
                name: s("Name")?,
            },
            "DeleteOrganizationalUnit" => Change::DeleteOu {
                ou: s("OrganizationalUnitId")?,
            },
            "CreatePolicy" => Change::CreatePolicy {
                name: s("Name")?,
                description: s("Description")?,
                kind: PolicyType::from_api_str(&s("Type")?),
                content: s("Content")?,
            },
            "UpdatePolicy" => Change::UpdatePolicy {
                policy: s("PolicyId")?,
                name: s("Name")?,
                description: s("Description")?,
                content: s("Content")?,
            },
            "DeletePolicy" => Change::DeletePolicy {
                policy: s("PolicyId")?,
            },
            "EnablePolicyType" => Change::EnablePolicyType {
                root: s("RootId")?,
                kind: PolicyType::from_api_str(&s("PolicyType")?),
            },
            "DisablePolicyType" => Change::DisablePolicyType {
                root: s("RootId")?,
                kind: PolicyType::from_api_str(&s("PolicyType")?),
            },
            other => {
                return super::account_change::AccountChange::from_audit(other, p)
                    .map(Change::Account)
                    .or_else(|| {
                        super::admin_change::AdminChange::from_audit(other, p).map(Change::Admin)
                    })
                    .or_else(|| {
                        super::org_change::OrgChange::from_audit(other, p).map(Change::Org)
                    })
            }
        })
    }

    /// The request parameters, named as in the API.
    pub fn parameters(&self) -> serde_json::Value {
        use serde_json::json;
        match self {
            Change::MoveAccount {
                account,
                source,
                destination,
            } => json!({
                "AccountId": account, "SourceParentId": source, "DestinationParentId": destination
            }),
            Change::AttachPolicy { policy, target } | Change::DetachPolicy { policy, target } => {
                json!({ "PolicyId": policy, "TargetId": target })
            }
            Change::CreateOu { parent, name } => json!({ "ParentId": parent, "Name": name }),
            Change::RenameOu { ou, name } => json!({ "OrganizationalUnitId": ou, "Name": name }),
            Change::DeleteOu { ou } => json!({ "OrganizationalUnitId": ou }),
            Change::CreatePolicy {
                name,
                description,
                kind,
                content,
            } => json!({
                "Name": name, "Description": description, "Type": kind.as_api_str(), "Content": content
            }),
            Change::UpdatePolicy {
                policy,
                name,
                description,
                content,
            } => json!({
                "PolicyId": policy, "Name": name, "Description": description, "Content": content
            }),
            Change::DeletePolicy { policy } => json!({ "PolicyId": policy }),
            Change::EnablePolicyType { root, kind } | Change::DisablePolicyType { root, kind } => {
                json!({ "RootId": root, "PolicyType": kind.as_api_str() })
            }
            Change::Account(a) => a.parameters(),
            Change::Admin(a) => a.parameters(),
            Change::Org(o) => o.parameters(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Fetch {
        req: ReqId,
        fetch: Fetch,
    },
    /// Carry out a confirmed change; `caller` is recorded in the audit log.
    Change {
        req: ReqId,
        change: Change,
        caller: String,
    },
    /// Re-read whether a change an earlier run attempted (audit id `id`) happened, and
    /// record the answer as its outcome in the audit log.
    Check {
        req: ReqId,
        id: String,
        change: Change,
        caller: String,
    },
    /// Stop the requests with these ids (superseded): their tasks are aborted.
    Cancel(Vec<ReqId>),
    /// Write what the model has read of the organization to `path` in `format`.
    Export {
        format: ExportFormat,
        path: String,
    },
    /// Copy text to the clipboard (OSC 52).
    Copy(String),
    /// Suspend the UI and edit `text` in $VISUAL/$EDITOR; answered with `Msg::Edited`.
    EditExternal {
        text: String,
    },
    /// Switch to the built-in theme of this name (the user's colours stay).
    Theme(String),
    /// Keep these policy drafts in the state directory (replacing what is there).
    SaveDrafts(Vec<crate::drafts::Draft>),
    /// Keep these account creations in progress in the state directory.
    SaveCreations(Vec<crate::app::creation::Tracked>),
    /// GetCallerIdentity or AssumeRole, for the worker.
    Sts(crate::sts::StsCmd),
    /// Suspend the UI and open a shell with these credentials (the main loop's business).
    Shell(crate::shell::Launch),
    Quit,
}

/// The formats of `orgtui export`, as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    Tree,
    Dot,
    Mermaid,
}

impl ExportFormat {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "json" => ExportFormat::Json,
            "csv" => ExportFormat::Csv,
            "tree" => ExportFormat::Tree,
            "dot" => ExportFormat::Dot,
            "mermaid" => ExportFormat::Mermaid,
            _ => return None,
        })
    }

    /// The file name extension people use for it.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Tree => "txt",
            ExportFormat::Dot => "dot",
            ExportFormat::Mermaid => "mmd",
        }
    }
}

/// A parent found with ListParents, named with DescribeOrganizationalUnit (roots keep
/// their id as name; the model knows their names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ancestor {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Organization {
        org: Organization,
        roots: Vec<Root>,
    },
    OrgUnitsPage {
        parent: String,
        items: Vec<OrgUnit>,
        last: bool,
    },
    AccountsPage {
        parent: String,
        items: Vec<Account>,
        last: bool,
    },
    OrgUnit(OrgUnit),
    Account {
        account: Account,
        tags: Vec<Tag>,
    },
    /// Ancestors of `id`, nearest first, ending with the root.
    Ancestors {
        id: String,
        chain: Vec<Ancestor>,
    },
    PoliciesForTarget {
        target: String,
        policies: Vec<PolicySummary>,
    },
    Policy(Policy),
    Policies(Vec<PolicySummary>),
    Targets {
        policy: String,
        targets: Vec<PolicyTarget>,
    },
    AllAccountsPage {
        items: Vec<Account>,
        last: bool,
    },
    OrgUnitsOf {
        parent: String,
        ous: Vec<OrgUnit>,
    },
    ChildIds {
        parent: String,
        children: Vec<Child>,
    },
    Changed(Changed),
    EvalInput {
        target: String,
        input: Box<crate::policy::EvalInput>,
    },
    Effective {
        account: String,
        types: Vec<super::effective::EffectiveOfType>,
    },
    /// Whether an unfinished change of an earlier run happened.
    Checked {
        id: String,
        happened: bool,
    },
    CreateAccountStatus(crate::org::CreateAccountStatus),
    CreationRequests(Vec<crate::org::CreateAccountStatus>),
    Admin(super::admin_fetch::AdminReply),
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste): it goes to the text field that has
    /// the keyboard and never presses a key, so a pasted newline confirms nothing.
    Paste(String),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// A click or the wheel (only with the mouse turned on).
    Mouse(super::mouse::Pointer),
    /// Changes an earlier run attempted without recording their outcome (from the audit
    /// log at start): audit id and change.
    Unfinished(Vec<(String, Change)>),
    /// An export asked for with `:export` was written (the path) or failed (why).
    Exported(Result<String, String>),
    /// What $VISUAL/$EDITOR left in the file (or why it could not run).
    Edited(Result<String, String>),
    /// Policy drafts kept from an earlier session.
    Drafts(Vec<crate::drafts::Draft>),
    /// Account creations an earlier session left in progress (polled again).
    Creations(Vec<crate::app::creation::Tracked>),
    /// A frame was drawn: a confirmation on screen may now be answered.
    Drawn,
    /// How the worker's shared limit stands (AWS throttling, calls waiting).
    Throttle(crate::throttle::LimitStatus),
    /// No input for a short while: a good moment to load details of the selection
    /// (so holding `j` does not fire a request per row).
    Idle,
    Reply {
        req: ReqId,
        result: Result<Reply, OrgError>,
    },
    /// The worker's STS answers, and the end of a shell.
    Sts(crate::sts::StsReply),
}
