//! The plan file: TOML, one `[[step]]` table per change, things named by id or by path
//! ("Root/Workloads/Prod"), accounts by id or name, policies by id or name. Parsing keeps
//! each step's line so every later error can name it; `write` is its exact inverse
//! (`parse(write(p)) == p`). The format is documented in docs/plan-format.md.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use toml::{Table, Value};

use crate::org::ids::{is_account_id, is_ou_id, is_policy_id, is_root_id};
use crate::org::PolicyType;

/// The first line of every file orgtui writes.
pub const HEADER: &str = "# orgtui plan v1";

/// A policy document: inline, or a file relative to the plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doc {
    Inline(String),
    File(String),
}

/// One change as the file names it (names and paths, not yet resolved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    CreateOu {
        path: String,
    },
    RenameOu {
        ou: String,
        name: String,
    },
    DeleteOu {
        ou: String,
    },
    Move {
        account: String,
        to: String,
    },
    Attach {
        policy: String,
        to: String,
    },
    Detach {
        policy: String,
        from: String,
    },
    Tag {
        resource: String,
        tags: BTreeMap<String, String>,
    },
    Untag {
        resource: String,
        keys: Vec<String>,
    },
    CreatePolicy {
        name: String,
        kind: PolicyType,
        description: String,
        document: Doc,
    },
    UpdatePolicy {
        policy: String,
        name: Option<String>,
        description: Option<String>,
        document: Option<Doc>,
    },
    DeletePolicy {
        policy: String,
    },
    EnablePolicyType {
        kind: PolicyType,
    },
    DisablePolicyType {
        kind: PolicyType,
    },
    RegisterAdmin {
        account: String,
        service: String,
    },
    DeregisterAdmin {
        account: String,
        service: String,
    },
    EnableServiceAccess {
        service: String,
    },
    DisableServiceAccess {
        service: String,
    },
}

/// A step and the line of its `[[step]]` header (1-based; 0 for a step not from a file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub line: usize,
    pub action: Action,
}

/// A whole plan as written. `pinned`: facts about the organization the plan was checked
/// against (see `pin`), compared again before it is applied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanFile {
    pub steps: Vec<Step>,
    pub pinned: Vec<String>,
}

/// A mistake in the file, at a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    step: Vec<Table>,
    #[serde(default, rename = "made-against")]
    made_against: Option<Pinned>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pinned {
    facts: Vec<String>,
}

/// The line (1-based) of byte offset `at` in `text`.
pub fn line_of(text: &str, at: usize) -> usize {
    text.get(..at).map_or(1, |t| t.matches('\n').count() + 1)
}

/// Reads a plan; every step with a mistake is reported, each with its line.
pub fn parse(text: &str) -> Result<PlanFile, Vec<FileError>> {
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(1, |s| line_of(text, s.start));
        vec![FileError {
            line,
            reason: e.message().trim().to_string(),
        }]
    })?;
    let mut steps = Vec::new();
    let mut errors = Vec::new();
    let headers = step_lines(text);
    for (i, table) in raw.step.iter().enumerate() {
        let line = headers.get(i).copied().unwrap_or(0);
        match action(table) {
            Ok(action) => steps.push(Step { line, action }),
            Err(reason) => errors.push(FileError { line, reason }),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PlanFile {
        steps,
        pinned: raw.made_against.map(|p| p.facts).unwrap_or_default(),
    })
}

/// The line of each `[[step]]` header, in order. The toml crate's spans of tables in an
/// array are not their headers', so the headers are found in the text (strings written by
/// `write` never span lines, so none can hold one).
fn step_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim_start();
            l.strip_prefix("[[")
                .is_some_and(|r| r.trim_start().starts_with("step") && r.contains("]]"))
        })
        .map(|(i, _)| i + 1)
        .collect()
}

/// Every step names its kind with exactly one of these keys.
const KINDS: [&str; 17] = [
    "create-ou",
    "rename-ou",
    "delete-ou",
    "move",
    "attach",
    "detach",
    "tag",
    "untag",
    "create-policy",
    "update-policy",
    "delete-policy",
    "enable-policy-type",
    "disable-policy-type",
    "register-admin",
    "deregister-admin",
    "enable-service-access",
    "disable-service-access",
];

/// The keys each kind takes besides its own.
fn extra_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "rename-ou" => &["name"],
        "move" | "attach" => &["to"],
        "detach" => &["from"],
        "tag" => &["tags"],
        "untag" => &["keys"],
        "create-policy" => &["type", "description", "document", "document-file"],
        "update-policy" => &["name", "description", "document", "document-file"],
        "register-admin" | "deregister-admin" => &["service"],
        _ => &[],
    }
}

fn action(t: &Table) -> Result<Action, String> {
    let kinds: Vec<&str> = KINDS
        .iter()
        .copied()
        .filter(|k| t.contains_key(*k))
        .collect();
    let kind = match kinds.as_slice() {
        [one] => *one,
        [] => {
            let near = t.keys().find_map(|k| crate::fuzzy::nearest(k, KINDS));
            let hint = near
                .map(|n| format!(" (did you mean {n:?}?)"))
                .unwrap_or_default();
            return Err(format!("a step needs one of {}{hint}", KINDS.join(", ")));
        }
        many => return Err(format!("one change per step, not {}", many.join(" and "))),
    };
    let allowed = extra_keys(kind);
    if let Some(k) = t
        .keys()
        .find(|k| k.as_str() != kind && !allowed.contains(&k.as_str()))
    {
        let near = crate::fuzzy::did_you_mean(k, allowed.iter().copied());
        return Err(format!("{kind} takes no {k:?}{near}"));
    }
    let s = |key: &str| text(t, key);
    Ok(match kind {
        "create-ou" => Action::CreateOu {
            path: node(&s(kind)?)?,
        },
        "rename-ou" => Action::RenameOu {
            ou: node(&s(kind)?)?,
            name: s("name")?,
        },
        "delete-ou" => Action::DeleteOu {
            ou: node(&s(kind)?)?,
        },
        "move" => Action::Move {
            account: account(&s(kind)?)?,
            to: node(&s("to")?)?,
        },
        "attach" => Action::Attach {
            policy: policy(&s(kind)?)?,
            to: target(&s("to")?)?,
        },
        "detach" => Action::Detach {
            policy: policy(&s(kind)?)?,
            from: target(&s("from")?)?,
        },
        "tag" => Action::Tag {
            resource: resource(&s(kind)?)?,
            tags: tags(t)?,
        },
        "untag" => Action::Untag {
            resource: resource(&s(kind)?)?,
            keys: strings(t, "keys")?,
        },
        "create-policy" => Action::CreatePolicy {
            name: s(kind)?,
            kind: policy_type(&s("type")?)?,
            description: optional(t, "description")?.unwrap_or_default(),
            document: document(t)?.ok_or("create-policy needs document or document-file")?,
        },
        "update-policy" => {
            let (name, description, document) = (
                optional(t, "name")?,
                optional(t, "description")?,
                document(t)?,
            );
            if name.is_none() && description.is_none() && document.is_none() {
                return Err(
                    "update-policy needs name, description, document or document-file".into(),
                );
            }
            Action::UpdatePolicy {
                policy: policy(&s(kind)?)?,
                name,
                description,
                document,
            }
        }
        "delete-policy" => Action::DeletePolicy {
            policy: policy(&s(kind)?)?,
        },
        "enable-policy-type" => Action::EnablePolicyType {
            kind: policy_type(&s(kind)?)?,
        },
        "disable-policy-type" => Action::DisablePolicyType {
            kind: policy_type(&s(kind)?)?,
        },
        "register-admin" => Action::RegisterAdmin {
            account: account(&s(kind)?)?,
            service: s("service")?,
        },
        "deregister-admin" => Action::DeregisterAdmin {
            account: account(&s(kind)?)?,
            service: s("service")?,
        },
        "enable-service-access" => Action::EnableServiceAccess { service: s(kind)? },
        _ => Action::DisableServiceAccess { service: s(kind)? },
    })
}

fn optional(t: &Table, key: &str) -> Result<Option<String>, String> {
    match t.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("{key} must be a string")),
    }
}

fn text(t: &Table, key: &str) -> Result<String, String> {
    optional(t, key)?.ok_or_else(|| format!("missing {key}"))
}

fn strings(t: &Table, key: &str) -> Result<Vec<String>, String> {
    let list = t
        .get(key)
        .and_then(Value::as_array)
        .ok_or(format!("{key} must be a list of strings"))?;
    list.iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or(format!("{key} must be a list of strings"))
        })
        .collect()
}

fn tags(t: &Table) -> Result<BTreeMap<String, String>, String> {
    let table = t
        .get("tags")
        .and_then(Value::as_table)
        .ok_or("tags must be a table, e.g. tags = { env = \"prod\" }")?;
    table
        .iter()
        .map(|(k, v)| match v {
            Value::String(v) => Ok((k.clone(), v.clone())),
            _ => Err(format!("the value of tag {k:?} must be a string")),
        })
        .collect()
}

fn document(t: &Table) -> Result<Option<Doc>, String> {
    match (optional(t, "document")?, optional(t, "document-file")?) {
        (Some(_), Some(_)) => Err("document or document-file, not both".into()),
        (Some(d), None) => Ok(Some(Doc::Inline(d))),
        (None, Some(f)) => Ok(Some(Doc::File(f))),
        (None, None) => Ok(None),
    }
}

/// A policy type by its API name or short label ("SERVICE_CONTROL_POLICY", "SCP").
pub fn policy_type(s: &str) -> Result<PolicyType, String> {
    PolicyType::KNOWN
        .into_iter()
        .find(|k| k.as_api_str().eq_ignore_ascii_case(s) || k.short().eq_ignore_ascii_case(s))
        .ok_or_else(|| {
            let names: Vec<&str> = PolicyType::KNOWN.iter().map(|k| k.as_api_str()).collect();
            format!(
                "{s:?} is not a policy type{}",
                crate::fuzzy::did_you_mean(s, names)
            )
        })
}

/// What an id-shaped reference must look like; names and paths pass.
fn shaped(s: &str, prefix: &str, valid: fn(&str) -> bool, what: &str) -> Result<(), String> {
    if s.starts_with(prefix) && !s.contains('/') && !valid(s) {
        return Err(format!("{s:?} is not {what}"));
    }
    Ok(())
}

/// A root or OU: a path from the root's name, or an id.
fn node(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("an empty path; write it from the root, e.g. \"Root/Workloads\"".into());
    }
    shaped(s, "ou-", is_ou_id, "an OU id (ou-xxxx-xxxxxxxx)")?;
    shaped(s, "r-", is_root_id, "a root id (r-xxxx)")?;
    Ok(s.to_string())
}

/// An account: 12 digits, or its name. A number of another length is a typo, not a name.
fn account(s: &str) -> Result<String, String> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !is_account_id(s) {
        return Err(format!("{s:?} is not an account id (12 digits)"));
    }
    Ok(s.to_string())
}

fn policy(s: &str) -> Result<String, String> {
    shaped(s, "p-", is_policy_id, "a policy id (p-…)")?;
    Ok(s.to_string())
}

/// What a policy is attached to: an account (id or name), a root or OU (id or path).
fn target(s: &str) -> Result<String, String> {
    account(s)?;
    node(s)
}

/// What tags go on: a target, or a policy by id.
fn resource(s: &str) -> Result<String, String> {
    policy(s)?;
    target(s)
}

/// The file text of `plan`, which `parse` reads back as `plan`.
pub fn write(plan: &PlanFile) -> String {
    let mut out = format!("{HEADER}\n");
    for step in &plan.steps {
        out.push_str("\n[[step]]\n");
        for (key, value) in fields(&step.action) {
            out.push_str(&format!("{key} = {value}\n"));
        }
    }
    if !plan.pinned.is_empty() {
        out.push_str("\n# What the organization was when this plan was checked; apply refuses\n# when any of it has changed since (check the plan again).\n[made-against]\nfacts = [\n");
        for fact in &plan.pinned {
            out.push_str(&format!("  {},\n", quote(fact)));
        }
        out.push_str("]\n");
    }
    out
}

/// One step on one line, as the file writes it (a document by its size).
pub fn describe(a: &Action) -> String {
    let inline = |d: &Doc| matches!(d, Doc::Inline(_));
    let doc_len = match a {
        Action::CreatePolicy { document, .. } if inline(document) => Some(document),
        Action::UpdatePolicy {
            document: Some(document),
            ..
        } if inline(document) => Some(document),
        _ => None,
    }
    .map(|d| match d {
        Doc::Inline(text) | Doc::File(text) => text.chars().count(),
    });
    fields(a)
        .into_iter()
        .map(|(key, value)| match (key, doc_len) {
            ("document", Some(n)) => format!("document ({n} characters)"),
            _ => format!("{key} = {value}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A TOML basic string on one line (keys cannot be multi-line strings).
fn quote(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A step's keys and their TOML values, its kind first.
fn fields(a: &Action) -> Vec<(&'static str, String)> {
    let q = |s: &String| quote(s);
    let doc = |d: &Doc| match d {
        Doc::Inline(s) => ("document", quote(s)),
        Doc::File(f) => ("document-file", quote(f)),
    };
    match a {
        Action::CreateOu { path } => vec![("create-ou", q(path))],
        Action::RenameOu { ou, name } => vec![("rename-ou", q(ou)), ("name", q(name))],
        Action::DeleteOu { ou } => vec![("delete-ou", q(ou))],
        Action::Move { account, to } => vec![("move", q(account)), ("to", q(to))],
        Action::Attach { policy, to } => vec![("attach", q(policy)), ("to", q(to))],
        Action::Detach { policy, from } => vec![("detach", q(policy)), ("from", q(from))],
        Action::Tag { resource, tags } => {
            let pairs: Vec<String> = tags
                .iter()
                .map(|(k, v)| format!("{} = {}", quote(k), quote(v)))
                .collect();
            vec![
                ("tag", q(resource)),
                ("tags", format!("{{ {} }}", pairs.join(", "))),
            ]
        }
        Action::Untag { resource, keys } => {
            let keys: Vec<String> = keys.iter().map(|k| quote(k)).collect();
            vec![
                ("untag", q(resource)),
                ("keys", format!("[{}]", keys.join(", "))),
            ]
        }
        Action::CreatePolicy {
            name,
            kind,
            description,
            document,
        } => vec![
            ("create-policy", q(name)),
            ("type", quote(kind.as_api_str())),
            ("description", q(description)),
            doc(document),
        ],
        Action::UpdatePolicy {
            policy,
            name,
            description,
            document,
        } => {
            let mut f = vec![("update-policy", q(policy))];
            f.extend(name.as_ref().map(|n| ("name", q(n))));
            f.extend(description.as_ref().map(|d| ("description", q(d))));
            f.extend(document.as_ref().map(doc));
            f
        }
        Action::DeletePolicy { policy } => vec![("delete-policy", q(policy))],
        Action::EnablePolicyType { kind } => vec![("enable-policy-type", quote(kind.as_api_str()))],
        Action::DisablePolicyType { kind } => {
            vec![("disable-policy-type", quote(kind.as_api_str()))]
        }
        Action::RegisterAdmin { account, service } => {
            vec![("register-admin", q(account)), ("service", q(service))]
        }
        Action::DeregisterAdmin { account, service } => {
            vec![("deregister-admin", q(account)), ("service", q(service))]
        }
        Action::EnableServiceAccess { service } => vec![("enable-service-access", q(service))],
        Action::DisableServiceAccess { service } => vec![("disable-service-access", q(service))],
    }
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
