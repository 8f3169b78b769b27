//! `--format json`: the organization, its roots, OUs (with path and direct account count)
//! and accounts (with parent id and OU path), pretty-printed.

use serde::Serialize;

use super::Index;

#[derive(Serialize)]
struct Document<'a> {
    read_at: &'a str,
    organization: Organization<'a>,
    roots: Vec<Node<'a>>,
    organizational_units: Vec<OrgUnit<'a>>,
    accounts: Vec<Account<'a>>,
}

#[derive(Serialize)]
struct Organization<'a> {
    id: &'a str,
    arn: &'a str,
    feature_set: &'a str,
    management_account_id: &'a str,
    management_account_email: &'a str,
}

#[derive(Serialize)]
struct Node<'a> {
    id: &'a str,
    arn: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct OrgUnit<'a> {
    id: &'a str,
    arn: &'a str,
    name: &'a str,
    parent_id: &'a str,
    path: String,
    /// Accounts directly in this OU.
    accounts: usize,
}

#[derive(Serialize)]
struct Account<'a> {
    id: &'a str,
    arn: &'a str,
    name: &'a str,
    email: &'a str,
    state: &'a str,
    joined_method: &'a str,
    joined_at: &'a str,
    parent_id: &'a str,
    ou_path: String,
}

pub(super) fn render(index: &Index) -> String {
    let s = index.s;
    let o = &s.organization;
    let doc = Document {
        read_at: &s.read_at,
        organization: Organization {
            id: &o.id,
            arn: &o.arn,
            feature_set: &o.feature_set,
            management_account_id: &o.master_account_id,
            management_account_email: &o.master_account_email,
        },
        roots: s
            .roots
            .iter()
            .map(|r| Node {
                id: &r.id,
                arn: &r.arn,
                name: &r.name,
            })
            .collect(),
        organizational_units: s
            .ous
            .iter()
            .map(|ou| OrgUnit {
                id: &ou.item.id,
                arn: &ou.item.arn,
                name: &ou.item.name,
                parent_id: &ou.parent,
                path: index.path(&ou.item.id),
                accounts: index.accounts_under(&ou.item.id).len(),
            })
            .collect(),
        accounts: index
            .accounts_in_order()
            .into_iter()
            .map(|(parent, a)| Account {
                id: &a.id,
                arn: &a.arn,
                name: &a.name,
                email: &a.email,
                state: a.state.as_api_str(),
                joined_method: &a.joined_method,
                joined_at: &a.joined_at,
                parent_id: parent,
                ou_path: index.path(parent),
            })
            .collect(),
    };
    // Plain structs of strings and numbers always serialize.
    let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    escape_controls(&text) + "\n"
}

/// serde_json escapes only what JSON requires (below U+0020); DEL and the C1 controls
/// (U+0080..U+009F, which some terminals obey) are escaped here too. Outside strings the
/// text holds only ASCII punctuation, spaces and newlines, so every match is in a string.
fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
