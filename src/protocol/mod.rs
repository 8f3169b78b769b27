//! What the app asks of the worker and what comes back: reads (`Fetch` → `Reply`),
//! changes (`Change` → `Changed`), each under a request id. Plain data; it imports nothing
//! of the app, so the worker, the audit log and the CLI can use it without the UI.

pub use crate::change::{AccountChange, AdminChange, Change, Changed, OrgChange};

use crate::net::throttle::LimitStatus;
use crate::org::{
    Account, Child, DelegatedAdministrator, DelegatedService, EffectivePolicy,
    EffectivePolicyError, EnabledService, Handshake, OrgError, OrgUnit, Organization, Policy,
    PolicySummary, PolicyTarget, PolicyType, ResourcePolicy, ResponsibilityTransfer, Root, Tag,
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
    /// Everything below these parents (roots or OUs; each itself included): the streaming
    /// crawl (`crawl::crawl_below`) at the minimum number of calls, answered with one
    /// `Reply::Listed` per parent as soon as both its listings are complete (never before
    /// the parent that named it), then `Reply::SubtreeDone`, or the first error.
    Subtree { parents: Vec<String> },
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
    /// What the evaluator needs for every account under a root or OU, each target's
    /// policies and each document read once (`policy::all::gather_all`).
    EvalAll { target: String },
    /// Every account's verdict for one question (`policy::all::evaluate_accounts`), worked
    /// out off the UI's thread: a wildcard question over thousands of accounts takes
    /// seconds.
    Judge {
        accounts: crate::policy::all::Accounts,
        query: crate::policy::Query,
    },
    /// What a proposed change does to `actions` for the accounts it affects: their paths
    /// read (`policy::whatif_read`) and compared before and after (`policy::whatif`).
    WhatIf {
        proposed: crate::policy::whatif::Proposed,
        actions: Vec<String>,
        /// The evaluator's request context (`c` in the evaluator): conditions on keys it
        /// gives are decided, not reported as "depends".
        context: crate::policy::Context,
    },
    /// DescribeCreateAccountStatus, sent after waiting `after_ms` (the poll's backoff:
    /// the worker waits, never `update`).
    CreateAccountStatus { request: String, after_ms: u64 },
    /// ListCreateAccountStatus in these states (all when empty), every page.
    CreationRequests { states: Vec<String> },
    /// Issue 9's administrative reads (tags, delegated administrators, trusted services,
    /// the resource policy).
    Admin(AdminFetch),
    /// What a staged plan needs read, and its check: problems, steps in order, effect.
    PlanReview {
        plan: crate::changeset::PlanFile,
        watched: Vec<String>,
    },
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
    /// One parent of a `Fetch::Subtree` read whole: its OUs and accounts as AWS listed them.
    Listed {
        parent: String,
        ous: Vec<OrgUnit>,
        accounts: Vec<Account>,
    },
    /// A `Fetch::Subtree` has read everything below its parents.
    SubtreeDone,
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
    /// Each account under the target with its path and policies, in the tree's order.
    EvalAll {
        target: String,
        accounts: Vec<(String, crate::policy::EvalInput)>,
    },
    /// The answer to `Fetch::Judge`, for the question it was asked.
    Judged {
        query: crate::policy::Query,
        verdicts: Vec<crate::policy::all::AccountVerdict>,
    },
    Effective {
        account: String,
        types: Vec<EffectiveOfType>,
    },
    WhatIf(Box<crate::policy::whatif::Summary>),
    /// Whether an unfinished change of an earlier run happened.
    Checked {
        id: String,
        happened: bool,
    },
    CreateAccountStatus(crate::org::CreateAccountStatus),
    CreationRequests(Vec<crate::org::CreateAccountStatus>),
    Admin(AdminReply),
    PlanReview(Box<crate::changeset::session::Review>),
    /// A step of a plan being applied started or ended.
    PlanStep(crate::changeset::session::StepProgress),
    PlanApplied(crate::changeset::session::Applied),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminReply {
    Tags {
        resource: String,
        tags: Vec<Tag>,
    },
    DelegatedServices {
        account: String,
        services: Vec<DelegatedService>,
    },
    DelegatedAdmins(Vec<DelegatedAdministrator>),
    TrustedServices(Vec<EnabledService>),
    /// `None`: the organization has no resource policy.
    ResourcePolicy(Option<ResourcePolicy>),
    Handshakes(Vec<Handshake>),
    Handshake(Handshake),
    Transfers(Transfers),
    /// DescribeResponsibilityTransfer.
    Transfer(ResponsibilityTransfer),
}

/// The caller's responsibility transfers: those by which it manages another organization's
/// (inbound) and those by which another manages its own (outbound).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transfers {
    pub inbound: Vec<ResponsibilityTransfer>,
    pub outbound: Vec<ResponsibilityTransfer>,
    /// When the lists were read (RFC 3339, the worker's clock): the transfers screen
    /// proposes dates from it, as `update` reads no clock.
    pub read_at: String,
}

/// What was read for one policy type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveOfType {
    pub kind: PolicyType,
    pub policy: Result<EffectivePolicy, OrgError>,
    /// This account's validation errors for the type.
    pub errors: Result<Vec<EffectivePolicyError>, OrgError>,
    /// Accounts of the organization whose effective policy of this type is invalid.
    pub invalid: Result<Vec<Account>, OrgError>,
}

impl From<AdminReply> for Reply {
    fn from(r: AdminReply) -> Self {
        Reply::Admin(r)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminFetch {
    /// ListTagsForResource (a root, OU, account or policy).
    Tags { resource: String },
    /// ListDelegatedServicesForAccount.
    DelegatedServices { account: String },
    /// ListDelegatedAdministrators, every service.
    DelegatedAdmins,
    /// ListAWSServiceAccessForOrganization.
    TrustedServices,
    /// DescribeResourcePolicy.
    ResourcePolicy,
    /// ListHandshakesForOrganization (ListHandshakesForAccount when `member`), of one
    /// action type or all.
    Handshakes {
        member: bool,
        action: Option<String>,
    },
    /// DescribeHandshake.
    Handshake { id: String },
    /// ListInboundResponsibilityTransfers and ListOutboundResponsibilityTransfers (BILLING).
    Transfers,
    /// DescribeResponsibilityTransfer.
    Transfer { id: String },
}

/// What the worker is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    Fetch {
        req: ReqId,
        fetch: Fetch,
    },
    /// Carry out a confirmed change; `caller` is recorded in the audit log.
    Change {
        req: ReqId,
        change: Change,
        how: crate::change::engine::Send,
        caller: String,
    },
    /// Re-read whether a change an earlier run attempted (audit id `id`, at `attempted`)
    /// happened, and record the answer as its outcome in the audit log.
    Check {
        req: ReqId,
        id: String,
        change: Change,
        attempted: Option<String>,
        caller: String,
    },
    /// Apply a plan with a journal (`changeset::session`): an interrupted apply of it is
    /// resumed, else it is checked again first. Answered by a `Reply::PlanStep` per step as
    /// it starts and ends, then `Reply::PlanApplied`.
    ApplyPlan {
        req: ReqId,
        plan: crate::changeset::session::PlanSource,
        /// After a step fails: finish the steps that do not depend on it, or start no more.
        on_failure: crate::changeset::apply::OnFailure,
        caller: String,
    },
    /// Stop the requests with these ids (superseded): their tasks are aborted.
    Cancel(Vec<ReqId>),
    /// GetCallerIdentity or AssumeRole.
    Sts(crate::sts::StsCmd),
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Reply {
        req: ReqId,
        result: Result<Reply, OrgError>,
    },
    /// How the shared limit stands (AWS throttling, calls waiting).
    Throttle(LimitStatus),
    Sts(crate::sts::StsReply),
}

/// Where the worker sends its answers (the event loop's channel, wrapped).
pub type Sink = std::sync::Arc<dyn Fn(Answer) + Send + Sync>;
