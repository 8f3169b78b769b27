//! Generated organizations shaped like the issue's: one parent holds ~70% of the OUs (so
//! its OU listing is a long chain of pages), the rest form a tree five wide, and the
//! accounts are spread over every OU, the management account in the root.

use std::collections::{HashMap, HashSet};

use orgtui::org::OrgSnapshot;
use serde_json::{json, Value};

pub const ROOT: &str = "r-stnd";
const ORG: &str = "o-standin001";
const MANAGEMENT: &str = "100000000000";

/// One organization: per parent, its OUs and its accounts as the API lists them.
pub struct Org {
    pub name: String,
    pub ous: HashMap<String, Vec<Value>>,
    pub accounts: HashMap<String, Vec<Value>>,
    pub roots: Vec<String>,
    /// The roots and every OU.
    pub parents: HashSet<String>,
}

impl Org {
    /// `accounts` accounts besides the management account, in `ous` OUs (at least 2).
    pub fn generate(accounts: usize, ous: usize) -> Org {
        let ous = ous.max(2);
        let mut org = Org {
            name: format!("{} accounts, {ous} OUs", accounts + 1),
            ous: HashMap::new(),
            accounts: HashMap::new(),
            roots: vec![ROOT.to_string()],
            parents: HashSet::from([ROOT.to_string()]),
        };
        let wide_children = ous * 7 / 10;
        let ou_id = |i: usize| format!("ou-stnd-{i:08}");
        // OU 0 is the wide parent, under the root; 1..=wide_children are its children.
        org.add_ou(ROOT, &ou_id(0));
        for i in 1..=wide_children {
            org.add_ou(&ou_id(0), &ou_id(i));
        }
        // The rest: a tree five wide under the root.
        let rest: Vec<usize> = (wide_children + 1..ous).collect();
        for (k, &i) in rest.iter().enumerate() {
            let parent = match k {
                0..=4 => ROOT.to_string(),
                _ => ou_id(rest[k / 5 - 1]),
            };
            org.add_ou(&parent, &ou_id(i));
        }
        org.add_account(ROOT, MANAGEMENT);
        for a in 0..accounts {
            org.add_account(
                &ou_id(a % ous),
                &format!("{:012}", 200_000_000_000u64 + a as u64),
            );
        }
        org
    }

    /// The shape of a snapshot's organization (ids only), for its bounds.
    pub fn from_snapshot(s: &OrgSnapshot) -> Org {
        let mut org = Org {
            name: format!("{} accounts, {} OUs", s.accounts.len(), s.ous.len()),
            ous: HashMap::new(),
            accounts: HashMap::new(),
            roots: s.roots.iter().map(|r| r.id.clone()).collect(),
            parents: s.roots.iter().map(|r| r.id.clone()).collect(),
        };
        // A snapshot keeps each parent's items in the order AWS listed them.
        for o in &s.ous {
            org.add_ou(&o.parent, &o.item.id);
        }
        for a in &s.accounts {
            org.add_account(&a.parent, &a.item.id);
        }
        org
    }

    fn add_ou(&mut self, parent: &str, id: &str) {
        let ou = json!({
            "Id": id,
            "Arn": format!("arn:aws:organizations::{MANAGEMENT}:ou/{ORG}/{id}"),
            "Name": format!("OU {id}"),
        });
        self.ous.entry(parent.to_string()).or_default().push(ou);
        self.parents.insert(id.to_string());
    }

    fn add_account(&mut self, parent: &str, id: &str) {
        let account = json!({
            "Id": id,
            "Arn": format!("arn:aws:organizations::{MANAGEMENT}:account/{ORG}/{id}"),
            "Email": format!("{id}@example.com"),
            "Name": format!("Account {id}"),
            "Status": "ACTIVE",
            "State": "ACTIVE",
            "JoinedMethod": "CREATED",
            "JoinedTimestamp": 1_700_000_000.0,
        });
        self.accounts
            .entry(parent.to_string())
            .or_default()
            .push(account);
    }

    pub fn ou_count(&self) -> usize {
        self.ous.values().map(Vec::len).sum()
    }

    pub fn account_count(&self) -> usize {
        self.accounts.values().map(Vec::len).sum()
    }

    pub fn describe_organization() -> Value {
        json!({"Organization": {
            "Id": ORG,
            "Arn": format!("arn:aws:organizations::{MANAGEMENT}:organization/{ORG}"),
            "FeatureSet": "ALL",
            "MasterAccountArn": format!("arn:aws:organizations::{MANAGEMENT}:account/{ORG}/{MANAGEMENT}"),
            "MasterAccountId": MANAGEMENT,
            "MasterAccountEmail": format!("{MANAGEMENT}@example.com"),
            "AvailablePolicyTypes": [],
        }})
    }

    pub fn roots() -> Vec<Value> {
        vec![json!({
            "Id": ROOT,
            "Arn": format!("arn:aws:organizations::{MANAGEMENT}:root/{ORG}/{ROOT}"),
            "Name": "Root",
            "PolicyTypes": [],
        })]
    }
}
