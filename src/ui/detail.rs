//! The detail pane: the organization and root, an OU, an account, or (when the policy
//! pane has the focus) the selected policy with its document. Fields are one row each,
//! label and value together; with the focus here, one is highlighted for `y` to copy.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::fields::{node_fields, policy_fields, tag_fields};
use crate::app::{Loadable, Model, NodeData, Pane};
use crate::org::{AccountState, Policy, PolicySummary};
use crate::text::{pretty_json, safe, safe_multiline};

use super::theme::Theme;
use super::{field, field_styled};

pub fn render(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let focused = m.focus == Pane::Detail;
    let width = area.width.saturating_sub(2);
    let mut scrolled = 0;
    let (title, lines, cursor) = match m.selected {
        Some(ix) if m.focus == Pane::Policies => match m.policy_rows(ix).get(m.policy_selected) {
            Some(row) => {
                let doc = m.cache.policy_docs.get(&row.policy.id);
                let lines = policy_lines(m, t, &row.policy, doc, width);
                let (title, scroll) = document_window(m, &row.policy.id, &lines, area);
                scrolled = scroll;
                (title.replacen("Document", "Policy", 1), lines, None)
            }
            None => {
                let lines = vec![Line::styled("No policy selected", t.dim())];
                ("Policy".to_string(), lines, None)
            }
        },
        Some(ix) => {
            let (title, lines) = node_lines(m, t, ix, width);
            let fields = node_fields(m, ix).len();
            let cursor = (focused && fields > 0).then(|| m.detail_field.min(fields - 1));
            (title, lines, cursor)
        }
        None => ("Details".to_string(), Vec::new(), None),
    };
    let block = super::pane(title, focused, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    match cursor {
        // Fields are one row each: draw the window that holds the focused one.
        Some(at) => {
            let start = super::window_start(at, inner.height as usize);
            let lines = lines.into_iter().skip(start).collect();
            super::draw_rows(f, inner, lines, Some((at - start, t.selected(true))));
        }
        None => f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scrolled, 0)),
            inner,
        ),
    }
}

/// The pane's title and lines for a node: one row per field, then load notes.
fn node_lines(m: &Model, t: &Theme, ix: usize, width: u16) -> (String, Vec<Line<'static>>) {
    let node = m.node(ix);
    let title = match &node.data {
        NodeData::Root(_) => "Organization".to_string(),
        NodeData::Ou(ou) => format!("OU {}", safe(&ou.name)),
        NodeData::Account(a) => format!("Account {}", safe(&a.name)),
    };
    let state_style = match node.account() {
        Some(a) if a.state != AccountState::Active => t.error(),
        _ => t.ok(),
    };
    let mut lines: Vec<Line<'static>> = node_fields(m, ix)
        .iter()
        .map(|fl| {
            let style = if fl.label == "State" {
                state_style
            } else {
                Style::new()
            };
            field_styled(t, fl.label, &fl.value, style, width)
        })
        .collect();
    if !matches!(node.data, NodeData::Root(_)) {
        lines.extend(load_note(t, m.cache.details.get(&node.id)));
    }
    (
        super::elide(&title, usize::from(width.saturating_sub(2))),
        lines,
    )
}

pub(super) fn tag_lines(m: &Model, t: &Theme, id: &str, width: u16) -> Vec<Line<'static>> {
    tag_fields(m, id)
        .iter()
        .map(|fl| field(t, fl.label, &fl.value, width))
        .collect()
}

pub(super) fn load_note(t: &Theme, state: Option<&Loadable<()>>) -> Vec<Line<'static>> {
    match state {
        Some(Loadable::Loading) => vec![Line::styled("⟳ loading details…", t.warn())],
        Some(Loadable::Failed(e)) => error_lines(t, e),
        _ => Vec::new(),
    }
}

pub(super) fn error_lines(t: &Theme, e: &crate::org::OrgError) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(format!("✗ {}", safe(&e.code)), t.error())];
    // Messages may span lines (credential advice does): each line its own row.
    lines.extend(
        safe_multiline(&e.message)
            .lines()
            .map(|l| Line::raw(l.to_string())),
    );
    lines.push(Line::styled(e.explanation(), t.dim()));
    lines
}

pub(super) fn policy_lines(
    m: &Model,
    t: &Theme,
    p: &PolicySummary,
    doc: Option<&Loadable<Policy>>,
    width: u16,
) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = policy_fields(p)
        .iter()
        .map(|fl| field(t, fl.label, &fl.value, width))
        .collect();
    lines.extend(tag_lines(m, t, &p.id, width));
    lines.push(Line::raw(""));
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

/// The title and first row of a policy's document in `area` (borders included): the
/// scroll asked for, kept within the text, and the rows shown when not all fit.
pub(super) fn document_window(
    m: &Model,
    policy: &str,
    lines: &[Line],
    area: Rect,
) -> (String, u16) {
    let height = area.height.saturating_sub(2);
    let total = super::popup::wrapped_rows(lines, area.width.saturating_sub(2));
    let scroll = m.doc_scroll(policy).min(total.saturating_sub(height));
    if total <= height {
        return ("Document".into(), 0);
    }
    let last = (scroll + height).min(total);
    (format!("Document {}–{last} of {total}", scroll + 1), scroll)
}
