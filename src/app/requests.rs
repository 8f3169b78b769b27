//! Requests in flight: each has an id and a purpose; a reply whose id is no longer here
//! is stale and dropped. Pages of a listing are staged here until it is complete.

use std::collections::{BTreeSet, HashMap};

use crate::org::{Account, OrgUnit};

use super::model::NodeIx;
use super::msg::{Change, Fetch, ReqId};

/// What a request in flight is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// Fills the cache entry of this fetch (see `Cache::slot`).
    Load(Fetch),
    Organization,
    /// A parent's OUs and accounts, staged page by page until both listings are done.
    Children {
        parent: NodeIx,
        ous: Option<Vec<OrgUnit>>,
        accounts: Option<Vec<Account>>,
        ous_staged: Vec<OrgUnit>,
        accounts_staged: Vec<Account>,
    },
    /// A `Fetch::Subtree`: the parents it has still to file (those asked for, then each OU
    /// found under one filed). Those it set loading go back when it fails or ends early.
    Subtree {
        outstanding: BTreeSet<NodeIx>,
    },
    /// ListAccounts, staged page by page.
    AllAccounts(Vec<Account>),
    /// ListChildren before deleting this OU.
    DeleteCheck(String),
    Change(Change),
    /// Whether the unfinished change with this audit id happened.
    Check(String),
    /// The evaluator's input for this target (for the evaluator's dialog).
    Evaluate(String),
    /// The evaluator's input for every account under this root or OU.
    EvaluateAll(String),
    /// Every account's verdict under this root or OU, worked out by the worker.
    Judge(String),
    /// What a proposed change does to the watched actions (for its confirmation).
    WhatIf(crate::policy::whatif::Proposed),
    /// The effective policies of this account (for their dialog).
    Effective(String),
    /// A read of the account lifecycle (`creation`).
    Lifecycle(super::creation::Wait),
    /// The check of the staged plan.
    PlanReview,
    /// The staged plan being applied (a reply per step, then its end).
    PlanApply,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requests {
    next: ReqId,
    pending: HashMap<ReqId, Pending>,
    /// Forgotten since `take_forgotten`: their tasks in the worker can be aborted.
    forgotten: Vec<ReqId>,
    /// Changes sent in this session whose outcome is unknown: sent again only after a
    /// re-read shows they did not happen.
    unsettled: Vec<super::msg::Change>,
}

impl Default for Requests {
    fn default() -> Self {
        Requests {
            next: 1,
            pending: HashMap::new(),
            forgotten: Vec::new(),
            unsettled: Vec::new(),
        }
    }
}

impl Requests {
    /// Remembers a change whose outcome came back unknown.
    pub fn unsettled(&mut self, change: super::msg::Change) {
        if !self.unsettled.contains(&change) {
            self.unsettled.push(change);
        }
    }

    /// Whether `change` (about to be sent again) had an unknown outcome; it is then
    /// re-read before it is sent.
    pub fn settle(&mut self, change: &super::msg::Change) -> bool {
        let before = self.unsettled.len();
        self.unsettled.retain(|c| c != change);
        self.unsettled.len() != before
    }

    /// Registers a request and returns its id.
    pub fn register(&mut self, pending: Pending) -> ReqId {
        let req = self.next;
        self.next += 1;
        self.pending.insert(req, pending);
        req
    }

    /// Takes the request a reply answers; `None` when it is stale.
    pub fn take(&mut self, req: ReqId) -> Option<Pending> {
        self.pending.remove(&req)
    }

    /// Puts back a request whose listing goes on.
    pub fn resume(&mut self, req: ReqId, pending: Pending) {
        self.pending.insert(req, pending);
    }

    /// Drops requests matching `stale`, so their replies are ignored.
    /// Whether a request like this is in flight.
    pub fn any(&self, like: impl Fn(&Pending) -> bool) -> bool {
        self.pending.values().any(like)
    }

    pub fn forget(&mut self, stale: impl Fn(&Pending) -> bool) {
        let forgotten = &mut self.forgotten;
        self.pending.retain(|&req, p| {
            let keep = !stale(p);
            if !keep {
                forgotten.push(req);
            }
            keep
        });
    }

    /// The requests forgotten since the last call (to cancel them in the worker).
    pub fn take_forgotten(&mut self) -> Vec<ReqId> {
        std::mem::take(&mut self.forgotten)
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// Whether a parent's listing is in flight (a crawl is not finished while one is).
    pub fn lists_in_flight(&self) -> bool {
        self.pending
            .values()
            .any(|p| matches!(p, Pending::Children { .. } | Pending::Subtree { .. }))
    }

    /// Parents a subtree read in flight has still to file (it lists all below them too).
    pub fn subtree_outstanding(&self) -> BTreeSet<NodeIx> {
        let reads = self.pending.values().filter_map(|p| match p {
            Pending::Subtree { outstanding } => Some(outstanding),
            _ => None,
        });
        reads.flatten().copied().collect()
    }

    /// Whether a listing of this parent on its own is in flight.
    pub fn listing(&self, ix: NodeIx) -> bool {
        self.any(|p| matches!(p, Pending::Children { parent, .. } if *parent == ix))
    }

    /// Items of listings still in flight: for a parent's children (`Some(ix)`) or for
    /// the accounts view (`None`). Long listings show how far they have got.
    pub fn staged(&self, parent: Option<NodeIx>) -> usize {
        self.pending
            .values()
            .map(|p| match (p, parent) {
                (
                    Pending::Children {
                        parent: at,
                        ous_staged,
                        accounts_staged,
                        ous,
                        accounts,
                    },
                    Some(ix),
                ) if *at == ix => {
                    ous_staged.len()
                        + accounts_staged.len()
                        + ous.as_ref().map_or(0, Vec::len)
                        + accounts.as_ref().map_or(0, Vec::len)
                }
                (Pending::AllAccounts(staged), None) => staged.len(),
                _ => 0,
            })
            .sum()
    }
}
