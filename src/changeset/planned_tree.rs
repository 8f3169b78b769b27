//! The organization as the plan leaves it, where the plan changes it: each root or OU whose
//! children change (or that the plan creates), with what arrives (`+`) and what leaves
//! (`-`, and where to), so a review sees the planned tree, not only a list of steps.

use std::collections::BTreeSet;

use super::model::OrgModel;

/// One line per changed parent and per child that arrives or leaves, parents by path.
pub fn lines(before: &OrgModel, after: &OrgModel) -> Vec<String> {
    let none = BTreeSet::new();
    let parents: BTreeSet<&String> = before
        .children
        .keys()
        .chain(after.children.keys())
        .collect();
    let mut changed: Vec<(String, &String)> = parents
        .into_iter()
        .filter(|p| {
            before.children.get(*p).unwrap_or(&none) != after.children.get(*p).unwrap_or(&none)
        })
        .map(|p| (path(after, before, p), p))
        .collect();
    changed.sort();
    let mut out = Vec::new();
    for (place, p) in changed {
        let new = if before.nodes.contains_key(p) {
            ""
        } else {
            "  (new)"
        };
        let gone = if after.nodes.contains_key(p) {
            ""
        } else {
            "  (deleted)"
        };
        out.push(format!("{place}{new}{gone}"));
        let (was, now) = (
            before.children.get(p).unwrap_or(&none),
            after.children.get(p).unwrap_or(&none),
        );
        for c in now.difference(was) {
            out.push(format!("  + {}", label(after, c)));
        }
        for c in was.difference(now) {
            let to = match after.nodes.get(c).and_then(|n| n.parent.as_ref()) {
                Some(q) => format!(" (to {})", after.path(q)),
                None => " (deleted)".to_string(),
            };
            out.push(format!("  - {}{to}", label(before, c)));
        }
    }
    out
}

/// A parent's path in whichever model still has it (a deleted OU only before).
fn path(after: &OrgModel, before: &OrgModel, id: &str) -> String {
    if after.nodes.contains_key(id) {
        after.path(id)
    } else {
        before.path(id)
    }
}

/// "name (id)" for what exists, the name alone for what the plan creates.
fn label(m: &OrgModel, id: &str) -> String {
    let name = m.name(id);
    if super::model::planned_step(id).is_some() {
        name
    } else {
        format!("{name} ({id})")
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample::*;
    use super::lines;

    #[test]
    fn a_new_ou_shows_what_moves_in_and_its_source_what_leaves() {
        let c = checked(
            "[[step]]\ncreate-ou = \"Root/Workloads/Dev\"\n[[step]]\nmove = \"alice\"\nto = \"Root/Workloads/Dev\"\n",
        );
        assert_eq!(
            lines(&org(), &c.after),
            vec![
                "Root/Legacy".to_string(),
                format!("  - alice ({ALICE}) (to Root/Workloads/Dev)"),
                "Root/Workloads".to_string(),
                "  + Dev".to_string(),
                "Root/Workloads/Dev  (new)".to_string(),
                format!("  + alice ({ALICE})"),
            ]
        );
    }

    #[test]
    fn nothing_changed_in_the_tree_says_nothing() {
        let c = checked("[[step]]\nattach = \"p-denys3000\"\nto = \"Root/Sandbox\"\n");
        assert!(lines(&org(), &c.after).is_empty());
    }
}
