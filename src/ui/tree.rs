//! The tree pane: only the rows inside the window are turned into widgets.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use crate::app::{Loadable, Model, NodeData, Pane};
use crate::org::AccountState;
use crate::text::safe;

use super::theme::Theme;
use super::{fit, Part};

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
        lines.push(row_line(m, t, row.node, row.depth, inner.width as usize));
    }
    super::draw_rows(f, inner, lines, highlight);
}

/// One tree row as parts for `fit`: only the name gives way when the row is too wide, so
/// ids, states and load notes stay whole.
fn row_line(m: &Model, t: &Theme, ix: usize, depth: u16, width: usize) -> Line<'static> {
    let node = m.node(ix);
    let filter = m.filter.as_str();
    let mut parts = vec![Part::fixed("  ".repeat(depth as usize), Style::new())];
    if node.marked {
        parts.push(Part::fixed("● ", t.warn()));
    }
    match &node.data {
        NodeData::Root(_) | NodeData::Ou(_) => {
            let arrow = if node.expanded || !m.filter.is_empty() {
                "▾ "
            } else {
                "▸ "
            };
            parts.push(Part::fixed(arrow, t.dim()));
            let style = if matches!(node.data, NodeData::Root(_)) {
                t.root()
            } else {
                t.ou()
            };
            parts.push(Part::filtered(filter, safe(node.name()), style));
            if let NodeData::Root(_) = node.data {
                parts.push(Part::fixed("  ", t.dim()));
                parts.push(id_part(filter, &node.id, t));
            }
            match &node.children_load {
                Some(Loadable::Loading) => {
                    let so_far = m.requests.staged(Some(ix));
                    let label = if so_far > 0 {
                        format!("  ⟳ loading… {so_far} so far")
                    } else {
                        "  ⟳ loading…".into()
                    };
                    parts.push(Part::fixed(label, t.warn()))
                }
                Some(Loadable::Failed(e)) => parts.push(Part::name(
                    format!("  ✗ {} — r retries", safe(&e.code)),
                    t.error(),
                )),
                Some(Loadable::Loaded(())) if node.children.is_empty() => {
                    parts.push(Part::fixed("  (empty)", t.dim()))
                }
                Some(Loadable::Loaded(())) if !node.expanded => {
                    parts.push(Part::fixed(format!("  {}", node.children.len()), t.dim()))
                }
                _ => {}
            }
        }
        NodeData::Account(a) => {
            parts.push(Part::fixed("  ", Style::new()));
            let style = match a.state {
                AccountState::Suspended | AccountState::Closed | AccountState::PendingClosure => {
                    t.error()
                }
                AccountState::PendingActivation => t.warn(),
                AccountState::Active => Style::new(),
            };
            parts.push(Part::filtered(filter, safe(&a.name), style));
            // The state may give way too (PENDING_CLOSURE is long); the id never does.
            if a.state != AccountState::Active {
                parts.push(Part::name(format!(" [{}]", a.state.as_api_str()), style));
            }
            parts.push(Part::fixed("  ", t.dim()));
            parts.push(id_part(filter, &a.id, t));
        }
    }
    // What the staged plan will do here; shortened like a name when the row is narrow.
    if let Some(mark) = crate::app::staged::planned_mark(m, ix) {
        parts.push(Part::name(format!("  {mark}"), t.warn()));
    }
    fit(parts, width, t.highlight())
}

/// An id, never shortened, with the filter's match marked.
fn id_part(filter: &str, id: &str, t: &Theme) -> Part {
    Part {
        elide: false,
        ..Part::filtered(filter, safe(id), t.dim())
    }
}
