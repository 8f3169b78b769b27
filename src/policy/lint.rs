//! Warnings from what AWS says its actions are ([`super::catalog`]): names that are not
//! actions, service prefixes and condition keys AWS does not have, and resources no action
//! of their statement can ever act on. AWS accepts all of these, so they never block a
//! save; they are most often typos that make a statement silently do nothing.

use super::catalog::{catalog, Catalog, Service};
use super::glob;
use super::json::{Node, Pos, Value};
use super::problem::Problem;

/// The warnings about an SCP's or RCP's statements (`root` is the parsed document).
pub fn warnings(root: &Node) -> Vec<Problem> {
    let c = catalog();
    let mut out = Vec::new();
    let statements: Vec<&Node> = match root.get("Statement").map(|m| &m.value) {
        Some(
            n @ Node {
                value: Value::Object(_),
                ..
            },
        ) => vec![n],
        Some(Node {
            value: Value::Array(items),
            ..
        }) => items.iter().collect(),
        _ => Vec::new(),
    };
    for s in statements {
        statement(c, s, &mut out);
    }
    out
}

/// The strings of an element (one string or a list of them), each with where it is.
fn strings(node: &Node) -> Vec<(&str, Pos)> {
    match &node.value {
        Value::String(s) => vec![(s.as_str(), node.pos)],
        Value::Array(items) => items
            .iter()
            .filter_map(|n| n.as_str().map(|s| (s, n.pos)))
            .collect(),
        _ => Vec::new(),
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

fn statement(c: &Catalog, s: &Node, out: &mut Vec<Problem>) {
    let actions = s.get("Action").map(|m| strings(&m.value));
    for (action, pos) in actions.iter().flatten().chain(
        s.get("NotAction")
            .map(|m| strings(&m.value))
            .iter()
            .flatten(),
    ) {
        if let Some(message) = action_warning(c, action) {
            out.push(Problem::warning(*pos, message));
        }
    }
    // Which services the statement's actions belong to; `None` when that is open (NotAction,
    // `*`, a wildcard in a prefix, an unknown prefix): then only unknown names are warned.
    let services: Option<Vec<&Service>> = actions.as_ref().and_then(|list| {
        list.iter()
            .map(|(a, _)| {
                let (prefix, _) = a.split_once(':')?;
                if has_wildcard(prefix) {
                    return None;
                }
                c.service(prefix)
            })
            .collect()
    });
    if let Some(condition) = s.get("Condition").and_then(|m| m.value.members()) {
        for operator in condition {
            for key in operator.value.members().unwrap_or_default() {
                if let Some(message) = key_warning(c, &key.key, services.as_deref()) {
                    out.push(Problem::warning(key.key_pos, message));
                }
            }
        }
    }
    if let (Some(actions), Some(resources)) = (&actions, s.get("Resource")) {
        if services.is_some() {
            let names: Vec<&str> = actions.iter().map(|(a, _)| *a).collect();
            for (resource, pos) in strings(&resources.value) {
                if let Some(message) = resource_warning(c, &names, resource) {
                    out.push(Problem::warning(pos, message));
                }
            }
        }
    }
}

/// An action name or pattern that names nothing AWS has.
pub(crate) fn action_warning(c: &Catalog, action: &str) -> Option<String> {
    let (prefix, name) = action.split_once(':')?;
    if has_wildcard(prefix) {
        return c
            .actions_matching(action)
            .next()
            .is_none()
            .then(|| format!("{action} matches no known action"));
    }
    let Some(service) = c.service(prefix) else {
        let near = c
            .nearest_action(action)
            .map(|n| format!(" — did you mean {n}?"))
            .unwrap_or_default();
        return Some(format!(
            "unknown service prefix \"{prefix}\" in {action}{near}"
        ));
    };
    if has_wildcard(name) {
        return (!service
            .actions
            .iter()
            .any(|a| glob::matches(name, &a.name, true)))
        .then(|| format!("{action} matches no action of {}", service.name));
    }
    if service.action(name).is_some() {
        return None;
    }
    let near = c
        .nearest_action(action)
        .map(|n| format!(" — did you mean {n}?"))
        .unwrap_or_default();
    Some(format!("unknown action {action}{near}"))
}

/// A condition key that is neither global nor one of a service's; or one of a service
/// none of the statement's actions belong to (`services`, when they are known), which a
/// request for them never carries.
pub(crate) fn key_warning(c: &Catalog, key: &str, services: Option<&[&Service]>) -> Option<String> {
    if c.global_key(key).is_some() {
        return None;
    }
    let prefix = key.split_once(':').map_or(key, |(p, _)| p);
    let owner = c
        .service(prefix)
        .filter(|s| c.condition_key(s, key).is_some());
    let own = services.and_then(|list| list.iter().find(|s| c.condition_key(s, key).is_some()));
    match (owner, services) {
        (Some(_), None) => None,
        (Some(_), Some(_)) if own.is_some() => None,
        // A key that its own prefix's service lacks but another service of the statement
        // lists (global keys a service documents, like `aws:ResourceTag/...`).
        (None, Some(_)) if own.is_some() => None,
        (Some(owner), Some(_)) => Some(format!(
            "{key} is a condition key of {}, not of this statement's actions: it is never in their requests",
            owner.prefix
        )),
        (None, _) => {
            let near = c
                .nearest_condition_key(key)
                .map(|n| format!(" — did you mean {n}?"))
                .unwrap_or_default();
            Some(format!("unknown condition key {key}{near}"))
        }
    }
}

/// A Resource pattern that matches no resource any of `actions` acts on. An action with
/// no resource type is asked about `*` only, which no ARN pattern matches.
fn resource_warning(c: &Catalog, actions: &[&str], resource: &str) -> Option<String> {
    if resource == "*" || actions.contains(&"*") {
        return None;
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut formats: Vec<&str> = Vec::new();
    for pattern in actions {
        for (service, action) in c.actions_matching(pattern) {
            for r in &action.resource_types {
                if seen.contains(&(service.prefix.as_str(), r.name.as_str())) {
                    continue;
                }
                seen.push((service.prefix.as_str(), r.name.as_str()));
                let Some(t) = c.resource_type(service, &r.name) else {
                    continue;
                };
                if t.arn_patterns().iter().any(|p| arn_can_match(resource, p)) {
                    return None;
                }
                formats.extend(t.arn_formats.iter().map(String::as_str));
            }
        }
    }
    let what = if formats.is_empty() {
        "these actions have no resource type, so they match only \"*\"".to_string()
    } else {
        let more = formats.len().saturating_sub(3);
        let shown = formats
            .iter()
            .take(3)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        format!("they act on {shown}{more}")
    };
    Some(format!(
        "no action of this statement can match the resource {resource}: {what}"
    ))
}

/// Whether some ARN matches both patterns: segment by segment (as IAM compares them; a
/// short pattern's last segment stands for the rest of the ARN), else as wholes.
/// Case-insensitive: a warning must not be wrong.
fn arn_can_match(a: &str, b: &str) -> bool {
    if !a.starts_with("arn:") || !b.starts_with("arn:") {
        return glob::intersects(a, b, true);
    }
    let n = a.splitn(6, ':').count().min(b.splitn(6, ':').count());
    a.splitn(n, ':')
        .zip(b.splitn(n, ':'))
        .all(|(x, y)| glob::intersects(x, y, true))
}
