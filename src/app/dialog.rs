//! Dialogs for changes: pickers, confirmations, text prompts, progress and summaries.
//! What a confirmation says is computed here (pure) from the model, so it can be tested
//! and always reflects what is loaded.

use std::collections::{BTreeMap, HashMap};

use crate::org::{OrgError, PolicySummary, PolicyType};
use crate::text::safe;

use super::model::{Loadable, Model, NodeData};
use super::msg::Change;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Picker(Picker),
    Confirm(Confirm),
    Prompt(Prompt),
    Progress(Progress),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickFor {
    /// Choose the destination of these accounts (ids).
    Move { accounts: Vec<String> },
    /// Choose a policy to attach to this target.
    Attach { target: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub purpose: PickFor,
    pub query: String,
    pub selected: usize,
    /// A problem with the last choice, shown in the picker.
    pub error: Option<String>,
}

/// One choice in a picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub label: String,
    pub note: String,
}

/// A change described and waiting for `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    Move {
        /// (account id, source parent id)
        accounts: Vec<(String, String)>,
        destination: String,
    },
    Attach {
        policy: PolicySummary,
        target: String,
    },
    Detach {
        policy: PolicySummary,
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
}

impl Plan {
    pub fn changes(&self) -> Vec<Change> {
        match self {
            Plan::Move {
                accounts,
                destination,
            } => accounts
                .iter()
                .map(|(account, source)| Change::MoveAccount {
                    account: account.clone(),
                    source: source.clone(),
                    destination: destination.clone(),
                })
                .collect(),
            Plan::Attach { policy, target } => {
                vec![Change::AttachPolicy {
                    policy: policy.id.clone(),
                    target: target.clone(),
                }]
            }
            Plan::Detach { policy, target } => {
                vec![Change::DetachPolicy {
                    policy: policy.id.clone(),
                    target: target.clone(),
                }]
            }
            Plan::CreateOu { parent, name } => vec![Change::CreateOu {
                parent: parent.clone(),
                name: name.clone(),
            }],
            Plan::RenameOu { ou, name } => vec![Change::RenameOu {
                ou: ou.clone(),
                name: name.clone(),
            }],
            Plan::DeleteOu { ou } => vec![Change::DeleteOu { ou: ou.clone() }],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub plan: Plan,
    /// The prompt this came from, reopened (text intact) on cancel or failure.
    pub back: Option<Prompt>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptFor {
    CreateOu { parent: String },
    RenameOu { ou: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub purpose: PromptFor,
    pub input: String,
    /// The last call's failure, shown at the field.
    pub failure: Option<OrgError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub plan: Plan,
    pub total: usize,
    pub results: Vec<(Change, Result<(), OrgError>)>,
    pub back: Option<Prompt>,
    /// Audit-log write failures (never ignored).
    pub audit_errors: Vec<String>,
    /// What a CreateOrganizationalUnit made, to select it once the tree shows it.
    pub created: Option<String>,
}

impl Progress {
    pub fn done(&self) -> bool {
        self.results.len() >= self.total
    }
    pub fn failed(&self) -> usize {
        self.results.iter().filter(|(_, r)| r.is_err()).count()
    }
}

/// How a line of a confirmation is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Strong,
    Gain,
    Loss,
    Warn,
}

pub type Text = Vec<(Tone, String)>;

/// Parents and names of every root and OU known so far: from the OU directory (filled
/// for pickers) and from the tree. Built once per use, so paths cost hash lookups only.
struct Directory<'a> {
    m: &'a Model,
    parent_of: HashMap<&'a str, &'a str>,
    name_of: HashMap<&'a str, &'a str>,
}

impl<'a> Directory<'a> {
    fn new(m: &'a Model) -> Self {
        let mut parent_of = HashMap::new();
        let mut name_of = HashMap::new();
        for (parent, ous) in &m.ou_dir {
            for ou in ous.loaded().into_iter().flatten() {
                parent_of.insert(ou.id.as_str(), parent.as_str());
                name_of.insert(ou.id.as_str(), ou.name.as_str());
            }
        }
        Directory {
            m,
            parent_of,
            name_of,
        }
    }

    fn parent(&self, id: &str) -> Option<String> {
        match self.parent_of.get(id) {
            Some(p) => Some(p.to_string()),
            None => self
                .m
                .node_by_id(id)?
                .parent
                .map(|p| self.m.node(p).id.clone()),
        }
    }

    fn name(&self, id: &str) -> String {
        match self.m.node_by_id(id) {
            Some(n) => n.name().to_string(),
            None => self.name_of.get(id).map_or(id, |n| n).to_string(),
        }
    }

    /// `id` and its ancestors, nearest first (bounded: OUs nest 5 deep).
    fn chain(&self, id: &str) -> Vec<String> {
        let mut out = vec![id.to_string()];
        while out.len() < 8 {
            match self.parent(&out[out.len() - 1]) {
                Some(p) => out.push(p),
                None => break,
            }
        }
        out
    }

    /// "Root / Workloads / Prod".
    fn path(&self, id: &str) -> String {
        let chain = self.chain(id);
        let names: Vec<String> = chain
            .iter()
            .rev()
            .map(|i| safe(&self.name(i)).into_owned())
            .collect();
        names.join(" / ")
    }
}

/// The OU directory: every root and OU known so far, with its full path.
pub fn destinations(m: &Model) -> Vec<Choice> {
    let dir = Directory::new(m);
    let mut out = Vec::new();
    for &r in &m.roots {
        out.push(Choice {
            id: m.node(r).id.clone(),
            label: safe(m.node(r).name()).into_owned(),
            note: "root".into(),
        });
    }
    let mut ous: Vec<&str> = dir.parent_of.keys().copied().collect();
    ous.sort_unstable();
    for id in ous {
        out.push(Choice {
            id: id.to_string(),
            label: dir.path(id),
            note: String::new(),
        });
    }
    out
}

/// The ancestors of a root or OU (nearest first), from the directory or the tree.
pub fn ancestors_of(m: &Model, id: &str) -> Vec<String> {
    let mut chain = Directory::new(m).chain(id);
    chain.remove(0);
    chain
}

fn name_of(m: &Model, id: &str) -> String {
    Directory::new(m).name(id)
}

/// Full path of a root or OU (for messages).
pub fn place(m: &Model, id: &str) -> String {
    Directory::new(m).path(id)
}

/// Policies that can be attached to `target`: of a type enabled on the root and not
/// attached there yet.
pub fn attachable(m: &Model, target: &str) -> Vec<Choice> {
    let enabled = m.enabled_policy_types();
    let attached: Vec<&str> = match m.attached.get(target) {
        Some(Loadable::Loaded(list)) => list.iter().map(|p| p.id.as_str()).collect(),
        _ => Vec::new(),
    };
    match &m.policies_view.list {
        Some(Loadable::Loaded(list)) => list
            .iter()
            .filter(|p| enabled.contains(&p.kind) && !attached.contains(&p.id.as_str()))
            .map(|p| Choice {
                id: p.id.clone(),
                label: safe(&p.name).into_owned(),
                note: format!(
                    "{}{}",
                    p.kind.short(),
                    if p.aws_managed { " · AWS managed" } else { "" }
                ),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The picker's choices after its query, best first.
pub fn choices(m: &Model, picker: &Picker) -> Vec<Choice> {
    let all = match &picker.purpose {
        PickFor::Move { .. } => destinations(m),
        PickFor::Attach { target } => attachable(m, target),
    };
    crate::fuzzy::rank(&picker.query, all.iter().map(|c| c.label.as_str()))
        .into_iter()
        .map(|i| all[i].clone())
        .collect()
}

/// SCPs in effect through inheritance along a parent's path: policy id → (name, where).
fn inherited_scps(m: &Model, parent: &str) -> Option<BTreeMap<String, (String, String)>> {
    let mut out = BTreeMap::new();
    let mut levels = ancestors_of(m, parent);
    levels.insert(0, parent.to_string());
    for level in levels {
        let list = m.attached.get(&level)?.loaded()?;
        for p in list.iter().filter(|p| p.kind == PolicyType::ServiceControl) {
            out.entry(p.id.clone())
                .or_insert_with(|| (p.name.clone(), name_of(m, &level)));
        }
    }
    Some(out)
}

/// Targets whose attachments a confirmation needs (so the worker can load them).
pub fn needed_attachments(m: &Model, plan: &Plan) -> Vec<String> {
    let mut ids = Vec::new();
    if let Plan::Move {
        accounts,
        destination,
    } = plan
    {
        let mut parents: Vec<&String> = accounts.iter().map(|(_, s)| s).collect();
        parents.push(destination);
        for p in parents {
            ids.push(p.clone());
            ids.extend(ancestors_of(m, p));
        }
    }
    ids.sort();
    ids.dedup();
    ids.retain(|id| !m.attached.contains_key(id));
    ids
}

fn account_label(m: &Model, id: &str) -> String {
    match m.node_by_id(id) {
        Some(n) => format!("{} ({})", safe(n.name()), safe(id)),
        None => safe(id).into_owned(),
    }
}

/// What the confirmation says, line by line.
pub fn describe(m: &Model, plan: &Plan) -> Text {
    let mut t: Text = Vec::new();
    match plan {
        Plan::Move {
            accounts,
            destination,
        } => {
            let to = place(m, destination);
            if let [(account, source)] = accounts.as_slice() {
                t.push((
                    Tone::Strong,
                    format!("Move account {}", account_label(m, account)),
                ));
                t.push((Tone::Plain, format!("  from  {}", place(m, source))));
                t.push((Tone::Plain, format!("  to    {to}")));
            } else {
                t.push((
                    Tone::Strong,
                    format!("Move {} accounts to {to}:", accounts.len()),
                ));
                for (account, source) in accounts {
                    t.push((
                        Tone::Plain,
                        format!("  {}  from {}", account_label(m, account), place(m, source)),
                    ));
                }
            }
            t.push((Tone::Plain, String::new()));
            let mut sources: Vec<&String> = accounts.iter().map(|(_, s)| s).collect();
            sources.sort();
            sources.dedup();
            for source in sources {
                match (inherited_scps(m, source), inherited_scps(m, destination)) {
                    (Some(from), Some(to_set)) => {
                        let prefix = if accounts.len() > 1 {
                            format!("From {}: ", place(m, source))
                        } else {
                            String::new()
                        };
                        let gained: Vec<_> = to_set
                            .iter()
                            .filter(|(id, _)| !from.contains_key(*id))
                            .collect();
                        let lost: Vec<_> = from
                            .iter()
                            .filter(|(id, _)| !to_set.contains_key(*id))
                            .collect();
                        if gained.is_empty() && lost.is_empty() {
                            t.push((Tone::Plain, format!("{prefix}inherited SCPs stay the same")));
                        }
                        for (_, (name, at)) in gained {
                            t.push((
                                Tone::Gain,
                                format!(
                                    "{prefix}+ gains SCP {} (attached to {})",
                                    safe(name),
                                    safe(at)
                                ),
                            ));
                        }
                        for (_, (name, at)) in lost {
                            t.push((
                                Tone::Loss,
                                format!(
                                    "{prefix}- loses SCP {} (attached to {})",
                                    safe(name),
                                    safe(at)
                                ),
                            ));
                        }
                    }
                    _ => t.push((Tone::Warn, "⟳ reading the SCPs along both paths…".into())),
                }
            }
        }
        Plan::Attach { policy, target } => {
            t.push((
                Tone::Strong,
                format!("Attach {} {}", policy.kind.short(), safe(&policy.name)),
            ));
            t.push((Tone::Plain, format!("  to {}", target_label(m, target))));
            t.push((
                Tone::Plain,
                "It applies to the target and everything below it.".into(),
            ));
        }
        Plan::Detach { policy, target } => {
            t.push((
                Tone::Strong,
                format!("Detach {} {}", policy.kind.short(), safe(&policy.name)),
            ));
            t.push((Tone::Plain, format!("  from {}", target_label(m, target))));
            if policy.id == "p-FullAWSAccess" || policy.name == "FullAWSAccess" {
                t.push((
                    Tone::Warn,
                    "Warning: without FullAWSAccess, only actions that another SCP attached".into(),
                ));
                t.push((
                    Tone::Warn,
                    "here explicitly allows stay allowed — for this target and everything".into(),
                ));
                t.push((
                    Tone::Warn,
                    "below it. Everything else is denied, including for administrators.".into(),
                ));
            }
        }
        Plan::CreateOu { parent, name } => {
            t.push((Tone::Strong, format!("Create OU \"{}\"", safe(name))));
            t.push((Tone::Plain, format!("  under {}", place(m, parent))));
        }
        Plan::RenameOu { ou, name } => {
            t.push((
                Tone::Strong,
                format!("Rename OU {} ({})", safe(&name_of(m, ou)), safe(ou)),
            ));
            t.push((Tone::Plain, format!("  to \"{}\"", safe(name))));
        }
        Plan::DeleteOu { ou } => {
            t.push((
                Tone::Strong,
                format!("Delete OU {} ({})", safe(&name_of(m, ou)), safe(ou)),
            ));
            t.push((Tone::Plain, format!("  at {}", place(m, ou))));
            t.push((
                Tone::Plain,
                "It is empty. Policies attached to it are detached.".into(),
            ));
        }
    }
    t
}

fn target_label(m: &Model, id: &str) -> String {
    match m.node_by_id(id).map(|n| &n.data) {
        Some(NodeData::Account(_)) => format!("account {}", account_label(m, id)),
        Some(NodeData::Root(_)) => format!("root {}", safe(id)),
        _ => format!("OU {} ({})", place(m, id), safe(id)),
    }
}
