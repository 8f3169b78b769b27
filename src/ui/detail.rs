//! The detail pane: the organization and root, an OU, an account, or (when the policy
//! pane has the focus) the selected policy with its document.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{Loadable, Model, NodeData, Pane};
use crate::org::{Policy, PolicySummary};
use crate::text::{pretty_json, safe, safe_multiline};

use super::field;
use super::theme::Theme;

pub fn render(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let (title, lines) = match m.selected {
        Some(ix) if m.focus == Pane::Policies => match m.policy_rows(ix).get(m.policy_selected) {
            Some(row) => (
                "Policy".to_string(),
                policy_lines(t, &row.policy, m.cache.policy_docs.get(&row.policy.id)),
            ),
            None => (
                "Policy".to_string(),
                vec![Line::styled("No policy selected", t.dim())],
            ),
        },
        Some(ix) => node_lines(m, t, ix),
        None => ("Details".to_string(), Vec::new()),
    };
    let block = super::pane(title, m.focus == Pane::Detail, t);
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((m.detail_scroll, 0)),
        area,
    );
}

fn node_lines(m: &Model, t: &Theme, ix: usize) -> (String, Vec<Line<'static>>) {
    let node = m.node(ix);
    let mut lines = Vec::new();
    let title;
    match &node.data {
        NodeData::Root(root) => {
            title = "Organization".to_string();
            if let Some(org) = m.organization() {
                lines.push(field(t, "Org id", safe(&org.id).into_owned()));
                lines.push(field(t, "ARN", safe(&org.arn).into_owned()));
                lines.push(field(t, "Features", safe(&org.feature_set).into_owned()));
                lines.push(field(
                    t,
                    "Mgmt acct",
                    safe(&org.master_account_id).into_owned(),
                ));
                lines.push(field(
                    t,
                    "Mgmt email",
                    safe(&org.master_account_email).into_owned(),
                ));
                let types: Vec<String> = org
                    .available_policy_types
                    .iter()
                    .map(|p| p.kind.short().to_string())
                    .collect();
                lines.push(field(
                    t,
                    "Available",
                    if types.is_empty() {
                        "—".into()
                    } else {
                        types.join(", ")
                    },
                ));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled("Root", t.title()));
            lines.push(field(t, "Name", safe(&root.name).into_owned()));
            lines.push(field(t, "Id", safe(&root.id).into_owned()));
            lines.push(field(t, "ARN", safe(&root.arn).into_owned()));
            if root.policy_types.is_empty() {
                lines.push(field(t, "Policies", "no policy types enabled"));
            }
            for p in &root.policy_types {
                lines.push(field(
                    t,
                    "Policies",
                    format!("{} {}", p.kind.as_api_str(), p.status),
                ));
            }
        }
        NodeData::Ou(ou) => {
            title = format!("OU {}", safe(&ou.name));
            lines.push(field(t, "Name", safe(&ou.name).into_owned()));
            lines.push(field(t, "Id", safe(&ou.id).into_owned()));
            lines.push(field(t, "ARN", safe(&ou.arn).into_owned()));
            lines.push(field(t, "Path", m.path_text(ix)));
            if let Some(Loadable::Loaded(())) = node.children_load {
                let ous = node
                    .children
                    .iter()
                    .filter(|&&c| m.node(c).is_parent())
                    .count();
                lines.push(field(
                    t,
                    "Contains",
                    format!("{ous} OUs, {} accounts", node.children.len() - ous),
                ));
            }
            lines.extend(load_note(t, m.cache.details.get(&ou.id)));
        }
        NodeData::Account(a) => {
            title = format!("Account {}", safe(&a.name));
            lines.push(field(t, "Name", safe(&a.name).into_owned()));
            lines.push(field(t, "Id", safe(&a.id).into_owned()));
            lines.push(field(t, "ARN", safe(&a.arn).into_owned()));
            lines.push(field(t, "Email", safe(&a.email).into_owned()));
            let state_style = if a.state == crate::org::AccountState::Active {
                t.ok()
            } else {
                t.error()
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:<10} ", "State"), t.label()),
                Span::styled(a.state.as_api_str(), state_style),
            ]));
            lines.push(field(
                t,
                "Joined",
                format!("{} {}", safe(&a.joined_method), safe(&a.joined_at)),
            ));
            let ou_path = node
                .parent
                .map_or_else(|| "—".to_string(), |p| m.path_text(p));
            lines.push(field(t, "OU path", ou_path));
            lines.extend(tag_lines(m, t, &a.id));
            lines.extend(load_note(t, m.cache.details.get(&a.id)));
        }
    }
    (title, lines)
}

pub(super) fn tag_lines(m: &Model, t: &Theme, id: &str) -> Vec<Line<'static>> {
    match m.cache.tags.get(id) {
        Some(tags) if tags.is_empty() => vec![field(t, "Tags", "none")],
        Some(tags) => tags
            .iter()
            .enumerate()
            .map(|(i, tag)| {
                field(
                    t,
                    if i == 0 { "Tags" } else { "" },
                    format!("{} = {}", safe(&tag.key), safe(&tag.value)),
                )
            })
            .collect(),
        None => Vec::new(),
    }
}

pub(super) fn load_note(t: &Theme, state: Option<&Loadable<()>>) -> Vec<Line<'static>> {
    match state {
        Some(Loadable::Loading) => vec![Line::styled("⟳ loading details…", t.warn())],
        Some(Loadable::Failed(e)) => error_lines(t, e),
        _ => Vec::new(),
    }
}

pub(super) fn error_lines(t: &Theme, e: &crate::org::OrgError) -> Vec<Line<'static>> {
    vec![
        Line::styled(format!("✗ {}", safe(&e.code)), t.error()),
        Line::raw(safe(&e.message).into_owned()),
        Line::styled(e.explanation(), t.dim()),
    ]
}

pub(super) fn policy_lines(
    t: &Theme,
    p: &PolicySummary,
    doc: Option<&Loadable<Policy>>,
) -> Vec<Line<'static>> {
    let mut lines = vec![
        field(t, "Name", safe(&p.name).into_owned()),
        field(t, "Id", safe(&p.id).into_owned()),
        field(t, "Type", p.kind.as_api_str().to_string()),
        field(
            t,
            "Managed",
            if p.aws_managed {
                "AWS managed"
            } else {
                "customer managed"
            },
        ),
        field(t, "About", safe(&p.description).into_owned()),
        Line::raw(""),
    ];
    match doc {
        Some(Loadable::Loaded(policy)) => lines.extend(
            safe_multiline(&pretty_json(&policy.content))
                .lines()
                .map(|l| Line::raw(l.to_string())),
        ),
        Some(Loadable::Failed(e)) => lines.extend(error_lines(t, e)),
        _ => lines.push(Line::styled("⟳ loading document…", t.warn())),
    }
    lines
}
