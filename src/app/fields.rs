//! The `label value` fields of the detail pane, built here (pure over the model) so that
//! the pane draws them and `y` copies the focused one in full, whatever was elided.

use crate::org::{PolicySummary, PolicyType};

use super::cache::Loadable;
use super::model::{Model, NodeData, NodeIx};

/// One row of the detail pane. `value` is the raw text (escaped only when drawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub value: String,
}

impl Field {
    pub fn new(label: &'static str, value: impl Into<String>) -> Field {
        Field {
            label,
            value: value.into(),
        }
    }
}

fn f(label: &'static str, value: impl Into<String>) -> Field {
    Field::new(label, value)
}

/// "1 OU", "2 OUs": a count with its noun in the right number.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The fields of a node in the tree view's detail pane.
pub fn node_fields(m: &Model, ix: NodeIx) -> Vec<Field> {
    let node = m.node(ix);
    let mut out = Vec::new();
    match &node.data {
        NodeData::Root(root) => {
            if let Some(org) = m.organization() {
                out.push(f("Org id", &org.id));
                out.push(f("Org ARN", &org.arn));
                out.push(f("Features", &org.feature_set));
                out.push(f("Mgmt acct", &org.master_account_id));
                out.push(f("Mgmt email", &org.master_account_email));
            }
            out.push(f("Root name", &root.name));
            out.push(f("Root id", &root.id));
            out.push(f("Root ARN", &root.arn));
            // Every policy type with its status here (t enables or disables one); types
            // AWS adds later show too, by their API name.
            let mut kinds: Vec<PolicyType> = PolicyType::KNOWN.to_vec();
            kinds.extend(
                root.policy_types
                    .iter()
                    .map(|p| p.kind.clone())
                    .filter(|k| !PolicyType::KNOWN.contains(k)),
            );
            for kind in kinds {
                let status = root
                    .policy_types
                    .iter()
                    .find(|p| p.kind == kind)
                    .map_or("not enabled", |p| p.status.as_str());
                out.push(f(
                    kind.short_static(),
                    format!("{status:<14} {}", kind.label()),
                ));
            }
            out.extend(tag_fields(m, &root.id));
        }
        NodeData::Ou(ou) => {
            out.push(f("Name", &ou.name));
            out.push(f("Id", &ou.id));
            out.push(f("ARN", &ou.arn));
            out.push(f("Path", m.path_text(ix)));
            if let Some(Loadable::Loaded(())) = node.children_load {
                let ous = node
                    .children
                    .iter()
                    .filter(|&&c| m.node(c).is_parent())
                    .count();
                let accounts = node.children.len() - ous;
                out.push(f(
                    "Contains",
                    format!(
                        "{}, {}",
                        count(ous, "OU", "OUs"),
                        count(accounts, "account", "accounts")
                    ),
                ));
            }
            out.extend(tag_fields(m, &ou.id));
        }
        NodeData::Account(a) => {
            out.push(f("Name", &a.name));
            out.push(f("Id", &a.id));
            out.push(f("ARN", &a.arn));
            out.push(f("Email", &a.email));
            out.push(f("State", a.state.as_api_str()));
            out.push(f("Joined", format!("{} {}", a.joined_method, a.joined_at)));
            let ou_path = node
                .parent
                .map_or_else(|| "—".to_string(), |p| m.path_text(p));
            out.push(f("OU path", ou_path));
            out.extend(tag_fields(m, &a.id));
            out.extend(delegated_fields(m, &a.id));
        }
    }
    out
}

/// The services a member account is delegated administrator of, when read.
pub fn delegated_fields(m: &Model, id: &str) -> Vec<Field> {
    match m.cache.admin.delegated_services.get(id) {
        Some(Loadable::Loaded(list)) if list.is_empty() => vec![f("Delegated", "none")],
        Some(Loadable::Loaded(list)) => list
            .iter()
            .enumerate()
            .map(|(i, s)| f(if i == 0 { "Delegated" } else { "" }, &s.service_principal))
            .collect(),
        Some(Loadable::Failed(e)) => vec![f("Delegated", format!("✗ {}", e.code))],
        // Like tags, shown once read (no row flickers in while scrolling).
        Some(Loadable::Loading) | None => Vec::new(),
    }
}

/// An account's tags, one field each, when they have been read.
pub fn tag_fields(m: &Model, id: &str) -> Vec<Field> {
    match m.cache.tags.get(id) {
        Some(tags) if tags.is_empty() => vec![f("Tags", "none")],
        Some(tags) => tags
            .iter()
            .enumerate()
            .map(|(i, tag)| {
                f(
                    if i == 0 { "Tags" } else { "" },
                    format!("{} = {}", tag.key, tag.value),
                )
            })
            .collect(),
        None => Vec::new(),
    }
}

/// The fields of a policy, above its document.
pub fn policy_fields(p: &PolicySummary) -> Vec<Field> {
    vec![
        f("Name", &p.name),
        f("Id", &p.id),
        f("Type", p.kind.as_api_str()),
        f(
            "Managed",
            if p.aws_managed {
                "AWS managed"
            } else {
                "customer managed"
            },
        ),
        f("About", &p.description),
    ]
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "OU", "OUs"), "1 OU");
        assert_eq!(count(0, "OU", "OUs"), "0 OUs");
        assert_eq!(count(2, "match", "matches"), "2 matches");
    }
}
