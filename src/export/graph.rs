//! `--format dot` and `--format mermaid`: the roots and OUs as boxes with their account
//! counts and an edge from each parent to each child; with `--accounts`, the accounts too,
//! and with `--scps`, the SCPs attached to each box.

use super::{count, Index, Options};
use crate::org::{Account, AccountState};
use crate::text::safe;

/// A root or OU as drawn: id, label lines.
struct Node {
    id: String,
    lines: Vec<String>,
    root: bool,
}

/// Every root and OU (parents first) with its edges; accounts when asked for.
struct Drawing<'a> {
    nodes: Vec<Node>,
    accounts: Vec<(&'a str, &'a Account)>,
    edges: Vec<(&'a str, &'a str)>,
}

fn drawing<'a>(index: &Index<'a>, options: Options) -> Drawing<'a> {
    let s = index.s;
    let node = |id: &str, name: &str, root: bool| {
        let direct = index.accounts_under(id).len();
        let total = index.accounts_below(id);
        let mut accounts = count(direct, "account");
        if total != direct {
            accounts.push_str(&format!(" ({total} in total)"));
        }
        let mut lines = vec![name.to_string(), id.to_string(), accounts];
        let scps: Vec<&str> = s
            .scps
            .iter()
            .filter(|p| p.target == id)
            .map(|p| p.policy.as_str())
            .collect();
        if !scps.is_empty() {
            lines.push(format!("SCP: {}", scps.join(", ")));
        }
        Node {
            id: id.to_string(),
            lines,
            root,
        }
    };
    let mut nodes: Vec<Node> = s.roots.iter().map(|r| node(&r.id, &r.name, true)).collect();
    nodes.extend(s.ous.iter().map(|o| node(&o.item.id, &o.item.name, false)));
    let mut edges: Vec<(&str, &str)> = s
        .ous
        .iter()
        .map(|o| (o.parent.as_str(), o.item.id.as_str()))
        .collect();
    let accounts = if options.accounts {
        index.accounts_in_order()
    } else {
        Vec::new()
    };
    edges.extend(accounts.iter().map(|(p, a)| (*p, a.id.as_str())));
    Drawing {
        nodes,
        accounts,
        edges,
    }
}

pub(super) fn dot(index: &Index, options: Options) -> String {
    let d = drawing(index, options);
    let mut out = String::from(
        "digraph organization {\n    rankdir=LR;\n    node [shape=box, fontname=\"Helvetica\"];\n",
    );
    for n in &d.nodes {
        let style = if n.root { ", style=bold" } else { "" };
        out.push_str(&format!(
            "    {} [label={}{style}];\n",
            dot_string(&n.id),
            dot_label(&n.lines)
        ));
    }
    for (_, a) in &d.accounts {
        let style = match a.state {
            AccountState::Active => "",
            _ => ", style=dashed",
        };
        let lines = account_lines(a);
        out.push_str(&format!(
            "    {} [shape=ellipse, label={}{style}];\n",
            dot_string(&a.id),
            dot_label(&lines)
        ));
    }
    for (from, to) in &d.edges {
        out.push_str(&format!(
            "    {} -> {};\n",
            dot_string(from),
            dot_string(to)
        ));
    }
    out.push_str("}\n");
    out
}

pub(super) fn mermaid(index: &Index, options: Options) -> String {
    let d = drawing(index, options);
    let mut out = String::from("flowchart TD\n");
    for n in &d.nodes {
        out.push_str(&format!(
            "    {}[\"{}\"]\n",
            mermaid_id(&n.id),
            mermaid_label(&n.lines)
        ));
    }
    for (_, a) in &d.accounts {
        out.push_str(&format!(
            "    {}([\"{}\"])\n",
            mermaid_id(&a.id),
            mermaid_label(&account_lines(a))
        ));
    }
    for (from, to) in &d.edges {
        out.push_str(&format!(
            "    {} --> {}\n",
            mermaid_id(from),
            mermaid_id(to)
        ));
    }
    out
}

fn account_lines(a: &Account) -> Vec<String> {
    let mut lines = vec![a.name.clone(), a.id.clone()];
    if a.state != AccountState::Active {
        lines.push(a.state.as_api_str().to_string());
    }
    lines
}

/// A quoted DOT string: control characters as visible escapes, then backslashes and quotes
/// escaped (a lone backslash would start a DOT escape such as `\N`).
fn dot_string(text: &str) -> String {
    format!("\"{}\"", dot_escaped(text))
}

fn dot_escaped(text: &str) -> String {
    safe(text).replace('\\', "\\\\").replace('"', "\\\"")
}

/// Label lines joined by DOT's own line break.
fn dot_label(lines: &[String]) -> String {
    let parts: Vec<String> = lines.iter().map(|l| dot_escaped(l)).collect();
    format!("\"{}\"", parts.join("\\n"))
}

/// Mermaid node ids may hold only letters, digits and `_`; AWS ids hold letters, digits and
/// `-`, so mapping `-` to `_` keeps them distinct.
fn mermaid_id(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("n_{id}")
}

/// Label lines joined by `<br/>`; within a line, characters Mermaid or the HTML it renders
/// would interpret are written as Mermaid entity codes (`#quot;`), `#` included so that a
/// name holding `#quot;` stays text.
fn mermaid_label(lines: &[String]) -> String {
    let escape = |l: &String| {
        let mut out = String::new();
        for c in safe(l).chars() {
            match c {
                '#' => out.push_str("#35;"),
                '"' => out.push_str("#quot;"),
                '<' => out.push_str("#lt;"),
                '>' => out.push_str("#gt;"),
                '&' => out.push_str("#amp;"),
                '`' => out.push_str("#96;"),
                c => out.push(c),
            }
        }
        out
    };
    lines.iter().map(escape).collect::<Vec<_>>().join("<br/>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_controls() {
        assert_eq!(dot_string("plain"), "\"plain\"");
        assert_eq!(dot_string("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(dot_string("a\\N"), "\"a\\\\N\"");
        assert_eq!(dot_string("two\nlines"), "\"two\\\\nlines\"");
        assert_eq!(dot_string("<b>&"), "\"<b>&\"");
    }

    #[test]
    fn mermaid_labels_use_entity_codes() {
        let l = |s: &str| mermaid_label(&[s.to_string()]);
        assert_eq!(l("plain"), "plain");
        assert_eq!(l("say \"hi\""), "say #quot;hi#quot;");
        assert_eq!(l("<b>&#quot;"), "#lt;b#gt;#amp;#35;quot;");
        assert_eq!(l("two\nlines"), "two\\nlines");
        assert_eq!(mermaid_id("ou-ab12-cdef3456"), "n_ou_ab12_cdef3456");
    }
}
