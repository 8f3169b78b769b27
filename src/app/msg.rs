//! Messages into `update` and commands out of it. Commands are plain data; the worker
//! (src/worker.rs) carries them out and answers with `Msg::Reply`.

use ratatui::crossterm::event::KeyEvent;

use crate::org::{
    Account, OrgError, OrgUnit, Organization, Policy, PolicySummary, PolicyTarget, PolicyType,
    Root, Tag,
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    Fetch {
        req: ReqId,
        fetch: Fetch,
    },
    /// Copy text to the clipboard (OSC 52).
    Copy(String),
    Quit,
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    /// The terminal's new size (columns, rows).
    Resize(u16, u16),
    /// No input for a short while: a good moment to load details of the selection
    /// (so holding `j` does not fire a request per row).
    Idle,
    Reply {
        req: ReqId,
        result: Result<Reply, OrgError>,
    },
}
