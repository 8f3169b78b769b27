//! The plans of issue 9's administrative changes and what their confirmations say: the
//! exact tag diff, what registering or deregistering a delegated administrator means,
//! what enabling or disabling a trusted service does, and the resource policy's fate.

use crate::org::Tag;
use crate::text::safe;

use super::super::fields::count;
use super::super::model::Model;
use super::super::msg::Change;
use super::plan::{Text, Tone};
use crate::change::AdminChange;

/// What saving the tag editor changes, each list ordered by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagDiff {
    pub added: Vec<Tag>,
    /// (key, old value, new value)
    pub changed: Vec<(String, String, String)>,
    pub removed: Vec<Tag>,
}

impl TagDiff {
    pub fn between(before: &[Tag], after: &[Tag]) -> TagDiff {
        let mut d = TagDiff::default();
        for t in after {
            match before.iter().find(|b| b.key == t.key) {
                None => d.added.push(t.clone()),
                Some(b) if b.value != t.value => {
                    d.changed
                        .push((t.key.clone(), b.value.clone(), t.value.clone()))
                }
                Some(_) => {}
            }
        }
        d.removed = before
            .iter()
            .filter(|b| !after.iter().any(|t| t.key == b.key))
            .cloned()
            .collect();
        d.added.sort_by(|a, b| a.key.cmp(&b.key));
        d.changed.sort();
        d.removed.sort_by(|a, b| a.key.cmp(&b.key));
        d
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.removed.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminPlan {
    Tags {
        resource: String,
        label: String,
        diff: TagDiff,
    },
    Delegate {
        account: String,
        service: String,
        register: bool,
    },
    ServiceAccess {
        service: String,
        enable: bool,
    },
    /// Put (`Some` content) or delete (`None`) the organization's resource policy.
    ResourcePolicy {
        content: Option<String>,
        /// Whether one exists now (a put replaces it).
        exists: bool,
    },
}

impl AdminPlan {
    /// Whether its changes go one after the other: a tag edit untags first, so a resource
    /// with 50 tags can swap one without ever holding 51.
    pub fn one_at_a_time(&self) -> bool {
        matches!(self, AdminPlan::Tags { .. })
    }

    pub fn changes(&self) -> Vec<Change> {
        let list = match self {
            AdminPlan::Tags { resource, diff, .. } => {
                let mut out = Vec::new();
                if !diff.removed.is_empty() {
                    out.push(AdminChange::UntagResource {
                        resource: resource.clone(),
                        keys: diff.removed.iter().map(|t| t.key.clone()).collect(),
                    });
                }
                let mut tags = diff.added.clone();
                tags.extend(diff.changed.iter().map(|(k, _, v)| Tag {
                    key: k.clone(),
                    value: v.clone(),
                }));
                if !tags.is_empty() {
                    out.push(AdminChange::TagResource {
                        resource: resource.clone(),
                        tags,
                    });
                }
                out
            }
            AdminPlan::Delegate {
                account,
                service,
                register,
            } => {
                let (account, service) = (account.clone(), service.clone());
                vec![if *register {
                    AdminChange::RegisterDelegatedAdministrator { account, service }
                } else {
                    AdminChange::DeregisterDelegatedAdministrator { account, service }
                }]
            }
            AdminPlan::ServiceAccess { service, enable } => {
                let service = service.clone();
                vec![if *enable {
                    AdminChange::EnableServiceAccess { service }
                } else {
                    AdminChange::DisableServiceAccess { service }
                }]
            }
            AdminPlan::ResourcePolicy { content, .. } => vec![match content {
                Some(content) => AdminChange::PutResourcePolicy {
                    content: content.clone(),
                },
                None => AdminChange::DeleteResourcePolicy,
            }],
        };
        list.into_iter().map(Change::Admin).collect()
    }
}

/// "name (id)" from the tree or the list of every account, else the id.
fn account_words(m: &Model, id: &str) -> String {
    let listed = m.cache.accounts.as_ref().and_then(|l| l.loaded());
    let name = m
        .node_by_id(id)
        .map(|n| n.name().to_string())
        .or_else(|| listed.and_then(|all| all.iter().find(|a| a.id == id).map(|a| a.name.clone())));
    match name {
        Some(n) => format!("{} ({})", safe(&n), safe(id)),
        None => safe(id).into_owned(),
    }
}

/// What the confirmation of `plan` says, line by line.
pub fn describe(m: &Model, plan: &AdminPlan, t: &mut Text) {
    let mut line = |tone, s: String| t.push((tone, s));
    match plan {
        AdminPlan::Tags { label, diff, .. } => {
            line(Tone::Strong, format!("Change the tags of {}", safe(label)));
            for tag in &diff.added {
                line(
                    Tone::Gain,
                    format!("  + {} = {}", safe(&tag.key), safe(&tag.value)),
                );
            }
            for (k, old, new) in &diff.changed {
                line(
                    Tone::Warn,
                    format!("  ~ {} = {} → {}", safe(k), safe(old), safe(new)),
                );
            }
            for tag in &diff.removed {
                line(
                    Tone::Loss,
                    format!("  − {} = {}", safe(&tag.key), safe(&tag.value)),
                );
            }
            line(Tone::Plain, String::new());
            let mut calls = Vec::new();
            if !diff.removed.is_empty() {
                let keys = count(diff.removed.len(), "key", "keys");
                calls.push(format!("UntagResource ({keys})"));
            }
            let set = diff.added.len() + diff.changed.len();
            if set > 0 {
                calls.push(format!("TagResource ({})", count(set, "tag", "tags")));
            }
            line(Tone::Plain, format!("Sends {}.", calls.join(", then ")));
            line(
                Tone::Plain,
                "Tag policies, IAM conditions on tags and cost reports see the new values.".into(),
            );
        }
        AdminPlan::Delegate {
            account,
            service,
            register,
        } => {
            let who = account_words(m, account);
            if *register {
                line(
                    Tone::Strong,
                    format!("Register {who} as delegated administrator"),
                );
                line(Tone::Plain, format!("  for {}", safe(service)));
                line(Tone::Plain, String::new());
                line(
                    Tone::Plain,
                    "That account may then administer this service for the whole organization"
                        .into(),
                );
                line(
                    Tone::Plain,
                    "and read the organization's structure, as the management account does.".into(),
                );
                line(
                    Tone::Warn,
                    "The service needs trusted access enabled (trusted services: 6).".into(),
                );
            } else {
                line(
                    Tone::Strong,
                    format!("Deregister {who} as delegated administrator"),
                );
                line(Tone::Plain, format!("  of {}", safe(service)));
                line(Tone::Plain, String::new());
                line(
                    Tone::Warn,
                    "That account loses the service's organization-wide administration; what it"
                        .into(),
                );
                line(
                    Tone::Warn,
                    "configured there may stop or fall back to the management account.".into(),
                );
            }
        }
        AdminPlan::ServiceAccess { service, enable } => {
            if *enable {
                line(
                    Tone::Strong,
                    format!("Enable trusted access for {}", safe(service)),
                );
                line(Tone::Plain, String::new());
                line(
                    Tone::Plain,
                    "The service may then create service-linked roles in every account and".into(),
                );
                line(
                    Tone::Plain,
                    "act across the organization. Prefer enabling it from the service's own".into(),
                );
                line(
                    Tone::Plain,
                    "console, which also sets up what it needs.".into(),
                );
            } else {
                line(
                    Tone::Strong,
                    format!("Disable trusted access for {}", safe(service)),
                );
                line(Tone::Plain, String::new());
                line(
                    Tone::Warn,
                    "The service loses its access to the organization: it can no longer".into(),
                );
                line(
                    Tone::Warn,
                    "create roles or act in member accounts, and data it created may stop".into(),
                );
                line(
                    Tone::Warn,
                    "updating. Its delegated administrators should be deregistered first.".into(),
                );
            }
        }
        AdminPlan::ResourcePolicy { content, exists } => match content {
            Some(doc) => {
                let verb = if *exists { "Replace" } else { "Create" };
                line(
                    Tone::Strong,
                    format!("{verb} the organization's resource policy"),
                );
                line(
                    Tone::Plain,
                    format!("  {} characters of JSON", doc.chars().count()),
                );
                line(Tone::Plain, String::new());
                line(
                    Tone::Plain,
                    "It decides which principals outside the management account may call".into(),
                );
                line(
                    Tone::Plain,
                    "Organizations APIs (delegated administration of Organizations).".into(),
                );
            }
            None => {
                line(
                    Tone::Strong,
                    "Delete the organization's resource policy".into(),
                );
                line(Tone::Plain, String::new());
                line(
                    Tone::Warn,
                    "Accounts it let administer Organizations lose that access.".into(),
                );
            }
        },
    }
}
