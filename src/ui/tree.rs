//! The tree pane: only the rows inside the window are turned into widgets.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{Loadable, Model, NodeData, Pane};
use crate::org::AccountState;
use crate::text::safe;

use super::filter_marked;
use super::theme::Theme;

pub fn render(m: &Model, t: &Theme, f: &mut Frame, area: Rect) {
    let focused = m.focus == Pane::Tree;
    let title = if m.filter.is_empty() {
        "Organization".to_string()
    } else {
        format!("Organization — filter: {}", safe(&m.filter))
    };
    let block = super::pane(title, focused, t);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if m.rows.is_empty() {
        let msg = if m.filter.is_empty() {
            "Loading roots…"
        } else {
            "Nothing loaded matches the filter"
        };
        f.render_widget(Span::styled(msg, t.dim()), inner);
        return;
    }
    let selected = m.selected_row();
    let window = m
        .rows
        .iter()
        .enumerate()
        .skip(m.tree_offset)
        .take(inner.height as usize);
    let mut lines = Vec::with_capacity(inner.height as usize);
    let mut highlight = None;
    for (i, row) in window {
        if Some(i) == selected {
            highlight = Some((lines.len(), t.selected(focused)));
        }
        lines.push(row_line(m, t, row.node, row.depth));
    }
    super::draw_rows(f, inner, lines, highlight);
}

fn row_line(m: &Model, t: &Theme, ix: usize, depth: u16) -> Line<'static> {
    let node = m.node(ix);
    let mut spans = vec![Span::raw("  ".repeat(depth as usize))];
    spans.push(Span::styled(if node.marked { "● " } else { "" }, t.warn()));
    match &node.data {
        NodeData::Root(_) | NodeData::Ou(_) => {
            let arrow = if node.expanded || !m.filter.is_empty() {
                "▾ "
            } else {
                "▸ "
            };
            spans.push(Span::styled(arrow, t.dim()));
            let style = if matches!(node.data, NodeData::Root(_)) {
                t.root()
            } else {
                t.ou()
            };
            spans.extend(filter_marked(&m.filter, &safe(node.name()), style, t));
            if let NodeData::Root(_) = node.data {
                spans.push(Span::styled("  ", t.dim()));
                spans.extend(filter_marked(&m.filter, &safe(&node.id), t.dim(), t));
            }
            match &node.children_load {
                Some(Loadable::Loading) => {
                    let so_far = m.requests.staged(Some(ix));
                    let label = if so_far > 0 {
                        format!("  ⟳ loading… {so_far} so far")
                    } else {
                        "  ⟳ loading…".into()
                    };
                    spans.push(Span::styled(label, t.warn()))
                }
                Some(Loadable::Failed(e)) => spans.push(Span::styled(
                    format!("  ✗ {} — r retries", safe(&e.code)),
                    t.error(),
                )),
                Some(Loadable::Loaded(())) if node.children.is_empty() => {
                    spans.push(Span::styled("  (empty)", t.dim()))
                }
                Some(Loadable::Loaded(())) if !node.expanded => {
                    spans.push(Span::styled(format!("  {}", node.children.len()), t.dim()))
                }
                _ => {}
            }
        }
        NodeData::Account(a) => {
            spans.push(Span::raw("  "));
            let style = match a.state {
                AccountState::Suspended | AccountState::Closed | AccountState::PendingClosure => {
                    t.error()
                }
                AccountState::PendingActivation => t.warn(),
                AccountState::Active => ratatui::style::Style::new(),
            };
            spans.extend(filter_marked(&m.filter, &safe(&a.name), style, t));
            // The state comes before the id so that narrow panes still show it.
            if a.state != AccountState::Active {
                spans.push(Span::styled(format!(" [{}]", a.state.as_api_str()), style));
            }
            spans.push(Span::styled("  ", t.dim()));
            spans.extend(filter_marked(&m.filter, &safe(&a.id), t.dim(), t));
        }
    }
    Line::from(spans)
}
